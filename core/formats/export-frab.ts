/**
 * The frab schedule export (JSON and XML), the format conference apps read: Giggity, ConfClerk,
 * EventFahrplan, matrix-org/conference-bot.
 *
 * @remarks Written to validate against the schemas the c3voc schedule tools publish
 * (`validator/json/schema.json` and `validator/xsd/schedule.xml.xsd` in `voc/schedule`; copies in
 * `test/fixtures/frab/`, where the tests validate every shipped programme). Both files come from one
 * {@link FrabSchedule}, so they say the same. Decisions (`README.md` in this folder, "frab export"):
 *
 * - A frab **day** is a festival day that runs from 04:00 to 04:00 local time, as the camps count
 *   them: an event starting at 01:00 on Saturday is listed under Friday. Every date from the first
 *   day to the last is listed, also the empty ones; `day_start`/`day_end` are the first start and
 *   the last end of its events (04:00 to 04:00 for an empty day).
 * - Unscheduled and cancelled events are left out (frab has no status); conflicting and tentative
 *   ones are listed, in their room. Occurrences of series are events like any other.
 * - **id**: an imported event keeps the number of its source (`frab:10400` → 10400), others get a
 *   number from their yurt id (SHA-256, 31 bits, so apps that read it as a 32-bit int are safe);
 *   a number already taken moves to the next free one. **guid**: a UUID version 5 (RFC 9562 §5.5)
 *   of the festival id and the event id. Both stay the same across exports.
 * - **persons**: an imported event's speakers; an event booked in chat, its author then its other
 *   organisers. **type**: the kind (`talk`, `workshop`, …); an event of kind `other` whose tags hold
 *   its imported type writes that type back. **track**: the first tag. The description goes into
 *   `description`, `abstract` stays empty (the importer joins subtitle, abstract and description).
 * - An event without a venue is listed under the room “No venue”.
 */
import { sha1 as nobleSha1 } from '@noble/hashes/legacy.js'
import { sha256, toHex, utf8 } from '../bytes.ts'
import { YurtError } from '../errors.ts'
import { MINUTE, addDays, dayOf, instantAt, toRfc3339, zoned } from '../time.ts'
import type { EventView, Instant, ScheduleView } from '../types.ts'

/** Options of {@link frabSchedule}, {@link exportFrabJson} and {@link exportFrabXml}. */
export interface FrabOptions {
  /** Where the schedule is published, an absolute `http(s)` URL: written as `base_url`. */
  baseUrl?: string
  /** An event's public page (absolute URL), when there is one; else its `url` is `urn:uuid:<guid>`. */
  eventUrl?: (event: EventView) => string | undefined
  /** Written as `generator`. */
  generator?: { name: string; version: string }
}

/** A frab event, as both writers write it. Times are local to the festival's zone. */
export interface FrabEvent {
  id: number
  guid: string
  /** Start, RFC 3339 with the zone's offset. */
  date: string
  /** Start, `HH:MM` local. */
  start: string
  /** `HH:MM` (hours may pass 24). */
  duration: string
  room: string
  slug: string
  url: string
  title: string
  subtitle: string
  track: string | null
  type: string
  language: string
  abstract: string
  description: string
  persons: string[]
}

/** A frab day: `date` is `YYYY-MM-DD`, `start`/`end` RFC 3339, `index` from 1. */
export interface FrabDay {
  index: number
  date: string
  start: string
  end: string
  /** Room name → events by start, every room of the festival (also empty ones). */
  rooms: Map<string, FrabEvent[]>
}

/** The schedule both writers share. */
export interface FrabSchedule {
  /** Changes whenever anything in the schedule does (a hash of it). */
  version: string
  baseUrl?: string
  generator?: { name: string; version: string }
  conference: {
    acronym: string
    title: string
    /** `YYYY-MM-DD`, the first and last day. */
    start: string
    end: string
    daysCount: number
    /** `HH:MM`: the largest of 15, 10, 5, 1 minutes that divides every start and duration. */
    timeslot: string
    timeZoneName: string
    rooms: { name: string; guid: string }[]
  }
  days: FrabDay[]
}

/** Thrown when the festival has nothing a frab schedule could hold. */
export class FrabExportError extends YurtError {
  override readonly name = 'FrabExportError'
}

/** The hour a festival day starts, local time (events before it belong to the day before). */
export const DAY_CHANGE = '04:00'
/** The room of events without a venue. */
export const NO_VENUE = 'No venue'
/** The namespace of yurt's UUIDs (a random UUID, fixed once). */
const NAMESPACE = '5b0e8c63-9a7f-4f53-8d2e-3c1c57a4e1f6'

