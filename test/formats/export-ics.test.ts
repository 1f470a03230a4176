import { describe, expect, it } from 'vitest'
import { exportIcs } from '../../core/formats/export-ics.ts'
import { importProgramme } from '../../core/formats/programme.ts'
import { vtimezone } from '../../core/formats/vtimezone.ts'
import { instantAt } from '../../core/time.ts'
import type { EventView, VenueId } from '../../core/types.ts'
import { alice, event, idOf, prop, readData, readIcs, scheduleView, unfold, venue } from './helpers.ts'

const Z = 'Europe/Paris'
const at = (day: string, time: string, zone = Z) => instantAt(day, time, zone)
const NOW = Date.UTC(2026, 10, 20, 12, 0, 0)

describe('exportIcs', () => {
  const stage = venue({ name: 'Conférence' })
  const long = 'Pour la première fois, une expérimentation de démocratie participative a lieu en France au niveau national; '.repeat(3)
  const view = scheduleView({
    venues: [stage],
    events: [
      event({
        id: idOf(alice, 'talk2222'),
        title: 'P2P and the Commons',
        start: at('2020-01-08', '19:00'),
        end: at('2020-01-08', '19:30'),
        venue: stage.id as VenueId,
        venueName: 'Conférence',
        description: long,
      }),
      event({
        id: idOf(alice, 'summer22'),
        title: 'Fête de la musique',
        kind: 'concert',
        start: at('2020-06-21', '21:00'),
        end: at('2020-06-22', '01:00'),
        status: 'tentative',
      }),
      event({ id: idOf(alice, 'cancel22'), title: 'Gone', start: at('2020-01-09', '10:00'), end: at('2020-01-09', '11:00'), status: 'cancelled' }),
      event({ id: idOf(alice, 'clash222'), title: 'Clash', start: at('2020-01-09', '10:00'), end: at('2020-01-09', '11:00'), status: 'conflicting' }),
      event({ id: idOf(alice, 'unsched2'), title: 'Barter' }),
    ],
  })
  const text = exportIcs(view, { now: NOW })
  const components = readIcs(text)
  const vevents = components.filter((c) => c.type === 'VEVENT')
  const byTitle = (title: string) => vevents.find((c) => prop(c, 'SUMMARY')?.value === title)!

  it('is a folded RFC 5545 calendar', () => {
    expect(text.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true)
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true) // RFC 5545 §3.1: the last line ends with CRLF too
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75)
    expect(text).toMatch(/\r\n /) // the long description was folded
    expect(prop(byTitle('P2P and the Commons'), 'DESCRIPTION')!.value).toContain('une expérimentation de démocratie')
  })

  it('has a VTIMEZONE for Europe/Paris with STANDARD and DAYLIGHT', () => {
    const tz = components.find((c) => c.type === 'VTIMEZONE')!
    expect(prop(tz, 'TZID')!.value).toBe('Europe/Paris')
    const daylight = components.filter((c) => c.type === 'DAYLIGHT')
    const standard = components.filter((c) => c.type === 'STANDARD')
    expect(daylight.length).toBeGreaterThan(0)
    expect(standard.length).toBeGreaterThan(0)
    const spring = daylight.find((c) => prop(c, 'DTSTART')!.value === '20200329T020000')!
    expect([prop(spring, 'TZOFFSETFROM')!.value, prop(spring, 'TZOFFSETTO')!.value]).toEqual(['+0100', '+0200'])
    const autumn = standard.find((c) => prop(c, 'DTSTART')!.value === '20201025T030000')!
    expect([prop(autumn, 'TZOFFSETFROM')!.value, prop(autumn, 'TZOFFSETTO')!.value]).toEqual(['+0200', '+0100'])
    // The observance in force on the first event: the autumn before.
    expect(standard.some((c) => prop(c, 'DTSTART')!.value === '20191027T030000')).toBe(true)
  })

  it('writes local times with TZID, summer ones in summer time', () => {
    expect(unfold(text)).toContain('DTSTART;TZID=Europe/Paris:20200108T190000')
    const summer = byTitle('Fête de la musique')
    expect(prop(summer, 'DTSTART')).toEqual({ name: 'DTSTART', params: { TZID: 'Europe/Paris' }, value: '20200621T210000' })
    expect(prop(summer, 'DTEND')).toEqual({ name: 'DTEND', params: { TZID: 'Europe/Paris' }, value: '20200622T010000' })
  })

  it('names, places, categorises and gives each event a status', () => {
    const talk = byTitle('P2P and the Commons')
    expect(prop(talk, 'UID')!.value).toBe(`${idOf(alice, 'talk2222')}@yurt`)
    expect(prop(talk, 'LOCATION')!.value).toBe('Conférence')
    expect(prop(talk, 'CATEGORIES')!.value).toBe('talk')
    expect(prop(talk, 'STATUS')!.value).toBe('CONFIRMED')
    // Regression: with a calendar-wide zone, ical-generator wrote DTSTAMP as the system's wall time without `Z`.
    expect(prop(talk, 'DTSTAMP')!.value).toBe('20261120T120000Z')
    expect(prop(byTitle('Fête de la musique'), 'STATUS')!.value).toBe('TENTATIVE')
    expect(prop(byTitle('Gone'), 'STATUS')!.value).toBe('CANCELLED')
    expect(prop(byTitle('Clash'), 'STATUS')!.value).toBe('TENTATIVE')
    expect(prop(byTitle('Fête de la musique'), 'LOCATION')).toBeUndefined()
  })

  it('leaves unscheduled events out', () => {
    expect(vevents).toHaveLength(4)
    expect(vevents.some((c) => prop(c, 'SUMMARY')!.value === 'Barter')).toBe(false)
  })

  it('is the same text for the same view and time', () => {
    expect(exportIcs(view, { now: NOW })).toBe(text)
  })

  it('gives a zone without daylight saving a single STANDARD observance', () => {
    const tokyo = vtimezone('Asia/Tokyo', at('2024-05-01', '10:00', 'Asia/Tokyo'), at('2024-05-02', '10:00', 'Asia/Tokyo'))
    const c = readIcs(tokyo)
    expect(c.map((x) => x.type)).toEqual(['VTIMEZONE', 'STANDARD'])
    expect(prop(c[1]!, 'TZOFFSETTO')!.value).toBe('+0900')
    const utc = readIcs(vtimezone('UTC', 0, 0))
    expect(prop(utc[1]!, 'DTSTART')!.value).toBe('19700101T000000')
  })
})

