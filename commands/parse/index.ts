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
import { LANGS, type Lang, type ParseContext, type ParseResult } from '../intent.ts'
import { badInput, normalize } from './normalize.ts'
import { askOne, hint } from './replies.ts'
import { type Outcome, type Rule } from './rule.ts'
import { addEvent, cancelEvent, moveEvent, renameEvent } from './rules-event.ts'
import { freeSlots, help, myEvents, rsvp, schedule, undo, whoGoing } from './rules-query.ts'
import { addResource, addVenue, book } from './rules-venue.ts'
import { SERIES_RULES } from './rules-series.ts'
import { type Txt, match, squash, sub } from './text.ts'
import type { Vocab } from './vocab.ts'
import { de } from './vocab-de.ts'
import { en } from './vocab-en.ts'
import { fr } from './vocab-fr.ts'

export type { ParseContext, ParseResult } from '../intent.ts'

const VOCABS: Record<Lang, Vocab> = { en, fr, de }

const RULES: readonly Rule[] = [
  help,
  undo,
  myEvents,
  ...SERIES_RULES,
  whoGoing,
  rsvp,
  freeSlots,
  addVenue,
  addResource,
  book,
  renameEvent,
  cancelEvent,
  moveEvent,
  addEvent,
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
  const order: Lang[] = [room, ...LANGS.filter((l) => l !== room)]

  const two = twoRequests(n.t, n.quotes, order, ctx)
  if (two) return two

  let failure: { reason: Extract<Outcome, { type: 'no-parse' }>['reason']; lang: Lang } | null = null
  for (const lang of order) {
    const out = readIn(n.t, VOCABS[lang], ctx, n.quotes)
    if (!out) continue
    if (out.type === 'no-parse') {
      failure ??= { reason: out.reason, lang }
      continue
    }
    return { ...out, lang }
  }
  const reason = failure?.reason ?? 'unknown'
  return { type: 'no-parse', reason, hint: hint(reason, room), lang: failure?.lang ?? room }
}

/** Runs the rules of one language. */
function readIn(t0: Txt, v: Vocab, ctx: ParseContext, quotes: readonly string[]): Outcome | null {
  let t = t0
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
    const re = new RegExp(String.raw`(?:\s(?:and|then|et|puis|und|dann)\s|[,;]\s*|\.\s+)(?=(?:${v.changeVerbs})(?![\p{L}]))`, 'gu')
    for (const m of t.f.matchAll(re)) {
      const a = squash(sub(t, 0, m.index))
      const b = squash(sub(t, m.index + m[0].length))
      const ra = readIn(a, v, ctx, quotes)
      const rb = readIn(b, v, ctx, quotes)
      if (ra && rb && ra.type !== 'no-parse' && rb.type !== 'no-parse' && ra.type !== 'ask' && rb.type !== 'ask') {
        const show = (x: Txt) => x.o.replace(/§(\d+)/g, (_, i: string) => `"${quotes[Number(i)] ?? ''}"`)
        return { type: 'ask', ...askOne([show(a), show(b)], lang), lang }
      }
    }
  }
  return null
}
