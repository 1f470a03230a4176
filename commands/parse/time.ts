/**
 * Finds the time words of a sentence, takes them out, and resolves them in the festival's zone.
 *
 * @remarks
 * Clock times, ranges, durations, relative days ("tomorrow", "demain", "übermorgen"), weekdays and
 * dates with month names are read by the rules here (chrono's French and German are weak on them);
 * what is left is given to chrono-node for numeric and other calendar dates, with the reference
 * offset computed for the zone (chrono ignores IANA names). Only the wall-clock day and time are
 * taken from either: the instant is built with `instantAt(day, HH:MM, zone)`, so days across a
 * daylight-saving change get their own offset.
 */
import * as chrono from 'chrono-node'
import { addDays, dayOf, instantAt, offsetMinutes, startOfDay, weekdayOf } from '../../core/time.ts'
import type { ParseContext, TimeSpec } from '../intent.ts'
import { BARE, CLOCK, type Clock, hhmm, minutesOf, readClock, settle, validClock } from './clock.ts'
import { type Txt, blank, squash } from './text.ts'
import type { DayPart, TimeVocab, Vocab } from './vocab.ts'

/** What the time words of a sentence said. */
export interface TimeFound {
  /** The sentence without its time words. */
  rest: Txt
  /** The resolved time, when any day or clock time was named and nothing was wrong. */
  spec?: TimeSpec
  /** The day named, `YYYY-MM-DD` in the zone. */
  day?: string
  part?: DayPart
  /** Minutes after midnight of the clock time, when one was named. */
  clock?: number
  /** The word that stood before the first clock time ("to", "à", "auf"), folded. */
  clockPrep?: string
  /** A problem to report instead: an hour without its half of the day, an end before the start, two days. */
  problem?:
    | { kind: 'ambiguous-hour'; hour: number; minute: number }
    | { kind: 'bad-time' }
    | { kind: 'two-days'; days: string[] }
}

interface Found {
  a: number
  b: number
}

const cache = new Map<TimeVocab, ReturnType<typeof compile>>()

function compile(tv: TimeVocab) {
  const num = Object.keys(tv.numbers).join('|')
  const amount = String.raw`(?:\d+(?:[.,]\d+)?|${num}|half an?|une demi|eine halbe|an?)`
  const B = String.raw`(?<![\p{L}\p{N}§])`
  const E = String.raw`(?![\p{L}\p{N}])`
  return {
    duration: new RegExp(
      String.raw`${B}(?:${tv.durationPre})\s+(?<n>${amount})\s?(?<u>${tv.hours}|${tv.minutes})(?![\p{L}])(?:\s?(?<m2>\d{1,2})(?:\s?(?:${tv.minutes}))?${E})?`,
      'giu',
    ),
    range: new RegExp(
      String.raw`${B}(?:(?<from>${tv.rangeFrom})\s+)?(?<a>${CLOCK}|${BARE})\s?(?<to>-|${tv.rangeTo})\s?(?<b>${CLOCK}|${BARE})`,
      'giu',
    ),
    clock: new RegExp(String.raw`(?:${B}(?<prep>${tv.clockPreps})\s+)?(?<c>${CLOCK})`, 'giu'),
    bare: new RegExp(String.raw`${B}(?<prep>${tv.clockPreps})\s+(?<c>${BARE})`, 'giu'),
    relative: tv.relative.map((r) => ({
      ...r,
      re: new RegExp(String.raw`${B}(?:(?:${tv.dayPreps})\s+)?(?:${r.re})${E}`, 'giu'),
    })),
    weekday: new RegExp(
      String.raw`${B}(?:(?<pre>${tv.dayPreps}|${tv.next}|${tv.last})\s+)*(?<wd>${tv.weekdays.join('|')})(?:\s?(?<post>${tv.postNext}|${tv.postLast}|${tv.evening}|${tv.afternoon}|${tv.morning}))?${E}`,
      'giu',
    ),
    monthDate: new RegExp(
      String.raw`${B}(?:(?:${tv.dayPreps})\s+)*(?:(?<d1>\d{1,2})(?:st|nd|rd|th|er|\.)?\s(?:of\s)?(?<m1>${tv.months.join('|')})\.?|(?<m2>${tv.months.join('|')})\.?\s(?<d2>\d{1,2})(?:st|nd|rd|th)?(?![\p{N}:h]))(?:,?\s(?<y>\d{4}))?${E}`,
      'giu',
    ),
    isoDate: new RegExp(String.raw`${B}(?:(?:${tv.dayPreps})\s+)*(?<y>\d{4})-(?<m>\d{2})-(?<d>\d{2})${E}`, 'giu'),
    numericDate: new RegExp(
      String.raw`${B}(?:(?:${tv.dayPreps})\s+)*(?<d>\d{1,2})(?<sep>[./])(?<m>\d{1,2})(?:\k<sep>(?<y>\d{4}|\d{2}))?\.?${E}(?!\s?(?:uhr|h)${E})`,
      'giu',
    ),
  }
}

