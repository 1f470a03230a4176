/**
 * The parts of Rocket.Chat's wire shapes the adapter reads, and their normalisation.
 *
 * @remarks
 * Messages follow `IMessage` (RocketChat/Rocket.Chat, packages/core-typings/src/IMessage/IMessage.ts);
 * rooms `IRoom` (packages/core-typings/src/IRoom.ts); subscriptions `ISubscription`
 * (packages/core-typings/src/ISubscription.ts). Dates arrive as `{$date: ms}` over DDP (EJSON) and
 * as ISO 8601 strings over REST; {@link readMessage} accepts both. Pure functions, no I/O.
 */

/** A message as the adapter uses it (times in UTC ms). */
export interface RcMessage {
  _id: string
  rid: string
  msg: string
  ts: number
  updatedAt: number
  u: { _id: string; username: string; name?: string }
  /** Mentioned users (`@username`), as the server parsed them. */
  mentions: Array<{ _id?: string; username?: string }>
  /** Thread root, for a reply in a thread. */
  tmid?: string
  /** Reactions: `:name:` → the usernames who reacted. */
  reactions: Record<string, string[]>
  /** System message type (`uj`, `au`, `ul`, …); absent for what a person wrote. */
  t?: string
  /** Set when the message was edited. */
  edited: boolean
}

/** A room the bot is in. */
export interface RcRoom {
  _id: string
  /** `c` public channel, `p` private group, `d` direct messages, `l` omnichannel. */
  t: string
  /** The channel's name (`festival`); for a direct room, the other person's username. */
  name?: string
  /** The channel's display name, when it has one besides {@link name} (a discussion's title). */
  fname?: string
}

/** What people call a room: a channel's display name, else its name; undefined for a direct room. */
export function channelName(room: RcRoom | undefined): string | undefined {
  if (!room || room.t === 'd') return undefined
  return room.fname?.trim() || room.name?.trim() || undefined
}

/** A date as EJSON `{$date: ms}`, an ISO string, or ms; NaN when unreadable. */
export function readDate(value: unknown): number {
  if (typeof value === 'number') return value
  if (typeof value === 'string') return Date.parse(value)
  if (value && typeof value === 'object' && '$date' in value) return Number((value as { $date: unknown }).$date)
  return Number.NaN
}

const isString = (v: unknown): v is string => typeof v === 'string'

/** Reads a message from the realtime stream or a REST answer; null when it lacks what every message has. */
export function readMessage(raw: unknown): RcMessage | null {
  if (!raw || typeof raw !== 'object') return null
  const m = raw as Record<string, unknown>
  const u = m.u as Record<string, unknown> | undefined
  const ts = readDate(m.ts)
  if (!isString(m._id) || !isString(m.rid) || !u || !isString(u._id) || Number.isNaN(ts)) return null
  const updatedAt = readDate(m._updatedAt)
  const reactions: Record<string, string[]> = {}
  if (m.reactions && typeof m.reactions === 'object') {
    for (const [key, value] of Object.entries(m.reactions as Record<string, unknown>)) {
      const usernames = (value as { usernames?: unknown } | null)?.usernames
      if (Array.isArray(usernames)) reactions[key] = usernames.filter(isString)
    }
  }
  const message: RcMessage = {
    _id: m._id,
    rid: m.rid,
    msg: isString(m.msg) ? m.msg : '',
    ts,
    updatedAt: Number.isNaN(updatedAt) ? ts : updatedAt,
    u: { _id: u._id, username: isString(u.username) ? u.username : u._id, ...(isString(u.name) ? { name: u.name } : {}) },
    mentions: Array.isArray(m.mentions) ? (m.mentions as Array<{ _id?: string; username?: string }>).filter((x) => x && typeof x === 'object') : [],
    reactions,
    edited: m.editedAt !== undefined,
  }
  if (isString(m.tmid)) message.tmid = m.tmid
  if (isString(m.t)) message.t = m.t
  return message
}

/** Reads a room (`_id`, `t`, `name`); null otherwise. */
export function readRoom(raw: unknown): RcRoom | null {
  if (!raw || typeof raw !== 'object') return null
  const r = raw as Record<string, unknown>
  const id = isString(r._id) ? r._id : isString(r.rid) ? r.rid : undefined
  if (!id || !isString(r.t)) return null
  return { _id: id, t: r.t, ...(isString(r.name) ? { name: r.name } : {}), ...(isString(r.fname) ? { fname: r.fname } : {}) }
}

/** Shortcodes that mean 👍 (Rocket.Chat's emoji names and their skin tones). */
const THUMBS_UP = /^:(?:thumbsup|\+1|thumbup)(?:_tone[1-5])?:$/

/** The reaction key the bot understands: 👍 for `:thumbsup:`/`:+1:` (and tones), else the shortcode as given. */
export function reactionKey(shortcode: string): string {
  return THUMBS_UP.test(shortcode) ? '👍' : shortcode
}

/** One person's reaction added or taken back. */
export interface ReactionChange {
  shortcode: string
  username: string
  added: boolean
}

/** What changed between two `reactions` maps (`:shortcode:` → usernames) of one message. */
export function diffReactions(before: Record<string, string[]>, after: Record<string, string[]>): ReactionChange[] {
  const changes: ReactionChange[] = []
  for (const shortcode of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const was = new Set(before[shortcode] ?? [])
    const now = new Set(after[shortcode] ?? [])
    for (const username of now) if (!was.has(username)) changes.push({ shortcode, username, added: true })
    for (const username of was) if (!now.has(username)) changes.push({ shortcode, username, added: false })
  }
  return changes
}
