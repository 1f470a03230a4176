import { describe, expect, it } from 'vitest'
import { importProgramme } from '../../core/formats/programme.ts'
import { MINUTE, toRfc3339 } from '../../core/time.ts'
import { frabEvent, frabJson, readData } from './helpers.ts'

describe('Chaos Communication Camp 2019 (frab JSON and XML)', () => {
  const json = importProgramme(readData('camp2019/everything.schedule.json'), { file: 'camp.json' })
  const xml = importProgramme(readData('camp2019/everything.schedule.xml'), { file: 'camp.xml' })

  it('guesses both formats and reads the conference', () => {
    expect(json.format).toBe('frab-json')
    expect(xml.format).toBe('frab-xml')
    for (const p of [json, xml]) {
      expect(p.name).toBe('Chaos Communication Camp 2019')
      expect([p.startDate, p.endDate]).toEqual(['2019-08-21', '2019-08-26'])
      expect(p.timezone).toBe('Europe/Berlin') // inferred from +02:00 in August
      expect(p.warnings[0]).toMatch(/no time zone/)
    }
  })

  it('has 606 events and 64 rooms in each', () => {
    expect(json.events).toHaveLength(606)
    expect(xml.events).toHaveLength(606)
    expect(json.venues).toHaveLength(64)
    expect(xml.venues.map((v) => v.name)).toEqual(json.venues.map((v) => v.name))
  })

  it('reads the same events from the XML as from the JSON', () => {
    const key = (p: typeof json) =>
      p.events.map((e) => [e.source, e.title, e.start, e.end, e.venue, e.kind, e.organizers, e.tags, e.language])
    expect(key(xml)).toEqual(key(json))
    expect(xml.events.map((e) => e.description)).toEqual(json.events.map((e) => e.description))
  })

  it('reads the Opening Ceremony', () => {
    for (const p of [json, xml]) {
      const e = p.events.find((x) => x.source === 'frab:10386')!
      expect(e.title).toBe('Opening Ceremony')
      expect(toRfc3339(e.start!, p.timezone)).toBe('2019-08-21T11:00:00+02:00')
      expect(e.end! - e.start!).toBe(30 * MINUTE)
      expect(e.venue).toBe('Curie')
      expect(e.kind).toBe('talk')
      expect(e.organizers).toEqual(['jinxx', 'smtw'])
      expect(e.tags).toEqual(['CCC'])
      expect(e.language).toBe('en')
    }
  })

  it('reads durations written 1:00 and 01:00 alike', () => {
    const text = readData('camp2019/everything.schedule.json')
    const raw = JSON.parse(text).schedule.conference.days.flatMap((d: { rooms: Record<string, unknown[]> }) =>
      Object.values(d.rooms).flat(),
    ) as { id: number; duration: string }[]
    const short = raw.find((e) => e.duration === '1:00')!
    const long = raw.find((e) => e.duration === '01:00')!
    for (const r of [short, long]) {
      const e = json.events.find((x) => x.source === `frab:${r.id}`)!
      expect(e.end! - e.start!).toBe(60 * MINUTE)
    }
  })

  it('keeps repeated ids apart by day', () => {
    expect(new Set(json.events.map((e) => e.source)).size).toBe(606)
    const cadus = json.events.filter((e) => e.title === 'Meet CADUS! Humanitarian Aid goes Open Source').map((e) => e.source)
    expect(cadus).toEqual(['frab:140', 'frab:140@2019-08-22', 'frab:140@2019-08-23', 'frab:140@2019-08-24'])
  })

  it('gives stages a limit of one, villages and rooms that overlap in the file none', () => {
    const limit = (name: string) => json.venues.find((v) => v.name === name)!.concurrent
    expect(limit('Curie')).toBe(1)
    expect(limit('Village:Haecksen')).toBeNull()
    expect(limit('Hackcenter')).toBeNull()
    expect(json.warnings).toContain('room "Hackcenter" holds overlapping events in the file; imported without a limit on concurrent events')
  })

  it('maps frab types to kinds', () => {
    const kindOf = (type: string) => {
      const raw = JSON.parse(readData('camp2019/everything.schedule.json')).schedule.conference.days
        .flatMap((d: { rooms: Record<string, unknown[]> }) => Object.values(d.rooms).flat())
        .find((e: { type: string }) => e.type === type) as { id: number }
      return json.events.find((e) => e.source === `frab:${raw.id}`)!.kind
    }
    expect(kindOf('lecture')).toBe('talk')
    expect(kindOf('Lightning Talk')).toBe('talk')
    expect(kindOf('hands-on')).toBe('workshop')
    expect(kindOf('djset')).toBe('party')
    expect(kindOf('concert')).toBe('concert')
    expect(kindOf('Band')).toBe('concert')
    expect(kindOf('meeting')).toBe('meeting')
    expect(kindOf('game')).toBe('other')
  })

  it('takes the zone from the options over the inferred one', () => {
    const p = importProgramme(readData('camp2019/everything.schedule.json'), { file: 'camp.json', timezone: 'Europe/Amsterdam' })
    expect(p.timezone).toBe('Europe/Amsterdam')
    expect(p.warnings.some((w) => w.includes('no time zone'))).toBe(false)
    expect(p.events[0]!.start).toBe(json.events[0]!.start)
  })
})

