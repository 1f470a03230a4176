import { describe, expect, it } from 'vitest'
import { checkGenesis } from '../../core/festival.ts'
import { encodeOperation, signOperation } from '../../core/operation.ts'
import { runSyncSession, type SessionOptions } from '../../p2p/session.ts'
import { encodeMessage, MESSAGE_TYPE } from '../../p2p/protocol.ts'
import { FakeHost, signer, testFestival, twoHolders } from './fake-host.ts'
import { channelPair } from './memory-channel.ts'

const alice = signer('alice')
const bob = signer('bob')
const carol = signer('carol')

async function sync(a: FakeHost, b: FakeHost, extraA: Partial<SessionOptions> = {}, extraB: Partial<SessionOptions> = {}) {
  const [ca, cb] = channelPair()
  return Promise.all([
    runSyncSession(ca, { host: a, checkGenesis, idleTimeoutMs: 5_000, ...extraA }),
    runSyncSession(cb, { host: b, checkGenesis, idleTimeoutMs: 5_000, ...extraB }),
  ])
}

describe('sync session (in memory)', () => {
  it('exchanges what each side lacks, both ways', async () => {
    const { fest, a, b } = twoHolders()
    a.write(fest.id, alice, 10)
    b.write(fest.id, bob, 7)
    a.write(fest.id, carol, 3)
    b.receive((await a.opsAfter(fest.id, carol.key, 0, 1))[0]!) // b already has carol's first
    const [sa, sb] = await sync(a, b)
    expect(a.digest(fest.id)).toBe(b.digest(fest.id))
    expect(a.size(fest.id)).toBe(20)
    expect(sa).toMatchObject({ festivals: 1, applied: 7, rejected: 0, sent: 12 })
    expect(sb).toMatchObject({ festivals: 1, applied: 12, rejected: 0, sent: 7 })
  })

  it('ends at once when nothing is in common, and syncs nothing twice', async () => {
    const a = new FakeHost('a')
    const b = new FakeHost('b')
    a.create(testFestival('A'))
    b.create(testFestival('B'))
    const [sa, sb] = await sync(a, b)
    expect(sa.festivals).toBe(0)
    expect(sb.festivals).toBe(0)
    const f = testFestival('C')
    a.create(f)
    b.create(f)
    a.write(f.id, alice, 5)
    await sync(a, b)
    const [again] = await sync(a, b)
    expect(again).toMatchObject({ festivals: 1, applied: 0, sent: 0 })
  })

  it('sends a long chain in batches of at most 256, in order, with several in flight', async () => {
    const { fest, a, b } = twoHolders()
    a.write(fest.id, alice, 1000)
    const [ca, cb] = channelPair()
    const sizes: number[] = []
    const send = ca.send.bind(ca)
    ca.send = async (m) => {
      if (m.type === 'ops') sizes.push(m.ops.length)
      return send(m)
    }
    await Promise.all([runSyncSession(ca, { host: a }), runSyncSession(cb, { host: b, maxInFlight: 3 })])
    expect(b.digest(fest.id)).toBe(a.digest(fest.id))
    expect(sizes).toEqual([256, 256, 256, 232])
    expect(b.counts.get('pending') ?? 0).toBe(0)
  })

  it('cuts batches at the byte limit and asks for the rest', async () => {
    const { fest, a, b } = twoHolders()
    a.write(fest.id, alice, 12, 200 * 1024) // 12 × 200 KiB: 5 per MiB
    const [ca, cb] = channelPair()
    const sizes: number[] = []
    const send = ca.send.bind(ca)
    ca.send = async (m) => {
      if (m.type === 'ops') sizes.push(m.ops.length)
      return send(m)
    }
    await Promise.all([runSyncSession(ca, { host: a }), runSyncSession(cb, { host: b })])
    expect(b.digest(fest.id)).toBe(a.digest(fest.id))
    expect(sizes).toEqual([5, 5, 2])
  })

  it('fetches the genesis of a festival followed by id only', async () => {
    const fest = testFestival('Joined by id')
    const a = new FakeHost('a')
    const b = new FakeHost('b')
    a.create(fest)
    a.write(fest.id, alice, 3)
    const [, sb] = await sync(a, b, {}, { wanted: [fest.id] })
    expect(sb.adopted).toBe(1)
    expect(b.festival(fest.id)?.name).toBe('Joined by id')
    expect(b.digest(fest.id)).toBe(a.digest(fest.id))
  })

  it('refuses a genesis that does not hash to the festival id', async () => {
    const fest = testFestival('Real')
    const a = new FakeHost('a')
    const b = new FakeHost('b')
    a.create({ ...fest, name: 'Tampered' })
    const results = await Promise.allSettled(
      (() => {
        const [ca, cb] = channelPair()
        return [runSyncSession(ca, { host: a, checkGenesis }), runSyncSession(cb, { host: b, checkGenesis, wanted: [fest.id] })]
      })(),
    )
    expect(results[1]).toMatchObject({ status: 'rejected', reason: { name: 'ProtocolViolationError' } })
    expect(b.festival(fest.id)).toBeUndefined()
  })

  it('counts forged operations, drops them and stops asking that author', async () => {
    const fest = testFestival()
    const honest = new FakeHost('honest')
    const liar = new FakeHost('liar')
    honest.create(fest)
    liar.create(fest)
    liar.write(fest.id, alice, 5)
    liar.tamper = (op) => ({ ...op, update: Uint8Array.of(...op.update, 1) }) // signature no longer matches
    const rejected: Array<{ reason: string; forgery: boolean }> = []
    const [sh] = await sync(honest, liar, { onRejected: (_op, r, forgery) => rejected.push({ reason: r.reason, forgery }) })
    expect(sh.rejected).toBe(1)
    expect(rejected).toEqual([{ reason: 'bad-signature', forgery: true }])
    expect(honest.size(fest.id)).toBe(0)
  })

  it('a malformed frame ends the session with MalformedMessageError on the receiving side', async () => {
    const fest = testFestival()
    const a = new FakeHost('a')
    a.create(fest)
    const [ca, cb] = channelPair()
    const session = runSyncSession(ca, { host: a, idleTimeoutMs: 2_000 })
    cb.send({ type: 'hello', version: 1, festivals: [{ id: fest.id, hasGenesis: true }] })
    ;(ca as unknown as { deliver(f: Uint8Array): void }).deliver(Uint8Array.of(0x99, 1, 2))
    await expect(session).rejects.toMatchObject({ name: 'MalformedMessageError' })
  })

  it('an operation that does not decode inside OPS is malformed', async () => {
    const { fest, a, b } = twoHolders()
    b.write(fest.id, alice, 1)
    const [ca, cb] = channelPair()
    const session = runSyncSession(ca, { host: a, idleTimeoutMs: 2_000 })
    await cb.send({ type: 'hello', version: 1, festivals: [{ id: fest.id, hasGenesis: true }] })
    const head = b.heads(fest.id).get(alice.key)!
    await cb.send({ type: 'heads', festival: fest.id, heads: [{ author: alice.key, ...head }] })
    // Wait for A's WANT, then answer with garbage.
    for (let i = 0; i < 10; i++) {
      const m = await cb.receive()
      if (m?.type === 'want') break
    }
    await cb.send({ type: 'ops', festival: fest.id, author: alice.key, ops: [Uint8Array.of(1, 2, 3)] })
    await expect(session).rejects.toMatchObject({ name: 'MalformedMessageError' })
  })

  it('unsolicited OPS, a second HELLO and messages before HELLO are violations', async () => {
    const fest = testFestival()
    const a = new FakeHost('a')
    a.create(fest)
    const op = a.write(fest.id, alice, 1)[0]!
    const cases = [
      [{ type: 'hello', version: 1, festivals: [{ id: fest.id, hasGenesis: true }] }, { type: 'ops', festival: fest.id, author: alice.key, ops: [encodeOperation(op)] }],
      [{ type: 'hello', version: 1, festivals: [] }, { type: 'hello', version: 1, festivals: [] }],
      [{ type: 'done' }],
      [{ type: 'hello', version: 2, festivals: [] }],
      [{ type: 'hello', version: 1, festivals: [] }, { type: 'want', festival: fest.id, author: alice.key, afterSeq: 0, limit: 1 }],
    ] as const
    for (const msgs of cases) {
      const [ca, cb] = channelPair()
      const session = runSyncSession(ca, { host: a, idleTimeoutMs: 2_000 })
      for (const m of msgs) await cb.send(m as never)
      await expect(session).rejects.toMatchObject({ name: 'ProtocolViolationError' })
    }
  })

  it('a silent remote times out with SessionClosedError', async () => {
    const a = new FakeHost('a')
    const [ca] = channelPair()
    await expect(runSyncSession(ca, { host: a, idleTimeoutMs: 100 })).rejects.toMatchObject({ name: 'SessionClosedError' })
  })

  it('the documented frame of an OPS carries the operation bytes verbatim', () => {
    const fest = testFestival()
    const op = signOperation(
      { festival: fest.id, author: alice.key, seq: 1, prev: new Uint8Array(32), clientId: alice.clientId, hlc: { wall: 1, counter: 0 }, update: Uint8Array.of(0) },
      alice,
    )
    const enc = encodeOperation(op)
    const frame = encodeMessage({ type: 'ops', festival: fest.id, author: alice.key, ops: [enc] })
    expect(frame[0]).toBe(MESSAGE_TYPE.ops)
    expect(Buffer.from(frame.subarray(frame.length - enc.length)).equals(Buffer.from(enc))).toBe(true)
  })
})

