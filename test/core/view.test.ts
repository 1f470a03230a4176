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

describe('who holds a slot, at scale', () => {
  /** The definition, as a scan: in precedence order, an event holds the venue when fewer than `capacity` holders overlap it at any instant. */
  function expected(events: { id: string; start: number; end: number; bookedAt: number }[], capacity: number): Map<string, string[] | null> {
    const out = new Map<string, string[] | null>()
    const granted: typeof events = []
    for (const e of [...events].sort((a, b) => a.bookedAt - b.bookedAt || (a.id < b.id ? -1 : 1))) {
      const overlapping = granted.filter((g) => g.start < e.end && e.start < g.end)
      let max = 0
      for (const t of [e.start, ...overlapping.map((g) => g.start)].filter((t) => t >= e.start && t < e.end)) {
        max = Math.max(max, overlapping.filter((g) => g.start <= t && t < g.end).length)
      }
      if (max < capacity) {
        granted.push(e)
        out.set(e.id, null)
      } else out.set(e.id, overlapping.map((g) => g.id))
    }
    return out
  }

  it('seeded random bookings of stages and zones: statuses and clash holders as the definition says', () => {
    let seed = 11
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
    for (let round = 0; round < 30; round++) {
      const capacity = 1 + Math.floor(random() * 3)
      const { f, stage } = setup('open', capacity)
      const booked: { id: string; start: number; end: number; bookedAt: number }[] = []
      const n = 20 + Math.floor(random() * 60)
      f.change(alice, (w) => {
        for (let i = 0; i < n; i++) {
          const id = newEntityId(alice.key)
          const start = H(8) + Math.floor(random() * 48) * 15 * 60_000
          const end = start + (1 + Math.floor(random() * 12)) * 15 * 60_000
          const bookedAt = Math.floor(random() * 1000)
          booked.push({ id, start, end, bookedAt })
          w.setEvent(id, { ...ev(`E${i}`, stage, 0, 1, bookedAt), start, end })
        }
      })
      const want = expected(booked, capacity)
      const view = f.view()
      for (const e of view.events) {
        const holders = want.get(e.id)
        expect(e.status, `round ${round} ${e.title}`).toBe(holders === null ? 'confirmed' : 'conflicting')
        if (holders) expect(e.clashes).toEqual([{ on: 'venue', id: stage, holders }])
      }
    }
  })
})
