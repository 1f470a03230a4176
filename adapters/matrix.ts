/**
 * The Matrix adapter: yurt in a Matrix room, on matrix-bot-sdk 0.8.
 *
 * @remarks
 * Joins rooms when an allowed user invites it, acts only when addressed (see
 * `matrix/addressing.ts`), answers with an `m.notice` (HTML and a clean plain body) in the
 * question's thread or as a reply, turns reactions on its own messages into
 * {@link IncomingReaction}s, and keeps its sync token and state in `${dataDir}/matrix/` so that a
 * restart neither answers twice nor misses what was said while it was down. The sdk is loaded by
 * `matrix/sdk.ts`, which keeps the bot starting when the crypto binary is missing.
 *
 * Encrypted rooms: when a crypto build loads (the native binding, else the WebAssembly one, see
 * `matrix/sdk.ts`) the sdk decrypts what arrives and encrypts what is sent, and everything above
 * works the same in an encrypted room. The device's keys and sessions live in
 * `${dataDir}/matrix/crypto/<device id>/` (directory 0700, files 0600): a new access token for
 * another device starts a new store beside the old one rather than mixing them up.
 */
import { randomBytes } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { ICryptoStorageProvider, MatrixClient } from 'matrix-bot-sdk'
import type { ChatAdapter, IncomingMessage, IncomingReaction, MessageHandler, Reply } from './types.ts'
import { address, type BotIdentity } from './matrix/addressing.ts'
import { createSyncClient, type RawEvent, type SyncResponse } from './matrix/client.ts'
import { forgetStoredCredentials, passwordLogin, readStoredCredentials, type Credentials } from './matrix/credentials.ts'
import { allowedInviter, historicEvents, readAnnotation, readTextMessage, redactedEventId } from './matrix/inbound.ts'
import { consoleLogger, describeError, type MatrixLogger } from './matrix/logger.ts'
import { prefixReply, readPrefixCommand } from './matrix/prefix.ts'
import { noticeContent, type ReplyTarget } from './matrix/render.ts'
import { RoomDirectory } from './matrix/rooms.ts'
import { redactKeys } from './matrix/redact.ts'
import { installSdkLogger, loadMatrixSdk, type MatrixSdk } from './matrix/sdk.ts'
import { DEFAULT_RETRY, isTransient, withRetries, type RetryPolicy } from './matrix/send.ts'
import { AdapterState, type About } from './matrix/state.ts'

export type { MatrixLogger } from './matrix/logger.ts'
export { MatrixNotStartedError, MatrixSendError, MatrixStartError } from './matrix/errors.ts'
import { MatrixNotStartedError, MatrixSendError, MatrixStartError } from './matrix/errors.ts'
import { wakeableSleep } from './sleep.ts'

/** How to reach and act as the bot's Matrix account. */
export interface MatrixAdapterOptions {
  /** The homeserver's client-server API base URL, e.g. `https://matrix.example.org`. */
  homeserverUrl: string
  /** An access token; otherwise `userId` + `password` log in once and the token is kept. */
  accessToken?: string
  /** The bot's user id, `@yurt:example.org` (looked up with `whoami` when only a token is given). */
  userId?: string
  password?: string
  /** The instance's data directory; the adapter keeps its files in `${dataDir}/matrix/`. */
  dataDir: string
  /** The command prefix (default `!yurt`); a room's moderators may set another for their room (`prefix !fest`). */
  prefix?: string
  /**
   * Who may invite the bot into a room: user ids (`@alice:example.org`), server suffixes
   * (`:example.org`) or `*`. Default: users on the bot's own homeserver.
   */
  allowInviters?: string[]
  logger?: MatrixLogger
  /** Longest wait for the handler per event before the sync loop moves on, ms (default 60 000). */
  handlerTimeoutMs?: number
  /**
   * When the homeserver cannot be reached at start: true (default) to resolve `start` at once and
   * keep connecting in the background, false to reject.
   */
  waitForHomeserver?: boolean
  /** Retries for sending (rate limits, homeserver unreachable). */
  retry?: RetryPolicy
  /**
   * End-to-end encryption (default true): false leaves it off even where a crypto build loads, so
   * the bot reads unencrypted rooms only and says so once in an encrypted one.
   */
  encryption?: boolean
}

