/**
 * Rules for recurring series, in English, French and German: create one ("every first Wednesday at
 * 18:30 at Ground Control: Paris P2P monthly"), skip, move or end occurrences, set a programme
 * template, and ask for the next one.
 *
 * @remarks
 * A recurrence phrase becomes an RFC 5545 RECUR value (§3.3.10): "every first Wednesday" /
 * "tous les premiers mercredis" / "jeden ersten Mittwoch" → `FREQ=MONTHLY;BYDAY=1WE`; "every
 * Tuesday" → `FREQ=WEEKLY;BYDAY=TU`; "every other Tuesday" → `…;INTERVAL=2`; "on the 15th of every
 * month" → `FREQ=MONTHLY;BYMONTHDAY=15`; "every day" → `FREQ=DAILY`. The phrase is cut out; the rest
 * is read like an event (clock time, venue, kind, title; a title may follow a colon). Series names
 * stay as typed: the executor matches them. "the series" / "la série" / "die Serie" leaves the name
 * out (the speaker's only series).
 */
import type { EventKind } from '../../core/types.ts'
import { addDays, dayOf, formatTime } from '../../core/time.ts'
import type { Lang, OccurrencePick, ParseContext, SeriesIntent } from '../intent.ts'
import { hhmm } from './clock.ts'
import { cleanName, stripArticles } from './names.ts'
import { type Rule, fail, timeProblem } from './rule.ts'
import { readEventParts } from './event-parts.ts'
import { allMatches, blank, group, squash, sub, type Txt, rx } from './text.ts'
import { findTime } from './time.ts'
import { kindAlternation, kindOfWord, monthAlternation, type Vocab } from './vocab.ts'
import { capitalise } from '../format.ts'

const E = String.raw`(?![\p{L}\p{N}])`
const B = String.raw`(?<![\p{L}\p{N}])`
const CODES = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const

/** The words of one language for series. Regex sources on folded text, without groups. */
interface SeriesWords {
  weekdays: readonly string[]
  /** Ordinal words → 1…5, −1 (last). */
  ordinals: readonly [string, number][]
  /** Before a recurring weekday: "every", "tous les", "jeden". */
  every: string
  /** After an ordinal weekday: "of the month", "du mois", "im Monat". */
  ofMonth: string
  /** "every other", "toutes les deux semaines le", "jeden zweiten" (without "im Monat"). */
  everyOther: string
  /** Weekly without an ordinal: "weekly on", "chaque semaine le". */
  weekly: string
  /** Monthly on a day of the month, with the day in a group `md`. */
  monthDay: string
  daily: string
  /** "the series" and the like: no name. */
  theSeries: RegExp
  /** "next" before a name. */
  next: string
  /** "the March one": the month in a group `mon`. */
  monthOne: string
  /** Leading verbs of a creation to drop ("add", "ajoute", "füge … hinzu"). */
  addVerbs: string
  addTail: string
  skip: readonly RegExp[]
  move: readonly RegExp[]
  end: readonly RegExp[]
  template: readonly RegExp[]
  nextQuery: readonly RegExp[]
  until: string
  /** "to the 11th" as a day of month, in a group `dom`. */
  dayOfMonth: RegExp
}

const re = (s: string) => new RegExp(s, 'du')

const EN: SeriesWords = {
  weekdays: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'],
  ordinals: [['first|1st', 1], ['second|2nd', 2], ['third|3rd', 3], ['fourth|4th', 4], ['fifth|5th', 5], ['last', -1]],
  every: 'every|each|on every|on each|on the|the',
  ofMonth: String.raw`(?:of|in)\s+(?:the|every|each|a)\s+month`,
  everyOther: String.raw`every\s+other|every\s+second|every\s+2nd|every\s+two\s+weeks\s+on`,
  weekly: String.raw`weekly\s+on|every\s+week\s+on|each\s+week\s+on|every|each|on`,
  monthDay: String.raw`(?:(?:on\s+)?the\s+(?<md>\d{1,2})(?:st|nd|rd|th)?\s+of\s+(?:every|each|the)\s+month|(?:every|each)\s+month\s+on\s+the\s+(?<md2>\d{1,2})(?:st|nd|rd|th)?|monthly\s+on\s+the\s+(?<md3>\d{1,2})(?:st|nd|rd|th)?)`,
  daily: String.raw`every\s+(?:day|morning|evening|night)|each\s+(?:day|morning|evening)|daily`,
  theSeries: /^(?:the\s+)?(?:series|this\s+series|it|that\s+series|the\s+meetup)$/u,
  next: 'next|upcoming',
  monthOne: String.raw`(?:the\s+)?(?<mon>MONTHS)\s+(?:one|edition|session|meeting|meetup)`,
  addVerbs: String.raw`add|create|new|schedule|plan|set\s+up|start`,
  addTail: '',
  skip: [
    re(String.raw`^(?:skip|drop)\s+(?<rest>.+)$`),
  ],
  move: [re(String.raw`^(?:move|reschedule|shift|push)\s+(?<rest>.+?)\s+to\s+(?<target>.+)$`)],
  end: [
    re(String.raw`^(?:end|stop|finish|terminate)\s+(?<rest>.+?)\s+(?:after|at\s+the\s+end\s+of)\s+(?<when>.+)$`),
    re(String.raw`^(?<rest>.+?)\s+ends?\s+(?:after|at\s+the\s+end\s+of|in)\s+(?<when>.+)$`),
  ],
  template: [
    re(String.raw`^(?:set\s+)?(?:the\s+)?(?:programme|program|template|agenda|schedule)\s+(?:of|for)\s+(?<rest>.+?)\s?:\s+(?<items>.+)$`),
    re(String.raw`^(?<rest>.+?)\s+(?:programme|program|template|agenda)\s?:\s+(?<items>.+)$`),
  ],
  nextQuery: [
    re(String.raw`^(?:when(?:'s|\s+is|\s+will\s+be)?|what\s+day\s+is)\s+(?:the\s+)?next\s+(?<rest>.+)$`),
    re(String.raw`^when\s+(?:is|are)\s+(?<rest>.+?)\s+next$`),
    re(String.raw`^next\s+(?<rest>.+)$`),
  ],
  until: String.raw`until|till|through|ending`,
  dayOfMonth: /^(?:the\s+)?(?<dom>\d{1,2})(?:st|nd|rd|th)?$/u,
}

