import { afterEach, describe, expect, it } from 'vitest'
import { signOperation } from '../../core/operation.ts'
import type { FestivalId } from '../../core/types.ts'
import type { YurtPeer } from '../../p2p/node.ts'
import { FakeHost, rng, signer, testFestival, twoHolders } from './fake-host.ts'
import { connect, startPeer, stopAll, until } from './helpers.ts'

afterEach(stopAll)

function allEqual(hosts: FakeHost[], id: FestivalId): boolean {
  const d = hosts[0]!.digest(id)
  return hosts.every((h) => h.digest(id) === d)
}

describe('several peers on loopback (fake hosts)', () => {
  it('a chain of 4 peers: an edit at one end reaches the other by gossip', async () => {
    const fest = testFestival()
    const hosts = [0, 1, 2, 3].map((i) => new FakeHost(`h${i}`))
    for (const h of hosts) h.create(fest)
    const peers: YurtPeer[] = []
    for (const h of hosts) peers.push(await startPeer(h))
    for (let i = 0; i < 3; i++) await connect(peers[i]!, peers[i + 1]!)
    // Wait for gossipsub meshes to form (heartbeat is 1 s).
    const topic = `yurt/festival/${fest.id}/1`
    await until(
      () => peers.every((p, i) => (p.libp2p.services.pubsub as unknown as { getMeshPeers(t: string): string[] }).getMeshPeers(topic).length === (i === 0 || i === 3 ? 1 : 2)),
      'meshes along the chain',
      8_000,
    )
    hosts[0]!.write(fest.id, signer('alice'), 5)
    await until(() => hosts[3]!.size(fest.id) === 5, 'the far end has the 5 operations', 5_000)
    expect(allEqual(hosts, fest.id)).toBe(true)
  })

  it('a gap seen in gossip starts a sync of that festival with the sender', async () => {
    const { fest, a: ha, b: hb } = twoHolders()
    const a = await startPeer(ha)
    const b = await startPeer(hb)
    await connect(a, b)
    await until(() => a.libp2p.services.pubsub.getSubscribers(`yurt/festival/${fest.id}/1`).length === 1, 'b subscribed')
    await until(() => a.counters.sessions >= 1 && b.counters.sessions >= 1, 'the first sync')
    const alice = signer('alice')
    ha.write(fest.id, alice, 2, 40, { silent: true }) // never gossiped
    const sessions = b.counters.sessions
    ha.write(fest.id, alice, 1) // seq 3 is gossiped: b keeps it pending and syncs
    await until(() => hb.size(fest.id) === 3, 'b holds all 3')
    expect(hb.counts.get('pending')).toBe(1)
    expect(b.counters.sessions).toBeGreaterThan(sessions)
  })

  it('seeded random: 5 peers, 4 authors, random disconnects and reconnects, then all equal', async () => {
    for (const seed of [7, 2026]) {
      const random = rng(seed)
      const fest = testFestival(`Random ${seed}`)
      const hosts = [0, 1, 2, 3, 4].map((i) => new FakeHost(`h${i}`))
      for (const h of hosts) h.create(fest)
      const peers: YurtPeer[] = []
      for (const h of hosts) peers.push(await startPeer(h, { syncIntervalMs: 60_000 }))
      // Authors live on one host each (an author writes from one device).
      const authors = ['alice', 'bob', 'carol', 'dave'].map((n, i) => ({ signer: signer(`${n}${seed}`), host: hosts[i % 5]! }))
      const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)]!
      for (let step = 0; step < 30; step++) {
        const r = random()
        if (r < 0.5) {
          const a = pick(authors)
          a.host.write(fest.id, a.signer, 1 + Math.floor(random() * 5))
        } else if (r < 0.8) {
          const i = Math.floor(random() * 5)
          const j = (i + 1 + Math.floor(random() * 4)) % 5
          await connect(peers[i]!, peers[j]!, false).catch(() => undefined)
        } else {
          const p = pick(peers)
          const others = p.connectedPeers()
          if (others.length > 0) await p.hangUp(pick(others)).catch(() => undefined)
        }
        await new Promise((res) => setTimeout(res, Math.floor(random() * 20)))
      }
      // Heal: a ring, then one sync round everywhere.
      for (let i = 0; i < 5; i++) await connect(peers[i]!, peers[(i + 1) % 5]!, false)
      await until(
        async () => {
          if (allEqual(hosts, fest.id)) return true
          await Promise.all(peers.map((p) => p.syncAll()))
          return allEqual(hosts, fest.id)
        },
        `seed ${seed}: all 5 hosts equal`,
        15_000,
        100,
      )
      const total = [...authors].reduce((n, a) => n + (a.host.heads(fest.id).get(a.signer.key)?.seq ?? 0), 0)
      expect(hosts.every((h) => h.size(fest.id) === total)).toBe(true)
      expect([...hosts].every((h) => !h.counts.has('bad-signature') && !h.counts.has('broken-chain'))).toBe(true)
      await stopAll()
    }
  })
})