/**
 * The festival as a frab schedule, for {@link exportFrabJson} and {@link exportFrabXml}.
 *
 * @throws {FrabExportError} when no event is scheduled (a frab schedule needs at least one day)
 */
export function frabSchedule(view: ScheduleView, options: FrabOptions = {}): FrabSchedule {
  const zone = view.festival.timezone
  const events = view.events.filter((e) => e.start !== null && e.end !== null && e.status !== 'cancelled' && e.status !== 'unscheduled')
  if (events.length === 0) {
    throw new FrabExportError(`“${view.festival.name}” has no scheduled event; a frab schedule needs at least one day`)
  }
  const acronym = acronymOf(view.festival.name, view.festival.id)

  const roomNames = new Map<string, string>()
  const rooms: { name: string; guid: string }[] = []
  for (const v of [...view.venues].filter((v) => !v.removed).sort((a, b) => a.name.localeCompare(b.name, 'en') || (a.id < b.id ? -1 : 1))) {
    let name = v.name
    for (let n = 2; rooms.some((r) => r.name === name); n++) name = `${v.name} (${n})`
    roomNames.set(v.id, name)
    rooms.push({ name, guid: uuid5(`${view.festival.id}/venue/${v.id}`) })
  }
  const roomOf = (e: EventView) => (e.venue !== null ? roomNames.get(e.venue) : undefined) ?? NO_VENUE
  if (events.some((e) => roomOf(e) === NO_VENUE) && !rooms.some((r) => r.name === NO_VENUE)) {
    rooms.push({ name: NO_VENUE, guid: uuid5(`${view.festival.id}/venue/none`) })
  }

  const numbers = assignIds(events)
  const festivalDay = (instant: Instant) => {
    const z = zoned(instant, zone)
    const date = dayOf(instant, zone)
    return `${String(z.hour).padStart(2, '0')}:${String(z.minute).padStart(2, '0')}` < DAY_CHANGE ? addDays(date, -1) : date
  }
  const sorted = [...events].sort((a, b) => a.start! - b.start! || a.title.localeCompare(b.title, 'en') || (a.id < b.id ? -1 : 1))
  const first = festivalDay(sorted[0]!.start!)
  const last = sorted.reduce((d, e) => (festivalDay(e.start!) > d ? festivalDay(e.start!) : d), first)

  const days: FrabDay[] = []
  for (let date = first, index = 1; date <= last; date = addDays(date, 1), index++) {
    days.push({ index, date, start: '', end: '', rooms: new Map(rooms.map((r) => [r.name, []])) })
  }
  const byDate = new Map(days.map((d) => [d.date, d]))
  const bounds = new Map<string, { start: Instant; end: Instant }>()
  for (const e of sorted) {
    const date = festivalDay(e.start!)
    const day = byDate.get(date)!
    const id = numbers.get(e.id)!
    const guid = uuid5(`${view.festival.id}/event/${e.id}`)
    const local = zoned(e.start!, zone)
    day.rooms.get(roomOf(e))!.push({
      id,
      guid,
      date: toRfc3339(e.start!, zone),
      start: `${String(local.hour).padStart(2, '0')}:${String(local.minute).padStart(2, '0')}`,
      duration: hhmm(e.end! - e.start!),
      room: roomOf(e),
      slug: slugOf(acronym, id, e.title),
      url: options.eventUrl?.(e) ?? `urn:uuid:${guid}`,
      title: e.title,
      subtitle: '',
      track: e.tags[0] ?? null,
      type: e.kind === 'other' ? (e.tags[1] ?? 'other') : e.kind,
      language: e.language ?? '',
      abstract: '',
      description: e.description ?? '',
      persons: e.source !== undefined ? [...e.organizers] : [...new Set([e.authorName, ...e.organizers])],
    })
    const b = bounds.get(date)
    bounds.set(date, { start: Math.min(b?.start ?? Infinity, e.start!), end: Math.max(b?.end ?? -Infinity, e.end!) })
  }
  for (const day of days) {
    const b = bounds.get(day.date) ?? { start: instantAt(day.date, DAY_CHANGE, zone), end: instantAt(addDays(day.date, 1), DAY_CHANGE, zone) }
    day.start = toRfc3339(b.start, zone)
    day.end = toRfc3339(b.end, zone)
  }

  const schedule: FrabSchedule = {
    version: '',
    conference: {
      acronym,
      title: view.festival.name,
      start: first,
      end: last,
      daysCount: days.length,
      timeslot: hhmm(timeslotOf(events, zone)),
      timeZoneName: zone,
      rooms,
    },
    days,
  }
  if (options.baseUrl !== undefined) schedule.baseUrl = options.baseUrl
  if (options.generator !== undefined) schedule.generator = options.generator
  // Every field but the version itself, rooms in order.
  const content = JSON.stringify({ ...schedule, days: days.map((d) => ({ ...d, rooms: [...d.rooms] })) })
  schedule.version = toHex(sha256(utf8(content))).slice(0, 12)
  return schedule
}

