/**
 * Finds the time words of a sentence, takes them out, and resolves them in the festival's zone.
 *
 * @remarks
 * Read in this order, each taking its words out of the sentence so that the next cannot misread
 * them: lengths ("for 2 hours", "a 30 minute talk", "2 Stunden lang", "30-minütig"), starts
 * relative to the clock ("in 2 hours", "dans 2 heures"), dates with a month name or in ISO form,
 * clock ranges and clock times (with the spoken German forms "halb acht", "Viertel nach 8" and
 * "20 Uhr 30"), parts of the day ("du soir", "abends"), relative days ("tomorrow", "demain",
 * "übermorgen"), weekends, weekdays (with the abbreviations "sat", "sam", "Sa"), days of the
 * month ("the 28th", "le 28", "am 28."), numeric dates, and what is left goes to chrono-node for
 * other calendar dates, with the reference offset computed for the zone (chrono ignores IANA
 * names). Only wall-clock days and times are taken from any of them: the instant is built with
 * `instantAt(day, HH:MM, zone)`, so days across a daylight-saving change get their own offset.
 *
 * Day rules (DESIGN.md: asked, never guessed): a bare weekday is the coming one (today when it is
 * today); "next Friday" is the coming one too, except said on a Friday (a week later) or on a
 * Thursday (asked: tomorrow or in eight days); a day of the month is the next one from today; a
 * date without a year is the next one on or after a month ago.
 */
import * as chrono from 'chrono-node'
import { addDays, dayOf, instantAt, offsetMinutes, startOfDay, weekdayOf } from '../../core/time.ts'
import type { ParseContext, TimeSpec } from '../intent.ts'
import { BARE, CLOCK, CLOCK_WORDS, type Clock, hhmm, minutesOf, readClock, settle, validClock } from './clock.ts'
import { type Txt, allMatches, blank, squash, rx } from './text.ts'
import type { DayPart, TimeVocab, Vocab } from './vocab.ts'

/** A stretch of the sentence, `[a, b)` in UTF-16 code units. */
export interface Span {
  a: number
  b: number
}

/** What the time words of a sentence said. */
export interface TimeFound {
  /** The sentence without its time words. */
  rest: Txt
  /** Where the time words were, in the sentence given. */
  spans: Span[]
  /** The resolved time, when any day, clock time, relative start or length was named and nothing was wrong. */
  spec?: TimeSpec
  /** The day named, `YYYY-MM-DD` in the zone. */
  day?: string
  /** The days of a weekend named ("this weekend"): Saturday and Sunday, or Sunday alone on a Sunday. */
  weekend?: string[]
  part?: DayPart
  /** Minutes after midnight of the clock time, when one was named. */
  clock?: number
  /** The word that stood before the first clock time ("to", "à", "auf"), folded. */
  clockPrep?: string
  /** A length named ("for 2 hours"), ms. */
  durationMs?: number
  /** A problem to report instead: an hour without its half of the day, an end before the start, two days. */
  problem?:
    | { kind: 'ambiguous-hour'; hour: number; minute: number }
    | { kind: 'bad-time' }
    | { kind: 'two-days'; days: string[] }
    /** A date that no calendar has or that could not be read whole ("31 February", "99999-01-01", "1e9 December"), as typed. */
    | { kind: 'bad-date'; text: string }
}

const B = String.raw`(?<![\p{L}\p{N}§])`
const CLOCK_WORD = new RegExp(CLOCK_WORDS, 'u')
const E = String.raw`(?![\p{L}\p{N}])`

/** What the lookahead of `abbrev` (see compile) needs somewhere in the text, with its flags: a digit or a clock word. */
const ABBREV_NEEDS = /\d|noon|midday|midnight|midi|minuit|mittag|mitternacht/iu

const cache = new Map<TimeVocab, ReturnType<typeof compile>>()

/** A number as typed in a length: digits ("1,5"), words ("two", "deux", "zwei"), "half an". */
export function amountSource(tv: TimeVocab): string {
  const num = Object.keys(tv.numbers).sort((a, b) => b.length - a.length).join('|')
  return String.raw`(?:\d+(?:[.,]\d+)?|${num})`
}

