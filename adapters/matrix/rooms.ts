/**
 * What the adapter knows about rooms: joined members and their display names (from the room's
 * member events, cached per room until one changes), power levels (from `m.room.power_levels`,
 * cached per room until one changes), the room's name (from `m.room.name`, else
 * `m.room.canonical_alias`, cached per room until one changes), whether a room is direct, and who
 * sent an event that someone replied to.
 */
import type { MatrixClient } from 'matrix-bot-sdk'
import { BoundedMap } from '../../core/bounded-map.ts'
import { describeError, type MatrixLogger } from './logger.ts'
import type { AdapterState } from './state.ts'

/** Joined members of a room → display name (null when they have none). */
export type Members = Map<string, string | null>

/** Rooms whose names are kept in memory; the oldest are read again when needed. */
const ROOMS_NAMED = 1000

/**
 * A room's name from its `m.room.name` content, else from the local part of its
 * `m.room.canonical_alias` (read only when there is no name); undefined when neither gives one.
 */
export async function roomNameOf(
  name: Record<string, unknown> | null,
  alias: () => Promise<Record<string, unknown> | null>,
): Promise<string | undefined> {
  const named = typeof name?.name === 'string' ? name.name.trim() : ''
  if (named) return named
  const canonical = (await alias())?.alias
  if (typeof canonical !== 'string') return undefined
  const local = /^#([^:]+):/.exec(canonical.trim())?.[1]?.trim()
  return local || undefined
}

/** The power level from which a user counts as a moderator (Element's "Moderator" role). */
export const MODERATOR_LEVEL = 50

/** The parts of `m.room.power_levels` that say who is who (Matrix client-server spec, "m.room.power_levels"). */
export interface PowerLevels {
  /** Levels of named users. */
  users?: Record<string, unknown>
  /** The level of everyone else (default 0). */
  users_default?: unknown
}

/** Room versions whose creators outrank every power level and are not listed in `users` (MSC4289). */
const CREATOR_PRIVILEGED_VERSIONS = /^(1[2-9]|[2-9]\d|\d{3,})$|^org\.matrix\.hydra\./

/** What the room's `m.room.create` event says about who created it. */
interface Creation {
  /** The creators, when the room version privileges them (v12 and later): sender plus `additional_creators`. */
  privileged: string[]
  /** The sender of `m.room.create`: the creator of a room with no power levels event. */
  creator: string
}

/**
 * A user's power level in a room from its `m.room.power_levels` content: their own entry in
 * `users`, else `users_default`, else 0 (the spec's defaults). Non-integer values count as 0.
 */
export function powerLevelOf(levels: PowerLevels, user: string): number {
  const own = levels.users?.[user]
  const level = own !== undefined ? own : levels.users_default
  return typeof level === 'number' && Number.isFinite(level) ? level : 0
}

/** Per-room caches over the client. */
export class RoomDirectory {
  private readonly client: MatrixClient
  private readonly ownUserId: string
  private readonly state: AdapterState
  private readonly logger: MatrixLogger
  private readonly members = new Map<string, Members>()
  private readonly senders = new Map<string, string>()
  private readonly powerLevels = new Map<string, Promise<PowerLevels | null>>()
  private readonly creations = new Map<string, Promise<Creation>>()
  private readonly names = new BoundedMap<string, Promise<string | undefined>>(ROOMS_NAMED)

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

  /** Forgets a room's power levels (after an `m.room.power_levels` event, a join or a leave). */
  invalidatePowerLevels(roomId: string): void {
    this.powerLevels.delete(roomId)
  }

  /** Forgets a room's name (after an `m.room.name` or `m.room.canonical_alias` event, a join or a leave). */
  invalidateName(roomId: string): void {
    this.names.delete(roomId)
  }

  /**
   * The room's name as people see it: its `m.room.name`, else the local part of its canonical alias
   * (`#paris-p2p:example.org` → `paris-p2p`); undefined when it has neither. Read once per room and
   * cached until {@link invalidateName}; a failed read is logged and not cached.
   *
   * @see https://spec.matrix.org/v1.16/client-server-api/#mroomname
   * @see https://spec.matrix.org/v1.16/client-server-api/#mroomcanonical_alias
   */
  roomName(roomId: string): Promise<string | undefined> {
    let cached = this.names.get(roomId)
    if (!cached) {
      cached = this.readName(roomId)
      this.names.set(roomId, cached)
      cached.catch(() => this.names.delete(roomId))
    }
    return cached.catch((err) => {
      this.logger.warn(`could not read the name of ${roomId}: ${describeError(err)}`)
      return undefined
    })
  }