describe('sync session with a batch-receiving host', () => {
  it('hands each OPS to receiveMany once, and stops at the first forgery', async () => {
    const { fest, a, b } = twoHolders()
    b.batch = true
    a.write(fest.id, alice, 600)
    const [, sb] = await sync(a, b)
    expect(b.digest(fest.id)).toBe(a.digest(fest.id))
    expect(b.batches).toBe(3) // 256 + 256 + 88
    expect(sb.applied).toBe(600)
    const c = new FakeHost('c')
    c.create(fest)
    c.batch = true
    a.tamper = (op) => (op.seq === 5 ? { ...op, update: Uint8Array.of(1) } : op)
    const rejected: string[] = []
    const [, sc] = await sync(a, c, {}, { onRejected: (_op, r) => rejected.push(r.reason) })
    expect(rejected).toEqual(['bad-signature'])
    expect(sc).toMatchObject({ applied: 4, rejected: 1 })
    expect(c.size(fest.id)).toBe(4)
  })
})

describe('sync session storing batches while it reads on', () => {
  it('has the host load the festival as soon as it knows operations will come, before the first batch', async () => {
    const { fest, a, b } = twoHolders()
    b.batch = true
    a.write(fest.id, alice, 20)
    const events: string[] = []
    const opener = (name: string) => async (id: string) => void events.push(`${name} open ${id === fest.id}`)
    Object.assign(a, { open: opener('a') })
    Object.assign(b, { open: opener('b') })
    b.beforeBatch = async () => void events.push('b batch')
    await sync(a, b)
    // b lacks alice's operations: it loads before they arrive; a lacks nothing and loads nothing.
    expect(events).toEqual(['b open true', 'b batch'])
    expect(b.digest(fest.id)).toBe(a.digest(fest.id))
  })

  it('hands the batches of different authors over without waiting for each to be stored, one at a time per author, and sends DONE once all are stored', async () => {
    const { fest, a, b } = twoHolders()
    b.batch = true
    a.write(fest.id, alice, 300) // two batches: 256 + 44
    a.write(fest.id, bob, 5)
    a.write(fest.id, carol, 5)
    const held: Array<{ author: string; release: () => void }> = []
    let most = 0
    let sameAuthorTwice = false
    let waitForThree!: () => void
    const three = new Promise<void>((r) => (waitForThree = r))
    b.beforeBatch = (ops) =>
      new Promise<void>((release) => {
        if (held.some((h) => h.author === ops[0]!.author)) sameAuthorTwice = true
        held.push({ author: ops[0]!.author, release })
        most = Math.max(most, held.length)
        if (held.length === 3) waitForThree()
      })
    let ended = false
    const done = sync(a, b).then((r) => ((ended = true), r))
    // Three batches of three authors are in the host at once; the session waits for none of them.
    await Promise.race([three, new Promise((r) => setTimeout(r, 2_000))])
    expect(most).toBe(3)
    expect(ended).toBe(false)
    // Released one by one (alice's second batch comes only after her first is stored).
    while (!ended) {
      held.shift()?.release()
      await new Promise((r) => setTimeout(r, 5))
    }
    const [, sb] = await done
    expect(sameAuthorTwice).toBe(false)
    expect(b.batches).toBe(4)
    expect(sb).toMatchObject({ applied: 310, rejected: 0 })
    expect(b.digest(fest.id)).toBe(a.digest(fest.id))
  })

  it('reads the operations of the WANTs waiting to be answered together, and answers them in the order asked', async () => {
    const { fest, a, b } = twoHolders()
    a.readDelayMs = 30
    a.write(fest.id, alice, 600) // 256 + 256 + 88
    a.write(fest.id, bob, 5)
    a.write(fest.id, carol, 5)
    const [sa, sb] = await sync(a, b)
    expect(a.mostReading).toBeGreaterThanOrEqual(3)
    expect(sa.sent).toBe(610)
    expect(sb).toMatchObject({ applied: 610, rejected: 0 })
    expect(b.digest(fest.id)).toBe(a.digest(fest.id))
  })

  it('fails the session when the host cannot read what a WANT asks for', async () => {
    const { fest, a, b } = twoHolders()
    a.write(fest.id, alice, 3)
    a.write(fest.id, bob, 3)
    a.tamper = (op) => {
      if (op.author === bob.key) throw new Error('record unreadable')
      return op
    }
    const [ca, cb] = channelPair()
    const sa = runSyncSession(ca, { host: a, checkGenesis, idleTimeoutMs: 1_000 })
    const sb = runSyncSession(cb, { host: b, checkGenesis, idleTimeoutMs: 1_000 })
    await expect(sa).rejects.toThrow('record unreadable')
    await expect(sb).rejects.toThrow()
  })

  it('fails the session, without DONE, when the host cannot store a batch', async () => {
    const { fest, a, b } = twoHolders()
    b.batch = true
    a.write(fest.id, alice, 3)
    a.write(fest.id, bob, 3)
    b.beforeBatch = async (ops) => {
      if (ops[0]!.author === bob.key) throw new Error('disk full')
    }
    const [ca, cb] = channelPair()
    const sa = runSyncSession(ca, { host: a, checkGenesis, idleTimeoutMs: 1_000 })
    const sb = runSyncSession(cb, { host: b, checkGenesis, idleTimeoutMs: 1_000 })
    await expect(sb).rejects.toThrow('disk full')
    await expect(sa).rejects.toThrow()
  })
})

