/**
 * Recurring series: the RFC 5545 recurrence rules yurt accepts, the horizon they are expanded over,
 * and their expansion into occurrences in the festival's zone.
 *
 * @remarks
 * A series ({@link SeriesData}) holds DTSTART as a wall time plus an IANA zone, an RRULE (RFC 5545
 * §3.3.10) without UNTIL and COUNT, its last day (UNTIL), skipped dates (EXDATE) and moved
 * occurrences (RECURRENCE-ID). rrule-temporal expands the rule in the zone with Temporal, so an
 * 18:30 meetup is 17:30Z in winter and 16:30Z in summer in Europe/Paris.
 *
 * The expansion is a pure function of the series and a {@link Horizon} (local dates), and it is
 * bounded: at most {@link MAX_OCCURRENCES_PER_SERIES} occurrences per series (the latest ones are
 * kept), and the view stops expanding after {@link MAX_OCCURRENCES} in all. Results are memoized by
 * the series' content and the horizon, so rebuilding a view after an unrelated change costs a map
 * lookup per series.
 */
import { RRuleTemporal } from 'rrule-temporal'
import { Temporal } from 'temporal-polyfill'
import type { EntityId, EventId, FestivalMeta, Instant, SeriesData, VenueId } from './types.ts'

/** Frequencies a series may have (RFC 5545 §3.3.10 FREQ); sub-daily ones are refused. */
export const SERIES_FREQS = ['DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'] as const
export type SeriesFreq = (typeof SERIES_FREQS)[number]

/** Months of occurrences shown before the reference month, when the festival has no start date. */
export const HORIZON_MONTHS_BEHIND = 12
/** Months of occurrences shown from the reference month on (13: this month and the next twelve). */
export const HORIZON_MONTHS_AHEAD = 13
/** Most occurrences one series expands to; beyond it the earliest are dropped. */
export const MAX_OCCURRENCES_PER_SERIES = 400
/**
 * Most events all series of a view expand to, template items counted one by one. Shared fairly:
 * each series gets an equal part, so no author's series can crowd out another's (see `core/view.ts`).
 */
export const MAX_OCCURRENCES = 5000
/** Longest RRULE text accepted, in characters. */
export const MAX_RRULE_LENGTH = 200

/** The local dates series are expanded over, `YYYY-MM-DD` in the festival's zone, both inclusive. */
export interface Horizon {
  from: string
  to: string
  /**
   * The day a series cut short by the view's budget keeps its occurrences from (the first day of
   * the reference month, or the festival's first day). Derived from the same inputs as `from`/`to`.
   */
  anchor?: string
}

/** One occurrence of a series, before it becomes events of the view. */
export interface Occurrence {
  /** The original local date (RECURRENCE-ID), `YYYY-MM-DD`. */
  date: string
  /** `<series id>@<date>`. */
  id: EventId
  /** Start and end, UTC ms (moved ones: the new time). */
  start: Instant
  end: Instant
  /** The original start, UTC ms. */
  originalStart: Instant
  venue: VenueId | null
  skipped: boolean
  moved: boolean
  /** The conflict tie-breaker: the series' `bookedAt`, or the move's. */
  bookedAt: Instant
  /** Start and end of each template item (UTC ms), in template order; empty without a template. */
  items: { start: Instant; end: Instant }[]
}

const DATE = /^\d{4}-\d{2}-\d{2}$/
const LOCAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/
const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const

/** A parsed RECUR value of the subset yurt accepts. */
export interface RecurParts {
  freq: SeriesFreq
  interval?: number
  /** `WE`, `1WE`, `-1FR` (ordinals only with MONTHLY and YEARLY). */
  byDay?: string[]
  byMonthDay?: number[]
  byMonth?: number[]
  bySetPos?: number[]
  wkst?: string
}

const intList = (v: string, min: number, max: number, nonZero = true): number[] | null => {
  const out: number[] = []
  for (const p of v.split(',')) {
    if (!/^[+-]?\d{1,3}$/.test(p)) return null
    const n = Number(p)
    if (n < min || n > max || (nonZero && n === 0)) return null
    out.push(n)
  }
  return out.length > 0 && out.length <= 31 ? out : null
}