/**
 * The schedule as frab JSON (`{ schedule: { version, base_url, conference: { …, days: [{ rooms: {
 * <room>: [event…] } }] } } }`), pretty-printed with two spaces and a trailing newline.
 *
 * @throws {FrabExportError} as {@link frabSchedule}
 */
export function exportFrabJson(view: ScheduleView, options: FrabOptions = {}): string {
  const s = frabSchedule(view, options)
  const c = s.conference
  const out: Record<string, unknown> = {}
  if (s.generator !== undefined) out['generator'] = s.generator
  out['schedule'] = {
    version: s.version,
    ...(s.baseUrl !== undefined ? { base_url: s.baseUrl } : {}),
    conference: {
      acronym: c.acronym,
      title: c.title,
      start: c.start,
      end: c.end,
      daysCount: c.daysCount,
      timeslot_duration: c.timeslot,
      time_zone_name: c.timeZoneName,
      rooms: c.rooms,
      days: s.days.map((d) => ({
        index: d.index,
        date: d.date,
        day_start: d.start,
        day_end: d.end,
        rooms: Object.fromEntries(
          [...d.rooms].map(([room, list]) => [
            room,
            list.map((e) => ({
              id: e.id,
              guid: e.guid,
              date: e.date,
              start: e.start,
              duration: e.duration,
              room: e.room,
              slug: e.slug,
              url: e.url,
              title: e.title,
              subtitle: e.subtitle,
              track: e.track,
              type: e.type,
              language: e.language,
              abstract: e.abstract,
              description: e.description,
              // `name` (pretalx) with frab's `public_name` for older readers; no `id`, so that the
              // schema's oneOf sees a pretalx person only.
              persons: e.persons.map((name) => ({ name, public_name: name })),
              links: [],
            })),
          ]),
        ),
      })),
    },
  }
  return `${JSON.stringify(out, null, 2)}\n`
}

/**
 * The schedule as frab XML (`<schedule><version/><conference/><day><room><event id guid>…`), UTF-8,
 * two-space indentation, a trailing newline.
 *
 * @throws {FrabExportError} as {@link frabSchedule}
 */