const FIRST_SYNC_WAIT_MS = 30_000
const STOP_WAIT_MS = 10_000
/** How long a stop waits for a start or a reconnection in progress (a homeserver that never answers), ms. */
const STOP_START_WAIT_MS = 500

/** The access token's device has identity keys on the homeserver that its (empty) crypto store does not hold. */
class CryptoDeviceTakenError extends Error {
  override name = 'CryptoDeviceTakenError'
  constructor(deviceId: string, dir: string) {
    super(`the device ${deviceId} of this access token already has keys on the homeserver that ${dir} does not hold (its crypto store was lost, or the token is used elsewhere)`)
  }
}

/** What the bot says, once per room, when it cannot read an encrypted room. */
export const ENCRYPTED_ROOM_NOTICE: Reply = {
  tone: 'refusal',
  blocks: [
    {
      type: 'text',
      text: 'This room is end-to-end encrypted and this yurt instance cannot read encrypted messages: its encryption is turned off or could not start (its log says why). Talk to me in an unencrypted room, or ask whoever runs me to turn it on.',
    },
  ],
}

/** yurt on Matrix: see the module remarks. */
export class MatrixAdapter implements ChatAdapter {
  readonly platform = 'matrix'
  readonly options: MatrixAdapterOptions
  private readonly dir: string
  private readonly logger: MatrixLogger
  private readonly prefix: string
  private handler: MessageHandler | null = null
  private client: MatrixClient | null = null
  private state: AdapterState | null = null
  private sdk: MatrixSdk | null = null
  private ownUserId = ''
  private starting: Promise<void> | null = null
  private running = false
  private stopped = false
  private startedAt = 0
  /** Whether this client's first sync was an initial one (no stored sync token): then all before {@link startedAt} is history. */
  private freshSession = false
  /** Event ids of the current sync batch that must not be acted on (history, pre-join). */
  private historic = new Set<string>()
  private rooms: RoomDirectory | null = null
  private inflight = new Set<Promise<unknown>>()
  private firstSync: { resolve: () => void } | null = null
  private session: { stopped: boolean } | null = null
  private reconnecting: Promise<void> | null = null
  private wake: (() => void) | null = null

  constructor(options: MatrixAdapterOptions) {
    this.options = options
    this.dir = join(options.dataDir, 'matrix')
    this.logger = options.logger ?? consoleLogger
    this.prefix = options.prefix ?? '!yurt'
  }

  /**
   * Builds an adapter from `YURT_MATRIX_HOMESERVER_URL` and either `YURT_MATRIX_ACCESS_TOKEN` or
   * `YURT_MATRIX_USER_ID` + `YURT_MATRIX_PASSWORD` (optional: `YURT_MATRIX_USER_ID` with a token,
   * `YURT_MATRIX_PREFIX`, `YURT_MATRIX_ALLOW_INVITERS` as a comma-separated list,
   * `YURT_MATRIX_ENCRYPTION=off` to leave end-to-end encryption off).
   *
   * @returns null when Matrix is not configured.
   */
  static fromEnv(
    env: Record<string, string | undefined>,
    dataDir: string,
    extra: { logger?: MatrixLogger } = {},
  ): MatrixAdapter | null {
    const homeserverUrl = env.YURT_MATRIX_HOMESERVER_URL?.trim()
    const accessToken = env.YURT_MATRIX_ACCESS_TOKEN?.trim() || undefined
    const userId = env.YURT_MATRIX_USER_ID?.trim() || undefined
    const password = env.YURT_MATRIX_PASSWORD || undefined
    if (!homeserverUrl || !(accessToken || (userId && password))) return null
    const allow = env.YURT_MATRIX_ALLOW_INVITERS?.split(',').map((s) => s.trim()).filter(Boolean)
    const options: MatrixAdapterOptions = { homeserverUrl, dataDir }
    if (accessToken) options.accessToken = accessToken
    if (userId) options.userId = userId
    if (password) options.password = password
    if (/^(off|false|0|no)$/i.test(env.YURT_MATRIX_ENCRYPTION?.trim() ?? '')) options.encryption = false
    if (env.YURT_MATRIX_PREFIX?.trim()) options.prefix = env.YURT_MATRIX_PREFIX.trim()
    if (allow?.length) options.allowInviters = allow
    if (extra.logger) options.logger = extra.logger
    return new MatrixAdapter(options)
  }

