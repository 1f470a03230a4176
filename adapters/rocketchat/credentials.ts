/**
 * The login token of a password login, kept in `${dataDir}/rocketchat/credentials.json` (mode 0600)
 * so that a restart resumes the session instead of creating a new login token on the server each time.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

interface StoredCredentials {
  serverUrl: string
  username: string
  userId: string
  token: string
}

/** The kept token, when it was made for this server and user. */
export function readStoredToken(dir: string, serverUrl: string, username: string): { userId: string; token: string } | null {
  try {
    const stored = JSON.parse(readFileSync(join(dir, 'credentials.json'), 'utf8')) as Partial<StoredCredentials>
    if (stored.serverUrl === serverUrl && stored.username === username && typeof stored.token === 'string' && typeof stored.userId === 'string') {
      return { userId: stored.userId, token: stored.token }
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT' && !(err instanceof SyntaxError)) throw err
  }
  return null
}

/** Keeps a token (atomically, mode 0600). */
export function storeToken(dir: string, data: StoredCredentials): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  const file = join(dir, 'credentials.json')
  writeFileSync(`${file}.tmp`, JSON.stringify(data), { mode: 0o600 })
  renameSync(`${file}.tmp`, file)
}

/** Forgets the kept token (after the server refused it). */
export function forgetStoredToken(dir: string): void {
  rmSync(join(dir, 'credentials.json'), { force: true })
}
