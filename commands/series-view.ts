/**
 * How series and their occurrences read in replies, and how the view's occurrences group: a rule in
 * words ("every first Wednesday", "tous les premiers mercredis", "jeden ersten Mittwoch im Monat"),
 * a series in one line, the occurrences of a series with their events, and the reduction of a
 * series to its next occurrence when a person names it.
 */
import { formatDay } from '../core/time.ts'
import { parseRecur } from '../core/series.ts'
import type { EntityId, EventView, ScheduleView, SeriesView } from '../core/types.ts'
import type { Lang } from './intent.ts'
import type { ExecContext } from './context.ts'
import { describeEvent, kindName, listNames } from './format.ts'

// ---- words --------------------------------------------------------------------------------------

const WEEKDAY: Record<Lang, string[]> = {
  en: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
  fr: ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'],
  de: ['Montag', 'Dienstag', 'Mittwoch', 'Donnerstag', 'Freitag', 'Samstag', 'Sonntag'],
}
const ORDINAL: Record<Lang, Record<number, string>> = {
  en: { 1: 'first', 2: 'second', 3: 'third', 4: 'fourth', 5: 'fifth', [-1]: 'last' },
  fr: { 1: 'premiers', 2: 'deuxièmes', 3: 'troisièmes', 4: 'quatrièmes', 5: 'cinquièmes', [-1]: 'derniers' },
  de: { 1: 'ersten', 2: 'zweiten', 3: 'dritten', 4: 'vierten', 5: 'fünften', [-1]: 'letzten' },
}
const CODES = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU']

/**
 * A rule in words: "every first Wednesday", "tous les premiers mercredis", "jeden ersten Mittwoch
 * im Monat"; the RRULE text itself for a rule these words do not cover.
 */
export function describeRule(rrule: string, lang: Lang): string {
  const p = parseRecur(rrule)
  if (!p) return rrule
  const days = (p.byDay ?? []).map((d) => /^([+-]?\d)?([A-Z]{2})$/.exec(d)!).map((m) => ({ n: m[1] ? Number(m[1]) : 0, wd: CODES.indexOf(m[2]!) }))
  const plain = p.bySetPos === undefined && p.byMonth === undefined
  const list = (xs: string[]) => listNames(xs, lang)
  if (p.freq === 'DAILY' && !p.byDay && plain && (p.interval ?? 1) === 1) return { en: 'every day', fr: 'tous les jours', de: 'jeden Tag' }[lang]
  if (p.freq === 'WEEKLY' && days.length > 0 && days.every((d) => d.n === 0) && plain) {
    const names = days.map((d) => WEEKDAY[lang][d.wd]!)
    if ((p.interval ?? 1) === 2) return { en: `every other ${list(names)}`, fr: `un ${list(names)} sur deux`, de: `jeden zweiten ${list(names)}` }[lang]
    if ((p.interval ?? 1) === 1) return { en: `every ${list(names)}`, fr: `tous les ${list(names.map((n) => `${n}s`))}`, de: `jeden ${list(names)}` }[lang]
  }
  if (p.freq === 'MONTHLY' && (p.interval ?? 1) === 1 && plain) {
    if (days.length === 1 && days[0]!.n !== 0 && !p.byMonthDay) {
      const o = ORDINAL[lang][days[0]!.n]
      const d = WEEKDAY[lang][days[0]!.wd]!
      if (o) return { en: `every ${o} ${d}`, fr: `tous les ${o} ${d}s`, de: `jeden ${o} ${d} im Monat` }[lang]
    }
    if (!p.byDay && p.byMonthDay?.length === 1 && p.byMonthDay[0]! > 0) {
      const n = p.byMonthDay[0]!
      const th = n % 10 === 1 && n !== 11 ? 'st' : n % 10 === 2 && n !== 12 ? 'nd' : n % 10 === 3 && n !== 13 ? 'rd' : 'th'
      return { en: `on the ${n}${th} of every month`, fr: `le ${n}${n === 1 ? 'er' : ''} de chaque mois`, de: `am ${n}. jedes Monats` }[lang]
    }
  }
  return rrule
}

const AT: Record<Lang, string> = { en: 'at', fr: 'à', de: 'in' }