  private async readName(roomId: string): Promise<string | undefined> {
    const state = async (type: string): Promise<Record<string, unknown> | null> => {
      try {
        const content = await this.client.getRoomStateEvent(roomId, type, '')
        return content && typeof content === 'object' ? (content as Record<string, unknown>) : null
      } catch (err) {
        if ((err as { errcode?: string }).errcode === 'M_NOT_FOUND') return null
        throw err
      }
    }
    return roomNameOf(await state('m.room.name'), async () => await state('m.room.canonical_alias'))
  }

  /**
   * Whether `user` is a moderator of `roomId`: a power level of at least {@link MODERATOR_LEVEL} in
   * the room's `m.room.power_levels` (their `users` entry, else `users_default`); a creator of a
   * room version 12 room (creators outrank power levels there); the creator, when the room has no
   * power levels event (the spec gives them 100). The levels that guard sending events
   * (`state_default`, `events`) play no part.
   *
   * @returns false, after a warning naming the room, when the room's state cannot be read.
   */
  async isModerator(roomId: string, user: string): Promise<boolean> {
    try {
      const creation = await this.creation(roomId)
      if (creation.privileged.includes(user)) return true
      const levels = await this.levels(roomId)
      if (levels === null) return user === creation.creator
      return powerLevelOf(levels, user) >= MODERATOR_LEVEL
    } catch (err) {
      this.logger.warn(`could not read the power levels of ${roomId}; ${user} is not taken for a moderator: ${describeError(err)}`)
      return false
    }
  }

  /** The room's power levels (cached; a failed read is not cached); null when the room has none. */
  private levels(roomId: string): Promise<PowerLevels | null> {
    let cached = this.powerLevels.get(roomId)
    if (!cached) {
      cached = this.client.getRoomStateEvent(roomId, 'm.room.power_levels', '').then(
        (content) => (content && typeof content === 'object' ? (content as PowerLevels) : {}),
        (err) => {
          if ((err as { errcode?: string }).errcode === 'M_NOT_FOUND') return null
          throw err
        },
      )
      this.powerLevels.set(roomId, cached)
      cached.catch(() => this.powerLevels.delete(roomId))
    }
    return cached
  }

  /** The room's creators, from `m.room.create` (never changes; cached, a failed read is not). */
  private creation(roomId: string): Promise<Creation> {
    let cached = this.creations.get(roomId)
    if (!cached) {
      // `format=event` (Synapse) gives the whole event: from room version 11 only its sender names the creator.
      const path = `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/state/m.room.create/`
      cached = this.client.doRequest('GET', path, { format: 'event' }).then((ev: unknown) => {
        const raw = (ev ?? {}) as { sender?: unknown; content?: Record<string, unknown>; creator?: unknown }
        // A server that ignores `format` answers with the content alone.
        return readCreation(raw.content && typeof raw.content === 'object' ? raw : { content: raw as Record<string, unknown> })
      })
      this.creations.set(roomId, cached)
      cached.catch(() => this.creations.delete(roomId))
    }
    return cached
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

/**
 * Reads who created a room from its `m.room.create` event (the whole event: the sender is needed).
 * From room version 12 the sender and `content.additional_creators` are privileged creators.
 */
export function readCreation(ev: { sender?: unknown; content?: Record<string, unknown> }): Creation {
  const content = ev.content ?? {}
  const creator = typeof ev.sender === 'string' ? ev.sender : typeof content.creator === 'string' ? content.creator : ''
  const version = typeof content.room_version === 'string' ? content.room_version : '1'
  if (!CREATOR_PRIVILEGED_VERSIONS.test(version)) return { privileged: [], creator }
  const additional = Array.isArray(content.additional_creators) ? content.additional_creators.filter((u): u is string => typeof u === 'string') : []
  return { privileged: [creator, ...additional].filter(Boolean), creator }
}
