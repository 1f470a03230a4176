/**
 * Sending with retries: `M_LIMIT_EXCEEDED` waits `retry_after_ms`, a homeserver that cannot be
 * reached is retried with backoff, everything else fails at once.
 *
 * @remarks
 * Retrying is safe only because the caller sends with a fixed transaction id
 * (`PUT /rooms/{roomId}/send/{type}/{txnId}`, Matrix client-server spec "Sending events"): the
 * homeserver answers a repeated transaction with the first event id instead of sending twice.
 */

/** Limits for {@link withRetries}. */
export interface RetryPolicy {
  /** Attempts in all, including the first. */
  attempts: number
  /** Longest single wait, ms. */
  maxWaitMs: number
  /** First backoff for network errors, ms (doubles each time). */
  baseBackoffMs: number
  /** Retry network errors too (default true); only safe when the request is idempotent. */
  retryTransient?: boolean
  /** Waits `ms` (injected for tests). */
  sleep?: (ms: number) => Promise<void>
  /** Told about each retry. */
  onRetry?: (err: unknown, waitMs: number, attempt: number) => void
}

/** The default: 6 attempts, waits capped at 30 s. */
export const DEFAULT_RETRY: RetryPolicy = { attempts: 6, maxWaitMs: 30_000, baseBackoffMs: 500 }

/** The wait a rate-limit error asks for, ms, or `undefined` when `err` is not a rate limit. */
export function rateLimitWait(err: unknown): number | undefined {
  if (!err || typeof err !== 'object') return undefined
  const e = err as { errcode?: string; statusCode?: number; retryAfterMs?: number; body?: { retry_after_ms?: number } }
  if (e.errcode !== 'M_LIMIT_EXCEEDED' && e.statusCode !== 429) return undefined
  const ms = e.retryAfterMs ?? e.body?.retry_after_ms
  return typeof ms === 'number' && ms >= 0 ? ms : 1000
}

/** True for errors where the request may not have reached the homeserver, or it was unavailable. */
export function isTransient(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false
  const e = err as { code?: string; statusCode?: number; errcode?: string; cause?: { code?: string } }
  if (e.errcode) return false
  if (typeof e.statusCode === 'number') return e.statusCode === 502 || e.statusCode === 503 || e.statusCode === 504
  const code = e.code ?? e.cause?.code
  return (
    code === 'ECONNREFUSED' ||
    code === 'ECONNRESET' ||
    code === 'ETIMEDOUT' ||
    code === 'ESOCKETTIMEDOUT' ||
    code === 'EPIPE' ||
    code === 'EAI_AGAIN' ||
    code === 'UND_ERR_SOCKET'
  )
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/**
 * Runs `send`, retrying rate limits (after `retry_after_ms`) and transient network errors (with
 * exponential backoff), at most `policy.attempts` times.
 *
 * @throws the last error when attempts run out, or the first error that is neither.
 */
export async function withRetries<T>(send: () => Promise<T>, policy: RetryPolicy = DEFAULT_RETRY): Promise<T> {
  const sleep = policy.sleep ?? realSleep
  for (let attempt = 1; ; attempt++) {
    try {
      return await send()
    } catch (err) {
      if (attempt >= policy.attempts) throw err
      const limited = rateLimitWait(err)
      let wait: number
      if (limited !== undefined) wait = limited
      else if (policy.retryTransient !== false && isTransient(err)) wait = policy.baseBackoffMs * 2 ** (attempt - 1)
      else throw err
      wait = Math.min(wait, policy.maxWaitMs)
      policy.onRetry?.(err, wait, attempt)
      await sleep(wait)
    }
  }
}
