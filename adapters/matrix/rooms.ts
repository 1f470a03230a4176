/**
 * What the adapter knows about rooms: joined members and their display names (from the room's
 * member events, cached per room until one changes), whether a room is direct, and who sent an
 * event that someone replied to.
 */
import type { MatrixClient } from 'matrix-bot-sdk'
import { describeError, type MatrixLogger } from './logger.ts'
import type { AdapterState } from './state.ts'

/** Joined members of a room → display name (null when they have none). */
export type Members = Map<string, string | null>

/** Per-room caches over the client. */
export class RoomDirectory {
  private readonly client: MatrixClient
  private readonly ownUserId: string
  private readonly state: AdapterState
  private readonly logger: MatrixLogger
  private readonly members = new Map<string, Members>()
  private readonly senders = new Map<string, string>()

  constructor(client: MatrixClient, ownUserId: string, state: AdapterState, logger: MatrixLogger) {
    this.client = client
    this.ownUserId = ownUserId
    this.state = state
    this.logger = logger
  }

  /** Forgets what is cached about a room (after a member event, a join or a leave). */
  invalidate(roomId: string): void {
    this.members.delete(roomId)
  }

  /** The room's joined members and display names; empty (and not cached) when they cannot be read. */
  async joined(roomId: string): Promise<Members> {
    const cached = this.members.get(roomId)
    if (cached) return cached
    const joined: Members = new Map()
    try {
      const profiles = await this.client.getJoinedRoomMembersWithProfiles(roomId)
      for (const [user, profile] of Object.entries(profiles)) joined.set(user, profile?.display_name ?? null)
    } catch (err) {
      this.logger.warn(`could not read the members of ${roomId}: ${describeError(err)}`)
      return joined
    }
    this.members.set(roomId, joined)
    return joined
  }

  /** A user's display name in a room, when they have one. */
  async displayName(roomId: string, user: string): Promise<string | undefined> {
    return (await this.joined(roomId)).get(user) ?? undefined
  }

  /** A direct room: marked in `m.direct`, or a room of two (the bot and one person). */
  async isDirect(roomId: string): Promise<boolean> {
    if (this.client.dms.isDm(roomId)) return true
    const joined = await this.joined(roomId)
    return joined.size === 2 && joined.has(this.ownUserId)
  }

  /** Whether the bot sent `eventId`: from its own record, else by asking the homeserver (cached). */
  async sentByBot(roomId: string, eventId: string): Promise<boolean> {
    if (this.state.sent.has(eventId)) return true
    let sender = this.senders.get(eventId)
    if (sender === undefined) {
      try {
        sender = ((await this.client.getEvent(roomId, eventId)) as { sender: string }).sender
      } catch {
        sender = ''
      }
      this.senders.set(eventId, sender)
      if (this.senders.size > 1000) this.senders.delete(this.senders.keys().next().value!)
    }
    return sender === this.ownUserId
  }
}
