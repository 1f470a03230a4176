/**
 * One realtime session with a Rocket.Chat server, on `@rocket.chat/ddp-client`.
 *
 * @remarks
 * Rocket.Chat's realtime API is DDP over a WebSocket at `/websocket`
 * (https://developer.rocket.chat/apidocs/realtime-api; Meteor's DDP.md): `connect` → `connected`,
 * `ping` ↔ `pong` (the sdk's `TimeoutControl` pings after 30 s of silence and closes after 60 s),
 * the `login` method with `{resume: token}` or `{user: {username}, password: {digest, algorithm:
 * 'sha-256'}}`, and subscriptions to streams whose events arrive as `changed` messages on the
 * collection `stream-<name>` with `fields: {eventName, args}`
 * (apps/meteor/server/modules/streamer/streamer.module.ts).
 *
 * A session is used for one connection only: when it drops, the adapter opens a new one (with
 * backoff) and subscribes again. The sdk's own reconnect is switched off (`retryCount: 0`), because
 * its automatic re-login is fire-and-forget (an expired token would surface as an unhandled
 * rejection) and its re-subscriptions can reach the server before the login.
 */
import { createHash } from 'node:crypto'
import { DDPSDK, type SDK } from '@rocket.chat/ddp-client'
import { RocketChatConnectError } from './errors.ts'

/** What a successful DDP `login` returns. */
export interface LoginResult {
  /** The user id. */
  id: string
  /** The login token (for `resume` and REST's `X-Auth-Token`). */
  token: string
  /** When the token expires, UTC ms (NaN when the server did not say). */
  tokenExpires: number
}

/** A DDP error as the server sends it (an EJSON `Meteor.Error`: `error`, `reason`, `message`). */
export interface DdpError {
  error?: string | number
  reason?: string
  message?: string
}

/** True for a refused `login` (Meteor answers 403 for an unknown user, a wrong password, an unknown or expired token). */
export function isLoginRefused(err: unknown): err is DdpError {
  const code = (err as DdpError | null)?.error
  return code === 403 || code === '403' || code === 400 || code === 'error-user-not-found'
}

/** The SHA-256 digest of a password, hex, as Meteor's `accounts-password` expects it. */
export function passwordDigest(password: string): string {
  return createHash('sha256').update(password, 'utf8').digest('hex')
}

/** Turns a server base URL (`http(s)://host[/prefix]`) into what the sdk wants (it adds `/websocket`). */
function sdkUrl(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '')
}

/** One realtime connection; see the module remarks. */
export class RealtimeSession {
  private readonly sdk: DDPSDK
  private closedByUs = false
  private lostHandlers: Array<() => void> = []
  private lost = false
  /** Rejects when the connection drops or is closed: a call or subscription waiting for an answer gives up then. */
  private readonly ended: Promise<never>

  private constructor(sdk: DDPSDK, baseUrl: string) {
    this.sdk = sdk
    let end: (err: Error) => void = () => undefined
    this.ended = new Promise<never>((_, reject) => (end = reject))
    this.ended.catch(() => undefined)
    this.sdk.connection.on('connection', (status) => {
      if (status !== 'disconnected' && status !== 'closed') return
      end(new RocketChatConnectError(`the connection to ${baseUrl} ${this.closedByUs ? 'was closed' : 'dropped'}`))
      if (!this.closedByUs && !this.lost) {
        this.lost = true
        this.sdk.timeoutControl.stop()
        for (const handler of this.lostHandlers) handler()
      }
    })
  }

  /** `work`, or a {@link RocketChatConnectError} when the connection ends first. */
  private guard<T>(work: Promise<T>): Promise<T> {
    return Promise.race([work, this.ended])
  }

