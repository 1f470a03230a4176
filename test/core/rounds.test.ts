/**
 * Person-to-person rounds: the pairing (no pair twice, one trio for an odd count, joiners and
 * leavers), and two real Repos that receive the same signed operations in different orders and
 * derive the same rounds and pairs.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openDataDir } from '../../core/store.ts'
import { Repo } from '../../core/repo.ts'
import { signerFromSeed } from '../../core/identity.ts'
import type { Signer } from '../../core/identity.ts'
import { newEntityId } from '../../core/ids.ts'
import { pairRounds, roundStarts, roundsOf, roundsPlans } from '../../core/rounds.ts'
import type { EventData, FestivalMeta } from '../../core/types.ts'

const people = (n: number, from = 0) => Array.from({ length: n }, (_, i) => (from + i + 1).toString(16).padStart(64, '0'))

/** Every meeting of the rounds, counted: `a b` → how many times. */
function meetings(rounds: string[][][]): Map<string, number> {
  const met = new Map<string, number>()
  for (const r of rounds) for (const g of r) for (let i = 0; i < g.length; i++) for (let j = i + 1; j < g.length; j++) {
    const k = [g[i], g[j]].sort().join(' ')
    met.set(k, (met.get(k) ?? 0) + 1)
  }
  return met
}

/** Each person exactly once per round, in groups of two (one of three for an odd count). */
function expectCovers(round: string[][], set: string[]) {
  expect(round.flat().sort()).toEqual([...set].sort())
  const sizes = round.map((g) => g.length).sort()
  if (set.length % 2 === 0) expect(sizes.every((s) => s === 2)).toBe(true)
  else expect(sizes).toEqual([...Array(round.length - 1).fill(2), 3])
}

describe('pairing', () => {
  it('10 people × 5 rounds: nobody meets anybody twice', () => {
    const ten = people(10)
    const rounds = pairRounds('ev', Array(5).fill(ten))
    for (const r of rounds) expectCovers(r, ten)
    expect([...meetings(rounds).values()].every((n) => n === 1)).toBe(true)
    expect(meetings(rounds).size).toBe(25)
  })

  it('10 people × 9 rounds: everybody meets everybody once (a full round-robin)', () => {
    const rounds = pairRounds('ev', Array(9).fill(people(10)))
    expect(meetings(rounds).size).toBe(45)
    expect([...meetings(rounds).values()].every((n) => n === 1)).toBe(true)
  })

  it('7 people: one trio per round, nobody alone, and no pair of two meets twice', () => {
    const seven = people(7)
    const rounds = pairRounds('ev', Array(5).fill(seven))
    for (const r of rounds) expectCovers(r, seven)
    const met = new Map<string, number>()
    for (const r of rounds) for (const g of r.filter((g) => g.length === 2)) {
      const k = [...g].sort().join(' ')
      met.set(k, (met.get(k) ?? 0) + 1)
    }
    expect([...met.values()].every((n) => n === 1)).toBe(true)
    // 25 meetings among 21 pairs: 4 repeats are forced, and no more are made.
    expect([...meetings(rounds).values()].reduce((a, n) => a + n - 1, 0)).toBe(4)
  })

  it('does not depend on the order in which people arrived', () => {
    const ten = people(10)
    const shuffled = [...ten].reverse()
    expect(pairRounds('ev', Array(5).fill(shuffled))).toEqual(pairRounds('ev', Array(5).fill(ten)))
    expect(pairRounds('other event', Array(5).fill(ten))).not.toEqual(pairRounds('ev', Array(5).fill(ten)))
  })

  it('joiners enter at the next round and leavers drop out, still without repeats', () => {
    const ten = people(10)
    const later = [...ten.slice(1), ...people(2, 10)] // one left, two joined
    const rounds = pairRounds('ev', [ten, ten, later, later, later])
    expectCovers(rounds[0]!, ten)
    expectCovers(rounds[2]!, later)
    expect(rounds[2]!.flat()).not.toContain(ten[0])
    expect([...meetings(rounds).values()].every((n) => n === 1)).toBe(true)
    // The rounds already held stay as they were.
    expect(rounds.slice(0, 2)).toEqual(pairRounds('ev', [ten, ten]))
  })

  it('fewer than two people: no groups', () => {
    const rounds = pairRounds('ev', [[], people(1), people(2)])
    expect(rounds.slice(0, 2)).toEqual([[], []])
    expect(rounds[2]!.map((g) => [...g].sort())).toEqual([people(2)])
  })
})

describe('when rounds start', () => {
  const iso = (ms: number[]) => ms.map((t) => new Date(t).toISOString().slice(0, 16))
  it('19:30 in Paris is 17:30Z the day before the last Sunday of October, and 18:30Z on it', () => {
    const r = { clock: '19:30', count: 2, minutes: 10 }
    expect(iso(roundStarts('2027-10-30', r, 'Europe/Paris'))).toEqual(['2027-10-30T17:30', '2027-10-30T17:40'])
    expect(iso(roundStarts('2027-10-31', r, 'Europe/Paris'))).toEqual(['2027-10-31T18:30', '2027-10-31T18:40'])
  })
  it('rounds through the night of a change keep their length in elapsed time', () => {
    // 02:30 happens twice on 31 October 2027 in Paris: the first (CEST) is taken, as RFC 5545 does.
    expect(iso(roundStarts('2027-10-31', { clock: '02:30', count: 3, minutes: 20 }, 'Europe/Paris'))).toEqual(['2027-10-31T00:30', '2027-10-31T00:50', '2027-10-31T01:10'])
    // 02:30 does not exist on 28 March 2027: the first round starts at 03:30 CEST.
    expect(iso(roundStarts('2027-03-28', { clock: '02:30', count: 2, minutes: 10 }, 'Europe/Paris'))).toEqual(['2027-03-28T01:30', '2027-03-28T01:40'])
  })
})