describe('Newline 0x09 (frab JSON)', () => {
  const p = importProgramme(readData('newline-2019/schedule.json'), { file: 'newline.json' })
  it('has 29 events in 5 rooms', () => {
    expect(p.format).toBe('frab-json')
    expect(p.name).toBe('Newline 0x09')
    expect(p.events).toHaveLength(29)
    expect(p.venues.map((v) => v.name)).toEqual(['talk room', 'the studio', 'the space', 'foyer', 'outside'])
    const concert = p.events.find((e) => e.source === 'frab:16')!
    expect(concert.kind).toBe('concert')
    expect(toRfc3339(concert.start!, p.timezone)).toBe('2019-04-27T00:00:00+02:00')
  })
})

describe('frab details', () => {
  it('gives a zero duration the conference timeslot, with a warning', () => {
    const p = importProgramme(frabJson([frabEvent({ duration: '00:00' })]), { file: 't.json' })
    expect(p.events[0]!.end! - p.events[0]!.start!).toBe(15 * MINUTE)
    expect(p.warnings.some((w) => w.includes('duration 00:00') && w.includes('1'))).toBe(true)
  })

  it('uses time_zone_name when the file has it', () => {
    const p = importProgramme(frabJson([frabEvent()], { time_zone_name: 'Europe/Brussels' }), { file: 't.json' })
    expect(p.timezone).toBe('Europe/Brussels')
    expect(p.warnings).toEqual([])
  })

  it('falls back to the guid when the id is missing', () => {
    const p = importProgramme(frabJson([frabEvent({ id: undefined })]), { file: 't.json' })
    expect(p.events[0]!.source).toBe('frab:g-1')
  })

  it('keeps unknown types as other with the type as a tag', () => {
    const p = importProgramme(frabJson([frabEvent({ type: 'Juggling', track: 'Fun' })]), { file: 't.json' })
    expect(p.events[0]!.kind).toBe('other')
    expect(p.events[0]!.tags).toEqual(['Fun', 'Juggling'])
    expect(p.warnings.some((w) => w.includes('"Juggling"'))).toBe(true)
  })

  it('infers a fixed-offset zone when no known zone fits', () => {
    const p = importProgramme(frabJson([frabEvent({ date: '2026-08-01T11:00:00+03:00' })]), { file: 't.json' })
    expect(p.timezone).toBe('Europe/Helsinki')
    const q = importProgramme(frabJson([frabEvent({ date: '2026-08-01T11:00:00+11:00' })]), { file: 't.json' })
    expect(q.timezone).toBe('Etc/GMT-11')
  })
})
