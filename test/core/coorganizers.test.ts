/**
 * Co-organisers (DESIGN.md, "Radical authorization"): an organiser lists co-organisers, whose edits
 * live in their own namespaces and are merged by the view, last writer wins. On real Repos (LevelDB
 * in a temporary directory), replicated by handing operations to a second Repo.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openDataDir } from '../../core/store.ts'
import { Repo } from '../../core/repo.ts'
import { signerFromSeed } from '../../core/identity.ts'
import { newEntityId } from '../../core/ids.ts'
import type { EventData, EventEdit, FestivalMeta } from '../../core/types.ts'

const alice = signerFromSeed(new Uint8Array(32).fill(1))
const bob = signerFromSeed(new Uint8Array(32).fill(2))
const mallory = signerFromSeed(new Uint8Array(32).fill(3))
const T0 = Date.UTC(2027, 5, 3, 8)
const HOUR = 3_600_000

const dirs: string[] = []
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true })
})

async function repoAt(clock: { now: number }): Promise<Repo> {
  const dir = await mkdtemp(join(tmpdir(), 'yurt-coorg-'))
  dirs.push(dir)
  return Repo.open(await openDataDir(dir), { now: () => clock.now })
}

function talk(extra: Partial<EventData> = {}): EventData {
  return {
    title: 'History of P2P', kind: 'talk', start: T0 + 11 * HOUR, end: T0 + 11.75 * HOUR, venue: null, resources: [],
    organizers: ['Bob'], tags: [], state: 'scheduled', bookedAt: T0, ...extra,
  }
}

function edit(at: number, extra: Partial<EventEdit> = {}): EventEdit {
  return { title: 'History of P2P', start: T0 + 12 * HOUR, end: T0 + 12.75 * HOUR, venue: null, state: 'scheduled', bookedAt: at, at, ...extra }
}

async function setup() {
  const clock = { now: T0 }
  const repo = await repoAt(clock)
  const festival: FestivalMeta = await repo.createFestival({ name: 'Paris P2P', timezone: 'Europe/Paris' })
  const id = newEntityId(alice.key)
  const shown = async () => (await repo.open(festival.id)).view(clock.now).events.find((e) => e.id === id)!
  return { clock, repo, festival, id, shown }
}

describe('an event with a co-organiser', () => {
  it("shows the co-organiser's later edit, and the author's later change again after it", async () => {
    const { clock, repo, festival, id, shown } = await setup()
    await repo.commit(festival.id, alice, (w) => w.setEvent(id, talk({ coOrganizers: [bob.key] })))
    clock.now = T0 + HOUR
    await repo.commit(festival.id, bob, (w) => w.setEdit(id, edit(clock.now)))
    let ev = await shown()
    expect(ev.start).toBe(T0 + 12 * HOUR)
    expect(ev.editedBy).toBe(bob.key)
    expect(ev.author).toBe(alice.key)

    clock.now = T0 + 2 * HOUR
    await repo.commit(festival.id, alice, (w) => w.setEvent(id, talk({ coOrganizers: [bob.key], title: 'A history of P2P', start: T0 + 12 * HOUR, end: T0 + 12.75 * HOUR, editedAt: clock.now })))
    ev = await shown()
    expect(ev.title).toBe('A history of P2P')
    expect(ev.editedBy).toBeUndefined()
  })

  it('ignores an edit older than the author\'s record, and any edit by someone the author did not list', async () => {
    const { clock, repo, festival, id, shown } = await setup()
    clock.now = T0 + HOUR
    await repo.commit(festival.id, alice, (w) => w.setEvent(id, talk({ coOrganizers: [bob.key], editedAt: clock.now })))
    await repo.commit(festival.id, bob, (w) => w.setEdit(id, edit(T0 + HOUR / 2)))
    await repo.commit(festival.id, mallory, (w) => w.setEdit(id, edit(T0 + 5 * HOUR, { title: 'Hijacked', state: 'cancelled' })))
    const ev = await shown()
    expect(ev.title).toBe('History of P2P')
    expect(ev.state).toBe('scheduled')
    expect(ev.start).toBe(T0 + 11 * HOUR)
  })

  it('replicates: a second peer that receives the operations shows the same edit', async () => {
    const { clock, repo, festival, id } = await setup()
    await repo.commit(festival.id, alice, (w) => w.setEvent(id, talk({ coOrganizers: [bob.key] })))
    clock.now = T0 + HOUR
    await repo.commit(festival.id, bob, (w) => w.setEdit(id, edit(clock.now, { title: 'P2P, a history' })))

    const other = await repoAt(clock)
    await other.adoptFestival(festival)
    for (const who of [alice, bob]) {
      const ops = await repo.opsAfter(festival.id, who.key, 0, 100)
      for (const r of await other.receiveMany(ops)) expect(r.status).toBe('applied')
    }
    const there = (await other.open(festival.id)).view(clock.now).events.find((e) => e.id === id)!
    expect(there.title).toBe('P2P, a history')
    expect(there.editedBy).toBe(bob.key)
  })
})
