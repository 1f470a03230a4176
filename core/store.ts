/**
 * The data directory: one per yurt instance, held by one process at a time (DESIGN.md, "Storage and limits").
 *
 * @remarks
 * Layout:
 *
 * ```
 * <dir>/device.key   the device's Ed25519 seed, hex, mode 0600 (core/identity.ts)
 * <dir>/yurt.pid     the pid of the process holding the directory (for the "in use" message)
 * <dir>/ops/         LevelDB: sublevel `log` (the operation log, core/oplog.ts) and `kv` (adapters' JSON state)
 * <dir>/ydoc/        LevelDB in y-leveldb's format: the Yjs document of each festival, derived from the log
 * ```
 *
 * The ops database is opened first: LevelDB's lock makes a second process fail there with
 * {@link DataDirLockedError}, before y-leveldb (which only warns and answers `null`) is touched. Every
 * y-leveldb access goes through {@link YDocStore}, which runs on y-leveldb's own queue but reports
 * failures as errors instead of `null`.
 */
import { mkdir, open, readdir, readFile, rename, stat, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import { ClassicLevel } from 'classic-level'
import { MemoryLevel } from 'memory-level'
import * as buffer from 'lib0/buffer'
import * as encoding from 'lib0/encoding'
import {
  getCurrentUpdateClock,
  getLevelUpdates,
  LeveldbPersistence,
  PREFERRED_TRIM_SIZE,
  type DocKey,
  type YLevelDb,
} from 'y-leveldb'
import * as Y from 'yjs'
import { DataDirLockedError, repairAdvice, StoreCorruptError, YurtError } from './errors.ts'
import { loadOrCreateDeviceSeed } from './keyfile.ts'
import { OpLog, StoreIOError } from './oplog.ts'
import type { FestivalId } from './types.ts'

/** Small JSON state of adapters and the scheduler (sync tokens, last posted day…). */
export interface KeyValue {
  /** The value stored under `key`, or `undefined`. @throws StoreCorruptError when it is not JSON. */
  get<T = unknown>(key: string): Promise<T | undefined>
  /**
   * Stores `value` (JSON-serialisable) under `key`.
   *
   * @param options.sync - `false` for records that may lag a power cut (an undo stack): the write
   *   reaches LevelDB's write-ahead log without waiting for the disk, and the next synced write of the
   *   same database (every op log append) makes it durable too. Default: the store's own setting.
   */
  put(key: string, value: unknown, options?: { sync?: boolean }): Promise<void>
  /** Removes `key` (no error when absent). */
  del(key: string): Promise<void>
}

/**
 * The Yjs state of each festival, in y-leveldb: a cache derived from the op log so that starting is fast.
 *
 * @remarks Writes are not fsynced: after a crash, missing updates are re-applied from the op log.
 */
export interface YDocStore {
  /** The stored document of `festival`, or `null` when none was ever stored. */
  load(festival: FestivalId, options?: { gc?: boolean }): Promise<Y.Doc | null>
  /** Appends one Yjs update (v1) to `festival`'s document. */
  storeUpdate(festival: FestivalId, update: Uint8Array): Promise<void>
  /**
   * Appends Yjs updates (v1), in order, to `festival`'s document in one database write: a run of
   * operations stored as they are, not merged first (loading applies them all in one transaction, and
   * merges the records once there are more than y-leveldb's 500).
   */
  storeUpdates(festival: FestivalId, updates: Uint8Array[]): Promise<void>
  /** A value stored beside the document (lib0 `encodeAny` types), or `undefined`. */
  getMeta(festival: FestivalId, key: string): Promise<unknown>
  setMeta(festival: FestivalId, key: string, value: unknown): Promise<void>
  /** Merges the stored updates of `festival` into one. */
  flush(festival: FestivalId): Promise<void>
}

/** An open data directory. */
export interface DataDir {
  /** The directory's path. */
  dir: string
  /** The device's 32-byte Ed25519 seed. */
  deviceSeed: Uint8Array
  ops: OpLog
  ydocs: YDocStore
  kv: KeyValue
  /** Closes every store (waiting for pending writes) and releases the directory. */
  close(): Promise<void>
}

/** Name of the file that holds the pid of the process using a data directory. */
export const PID_FILE = 'yurt.pid'

interface LevelError {
  code?: string
  cause?: LevelError
}

function isLockError(error: unknown): boolean {
  const e = error as LevelError | undefined
  return e?.code === 'LEVEL_LOCKED' || e?.cause?.code === 'LEVEL_LOCKED'
}

async function lockedError(dir: string, cause: unknown): Promise<DataDirLockedError> {
  let holder = ''
  try {
    const pid = Number.parseInt(await readFile(join(dir, PID_FILE), 'utf8'), 10)
    if (Number.isSafeInteger(pid) && pid > 0) holder = ` (pid ${pid})`
  } catch {
    // No pid file: the holder is an older or foreign process; say so without a pid.
  }
  return new DataDirLockedError(
    `the data directory ${dir} is in use by another yurt process${holder}; stop it or choose another data directory`,
    { cause },
  )
}


/** Whether an error of LevelDB says its files are damaged (as opposed to locked or not permitted). */
export function isCorruption(error: unknown): boolean {
  for (let e = error as (LevelError & { message?: string }) | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (e.code === 'LEVEL_CORRUPTION' || /corrupt|bad block|invalid argument|checksum|truncated/i.test(e.message ?? '')) return true
  }
  return false
}

async function openLevel(db: { open(): Promise<void> }, dir: string, what: string, files?: string): Promise<void> {
  try {
    await db.open()
  } catch (error) {
    if (isLockError(error)) throw await lockedError(dir, error)
    if (files && isCorruption(error)) throw new StoreCorruptError(`${what} in ${files} is damaged; ${repairAdvice(dir)}`, { cause: error })
    throw new StoreIOError(`cannot open ${what} in ${dir}`, { cause: error })
  }
}

/**
 * Whether `path` is a LevelDB directory that already holds a database; `false` for a new one.
 *
 * @throws StoreCorruptError when it holds files but no `CURRENT` (LevelDB would start an empty
 *   database over them and delete the old tables).
 */
export async function existingLevel(path: string, dir: string, what: string): Promise<boolean> {
  let names: string[]
  try {
    names = await readdir(path)
  } catch {
    return false
  }
  const files = names.filter((n) => n !== 'LOCK' && n !== 'LOG' && n !== 'LOG.old')
  if (files.length === 0) return false
  try {
    await stat(join(path, 'CURRENT'))
  } catch {
    throw new StoreCorruptError(`${join(path, 'CURRENT')} is missing, so ${what} cannot be opened as it is; ${repairAdvice(dir)}`)
  }
  return true
}

async function writePidFile(dir: string): Promise<void> {
  const path = join(dir, PID_FILE)
  const tmp = `${path}.${process.pid}.tmp`
  const handle = await open(tmp, 'w', 0o600)
  try {
    await handle.writeFile(`${process.pid}\n`, 'utf8')
  } finally {
    await handle.close()
  }
  await rename(tmp, path)
}

async function removePidFile(dir: string): Promise<void> {
  const path = join(dir, PID_FILE)
  try {
    if ((await readFile(path, 'utf8')).trim() === String(process.pid)) await unlink(path)
  } catch {
    // Already gone.
  }
}

type Sublevel<V> = {
  get(key: string): Promise<V | undefined>
  put(key: string, value: V, options?: { sync?: boolean }): Promise<void>
  del(key: string, options?: { sync?: boolean }): Promise<void>
  batch(ops: Array<{ type: 'put'; key: string; value: V }>, options?: { sync?: boolean }): Promise<void>
  close(): Promise<void>
}

/** How long unsynced kv writes are gathered into one LevelDB write, ms (see {@link LevelKeyValue.put}). */
const KV_GATHER_MS = 10

class LevelKeyValue implements KeyValue {
  readonly #db: Sublevel<string>
  readonly #sync: boolean
  /** Per key, the last write queued: writes to one key reach LevelDB in the order they were made. */
  readonly #tails = new Map<string, Promise<void>>()
  /** Every write not yet settled: closing waits for them. */
  readonly #inflight = new Set<Promise<void>>()
  /** Unsynced writes gathering, by key (the latest value wins), and the write that will take them. */
  #later: { values: Map<string, string>; timer: ReturnType<typeof setTimeout>; done: Promise<void>; go: () => void } | null = null
  constructor(db: Sublevel<string>, sync: boolean) {
    this.#db = db
    this.#sync = sync
  }
  async get<T = unknown>(key: string): Promise<T | undefined> {
    const text = this.#later?.values.get(key) ?? (await this.#db.get(key))
    if (text === undefined) return undefined
    try {
      return JSON.parse(text) as T
    } catch (error) {
      throw new StoreCorruptError(`the kv record ${key} is not JSON`, { cause: error })
    }
  }
  /**
   * The value is serialised at the call, so a caller may change it afterwards or not wait for the
   * write. An unsynced write (`sync: false`: a record that may lag a power cut, an undo stack) is
   * gathered for {@link KV_GATHER_MS} with the others into one LevelDB write (the latest value of a
   * key wins), so that it does not queue its own write between the op log's synced batches; the next
   * synced write of the same LevelDB carries it to the disk, and the data directory's close writes it.
   */
  put(key: string, value: unknown, options?: { sync?: boolean }): Promise<void> {
    const text = JSON.stringify(value)
    if (text === undefined) return Promise.reject(new TypeError(`kv value for ${key} is not JSON-serialisable`))
    if (options?.sync === false) return this.#gather(key, text)
    this.#later?.values.delete(key)
    return this.#queue([key], () => this.#db.put(key, text, { sync: this.#sync }))
  }
  del(key: string): Promise<void> {
    this.#later?.values.delete(key)
    return this.#queue([key], () => this.#db.del(key, { sync: this.#sync }))
  }
  /** Resolves once every write made so far has settled (the gathering ones written now). */
  async settled(): Promise<void> {
    this.#later?.go()
    await Promise.allSettled([...this.#inflight])
  }

  #gather(key: string, text: string): Promise<void> {
    let later = this.#later
    if (!later) {
      let settle!: { resolve: () => void; reject: (e: unknown) => void }
      const done = new Promise<void>((resolve, reject) => (settle = { resolve, reject }))
      const values = new Map<string, string>()
      const gathering = {
        values,
        done,
        timer: setTimeout(() => gathering.go(), KV_GATHER_MS),
        // Queued at once (synchronously) behind the keys' earlier writes: a write made after this
        // one, synced or not, is queued after it.
        go: () => {
          clearTimeout(gathering.timer)
          if (this.#later !== gathering) return
          this.#later = null
          const entries = [...values].map(([k, v]) => ({ type: 'put' as const, key: k, value: v }))
          if (entries.length === 0) return settle.resolve()
          this.#queue(
            entries.map((e) => e.key),
            () => this.#db.batch(entries, { sync: false }),
          ).then(settle.resolve, settle.reject)
        },
      }
      this.#inflight.add(done)
      const forget = () => this.#inflight.delete(done)
      done.then(forget, forget)
      this.#later = later = gathering
    }
    later.values.set(key, text)
    return later.done
  }

  /** Runs `write` after the writes queued before it to any of `keys`. */
  #queue(keys: string[], write: () => Promise<void>): Promise<void> {
    const before = keys.map((k) => this.#tails.get(k)).filter((p) => p !== undefined)
    const done = Promise.allSettled(before).then(write)
    for (const k of keys) this.#tails.set(k, done)
    this.#inflight.add(done)
    const settle = () => {
      this.#inflight.delete(done)
      for (const k of keys) if (this.#tails.get(k) === done) this.#tails.delete(k)
    }
    done.then(settle, settle)
    return done
  }
}

const updateKey = (doc: string, clock: number): DocKey => ['v1', doc, 'update', clock]
const metaKey = (doc: string, key: string): DocKey => ['v1', doc, 'meta', key]
const stateVectorKey = (doc: string): DocKey => ['v1_sv', doc]

/** y-leveldb's state-vector record: varuint clock ‖ varuint8array state vector (its format, not ours). */
async function writeStateVector(db: YLevelDb, doc: string, sv: Uint8Array, clock: number): Promise<void> {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, clock)
  encoding.writeVarUint8Array(encoder, sv)
  await db.put(stateVectorKey(doc), Buffer.from(encoding.toUint8Array(encoder)))
}

/**
 * The newest update clock of each document (y-leveldb's `getCurrentUpdateClock`, -1: none), read
 * from the database once and then kept by the writes here: every write of the Yjs store runs on
 * y-leveldb's one queue ({@link LevelYDocStore}), so the kept clock is the database's. An entry is
 * dropped when a write fails (it is read again).
 */
type Clocks = Map<string, number>

async function clockOf(db: YLevelDb, doc: string, clocks: Clocks): Promise<number> {
  const kept = clocks.get(doc)
  if (kept !== undefined) return kept
  const clock = await getCurrentUpdateClock(db, doc)
  clocks.set(doc, clock)
  return clock
}

/** As y-leveldb's own `storeUpdate`: the first update of a document also writes its state-vector record. */
async function putUpdate(db: YLevelDb, doc: string, update: Uint8Array, clocks: Clocks): Promise<number> {
  const clock = await clockOf(db, doc, clocks)
  clocks.delete(doc)
  if (clock === -1) await writeStateVector(db, doc, Y.encodeStateVectorFromUpdate(update), 0)
  await db.put(updateKey(doc, clock + 1), Buffer.from(update))
  clocks.set(doc, clock + 1)
  return clock + 1
}

/** Like {@link putUpdate} for many updates, in one batch. */
async function putUpdates(db: YLevelDb, doc: string, updates: Uint8Array[], clocks: Clocks): Promise<void> {
  if (updates.length === 0) return
  const clock = await clockOf(db, doc, clocks)
  clocks.delete(doc)
  if (clock === -1) await writeStateVector(db, doc, Y.encodeStateVectorFromUpdate(updates[0]!), 0)
  // Views of the updates, not copies: LevelDB copies what it is handed into its write batch at once.
  const value = (u: Uint8Array) => Buffer.from(u.buffer, u.byteOffset, u.byteLength)
  await db.batch(updates.map((update, i) => ({ type: 'put' as const, key: updateKey(doc, clock + 1 + i), value: value(update) })))
  clocks.set(doc, clock + updates.length)
}

/** As y-leveldb's `flushDocument`: store the merged state, then drop the updates it replaces. */
async function flushMerged(db: YLevelDb, doc: string, ydoc: Y.Doc, clocks: Clocks): Promise<void> {
  const clock = await putUpdate(db, doc, Y.encodeStateAsUpdate(ydoc), clocks)
  await writeStateVector(db, doc, Y.encodeStateVector(ydoc), clock)
  await db.clear({ gte: updateKey(doc, 0), lt: updateKey(doc, clock) })
}

function docFrom(updates: Uint8Array[], festival: string, gc: boolean): Y.Doc {
  const ydoc = new Y.Doc({ gc })
  try {
    ydoc.transact(() => {
      for (const update of updates) Y.applyUpdate(ydoc, update)
    })
  } catch (error) {
    ydoc.destroy()
    throw new StoreCorruptError(`the stored Yjs document of ${festival} cannot be read`, { cause: error })
  }
  return ydoc
}

class LevelYDocStore implements YDocStore {
  readonly #persistence: LeveldbPersistence
  readonly #db: YLevelDb
  readonly #clocks: Clocks = new Map()

  private constructor(persistence: LeveldbPersistence, db: YLevelDb) {
    this.#persistence = persistence
    this.#db = db
  }

  static async open(location: string, dir: string, memory: boolean): Promise<LevelYDocStore> {
    let db: YLevelDb | undefined
    // An existing store is opened, never created anew over damaged files.
    const existing = !memory && (await existingLevel(location, dir, 'the Yjs state (a cache of the operation log)'))
    // y-leveldb calls `new Level(location, options)`; returning our instance keeps a handle to it, so we
    // can open it ourselves (surfacing a lock error) and run our own steps on its queue.
    const Level = function (path: string, options: object): YLevelDb {
      db = (memory ? new MemoryLevel(options) : new ClassicLevel(path, { ...options, createIfMissing: !existing })) as unknown as YLevelDb
      return db
    } as unknown as new (location: string, options: object) => YLevelDb
    const persistence = new LeveldbPersistence(location, { Level })
    if (!db) throw new StoreIOError('y-leveldb did not create its database')
    await openLevel(db, dir, 'the Yjs state', location)
    return new LevelYDocStore(persistence, db)
  }

  /** Runs `f` on y-leveldb's queue; a failure becomes an error here instead of a warning and `null` there. */
  async #run<T>(what: string, f: (db: YLevelDb) => Promise<T>): Promise<T> {
    let outcome: { ok: true; value: T } | { ok: false; error: unknown } | undefined
    await this.#persistence._transact(async (db) => {
      try {
        outcome = { ok: true, value: await f(db) }
      } catch (error) {
        outcome = { ok: false, error }
      }
    })
    if (outcome === undefined) throw new StoreIOError(`the Yjs store did not run: ${what}`)
    if (!outcome.ok) {
      if (outcome.error instanceof YurtError) throw outcome.error
      throw new StoreIOError(`the Yjs store could not ${what}`, { cause: outcome.error })
    }
    return outcome.value
  }

  load(festival: FestivalId, options?: { gc?: boolean }): Promise<Y.Doc | null> {
    return this.#run(`load ${festival}`, async (db) => {
      if ((await db.get(stateVectorKey(festival))) === undefined) return null
      const updates = await getLevelUpdates(db, festival)
      const ydoc = docFrom(updates, festival, options?.gc ?? true)
      if (updates.length > PREFERRED_TRIM_SIZE) await flushMerged(db, festival, ydoc, this.#clocks)
      return ydoc
    })
  }

  async storeUpdate(festival: FestivalId, update: Uint8Array): Promise<void> {
    await this.#run(`store an update of ${festival}`, (db) => putUpdate(db, festival, update, this.#clocks))
  }

  async storeUpdates(festival: FestivalId, updates: Uint8Array[]): Promise<void> {
    await this.#run(`store ${updates.length} updates of ${festival}`, (db) => putUpdates(db, festival, updates, this.#clocks))
  }

  getMeta(festival: FestivalId, key: string): Promise<unknown> {
    return this.#run(`read meta ${key} of ${festival}`, async (db) => {
      const bytes = await db.get(metaKey(festival, key))
      if (bytes === undefined) return undefined
      try {
        return buffer.decodeAny(bytes)
      } catch (error) {
        throw new StoreCorruptError(`the meta record ${key} of ${festival} cannot be read`, { cause: error })
      }
    })
  }

  async setMeta(festival: FestivalId, key: string, value: unknown): Promise<void> {
    await this.#run(`write meta ${key} of ${festival}`, (db) =>
      db.put(metaKey(festival, key), Buffer.from(buffer.encodeAny(value as Parameters<typeof buffer.encodeAny>[0]))),
    )
  }

  async flush(festival: FestivalId): Promise<void> {
    await this.#run(`flush ${festival}`, async (db) => {
      const updates = await getLevelUpdates(db, festival)
      if (updates.length <= 1) return
      const ydoc = docFrom(updates, festival, false)
      try {
        await flushMerged(db, festival, ydoc, this.#clocks)
      } finally {
        ydoc.destroy()
      }
    })
  }

  async close(): Promise<void> {
    await this.#run('close', async (db) => {
      if (db.status === 'open' || db.status === 'opening') await db.close()
    })
  }
}

