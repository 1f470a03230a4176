/**
 * The iCalendar export of a schedule (RFC 5545), written by ical-generator.
 */
import ical, { ICalEventStatus } from 'ical-generator'
import type { ICalCalendar } from 'ical-generator'
import { Temporal } from 'temporal-polyfill'
import type { EventStatus, EventView, Instant, ScheduleView, SeriesView } from '../types.ts'
import { vtimezone } from './vtimezone.ts'

/** Options of {@link exportIcs}. */
export interface IcsOptions {
  /** DTSTAMP of every event, UTC ms; the current time when absent (pin it for reproducible output). */
  now?: Instant
}

const STATUS: Record<Exclude<EventStatus, 'unscheduled'>, ICalEventStatus> = {
  confirmed: ICalEventStatus.CONFIRMED,
  // Losing a clash means "not settled yet", not "off".
  conflicting: ICalEventStatus.TENTATIVE,
  tentative: ICalEventStatus.TENTATIVE,
  cancelled: ICalEventStatus.CANCELLED,
}

/**
 * The VEVENT fields every scheduled event has (UID `<event id>@yurt`, DTSTART/DTEND as local times of
 * `zone` with its TZID, DTSTAMP `now` in UTC ms, SUMMARY, STATUS, CATEGORIES): for `exportIcs` and the
 * community calendar (`export-mesh.ts`). `e` must have a start and an end.
 */
export function veventFields(e: EventView, zone: string, now: Instant) {
  const at = (instant: Instant) => Temporal.Instant.fromEpochMilliseconds(instant).toZonedDateTimeISO(zone)
  return {
    id: `${e.id}@yurt`,
    start: at(e.start!),
    end: at(e.end!),
    timezone: zone,
    stamp: new Date(now),
    summary: e.title,
    status: STATUS[e.status as Exclude<EventStatus, 'unscheduled'>],
    categories: [{ name: e.kind }],
  }
}

/**
 * The schedule as an iCalendar file: one VEVENT per scheduled event, times as local times of the
 * festival's zone with `TZID`, and a VTIMEZONE for that zone.
 *
 * @returns the text, CRLF line ends, lines folded at 75 octets (RFC 5545 §3.1)
 * @remarks Each VEVENT has UID `<event id>@yurt`, SUMMARY, LOCATION (the venue's name), DESCRIPTION,
 * STATUS (CONFIRMED; TENTATIVE when tentative or losing a clash; CANCELLED) and CATEGORIES (the
 * kind). Unscheduled events are left out. ical-generator writes a JS `Date` given with a zone as if
 * it were wall time, so events get `Temporal.ZonedDateTime`s with their zone, and the VTIMEZONE
 * comes from {@link vtimezone} (the zone's real transitions over the years of the events). The
 * calendar itself gets no zone, only `X-WR-TIMEZONE`, so that DTSTAMP stays UTC (`…Z`).
 *
 * A recurring series is written as a recurring VEVENT (RFC 5545 §3.8.5.3 RRULE, UID
 * `<series id>@yurt`): its DTSTART, the RRULE with `UNTIL` (UTC, the end of its last day), an EXDATE
 * per skipped occurrence, and an overriding VEVENT with the same UID and a RECURRENCE-ID (§3.8.4.4)
 * for each occurrence in the view that was moved or does not hold its slot (TENTATIVE). A series
 * with a programme template gets one such recurring VEVENT per item (UID `<series id>#<n>@yurt`),
 * unless an item starts after midnight, which would put it on another weekday than its rule: then
 * that series is written as its expanded occurrences, one VEVENT each (UID `<event id>@yurt`).
 */
export function exportIcs(view: ScheduleView, options: IcsOptions = {}): string {
  const zone = view.festival.timezone
  const scheduled = view.events.filter((e) => e.start !== null && e.end !== null && e.status !== 'unscheduled')
  const instants = scheduled.flatMap((e) => [e.start!, e.end!])
  const now = options.now ?? Date.now()
  const from = instants.length > 0 ? Math.min(...instants) : now
  const to = instants.length > 0 ? Math.max(...instants) : now

  const cal = ical({
    name: view.festival.name,
    prodId: { company: 'yurt', product: 'yurt', language: 'EN' },
    // No calendar-wide zone: ical-generator would then write DTSTAMP as a wall time without `Z`.
    // The generator still runs for every event's zone.
    timezone: { name: null, generator: (tz) => vtimezone(tz, from, to) },
    x: [['X-WR-TIMEZONE', zone]],
  })
  const expanded = new Set<string>()
  for (const series of view.series) {
    if (!writeSeries(cal, series, view.events.filter((e) => e.occurrence?.series === series.id), now)) expanded.add(series.id)
  }
  for (const e of scheduled) {
    if (e.occurrence && !expanded.has(e.occurrence.series)) continue
    const event = cal.createEvent(veventFields(e, zone, now))
    if (e.venueName) event.location(e.venueName)
    if (e.description) event.description(e.description)
  }
  return calendarPropsFirst(cal.toString())
}

