import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ClassicLevel } from 'classic-level'
import { MemoryLevel } from 'memory-level'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { signerFromSeed, type Signer } from '../../core/identity.ts'
import {
  encodeOperation,
  operationHash,
  signOperation,
  ZERO_HASH,
  type Operation,
} from '../../core/operation.ts'
import { OpLog } from '../../core/oplog.ts'
import type { FestivalId, FestivalMeta } from '../../core/types.ts'

const festival = 'abcdefghijklmnopqrstuvwxyz234567' as FestivalId
const other = 'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz' as FestivalId
const alice = signerFromSeed(new Uint8Array(32).fill(1))
const bob = signerFromSeed(new Uint8Array(32).fill(2))

function chain(author: Signer, n: number, fest: FestivalId = festival, from?: Operation): Operation[] {
  const ops: Operation[] = []
  let prev = from ? operationHash(from) : ZERO_HASH
  for (let seq = (from?.seq ?? 0) + 1; ops.length < n; seq++) {
    const op = signOperation(
      {
        festival: fest,
        author: author.key,
        seq,
        prev,
        clientId: author.clientId,
        hlc: { wall: 1_780_000_000_000 + seq, counter: 0 },
        update: new Uint8Array([seq & 0xff, 1, 2, 3]),
      },
      author,
    )
    ops.push(op)
    prev = operationHash(op)
  }
  return ops
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = []
  for await (const x of it) out.push(x)
  return out
}

const meta: FestivalMeta = {
  v: 1,
  id: festival,
  name: 'Paris P2P Festival',
  timezone: 'Europe/Paris',
  createdAt: 1_780_000_000_000,
  nonce: '00112233445566778899aabbccddeeff',
}

type Opened = { db: ClassicLevel<string, Uint8Array>; reopen: () => Promise<ClassicLevel<string, Uint8Array>> }

const backends: Array<[string, (dir: string) => Promise<Opened>]> = [
  [
    'classic-level',
    async (dir) => {
      const open = async () => {
        const db = new ClassicLevel<string, Uint8Array>(join(dir, 'db'), { keyEncoding: 'utf8', valueEncoding: 'view' })
        await db.open()
        return db
      }
      return { db: await open(), reopen: open }
    },
  ],
  [
    'memory-level sublevel',
    async () => {
      const root = new MemoryLevel<string, Uint8Array>({ keyEncoding: 'utf8', valueEncoding: 'view' })
      const sub = () =>
        root.sublevel<string, Uint8Array>('log', { keyEncoding: 'utf8', valueEncoding: 'view' }) as unknown as ClassicLevel<
          string,
          Uint8Array
        >
      return { db: sub(), reopen: async () => sub() }
    },
  ],
]

