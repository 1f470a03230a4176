/**
 * Communities (`core/community.ts`): a document of its own (genesis `kind: 'community'`) listing
 * member festivals, each joined by one of its own organisers. On real Repos (LevelDB in temporary
 * directories), replicated by handing the stored operations to a second Repo, as a sync does.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openDataDir } from '../../core/store.ts'
import { Repo } from '../../core/repo.ts'
import { signerFromSeed } from '../../core/identity.ts'
import { newEntityId } from '../../core/ids.ts'
import { checkGenesis, festivalIdOf, newGenesis } from '../../core/festival.ts'
import { communitiesIn, communityMembers, findCommunity, meshEvents, setMembership } from '../../core/community.ts'
import type { EventData, FestivalId, FestivalMeta } from '../../core/types.ts'

const alice = signerFromSeed(new Uint8Array(32).fill(1)) // organises Paris P2P
const léa = signerFromSeed(new Uint8Array(32).fill(2)) // organises Lyon P2P
const mallory = signerFromSeed(new Uint8Array(32).fill(3)) // organises nothing
const bob = signerFromSeed(new Uint8Array(32).fill(4)) // named an organiser of Paris P2P by Alice
const T0 = Date.UTC(2027, 5, 3, 8)
const HOUR = 3_600_000

const dirs: string[] = []
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true })
})

async function repoAt(clock: { now: number }): Promise<Repo> {
  const dir = await mkdtemp(join(tmpdir(), 'yurt-community-'))
  dirs.push(dir)
  return Repo.open(await openDataDir(dir), { now: () => clock.now })
}

/** Hands every operation of `id` that `from` holds to `to`, as a sync would (genesis first). */
async function replicate(from: Repo, to: Repo, id: FestivalId): Promise<void> {
  await to.adoptFestival(from.festival(id)!)
  for (const author of from.heads(id).keys()) {
    const results = await to.receiveMany(await from.opsAfter(id, author, 0, 10_000))
    for (const r of results) expect(['applied', 'duplicate']).toContain(r.status)
  }
}

function event(title: string, start: number): EventData {
  return { title, kind: 'meetup', start, end: start + 2 * HOUR, venue: null, resources: [], organizers: [], tags: [], state: 'scheduled', bookedAt: T0 }
}

async function setup() {
  const clock = { now: T0 }
  const repo = await repoAt(clock)
  const paris = await repo.createFestival({ name: 'Paris P2P', timezone: 'Europe/Paris', creator: alice.key })
  const lyon = await repo.createFestival({ name: 'Lyon P2P', timezone: 'Europe/Paris', creator: léa.key })
  const france = await repo.createFestival({ name: 'France P2P', timezone: 'Europe/Paris', creator: alice.key, kind: 'community' })
  return { clock, repo, paris, lyon, france }
}

describe('the genesis of a community', () => {
  it("keeps every festival's id as it was and gives a community an id that covers its kind", () => {
    const g = newGenesis({ name: 'Paris P2P', timezone: 'Europe/Paris', now: T0 })
    const { id, ...genesis } = g
    expect(festivalIdOf(genesis)).toBe(id)
    expect(JSON.stringify(g)).not.toContain('kind')
    const c = newGenesis({ name: 'France P2P', timezone: 'Europe/Paris', now: T0, kind: 'community' })
    expect(checkGenesis(c)).toEqual(c)
    // The kind is part of the hash: dropping it (an old peer would) no longer matches the id.
    const { kind: _kind, ...withoutKind } = c
    expect(checkGenesis(withoutKind)).toBe('id does not match the genesis record')
    expect(checkGenesis({ ...c, kind: 'federation' })).toBe('unknown document kind')
    expect(() => newGenesis({ name: 'X', timezone: 'UTC', now: T0, kind: 'federation' as 'community' })).toThrow(/unknown document kind/)
  })
})

