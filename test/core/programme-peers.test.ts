/**
 * Building the programme across peers: proposals, votes, acceptances and RSVPs made on two real
 * Repos (LevelDB in temporary directories), offline, then exchanged as signed operations in either
 * order. Every replica must derive the same ranking, the same events and the same waiting list, and
 * refuse what an author forged into someone else's namespace.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { openDataDir } from '../../core/store.ts'
import { Repo } from '../../core/repo.ts'
import { clientIdOf, signerFromSeed } from '../../core/identity.ts'
import type { Signer } from '../../core/identity.ts'
import { signOperation } from '../../core/operation.ts'
import { authorsOf, namespaceName } from '../../core/doc.ts'
import { newEntityId } from '../../core/ids.ts'
import { organisersOf, proposalsOf } from '../../core/programme.ts'
import type { EntityId, EventData, FestivalMeta, ProposalData } from '../../core/types.ts'

const alice = signerFromSeed(new Uint8Array(32).fill(1)) // creates the festival
const bob = signerFromSeed(new Uint8Array(32).fill(2)) // hosts the Atelier
const carol = signerFromSeed(new Uint8Array(32).fill(3))
const dave = signerFromSeed(new Uint8Array(32).fill(4))
const erin = signerFromSeed(new Uint8Array(32).fill(6))
const mallory = signerFromSeed(new Uint8Array(32).fill(5))
const T0 = Date.UTC(2027, 5, 3, 8)
const HOUR = 3_600_000

const dirs: string[] = []
const repos: Repo[] = []
afterEach(async () => {
  for (const r of repos.splice(0)) await r.close()
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true })
})

async function peer(clock: { now: number }): Promise<Repo> {
  const dir = await mkdtemp(join(tmpdir(), 'yurt-programme-peers-'))
  dirs.push(dir)
  const repo = await Repo.open(await openDataDir(dir), { now: () => clock.now })
  repos.push(repo)
  return repo
}

/** Hands `to` every operation of `from` it lacks; answers how many were applied. */
async function exchange(from: Repo, to: Repo, festival: FestivalMeta): Promise<number> {
  let applied = 0
  for (const [author, head] of from.heads(festival.id)) {
    const after = to.heads(festival.id).get(author)?.seq ?? 0
    if (after >= head.seq) continue
    for (const r of await to.receiveMany(await from.opsAfter(festival.id, author, after, 1000))) {
      expect(r.status).toBe('applied')
      applied++
    }
  }
  return applied
}

/** Two peers of one festival created by alice, with bob's Atelier (capacity `capacity`) on both. */
async function twoPeers(capacity: number | null = null) {
  const clock = { now: T0 }
  const a = await peer(clock)
  const b = await peer(clock)
  const festival = await a.createFestival({ name: 'Paris P2P', timezone: 'Europe/Paris', creator: alice.key })
  await b.adoptFestival(festival)
  const atelier = newEntityId(bob.key)
  await a.commit(festival.id, bob, (w) => w.setVenue(atelier, { name: 'Atelier', aliases: [], capacity, concurrent: 1, policy: 'open' }))
  await a.commit(festival.id, alice, (w) => w.setCall({ open: true, until: T0 + 48 * HOUR, at: T0 }))
  await exchange(a, b, festival)
  return { clock, a, b, festival, atelier }
}

const proposal = (title: string, at: number, extra: Partial<ProposalData> = {}): ProposalData => ({ title, kind: 'talk', minutes: 30, at, ...extra })

/** The ranking as a replica derives it: `[title, votes, state, late]`. */
async function ranking(repo: Repo, festival: FestivalMeta) {
  const f = await repo.open(festival.id)
  const namespaces = authorsOf(f.doc).map((k) => f.namespace(k))
  const venues = new Map(f.view(T0).venues.map((v) => [v.id, v]))
  return proposalsOf(namespaces, organisersOf(festival, namespaces), venues).map((p) => [p.title, p.votes.length, p.state, p.late])
}

const eventOf = async (repo: Repo, festival: FestivalMeta, id: EntityId) => (await repo.open(festival.id)).view(T0).events.find((e) => e.id === id)