export function exportFrabXml(view: ScheduleView, options: FrabOptions = {}): string {
  const s = frabSchedule(view, options)
  const c = s.conference
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<schedule>']
  const el = (indent: number, name: string, text: string) => lines.push(`${'  '.repeat(indent)}<${name}>${xmlText(text)}</${name}>`)
  if (s.generator !== undefined) lines.push(`  <generator name="${xmlAttr(s.generator.name)}" version="${xmlAttr(s.generator.version)}"/>`)
  el(1, 'version', s.version)
  lines.push('  <conference>')
  el(2, 'acronym', c.acronym)
  el(2, 'title', c.title)
  el(2, 'start', c.start)
  el(2, 'end', c.end)
  el(2, 'days', String(c.daysCount))
  el(2, 'timeslot_duration', c.timeslot)
  if (s.baseUrl !== undefined && /^https?:\/\//.test(s.baseUrl)) el(2, 'base_url', s.baseUrl)
  el(2, 'time_zone_name', c.timeZoneName)
  lines.push('  </conference>')
  for (const d of s.days) {
    lines.push(`  <day index="${d.index}" date="${d.date}" start="${d.start}" end="${d.end}">`)
    for (const [room, list] of d.rooms) {
      if (list.length === 0) {
        lines.push(`    <room name="${xmlAttr(room)}"/>`)
        continue
      }
      lines.push(`    <room name="${xmlAttr(room)}">`)
      for (const e of list) {
        lines.push(`      <event id="${e.id}" guid="${e.guid}">`)
        el(4, 'date', e.date)
        el(4, 'start', e.start)
        el(4, 'duration', e.duration)
        el(4, 'room', e.room)
        el(4, 'slug', e.slug)
        if (/^https?:\/\//.test(e.url)) el(4, 'url', e.url)
        el(4, 'title', e.title)
        el(4, 'subtitle', e.subtitle)
        el(4, 'track', e.track ?? '')
        el(4, 'type', e.type)
        if (e.language !== '') el(4, 'language', e.language)
        el(4, 'abstract', e.abstract)
        el(4, 'description', e.description)
        if (e.persons.length === 0) lines.push('        <persons/>')
        else {
          lines.push('        <persons>')
          for (const p of e.persons) el(5, 'person', p)
          lines.push('        </persons>')
        }
        lines.push('        <links/>')
        lines.push('      </event>')
      }
      lines.push('    </room>')
    }
    lines.push('  </day>')
  }
  lines.push('</schedule>')
  return `${lines.join('\n')}\n`
}

/** `HH:MM` of a length in ms, rounded down to the minute. */
function hhmm(ms: number): string {
  const minutes = Math.floor(ms / MINUTE)
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`
}

/** The largest of 15, 10, 5 and 1 minutes that divides every event's local start and length, in ms. */
function timeslotOf(events: EventView[], zone: string): number {
  const minutes = events.flatMap((e) => {
    const z = zoned(e.start!, zone)
    return [z.hour * 60 + z.minute, Math.floor((e.end! - e.start!) / MINUTE)]
  })
  return ([15, 10, 5].find((slot) => minutes.every((m) => m % slot === 0)) ?? 1) * MINUTE
}

/**
 * frab ids: the number of an imported event's source when it has one and it is free, else 31 bits
 * of the SHA-256 of the yurt id (1 … 2³¹−1), moved to the next free number when taken. Sources are
 * given first, then the others in id order, so that a number does not depend on the events' times.
 */
function assignIds(events: EventView[]): Map<string, number> {
  const MAX = 2 ** 31 - 1
  const taken = new Set<number>()
  const out = new Map<string, number>()
  const rest: EventView[] = []
  for (const e of [...events].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    const n = /^[a-z0-9-]+:(\d{1,9})$/.exec(e.source ?? '')?.[1]
    const id = n !== undefined ? Number(n) : 0
    if (id >= 1 && !taken.has(id)) {
      taken.add(id)
      out.set(e.id, id)
    } else rest.push(e)
  }
  for (const e of rest) {
    const h = sha256(utf8(e.id))
    let id = ((((h[0]! << 24) | (h[1]! << 16) | (h[2]! << 8) | h[3]!) >>> 0) % MAX) + 1
    while (taken.has(id)) id = (id % MAX) + 1
    taken.add(id)
    out.set(e.id, id)
  }
  return out
}

/**
 * The conference's acronym: the name in lower-case ASCII letters, digits and `_` (the schema's
 * pattern `^[a-z0-9_-][a-z0-9_]{3,}…$` allows no inner hyphen), or `yurt_<id>` when fewer than four
 * such characters remain.
 */
export function acronymOf(name: string, festivalId: string): string {
  const a = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 40)
    .replace(/_+$/, '')
  return a.length >= 4 ? a : `yurt_${festivalId.toLowerCase().replace(/[^a-z0-9]/g, '').slice(0, 8)}`
}

/** `<acronym>-<id>-<title in lower-case ASCII>`, at most 80 characters, ending in a letter or digit. */
function slugOf(acronym: string, id: number, title: string): string {
  const words = title
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
  return `${acronym}-${id}${words ? `-${words}` : ''}`.slice(0, 80).replace(/[^a-z0-9]+$/, '')
}

/** A name-based UUID, version 5 (RFC 9562 §5.5: SHA-1 of the namespace's 16 bytes and the name). */
export function uuid5(name: string, namespace = NAMESPACE): string {
  const ns = Uint8Array.from(namespace.replace(/-/g, '').match(/../g)!.map((b) => parseInt(b, 16)))
  const text = utf8(name)
  const input = new Uint8Array(ns.length + text.length)
  input.set(ns)
  input.set(text, ns.length)
  const h = nobleSha1(input).slice(0, 16)
  h[6] = (h[6]! & 0x0f) | 0x50
  h[8] = (h[8]! & 0x3f) | 0x80
  const hex = toHex(h)
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

/** Characters XML 1.0 cannot hold (§2.2 Char), removed from text and attributes. */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

function xmlText(s: string): string {
  return s.replace(NOT_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;')
}

function xmlAttr(s: string): string {
  return xmlText(s).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;')
}