const FR: SeriesWords = {
  weekdays: ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'],
  ordinals: [['premiers?|premieres?|1ers?|1eres?', 1], ['deuxiemes?|seconds?|secondes?|2e|2emes?', 2], ['troisiemes?|3e|3emes?', 3], ['quatriemes?|4e|4emes?', 4], ['cinquiemes?|5e', 5], ['derniers?|dernieres?', -1]],
  every: 'tous les|toutes les|chaque|le|les',
  ofMonth: String.raw`(?:du\s+mois|de\s+chaque\s+mois|de\s+tous\s+les\s+mois|de\s+chaque\s+mois)`,
  everyOther: String.raw`un\s+sur\s+deux|toutes\s+les\s+deux\s+semaines\s+le|tous\s+les\s+deux`,
  weekly: String.raw`chaque\s+semaine\s+le|toutes\s+les\s+semaines\s+le|tous\s+les|chaque|le`,
  monthDay: String.raw`(?:(?:le|tous\s+les)\s+(?<md>\d{1,2})(?:er)?\s+(?:de\s+chaque\s+mois|du\s+mois|de\s+tous\s+les\s+mois)|chaque\s+mois\s+le\s+(?<md2>\d{1,2})(?:er)?|(?:mensuellement|tous\s+les\s+mois)\s+le\s+(?<md3>\d{1,2})(?:er)?)`,
  daily: String.raw`tous\s+les\s+(?:jours|matins|soirs)|chaque\s+(?:jour|matin|soir)|quotidiennement`,
  theSeries: /^(?:la\s+|cette\s+)?(?:serie|rencontre|recurrence)$/u,
  next: 'prochain|prochaine',
  monthOne: String.raw`(?:celui|celle|la\s+seance|la\s+rencontre|l'edition|le\s+rendez-vous)\s+(?:de|d')\s*(?<mon>MONTHS)`,
  addVerbs: String.raw`ajoute|ajouter|ajoutez|cree|creer|creez|nouveau|nouvelle|programme|planifie|organise`,
  addTail: '',
  skip: [re(String.raw`^(?:saute|sauter|sautez|on\s+saute|passe|pas\s+de)\s+(?<rest>.+)$`)],
  move: [re(String.raw`^(?:deplace|deplacer|deplacez|decale|decaler|decalez|reporte|reporter)\s+(?<rest>.+?)\s+(?:au|a|vers\s+le|vers)\s+(?<target>.+)$`)],
  end: [
    re(String.raw`^(?:arrete|arreter|arretez|termine|terminer|terminez|finis|stoppe|stop|fin\s+de)\s+(?<rest>.+?)\s+(?:apres|a\s+la\s+fin\s+de|fin|en\s+fin\s+de)\s+(?<when>.+)$`),
    re(String.raw`^(?<rest>.+?)\s+(?:s'arrete|se\s+termine|finit)\s+(?:apres|fin|a\s+la\s+fin\s+de|en)\s+(?<when>.+)$`),
  ],
  template: [
    re(String.raw`^(?:le\s+)?(?:programme|deroule|deroulement)\s+(?:de\s+la|de\s+l'|du|des|de|pour)\s*(?<rest>.+?)\s?:\s+(?<items>.+)$`),
    re(String.raw`^(?<rest>.+?)\s+(?:programme|deroule)\s?:\s+(?<items>.+)$`),
  ],
  nextQuery: [
    re(String.raw`^(?:quand\s+(?:a\s+lieu|est|aura\s+lieu)|c'est\s+quand|quand)\s+(?:le|la)\s+prochaine?\s+(?<rest>.+)$`),
    re(String.raw`^(?:le|la)\s+prochaine?\s+(?<rest>.+?)(?:\s+c'est\s+quand|\s+quand)?$`),
  ],
  until: String.raw`jusqu'a|jusqu'en|jusqu'au`,
  dayOfMonth: /^(?:le\s+)?(?<dom>\d{1,2})(?:er)?$/u,
}

