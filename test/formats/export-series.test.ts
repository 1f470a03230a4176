/**
 * Recurring series in the exports: iCalendar writes one recurring VEVENT (RRULE, EXDATE,
 * RECURRENCE-ID overrides) that a calendar expands to the same dates as yurt's view; JSON lists the
 * occurrences as events with `series`.
 */
import { describe, expect, it } from 'vitest'
import { RRuleTemporal } from 'rrule-temporal'
import { Temporal } from 'temporal-polyfill'
import { Festival, newGenesis } from '../../core/festival.ts'
import { exportIcs } from '../../core/formats/export-ics.ts'
import { exportJson } from '../../core/formats/export-json.ts'
import { newEntityId } from '../../core/ids.ts'
import { toRfc3339 } from '../../core/time.ts'
import type { AuthorKey, SeriesData } from '../../core/types.ts'
import { prop, readIcs } from './helpers.ts'

const ZONE = 'Europe/Paris'
const NOW = Date.parse('2027-01-01T11:00:00Z')
const alice = { key: 'a1'.repeat(32) as AuthorKey, clientId: 1111 }

function festivalWith(extra: Partial<SeriesData>) {
  const f = new Festival(newGenesis({ name: 'Paris P2P', timezone: ZONE, now: NOW }), undefined, { now: () => NOW })
  const stage = newEntityId(alice.key)
  f.change(alice, (w) => w.setVenue(stage, { name: 'Ground Control', aliases: [], capacity: null, concurrent: null, policy: 'open' }))
  const id = newEntityId(alice.key)
  const series: SeriesData = {
    title: 'Paris P2P monthly',
    kind: 'meetup',
    venue: stage,
    resources: [],
    start: '2027-01-06T18:30',
    timezone: ZONE,
    duration: 210,
    rrule: 'FREQ=MONTHLY;BYDAY=1WE',
    until: '2027-06-30',
    skipped: ['2027-02-03'],
    moved: { '2027-03-03': { start: Date.parse('2027-03-11T17:30:00Z'), end: Date.parse('2027-03-11T21:00:00Z'), bookedAt: 5 } },
    bookedAt: 1,
    ...extra,
  }
  f.change(alice, (w) => w.setSeries(id, series))
  return { f, id }
}

/** The occurrences a calendar application would compute from a master VEVENT, as local starts. */
function calendarDates(vevent: { lines: { name: string; params: Record<string, string>; value: string }[] }): string[] {
  const start = prop(vevent, 'DTSTART')!
  const text = [`DTSTART;TZID=${start.params.TZID}:${start.value}`, `RRULE:${prop(vevent, 'RRULE')!.value}`]
  const ex = prop(vevent, 'EXDATE')
  if (ex) text.push(`EXDATE;TZID=${ex.params.TZID}:${ex.value}`)
  const rule = new RRuleTemporal({ rruleString: text.join('\n') })
  return rule.all((_, i) => i < 50).map((d) => Temporal.ZonedDateTime.from(d.toString()).toPlainDateTime().toString().slice(0, 16))
}

