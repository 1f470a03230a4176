/**
 * A page's data: the festival's operation log in IndexedDB (browser-level, the same `core/oplog.ts` a
 * bot runs on LevelDB) and a `Repo` over it. The Yjs state is rebuilt from the log at each load (no
 * second store to keep in step: `Repo` replays every logged operation the document lacks).
 */
import { BrowserLevel } from 'browser-level'
import * as Y from 'yjs'
import { OpLog, type OpLogDb } from '../core/oplog.ts'
import type { DataDir, KeyValue, YDocStore } from '../core/store.ts'
import type { FestivalId } from '../core/types.ts'

class MemoryYDocs implements YDocStore {
  readonly #meta = new Map<string, unknown>()
  async load(): Promise<Y.Doc | null> {
    return null
  }
  async storeUpdate(): Promise<void> {}
  async storeUpdates(): Promise<void> {}
  async getMeta(festival: FestivalId, key: string): Promise<unknown> {
    return this.#meta.get(`${festival}/${key}`)
  }
  async setMeta(festival: FestivalId, key: string, value: unknown): Promise<void> {
    this.#meta.set(`${festival}/${key}`, value)
  }
  async flush(): Promise<void> {}
}

class LevelKv implements KeyValue {
  readonly #db: BrowserLevel<string, string>
  constructor(db: BrowserLevel<string, string>) {
    this.#db = db
  }
  async get<T>(key: string): Promise<T | undefined> {
    const v = await this.#db.get(key)
    return v === undefined ? undefined : (JSON.parse(v) as T)
  }
  async put(key: string, value: unknown): Promise<void> {
    await this.#db.put(key, JSON.stringify(value))
  }
  async del(key: string): Promise<void> {
    await this.#db.del(key)
  }
}

/** Opens (creating) the page's IndexedDB database `name`. */
export async function openBrowserData(name: string): Promise<DataDir> {
  const root = new BrowserLevel<string, Uint8Array>(name, { keyEncoding: 'utf8', valueEncoding: 'view' })
  await root.open()
  const logDb = root.sublevel<string, Uint8Array>('log', { keyEncoding: 'utf8', valueEncoding: 'view' })
  const ops = await OpLog.open(logDb as unknown as OpLogDb, { sync: true })
  const kvDb = root.sublevel<string, string>('kv', { keyEncoding: 'utf8', valueEncoding: 'utf8' })
  return {
    dir: `indexeddb:${name}`,
    deviceSeed: new Uint8Array(32),
    ops,
    ydocs: new MemoryYDocs(),
    kv: new LevelKv(kvDb as unknown as BrowserLevel<string, string>),
    close: async () => {
      await ops.close()
      await root.close()
    },
  }
}
