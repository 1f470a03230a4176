/**
 * "Undo my last change": per person, a short stack of what their changes replaced.
 *
 * @remarks Undo is a new change that writes back the previous values, attributed to the same
 * person, so it replicates like any other operation. Only the author's own namespace is touched,
 * so nobody can undo somebody else's change. The stack is kept in the data directory's key-value
 * store, so an undo still works after a restart.
 */
import type { NamespaceWriter } from '../core/doc.ts'
import type { EntityId, EventData, EventEdit, ResourceData, Rsvp, SealedRecordData, SeriesData, VenueData } from '../core/types.ts'

/** One entity's value before a change; `null` when the change created it. */
export type Previous =
  | { kind: 'event'; id: EntityId; value: EventData | null }
  | { kind: 'venue'; id: EntityId; value: VenueData | null }
  | { kind: 'resource'; id: EntityId; value: ResourceData | null }
  | { kind: 'rsvp'; id: EntityId; value: Rsvp | null; /** the answer's signed time, UTC ms (its place in a waiting list) */ at?: number }
  | { kind: 'series'; id: EntityId; value: SeriesData | null }
  /** A co-organiser's edit of someone else's event. */
  | { kind: 'edit'; id: EntityId; value: EventEdit | null }
  /** A sealed record (a random-meeting request or opt-in, `commands/meetings.ts`). */
  | { kind: 'sealed'; id: string; value: SealedRecordData | null }

/** One undoable change: what it was (for the reply) and what it replaced. */
export interface UndoEntry {
  label: string
  previous: Previous[]
}

/** The key-value store the journal persists into (the data directory's). */
export interface KeyValueLike {
  get(key: string): Promise<unknown>
  put(key: string, value: unknown, options?: { sync?: boolean }): Promise<void>
}

/**
 * Undo stacks are written without waiting for the disk (`sync: false`): they live in the same LevelDB as
 * the op log, whose next synced append carries them to the disk, and a stack that lags a power cut
 * loses at most the undo of the last change, never the change. One fsync per command instead of two.
 */
const STACK_WRITE = { sync: false } as const

/** How many changes a person can undo, most recent first. */
export const UNDO_DEPTH = 20

export class UndoJournal {
  readonly #kv: KeyValueLike | null
  readonly #memory = new Map<string, UndoEntry[]>()
  constructor(kv: KeyValueLike | null) {
    this.#kv = kv
  }

  async #stack(key: string): Promise<UndoEntry[]> {
    let stack = this.#memory.get(key)
    if (!stack) {
      const stored = this.#kv ? await this.#kv.get(key) : undefined
      stack = Array.isArray(stored) ? (stored as UndoEntry[]) : []
      this.#memory.set(key, stack)
    }
    return stack
  }

  /** Records a change by `author` in `festival`. */
  async push(festival: string, author: string, entry: UndoEntry): Promise<void> {
    const key = `undo/${festival}/${author}`
    const stack = await this.#stack(key)
    stack.push(entry)
    if (stack.length > UNDO_DEPTH) stack.splice(0, stack.length - UNDO_DEPTH)
    // Not waited for: the stack in memory is what "undo" reads; the store writes a key's values in
    // order and its close waits for them. A failed write loses only the undo of a change, never it.
    void this.#kv?.put(key, stack, STACK_WRITE).catch(() => undefined)
  }

  /** Takes the most recent change, or `undefined`. */
  async pop(festival: string, author: string): Promise<UndoEntry | undefined> {
    const key = `undo/${festival}/${author}`
    const stack = await this.#stack(key)
    const entry = stack.pop()
    if (entry) await this.#kv?.put(key, stack, STACK_WRITE)
    return entry
  }
}

/** Writes the previous values back. */
export function restore(w: NamespaceWriter, previous: Previous[]): void {
  for (const p of previous) {
    switch (p.kind) {
      case 'event':
        if (p.value) w.setEvent(p.id, p.value)
        else w.deleteEvent(p.id)
        break
      case 'venue':
        if (p.value) w.setVenue(p.id, p.value)
        else w.deleteVenue(p.id)
        break
      case 'resource':
        if (p.value) w.setResource(p.id, p.value)
        else w.deleteResource(p.id)
        break
      case 'rsvp':
        w.setRsvp(p.id, p.value, p.at)
        break
      case 'series':
        if (p.value) w.setSeries(p.id, p.value)
        else w.deleteSeries(p.id)
        break
      case 'edit':
        w.setEdit(p.id, p.value)
        break
      case 'sealed':
        w.setSealed(p.id, p.value)
        break
    }
  }
}
