/**
 * Recurring series in the festival model: the RRULE subset, the horizon, the expansion of the
 * Paris P2P monthly series over 2027 in Europe/Paris, skipped and moved occurrences, UNTIL, the
 * programme template, RSVPs to occurrences, conflicts, validation of peers' data, and replicas.
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { Festival, newGenesis } from '../../core/festival.ts'
import { namespaceName } from '../../core/doc.ts'
import { checkNamespace } from '../../core/namespace.ts'
import { newEntityId } from '../../core/ids.ts'
import { firstOccurrence, horizonOf, occurrenceId, parseOccurrenceId, parseRecur } from '../../core/series.ts'
import { toRfc3339 } from '../../core/time.ts'
import type { AuthorKey, EntityId, EventView, SeriesData } from '../../core/types.ts'

const alice = { key: 'a1'.repeat(32) as AuthorKey, clientId: 1111 }
const bob = { key: 'b2'.repeat(32) as AuthorKey, clientId: 2222 }
const ZONE = 'Europe/Paris'
/** 1 January 2027, noon in Paris: the reference clock of these tests. */
const NOW = Date.parse('2027-01-01T11:00:00Z')

function festival(dates: { startDate?: string; endDate?: string } = {}): Festival {
  return new Festival(newGenesis({ name: 'Paris P2P', timezone: ZONE, now: NOW, ...dates }), undefined, { now: () => NOW })
}

function parisP2P(extra: Partial<SeriesData> = {}): SeriesData {
  return {
    title: 'Paris P2P monthly',
    kind: 'meetup',
    venue: null,
    resources: [],
    start: '2027-01-06T18:30',
    timezone: ZONE,
    duration: 210,
    rrule: 'FREQ=MONTHLY;BYDAY=1WE',
    skipped: [],
    moved: {},
    bookedAt: 100,
    ...extra,
  }
}

const in2027 = (events: EventView[]) => events.filter((e) => e.start !== null && toRfc3339(e.start, ZONE).startsWith('2027'))
const utc = (ms: number | null) => new Date(ms!).toISOString().slice(0, 16) + 'Z'

