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
import * as encoding from 'lib0/encoding'
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
  return scanNamespace(update, author, clientId) ?? checkDecoded(update, author, clientId)
}

/**
 * {@link checkNamespace} on the structs {@link Y.decodeUpdate} builds: the reference, and the answer
 * (with its reason) whenever the faster scan does not accept. Exported for the test that the two agree.
 */
export function checkDecoded(update: Uint8Array, author: AuthorKey, clientId: number): UpdateShape | { violation: NamespaceViolation } {
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

/**
 * The shape of an update that obeys the namespace rule, found by walking its bytes without building
 * its structs and values (which {@link Y.decodeUpdate} does, the most expensive part of a catch-up's
 * checks), or `null` when it does not obey it, does not decode, or holds anything this walk does not
 * read: then {@link checkDecoded} gives the answer (and the reason). So the scan only ever accepts,
 * and only what `checkDecoded` accepts with the same shape.
 *
 * @remarks It reads exactly what Yjs 13.6 reads for a v1 update (`lazyStructReaderGenerator`,
 * `readItemContent`, `readDeleteSet`), through the same lib0 readers, so that it consumes the same
 * bytes and fails where they fail; a string is checked to be UTF-8 as lib0's fatal decoder would,
 * without being decoded (only the root map's name is). Contents other than `ContentAny` and
 * `ContentDeleted` are refused by the rule, so the scan does not read them.
 */
function scanNamespace(update: Uint8Array, author: AuthorKey, clientId: number): UpdateShape | null {
  try {
    const d = decoding.createDecoder(update)
    const root = rootBytes(author)
    let firstClock: number | null = null
    let endClock: number | null = null
    let structs = 0
    const sections = decoding.readVarUint(d)
    let regular = true
    let structStart = 0
    for (let s = 0; s < sections; s++) {
      const count = decoding.readVarUint(d)
      const client = decoding.readVarUint(d)
      let clock = decoding.readVarUint(d)
      structStart = d.pos
      for (let i = 0; i < count; i++) {
        if (client !== clientId) return null
        structs++
        firstClock ??= clock
        const info = decoding.readUint8(d)
        if (info === 10) {
          // Skip
          regular = false
          clock += decoding.readVarUint(d)
        } else if ((info & 0b11111) !== 0) {
          // Item
          let origin: { client: number; clock: number } | null = null
          let rightOrigin: { client: number; clock: number } | null = null
          if ((info & 0b1000_0000) !== 0) origin = { client: decoding.readVarUint(d), clock: decoding.readVarUint(d) }
          if ((info & 0b0100_0000) !== 0) rightOrigin = { client: decoding.readVarUint(d), clock: decoding.readVarUint(d) }
          const cantCopyParentInfo = (info & 0b1100_0000) === 0
          if (cantCopyParentInfo) {
            // The parent: a root type's name (which must be the author's map) or an item's id (never allowed).
            if (decoding.readVarUint(d) !== 1) return null
            if (!skipBytes(d, root)) return null
            if ((info & 0b0010_0000) === 0) return null // no parentSub: an array entry
            if (!skipString(d)) return null
          } else {
            const anchored = (origin !== null && origin.client === clientId) || (rightOrigin !== null && rightOrigin.client === clientId)
            if (!anchored) return null
          }
          if (regular && !(before(origin, clientId, clock) && before(rightOrigin, clientId, clock))) regular = false
          const ref = info & 0b11111
          let length: number
          if (ref === 1) {
            length = decoding.readVarUint(d) // ContentDeleted
          } else if (ref === 8) {
            length = decoding.readVarUint(d) // ContentAny
            for (let k = 0; k < length; k++) if (!skipAny(d)) return null
          } else return null
          clock += length
        } else {
          // GC
          clock += decoding.readVarUint(d)
        }
        endClock = clock
      }
    }
    if (sections !== (structs > 0 ? 1 : 0)) regular = false
    const structEnd = d.pos
    let deletes = 0
    let deletedEnd: number | null = null
    const ranges: number[] = []
    const clients = decoding.readVarUint(d)
    for (let c = 0; c < clients; c++) {
      const client = decoding.readVarUint(d)
      const n = decoding.readVarUint(d)
      if (n > 0 && client !== clientId) return null
      for (let k = 0; k < n; k++) {
        const clock = decoding.readVarUint(d)
        const len = decoding.readVarUint(d)
        deletedEnd = Math.max(deletedEnd ?? 0, clock + len)
        ranges.push(clock, len)
      }
      deletes += n
    }
    if (structs === 0 && deletes === 0) return null
    const shape = { firstClock, endClock, deletedEnd, regular }
    if (regular) LAYOUTS.set(update, { clientId, structs, structStart, structEnd, ranges, shape })
    return shape
  } catch {
    return null
  }
}

/**
 * Where the parts of a regular update the scan accepted lie: its one section's structs (bytes
 * `structStart`–`structEnd`, `structs` of them) and its deletions as (clock, length) pairs.
 */
interface Layout {
  clientId: number
  structs: number
  structStart: number
  structEnd: number
  ranges: number[]
  shape: UpdateShape
}

/** The layout of each regular update {@link checkNamespace} accepted (by the scan), for {@link joinRegular}. */
const LAYOUTS = new WeakMap<Uint8Array, Layout>()

/**
 * Joins consecutive regular updates of one client into one update each, by their bytes (nothing is
 * decoded): a run of updates whose clocks follow one another (each one's `firstClock` the `endClock` of
 * the one before) and that each delete only items before their own end is one section holding all
 * their structs, in order, and one delete set holding all their deletions. Applying it does what
 * applying them one by one does (each struct's origins are earlier items of the same client, present
 * by then; the deletions find their items), at a fraction of the cost: a catch-up applies an author's
 * batch as one update while the log keeps the operations as they are.
 *
 * @param updates - in the order they are to be applied; each one {@link checkNamespace} accepted as
 *   regular is joined with its neighbours when their clocks follow, any other is passed on alone.
 * @returns updates to apply in order, with the same effect on a document as `updates`.
 */
export function joinRegular(updates: Uint8Array[]): Uint8Array[] {
  const out: Uint8Array[] = []
  let run: Layout[] = []
  let runUpdates: Uint8Array[] = []
  let clock: number | null = null
  const close = () => {
    if (runUpdates.length === 1) out.push(runUpdates[0]!)
    else if (runUpdates.length > 1) out.push(joined(run, runUpdates))
    run = []
    runUpdates = []
    clock = null
  }
  for (const update of updates) {
    const layout = LAYOUTS.get(update)
    const shape = layout?.shape
    if (!layout || !shape || !shape.regular) {
      close()
      out.push(update)
      continue
    }
    if (run.length > 0 && (layout.clientId !== run[0]!.clientId || (shape.firstClock !== null && clock !== null && shape.firstClock !== clock))) close()
    const end = shape.endClock ?? clock
    if (shape.deletedEnd !== null && (end === null || shape.deletedEnd > end)) {
      // It deletes what only later structs create: applied alone, as it comes.
      close()
      out.push(update)
      continue
    }
    run.push(layout)
    runUpdates.push(update)
    if (shape.endClock !== null) clock = shape.endClock
  }
  close()
  return out
}

/** One update of the runs' structs and deletions (see {@link joinRegular}). */
function joined(run: Layout[], updates: Uint8Array[]): Uint8Array {
  const encoder = encoding.createEncoder()
  const structs = run.reduce((n, l) => n + l.structs, 0)
  const first = run.find((l) => l.structs > 0)
  if (first) {
    encoding.writeVarUint(encoder, 1)
    encoding.writeVarUint(encoder, structs)
    encoding.writeVarUint(encoder, first.clientId)
    encoding.writeVarUint(encoder, first.shape.firstClock!)
    run.forEach((l, i) => {
      if (l.structs > 0) encoding.writeUint8Array(encoder, updates[i]!.subarray(l.structStart, l.structEnd))
    })
  } else encoding.writeVarUint(encoder, 0)
  const ranges = run.flatMap((l) => l.ranges)
  if (ranges.length === 0) encoding.writeVarUint(encoder, 0)
  else {
    encoding.writeVarUint(encoder, 1)
    encoding.writeVarUint(encoder, run[0]!.clientId)
    encoding.writeVarUint(encoder, ranges.length / 2)
    for (const n of ranges) encoding.writeVarUint(encoder, n)
  }
  return encoding.toUint8Array(encoder)
}

/** Whether an origin is absent or an earlier item (`clock` being the item's) of `client`. */
function before(origin: { client: number; clock: number } | null, client: number, clock: number): boolean {
  return origin === null || (origin.client === client && origin.clock < clock)
}

/** Reads past a lib0 `varString` (as `readVarString` does), `false` when it is not UTF-8. */
function skipString(d: decoding.Decoder): boolean {
  const n = decoding.readVarUint(d)
  const start = d.pos
  const end = start + n
  if (end > d.arr.length) throw new RangeError('unexpected end of update') // as lib0 fails
  d.pos = end
  // A short ASCII string (a field's key, most values) is checked here, without a view of its bytes.
  if (n <= 64) {
    let i = start
    while (i < end && d.arr[i]! < 0x80) i++
    if (i === end) return true
  }
  return isUtf8(d.arr.subarray(start, end))
}

/**
 * Whether `bytes` are well-formed UTF-8 (WHATWG's fatal decoder: no overlong forms, no surrogates,
 * nothing past U+10FFFF). Node's `buffer.isUtf8` where it exists; in a browser (the page verifies
 * operations too, `web/peer.ts`) a fatal `TextDecoder`.
 */
const isUtf8: (bytes: Uint8Array) => boolean = (() => {
  type Node = { process?: { getBuiltinModule?: (id: string) => { isUtf8?: (b: Uint8Array) => boolean } | undefined } }
  const native = (globalThis as Node).process?.getBuiltinModule?.('node:buffer')?.isUtf8
  if (native) return (bytes: Uint8Array) => native(bytes)
  const fatal = new TextDecoder('utf-8', { fatal: true })
  return (bytes: Uint8Array) => {
    try {
      fatal.decode(bytes)
      return true
    } catch {
      return false
    }
  }
})()

/** The UTF-8 bytes of the author's root map's name, for the last authors seen. */
const ROOTS = new Map<AuthorKey, Uint8Array>()

function rootBytes(author: AuthorKey): Uint8Array {
  let bytes = ROOTS.get(author)
  if (!bytes) {
    if (ROOTS.size >= 256) ROOTS.clear()
    ROOTS.set(author, (bytes = new TextEncoder().encode(namespaceName(author))))
  }
  return bytes
}

/** Reads past a lib0 `varString` (as `readVarString` does), `true` when its bytes are exactly `expected`. */
function skipBytes(d: decoding.Decoder, expected: Uint8Array): boolean {
  const n = decoding.readVarUint(d)
  if (d.pos + n > d.arr.length) throw new RangeError('unexpected end of update')
  const start = d.pos
  d.pos += n
  if (n !== expected.length) return false
  for (let i = 0; i < n; i++) if (d.arr[start + i] !== expected[i]) return false
  return true
}

/** Reads past one lib0 `any` value (as `readAny` does), `false` when it holds a string that is not UTF-8 or an unknown tag. */
function skipAny(d: decoding.Decoder): boolean {
  switch (decoding.readUint8(d)) {
    case 127: // undefined
    case 126: // null
    case 121: // false
    case 120: // true
      return true
    case 125:
      decoding.readVarInt(d)
      return true
    case 124:
      decoding.readFloat32(d)
      return true
    case 123:
      decoding.readFloat64(d)
      return true
    case 122:
      decoding.readBigInt64(d)
      return true
    case 119:
      return skipString(d)
    case 118: {
      const n = decoding.readVarUint(d)
      for (let i = 0; i < n; i++) if (!skipString(d) || !skipAny(d)) return false
      return true
    }
    case 117: {
      const n = decoding.readVarUint(d)
      for (let i = 0; i < n; i++) if (!skipAny(d)) return false
      return true
    }
    case 116:
      decoding.readVarUint8Array(d)
      return true
    default:
      return false
  }
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
