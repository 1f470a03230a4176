/**
 * The Rocket.Chat adapter: yurt in Rocket.Chat channels, private groups and direct messages, for
 * Rocket.Chat 7 and 8.
 *
 * @remarks
 * The realtime stream comes over `@rocket.chat/ddp-client` (`rocketchat/realtime.ts`): the bot logs
 * in, subscribes to `stream-room-messages` for every room it is in and to its own
 * `<userId>/subscriptions-changed` (rooms it is added to or removed from). Everything it says goes
 * over the REST API (`rocketchat/rest.ts`: `chat.sendMessage` with a client-chosen `_id`, so that a
 * repeated request cannot post twice), with HTTP 429 and `X-RateLimit-*` honoured. It acts only when
 * addressed (`rocketchat/addressing.ts`), answers in the question's thread (`tmid`) in Rocket.Chat
 * markdown (`rocketchat/render.ts`), and turns 👍 (`:thumbsup:`, `:+1:`) on its own messages into
 * {@link IncomingReaction}s by comparing each sent message's `reactions` with what it saw before.
 *
 * When the connection drops it reconnects with backoff (1 s doubling to 30 s), subscribes again and
 * reads what it missed with `chat.syncMessages`; the handled message ids and each room's last
 * `_updatedAt` live in `${dataDir}/rocketchat/state.json`, so that neither a reconnect nor a restart
 * answers a message twice. A wrong password or a revoked token is a {@link ChatLoginError} at start;
 * while reconnecting, only such a refusal ends the attempts.
 */
import { randomBytes } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { ConfigError } from '../core/errors.ts'
import type { ChatAdapter, IncomingMessage, IncomingReaction, MessageHandler, Reply } from './types.ts'
import { address, type RcBotIdentity } from './rocketchat/addressing.ts'
import { optionsFromEnv, type RocketChatAdapterOptions } from './rocketchat/config.ts'
import { RocketChatApiError, RocketChatConnectError, RocketChatNotStartedError, RocketChatSendError } from './rocketchat/errors.ts'
import { consoleLogger, describeError, type RocketChatLogger } from './rocketchat/logger.ts'
import { logIn, loginRefused } from './rocketchat/login.ts'
import { RealtimeSession } from './rocketchat/realtime.ts'
import { DEFAULT_MAX_MESSAGE_LENGTH, replyToMarkdown, splitMessage } from './rocketchat/render.ts'
import { isTemporary, RestClient, systemClock, type Clock } from './rocketchat/rest.ts'
import { RocketChatState } from './rocketchat/state.ts'
import { channelName, diffReactions, reactionKey, readDate, readMessage, readRoom, type RcMessage, type RcRoom } from './rocketchat/wire.ts'
import { wakeableSleep } from './sleep.ts'

export type { RocketChatLogger } from './rocketchat/logger.ts'
export type { Clock } from './rocketchat/rest.ts'
export type { RocketChatAdapterOptions } from './rocketchat/config.ts'
export { RocketChatApiError, RocketChatConnectError, RocketChatNotStartedError, RocketChatSendError } from './rocketchat/errors.ts'

const STOP_WAIT_MS = 10_000
const PLATFORM = 'rocketchat'

/** A Rocket.Chat id: Meteor's `Random.id()` alphabet, 17 characters. */
function messageId(): string {
  const alphabet = '23456789ABCDEFGHJKLMNPQRSTWXYZabcdefghijkmnopqrstuvwxyz'
  return [...randomBytes(17)].map((b) => alphabet[b % alphabet.length]).join('')
}

/**
 * Errors worth another connection attempt: the socket dropped or could not be opened, the server
 * cannot be reached, or it answered HTTP 5xx or 429 ({@link isTemporary}).
 */
function isTransient(err: unknown): boolean {
  return err instanceof RocketChatConnectError || isTemporary(err)
}

