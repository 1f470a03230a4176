/**
 * What the frab importers share: a schedule read into plain records (by `frab-json.ts` or
 * `frab-xml.ts`), turned into an {@link ImportedProgramme}.
 *
 * @remarks frab's schedule export (frab.github.io, also written by pretalx): a conference with days,
 * rooms per day and events per room. Each event's `date` is its start as RFC 3339 with an offset and
 * `duration` is `H:MM` or `HH:MM`. Decisions about its flaws are in `README.md` in this folder.
 */
import { ImportError } from '../errors.ts'
import { MINUTE, isValidTimeZone, offsetMinutes, parseInstant } from '../time.ts'
import type { Instant } from '../types.ts'
import { SourceKeys, kindOf, normalizeName, quote, unique } from './common.ts'
import type { ImportedEvent, ImportedProgramme, ImportedVenue, ImportFormat, ImportOptions } from './programme.ts'

/** A place in the file for errors: the file and a JSONPath or line. */
export type Place = (field?: string) => string

/** A conference as read from either frab format. */
export interface FrabConference {
  title: string
  start?: string
  end?: string
  /** `time_zone_name`, when the file has it. */
  timeZoneName?: string
  /** `timeslot_duration`, such as `00:15`. */
  timeslot?: string
  /** Room names in the order met (every day's rooms, also the empty ones). */
  rooms: string[]
  place: Place
}

/** An event as read from either frab format: strings as written, nothing interpreted yet. */
export interface FrabRecord {
  id?: string
  guid?: string
  /** `date` as written. */
  date?: string
  duration?: string
  /** The room the event is listed under. */
  room: string
  /** The event's own `room` field. */
  roomField?: string
  title: string
  subtitle?: string
  type?: string
  track?: string
  language?: string
  abstract?: string
  description?: string
  persons: string[]
  /** The day it is listed under, `YYYY-MM-DD`. */
  day?: string
  place: Place
}

/** Zones tried, in order, when the file names none: the first whose offsets fit every event is used. */
const CANDIDATE_ZONES = [
  'UTC',
  'Europe/London',
  'Europe/Berlin',
  'Europe/Helsinki',
  'Europe/Moscow',
  'Asia/Dubai',
  'Asia/Kolkata',
  'Asia/Shanghai',
  'Asia/Tokyo',
  'Australia/Sydney',
  'Pacific/Auckland',
  'America/Sao_Paulo',
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Los_Angeles',
  'Africa/Johannesburg',
]

/** The frab timeslot when the file has none. */
const DEFAULT_TIMESLOT = 15 * MINUTE

/**
 * Builds the programme from the records of a frab file.
 *
 * @throws {ImportError} at the record's place when a `date` or `duration` does not parse or is missing
 */