describe('Paris P2P imported, then exported as iCalendar', () => {
  it('keeps the wall-clock times', () => {
    const p = importProgramme(readData('paris-p2p/festival-0/events_en.json'), { file: 'events_en.json' })
    const events: EventView[] = p.events.map((e, i) =>
      event({
        id: idOf(alice, `e${String(i).padStart(7, 'a')}`.replace(/[^a-z2-7]/g, 'b')),
        title: e.title,
        kind: e.kind,
        start: e.start,
        end: e.end,
        venueName: e.venue,
      }),
    )
    const ics = readIcs(exportIcs(scheduleView({ timezone: p.timezone, events }), { now: NOW }))
    const vevents = ics.filter((c) => c.type === 'VEVENT')
    expect(vevents).toHaveLength(58)
    const ffa = vevents.find((c) => prop(c, 'SUMMARY')!.value === 'Talks + FFA')!
    expect(prop(ffa, 'DTSTART')).toEqual({ name: 'DTSTART', params: { TZID: 'Europe/Paris' }, value: '20200108T183000' })
    const dj = vevents.filter((c) => prop(c, 'SUMMARY')!.value === 'DJ Set Hiphop/Soul/Funk')
    expect(dj.map((c) => prop(c, 'DTEND')!.value)).toContain('20200109T003000')
  })
})