describe.each(backends)('OpLog on %s', (_name, setup) => {
  let dir: string
  let opened: Opened
  let log: OpLog
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'yurt-oplog-'))
    opened = await setup(dir)
    log = await OpLog.open(opened.db)
  })
  afterEach(async () => {
    await log.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('appends, keeps heads, and reads ranges back', async () => {
    const ops = chain(alice, 5)
    for (const op of ops) await log.append(op)
    expect(log.head(festival, alice.key)).toEqual({ seq: 5, hash: operationHash(ops[4] as Operation) })
    expect(log.head(festival, bob.key)).toBeUndefined()
    expect(log.count(festival)).toBe(5)
    expect(await collect(log.range(festival, alice.key, 1))).toEqual(ops)
    expect(await collect(log.range(festival, alice.key, 2, 3))).toEqual(ops.slice(1, 3))
    expect(await collect(log.range(festival, alice.key, 6))).toEqual([])
    expect(await collect(log.range(festival, alice.key, 3, 2))).toEqual([])
  })

  it('at() reads operations at given places of several chains at once, undefined where none is stored', async () => {
    const a = chain(alice, 3)
    const b = chain(bob, 2)
    await log.appendMany([...a, ...b])
    const places = [
      { author: bob.key, seq: 2 },
      { author: alice.key, seq: 3 },
      { author: alice.key, seq: 1 },
      { author: alice.key, seq: 4 },
    ]
    expect(await log.at(festival, places)).toEqual([b[1], a[2], a[0], undefined])
    expect(await log.at(other, places.slice(0, 1))).toEqual([undefined])
    expect(await log.at(festival, [])).toEqual([])
  })

  it('encodedRange gives the stored bytes of a range, at most limit, only of that chain', async () => {
    const ops = chain(alice, 5)
    await log.appendMany([...ops, ...chain(bob, 3), ...chain(alice, 2, other)])
    const bytes = (from: number, limit: number) => log.encodedRange(festival, alice.key, from, limit).then((l) => l.map((b) => [...b]))
    expect(await bytes(2, 2)).toEqual(ops.slice(1, 3).map((o) => [...encodeOperation(o)]))
    expect(await bytes(4, 100)).toEqual(ops.slice(3).map((o) => [...encodeOperation(o)]))
    expect(await bytes(6, 10)).toEqual([])
    expect(await bytes(1, 0)).toEqual([])
    expect(await log.encodedRange(festival, bob.key, 1, 10)).toHaveLength(3)
  })

  it('keeps festivals and authors apart; all() is by author, then seq', async () => {
    const a = chain(alice, 3)
    const b = chain(bob, 2)
    const elsewhere = chain(alice, 2, other)
    await log.appendMany([...b, ...elsewhere])
    for (const op of a) await log.append(op)
    expect(log.count(festival)).toBe(5)
    expect(log.count(other)).toBe(2)
    expect([...log.heads(festival).keys()].sort()).toEqual([alice.key, bob.key].sort())
    const byAuthor = [alice, bob].sort((x, y) => (x.key < y.key ? -1 : 1))
    const expected = byAuthor.flatMap((s) => (s === alice ? a : b))
    expect(await collect(log.all(festival))).toEqual(expected)
    expect(await collect(log.all(other))).toEqual(elsewhere)
  })

  it('rejects a gap, a duplicate and a fork, writing nothing', async () => {
    const ops = chain(alice, 3)
    await log.append(ops[0] as Operation)
    await expect(log.append(ops[2] as Operation)).rejects.toMatchObject({ name: 'InvalidOperationError', reason: 'gap' })
    await expect(log.append(ops[0] as Operation)).rejects.toMatchObject({ name: 'InvalidOperationError', reason: 'duplicate' })
    // Alice signs a second, different operation #2: a fork of her own chain.
    const fork = signOperation({ ...(ops[1] as Operation), prev: new Uint8Array(32).fill(9) }, alice)
    await expect(log.append(fork)).rejects.toMatchObject({ name: 'InvalidOperationError', reason: 'fork' })
    const firstOfBob = chain(bob, 2)[1] as Operation
    await expect(log.append(firstOfBob)).rejects.toMatchObject({ reason: 'gap' })
    expect(log.head(festival, alice.key)?.seq).toBe(1)
    expect(log.head(festival, bob.key)).toBeUndefined()
    expect(await collect(log.all(festival))).toEqual([ops[0]])
  })

  it('appendMany is atomic: a bad operation in the middle writes none', async () => {
    const a = chain(alice, 4)
    const b = chain(bob, 2)
    await expect(log.appendMany([a[0], b[0], a[1], a[3], b[1]] as Operation[])).rejects.toMatchObject({
      name: 'InvalidOperationError',
      reason: 'gap',
    })
    expect(log.heads(festival).size).toBe(0)
    expect(await collect(log.all(festival))).toEqual([])
    await log.appendMany([a[0], b[0], a[1], a[2], b[1], a[3]] as Operation[])
    expect(log.head(festival, alice.key)?.seq).toBe(4)
    expect(log.head(festival, bob.key)?.seq).toBe(2)
  })

  it('serialises concurrent appends of one author: exactly one of two rivals for a seq wins', async () => {
    const [first] = chain(alice, 1) as [Operation]
    const rival = signOperation({ ...first, update: new Uint8Array([9, 9]) }, alice)
    const results = await Promise.allSettled([log.append(first), log.append(rival)])
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected'])
    expect(log.head(festival, alice.key)?.seq).toBe(1)
    // A burst of appends issued without awaiting each lands in order.
    const rest = chain(alice, 50, festival, results[0]?.status === 'fulfilled' ? first : rival)
    await Promise.all(rest.map((op) => log.append(op)))
    expect(log.head(festival, alice.key)?.seq).toBe(51)
    expect(log.count(festival)).toBe(51)
  })

  it('restores heads, operations and festivals after reopening', async () => {
    const a = chain(alice, 3)
    await log.appendMany(a)
    await log.putFestival(meta)
    await log.close()
    log = await OpLog.open(await opened.reopen())
    expect(log.head(festival, alice.key)).toEqual({ seq: 3, hash: operationHash(a[2] as Operation) })
    expect(await collect(log.range(festival, alice.key, 1))).toEqual(a)
    expect(log.festivals()).toEqual([meta])
    expect(log.festival(festival)).toEqual(meta)
    expect(log.festival(other)).toBeUndefined()
    await log.append(chain(alice, 1, festival, a[2])[0] as Operation)
    expect(log.count(festival)).toBe(4)
  })

  it('reports a corrupt record as StoreCorruptError naming its key', async () => {
    const a = chain(alice, 2)
    await log.appendMany(a)
    const key = `op!${festival}!${alice.key}!000000000002`
    await opened.db.put(key, encodeOperation(a[0] as Operation).subarray(0, 10))
    await expect(collect(log.range(festival, alice.key, 1))).rejects.toMatchObject({
      name: 'StoreCorruptError',
      message: expect.stringContaining(key),
    })
    // A valid operation stored under the wrong key is corrupt too.
    await opened.db.put(key, encodeOperation(a[0] as Operation))
    await expect(collect(log.all(festival))).rejects.toMatchObject({ name: 'StoreCorruptError' })
  })

  it('reports a corrupt head on open', async () => {
    await log.appendMany(chain(alice, 1))
    await opened.db.put(`head!${festival}!${alice.key}`, new Uint8Array([1, 2]))
    await log.close()
    const db = await opened.reopen()
    await expect(OpLog.open(db)).rejects.toMatchObject({
      name: 'StoreCorruptError',
      message: expect.stringContaining(`head!${festival}!${alice.key}`),
    })
    await db.del(`head!${festival}!${alice.key}`)
    log = await OpLog.open(db)
  })

  it('refuses to write after close', async () => {
    await log.close()
    await expect(log.append(chain(alice, 1)[0] as Operation)).rejects.toMatchObject({ name: 'StoreIOError' })
  })
})

