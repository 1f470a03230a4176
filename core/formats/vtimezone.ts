/**
 * VTIMEZONE components (RFC 5545 §3.6.5) generated from the runtime's time zone data with Temporal.
 *
 * @remarks No maintained package fits: `@touch4it/ical-timezones` and `timezones-ical-library` ship
 * VTIMEZONEs frozen from an old tzdata release. Here each component lists the zone's actual
 * transitions (one observance per transition, no RRULE) over the years asked for, plus the one in
 * force when the range begins, so it is exact for the dates it covers, whatever rules the zone had.
 * After them come the zone's current rules as yearly RRULEs (as tzdata's zic-derived VTIMEZONEs
 * have them), so that a series without an end is placed right in every later year too: a calendar
 * that honours the file's VTIMEZONE otherwise keeps the last listed offset for ever (an unbounded
 * monthly series in Paris then fell an hour late every summer after the listed years).
 */
import { Temporal } from 'temporal-polyfill'
import type { Instant } from '../types.ts'

/** At most this many observances per component (a runaway guard; real zones have 2 a year). */
const MAX_OBSERVANCES = 400
/** Years over which the derived yearly rules are checked against the zone's real transitions. */
const RULE_CHECK_YEARS = 30

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
  if (t !== null) lines.push(...rules(zone, t))
  lines.push('END:VTIMEZONE')
  return lines.map((l) => `${l}\r\n`).join('')
}

const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const

interface YearlyRule {
  month: number
  /** 1–4 for the nth weekday of the month, -1 for the last. */
  nth: number
  weekday: number
  time: Temporal.PlainTime
}

/** The onset of transition `t` as local time in the offset before it (RFC 5545 §3.6.5 DTSTART). */
function onsetOf(t: Temporal.ZonedDateTime): Temporal.PlainDateTime {
  return t.toInstant().toZonedDateTimeISO(t.subtract({ nanoseconds: 1 }).offset).toPlainDateTime()
}

function ruleOf(onset: Temporal.PlainDateTime): YearlyRule {
  const last = onset.day + 7 > onset.daysInMonth
  return { month: onset.month, nth: last ? -1 : Math.ceil(onset.day / 7), weekday: onset.dayOfWeek, time: onset.toPlainTime() }
}

/** The local onset a yearly rule gives in `year`. */
function onsetIn(rule: YearlyRule, year: number): Temporal.PlainDateTime {
  const first = Temporal.PlainDate.from({ year, month: rule.month, day: 1 })
  let day: Temporal.PlainDate
  if (rule.nth > 0) day = first.add({ days: ((rule.weekday - first.dayOfWeek + 7) % 7) + 7 * (rule.nth - 1) })
  else {
    const end = first.with({ day: first.daysInMonth })
    day = end.subtract({ days: (end.dayOfWeek - rule.weekday + 7) % 7 })
  }
  return day.toPlainDateTime(rule.time)
}

/**
 * The observances from transition `next` on, as yearly RRULEs: the zone's rules as they stand,
 * each checked against its real transitions over {@link RULE_CHECK_YEARS} years. A zone whose
 * transitions follow no such rule gets them listed one by one over those years instead.
 */
function rules(zone: string, next: Temporal.ZonedDateTime): string[] {
  const pair = [next, next.getTimeZoneTransition('next')].filter((x): x is Temporal.ZonedDateTime => x !== null)
  const derived = pair.length === 2 && pair[1]!.year - pair[0]!.year <= 1 ? pair.map((t) => ({ t, rule: ruleOf(onsetOf(t)) })) : null
  // Check: the real transitions after `next`, year by year, are where the two rules put them.
  let ok = derived !== null && derived[0]!.rule.month !== derived[1]!.rule.month
  const real: Temporal.ZonedDateTime[] = []
  let cursor: Temporal.ZonedDateTime | null = next
  const horizon = next.year + RULE_CHECK_YEARS
  for (let n = 0; cursor !== null && cursor.year < horizon && n < MAX_OBSERVANCES; n++) {
    real.push(cursor)
    cursor = cursor.getTimeZoneTransition('next')
  }
  if (ok) {
    for (const t of real) {
      const onset = onsetOf(t)
      const match = derived!.find((d) => d.rule.month === onset.month)
      if (!match || !onsetIn(match.rule, onset.year).equals(onset)) {
        ok = false
        break
      }
    }
  }
  const observance = (t: Temporal.ZonedDateTime, rrule?: string) => {
    const before = t.subtract({ nanoseconds: 1 })
    const standard = Math.min(offsetAt(zone, t.year, 1), offsetAt(zone, t.year, 7))
    const type = t.offsetNanoseconds > standard ? 'DAYLIGHT' : 'STANDARD'
    const out = [`BEGIN:${type}`, `DTSTART:${basic(onsetOf(t))}`, `TZOFFSETFROM:${ical(before.offset)}`, `TZOFFSETTO:${ical(t.offset)}`]
    if (rrule) out.push(rrule)
    const name = shortName(zone, t.epochMilliseconds)
    if (name) out.push(`TZNAME:${name}`)
    out.push(`END:${type}`)
    return out
  }
  if (!ok) return real.flatMap((t) => observance(t))
  return derived!.flatMap(({ t, rule }) => observance(t, `RRULE:FREQ=YEARLY;BYMONTH=${rule.month};BYDAY=${rule.nth}${WEEKDAYS[rule.weekday - 1]}`))
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
