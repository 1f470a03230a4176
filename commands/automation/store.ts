/**
 * Where a room's automation and a person's reminders are kept: the data directory's key-value store.
 *
 * @remarks
 * Layout (JSON values, every write fsynced by the store):
 *
 * ```
 * automation/rooms                     [[platform, room], …]    rooms that have automation
 * automation/room/<platform>/<room>    RoomAutomation            daily post, weekly digest, reminders
 * automation/people                    [[platform, user], …]     people who asked for reminders
 * automation/person/<platform>/<user>  PersonalAutomation        their reminders, what was sent
 * automation/programme/<festival id>  ProgrammeRecord           what programme-notices.ts last saw and told
 * automation/rounds                    claim → round start       rounds' posts and direct messages sent (rounds.ts)
 * ```
 *
 * Automation belongs to a room of a chat platform, not to the festival: it is how this bot serves
 * this room, and another peer holding the same festival must not post into rooms it does not serve.
 * So it lives beside the room settings, not in the replicated document. Values read back are
 * checked; a malformed record is treated as absent (and logged by the caller), never thrown.
 */
import { isValidTimeZone } from '../../core/time.ts'
import type { EventId, EventKind, Instant, VenueId } from '../../core/types.ts'
import type { KeyValueLike } from '../undo.ts'
import type { Lang } from '../intent.ts'

/** Who set something up: their platform id and display name when they did. */
export interface Setter {
  user: string
  name: string
}

/** A repeating post of the programme: every day, or every week on one weekday. */
export interface PostJob {
  every: 'day' | 'week'
  /** Wall time `HH:MM` (24 h) in the room's zone (its `timezone` setting, else the festival's). */
  time: string
  /** For `week`: ISO weekday, 1 = Monday … 7 = Sunday. */
  weekday?: number
  setter: Setter
  /** Language of the sentence that set it up; the room's `language` setting wins when there is one. */
  lang: Lang
  /** Set-up time, UTC ms: only slots after it are posted. */
  since: Instant
  /**
   * The last slot claimed, UTC ms: written (fsynced) before the post is sent, and taken back when
   * the platform refused the post. A restart never posts a claimed slot again.
   */
  lastSlot?: Instant
  /** The events as they were at the last post, for "changed since". */
  snapshot?: Record<string, SnapshotEntry>
}

/** Reminders in the room before events start. */
export interface RoomReminderJob {
  /** Minutes before the start. */
  leadMin: number
  /** Only these kinds; empty = every kind. */
  kinds: EventKind[]
  /** Only events at this venue. */
  venue?: { id: VenueId; name: string }
  setter: Setter
  lang: Lang
  since: Instant
  /** Event id → the start (UTC ms) it was reminded for: a moved event is reminded again at its new time. */
  sent: Record<string, Instant>
}

export interface RoomAutomation {
  daily?: PostJob
  weekly?: PostJob
  reminders?: RoomReminderJob
}

/** One personal reminder: one event, or every event the person is going to. */
export interface PersonalReminder {
  festival: string
  /** One event; absent with `going`. */
  event?: EventId
  going?: true
  leadMin: number
  since: Instant
}

export interface PersonalAutomation {
  lang: Lang
  /** IANA zone the reminders show times in: the zone of the room they were set from (absent: the festival's). */
  timezone?: string
  /** Display name when last heard (for the terminal's line addressed to them). */
  name: string
  items: PersonalReminder[]
  /** Event id → the start (UTC ms) it was reminded for. */
  sent: Record<string, Instant>
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const isPairs = (v: unknown): v is Array<[string, string]> =>
  Array.isArray(v) && v.every((p) => Array.isArray(p) && p.length === 2 && typeof p[0] === 'string' && typeof p[1] === 'string')

function validPost(v: unknown): v is PostJob {
  return isObject(v) && (v.every === 'day' || v.every === 'week') && typeof v.time === 'string' && /^\d\d:\d\d$/.test(v.time) &&
    (v.every === 'day' || (typeof v.weekday === 'number' && v.weekday >= 1 && v.weekday <= 7)) &&
    isObject(v.setter) && typeof v.since === 'number'
}

function validReminders(v: unknown): v is RoomReminderJob {
  return isObject(v) && typeof v.leadMin === 'number' && Array.isArray(v.kinds) && isObject(v.setter) && typeof v.since === 'number' && isObject(v.sent)
}

/** The automation records in a key-value store. */
export class AutomationStore {
  readonly #kv: KeyValueLike