function compile(tv: TimeVocab) {
  const amount = amountSource(tv)
  const unit = String.raw`(?<u>${tv.hours}|${tv.minutes})`
  const tail = String.raw`(?:\s?(?<m2>\d{1,2})(?:\s?(?:${tv.minutes}))?${E})?`
  const wd = (list: readonly string[]) => list.map((w, i) => `(?<wd${i}>${w})`).join('|')
  return {
    durations: [
      // "for 2 hours", "pendant 1h30", "für 90 Minuten"
      rx('giu')`${B}(?:${tv.durationPre})\s+(?<n>${amount})[\s-]?${unit}(?![\p{L}])${tail}`,
      // "a 30 minute talk", "a 2-hour workshop", "30-minütig", "2 hours long", "90 Minuten lang"
      rx('giu')`${B}(?:(?:an?|une?|ein|eine|einen)\s+)?(?<n>${amount})[\s-]?${unit}(?:\s?(?:${tv.durationPost}))${E}`,
      ...tv.durationSolo.map((src) => rx('giu')`${B}(?:(?:an?|une?|ein|eine|einen|einem|einer)\s+)?(?:${src.replaceAll('AMOUNT', amount)})${E}`),
    ],
    lateLength: rx('giu')`${B}(?<n>\d{1,3})\s?(?<u>h|hrs?|hours?|heures?|std|stunden?|min|mins|minutes?|mn|minuten)(?:\s?(?<m2>\d{2}))?${E}`,
    relativeStart: rx('giu')`${B}(?:${tv.inRelative})\s+(?<n>${amount})[\s-]?${unit}${E}`,
    range: new RegExp(
      String.raw`${B}(?:(?<from>${tv.rangeFrom})\s+)?(?<a>${CLOCK}|${BARE})\s?(?<to>-|${tv.rangeTo})\s?(?<b>${CLOCK}|${BARE})`,
      'giu',
    ),
    spoken: tv.spoken.map((s) => ({ ...s, re: rx('giu')`${B}(?:(?<prep>${tv.clockPreps})\s+)?(?:${s.re})${E}` })),
    clock: rx('giu')`(?:${B}(?<prep>${tv.clockPreps})\s+)?(?<c>${CLOCK})`,
    bare: rx('giu')`${B}(?<prep>${tv.clockPreps})\s+(?<c>${BARE})`,
    parts: tv.partAfter.map((p) => ({ ...p, re: rx('giu')`${B}(?:${p.re})${E}` })),
    relative: tv.relative.map((r) => ({
      ...r,
      re: rx('giu')`${B}(?:(?:${tv.dayPreps})\s+)?(?:${r.re})${E}`,
    })),
    weekend: rx('giu')`${B}(?:(?<next>${tv.nextWeekend})|(?:${tv.weekend}))${E}`,
    weekday: new RegExp(
      String.raw`(?<![\p{L}\p{N}§-])(?:(?<pre>${tv.dayPreps}|${tv.next}|${tv.last}|${tv.thisDay})\s+)*(?:${wd(tv.weekdays)})(?:\s?(?<post>${tv.postNext}|${tv.postLast}|${tv.evening}|${tv.afternoon}|${tv.morning}))?${E}`,
      'giu',
    ),
    // "sam 15h", "Sa. 11 Uhr", "le sam": abbreviations that are also words count only before a time or after a day word.
    abbrev: new RegExp(
      String.raw`${B}(?:(?<pre>${tv.dayPreps}|${tv.next}|${tv.thisDay})\s+)?(?:${wd(tv.weekdayAbbrevs)})(?:\.|,)?(?=\s*(?:\d|(?:${tv.clockPreps})\s+(?:\d|noon|midday|midnight|midi|minuit|mittag|mitternacht)|noon|midi|mittag))`,
      'giu',
    ),
    abbrevAfterPrep: rx('giu')`${B}(?<pre>${tv.dayPreps}|${tv.next}|${tv.thisDay})\s+(?:${wd(tv.weekdayAbbrevs)})\.?${E}`,
    monthDate: new RegExp(
      String.raw`${B}(?:(?:${tv.dayPreps})\s+)*(?:(?<d1>\d{1,2})(?:st|nd|rd|th|er|\.)?\s(?:of\s)?(?<m1>${tv.months.join('|')})\.?|(?<m2>${tv.months.join('|')})\.?\s(?<d2>\d{1,2})(?:st|nd|rd|th)?(?![\p{N}:h]))(?:,?\s(?<y>\d{4}))?${E}`,
      'giu',
    ),
    unreadDates: [
      rx('giu')`${B}[+-]?\d[\p{N}.,e+]*\.?(?:st|nd|rd|th|er)?\s(?:of\s)?(?:${tv.months.join('|')})\.?${E}`,
      rx('giu')`${B}(?:${tv.months.join('|')})\.?\s[+-]?\d[\p{N}.,e+]*${E}`,
      rx('giu')`${B}[+-]?\d{5,}-\d{1,2}-\d{1,2}${E}`,
    ],
    isoDate: rx('giu')`${B}(?:(?:${tv.dayPreps})\s+)*(?<y>\d{4})-(?<m>\d{2})-(?<d>\d{2})${E}`,
    numericDate: new RegExp(
      String.raw`${B}(?:(?:${tv.dayPreps})\s+)*(?<d>\d{1,2})(?<sep>[./])(?<m>\d{1,2})(?:\k<sep>(?<y>\d{4}|\d{2}))?\.?${E}(?!\s?(?:uhr|h)${E})`,
      'giu',
    ),
    dayOfMonth: rx('giu')`${B}(?:${tv.dayOfMonth})`,
  }
}

