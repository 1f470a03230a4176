import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { ClassicLevel } from 'classic-level'
import { LeveldbPersistence } from 'y-leveldb'
import * as Y from 'yjs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { signerFromSeed } from '../../core/identity.ts'
import { operationHash, signOperation, ZERO_HASH } from '../../core/operation.ts'
import { openDataDir, type DataDir } from '../../core/store.ts'
import type { FestivalId } from '../../core/types.ts'

const festival = 'abcdefghijklmnopqrstuvwxyz234567' as FestivalId
const root = resolve(import.meta.dirname, '../..')
const node = join(root, 'node_modules/.bin/node')

function update(clientID: number, key: string, value: unknown): Uint8Array {
  const doc = new Y.Doc()
  doc.clientID = clientID
  doc.getMap('m').set(key, value)
  return Y.encodeStateAsUpdate(doc)
}

/** Runs `code` (an ES module) in a second Node process; resolves with its exit code and output. */
function child(code: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const proc = spawn(node, ['--input-type=module', '-e', code], { cwd: root })
    let stdout = ''
    let stderr = ''
    proc.stdout.on('data', (chunk) => (stdout += chunk))
    proc.stderr.on('data', (chunk) => (stderr += chunk))
    proc.on('error', fail)
    proc.on('close', (exit) => done({ code: exit, stdout, stderr }))
  })
}

