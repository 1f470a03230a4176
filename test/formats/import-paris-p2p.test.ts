import { describe, expect, it } from 'vitest'
import { importProgramme } from '../../core/formats/programme.ts'
import { toRfc3339 } from '../../core/time.ts'
import { readData } from './helpers.ts'

const ZONE = 'Europe/Paris'
const iso = (t: number | null) => (t === null ? null : toRfc3339(t, ZONE))

describe('Paris P2P Festival #0 (events_en.json)', () => {
  const p = importProgramme(readData('paris-p2p/festival-0/events_en.json'), { file: 'events_en.json' })
  const bySource = (s: string) => p.events.find((e) => e.source === s)!

  it('is recognised and named', () => {
    expect(p.format).toBe('paris-p2p')
    expect(p.name).toBe('Paris P2P Festival #0')
    expect(p.timezone).toBe(ZONE)
    expect([p.startDate, p.endDate]).toEqual(['2020-01-08', '2020-01-12'])
  })

  it('has 64 events: 58 scheduled, 6 unscheduled (TBA)', () => {
    expect(p.events).toHaveLength(64)
    const unscheduled = p.events.filter((e) => e.start === null)
    expect(unscheduled.map((e) => e.source)).toEqual([
      'paris-p2p:9',
      'paris-p2p:17',
      'paris-p2p:22',
      'paris-p2p:23',
      'paris-p2p:30',
      'paris-p2p:53',
    ])
    expect(unscheduled.every((e) => e.end === null)).toBe(true)
    expect(p.events.filter((e) => e.start !== null)).toHaveLength(58)
    for (const e of p.events) if (e.start !== null) expect(e.end!).toBeGreaterThan(e.start)
  })

  it('reads the wall-clock times in Paris, ignoring the wrong +02:00', () => {
    const e = bySource('paris-p2p:1')
    expect(e.title).toBe('Talks + FFA')
    expect(iso(e.start)).toBe('2020-01-08T18:30:00+01:00')
    expect(iso(e.end)).toBe('2020-01-08T23:00:00+01:00')
    expect(e.kind).toBe('meetup')
    expect(p.warnings.some((w) => w.includes('58 events carry a UTC offset'))).toBe(true)
  })

  it('moves an end after midnight to the next day', () => {
    const e = bySource('paris-p2p:5')
    expect(e.title).toBe('DJ Set Hiphop/Soul/Funk')
    expect(iso(e.start)).toBe('2020-01-08T20:00:00+01:00')
    expect(iso(e.end)).toBe('2020-01-09T00:30:00+01:00')
    expect(e.kind).toBe('party')
    const moved = p.warnings.filter((w) => w.includes('moved the end to the next day'))
    expect(moved).toHaveLength(3) // events 5, 31 and 50: the only ones in this snapshot
  })

  it('makes Avion and Airplane one venue, a stage', () => {
    const avion = p.venues.find((v) => v.name === 'Avion')!
    expect(avion.aliases).toContain('Airplane')
    expect(avion.concurrent).toBe(1)
    expect(p.venues.some((v) => v.name === 'Airplane')).toBe(false)
    expect(bySource('paris-p2p:5').venue).toBe('Avion') // written "Avion"
    expect(bySource('paris-p2p:19').venue).toBe('Avion') // written "Airplane"
  })

  it('gives zones of many stands no limit and rooms a limit of one', () => {
    const limit = Object.fromEntries(p.venues.map((v) => [v.name, v.concurrent]))
    expect(limit).toEqual({
      'P2P Meetup Zone': null,
      Conférence: 1,
      Avion: 1,
      'P2P Art Zone': null,
      Village: null,
      Projection: 1,
      'Hackzone & Workshops': null,
    })
    expect(p.venues.find((v) => v.name === 'Hackzone & Workshops')!.aliases).toContain('Hackzone (Le Décanteur)')
  })

  it('keeps sources unique when an id repeats, and gives a start without an end one hour', () => {
    const sources = p.events.map((e) => e.source)
    expect(new Set(sources).size).toBe(64)
    const hackathon = bySource('paris-p2p:22@2020-01-10')
    expect(hackathon.title).toBe('Hackathon & Workshops')
    expect(hackathon.kind).toBe('workshop')
    expect(hackathon.tags).toContain('hackathon')
    expect(iso(hackathon.start)).toBe('2020-01-10T18:00:00+01:00')
    expect(iso(hackathon.end)).toBe('2020-01-10T19:00:00+01:00')
  })

  it('trusts the start date over the day an event is listed under, and says so', () => {
    expect(iso(bySource('paris-p2p:43').start)).toBe('2020-01-12T13:00:00+01:00')
    expect(p.warnings.filter((w) => w.includes('listed under'))).toHaveLength(3)
  })

  it('splits organisers only on " / " and " + ", dropping TBA', () => {
    expect(bySource('paris-p2p:44').organizers).toEqual(['Lionel Maurel'])
    expect(bySource('paris-p2p:42').organizers).toEqual([
      'Adrien Berthou - Genesis DAO, FestDAO',
      'Nicholas G.S. Saul - Sciences Po',
    ])
    expect(bySource('paris-p2p:26').organizers).toEqual(['Alice & Marguerite'])
  })

  it('leaves the place of an event at "TBA" empty', () => {
    expect(bySource('paris-p2p:22').venue).toBeNull()
  })
})

describe('Paris P2P Festival #0 (events_fr.json)', () => {
  const en = importProgramme(readData('paris-p2p/festival-0/events_en.json'), { file: 'events_en.json' })
  const fr = importProgramme(readData('paris-p2p/festival-0/events_fr.json'), { file: 'events_fr.json' })

  it('has the same sources, times and venues as the English file', () => {
    const key = (p: typeof en) => p.events.map((e) => [e.source, e.start, e.end, e.venue])
    expect(key(fr)).toEqual(key(en))
    expect(fr.venues.map((v) => v.name).sort()).toEqual(en.venues.map((v) => v.name).sort())
  })

  it('titles an event with an empty title after its description', () => {
    const e = fr.events.find((x) => x.source === 'paris-p2p:44')!
    expect(e.title).toBe('Open Science et Open Education, quelles prospectives pour 2020?')
    expect(fr.warnings.some((w) => w.startsWith('event 44: empty title'))).toBe(true)
  })

  it('reads the long Village spelling as the Village', () => {
    expect(fr.venues.find((v) => v.name === 'Village')!.aliases).toContain(
      'Village (entre la boutique de plante et la tête de l’avion)',
    )
  })
})

describe('Paris P2P with a zone given', () => {
  it('places the wall-clock times in that zone', () => {
    const text = JSON.stringify([
      { date: '2020-07-01', events: [{ id: '1', k: 'talk', title: 'T', t_start: '2020-07-01T10:00:00+02:00', t_end: '2020-07-01T11:00:00+02:00', location: 'Conférence' }] },
    ])
    const p = importProgramme(text, { file: 'x.json', timezone: 'America/New_York' })
    expect(p.timezone).toBe('America/New_York')
    expect(toRfc3339(p.events[0]!.start!, 'America/New_York')).toBe('2020-07-01T10:00:00-04:00')
  })
})
