/**
 * Rules for questions and personal answers: help, undo, my events, the schedule, free slots, who is
 * going, and going / maybe / not going.
 */
import { dayOf, instantAt } from '../../core/time.ts'
import type { ScheduleRange } from '../intent.ts'
import { hhmm } from './clock.ts'
import { cleanName, stripArticles, stripLeading } from './names.ts'
import { type Rule, fail, first, timeProblem } from './rule.ts'
import { type Txt, group, match, squash, sub, txt } from './text.ts'
import { findTime } from './time.ts'
import type { Vocab } from './vocab.ts'

export const help: Rule = (t, v, _ctx, quotes) => {
  const m = match(t, v.help)
  if (!m) return null
  const topic = group(t, m, 'topic')
  const name = topic ? cleanName(topic, v, quotes) : undefined
  return name ? { type: 'help', topic: name } : { type: 'help' }
}

export const undo: Rule = (t, v) => (match(t, v.undo) ? { type: 'undo' } : null)

export const myEvents: Rule = (t, v) => (match(t, v.myEvents) ? { type: 'my-events' } : null)

/** Splits "now at Scène" into range words and the rest. */
function rangeWords(rest: Txt, v: Vocab): { now: boolean; all: boolean; rest: Txt } {
  let cur = rest
  let now = false
  let all = false
  for (let changed = true; changed && cur.f; ) {
    changed = false
    const words = cur.f.split(' ')
    for (let n = Math.min(5, words.length); n >= 1; n--) {
      const head = words.slice(0, n).join(' ')
      const tail = words.slice(words.length - n).join(' ')
      if (v.now.test(head) || v.all.test(head)) {
        if (v.now.test(head)) now = true
        else all = true
        cur = squash(sub(cur, head.length))
        changed = true
        break
      }
      if (n < words.length && (v.now.test(tail) || v.all.test(tail))) {
        if (v.now.test(tail)) now = true
        else all = true
        cur = squash(sub(cur, 0, cur.f.length - tail.length))
        changed = true
        break
      }
    }
  }
  return { now, all, rest: cur }
}

/** A venue named after a preposition (or an article) in what is left of a query, or `null` if the rest is something else. */
function venueOf(rest: Txt, v: Vocab, quotes: readonly string[]): string | undefined | null {
  const cur = squash(rest)
  if (!cur.f) return undefined
  const prep = new RegExp(String.raw`^(?:${v.venuePreps}|${v.moveTo})(?![\p{L}\p{N}])\s*|^(?:${v.venuePreps})(?<=')`, 'u').exec(cur.f)
  const article = new RegExp(String.raw`^(?:${v.articles})(?:\s+|(?<='))`, 'u').exec(cur.f)
  const quoted = /^§\d+$/.test(cur.f)
  if (!prep && !article && !quoted) return null
  const name = cleanName(prep ? sub(cur, prep[0].length) : cur, v, quotes)
  return name ?? null
}

export const schedule: Rule = (t, v, ctx, quotes) => {
  let all = false
  let m: RegExpExecArray | null = null
  for (const s of v.schedule) {
    m = match(t, s.re)
    if (m) {
      all = s.all
      break
    }
  }
  if (!m) return null
  const rest = group(t, m, 'rest') ?? txt('')
  const tf = findTime(squash(rest), v, ctx)
  const problem = timeProblem(tf, v)
  if (problem) return problem
  const words = rangeWords(stripPolite(tf.rest, v), v)
  const venue = venueOf(words.rest, v, quotes)
  if (venue === null) return null
  let range: ScheduleRange
  if (tf.day !== undefined || tf.clock !== undefined) {
    const day = tf.day ?? dayOf(ctx.now, ctx.timezone)
    range = { kind: 'day', day }
    if (tf.clock !== undefined) range.from = instantAt(day, hhmm(tf.clock), ctx.timezone)
    else if (tf.part === 'evening') range.from = instantAt(day, '18:00', ctx.timezone)
    else if (tf.part === 'afternoon') range.from = instantAt(day, '12:00', ctx.timezone)
  } else if (words.now) range = { kind: 'now' }
  else if (words.all || all) range = { kind: 'all' }
  else range = { kind: 'now' }
  return venue ? { type: 'schedule', range, venue } : { type: 'schedule', range }
}

function stripPolite(t: Txt, v: Vocab): Txt {
  const m = match(t, v.politeEnd)
  return m ? sub(t, 0, m.index) : t
}

export const freeSlots: Rule = (t, v, ctx, quotes) => {
  const m = first(t, v.freeSlots)
  if (!m) return null
  const rest = group(t, m, 'rest') ?? txt('')
  const tail = group(t, m, 'tail')
  let venueText: Txt
  let tf
  if (tail) {
    tf = findTime(squash(tail), v, ctx)
    venueText = rest
  } else {
    tf = findTime(squash(rest), v, ctx)
    venueText = tf.rest
  }
  const problem = timeProblem(tf, v)
  if (problem) return problem
  const cleaned = stripLeading(squash(venueText), `${v.venuePreps}|${v.time.dayPreps}`)
  const venue = cleanName(cleaned, v, quotes)
  if (!venue) return fail('missing-name')
  return { type: 'free-slots', venue, day: tf.day ?? dayOf(ctx.now, ctx.timezone) }
}

export const whoGoing: Rule = (t, v, ctx, quotes) => {
  const m = first(t, v.whoGoing)
  if (!m) return null
  const rest = group(t, m, 'rest') ?? txt('')
  const tf = findTime(squash(rest), v, ctx)
  const event = cleanName(tf.problem ? rest : tf.rest, v, quotes)
  if (!event) return fail('missing-name')
  return { type: 'who-is-going', event }
}

/** First words that make "going home", "je vais dormir", "ich gehe schlafen" no RSVP. */
const NOT_EVENT = /^(?:home|bed|sleep|work|later|soon|there|here|out|back|now|a la maison|maison|dormir|manger|au lit|nach hause|heim|schlafen|ins bett|essen)(?![\p{L}])/u

export const rsvp: Rule = (t, v, ctx, quotes) => {
  for (const { answer, re } of v.rsvp) {
    const m = match(t, re)
    if (!m) continue
    const rest = group(t, m, 'rest') ?? txt('')
    const tf = findTime(squash(rest), v, ctx)
    const problem = timeProblem(tf, v)
    if (problem && problem.type === 'ask' && tf.problem?.kind === 'two-days') return problem
    const event = cleanName(stripArticles(tf.rest, v), v, quotes)
    if (!event || v.notNames.test(event.toLowerCase()) || NOT_EVENT.test(event.toLowerCase())) return null
    if (new RegExp(String.raw`^(?:${v.changeVerbs})(?![\p{L}])`, 'u').test(squash(tf.rest).f)) return null
    return tf.day ? { type: 'rsvp', event, answer, day: tf.day } : { type: 'rsvp', event, answer }
  }
  return null
}
