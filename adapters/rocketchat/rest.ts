/**
 * Rocket.Chat's REST API (`/api/v1/*`) with its rate limits honoured.
 *
 * @remarks
 * Every authenticated call carries `X-User-Id` and `X-Auth-Token`
 * (https://developer.rocket.chat/apidocs/authentication; apps/meteor/app/api/server/api.ts,
 * `authenticatedRoute`). A limited route answers with `X-RateLimit-Limit`, `X-RateLimit-Remaining`
 * and `X-RateLimit-Reset` — the UTC ms at which its window ends — and, over the limit, with HTTP 429
 * and `{success: false, error: "… You must wait N seconds …"}` (api.ts, `enforceRateLimit` and
 * `tooManyRequests`). Here a 429 waits until `X-RateLimit-Reset` (else the seconds the message names)
 * and tries again; a response with `X-RateLimit-Remaining: 0` holds later calls to that route until
 * the reset, so the limit is not hit in the first place. A 429 is always safe to repeat: the limit is
 * checked before the route runs. Network failures and HTTP 5xx (a proxy with the server away, 500
 * while it restarts) are repeated (with backoff) only when the caller says the request is idempotent.
 */
import { RocketChatApiError } from './errors.ts'

/** Time, injectable for tests. */
export interface Clock {
  /** UTC ms. */
  now(): number
  /** Resolves after `ms` (early when `signal` aborts). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>
}

/** The real clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve()
      const timer = setTimeout(done, ms)
      function done() {
        clearTimeout(timer)
        signal?.removeEventListener('abort', done)
        resolve()
      }
      signal?.addEventListener('abort', done, { once: true })
    }),
}

/** Limits for retrying. */
export interface RestRetryPolicy {
  /** Attempts in all, including the first (default 6). */
  attempts: number
  /** Longest single wait, ms (default 60 000). */
  maxWaitMs: number
  /** First backoff for network failures, ms (doubles each time; default 500). */
  baseBackoffMs: number
}

export const DEFAULT_REST_RETRY: RestRetryPolicy = { attempts: 6, maxWaitMs: 60_000, baseBackoffMs: 500 }

export interface RestClientOptions {
  /** The server's base URL, e.g. `https://chat.example.org` (a path prefix is kept). */
  baseUrl: string
  clock?: Clock
  retry?: Partial<RestRetryPolicy>
  /** Told about every wait (rate limit or backoff). */
  onWait?: (endpoint: string, waitMs: number, why: string) => void
}

/** Per-call options. */
export interface CallOptions {
  /** Repeat on network failures and HTTP 5xx too (the request must be safe to repeat). */
  idempotent?: boolean
}

/** Node's fetch failure codes that mean the server could not be reached or the connection broke. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT'])

/** True for an error where the server could not be reached (or answered 502/503/504). */
export function isUnreachable(err: unknown): boolean {
  if (err instanceof RocketChatApiError) return err.status === 502 || err.status === 503 || err.status === 504
  if (!err || typeof err !== 'object') return false
  const e = err as { code?: string; cause?: { code?: string }; name?: string }
  return NETWORK_CODES.has(e.code ?? '') || NETWORK_CODES.has(e.cause?.code ?? '') || (e.name === 'TypeError' && e.cause !== undefined)
}

/**
 * True for an error worth trying again later: the server could not be reached, or answered HTTP 5xx
 * (down, restarting, overloaded) or 429 (still limited after the retries).
 */
export function isTemporary(err: unknown): boolean {
  if (err instanceof RocketChatApiError) return err.status >= 500 || err.status === 429
  return isUnreachable(err)
}

/** The wait a 429 asks for, ms: `X-RateLimit-Reset` − now, else "wait N seconds" in the body, else 1 s. */
function rateLimitWait(headers: Headers, body: unknown, now: number): number {
  const reset = Number(headers.get('x-ratelimit-reset'))
  if (Number.isFinite(reset) && reset > 0) return Math.max(0, reset - now)
  const retryAfter = Number(headers.get('retry-after'))
  if (Number.isFinite(retryAfter) && retryAfter > 0) return retryAfter * 1000
  const text = (body as { error?: unknown } | null)?.error
  const seconds = typeof text === 'string' ? /wait (\d+) seconds?/.exec(text)?.[1] : undefined
  return seconds ? Number(seconds) * 1000 : 1000
}

/** A small REST client; see the module remarks. */
export class RestClient {
  readonly baseUrl: string
  private readonly clock: Clock
  private readonly retry: RestRetryPolicy
  private readonly onWait: ((endpoint: string, waitMs: number, why: string) => void) | undefined
  private credentials: { userId: string; token: string } | null = null
  /** Route → UTC ms until which it is exhausted (`X-RateLimit-Remaining: 0`). */
  private readonly exhausted = new Map<string, number>()
  private abort = new AbortController()

