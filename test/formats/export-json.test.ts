import { describe, expect, it } from 'vitest'
import { exportJson } from '../../core/formats/export-json.ts'
import { instantAt } from '../../core/time.ts'
import type { ResourceId, VenueId } from '../../core/types.ts'
import { alice, bob, carol, event, idOf, resource, scheduleView, venue } from './helpers.ts'

const Z = 'Europe/Paris'
const at = (day: string, time: string) => instantAt(day, time, Z)

describe('exportJson', () => {
  const avion = venue({ name: 'Avion', aliases: ['Airplane'], concurrent: 1, capacity: 200 })
  const village = venue({ name: 'Village', concurrent: null })
  const gone = venue({ name: 'Attic', removed: true })
  const projector = resource({ name: 'Projector', count: 2 })
  const oldPa = resource({ name: 'Old PA', removed: true })
  const view = scheduleView({
    venues: [village, gone, avion],
    resources: [oldPa, projector],
    names: [
      [alice, 'Alice'],
      [bob, 'Bob'],
    ],
    events: [
      event({ id: idOf(alice, 'unsched'), title: 'Barter', kind: 'stand' }),
      event({
        id: idOf(alice, 'djset22'),
        title: 'DJ Set',
        kind: 'party',
        start: at('2020-01-08', '20:00'),
        end: at('2020-01-09', '00:30'),
        venue: avion.id as VenueId,
        venueName: 'Avion',
        resources: [projector.id as ResourceId],
        resourceNames: ['Projector'],
        organizers: ['La Cuniculaire', 'Alice'],
        description: 'Vinyl only',
        capacity: 150,
        going: [carol, bob],
        maybe: [alice],
        status: 'confirmed',
      }),
      event({
        id: idOf(bob, 'talks222'),
        author: bob,
        authorName: 'Bob',
        title: 'Talks + FFA',
        kind: 'meetup',
        start: at('2020-01-08', '18:30'),
        end: at('2020-01-08', '23:00'),
        status: 'cancelled',
        state: 'cancelled',
      }),
      event({
        id: idOf(alice, 'clash222'),
        title: 'DJ Set',
        kind: 'party',
        start: at('2020-01-08', '20:00'),
        end: at('2020-01-08', '21:00'),
        venue: avion.id as VenueId,
        venueName: 'Avion',
        status: 'conflicting',
      }),
    ],
  })

  it('writes the documented contract, sorted, pretty-printed with a trailing newline', () => {
    const expected = {
      festival: { id: 'fest0fest0fest0fest0fest0fest0fe', name: 'Paris P2P Festival #0', timezone: 'Europe/Paris' },
      venues: [
        { id: avion.id, name: 'Avion', aliases: ['Airplane'], capacity: 200, concurrent: 1 },
        { id: village.id, name: 'Village', aliases: [], capacity: null, concurrent: null },
      ],
      resources: [{ id: projector.id, name: 'Projector', count: 2 }],
      events: [
        {
          id: idOf(bob, 'talks222'),
          title: 'Talks + FFA',
          kind: 'meetup',
          start: '2020-01-08T18:30:00+01:00',
          end: '2020-01-08T23:00:00+01:00',
          venue: null,
          resources: [],
          organizers: ['Bob'],
          description: null,
          capacity: null,
          going: [],
          maybe: [],
          status: 'cancelled',
          series: null,
          limit: null,
          goingCount: 0,
          waitingCount: 0,
        },
        {
          id: idOf(alice, 'clash222'),
          title: 'DJ Set',
          kind: 'party',
          start: '2020-01-08T20:00:00+01:00',
          end: '2020-01-08T21:00:00+01:00',
          venue: 'Avion',
          resources: [],
          organizers: ['Alice'],
          description: null,
          capacity: null,
          going: [],
          maybe: [],
          status: 'conflicting',
          series: null,
          limit: null,
          goingCount: 0,
          waitingCount: 0,
        },
        {
          id: idOf(alice, 'djset22'),
          title: 'DJ Set',
          kind: 'party',
          start: '2020-01-08T20:00:00+01:00',
          end: '2020-01-09T00:30:00+01:00',
          venue: 'Avion',
          resources: ['Projector'],
          organizers: ['Alice', 'La Cuniculaire'],
          description: 'Vinyl only',
          capacity: 150,
          going: ['Bob', 'ca201000'],
          maybe: ['Alice'],
          status: 'confirmed',
          series: null,
          limit: null,
          goingCount: 2,
          waitingCount: 0,
        },
        {
          id: idOf(alice, 'unsched'),
          title: 'Barter',
          kind: 'stand',
          start: null,
          end: null,
          venue: null,
          resources: [],
          organizers: ['Alice'],
          description: null,
          capacity: null,
          going: [],
          maybe: [],
          status: 'unscheduled',
          series: null,
          limit: null,
          goingCount: 0,
          waitingCount: 0,
        },
      ],
      proposals: [],
    }
    const text = exportJson(view)
    expect(text).toBe(`${JSON.stringify(expected, null, 2)}\n`)
    expect(Object.keys(JSON.parse(text).events[0])).toEqual([
      'id', 'title', 'kind', 'start', 'end', 'venue', 'resources', 'organizers', 'description', 'capacity', 'going', 'maybe', 'status', 'series', 'limit', 'goingCount', 'waitingCount',
    ])
  })

  it('writes summer times with the summer offset', () => {
    const summer = scheduleView({
      events: [event({ id: idOf(alice, 'summer22'), title: 'Fête', start: at('2020-06-21', '21:00'), end: at('2020-06-21', '23:00') })],
    })
    const e = JSON.parse(exportJson(summer)).events[0]
    expect([e.start, e.end]).toEqual(['2020-06-21T21:00:00+02:00', '2020-06-21T23:00:00+02:00'])
  })

  it('is the same text for the same view', () => {
    expect(exportJson(view)).toBe(exportJson(view))
  })
})
