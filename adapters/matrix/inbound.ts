/**
 * Reading incoming Matrix events: which ones are history, what a text message relates to, what a
 * reaction or a redaction points at, who may invite the bot. Pure functions, no I/O.
 *
 * @remarks Matrix client-server spec: "Threading" (`m.thread`, `is_falling_back`), "Rich replies"
 * (`m.in_reply_to`), "Event replacements" (`m.replace`), "Event annotations and reactions"
 * (`m.annotation`), "Redactions" (`redacts` at the top level, or in `content` from room version 11).
 */
import type { RawEvent, SyncResponse } from './client.ts'
import { hasPillLink } from './addressing.ts'

/** Events of a sync batch not to act on, and rooms whose timeline has a gap. */
export interface HistoryVerdict {
  historic: Set<string>
  /** Rooms whose timeline was cut (`limited`) outside a fresh join: older messages were skipped. */
  gaps: string[]
}

/**
 * Finds the events of a `/sync` batch that are history: in an initial sync (`since` null) those
 * older than `startedAt` (UTC ms); otherwise, in a room the bot has just joined, those before its
 * join. In a `fresh` session (one whose first sync was an initial sync) events older than
 * `startedAt` stay history in every later batch too.
 *
 * @remarks `fresh` exists because Synapse may leave a room out of the initial sync (one the bot was
 * removed from, forgot, and joined again) and hand its old messages over in the incremental syncs
 * after it; a bot started without a sync token must not answer those.
 */
export function historicEvents(raw: SyncResponse, since: string | null, startedAt: number, ownUserId: string, fresh = false): HistoryVerdict {
  const historic = new Set<string>()
  const gaps: string[] = []
  for (const [roomId, room] of Object.entries(raw.rooms?.join ?? {})) {
    const events = room.timeline?.events ?? []
    if (!since || fresh) for (const ev of events) if (ev.origin_server_ts < startedAt) historic.add(ev.event_id)
    if (!since) continue
    let joinIndex = -1
    events.forEach((ev, i) => {
      const prev = (ev.unsigned?.prev_content as { membership?: string } | undefined)?.membership
      const joined = ev.type === 'm.room.member' && ev.state_key === ownUserId && ev.content?.membership === 'join'
      if (joined && prev !== 'join') joinIndex = i
    })
    for (let i = 0; i < joinIndex; i++) historic.add(events[i]!.event_id)
    if (room.timeline?.limited && joinIndex < 0) gaps.push(roomId)
  }
  return { historic, gaps }
}

/** A text message as the adapter needs it. */
export interface TextMessage {
  body: string
  /** The thread root, for a message in a thread. */
  thread?: string
  /** The event this message really replies to (not a thread's fallback reply). */
  inReplyTo?: string
  /** The bot is mentioned with a pill (`m.mentions` or a matrix.to link). */
  pill: boolean
}

type Relation = { rel_type?: string; event_id?: string; is_falling_back?: boolean; key?: string; 'm.in_reply_to'?: { event_id?: string } }

/** Reads an `m.text` message; null for notices, emotes, edits and anything without a body. */
export function readTextMessage(ev: RawEvent, ownUserId: string): TextMessage | null {
  const content = ev.content ?? {}
  if (content.msgtype !== 'm.text' || typeof content.body !== 'string') return null
  const relation = content['m.relates_to'] as Relation | undefined
  if (relation?.rel_type === 'm.replace' || content['m.new_content']) return null
  const mentions = (content['m.mentions'] as { user_ids?: unknown } | undefined)?.user_ids
  const formatted = typeof content.formatted_body === 'string' ? content.formatted_body : undefined
  const message: TextMessage = {
    body: content.body,
    pill: (Array.isArray(mentions) && mentions.includes(ownUserId)) || hasPillLink(formatted, ownUserId),
  }
  const thread = relation?.rel_type === 'm.thread' ? relation.event_id : undefined
  if (thread) message.thread = thread
  const inReplyTo = relation?.['m.in_reply_to']?.event_id
  if (inReplyTo && !(thread && relation?.is_falling_back)) message.inReplyTo = inReplyTo
  return message
}

/** Reads an `m.reaction` annotation: the event it is on and its key; null otherwise. */
export function readAnnotation(ev: RawEvent): { target: string; key: string } | null {
  const relation = ev.content?.['m.relates_to'] as Relation | undefined
  if (relation?.rel_type !== 'm.annotation' || !relation.event_id || typeof relation.key !== 'string') return null
  return { target: relation.event_id, key: relation.key }
}

/** The event an `m.room.redaction` removes (top-level `redacts`, or `content.redacts` in room v11). */
export function redactedEventId(ev: RawEvent): string | undefined {
  const fromContent = ev.content?.redacts
  return ev.redacts ?? (typeof fromContent === 'string' ? fromContent : undefined)
}

/**
 * Whether `user` may invite the bot: `allow` holds user ids, `:server` suffixes or `*`; by default
 * users on the bot's own server.
 */
export function allowedInviter(user: string, ownUserId: string, allow?: string[]): boolean {
  const entries = allow ?? [ownUserId.slice(ownUserId.indexOf(':'))]
  return entries.some((entry) => entry === '*' || entry === user || (entry.startsWith(':') && user.endsWith(entry)))
}