function rx(v: Vocab) {
  let c = cache.get(v.time)
  if (!c) {
    c = compile(v.time)
    cache.set(v.time, c)
  }
  return c
}

/** Finds, removes and resolves the time words of `t`. */
export function findTime(t: Txt, v: Vocab, ctx: ParseContext): TimeFound {
  const tv = v.time
  const R = rx(v)
  const today = dayOf(ctx.now, ctx.timezone)
  let work = t
  const texts: Found[] = []
  const take = (a: number, b: number) => {
    texts.push({ a, b })
    work = blank(work, a, b)
  }

  // Durations first, so that "for 2h" is not a clock time.
  let durationMs: number | undefined
  for (const m of work.f.matchAll(R.duration)) {
    const g = m.groups ?? {}
    const n = amountOf(g.n ?? '', tv)
    if (n === null) continue
    const unitIsHours = new RegExp(`^(?:${tv.hours})$`, 'iu').test(g.u ?? '')
    let ms = n * (unitIsHours ? 3_600_000 : 60_000)
    if (g.m2 && unitIsHours) ms += Number(g.m2) * 60_000
    durationMs = Math.round(ms)
    take(m.index, m.index + m[0].length)
    break
  }

  // Dates with a month name or in ISO form first: their numbers are not hours.
  const days: { day: string; part?: DayPart }[] = []
  for (const m of work.f.matchAll(R.monthDate)) {
    const g = m.groups ?? {}
    const mon = tv.months.findIndex((w) => new RegExp(`^(?:${w})$`, 'iu').test(g.m1 ?? g.m2 ?? '')) + 1
    const d = Number(g.d1 ?? g.d2)
    const day = dateOf(today, g.y ? Number(g.y) : null, mon, d)
    if (!day) continue
    days.push({ day })
    take(m.index, m.index + m[0].length)
  }
  for (const m of work.f.matchAll(R.isoDate)) {
    const g = m.groups ?? {}
    const day = dateOf(today, Number(g.y), Number(g.m), Number(g.d))
    if (!day) continue
    days.push({ day })
    take(m.index, m.index + m[0].length)
  }

  let start: Clock | undefined
  let end: Clock | undefined
  let clockPrep: string | undefined
  for (const m of work.f.matchAll(R.range)) {
    const g = m.groups ?? {}
    const a = readClock(g.a ?? '')
    const b = readClock(g.b ?? '')
    if (!a || !b) continue
    const to = (g.to ?? '').toLowerCase()
    const needsFrom = /^(and|et|und)$/.test(to) || (a.mode === 'bare' && b.mode === 'bare')
    if (needsFrom && !g.from) continue
    if (/^(and|et|und)$/.test(to) && !/^(between|entre|zwischen)$/.test(g.from ?? '')) continue
    start = a
    end = b
    clockPrep = g.from
    take(m.index, m.index + m[0].length)
    break
  }
  // A single time: a clock ("15h", "3pm") first, else a bare hour ("at 3").
  for (const pattern of [R.clock, R.bare]) {
    if (start) break
    for (const m of work.f.matchAll(pattern)) {
      const c = readClock(m.groups?.c ?? '')
      if (!c) continue
      start = c
      clockPrep = m.groups?.prep
      take(m.index, m.index + m[0].length)
      break
    }
  }

  // Days.
  for (const r of R.relative) {
    for (const m of work.f.matchAll(r.re)) {
      days.push({ day: addDays(today, r.offset), ...(r.part ? { part: r.part } : {}) })
      take(m.index, m.index + m[0].length)
    }
  }
  for (const m of work.f.matchAll(R.weekday)) {
    const g = m.groups ?? {}
    const wd = tv.weekdays.findIndex((w) => new RegExp(`^(?:${w})$`, 'iu').test(g.wd ?? '')) + 1
    if (wd < 1) continue
    const pre = m[0].slice(0, m[0].length - (g.wd?.length ?? 0) - (g.post ? g.post.length + 1 : 0))
    const past = new RegExp(`(?:^|\\s)(?:${tv.last})\\s`, 'iu').test(pre + ' ') ||
      (g.post !== undefined && new RegExp(`^(?:${tv.postLast})$`, 'iu').test(g.post))
    const part = partOf(g.post, tv)
    days.push({ day: weekdayFrom(today, wd, past), ...(part ? { part } : {}) })
    take(m.index, m.index + m[0].length)
  }
  for (const m of work.f.matchAll(R.numericDate)) {
    const g = m.groups ?? {}
    const y = g.y
    const day = dateOf(today, y ? (y.length === 2 ? 2000 + Number(y) : Number(y)) : null, Number(g.m), Number(g.d))
    if (!day) continue
    days.push({ day })
    take(m.index, m.index + m[0].length)
  }
  for (const found of chronoDates(work, v, ctx, today)) {
    days.push({ day: found.day })
    take(found.a, found.b)
  }

  const rest = squash(work)
  const text = texts
    .sort((x, y) => x.a - y.a)
    .map((f) => t.o.slice(f.a, f.b).trim())
    .join(' ')
    .replace(/\s+/g, ' ')
  const out: TimeFound = { rest }
  if (clockPrep) out.clockPrep = clockPrep.toLowerCase()

  const distinct = [...new Set(days.map((d) => d.day))]
  if (distinct.length > 1) return { ...out, problem: { kind: 'two-days', days: distinct } }
  const day = distinct[0]
  const part = days.find((d) => d.part)?.part
  if (day) out.day = day
  if (part) out.part = part
  if (!start && !day && durationMs === undefined) return out

  if (start) {
    settle(start, end, part)
    if (!validClock(start) || (end && !validClock(end))) return { ...out, problem: { kind: 'bad-time' } }
    if (start.mode === 'bare') return { ...out, problem: { kind: 'ambiguous-hour', hour: start.h, minute: start.m } }
    if (end && end.mode === 'bare') return { ...out, problem: { kind: 'ambiguous-hour', hour: end.h, minute: end.m } }
  }
  const base = day ?? today
  const spec: TimeSpec = { start: startOfDay(base, ctx.timezone), dayOnly: true, text }
  if (start) {
    const s = minutesOf(start) as number
    spec.start = instantAt(base, hhmm(s), ctx.timezone)
    spec.dayOnly = false
    out.clock = s
    if (!day) {
      spec.timeOnly = true
      spec.clock = hhmm(s)
    }
    if (end) {
      let e = minutesOf(end) as number
      let endDay = base
      if (e === 0 && s > 0) e = 24 * 60
      if (e <= s) {
        // An overnight range ("23:00-04:00") ends the next day; any other end before the start is an error.
        if (s >= 18 * 60 && e <= 8 * 60) endDay = addDays(base, 1)
        else return { ...out, problem: { kind: 'bad-time' } }
      }
      spec.end = instantAt(endDay, hhmm(e), ctx.timezone)
      if (!day) spec.endClock = hhmm(e % (24 * 60))
    }
  }
  if (durationMs !== undefined) {
    if (durationMs <= 0) return { ...out, problem: { kind: 'bad-time' } }
    if (!spec.end) spec.durationMs = durationMs
  }
  out.spec = spec
  return out
}