describe('forgeries', () => {
  it('a peer that gossips forgeries is disconnected and blocked after 5', async () => {
    const fest = testFestival()
    const honest = new FakeHost('honest')
    const liarHost = new FakeHost('liar')
    honest.create(fest)
    liarHost.create(fest)
    const h = await startPeer(honest)
    const liar = await startPeer(liarHost)
    await connect(liar, h, false)
    await until(() => liar.libp2p.services.pubsub.getSubscribers(`yurt/festival/${fest.id}/1`).length === 1, 'honest subscribed')
    const mallory = signer('mallory')
    const blocked: string[] = []
    h.on('peer:blocked', ({ peer }) => blocked.push(peer))
    for (let seq = 1; seq <= 8; seq++) {
      const op = signOperation(
        { festival: fest.id, author: mallory.key, seq, prev: new Uint8Array(32), clientId: mallory.clientId, hlc: { wall: seq, counter: 0 }, update: Uint8Array.of(seq) },
        mallory,
      )
      liarHost.emitLocal({ ...op, sig: new Uint8Array(64).fill(seq) }) // a bad signature
      await new Promise((r) => setTimeout(r, 5))
    }
    await until(() => blocked.length === 1, 'the liar blocked')
    expect(blocked[0]).toBe(liar.peerId)
    expect(h.guard.strikes(liar.peerId).total).toBe(5)
    await until(() => !h.connectedPeers().includes(liar.peerId), 'the liar disconnected')
    expect(honest.size(fest.id)).toBe(0)
    // It cannot come back while blocked.
    await connect(liar, h, false).catch(() => undefined)
    await until(() => !h.connectedPeers().includes(liar.peerId) && !liar.connectedPeers().includes(h.peerId), 'the redial refused')
    await expect(connect(h, liar, false)).rejects.toThrow()
  })

  it('a peer that serves forged operations by sync is struck for each author and blocked', async () => {
    const fest = testFestival()
    const honest = new FakeHost('honest')
    const liarHost = new FakeHost('liar')
    honest.create(fest)
    liarHost.create(fest)
    for (let i = 0; i < 5; i++) liarHost.write(fest.id, signer(`victim${i}`), 3, 40, { silent: true })
    liarHost.tamper = (op) => ({ ...op, update: Uint8Array.of(...op.update, 0xff) })
    const h = await startPeer(honest)
    const liar = await startPeer(liarHost)
    const blocked: string[] = []
    h.on('peer:blocked', ({ peer }) => blocked.push(peer))
    await connect(h, liar, false)
    await until(() => blocked.length === 1, 'the liar blocked')
    expect(h.guard.strikes(liar.peerId).forgery).toBe(5)
    expect(honest.size(fest.id)).toBe(0)
    await until(() => !h.connectedPeers().includes(liar.peerId), 'the liar disconnected')
  })

  it('honest peers still converge while a liar sends forgeries', async () => {
    const fest = testFestival()
    const hosts = [new FakeHost('a'), new FakeHost('b'), new FakeHost('liar')]
    for (const x of hosts) x.create(fest)
    const [a, b, liar] = await Promise.all(hosts.map((x) => startPeer(x)))
    await connect(a!, b!)
    await connect(liar!, a!, false)
    await connect(liar!, b!, false)
    const mallory = signer('mallory')
    hosts[0]!.write(fest.id, signer('alice'), 4)
    hosts[2]!.write(fest.id, mallory, 6, 40, { silent: true })
    hosts[2]!.tamper = (op) => ({ ...op, seq: op.seq, hlc: { wall: op.hlc.wall + 1, counter: 0 } })
    hosts[1]!.write(fest.id, signer('bob'), 4)
    await until(() => hosts[0]!.size(fest.id) === 8 && hosts[1]!.size(fest.id) === 8, 'a and b hold the 8 honest operations')
    await a!.syncAll()
    await b!.syncAll()
    expect(hosts[0]!.digest(fest.id)).toBe(hosts[1]!.digest(fest.id))
    expect(hosts[0]!.heads(fest.id).has(mallory.key)).toBe(false)
  })
})