  constructor(kv: KeyValueLike) {
    this.#kv = kv
  }

  async rooms(): Promise<Array<[string, string]>> {
    const v = await this.#kv.get('automation/rooms')
    return isPairs(v) ? v : []
  }

  /** A room's automation; malformed parts are dropped. */
  async room(platform: string, room: string): Promise<RoomAutomation> {
    const v = await this.#kv.get(`automation/room/${platform}/${room}`)
    if (!isObject(v)) return {}
    const out: RoomAutomation = {}
    if (validPost(v.daily)) out.daily = v.daily
    if (validPost(v.weekly)) out.weekly = v.weekly
    if (validReminders(v.reminders)) out.reminders = v.reminders
    return out
  }

  async setRoom(platform: string, room: string, value: RoomAutomation): Promise<void> {
    await this.#kv.put(`automation/room/${platform}/${room}`, value)
    const rooms = await this.rooms()
    const has = rooms.some(([p, r]) => p === platform && r === room)
    const empty = !value.daily && !value.weekly && !value.reminders
    if (!has && !empty) await this.#kv.put('automation/rooms', [...rooms, [platform, room]])
    if (has && empty) await this.#kv.put('automation/rooms', rooms.filter(([p, r]) => !(p === platform && r === room)))
  }

  async people(): Promise<Array<[string, string]>> {
    const v = await this.#kv.get('automation/people')
    return isPairs(v) ? v : []
  }

  async person(platform: string, user: string): Promise<PersonalAutomation | undefined> {
    const v = await this.#kv.get(`automation/person/${platform}/${user}`)
    if (!isObject(v) || !Array.isArray(v.items) || !isObject(v.sent)) return undefined
    const items = v.items.filter((i): i is PersonalReminder => isObject(i) && typeof i.festival === 'string' && typeof i.leadMin === 'number' && typeof i.since === 'number' && (typeof i.event === 'string' || i.going === true))
    const out: PersonalAutomation = { lang: v.lang === 'fr' || v.lang === 'de' ? v.lang : 'en', name: typeof v.name === 'string' ? v.name : user, items, sent: v.sent as Record<string, number> }
    if (typeof v.timezone === 'string' && isValidTimeZone(v.timezone)) out.timezone = v.timezone
    return out
  }

  async setPerson(platform: string, user: string, value: PersonalAutomation): Promise<void> {
    await this.#kv.put(`automation/person/${platform}/${user}`, value)
    const people = await this.people()
    const has = people.some(([p, u]) => p === platform && u === user)
    const empty = value.items.length === 0
    if (!has && !empty) await this.#kv.put('automation/people', [...people, [platform, user]])
    if (has && empty) await this.#kv.put('automation/people', people.filter(([p, u]) => !(p === platform && u === user)))
  }
}

/**
 * An event as a post saw it: `[start, end, venue id, cancelled (1/0), title]` (UTC ms or null).
 * What "changed since the last post" compares (all but the title, kept to name a removed event).
 */
export type SnapshotEntry = [Instant | null, Instant | null, string | null, 0 | 1, string]

/** The entry of an event in the view. */
export function snapshotOf(ev: { start: Instant | null; end: Instant | null; venue: string | null; status: string; title: string }): SnapshotEntry {
  return [ev.start, ev.end, ev.venue, ev.status === 'cancelled' ? 1 : 0, ev.title]
}

/** Whether two entries differ in time, venue or state. */
export function snapshotChanged(a: SnapshotEntry, b: SnapshotEntry): boolean {
  return a[0] !== b[0] || a[1] !== b[1] || a[2] !== b[2] || a[3] !== b[3]
}