function compiled(v: Vocab) {
  let c = cache.get(v.time)
  if (!c) {
    c = compile(v.time)
    cache.set(v.time, c)
  }
  return c
}

/** The index of the weekday group (`wd0`…`wd6`) that took part in a match, 1-based (ISO), or 0. */
function weekdayOfMatch(g: Record<string, string | undefined>): number {
  for (let i = 0; i < 7; i++) if (g[`wd${i}`] !== undefined) return i + 1
  return 0
}

/** Whether a folded word is one of an alternation. */
function is(word: string | undefined, alternation: string): boolean {
  return word !== undefined && rx('iu')`^(?:${alternation})$`.test(word.trim())
}

/** A length's amount: digits (with a decimal comma), a number word, "half an". */
export function amountOf(s: string, tv: TimeVocab): number | null {
  const f = s.toLowerCase().trim()
  if (/^\d/.test(f)) return Number(f.replace(',', '.'))
  return tv.numbers[f] ?? null
}

/** A length in ms from an amount, a unit and trailing minutes ("1h30"); null when unreadable. */
export function lengthOf(g: Record<string, string | undefined>, tv: TimeVocab): number | null {
  const n = amountOf(g.n ?? '', tv)
  if (n === null) return null
  const hours = is(g.u, tv.hours)
  let ms = n * (hours ? 3_600_000 : 60_000)
  if (g.m2 && hours) ms += Number(g.m2) * 60_000
  return Math.round(ms)
}

