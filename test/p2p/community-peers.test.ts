/**
 * Communities over real Repos and real libp2p peers on loopback: a peer that joins a community by
 * its code fetches every member festival it lists (`bin/mesh.ts`), lists them without fetching when
 * joined `--list-only`, and ignores a join record forged by someone who does not organise the
 * festival, whichever peer it came from.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { Repo } from '../../core/repo.ts'
import { openDataDir } from '../../core/store.ts'
import { signerFromSeed } from '../../core/identity.ts'
import { newEntityId } from '../../core/ids.ts'
import { communityMembers, setMembership } from '../../core/community.ts'
import type { EventData } from '../../core/types.ts'
import type { Opened } from '../../bin/app.ts'
import { fetchMembers, setListOnly, watchMembers } from '../../bin/mesh.ts'
import { startPeer, stopAll, until } from './helpers.ts'

const alice = signerFromSeed(new Uint8Array(32).fill(11)) // Paris P2P
const léa = signerFromSeed(new Uint8Array(32).fill(12)) // Lyon P2P
const mallory = signerFromSeed(new Uint8Array(32).fill(13))
const NOW = Date.UTC(2027, 5, 4, 8)
const opened: Opened[] = []
const dirs: string[] = []

async function node(): Promise<Opened> {
  const dir = await mkdtemp(join(tmpdir(), 'yurt-p2p-community-'))
  dirs.push(dir)
  const data = await openDataDir(dir, { memory: true })
  const repo = await Repo.open(data, { now: () => NOW })
  const o: Opened = { data, repo, close: () => repo.close() }
  opened.push(o)
  return o
}

afterEach(async () => {
  await stopAll()
  for (const o of opened.splice(0)) await o.close().catch(() => undefined)
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true })
})

const talk = (title: string): EventData => ({
  title, kind: 'talk', start: NOW + 86_400_000, end: NOW + 90_000_000, venue: null, resources: [], organizers: [], tags: [], state: 'scheduled', bookedAt: NOW,
})

describe('a community between peers', () => {
  it('brings every member festival to a peer that joins it by code, and never counts a forged join', async () => {
    const paris = await node()
    const paris1 = await paris.repo.createFestival({ name: 'Paris P2P', timezone: 'Europe/Paris', creator: alice.key })
    const lyon1 = await paris.repo.createFestival({ name: 'Lyon P2P', timezone: 'Europe/Paris', creator: léa.key })
    const france = await paris.repo.createFestival({ name: 'France P2P', timezone: 'Europe/Paris', creator: alice.key, kind: 'community' })
    await paris.repo.commit(paris1.id, alice, (w) => w.setEvent(newEntityId(alice.key), talk('Mesh routing')))
    await paris.repo.commit(lyon1.id, léa, (w) => w.setEvent(newEntityId(léa.key), talk('Apéro IPFS')))
    expect(await setMembership(paris.repo, { community: france.id, festival: paris1.id, signer: alice, join: true, now: NOW })).toEqual({ ok: true })
    expect(await setMembership(paris.repo, { community: france.id, festival: lyon1.id, signer: léa, join: true, now: NOW })).toEqual({ ok: true })
    // Mallory forges a record for a festival she does not organise, and starts one of her own to go with it.
    const fake = await paris.repo.createFestival({ name: 'Fake P2P', timezone: 'Europe/Paris', creator: léa.key })
    const { id: _id, ...g } = fake
    await paris.repo.commit(france.id, mallory, (w) => w.setMember(fake.id, { at: NOW, genesis: { ...g, id: fake.id } }))
    const a = await startPeer(paris.repo)

    const nantes = await node()
    const b = await startPeer(nantes.repo)
    const stop = watchMembers(nantes, b)
    try {
      const { reached } = await b.join(a.shareCode(france.id))
      expect(reached).not.toBeNull()
      await fetchMembers(nantes, b, france.id)
      await until(async () => (await communityMembers(nantes.repo, france.id)).members.length === 2, 'both members fetched')
      const m = await communityMembers(nantes.repo, france.id)
      expect(m.members.map((x) => x.name)).toEqual(['Lyon P2P', 'Paris P2P'])
      expect((await nantes.repo.open(lyon1.id)).view(NOW).events.map((e) => e.title)).toEqual(['Apéro IPFS'])
      // The forged record: never a member; once its festival is here too, refused (léa organises it, not mallory).
      expect(m.members.some((x) => x.id === fake.id)).toBe(false)
      await b.follow(fake.id)
      await until(() => nantes.repo.festival(fake.id) !== undefined, 'the festival of the forged record fetched')
      const after = await communityMembers(nantes.repo, france.id)
      expect(after.members.map((x) => x.name)).toEqual(['Lyon P2P', 'Paris P2P'])
      expect(after.refused).toEqual([{ festival: fake.id, author: mallory.key, reason: 'not-organiser' }])
    } finally {
      stop()
    }
  }, 30_000)

  it('lists the members without fetching them when the community is listed only', async () => {
    const paris = await node()
    const paris1 = await paris.repo.createFestival({ name: 'Paris P2P', timezone: 'Europe/Paris', creator: alice.key })
    const france = await paris.repo.createFestival({ name: 'France P2P', timezone: 'Europe/Paris', creator: alice.key, kind: 'community' })
    await setMembership(paris.repo, { community: france.id, festival: paris1.id, signer: alice, join: true, now: NOW })
    const a = await startPeer(paris.repo)
    const phone = await node()
    await setListOnly(phone, france.id, true)
    const b = await startPeer(phone.repo)
    const stop = watchMembers(phone, b)
    try {
      await b.join(a.shareCode(france.id))
      expect(await fetchMembers(phone, b)).toEqual([])
      await new Promise((r) => setTimeout(r, 300))
      const m = await communityMembers(phone.repo, france.id)
      expect(m.members).toEqual([])
      expect(m.pending.map((x) => x.name)).toEqual(['Paris P2P'])
      expect(phone.repo.festival(paris1.id)).toBeUndefined()
    } finally {
      stop()
    }
  }, 30_000)
})
