/**
 * The command-language parser: one chat sentence in English, French or German to one intent, a
 * question back, or a reason with a hint.
 *
 * @remarks
 * The room's language is tried first, then the others; the language whose rules read the sentence
 * travels with the result. Rules are tried in a fixed order within a language (most specific
 * first: help, undo, my events, recurring series (`rules-series.ts`), who is going, RSVPs, free
 * slots, venues, resources, bookings, rename, cancel, move, add, schedule queries); each is a pattern plus an extraction, one concern
 * per file (`rules-*.ts`), with each language's words in `vocab-*.ts` and time words in `time.ts`.
 *
 * Times come out resolved in the festival's zone (see {@link TimeSpec} in `../intent.ts`):
 * - a day and a clock time: `start` (and `end`) are that wall time on that day;
 * - only a day ("on Saturday"): `dayOnly: true`, `start` at 00:00 of it;
 * - only a clock time ("move X to 20:00"): `timeOnly: true`, `clock` (and `endClock`) as `HH:MM`,
 *   and `start`/`end` that wall time on the reference day (today in the zone);
 * - a bare weekday is the coming one (today when it is today); "next Saturday" is the same one;
 *   "last Saturday" is the one before today; a date without a year is the next one on or after a month ago;
 * - a range whose end is before its start is `bad-time`, except a night ("23:00-04:00", start
 *   from 18:00 and end by 08:00), which ends the next day.
 * A bare hour ("at 3") is asked about, unless the part of the day settles it ("tonight at 8").
 */
import { type Ask, type Intent, type KnownNames, LANGS, type Lang, type ParseContext, type ParseResult, type TimeSpec } from '../intent.ts'
import { findTime } from './time.ts'
import { badInput, normalize } from './normalize.ts'
import { askOne, hint } from './replies.ts'
import { type AskOutcome, type Outcome, type Rule } from './rule.ts'
import { fixSlips } from './typos.ts'
import { languageOrder } from './language.ts'
import { spokenForms } from './spoken.ts'
import { addBare, addEvent, cancelEvent, renameEvent } from './rules-event.ts'
import { describeEvent, moveBare, moveEvent, moveLast, movedStatement, removeVenue, renamedStatement, setLength, shiftEvent } from './rules-change.ts'
import { eventInfo, listPlaces, venueFree } from './rules-info.ts'
import { freeSlots, help, myEvents, rsvp, schedule, undo, whoGoing } from './rules-query.ts'
import { addResource, addVenue, book } from './rules-venue.ts'
import { SERIES_RULES } from './rules-series.ts'
import { APPLICATION_RULES } from './rules-applications.ts'
import { FREE_TEXT_APPLICATION_INTENTS } from '../intent-applications.ts'
import { PROPOSAL_RULES } from './rules-proposals.ts'
import { MEETING_RULES } from './rules-meetings.ts'
import { ROUNDS_RULES } from './rules-rounds.ts'
import { COMMUNITY_RULES } from './rules-community.ts'
import { allMatches, fold, match, squash, sub, type Txt, rx } from './text.ts'
import { changesBetween } from '../../core/deltas.ts'
import { kindAlternation, type Vocab } from './vocab.ts'
import { de } from './vocab-de.ts'
import { en } from './vocab-en.ts'
import { fr } from './vocab-fr.ts'

export type { ParseContext, ParseResult } from '../intent.ts'

const VOCABS: Record<Lang, Vocab> = { en, fr, de }

const RULES: readonly Rule[] = [
  help,
  undo,
  // Random meetings and the serendipity switch: their own words only (rules-meetings.ts).
  ...MEETING_RULES,
  // Person-to-person rounds: narrow triggers ("pair people", "I'm in for the rounds"), read first (rules-rounds.ts).
  ...ROUNDS_RULES,
  // Communities (the mesh of city nodes): narrow sentences, or names of communities held here (rules-community.ts).
  ...COMMUNITY_RULES,
  // Deciding an application ("accept Alice for X") before accepting a proposal ("accept X for
  // Saturday 15:00 at Atelier"): the first takes only known people and no time (rules-applications.ts).
  ...APPLICATION_RULES,
  ...PROPOSAL_RULES,
  myEvents,
  ...SERIES_RULES,
  whoGoing,
  rsvp,
  freeSlots,
  venueFree,
  listPlaces,
  addVenue,
  addResource,
  removeVenue,
  book,
  describeEvent,
  renameEvent,
  renamedStatement,
  shiftEvent,
  setLength,
  cancelEvent,
  moveEvent,
  movedStatement,
  moveLast,
  addEvent,
  eventInfo,
  addBare,
  moveBare,
  schedule,
]

