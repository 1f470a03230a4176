/**
 * A Rocket.Chat server simulation for tests: REST (`/api/v1/*`) and the realtime API (DDP over a
 * WebSocket at `/websocket`) on loopback, holding users, rooms and messages in memory.
 *
 * @remarks
 * No Rocket.Chat server can run here (it needs MongoDB), so the adapter is tested against this. Every
 * request and response shape follows Rocket.Chat 7/8 and cites where it comes from (the
 * RocketChat/Rocket.Chat repository, `apps/meteor/...`, or Meteor's DDP specification,
 * https://github.com/meteor/meteor/blob/devel/packages/ddp/DDP.md). What it leaves out: e2e
 * encryption, files, federation, 2FA, permissions beyond room membership and room roles.
 *
 * Tests act as the people on the server: {@link RocketChatSim.say}, {@link RocketChatSim.react},
 * {@link RocketChatSim.addToRoom}, {@link RocketChatSim.dropConnections} (the server goes away for
 * a moment), {@link RocketChatSim.stop}/{@link RocketChatSim.restart} (it stays away until restarted),
 * {@link RocketChatSim.rateLimit}, {@link RocketChatSim.failRequests} (error answers: a restart's 500,
 * a proxy's 502-504, a 429, one room refused). The clock is injectable, so that rate-limit windows can be
 * stepped without sleeping.
 */