describe('sync session against a lying remote', () => {
  it('a HEADS claiming a huge sequence number costs nothing: the empty OPS ends that author', async () => {
    const fest = testFestival()
    const a = new FakeHost('a')
    a.create(fest)
    const [ca, cb] = channelPair()
    const session = runSyncSession(ca, { host: a, idleTimeoutMs: 2_000 })
    await cb.send({ type: 'hello', version: 1, festivals: [{ id: fest.id, hasGenesis: true }] })
    await cb.send({ type: 'heads', festival: fest.id, heads: [{ author: alice.key, seq: Number.MAX_SAFE_INTEGER, hash: new Uint8Array(32) }] })
    const wants = []
    for (let i = 0; i < 20; i++) {
      const m = await cb.receive()
      if (m?.type === 'want') {
        wants.push(m)
        await cb.send({ type: 'ops', festival: fest.id, author: alice.key, ops: [] })
      }
      if (m?.type === 'done') break
    }
    expect(wants.length).toBeLessThanOrEqual(8) // at most the in-flight window (maxInFlight, default 8), then nothing more
    await cb.send({ type: 'done' })
    await expect(session).resolves.toMatchObject({ applied: 0 })
  })

  it('a session that trickles past its maximum duration is closed', async () => {
    const a = new FakeHost('a')
    const [ca, cb] = channelPair()
    const session = runSyncSession(ca, { host: a, idleTimeoutMs: 1_000, maxDurationMs: 150 })
    await cb.send({ type: 'hello', version: 1, festivals: [] })
    await expect(session).rejects.toMatchObject({ name: 'SessionClosedError' })
  })
})
