/** The Matrix adapter's named errors (tests check `name`, not the message). */
import { describeError } from './logger.ts'

/** Thrown by {@link MatrixAdapter.post} and friends before {@link MatrixAdapter.start}. */
export class MatrixNotStartedError extends Error {
  override name = 'MatrixNotStartedError'
  constructor() {
    super('the Matrix adapter is not started')
  }
}

/** The homeserver refused or could not be reached while starting; `cause` holds the sdk's error. */
export class MatrixStartError extends Error {
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