import { createHash, randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { createRequire } from 'node:module'
import type { AddressInfo } from 'node:net'

// `ws` (a dependency of the installed libp2p and Rocket.Chat packages) has no type declarations here;
// the few members used are typed below.
interface WsSocket {
  readyState: number
  send(data: string): void
  close(code?: number): void
  terminate(): void
  on(event: 'message', fn: (data: Buffer) => void): void
  on(event: 'close', fn: () => void): void
  on(event: 'error', fn: (err: Error) => void): void
}
interface WsServer {
  on(event: 'connection', fn: (socket: WsSocket, req: IncomingMessage) => void): void
  close(): void
  clients: Set<WsSocket>
}
const require = createRequire(import.meta.url)
const { WebSocketServer } = require('ws') as { WebSocketServer: new (options: { server: Server; path: string }) => WsServer }

/** A user account. */
export interface SimUser {
  _id: string
  username: string
  name: string
  /** `user` or `bot` (the role given in Administration → Users). */
  type: 'user' | 'bot'
  password?: string
  /** Login tokens → expiry (UTC ms). */
  tokens: Map<string, number>
}

/** A room: a public channel (`c`), a private group (`p`) or a direct room (`d`). */
export interface SimRoom {
  _id: string
  t: 'c' | 'p' | 'd'
  name?: string
  /** Member user ids. */
  members: Set<string>
  /** Per-member room roles (`owner`, `moderator`, `leader`). */
  roles: Map<string, string[]>
  creator: string
  ts: number
  updatedAt: number
}

/** A message as stored (times as UTC ms). */
export interface SimMessage {
  _id: string
  rid: string
  msg: string
  ts: number
  updatedAt: number
  u: { _id: string; username: string; name: string }
  /** Users named as `@username` (`type: 'user'`), and `{_id: 'all' | 'here', username: same}` for `@all`/`@here`. */
  mentions: Array<{ _id: string; username: string; name?: string; type?: 'user' }>
  tmid?: string
  /** Thread roots: number of replies and time of the last one. */
  tcount?: number
  tlm?: number
  reactions?: Record<string, { usernames: string[] }>
  /** System message type (`uj` joined, `au` added, …); absent for a normal message. */
  t?: string
}

/** One REST request the server answered. */
export interface SimRequest {
  method: string
  endpoint: string
  status: number
  at: number
  user?: string
}

interface Connection {
  socket: WsSocket
  session: string
  connected: boolean
  userId?: string
  /** Subscription id → stream name and event name. */
  subs: Map<string, { name: string; eventName: string }>
  queue: Promise<void>
}

type Json = Record<string, any>

/**
 * Emoji the simulated server knows (a few of `emoji.list`); `:thumbsup:` and its alias `:+1:` are
 * separate keys, as in Rocket.Chat (apps/meteor/app/reactions/server/setReaction.ts keeps the name given).
 */
const EMOJI = new Set([':thumbsup:', ':+1:', ':thumbsdown:', ':-1:', ':tada:', ':heart:', ':smile:', ':eyes:', ':thumbsup_tone2:'])

/** Message_MaxAllowedSize default (apps/meteor/server/settings/message.ts). */
export const MAX_MESSAGE_SIZE = 5000

/** Meteor's `Random.id()` alphabet and length (17), as Rocket.Chat ids look. */
function randomId(): string {
  const alphabet = '23456789ABCDEFGHJKLMNPQRSTWXYZabcdefghijkmnopqrstuvwxyz'
  const bytes = randomBytes(17)
  return [...bytes].map((b) => alphabet[b % alphabet.length]).join('')
}

/** A Meteor.Error as it travels in DDP (EJSON of `Meteor.Error`: `error`, `reason`, `message`, `errorType`). */
function meteorError(error: string | number, reason?: string): Json {
  return {
    isClientSafe: true,
    error,
    ...(reason ? { reason } : {}),
    message: reason ? `${reason} [${error}]` : `[${error}]`,
    errorType: 'Meteor.Error',
  }
}

/** An error a REST action throws; rendered like `API.v1.failure(e.message, e.error)` (apps/meteor/app/api/server/api.ts). */
class ApiFailure extends Error {
  readonly status: number
  readonly body: Json
  constructor(status: number, body: Json) {
    super(String(body.error ?? 'failure'))
    this.status = status
    this.body = body
  }
  /** `throw new Meteor.Error(errorType, reason)` inside an action → 400 `{success:false, error:"reason [type]", errorType}`. */
  static meteor(errorType: string, reason: string): ApiFailure {
    return new ApiFailure(400, { success: false, error: `${reason} [${errorType}]`, errorType })
  }
  /** `API.v1.failure(text)` or a plain `Error(text)` → 400 `{success:false, error:text}`. */
  static plain(text: string): ApiFailure {
    return new ApiFailure(400, { success: false, error: text })
  }
}

/** A failure {@link RocketChatSim.failRequests} injects. */
export interface SimFault {
  /** The HTTP status answered: 500 (the server failing while it restarts), 502/503/504 (its proxy), 429, 400. */
  status: number
  /** How many matching requests fail (default 1). */
  times?: number
  /** The body's `error` (default: `Internal server error` for 5xx, the rate limiter's text for 429, `error-not-allowed` else). */
  error?: string
  /** Only requests for which this holds (default: all of the endpoint). */
  when?: (request: { query: URLSearchParams; body: Record<string, any> }) => boolean
  /** Run the route first (a message is stored) and lose only the answer, as when a proxy times out. */
  afterRoute?: boolean
}

export interface SimOptions {
  /** The server's clock, UTC ms (default `Date.now`); rate-limit windows and timestamps use it. */
  now?: () => number
  /** A fixed port (default: any free one). */
  port?: number
}

/** The simulated server; see the module remarks. */
export class RocketChatSim {
  readonly users = new Map<string, SimUser>()
  readonly rooms = new Map<string, SimRoom>()
  readonly messages: SimMessage[] = []
  /** Every REST request answered, oldest first. */
  readonly requests: SimRequest[] = []
  /** Every DDP `login` attempt: how, and whether it worked. */
  readonly logins: Array<{ via: 'password' | 'resume'; ok: boolean }> = []
  /** How many WebSocket connections were opened so far. */
  connectionsOpened = 0
  now: () => number
  private server: Server | null = null
  private wss: WsServer | null = null
  private readonly connections = new Set<Connection>()
  private readonly limits = new Map<string, { limit: number; intervalMs: number; start: number; count: number }>()
  private readonly faults: Array<SimFault & { endpoint: string; left: number }> = []
  private port: number

  private constructor(options: SimOptions) {
    this.now = options.now ?? Date.now
    this.port = options.port ?? 0
  }

  /** Starts a server on 127.0.0.1. */
  static async start(options: SimOptions = {}): Promise<RocketChatSim> {
    const sim = new RocketChatSim(options)
    await sim.listen()
    return sim
  }

  /** The server's base URL, `http://127.0.0.1:PORT`. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`
  }

  private async listen(): Promise<void> {
    const server = createServer((req, res) => void this.onHttp(req, res))
    const wss = new WebSocketServer({ server, path: '/websocket' })
    wss.on('connection', (socket) => this.onSocket(socket))
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(this.port, '127.0.0.1', () => resolve())
    })
    this.port = (server.address() as AddressInfo).port
    this.server = server
    this.wss = wss
  }

  /** Closes every WebSocket at once (a server restart as clients see it); the server keeps listening. */
  dropConnections(): void {
    for (const c of this.connections) c.socket.terminate()
    this.connections.clear()
  }

  /** Stops listening and drops every connection (the server is gone until {@link restart}). */
  async stop(): Promise<void> {
    this.dropConnections()
    const server = this.server
    this.server = null
    this.wss?.close()
    this.wss = null
    if (!server) return
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }

  /** Listens again on the same port with the same data. */
  async restart(): Promise<void> {
    if (!this.server) await this.listen()
  }

  // ── people, rooms and messages (what tests do as humans) ─────────────────────────────────────

  /** Creates a user; returns it with a login token. */
  addUser(options: { username: string; name?: string; password?: string; type?: 'user' | 'bot' }): { user: SimUser; token: string } {
    const user: SimUser = {
      _id: randomId(),
      username: options.username,
      name: options.name ?? options.username,
      type: options.type ?? 'user',
      tokens: new Map(),
    }
    if (options.password !== undefined) user.password = options.password
    this.users.set(user._id, user)
    return { user, token: this.issueToken(user) }
  }

  /** A new login token for `user`, valid 90 days (Meteor's default `loginExpirationInDays`). */
  issueToken(user: SimUser): string {
    const token = randomBytes(32).toString('base64url')
    user.tokens.set(token, this.now() + 90 * 86_400_000)
    return token
  }

  /** Logs every session of `user` out (an admin reset their tokens, or they expired). */
  revokeTokens(user: SimUser): void {
    user.tokens.clear()
  }

  userByName(username: string): SimUser | undefined {
    for (const u of this.users.values()) if (u.username === username) return u
    return undefined
  }

  /** Creates a channel (`c`) or private group (`p`); `owner` gets the `owner` role, as in Rocket.Chat. */
  createRoom(options: { name: string; type?: 'c' | 'p'; owner: SimUser; members?: SimUser[] }): SimRoom {
    const room: SimRoom = {
      _id: randomId(),
      t: options.type ?? 'c',
      name: options.name,
      members: new Set([options.owner._id, ...(options.members ?? []).map((m) => m._id)]),
      roles: new Map([[options.owner._id, ['owner']]]),
      creator: options.owner._id,
      ts: this.now(),
      updatedAt: this.now(),
    }
    this.rooms.set(room._id, room)
    return room
  }

  /** Adds `user` to `room` (Room info → Members → Add), as `by`: a system message and a subscription. */
  addToRoom(room: SimRoom, user: SimUser, by?: SimUser): void {
    if (room.members.has(user._id)) return
    room.members.add(user._id)
    this.insert({ rid: room._id, msg: user.username, u: by ?? user, t: by ? 'au' : 'uj' })
    this.notifySubscription(user, room, 'inserted')
  }

  /** Removes `user` from `room`. */
  removeFromRoom(room: SimRoom, user: SimUser): void {
    if (!room.members.delete(user._id)) return
    room.roles.delete(user._id)
    this.insert({ rid: room._id, msg: user.username, u: user, t: 'ul' })
    this.notifySubscription(user, room, 'removed')
  }

  /** Sets a member's room roles (Room info → Members → Set as moderator / owner). */
  setRoomRoles(room: SimRoom, user: SimUser, roles: string[]): void {
    room.roles.set(user._id, roles)
  }

  /** `user` writes `text` in `room` (optionally in the thread `tmid`); `@username` mentions are parsed as the server does. */
  say(user: SimUser, room: SimRoom, text: string, options: { tmid?: string } = {}): SimMessage {
    return this.send(user, { rid: room._id, msg: text, ...(options.tmid ? { tmid: options.tmid } : {}) })
  }

  /** `user` reacts to a message (toggling, or as `shouldReact` says), as `/api/v1/chat.react` does. */
  react(user: SimUser, messageId: string, emoji: string, shouldReact?: boolean): void {
    this.setReaction(user, messageId, emoji, shouldReact)
  }

  /** The messages of a room, oldest first (system messages included). */
  messagesIn(room: SimRoom): SimMessage[] {
    return this.messages.filter((m) => m.rid === room._id)
  }

  /** What `user` wrote in `room` (system messages left out), oldest first. */
  messagesFrom(user: SimUser, room: SimRoom): SimMessage[] {
    return this.messagesIn(room).filter((m) => m.u._id === user._id && !m.t)
  }

  /** `a` opens a direct conversation with `b` (as `im.create` does); returns the direct room. */
  openDirect(a: SimUser, b: SimUser): SimRoom {
    return this.directRoomOf(a, b)
  }

  /** The direct room of two users, when there is one. */
  directRoom(a: SimUser, b: SimUser): SimRoom | undefined {
    for (const room of this.rooms.values()) if (room.t === 'd' && room.members.has(a._id) && room.members.has(b._id) && room.members.size === 2) return room
    return undefined
  }

  /**
   * Limits an endpoint (`chat.sendMessage`, …) to `limit` calls per `intervalMs`, as
   * `API_Enable_Rate_Limiter_Limit_Calls_Default` / `…_Time_Default` do per route.
   */
  rateLimit(endpoint: string, limit: number, intervalMs: number): void {
    this.limits.set(endpoint, { limit, intervalMs, start: 0, count: 0 })
  }

  /**
   * Makes the next matching requests to `endpoint` fail with `fault.status` and
   * `{success: false, error}` (the shape of `API.v1.failure`, `internalError` and `tooManyRequests`,
   * apps/meteor/app/api/server/api.ts), after authentication: what a server restarting, overloaded
   * or refusing one room answers.
   */
  failRequests(endpoint: string, fault: SimFault): void {
    this.faults.push({ ...fault, endpoint, left: fault.times ?? 1 })
  }

  /** The injected failure for this request, when there is one left (counted down). */
  private takeFault(endpoint: string, query: URLSearchParams, body: Json): { failure: ApiFailure; afterRoute: boolean } | undefined {
    const fault = this.faults.find((f) => f.endpoint === endpoint && f.left > 0 && (!f.when || f.when({ query, body })))
    if (!fault) return undefined
    fault.left--
    const error =
      fault.error ??
      (fault.status >= 500
        ? 'Internal server error'
        : fault.status === 429
          ? 'Error, too many requests. Please slow down. You must wait 0 seconds before trying this endpoint again. [error-too-many-requests]'
          : 'error-not-allowed')
    return { failure: new ApiFailure(fault.status, { success: false, error }), afterRoute: fault.afterRoute ?? false }
  }

  // ── messages: the server side of sending and reacting ────────────────────────────────────────

  private insert(fields: { rid: string; msg: string; u: SimUser; t?: string; tmid?: string; _id?: string }): SimMessage {
    const now = this.now()
    const message: SimMessage = {
      _id: fields._id ?? randomId(),
      rid: fields.rid,
      msg: fields.msg,
      ts: now,
      updatedAt: now,
      u: { _id: fields.u._id, username: fields.u.username, name: fields.u.name },
      mentions: [],
    }
    if (fields.t) message.t = fields.t
    if (fields.tmid) message.tmid = fields.tmid
    // Mentions: `@name` tokens found with `userMentionRegex`, `(^|\s|>)@(pattern(@pattern)?)` on the raw
    // `msg` (apps/meteor/app/mentions/lib/MentionsParser.ts; default pattern `[0-9a-zA-Z-_.]+`):
    // `all` and `here` become `{_id, username}` of that name (apps/meteor/app/mentions/server/Mentions.ts,
    // getUsersByMentions; no Message_MaxAll limit, its default 0), other names the existing users.
    for (const match of fields.msg.matchAll(/(^|\s|>)@([0-9a-zA-Z-_.]+(?:@[0-9a-zA-Z-_.]+)?)/gm)) {
      const name = match[2]!
      if (name === 'all' || name === 'here') {
        if (!message.mentions.some((m) => m._id === name)) message.mentions.push({ _id: name, username: name })
        continue
      }
      const mentioned = this.userByName(name.replace(/[.]+$/, ''))
      if (mentioned && !message.mentions.some((m) => m._id === mentioned._id)) {
        message.mentions.push({ _id: mentioned._id, username: mentioned.username, name: mentioned.name, type: 'user' })
      }
    }
    this.messages.push(message)
    const room = this.rooms.get(message.rid)
    if (room) room.updatedAt = now
    this.broadcastMessage(message)
    return message
  }

  /**
   * `executeSendMessage` (apps/meteor/app/lib/server/methods/sendMessage.ts): size limit, no nested
   * threads (a reply to a reply goes to the root), membership; a client-chosen `_id` that exists
   * already fails on MongoDB's unique index.
   */
  private send(user: SimUser, message: { _id?: string; rid?: string; msg?: string; tmid?: string }): SimMessage {
    const msg = message.msg ?? ''
    if (msg.length > MAX_MESSAGE_SIZE) throw ApiFailure.meteor('error-message-size-exceeded', 'Message size exceeds Message_MaxAllowedSize')
    let rid = message.rid
    let tmid = message.tmid
    let root: SimMessage | undefined
    if (tmid) {
      root = this.messages.find((m) => m._id === tmid)
      if (root?.tmid) {
        tmid = root.tmid
        root = this.messages.find((m) => m._id === tmid)
      }
      if (root) rid = root.rid
    }
    if (!rid) throw ApiFailure.plain("The 'rid' property on the message object is missing.")
    const room = this.rooms.get(rid)
    // canSendMessageAsync throws `new Error('error-not-allowed')` for a room the user cannot write to.
    if (!room || !room.members.has(user._id)) throw ApiFailure.plain('error-not-allowed')
    if (message._id && this.messages.some((m) => m._id === message._id)) {
      throw ApiFailure.plain(`E11000 duplicate key error collection: rocketchat.rocketchat_message index: _id_ dup key: { _id: "${message._id}" }`)
    }
    const sent = this.insert({ rid, msg, u: user, ...(tmid ? { tmid } : {}), ...(message._id ? { _id: message._id } : {}) })
    if (root) {
      // The thread root counts its replies (apps/meteor/app/threads/server/functions.ts, reply()).
      root.tcount = (root.tcount ?? 0) + 1
      root.tlm = sent.ts
      root.updatedAt = sent.ts
      this.broadcastMessage(root)
    }
    return sent
  }

  /** apps/meteor/app/reactions/server/setReaction.ts: `:name:` keys holding the usernames; an empty key is deleted. */
  private setReaction(user: SimUser, messageId: string, emoji: string, shouldReact?: boolean): void {
    const reaction = `:${emoji.replace(/:/g, '')}:`
    if (!EMOJI.has(reaction)) throw ApiFailure.meteor('error-not-allowed', 'Invalid emoji provided.')
    const message = this.messages.find((m) => m._id === messageId)
    if (!message) throw ApiFailure.meteor('error-message-not-found', 'The provided "messageId" does not match any existing message.')
    const room = this.rooms.get(message.rid)
    if (!room?.members.has(user._id)) throw ApiFailure.meteor('not-authorized', 'Not Authorized')
    const already = Boolean(message.reactions?.[reaction]?.usernames.includes(user.username))
    const react = shouldReact ?? !already
    if (already === react) return
    if (react) {
      message.reactions ??= {}
      message.reactions[reaction] ??= { usernames: [] }
      message.reactions[reaction].usernames.push(user.username)
    } else {
      const entry = message.reactions![reaction]!
      entry.usernames.splice(entry.usernames.indexOf(user.username), 1)
      if (entry.usernames.length === 0) delete message.reactions![reaction]
      if (Object.keys(message.reactions!).length === 0) delete message.reactions
    }
    message.updatedAt = this.now()
    this.broadcastMessage(message)
  }

  /** The direct room of `a` and `b`, created when missing (apps/meteor/server/lib/createDirectRoom.ts). */
  private directRoomOf(a: SimUser, b: SimUser): SimRoom {
    const existing = this.directRoom(a, b)
    if (existing) return existing
    const room: SimRoom = {
      _id: [a._id, b._id].sort().join(''),
      t: 'd',
      members: new Set([a._id, b._id]),
      roles: new Map(),
      creator: a._id,
      ts: this.now(),
      updatedAt: this.now(),
    }
    this.rooms.set(room._id, room)
    this.notifySubscription(a, room, 'inserted')
    if (b !== a) this.notifySubscription(b, room, 'inserted')
    return room
  }

  // ── wire shapes ──────────────────────────────────────────────────────────────────────────────

  /**
   * A message as `IMessage` (packages/core-typings/src/IMessage/IMessage.ts): `_id`, `rid`, `msg`,
   * `ts`, `u`, `_updatedAt`, `mentions`, `channels`, `md`, `tmid`, `tcount`, `tlm`, `reactions`, `t`.
   * Dates are ISO strings in REST (JSON) and `{$date: ms}` in DDP (EJSON).
   */
  private wireMessage(m: SimMessage, date: (ms: number) => unknown): Json {
    const out: Json = {
      _id: m._id,
      rid: m.rid,
      msg: m.msg,
      ts: date(m.ts),
      u: m.u,
      _updatedAt: date(m.updatedAt),
      mentions: m.mentions,
      channels: [],
      md: [{ type: 'PARAGRAPH', value: [{ type: 'PLAIN_TEXT', value: m.msg }] }],
    }
    if (m.t) out.t = m.t
    if (m.tmid) out.tmid = m.tmid
    if (m.tcount !== undefined) {
      out.tcount = m.tcount
      out.tlm = date(m.tlm!)
    }
    if (m.reactions) out.reactions = structuredClone(m.reactions)
    return out
  }

  /** A room as `IRoom` (packages/core-typings/src/IRoom.ts); direct rooms carry `usernames` and `uids`. */
  private wireRoom(r: SimRoom): Json {
    const creator = this.users.get(r.creator)!
    const out: Json = {
      _id: r._id,
      t: r.t,
      u: { _id: creator._id, username: creator.username },
      ts: new Date(r.ts).toISOString(),
      _updatedAt: new Date(r.updatedAt).toISOString(),
      usersCount: r.members.size,
      msgs: this.messages.filter((m) => m.rid === r._id && !m.t).length,
      default: false,
      ro: false,
      sysMes: true,
    }
    if (r.name) {
      out.name = r.name
      out.fname = r.name
    }
    if (r.t === 'd') {
      const members = [...r.members].map((id) => this.users.get(id)!)
      out.usernames = members.map((u) => u.username)
      out.uids = members.map((u) => u._id)
    }
    return out
  }

  /** A subscription as `ISubscription` (packages/core-typings/src/ISubscription.ts), the fields the client reads. */
  private wireSubscription(user: SimUser, room: SimRoom): Json {
    const other = room.t === 'd' ? [...room.members].map((id) => this.users.get(id)!).find((u) => u._id !== user._id) : undefined
    return {
      _id: `${room._id}${user._id}`,
      rid: room._id,
      t: room.t,
      name: room.name ?? other?.username ?? user.username,
      fname: room.name ?? other?.name ?? user.name,
      u: { _id: user._id, username: user.username, name: user.name },
      roles: room.roles.get(user._id) ?? [],
      open: true,
      alert: false,
      unread: 0,
      // `ts` is when the subscription was made (the user joined or was added): now, for the events sent here.
      ts: { $date: this.now() },
      _updatedAt: { $date: this.now() },
    }
  }

  /** A user as `getUserInfo`/`users.info` return it (apps/meteor/app/api/server/helpers/getUserInfo.ts). */
  private wireUser(u: SimUser): Json {
    return { _id: u._id, username: u.username, name: u.name, type: u.type, status: 'online', active: true, roles: [u.type] }
  }

  // ── realtime: DDP over WebSocket ─────────────────────────────────────────────────────────────

  private onSocket(socket: WsSocket): void {
    this.connectionsOpened++
    const c: Connection = { socket, session: randomId(), connected: false, subs: new Map(), queue: Promise.resolve() }
    this.connections.add(c)
    // Meteor's DDP server greets with `{server_id}` before anything (packages/ddp-server/stream_server.js);
    // clients ignore messages without `msg`.
    this.emit(c, { server_id: '0' })
    // Meteor runs a session's messages one after the other (packages/ddp-server/livedata_server.js,
    // processMessage): a `sub` sent after `login` sees the logged-in user.
    socket.on('message', (data) => {
      c.queue = c.queue.then(() => this.onDdp(c, String(data))).catch(() => undefined)
    })
    socket.on('close', () => this.connections.delete(c))
    socket.on('error', () => this.connections.delete(c))
  }

  private emit(c: Connection, payload: Json): void {
    if (c.socket.readyState === 1) c.socket.send(JSON.stringify(payload))
  }

  /** Handles one DDP message (DDP.md: `connect`, `ping`, `method`, `sub`, `unsub`). */
  private async onDdp(c: Connection, raw: string): Promise<void> {
    let m: Json
    try {
      m = JSON.parse(raw) as Json
    } catch {
      return this.emit(c, { msg: 'error', reason: 'Bad request', offendingMessage: raw })
    }
    if (m.msg === 'connect') {
      // DDP.md "Establishing a DDP Connection": `connected` with a session, or `failed` naming a version.
      if (m.version !== '1' && !(m.support as string[] | undefined)?.includes('1')) return this.emit(c, { msg: 'failed', version: '1' })
      c.connected = true
      return this.emit(c, { msg: 'connected', session: c.session })
    }
    if (!c.connected) return this.emit(c, { msg: 'error', reason: 'Must connect first', offendingMessage: m })
    switch (m.msg) {
      case 'ping':
        return this.emit(c, m.id ? { msg: 'pong', id: m.id } : { msg: 'pong' })
      case 'pong':
        return
      case 'method':
        return this.onMethod(c, m)
      case 'sub':
        return this.onSub(c, m)
      case 'unsub':
        c.subs.delete(m.id)
        return this.emit(c, { msg: 'nosub', id: m.id })
    }
  }

  /** DDP.md "Remote Procedure Calls": `result` with `result` or `error`, then `updated`. */
  private onMethod(c: Connection, m: Json): void {
    const reply = (body: Json) => {
      this.emit(c, { msg: 'result', id: m.id, ...body })
      this.emit(c, { msg: 'updated', methods: [m.id] })
    }
    if (m.method !== 'login') return reply({ error: meteorError(404, `Method '${m.method}' not found`) })
    const params = (m.params as Json[] | undefined)?.[0] ?? {}
    // Meteor accounts: `{resume: token}` (packages/accounts-base/accounts_server.js, "resume" login
    // handler) or `{user: {username}, password: {digest, algorithm: 'sha-256'}}` (packages/accounts-password).
    if (typeof params.resume === 'string') {
      const user = this.userByToken(params.resume)
      this.logins.push({ via: 'resume', ok: user !== undefined })
      if (!user) return reply({ error: meteorError(403, "You've been logged out by the server. Please log in again.") })
      c.userId = user._id
      return reply({ result: { id: user._id, token: params.resume, tokenExpires: { $date: user.tokens.get(params.resume)! }, type: 'resume' } })
    }
    const username = params.user?.username
    const digest = params.password?.digest
    const user = typeof username === 'string' ? this.userByName(username) : undefined
    const ok =
      user?.password !== undefined &&
      params.password?.algorithm === 'sha-256' &&
      digest === createHash('sha256').update(user.password).digest('hex')
    this.logins.push({ via: 'password', ok })
    if (!user) return reply({ error: meteorError(403, 'User not found') })
    if (!ok) return reply({ error: meteorError(403, 'Incorrect password') })
    const token = this.issueToken(user)
    c.userId = user._id
    reply({ result: { id: user._id, token, tokenExpires: { $date: user.tokens.get(token)! }, type: 'password' } })
  }

  /**
   * `stream-room-messages` (event name: a room id; needs access to the room) and `stream-notify-user`
   * (event name `<own user id>/<event>`), answered with `ready`, or `nosub` with `not-allowed`
   * (apps/meteor/server/modules/streamer/streamer.module.ts, `_publish`;
   * apps/meteor/server/modules/notifications/notifications.module.ts, the read rules).
   */
  private onSub(c: Connection, m: Json): void {
    const eventName = (m.params as unknown[] | undefined)?.[0]
    const refuse = (error: Json) => this.emit(c, { msg: 'nosub', id: m.id, error })
    if (typeof eventName !== 'string' || eventName.length === 0) return refuse(meteorError('invalid-event-name'))
    if (m.name === 'stream-room-messages') {
      const room = this.rooms.get(eventName)
      if (!c.userId || !room?.members.has(c.userId)) return refuse(meteorError('not-allowed'))
    } else if (m.name === 'stream-notify-user') {
      if (!c.userId || !eventName.startsWith(`${c.userId}/`)) return refuse(meteorError('not-allowed'))
    } else {
      return refuse(meteorError(404, `Subscription '${m.name}' not found`))
    }
    c.subs.set(m.id, { name: m.name, eventName })
    this.emit(c, { msg: 'ready', subs: [m.id] })
  }

  /**
   * Sends `{msg:'changed', collection:'stream-<name>', id:'id', fields:{eventName, args}}` to every
   * subscription of the event (streamer.module.ts, `_emit` → `changedPayload`), to members only.
   */
  private stream(name: string, eventName: string, args: unknown[], allowed: (userId: string) => boolean): void {
    for (const c of this.connections) {
      if (!c.userId || !allowed(c.userId)) continue
      for (const sub of c.subs.values()) {
        if (sub.name === name && sub.eventName === eventName) {
          this.emit(c, { msg: 'changed', collection: name, id: 'id', fields: { eventName, args } })
        }
      }
    }
  }

  /** A new or changed message goes to `stream-room-messages` with the room id as event name (notifyOnMessageChange). */
  private broadcastMessage(m: SimMessage): void {
    const room = this.rooms.get(m.rid)
    this.stream('stream-room-messages', m.rid, [this.wireMessage(m, ($date) => ({ $date }))], (uid) => room?.members.has(uid) ?? false)
  }

  /**
   * `<uid>/subscriptions-changed` with `[clientAction, subscription]`
   * (apps/meteor/server/modules/listeners/listeners.module.ts, `watch.subscriptions`).
   */
  private notifySubscription(user: SimUser, room: SimRoom, action: 'inserted' | 'updated' | 'removed'): void {
    this.stream('stream-notify-user', `${user._id}/subscriptions-changed`, [action, this.wireSubscription(user, room)], (uid) => uid === user._id)
  }

  // ── REST ─────────────────────────────────────────────────────────────────────────────────────

  private userByToken(token: string, userId?: string): SimUser | undefined {
    for (const u of this.users.values()) {
      const expires = u.tokens.get(token)
      if (expires !== undefined && expires > this.now() && (userId === undefined || u._id === userId)) return u
    }
    return undefined
  }

  private async onHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url)
    const endpoint = url.pathname.replace(/^\/api\/v1\//, '')
    const method = req.method ?? 'GET'
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    let body: Json = {}
    const headers: Record<string, string> = { 'content-type': 'application/json' }
    let status = 200
    let out: Json
    let user: SimUser | undefined
    try {
      if (chunks.length) {
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Json
        } catch {
          throw ApiFailure.plain('Invalid JSON body')
        }
      }
      if (!url.pathname.startsWith('/api/v1/')) throw new ApiFailure(404, { success: false, error: 'Resource not found' })
      if (endpoint === 'login' && method === 'POST') {
        out = this.restLogin(body)
      } else {
        // authRequired routes: `X-User-Id` + `X-Auth-Token` (api.ts, authenticatedRoute); without them
        // 401 `unauthorized('You must be logged in to do this.')`, with the pre-8.0 `status`/`message` kept.
        const userId = req.headers['x-user-id']
        const token = req.headers['x-auth-token']
        user = typeof userId === 'string' && typeof token === 'string' ? this.userByToken(token, userId) : undefined
        if (!user) {
          throw new ApiFailure(401, { success: false, error: 'You must be logged in to do this.', status: 'error', message: 'You must be logged in to do this.' })
        }
        this.enforceRateLimit(endpoint, headers)
        const fault = this.takeFault(endpoint, url.searchParams, body)
        if (fault && !fault.afterRoute) throw fault.failure
        out = this.route(method, endpoint, url.searchParams, body, user)
        if (fault) throw fault.failure
      }
    } catch (err) {
      if (!(err instanceof ApiFailure)) throw err
      status = err.status
      out = err.body
    }
    this.requests.push({ method, endpoint, status, at: this.now(), ...(user ? { user: user.username } : {}) })
    res.writeHead(status, headers)
    res.end(JSON.stringify(out))
  }

  /**
   * api.ts `enforceRateLimit`: `X-RateLimit-Limit`, `X-RateLimit-Remaining` and `X-RateLimit-Reset`
   * (UTC ms when the window ends) on every answer of a limited route; over the limit, 429
   * `tooManyRequests` with the Meteor.Error message.
   */
  private enforceRateLimit(endpoint: string, headers: Record<string, string>): void {
    const rule = this.limits.get(endpoint)
    if (!rule) return
    const now = this.now()
    if (rule.count === 0 || now >= rule.start + rule.intervalMs) {
      rule.start = now
      rule.count = 0
    }
    rule.count++
    const timeToReset = rule.start + rule.intervalMs - now
    headers['x-ratelimit-limit'] = String(rule.limit)
    headers['x-ratelimit-remaining'] = String(Math.max(0, rule.limit - rule.count))
    headers['x-ratelimit-reset'] = String(now + timeToReset)
    if (rule.count > rule.limit) {
      const seconds = Math.ceil(timeToReset / 1000)
      throw new ApiFailure(429, {
        success: false,
        error: `Error, too many requests. Please slow down. You must wait ${seconds} seconds before trying this endpoint again. [error-too-many-requests]`,
      })
    }
  }

  /**
   * `POST /api/v1/login` (api.ts `_initAuth`): `{user, password}` → `{status:'success', data:{userId,
   * authToken, me}}`; refused → 401 with the pre-8.0 `status:'error'`, and "Unauthorized" for an
   * unknown user.
   */
  private restLogin(body: Json): Json {
    const name = typeof body.user === 'string' ? body.user : body.username
    const user = typeof name === 'string' ? this.userByName(name) : undefined
    if (!user || user.password === undefined || body.password !== user.password) {
      throw new ApiFailure(401, { success: false, status: 'error', error: 'Unauthorized', message: 'Unauthorized' })
    }
    return { status: 'success', data: { userId: user._id, authToken: this.issueToken(user), me: this.wireUser(user) }, success: true }
  }

  private route(method: string, endpoint: string, query: URLSearchParams, body: Json, user: SimUser): Json {
    const ok = (result: Json) => ({ ...result, success: true })
    const key = `${method} ${endpoint}`
    switch (key) {
      // apps/meteor/app/api/server/v1/misc.ts, `me`: the user's own fields.
      case 'GET me':
        return ok(this.wireUser(user))
      // v1/chat.ts `chat.sendMessage`: `{message: {_id?, rid, msg, tmid?}}` → `{message}`.
      case 'POST chat.sendMessage': {
        if (!body.message || typeof body.message !== 'object') throw ApiFailure.meteor('error-invalid-params', 'The "message" parameter must be provided.')
        return ok({ message: this.wireMessage(this.send(user, body.message as Json), (ms) => new Date(ms).toISOString()) })
      }
      // v1/chat.ts `chat.react`: `{messageId, emoji, shouldReact?}` → `{}`.
      case 'POST chat.react': {
        const emoji = body.emoji ?? body.reaction
        if (!emoji) throw ApiFailure.meteor('error-emoji-param-not-provided', 'The required "emoji" param is missing.')
        this.setReaction(user, String(body.messageId), String(emoji), typeof body.shouldReact === 'boolean' ? body.shouldReact : undefined)
        return ok({})
      }
      // v1/chat.ts `chat.syncMessages`: `roomId`, `lastUpdate` (ISO date) → `{result: {updated, deleted}}`,
      // the messages changed after `lastUpdate`, newest first (Messages.findForUpdates).
      case 'GET chat.syncMessages': {
        const roomId = query.get('roomId')
        const lastUpdate = query.get('lastUpdate')
        if (!roomId) throw ApiFailure.meteor('error-param-required', 'The required "roomId" query param is missing')
        if (!lastUpdate || Number.isNaN(Date.parse(lastUpdate))) {
          throw ApiFailure.meteor('error-lastUpdate-param-invalid', 'The "lastUpdate" query parameter must be a valid date')
        }
        if (!this.rooms.get(roomId)?.members.has(user._id)) throw ApiFailure.plain('error-not-allowed')
        const since = Date.parse(lastUpdate)
        const updated = this.messages
          .filter((m) => m.rid === roomId && m.updatedAt > since)
          .sort((a, b) => b.ts - a.ts)
          .map((m) => this.wireMessage(m, (ms) => new Date(ms).toISOString()))
        return ok({ result: { updated, deleted: [] } })
      }
      // v1/rooms.ts `rooms.get`: the rooms the user has a subscription to → `{update, remove}`.
      case 'GET rooms.get': {
        const since = query.get('updatedSince')
        const update = [...this.rooms.values()]
          .filter((r) => r.members.has(user._id) && (!since || r.updatedAt > Date.parse(since)))
          .map((r) => this.wireRoom(r))
        return ok({ update, remove: [] })
      }
      // v1/channels.ts `channels.join`: `{roomId | roomName}` → `{channel}`; public channels only.
      case 'POST channels.join': {
        const room = this.findRoom(body.roomId, body.roomName, 'c')
        this.addToRoom(room, user)
        return ok({ channel: this.wireRoom(room) })
      }
      // v1/channels.ts and v1/groups.ts `*.roles`: `{roles: [{_id, rid, u: {_id, username, name}, roles}]}`.
      case 'GET channels.roles':
      case 'GET groups.roles': {
        const room = this.findRoom(query.get('roomId'), query.get('roomName'), endpoint === 'channels.roles' ? 'c' : 'p')
        if (!room.members.has(user._id)) throw ApiFailure.meteor('error-not-allowed', 'Not allowed')
        const roles = [...room.roles.entries()]
          .filter(([, r]) => r.length > 0)
          .map(([uid, r]) => {
            const u = this.users.get(uid)!
            return { _id: `${room._id}${uid}`, rid: room._id, u: { _id: u._id, username: u.username, name: u.name }, roles: r }
          })
        return ok({ roles })
      }
      // v1/users.ts `users.info`: `userId` or `username` → `{user}`.
      case 'GET users.info': {
        const id = query.get('userId')
        const name = query.get('username')
        const found = id ? this.users.get(id) : name ? this.userByName(name) : undefined
        if (!found) throw ApiFailure.meteor('error-invalid-user', 'User not found.')
        return ok({ user: this.wireUser(found) })
      }
      // v1/im.ts `im.create`: `{username}` → `{room: {..., rid}}`, the direct room (created when missing).
      case 'POST im.create': {
        const other = typeof body.username === 'string' ? this.userByName(body.username) : undefined
        if (!other) throw ApiFailure.meteor('error-invalid-user', 'Invalid user')
        const room = this.directRoomOf(user, other)
        return ok({ room: { ...this.wireRoom(room), rid: room._id } })
      }
    }
    throw new ApiFailure(404, { success: false, error: 'Resource not found' })
  }

  /** findChannelByIdOrName / findPrivateGroupByIdOrName: the room of that id or name and type. */
  private findRoom(roomId: unknown, roomName: unknown, type: 'c' | 'p'): SimRoom {
    if (!roomId && !roomName) throw ApiFailure.meteor('error-room-param-not-provided', 'The parameter "roomId" or "roomName" is required')
    for (const room of this.rooms.values()) {
      if (room.t === type && (room._id === roomId || (roomName && room.name === roomName))) return room
    }
    throw ApiFailure.meteor('error-room-not-found', 'The required "roomId" or "roomName" param provided does not match any channel')
  }
}
