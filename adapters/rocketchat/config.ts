/**
 * The Rocket.Chat adapter's options, and reading them from the environment.
 */
import { ConfigError } from '../../core/errors.ts'
import type { RocketChatLogger } from './logger.ts'
import type { Clock, RestRetryPolicy } from './rest.ts'

/** How to reach and act as the bot's Rocket.Chat account. */
export interface RocketChatAdapterOptions {
  /** The server's base URL, e.g. `https://chat.example.org`. */
  serverUrl: string
  /** The bot's username, with {@link password}. */
  username?: string
  password?: string
  /** The bot's user id, with {@link authToken} (a personal access token). */
  userId?: string
  authToken?: string
  /** The instance's data directory; the adapter keeps its files in `${dataDir}/rocketchat/`. */
  dataDir: string
  /** Public channels to join at start, by name (`festival`, `#festival`). */
  channels?: string[]
  /** The command prefix (default `!yurt`). */
  prefix?: string
  logger?: RocketChatLogger
  /** The clock for REST waits (rate limits, backoff); injectable for tests. */
  clock?: Clock
  /** Retries of REST calls. */
  retry?: Partial<RestRetryPolicy>
  /** Reconnect backoff, ms (default 1 000 doubling to 30 000). */
  reconnect?: { baseMs: number; maxMs: number }
  /** When the server cannot be reached at start: true (default) to resolve at once and keep trying, false to reject. */
  waitForServer?: boolean
  /** Longest wait for the handler per message before the next one is read, ms (default 60 000). */
  handlerTimeoutMs?: number
  /** Longest message, characters (the server's `Message_MaxAllowedSize`, default 5000). */
  maxMessageLength?: number
}

/**
 * Reads `YURT_ROCKETCHAT_URL` and either `YURT_ROCKETCHAT_USER` + `YURT_ROCKETCHAT_PASSWORD` or
 * `YURT_ROCKETCHAT_USER_ID` + `YURT_ROCKETCHAT_TOKEN` (a personal access token); optional
 * `YURT_ROCKETCHAT_CHANNELS` (comma-separated channel names to join) and `YURT_ROCKETCHAT_PREFIX`.
 *
 * @returns null when no `YURT_ROCKETCHAT_*` setting is present.
 * @throws {ConfigError} naming the setting when the configuration is incomplete or the URL is not http(s).
 */
export function optionsFromEnv(env: Record<string, string | undefined>, dataDir: string): RocketChatAdapterOptions | null {
  const get = (name: string) => env[name]?.trim() || undefined
  const serverUrl = get('YURT_ROCKETCHAT_URL')
  const username = get('YURT_ROCKETCHAT_USER')
  const password = env.YURT_ROCKETCHAT_PASSWORD || undefined
  const userId = get('YURT_ROCKETCHAT_USER_ID')
  const authToken = get('YURT_ROCKETCHAT_TOKEN')
  if (!serverUrl && !username && !password && !userId && !authToken) return null
  if (!serverUrl) throw new ConfigError('YURT_ROCKETCHAT_URL', 'is missing: the Rocket.Chat server, e.g. https://chat.example.org')
  if (!/^https?:\/\/[^/]+/i.test(serverUrl)) throw new ConfigError('YURT_ROCKETCHAT_URL', `"${serverUrl}" is not an http(s) URL such as https://chat.example.org`)
  const options: RocketChatAdapterOptions = { serverUrl: serverUrl.replace(/\/+$/, ''), dataDir }
  if (userId || authToken) {
    if (!userId) throw new ConfigError('YURT_ROCKETCHAT_USER_ID', 'is missing: a personal access token (YURT_ROCKETCHAT_TOKEN) needs the user id it belongs to')
    if (!authToken) throw new ConfigError('YURT_ROCKETCHAT_TOKEN', 'is missing: YURT_ROCKETCHAT_USER_ID needs the personal access token of that user')
    options.userId = userId
    options.authToken = authToken
  } else {
    if (!username) throw new ConfigError('YURT_ROCKETCHAT_USER', 'is missing: the bot\'s username (or set YURT_ROCKETCHAT_USER_ID and YURT_ROCKETCHAT_TOKEN)')
    if (!password) throw new ConfigError('YURT_ROCKETCHAT_PASSWORD', `is missing: the password of ${username} (or set YURT_ROCKETCHAT_USER_ID and YURT_ROCKETCHAT_TOKEN)`)
    options.username = username
    options.password = password
  }
  const channels = env.YURT_ROCKETCHAT_CHANNELS?.split(',').map((s) => s.trim().replace(/^#/, '')).filter(Boolean)
  if (channels?.length) options.channels = channels
  if (get('YURT_ROCKETCHAT_PREFIX')) options.prefix = get('YURT_ROCKETCHAT_PREFIX')!
  return options
}
