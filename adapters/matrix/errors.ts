/** The Matrix adapter's named errors (tests check `name`, not the message). */
import { YurtError } from '../../core/errors.ts'
import { describeError } from './logger.ts'

/** Thrown by {@link MatrixAdapter.post} and friends before {@link MatrixAdapter.start}. */
export class MatrixNotStartedError extends Error {
  override name = 'MatrixNotStartedError'
  constructor() {
    super('the Matrix adapter is not started')
  }
}

/**
 * The homeserver refused or could not be reached while starting; `cause` holds the sdk's error.
 * A {@link YurtError}, so `yurt start` prints its message (which names the homeserver or user) without a stack.
 */
export class MatrixStartError extends YurtError {
  override name = 'MatrixStartError'
}

/** Sending into a room failed after the retries; `room` names it, `cause` holds the sdk's error. */
export class MatrixSendError extends Error {
  override name = 'MatrixSendError'
  readonly room: string
  constructor(room: string, cause: unknown) {
    super(`sending to ${room} failed: ${describeError(cause)}`, { cause })
    this.room = room
  }
}
