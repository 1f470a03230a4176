/**
 * Importer for the Paris P2P Festival's programme JSON (`data/festival/events_en.json`, `events_fr.json`
 * of github.com/parisp2p/p2p.paris).
 *
 * @remarks
 * Shape: an array of days `{ title, id, date, events: [{ id, k, k_label, t_start, t_end, location, orga,
 * title, description, language, … }] }`. The file's times are wall-clock times in Paris whose written
 * offset is often wrong (`+02:00` in January): we read the wall-clock part and place it in the
 * festival's zone. The zones come from the festival's legend (`data/legend/festival-0.yaml`). Every
 * repair is a warning; see `README.md` in this folder.
 */
import { ImportError } from '../errors.ts'
import { HOUR, addDays, instantAt, offsetMinutes } from '../time.ts'
import type { Instant } from '../types.ts'
import { SourceKeys, kindOf, normalizeName, quote, unique } from './common.ts'
import { child, jsonReader, type JsonObject } from './json-reader.ts'
import type { ImportedEvent, ImportedProgramme, ImportedVenue, ImportOptions } from './programme.ts'

/** The zones of the festival's legend: name, other spellings, and how many events each holds at once. */
const ZONES: readonly { name: string; aliases: string[]; concurrent: number | null }[] = [
  { name: 'Village', aliases: [], concurrent: null },
  { name: 'Scène', aliases: ['Scene', 'Stage'], concurrent: 1 },
  { name: 'P2P Art Zone', aliases: [], concurrent: null },
  { name: 'Avion', aliases: ['Airplane', 'Plane'], concurrent: 1 },
  { name: 'Hackzone & Workshops', aliases: ['Hackzone'], concurrent: null },
  { name: 'P2P Meetup Zone', aliases: ['P2P Meet-up Zone', 'P2P Meet-up'], concurrent: null },
  { name: 'Conférence', aliases: ['Conference'], concurrent: 1 },
  { name: 'Projection', aliases: ['Screening'], concurrent: 1 },
]

/** Editions we know the name of, by first day. */
const EDITIONS: Record<string, string> = { '2020-01-08': 'Paris P2P Festival #0' }

/** Used when an event has a start but no end. */
const DEFAULT_DURATION = HOUR

const TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}(?::\d{2})?)(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/
const PLACEHOLDER = /^(tba|tbd|tbc|n\/?a|-|\?+)?$/i

/**
 * Reads a parsed Paris P2P programme.
 *
 * @throws {ImportError} naming the JSONPath of the first field that cannot be read
 */
export function importParisP2p(data: unknown, options: ImportOptions): ImportedProgramme {
  const r = jsonReader(options.file)
  const zone = options.timezone ?? 'Europe/Paris'
  const warnings: string[] = []
  const days = r.array(data, '$')
  if (days.length === 0) r.fail('$', 'no days')

  const venues = new Map<string, ImportedVenue>() // by venue name
  const spellings = new Map<string, { venue: string; events: string[] }>() // location as written → venue
  const wrongOffset: string[] = []
  const sources = new SourceKeys()
  const events: ImportedEvent[] = []
  const dates: string[] = []

  const venueFor = (location: string, label: string): string => {
    const seen = spellings.get(location)
    if (seen) {
      seen.events.push(label)
      return seen.venue
    }
    const zoneOf = (s: string) => ZONES.find((z) => [z.name, ...z.aliases].some((n) => normalizeName(n) === normalizeName(s)))
    // "Hackzone (Le Décanteur)", "Village (entre la boutique …)": a known zone with a detail.
    const bare = location.replace(/\s*\([^)]*\)\s*$/, '')
    const known = zoneOf(location) ?? (bare !== location ? zoneOf(bare) : undefined)
    const name = known?.name ?? location
    let venue = venues.get(name)
    if (!venue) {
      venue = known
        ? { name, aliases: [...known.aliases], concurrent: known.concurrent, capacity: null }
        : { name, aliases: [], concurrent: /zone|village/i.test(location) ? null : 1, capacity: null }
      venues.set(name, venue)
      if (!known) warnings.push(`location "${location}" is not one of the festival's zones: imported as a venue of its own`)
    }
    if (location !== name && !venue.aliases.includes(location)) venue.aliases.push(location)
    spellings.set(location, { venue: name, events: [label] })
    return name
  }

  days.forEach((dayValue, d) => {
    const dayPath = child('$', d)
    const day = r.object(dayValue, dayPath)
    const dayDate = r.optString(day, 'date', dayPath)
    if (dayDate !== undefined) {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(dayDate) || !validDay(dayDate)) r.fail(child(dayPath, 'date'), `not a date: "${dayDate}"`)
      dates.push(dayDate)
    }
    const list = r.array(day['events'], child(dayPath, 'events'))
    list.forEach((eventValue, i) => {
      const path = child(child(dayPath, 'events'), i)
      const e = r.object(eventValue, path)
      const id = r.optId(e, 'id', path) ?? r.fail(child(path, 'id'), 'missing')
      if (typeof e['title'] !== 'string') r.string(e, 'title', path) // throws: missing or not a string
      let title = (e['title'] as string).trim()
      if (title === '') {
        const firstLine = r.optString(e, 'description', path)?.split('\n')[0]?.trim()
        title = firstLine && firstLine.length <= 120 ? firstLine : `Untitled ${r.optString(e, 'k', path) ?? 'event'}`
        warnings.push(`event ${id}: empty title; titled ${quote(title)} after its description`)
      }
      const label = `event ${id} ${quote(title)}`
      const { key: source, repeated } = sources.claim(`paris-p2p:${id}`, dayDate)
      if (repeated) warnings.push(`${label}: id ${id} is used twice in the file; imported with source "${source}"`)

      const rawKind = r.optString(e, 'k', path)
      const { kind, known } = kindOf(rawKind)
      if (!known) warnings.push(`${label}: ${rawKind ? `kind "${rawKind}" is unknown` : 'no kind'}; imported as "other"`)
      const kindLabel = r.optString(e, 'k_label', path)
      const tags = unique(
        [rawKind, kindLabel].filter((t): t is string => t !== undefined && normalizeName(t) !== normalizeName(kind)).map((t) => t.toLowerCase()),
      )

      // Times: wall clock in the festival's zone, whatever offset is written.
      const start = wallClock(e, 't_start', path)
      const end = wallClock(e, 't_end', path)
      let startAt: Instant | null = null
      let endAt: Instant | null = null
      if (start === null) {
        warnings.push(`${label}: no start time ("${String(e['t_start'] ?? '')}"); imported unscheduled`)
      } else {
        startAt = at(start, zone, child(path, 't_start'))
        if (start.offset && start.offset !== 'Z' && offsetOf(start.offset) !== offsetMinutes(zone, startAt)) wrongOffset.push(id)
        if (dayDate && start.day !== dayDate) {
          warnings.push(`${label}: listed under ${dayDate} but starts on ${start.day}; kept the start time as written`)
        }
        if (end === null) {
          endAt = startAt + DEFAULT_DURATION
          warnings.push(`${label}: no end time ("${String(e['t_end'] ?? '')}"); given one hour`)
        } else {
          endAt = at(end, zone, child(path, 't_end'))
          if (endAt < startAt && end.day === start.day) {
            endAt = at({ ...end, day: addDays(end.day, 1) }, zone, child(path, 't_end'))
            warnings.push(`${label}: ends at ${end.time} on its start day, before it starts; moved the end to the next day`)
          }
          if (endAt === startAt) {
            endAt = startAt + DEFAULT_DURATION
            warnings.push(`${label}: ends when it starts; given one hour`)
          }
          if (endAt < startAt) r.fail(child(path, 't_end'), `ends (${String(e['t_end'])}) before it starts (${String(e['t_start'])})`)
        }
      }

      const location = r.optString(e, 'location', path)
      let venue: string | null = null
      if (location === undefined || PLACEHOLDER.test(location)) {
        warnings.push(`${label}: no place ("${location ?? ''}"); imported without a venue`)
      } else {
        venue = venueFor(location, label)
      }

      const orga = r.optString(e, 'orga', path)
      const event: ImportedEvent = {
        source,
        title,
        kind,
        start: startAt,
        end: endAt,
        venue,
        organizers: orga ? splitOrganizers(orga) : [],
        tags,
      }
      const description = r.optString(e, 'description', path)
      if (description !== undefined) event.description = description
      const language = r.optString(e, 'language', path)
      if (language !== undefined) event.language = language
      events.push(event)
    })
  })
  if (events.length === 0) r.fail('$', 'no events')

  if (wrongOffset.length > 0) {
    const sample = wrongOffset.length > 12 ? `${wrongOffset.slice(0, 12).join(', ')} …` : wrongOffset.join(', ')
    warnings.unshift(
      `${wrongOffset.length} events carry a UTC offset that ${zone} does not have on their date; read their wall-clock times in ${zone} (events ${sample})`,
    )
  }
  for (const [spelling, { venue, events: evs }] of spellings) {
    if (spelling !== venue) warnings.push(`location "${spelling}" (${evs.length} event${evs.length > 1 ? 's' : ''}) is the zone "${venue}"; kept as an alias`)
  }

  const sorted = [...dates].sort()
  const programme: ImportedProgramme = {
    format: 'paris-p2p',
    name: (sorted[0] && EDITIONS[sorted[0]]) ?? 'Paris P2P Festival',
    timezone: zone,
    venues: [...venues.values()],
    events,
    warnings,
  }
  if (sorted[0]) programme.startDate = sorted[0]
  const last = sorted[sorted.length - 1]
  if (last) programme.endDate = last
  return programme

  function wallClock(e: JsonObject, key: string, path: string): { day: string; time: string; offset?: string } | null {
    const v = e[key]
    if (v === undefined || v === null) return null
    if (typeof v !== 'string') r.fail(child(path, key), `expected a string, found ${typeof v}`)
    const s = (v as string).trim()
    if (PLACEHOLDER.test(s)) return null
    const m = TIME.exec(s)
    if (!m) r.fail(child(path, key), `not a date-time: "${s}"`)
    const [, day, time, offset] = m as RegExpExecArray
    return offset ? { day: day!, time: time!, offset } : { day: day!, time: time! }
  }
  function at(t: { day: string; time: string }, tz: string, path: string): Instant {
    try {
      if (!validDay(t.day)) throw new RangeError(`no such day ${t.day}`)
      return instantAt(t.day, t.time, tz)
    } catch (err) {
      throw new ImportError(`${options.file}: ${path}`, `not a date-time: "${t.day}T${t.time}"`, { cause: err })
    }
  }
}

/** Splits `A / B` and `A + TBA` into organisers; leaves `A & B - Org` whole (often one organisation). */
function splitOrganizers(orga: string): string[] {
  return unique(
    orga
      .split(/\s+[/+]\s+/)
      .map((s) => s.trim())
      .filter((s) => s !== '' && !PLACEHOLDER.test(s)),
  )
}

function offsetOf(offset: string): number {
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(offset)
  if (!m) return 0
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]))
}

function validDay(day: string): boolean {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number]
  const date = new Date(Date.UTC(y, m - 1, d))
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d
}