/**
 * Reads an RRULE value (RFC 5545 §3.3.10, without the `RRULE:` name) of the subset yurt accepts:
 * FREQ (DAILY, WEEKLY, MONTHLY, YEARLY), INTERVAL (1–99), BYDAY (ordinals −5…5 with MONTHLY and
 * YEARLY), BYMONTHDAY, BYMONTH, BYSETPOS, WKST. UNTIL and COUNT live outside the rule
 * ({@link SeriesData.until}); sub-daily parts are refused.
 *
 * @returns the parts, or `null` when the text is not such a rule. Never throws.
 */
export function parseRecur(text: unknown): RecurParts | null {
  if (typeof text !== 'string' || text.length === 0 || text.length > MAX_RRULE_LENGTH) return null
  const seen = new Set<string>()
  const out: Partial<RecurParts> = {}
  for (const part of text.split(';')) {
    const eq = part.indexOf('=')
    if (eq < 1) return null
    const name = part.slice(0, eq)
    const value = part.slice(eq + 1)
    if (seen.has(name)) return null
    seen.add(name)
    switch (name) {
      case 'FREQ':
        if (!(SERIES_FREQS as readonly string[]).includes(value)) return null
        out.freq = value as SeriesFreq
        break
      case 'INTERVAL': {
        const n = intList(value, 1, 99)
        if (!n || n.length !== 1) return null
        out.interval = n[0]!
        break
      }
      case 'BYDAY': {
        const days = value.split(',')
        if (days.length > 7 * 6) return null
        for (const d of days) {
          const m = /^([+-]?[1-5])?(MO|TU|WE|TH|FR|SA|SU)$/.exec(d)
          if (!m) return null
        }
        out.byDay = days
        break
      }
      case 'BYMONTHDAY': {
        const n = intList(value, -31, 31)
        if (!n) return null
        out.byMonthDay = n
        break
      }
      case 'BYMONTH': {
        const n = intList(value, 1, 12)
        if (!n) return null
        out.byMonth = n
        break
      }
      case 'BYSETPOS': {
        const n = intList(value, -366, 366)
        if (!n) return null
        out.bySetPos = n
        break
      }
      case 'WKST':
        if (!(WEEKDAYS as readonly string[]).includes(value)) return null
        out.wkst = value
        break
      default:
        return null
    }
  }
  if (!out.freq) return null
  const ordinals = out.byDay?.some((d) => /^[+-]?\d/.test(d)) ?? false
  if (ordinals && out.freq !== 'MONTHLY' && out.freq !== 'YEARLY') return null
  if (out.byMonthDay && out.freq === 'WEEKLY') return null
  return out as RecurParts
}

/** The canonical text of a rule: parts in RFC 5545's usual order (FREQ first). */
export function formatRecur(p: RecurParts): string {
  const parts = [`FREQ=${p.freq}`]
  if (p.interval && p.interval !== 1) parts.push(`INTERVAL=${p.interval}`)
  if (p.byMonth) parts.push(`BYMONTH=${p.byMonth.join(',')}`)
  if (p.byMonthDay) parts.push(`BYMONTHDAY=${p.byMonthDay.join(',')}`)
  if (p.byDay) parts.push(`BYDAY=${p.byDay.join(',')}`)
  if (p.bySetPos) parts.push(`BYSETPOS=${p.bySetPos.join(',')}`)
  if (p.wkst) parts.push(`WKST=${p.wkst}`)
  return parts.join(';')
}

/** Whether `s` is a `YYYY-MM-DD` date that exists. */
export function isLocalDate(s: unknown): s is string {
  if (typeof s !== 'string' || !DATE.test(s)) return false
  try {
    return Temporal.PlainDate.from(s, { overflow: 'reject' }).toString() === s
  } catch {
    return false
  }
}