const DE: SeriesWords = {
  weekdays: ['montag', 'dienstag', 'mittwoch', 'donnerstag', 'freitag', 'samstag|sonnabend', 'sonntag'],
  ordinals: [['ersten|erster|erste|1\\.', 1], ['zweiten|zweiter|2\\.', 2], ['dritten|dritter|3\\.', 3], ['vierten|vierter|4\\.', 4], ['funften|fuenften|5\\.', 5], ['letzten|letzter|letzte', -1]],
  every: 'jeden|jede|jedem|an\\s+jedem|immer\\s+am|am',
  ofMonth: String.raw`(?:im\s+monat|des\s+monats|jedes\s+monats|eines\s+monats)`,
  everyOther: String.raw`jeden\s+zweiten|alle\s+zwei\s+wochen\s+am|alle\s+zwei\s+wochen`,
  weekly: String.raw`jeden|jede|an\s+jedem|immer|wochentlich\s+am|jede\s+woche\s+am`,
  monthDay: String.raw`(?:(?:am|jeden|jeweils\s+am)\s+(?<md>\d{1,2})\.\s+(?:jedes\s+monats|des\s+monats|im\s+monat|eines\s+monats)|monatlich\s+am\s+(?<md2>\d{1,2})\.|jeden\s+monat\s+am\s+(?<md3>\d{1,2})\.)`,
  daily: String.raw`jeden\s+(?:tag|morgen|abend)|taglich|taeglich|morgens\s+immer|jeden\s+fruh`,
  theSeries: /^(?:die\s+|diese\s+)?(?:serie|reihe|terminserie)$/u,
  next: 'nachste|nachsten|nachster|nachstes|naechste|naechsten|naechstes',
  monthOne: String.raw`(?:das|den|die)\s+(?<mon>MONTHS)[-\s]?(?:treffen|termin|ausgabe|sitzung)`,
  addVerbs: String.raw`fuge|fuege|fug|trag|trage|erstelle|erstell|plane|lege|leg`,
  addTail: String.raw`hinzu|ein|an`,
  skip: [
    re(String.raw`^(?:uberspringe|uberspring|ueberspringe|lass|lasse)\s+(?<rest>.+?)(?:\s+(?:ausfallen|aus))?$`),
    re(String.raw`^(?<rest>.+?)\s+(?:fallt|faellt)\s+aus$`),
  ],
  move: [re(String.raw`^(?:verschieb|verschiebe|verlege|verleg|schieb|schiebe)\s+(?<rest>.+?)\s+(?:auf\s+den|auf|zum|nach)\s+(?<target>.+?)(?:\s+(?:um|verschieben))?$`)],
  end: [
    re(String.raw`^(?:beende|beenden|stoppe|stopp|stop)\s+(?<rest>.+?)\s+(?:nach|ende|zum\s+ende|mit\s+ende)\s+(?<when>.+)$`),
    re(String.raw`^(?<rest>.+?)\s+endet\s+(?:nach|im|ende|mit)\s+(?<when>.+)$`),
  ],
  template: [
    re(String.raw`^(?:das\s+)?(?:programm|ablauf)\s+(?:fur|fuer|von|vom|des|der)\s+(?<rest>.+?)\s?:\s+(?<items>.+)$`),
    re(String.raw`^(?<rest>.+?)\s+(?:programm|ablauf)\s?:\s+(?<items>.+)$`),
  ],
  nextQuery: [
    re(String.raw`^wann\s+(?:ist|findet)\s+(?:das|der|die)\s+(?:nachste|nachsten|nachster|nachstes|naechste)\s+(?<rest>.+?)(?:\s+statt)?$`),
    re(String.raw`^(?:das|der|die)\s+(?:nachste|nachster|nachstes|naechste)\s+(?<rest>.+?)(?:\s+wann)?$`),
  ],
  until: String.raw`bis\s+ende|bis\s+zum|bis`,
  dayOfMonth: /^(?:den\s+)?(?<dom>\d{1,2})\.?$/u,
}

const WORDS: Record<Lang, SeriesWords> = { en: EN, fr: FR, de: DE }

// ---- recurrence phrases ---------------------------------------------------------------------------

interface Recurrence {
  rrule: string
  a: number
  b: number
}

const cache = new Map<Lang, { re: RegExp; build: (g: Record<string, string | undefined>) => string | null }[]>()

function weekdayIndex(word: string, w: SeriesWords): number {
  return w.weekdays.findIndex((d) => rx('u')`^(?:${d})s?$`.test(word))
}

