/**
 * The namespace rule, checked on a Yjs update before it touches any document.
 *
 * @remarks
 * DESIGN.md, "Radical authorization, enforced by structure": an update from author A is accepted
 * only if every item it creates carries A's client id, sits inside A's namespace, and every deletion
 * removes one of A's own items. With the flat layout of `core/doc.ts` this is decidable from the
 * update alone, given the binding of client ids to keys (`clientIdOf` in `core/identity.ts`):
 *
 * - every struct (item, GC, skip) has A's client id;
 * - an item is a map entry (`parentSub` set, or inherited) holding plain content (`ContentAny` or
 *   `ContentDeleted`): no nested types, no sub-documents, no text;
 * - an item's parent is the root map `a:<A>` when the update names it; when it does not (Yjs then
 *   omits parent information), its left or right origin has A's client id, so by induction it sits
 *   in the same map as one of A's earlier items, which were checked in turn;
 * - the delete set names only A's client id.
 *
 * Yjs update format: v1 (`Y.encodeStateAsUpdate`, the `update` event), decoded with `Y.decodeUpdate`.
 */
import * as Y from 'yjs'
import * as decoding from 'lib0/decoding'
import type { AuthorKey } from './types.ts'
import { namespaceName } from './doc.ts'

/** Why an update breaks the namespace rule. */
export type NamespaceViolation =
  | 'malformed-update'
  | 'foreign-client-id'
  | 'outside-namespace'
  | 'forbidden-content'
  | 'foreign-deletion'
  | 'empty-update'

/** Where an update starts for its client: the first clock it creates, or `null` when it only deletes. */
export interface UpdateShape {
  firstClock: number | null
  /** The clock after its last struct (`null` when it only deletes). */
  endClock: number | null
  /** The clock after the last item it deletes (`null` when it deletes nothing). */
  deletedEnd: number | null
  /**
   * Whether applying the update to a document whose clock for the client is `firstClock` integrates
   * every struct it holds, so that the clock becomes `endClock` (unchanged when it only deletes),
   * without looking at the document: the structs come in one run for the client (one section, no
   * skipped range) and each item's origins are `null` or earlier items of the same client. Every
   * update Yjs makes for one client is; an irregular one (which a forger may craft) must be applied
   * alone and the clock read from the document (`core/repo.ts`, catch-up). Whether its deletions all
   * find their items is `deletedEnd` ≤ the clock after it, which the caller checks.
   */
  regular: boolean
}

/**
 * Checks the namespace rule for an update written by `author` under `clientId`.
 *
 * @returns the update's shape when it obeys the rule, or the violation. Never throws.
 */
export function checkNamespace(
  update: Uint8Array,
  author: AuthorKey,
  clientId: number,
): UpdateShape | { violation: NamespaceViolation } {
  let decoded: { structs: Array<Y.Item | Y.GC | Y.Skip>; ds: { clients: Map<number, unknown[]> } }
  try {
    decoded = Y.decodeUpdate(update) as typeof decoded
  } catch {
    return { violation: 'malformed-update' }
  }
  const root = namespaceName(author)
  let firstClock: number | null = null
  let endClock: number | null = null
  // A v1 update starts with its number of client sections: one when it creates anything.
  let regular = sectionCount(update) === (decoded.structs.length > 0 ? 1 : 0)
  for (const struct of decoded.structs) {
    if (struct.id.client !== clientId) return { violation: 'foreign-client-id' }
    if (firstClock === null) firstClock = struct.id.clock
    endClock = struct.id.clock + struct.length
    if (struct instanceof Y.Skip) regular = false
    if (!(struct instanceof Y.Item)) continue // GC and Skip hold no content
    if (regular && !(earlier(struct.origin, struct) && earlier(struct.rightOrigin, struct))) regular = false
    const content = struct.content
    if (!(content instanceof Y.ContentAny) && !(content instanceof Y.ContentDeleted)) {
      return { violation: 'forbidden-content' }
    }
    const parent = struct.parent as unknown
    if (parent !== null) {
      if (parent !== root) return { violation: 'outside-namespace' }
      if (struct.parentSub === null) return { violation: 'forbidden-content' } // an array entry, not a map key
    } else {
      const left = struct.origin
      const right = struct.rightOrigin
      const anchored = (left !== null && left.client === clientId) || (right !== null && right.client === clientId)
      if (!anchored) return { violation: 'outside-namespace' }
    }
  }
  let deletes = 0
  let deletedEnd: number | null = null
  for (const [client, items] of decoded.ds.clients as Map<number, Array<{ clock: number; len: number }>>) {
    if (items.length === 0) continue
    if (client !== clientId) return { violation: 'foreign-deletion' }
    deletes += items.length
    for (const { clock, len } of items) deletedEnd = Math.max(deletedEnd ?? 0, clock + len)
  }
  if (decoded.structs.length === 0 && deletes === 0) return { violation: 'empty-update' }
  return { firstClock, endClock, deletedEnd, regular }
}

/** The number of client sections a v1 update starts with, or -1 when it cannot be read. */
function sectionCount(update: Uint8Array): number {
  try {
    return decoding.readVarUint(decoding.createDecoder(update))
  } catch {
    return -1
  }
}

/** Whether an origin is absent or an earlier item of the same client as `item`. */
function earlier(origin: Y.ID | null, item: Y.Item): boolean {
  return origin === null || (origin.client === item.id.client && origin.clock < item.id.clock)
}

/** Whether a {@link checkNamespace} result is a violation. */
export function isViolation(r: UpdateShape | { violation: NamespaceViolation }): r is { violation: NamespaceViolation } {
  return 'violation' in r
}