function partOf(post: string | undefined, tv: TimeVocab): DayPart | undefined {
  if (!post) return undefined
  if (new RegExp(`^(?:${tv.evening})$`, 'iu').test(post)) return 'evening'
  if (new RegExp(`^(?:${tv.afternoon})$`, 'iu').test(post)) return 'afternoon'
  if (new RegExp(`^(?:${tv.morning})$`, 'iu').test(post)) return 'morning'
  return undefined
}

function amountOf(s: string, tv: TimeVocab): number | null {
  const f = s.toLowerCase().trim()
  if (/^\d/.test(f)) return Number(f.replace(',', '.'))
  if (/^(half an?|une demi|eine halbe)$/.test(f)) return 0.5
  if (/^an?$/.test(f)) return 1
  return tv.numbers[f] ?? null
}

/** The coming `wd` (ISO weekday) from `today`, today included; or the last one before today. */
export function weekdayFrom(today: string, wd: number, past = false): string {
  const cur = weekdayOf(today)
  if (past) return addDays(today, -(((cur - wd + 6) % 7) + 1))
  return addDays(today, (wd - cur + 7) % 7)
}

/**
 * A date with no year gets the first year that puts it on or after a month ago: "25 October" said
 * in January is the coming one, "5 January" said on the 8th is three days ago.
 */
