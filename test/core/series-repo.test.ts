/**
 * Series replicate as signed operations like everything else: a second peer that receives the
 * operations (in any order) shows the same occurrences, RSVPs to occurrences included; an operation
 * that writes a series into another author's namespace is refused before it touches the festival.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { openDataDir } from '../../core/store.ts'
import { Repo } from '../../core/repo.ts'
import { clientIdOf, signerFromSeed } from '../../core/identity.ts'
import { signOperation } from '../../core/operation.ts'
import type { Operation } from '../../core/operation.ts'
import { namespaceName } from '../../core/doc.ts'
import { newEntityId } from '../../core/ids.ts'
import { occurrenceId } from '../../core/series.ts'
import type { SeriesData } from '../../core/types.ts'

const alice = signerFromSeed(new Uint8Array(32).fill(1))
const bob = signerFromSeed(new Uint8Array(32).fill(2))
const NOW = Date.parse('2027-01-01T11:00:00Z')

const dirs: string[] = []
async function tempRepo(): Promise<Repo> {
  const dir = await mkdtemp(join(tmpdir(), 'yurt-series-repo-'))
  dirs.push(dir)
  return Repo.open(await openDataDir(dir), { now: () => NOW })
}
const repos: Repo[] = []
afterEach(async () => {
  for (const r of repos.splice(0)) await r.close()
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true })
})

const monthly: SeriesData = {
  title: 'Paris P2P monthly',
  kind: 'meetup',
  venue: null,
  resources: [],
  start: '2027-01-06T18:30',
  timezone: 'Europe/Paris',
  duration: 210,
  rrule: 'FREQ=MONTHLY;BYDAY=1WE',
  skipped: [],
  moved: {},
  bookedAt: NOW,
}

describe('series over signed operations', () => {
  it('a peer receiving the operations in reverse order shows the same occurrences and RSVPs', async () => {
    const source = await tempRepo()
    const sink = await tempRepo()
    repos.push(source, sink)
    const f = await source.createFestival({ name: 'Paris P2P', timezone: 'Europe/Paris' })
    await sink.adoptFestival(f)
    const ops: Operation[] = []
    source.onOperation((op) => ops.push(op))
    const id = newEntityId(alice.key)
    await source.commit(f.id, alice, (w) => w.setSeries(id, monthly))
    await source.commit(f.id, alice, (w) => w.setSeries(id, { ...monthly, skipped: ['2027-02-03'], until: '2027-06-30' }))
    await source.commit(f.id, bob, (w) => w.setRsvp(occurrenceId(id, '2027-03-03'), 'going'))
    for (const op of [...ops].reverse()) expect(['applied', 'pending']).toContain((await sink.receive(op)).status)
    const shape = async (r: Repo) =>
      (await r.open(f.id)).view().events.map((e) => [e.id, e.start, e.status, e.going.length])
    expect(await shape(sink)).toEqual(await shape(source))
    expect((await shape(sink)).map((e) => e[2])).toEqual(['confirmed', 'cancelled', 'confirmed', 'confirmed', 'confirmed', 'confirmed'])
    expect((await shape(sink))[2]![3]).toBe(1)
  })

  it("refuses an operation by bob that writes a series into alice's namespace", async () => {
    const sink = await tempRepo()
    repos.push(sink)
    const f = await sink.createFestival({ name: 'Paris P2P', timezone: 'Europe/Paris' })
    const doc = new Y.Doc()
    doc.clientID = clientIdOf(bob.key)
    doc.getMap(namespaceName(alice.key)).set(`s:${newEntityId(alice.key)}`, monthly)
    const update = Y.encodeStateAsUpdate(doc)
    const op = signOperation({ festival: f.id, author: bob.key, seq: 1, prev: new Uint8Array(32), clientId: clientIdOf(bob.key), hlc: { wall: NOW, counter: 0 }, update }, bob)
    expect(await sink.receive(op)).toEqual({ status: 'rejected', reason: 'outside-namespace' })
    expect((await sink.open(f.id)).view().series).toEqual([])
  })
})
