/**
 * Types for `y-leveldb` 0.2, whose package `exports` carry none under `NodeNext` (TS7016).
 * Only what yurt uses; see node_modules/y-leveldb/src/y-leveldb.js.
 */
declare module 'y-leveldb' {
  import type * as Y from 'yjs'

  /** Updates past this count are merged into one on load. */
  export const PREFERRED_TRIM_SIZE: number

  /** A y-leveldb key before its key encoding: `['v1', doc, 'update', clock]`, `['v1', doc, 'meta', key]`, `['v1_sv', doc]`. */
  export type DocKey = Array<string | number>

  /** A level-compatible database as y-leveldb opens it (its own key and value encodings). */
  export interface YLevelDb {
    readonly status: string
    open(): Promise<void>
    close(): Promise<void>
    get(key: DocKey): Promise<Uint8Array | undefined>
    put(key: DocKey, value: Uint8Array): Promise<void>
    del(key: DocKey): Promise<void>
    clear(range: { gte?: DocKey; lt?: DocKey }): Promise<void>
    batch(operations: Array<{ type: 'put'; key: DocKey; value: Uint8Array }>): Promise<void>
  }

  export interface LeveldbPersistenceOptions {
    /** Level-compatible constructor, called as `new Level(location, { ...levelOptions, keyEncoding, valueEncoding })`. */
    Level?: new (location: string, options: object) => YLevelDb
    levelOptions?: object
  }

  /**
   * y-leveldb's store. Every method runs on one promise chain; a failure is only `console.warn`ed and
   * resolves to `null`.
   */
  export class LeveldbPersistence {
    constructor(location: string, options?: LeveldbPersistenceOptions)
    /** Runs `f` on the chain; resolves to `null` (after a console warning) when `f` throws. Private API. */
    _transact<T>(f: (db: YLevelDb) => Promise<T>): Promise<T | null>
    flushDocument(docName: string): Promise<void | null>
    getYDoc(docName: string): Promise<Y.Doc | null>
    getStateVector(docName: string): Promise<Uint8Array | null>
    storeUpdate(docName: string, update: Uint8Array): Promise<number | null>
    getDiff(docName: string, stateVector: Uint8Array): Promise<Uint8Array>
    clearDocument(docName: string): Promise<void | null>
    setMeta(docName: string, metaKey: string, value: unknown): Promise<void | null>
    delMeta(docName: string, metaKey: string): Promise<unknown>
    getMeta(docName: string, metaKey: string): Promise<unknown>
    getAllDocNames(): Promise<string[] | null>
    getAllDocStateVectors(): Promise<Array<{ name: string; sv: Uint8Array; clock: number }> | null>
    getMetas(docName: string): Promise<Map<string, unknown> | null>
    destroy(): Promise<void | null>
    clearAll(): Promise<void | null>
  }

  /** Every stored update of `docName`, in clock order. */
  export function getLevelUpdates(db: YLevelDb, docName: string, opts?: object): Promise<Uint8Array[]>
  /** The clock of the latest stored update of `docName`, or -1 when none. */
  export function getCurrentUpdateClock(db: YLevelDb, docName: string): Promise<number>
}
