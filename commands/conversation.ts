/**
 * Answers to the bot's questions: a choice by number ("2", "#2"), by ordinal ("the second one",
 * "le premier", "die zweite"), by restating it ("19:00", "saturday", a name), yes or no, or the
 * missing part of a booking ("3pm" after "what time?").
 *
 * @remarks
 * The bot keeps, per person and room, the question it asked last (for a few minutes): the intents
 * its choices run, or the intent waiting for a time. A message that answers it runs the chosen
 * intent; any other message is read as a new sentence and the question is forgotten.
 */
import type { Intent, Lang, ParseContext, TimeSpec } from './intent.ts'
import { fold } from './resolve.ts'
import { readTimeAnswer } from './parse/index.ts'
import { alt } from './parse/text.ts'
import { instantAt, dayOf, formatTime } from '../core/time.ts'

/** A question waiting for its answer. */
export interface Pending {
  /** What each numbered choice runs. */
  choices: Intent[]
  /** The choices as shown (for answers that restate one). */
  labels: string[]
  /** Further words that pick each choice ("part of the title", "le lieu"). */
  answers?: string[][]
  /** A yes/no question: "yes" runs the first choice, "no" drops the question. */
  yesNo?: boolean
  /** A booking waiting for its time: the answer's time completes it. */
  awaiting?: Extract<Intent, { type: 'add-event' | 'move-event' }>
  lang: Lang
  /** UTC ms after which the question is forgotten. */
  expires: number
}

/** What a message answers. */
export type Answer = { kind: 'run'; intent: Intent } | { kind: 'dismiss' } | { kind: 'none' }