  /**
   * Opens a WebSocket to `${baseUrl}/websocket` and completes the DDP handshake.
   *
   * @throws {RocketChatConnectError} when the socket closes before `connected`, or after `timeoutMs`.
   */
  static async open(baseUrl: string, timeoutMs = 30_000): Promise<RealtimeSession> {
    const sdk = DDPSDK.create(sdkUrl(baseUrl), { retryCount: 0, retryTime: 0 })
    let timer: NodeJS.Timeout | undefined
    let offStatus: (() => void) | undefined
    try {
      await Promise.race([
        sdk.connection.connect(),
        new Promise<never>((_, reject) => {
          offStatus = sdk.connection.on('connection', (status) => {
            if (status === 'disconnected' || status === 'failed') reject(new RocketChatConnectError(`${baseUrl}/websocket closed before the DDP handshake`))
          })
          timer = setTimeout(() => reject(new RocketChatConnectError(`no DDP handshake from ${baseUrl}/websocket within ${timeoutMs} ms`)), timeoutMs)
        }),
      ])
    } catch (err) {
      sdk.timeoutControl.stop()
      sdk.connection.close()
      throw err instanceof RocketChatConnectError ? err : new RocketChatConnectError(`the DDP handshake with ${baseUrl} failed`, { cause: err })
    } finally {
      clearTimeout(timer)
      offStatus?.()
    }
    return new RealtimeSession(sdk, baseUrl)
  }

  /** Calls `fn` once, when the connection drops (not when {@link close} closed it). */
  onLost(fn: () => void): void {
    if (this.lost) queueMicrotask(fn)
    else this.lostHandlers.push(fn)
  }

  /** True while the connection is up. */
  get connected(): boolean {
    return !this.lost && !this.closedByUs && this.sdk.connection.status === 'connected'
  }

  /**
   * `login` with `{resume: token}` (a login token or a personal access token).
   *
   * @throws the server's {@link DdpError} when refused ({@link isLoginRefused}).
   */
  async loginWithToken(token: string): Promise<LoginResult> {
    return readLogin(await this.guard(this.sdk.client.callAsyncWithOptions('login', { wait: true }, { resume: token })))
  }

  /**
   * `login` with the password's SHA-256 digest (the password itself never crosses the wire).
   *
   * @throws the server's {@link DdpError} when refused ({@link isLoginRefused}).
   */
  async loginWithPassword(username: string, password: string): Promise<LoginResult> {
    const params = { user: { username }, password: { digest: passwordDigest(password), algorithm: 'sha-256' } }
    return readLogin(await this.guard(this.sdk.client.callAsyncWithOptions('login', { wait: true }, params)))
  }

  /**
   * Subscribes to `stream-<name>` for `eventName` and resolves once the server said `ready`;
   * `onEvent` gets each event's `args`.
   *
   * @throws the server's {@link DdpError} when it answers `nosub` (e.g. `not-allowed`);
   * {@link RocketChatConnectError} when the connection ends first.
   */
  async subscribe(name: string, eventName: string, onEvent: (args: unknown[]) => void): Promise<() => void> {
    // The typed overload knows only Rocket.Chat's own stream names; the untyped one is the same call.
    const sub = (this.sdk as SDK).stream(name, [eventName], (...args: unknown[]) => onEvent(args))
    let stopped = false
    const stop = () => {
      if (stopped) return
      stopped = true
      if (this.connected) sub.stop()
    }
    try {
      await this.guard(sub.ready())
    } catch (err) {
      stopped = true
      throw err
    }
    return stop
  }

  /** Closes the connection; no {@link onLost} call follows. Idempotent. */
  close(): void {
    if (this.closedByUs) return
    this.closedByUs = true
    this.sdk.timeoutControl.stop()
    this.sdk.connection.close()
  }
}

function readLogin(result: unknown): LoginResult {
  const r = result as { id?: unknown; token?: unknown; tokenExpires?: { $date?: unknown } } | null
  if (!r || typeof r.id !== 'string' || typeof r.token !== 'string') throw new RocketChatConnectError('the login answer has no user id and token')
  return { id: r.id, token: r.token, tokenExpires: Number(r.tokenExpires?.$date ?? Number.NaN) }
}
