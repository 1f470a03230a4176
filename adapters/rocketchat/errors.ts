/** The Rocket.Chat adapter's named errors (tests check `name`, not the message). */

/** Thrown by {@link RocketChatAdapter.post} and friends before {@link RocketChatAdapter.start}. */
export class RocketChatNotStartedError extends Error {
  override name = 'RocketChatNotStartedError'
  constructor() {
    super('the Rocket.Chat adapter is not started')
  }
}

/**
 * A REST call answered with an error: `status` is the HTTP status, `error` and `errorType` come from
 * the body (`{success: false, error, errorType}`, apps/meteor/app/api/server/api.ts `failure`).
 */
export class RocketChatApiError extends Error {
  override name = 'RocketChatApiError'
  readonly endpoint: string
  readonly status: number
  readonly errorType: string | undefined
  constructor(endpoint: string, status: number, body: { error?: unknown; errorType?: unknown; message?: unknown }) {
    const text = typeof body.error === 'string' ? body.error : typeof body.message === 'string' ? body.message : `HTTP ${status}`
    super(`${endpoint}: ${status} ${text}`)
    this.endpoint = endpoint
    this.status = status
    this.errorType = typeof body.errorType === 'string' ? body.errorType : undefined
  }
}

/** The realtime connection could not be opened or dropped while opening; `cause` says why. */
export class RocketChatConnectError extends Error {
  override name = 'RocketChatConnectError'
}

/** Sending into a room failed after the retries; `room` names it, `cause` holds the last error. */
export class RocketChatSendError extends Error {
  override name = 'RocketChatSendError'
  readonly room: string
  constructor(room: string, cause: unknown) {
    super(`sending to ${room} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause })
    this.room = room
  }
}