/** yurt on Rocket.Chat: see the module remarks. */
export class RocketChatAdapter implements ChatAdapter {
  readonly platform = PLATFORM
  readonly options: RocketChatAdapterOptions
  private readonly dir: string
  private readonly logger: RocketChatLogger
  private readonly prefix: string
  private readonly clock: Clock
  private readonly rest: RestClient
  private handler: MessageHandler | null = null
  private state: RocketChatState | null = null
  private session: RealtimeSession | null = null
  private identity: RcBotIdentity | null = null
  private readonly rooms = new Map<string, RcRoom>()
  private readonly roomStops = new Map<string, () => void>()
  /** Username → user id and display name, learned from messages (reactions name users by username). */
  private readonly people = new Map<string, { id: string; name?: string }>()
  private queue: Promise<void> = Promise.resolve()
  private starting: Promise<void> | null = null
  private reconnecting: Promise<void> | null = null
  private wake: (() => void) | null = null
  private running = false
  private stopped = false
  private joinedChannels = false
  /** Reply → `${rid}\0${tmid}` → the base message id of a send that failed part-way (see {@link send}). */
  private readonly unfinished = new WeakMap<Reply, Map<string, string>>()

  constructor(options: RocketChatAdapterOptions) {
    this.options = options
    this.dir = join(options.dataDir, 'rocketchat')
    this.logger = options.logger ?? consoleLogger
    this.prefix = options.prefix ?? '!yurt'
    this.clock = options.clock ?? systemClock
    this.rest = new RestClient({
      baseUrl: options.serverUrl,
      clock: this.clock,
      ...(options.retry ? { retry: options.retry } : {}),
      onWait: (endpoint, ms, why) => this.logger.warn(`${endpoint}: ${why}; waiting ${ms} ms`),
    })
  }

  /**
   * Builds an adapter from the `YURT_ROCKETCHAT_*` settings (see {@link optionsFromEnv}).
   *
   * @returns null when no `YURT_ROCKETCHAT_*` setting is present.
   * @throws {ConfigError} naming the setting when the configuration is incomplete or the URL is not http(s).
   */
  static fromEnv(env: Record<string, string | undefined>, dataDir: string, extra: { logger?: RocketChatLogger } = {}): RocketChatAdapter | null {
    const options = optionsFromEnv(env, dataDir)
    if (!options) return null
    if (extra.logger) options.logger = extra.logger
    return new RocketChatAdapter(options)
  }

  /** The bot's user id and username, once logged in. */
  get self(): { userId: string; username: string } | null {
    return this.identity ? { userId: this.identity.userId, username: this.identity.username } : null
  }

  /**
   * Logs in, subscribes to every room the bot is in (joining the configured channels first), reads
   * what was missed, and resolves. When the server cannot be reached, or answers HTTP 5xx or 429, it
   * resolves at once and keeps connecting in the background (unless `waitForServer` is false). A room
   * whose subscription or catch-up is refused is skipped with a warning; it does not stop the start.
   *
   * @throws {ChatLoginError} naming the setting when the server refuses the credentials.
   * @throws {RocketChatConnectError} when the server cannot be reached and `waitForServer` is false.
   * @throws {RocketChatApiError} for another error answer (HTTP 4xx other than 429) during the start,
   * or a 5xx/429 one when `waitForServer` is false.
   */
  async start(handler: MessageHandler): Promise<void> {
    this.handler = handler
    if (this.running) return
    this.starting ??= this.doStart().finally(() => {
      this.starting = null
    })
    return this.starting
  }

