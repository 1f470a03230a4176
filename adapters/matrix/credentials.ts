/**
 * The bot's Matrix credentials: an access token given directly, or a password login done once
 * whose token is kept in `${dataDir}/matrix/credentials.json` (mode 0600).
 */
import { mkdirSync, rmSync } from 'node:fs'
import { readJsonFile, writeJsonFile } from '../json-file.ts'
import { join } from 'node:path'
import type { MatrixSdk } from './sdk.ts'

/** A user id and the access token to act as it. */
export interface Credentials {
  userId: string
  accessToken: string
  /** Where the token came from: given, kept from an earlier login, or a fresh login. */
  source: 'given' | 'stored' | 'login'
}

interface StoredCredentials {
  homeserverUrl: string
  userId: string
  accessToken: string
}

/** Reads the token kept by an earlier login, when it was made for this homeserver and user. */
export function readStoredCredentials(dir: string, homeserverUrl: string, userId: string): Credentials | null {
  const stored = (readJsonFile(join(dir, 'credentials.json')) ?? {}) as Partial<StoredCredentials>
  if (stored.homeserverUrl === homeserverUrl && stored.userId === userId && typeof stored.accessToken === 'string') {
    return { userId, accessToken: stored.accessToken, source: 'stored' }
  }
  return null
}

/** Forgets a kept token (after the homeserver refused it). */
export function forgetStoredCredentials(dir: string): void {
  rmSync(join(dir, 'credentials.json'), { force: true })
}

/**
 * Logs in with a password (`m.login.password`) and keeps the token.
 *
 * @throws the sdk's `MatrixError` (e.g. `M_FORBIDDEN`) when the login is refused.
 */
export async function passwordLogin(
  sdk: MatrixSdk,
  dir: string,
  homeserverUrl: string,
  userId: string,
  password: string,
): Promise<Credentials> {
  const auth = new sdk.MatrixAuth(homeserverUrl)
  const client = await auth.passwordLogin(userId, password, 'yurt')
  const accessToken = client.accessToken
  const resolvedUserId = await client.getUserId().catch(() => userId)
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  const data: StoredCredentials = { homeserverUrl, userId, accessToken }
  writeJsonFile(join(dir, 'credentials.json'), data)
  return { userId: resolvedUserId, accessToken, source: 'login' }
}