function recurrencePatterns(lang: Lang) {
  let list = cache.get(lang)
  if (list) return list
  const w = WORDS[lang]
  const wd = `(?:${w.weekdays.join('|')})s?`
  const ord = w.ordinals.map(([o]) => o).join('|')
  const ordOf = (s: string) => w.ordinals.find(([o]) => rx('u')`^(?:${o})$`.test(s))?.[1]
  const day = (g: string | undefined) => (g ? CODES[weekdayIndex(g, w)] : undefined)
  list = [
    {
      // "every first Wednesday (of the month)", "tous les premiers mercredis", "jeden ersten Mittwoch (im Monat)"
      re: rx('dgu')`${B}(?:(?<every>${w.every})\s+)?(?<ord>${ord})\s+(?<wd>${wd})(?:\s+(?<of>${w.ofMonth}))?${E}`,
      build: (g) => {
        const n = ordOf(g.ord ?? '')
        const d = day(g.wd)
        if (n === undefined || !d) return null
        // "last Saturday", "am letzten Samstag", "le dernier samedi" name the past Saturday, not a
        // series: "last" makes one only with "every"/"tous les"/"jeden" or "of the month".
        if (n === -1 && !g.of && !/^(?:every|each|on\s+every|on\s+each|tous\s+les|toutes\s+les|chaque|jeden|jede|jedem|an\s+jedem|immer\s+am)$/u.test(g.every ?? '')) return null
        // "every second Tuesday" / "jeden zweiten Dienstag" without "of the month" is every other Tuesday.
        if (n === 2 && !g.of && /^(?:every|each|jeden)\s+(?:second|2nd|zweiten)/.test(g.all ?? '')) return `FREQ=WEEKLY;INTERVAL=2;BYDAY=${d}`
        return `FREQ=MONTHLY;BYDAY=${n}${d}`
      },
    },
    {
      re: rx('dgu')`${B}(?:${w.monthDay})${E}`,
      build: (g) => {
        const n = Number(g.md ?? g.md2 ?? g.md3)
        return n >= 1 && n <= 31 ? `FREQ=MONTHLY;BYMONTHDAY=${n}` : null
      },
    },
    {
      re: rx('dgu')`${B}(?:${w.everyOther})\s+(?<wd>${wd})${E}`,
      build: (g) => (day(g.wd) ? `FREQ=WEEKLY;INTERVAL=2;BYDAY=${day(g.wd)}` : null),
    },
    {
      // "un jeudi sur deux", "one thursday in two"
      re: rx('dgu')`${B}(?:un|une|one)\s+(?<wd>${wd})\s+(?:sur|in|out of)\s+(?:deux|2|two)${E}`,
      build: (g) => (day(g.wd) ? `FREQ=WEEKLY;INTERVAL=2;BYDAY=${day(g.wd)}` : null),
    },
    {
      // "every Tuesday (and Thursday)", "tous les mardis", "jeden Dienstag", "dienstags"
      re: rx('dgu')`${B}(?:(?:${w.weekly})\s+(?<wd>${wd})(?:\s+(?:and|et|und)\s+(?<wd2>${wd}))?|(?<adv>${w.weekdays.join('|')})s)${E}`,
      build: (g) => {
        if (g.adv && lang !== 'de' && !/s$/.test(g.all ?? '')) return null
        const d1 = day(g.wd ?? g.adv)
        const d2 = day(g.wd2)
        if (!d1) return null
        // A weekday after a bare "le"/"on"/"am" is a single day, not a rule, unless it is plural.
        if (g.wd && /^(?:le|on|am)\s/.test(g.all ?? '') && !/s$/.test(g.wd)) return null
        return `FREQ=WEEKLY;BYDAY=${d2 && d2 !== d1 ? `${d1},${d2}` : d1}`
      },
    },
    { re: rx('dgu')`${B}(?:${w.daily})${E}`, build: () => 'FREQ=DAILY' },
  ]
  cache.set(lang, list)
  return list
}

/** The first recurrence phrase of `t`, as a RECUR value and its place in the text. */
function findRecurrence(t: Txt, lang: Lang): Recurrence | null {
  for (const { re: r, build } of recurrencePatterns(lang)) {
    r.lastIndex = 0
    for (const m of allMatches(r, t.f)) {
      const rrule = build({ ...(m.groups ?? {}), all: m[0] })
      if (rrule) return { rrule, a: m.index, b: m.index + m[0].length }
    }
  }
  return null
}

// ---- helpers ------------------------------------------------------------------------------------

function kindOf(text: string, v: Vocab): EventKind | undefined {
  for (const k of v.kinds) if (rx('u')`(?<![\p{L}])(?:${k.re})${E}`.test(text)) return k.kind
  return undefined
}

function monthIndex(word: string, v: Vocab): number {
  return v.time.months.findIndex((m) => rx('u')`^(?:${m})\.?$`.test(word)) + 1
}

const monthsAlt = monthAlternation

