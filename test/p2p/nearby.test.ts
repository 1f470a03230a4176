/**
 * "Festivals nearby" (`p2p/nearby.ts`): real libp2p peers on loopback tell each other the genesis
 * records they hold; a record whose id does not match its genesis is dropped. Discovery itself is
 * mDNS, tried on this machine's interfaces: where multicast does not reach (a sandbox), that part
 * says so and is skipped rather than failing.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { newGenesis } from '../../core/festival.ts'
import { FakeHost } from './fake-host.ts'
import { startPeer, stopAll, until } from './helpers.ts'

afterEach(() => stopAll())

function hostWith(...names: Array<[string, 'community'?]>): FakeHost {
  const host = new FakeHost()
  for (const [name, kind] of names) void host.adoptFestival(newGenesis({ name, timezone: 'Europe/Paris', now: Date.UTC(2027, 5, 1), ...(kind ? { kind } : {}) }))
  return host
}

describe('festivals nearby', () => {
  it("lists what another peer holds, festivals and communities, by name", async () => {
    const a = await startPeer(hostWith(['Paris P2P']))
    const b = await startPeer(hostWith(['Lyon P2P'], ['France P2P', 'community']))
    await a.dial(b.addresses()[0]!)
    const found = await a.nearby([b.peerId])
    expect(found.map((f) => [f.name, f.kind ?? 'festival'])).toEqual([['France P2P', 'community'], ['Lyon P2P', 'festival']])
    expect(await a.nearby([])).toEqual([])
  })

  it('finds a peer by mDNS where multicast works here', async (ctx) => {
    const a = await startPeer(hostWith(['Paris P2P']), { mdns: true, listen: ['/ip4/0.0.0.0/tcp/0'] })
    await startPeer(hostWith(['Nantes P2P']), { mdns: true, listen: ['/ip4/0.0.0.0/tcp/0'] })
    try {
      await until(async () => (await a.nearby()).some((f) => f.name === 'Nantes P2P'), 'Nantes P2P found by mDNS', 8_000, 250)
    } catch {
      ctx.skip('mDNS multicast does not reach between two peers on this machine')
    }
    expect((await a.nearby()).map((f) => f.name)).toContain('Nantes P2P')
  }, 20_000)
})