describe('membership', () => {
  it('counts a festival that joined by its own organiser, and lists communities and finds them by name', async () => {
    const { clock, repo, paris, lyon, france } = await setup()
    expect(await setMembership(repo, { community: france.id, festival: paris.id, signer: alice, join: true, now: clock.now })).toEqual({ ok: true })
    expect(await setMembership(repo, { community: france.id, festival: lyon.id, signer: léa, join: true, now: clock.now })).toEqual({ ok: true })
    const m = await communityMembers(repo, france.id)
    expect(m.members.map((x) => x.name)).toEqual(['Lyon P2P', 'Paris P2P'])
    expect(m.pending).toEqual([])
    expect(m.refused).toEqual([])
    expect(communitiesIn(repo).map((c) => c.name)).toEqual(['France P2P'])
    expect(findCommunity(repo, 'france p2p')).toEqual({ kind: 'found', community: france })
    expect(findCommunity(repo, 'Paris P2P')).toEqual({ kind: 'none', known: ['France P2P'] })
    // Joining again changes nothing; a festival cannot join a festival, nor a community a community.
    expect(await setMembership(repo, { community: france.id, festival: paris.id, signer: alice, join: true, now: clock.now })).toEqual({ ok: false, reason: 'unchanged' })
    expect(await setMembership(repo, { community: paris.id, festival: lyon.id, signer: léa, join: true, now: clock.now })).toEqual({ ok: false, reason: 'not-a-community' })
    expect(await setMembership(repo, { community: france.id, festival: france.id, signer: alice, join: true, now: clock.now })).toEqual({ ok: false, reason: 'is-a-community' })
  })

  it('refuses a join by someone who does not organise the festival, and ignores a forged record written anyway', async () => {
    const { clock, repo, paris, lyon, france } = await setup()
    expect(await setMembership(repo, { community: france.id, festival: lyon.id, signer: mallory, join: true, now: clock.now })).toEqual({ ok: false, reason: 'not-organiser' })
    expect(await setMembership(repo, { community: france.id, festival: lyon.id, signer: alice, join: true, now: clock.now })).toEqual({ ok: false, reason: 'not-organiser' })
    // Mallory writes the record by hand, in her own namespace (the namespace rule lets her).
    const { id: _id, ...g } = lyon
    await repo.commit(france.id, mallory, (w) => w.setMember(lyon.id, { at: clock.now, genesis: { ...g, id: lyon.id } }))
    await setMembership(repo, { community: france.id, festival: paris.id, signer: alice, join: true, now: clock.now })
    const logged: unknown[] = []
    const m = await communityMembers(repo, france.id, (r) => logged.push(r))
    expect(m.members.map((x) => x.name)).toEqual(['Paris P2P'])
    expect(m.pending).toEqual([])
    expect(m.refused).toEqual([{ festival: lyon.id, author: mallory.key, reason: 'not-organiser' }])
    expect(logged).toEqual(m.refused)
    // Nor can she take Paris out: her "left" does not count either.
    await repo.commit(france.id, mallory, (w) => w.setMember(paris.id, { at: clock.now + 1, left: true }))
    expect((await communityMembers(repo, france.id)).members.map((x) => x.name)).toEqual(['Paris P2P'])
  })

  it('lets the festival leave by the same organiser or another of its organisers', async () => {
    const { clock, repo, paris, france } = await setup()
    await repo.commit(paris.id, alice, (w) => w.setOrganiser(bob.key, true))
    await setMembership(repo, { community: france.id, festival: paris.id, signer: alice, join: true, now: clock.now })
    clock.now += HOUR
    expect(await setMembership(repo, { community: france.id, festival: paris.id, signer: bob, join: false, now: clock.now })).toEqual({ ok: true })
    expect((await communityMembers(repo, france.id)).members).toEqual([])
    expect(await setMembership(repo, { community: france.id, festival: paris.id, signer: bob, join: false, now: clock.now })).toEqual({ ok: false, reason: 'unchanged' })
    clock.now += HOUR
    expect(await setMembership(repo, { community: france.id, festival: paris.id, signer: alice, join: true, now: clock.now })).toEqual({ ok: true })
    expect((await communityMembers(repo, france.id)).members.map((m) => [m.name, m.by])).toEqual([['Paris P2P', alice.key]])
  })

  it('shows a member whose festival another peer does not hold yet as pending, and as a member once it arrives; a forged one never', async () => {
    const { clock, repo, paris, lyon, france } = await setup()
    await setMembership(repo, { community: france.id, festival: paris.id, signer: alice, join: true, now: clock.now })
    const { id: _id, ...g } = lyon
    await repo.commit(france.id, mallory, (w) => w.setMember(lyon.id, { at: clock.now, genesis: { ...g, id: lyon.id } }))
    const other = await repoAt(clock)
    await replicate(repo, other, france.id)
    let m = await communityMembers(other, france.id)
    expect(m.members).toEqual([])
    expect(m.pending.map((x) => [x.name, x.timezone])).toEqual([['Lyon P2P', 'Europe/Paris'], ['Paris P2P', 'Europe/Paris']])
    await replicate(repo, other, paris.id)
    await replicate(repo, other, lyon.id)
    m = await communityMembers(other, france.id)
    expect(m.members.map((x) => x.name)).toEqual(['Paris P2P'])
    expect(m.pending).toEqual([])
    expect(m.refused.map((r) => r.author)).toEqual([mallory.key])
  })
})

describe('the calendar of a community', () => {
  it("lists every member festival's events in start order, each with its festival and zone", async () => {
    const clock = { now: T0 }
    const repo = await repoAt(clock)
    const paris = await repo.createFestival({ name: 'Paris P2P', timezone: 'Europe/Paris', creator: alice.key })
    const montreal = await repo.createFestival({ name: 'Montréal P2P', timezone: 'America/Toronto', creator: léa.key })
    const outsider: FestivalMeta = await repo.createFestival({ name: 'Berlin P2P', timezone: 'Europe/Berlin', creator: mallory.key })
    const france = await repo.createFestival({ name: 'France P2P', timezone: 'Europe/Paris', creator: alice.key, kind: 'community' })
    await repo.commit(paris.id, alice, (w) => w.setEvent(newEntityId(alice.key), event('Mesh routing', T0 + 30 * HOUR)))
    await repo.commit(montreal.id, léa, (w) => w.setEvent(newEntityId(léa.key), event('Apéro IPFS', T0 + 10 * HOUR)))
    await repo.commit(outsider.id, mallory, (w) => w.setEvent(newEntityId(mallory.key), event('Not in the mesh', T0 + 20 * HOUR)))
    await setMembership(repo, { community: france.id, festival: paris.id, signer: alice, join: true, now: clock.now })
    await setMembership(repo, { community: france.id, festival: montreal.id, signer: léa, join: true, now: clock.now })
    const { events } = await meshEvents(repo, france.id)
    expect(events.map((e) => [e.event.title, e.festival.name, e.festival.timezone])).toEqual([
      ['Apéro IPFS', 'Montréal P2P', 'America/Toronto'],
      ['Mesh routing', 'Paris P2P', 'Europe/Paris'],
    ])
    const within = await meshEvents(repo, france.id, { from: T0 + 24 * HOUR, to: T0 + 48 * HOUR })
    expect(within.events.map((e) => e.event.title)).toEqual(['Mesh routing'])
    await expect(meshEvents(repo, paris.id)).rejects.toThrow(/not a community/)
  })
})