/** Finds, removes and resolves the time words of `t`. */
export function findTime(t: Txt, v: Vocab, ctx: ParseContext): TimeFound {
  const tv = v.time
  const R = compiled(v)
  const today = dayOf(ctx.now, ctx.timezone)
  let work = t
  const spans: Span[] = []
  const take = (a: number, b: number) => {
    spans.push({ a, b })
    work = blank(work, a, b)
  }

  // Lengths first, so that "for 2h" is not a clock time.
  let durationMs: number | undefined
  for (const re of R.durations) {
    if (durationMs !== undefined) break
    for (const m of allMatches(re, work.f)) {
      const ms = lengthOf(m.groups ?? {}, tv)
      if (ms === null) continue
      durationMs = ms
      take(m.index, m.index + m[0].length)
      break
    }
  }

  // "in 2 hours": a start relative to the clock, to the nearest five minutes.
  let relativeStart: number | undefined
  for (const m of allMatches(R.relativeStart, work.f)) {
    const ms = lengthOf(m.groups ?? {}, tv)
    if (ms === null || ms <= 0 || ms > 7 * 24 * 3_600_000) continue
    relativeStart = Math.round((ctx.now + ms) / 300_000) * 300_000
    take(m.index, m.index + m[0].length)
    break
  }

  // Dates with a month name or in ISO form: their numbers are not hours.
  const days: { day: string; part?: DayPart }[] = []
  // A date written as one but not a day of any calendar: reported, never read as today.
  let badDate: string | undefined
  const impossible = (a: number, b: number) => {
    badDate ??= t.o.slice(a, b).trim().replace(/^(?:(?:to|on|the|for|le|au|à|a|pour|am|auf|den|zum|für)\s+)+/iu, '')
    take(a, b)
  }
  // The patterns below need a digit (a clock also its words: noon, minuit): a sentence without one skips them.
  const digits = () => /\d/.test(work.f)
  const clockish = () => digits() || CLOCK_WORD.test(work.f)
  for (const m of digits() ? allMatches(R.monthDate, work.f) : []) {
    const g = m.groups ?? {}
    const mon = tv.months.findIndex((w) => is(g.m1 ?? g.m2, w)) + 1
    const day = dateOf(today, g.y ? Number(g.y) : null, mon, Number(g.d1 ?? g.d2))
    if (!day) {
      impossible(m.index, m.index + m[0].length)
      continue
    }
    days.push({ day })
    take(m.index, m.index + m[0].length)
  }
  for (const m of digits() ? allMatches(R.isoDate, work.f) : []) {
    const g = m.groups ?? {}
    const day = dateOf(today, Number(g.y), Number(g.m), Number(g.d))
    if (!day) {
      impossible(m.index, m.index + m[0].length)
      continue
    }
    days.push({ day })
    take(m.index, m.index + m[0].length)
  }

  let nextProblem: string[] | undefined
  const weekdayDay = (wd: number, pre: string, post: string | undefined): string => {
    const past = rx('iu')`(?:^|\s)(?:${tv.last})\s`.test(pre + ' ') || is(post, tv.postLast)
    if (past) return weekdayFrom(today, wd, true)
    const coming = weekdayFrom(today, wd)
    const next = rx('iu')`(?:^|\s)(?:${tv.next})\s`.test(pre + ' ') || is(post, tv.postNext)
    if (!next) return coming
    if (coming === today) return addDays(today, 7)
    if (coming === addDays(today, 1)) nextProblem = [coming, addDays(coming, 7)]
    return coming
  }
  // Abbreviations that are also words need the time after them, so they are read before it is taken.
  for (const re of [R.abbrev, R.abbrevAfterPrep]) {
    // An abbreviation before a time needs its digit or clock word ("sam 15h", "Sa. Mittag").
    if (re === R.abbrev && !ABBREV_NEEDS.test(work.f)) continue
    for (const m of allMatches(re, work.f)) {
      const wd = weekdayOfMatch(m.groups ?? {})
      if (wd < 1) continue
      days.push({ day: weekdayDay(wd, m.groups?.pre ? `${m.groups.pre} ` : '', undefined) })
      take(m.index, m.index + m[0].length)
    }
  }
  let start: Clock | undefined
  let end: Clock | undefined
  let clockPrep: string | undefined
  for (const m of clockish() ? allMatches(R.range, work.f) : []) {
    const g = m.groups ?? {}
    const a = readClock(g.a ?? '')
    const b = readClock(g.b ?? '')
    if (!a || !b) continue
    const to = (g.to ?? '').toLowerCase()
    const and = /^(and|et|und)$/.test(to)
    if ((and || (a.mode === 'bare' && b.mode === 'bare')) && !g.from) continue
    // "le 12 à 14h", "am 12. um 14 Uhr": a bare number after a day's article is the day of the month.
    if (a.mode === 'bare' && !g.from && /(?:^|\s)(?:le|du|au|the|on the|am|den|zum)\s$/u.test(work.f.slice(0, m.index))) continue
    if (and && !/^(between|entre|zwischen)$/.test(g.from ?? '')) continue
    start = a
    end = b
    clockPrep = g.from
    take(m.index, m.index + m[0].length)
    break
  }
  // Spoken clock times ("halb acht", "Viertel nach 8"), then a clock ("15h", "3pm"), else a bare hour ("at 3").
  if (!start) {
    for (const s of R.spoken) {
      for (const m of allMatches(s.re, work.f)) {
        const c = s.clock(m.groups ?? {})
        if (!c) continue
        start = c
        clockPrep = m.groups?.prep
        take(m.index, m.index + m[0].length)
        break
      }
      if (start) break
    }
  }
  for (const pattern of [R.clock, R.bare]) {
    if (start || !clockish()) break
    const found = [...allMatches(pattern, work.f)]
    // "The Midnight Owls sat 9:30pm": a clock said in digits wins over a clock word ("midnight", "midi").
    const digits = found.some((m) => /\d/.test(m.groups?.c ?? ''))
    for (const m of found) {
      if (digits && !/\d/.test(m.groups?.c ?? '')) continue
      const c = readClock(m.groups?.c ?? '')
      if (!c) continue
      start = c
      clockPrep = m.groups?.prep
      take(m.index, m.index + m[0].length)
      break
    }
  }

  // A length written like a time ("1h30", "90min", "2h") once the start is known: "10am 1h30".
  if (start && durationMs === undefined) {
    for (const m of digits() ? allMatches(R.lateLength, work.f) : []) {
      const ms = lengthOf(m.groups ?? {}, tv)
      if (ms === null || ms <= 0) continue
      durationMs = ms
      take(m.index, m.index + m[0].length)
      break
    }
  }

  // Parts of the day said after a time: "8h du soir", "8 Uhr abends", "8 in the evening".
  let part: DayPart | undefined
  for (const p of R.parts) {
    for (const m of allMatches(p.re, work.f)) {
      part = p.part
      take(m.index, m.index + m[0].length)
    }
  }

  // Days.
  for (const r of R.relative) {
    for (const m of allMatches(r.re, work.f)) {
      days.push({ day: addDays(today, r.offset), ...(r.part ? { part: r.part } : {}) })
      take(m.index, m.index + m[0].length)
    }
  }
  let weekend: string[] | undefined
  for (const m of allMatches(R.weekend, work.f)) {
    weekend = weekendFrom(today, m.groups?.next !== undefined)
    take(m.index, m.index + m[0].length)
  }
  for (const m of allMatches(R.weekday, work.f)) {
    const g = m.groups ?? {}
    const wd = weekdayOfMatch(g)
    if (wd < 1) continue
    const post = g.post
    const p = partOf(post, tv)
    days.push({ day: weekdayDay(wd, preOf(m[0], tv), post), ...(p ? { part: p } : {}) })
    take(m.index, m.index + m[0].length)
  }
  for (const m of digits() ? allMatches(R.numericDate, work.f) : []) {
    const g = m.groups ?? {}
    const y = g.y
    const day = dateOf(today, y ? (y.length === 2 ? 2000 + Number(y) : Number(y)) : null, Number(g.m), Number(g.d))
    if (!day) {
      impossible(m.index, m.index + m[0].length)
      continue
    }
    days.push({ day })
    take(m.index, m.index + m[0].length)
  }
  // Every language's day of the month has its digits ("the 28th", "le 28", "am 28.").
  for (const m of digits() ? allMatches(R.dayOfMonth, work.f) : []) {
    const day = nextDayOfMonth(today, Number(m.groups?.d))
    if (!day) {
      impossible(m.index, m.index + m[0].length)
      continue
    }
    days.push({ day })
    take(m.index, m.index + m[0].length)
  }
  for (const found of chronoDates(work, v, ctx, today)) {
    if (found.day === null) impossible(found.a, found.b)
    else days.push({ day: found.day })
    take(found.a, found.b)
  }
  // What is left that looks like a date nobody could read: a number of any shape by a month name
  // ("1e9 December", "December 99999"), a dashed date with a year of five digits or more.
  for (const re of digits() ? R.unreadDates : []) for (const m of allMatches(re, work.f)) impossible(m.index, m.index + m[0].length)

  const rest = squash(work)
  const text = [...spans]
    .sort((x, y) => x.a - y.a)
    .map((f) => t.o.slice(f.a, f.b).trim())
    .join(' ')
    .replace(/\s+/g, ' ')
  const out: TimeFound = { rest, spans }
  if (clockPrep) out.clockPrep = clockPrep.toLowerCase()
  if (durationMs !== undefined) out.durationMs = durationMs
  if (weekend) out.weekend = weekend

  if (badDate !== undefined) return { ...out, problem: { kind: 'bad-date', text: badDate } }

  let distinct = [...new Set(days.map((d) => d.day))]
  const picked = ctx.pick?.day
  if (picked && (distinct.includes(picked) || nextProblem?.includes(picked) || weekend?.includes(picked))) {
    distinct = [picked]
    nextProblem = undefined
    weekend = undefined
    delete out.weekend
  }
  if (distinct.length > 1) return { ...out, problem: { kind: 'two-days', days: distinct } }
  if (nextProblem && distinct.length === 1) return { ...out, problem: { kind: 'two-days', days: nextProblem } }
  const day = distinct[0]
  part = days.find((d) => d.part)?.part ?? part
  if (day) out.day = day
  if (part) out.part = part
  if (weekend && (day || start || relativeStart !== undefined)) {
    // "Saturday this weekend" is Saturday; "this weekend at 3pm" is asked.
    if (day && weekend.includes(day)) delete out.weekend
    else if (!day) return { ...out, problem: { kind: 'two-days', days: weekend } }
  }
  if (relativeStart !== undefined) {
    if (day || start) return { ...out, problem: { kind: 'bad-time' } }
    const spec: TimeSpec = { start: relativeStart, dayOnly: false, text }
    if (durationMs !== undefined) spec.durationMs = durationMs
    out.spec = spec
    return out
  }
  if (!start && !day && durationMs === undefined) return out

  if (start) {
    settle(start, end, part)
    const pc = ctx.pick?.clock ? /^(\d{2}):(\d{2})$/.exec(ctx.pick.clock) : null
    if (pc) {
      const chosen: Clock = { h: Number(pc[1]), m: Number(pc[2]), mode: '24' }
      if (start.mode === 'bare') {
        start = chosen
        if (end) settle(start, end, part)
      } else if (end && end.mode === 'bare') end = chosen
    }
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
  } else if (!day) {
    // Only a length was said.
    spec.timeOnly = true
  }
  if (durationMs !== undefined) {
    if (durationMs <= 0) return { ...out, problem: { kind: 'bad-time' } }
    if (!spec.end) spec.durationMs = durationMs
  }
  out.spec = spec
  return out
}