/** A database that counts its batches and can be told to fail the next one. */
function countingDb(): { db: ClassicLevel<string, Uint8Array>; batches: number[]; failNext: () => void } {
  const root = new MemoryLevel<string, Uint8Array>({ keyEncoding: 'utf8', valueEncoding: 'view' })
  const batches: number[] = []
  let fail = false
  const db = {
    get: (key: string) => root.get(key),
    getMany: (keys: string[]) => root.getMany(keys),
    iterator: (options: object) => root.iterator(options),
    close: () => root.close(),
    async batch(entries: unknown[], options?: object) {
      batches.push(entries.length)
      await new Promise((resolve) => setTimeout(resolve, 5)) // a disk that takes its time
      if (fail) {
        fail = false
        throw new Error('IO error: No space left on device')
      }
      await (root.batch as (e: unknown[], o?: object) => Promise<void>)(entries, options)
    },
  }
  return { db: db as unknown as ClassicLevel<string, Uint8Array>, batches, failNext: () => (fail = true) }
}

describe('OpLog keeps what it served for the next reader', () => {
  /** A database that counts the iterators opened on it (each a read of the disk). */
  function readCounting(): { db: ClassicLevel<string, Uint8Array>; reads: () => number } {
    const root = new MemoryLevel<string, Uint8Array>({ keyEncoding: 'utf8', valueEncoding: 'view' })
    let reads = 0
    const db = {
      get: (key: string) => root.get(key),
      getMany: (keys: string[]) => root.getMany(keys),
      iterator: (options: object) => {
        reads++
        return root.iterator(options)
      },
      close: () => root.close(),
      batch: (entries: unknown[], options?: object) => (root.batch as (e: unknown[], o?: object) => Promise<void>)(entries, options),
    }
    return { db: db as unknown as ClassicLevel<string, Uint8Array>, reads: () => reads }
  }
  const bytesOf = (ops: Operation[]) => ops.map((o) => [...encodeOperation(o)])
  const plain = (list: Uint8Array[]) => list.map((b) => [...b])

  it('a second catch-up of the same chain reads no record, and gets the same bytes', async () => {
    const { db, reads } = readCounting()
    const log = await OpLog.open(db)
    const ops = chain(alice, 6)
    await log.appendMany(ops)
    const before = reads()
    expect(plain(await log.encodedRange(festival, alice.key, 1, 256))).toEqual(bytesOf(ops))
    expect(reads()).toBe(before + 1)
    expect(plain(await log.encodedRange(festival, alice.key, 1, 256))).toEqual(bytesOf(ops))
    expect(plain(await log.encodedRange(festival, alice.key, 3, 2))).toEqual(bytesOf(ops.slice(2, 4)))
    expect(await log.encodedRange(festival, alice.key, 7, 10)).toEqual([])
    expect(reads()).toBe(before + 1)
    await log.close()
  })

  it('operations appended after it was kept are read and served too (never a stale end)', async () => {
    const { db, reads } = readCounting()
    const log = await OpLog.open(db)
    const first = chain(alice, 3)
    await log.appendMany(first)
    await log.encodedRange(festival, alice.key, 1, 256)
    const more = chain(alice, 2, festival, first[2])
    await log.appendMany(more)
    const before = reads()
    expect(plain(await log.encodedRange(festival, alice.key, 1, 256))).toEqual(bytesOf([...first, ...more]))
    expect(reads()).toBe(before + 1)
    // Within what is now kept: no read.
    expect(plain(await log.encodedRange(festival, alice.key, 4, 256))).toEqual(bytesOf(more))
    expect(reads()).toBe(before + 1)
    await log.close()
  })

  it('within a tight budget the chains read least lately are forgotten, and every answer stays right', async () => {
    const { db, reads } = readCounting()
    const a = chain(alice, 4)
    const b = chain(bob, 4)
    const one = a.reduce((n, o) => n + encodeOperation(o).byteLength, 0)
    const log = await OpLog.open(db, { servedBytes: one + 10 }) // room for one chain
    await log.appendMany([...a, ...b])
    const r0 = reads()
    expect(plain(await log.encodedRange(festival, alice.key, 1, 10))).toEqual(bytesOf(a))
    expect(plain(await log.encodedRange(festival, bob.key, 1, 10))).toEqual(bytesOf(b)) // alice's forgotten
    expect(plain(await log.encodedRange(festival, bob.key, 1, 10))).toEqual(bytesOf(b))
    expect(reads()).toBe(r0 + 2)
    expect(plain(await log.encodedRange(festival, alice.key, 1, 10))).toEqual(bytesOf(a))
    expect(reads()).toBe(r0 + 3)
    const none = await OpLog.open(readCounting().db, { servedBytes: 0 })
    await none.appendMany(a)
    expect(plain(await none.encodedRange(festival, alice.key, 1, 10))).toEqual(bytesOf(a))
    await Promise.all([log.close(), none.close()])
  })
})

