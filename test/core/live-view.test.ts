/**
 * The view kept current change by change (`core/live-view.ts`) equals the view built whole, after
 * every step of seeded random sequences of what chat and peers write: events added, moved between
 * stages, zones and rooms needing approval, given resources, cancelled, deleted, unscheduled; RSVPs
 * to events and to occurrences of series; and now and then a new venue, a display name, an
 * approval or a series, which rebuild it whole, and a new author or a new display name, which do not.
 */
import { describe, expect, it } from 'vitest'
import { Festival, newGenesis } from '../../core/festival.ts'
import { authorsOf, readNamespace } from '../../core/doc.ts'
import { newEntityId } from '../../core/ids.ts'
import { horizonOf } from '../../core/series.ts'
import { buildView, compareEvents, eventIn } from '../../core/view.ts'
import { changesBetween } from '../../core/deltas.ts'
import type { AuthorKey, EntityId, EventData, ScheduleView } from '../../core/types.ts'

const people = ['a1', 'b2', 'c3', 'd4', 'e5'].map((p, i) => ({ key: p.repeat(32) as AuthorKey, clientId: 1000 + i }))
const host = people[0]!
const DAY = Date.UTC(2027, 5, 4, 6)
const NOW = Date.UTC(2027, 5, 1)

/** A view as plain data, for comparison. */
const plain = (v: ScheduleView) => JSON.parse(JSON.stringify({ ...v, names: [...v.names].sort() }))

function rng(seed: number): () => number {
  return () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
}

describe('the view kept current', () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    it(`seed ${seed}: equals the view built whole after each of 250 random changes`, () => {
      const random = rng(seed)
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!
      const f = new Festival(newGenesis({ name: 'Live', timezone: 'Europe/Paris', now: NOW }), undefined, { now: () => NOW })
      const venues: EntityId[] = []
      const resources: EntityId[] = []
      const addVenue = () => {
        const id = newEntityId(host.key)
        const policy = random() < 0.2 ? 'approval' : 'open'
        f.change(host, (w) => w.setVenue(id, { name: `Venue ${venues.length}`, aliases: [], capacity: null, concurrent: pick([1, 1, 2, null]), policy }))
        venues.push(id)
      }
      for (let i = 0; i < 3; i++) addVenue()
      for (let i = 0; i < 2; i++) {
        const id = newEntityId(host.key)
        f.change(host, (w) => w.setResource(id, { name: `Resource ${i}`, count: 1 + i }))
        resources.push(id)
      }
      const events: { id: EntityId; by: (typeof people)[number]; data: EventData }[] = []
      const occurrenceIds: string[] = []
      const check = (step: number, what: string) => {
        const namespaces = authorsOf(f.doc).map((a) => readNamespace(f.doc, a))
        const whole = buildView(f.meta, namespaces, horizonOf(f.meta, NOW))
        const kept = f.view(NOW)
        expect(plain(kept), `step ${step}: ${what}`).toEqual(plain(whole))
        // Every event is found by its id in the kept view, as in the view built whole.
        for (const e of whole.events) expect(eventIn(kept, e.id)?.id, `step ${step}: ${what}: #${e.id}`).toBe(e.id)
        expect(eventIn(kept, 'no-such-event')).toBeUndefined()
        // A view handed out earlier still answers for its own events, not for the later ones'.
        if (last) for (const e of last.events.slice(0, 20)) expect(eventIn(last, e.id)).toBe(e)
        // An updated view says what it took out of the last one and put in (what the parser's names follow).
        const changes = last && kept !== last ? changesBetween(last.events, kept.events) : null
        if (changes && f.viewCounts.updated > updatedBefore) {
          expect(changes, `step ${step}: ${what}: one change`).toHaveLength(1)
          const out = new Set(changes[0]!.removed)
          expect([...last!.events.filter((e) => !out.has(e)), ...changes[0]!.added].sort(compareEvents), `step ${step}: ${what}`).toEqual(kept.events)
          updated++
          firstUpdated ??= kept
        }
        updatedBefore = f.viewCounts.updated
        last = kept
      }
      let last: ScheduleView | null = null
      let updated = 0
      let firstUpdated: ScheduleView | null = null
      let updatedBefore = 0
      // Two authors at first, so that a new author is a rare event of its own.
      const active = people.slice(0, 2)
      for (let step = 0; step < 250; step++) {
        const r = random()
        let what: string
        if (r < 0.3 || events.length === 0) {
          const by = pick(active)
          const id = newEntityId(by.key)
          const start = random() < 0.05 ? null : DAY + Math.floor(random() * 40) * 30 * 60_000
          const data: EventData = {
            title: `E${step}`,
            kind: 'talk',
            start,
            end: start === null ? null : start + (1 + Math.floor(random() * 4)) * 30 * 60_000,
            venue: random() < 0.9 ? pick(venues) : null,
            resources: random() < 0.3 ? [pick(resources)] : random() < 0.1 ? [...resources] : [],
            organizers: [],
            tags: [],
            state: 'scheduled',
            bookedAt: Math.floor(random() * 10_000),
          }
          f.change(by, (w) => w.setEvent(id, data))
          events.push({ id, by, data })
          what = 'add'
        } else if (r < 0.5) {
          const e = pick(events)
          const start = DAY + Math.floor(random() * 40) * 30 * 60_000
          e.data = { ...e.data, start, end: start + 60 * 60_000, venue: random() < 0.5 ? e.data.venue : pick(venues), bookedAt: e.data.bookedAt + 1 }
          f.change(e.by, (w) => w.setEvent(e.id, e.data))
          what = 'move'
        } else if (r < 0.55) {
          const e = pick(events)
          e.data = { ...e.data, state: e.data.state === 'cancelled' ? 'scheduled' : 'cancelled' }
          f.change(e.by, (w) => w.setEvent(e.id, e.data))
          what = 'cancel or restore'
        } else if (r < 0.58) {
          const i = Math.floor(random() * events.length)
          const [e] = events.splice(i, 1)
          f.change(e!.by, (w) => w.deleteEvent(e!.id))
          what = 'delete'
        } else if (r < 0.62) {
          const e = pick(events)
          e.data = { ...e.data, title: `${e.data.title} (renamed)`, resources: random() < 0.5 ? [] : [pick(resources)] }
          f.change(e.by, (w) => w.setEvent(e.id, e.data))
          what = 'rename, resources'
        } else if (r < 0.85) {
          const who = pick(active)
          const target = occurrenceIds.length > 0 && random() < 0.3 ? pick(occurrenceIds) : pick(events).id
          f.change(who, (w) => w.setRsvp(target as EntityId, pick(['going', 'maybe', 'not-going', null] as const)))
          what = 'rsvp'
        } else if (r < 0.88) {
          addVenue()
          what = 'new venue'
        } else if (r < 0.91) {
          const who = pick(active)
          f.change(who, (w) => w.setProfile({ name: `Person ${Math.floor(random() * 100)}` }))
          what = 'profile'
        } else if (r < 0.94) {
          const e = pick(events)
          f.change(host, (w) => w.setApproval(e.id, pick(['approved', 'refused', null] as const)))
          what = 'approval'
        } else if (r < 0.96 && active.length < people.length) {
          active.push(people[active.length]!)
          what = 'new author'
        } else {
          const id = newEntityId(host.key)
          f.change(host, (w) =>
            w.setSeries(id, {
              title: `Series ${step}`,
              kind: 'meetup',
              venue: pick(venues),
              resources: [],
              start: '2027-06-02T18:00',
              timezone: 'Europe/Paris',
              duration: 120,
              rrule: 'FREQ=WEEKLY;BYDAY=WE',
              skipped: [],
              moved: {},
              bookedAt: step,
            }),
          )
          for (const e of f.view(NOW).events) if (e.occurrence) occurrenceIds.push(e.occurrence.id)
          what = 'series'
        }
        check(step, what)
      }
      // Most steps took the incremental path.
      expect(f.viewCounts.updated).toBeGreaterThan(120)
      expect(updated).toBeGreaterThan(100)
      // Only the last KEPT_CHANGES changes are kept: from a view further back, none are answered.
      expect(firstUpdated).not.toBeNull()
      expect(changesBetween(firstUpdated!.events, f.view(NOW).events)).toBeNull()
    }, 120_000) // a whole build after each of 250 steps: seconds on a quiet machine, more under load
  }
})

