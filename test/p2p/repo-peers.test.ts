/**
 * Peers over real Repos (signed operations, the namespace rule, Yjs, the store) on loopback.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { Repo } from '../../core/repo.ts'
import { openDataDir } from '../../core/store.ts'
import { newEntityId } from '../../core/ids.ts'
import { namespaceName } from '../../core/doc.ts'
import { bytesEqual, operationHash, signOperation, verifyOperationSignature, ZERO_HASH, type Operation } from '../../core/operation.ts'
import type { EventData, FestivalId, ScheduleView, VenueData, VenueId } from '../../core/types.ts'
import type { Signer } from '../../core/identity.ts'
import type { YurtPeer } from '../../p2p/node.ts'
import { rng, signer } from './fake-host.ts'
import { connect, startPeer, stopAll, until } from './helpers.ts'

const DAY = Date.UTC(2026, 6, 4)
const dirs: string[] = []
const repos: Repo[] = []

async function tempRepo(): Promise<Repo> {
  const dir = await mkdtemp(join(tmpdir(), 'yurt-p2p-repo-'))
  dirs.push(dir)
  const repo = await Repo.open(await openDataDir(dir, { memory: true }))
  repos.push(repo)
  return repo
}

afterEach(async () => {
  await stopAll()
  for (const r of repos.splice(0)) await r.close().catch(() => undefined)
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true })
})

function event(title: string, hour: number, venue: VenueId | null, bookedAt: number): EventData {
  return {
    title,
    kind: 'workshop',
    start: DAY + hour * 3_600_000,
    end: DAY + (hour + 1) * 3_600_000,
    venue,
    resources: [],
    organizers: [],
    tags: [],
    state: 'scheduled',
    bookedAt,
  }
}

const stage: VenueData = { name: 'Main Stage', aliases: [], capacity: 200, concurrent: 1, policy: 'open' }

/** The view as comparable plain data. */
function plain(view: ScheduleView): string {
  return JSON.stringify({ ...view, names: [...view.names].sort() })
}

async function views(rs: Repo[], id: FestivalId): Promise<string[]> {
  return Promise.all(rs.map(async (r) => plain((await r.open(id)).view())))
}

/** Every stored operation of a festival verifies and chains. */
async function verifyAll(repo: Repo, id: FestivalId): Promise<number> {
  let n = 0
  for (const [author, head] of repo.heads(id)) {
    let prev = ZERO_HASH
    for (let after = 0; after < head.seq; after += 256) {
      for (const op of await repo.opsAfter(id, author, after, 256)) {
        expect(verifyOperationSignature(op)).toBe(true)
        expect(bytesEqual(op.prev, prev)).toBe(true)
        prev = operationHash(op)
        n++
      }
    }
    expect(bytesEqual(prev, head.hash)).toBe(true)
  }
  return n
}