  /**
   * Whether `user` is a moderator of `room`: power level ≥ 50 in the room's `m.room.power_levels`
   * (their own entry, else `users_default`; `state_default` and `events` play no part), a creator
   * of a room version 12 room, or the creator of a room without power levels. Cached per room and
   * read again after an `m.room.power_levels` event arrives.
   *
   * @returns false (logged, with the room) when the adapter is not started or the room's state
   * cannot be read. Never throws.
   * @see https://spec.matrix.org/v1.16/client-server-api/#mroompower_levels
   */
  async isModerator(room: string, user: string): Promise<boolean> {
    if (!this.rooms) {
      this.logger.warn(`cannot tell whether ${user} moderates ${room}: the Matrix adapter is not started`)
      return false
    }
    return this.rooms.isModerator(room, user)
  }

  /** The command prefix in `room`: set from the room, else the instance's. */
  prefixIn(room: string): string {
    return this.state?.prefixes.get(room) ?? this.prefix
  }

  /** The bot's Matrix user id, once started. */
  get userId(): string {
    return this.ownUserId
  }

  /**
   * Logs in if needed, starts syncing and resolves once the first sync was handled (or after 30 s).
   * When the homeserver cannot be reached it resolves at once and keeps connecting in the background
   * (unless `waitForHomeserver` is false).
   *
   * @throws {MatrixStartError} when the homeserver refuses the credentials (or cannot be reached and
   * `waitForHomeserver` is false).
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
    const { sdk, crypto: loadedCrypto, build } = loadMatrixSdk(this.logger)
    const crypto = this.options.encryption === false ? null : loadedCrypto
    this.sdk = sdk
    installSdkLogger(sdk, this.logger)
    if (crypto && build === 'wasm') {
      // Only device ids and session ids reach the log, at debug; never keys.
      ;(crypto as { setCryptoLogger(l: { debug(m: string): void; warn(m: string): void }): void }).setCryptoLogger({
        debug: (m) => this.logger.debug?.(m),
        warn: (m) => this.logger.warn(m),
      })
    }
    mkdirSync(this.dir, { recursive: true, mode: 0o700 })
    this.state = new AdapterState(this.dir)
    this.stopped = false
    this.historic = new Set()

    try {
      await this.connect(sdk, crypto)
    } catch (err) {
      const cause = err instanceof MatrixStartError && err.cause !== undefined ? err.cause : err
      if (this.options.waitForHomeserver === false || !isTransient(cause)) throw err
      this.logger.warn(`${this.options.homeserverUrl} cannot be reached (${describeError(cause)}); connecting in the background`)
      this.running = true
      this.reconnecting = this.reconnect(sdk, crypto)
    }
  }

  /**
   * Logs in if needed and starts the client; a refused kept token leads to one fresh login.
   * Encryption never keeps the bot from starting: a device whose keys on the homeserver are not in
   * the crypto store gets a fresh login (a new device) when a password is configured, else the bot
   * starts without encryption, as it does when setting up encryption fails for any other reason
   * than the homeserver being unreachable (logged at `warn`, key material cut from the message).
   */
  private async connect(sdk: MatrixSdk, crypto: unknown): Promise<void> {
    let credentials = await this.credentials(sdk)
    try {
      try {
        await this.startClient(sdk, crypto, credentials)
      } catch (err) {
        if (!crypto || isTransient(err) || (err as { errcode?: string }).errcode === 'M_UNKNOWN_TOKEN') throw err
        if (err instanceof CryptoDeviceTakenError && this.options.userId && this.options.password && credentials.source !== 'given') {
          this.logger.warn(`${err.message}; logging in again for a new device`)
          forgetStoredCredentials(this.dir)
          credentials = await this.credentials(sdk)
          await this.startClient(sdk, crypto, credentials)
          return
        }
        const why = err instanceof CryptoDeviceTakenError ? `${err.message}; give yurt a new access token (a new login) to read them` : redactKeys(describeError(err))
        this.logger.warn(`encrypted rooms are off: ${why}`)
        await this.startClient(sdk, null, credentials)
      }
    } catch (err) {
      const refused = (err as { errcode?: string }).errcode === 'M_UNKNOWN_TOKEN'
      if (refused && credentials.source === 'stored' && this.options.userId && this.options.password) {
        this.logger.warn('the kept access token was refused; logging in again')
        forgetStoredCredentials(this.dir)
        credentials = await this.credentials(sdk)
        await this.startClient(sdk, crypto, credentials)
      } else {
        throw new MatrixStartError(`could not start on ${this.options.homeserverUrl}: ${describeError(err)}`, { cause: err })
      }
    }
  }