/**
 * Opens (creating it with mode 0700 when missing) the data directory `dir`.
 *
 * @param options.memory - keep the op log, kv and Yjs state in memory-level (tests); `device.key` is
 *   still read from or written to `dir`, and no lock is taken.
 * @param options.sync - fsync every op-log and kv write (default `true`).
 * @param options.skipCheck - do not verify the log on open (`yurt check` and `yurt repair`, which report instead).
 * @remarks An existing `ops/` or `ydoc/` is opened without `createIfMissing`, so that a damaged
 *   directory is refused instead of silently replaced by an empty one.
 * @throws DataDirLockedError when another process (or another open in this one) holds `dir`.
 * @throws KeyFileError when `device.key` is readable by others or malformed.
 * @throws DeviceKeyMissingError when `device.key` is missing but the op log holds operations.
 * @throws StoreCorruptError when a database's `CURRENT` is missing, LevelDB reports damage, the op
 *   log's heads or festival records cannot be read, or an operation's hash chain is broken; the
 *   message names the files and says to run `yurt check` / `yurt repair`.
 * @throws StoreIOError when a database cannot be opened for another reason.
 */
export async function openDataDir(dir: string, options?: { memory?: boolean; sync?: boolean; skipCheck?: boolean }): Promise<DataDir> {
  const memory = options?.memory ?? false
  const sync = options?.sync ?? true
  await mkdir(dir, { recursive: true, mode: 0o700 })
  const undo: Array<() => Promise<void>> = []
  try {
    const levelOptions = { keyEncoding: 'utf8', valueEncoding: 'view' } as const
    // An existing log is opened, never created anew: LevelDB would start an empty one over it.
    const existing = !memory && (await existingLevel(join(dir, 'ops'), dir, 'the operation log'))
    // Both are abstract-level databases; typed as the classic one so that `sublevel<K, V>` keeps its generics.
    const root = memory
      ? (new MemoryLevel<string, Uint8Array>(levelOptions) as unknown as ClassicLevel<string, Uint8Array>)
      : new ClassicLevel<string, Uint8Array>(join(dir, 'ops'), { ...levelOptions, createIfMissing: !existing })
    await openLevel(root, dir, 'the operation log', join(dir, 'ops'))
    undo.push(() => root.close())
    if (!memory) {
      await writePidFile(dir)
      undo.push(() => removePidFile(dir))
    }
    const logDb = root.sublevel<string, Uint8Array>('log', levelOptions)
    const ops = await OpLog.open(logDb, { sync }).catch((error: unknown) => {
      throw isCorruption(error) || error instanceof StoreCorruptError
        ? new StoreCorruptError(`the operation log in ${join(dir, 'ops')} cannot be read (${(error as Error).message}); ${repairAdvice(dir)}`, { cause: error })
        : error
    })
    undo.push(() => ops.close())
    if (!options?.skipCheck) {
      // Every stored operation's hash chain, and each author's head: a damaged log is refused here,
      // before anything is written over it or shown from the Yjs cache.
      const problems = await ops.verify()
      if (problems.length > 0) {
        throw new StoreCorruptError(`the operation log in ${join(dir, 'ops')} is damaged: ${problems[0]!.problem}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}; ${repairAdvice(dir)}`)
      }
    }
    // A log with operations was signed with this key: never make a new one silently.
    const deviceSeed = await loadOrCreateDeviceSeed(dir, { mustExist: ops.hasOperations() })
    const kvDb = root.sublevel<string, string>('kv', { keyEncoding: 'utf8', valueEncoding: 'utf8' })
    const kv = new LevelKeyValue(kvDb, sync)
    undo.push(() => kv.settled())
    const ydocs = await LevelYDocStore.open(join(dir, 'ydoc'), dir, memory)
    undo.push(() => ydocs.close())

    let closing: Promise<void> | undefined
    const close = (): Promise<void> => {
      closing ??= (async () => {
        const errors: unknown[] = []
        for (const step of undo.reverse()) await step().catch((error: unknown) => errors.push(error))
        if (errors.length > 0) throw new StoreIOError(`closing the data directory ${dir} failed`, { cause: errors[0] })
      })()
      return closing
    }
    return { dir, deviceSeed, ops, ydocs, kv, close }
  } catch (error) {
    for (const step of undo.reverse()) await step().catch(() => {})
    throw error
  }
}