/** The last day of a month, `YYYY-MM-DD`. */
function lastDayOf(year: number, month: number): string {
  const next = month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`
  return addDays(next, -1)
}

/** The last day of the next month numbered `month` that has not ended yet, `YYYY-MM-DD`. */
function endOfMonthAhead(month: number, ctx: ParseContext): string {
  const today = dayOf(ctx.now, ctx.timezone)
  const year = Number(today.slice(0, 4))
  return lastDayOf(month < Number(today.slice(5, 7)) ? year + 1 : year, month)
}

/**
 * A day typed without a year, read forward like {@link endOfMonthAhead}: the same day a year later
 * when it is before today ("after 5 December" said on 1 January 2027 is 5 December 2027), unchanged
 * otherwise (and when that day does not exist a year later, 29 February).
 */
function dayAhead(day: string, ctx: ParseContext): string {
  if (day >= dayOf(ctx.now, ctx.timezone)) return day
  const later = `${Number(day.slice(0, 4)) + 1}${day.slice(4)}`
  return new Date(`${later}T00:00:00Z`).toISOString().slice(0, 10) === later ? later : day
}

/** The series a name stands for, or `undefined` for "the series"; `null` when nothing is left. */
function seriesName(t: Txt, v: Vocab, w: SeriesWords, quotes: readonly string[]): string | undefined | null {
  const cleaned = squash(stripArticles(squash(t), v))
  if (!cleaned.f || w.theSeries.test(cleaned.f) || w.theSeries.test(squash(t).f)) return undefined
  return cleanName(cleaned, v, quotes) ?? null
}

/** Reads an occurrence reference: "the next X", "the March one (of X)", "X in March", "X on 3 March". */
function readPick(t: Txt, v: Vocab, w: SeriesWords, ctx: ParseContext, quotes: readonly string[]): { series?: string; pick: OccurrencePick } | null {
  const body = squash(t)
  const next = rx('du')`^(?:(?:${v.articles})\s+)?(?:${w.next})\s+(?<rest>.+)$`.exec(body.f)
  if (next) {
    const rest = group(body, next, 'rest')!
    const name = /^(?:one|celui|celle|termin)$/.test(rest.f) ? undefined : seriesName(rest, v, w, quotes)
    if (name === null) return null
    return name ? { series: name, pick: { kind: 'next' } } : { pick: { kind: 'next' } }
  }
  const one = rx('du')`^${w.monthOne.replace('MONTHS', monthsAlt(v))}(?:\s+(?:of|de|du|des|von|vom)\s+(?<rest>.+))?$`.exec(body.f)
  if (one) {
    const month = monthIndex(one.groups?.mon ?? '', v)
    const rest = group(body, one, 'rest')
    const name = rest ? seriesName(rest, v, w, quotes) : undefined
    if (!month || name === null) return null
    return name ? { series: name, pick: { kind: 'month', month } } : { pick: { kind: 'month', month } }
  }
  const inMonth = rx('du')`^(?<rest>.+?)\s+(?:in|en|de|d'|du\s+mois\s+de|im)\s*(?<mon>${monthsAlt(v)})\.?$`.exec(body.f)
  if (inMonth) {
    const month = monthIndex(inMonth.groups?.mon ?? '', v)
    const name = seriesName(group(body, inMonth, 'rest')!, v, w, quotes)
    if (month && name !== null) return name ? { series: name, pick: { kind: 'month', month } } : { pick: { kind: 'month', month } }
  }
  const tf = findTime(body, v, ctx)
  if (tf.day && !tf.problem && tf.clock === undefined) {
    const name = seriesName(tf.rest, v, w, quotes)
    if (name === null) return null
    return name ? { series: name, pick: { kind: 'day', day: tf.day } } : { pick: { kind: 'day', day: tf.day } }
  }
  return null
}

const withSeries = <T extends object>(out: T, series: string | undefined): T => (series ? { ...out, series } : out)

// ---- rules --------------------------------------------------------------------------------------

/**
 * "every first Wednesday at 18:30 at Ground Control: Paris P2P monthly", "open mic every Tuesday
 * 7pm at the bar", "add workshop every day at 9:00". The rule's words are cut out; the rest is read
 * like an event (time, venue anywhere, kind, title; a title may follow or precede a colon). Without
 * a kind word a series is a meetup: a gathering that comes back.
 */
/** "weekly", "hebdo", "wöchentliches" (folded): words that only repeat what the rule says. */
const FREQ_ADJ = String.raw`(?:hebdo|hebdomadaire|mensuel|mensuelle|weekly|monthly|daily|quotidien|quotidienne|wochentliche[rsn]?|woechentliche[rsn]?|monatliche[rsn]?|tagliche[rsn]?)`

export const addSeries: Rule = (t, v, ctx, quotes) => {
  const w = WORDS[v.lang]
  if (!findRecurrence(t, v.lang)) return null
  // A title after (or before) a colon: "…: Paris P2P monthly".
  let schedule = t
  let titled: Txt | undefined
  const colon = /\s?:\s/u.exec(t.f)
  if (colon) {
    const left = squash(sub(t, 0, colon.index))
    const right = squash(sub(t, colon.index + colon[0].length))
    const [sched, name] = findRecurrence(left, v.lang) ? [left, right] : [right, left]
    schedule = sched
    titled = name
  }
  // "weekly meetup: rust study group, every thursday …": a colon after a kind word alone (and "weekly")
  // introduces the title, which then opens the schedule side.
  let kindSaid: EventKind | undefined
  /** That kind word as typed: the title when nothing else names the series ("…: Stammtisch"). */
  let kindWord: string | undefined
  if (titled) {
    const bare = stripArticles(titled, v)
    const k = rx('du')`^(?:${FREQ_ADJ}\s+)?(?<k>${kindAlternation(v)})(?:\s+${FREQ_ADJ})?$`.exec(bare.f)
    if (k?.groups?.k) {
      kindSaid = kindOfWord(k.groups.k, v)
      const span = k.indices?.groups?.k
      if (span) kindWord = capitalise(bare.o.slice(span[0], span[1]))
      titled = undefined
    }
  }
  const rec = findRecurrence(schedule, v.lang)
  if (!rec) return null
  // The rule first, an "add" verb first, or a name first ("open mic every Tuesday …").
  const addVerb = rx('u')`^(?:${w.addVerbs})${E}`
  if (rec.a !== 0 && !addVerb.test(schedule.f) && !nameFirst(squash(sub(schedule, 0, rec.a)), v)) return null
  let rest = blank(schedule, rec.a, rec.b)
  let until: string | undefined
  const untilMatch = rx('du')`${B}(?:${w.until})\s+(?:(?:the\s+)?end\s+of\s+|fin\s+|ende\s+)?(?<mon>${monthsAlt(v)})\.?${E}`.exec(rest.f)
  if (untilMatch) {
    until = endOfMonthAhead(monthIndex(untilMatch.groups?.mon ?? '', v), ctx)
    rest = blank(rest, untilMatch.index, untilMatch.index + untilMatch[0].length)
  }
  let head = squash(rest)
  head = squash(sub(head, rx('u')`^(?:(?:${w.addVerbs})${E}\s*)*`.exec(head.f)?.[0].length ?? 0))
  if (w.addTail) head = squash(sub(head, 0, head.f.length - (rx('u')`(?:\s+(?:${w.addTail}))+$`.exec(head.f)?.[0].length ?? 0)))
  // "add a weekly meetup "Jam" every Monday", "ein wöchentliches Treffen …", "une rencontre hebdomadaire
  // « Vélo »": by the kind word, "weekly" only repeats the rule; left in, the kind would not lead and the
  // title would take both words.
  const before = rx('du')`^(?<art>(?:(?:${v.articles})\s+)*)(?<adj>${FREQ_ADJ})\s+(?=(?:${kindAlternation(v)})${E})`.exec(head.f)
  if (before?.groups) head = squash(blank(head, before.groups.art!.length, before[0].length))
  const after = rx('du')`^(?<lead>(?:(?:${v.articles})(?:\s+|(?<=')))*(?:${kindAlternation(v)}))\s+${FREQ_ADJ}${E}`.exec(head.f)
  if (after?.groups) head = squash(blank(head, after.groups.lead!.length, after[0].length))
  let parts = readEventParts(head, v, ctx, quotes, { mode: 'add' })
  // "every morning at 8", "tous les soirs à 9": the rule says which half of the day a bare hour is.
  const said = schedule.f.slice(rec.a, rec.b)
  const half = /morning|matin|morgen|fruh/u.test(said) ? 0 : /evening|night|soir|abend/u.test(said) ? 1 : -1
  if ('type' in parts && parts.type === 'ask' && parts.picks?.length === 2 && half >= 0) parts = readEventParts(head, v, { ...ctx, pick: parts.picks[half]! }, quotes, { mode: 'add' })
  if ('type' in parts) return parts
  const tf = parts.tf
  if (!tf.spec || tf.spec.dayOnly || tf.clock === undefined) return fail('missing-time')
  if (parts.ask) return { type: 'ask', question: parts.ask.question, choices: parts.ask.options.map((o) => o.choice) }
  const clock = hhmm(tf.clock)
  const endClock = tf.spec.end !== undefined ? (tf.spec.endClock ?? formatTime(tf.spec.end, ctx.timezone)) : undefined
  let kind: EventKind = parts.kind && parts.kind !== 'other' ? parts.kind : kindSaid && kindSaid !== 'other' ? kindSaid : 'meetup'
  let title = parts.title
  if (titled) {
    // A title after a colon is taken whole ("…: Film club"); a kind word it starts with gives the
    // kind, and a plain kind noun before a name is the kind's, not the title's ("…: vortrag p2p-news").
    const bare = stripArticles(titled, v)
    const lead = rx('du')`^(?<k>${kindAlternation(v)})${E}`.exec(bare.f)
    const k = lead?.groups?.k ? kindOfWord(lead.groups.k, v) : undefined
    if (k && k !== 'other' && !parts.kind) kind = k
    const noun = lead?.groups?.k && v.kindWords.includes(lead.groups.k) ? squash(sub(bare, lead[0].length)) : undefined
    title = (noun?.f ? cleanName(noun, v, quotes) : undefined) ?? cleanName(titled, v, quotes) ?? title
  }
  // "rencontre hebdo opérateurs de nœuds tous les mardis": after the kind word, "weekly" only repeats the
  // rule — unless it is part of a quoted title ("Weekly jam").
  if (title && parts.kindAt === 'lead' && !quotes.includes(title)) {
    const freq = rx('u')`^${FREQ_ADJ}\s+(?=\S)`.exec(title.toLowerCase().normalize('NFD').replace(/\p{M}/gu, ''))
    if (freq) title = title.slice(freq[0].length)
  }
  // "jeden Montag um 19 Uhr: Stammtisch", "tous les lundis à 19h : Plénière": a kind word alone after the
  // colon, and nothing else to name the series: the word is its name, as typed.
  if (!title && kindWord) title = kindWord
  // "every day at 9:00" with nothing to name: not a series (perhaps another rule's, e.g. a daily post).
  if (!title && !parts.kind) return null
  const out: Extract<SeriesIntent, { type: 'add-series' }> = { type: 'add-series', rrule: rec.rrule, clock, kind }
  if (endClock) out.endClock = endClock
  if (tf.spec.durationMs !== undefined) out.durationMs = tf.spec.durationMs
  if (title) out.title = title
  if (parts.venue) out.venue = parts.venue
  if (tf.day) out.from = tf.day
  if (until) out.until = until
  return out
}

/** Whether the words before a recurrence are a title ("open mic", "jam session"), not a command or a question. */
function nameFirst(before: Txt, v: Vocab): boolean {
  const words = before.f.split(/\s+/).filter(Boolean)
  if (words.length === 0 || words.length > 6) return false
  const verbs = rx('u')`^(?:${v.changeVerbs}|skip|saute|lass|move|deplace|verschieb|remind|rappelle|erinnere|post|poste|what|when|where|quand|wann|wo|ou|is|est|ist|i|je|ich|we|nous|wir|stop|arrete|hor)${E}`
  return !verbs.test(before.f)
}

/** "skip the next Paris P2P monthly", "skip Paris P2P monthly on 3 March", "skip the March one". */
export const skipOccurrence: Rule = (t, v, ctx, quotes) => {
  const w = WORDS[v.lang]
  for (const r of w.skip) {
    const m = r.exec(t.f)
    if (!m) continue
    const rest = group(t, m, 'rest')
    if (!rest) continue
    const p = readPick(rest, v, w, ctx, quotes)
    if (!p) return null // "skip the workshop": an RSVP, not a series
    return withSeries({ type: 'skip-occurrence' as const, pick: p.pick }, p.series)
  }
  return null
}

/** "move the March one to the 11th", "move Paris P2P monthly on 3 March to 19:30". */
export const moveOccurrence: Rule = (t, v, ctx, quotes) => {
  const w = WORDS[v.lang]
  for (const r of w.move) {
    const m = r.exec(t.f)
    if (!m) continue
    const rest = group(t, m, 'rest')
    const target = group(t, m, 'target')
    if (!rest || !target) continue
    const p = readPick(rest, v, w, ctx, quotes)
    if (!p) return null
    const out: Extract<SeriesIntent, { type: 'move-occurrence' }> = withSeries({ type: 'move-occurrence' as const, pick: p.pick }, p.series)
    const dom = w.dayOfMonth.exec(squash(target).f)
    if (dom?.groups?.dom) {
      out.toDayOfMonth = Number(dom.groups.dom)
      return out.toDayOfMonth >= 1 && out.toDayOfMonth <= 31 ? out : fail('bad-time')
    }
    // "to the 11th at 19:00": a day of month with more after it.
    let tgt = squash(target)
    const domLead = rx('du')`^(?:the\s+|le\s+|den\s+)?(?<dom>\d{1,2})(?:st|nd|rd|th|er|\.)(?:\s|$)`.exec(tgt.f)
    if (domLead?.groups?.dom && !rx('u')`^(?:the\s+|le\s+|den\s+)?\d{1,2}(?:st|nd|rd|th|er|\.)\s*(?:${monthsAlt(v)})`.test(tgt.f)) {
      out.toDayOfMonth = Number(domLead.groups.dom)
      tgt = squash(sub(tgt, domLead[0].length))
    }
    const tf = findTime(tgt, v, ctx)
    const problem = timeProblem(tf, v)
    if (problem) return problem
    if (tf.day) out.toDay = tf.day
    if (tf.clock !== undefined) out.clock = hhmm(tf.clock)
    if (tf.spec?.end !== undefined) out.endClock = tf.spec.endClock ?? formatTime(tf.spec.end, ctx.timezone)
    const left = squash(tf.rest)
    if (left.f) {
      const venueText = squash(sub(left, rx('u')`^(?:${v.venuePreps}|${v.moveTo})(?:\s+|(?<='))`.exec(left.f)?.[0].length ?? 0))
      const venue = cleanName(venueText, v, quotes)
      if (venue) out.venue = venue
    }
    if (out.toDayOfMonth === undefined && !out.toDay && !out.clock && !out.venue) return fail('missing-time')
    return out
  }
  return null
}

/**
 * "end the series after June", "stop Paris P2P monthly after 30 June": the last day, read forward
 * (a month or a day without a year that has passed is next year's). A day typed with its year is
 * kept as typed, even when it has passed: the executor refuses it.
 */
export const endSeries: Rule = (t, v, ctx, quotes) => {
  const w = WORDS[v.lang]
  for (const r of w.end) {
    const m = r.exec(t.f)
    if (!m) continue
    const rest = group(t, m, 'rest')
    const when = group(t, m, 'when')
    if (!rest || !when) continue
    const whenTxt = squash(when)
    let until: string | undefined
    const mon = rx('du')`^(?:the\s+|le\s+mois\s+de\s+|le\s+mois\s+d'|le\s+|den\s+|dem\s+)?(?<mon>${monthsAlt(v)})\.?(?:\s+(?<y>\d{4}))?$`.exec(whenTxt.f)
    if (mon?.groups?.mon) {
      const month = monthIndex(mon.groups.mon, v)
      until = mon.groups.y ? lastDayOf(Number(mon.groups.y), month) : endOfMonthAhead(month, ctx)
    } else {
      const article = /^(?:the|le|den|dem)\s+(?=\d)/u.exec(whenTxt.f)
      const tf = findTime(article ? squash(sub(whenTxt, article[0].length)) : whenTxt, v, ctx)
      if (!tf.day || tf.rest.f || tf.clock !== undefined) return null
      until = /(?<!\d)\d{4}(?!\d)/u.test(whenTxt.f) ? tf.day : dayAhead(tf.day, ctx)
    }
    const name = seriesName(rest, v, w, quotes)
    if (name === null) return fail('missing-name')
    return withSeries({ type: 'end-series' as const, until: until! }, name)
  }
  return null
}

/** "Paris P2P monthly programme: 18:30 doors, 19:00 talks, 19:30 person-to-person, 20:00 free-for-all". */
export const seriesTemplate: Rule = (t, v, ctx, quotes) => {
  const w = WORDS[v.lang]
  for (const r of w.template) {
    const m = r.exec(t.f)
    if (!m) continue
    const rest = group(t, m, 'rest')
    const itemsTxt = group(t, m, 'items')
    if (!rest || !itemsTxt) continue
    const parts: Txt[] = []
    let from = 0
    const sep = rx('gu')`\s*(?:[,;]|\s(?:and|then|et|puis|und|dann)\s)\s*`
    for (const s of allMatches(sep, itemsTxt.f)) {
      parts.push(sub(itemsTxt, from, s.index))
      from = s.index + s[0].length
    }
    parts.push(sub(itemsTxt, from))
    const items: Extract<SeriesIntent, { type: 'series-template' }>['items'] = []
    for (const part of parts) {
      const p = squash(part)
      if (!p.f) continue
      const tf = findTime(p, v, ctx)
      if (tf.problem?.kind === 'bad-time') return fail('bad-time')
      if (tf.problem?.kind === 'bad-date') return fail('bad-date', tf.problem.text)
      if (tf.clock === undefined || tf.day) return null // not a programme of clock times
      const title = cleanName(tf.rest, v, quotes, 'from|des|a partir de|ab')
      if (!title) return fail('missing-name')
      const item: (typeof items)[number] = { clock: hhmm(tf.clock), title }
      if (tf.spec?.end !== undefined) item.endClock = tf.spec.endClock ?? formatTime(tf.spec.end, ctx.timezone)
      const kind = kindOf(tf.rest.f, v)
      if (kind && kind !== 'other') item.kind = kind
      items.push(item)
    }
    if (items.length === 0) return null
    const name = seriesName(rest, v, w, quotes)
    if (name === null) return fail('missing-name')
    return withSeries({ type: 'series-template' as const, items }, name)
  }
  return null
}

/** "when is the next Paris P2P monthly?". */
export const nextOccurrence: Rule = (t, v, ctx, quotes) => {
  const w = WORDS[v.lang]
  for (const r of w.nextQuery) {
    const m = r.exec(t.f)
    if (!m) continue
    const rest = group(t, m, 'rest')
    if (!rest) continue
    // "next Saturday", "le prochain mardi": a day, not a series.
    const tf = findTime(squash(rest), v, ctx)
    if (tf.day !== undefined || tf.clock !== undefined) return null
    const name = seriesName(rest, v, w, quotes)
    if (name === null) return null
    return withSeries({ type: 'next-occurrence' as const }, name)
  }
  return null
}

/** The series rules, most specific first; tried before the event rules. */
export const SERIES_RULES: readonly Rule[] = [seriesTemplate, addSeries, skipOccurrence, moveOccurrence, endSeries, nextOccurrence]

