/**
 * Time in a festival's zone: instants (UTC ms) in, wall-clock days and times out, and back.
 *
 * @remarks
 * All stored times are absolute instants; the festival's IANA zone is applied here and only here
 * (DESIGN.md, "Time"). Temporal (temporal-polyfill) does the zone arithmetic, so daylight-saving
 * changes are right: `offsetMinutes` is what chrono-node needs, because chrono ignores IANA names.
 */
import { Temporal } from 'temporal-polyfill'
import { BoundedMap } from './bounded-map.ts'
import type { Instant } from './types.ts'

/**
 * Results of the pure zone conversions below, by their arguments. Temporal's polyfill takes tens of
 * µs per conversion and a reply formats the same few hundred starts and days again and again; the
 * maps are bounded so a long-running bot's memory is too.
 */
const MEMO_LIMIT = 50_000
function memo<T>(cache: BoundedMap<string, T>, key: string, make: () => T): T {
  const hit = cache.get(key)
  if (hit !== undefined) return hit
  const v = make()
  cache.set(key, v)
  return v
}
const dayMemo = new BoundedMap<string, string>(MEMO_LIMIT)
const timeMemo = new BoundedMap<string, string>(MEMO_LIMIT)
const labelMemo = new BoundedMap<string, string>(MEMO_LIMIT)
const instantMemo = new BoundedMap<string, Instant>(MEMO_LIMIT)
const calendarMemo = new BoundedMap<string, string | number>(MEMO_LIMIT)

/** Whether `zone` is an IANA time zone name Temporal knows (or `UTC`). */
export function isValidTimeZone(zone: string): boolean {
  try {
    Temporal.Now.zonedDateTimeISO(zone)
    return true
  } catch {
    return false
  }
}

/** The system's IANA zone, `UTC` when it has none. */
export function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'
}

/** The zone's offset from UTC at `instant`, in minutes (Europe/Paris in January: 60). */
export function offsetMinutes(zone: string, instant: Instant): number {
  const zdt = Temporal.Instant.fromEpochMilliseconds(instant).toZonedDateTimeISO(zone)
  return Math.round(zdt.offsetNanoseconds / 60_000_000_000)
}

/** The zoned date-time of an instant. */
export function zoned(instant: Instant, zone: string): Temporal.ZonedDateTime {
  return Temporal.Instant.fromEpochMilliseconds(instant).toZonedDateTimeISO(zone)
}

/** The day (`YYYY-MM-DD`) an instant falls on in `zone`. */
export function dayOf(instant: Instant, zone: string): string {
  return memo(dayMemo, `${zone} ${instant}`, () => zoned(instant, zone).toPlainDate().toString())
}

/**
 * The instant of a wall-clock time on a day in `zone`.
 *
 * @param day `YYYY-MM-DD`
 * @param time `HH:MM` or `HH:MM:SS` (24 h); `24:00` means the next day's midnight.
 * @remarks A wall time that does not exist (inside a spring-forward gap) moves forward, one that
 * exists twice (autumn) takes the earlier instant: Temporal's `compatible` disambiguation, as RFC 5545.
 */
export function instantAt(day: string, time: string, zone: string): Instant {
  return memo(instantMemo, `${zone} ${day} ${time}`, () => instantAtUncached(day, time, zone))
}

function instantAtUncached(day: string, time: string, zone: string): Instant {
  let date = Temporal.PlainDate.from(day)
  let t = time
  if (/^24:00(:00)?$/.test(t)) {
    date = date.add({ days: 1 })
    t = '00:00'
  }
  const pt = Temporal.PlainTime.from(t)
  return date.toZonedDateTime({ timeZone: zone, plainTime: pt }).epochMilliseconds
}

/** Midnight at the start of `day` in `zone`, UTC ms. */
export function startOfDay(day: string, zone: string): Instant {
  return memo(instantMemo, `${zone} ${day} start`, () => Temporal.PlainDate.from(day).toZonedDateTime({ timeZone: zone }).epochMilliseconds)
}

/** Midnight at the end of `day` (the next day's start) in `zone`, UTC ms. */
export function endOfDay(day: string, zone: string): Instant {
  return memo(instantMemo, `${zone} ${day} end`, () => Temporal.PlainDate.from(day).add({ days: 1 }).toZonedDateTime({ timeZone: zone }).epochMilliseconds)
}

/** `day` plus `n` days, `YYYY-MM-DD`. */
export function addDays(day: string, n: number): string {
  return memo(calendarMemo, `${day} ${n}`, () => Temporal.PlainDate.from(day).add({ days: n }).toString()) as string
}

/** ISO weekday of a day: 1 = Monday … 7 = Sunday. */
export function weekdayOf(day: string): number {
  return memo(calendarMemo, `${day} wd`, () => Temporal.PlainDate.from(day).dayOfWeek) as number
}

/**
 * An instant as RFC 3339 with the zone's offset at that instant, to the second:
 * `2020-01-08T19:00:00+01:00`.
 */
export function toRfc3339(instant: Instant, zone: string): string {
  const z = zoned(instant, zone)
  const pad = (n: number, w = 2) => String(n).padStart(w, '0')
  return (
    `${pad(z.year, 4)}-${pad(z.month)}-${pad(z.day)}T${pad(z.hour)}:${pad(z.minute)}:${pad(z.second)}` +
    z.offset
  )
}

/** `HH:MM` wall time of an instant in `zone`. */
export function formatTime(instant: Instant, zone: string): string {
  return memo(timeMemo, `${zone} ${instant}`, () => {
    const z = zoned(instant, zone)
    return `${String(z.hour).padStart(2, '0')}:${String(z.minute).padStart(2, '0')}`
  })
}

const LOCALE = { en: 'en-GB', fr: 'fr-FR', de: 'de-DE' } as const

/** A day for people, in their language: `Sat 11 Jan`, `sam. 11 janv.`, `Sa., 11. Jan.`. */
export function formatDay(day: string, lang: 'en' | 'fr' | 'de'): string {
  return memo(labelMemo, `s ${lang} ${day}`, () =>
    Temporal.PlainDate.from(day).toLocaleString(LOCALE[lang], { weekday: 'short', day: 'numeric', month: 'short' }),
  )
}

/** A day for headings, in full: `Saturday 11 January`. */
export function formatDayLong(day: string, lang: 'en' | 'fr' | 'de'): string {
  return memo(labelMemo, `l ${lang} ${day}`, () =>
    Temporal.PlainDate.from(day).toLocaleString(LOCALE[lang], { weekday: 'long', day: 'numeric', month: 'long' }),
  )
}

/** Parses an ISO 8601 / RFC 3339 instant (with `Z` or an offset) to UTC ms; `null` when it is not one. */
export function parseInstant(s: string): Instant | null {
  try {
    return Temporal.Instant.from(s).epochMilliseconds
  } catch {
    return null
  }
}

/** One minute, one hour and one day in ms. */
export const MINUTE = 60_000
export const HOUR = 60 * MINUTE
export const DAY = 24 * HOUR