/** Whether `s` is a `YYYY-MM-DDTHH:MM` wall time that exists on a calendar. */
export function isLocalDateTime(s: unknown): s is string {
  if (typeof s !== 'string' || !LOCAL.test(s)) return false
  try {
    return Temporal.PlainDateTime.from(s, { overflow: 'reject' }).toString().slice(0, 16) === s
  } catch {
    return false
  }
}

// ---- ids ---------------------------------------------------------------------------------------

const OCCURRENCE_ID = /^([0-9a-f]{12}\.[a-z2-7]{8})@(\d{4}-\d{2}-\d{2})(?:#(\d{1,2}))?$/

/** The id of an occurrence: `<series id>@<original local date>`. */
export function occurrenceId(series: EntityId, date: string): EventId {
  return `${series}@${date}` as EventId
}

/** The id of a template item of an occurrence: `<series id>@<date>#<n>` (n from 1). */
export function itemId(series: EntityId, date: string, n: number): EventId {
  return `${series}@${date}#${n}` as EventId
}

/** Reads an occurrence or item id; `null` when `id` is not one. */
export function parseOccurrenceId(id: string): { series: EntityId; date: string; item?: number } | null {
  const m = OCCURRENCE_ID.exec(id)
  if (!m) return null
  const out: { series: EntityId; date: string; item?: number } = { series: m[1] as EntityId, date: m[2]! }
  if (m[3] !== undefined) out.item = Number(m[3])
  return out
}

/** Whether `id` is an occurrence id without an item (what RSVPs and approvals of occurrences are keyed by). */
export function isOccurrenceId(id: string): boolean {
  const p = parseOccurrenceId(id)
  return p !== null && p.item === undefined
}

// ---- horizon -----------------------------------------------------------------------------------

/**
 * The local dates series are expanded over for a festival at `now`.
 *
 * @remarks A festival with both dates: exactly its dates (no clock involved). Otherwise the missing
 * ends are taken from the month of `now` in the festival's zone: from {@link HORIZON_MONTHS_BEHIND}
 * months before its first day to the end of the {@link HORIZON_MONTHS_AHEAD}th month from it. The
 * month (not the day) is the unit so that a cached view stays valid for a month.
 */
export function horizonOf(festival: Pick<FestivalMeta, 'timezone' | 'startDate' | 'endDate'>, now: Instant): Horizon {
  if (festival.startDate && festival.endDate) return { from: festival.startDate, to: festival.endDate, anchor: festival.startDate }
  const month = Temporal.Instant.fromEpochMilliseconds(now).toZonedDateTimeISO(festival.timezone).toPlainDate().with({ day: 1 })
  let from = festival.startDate ?? month.subtract({ months: HORIZON_MONTHS_BEHIND }).toString()
  const to = festival.endDate ?? month.add({ months: HORIZON_MONTHS_AHEAD }).subtract({ days: 1 }).toString()
  if (!festival.endDate) {
    const floor = month.subtract({ months: HORIZON_MONTHS_BEHIND }).toString()
    if (from < floor) from = floor
  }
  if (from > to) from = to
  const anchor = festival.startDate && festival.startDate > month.toString() ? festival.startDate : month.toString()
  return { from, to, anchor }
}

// ---- expansion ---------------------------------------------------------------------------------

const memo = new Map<string, Occurrence[]>()
const MEMO_LIMIT = 2000

/**
 * The occurrences of a series within `horizon`, in order of original date; skipped ones included
 * (flagged), moved ones at their new time. Bounded by {@link MAX_OCCURRENCES_PER_SERIES}.
 *
 * @returns `[]` when the rule or DTSTART cannot be expanded (bad data from a peer). Never throws.
 */
export function expandSeries(id: EntityId, s: SeriesData, horizon: Horizon): Occurrence[] {
  const key = JSON.stringify([id, s.start, s.timezone, s.duration, s.rrule, s.until ?? '', s.venue, s.bookedAt, s.skipped, s.moved, s.template ?? [], horizon.from, horizon.to])
  let out = memo.get(key)
  if (!out) {
    out = expandUncached(id, s, horizon)
    if (memo.size >= MEMO_LIMIT) memo.clear()
    memo.set(key, out)
  }
  return out
}

function expandUncached(id: EntityId, s: SeriesData, horizon: Horizon): Occurrence[] {
  const last = s.until !== undefined && s.until < horizon.to ? s.until : horizon.to
  const first = s.start.slice(0, 10) > horizon.from ? s.start.slice(0, 10) : horizon.from
  if (first > last) return []
  let dates: Temporal.ZonedDateTime[]
  try {
    const dtstart = Temporal.PlainDateTime.from(s.start).toZonedDateTime(s.timezone)
    const rule = new RRuleTemporal({ rruleString: s.rrule, dtstart, maxIterations: 5000, cache: false })
    const after = Temporal.PlainDate.from(first).toZonedDateTime({ timeZone: s.timezone })
    const before = Temporal.PlainDate.from(last).add({ days: 1 }).toZonedDateTime({ timeZone: s.timezone })
    dates = (rule.between(after, before.subtract({ nanoseconds: 1 }), true) as Temporal.ZonedDateTime[]).map((d) =>
      Temporal.ZonedDateTime.from(d.toString()),
    )
  } catch {
    return []
  }
  if (dates.length > MAX_OCCURRENCES_PER_SERIES) dates = dates.slice(dates.length - MAX_OCCURRENCES_PER_SERIES)
  const skipped = new Set(s.skipped)
  const durationMs = s.duration * 60_000
  return dates.map((zdt) => {
    const date = zdt.toPlainDate().toString()
    const start = zdt.epochMilliseconds
    const moved = Object.hasOwn(s.moved, date) ? s.moved[date] : undefined
    const occ: Occurrence = {
      date,
      id: occurrenceId(id, date),
      start: moved ? moved.start : start,
      end: moved ? moved.end : start + durationMs,
      originalStart: start,
      venue: moved && moved.venue !== undefined ? moved.venue : s.venue,
      skipped: skipped.has(date),
      moved: moved !== undefined,
      bookedAt: moved ? moved.bookedAt : s.bookedAt,
      items: [],
    }
    for (const item of s.template ?? []) {
      const at = itemStart(occ, item.offset, s.timezone)
      occ.items.push({ start: at, end: at + item.duration * 60_000 })
    }
    return occ
  })
}

/**
 * The start of a template item in an occurrence, UTC ms: the item's wall-clock offset from the
 * occurrence's original start (so 18:30 + 30 min is 19:00 local whatever the season), then shifted
 * as the occurrence was moved.
 */
export function itemStart(occ: Occurrence, offsetMinutes: number, timezone: string): Instant {
  const original = Temporal.Instant.fromEpochMilliseconds(occ.originalStart).toZonedDateTimeISO(timezone)
  const wall = original.toPlainDateTime().add({ minutes: offsetMinutes }).toZonedDateTime(timezone).epochMilliseconds
  return wall + (occ.start - occ.originalStart)
}

/**
 * The first occurrence of a rule on or after `day` at wall time `clock` in `timezone`: what DTSTART
 * should be (RFC 5545 §3.8.5.3: DTSTART SHOULD be the first instance of the rule).
 *
 * @param day `YYYY-MM-DD`; @param clock `HH:MM`
 * @returns `YYYY-MM-DDTHH:MM`, or `null` when the rule has no occurrence within ten years.
 */
export function firstOccurrence(rrule: string, day: string, clock: string, timezone: string): string | null {
  try {
    const dtstart = Temporal.PlainDateTime.from(`${day}T${clock}`).toZonedDateTime(timezone)
    const rule = new RRuleTemporal({ rruleString: rrule, dtstart, maxIterations: 5000, cache: false })
    const found = rule.next(dtstart, true)
    if (!found) return null
    const zdt = Temporal.ZonedDateTime.from(found.toString())
    if (Temporal.ZonedDateTime.compare(zdt, dtstart.add({ years: 10 })) > 0) return null
    return zdt.toPlainDateTime().toString().slice(0, 16)
  } catch {
    return null
  }
}
