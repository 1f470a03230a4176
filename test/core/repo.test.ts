import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { openDataDir } from '../../core/store.ts'
import { Repo } from '../../core/repo.ts'
import type { ReceiveResult } from '../../core/repo.ts'
import { signerFromSeed } from '../../core/identity.ts'
import { operationHash, signOperation } from '../../core/operation.ts'
import type { Operation } from '../../core/operation.ts'
import { namespaceName, readNamespace } from '../../core/doc.ts'
import { newEntityId } from '../../core/ids.ts'
import type { EventData, FestivalId, FestivalMeta } from '../../core/types.ts'

const alice = signerFromSeed(new Uint8Array(32).fill(1))
const mallory = signerFromSeed(new Uint8Array(32).fill(2))
const T0 = Date.UTC(2020, 0, 8, 9)

function talk(title: string, hour: number): EventData {
  return {
    title,
    kind: 'talk',
    start: Date.UTC(2020, 0, 8, hour),
    end: Date.UTC(2020, 0, 8, hour + 1),
    venue: null,
    resources: [],
    organizers: [],
    tags: [],
    state: 'scheduled',
    bookedAt: T0,
  }
}

const dirs: string[] = []
async function tempRepo(options: { cacheGatherMs?: number } = {}): Promise<{ repo: Repo; dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'yurt-repo-'))
  dirs.push(dir)
  const repo = await Repo.open(await openDataDir(dir), { now: () => T0, ...options })
  return { repo, dir }
}
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true })
})

/** Waits until `condition` holds (polling), or fails naming `what` after 2 s. */
async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 2_000
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 2))
  }
}

/** A repo planning "Camp", and the operations it makes, in the order it makes them. */
async function campSource(): Promise<{ source: Repo; f: FestivalMeta; ops: Operation[] }> {
  const { repo: source } = await tempRepo()
  const f = await source.createFestival({ name: 'Camp', timezone: 'Europe/Berlin' })
  const ops: Operation[] = []
  source.onOperation((op) => ops.push(op))
  return { source, f, ops }
}

/** Alice books one talk an hour, from hour `from` to hour `to` − 1, one commit each. */
async function bookTalks(source: Repo, f: FestivalMeta, from: number, to: number): Promise<void> {
  for (let h = from; h < to; h++) await source.commit(f.id, alice, (w) => w.setEvent(newEntityId(alice.key), talk(`Talk ${h}`, h)))
}

/** A signed operation by `signer` whose update was made by raw Yjs on a copy of `doc`. */
function forgedOp(festival: FestivalId, doc: Y.Doc, signer: typeof alice, seq: number, prev: Uint8Array, clientId: number, fn: (d: Y.Doc) => void): Operation {
  const copy = new Y.Doc()
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc))
  copy.clientID = clientId
  const sv = Y.encodeStateVector(copy)
  fn(copy)
  const update = Y.encodeStateAsUpdate(copy, sv)
  return signOperation({ festival, author: signer.key, seq, prev, clientId, hlc: { wall: T0, counter: 0 }, update }, signer)
}

