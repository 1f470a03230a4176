/**
 * Named error classes for broken invariants and I/O failures.
 *
 * @remarks
 * Expected outcomes (no parse, a conflict, an unknown venue) are values, never throws. These classes
 * are for what must not happen or cannot be helped: a locked data directory, a corrupt store, a
 * file that cannot be imported. Tests check `name`, never `message` (as js-libp2p does).
 */

/** Base class: every yurt error carries a stable `name` and an optional `cause`. */
export class YurtError extends Error {
  override name = 'YurtError'
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
  }
}

/** The data directory is held by another process (LevelDB's lock). */
export class DataDirLockedError extends YurtError {
  override name = 'DataDirLockedError'
}

/** Something in the data directory cannot be read back (a corrupt record, an unknown format version). */
export class StoreCorruptError extends YurtError {
  override name = 'StoreCorruptError'
}

/** What to do about a damaged data directory, said the same way everywhere (`core/repair.ts`). */
export function repairAdvice(dir: string): string {
  return `nothing was changed; \`yurt check --data ${dir}\` says what is damaged, \`yurt repair --data ${dir}\` rebuilds what can be read (the damaged files are kept aside)`
}

/**
 * The data directory holds operations signed with this device's key (chat authors are derived from
 * it, core/identity.ts `deriveChatSeed`), but `device.key` is gone: a new key would make every person
 * the bot speaks for a new author. `path` is the missing file. Restore it (`yurt restore FILE`) or
 * move the directory aside to start a new identity.
 */
export class DeviceKeyMissingError extends YurtError {
  override name = 'DeviceKeyMissingError'
  readonly path: string
  constructor(path: string, options?: { cause?: unknown }) {
    super(
      `the device key file ${path} is missing, but this data directory holds operations signed with it; ` +
        `restore it from a backup (yurt restore FILE), or move the directory aside to start a new identity`,
      options,
    )
    this.path = path
  }
}

/** No festival by that id or name. */
export class FestivalNotFoundError extends YurtError {
  override name = 'FestivalNotFoundError'
}

/** A name held by several festivals (one of them joined); `ids` are their ids. Choose by short id. */
export class FestivalAmbiguousError extends YurtError {
  override name = 'FestivalAmbiguousError'
  readonly ids: string[]
  constructor(ids: string[], message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.ids = ids
  }
}

/** An operation failed verification (signature, hash chain, namespace rule, size); `reason` says which. */
export class InvalidOperationError extends YurtError {
  override name = 'InvalidOperationError'
  readonly reason: string
  constructor(reason: string, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.reason = reason
  }
}

/** A file could not be imported; `where` names the file and the place in it (line, JSON path, field). */
export class ImportError extends YurtError {
  override name = 'ImportError'
  readonly where: string
  constructor(where: string, message: string, options?: { cause?: unknown }) {
    super(`${where}: ${message}`, options)
    this.where = where
  }
}

/** A configuration value or command-line option is wrong; `field` names it. */
export class ConfigError extends YurtError {
  override name = 'ConfigError'
  readonly field: string
  constructor(field: string, message: string, options?: { cause?: unknown }) {
    super(`${field}: ${message}`, options)
    this.field = field
  }
}

/**
 * A chat platform refused the configured credentials at start (a wrong password, an expired or
 * revoked token); `field` names the setting to fix, e.g. `YURT_ROCKETCHAT_PASSWORD`.
 */
export class ChatLoginError extends ConfigError {
  override name = 'ChatLoginError'
}
