/**
 * The iCalendar export of a schedule (RFC 5545), written by ical-generator.
 */
import ical, { ICalEventStatus } from 'ical-generator'
import { Temporal } from 'temporal-polyfill'
import type { EventStatus, Instant, ScheduleView } from '../types.ts'
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
  const at = (instant: Instant) => Temporal.Instant.fromEpochMilliseconds(instant).toZonedDateTimeISO(zone)
  for (const e of scheduled) {
    const event = cal.createEvent({
      id: `${e.id}@yurt`,
      start: at(e.start!),
      end: at(e.end!),
      timezone: zone,
      stamp: new Date(now),
      summary: e.title,
      status: STATUS[e.status as Exclude<EventStatus, 'unscheduled'>],
      categories: [{ name: e.kind }],
    })
    if (e.venueName) event.location(e.venueName)
    if (e.description) event.description(e.description)
  }
  return cal.toString()
}