export function buildFrabProgramme(
  format: ImportFormat,
  conf: FrabConference,
  records: FrabRecord[],
  options: ImportOptions,
): ImportedProgramme {
  const warnings: string[] = []
  const fail = (where: string, message: string): never => {
    throw new ImportError(where, message)
  }

  const timeslot = conf.timeslot !== undefined ? parseDuration(conf.timeslot) : DEFAULT_TIMESLOT
  if (timeslot === null) fail(conf.place('timeslot_duration'), `not a duration: "${conf.timeslot}"`)

  // First pass: times, so that the zone can be inferred from the offsets.
  const timed = records.map((rec) => {
    if (rec.date === undefined) fail(rec.place('date'), 'missing')
    const start = parseInstant(rec.date!)
    const offset = /([+-]\d{2}:\d{2}|Z)$/i.exec(rec.date!)?.[1]
    if (start === null || offset === undefined) fail(rec.place('date'), `not an RFC 3339 date-time with an offset: "${rec.date}"`)
    if (rec.duration === undefined) fail(rec.place('duration'), 'missing')
    const duration = parseDuration(rec.duration!)
    if (duration === null) fail(rec.place('duration'), `not a duration (H:MM): "${rec.duration}"`)
    return { rec, start: start!, offset: offset!.toUpperCase() === 'Z' ? 0 : offsetOf(offset!), duration: duration! }
  })

  let timezone: string
  if (options.timezone !== undefined) {
    timezone = options.timezone
  } else if (conf.timeZoneName !== undefined) {
    if (!isValidTimeZone(conf.timeZoneName)) fail(conf.place('time_zone_name'), `unknown time zone "${conf.timeZoneName}"`)
    timezone = conf.timeZoneName
  } else {
    const inferred = inferZone(timed)
    timezone = inferred.zone
    const offsets = unique(timed.map((t) => formatOffset(t.offset))).join(', ')
    warnings.push(
      timed.length === 0
        ? `the file names no time zone and has no events; used UTC`
        : inferred.fits
          ? `the file names no time zone; its offsets (${offsets}) fit ${timezone}, used as the festival's zone`
          : `the file names no time zone and no zone we know has its offsets (${offsets}); used UTC`,
    )
  }

  const sources = new SourceKeys()
  const zeroDuration: string[] = []
  const unknownTypes = new Map<string, number>()
  const untyped: string[] = []
  const events: ImportedEvent[] = []
  const byRoom = new Map<string, { start: Instant; end: Instant }[]>()

  for (const { rec, start, duration } of timed) {
    const id = rec.id ?? rec.guid
    if (id === undefined) fail(rec.place('id'), 'missing (and no guid)')
    const label = `event ${id} ${quote(rec.title)}`
    const { key: source, repeated } = sources.claim(`frab:${id}`, rec.day)
    if (repeated) warnings.push(`${label}: id ${id} is listed again on ${rec.day ?? 'another day'}; imported with source "${source}"`)

    let length = duration
    if (length === 0) {
      length = timeslot!
      zeroDuration.push(id!)
    }
    const end = start + length

    const { kind, known } = kindOf(rec.type)
    if (!known) {
      if (rec.type) unknownTypes.set(rec.type, (unknownTypes.get(rec.type) ?? 0) + 1)
      else untyped.push(id!)
    }
    if (rec.roomField !== undefined && rec.roomField !== rec.room) {
      warnings.push(`${label}: listed under room "${rec.room}" but says room "${rec.roomField}"; kept "${rec.room}"`)
    }
    const tags: string[] = []
    if (rec.track) tags.push(rec.track)
    // An `other` type says nothing the kind does not; any other type of kind `other` is kept as a tag.
    if (kind === 'other' && rec.type && normalizeName(rec.type) !== 'other' && !tags.includes(rec.type)) tags.push(rec.type)

    const event: ImportedEvent = {
      source,
      title: rec.title,
      kind,
      start,
      end,
      venue: rec.room,
      organizers: unique(rec.persons.filter((p) => p !== '')),
      tags,
    }
    const description = [rec.subtitle, rec.abstract, rec.description]
      .map((s) => s?.replace(/\r\n?/g, '\n').trim())
      .filter((s): s is string => !!s)
      .join('\n\n')
    if (description !== '') event.description = description
    if (rec.language) event.language = rec.language
    events.push(event)
    const slots = byRoom.get(rec.room) ?? []
    slots.push({ start, end })
    byRoom.set(rec.room, slots)
  }

  if (zeroDuration.length > 0) {
    warnings.push(
      `${zeroDuration.length} event${zeroDuration.length > 1 ? 's have' : ' has'} duration 00:00; given the conference's timeslot of ${timeslot! / MINUTE} min (events ${zeroDuration.join(', ')})`,
    )
  }
  for (const [type, n] of unknownTypes) warnings.push(`type "${type}" (${n} event${n > 1 ? 's' : ''}) is unknown; imported as kind "other" with the type as a tag`)
  if (untyped.length > 0) warnings.push(`${untyped.length} event${untyped.length > 1 ? 's have' : ' has'} no type; imported as kind "other" (events ${untyped.join(', ')})`)

  const venues: ImportedVenue[] = unique([...conf.rooms, ...records.map((r) => r.room)]).map((name) => {
    let concurrent: number | null = 1
    if (/^village\b/i.test(name)) concurrent = null
    else if (overlaps(byRoom.get(name) ?? [])) {
      concurrent = null
      warnings.push(`room "${name}" holds overlapping events in the file; imported without a limit on concurrent events`)
    }
    return { name, aliases: [], concurrent, capacity: null }
  })

  const programme: ImportedProgramme = { format, name: conf.title, timezone, venues, events, warnings }
  const startDate = dateOf(conf.start)
  if (startDate) programme.startDate = startDate
  const endDate = dateOf(conf.end)
  if (endDate) programme.endDate = endDate
  return programme
}

/** Milliseconds of a frab duration: `1:00`, `01:00`, `0:05`, `01:00:00`; `null` when it is none. */
export function parseDuration(s: string): number | null {
  const m = /^(\d{1,3}):([0-5]\d)(?::([0-5]\d))?$/.exec(s.trim())
  if (!m) return null
  return (Number(m[1]) * 60 + Number(m[2])) * MINUTE + Number(m[3] ?? 0) * 1000
}

function overlaps(slots: { start: Instant; end: Instant }[]): boolean {
  const sorted = [...slots].sort((a, b) => a.start - b.start)
  for (let i = 1; i < sorted.length; i++) if (sorted[i]!.start < sorted[i - 1]!.end) return true
  return false
}

function inferZone(timed: { start: Instant; offset: number }[]): { zone: string; fits: boolean } {
  if (timed.length === 0) return { zone: 'UTC', fits: false }
  const fits = (zone: string) => timed.every((t) => offsetMinutes(zone, t.start) === t.offset)
  const found = CANDIDATE_ZONES.find(fits)
  if (found) return { zone: found, fits: true }
  const first = timed[0]!.offset
  // A fixed offset: IANA's Etc/GMT zones have the sign reversed.
  if (first % 60 === 0 && timed.every((t) => t.offset === first)) return { zone: `Etc/GMT${first > 0 ? '-' : '+'}${Math.abs(first / 60)}`, fits: true }
  return { zone: 'UTC', fits: false }
}

function offsetOf(offset: string): number {
  const m = /^([+-])(\d{2}):(\d{2})$/.exec(offset)
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0
}

function formatOffset(minutes: number): string {
  const a = Math.abs(minutes)
  return `${minutes < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`
}

function dateOf(s: string | undefined): string | undefined {
  const m = s === undefined ? null : /^(\d{4}-\d{2}-\d{2})/.exec(s)
  return m ? m[1] : undefined
}
