/**
 * Secret files in a data directory (the device key, the peer key): created once, mode 0600, and
 * refused when others can read them. Node only (`node:fs`): kept apart from `identity.ts`, which a page
 * bundles.
 *
 * @remarks A new file is written to a temporary file, synced, then published with a hard link: atomic,
 * and it never overwrites a file another process published first (two processes starting at once
 * agree on one key). A rename is the fallback where links are not supported. The directory is
 * created with mode 0700 when missing, and synced after publishing where the platform allows it.
 */
import { chmod, link, mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import { DeviceKeyMissingError, YurtError } from './errors.ts'
import { fromHex, fromUtf8, randomBytes, toHex, utf8 } from './bytes.ts'

/** A key file that cannot be used: readable by others (`permissions`) or not holding a key (`malformed`). */
export class KeyFileError extends YurtError {
  override name = 'KeyFileError'
  readonly reason: 'permissions' | 'malformed'
  readonly path: string
  constructor(reason: 'permissions' | 'malformed', path: string, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.reason = reason
    this.path = path
  }
}

export interface SecretFile<T> {
  /** The file's name inside the data directory. */
  name: string
  /** What the file is, for messages: `device key file`. */
  what: string
  /** Largest size accepted, bytes. */
  maxBytes: number
  /** A new secret and its file content. */
  create(): Promise<{ value: T; bytes: Uint8Array }> | { value: T; bytes: Uint8Array }
  /** Reads the file content; throws (any error) when it does not hold a secret. */
  parse(bytes: Uint8Array): T
  /** Says what a well-formed file holds: `is not a 64-hex-digit key`. */
  malformed: string
}

/**
 * The secret of `${dataDir}/${spec.name}`, created on first use.
 *
 * @throws KeyFileError `permissions` when the file is readable by group or others (not checked on
 * Windows), `malformed` when it does not hold a secret.
 */
export async function loadOrCreateSecretFile<T>(
  dataDir: string,
  spec: SecretFile<T>,
  options?: { refuseCreate?: (path: string) => Error },
): Promise<T> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 })
  const path = join(dataDir, spec.name)
  const existing = await readSecretFile(path, spec)
  if (existing !== undefined) return existing
  if (options?.refuseCreate) throw options.refuseCreate(path)

  const { value, bytes } = await spec.create()
  const tmp = `${path}.${process.pid}.${toHex(randomBytes(6))}.tmp`
  const handle = await open(tmp, 'wx', 0o600)
  try {
    await handle.writeFile(bytes)
    await handle.sync()
  } finally {
    await handle.close()
  }
  await chmod(tmp, 0o600)
  try {
    await link(tmp, path)
    await unlink(tmp)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      // Another process published its secret first: use that one.
      await unlink(tmp)
      const winner = await readSecretFile(path, spec)
      if (winner !== undefined) return winner
      throw new KeyFileError('malformed', path, `the ${spec.what} ${path} vanished while it was being created`)
    }
    await rename(tmp, path)
  }
  await syncDir(dataDir)
  return value
}