const alice = signerFromSeed(new Uint8Array(32).fill(1))
const crowd: Signer[] = Array.from({ length: 9 }, (_, i) => signerFromSeed(new Uint8Array(32).fill(10 + i)))
const T0 = Date.parse('2027-06-02T08:00:00Z')

const dirs: string[] = []
const repos: Repo[] = []
afterEach(async () => {
  for (const r of repos.splice(0)) await r.close()
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true })
})

async function peer(): Promise<Repo> {
  const dir = await mkdtemp(join(tmpdir(), 'yurt-rounds-'))
  dirs.push(dir)
  const repo = await Repo.open(await openDataDir(dir), { now: () => T0 })
  repos.push(repo)
  return repo
}

/** Hands `to` every operation of `from` it lacks, authors in the order given. */
async function exchange(from: Repo, to: Repo, festival: FestivalMeta, order: (a: string[]) => string[] = (a) => a): Promise<void> {
  const heads = from.heads(festival.id)
  for (const author of order([...heads.keys()])) {
    const after = to.heads(festival.id).get(author as never)?.seq ?? 0
    for (const r of await to.receiveMany(await from.opsAfter(festival.id, author as never, after, 1000))) expect(r.status).toBe('applied')
  }
}

async function pairsOn(repo: Repo, festival: FestivalMeta) {
  const f = await repo.open(festival.id)
  const plans = roundsPlans(festival, f.namespaces(), f.view(T0))
  return plans.map((p) => roundsOf(p, f.namespaces()).map((r) => ({ start: r.start, groups: r.groups })))
}

describe('the same pairs on every peer', () => {
  it('two peers receiving the same operations in different orders compute identical pairs', async () => {
    const origin = await peer()
    const festival = await origin.createFestival({ name: 'Paris P2P', timezone: 'Europe/Paris', creator: alice.key })
    const ev = newEntityId(alice.key)
    const start = Date.parse('2027-06-02T17:00:00Z') // 19:00 CEST
    const data: EventData = { title: 'Paris P2P #42', kind: 'meetup', start, end: start + 3 * 3_600_000, venue: null, resources: [], organizers: [], tags: [], state: 'scheduled', bookedAt: T0 }
    await origin.commit(festival.id, alice, (w) => w.setEvent(ev, data))
    await origin.commit(festival.id, alice, (w) => w.setRoundPlan(ev, { clock: '19:30', count: 5, minutes: 10, at: T0 }))
    for (const [i, s] of crowd.entries()) {
      if (i % 2 === 0) await origin.commit(festival.id, s, (w) => w.setRsvp(ev, 'going', T0 + i))
      else await origin.commit(festival.id, s, (w) => w.setRoundsOptIn(ev, { joined: T0 + i }))
    }
    // One joins during round 2 (19:45 CEST), one going person leaves before round 3.
    const late = signerFromSeed(new Uint8Array(32).fill(40))
    await origin.commit(festival.id, late, (w) => w.setRoundsOptIn(ev, { joined: Date.parse('2027-06-02T17:45:00Z') }))
    await origin.commit(festival.id, crowd[0]!, (w) => w.setRoundsOptIn(ev, { left: Date.parse('2027-06-02T17:49:00Z') }))

    const a = await peer()
    const b = await peer()
    await a.adoptFestival(festival)
    await b.adoptFestival(festival)
    await exchange(origin, a, festival)
    await exchange(origin, b, festival, (keys) => [...keys].reverse())

    const onA = await pairsOn(a, festival)
    expect(onA).toHaveLength(1)
    expect(onA[0]!.map((r) => new Date(r.start).toISOString())).toEqual(['2027-06-02T17:30:00.000Z', '2027-06-02T17:40:00.000Z', '2027-06-02T17:50:00.000Z', '2027-06-02T18:00:00.000Z', '2027-06-02T18:10:00.000Z'])
    expect(await pairsOn(b, festival)).toEqual(onA)
    expect(await pairsOn(origin, festival)).toEqual(onA)
    const who = (r: { groups: string[][] }) => r.groups.flat()
    expect(who(onA[0]![0]!)).toHaveLength(9) // five going, four opted in; one trio
    expect(who(onA[0]![1]!)).not.toContain(late.key)
    expect(who(onA[0]![2]!)).toContain(late.key)
    expect(who(onA[0]![2]!)).not.toContain(crowd[0]!.key)
  })

  it('ignores rounds set by someone who is no organiser of the event or the festival', async () => {
    const repo = await peer()
    const festival = await repo.createFestival({ name: 'Paris P2P', timezone: 'Europe/Paris', creator: alice.key })
    const ev = newEntityId(alice.key)
    const start = Date.parse('2027-06-02T17:00:00Z')
    await repo.commit(festival.id, alice, (w) => w.setEvent(ev, { title: 'Talks', kind: 'talk', start, end: start + 3_600_000, venue: null, resources: [], organizers: [], tags: [], state: 'scheduled', bookedAt: T0 }))
    await repo.commit(festival.id, crowd[0]!, (w) => w.setRoundPlan(ev, { clock: '19:30', count: 5, minutes: 10, at: T0 }))
    expect(await pairsOn(repo, festival)).toEqual([])
  })
})