/**
 * Reads one chat sentence.
 *
 * @param text the message as typed, without the bot's mention or command prefix.
 * @param ctx the reference clock (UTC ms), the festival's IANA zone, and the room's language.
 * @returns an intent with the language it was read in, an `ask` for an ambiguous sentence, or a
 * `no-parse` with a hint in the room's language. Pure: no I/O, and it never throws.
 */
export function parse(text: string, ctx: ParseContext): ParseResult {
  const room: Lang = LANGS.includes(ctx.lang) ? ctx.lang : 'en'
  try {
    return parseChecked(text, { ...ctx, lang: room })
  } catch {
    return { type: 'no-parse', reason: 'unknown', hint: hint('unknown', room), lang: room }
  }
}

/** A thank-you and nothing else, per language (folded text; a greeting or the bot's name around it allowed). */
const THANKS: readonly (readonly [Lang, RegExp])[] = [
  ['en', /^(?:(?:ok|okay|great|cool|perfect|awesome|nice|yurt)[\s,!.]*)*(?:thanks?|thank you|thx|ty|cheers|many thanks|thanks a lot|thank you so much)(?:[\s,!.]+(?:yurt|bot|a lot|so much|again))*[\s!.]*$/u],
  ['fr', /^(?:(?:ok|super|parfait|top|genial|yurt)[\s,!.]*)*(?:merci|merci beaucoup|merci bien|mille mercis)(?:[\s,!.]+(?:yurt|bot|beaucoup|encore))*[\s!.]*$/u],
  ['de', /^(?:(?:ok|super|prima|perfekt|yurt)[\s,!.]*)*(?:danke|danke schon|danke schoen|danke sehr|vielen dank|dankeschon)(?:[\s,!.]+(?:yurt|bot|dir|euch))*[\s!.]*$/u],
]

/**
 * {@link parse} without its safety net: a bug in a rule throws instead of becoming `unknown`.
 * For tests that feed random input; chat code calls {@link parse}.
 */
export function parseStrict(text: string, ctx: ParseContext): ParseResult {
  return parseChecked(text, { ...ctx, lang: LANGS.includes(ctx.lang) ? ctx.lang : 'en' })
}

function parseChecked(text: string, ctx: ParseContext): ParseResult {
  const room = ctx.lang
  const bad = badInput(text)
  if (bad) return { type: 'no-parse', reason: bad, hint: hint(bad, room), lang: room }
  const n = normalize(text)
  if (!n.t.f) return { type: 'no-parse', reason: 'empty', hint: hint('empty', room), lang: room }
  // "thanks!", « merci », „danke“ said to the bot: a short answer in that language, not a hint at commands.
  const thanks = THANKS.find(([, re]) => re.test(n.t.f))
  if (thanks) return { type: 'no-parse', reason: 'thanks', hint: hint('thanks', thanks[0]), lang: thanks[0] }
  ctx = { ...ctx, question: n.question }
  // The sentence's own language first: a German sentence in an English room is read in German.
  const order = languageOrder(n.t.f, text, room)
  const said = order[0]!

  const two = twoRequests(n.t, n.quotes, order, ctx)
  if (two) return two

  let failure: { reason: Extract<Outcome, { type: 'no-parse' }>['reason']; lang: Lang; typed?: string } | null = null
  for (const lang of order) {
    const out = readIn(n.t, VOCABS[lang], ctx, n.quotes)
    if (!out) continue
    if (out.type === 'no-parse') {
      failure ??= { reason: out.reason, lang, ...(out.typed !== undefined ? { typed: out.typed } : {}) }
      continue
    }
    if (out.type === 'ask') return askResult(out, text, ctx, lang)
    return { ...out, lang }
  }
  const reason = failure?.reason ?? 'unknown'
  const lang = failure?.lang ?? said
  return { type: 'no-parse', reason, hint: hint(reason, lang, failure?.typed), lang }
}

/**
 * A question back with what each choice runs: the intents a rule gave, or the sentence read again
 * with each reading of its ambiguous time.
 */