/** The words before the weekday in a weekday match ("next", "on the"). */
function preOf(m: string, tv: TimeVocab): string {
  const words = m.split(/\s+/)
  const pre: string[] = []
  for (const w of words) {
    if (rx('iu')`^(?:${tv.dayPreps}|${tv.next}|${tv.last}|${tv.thisDay})$`.test(w)) pre.push(w)
    else break
  }
  return pre.join(' ') + (pre.length ? ' ' : '')
}

function partOf(post: string | undefined, tv: TimeVocab): DayPart | undefined {
  if (!post) return undefined
  if (is(post, tv.evening)) return 'evening'
  if (is(post, tv.afternoon)) return 'afternoon'
  if (is(post, tv.morning)) return 'morning'
  return undefined
}

/** The coming `wd` (ISO weekday) from `today`, today included; or the last one before today. */
export function weekdayFrom(today: string, wd: number, past = false): string {
  const cur = weekdayOf(today)
  if (past) return addDays(today, -(((cur - wd + 6) % 7) + 1))
  return addDays(today, (wd - cur + 7) % 7)
}

/** The days of the coming weekend (from a Saturday: that weekend; from a Sunday: that day), or the one after. */
export function weekendFrom(today: string, next = false): string[] {
  const wd = weekdayOf(today)
  let sat = weekdayFrom(today, 6)
  if (wd === 7) sat = addDays(today, -1)
  if (next && (wd >= 5)) sat = addDays(sat, 7)
  const days = [sat, addDays(sat, 1)]
  return days.filter((d) => d >= today)
}