describe('proposals and votes made offline on two peers', () => {
  for (const order of ['a then b', 'b then a'] as const) {
    it(`converge to the same counts and ranking (${order})`, async () => {
      const { a, b, festival } = await twoPeers()
      const mesh = newEntityId(carol.key)
      const zines = newEntityId(dave.key)
      const repair = newEntityId(erin.key)
      // Peer a, offline: carol proposes Mesh, dave proposes Zines; alice and carol vote.
      await a.commit(festival.id, carol, (w) => w.setProposal(mesh, proposal('Mesh networks', T0 + 3)))
      await a.commit(festival.id, dave, (w) => w.setProposal(zines, proposal('Zines', T0 + 1)))
      await a.commit(festival.id, alice, (w) => w.setVote(zines, true))
      await a.commit(festival.id, carol, (w) => w.setVote(mesh, true))
      // Peer b, offline: erin proposes Repair café; bob and erin vote for Mesh, which b has not seen
      // yet — a vote names a proposal id, and counts once the proposal arrives.
      await b.commit(festival.id, erin, (w) => w.setProposal(repair, proposal('Repair café', T0 + 2)))
      await b.commit(festival.id, bob, (w) => w.setVote(mesh, true))
      await b.commit(festival.id, erin, (w) => w.setVote(mesh, true))
      await b.commit(festival.id, erin, (w) => w.setVote(repair, true))
      // Erin changes her mind about Mesh: one vote per person, the last word counts.
      await b.commit(festival.id, erin, (w) => w.setVote(mesh, false))

      if (order === 'a then b') {
        await exchange(a, b, festival)
        await exchange(b, a, festival)
      } else {
        await exchange(b, a, festival)
        await exchange(a, b, festival)
      }
      const expected = [
        ['Mesh networks', 2, 'open', false], // carol, bob
        ['Zines', 1, 'open', false], // alice; made before Repair café
        ['Repair café', 1, 'open', false], // erin
      ]
      expect(await ranking(a, festival)).toEqual(expected)
      expect(await ranking(b, festival)).toEqual(expected)
    })
  }
})

describe('acceptance into the schedule across peers', () => {
  it("a venue host's acceptance makes an event in every replica; anyone else's does not", async () => {
    const { a, b, festival, atelier } = await twoPeers()
    const mesh = newEntityId(carol.key)
    const zines = newEntityId(dave.key)
    await a.commit(festival.id, carol, (w) => w.setProposal(mesh, proposal('Mesh networks', T0 + 1)))
    await a.commit(festival.id, dave, (w) => w.setProposal(zines, proposal('Zines', T0 + 2)))
    await exchange(a, b, festival)
    const slot = { venue: atelier, start: T0 + 31 * HOUR, end: T0 + 31.5 * HOUR }
    // On b: bob, the Atelier's host, accepts Mesh; mallory (who hosts nothing) "accepts" Zines.
    await b.commit(festival.id, bob, (w) => w.setAcceptance(mesh, { ...slot, at: T0 + 10 }))
    await b.commit(festival.id, mallory, (w) => w.setAcceptance(zines, { ...slot, start: T0 + 32 * HOUR, end: T0 + 33 * HOUR, at: T0 + 11 }))
    await exchange(b, a, festival)
    for (const repo of [a, b]) {
      expect(await eventOf(repo, festival, mesh)).toMatchObject({ title: 'Mesh networks', author: carol.key, acceptedBy: bob.key, venueName: 'Atelier', start: slot.start, status: 'confirmed' })
      expect(await eventOf(repo, festival, zines)).toBeUndefined()
      expect((await ranking(repo, festival)).map((p) => [p[0], p[2]])).toEqual([['Mesh networks', 'accepted'], ['Zines', 'open']])
    }
  })
})

describe('forgeries', () => {
  /** A first operation by `forger` whose Yjs update writes `key = value` into `victim`'s namespace. */
  function forged(festival: FestivalMeta, forger: Signer, victim: Signer, key: string, value: unknown) {
    const doc = new Y.Doc()
    doc.clientID = clientIdOf(forger.key)
    doc.getMap(namespaceName(victim.key)).set(key, value)
    const update = Y.encodeStateAsUpdate(doc)
    return signOperation({ festival: festival.id, author: forger.key, seq: 1, prev: new Uint8Array(32), clientId: clientIdOf(forger.key), hlc: { wall: T0, counter: 0 }, update }, forger)
  }

  it("a vote or an acceptance written into another author's namespace is refused by the receiving Repo", async () => {
    const { a, b, festival, atelier } = await twoPeers()
    const mesh = newEntityId(carol.key)
    await a.commit(festival.id, carol, (w) => w.setProposal(mesh, proposal('Mesh networks', T0 + 1)))
    await exchange(a, b, festival)
    // Mallory signs her own operation, but its update votes in alice's name and accepts in bob's.
    const vote = forged(festival, mallory, alice, `vote:${mesh}`, true)
    const acceptance = forged(festival, mallory, bob, `acc:${mesh}`, { venue: atelier, start: T0 + 31 * HOUR, end: T0 + 32 * HOUR, at: T0 + 5 })
    expect(await b.receive(vote)).toEqual({ status: 'rejected', reason: 'outside-namespace' })
    expect(await b.receive(acceptance)).toEqual({ status: 'rejected', reason: 'outside-namespace' })
    expect(await ranking(b, festival)).toEqual([['Mesh networks', 0, 'open', false]])
    expect(await eventOf(b, festival, mesh)).toBeUndefined()
    expect(b.heads(festival.id).has(mallory.key)).toBe(false)
  })
})