describe('peers over real Repos', () => {
  it('offline double booking of one stage: both converge and mark the same winner', async () => {
    const [ra, rb] = [await tempRepo(), await tempRepo()]
    const alice = signer('alice')
    const bob = signer('bob')
    const fest = await ra.createFestival({ name: 'Summer Camp', timezone: 'Europe/Paris' })
    await rb.adoptFestival(fest)
    const venueId = newEntityId(alice.key)
    await ra.commit(fest.id, alice, (w) => w.setVenue(venueId, stage))
    const a = await startPeer(ra)
    const b = await startPeer(rb)
    await connect(b, a, false)
    await until(() => rb.heads(fest.id).get(alice.key)?.seq === 1, 'bob holds the stage')
    await b.hangUp(a.peerId)
    await until(() => a.connectedPeers().length === 0 && b.connectedPeers().length === 0, 'apart')
    // Offline, both book the stage for 15:00.
    await ra.commit(fest.id, alice, (w) => w.setEvent(newEntityId(alice.key), event('Alice plays', 15, venueId, DAY - 2_000)))
    await rb.commit(fest.id, bob, (w) => w.setEvent(newEntityId(bob.key), event('Bob plays', 15, venueId, DAY - 1_000)))
    await connect(a, b, false)
    await until(() => ra.heads(fest.id).has(bob.key) && rb.heads(fest.id).get(alice.key)?.seq === 2, 'both hold both bookings')
    const [va, vb] = await views([ra, rb], fest.id)
    expect(va).toBe(vb)
    const events = (await ra.open(fest.id)).view().events
    expect(events.map((e) => [e.title, e.status])).toEqual([
      ['Alice plays', 'confirmed'], // booked first (signed booking time)
      ['Bob plays', 'conflicting'],
    ])
    expect(await verifyAll(rb, fest.id)).toBe(3)
  })

  it('seeded random: 4 peers, several authors each, random disconnects; all views equal, all ops verify', async () => {
    const random = rng(42)
    const rs = await Promise.all([0, 1, 2, 3].map(() => tempRepo()))
    const fest = await rs[0]!.createFestival({ name: 'Random Fest', timezone: 'Europe/Berlin' })
    for (const r of rs.slice(1)) await r.adoptFestival(fest)
    const peers: YurtPeer[] = []
    for (const r of rs) peers.push(await startPeer(r))
    // Two authors per device (a bot speaks for several people).
    const authors: Array<{ s: Signer; repo: Repo; venue: VenueId | null }> = []
    rs.forEach((repo, i) => {
      for (const n of ['x', 'y']) authors.push({ s: signer(`author-${i}-${n}`), repo, venue: null })
    })
    for (let step = 0; step < 40; step++) {
      const r = random()
      if (r < 0.55) {
        const a = authors[Math.floor(random() * authors.length)]!
        if (!a.venue && random() < 0.5) {
          const v = newEntityId(a.s.key)
          a.venue = v
          await a.repo.commit(fest.id, a.s, (w) => w.setVenue(v, { ...stage, name: `Stage ${a.s.key.slice(0, 4)}` }))
        } else {
          const venue = authors[Math.floor(random() * authors.length)]!.venue
          const hour = 10 + Math.floor(random() * 8)
          await a.repo.commit(fest.id, a.s, (w) => w.setEvent(newEntityId(a.s.key), event(`E${step}`, hour, venue, DAY + step)))
        }
      } else if (r < 0.8) {
        const i = Math.floor(random() * 4)
        const j = (i + 1 + Math.floor(random() * 3)) % 4
        await connect(peers[i]!, peers[j]!, false).catch(() => undefined)
      } else {
        const p = peers[Math.floor(random() * 4)]!
        const others = p.connectedPeers()
        if (others.length > 0) await p.hangUp(others[Math.floor(random() * others.length)]!).catch(() => undefined)
      }
      await new Promise((res) => setTimeout(res, Math.floor(random() * 15)))
    }
    for (let i = 0; i < 4; i++) await connect(peers[i]!, peers[(i + 1) % 4]!, false)
    const headsKey = (r: Repo) => JSON.stringify([...r.heads(fest.id)].map(([a, h]) => [a, h.seq]).sort())
    await until(
      async () => {
        if (rs.every((r) => headsKey(r) === headsKey(rs[0]!))) return true
        await Promise.all(peers.map((p) => p.syncAll()))
        return rs.every((r) => headsKey(r) === headsKey(rs[0]!))
      },
      'all 4 repos hold the same heads',
      15_000,
      100,
    )
    const vs = await views(rs, fest.id)
    expect(new Set(vs).size).toBe(1)
    const counts = await Promise.all(rs.map((r) => verifyAll(r, fest.id)))
    expect(new Set(counts).size).toBe(1)
    expect(counts[0]).toBeGreaterThan(10)
    for (const r of rs) expect(r.rejected.size).toBe(0)
  })

  it("a peer gossiping signed writes into another author's namespace is refused, struck and blocked; honest peers converge", async () => {
    const [ra, rb] = [await tempRepo(), await tempRepo()]
    const alice = signer('alice')
    const mallory = signer('mallory')
    const fest = await ra.createFestival({ name: 'Guarded Fest', timezone: 'Europe/Paris' })
    await rb.adoptFestival(fest)
    const evId = newEntityId(alice.key)
    await ra.commit(fest.id, alice, (w) => w.setEvent(evId, event('Alice talks', 12, null, DAY)))
    const a = await startPeer(ra, { maxStrikes: 3 })
    const b = await startPeer(rb)
    await connect(b, a)
    await until(() => rb.heads(fest.id).has(alice.key), 'b holds alice')
    // Mallory's peer: a bare libp2p peer over a fake host that gossips what we hand it.
    const { FakeHost } = await import('./fake-host.ts')
    const liarHost = new FakeHost('liar')
    liarHost.create(fest)
    const liar = await startPeer(liarHost)
    await connect(liar, a, false)
    await until(() => liar.libp2p.services.pubsub.getSubscribers(`yurt/festival/${fest.id}/1`).length >= 1, 'a subscribed, seen by the liar')
    const blocked: string[] = []
    a.on('peer:blocked', ({ peer }) => blocked.push(peer))
    const doc = (await ra.open(fest.id)).doc
    let prev: Uint8Array = ZERO_HASH
    for (let seq = 1; seq <= 4; seq++) {
      // Signed by Mallory, but overwrites Alice's event inside Alice's namespace.
      const copy = new Y.Doc()
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc))
      copy.clientID = mallory.clientId
      const sv = Y.encodeStateVector(copy)
      copy.getMap(namespaceName(alice.key)).set(`e:${evId}`, event(`Hijacked ${seq}`, 12, null, DAY))
      const op: Operation = signOperation(
        { festival: fest.id, author: mallory.key, seq: 1, prev, clientId: mallory.clientId, hlc: { wall: DAY + seq, counter: 0 }, update: Y.encodeStateAsUpdate(copy, sv) },
        mallory,
      )
      liarHost.emitLocal(op)
      await new Promise((r) => setTimeout(r, 10))
    }
    await until(() => blocked.length === 1, 'the liar blocked')
    expect(a.guard.strikes(liar.peerId).forgery).toBe(3)
    expect(ra.rejected.get('outside-namespace')).toBe(3)
    expect(ra.heads(fest.id).has(mallory.key)).toBe(false)
    // Honest peers still converge.
    await ra.commit(fest.id, alice, (w) => w.setEvent(newEntityId(alice.key), event('Alice again', 14, null, DAY)))
    await until(() => rb.heads(fest.id).get(alice.key)?.seq === 2, 'b has alice again')
    const [va, vb] = await views([ra, rb], fest.id)
    expect(va).toBe(vb)
    expect(va).not.toContain('Hijacked')
  })
})
