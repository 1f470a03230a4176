import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { Festival, newGenesis } from '../../core/festival.ts'
import { newEntityId } from '../../core/ids.ts'
import type { AuthorKey, EntityId, EventData } from '../../core/types.ts'

const alice = { key: 'a1'.repeat(32) as AuthorKey, clientId: 1111 }
const bob = { key: 'b2'.repeat(32) as AuthorKey, clientId: 2222 }
const host = { key: 'c3'.repeat(32) as AuthorKey, clientId: 3333 }
const H = (h: number) => Date.UTC(2020, 0, 11, h)

function ev(title: string, venue: EntityId | null, from: number, to: number, bookedAt: number, resources: EntityId[] = []): EventData {
  return { title, kind: 'concert', start: H(from), end: H(to), venue, resources, organizers: [], tags: [], state: 'scheduled', bookedAt }
}

function setup(policy: 'open' | 'approval' = 'open', concurrent: number | null = 1) {
  const f = new Festival(newGenesis({ name: 'Test', timezone: 'Europe/Paris', now: H(0) }))
  const stage = newEntityId(host.key)
  f.change(host, (w) => w.setVenue(stage, { name: 'Scène', aliases: [], capacity: 300, concurrent, policy }))
  return { f, stage }
}

/** A second replica that receives the same updates in another order. */
function replicaOf(f: Festival, updates: Uint8Array[]): Festival {
  const r = new Festival(f.meta)
  for (const u of [...updates].reverse()) Y.applyUpdate(r.doc, u)
  return r
}

describe('the schedule view', () => {
  it('an offline double booking: the earlier booking holds the stage on every replica, the other is conflicting', () => {
    const { f, stage } = setup()
    const updates: Uint8Array[] = [Y.encodeStateAsUpdate(f.doc)]
    const a = newEntityId(alice.key)
    const b = newEntityId(bob.key)
    updates.push(f.change(bob, (w) => w.setEvent(b, ev('Bob live', stage, 21, 22, 200)))!)
    updates.push(f.change(alice, (w) => w.setEvent(a, ev('Alice live', stage, 21, 23, 100)))!)
    const other = replicaOf(f, updates)
    for (const view of [f.view(), other.view()]) {
      const byTitle = Object.fromEntries(view.events.map((e) => [e.title, e]))
      expect(byTitle['Alice live']!.status).toBe('confirmed')
      expect(byTitle['Bob live']!.status).toBe('conflicting')
      expect(byTitle['Bob live']!.clashes).toEqual([{ on: 'venue', id: stage, holders: [a] }])
    }
  })

  it('equal booking times fall back to the smaller event id', () => {
    const { f, stage } = setup()
    const a = newEntityId(alice.key)
    const b = newEntityId(bob.key)
    f.change(alice, (w) => w.setEvent(a, ev('A', stage, 21, 22, 100)))
    f.change(bob, (w) => w.setEvent(b, ev('B', stage, 21, 22, 100)))
    const winner = a < b ? 'A' : 'B'
    const confirmed = f.view().events.filter((e) => e.status === 'confirmed').map((e) => e.title)
    expect(confirmed).toEqual([winner])
  })

  it("an approval by the venue's host wins over an earlier booking; nobody else's approval counts", () => {
    const { f, stage } = setup('approval')
    const a = newEntityId(alice.key)
    const b = newEntityId(bob.key)
    f.change(alice, (w) => w.setEvent(a, ev('Early', stage, 21, 22, 100)))
    f.change(bob, (w) => w.setEvent(b, ev('Approved', stage, 21, 22, 200)))
    f.change(alice, (w) => w.setApproval(a, 'approved')) // not the host: ignored
    let view = f.view()
    expect(view.events.map((e) => [e.title, e.status])).toEqual([['Approved', 'tentative'], ['Early', 'tentative']])
    f.change(host, (w) => w.setApproval(b, 'approved'))
    view = f.view()
    expect(Object.fromEntries(view.events.map((e) => [e.title, e.status]))).toEqual({ Approved: 'confirmed', Early: 'tentative' })
  })

  it('a zone takes as many events at once as it says; an unlimited one takes all', () => {
    const { f, stage: village } = setup('open', 2)
    for (const [i, who] of [alice, bob, host].entries()) {
      f.change(who, (w) => w.setEvent(newEntityId(who.key), ev(`Stand ${i}`, village, 10, 18, 100 + i)))
    }
    expect(f.view().events.map((e) => e.status).sort()).toEqual(['confirmed', 'confirmed', 'conflicting'])
  })

  it('a resource is exclusive in the same way, and only events that hold their venue claim it', () => {
    const { f, stage } = setup('open', null)
    const projector = newEntityId(host.key)
    f.change(host, (w) => w.setResource(projector, { name: 'Projector', count: 1 }))
    f.change(alice, (w) => w.setEvent(newEntityId(alice.key), ev('Slides', stage, 14, 15, 100, [projector])))
    f.change(bob, (w) => w.setEvent(newEntityId(bob.key), ev('Film', stage, 14, 16, 200, [projector])))
    const byTitle = Object.fromEntries(f.view().events.map((e) => [e.title, e]))
    expect(byTitle.Slides!.status).toBe('confirmed')
    expect(byTitle.Film!.status).toBe('conflicting')
    expect(byTitle.Film!.clashes[0]!.on).toBe('resource')
  })

  it('a cancelled event frees its slot', () => {
    const { f, stage } = setup()
    const a = newEntityId(alice.key)
    f.change(alice, (w) => w.setEvent(a, ev('First', stage, 21, 22, 100)))
    f.change(bob, (w) => w.setEvent(newEntityId(bob.key), ev('Second', stage, 21, 22, 200)))
    f.change(alice, (w) => w.setEvent(a, { ...ev('First', stage, 21, 22, 100), state: 'cancelled' }))
    expect(Object.fromEntries(f.view().events.map((e) => [e.title, e.status]))).toEqual({ First: 'cancelled', Second: 'confirmed' })
  })
})
