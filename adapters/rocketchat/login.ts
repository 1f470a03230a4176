/**
 * Logging the bot in: a DDP `login` with `{resume: token}` or with the password's SHA-256 digest
 * (see `realtime.ts`), and the error that names the setting to fix when the server refuses.
 */
import { ChatLoginError, ConfigError } from '../../core/errors.ts'
import type { RocketChatAdapterOptions } from './config.ts'
import { forgetStoredToken, readStoredToken, storeToken } from './credentials.ts'
import { describeError, type RocketChatLogger } from './logger.ts'
import { isLoginRefused, type LoginResult, type RealtimeSession } from './realtime.ts'

/**
 * Logs a realtime session in: with the personal access token, else with a token kept from an earlier
 * password login (resumed first), else with the password (whose token is then kept in `dir`).
 *
 * @throws {ChatLoginError} naming the setting when the server refuses the credentials.
 */
export async function logIn(session: RealtimeSession, options: RocketChatAdapterOptions, dir: string, logger: RocketChatLogger): Promise<LoginResult> {
  const { authToken, userId, username, password, serverUrl } = options
  if (authToken) {
    let result: LoginResult
    try {
      result = await session.loginWithToken(authToken)
    } catch (err) {
      if (isLoginRefused(err)) throw loginRefused(options, err)
      throw err
    }
    if (userId && result.id !== userId) {
      throw new ChatLoginError('YURT_ROCKETCHAT_USER_ID', `the token belongs to the user ${result.id}, not to ${userId}`)
    }
    return result
  }
  if (!username || !password) throw new ConfigError('YURT_ROCKETCHAT_USER', 'Rocket.Chat needs a username and password, or a user id and personal access token')
  const stored = readStoredToken(dir, serverUrl, username)
  if (stored) {
    try {
      return await session.loginWithToken(stored.token)
    } catch (err) {
      if (!isLoginRefused(err)) throw err
      logger.warn('the kept login token was refused; logging in with the password again')
      forgetStoredToken(dir)
    }
  }
  let result: LoginResult
  try {
    result = await session.loginWithPassword(username, password)
  } catch (err) {
    if (isLoginRefused(err)) throw loginRefused(options, err)
    throw err
  }
  storeToken(dir, { serverUrl, username, userId: result.id, token: result.token })
  logger.info(`logged in as ${username}; the login token is kept in ${dir}`)
  return result
}

/** The login error naming the setting to fix. */
export function loginRefused(options: RocketChatAdapterOptions, err: unknown): ChatLoginError {
  const { serverUrl, authToken, userId, username } = options
  if (authToken) {
    return new ChatLoginError(
      'YURT_ROCKETCHAT_TOKEN',
      `${serverUrl} refused the personal access token of ${userId} (${describeError(err)}); it may be expired or revoked: create a new one under My Account → Personal Access Tokens`,
      { cause: err },
    )
  }
  return new ChatLoginError('YURT_ROCKETCHAT_PASSWORD', `${serverUrl} refused the login of ${username} (${describeError(err)}); check the username and password`, { cause: err })
}