const ORDINALS: [RegExp, number][] = [
  [/^(?:the\s+)?(?:first|1st)(?:\s+one)?$|^(?:le\s+|la\s+)?(?:premier|premiere|1er|1ere)$|^(?:die\s+|der\s+|das\s+)?(?:erste|ersten|erster|erstes)$/u, 1],
  [/^(?:the\s+)?(?:second|2nd)(?:\s+one)?$|^(?:le\s+|la\s+)?(?:deuxieme|second|seconde|2e|2eme)$|^(?:die\s+|der\s+|das\s+)?(?:zweite|zweiten|zweiter|zweites)$/u, 2],
  [/^(?:the\s+)?(?:third|3rd)(?:\s+one)?$|^(?:le\s+|la\s+)?(?:troisieme|3e|3eme)$|^(?:die\s+|der\s+|das\s+)?(?:dritte|dritten|dritter|drittes)$/u, 3],
  [/^(?:the\s+)?(?:fourth|4th)(?:\s+one)?$|^(?:le\s+|la\s+)?(?:quatrieme|4e)$|^(?:die\s+|der\s+|das\s+)?(?:vierte|vierten)$/u, 4],
  [/^(?:the\s+)?(?:fifth|5th)(?:\s+one)?$|^(?:le\s+|la\s+)?(?:cinquieme|5e)$|^(?:die\s+|der\s+|das\s+)?(?:funfte|funften)$/u, 5],
]
const LAST = /^(?:the\s+)?last(?:\s+one)?$|^(?:le\s+|la\s+)?(?:dernier|derniere)$|^(?:die\s+|der\s+|das\s+)?(?:letzte|letzten|letzter)$/u
const YES = /^(?:y|ye|yea|yes|yeah|yep|yup|yess|sure|ok|okay|oki|okey|please do|do it|go ahead|oui|ouais|ok|d'accord|dac|vas-y|volontiers|ja|jo|jap|jep|jawohl|klar|genau|gerne|mach|passt|mach das)(?:\s*(?:please|pls|merci|stp|bitte|danke))?[\s!.]*$/u
const NO = /^(?:n|no|nope|nah|cancel|never mind|nevermind|forget it|non|nan|laisse tomber|annule|nein|ne|nee|lass|vergiss es|abbrechen)[\s!.]*$/u

const PM = /^(?:pm|p\.m\.|the afternoon|afternoon|in the afternoon|evening|in the evening|the evening|soir|le soir|du soir|l'aprem|aprem|apres-midi|l'apres-midi|de l'apres-midi|abends|am abend|nachmittags|am nachmittag|nachmittag|abend)$/u
const AM = /^(?:am|a\.m\.|morning|the morning|in the morning|matin|le matin|du matin|morgens|vormittags|am morgen|am vormittag|fruh|frueh)$/u

/** The text folded for answers: lowercase, no accents, no trailing punctuation, single spaces. */
function norm(s: string): string {
  return fold(s).replace(/\s+/g, ' ').trim()
}

/**
 * What `text` answers of `pending`, given how the parser reads times (`ctx`).
 *
 * @returns `run` with the chosen (or completed) intent, `dismiss` for a "no", or `none` when the
 * message is something else.
 */
export function readAnswer(text: string, pending: Pending, ctx: ParseContext): Answer {
  const raw = text.trim()
  const t = norm(raw)
  const number = /^(?:#|n[o°]?\.?\s*|number\s+|option\s+|numero\s+|nummer\s+)?(\d{1,2})\.?$/u.exec(t)
  const pick = (i: number): Answer => {
    const intent = pending.choices[i - 1]
    return intent ? { kind: 'run', intent } : { kind: 'none' }
  }
  if (number && Number(number[1]) >= 1 && Number(number[1]) <= pending.choices.length) return pick(Number(number[1]))
  for (const [re, n] of ORDINALS) if (re.test(t) && pending.choices.length >= n) return pick(n)
  if (LAST.test(t) && pending.choices.length > 0) return pick(pending.choices.length)
  if (pending.yesNo && YES.test(raw.toLowerCase().normalize('NFD').replace(/\p{M}/gu, ''))) return pick(1)
  if (NO.test(t)) return { kind: 'dismiss' }
  // "pm", "le soir", "abends" to "in the morning or the afternoon?": the choice on that side of noon.
  const half = PM.test(t) ? 'pm' : AM.test(t) ? 'am' : undefined
  if (half) {
    const side = pending.choices.map((c, i) => ({ c, i })).filter(({ c }) => {
      const clock = 'time' in c && c.time && !c.time.dayOnly ? Number(formatTime(c.time.start, ctx.timezone).slice(0, 2)) : NaN
      return half === 'pm' ? clock >= 12 : clock < 12
    })
    if (side.length === 1) return pick(side[0]!.i + 1)
  }

  // A restated choice: its label, or the time it names.
  const byLabel = pending.labels.findIndex((l) => norm(l.replace(/^\d+\.\s*/u, '')) === t)
  if (byLabel >= 0) return pick(byLabel + 1)
  const byWords = (pending.answers ?? []).findIndex((words) => words.some((w) => norm(w) === t))
  if (byWords >= 0) return pick(byWords + 1)
  // "à l'atelier, le lieu": an answer that holds the words of exactly one choice.
  const holds = (w: string) => new RegExp(`(?<![\\p{L}])(?:${alt([norm(w)])})(?![\\p{L}])`, 'u').test(t)
  const holding = (pending.answers ?? []).map((words, i) => ({ i, ok: words.some((w) => norm(w).length >= 3 && holds(w)) })).filter((x) => x.ok)
  if (holding.length === 1) return pick(holding[0]!.i + 1)
  // "the ipfs one", "ipfs", "celui de bob": words that only one choice's label holds.
  const core = t.replace(/^(?:the|le|la|l'|les|der|die|das|den|celui|celle)\s*|\s+(?:one|la|-la|-ci)$/gu, '').replace(/^(?:one|un|une)\s+/u, '').trim()
  if (core.length >= 3 && !/^\d/.test(core)) {
    const words = core.split(/\s+/u)
    const inLabel = pending.labels.map((l, i) => ({ i, l: norm(l) })).filter(({ l }) => words.every((w) => new RegExp(`(?<![\\p{L}\\p{N}])(?:${alt([w])})`, 'u').test(l)))
    if (inLabel.length === 1) return pick(inLabel[0]!.i + 1)
  }
  // A bare hour that is no choice number: "15" for 15:00.
  const hour = number ? Number(number[1]) : NaN
  const time = readTimeAnswer(hour >= 0 && hour <= 23 ? `${hour}:00` : raw, ctx)
  if (!time) return { kind: 'none' }
  if (pending.awaiting) return completed(pending.awaiting, time, ctx)
  const matches = pending.choices
    .map((c, i) => ({ c, i }))
    .filter(({ c }) => {
      // A schedule question's choices are days: "tomorrow" picks the one of that day.
      if (c.type === 'schedule' && c.range.kind === 'day') return !time.timeOnly && c.range.day === dayOf(time.start, ctx.timezone)
      const ct = 'time' in c ? c.time : undefined
      if (!ct) return false
      if (!time.dayOnly && formatTime(ct.start, ctx.timezone) !== formatTime(time.start, ctx.timezone)) return false
      if (!time.timeOnly && dayOf(ct.start, ctx.timezone) !== dayOf(time.start, ctx.timezone)) return false
      return true
    })
  if (matches.length === 1) return pick(matches[0]!.i + 1)
  // Choices of events ("which talk?"): the one whose label shows that time ("19h" for "… 19:00–19:45 …").
  if (matches.length === 0 && !time.dayOnly) {
    const clock = formatTime(time.start, ctx.timezone)
    const said = new RegExp(`(?<![\\d:])${clock}(?![\\d])`, 'u')
    const shown = pending.labels.map((l, i) => ({ l, i })).filter(({ l, i }) => [l, ...(pending.answers?.[i] ?? [])].some((x) => said.test(x)))
    if (shown.length === 1) return pick(shown[0]!.i + 1)
  }
  return { kind: 'none' }
}

/** A booking that waited for its time, with the answer's day and clock. */
function completed(intent: Extract<Intent, { type: 'add-event' | 'move-event' }>, answer: TimeSpec, ctx: ParseContext): Answer {
  const had = intent.time
  const tz = ctx.timezone
  if (answer.dayOnly && !(had && !had.dayOnly)) return { kind: 'none' }
  let time: TimeSpec
  if (had && had.dayOnly && answer.timeOnly) {
    // "Saturday" then "3pm": that day at that time.
    const day = dayOf(had.start, tz)
    time = { start: instantAt(day, answer.clock ?? formatTime(answer.start, tz), tz), dayOnly: false, text: `${had.text} ${answer.text}` }
    if (answer.end !== undefined) {
      const endClock = answer.endClock ?? formatTime(answer.end, tz)
      let end = instantAt(day, endClock, tz)
      if (end <= time.start) end = instantAt(dayOf(end + 86_400_000, tz), endClock, tz)
      time.end = end
    }
    if (answer.durationMs !== undefined) time.durationMs = answer.durationMs
    else if (had.durationMs !== undefined) time.durationMs = had.durationMs
  } else {
    time = { ...answer }
    if (had?.durationMs !== undefined && time.durationMs === undefined && time.end === undefined) time.durationMs = had.durationMs
  }
  return { kind: 'run', intent: { ...intent, time } }
}