function askResult(out: AskOutcome, text: string, ctx: ParseContext, lang: Lang): ParseResult {
  const ask: Ask = { type: 'ask', question: out.question, choices: out.choices, lang }
  let intents = out.intents
  if (!intents && out.picks && !ctx.pick) {
    const read = out.picks.map((pick) => parseChecked(text, { ...ctx, lang, pick }))
    if (read.every((r) => r.type !== 'ask' && r.type !== 'no-parse')) {
      intents = read.map((r) => {
        const { lang: _l, ...intent } = r as Intent & { lang: Lang }
        return intent as Intent
      })
    }
  }
  if (intents && intents.length === out.choices.length) ask.intents = intents
  if (out.answers) ask.answers = out.answers
  return ask
}

/**
 * Runs the rules of one language; a sentence none of them reads fully is tried again without an
 * aside — a clause before or after a comma that says why ("…, the band is stuck in traffic", "sorry,
 * the bikes didn't arrive, …") and carries nothing the rules would read: no number, no time or day
 * word, no venue, event or kind name. A new event or series is never read that way: its words are
 * all candidates for the title.
 */
function readIn(t: Txt, v: Vocab, ctx: ParseContext, quotes: readonly string[]): Outcome | null {
  // Asides cut from both ends: "sorry all, have to cancel my workshop, the bikes didn't arrive".
  let core = t
  for (let cut = true; cut; ) {
    cut = false
    const commas = allMatches(/\s*[,;?]\s+|\s+[-–—]\s+/gu, core.f)
    const last = commas.at(-1)
    if (last && isAside(squash(sub(core, last.index + last[0].length)), v, ctx)) {
      core = squash(sub(core, 0, last.index))
      cut = true
      continue
    }
    const first = commas[0]
    if (first && isAside(squash(sub(core, 0, first.index)), v, ctx)) {
      core = squash(sub(core, first.index + first[0].length))
      cut = true
    }
  }
  if (core.f !== t.f && core.f) {
    const rest = readWhole(core, v, ctx, quotes)
    // A new event, series, venue or resource keeps all its words: they may belong to its title.
    if (rest && rest.type !== 'no-parse' && !ADDS.has(rest.type)) return rest
  }
  const out = readWhole(t, v, ctx, quotes)
  if (out && out.type !== 'no-parse') return out
  if (core.f !== t.f && core.f) {
    const rest = readWhole(core, v, ctx, quotes)
    if (rest && rest.type !== 'no-parse' && (!ADDS.has(rest.type) || INVITATION[v.lang].test(t.f.slice(core.f.length)))) return rest
  }
  return out
}

/** Asides that may follow a new event: an invitation says nothing about it ("wer Lust hat", "all welcome"). */
const INVITATION: Record<Lang, RegExp> = {
  en: /^[\s,;-]*(?:anyone|everyone|all) (?:is |are )?welcome|^[\s,;-]*come along|^[\s,;-]*join us/u,
  fr: /^[\s,;-]*(?:venez nombreux|venez nombreuses|tout le monde est (?:le )?bienvenu|bienvenue? a tous)/u,
  de: /^[\s,;-]*(?:wer lust hat|alle sind willkommen|alle willkommen|kommt vorbei)/u,
}

/** Intents whose words are free text (a title, a description): an aside may be part of it. */
const ADDS = new Set<string>(['add-event', 'add-series', 'add-venue', 'add-resource', 'describe-event', 'rename-event', 'ask', 'propose', 'edit-proposal', 'decline-proposal', ...FREE_TEXT_APPLICATION_INTENTS])

/** Whether a clause says nothing the rules read (see {@link readIn}). */
function isAside(c: Txt, v: Vocab, ctx: ParseContext): boolean {
  if (!c.f || /\d|§/.test(c.f) || c.f.split(/\s+/).length < 2) return false
  if (findTime(c, v, ctx).spans.length > 0) return false
  const words = ` ${c.f.replace(/[^\p{L}\p{N}' ]+/gu, ' ')} `
  const has = (name: string) => words.includes(` ${foldName(name)} `)
  const known = ctx.known
  // A venue may be mentioned in a reason of four words or more ("village is getting flooded lol"),
  // never at its end ("…, in the village" says where).
  const n = c.f.split(/\s+/).length
  const endsWith = (name: string) => words.trimEnd().endsWith(` ${foldName(name)}`)
  if (known?.venues.some((x) => [x.name, ...x.aliases].some((a) => has(a) && (n < 4 || endsWith(a))))) return false
  if (known && holdsTitle(words, known)) return false
  if (asideStopper(v).test(c.f)) return false
  return true
}

