/**
 * Test helpers for formats: a hand-built ScheduleView, the shipped sample programmes, a tiny iCalendar reader.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Festival, newGenesis } from '../../core/festival.ts'
import { newEntityId } from '../../core/ids.ts'
import type {
  AuthorKey,
  EventId,
  EventView,
  FestivalId,
  ResourceView,
  ScheduleView,
  VenueId,
  VenueView,
} from '../../core/types.ts'

/** The real programmes shipped in the repository's `examples/` (sources and licences in its README). */
export const EXAMPLES = join(import.meta.dirname, '../../examples')
/** A file of `examples/`, as text. */
export const readData = (path: string) => readFileSync(join(EXAMPLES, path), 'utf8')

export const alice = 'a11ce0000000000000000000000000000000000000000000000000000000000a' as AuthorKey
export const bob = 'b0b0000000000000000000000000000000000000000000000000000000000000' as AuthorKey
export const carol = 'ca201000000000000000000000000000000000000000000000000000000000cc' as AuthorKey

/** An entity id of `author`: its 12-digit prefix, a dot, 8 base32 characters. */
export const idOf = (author: AuthorKey, suffix: string) => `${author.slice(0, 12)}.${suffix.padEnd(8, 'a')}` as EventId

/** A venue with defaults. */
export function venue(partial: Partial<VenueView> & { name: string }): VenueView {
  return {
    id: idOf(alice, partial.name.toLowerCase().replace(/[^a-z2-7]/g, '').slice(0, 8)) as VenueId,
    host: alice,
    aliases: [],
    capacity: null,
    concurrent: 1,
    policy: 'open',
    ...partial,
  }
}

/** A resource with defaults. */
export function resource(partial: Partial<ResourceView> & { name: string }): ResourceView {
  return { id: idOf(bob, partial.name.toLowerCase().replace(/[^a-z2-7]/g, '').slice(0, 8)), owner: bob, count: 1, ...partial }
}

/** An event with defaults (scheduled, confirmed, by alice). */
export function event(partial: Partial<EventView> & { title: string; id: EventId }): EventView {
  return {
    author: alice,
    authorName: 'Alice',
    kind: 'talk',
    start: null,
    end: null,
    venue: null,
    venueName: null,
    resources: [],
    resourceNames: [],
    organizers: [],
    tags: [],
    state: 'scheduled',
    bookedAt: 0,
    status: partial.start == null ? 'unscheduled' : 'confirmed',
    clashes: [],
    going: [],
    maybe: [],
    waiting: [],
    limit: null,
    ...partial,
  }
}

/** A schedule view of a festival in `timezone`. */
export function scheduleView(parts: {
  timezone?: string
  name?: string
  venues?: VenueView[]
  resources?: ResourceView[]
  events?: EventView[]
  names?: [AuthorKey, string][]
}): ScheduleView {
  return {
    festival: {
      v: 1,
      id: 'fest0fest0fest0fest0fest0fest0fe' as FestivalId,
      name: parts.name ?? 'Paris P2P Festival #0',
      timezone: parts.timezone ?? 'Europe/Paris',
      createdAt: 0,
      nonce: '00'.repeat(16),
    },
    venues: parts.venues ?? [],
    resources: parts.resources ?? [],
    series: [],
    horizon: { from: '2020-01-01', to: '2020-12-31' },
    events: parts.events ?? [],
    names: new Map(parts.names ?? []),
  }
}

/** One content line of an iCalendar file: name, parameters, value. */
export interface IcsLine {
  name: string
  params: Record<string, string>
  value: string
}

/** Unfolds RFC 5545 lines (CRLF followed by a space or tab continues the line). */
export function unfold(text: string): string[] {
  return text.replace(/\r\n[ \t]/g, '').split('\r\n').filter((l) => l !== '')
}

/** Reads an iCalendar file into its components (`VEVENT`, `VTIMEZONE`, `STANDARD` …), each a list of lines. */
export function readIcs(text: string): { type: string; lines: IcsLine[] }[] {
  const out: { type: string; lines: IcsLine[] }[] = []
  const stack: { type: string; lines: IcsLine[] }[] = []
  for (const raw of unfold(text)) {
    let colon = -1
    for (let i = 0, quoted = false; i < raw.length && colon === -1; i++) {
      if (raw[i] === '"') quoted = !quoted
      else if (raw[i] === ':' && !quoted) colon = i
    }
    const head = raw.slice(0, colon)
    const value = raw.slice(colon + 1)
    const [name, ...params] = head.split(';')
    if (name === 'BEGIN') {
      const c = { type: value, lines: [] }
      stack.push(c)
      out.push(c)
    } else if (name === 'END') {
      stack.pop()
    } else {
      stack[stack.length - 1]!.lines.push({
        name: name!,
        params: Object.fromEntries(params.map((p) => p.split('=') as [string, string])),
        value,
      })
    }
  }
  return out
}

/** The first property `name` of a component. */
export function prop(c: { lines: IcsLine[] }, name: string): IcsLine | undefined {
  return c.lines.find((l) => l.name === name)
}

/** A small frab schedule in JSON. */
export function frabJson(events: Record<string, unknown>[], conference: Record<string, unknown> = {}): string {
  return JSON.stringify({
    schedule: {
      version: '1',
      conference: {
        acronym: 't',
        title: 'Test Camp',
        start: '2026-08-01',
        end: '2026-08-02',
        timeslot_duration: '00:15',
        days: [{ index: 1, date: '2026-08-01', rooms: { Curie: events, 'talk room': [] } }],
        ...conference,
      },
    },
  })
}

/** A frab event with defaults. */
export function frabEvent(partial: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 1,
    guid: 'g-1',
    date: '2026-08-01T11:00:00+02:00',
    start: '11:00',
    duration: '00:30',
    room: 'Curie',
    title: 'Hello',
    type: 'lecture',
    track: null,
    language: 'en',
    abstract: '',
    description: '',
    persons: [{ id: 1, public_name: 'alice' }],
    ...partial,
  }
}

/**
 * Paris P2P's monthly meetup as a festival: an unbounded series on the first Wednesday at 18:30
 * Paris time (2 h 30) at Ground Control, from January 2027, by `alice` (a writer with a client id).
 */
export function monthlySeries(): { f: Festival; alice: { key: AuthorKey; clientId: number }; venue: VenueId; now: number } {
  const writer = { key: 'a1'.repeat(32) as AuthorKey, clientId: 1111 }
  const now = Date.parse('2027-01-01T11:00:00Z')
  const f = new Festival(newGenesis({ name: 'Paris P2P', timezone: 'Europe/Paris', now }), undefined, { now: () => now })
  const venue = newEntityId(writer.key) as VenueId
  f.change(writer, (w) => w.setVenue(venue, { name: 'Ground Control', aliases: [], capacity: null, concurrent: null, policy: 'open' }))
  f.change(writer, (w) =>
    w.setSeries(newEntityId(writer.key), {
      title: 'Paris P2P monthly',
      kind: 'meetup',
      venue,
      resources: [],
      start: '2027-01-06T18:30',
      timezone: 'Europe/Paris',
      duration: 150,
      rrule: 'FREQ=MONTHLY;BYDAY=1WE',
      skipped: [],
      moved: {},
      bookedAt: 1,
    }),
  )
  return { f, alice: writer, venue, now }
}