describe('the waiting list across peers', () => {
  it('is promoted in the same order on every replica, whatever order the RSVPs arrive in', async () => {
    const { a, b, festival, atelier } = await twoPeers(2) // the Atelier holds 2
    const soldering = newEntityId(alice.key)
    const ev: EventData = { title: 'Soldering', kind: 'workshop', start: T0 + 30 * HOUR, end: T0 + 31 * HOUR, venue: atelier, resources: [], organizers: [], tags: [], state: 'scheduled', bookedAt: T0 }
    await a.commit(festival.id, alice, (w) => w.setEvent(soldering, ev))
    await exchange(a, b, festival)
    // Offline, each peer hears two people; their signed times interleave.
    await a.commit(festival.id, dave, (w) => w.setRsvp(soldering, 'going', T0 + 30))
    await a.commit(festival.id, carol, (w) => w.setRsvp(soldering, 'going', T0 + 10))
    await b.commit(festival.id, mallory, (w) => w.setRsvp(soldering, 'going', T0 + 40))
    await b.commit(festival.id, erin, (w) => w.setRsvp(soldering, 'going', T0 + 20))
    await exchange(b, a, festival)
    await exchange(a, b, festival)
    for (const repo of [a, b]) {
      const e = (await eventOf(repo, festival, soldering))!
      expect(new Set(e.going)).toEqual(new Set([carol.key, erin.key]))
      expect(e.waiting).toEqual([dave.key, mallory.key])
    }
    // Carol leaves on a: the first waiting (dave) gets in, on a at once and on b once it hears of it.
    await a.commit(festival.id, carol, (w) => w.setRsvp(soldering, 'not-going', T0 + 50))
    for (const repo of [a, b]) {
      if (repo === b) await exchange(a, b, festival)
      const e = (await eventOf(repo, festival, soldering))!
      expect(new Set(e.going)).toEqual(new Set([erin.key, dave.key]))
      expect(e.waiting).toEqual([mallory.key])
    }
    // Then erin leaves on b: mallory, the next, gets in everywhere.
    await b.commit(festival.id, erin, (w) => w.setRsvp(soldering, 'not-going', T0 + 51))
    await exchange(b, a, festival)
    for (const repo of [a, b]) {
      const e = (await eventOf(repo, festival, soldering))!
      expect(new Set(e.going)).toEqual(new Set([dave.key, mallory.key]))
      expect(e.waiting).toEqual([])
    }
  })
})

describe('deadlines with an injected clock', () => {
  it('a proposal made after the deadline is late on every replica; one before it is not', async () => {
    const { clock, a, b, festival } = await twoPeers() // the call closes at T0 + 48 h
    clock.now = T0 + 48 * HOUR - 1
    const early = newEntityId(carol.key)
    await a.commit(festival.id, carol, (w) => w.setProposal(early, proposal('Just in time', clock.now)))
    clock.now = T0 + 48 * HOUR + 1
    const late = newEntityId(dave.key)
    await b.commit(festival.id, dave, (w) => w.setProposal(late, proposal('Too late', clock.now)))
    await exchange(a, b, festival)
    await exchange(b, a, festival)
    for (const repo of [a, b]) {
      expect(Object.fromEntries((await ranking(repo, festival)).map((p) => [p[0], p[3]]))).toEqual({ 'Just in time': false, 'Too late': true })
    }
    // An organiser extends the deadline: the late proposal is in time again, everywhere.
    await b.commit(festival.id, alice, (w) => w.setCall({ open: true, until: T0 + 72 * HOUR, at: clock.now }))
    await exchange(b, a, festival)
    for (const repo of [a, b]) expect((await ranking(repo, festival)).every((p) => p[3] === false)).toBe(true)
  })
})