  /** Retries {@link connect} with backoff (1 s doubling to 30 s) until it works, fails for good, or stop. */
  private async reconnect(sdk: MatrixSdk, crypto: unknown): Promise<void> {
    let delay = 1000
    while (!this.stopped) {
      const sleep = wakeableSleep(delay)
      this.wake = sleep.wake
      await sleep.slept
      this.wake = null
      if (this.stopped) return
      try {
        await this.connect(sdk, crypto)
        return
      } catch (err) {
        const cause = err instanceof MatrixStartError && err.cause !== undefined ? err.cause : err
        if (!isTransient(cause)) {
          this.logger.error(`giving up on ${this.options.homeserverUrl}: ${describeError(cause)}`)
          this.running = false
          return
        }
        delay = Math.min(delay * 2, 30_000)
      }
    }
  }

  private async credentials(sdk: MatrixSdk): Promise<Credentials> {
    const { homeserverUrl, accessToken, userId, password } = this.options
    if (accessToken) return { userId: userId ?? '', accessToken, source: 'given' }
    if (!userId || !password) throw new MatrixStartError('Matrix needs an access token, or a user id and a password')
    const stored = readStoredCredentials(this.dir, homeserverUrl, userId)
    if (stored) return stored
    try {
      const fresh = await passwordLogin(sdk, this.dir, homeserverUrl, userId, password)
      this.logger.info(`logged in as ${fresh.userId}; the access token is kept in ${this.dir}`)
      return fresh
    } catch (err) {
      throw new MatrixStartError(`could not log in as ${userId}: ${describeError(err)}`, { cause: err })
    }
  }

