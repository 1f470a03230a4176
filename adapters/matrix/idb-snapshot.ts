/**
 * Snapshots of an IndexedDB (fake-indexeddb in Node) kept in one file: what makes the WebAssembly
 * crypto store of `crypto-wasm.ts` survive a restart.
 *
 * @remarks
 * `@matrix-org/matrix-sdk-crypto-wasm` keeps its Olm account, sessions and Megolm keys in
 * IndexedDB, which Node does not have. fake-indexeddb provides one in memory; this module writes all
 * of its databases (every object store with its key path, indexes, keys and values) to a file with
 * `v8.serialize` (the structured-clone format, so typed arrays and maps survive), atomically and
 * with mode 0600, and puts them back into a fresh factory before the crypto machine opens it. It
 * works on the IndexedDB API only, not on fake-indexeddb's internals, and reads every store in one
 * read-only transaction, so a snapshot is a consistent state even while the machine writes.
 */
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { deserialize, serialize } from 'node:v8'

// Minimal IndexedDB shapes: this project's tsconfig has no DOM lib.
interface IdbRequest<T> {
  readonly result: T
  readonly error: unknown
  onsuccess: (() => void) | null
  onerror: (() => void) | null
}
interface IdbOpenRequest extends IdbRequest<IdbDatabase> {
  onupgradeneeded: (() => void) | null
}
interface IdbTransaction {
  readonly error: unknown
  objectStore(name: string): IdbObjectStore
  oncomplete: (() => void) | null
  onerror: (() => void) | null
  onabort: (() => void) | null
}
interface IdbObjectStore {
  readonly keyPath: string | string[] | null
  readonly autoIncrement: boolean
  readonly indexNames: Iterable<string>
  index(name: string): { keyPath: string | string[]; unique: boolean; multiEntry: boolean }
  getAllKeys(): IdbRequest<unknown[]>
  getAll(): IdbRequest<unknown[]>
  put(value: unknown, key?: unknown): unknown
  createIndex(name: string, keyPath: string | string[], options: { unique: boolean; multiEntry: boolean }): unknown
}
interface IdbDatabase {
  readonly objectStoreNames: Iterable<string>
  readonly version: number
  transaction(names: string[], mode: 'readonly' | 'readwrite'): IdbTransaction
  createObjectStore(name: string, options: { keyPath: string | string[] | null; autoIncrement: boolean }): IdbObjectStore
  close(): void
}
/** The part of an `IDBFactory` (fake-indexeddb's, or a browser's) this module uses. */
export interface IdbFactory {
  open(name: string, version?: number): IdbOpenRequest
  databases(): Promise<{ name?: string; version?: number }[]>
}

/** One object store as written to the file. */
export interface StoreSnapshot {
  name: string
  keyPath: string | string[] | null
  autoIncrement: boolean
  indexes: { name: string; keyPath: string | string[]; unique: boolean; multiEntry: boolean }[]
  keys: unknown[]
  values: unknown[]
}

/** One database as written to the file. */
export interface DatabaseSnapshot {
  name: string
  version: number
  stores: StoreSnapshot[]
}

/** What the file holds: `{ format: 1, databases }`, v8-serialized. */
export interface Snapshot {
  format: 1
  databases: DatabaseSnapshot[]
}

/** Thrown when a snapshot file cannot be read back (damaged, or of an unknown format). */
export class SnapshotReadError extends Error {
  override name = 'SnapshotReadError'
}

function done<T>(request: IdbRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result)
    request.onerror = () => reject(request.error)
  })
}

function committed(tx: IdbTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve()
    tx.onerror = () => reject(tx.error)
    tx.onabort = () => reject(tx.error ?? new Error('transaction aborted'))
  })
}

/** Reads every database of `factory` (those `factory.databases()` lists). */
export async function takeSnapshot(factory: IdbFactory): Promise<Snapshot> {
  const databases: DatabaseSnapshot[] = []
  for (const info of await factory.databases()) {
    if (!info.name) continue
    const db = await done(factory.open(info.name))
    try {
      const names = [...db.objectStoreNames]
      const stores: StoreSnapshot[] = []
      if (names.length) {
        const tx = db.transaction(names, 'readonly')
        for (const name of names) {
          const store = tx.objectStore(name)
          const indexes = [...store.indexNames].map((indexName) => {
            const index = store.index(indexName)
            return { name: indexName, keyPath: index.keyPath, unique: index.unique, multiEntry: index.multiEntry }
          })
          const [keys, values] = await Promise.all([done(store.getAllKeys()), done(store.getAll())])
          stores.push({ name, keyPath: store.keyPath, autoIncrement: store.autoIncrement, indexes, keys, values })
        }
        await committed(tx)
      }
      databases.push({ name: info.name, version: db.version, stores })
    } finally {
      db.close()
    }
  }
  return { format: 1, databases }
}

/**
 * Creates the databases of `snapshot` in `factory`, which must not hold them yet (a fresh factory),
 * at their versions, so that the program that made them opens them without an upgrade.
 */
export async function restoreSnapshot(factory: IdbFactory, snapshot: Snapshot): Promise<void> {
  for (const database of snapshot.databases) {
    const request = factory.open(database.name, database.version)
    request.onupgradeneeded = () => {
      const db = request.result
      for (const s of database.stores) {
        const store = db.createObjectStore(s.name, { keyPath: s.keyPath, autoIncrement: s.autoIncrement })
        for (const index of s.indexes) store.createIndex(index.name, index.keyPath, { unique: index.unique, multiEntry: index.multiEntry })
      }
    }
    const db = await done(request)
    try {
      const names = database.stores.map((s) => s.name)
      if (!names.length) continue
      const tx = db.transaction(names, 'readwrite')
      for (const s of database.stores) {
        const store = tx.objectStore(s.name)
        s.values.forEach((value, i) => {
          if (store.keyPath === null) store.put(value, s.keys[i])
          else store.put(value)
        })
      }
      await committed(tx)
    } finally {
      db.close()
    }
  }
}

/**
 * Reads a snapshot file.
 *
 * @returns null when `file` does not exist.
 * @throws {SnapshotReadError} when it exists but is not a snapshot (the file is left as it is).
 */
export function readSnapshotFile(file: string): Snapshot | null {
  if (!existsSync(file)) return null
  let value: unknown
  try {
    value = deserialize(readFileSync(file))
  } catch (err) {
    throw new SnapshotReadError(`${file} cannot be read: ${err instanceof Error ? err.message : String(err)}`, { cause: err })
  }
  const snapshot = value as Partial<Snapshot> | null
  if (!snapshot || snapshot.format !== 1 || !Array.isArray(snapshot.databases)) throw new SnapshotReadError(`${file} is not a crypto store snapshot`)
  return snapshot as Snapshot
}

/** Writes `snapshot` to `file` atomically (a temporary file beside it, renamed over it), mode 0600. */
export function writeSnapshotFile(file: string, snapshot: Snapshot): void {
  const tmp = `${file}.tmp`
  writeFileSync(tmp, serialize(snapshot), { mode: 0o600 })
  chmodSync(tmp, 0o600)
  renameSync(tmp, file)
}