  private async doStart(): Promise<void> {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 })
    this.state = new RocketChatState(this.dir)
    this.stopped = false
    try {
      await this.connect()
    } catch (err) {
      if (this.options.waitForServer === false || !isTransient(err)) throw err
      this.logger.warn(`${this.options.serverUrl} is not available (${describeError(err)}); connecting in the background`)
      this.running = true
      this.reconnecting = this.reconnectLoop().finally(() => (this.reconnecting = null))
    }
  }

  /** One connection: realtime session, login, REST credentials, rooms, subscriptions, catch-up. */
  private async connect(): Promise<void> {
    const session = await RealtimeSession.open(this.options.serverUrl)
    try {
      const login = await logIn(session, this.options, this.dir, this.logger)
      this.rest.setCredentials(login.id, login.token)
      let me: { _id: string; username: string }
      try {
        me = await this.rest.get<{ _id: string; username: string }>('me')
      } catch (err) {
        if (err instanceof RocketChatApiError && err.status === 401) throw loginRefused(this.options, err)
        throw err
      }
      this.identity = { userId: me._id, username: me.username, prefix: this.prefix }
      if (!this.joinedChannels) {
        await this.joinChannels()
        this.joinedChannels = true
      }
      const { update } = await this.rest.get<{ update: unknown[] }>('rooms.get')
      this.session = session
      this.roomStops.clear()
      await session.subscribe('notify-user', `${me._id}/subscriptions-changed`, (args) =>
        this.enqueue(() => this.onSubscriptionChanged(args[0], args[1])),
      )
      for (const raw of update) {
        const room = readRoom(raw)
        if (room) await this.watchRoom(room, readDate((raw as { _updatedAt?: unknown })._updatedAt))
      }
      session.onLost(() => this.onLost(session))
      if (this.stopped) {
        // stop() came while connecting: this session must not outlive it.
        this.session = null
        return session.close()
      }
      this.running = true
      this.logger.info(`receiving as @${me.username} on ${this.options.serverUrl} in ${this.rooms.size} rooms`)
    } catch (err) {
      session.close()
      if (this.session === session) this.session = null
      throw err
    }
  }

  /** Joins the configured public channels (a private group needs a member to add the bot). */
  private async joinChannels(): Promise<void> {
    for (const name of this.options.channels ?? []) {
      try {
        await this.rest.post('channels.join', { roomName: name }, { idempotent: true })
      } catch (err) {
        this.logger.warn(`could not join #${name} (${describeError(err)}); a private group has to add the bot itself`)
      }
    }
  }

  /**
   * Subscribes to a room's messages and reads what changed there since its mark (`chat.syncMessages`).
   * A refused subscription drops the room; a failed catch-up (any REST error: refused, 5xx, 429 after
   * the retries) is logged as a warning naming the room and skipped, so that what was said there
   * meanwhile goes unanswered but new messages are still read.
   *
   * @throws {RocketChatConnectError} when the realtime connection drops meanwhile.
   */
  private async watchRoom(room: RcRoom, serverTime: number): Promise<void> {
    const session = this.session
    const state = this.state
    if (!session || !state || this.roomStops.has(room._id)) return
    this.rooms.set(room._id, room)
    const mark = state.room(room._id, Number.isNaN(serverTime) ? this.clock.now() : serverTime)
    state.flush()
    try {
      const stop = await session.subscribe('room-messages', room._id, (args) => this.enqueue(() => this.onRoomEvent(args[0])))
      this.roomStops.set(room._id, stop)
    } catch (err) {
      if (err instanceof RocketChatConnectError) throw err
      this.logger.warn(`cannot read ${room.name ?? room._id} (${describeError(err)})`)
      this.rooms.delete(room._id)
      return
    }
    let res: { result?: { updated?: unknown[] } }
    try {
      res = await this.rest.get<{ result?: { updated?: unknown[] } }>('chat.syncMessages', {
        roomId: room._id,
        lastUpdate: new Date(mark.lastUpdate).toISOString(),
      })
    } catch (err) {
      this.logger.warn(`cannot read what was missed in ${room.name ?? room._id} (${describeError(err)}); skipping it`)
      return
    }
    const missed = (res.result?.updated ?? []).map(readMessage).filter((m): m is RcMessage => m !== null)
    missed.sort((a, b) => a.ts - b.ts || a.updatedAt - b.updatedAt)
    for (const m of missed) this.enqueue(() => this.onMessageEvent(m))
  }

  private onLost(session: RealtimeSession): void {
    if (this.stopped || this.session !== session) return
    this.session = null
    this.roomStops.clear()
    this.logger.warn(`the connection to ${this.options.serverUrl} was lost; reconnecting`)
    this.reconnecting ??= this.reconnectLoop().finally(() => (this.reconnecting = null))
  }

  /**
   * Reconnects with backoff until it works, the credentials are refused ({@link ChatLoginError}, or
   * another {@link ConfigError}), or stop. Every other failure — unreachable, HTTP 5xx or 429, or an
   * unexpected answer — is tried again; the unexpected ones are logged as warnings.
   */
  private async reconnectLoop(): Promise<void> {
    const { baseMs, maxMs } = this.options.reconnect ?? { baseMs: 1000, maxMs: 30_000 }
    let delay = baseMs
    while (!this.stopped) {
      const sleep = wakeableSleep(delay)
      this.wake = sleep.wake
      await sleep.slept
      this.wake = null
      if (this.stopped) return
      try {
        await this.connect()
        return
      } catch (err) {
        if (err instanceof ConfigError) {
          this.logger.error(`giving up on ${this.options.serverUrl}: ${describeError(err)}`)
          this.running = false
          return
        }
        const line = `reconnecting to ${this.options.serverUrl} failed (${describeError(err)}); next try in ${delay} ms`
        if (isTransient(err)) this.logger.debug?.(line)
        else this.logger.warn(line)
        delay = Math.min(delay * 2, maxMs)
      }
    }
  }

  /** Stops receiving, waits (bounded) for the message being handled, stores the state; idempotent. */
  async stop(): Promise<void> {
    if (this.starting) await this.starting.catch(() => {})
    this.stopped = true
    this.running = false
    this.wake?.()
    this.session?.close()
    this.session = null
    this.roomStops.clear()
    let timer: NodeJS.Timeout | undefined
    await Promise.race([this.queue, new Promise((resolve) => (timer = setTimeout(resolve, STOP_WAIT_MS)))])
    clearTimeout(timer)
    // Cuts short a rate-limit wait or a request of a reconnect attempt still under way.
    this.rest.interrupt()
    if (this.reconnecting) await this.reconnecting.catch(() => {})
    this.state?.flush()
  }

  /** Posts `reply` into the room `rid` (optionally in the thread `thread`); resolves with the message id. */
  async post(room: string, reply: Reply, options: { thread?: string } = {}): Promise<string | undefined> {
    return this.send(room, reply, options.thread)
  }

  /** Sends `reply` to the user `user` (a user id) in their direct room, created when there is none. */
  async sendDirect(user: string, reply: Reply): Promise<string | undefined> {
    this.requireStarted()
    let rid: string
    try {
      const { user: info } = await this.rest.get<{ user: { username: string } }>('users.info', { userId: user })
      const { room } = await this.rest.post<{ room: { _id?: string; rid?: string } }>('im.create', { username: info.username }, { idempotent: true })
      rid = room.rid ?? room._id ?? ''
    } catch (err) {
      throw new RocketChatSendError(`a direct room with ${user}`, err)
    }
    return this.send(rid, reply, undefined)
  }

  /** True when `user` holds the room role `owner` or `moderator` in `room` (`channels.roles`, `groups.roles`); never throws. */
  async isModerator(room: string, user: string): Promise<boolean> {
    const type = this.rooms.get(room)?.t
    const endpoint = type === 'c' ? 'channels.roles' : type === 'p' ? 'groups.roles' : null
    if (!endpoint || !this.identity) return false
    try {
      const { roles } = await this.rest.get<{ roles: Array<{ u: { _id: string }; roles: string[] }> }>(endpoint, { roomId: room })
      return roles.some((r) => r.u._id === user && (r.roles.includes('owner') || r.roles.includes('moderator')))
    } catch (err) {
      this.logger.warn(`could not read the roles of ${room}: ${describeError(err)}`)
      return false
    }
  }

  private requireStarted(): void {
    if (!this.identity || !this.state) throw new RocketChatNotStartedError()
  }

  /**
   * Sends a reply as one or more messages (split at `maxMessageLength`) whose `_id`s derive from one
   * base id per logical message: the first is the base (a {@link messageId}), chunk n (n ≥ 1) is
   * `${base}-${n}`. A repeated request that did reach the server — the REST client's own retries on
   * network failures, HTTP 5xx and 429, which keep the body — is refused as a duplicate key and counts
   * as sent. When a chunk fails for good the base is kept for this `reply` object, room and thread, so
   * that the caller sending the same `reply` again posts only what is missing; it is forgotten once
   * the whole reply is out.
   *
   * @returns the `_id` of the first message; undefined when the reply renders to nothing.
   * @throws {RocketChatSendError} naming the room when a chunk could not be sent after the retries.
   */
  private async send(rid: string, reply: Reply, tmid: string | undefined): Promise<string | undefined> {
    this.requireStarted()
    const state = this.state!
    const chunks = splitMessage(replyToMarkdown(reply), this.options.maxMessageLength ?? DEFAULT_MAX_MESSAGE_LENGTH)
    if (chunks.length === 0) return undefined
    const key = `${rid}\u0000${tmid ?? ''}`
    let pending = this.unfinished.get(reply)
    const base = pending?.get(key) ?? messageId()
    for (const [n, chunk] of chunks.entries()) {
      const id = n === 0 ? base : `${base}-${n}`
      const message: Record<string, string> = { _id: id, rid, msg: chunk }
      if (tmid) message.tmid = tmid
      try {
        await this.rest.post('chat.sendMessage', { message }, { idempotent: true })
      } catch (err) {
        const duplicate = err instanceof RocketChatApiError && /duplicate key/i.test(err.message) && err.message.includes(`"${id}"`)
        if (!duplicate) {
          if (!pending) this.unfinished.set(reply, (pending = new Map()))
          pending.set(key, base)
          state.flush()
          throw new RocketChatSendError(rid, err)
        }
      }
      // A duplicate already recorded keeps the reactions seen on it.
      if (!state.sent.has(id)) state.recordSent(id, { rid, about: reply.event ?? null, reactions: {} })
    }
    pending?.delete(key)
    state.flush()
    return base
  }

  // ── inbound ──────────────────────────────────────────────────────────────────────────────────

  /** Runs inbound work one item at a time, never longer than the handler timeout per item. */
  private enqueue(work: () => Promise<void>): void {
    const timeoutMs = this.options.handlerTimeoutMs ?? 60_000
    this.queue = this.queue.then(async () => {
      if (this.stopped) return
      let timer: NodeJS.Timeout | undefined
      const running = work().catch((err) => this.logger.error(`handling an event failed: ${describeError(err)}`))
      await Promise.race([
        running,
        new Promise<void>((resolve) => {
          timer = setTimeout(() => {
            this.logger.warn(`handling an event takes longer than ${timeoutMs} ms; reading on`)
            resolve()
          }, timeoutMs)
        }),
      ])
      clearTimeout(timer)
    })
  }

  private async onSubscriptionChanged(action: unknown, raw: unknown): Promise<void> {
    const sub = raw as { rid?: unknown; t?: unknown; name?: unknown; fname?: unknown; ts?: unknown } | null
    const room = readRoom(sub ? { _id: sub.rid, t: sub.t, name: sub.name, fname: sub.fname } : null)
    if (!room) return
    if (action === 'updated' && this.rooms.has(room._id)) {
      // A renamed channel: its new name is what the next festival started there is called.
      this.rooms.set(room._id, room)
    } else if (action === 'inserted' && !this.rooms.has(room._id)) {
      this.logger.info(`added to ${room.t === 'd' ? 'a direct room' : room.name ?? room._id}`)
      // Everything from the moment of joining on is new (the subscription's `ts`, server time).
      await this.watchRoom(room, readDate(sub?.ts) - 1)
    } else if (action === 'removed') {
      this.logger.info(`removed from ${room.name ?? room._id}; forgetting it`)
      this.roomStops.get(room._id)?.()
      this.roomStops.delete(room._id)
      this.rooms.delete(room._id)
      this.state?.forgetRoom(room._id)
      this.state?.flush()
    }
  }

  private async onRoomEvent(raw: unknown): Promise<void> {
    const message = readMessage(raw)
    if (message) await this.onMessageEvent(message)
  }

  /** A new or changed message, from the stream or the catch-up. */
  private async onMessageEvent(m: RcMessage): Promise<void> {
    const state = this.state
    const identity = this.identity
    const room = this.rooms.get(m.rid)
    if (!state || !identity || !room) return
    this.people.set(m.u.username, { id: m.u._id, ...(m.u.name ? { name: m.u.name } : {}) })
    if (state.sent.has(m._id)) await this.onReactions(m)
    const mark = state.rooms.get(m.rid)
    const fresh = m.u._id !== identity.userId && !m.t && !state.handled.has(m._id) && mark !== undefined && m.ts > mark.since
    if (fresh) await this.onMessage(m, room, identity)
    state.advance(m.rid, m.updatedAt)
    state.flush()
  }

  private async onMessage(m: RcMessage, room: RcRoom, identity: RcBotIdentity): Promise<void> {
    const state = this.state!
    const direct = room.t === 'd'
    const addressed = address(m.msg, m.mentions, identity, direct)
    if (!addressed.addressed) {
      state.markHandled(m._id)
      return
    }
    const message: IncomingMessage = {
      platform: PLATFORM,
      room: m.rid,
      user: m.u._id,
      userName: m.u.name ?? m.u.username,
      messageId: m._id,
      direct,
      text: addressed.text,
      ts: m.ts,
      roomName: async () => channelName(this.rooms.get(m.rid)),
    }
    if (m.tmid) message.thread = m.tmid
    let reply: Reply | null = null
    try {
      reply = (await this.handler?.onMessage(message)) ?? null
    } catch (err) {
      this.logger.error(`the handler failed on ${m._id} in ${m.rid}: ${describeError(err)}`)
    }
    if (reply && !this.stopped) {
      // In a channel the answer opens (or joins) the question's thread; in a direct room it stays inline unless asked in a thread.
      const thread = m.tmid ?? (direct ? undefined : m._id)
      try {
        await this.send(m.rid, reply, thread)
      } catch (err) {
        this.logger.error(`answering ${m._id} in ${m.rid} failed: ${describeError(err)}`)
      }
    }
    state.markHandled(m._id)
  }

  /** Compares the reactions on one of the bot's messages with what was seen before; reports each change. */
  private async onReactions(m: RcMessage): Promise<void> {
    const state = this.state!
    const sent = state.sent.get(m._id)!
    const changes = diffReactions(sent.reactions, m.reactions)
    if (changes.length === 0) return
    state.updateReactions(m._id, m.reactions)
    state.flush()
    for (const change of changes) {
      if (change.username === this.identity?.username) continue
      await this.deliverReaction(m, sent.about, change.shortcode, change.username, change.added)
    }
  }

  private async deliverReaction(
    m: RcMessage,
    about: { festival: string; id: string } | null,
    shortcode: string,
    username: string,
    added: boolean,
  ): Promise<void> {
    if (!this.handler?.onReaction) return
    const person = await this.person(username)
    if (!person) {
      this.logger.warn(`a reaction by ${username} is skipped: the user cannot be looked up`)
      return
    }
    const reaction: IncomingReaction = {
      platform: PLATFORM,
      room: m.rid,
      user: person.id,
      userName: person.name ?? username,
      // Rocket.Chat reactions have no id of their own.
      messageId: `${m._id}/${shortcode}/${username}`,
      targetMessageId: m._id,
      key: reactionKey(shortcode),
      added,
    }
    if (about) reaction.about = about
    try {
      await this.handler.onReaction(reaction)
    } catch (err) {
      this.logger.error(`the reaction handler failed on ${m._id} in ${m.rid}: ${describeError(err)}`)
    }
  }

  /** A user's id and name by username: from messages seen, else `users.info`. */
  private async person(username: string): Promise<{ id: string; name?: string } | undefined> {
    const known = this.people.get(username)
    if (known) return known
    try {
      const { user } = await this.rest.get<{ user: { _id: string; name?: string } }>('users.info', { username })
      const found = { id: user._id, ...(user.name ? { name: user.name } : {}) }
      this.people.set(username, found)
      return found
    } catch {
      return undefined
    }
  }
}
