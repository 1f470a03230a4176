import { afterEach, describe, expect, it } from 'vitest'
import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createPeer } from '../../p2p/node.ts'
import { FakeHost, signer, testFestival, twoHolders } from './fake-host.ts'
import { connect, startPeer, stopAll, until } from './helpers.ts'

const alice = signer('alice')
const bob = signer('bob')

afterEach(stopAll)

describe('yurt peer on loopback (fake hosts)', () => {
  it('keeps its peer id across restarts in peer.key (mode 0600)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'yurt-p2p-'))
    try {
      const a = await createPeer({ host: new FakeHost(), dataDir: dir, listen: ['/ip4/127.0.0.1/tcp/0'], mdns: false })
      const b = await createPeer({ host: new FakeHost(), dataDir: dir, listen: ['/ip4/127.0.0.1/tcp/0'], mdns: false })
      expect(b.peerId).toBe(a.peerId)
      expect((await stat(join(dir, 'peer.key'))).mode & 0o777).toBe(0o600)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('two peers sync on connect, both ways', async () => {
    const { fest, a: ha, b: hb } = twoHolders()
    ha.write(fest.id, alice, 20)
    hb.write(fest.id, bob, 5)
    const a = await startPeer(ha)
    const b = await startPeer(hb)
    await connect(a, b)
    await until(() => ha.size(fest.id) === 25 && hb.size(fest.id) === 25, 'both hold 25 operations')
    expect(ha.digest(fest.id)).toBe(hb.digest(fest.id))
  })

  it('a sync asked for right after dialling is served by the session the new connection opened; a later one runs its own', async () => {
    const { fest, a: ha, b: hb } = twoHolders()
    ha.write(fest.id, alice, 7)
    const a = await startPeer(ha)
    const b = await startPeer(hb)
    const remote = await connect(b, a)
    await b.sync(remote, [fest.id])
    expect(hb.size(fest.id)).toBe(7)
    expect(b.counters.sessions).toBe(1)
    await b.sync(remote, [fest.id])
    expect(b.counters.sessions).toBe(2)
  })

  it('live operations travel by gossip', async () => {
    const { fest, a: ha, b: hb } = twoHolders()
    const a = await startPeer(ha)
    const b = await startPeer(hb)
    await connect(a, b)
    await until(() => a.libp2p.services.pubsub.getSubscribers(`yurt/festival/${fest.id}/1`).length === 1, 'a sees b subscribed')
    const before = b.counters.sessions
    ha.write(fest.id, alice, 3)
    await until(() => hb.size(fest.id) === 3, 'b has the 3 live operations')
    expect(b.counters.gossipAccepted).toBe(3)
    expect(b.counters.sessions).toBe(before)
  })

  it('a join code fetches the festival from the peer that shared it', async () => {
    const fest = testFestival('Shared Fest')
    const ha = new FakeHost('a')
    ha.create(fest)
    ha.write(fest.id, alice, 7)
    const hb = new FakeHost('b')
    const a = await startPeer(ha)
    const b = await startPeer(hb)
    const code = a.shareCode(fest.id)
    expect(code.startsWith('yurt1:')).toBe(true)
    const joined = await b.join(code)
    expect(joined.festival.name).toBe('Shared Fest')
    expect(joined.reached).toBe(a.peerId)
    expect(hb.digest(fest.id)).toBe(ha.digest(fest.id))
  })

  it('syncs over WebRTC-Direct when it is switched on', async () => {
    const { fest, a: ha, b: hb } = twoHolders()
    ha.write(fest.id, alice, 10)
    const a = await startPeer(ha, { listen: ['/ip4/127.0.0.1/udp/0/webrtc-direct'], webrtcDirect: true })
    const b = await startPeer(hb, { webrtcDirect: true })
    const addr = a.addresses().find((x) => x.includes('/webrtc-direct/certhash/'))
    expect(addr).toBeDefined()
    await b.dial(addr!, { keep: false })
    await until(() => hb.size(fest.id) === 10, 'b holds the 10 operations')
    expect(b.libp2p.getConnections()[0]!.remoteAddr.toString()).toContain('/webrtc-direct')
  })

  it('redials a bootstrap peer with backoff after it restarts, and syncs what it missed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'yurt-p2p-'))
    try {
      const fest = testFestival()
      const ha = new FakeHost('a')
      const hb = new FakeHost('b')
      ha.create(fest)
      hb.create(fest)
      const a1 = await startPeer(ha, { dataDir: dir })
      const addr = a1.addresses()[0]!
      const b = await startPeer(hb, { bootstrap: [addr], redial: { minMs: 50, maxMs: 400 } })
      await until(() => b.connectedPeers().includes(a1.peerId), 'b connected to its bootstrap peer')
      await a1.stop()
      await until(() => b.connectedPeers().length === 0, 'b noticed')
      hb.write(fest.id, bob, 4) // gossiped to nobody
      await new Promise((r) => setTimeout(r, 300)) // a few failed redials
      const port = /\/tcp\/(\d+)/.exec(addr)![1]
      const a2 = await startPeer(ha, { dataDir: dir, listen: [`/ip4/127.0.0.1/tcp/${port}`] })
      expect(a2.peerId).toBe(a1.peerId)
      await until(() => ha.size(fest.id) === 4, 'a caught up after the redial', 8_000)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