/**
 * RFC 5545 §3.6 (`icalbody = calprops component`): calendar properties before the first component,
 * where ical-generator writes its `x` properties after the components; and §3.1: every content
 * line ends with CRLF, the last one too.
 */
function calendarPropsFirst(text: string): string {
  const lines = text.split('\r\n').filter((l, i, all) => l !== '' || i < all.length - 1)
  const end = lines.lastIndexOf('END:VCALENDAR')
  let lastComponentEnd = -1
  for (let i = end - 1; i >= 0; i--) {
    if (/^END:V/.test(lines[i]!)) {
      lastComponentEnd = i
      break
    }
  }
  const firstComponent = lines.findIndex((l, i) => i > 0 && /^BEGIN:V/.test(l))
  if (lastComponentEnd >= 0 && firstComponent > 0 && lastComponentEnd + 1 < end) {
    const trailing = lines.splice(lastComponentEnd + 1, end - lastComponentEnd - 1)
    lines.splice(firstComponent, 0, ...trailing)
  }
  return lines.join('\r\n') + '\r\n'
}

const ymdhms = (z: Temporal.ZonedDateTime) =>
  z.toPlainDateTime().toString({ smallestUnit: 'second' }).replace(/[-:]/g, '')

/**
 * Writes a series as recurring VEVENTs (see {@link exportIcs}); `false` when it cannot be written
 * so (a template item past midnight), and nothing was written.
 */
function writeSeries(cal: ICalCalendar, s: SeriesView, occurrences: EventView[], now: Instant): boolean {
  const tz = s.timezone
  const dtstart = Temporal.PlainDateTime.from(s.start)
  const items = s.template && s.template.length > 0 ? s.template : [{ offset: 0, duration: s.duration, title: '', kind: s.kind }]
  const startMin = dtstart.hour * 60 + dtstart.minute
  if (items.some((i) => startMin + i.offset >= 24 * 60)) return false
  let until = ''
  if (s.until) {
    const end = Temporal.PlainDate.from(s.until).add({ days: 1 }).toZonedDateTime({ timeZone: tz }).subtract({ seconds: 1 })
    until = `;UNTIL=${end.toInstant().toZonedDateTimeISO('UTC').toPlainDateTime().toString({ smallestUnit: 'second' }).replace(/[-:]/g, '')}Z`
  }
  items.forEach((item, i) => {
    const n = s.template && s.template.length > 0 ? i + 1 : undefined
    const uid = n === undefined ? `${s.id}@yurt` : `${s.id}#${n}@yurt`
    const summary = n === undefined ? s.title : `${s.title}: ${item.title}`
    const first = dtstart.add({ minutes: item.offset }).toZonedDateTime(tz)
    const wall = (date: string) => Temporal.PlainDate.from(date).toPlainDateTime(dtstart.toPlainTime()).add({ minutes: item.offset })
    let rule = `RRULE:${s.rrule}${until}`
    if (s.skipped.length > 0) rule += `\nEXDATE;TZID=${tz}:${s.skipped.map((d) => ymdhms(wall(d).toZonedDateTime(tz))).join(',')}`
    const master = cal.createEvent({
      id: uid,
      start: first,
      end: first.add({ minutes: item.duration }),
      timezone: tz,
      stamp: new Date(now),
      summary,
      status: ICalEventStatus.CONFIRMED,
      categories: [{ name: item.kind }],
      repeating: rule,
    })
    if (s.venueName) master.location(s.venueName)
    if (s.description) master.description(s.description)
    // Overrides: occurrences moved, or not holding their slot.
    for (const e of occurrences) {
      if ((e.occurrence!.item ?? undefined) !== n || e.status === 'cancelled') continue
      if (!e.occurrence!.moved && e.status === 'confirmed') continue
      const o = cal.createEvent({
        id: uid,
        start: Temporal.Instant.fromEpochMilliseconds(e.start!).toZonedDateTimeISO(tz),
        end: Temporal.Instant.fromEpochMilliseconds(e.end!).toZonedDateTimeISO(tz),
        timezone: tz,
        stamp: new Date(now),
        summary: e.title,
        status: STATUS[e.status as Exclude<EventStatus, 'unscheduled'>],
        categories: [{ name: e.kind }],
        recurrenceId: wall(e.occurrence!.date).toZonedDateTime(tz),
      })
      if (e.venueName) o.location(e.venueName)
    }
  })
  return true
}