describe('OpLog group commit', () => {
  it('writes the appends that arrive during a batch together in the next one, each durable when it resolves', async () => {
    const { db, batches } = countingDb()
    const log = await OpLog.open(db)
    const a = chain(alice, 3)
    const b = chain(bob, 2)
    const first = log.append(a[0]!)
    // While the first batch is on its way: the next of alice (built on the tip), and bob's two.
    expect(log.tip(festival, alice.key)?.seq).toBe(1)
    expect(log.head(festival, alice.key)).toBeUndefined()
    const order: string[] = []
    const rest = [
      log.append(a[1]!).then(() => order.push('a2')),
      log.appendMany(b).then(() => order.push('b1-2')),
      log.append(a[2]!).then(() => order.push('a3')),
    ]
    await first
    expect(log.head(festival, alice.key)?.seq).toBe(1)
    await Promise.all(rest)
    expect(order).toEqual(['a2', 'b1-2', 'a3'])
    // Two batches, not four: the second holds alice #2, #3 and bob #1–2 with their heads.
    expect(batches).toEqual([2, 7])
    expect(log.head(festival, alice.key)?.seq).toBe(3)
    expect((await collect(log.range(festival, alice.key, 1))).map((op) => op.seq)).toEqual([1, 2, 3])
    expect((await collect(log.range(festival, bob.key, 1))).map((op) => op.seq)).toEqual([1, 2])
    await log.close()
  })

  it('a failed batch fails the appends built on it and resets the tips: nothing of them is stored', async () => {
    const { db, failNext } = countingDb()
    const log = await OpLog.open(db)
    const a = chain(alice, 3)
    await log.append(a[0]!)
    failNext()
    const second = log.append(a[1]!)
    const third = log.append(a[2]!) // waits behind the failing batch, built on #2
    await expect(second).rejects.toMatchObject({ name: 'StoreIOError' })
    await expect(third).rejects.toMatchObject({ name: 'StoreIOError' })
    expect(log.tip(festival, alice.key)?.seq).toBe(1)
    expect(log.head(festival, alice.key)?.seq).toBe(1)
    expect((await collect(log.range(festival, alice.key, 1))).map((op) => op.seq)).toEqual([1])
    // The author goes on from the stored head.
    await log.append(a[1]!)
    expect(log.head(festival, alice.key)?.seq).toBe(2)
    await log.close()
  })

  it('close waits for the batch being written', async () => {
    const { db } = countingDb()
    const log = await OpLog.open(db)
    const op = chain(alice, 1)[0]!
    const appended = log.append(op)
    await log.close()
    await expect(appended).resolves.toBeUndefined()
    expect(log.head(festival, alice.key)?.seq).toBe(1)
  })
})
