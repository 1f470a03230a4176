/**
 * The login token of a password login, kept in `${dataDir}/rocketchat/credentials.json` (mode 0600)
 * so that a restart resumes the session instead of creating a new login token on the server each time.
 */
import { mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { readJsonFile, writeJsonFile } from '../json-file.ts'

interface StoredCredentials {
  serverUrl: string
  username: string
  userId: string
  token: string
}

/** The kept token, when it was made for this server and user. */
export function readStoredToken(dir: string, serverUrl: string, username: string): { userId: string; token: string } | null {
  try {
    const stored = (readJsonFile(join(dir, 'credentials.json')) ?? {}) as Partial<StoredCredentials>
    if (stored.serverUrl === serverUrl && stored.username === username && typeof stored.token === 'string' && typeof stored.userId === 'string') {
      return { userId: stored.userId, token: stored.token }
    }
  } catch (err) {
    if (!(err instanceof SyntaxError)) throw err
  }
  return null
}

/** Keeps a token (atomically, mode 0600). */
export function storeToken(dir: string, data: StoredCredentials): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  writeJsonFile(join(dir, 'credentials.json'), data)
}

/** Forgets the kept token (after the server refused it). */
export function forgetStoredToken(dir: string): void {
  rmSync(join(dir, 'credentials.json'), { force: true })
}