/** Folded names, memoised per string: a festival's titles are folded once, not once per sentence. */
const foldedNames = new Map<string, string>()
function foldName(name: string): string {
  let f = foldedNames.get(name)
  if (f === undefined) {
    if (foldedNames.size >= 50_000) foldedNames.clear()
    foldedNames.set(name, (f = fold(name)))
  }
  return f
}

/**
 * The folded titles of the last {@link KnownNames} events list seen, each with how many of its titles
 * fold to it. A list handed out after it (`commands/known-names.ts`) is followed through its changes
 * (`changesBetween`, `core/deltas.ts`): a change costs the events it touched, not a pass over the
 * festival's titles; a list that does not follow is counted whole.
 */
let titleCounts: { events: KnownNames['events']; counts: Map<string, number> } | null = null

function foldedTitles(events: KnownNames['events']): Map<string, number> {
  if (titleCounts?.events === events) return titleCounts.counts
  const changes = titleCounts && changesBetween(titleCounts.events, events)
  let counts: Map<string, number>
  if (titleCounts && changes) {
    counts = titleCounts.counts
    for (const change of changes) {
      for (const e of change.removed) {
        const f = foldName(e.title)
        const n = (counts.get(f) ?? 0) - 1
        if (n > 0) counts.set(f, n)
        else counts.delete(f)
      }
      for (const e of change.added) {
        const f = foldName(e.title)
        counts.set(f, (counts.get(f) ?? 0) + 1)
      }
    }
  } else {
    counts = new Map()
    for (const e of events) {
      const f = foldName(e.title)
      counts.set(f, (counts.get(f) ?? 0) + 1)
    }
  }
  titleCounts = { events, counts }
  return counts
}

/**
 * Whether `words` (spaces around, one space or more between words) holds a known event's folded
 * title as whole words: each stretch between two spaces is looked up in the folded titles,
 * O(words²) instead of a scan of every title. Exported for tests.
 */
export function holdsTitle(words: string, known: KnownNames): boolean {
  const titles = foldedTitles(known.events)
  if (titles.size === 0) return false
  const spaces: number[] = []
  for (let i = 0; i < words.length; i++) if (words.charCodeAt(i) === 32) spaces.push(i)
  for (let i = 0; i < spaces.length; i++) {
    for (let j = i + 1; j < spaces.length; j++) if (titles.has(words.slice(spaces[i]! + 1, spaces[j]))) return true
  }
  return false
}

/** A kind word or a change verb as a word of its own, per language (compiled once). */
const stoppers = new Map<Vocab, RegExp>()
function asideStopper(v: Vocab): RegExp {
  let re = stoppers.get(v)
  if (!re) {
    re = rx('u')`(?<![\p{L}])(?:${kindAlternation(v)}|${v.changeVerbs})(?![\p{L}])`
    stoppers.set(v, re)
  }
  return re
}

/**
 * "instead of 9", « au lieu de 9h », „statt um 9“: the old time a change names beside the new one, per
 * language (folded text). Not read: « à 7h au lieu de 9h » was a 9-hour length at a venue called
 * "lieu de", « déplace le yoga à 19h au lieu de 21h » a shift of 21 hours.
 */