async function readSecretFile<T>(path: string, spec: SecretFile<T>): Promise<T | undefined> {
  let info
  try {
    info = await stat(path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
  if (process.platform !== 'win32' && (info.mode & 0o077) !== 0) {
    const mode = (info.mode & 0o777).toString(8).padStart(4, '0')
    throw new KeyFileError(
      'permissions',
      path,
      `the ${spec.what} ${path} has mode ${mode}: it must not be readable by group or others (chmod 600 ${path})`,
    )
  }
  const malformed = (cause?: unknown) => new KeyFileError('malformed', path, `the ${spec.what} ${path} ${spec.malformed}`, { cause })
  if (!info.isFile() || info.size > spec.maxBytes) throw malformed()
  const bytes = new Uint8Array(await readFile(path))
  try {
    return spec.parse(bytes)
  } catch (error) {
    throw malformed(error)
  }
}

async function syncDir(dir: string): Promise<void> {
  let handle
  try {
    handle = await open(dir, 'r')
    await handle.sync()
  } catch {
    // Directory fsync is not supported everywhere (Windows); the file itself was synced.
  } finally {
    await handle?.close()
  }
}

/** Name of the device key file inside a data directory. */
export const DEVICE_KEY_FILE = 'device.key'

/**
 * The device's 32-byte seed from `${dataDir}/device.key`, created on first use.
 *
 * @remarks The file holds the seed as 64 hex digits and a newline, mode 0600; it is created and
 * checked by `loadOrCreateSecretFile` (core/keyfile.ts).
 * @throws KeyFileError `permissions` when the file is readable by group or others (not checked on Windows),
 * `malformed` when it does not hold exactly one 64-hex-digit seed.
 * @throws DeviceKeyMissingError when the file is missing and `options.mustExist` is set (the data
 * directory already holds operations signed with it).
 */
export function loadOrCreateDeviceSeed(dataDir: string, options?: { mustExist?: boolean }): Promise<Uint8Array> {
  return loadOrCreateSecretFile(dataDir, DEVICE_KEY_SPEC, options?.mustExist ? { refuseCreate: (path) => new DeviceKeyMissingError(path) } : undefined)
}

/** Parses a device key file's content (64 hex digits and a newline). @throws Error when it is not one. */
export function parseDeviceKey(bytes: Uint8Array): Uint8Array {
  const match = /^([0-9a-f]{64})\r?\n?$/.exec(fromUtf8(bytes))
  if (!match) throw new Error('not 64 hex digits')
  return fromHex(match[1] as string)
}

const DEVICE_KEY_SPEC: SecretFile<Uint8Array> = {
  name: DEVICE_KEY_FILE,
  what: 'device key file',
  maxBytes: 1024,
  malformed: 'is not a 64-hex-digit key',
  create: () => {
    const seed = new Uint8Array(randomBytes(32))
    return { value: seed, bytes: utf8(`${toHex(seed)}\n`) }
  },
  parse: parseDeviceKey,
}

/** A key backup or restore that was refused: `exists` (the target file is there), `different` (another key is installed), `missing` (nothing to back up), `malformed`. */
export class KeyBackupError extends YurtError {
  override name = 'KeyBackupError'
  readonly reason: 'exists' | 'different' | 'missing' | 'malformed'
  readonly path: string
  constructor(reason: KeyBackupError['reason'], path: string, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.reason = reason
    this.path = path
  }
}

/**
 * Writes a backup of `${dataDir}/device.key` to `out` (the same 64 hex digits and newline), mode 0600,
 * synced.
 *
 * @throws KeyBackupError `missing` when the data directory has no device key, `exists` when `out`
 * exists (never overwritten).
 * @throws KeyFileError when the device key is readable by others or malformed.
 */
export async function backupDeviceKey(dataDir: string, out: string): Promise<void> {
  const path = join(dataDir, DEVICE_KEY_FILE)
  const seed = await readSecretFile(path, DEVICE_KEY_SPEC)
  if (seed === undefined) throw new KeyBackupError('missing', path, `there is no device key file ${path} to back up`)
  let handle
  try {
    handle = await open(out, 'wx', 0o600)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new KeyBackupError('exists', out, `${out} already exists; a key backup never overwrites a file, choose another name`, { cause: error })
    }
    throw error
  }
  try {
    await handle.writeFile(utf8(`${toHex(seed)}\n`))
    await handle.sync()
  } finally {
    await handle.close()
  }
  await chmod(out, 0o600)
}

/**
 * Installs the key backup `file` as `${dataDir}/device.key` (mode 0600), creating the directory
 * (0700) when missing.
 *
 * @returns `installed`, or `same` when that very key is already installed (nothing written).
 * @throws KeyBackupError `malformed` when `file` does not hold a key, `different` when another
 * device key is installed (never replaced).
 */
export async function restoreDeviceKey(dataDir: string, file: string): Promise<'installed' | 'same'> {
  const bytes = new Uint8Array(await readFile(file))
  let seed: Uint8Array
  try {
    if (bytes.length > DEVICE_KEY_SPEC.maxBytes) throw new Error('too large')
    seed = parseDeviceKey(bytes)
  } catch (error) {
    throw new KeyBackupError('malformed', file, `${file} is not a device key backup (64 hex digits)`, { cause: error })
  }
  const installed = await loadOrCreateSecretFile(dataDir, { ...DEVICE_KEY_SPEC, create: () => ({ value: seed, bytes: utf8(`${toHex(seed)}\n`) }) })
  if (toHex(installed) !== toHex(seed)) {
    const path = join(dataDir, DEVICE_KEY_FILE)
    throw new KeyBackupError(
      'different',
      path,
      `${path} holds a different device key; yurt restore never replaces one (move the data directory aside to restore into it)`,
    )
  }
  return installed === seed ? 'installed' : 'same'
}
