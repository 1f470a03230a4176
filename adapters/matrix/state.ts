/**
 * The Matrix adapter's own state in the data directory: which events it has handled, which
 * messages it sent (and the festival event each was about), and which reactions point where.
 *
 * @remarks
 * Kept in `${dataDir}/matrix/state.json` (mode 0600), written atomically (temporary file, then
 * rename) and bounded: each map keeps its newest {@link STATE_LIMIT} entries. The sync token itself
 * lives in matrix-bot-sdk's `SimpleFsStorageProvider` file beside it.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { BoundedMap } from '../../core/bounded-map.ts'
import { readJsonFile, writeJsonFile } from '../json-file.ts'

/** How many entries each map keeps. */
export const STATE_LIMIT = 5000

/** What a message the bot sent was about (see `Reply.event`). */
export type About = { festival: string; id: string }

/** A reaction the bot has seen on one of its messages. */
export interface SeenReaction {
  room: string
  target: string
  key: string
  user: string
}

interface StateFile {
  version: 1
  handled: string[]
  sent: [string, About | null][]
  reactions: [string, SeenReaction][]
  /** Rooms whose prefix was set from the room (absent in files written before it existed). */
  prefixes?: [string, string][]
}

/** The adapter's persisted state; call {@link AdapterState.flush} after changes. */
export class AdapterState {
  readonly file: string
  /** Event ids already handled (messages answered, reactions delivered). */
  readonly handled: BoundedMap<string, true>
  /** Event ids of messages the bot sent → the event each was about. */
  readonly sent: BoundedMap<string, About | null>
  /** Reaction event ids → the reaction, so that a redaction can be reported. */
  readonly reactions: BoundedMap<string, SeenReaction>
  /** Room id → the command prefix set from that room (see `MatrixAdapter`, "prefix"). */
  readonly prefixes: BoundedMap<string, string>
  private dirty = false

  constructor(dir: string, limit = STATE_LIMIT) {
    mkdirSync(dir, { recursive: true, mode: 0o700 })
    this.file = join(dir, 'state.json')
    const data = (readJsonFile(this.file) ?? {}) as Partial<StateFile>
    this.handled = new BoundedMap(limit, (data.handled ?? []).map((id) => [id, true] as [string, true]))
    this.sent = new BoundedMap(limit, data.sent ?? [])
    this.reactions = new BoundedMap(limit, data.reactions ?? [])
    this.prefixes = new BoundedMap(limit, data.prefixes ?? [])
  }

  setPrefix(roomId: string, prefix: string): void {
    this.prefixes.set(roomId, prefix)
    this.dirty = true
  }

  markHandled(eventId: string): void {
    this.handled.set(eventId, true)
    this.dirty = true
  }

  recordSent(eventId: string, about: About | undefined): void {
    this.sent.set(eventId, about ?? null)
    this.dirty = true
  }

  recordReaction(eventId: string, reaction: SeenReaction): void {
    this.reactions.set(eventId, reaction)
    this.dirty = true
  }

  forgetReaction(eventId: string): void {
    if (this.reactions.delete(eventId)) this.dirty = true
  }

  /** Writes the state if it changed since the last flush (synchronously, atomically). */
  flush(): void {
    if (!this.dirty) return
    const data: StateFile = {
      version: 1,
      handled: [...this.handled.keys()],
      sent: [...this.sent.entries()],
      reactions: [...this.reactions.entries()],
      prefixes: [...this.prefixes.entries()],
    }
    writeJsonFile(this.file, data)
    this.dirty = false
  }
}
