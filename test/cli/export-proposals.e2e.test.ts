/**
 * `yurt export --format json` carries the festival's proposals, ranked, beside its events.
 */
import { describe, expect, it } from 'vitest'
import { tempDir, yurt } from '../helpers/cli.ts'
import { openDataDir } from '../../core/store.ts'
import { Repo } from '../../core/repo.ts'
import { signerFromSeed } from '../../core/identity.ts'
import { newEntityId } from '../../core/ids.ts'

const alice = signerFromSeed(new Uint8Array(32).fill(1))
const bob = signerFromSeed(new Uint8Array(32).fill(2))
const carol = signerFromSeed(new Uint8Array(32).fill(3))
const T0 = Date.UTC(2027, 5, 1, 8)

describe('yurt export --format json', () => {
  it('lists the proposals with their votes and state', async () => {
    const { dir, cleanup } = await tempDir()
    try {
      const repo = await Repo.open(await openDataDir(dir), { now: () => T0 })
      const f = await repo.createFestival({ name: 'Paris P2P', timezone: 'Europe/Paris', creator: alice.key })
      await repo.commit(f.id, carol, (w) => w.setProfile({ name: 'Carol' }))
      const atelier = newEntityId(bob.key)
      await repo.commit(f.id, bob, (w) => w.setVenue(atelier, { name: 'Atelier', aliases: [], capacity: 20, concurrent: 1, policy: 'open' }))
      const mesh = newEntityId(carol.key)
      const zines = newEntityId(carol.key)
      await repo.commit(f.id, carol, (w) => w.setProposal(mesh, { title: 'Mesh networks', kind: 'talk', minutes: 30, at: T0 }))
      await repo.commit(f.id, carol, (w) => w.setProposal(zines, { title: 'Zines', kind: 'workshop', minutes: 60, at: T0 + 1 }))
      await repo.commit(f.id, alice, (w) => w.setVote(zines, true))
      await repo.commit(f.id, bob, (w) => w.setAcceptance(mesh, { venue: atelier, start: Date.UTC(2027, 5, 5, 13), end: Date.UTC(2027, 5, 5, 13, 30), at: T0 + 2 }))
      await repo.close()
      const out = await yurt(['export', '--format', 'json', '--data', dir, '--festival', 'Paris P2P'])
      expect(out.code).toBe(0)
      const json = JSON.parse(out.stdout)
      expect(json.proposals.map((p: Record<string, unknown>) => [p.title, p.proposer, p.votes, p.state])).toEqual([
        ['Zines', 'Carol', 1, 'open'],
        ['Mesh networks', 'Carol', 0, 'accepted'],
      ])
      expect(json.events.map((e: Record<string, unknown>) => [e.title, e.limit, e.goingCount, e.waitingCount])).toEqual([['Mesh networks', 20, 0, 0]])
    } finally {
      await cleanup()
    }
  })
})