  constructor(options: RestClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '')
    this.clock = options.clock ?? systemClock
    this.retry = { ...DEFAULT_REST_RETRY, ...options.retry }
    this.onWait = options.onWait
  }

  /** Acts as `userId` with the login or personal access token `token` from now on. */
  setCredentials(userId: string, token: string): void {
    this.credentials = { userId, token }
  }

  /** Cuts short every wait and request in flight (on stop); later calls work again. */
  interrupt(): void {
    this.abort.abort()
    this.abort = new AbortController()
  }

  /** `GET /api/v1/<endpoint>?query`; resolves with the JSON body. GETs are idempotent. */
  get<T>(endpoint: string, query: Record<string, string> = {}): Promise<T> {
    return this.call<T>('GET', endpoint, query, undefined, { idempotent: true })
  }

  /** `POST /api/v1/<endpoint>` with a JSON body; resolves with the JSON body. */
  post<T>(endpoint: string, body: unknown, options: CallOptions = {}): Promise<T> {
    return this.call<T>('POST', endpoint, {}, body, options)
  }

  /**
   * @throws {RocketChatApiError} for an error answer (after the retries, for 429, and for 5xx when idempotent);
   * the fetch error when the server cannot be reached (after the retries, when idempotent).
   */
  private async call<T>(method: string, endpoint: string, query: Record<string, string>, body: unknown, options: CallOptions): Promise<T> {
    const url = new URL(`${this.baseUrl}/api/v1/${endpoint}`)
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v)
    const signal = this.abort.signal
    for (let attempt = 1; ; attempt++) {
      const held = (this.exhausted.get(endpoint) ?? 0) - this.clock.now()
      if (held > 0) {
        const wait = Math.min(held, this.retry.maxWaitMs)
        this.onWait?.(endpoint, wait, 'X-RateLimit-Remaining is 0')
        await this.clock.sleep(wait, signal)
      }
      this.exhausted.delete(endpoint)
      const headers: Record<string, string> = { accept: 'application/json' }
      if (body !== undefined) headers['content-type'] = 'application/json'
      if (this.credentials) {
        headers['x-user-id'] = this.credentials.userId
        headers['x-auth-token'] = this.credentials.token
      }
      let res: Response
      try {
        res = await fetch(url, { method, headers, body: body === undefined ? null : JSON.stringify(body), signal })
      } catch (err) {
        if (signal.aborted || !options.idempotent || attempt >= this.retry.attempts || !isUnreachable(err)) throw err
        const wait = Math.min(this.retry.baseBackoffMs * 2 ** (attempt - 1), this.retry.maxWaitMs)
        this.onWait?.(endpoint, wait, 'the server cannot be reached')
        await this.clock.sleep(wait, signal)
        continue
      }
      const json = (await res.json().catch(() => ({}))) as Record<string, unknown>
      const remaining = res.headers.get('x-ratelimit-remaining')
      const reset = Number(res.headers.get('x-ratelimit-reset'))
      if (remaining === '0' && Number.isFinite(reset) && res.status !== 429) this.exhausted.set(endpoint, reset)
      if (res.status === 429 && attempt < this.retry.attempts && !signal.aborted) {
        const wait = Math.min(rateLimitWait(res.headers, json, this.clock.now()), this.retry.maxWaitMs)
        this.onWait?.(endpoint, wait, 'HTTP 429')
        await this.clock.sleep(wait, signal)
        continue
      }
      const error = new RocketChatApiError(endpoint, res.status, json)
      if (res.status >= 500 && options.idempotent && attempt < this.retry.attempts && !signal.aborted) {
        const wait = Math.min(this.retry.baseBackoffMs * 2 ** (attempt - 1), this.retry.maxWaitMs)
        this.onWait?.(endpoint, wait, `HTTP ${res.status}`)
        await this.clock.sleep(wait, signal)
        continue
      }
      if (!res.ok || json.success === false) throw error
      return json as T
    }
  }
}
