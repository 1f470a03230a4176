/**
 * The Rocket.Chat adapter's own state in the data directory: which messages it has handled, which it
 * sent (the festival event each was about, and the reactions on it so far), and per room how far it
 * has read.
 *
 * @remarks
 * Kept in `${dataDir}/rocketchat/state.json` (mode 0600), written atomically (temporary file, then
 * rename) and bounded: the handled and sent maps keep their newest {@link STATE_LIMIT} entries. A
 * room's `lastUpdate` is the newest `_updatedAt` (server time, UTC ms) handled there: after a
 * reconnect or a restart the adapter asks `chat.syncMessages` for what changed since, and `handled`
 * makes sure nothing is answered twice. A room's `since` is when the bot started reading it: older
 * messages are history and never answered.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { BoundedMap } from '../../core/bounded-map.ts'
import { readJsonFile, writeJsonFile } from '../json-file.ts'

/** How many entries the handled and sent maps keep. */
export const STATE_LIMIT = 5000

/** What a message the bot sent was about (see `Reply.event`). */
export type About = { festival: string; id: string }

/** A message the bot sent. */
export interface SentMessage {
  rid: string
  about: About | null
  /** `:shortcode:` → usernames, as last seen. */
  reactions: Record<string, string[]>
}

/** How far the bot has read a room (server time, UTC ms). */
export interface RoomMark {
  since: number
  lastUpdate: number
}

interface StateFile {
  version: 1
  handled: string[]
  sent: [string, SentMessage][]
  rooms: [string, RoomMark][]
}

/** The adapter's persisted state; call {@link RocketChatState.flush} after changes. */
export class RocketChatState {
  readonly file: string
  /** Message ids already handled (answered, or read and found not addressed). */
  readonly handled: BoundedMap<string, true>
  /** Ids of messages the bot sent. */
  readonly sent: BoundedMap<string, SentMessage>
  /** Room id → how far it was read. */
  readonly rooms: Map<string, RoomMark>
  private dirty = false

  constructor(dir: string, limit = STATE_LIMIT) {
    mkdirSync(dir, { recursive: true, mode: 0o700 })
    this.file = join(dir, 'state.json')
    const data = (readJsonFile(this.file) ?? {}) as Partial<StateFile>
    this.handled = new BoundedMap(limit, (data.handled ?? []).map((id) => [id, true] as [string, true]))
    this.sent = new BoundedMap(limit, data.sent ?? [])
    this.rooms = new Map(data.rooms ?? [])
  }

  markHandled(messageId: string): void {
    this.handled.set(messageId, true)
    this.dirty = true
  }

  recordSent(messageId: string, sent: SentMessage): void {
    this.sent.set(messageId, sent)
    this.dirty = true
  }

  /** Replaces the reactions last seen on a sent message. */
  updateReactions(messageId: string, reactions: Record<string, string[]>): void {
    const sent = this.sent.get(messageId)
    if (!sent) return
    sent.reactions = reactions
    this.dirty = true
  }

  /** The room's mark, created at `now` (server time) when the room is new. */
  room(rid: string, now: number): RoomMark {
    let mark = this.rooms.get(rid)
    if (!mark) {
      mark = { since: now, lastUpdate: now }
      this.rooms.set(rid, mark)
      this.dirty = true
    }
    return mark
  }

  /** Moves a room's `lastUpdate` forward to `updatedAt` (never back). */
  advance(rid: string, updatedAt: number): void {
    const mark = this.rooms.get(rid)
    if (mark && updatedAt > mark.lastUpdate) {
      mark.lastUpdate = updatedAt
      this.dirty = true
    }
  }

  forgetRoom(rid: string): void {
    if (this.rooms.delete(rid)) this.dirty = true
  }

  /** Writes the state if it changed since the last flush (synchronously, atomically). */
  flush(): void {
    if (!this.dirty) return
    const data: StateFile = { version: 1, handled: [...this.handled.keys()], sent: [...this.sent.entries()], rooms: [...this.rooms.entries()] }
    writeJsonFile(this.file, data)
    this.dirty = false
  }
}