function dateOf(today: string, year: number | null, month: number, d: number): string | null {
  if (!(month >= 1 && month <= 12 && d >= 1 && d <= 31)) return null
  const pad = (n: number, w = 2) => String(n).padStart(w, '0')
  const make = (y: number) => {
    const s = `${pad(y, 4)}-${pad(month)}-${pad(d)}`
    const probe = new Date(`${s}T00:00:00Z`)
    return probe.getUTCMonth() + 1 === month && probe.getUTCDate() === d ? s : null
  }
  if (year !== null) return make(year)
  const y0 = Number(today.slice(0, 4))
  const floor = addDays(today, -31)
  for (const y of [y0 - 1, y0, y0 + 1, y0 + 2, y0 + 3, y0 + 4]) {
    const s = make(y)
    if (s && s >= floor) return s
  }
  return null
}

const CHRONO = { en: chrono.en.GB, fr: chrono.fr, de: chrono.de } as const

/** Calendar dates chrono finds in what is left, when it is sure of the day and the month. */
function chronoDates(work: Txt, v: Vocab, ctx: ParseContext, today: string): { day: string; a: number; b: number }[] {
  if (!/\d/.test(work.f)) return []
  let results: chrono.ParsedResult[]
  try {
    results = CHRONO[v.lang].parse(work.o, {
      instant: new Date(ctx.now),
      timezone: offsetMinutes(ctx.timezone, ctx.now),
    })
  } catch {
    return []
  }
  const out: { day: string; a: number; b: number }[] = []
  for (const r of results) {
    if (!r.start.isCertain('day') || !r.start.isCertain('month')) continue
    if (r.start.isCertain('hour')) continue
    const y = r.start.isCertain('year') ? r.start.get('year') : null
    const day = dateOf(today, y, r.start.get('month') ?? 0, r.start.get('day') ?? 0)
    if (day) out.push({ day, a: r.index, b: r.index + r.text.length })
  }
  return out
}