/** A series as a reply names it: `“Paris P2P monthly” (meetup), every first Wednesday 18:30–20:30 at Ground Control`. */
export function describeSeries(s: Pick<SeriesView, 'title' | 'kind' | 'rrule' | 'start' | 'duration' | 'venueName' | 'until'>, lang: Lang): string {
  const clock = s.start.slice(11, 16)
  const [h, m] = clock.split(':').map(Number) as [number, number]
  const endMin = (h * 60 + m + s.duration) % (24 * 60)
  const end = `${String(Math.floor(endMin / 60)).padStart(2, '0')}:${String(endMin % 60).padStart(2, '0')}`
  let out = `“${s.title}” (${kindName(s.kind, lang)}), ${describeRule(s.rrule, lang)} ${clock}–${end}`
  if (s.venueName) out += ` ${AT[lang]} ${s.venueName}`
  if (s.until) out += { en: `, until ${formatDay(s.until, lang)}`, fr: `, jusqu'au ${formatDay(s.until, lang)}`, de: `, bis ${formatDay(s.until, lang)}` }[lang]
  return out
}

export function monthName(month: number, lang: Lang): string {
  return new Intl.DateTimeFormat({ en: 'en-GB', fr: 'fr-FR', de: 'de-DE' }[lang], { month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2000, month - 1, 15)))
}

// ---- occurrences in the view ---------------------------------------------------------------------

/** One occurrence as the view shows it: its events (one, or one per template item) in order. */
export interface OccurrenceView {
  id: EntityId
  date: string
  events: EventView[]
  start: number
  end: number
  cancelled: boolean
}

/** The occurrences of a series in the view, by start. */
export function occurrencesOf(view: ScheduleView, series: EntityId): OccurrenceView[] {
  const byId = new Map<string, OccurrenceView>()
  for (const e of view.events) {
    if (e.occurrence?.series !== series || e.start === null) continue
    let o = byId.get(e.occurrence.id)
    if (!o) {
      o = { id: e.occurrence.id, date: e.occurrence.date, events: [], start: e.start, end: e.end!, cancelled: e.state === 'cancelled' }
      byId.set(e.occurrence.id, o)
    }
    o.events.push(e)
    o.start = Math.min(o.start, e.start)
    o.end = Math.max(o.end, e.end!)
  }
  return [...byId.values()].sort((a, b) => a.start - b.start)
}

/** An occurrence as one event for a reply: the series' title and kind over the whole evening. */
export function asOne(o: OccurrenceView, s: SeriesView): EventView {
  const first = o.events[0]!
  return o.events.length === 1 ? first : { ...first, title: s.title, kind: s.kind, start: o.start, end: o.end }
}

export function describeOccurrence(o: OccurrenceView, s: SeriesView, ctx: ExecContext): string {
  return describeEvent(asOne(o, s), ctx.tz, ctx.lang)
}

/**
 * For name matching (`findEvent`): each series in `pool` reduced to one event, its next occurrence
 * that is not cancelled (or else its latest), shown with the series' title over the whole occurrence;
 * and the typed name without a leading "next" / "prochain" / "nächste".
 *
 * @returns also `until` (UTC ms): the pool is the same for every clock from `now` to before `until`
 *   (the earliest end of an occurrence picked as the next one; `Infinity` when none is).
 */
export function collapseOccurrences(pool: EventView[], typed: string, now: number): { pool: EventView[]; typed: string; until: number } {
  const stripped = withoutNext(typed)
  const plain: EventView[] = []
  const bySeries = new Map<string, Map<string, EventView[]>>()
  for (const e of pool) {
    if (!e.occurrence) {
      plain.push(e)
      continue
    }
    const occs = bySeries.get(e.occurrence.series) ?? new Map<string, EventView[]>()
    const list = occs.get(e.occurrence.id) ?? []
    list.push(e)
    occs.set(e.occurrence.id, list)
    bySeries.set(e.occurrence.series, occs)
  }
  let until = Infinity
  for (const occs of bySeries.values()) {
    const all = [...occs.values()].map((events) => ({ events, start: Math.min(...events.map((e) => e.start ?? Infinity)), end: Math.max(...events.map((e) => e.end ?? 0)) }))
    all.sort((a, b) => a.start - b.start)
    const next = all.find((o) => o.end > now && o.events[0]!.state !== 'cancelled')
    // Later clocks drop occurrences from the front only: the pick holds until the next one ends.
    if (next) until = Math.min(until, next.end)
    const pick = next ?? all.at(-1)!
    const first = pick.events[0]!
    const seriesTitle = first.occurrence!.item !== undefined ? first.title.replace(/: [^:]*$/, '') : first.title
    plain.push(pick.events.length === 1 ? first : { ...first, title: seriesTitle, start: pick.start, end: pick.end })
  }
  return { pool: plain, typed: stripped || typed, until }
}

/** The typed name without a leading "next" / "prochain" / "nächste" (empty when that was all). */
export function withoutNext(typed: string): string {
  return typed.replace(/^(?:the\s+|le\s+|la\s+|das\s+|den\s+|die\s+|der\s+)?(?:next|upcoming|prochaine?|n(?:ä|ae|a)chste[nrs]?)\s+/iu, '')
}