  /**
   * The sdk's crypto store for the access token's device, in `crypto/<device id>/` (0700; its
   * `bot-sdk.json` created 0600 before the sdk writes it).
   *
   * @throws what `whoami` and `keys/query` throw (homeserver unreachable, token refused), so that
   * start retries; {@link CryptoDeviceTakenError} when the store is empty but the homeserver already
   * has identity keys for the device (see {@link connect}).
   */
  private async cryptoStore(sdk: MatrixSdk, crypto: unknown, accessToken: string): Promise<ICryptoStorageProvider | undefined> {
    const probe = new sdk.MatrixClient(this.options.homeserverUrl, accessToken)
    const whoami = await probe.getWhoAmI()
    const deviceId = whoami.device_id
    if (!deviceId) {
      this.logger.warn('the homeserver names no device for this access token: end-to-end encryption is off, unencrypted rooms only')
      return undefined
    }
    const dir = join(this.dir, 'crypto', encodeURIComponent(deviceId))
    const fresh = !existsSync(dir) || readdirSync(dir).every((f) => f === 'bot-sdk.json')
    if (fresh) {
      // A device's identity keys cannot change: keys on the server and none here mean the store was lost.
      const query = (await probe.doRequest('POST', '/_matrix/client/v3/keys/query', null, {
        device_keys: { [whoami.user_id]: [deviceId] },
      })) as { device_keys?: Record<string, Record<string, unknown>> }
      if (query.device_keys?.[whoami.user_id]?.[deviceId]) throw new CryptoDeviceTakenError(deviceId, dir)
    }
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 })
      chmodSync(join(this.dir, 'crypto'), 0o700)
      chmodSync(dir, 0o700)
      const sdkFile = join(dir, 'bot-sdk.json')
      if (!existsSync(sdkFile)) writeFileSync(sdkFile, JSON.stringify({ deviceId, rooms: {} }), { mode: 0o600 })
      chmodSync(sdkFile, 0o600)
      const storeType = (crypto as { StoreType: { Sqlite: number } }).StoreType.Sqlite
      const store = new sdk.RustSdkCryptoStorageProvider(dir, storeType)
      this.logger.info(`end-to-end encryption on, as device ${deviceId}`)
      return store
    } catch (err) {
      this.logger.warn(`end-to-end encryption could not be set up (${describeError(err)}); unencrypted rooms only`)
      return undefined
    }
  }

  private async startClient(sdk: MatrixSdk, crypto: unknown, credentials: Credentials): Promise<void> {
    const cryptoStore = crypto ? await this.cryptoStore(sdk, crypto, credentials.accessToken) : undefined
    // Per client: a sync of an earlier, stopped client that returns late must stay dropped.
    const session = { stopped: false }
    this.session = session
    const storage = new sdk.SimpleFsStorageProvider(join(this.dir, 'sync.json'))
    const client = createSyncClient(sdk, this.options.homeserverUrl, credentials.accessToken, storage, cryptoStore, {
      onSyncResponse: (raw, since) => this.markHistoric(raw, since),
      onEmit: (name, payload) => this.dispatch(name, payload),
      afterSync: () => {
        this.state?.flush()
        this.firstSync?.resolve()
      },
      isStopped: () => session.stopped,
      onCryptoError: (what, roomId, err) => {
        if (!session.stopped) this.logger.warn(`end-to-end encryption failed on ${what === 'onRoomJoin' ? 'joining' : 'an event of'} ${roomId}: ${redactKeys(describeError(err))}`)
      },
    })
    this.ownUserId = credentials.userId || (await client.getUserId())
    this.client = client
    this.rooms = new RoomDirectory(client, this.ownUserId, this.state!, this.logger)
    this.startedAt = Date.now()
    this.freshSession = false
    const firstSync = new Promise<void>((resolve) => {
      this.firstSync = { resolve }
      setTimeout(resolve, FIRST_SYNC_WAIT_MS).unref()
    })
    try {
      await client.start({
        presence: { not_types: ['*'] },
        room: { timeline: { limit: 50 }, ephemeral: { not_types: ['*'] } },
      })
    } catch (err) {
      session.stopped = true
      this.client = null
      client.stop()
      await this.closeCrypto(client)
      throw err
    }
    if (this.stopped) {
      // Stopped while the start was waiting on the homeserver: this client must not sync on.
      session.stopped = true
      this.client = null
      client.stop()
      return
    }
    this.running = true
    await firstSync
    this.firstSync = null
    this.logger.info(`receiving as ${this.ownUserId} on ${this.options.homeserverUrl}`)
  }

  /** Stops syncing, waits for messages being handled, stores the state; idempotent. */
  async stop(): Promise<void> {
    // A start or a reconnection waiting on a homeserver that never answers must not hold the stop:
    // each gets at most STOP_START_WAIT_MS, then the client (if any) is stopped under it.
    const bounded = (p: Promise<unknown>) => {
      let timer: NodeJS.Timeout | undefined
      return Promise.race([p.catch(() => {}), new Promise((resolve) => (timer = setTimeout(resolve, STOP_START_WAIT_MS)))]).finally(() => clearTimeout(timer))
    }
    this.stopped = true
    if (this.session) this.session.stopped = true
    if (this.starting) await bounded(this.starting)
    this.stopped = true
    this.running = false
    this.wake?.()
    if (this.reconnecting) await bounded(this.reconnecting)
    this.reconnecting = null
    if (!this.client) return
    if (this.session) this.session.stopped = true
    this.running = false
    this.client.stop()
    this.firstSync?.resolve()
    // Wait for messages being handled, but not for a handler that hangs.
    let timer: NodeJS.Timeout | undefined
    await Promise.race([
      Promise.allSettled([...this.inflight]),
      new Promise((resolve) => (timer = setTimeout(resolve, STOP_WAIT_MS))),
    ])
    clearTimeout(timer)
    this.state?.flush()
    this.client.removeAllListeners()
    await this.closeCrypto(this.client)
    this.client = null
  }

  /** Releases the client's Olm machine (the WebAssembly build saves its store first); never throws. */
  private async closeCrypto(client: MatrixClient): Promise<void> {
    const machine = (client.crypto as unknown as { engine?: { machine?: { close?: () => unknown } } } | undefined)?.engine?.machine
    try {
      await machine?.close?.()
    } catch (err) {
      this.logger.warn(`closing the crypto store failed: ${describeError(err)}`)
    }
  }

  /** Posts `reply` into `room` (optionally in a thread) as an `m.notice`; resolves with its event id. */
  async post(room: string, reply: Reply, options: { thread?: string } = {}): Promise<string | undefined> {
    const target: ReplyTarget = {}
    if (options.thread) target.thread = options.thread
    if (reply.mentions?.length) target.mention = reply.mentions
    return this.send(room, reply, target)
  }

  /** Sends `reply` to `user` in a direct room, created (and marked in `m.direct`) when there is none. */
  async sendDirect(user: string, reply: Reply): Promise<string | undefined> {
    const client = this.requireClient()
    let room: string
    try {
      room = await client.dms.getOrCreateDm(user)
    } catch (err) {
      throw new MatrixSendError(`a direct room with ${user}`, err)
    }
    return this.send(room, reply, {})
  }

  private requireClient(): MatrixClient {
    if (!this.client) throw new MatrixNotStartedError()
    return this.client
  }

  /** Sends a notice with a fixed transaction id, retrying rate limits and outages; records what it was about. */
  private async send(room: string, reply: Reply, target: ReplyTarget): Promise<string> {
    const client = this.requireClient()
    const content = noticeContent(reply, target)
    const txnId = `yurt.${Date.now().toString(36)}.${randomBytes(6).toString('hex')}`
    const encrypted = client.crypto ? await client.crypto.isRoomEncrypted(room).catch(() => false) : false
    const policy: RetryPolicy = {
      ...(this.options.retry ?? DEFAULT_RETRY),
      onRetry: (err, waitMs, attempt) =>
        this.logger.warn(`sending to ${room} failed (${describeError(err)}); retry ${attempt} in ${waitMs} ms`),
    }
    if (encrypted) policy.retryTransient = false
    let eventId: string
    try {
      eventId = await withRetries(async () => {
        if (encrypted) return client.sendEvent(room, 'm.room.message', content)
        const path = `/_matrix/client/v3/rooms/${encodeURIComponent(room)}/send/m.room.message/${encodeURIComponent(txnId)}`
        const res = (await client.doRequest('PUT', path, null, content)) as { event_id: string }
        return res.event_id
      }, policy)
    } catch (err) {
      throw new MatrixSendError(room, err)
    }
    this.state?.recordSent(eventId, reply.event)
    this.state?.flush()
    if (reply.qr) await this.sendQr(room, reply.qr, target, encrypted)
    return eventId
  }

  /**
   * Posts `qr.text` as a QR code: a PNG uploaded to the homeserver's media repository, then an
   * `m.image` (spec: "m.image", "Content repository"). In an encrypted room the PNG is encrypted
   * first (AES-CTR, the key in the encrypted event's `file`, spec "Sending encrypted attachments")
   * and the homeserver holds only ciphertext. A failure is logged only: the address is in the
   * notice either way.
   */
  private async sendQr(room: string, qr: { text: string; alt: string }, target: ReplyTarget, encrypted = false): Promise<void> {
    try {
      const client = this.requireClient()
      const { toBuffer } = await import('qrcode')
      const scale = 8
      const margin = 2
      const png = await toBuffer(qr.text, { type: 'png', scale, margin })
      // Width: the PNG header's IHDR (RFC 2083 §4.1.1), big-endian at byte 16.
      const width = png.readUInt32BE(16)
      const content: Record<string, unknown> = { msgtype: 'm.image', body: qr.alt, info: { mimetype: 'image/png', size: png.length, w: width, h: width } }
      if (encrypted && client.crypto) {
        const { buffer, file } = await client.crypto.encryptMedia(png)
        content.file = { ...file, url: await client.uploadContent(buffer, 'application/octet-stream') }
      } else {
        content.url = await client.uploadContent(png, 'image/png', 'festival-qr.png')
      }
      if (target.thread) content['m.relates_to'] = { rel_type: 'm.thread', event_id: target.thread, is_falling_back: true }
      await client.sendMessage(room, content)
    } catch (err) {
      this.logger.warn(`the QR code could not be posted in ${room}: ${describeError(err)}`)
    }
  }

  // ── the sync loop ────────────────────────────────────────────────────────────────────────────

  private markHistoric(raw: SyncResponse, since: string | null): void {
    if (!since) this.freshSession = true
    const { historic, gaps } = historicEvents(raw, since, this.startedAt, this.ownUserId, this.freshSession)
    for (const roomId of gaps) this.logger.warn(`the timeline of ${roomId} has a gap; older messages are not read`)
    this.historic = historic
    // State changes arrive in the timeline, or in `state` after a gap; the sdk emits only the former.
    for (const [roomId, room] of Object.entries(raw.rooms?.join ?? {})) {
      for (const ev of [...(room.state?.events ?? []), ...(room.timeline?.events ?? [])]) {
        if (ev.type === 'm.room.power_levels') this.rooms?.invalidatePowerLevels(roomId)
        else if (ev.type === 'm.room.member') this.rooms?.invalidate(roomId)
        else if (ev.type === 'm.room.name' || ev.type === 'm.room.canonical_alias') this.rooms?.invalidateName(roomId)
      }
    }
  }

  /** Handles one sdk event, awaited by the sync loop but never longer than the handler timeout. */
  private async dispatch(name: string, payload: unknown[]): Promise<void> {
    const work = this.route(name, payload).catch((err) => {
      const room = typeof payload[0] === 'string' ? payload[0] : '?'
      this.logger.error(`handling ${name} in ${room} failed: ${describeError(err)}`)
    })
    this.inflight.add(work)
    void work.finally(() => this.inflight.delete(work))
    const timeoutMs = this.options.handlerTimeoutMs ?? 60_000
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        this.logger.warn(`handling ${name} takes longer than ${timeoutMs} ms; the sync goes on`)
        resolve()
      }, timeoutMs)
    })
    await Promise.race([work, timeout])
    clearTimeout(timer)
  }

  private async route(name: string, payload: unknown[]): Promise<void> {
    const roomId = payload[0] as string
    switch (name) {
      case 'room.invite':
        return this.onInvite(roomId, payload[1] as RawEvent)
      case 'room.leave':
        return this.onLeave(roomId, payload[1] as RawEvent)
      case 'room.join':
        this.rooms?.invalidate(roomId)
        this.rooms?.invalidatePowerLevels(roomId)
        this.rooms?.invalidateName(roomId)
        return
      case 'room.event':
        return this.onRoomEvent(roomId, payload[1] as RawEvent)
      case 'room.failed_decryption': {
        const ev = payload[1] as RawEvent
        if (this.historic.has(ev.event_id)) return
        // The library's message may name the sender key and session: cut like every crypto log line.
        this.logger.warn(`could not decrypt ${ev.event_id} from ${ev.sender} in ${roomId}: ${redactKeys(describeError(payload[2]).split('\n')[0]!)}`)
        return
      }
    }
  }

  private async onInvite(roomId: string, ev: RawEvent): Promise<void> {
    const client = this.requireClient()
    if (!allowedInviter(ev.sender, this.ownUserId, this.options.allowInviters)) {
      this.logger.info(`declining the invite to ${roomId} from ${ev.sender} (not an allowed inviter)`)
      await client.leaveRoom(roomId).catch((err) => this.logger.warn(`declining ${roomId} failed: ${describeError(err)}`))
      return
    }
    await withRetries(() => client.joinRoom(roomId), this.options.retry ?? DEFAULT_RETRY)
    this.rooms?.invalidate(roomId)
    this.logger.info(`joined ${roomId}, invited by ${ev.sender}`)
  }

  private async onLeave(roomId: string, ev: RawEvent): Promise<void> {
    this.rooms?.invalidate(roomId)
    this.rooms?.invalidatePowerLevels(roomId)
    this.rooms?.invalidateName(roomId)
    const how = ev.sender && ev.sender !== this.ownUserId ? `removed by ${ev.sender}` : 'left'
    this.logger.info(`${how} from ${roomId}; forgetting it`)
    await this.client?.forgetRoom(roomId).catch(() => {})
  }

  private async onRoomEvent(roomId: string, ev: RawEvent): Promise<void> {
    if (ev.type === 'm.room.member') {
      this.rooms?.invalidate(roomId)
      return
    }
    if (ev.sender === this.ownUserId || this.historic.has(ev.event_id)) return
    if (this.state?.handled.has(ev.event_id)) return
    if (ev.type === 'm.room.message') return this.onMessage(roomId, ev)
    if (ev.type === 'm.room.encrypted' && !this.client?.crypto) return this.onUnreadable(roomId)
    if (ev.type === 'm.reaction') return this.onReactionAdded(roomId, ev)
    if (ev.type === 'm.room.redaction') return this.onRedaction(roomId, ev)
  }

  private async onMessage(roomId: string, ev: RawEvent): Promise<void> {
    const text = readTextMessage(ev, this.ownUserId)
    const rooms = this.rooms
    if (!text || !rooms) return
    const direct = await rooms.isDirect(roomId)
    const replyToBot = text.inReplyTo ? await rooms.sentByBot(roomId, text.inReplyTo) : false
    const identity: BotIdentity = { userId: this.ownUserId, prefix: this.prefixIn(roomId) }
    const displayName = await rooms.displayName(roomId, this.ownUserId)
    if (displayName) identity.displayName = displayName
    const addressed = address(text.body, identity, { direct, replyToBot }, text.pill)
    if (!addressed.addressed) return

    const message: IncomingMessage = {
      platform: 'matrix',
      room: roomId,
      user: ev.sender,
      messageId: ev.event_id,
      direct,
      text: addressed.text,
      ts: ev.origin_server_ts,
      roomName: () => rooms.roomName(roomId),
    }
    const userName = await rooms.displayName(roomId, ev.sender)
    if (userName) message.userName = userName
    if (text.thread) message.thread = text.thread

    let reply: Reply | null = null
    try {
      const prefixCommand = readPrefixCommand(message.text)
      reply = prefixCommand ? await this.setPrefix(roomId, ev.sender, prefixCommand) : ((await this.handler?.onMessage(message)) ?? null)
    } catch (err) {
      this.logger.error(`the handler failed on ${ev.event_id} in ${roomId}: ${describeError(err)}`)
    }
    if (reply && !this.stopped) {
      const target: ReplyTarget = { inReplyTo: ev.event_id }
      if (text.thread) target.thread = text.thread
      if (!direct) target.mention = [ev.sender]
      try {
        await this.send(roomId, reply, target)
      } catch (err) {
        this.logger.error(`answering ${ev.event_id} in ${roomId} failed: ${describeError(err)}`)
      }
    }
    this.state?.markHandled(ev.event_id)
    this.state?.flush()
  }

  /** Sets the room's prefix when `user` moderates it; the answer says what happened. */
  private async setPrefix(roomId: string, user: string, command: { prefix: string; lang: 'en' | 'fr' | 'de' }): Promise<Reply> {
    if (!command.prefix) return prefixReply(command.lang, 'bad')
    if (!(await this.isModerator(roomId, user))) return prefixReply(command.lang, 'notModerator')
    this.state?.setPrefix(roomId, command.prefix)
    this.state?.flush()
    this.logger.info(`${user} set the prefix of ${roomId} to ${command.prefix}`)
    return prefixReply(command.lang, 'set', command.prefix)
  }

  /** Says once per room (remembered in the state) that encrypted messages cannot be read here. */
  private async onUnreadable(roomId: string): Promise<void> {
    const key = `encrypted:${roomId}`
    if (this.state?.handled.has(key)) return
    this.state?.markHandled(key)
    this.logger.warn(`${roomId} is encrypted and end-to-end encryption is unavailable; its messages cannot be read`)
    try {
      await this.send(roomId, ENCRYPTED_ROOM_NOTICE, {})
    } catch (err) {
      this.logger.error(`telling ${roomId} that it cannot be read failed: ${describeError(err)}`)
    }
  }

  private async onReactionAdded(roomId: string, ev: RawEvent): Promise<void> {
    const annotation = readAnnotation(ev)
    const state = this.state
    if (!annotation || !state?.sent.has(annotation.target)) return
    state.recordReaction(ev.event_id, { room: roomId, target: annotation.target, key: annotation.key, user: ev.sender })
    await this.deliverReaction(roomId, ev.sender, ev.event_id, annotation.target, annotation.key, true)
    state.markHandled(ev.event_id)
  }

  private async onRedaction(roomId: string, ev: RawEvent): Promise<void> {
    const redacts = redactedEventId(ev)
    const state = this.state
    const seen = redacts ? state?.reactions.get(redacts) : undefined
    if (!redacts || !state || !seen || seen.room !== roomId) return
    await this.deliverReaction(roomId, seen.user, redacts, seen.target, seen.key, false)
    state.forgetReaction(redacts)
    state.markHandled(ev.event_id)
  }

  private async deliverReaction(
    roomId: string,
    user: string,
    messageId: string,
    target: string,
    key: string,
    added: boolean,
  ): Promise<void> {
    if (!this.handler?.onReaction) return
    const reaction: IncomingReaction = { platform: 'matrix', room: roomId, user, messageId, targetMessageId: target, key, added }
    const about: About | null | undefined = this.state?.sent.get(target)
    if (about) reaction.about = about
    const name = await this.rooms?.displayName(roomId, user)
    if (name) reaction.userName = name
    try {
      await this.handler.onReaction(reaction)
    } catch (err) {
      this.logger.error(`the reaction handler failed on ${messageId} in ${roomId}: ${describeError(err)}`)
    }
  }
}
