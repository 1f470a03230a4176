/**
 * The shape of a grammar rule: a sentence in, one outcome or `null` (not mine) out.
 */
import type { Intent, NoParse, ParseContext } from '../intent.ts'
import { askDay, askHour } from './replies.ts'
import type { Txt } from './text.ts'
import type { TimeFound } from './time.ts'
import type { Vocab } from './vocab.ts'

/**
 * One reading of an ambiguous time, to parse the sentence again with: the clock of a bare hour
 * (`HH:MM`), or the day among several named.
 */
export interface TimePick {
  clock?: string
  day?: string
}

/** A question back: the choices as shown, and what each runs (`intents`), or the readings to parse again with (`picks`). */
export type AskOutcome = { type: 'ask'; question: string; choices: string[]; intents?: Intent[]; answers?: string[][]; picks?: TimePick[] }

/** What a rule found: an intent, a question, or a reason it could not be read (the hint is added later). */
export type Outcome =
  | Intent
  | AskOutcome
  | { type: 'no-parse'; reason: Exclude<NoParse['reason'], 'empty' | 'too-long' | 'binary'>; typed?: string }

/** One grammar rule. `null` means the sentence is not this rule's. */
export type Rule = (t: Txt, v: Vocab, ctx: ParseContext, quotes: readonly string[]) => Outcome | null

/** A reason the sentence could not be read. */
export function fail(reason: Extract<Outcome, { type: 'no-parse' }>['reason'], typed?: string): Outcome {
  return typed === undefined ? { type: 'no-parse', reason } : { type: 'no-parse', reason, typed }
}

/** The question or error for a time problem, or `null` when the time is fine. */
export function timeProblem(tf: TimeFound, v: Vocab): Outcome | null {
  const p = tf.problem
  if (!p) return null
  if (p.kind === 'bad-time') return fail('bad-time')
  if (p.kind === 'bad-date') return fail('bad-date', p.text)
  if (p.kind === 'ambiguous-hour') {
    const q = askHour(p.hour, p.minute, v.lang)
    return { type: 'ask', ...q, picks: q.choices.map((clock) => ({ clock })) }
  }
  return { type: 'ask', ...askDay(p.days, v.lang), picks: p.days.map((day) => ({ day })) }
}

/** Runs a list of regexes on the folded text; the first match. */
export function first(t: Txt, res: readonly RegExp[]): RegExpExecArray | null {
  for (const re of res) {
    re.lastIndex = 0
    const m = re.exec(t.f)
    if (m) return m
  }
  return null
}