describe('openDataDir', () => {
  let base: string
  let data: DataDir | undefined
  beforeEach(async () => {
    base = await mkdtemp(join(tmpdir(), 'yurt-store-'))
  })
  afterEach(async () => {
    await data?.close()
    data = undefined
    await rm(base, { recursive: true, force: true })
  })

  it('creates the directory (0700), the key (0600) and the pid file', async () => {
    const dir = join(base, 'data')
    data = await openDataDir(dir)
    expect((await stat(dir)).mode & 0o777).toBe(0o700)
    expect((await stat(join(dir, 'device.key'))).mode & 0o777).toBe(0o600)
    expect((await readFile(join(dir, 'yurt.pid'), 'utf8')).trim()).toBe(String(process.pid))
    expect(data.deviceSeed).toHaveLength(32)
    await data.close()
    data = undefined
    await expect(stat(join(dir, 'yurt.pid'))).rejects.toMatchObject({ code: 'ENOENT' })
  })

  it('restores the seed, the op log, kv and the Yjs state after reopening', async () => {
    const dir = join(base, 'data')
    data = await openDataDir(dir)
    const seed = data.deviceSeed
    const alice = signerFromSeed(seed)
    const op = signOperation(
      {
        festival,
        author: alice.key,
        seq: 1,
        prev: ZERO_HASH,
        clientId: alice.clientId,
        hlc: { wall: 1_780_000_000_000, counter: 0 },
        update: update(alice.clientId, 'title', 'Opening'),
      },
      alice,
    )
    await data.ops.append(op)
    await data.ops.putFestival({ v: 1, id: festival, name: 'Fest', timezone: 'Europe/Paris', createdAt: 1, nonce: '00' })
    await data.kv.put('matrix:since', { token: 's72594_4483_1934' })
    await data.kv.put('gone', 1)
    await data.kv.del('gone')
    await data.ydocs.storeUpdate(festival, op.update)
    await data.ydocs.setMeta(festival, 'applied', 1)
    await data.close()

    data = await openDataDir(dir)
    expect(data.deviceSeed).toEqual(seed)
    expect(data.ops.head(festival, alice.key)).toEqual({ seq: 1, hash: operationHash(op) })
    expect(data.ops.festival(festival)?.name).toBe('Fest')
    expect(await data.kv.get('matrix:since')).toEqual({ token: 's72594_4483_1934' })
    expect(await data.kv.get('gone')).toBeUndefined()
    const doc = await data.ydocs.load(festival)
    expect(doc?.getMap('m').get('title')).toBe('Opening')
    expect(await data.ydocs.getMeta(festival, 'applied')).toBe(1)
    expect(await data.ydocs.getMeta(festival, 'never')).toBeUndefined()
  })

  it('kv writes nobody waits for land in the order they were made, as they were at the call, before close returns; unsynced ones are gathered', async () => {
    const dir = join(base, 'data')
    data = await openDataDir(dir)
    const stack: number[] = []
    for (let i = 1; i <= 50; i++) {
      stack.push(i)
      // As the undo journal writes its stacks: unsynced, not awaited, the array changed right after.
      void data.kv.put('undo/x', stack, { sync: false })
    }
    void data.kv.put('other', 'a')
    void data.kv.del('other')
    stack.push(51)
    // Read back before any of it has reached LevelDB: the latest value.
    expect(await data.kv.get('undo/x')).toHaveLength(50)
    // A synced write after unsynced ones to the same key wins, whatever the order they reach LevelDB in.
    void data.kv.put('room', 'draft', { sync: false })
    void data.kv.put('room', 'final')
    void data.kv.put('room2', 'final')
    void data.kv.put('room2', 'later draft', { sync: false })
    await data.close()
    data = await openDataDir(dir)
    expect(await data.kv.get('undo/x')).toEqual(Array.from({ length: 50 }, (_, i) => i + 1))
    expect(await data.kv.get('other')).toBeUndefined()
    expect(await data.kv.get('room')).toBe('final')
    expect(await data.kv.get('room2')).toBe('later draft')
  })

  it('stores Yjs updates, loads them back, flushes, and answers null for an unknown festival', async () => {
    data = await openDataDir(join(base, 'data'))
    expect(await data.ydocs.load(festival)).toBeNull()
    for (let i = 0; i < 20; i++) await data.ydocs.storeUpdate(festival, update(100 + i, `k${i}`, i))
    await data.ydocs.flush(festival)
    await data.ydocs.storeUpdate(festival, update(8, 'after', 'flush'))
    const doc = await data.ydocs.load(festival)
    const map = doc?.getMap('m')
    expect(map?.get('k19')).toBe(19)
    expect(map?.get('after')).toBe('flush')
    expect(map?.size).toBe(21)
  })

  it('stores a run of Yjs updates in one write, in order, beside single ones, and loads them all back', async () => {
    data = await openDataDir(join(base, 'data'))
    await data.ydocs.storeUpdates(festival, [update(10, 'a', 1), update(11, 'b', 2), update(12, 'c', 3)])
    await data.ydocs.storeUpdate(festival, update(13, 'd', 4))
    await data.ydocs.storeUpdates(festival, [])
    await data.ydocs.storeUpdates(festival, Array.from({ length: 600 }, (_, i) => update(2000 + i, `k${i}`, i)))
    const doc = await data.ydocs.load(festival)
    expect(doc?.getMap('m').toJSON()).toMatchObject({ a: 1, b: 2, c: 3, d: 4, k0: 0, k599: 599 })
    expect(doc?.getMap('m').size).toBe(604)
    // Past 500 records the load merged them; what it wrote reads back the same.
    expect((await data.ydocs.load(festival))?.getMap('m').size).toBe(604)
  })

  it('merges a long run of updates on load and keeps their content', async () => {
    data = await openDataDir(join(base, 'data'))
    for (let i = 0; i < 520; i++) await data.ydocs.storeUpdate(festival, update(1000 + i, `k${i}`, i))
    expect((await data.ydocs.load(festival))?.getMap('m').size).toBe(520)
    const again = await data.ydocs.load(festival)
    expect(again?.getMap('m').get('k519')).toBe(519)
  })

  it('writes in y-leveldb’s own format (y-leveldb reads what we stored)', async () => {
    const dir = join(base, 'data')
    data = await openDataDir(dir)
    await data.ydocs.storeUpdate(festival, update(7, 'a', 1))
    await data.ydocs.storeUpdate(festival, update(8, 'b', 2))
    await data.ydocs.flush(festival)
    // After the merge, runs and single updates go on from the merged record's clock (none overwritten).
    await data.ydocs.storeUpdates(festival, [update(9, 'c', 3), update(10, 'd', 4)])
    await data.ydocs.storeUpdate(festival, update(11, 'e', 5))
    await data.ydocs.setMeta(festival, 'm', { x: 1 })
    await data.close()
    data = undefined
    const plain = new LeveldbPersistence(join(dir, 'ydoc'), { Level: ClassicLevel as never })
    const doc = await plain.getYDoc(festival)
    expect(doc?.getMap('m').toJSON()).toEqual({ a: 1, b: 2, c: 3, d: 4, e: 5 })
    expect(await plain.getMeta(festival, 'm')).toEqual({ x: 1 })
    expect(await plain.getAllDocNames()).toEqual([festival])
    await plain.destroy()
  })

  it('refuses a second open of the same directory in this process', async () => {
    const dir = join(base, 'data')
    data = await openDataDir(dir)
    await expect(openDataDir(dir)).rejects.toMatchObject({
      name: 'DataDirLockedError',
      message: expect.stringContaining(`pid ${process.pid}`),
    })
    // The failed open must not have removed our pid file or broken the open directory.
    expect((await readFile(join(dir, 'yurt.pid'), 'utf8')).trim()).toBe(String(process.pid))
    await data.kv.put('still', 'works')
    expect(await data.kv.get('still')).toBe('works')
  })

  it('gives a second process DataDirLockedError naming this pid', async () => {
    const dir = join(base, 'data')
    data = await openDataDir(dir)
    const script = `
      import { openDataDir } from ${JSON.stringify(join(root, 'core/store.ts'))}
      try {
        const d = await openDataDir(${JSON.stringify(dir)})
        await d.close()
        console.log('opened')
      } catch (error) {
        console.error(error.name + ': ' + error.message)
        process.exit(3)
      }
    `
    const result = await child(script)
    expect(result.code).toBe(3)
    expect(result.stderr).toContain('DataDirLockedError')
    expect(result.stderr).toContain(`is in use by another yurt process (pid ${process.pid})`)
    expect(result.stdout).not.toContain('opened')

    await data.close()
    data = undefined
    const after = await child(script)
    expect(after.stdout).toContain('opened')
    expect(after.code).toBe(0)
  })

  it('runs in memory for tests', async () => {
    data = await openDataDir(join(base, 'mem'), { memory: true })
    await data.ydocs.storeUpdate(festival, update(7, 'a', 1))
    expect((await data.ydocs.load(festival))?.getMap('m').get('a')).toBe(1)
    await data.kv.put('k', [1, 2])
    expect(await data.kv.get('k')).toEqual([1, 2])
    await expect(stat(join(base, 'mem', 'ops'))).rejects.toMatchObject({ code: 'ENOENT' })
  })

  it('reports a corrupt stored Yjs update instead of answering null', async () => {
    data = await openDataDir(join(base, 'data'))
    await data.ydocs.storeUpdate(festival, update(7, 'a', 1))
    await data.ydocs.storeUpdate(festival, new Uint8Array([0xff, 0xff, 0xff]))
    await expect(data.ydocs.load(festival)).rejects.toMatchObject({ name: 'StoreCorruptError' })
  })

  it('fails loudly, not with null, once closed', async () => {
    data = await openDataDir(join(base, 'data'))
    const { ydocs } = data
    await data.close()
    data = undefined
    await expect(ydocs.load(festival)).rejects.toMatchObject({ name: 'StoreIOError' })
    await expect(ydocs.storeUpdate(festival, update(1, 'a', 1))).rejects.toMatchObject({ name: 'StoreIOError' })
  })
})