const INSTEAD: Record<Vocab['lang'], RegExp> = {
  en: /\s*,?\s+(?:instead of|rather than)\s+(?:at\s+)?(?:\d{1,2}(?:[:.h]\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)?|noon|midnight)(?![\p{L}\p{N}])/gu,
  fr: /\s*,?\s+au lieu d(?:e\s+|')(?:a\s+)?(?:\d{1,2}(?:[h:](?:\d{2})?)?|midi|minuit)(?![\p{L}\p{N}])/gu,
  de: /\s*,?\s+(?:statt|anstatt|anstelle von)\s+(?:um\s+)?(?:\d{1,2}(?:[:.]\d{2})?(?:\s*uhr)?|mittag|mitternacht)(?![\p{L}\p{N}])/gu,
}

function readWhole(t0: Txt, v: Vocab, ctx: ParseContext, quotes: readonly string[]): Outcome | null {
  let t = spokenForms(fixSlips(t0, v.lang), v.lang)
  for (const m of allMatches(INSTEAD[v.lang], t.f).reverse()) t = { o: t.o.slice(0, m.index) + t.o.slice(m.index + m[0].length), f: t.f.slice(0, m.index) + t.f.slice(m.index + m[0].length) }
  // "annule-le", "décale-le d'une heure", "fais-la durer": the imperative's pronoun as a word of its own.
  if (v.lang === 'fr') {
    for (const c of allMatches(/(?<![\p{L}])\p{L}+(?:e|s|z|is|ds|ts)(-)(?:le|la|les)(?![\p{L}-])/gu, t.f)) {
      const at = c.index + c[0].lastIndexOf('-')
      t = { o: `${t.o.slice(0, at)} ${t.o.slice(at + 1)}`, f: `${t.f.slice(0, at)} ${t.f.slice(at + 1)}` }
    }
  }
  // "actually 3pm", "wait, 8pm instead": the words polite-stripping would drop are what say "rather".
  const rather = moveLast(squash(sub(t, 0, match(t, v.politeEnd)?.index ?? t.f.length)), v, ctx, quotes)
  if (rather) return rather
  const p = match(t, v.polite)
  if (p && p[0].length) t = squash(sub(t, p[0].length))
  const e = match(t, v.politeEnd)
  if (e) t = squash(sub(t, 0, e.index))
  if (!t.f) return null
  for (const rule of RULES) {
    const out = rule(t, v, ctx, quotes)
    if (out) return out
  }
  return null
}

/**
 * "add a talk at 3pm and cancel the DJ set": two changes in one sentence get a question back
 * (which first?) rather than one of them done silently.
 */
function twoRequests(t: Txt, quotes: readonly string[], order: Lang[], ctx: ParseContext): ParseResult | null {
  for (const lang of order) {
    const v = VOCABS[lang]
    for (const m of allMatches(joinedChange(v), t.f)) {
      const a = squash(sub(t, 0, m.index))
      const b = squash(sub(t, m.index + m[0].length))
      const ra = readIn(a, v, ctx, quotes)
      const rb = readIn(b, v, ctx, quotes)
      // "X is off, cancel it": the second part says the first again, about the same event.
      const same = ra && rb && ra.type === rb.type && 'event' in rb && typeof rb.event === 'string' && rb.event === ctx.last
      if (ra && rb && !same && ra.type !== 'no-parse' && rb.type !== 'no-parse' && ra.type !== 'ask' && rb.type !== 'ask') {
        const show = (x: Txt) => x.o.replace(/§(\d+)/g, (_, i: string) => `"${quotes[Number(i)] ?? ''}"`)
        return { type: 'ask', ...askOne([show(a), show(b)], lang), lang }
      }
    }
  }
  return null
}

/** Where a second change starts, per language ("…, cancel", "… and move"): compiled once; used through {@link allMatches}. */
const joins = new Map<Vocab, RegExp>()
function joinedChange(v: Vocab): RegExp {
  let re = joins.get(v)
  if (!re) joins.set(v, (re = rx('gu')`(?:\s(?:and|then|et|puis|und|dann)\s|[,;]\s*|\.\s+)(?=(?:${v.changeVerbs})(?![\p{L}]))`))
  return re
}

/** Words that may stand around a time given as an answer ("at 3pm then", "vers 15h", "sagen wir 15 Uhr"). */
const ANSWER_FILLER = /^(?:(?:at|around|about|say|let'?s say|maybe|ok|okay|how about|then|please|pls|a|à|vers|disons|plutot|alors|stp|svp|um|gegen|sagen wir|lieber|eher|dann|bitte|ab)\s*)*$/u

/**
 * A message that is only a time ("3pm", "samedi 15h", "um 16 Uhr"), read in the room's language
 * first: the answer to "what time?" or a restated choice. `null` when the message says more.
 */
export function readTimeAnswer(text: string, ctx: ParseContext): TimeSpec | null {
  if (badInput(text)) return null
  const n = normalize(text)
  if (!n.t.f || n.quotes.length > 0) return null
  const room: Lang = LANGS.includes(ctx.lang) ? ctx.lang : 'en'
  for (const lang of [room, ...LANGS.filter((l) => l !== room)]) {
    const v = VOCABS[lang]
    const tf = findTime(fixSlips(n.t, lang), v, ctx)
    if (!tf.spec || tf.problem) continue
    if (ANSWER_FILLER.test(tf.rest.f.trim())) return tf.spec
  }
  return null
}

export { kindWord } from './describe-ref.ts'
