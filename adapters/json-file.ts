/**
 * The small JSON files the chat adapters keep in the data directory (`matrix/`, `rocketchat/`):
 * their state and their credentials.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs'

/**
 * Reads `file` as JSON.
 *
 * @returns the parsed value, or `undefined` when the file does not exist.
 * @throws other I/O errors; `SyntaxError` when the file is not JSON.
 */
export function readJsonFile(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw err
  }
}

/**
 * Writes `data` as JSON to `file` atomically (a temporary file beside it, renamed over it), with
 * mode 0600: a crash leaves the old file or the new one, never half of one. The folder must exist.
 */
export function writeJsonFile(file: string, data: unknown): void {
  const tmp = `${file}.tmp`
  writeFileSync(tmp, JSON.stringify(data), { mode: 0o600 })
  renameSync(tmp, file)
}