describe('Repo', () => {
  it('stores every change as a signed operation and restores it on reopen', async () => {
    const { repo, dir } = await tempRepo()
    const f = await repo.createFestival({ name: 'Paris P2P', timezone: 'Europe/Paris' })
    const id = newEntityId(alice.key)
    const op = await repo.commit(f.id, alice, (w) => w.setEvent(id, talk('History of P2P', 18)))
    expect(op?.seq).toBe(1)
    await repo.close()
    const again = await Repo.open(await openDataDir(dir), { now: () => T0 })
    const view = (await again.open(f.id)).view()
    expect(view.events.map((e) => e.title)).toEqual(['History of P2P'])
    expect(again.heads(f.id).get(alice.key)?.seq).toBe(1)
    await again.close()
  })

  it("refuses a signed operation that changes another author's event, and the document keeps the original", async () => {
    const { repo } = await tempRepo()
    const f = await repo.createFestival({ name: 'Paris P2P', timezone: 'Europe/Paris' })
    const id = newEntityId(alice.key)
    await repo.commit(f.id, alice, (w) => w.setEvent(id, talk('History of P2P', 18)))
    const festival = await repo.open(f.id)
    const zero = new Uint8Array(32)
    // Mallory overwrites Alice's event: with Alice's client id, then with Mallory's own.
    const withAliceClient = forgedOp(f.id, festival.doc, mallory, 1, zero, alice.clientId, (d) =>
      d.getMap(namespaceName(alice.key)).set(`e:${id}`, talk('Cancelled lol', 18)),
    )
    expect(await repo.receive(withAliceClient)).toEqual({ status: 'rejected', reason: 'wrong-client-id' })
    const inAliceMap = forgedOp(f.id, festival.doc, mallory, 1, zero, mallory.clientId, (d) =>
      d.getMap(namespaceName(alice.key)).set(`e:${id}`, talk('Cancelled lol', 18)),
    )
    expect(await repo.receive(inAliceMap)).toEqual({ status: 'rejected', reason: 'outside-namespace' })
    const deletion = forgedOp(f.id, festival.doc, mallory, 1, zero, mallory.clientId, (d) =>
      d.getMap(namespaceName(alice.key)).delete(`e:${id}`),
    )
    expect(await repo.receive(deletion)).toEqual({ status: 'rejected', reason: 'foreign-deletion' })
    expect(festival.view().events.map((e) => [e.title, e.author])).toEqual([['History of P2P', alice.key]])
    expect(repo.heads(f.id).has(mallory.key)).toBe(false)
  })

  it('verifies the signature and the hash chain, keeps gaps pending and ignores duplicates', async () => {
    const { repo: source } = await tempRepo()
    const { repo: sink } = await tempRepo()
    const f = await source.createFestival({ name: 'Camp', timezone: 'Europe/Berlin' })
    await sink.adoptFestival(f)
    const ops: Operation[] = []
    source.onOperation((op) => ops.push(op))
    await bookTalks(source, f, 10, 13)
    const [op1, op2, op3] = ops as [Operation, Operation, Operation]

    const tampered = { ...op1, update: op1.update.slice() }
    tampered.update[tampered.update.length - 1]! ^= 1
    expect(await sink.receive(tampered)).toEqual({ status: 'rejected', reason: 'bad-signature' })

    expect(await sink.receive(op3)).toEqual({ status: 'pending' })
    expect(await sink.receive(op1)).toEqual({ status: 'applied' })
    expect(await sink.receive(op1)).toEqual({ status: 'duplicate' })
    // op2 arrives: op3 was waiting for it and is applied too.
    expect(await sink.receive(op2)).toEqual({ status: 'applied' })
    expect(sink.heads(f.id).get(alice.key)?.seq).toBe(3)
    const titles = (await sink.open(f.id)).view().events.map((e) => e.title)
    expect(titles).toEqual(['Talk 10', 'Talk 11', 'Talk 12'])

    // A second operation 2 that does not follow op1 (a fork) is refused.
    const fork = signOperation({ ...op2, hlc: { wall: T0 + 1, counter: 0 } }, alice)
    expect(await sink.receive(fork)).toEqual({ status: 'rejected', reason: 'fork' })
    // A chain link that names the wrong predecessor is refused.
    const badPrev = signOperation({ ...op3, seq: 4, prev: operationHash(op1) }, alice)
    expect(await sink.receive(badPrev)).toEqual({ status: 'rejected', reason: 'broken-chain' })
  })

  it('takes a batch of one author in one write: the same schedule as one by one, stopping at a forgery', async () => {
    const { repo: source } = await tempRepo()
    const { repo: sink, dir } = await tempRepo()
    const f = await source.createFestival({ name: 'Camp', timezone: 'Europe/Berlin' })
    await sink.adoptFestival(f)
    const ops: Operation[] = []
    source.onOperation((op) => ops.push(op))
    await bookTalks(source, f, 8, 14)
    const heard: number[] = []
    sink.onOperation((op, origin) => heard.push(origin === 'remote' ? op.seq : -1))

    // Ops 1–2 already held (one stored, one duplicated inside the batch), then 3–4, then a forged 5.
    expect(await sink.receive(ops[0]!)).toEqual({ status: 'applied' })
    const forged = { ...ops[4]!, update: ops[4]!.update.slice() }
    forged.update[forged.update.length - 1]! ^= 1
    const results = await sink.receiveMany([ops[0]!, ops[1]!, ops[1]!, ops[2]!, ops[3]!, forged, ops[5]!])
    expect(results.map((r) => r.status)).toEqual(['duplicate', 'applied', 'duplicate', 'applied', 'applied', 'rejected'])
    expect(heard).toEqual([1, 2, 3, 4])
    expect(sink.heads(f.id).get(alice.key)?.seq).toBe(4)

    // The rest arrives later, out of order: 6 waits in the batch for 5, then both apply.
    expect((await sink.receiveMany([ops[5]!])).map((r) => r.status)).toEqual(['pending'])
    expect((await sink.receiveMany([ops[4]!])).map((r) => r.status)).toEqual(['applied'])
    expect(sink.heads(f.id).get(alice.key)?.seq).toBe(6)
    await sink.close()

    // Durable: a reopened sink has the same schedule as the source.
    const again = await Repo.open(await openDataDir(dir), { now: () => T0 })
    const titles = (await again.open(f.id)).view().events.map((e) => e.title)
    expect(titles).toEqual((await source.open(f.id)).view().events.map((e) => e.title))
    expect(titles).toHaveLength(6)
    await again.close()
  })

  it('a run vouched for by its newest signature: a forgery in the middle, a bad newest signature, a reordered run', async () => {
    const { source, f, ops } = await campSource()
    await bookTalks(source, f, 8, 16)
    const fresh = async () => {
      const { repo } = await tempRepo()
      await repo.adoptFestival(f)
      return repo
    }
    const statuses = (rs: ReceiveResult[]) => rs.map((r) => (r.status === 'rejected' ? `rejected:${r.reason}` : r.status))

    // The whole run, untouched: every operation applied (one signature checked).
    const whole = await fresh()
    expect(statuses(await whole.receiveMany(ops))).toEqual(Array(8).fill('applied'))

    // Op 4's update altered (its signature no longer matches), the links around it kept as they were.
    const middle = await fresh()
    const forged = { ...ops[3]!, update: ops[3]!.update.slice() }
    forged.update[forged.update.length - 1]! ^= 1
    expect(statuses(await middle.receiveMany([...ops.slice(0, 3), forged, ...ops.slice(4)]))).toEqual(['applied', 'applied', 'applied', 'rejected:bad-signature'])
    expect(middle.heads(f.id).get(alice.key)?.seq).toBe(3)

    // Op 4 signed by mallory and passed off as alice's, with a correct prev: its hash differs, so op 5
    // no longer links to it; the vouched prefix would end at op 4, whose signature fails.
    const resigned = signOperation({ ...ops[3]!, author: mallory.key, hlc: { wall: T0 + 9, counter: 0 } }, mallory)
    const third = await fresh()
    const r3 = await third.receiveMany([...ops.slice(0, 3), { ...resigned, author: alice.key }, ...ops.slice(4)])
    expect(statuses(r3).slice(0, 4)).toEqual(['applied', 'applied', 'applied', 'rejected:bad-signature'])

    // The newest signature bad: nothing vouched for, each checked, all but the last applied.
    const newest = await fresh()
    const badLast = { ...ops[7]!, sig: ops[7]!.sig.slice() }
    badLast.sig[0]! ^= 1
    expect(statuses(await newest.receiveMany([...ops.slice(0, 7), badLast]))).toEqual([...Array(7).fill('applied'), 'rejected:bad-signature'])
    expect(newest.heads(f.id).get(alice.key)?.seq).toBe(7)

    // Reordered: 1, 3, 2 … — nothing vouched for past 1, each signature checked; 3 and what follows wait
    // until the batch is stored, then all are applied in order.
    const reordered = await fresh()
    const r = await reordered.receiveMany([ops[0]!, ops[2]!, ops[1]!, ...ops.slice(3)])
    expect(statuses(r)).toEqual(['applied', 'pending', 'applied', ...Array(5).fill('pending')])
    expect(reordered.heads(f.id).get(alice.key)?.seq).toBe(8)
    const titles = async (repo: Repo) => (await repo.open(f.id)).view().events.map((e) => e.title)
    expect(await titles(reordered)).toEqual(await titles(source))
    expect(await titles(whole)).toEqual(await titles(source))
  })

  it('batches handed over together are stored together: each applied, an overlapping one seen as duplicates, a failed write refuses them all', async () => {
    const { repo: source } = await tempRepo()
    const f = await source.createFestival({ name: 'Camp', timezone: 'Europe/Berlin' })
    const carol = signerFromSeed(new Uint8Array(32).fill(3))
    const byAuthor = new Map<string, Operation[]>()
    source.onOperation((op) => byAuthor.set(op.author, [...(byAuthor.get(op.author) ?? []), op]))
    for (const s of [alice, mallory, carol]) {
      for (let h = 8; h < 12; h++) await source.commit(f.id, s, (w) => w.setEvent(newEntityId(s.key), talk(`${s.key.slice(0, 4)} ${h}`, h)))
    }
    const [a, m, c] = [alice, mallory, carol].map((s) => byAuthor.get(s.key)!) as [Operation[], Operation[], Operation[]]
    const statuses = (rs: ReceiveResult[]) => rs.map((r) => r.status)
    const titles = async (repo: Repo) => (await repo.open(f.id)).view().events.map((e) => e.title)

    const { repo: sink, dir } = await tempRepo()
    await sink.adoptFestival(f)
    await sink.open(f.id)
    // Not awaited one by one: the second and third wait for the first's turn, then go in one group,
    // where alice's 2–4 come after her 1–3 (not stored yet) and 2–3 are known as duplicates, not forks.
    const results = await Promise.all([sink.receiveMany(a.slice(0, 3)), sink.receiveMany(m), sink.receiveMany(a.slice(1)), sink.receiveMany(c)])
    expect(results.map(statuses)).toEqual([
      ['applied', 'applied', 'applied'],
      ['applied', 'applied', 'applied', 'applied'],
      ['duplicate', 'duplicate', 'applied'],
      ['applied', 'applied', 'applied', 'applied'],
    ])
    expect(await titles(sink)).toEqual(await titles(source))
    await sink.close()
    const again = await Repo.open(await openDataDir(dir), { now: () => T0 })
    expect(await titles(again)).toEqual(await titles(source))
    await again.close()

    // A group whose write fails: every batch of it refused with the store error, nothing shown or kept.
    const { repo: broken } = await tempRepo()
    await broken.adoptFestival(f)
    await broken.receiveMany(a)
    const appendMany = broken.data.ops.appendMany.bind(broken.data.ops)
    broken.data.ops.appendMany = () => Promise.reject(new Error('disk on fire'))
    const failed = await Promise.allSettled([broken.receiveMany(a), broken.receiveMany(m), broken.receiveMany(c)])
    expect(failed.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected'])
    expect((failed[0] as PromiseFulfilledResult<ReceiveResult[]>).value.map((r) => r.status)).toEqual(Array(4).fill('duplicate'))
    expect([...broken.heads(f.id).keys()]).toEqual([alice.key])
    expect(await titles(broken)).toHaveLength(4)
    broken.data.ops.appendMany = appendMany
    expect((await Promise.all([broken.receiveMany(m), broken.receiveMany(c)])).map(statuses)).toEqual([Array(4).fill('applied'), Array(4).fill('applied')])
    expect(await titles(broken)).toEqual(await titles(source))
    await broken.close()
  })

  it('checks the next group while the one before it is being written, and acknowledges each only once durable', async () => {
    const { repo: source } = await tempRepo()
    const f = await source.createFestival({ name: 'Camp', timezone: 'Europe/Berlin' })
    const byAuthor = new Map<string, Operation[]>()
    source.onOperation((op) => byAuthor.set(op.author, [...(byAuthor.get(op.author) ?? []), op]))
    for (const s of [alice, mallory]) {
      for (let h = 8; h < 12; h++) await source.commit(f.id, s, (w) => w.setEvent(newEntityId(s.key), talk(`${s.key.slice(0, 4)} ${h}`, h)))
    }
    const [a, m] = [alice, mallory].map((s) => byAuthor.get(s.key)!) as [Operation[], Operation[]]
    const { repo: sink, dir } = await tempRepo()
    await sink.adoptFestival(f)
    await sink.open(f.id)
    // The log's writes held until released.
    const { ClassicLevel } = await import('classic-level')
    const proto = ClassicLevel.prototype as unknown as { _batch: (...args: unknown[]) => unknown; location: string }
    const original = proto._batch
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    let held = 0
    proto._batch = function (this: { location: string }, ...args: unknown[]) {
      if (!this.location.endsWith('ops')) return original.apply(this, args)
      held++
      return gate.then(() => original.apply(this, args))
    }
    try {
      const settled: string[] = []
      const first = sink.receiveMany(a.slice(0, 3)).then((r) => (settled.push('first'), r))
      await until(() => held === 1, 'the first group written')
      // Alice's 2–4 (2 and 3 still on their way to the disk) and Mallory's run, while the first write waits.
      const second = sink.receiveMany(a.slice(1)).then((r) => (settled.push('second'), r))
      const third = sink.receiveMany(m).then((r) => (settled.push('third'), r))
      // A copy of alice's 2 gossiped meanwhile: held already (on its way to the disk), not a fork.
      const gossiped = sink.receive(a[1]!)
      await until(() => sink.data.ops.tip(f.id, mallory.key)?.seq === 4, 'the next group checked and handed to the log')
      await new Promise((r) => setTimeout(r, 20))
      expect(settled).toEqual([])
      expect(sink.heads(f.id).size).toBe(0)
      release()
      const statuses = (rs: ReceiveResult[]) => rs.map((r) => r.status)
      expect((await Promise.all([first, second, third])).map(statuses)).toEqual([
        ['applied', 'applied', 'applied'],
        ['duplicate', 'duplicate', 'applied'],
        ['applied', 'applied', 'applied', 'applied'],
      ])
      expect(await gossiped).toEqual({ status: 'duplicate' })
      expect(settled).toEqual(['first', 'second', 'third'])
      expect(sink.heads(f.id).get(alice.key)?.seq).toBe(4)
      expect(sink.heads(f.id).get(mallory.key)?.seq).toBe(4)
    } finally {
      proto._batch = original
      release()
    }
    const titles = async (repo: Repo) => (await repo.open(f.id)).view().events.map((e) => e.title)
    await sink.close()
    const again = await Repo.open(await openDataDir(dir), { now: () => T0 })
    expect(await titles(again)).toEqual(await titles(source))
    await again.close()
  })

  it('a run applied as one merged update gives the same document, view and stored state as one by one', async () => {
    const { source, f, ops } = await campSource()
    // Adds, renames, moves, a cancellation and a removal: updates that create and delete items.
    const ids = [0, 1, 2, 3].map(() => newEntityId(alice.key))
    for (const [i, id] of ids.entries()) await source.commit(f.id, alice, (w) => w.setEvent(id, talk(`Talk ${i}`, 9 + i)))
    await source.commit(f.id, alice, (w) => w.setEvent(ids[0]!, talk('Talk 0, renamed', 9)))
    await source.commit(f.id, alice, (w) => w.setEvent(ids[1]!, talk('Talk 1', 15)))
    await source.commit(f.id, alice, (w) => w.setEvent(ids[2]!, { ...talk('Talk 2', 11), state: 'cancelled' }))
    await source.commit(f.id, alice, (w) => w.deleteEvent(ids[3]!))
    await source.commit(f.id, alice, (w) => w.setEvent(ids[0]!, talk('Talk 0, renamed again', 10)))
    expect(ops).toHaveLength(9)

    const { repo: merged, dir } = await tempRepo()
    await merged.adoptFestival(f)
    const { repo: single } = await tempRepo()
    await single.adoptFestival(f)
    expect((await merged.receiveMany(ops)).map((r) => r.status)).toEqual(Array(9).fill('applied'))
    for (const op of ops) expect(await single.receive(op)).toEqual({ status: 'applied' })

    const state = async (repo: Repo) => {
      const festival = await repo.open(f.id)
      return { json: festival.doc.getMap(namespaceName(alice.key)).toJSON(), sv: Y.encodeStateVector(festival.doc), view: festival.view() }
    }
    const one = await state(single)
    expect(await state(merged)).toEqual(one)
    expect(await state(merged)).toEqual(await state(source))
    expect(one.view.events.map((e) => e.title)).toEqual(['Talk 0, renamed again', 'Talk 2', 'Talk 1'])
    // What the merged run stored (the log and the Yjs cache) reopens to the same document.
    await merged.close()
    const again = await Repo.open(await openDataDir(dir), { now: () => T0 })
    expect(await state(again)).toEqual(one)
    await again.close()
  })

  it('an operation whose update starts at the wrong clock, in the middle of a run, is refused and those before it kept', async () => {
    const { source, f, ops } = await campSource()
    await bookTalks(source, f, 8, 13)
    const festival = await source.open(f.id)
    const statuses = (rs: ReceiveResult[]) => rs.map((r) => (r.status === 'rejected' ? `rejected:${r.reason}` : r.status))
    // Op 3, signed by alice with the right seq and prev, made on a document that lacks op 2 (it starts
    // too early) or that holds a change never sent (it starts too late).
    const withoutOp2 = new Y.Doc()
    Y.applyUpdate(withoutOp2, ops[0]!.update)
    const early = forgedOp(f.id, withoutOp2, alice, 3, operationHash(ops[1]!), alice.clientId, (d) =>
      d.getMap(namespaceName(alice.key)).set('x', 1),
    )
    const ahead = new Y.Doc()
    Y.applyUpdate(ahead, Y.mergeUpdates(ops.slice(0, 2).map((o) => o.update)))
    ahead.clientID = alice.clientId
    ahead.getMap(namespaceName(alice.key)).set('unsent', 1)
    const late = forgedOp(f.id, ahead, alice, 3, operationHash(ops[1]!), alice.clientId, (d) => d.getMap(namespaceName(alice.key)).set('x', 1))
    for (const forged of [early, late]) {
      const { repo } = await tempRepo()
      await repo.adoptFestival(f)
      const run = [ops[0]!, ops[1]!, forged, ...ops.slice(3)]
      expect(statuses(await repo.receiveMany(run))).toEqual(['applied', 'applied', 'rejected:update-gap'])
      expect(repo.heads(f.id).get(alice.key)?.seq).toBe(2)
      expect((await repo.open(f.id)).view().events.map((e) => e.title)).toEqual(['Talk 8', 'Talk 9'])
      // One by one, the same: the document is not where the forged update says it starts.
      const { repo: single } = await tempRepo()
      await single.adoptFestival(f)
      const one: ReceiveResult[] = []
      for (const op of run) {
        one.push(await single.receive(op))
        if (one.at(-1)!.status === 'rejected') break
      }
      expect(statuses(one)).toEqual(['applied', 'applied', 'rejected:update-gap'])
    }
    expect(festival.view().events).toHaveLength(5)
  })

  it('a crafted update with a hole in it is applied alone: the same outcome as one by one', async () => {
    const { source, f, ops } = await campSource()
    await bookTalks(source, f, 8, 12)
    // Alice's own chain, re-signed: 1; 2 and 4 in one update (op 3's range missing in between);
    // 3; then 4 again, which the document already holds once 3 let the waiting part of #2 in.
    const chain: Operation[] = []
    const next = (update: Uint8Array) => {
      const prev = chain.at(-1)
      const op = signOperation(
        { festival: f.id, author: alice.key, seq: chain.length + 1, prev: prev ? operationHash(prev) : new Uint8Array(32), clientId: alice.clientId, hlc: { wall: T0, counter: chain.length }, update },
        alice,
      )
      chain.push(op)
    }
    next(ops[0]!.update)
    next(Y.mergeUpdates([ops[1]!.update, ops[3]!.update]))
    next(ops[2]!.update)
    next(ops[3]!.update)
    const statuses = (rs: ReceiveResult[]) => rs.map((r) => (r.status === 'rejected' ? `rejected:${r.reason}` : r.status))
    const { repo: merged } = await tempRepo()
    await merged.adoptFestival(f)
    const { repo: single } = await tempRepo()
    await single.adoptFestival(f)
    const one: ReceiveResult[] = []
    for (const op of chain) {
      one.push(await single.receive(op))
      if (one.at(-1)!.status === 'rejected') break
    }
    expect(statuses(await merged.receiveMany(chain))).toEqual(statuses(one))
    expect(statuses(one)).toEqual(['applied', 'applied', 'applied', 'rejected:update-gap'])
    const titles = async (repo: Repo) => (await repo.open(f.id)).view().events.map((e) => e.title)
    expect(await titles(merged)).toEqual(await titles(single))
    expect(await titles(merged)).toEqual(['Talk 8', 'Talk 9', 'Talk 10', 'Talk 11'])
  })

  it('refuses a batch for a festival it does not hold, and a broken chain inside a batch', async () => {
    const { source, f, ops } = await campSource()
    const { repo: sink } = await tempRepo()
    await bookTalks(source, f, 10, 13)
    expect(await sink.receiveMany(ops)).toEqual([{ status: 'rejected', reason: 'unknown-festival' }])
    await sink.adoptFestival(f)
    const badPrev = signOperation({ ...ops[1]!, prev: new Uint8Array(32) }, alice)
    const results = await sink.receiveMany([ops[0]!, badPrev, ops[2]!])
    expect(results).toEqual([{ status: 'applied' }, { status: 'rejected', reason: 'broken-chain' }])
    expect((await sink.open(f.id)).view().events.map((e) => e.title)).toEqual(['Talk 10'])
  })

  it('opens a festival whose authors last only deleted, and refuses a Yjs state that holds more than the log', async () => {
    const { repo, dir } = await tempRepo()
    const f = await repo.createFestival({ name: 'Paris P2P', timezone: 'Europe/Paris' })
    const kept = newEntityId(alice.key)
    const gone = newEntityId(alice.key)
    await repo.commit(f.id, alice, (w) => w.setEvent(kept, talk('Mesh routing', 10)))
    await repo.commit(f.id, alice, (w) => w.setEvent(gone, talk('Cancelled talk', 11)))
    // Alice's last two operations only delete: the check on open looks back to the one that wrote.
    await repo.commit(f.id, alice, (w) => w.deleteEvent(gone))
    const radio = newEntityId(mallory.key)
    await repo.commit(f.id, mallory, (w) => w.setEvent(radio, talk('Radio', 12)))
    await repo.commit(f.id, mallory, (w) => w.deleteEvent(radio))
    await repo.close()
    let again = await Repo.open(await openDataDir(dir), { now: () => T0 })
    expect((await again.open(f.id)).view().events.map((e) => e.title)).toEqual(['Mesh routing'])
    // The Yjs cache gains a change of Alice's the log never held (the log lost it): refused on open.
    const doc = (await again.open(f.id)).doc
    const lost = forgedOp(f.id, doc, alice, 4, new Uint8Array(32), alice.clientId, (d) => d.getMap(namespaceName(alice.key)).set('profile', { name: 'Alice' }))
    await again.data.ydocs.storeUpdate(f.id, lost.update)
    await again.close()
    again = await Repo.open(await openDataDir(dir), { now: () => T0 })
    await expect(again.open(f.id)).rejects.toMatchObject({ name: 'StoreCorruptError' })
    await again.close()
  })

  it('a second process on the same data directory is told clearly', async () => {
    const { dir, repo } = await tempRepo()
    await expect(openDataDir(dir)).rejects.toMatchObject({ name: 'DataDirLockedError' })
    await repo.close()
  })
})

describe('Repo: local changes from many rooms at once (group commit)', () => {
  it('a stream of changes reaches the Yjs cache in one write, each change whole in it once written', async () => {
    // A gathering window longer than the test: on a loaded machine one commit may outlast the
    // default 10 ms, and the count would depend on the machine's speed.
    const { repo, dir } = await tempRepo({ cacheGatherMs: 60_000 })
    const f = await repo.createFestival({ name: 'Paris P2P', timezone: 'Europe/Paris' })
    const ydocs = repo.data.ydocs
    let writes = 0
    const one = ydocs.storeUpdate.bind(ydocs)
    const many = ydocs.storeUpdates.bind(ydocs)
    ydocs.storeUpdate = (id, u) => (writes++, one(id, u))
    ydocs.storeUpdates = (id, us) => (writes++, many(id, us))
    // A person typing 30 commands one after another, each acknowledged before the next.
    for (let k = 0; k < 30; k++) await repo.commit(f.id, alice, (w) => w.setEvent(newEntityId(alice.key), talk(`Talk ${k}`, 8 + (k % 12))))
    expect(writes).toBe(0) // the reply does not wait for the cache
    await repo.cacheWritten()
    expect(writes).toBe(1)
    // The cache alone (no log replay) holds all 30.
    const cached = await ydocs.load(f.id)
    expect(readNamespace(cached!, alice.key).events.size).toBe(30)
    await repo.close()
    const again = await Repo.open(await openDataDir(dir), { now: () => T0 })
    expect((await again.open(f.id)).view().events).toHaveLength(30)
    await again.close()
  })

  it('prepares the next change while the last one is written, shares batches, and acknowledges each only once durable', async () => {
    const { ClassicLevel } = await import('classic-level')
    const proto = ClassicLevel.prototype as unknown as { _batch: (...args: unknown[]) => unknown; location: string }
    const original = proto._batch
    let logBatches = 0
    proto._batch = function (this: { location: string }, ...args: unknown[]) {
      if (this.location.endsWith('ops')) logBatches++
      return original.apply(this, args)
    }
    try {
      const { repo, dir } = await tempRepo()
      const f = await repo.createFestival({ name: 'Paris P2P', timezone: 'Europe/Paris' })
      const speakers = Array.from({ length: 8 }, (_, i) => signerFromSeed(new Uint8Array(32).fill(10 + i)))
      const seen: Array<{ author: string; seq: number }> = []
      repo.onOperation((op) => seen.push({ author: op.author, seq: op.seq }))
      logBatches = 0
      // Eight rooms, each a speaker booking five talks one after another; the rooms run at once.
      await Promise.all(
        speakers.map(async (s, i) => {
          for (let k = 0; k < 5; k++) {
            const op = await repo.commit(f.id, s, (w) => w.setEvent(newEntityId(s.key), talk(`Room ${i} talk ${k}`, 8 + k)))
            // Acknowledged means durable: the log's head already names it.
            expect(repo.data.ops.head(f.id, s.key)?.seq).toBeGreaterThanOrEqual(op!.seq)
          }
        }),
      )
      expect(logBatches).toBeLessThan(40)
      // Each author's operations were announced in order.
      for (const s of speakers) {
        expect(seen.filter((e) => e.author === s.key).map((e) => e.seq)).toEqual([1, 2, 3, 4, 5])
      }
      await repo.close()
      const again = await Repo.open(await openDataDir(dir), { now: () => T0 })
      const titles = (await again.open(f.id)).view().events.map((e) => e.title)
      expect(titles).toHaveLength(40)
      for (const s of speakers) expect(again.data.ops.head(f.id, s.key)?.seq).toBe(5)
      await again.close()
    } finally {
      proto._batch = original
    }
  })
})