/** The next day `d` of a month from `today` on: this month's when it is still ahead (or today), else the next month that has one. */
export function nextDayOfMonth(today: string, d: number): string | null {
  if (!(d >= 1 && d <= 31)) return null
  const y = Number(today.slice(0, 4))
  const m = Number(today.slice(5, 7))
  for (let i = 0; i < 13; i++) {
    const mm = ((m - 1 + i) % 12) + 1
    const yy = y + Math.floor((m - 1 + i) / 12)
    const s = `${String(yy).padStart(4, '0')}-${String(mm).padStart(2, '0')}-${String(d).padStart(2, '0')}`
    const probe = new Date(`${s}T00:00:00Z`)
    if (probe.getUTCDate() === d && s >= today) return s
  }
  return null
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

/**
 * What chrono could read as a day of a month here, in the folded text left after the rules above:
 * three numbers joined by date separators ("21-08-2019", "2019/08/21"), a number by a month's name or
 * abbreviation ("aug 21", "21 sept"), or a count of days, weeks, months or years from now ("in 8
 * days", "8 days from now", "dans 8 jours", "vor 8 Tagen"; a count alone, as in "50 Jahre Netz",
 * chrono reads as nothing). chrono runs dozens of parsers (0.1 ms to several ms a sentence), and
 * the rules read every other date first, so it is only asked where one of these is left.
 */
const CHRONO_UNIT = String.raw`(?:days?|jours?|tag(?:e|en)?|weeks?|semaines?|wochen?|months?|mois|monate?n?|years?|ans?|annees?|jahre?n?)(?![\p{L}])`
const CHRONO_MAY_READ = new RegExp(
  [
    String.raw`\d\s?[/.-]\s?\d{1,2}\s?[/.-]\s?\d`,
    String.raw`(?<![\p{L}])(?:jan|feb|fev|mar|maer|apr|avr|may|mai|jun|juin|jul|juil|aug|aou|sep|oct|okt|nov|dec|dez)\p{L}*\.?\s?\d`,
    String.raw`\d(?:st|nd|rd|th|er|e|eme|\.)?\s?(?:of\s)?(?:jan|feb|fev|mar|maer|apr|avr|may|mai|jun|juin|jul|juil|aug|aou|sep|oct|okt|nov|dec|dez)`,
    String.raw`(?<![\p{L}])(?:in|within|dans|en|il y a|vor)\s\d+\s?${CHRONO_UNIT}`,
    String.raw`\d\s?${CHRONO_UNIT}\s(?:from now|later|ago)(?![\p{L}])`,
  ].join('|'),
  'u',
)

/** Calendar dates chrono finds in what is left, when it is sure of the day and the month. */
function chronoDates(work: Txt, v: Vocab, ctx: ParseContext, today: string): { day: string | null; a: number; b: number }[] {
  if (!CHRONO_MAY_READ.test(work.f)) return []
  let results: chrono.ParsedResult[]
  try {
    results = CHRONO[v.lang].parse(work.o, {
      instant: new Date(ctx.now),
      timezone: offsetMinutes(ctx.timezone, ctx.now),
    })
  } catch {
    return []
  }
  const out: { day: string | null; a: number; b: number }[] = []
  for (const r of results) {
    if (!r.start.isCertain('day') || !r.start.isCertain('month')) continue
    if (r.start.isCertain('hour')) continue
    const y = r.start.isCertain('year') ? r.start.get('year') : null
    // A day chrono is sure of that no calendar has: `null`, reported as an impossible date.
    const day = dateOf(today, y, r.start.get('month') ?? 0, r.start.get('day') ?? 0)
    out.push({ day, a: r.index, b: r.index + r.text.length })
  }
  return out
}