describe('a newcomer and a new display name', () => {
  it('are updated in place, not rebuilt, and still equal the view built whole (names in going lists re-sorted)', () => {
    const f = new Festival(newGenesis({ name: 'Live', timezone: 'Europe/Paris', now: NOW }), undefined, { now: () => NOW })
    const [a, b, c] = people
    const venue = newEntityId(a!.key)
    f.change(a!, (w) => w.setVenue(venue, { name: 'Atelier', aliases: [], capacity: null, concurrent: 1, policy: 'open' }))
    const talk = newEntityId(b!.key)
    f.change(b!, (w) => {
      w.setProfile({ name: 'Zoé' })
      w.setEvent(talk, { title: 'Mesh', kind: 'talk', start: DAY, end: DAY + 3_600_000, venue, resources: [], organizers: [], tags: [], state: 'scheduled', bookedAt: 1 })
      w.setRsvp(talk, 'going')
    })
    const whole = () => buildView(f.meta, authorsOf(f.doc).map((x) => readNamespace(f.doc, x)), horizonOf(f.meta, NOW))
    f.view(NOW)
    const rebuilt = f.viewCounts.rebuilt
    // A newcomer's first message: their name and "I'm going".
    f.change(c!, (w) => {
      w.setProfile({ name: 'Bruno' })
      w.setRsvp(talk, 'going')
    })
    expect(f.view(NOW).events[0]!.going).toEqual([c!.key, b!.key])
    expect(plain(f.view(NOW))).toEqual(plain(whole()))
    // Zoé becomes Ada: her event shows the new name and she now comes first among the going.
    const before = f.view(NOW)
    f.change(b!, (w) => w.setProfile({ name: 'Ada' }))
    const after = f.view(NOW)
    expect(after.events[0]!.authorName).toBe('Ada')
    expect(after.events[0]!.going).toEqual([b!.key, c!.key])
    expect(plain(after)).toEqual(plain(whole()))
    expect(f.viewCounts.rebuilt).toBe(rebuilt)
    // The view handed out before keeps its names.
    expect(before.names.get(b!.key)).toBe('Zoé')
  })
})
