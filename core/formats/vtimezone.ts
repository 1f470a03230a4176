/**
 * VTIMEZONE components (RFC 5545 §3.6.5) generated from the runtime's time zone data with Temporal.
 *
 * @remarks No maintained package fits: `@touch4it/ical-timezones` and `timezones-ical-library` ship
 * VTIMEZONEs frozen from an old tzdata release. Here each component lists the zone's actual
 * transitions (one observance per transition, no RRULE) over the years asked for, plus the one in
 * force when the range begins, so it is exact for the dates it covers, whatever rules the zone had.
 */
import { Temporal } from 'temporal-polyfill'
import type { Instant } from '../types.ts'

/** At most this many observances per component (a runaway guard; real zones have 2 a year). */
const MAX_OBSERVANCES = 400

/**
 * The VTIMEZONE of `zone` covering the calendar years of `from` to `to` (UTC ms), lines joined by
 * CRLF and ending with CRLF, unfolded (the calendar writer folds).
 *
 * @remarks An observance whose offset is above the lower of the year's January and July offsets is
 * a DAYLIGHT one, any other is STANDARD. Each DTSTART is the local time at which it begins, in the
 * offset before it (TZOFFSETFROM), as RFC 5545 asks.
 */
export function vtimezone(zone: string, from: Instant, to: Instant): string {
  const first = Temporal.Instant.fromEpochMilliseconds(Math.min(from, to)).toZonedDateTimeISO(zone)
  const last = Temporal.Instant.fromEpochMilliseconds(Math.max(from, to)).toZonedDateTimeISO(zone)
  const rangeStart = Temporal.PlainDate.from({ year: first.year, month: 1, day: 1 }).toZonedDateTime({ timeZone: zone })
  const rangeEnd = Temporal.PlainDate.from({ year: last.year + 1, month: 1, day: 1 }).toZonedDateTime({ timeZone: zone })

  const lines = ['BEGIN:VTIMEZONE', `TZID:${zone}`, `X-LIC-LOCATION:${zone}`]
  // The transition in force at the start of the range, then every one inside it.
  let t: Temporal.ZonedDateTime | null = rangeStart.add({ nanoseconds: 1 }).getTimeZoneTransition('previous')
  if (t === null) {
    const offset = rangeStart.offset
    lines.push('BEGIN:STANDARD', `DTSTART:19700101T000000`, `TZOFFSETFROM:${ical(offset)}`, `TZOFFSETTO:${ical(offset)}`)
    const name = shortName(zone, rangeStart.epochMilliseconds)
    if (name) lines.push(`TZNAME:${name}`)
    lines.push('END:STANDARD')
  }
  for (let n = 0; t !== null && n < MAX_OBSERVANCES && Temporal.ZonedDateTime.compare(t, rangeEnd) < 0; n++) {
    const before = t.subtract({ nanoseconds: 1 })
    const year = t.year
    const standard = Math.min(offsetAt(zone, year, 1), offsetAt(zone, year, 7))
    const type = t.offsetNanoseconds > standard ? 'DAYLIGHT' : 'STANDARD'
    // Onset as local time in the offset before the change: the instant seen with the old offset.
    const onset = t.toInstant().toZonedDateTimeISO(before.offset).toPlainDateTime()
    lines.push(`BEGIN:${type}`, `DTSTART:${basic(onset)}`, `TZOFFSETFROM:${ical(before.offset)}`, `TZOFFSETTO:${ical(t.offset)}`)
    const name = shortName(zone, t.epochMilliseconds)
    if (name) lines.push(`TZNAME:${name}`)
    lines.push(`END:${type}`)
    t = t.getTimeZoneTransition('next')
  }
  lines.push('END:VTIMEZONE')
  return lines.map((l) => `${l}\r\n`).join('')
}

function offsetAt(zone: string, year: number, month: number): number {
  return Temporal.PlainDate.from({ year, month, day: 1 }).toZonedDateTime({ timeZone: zone }).offsetNanoseconds
}

/** `+01:00` → `+0100`; `+05:30:15` keeps its seconds (`+053015`). */
function ical(offset: string): string {
  return offset.replace(/:/g, '')
}

function basic(p: Temporal.PlainDateTime): string {
  const pad = (n: number, w = 2) => String(n).padStart(w, '0')
  return `${pad(p.year, 4)}${pad(p.month)}${pad(p.day)}T${pad(p.hour)}${pad(p.minute)}${pad(p.second)}`
}

/** The zone's abbreviation at an instant (`CET`, `BST`) when the platform knows a real one. */
function shortName(zone: string, at: Instant): string | undefined {
  try {
    const part = new Intl.DateTimeFormat('en-GB', { timeZone: zone, timeZoneName: 'short' })
      .formatToParts(at)
      .find((p) => p.type === 'timeZoneName')?.value
    return part && /^[A-Z]{2,6}$/.test(part) ? part : undefined
  } catch {
    return undefined
  }
}