describe('recurring series', () => {
  it('expands the Paris P2P monthly series over 2027: twelve first Wednesdays at 18:30 local (17:30Z in winter, 16:30Z in summer)', () => {
    const f = festival()
    const id = newEntityId(alice.key)
    f.change(alice, (w) => w.setSeries(id, parisP2P()))
    const events = in2027(f.view().events)
    expect(events.map((e) => utc(e.start))).toEqual([
      '2027-01-06T17:30Z', '2027-02-03T17:30Z', '2027-03-03T17:30Z', '2027-04-07T16:30Z',
      '2027-05-05T16:30Z', '2027-06-02T16:30Z', '2027-07-07T16:30Z', '2027-08-04T16:30Z',
      '2027-09-01T16:30Z', '2027-10-06T16:30Z', '2027-11-03T17:30Z', '2027-12-01T17:30Z',
    ])
    for (const e of events) {
      expect(toRfc3339(e.start!, ZONE)).toMatch(/T18:30:00\+0[12]:00$/)
      expect(e.end! - e.start!).toBe(210 * 60_000)
      expect(e.series).toBe(id)
      expect(e.id).toBe(occurrenceId(id, toRfc3339(e.start!, ZONE).slice(0, 10)))
      expect(e.status).toBe('confirmed')
      expect(e.author).toBe(alice.key)
    }
    expect(f.view().series.map((s) => [s.id, s.title])).toEqual([[id, 'Paris P2P monthly']])
  })

  it('a skipped occurrence stays as cancelled, a moved one is at its new time with its original id', () => {
    const f = festival()
    const id = newEntityId(alice.key)
    const moved = { start: Date.parse('2027-03-11T17:30:00Z'), end: Date.parse('2027-03-11T21:00:00Z'), bookedAt: 200 }
    f.change(alice, (w) => w.setSeries(id, parisP2P({ skipped: ['2027-02-03'], moved: { '2027-03-03': moved } })))
    const byId = new Map(f.view().events.map((e) => [e.id, e]))
    expect(byId.get(occurrenceId(id, '2027-02-03'))!.status).toBe('cancelled')
    const march = byId.get(occurrenceId(id, '2027-03-03'))!
    expect(toRfc3339(march.start!, ZONE)).toBe('2027-03-11T18:30:00+01:00')
    expect(march.occurrence).toMatchObject({ date: '2027-03-03', moved: true })
    expect(march.bookedAt).toBe(200)
    expect([...byId.values()].filter((e) => toRfc3339(e.start!, ZONE).startsWith('2027-03-03'))).toEqual([])
  })

  it('ends after June (UNTIL): six occurrences in 2027 and none after', () => {
    const f = festival()
    const id = newEntityId(alice.key)
    f.change(alice, (w) => w.setSeries(id, parisP2P({ until: '2027-06-30' })))
    expect(f.view().events.map((e) => toRfc3339(e.start!, ZONE).slice(0, 10))).toEqual([
      '2027-01-06', '2027-02-03', '2027-03-03', '2027-04-07', '2027-05-05', '2027-06-02',
    ])
  })

  it('copies the programme template into each occurrence, at the same wall times in winter and summer', () => {
    const f = festival()
    const id = newEntityId(alice.key)
    const template = [
      { offset: 0, duration: 30, title: 'doors', kind: 'other' as const },
      { offset: 30, duration: 30, title: 'talks', kind: 'talk' as const },
      { offset: 60, duration: 30, title: 'person-to-person', kind: 'meetup' as const },
      { offset: 90, duration: 120, title: 'free-for-all', kind: 'party' as const },
    ]
    f.change(alice, (w) => w.setSeries(id, parisP2P({ template })))
    const events = in2027(f.view().events)
    expect(events).toHaveLength(48)
    for (const month of ['2027-01-06', '2027-07-07']) {
      const evening = events.filter((e) => e.occurrence!.date === month)
      expect(evening.map((e) => [e.title, e.kind, toRfc3339(e.start!, ZONE).slice(11, 16), toRfc3339(e.end!, ZONE).slice(11, 16), e.id])).toEqual([
        ['Paris P2P monthly: doors', 'other', '18:30', '19:00', `${id}@${month}#1`],
        ['Paris P2P monthly: talks', 'talk', '19:00', '19:30', `${id}@${month}#2`],
        ['Paris P2P monthly: person-to-person', 'meetup', '19:30', '20:00', `${id}@${month}#3`],
        ['Paris P2P monthly: free-for-all', 'party', '20:00', '22:00', `${id}@${month}#4`],
      ])
    }
  })

  it("an RSVP to an occurrence counts for that occurrence's every item and no other occurrence", () => {
    const f = festival()
    const id = newEntityId(alice.key)
    f.change(alice, (w) => w.setSeries(id, parisP2P({ template: [{ offset: 0, duration: 30, title: 'doors', kind: 'other' }, { offset: 30, duration: 60, title: 'talks', kind: 'talk' }] })))
    f.change(bob, (w) => w.setRsvp(occurrenceId(id, '2027-02-03'), 'going'))
    const going = f.view().events.filter((e) => e.going.includes(bob.key)).map((e) => e.id)
    expect(going).toEqual([`${id}@2027-02-03#1`, `${id}@2027-02-03#2`])
  })

  it('occurrences claim their venue like events: an earlier booking there wins, the later one is conflicting', () => {
    const f = festival()
    const stage = newEntityId(bob.key)
    f.change(bob, (w) => w.setVenue(stage, { name: 'Ground Control', aliases: [], capacity: null, concurrent: 1, policy: 'open' }))
    const talk = newEntityId(bob.key)
    f.change(bob, (w) =>
      w.setEvent(talk, { title: 'Mesh night', kind: 'talk', start: Date.parse('2027-03-03T18:00:00Z'), end: Date.parse('2027-03-03T19:00:00Z'), venue: stage, resources: [], organizers: [], tags: [], state: 'scheduled', bookedAt: 50 }),
    )
    const id = newEntityId(alice.key)
    f.change(alice, (w) => w.setSeries(id, parisP2P({ venue: stage })))
    const march = f.view().events.find((e) => e.id === occurrenceId(id, '2027-03-03'))!
    expect(march.status).toBe('conflicting')
    expect(march.clashes).toEqual([{ on: 'venue', id: stage, holders: [talk] }])
    expect(march.venueName).toBe('Ground Control')
    expect(f.view().events.find((e) => e.id === occurrenceId(id, '2027-04-07'))!.status).toBe('confirmed')
  })

  it('a festival with dates bounds the expansion to them, whatever the clock', () => {
    const f = festival({ startDate: '2027-03-01', endDate: '2027-05-31' })
    const id = newEntityId(alice.key)
    f.change(alice, (w) => w.setSeries(id, parisP2P()))
    const days = (now: number) => f.view(now).events.map((e) => toRfc3339(e.start!, ZONE).slice(0, 10))
    expect(days(NOW)).toEqual(['2027-03-03', '2027-04-07', '2027-05-05'])
    expect(days(Date.parse('2030-01-01T00:00:00Z'))).toEqual(['2027-03-03', '2027-04-07', '2027-05-05'])
  })

  it('without festival dates the horizon follows the month of the clock, and the view follows it', () => {
    expect(horizonOf({ timezone: ZONE }, NOW)).toEqual({ from: '2026-01-01', to: '2028-01-31', anchor: '2027-01-01' })
    // 31 Dec 23:30Z is already January in Paris.
    expect(horizonOf({ timezone: ZONE }, Date.parse('2027-12-31T23:30:00Z'))).toEqual({ from: '2027-01-01', to: '2029-01-31', anchor: '2028-01-01' })
    const f = festival()
    const id = newEntityId(alice.key)
    f.change(alice, (w) => w.setSeries(id, parisP2P({ rrule: 'FREQ=WEEKLY;BYDAY=WE', start: '2020-01-01T18:30' })))
    const first = f.view().events[0]!
    expect(toRfc3339(first.start!, ZONE).slice(0, 10)).toBe('2026-01-07')
    const later = f.view(Date.parse('2029-06-15T00:00:00Z')).events
    expect(toRfc3339(later[0]!.start!, ZONE).slice(0, 10)).toBe('2028-06-07')
    expect(toRfc3339(later.at(-1)!.start!, ZONE).slice(0, 10)).toBe('2030-06-26')
  })

  it('a daily series over the 25-month horizon is capped, keeping the latest occurrences', () => {
    const f = festival()
    const id = newEntityId(alice.key)
    f.change(alice, (w) => w.setSeries(id, parisP2P({ rrule: 'FREQ=DAILY', start: '2025-01-01T09:00' })))
    const events = f.view().events
    expect(events).toHaveLength(400)
    expect(toRfc3339(events.at(-1)!.start!, ZONE).slice(0, 10)).toBe('2028-01-31')
  })

  it("one author's many daily series cannot push another author's monthly series out of the schedule", () => {
    const f = festival()
    // The author whose ids sort first writes 13 daily series with 20-item programmes (the most allowed).
    const low = { key: '00'.repeat(32) as AuthorKey, clientId: 3333 }
    const template = Array.from({ length: 20 }, (_, i) => ({ offset: i * 10, duration: 10, title: `part ${i + 1}`, kind: 'other' as const }))
    f.change(low, (w) => {
      for (let i = 0; i < 13; i++) w.setSeries(newEntityId(low.key), parisP2P({ title: `Daily ${i}`, rrule: 'FREQ=DAILY', start: '2026-01-01T09:00', template }))
    })
    const id = newEntityId(alice.key)
    f.change(alice, (w) => w.setSeries(id, parisP2P()))
    const view = f.view()
    expect(view.events.length).toBeLessThanOrEqual(5000)
    // Alice's monthly series keeps every occurrence of 2027: it is far under its share.
    expect(in2027(view.events.filter((e) => e.series === id))).toHaveLength(12)
    // Each daily series keeps its share from the reference month (January 2027) on.
    const daily = view.events.filter((e) => e.series && e.series !== id)
    expect(daily.length).toBeGreaterThan(0)
    expect(daily.every((e) => e.occurrence!.date >= '2027-01-01')).toBe(true)
  })

  it("the items of one occurrence's programme share its venue: they never clash with each other", () => {
    const f = festival()
    const gc = newEntityId(bob.key)
    f.change(bob, (w) => w.setVenue(gc, { name: 'Ground Control', aliases: [], capacity: null, concurrent: 1, policy: 'open' }))
    const id = newEntityId(alice.key)
    const template = [
      { offset: 0, duration: 270, title: 'doors', kind: 'other' as const },
      { offset: 30, duration: 60, title: 'talks', kind: 'talk' as const },
      { offset: 90, duration: 60, title: 'drinks', kind: 'party' as const },
    ]
    f.change(alice, (w) => w.setSeries(id, parisP2P({ venue: gc, template })))
    const evening = f.view().events.filter((e) => e.occurrence?.date === '2027-02-03')
    expect(evening.map((e) => [e.title, e.status])).toEqual([
      ['Paris P2P monthly: doors', 'confirmed'],
      ['Paris P2P monthly: talks', 'confirmed'],
      ['Paris P2P monthly: drinks', 'confirmed'],
    ])
    // Another booking over the evening still loses to it.
    const late = newEntityId(bob.key)
    f.change(bob, (w) =>
      w.setEvent(late, { title: 'Late talk', kind: 'talk', start: Date.parse('2027-02-03T18:30:00Z'), end: Date.parse('2027-02-03T19:00:00Z'), venue: gc, resources: [], organizers: [], tags: [], state: 'scheduled', bookedAt: 200 }),
    )
    expect(f.view().events.find((e) => e.id === late)!.status).toBe('conflicting')
  })

  it('two replicas that received the same updates in different orders expand identically', () => {
    const f = festival()
    const updates: Uint8Array[] = [Y.encodeStateAsUpdate(f.doc)]
    const a = newEntityId(alice.key)
    const b = newEntityId(bob.key)
    updates.push(f.change(alice, (w) => w.setSeries(a, parisP2P()))!)
    updates.push(f.change(bob, (w) => w.setSeries(b, parisP2P({ title: 'Tuesday hack', rrule: 'FREQ=WEEKLY;BYDAY=TU', start: '2027-01-05T19:00', duration: 120 })))!)
    updates.push(f.change(alice, (w) => w.setSeries(a, parisP2P({ skipped: ['2027-05-05'] })))!)
    updates.push(f.change(bob, (w) => w.setRsvp(occurrenceId(a, '2027-02-03'), 'going'))!)
    const other = new Festival(f.meta, undefined, { now: () => NOW })
    for (const u of [...updates].reverse()) Y.applyUpdate(other.doc, u)
    const plain = (fest: Festival) => JSON.parse(JSON.stringify({ ...fest.view(), names: [...fest.view().names] }))
    expect(plain(other)).toEqual(plain(f))
    expect(f.view().events.length).toBeGreaterThan(60)
  })

  it("skips a peer's malformed series and keeps the valid ones", () => {
    const f = festival()
    const good = newEntityId(alice.key)
    const bad = [
      parisP2P({ rrule: 'FREQ=MINUTELY' }),
      parisP2P({ rrule: 'FREQ=WEEKLY;BYDAY=1WE' }),
      parisP2P({ rrule: 'FREQ=MONTHLY;COUNT=3' }),
      parisP2P({ start: '2027-02-30T18:30' }),
      parisP2P({ timezone: 'Mars/Olympus' }),
      parisP2P({ duration: 0 }),
      parisP2P({ until: 'June' }),
      parisP2P({ skipped: ['yesterday'] }),
      parisP2P({ moved: { '2027-03-03': { start: 2, end: 1, bookedAt: 0 } } }),
      parisP2P({ template: [{ offset: -5, duration: 10, title: 'x', kind: 'talk' }] }),
    ]
    f.change(alice, (w) => w.setSeries(good, parisP2P()))
    // Our writer refuses them (core/limits.ts); a peer's raw map entries are what the reader must skip.
    for (const s of bad) expect(() => f.change(alice, (w) => w.setSeries(newEntityId(alice.key), s))).toThrow()
    f.doc.transact(() => {
      for (const s of bad) f.doc.getMap(namespaceName(alice.key)).set(`s:${newEntityId(alice.key)}`, s)
    })
    expect(f.view().series.map((s) => s.id)).toEqual([good])
  })

  it('reads at most 100 series per author, the same ones on every replica (the smallest ids)', () => {
    const f = festival()
    const ids = Array.from({ length: 105 }, () => newEntityId(alice.key))
    f.change(alice, (w) => {
      for (const id of [...ids].reverse()) w.setSeries(id, parisP2P({ until: '2027-01-31' }))
    })
    expect(f.view().series.map((s) => s.id).sort()).toEqual([...ids].sort().slice(0, 100))
    expect(f.view().events).toHaveLength(100)
  })

  it("a peer cannot write a series into another author's namespace", () => {
    const f = festival()
    const id = newEntityId(alice.key)
    f.change(alice, (w) => w.setSeries(id, parisP2P()))
    const copy = new Y.Doc()
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(f.doc))
    copy.clientID = bob.clientId
    const before = Y.encodeStateVector(copy)
    copy.getMap(namespaceName(alice.key)).set(`s:${id}`, parisP2P({ title: 'Hijacked' }))
    const forged = Y.encodeStateAsUpdate(copy, before)
    expect(checkNamespace(forged, bob.key, bob.clientId)).toEqual({ violation: 'outside-namespace' })
    // And a series written under someone else's id in one's own namespace is ignored.
    f.change(bob, (w) => w.setSeries(id, parisP2P({ title: 'Shadow' })))
    expect(f.view().series.map((s) => [s.title, s.author])).toEqual([['Paris P2P monthly', alice.key]])
  })

  it('reads the RRULE subset and refuses the rest', () => {
    expect(parseRecur('FREQ=MONTHLY;BYDAY=1WE')).toEqual({ freq: 'MONTHLY', byDay: ['1WE'] })
    expect(parseRecur('FREQ=MONTHLY;BYDAY=-1FR')).toEqual({ freq: 'MONTHLY', byDay: ['-1FR'] })
    expect(parseRecur('FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH')).toEqual({ freq: 'WEEKLY', interval: 2, byDay: ['TU', 'TH'] })
    for (const bad of ['', 'FREQ=HOURLY', 'FREQ=MONTHLY;BYDAY=9WE', 'FREQ=MONTHLY;UNTIL=20270630', 'BYDAY=WE', 'FREQ=DAILY;FREQ=DAILY', 'FREQ=MONTHLY;BYMONTHDAY=0', 'FREQ=MONTHLY;BYHOUR=9']) {
      expect(parseRecur(bad), bad).toBeNull()
    }
    expect(firstOccurrence('FREQ=MONTHLY;BYDAY=1WE', '2027-01-07', '18:30', ZONE)).toBe('2027-02-03T18:30')
    expect(firstOccurrence('FREQ=MONTHLY;BYDAY=-1FR', '2027-01-01', '19:00', ZONE)).toBe('2027-01-29T19:00')
    expect(parseOccurrenceId(`${'a1'.repeat(6)}.abcdefgh@2027-01-06#2`)).toEqual({ series: `${'a1'.repeat(6)}.abcdefgh` as EntityId, date: '2027-01-06', item: 2 })
    expect(parseOccurrenceId('nope@2027-01-06')).toBeNull()
  })
})