describe('recurring series in the exports', () => {
  it('iCalendar: one recurring VEVENT with RRULE/UNTIL and EXDATE, and a RECURRENCE-ID override for the moved occurrence', () => {
    const { f, id } = festivalWith({})
    const vevents = readIcs(exportIcs(f.view(), { now: NOW })).filter((c) => c.type === 'VEVENT')
    expect(vevents).toHaveLength(2)
    const [master, moved] = vevents as [(typeof vevents)[0], (typeof vevents)[0]]
    expect(prop(master, 'UID')!.value).toBe(`${id}@yurt`)
    expect(prop(master, 'DTSTART')).toMatchObject({ params: { TZID: ZONE }, value: '20270106T183000' })
    expect(prop(master, 'DTEND')!.value).toBe('20270106T220000')
    expect(prop(master, 'RRULE')!.value).toBe('FREQ=MONTHLY;BYDAY=1WE;UNTIL=20270630T215959Z')
    expect(prop(master, 'EXDATE')).toMatchObject({ params: { TZID: ZONE }, value: '20270203T183000' })
    expect(prop(master, 'LOCATION')!.value).toBe('Ground Control')
    expect(prop(moved, 'UID')!.value).toBe(`${id}@yurt`)
    expect(prop(moved, 'RECURRENCE-ID')).toMatchObject({ params: { TZID: ZONE }, value: '20270303T183000' })
    expect(prop(moved, 'DTSTART')!.value).toBe('20270311T183000')
    // A calendar expanding the master gets yurt's dates (the moved one replaced by its override).
    const view = f.view()
    const yurtDates = view.events.filter((e) => e.status !== 'cancelled').map((e) => (e.occurrence!.moved ? `${e.occurrence!.date}T18:30` : toRfc3339(e.start!, ZONE).slice(0, 16)))
    expect(calendarDates(master)).toEqual(yurtDates)
    expect(calendarDates(master)).toEqual(['2027-01-06T18:30', '2027-03-03T18:30', '2027-04-07T18:30', '2027-05-05T18:30', '2027-06-02T18:30'])
  })

  it('iCalendar: a programme template gives one recurring VEVENT per item, at its own local time', () => {
    const template = [
      { offset: 0, duration: 30, title: 'doors', kind: 'other' as const },
      { offset: 30, duration: 30, title: 'talks', kind: 'talk' as const },
    ]
    const { f, id } = festivalWith({ template, moved: {}, skipped: [] })
    const vevents = readIcs(exportIcs(f.view(), { now: NOW })).filter((c) => c.type === 'VEVENT')
    expect(vevents.map((v) => [prop(v, 'UID')!.value, prop(v, 'SUMMARY')!.value, prop(v, 'DTSTART')!.value, prop(v, 'RRULE')!.value])).toEqual([
      [`${id}#1@yurt`, 'Paris P2P monthly: doors', '20270106T183000', 'FREQ=MONTHLY;BYDAY=1WE;UNTIL=20270630T215959Z'],
      [`${id}#2@yurt`, 'Paris P2P monthly: talks', '20270106T190000', 'FREQ=MONTHLY;BYDAY=1WE;UNTIL=20270630T215959Z'],
    ])
  })

  it('iCalendar: an item after midnight falls back to the expanded occurrences', () => {
    const { f, id } = festivalWith({ template: [{ offset: 0, duration: 60, title: 'party', kind: 'party' }, { offset: 330, duration: 60, title: 'after', kind: 'party' }], moved: {}, skipped: [] })
    const vevents = readIcs(exportIcs(f.view(), { now: NOW })).filter((c) => c.type === 'VEVENT')
    expect(vevents.every((v) => prop(v, 'RRULE') === undefined)).toBe(true)
    expect(vevents.map((v) => prop(v, 'UID')!.value)).toContain(`${id}@2027-01-06#2@yurt`)
    expect(vevents).toHaveLength(12)
  })

  it('JSON: the occurrences are events with the series id; the skipped one is cancelled', () => {
    const { f, id } = festivalWith({})
    const json = JSON.parse(exportJson(f.view()))
    expect(json.events.map((e: Record<string, unknown>) => [e.id, e.start, e.status, e.series, e.venue])).toEqual([
      [`${id}@2027-01-06`, '2027-01-06T18:30:00+01:00', 'confirmed', id, 'Ground Control'],
      [`${id}@2027-02-03`, '2027-02-03T18:30:00+01:00', 'cancelled', id, 'Ground Control'],
      [`${id}@2027-03-03`, '2027-03-11T18:30:00+01:00', 'confirmed', id, 'Ground Control'],
      [`${id}@2027-04-07`, '2027-04-07T18:30:00+02:00', 'confirmed', id, 'Ground Control'],
      [`${id}@2027-05-05`, '2027-05-05T18:30:00+02:00', 'confirmed', id, 'Ground Control'],
      [`${id}@2027-06-02`, '2027-06-02T18:30:00+02:00', 'confirmed', id, 'Ground Control'],
    ])
  })
})
