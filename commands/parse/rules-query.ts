/**
 * Rules for questions and personal answers: help, undo, my events, the schedule, free slots, who is
 * going, and going / maybe / not going.
 */
import { addDays, dayOf, instantAt, weekdayOf } from '../../core/time.ts'
import type { ScheduleRange } from '../intent.ts'
import { hhmm } from './clock.ts'
import { cleanName, stripArticles, stripLeading } from './names.ts'
import { type Rule, fail, first, timeProblem } from './rule.ts'
import { type Txt, blank, group, match, squash, sub, txt, rx } from './text.ts'
import { isPronoun, refName } from './refs.ts'
import { nameScore, titleCandidates } from '../resolve.ts'
import type { Rsvp } from '../../core/types.ts'
import type { ParseContext } from '../intent.ts'
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
  const prep = rx('u')`^(?:${v.venuePreps}|${v.moveTo})(?![\p{L}\p{N}])\s*|^(?:${v.venuePreps})(?<=')`.exec(cur.f)
  const article = rx('u')`^(?:${v.articles})(?:\s+|(?<='))`.exec(cur.f)
  const quoted = /^§\d+$/.test(cur.f)
  if (!prep && !article && !quoted) return null
  const name = cleanName(prep ? sub(cur, prep[0].length) : cur, v, quotes)
  return name ?? null
}

/**
 * "was läuft sa an der bar", "what's on sat": a weekday abbreviation that opens a schedule
 * question is a day (elsewhere "sa", "so", "sun" are read as days only beside a time or a date).
 */
function abbreviatedDay(rest: Txt, v: Vocab): Txt {
  // Followed by more words ("sa an der bar") or a dot: "was ist so los" keeps its "so".
  const i = v.time.weekdayAbbrevs.findIndex((a) => rx('u')`^(?:${a})(?:\.|(?=\s+\S))`.test(rest.f))
  if (i < 0) return rest
  const len = rx('u')`^(?:${v.time.weekdayAbbrevs[i]})\.?`.exec(rest.f)![0].length
  const day = v.time.weekdays[i]!.split('|')[0]!
  return txt(day + rest.o.slice(len))
}

/** This week and next week in a schedule question, per language (folded text; `next` when the next one). */
const WEEK: Record<Vocab['lang'], RegExp> = {
  en: /(?<![\p{L}])(?:(?:for\s+|during\s+)?(?:this|the)\s+week|(?<next>(?:the\s+)?(?:next|coming)\s+week))(?![\p{L}])/du,
  fr: /(?<![\p{L}])(?:cette\s+semaine|(?<next>(?:la\s+)?semaine\s+prochaine|la\s+semaine\s+d'apres))(?![\p{L}])/du,
  de: /(?<![\p{L}])(?:diese\s+woche|(?<next>(?:die\s+)?(?:nachste|naechste|kommende)\s+woche))(?![\p{L}])/du,
}

/** The days of this week from `today` on, or of the next week (Monday to Sunday, ISO weeks). */
function weekFrom(today: string, next: boolean): string[] {
  const wd = weekdayOf(today)
  const first = next ? addDays(today, 8 - wd) : today
  const last = next ? addDays(first, 6) : addDays(today, 7 - wd)
  const days: string[] = []
  for (let d = first; d <= last; d = addDays(d, 1)) days.push(d)
  return days
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
  const said = group(t, m, 'rest') ?? txt('')
  const after = group(t, m, 'tail')
  let rest = abbreviatedDay(squash(after ? { o: `${said.o} ${after.o}`, f: `${said.f} ${after.f}` } : said), v)
  // "what's on this week?", « la semaine prochaine », „nächste Woche“: the days of that week (read here,
  // not by findTime, so that "add a talk this week" still asks for its day).
  const week = match(rest, WEEK[v.lang])
  let weekDays: string[] | undefined
  const nextWeek = week?.groups?.next !== undefined
  if (week) {
    weekDays = weekFrom(dayOf(ctx.now, ctx.timezone), nextWeek)
    rest = squash(blank(rest, week.index, week.index + week[0].length))
  }
  const tf = findTime(rest, v, ctx)
  const problem = timeProblem(tf, v)
  if (problem) return problem
  const words = rangeWords(stripPolite(tf.rest, v), v)
  const venue = venueOf(words.rest, v, quotes)
  if (venue === null) return null
  let range: ScheduleRange
  if (tf.weekend && tf.day === undefined) range = { kind: 'days', days: tf.weekend }
  else if (weekDays && tf.day === undefined) range = { kind: 'days', days: weekDays, week: nextWeek ? 'next' : 'this' }
  else if (tf.day !== undefined || tf.clock !== undefined) {
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
  const said = group(t, m, 'rest') ?? txt('')
  const after = group(t, m, 'tail')
  const rest = abbreviatedDay(squash(after ? { o: `${said.o} ${after.o}`, f: `${said.f} ${after.f}` } : said), v)
  const tf = findTime(rest, v, ctx)
  const event = cleanName(tf.problem ? rest : tf.rest, v, quotes)
  if (!event) return fail('missing-name')
  return { type: 'who-is-going', event }
}

/** First words that make "going home", "je vais dormir", "ich gehe schlafen" no RSVP. */
const NOT_EVENT = /^(?:home|bed|sleep|work|later|soon|there|here|out|back|now|a la maison|maison|dormir|manger|au lit|nach hause|heim|schlafen|ins bett|essen)(?![\p{L}])/u

/** Answers that name no event: about the event the bot last answered about ("I'll be there", "j'y serai"). */
const ALONE: Record<Vocab['lang'], readonly { answer: Rsvp; re: RegExp }[]> = {
  en: [
    { answer: 'going', re: /^(?:(?:ok|okay|yes|yeah|cool|great|nice),?\s+)?(?:(?:i'?ll|ill|i will) be there|count me in|(?:i'?m|im) in|(?:i'?m|im) coming|(?:i'?ll|ill) come|i will come|see you there|(?:i'?ll|ill) go|(?:sign|sing) me up|(?:i'?m|im) going|(?:i'?ll|ill) join|(?:i'?m|im) down|put me down|(?:i'?ll|ill) attend|(?:i'?m|im) there|i'?ll be there too)(?:\s+(?:too|then|for sure|tonight))?[!. ]*(?:👍|🙌|🎉)?$/u },
    { answer: 'not-going', re: /^(?:(?:oh|sorry|damn|ugh|actually),?\s+)*(?:i can'?t make it|i cannot make it|can'?t make it|i won'?t make it|count me out|i'?m out|i can'?t come|i'?m not coming|i'?m not going|not going anymore|i can no longer make it|remove me|take me off|cancel my rsvp)(?:\s+(?:after all|anymore|any more|then|sorry|tonight))*[!. ]*(?:😬|😢|🙁|😞)?$/u },
    { answer: 'maybe', re: /^(?:maybe|perhaps|possibly|i might come|i might go|might come|i'?ll try to come|i'?ll try|mark me as maybe|put me down as maybe|i might (?:swing|drop|pop) by|(?:i'?ll|ill) maybe (?:come|swing by|drop by|pop in))[!. ]*$/u },
  ],
  fr: [
    { answer: 'going', re: /^(?:(?:ok|oui|super|cool|top),?\s+)?(?:j'y serai|j'y vais|je viens|je serai la|je serai present|je serai presente|compte sur moi|comptez sur moi|je participe|inscris-moi|je m'inscris|j'en suis|je suis partant|je suis partante|je viendrai)(?:\s+(?:aussi|alors|ce soir))?[!. ]*(?:👍|🙌|🎉)?$/u },
    { answer: 'not-going', re: /^(?:(?:ah|ah zut|bon|dsl|desole|desolee|zut|mince|finalement|en fait),?\s+)*(?:je (?:ne )?(?:peux|pourrai|pourrais) (?:pas|plus)(?: venir| y aller| finalement)?|je (?:ne )?viens (?:pas|plus)|je (?:ne )?vais pas venir|je ne viens plus|je ne viens pas|je ne pourrai pas venir|je ne peux pas venir|je ne peux plus venir|je n'y vais plus|je n'y vais pas|je n'irai pas|je me desiste|desinscris-moi|retire-moi|je ne serai pas la)(?:\s+(?:finalement|desole|desolee|en fait))*[!. ]*(?:😬|😢|🙁|😞)?$/u },
    { answer: 'maybe', re: /^(?:peut-etre|peut etre|je viendrai peut-etre|je passerai peut-etre|j'y passerai peut-etre|peut-etre que je (?:viendrai|passerai)|je vais peut-etre passer|pas sur|pas sure)[!. ]*$/u },
  ],
  de: [
    { answer: 'going', re: /^(?:(?:ok|ja|super|cool|klasse),?\s+)?(?:(?:da\s+)?(?:ich\s+)?bin(?:\s+ich)?(?:\s+(?:auch|dann|mit))?\s+dabei|ich komme|ich komme mit|ich bin da|zahlt auf mich|ich melde mich an|(?:ich\s+)?bin am start|da (?:komm|komme|geh|gehe) ich(?:\s+(?:auch|dann|gern|gerne))?\s+hin|ich (?:komm|komme|geh|gehe)(?:\s+(?:auch|dann))?\s+hin|da bin ich)(?:\s+(?:auch|dann|heute|gern|gerne))?[!. ]*(?:👍|🙌|🎉)?$/u },
    { answer: 'not-going', re: /^(?:(?:oh|ach|ach mist|mist|sorry|leider|schade|hm+|ne|nee),?\s+)*(?:(?:ich\s+)?kann (?:leider\s+)?doch nicht|ich kann doch nicht|ich komme doch nicht|ich bin raus|ich bin doch nicht dabei|ich bin nicht dabei|ich schaffe es nicht|ich schaff es nicht|ich schaffs nicht|doch nicht|ich kann nicht kommen|ich kann leider nicht|melde mich ab|ich melde mich ab)(?:\s+(?:leider|sorry|mehr))*[!. ]*(?:😬|😢|🙁|😞)?$/u },
    { answer: 'maybe', re: /^(?:vielleicht|mal sehen|mal schauen|eventuell|vielleicht (?:komm|komme) ich(?: vorbei)?|vielleicht schau(?:e)? ich (?:da |mal |dort )?vorbei|ich schau(?:e)? vielleicht (?:da |mal )?vorbei|ich komme vielleicht)[!. ]*$/u },
  ],
}

export const rsvp: Rule = (t, v, ctx, quotes) => {
  for (const { answer, re } of ALONE[v.lang]) {
    if (!re.test(t.f)) continue
    if (!ctx.last) return fail('no-referent')
    return { type: 'rsvp', event: ctx.last, answer }
  }
  for (const { answer, re } of v.rsvp) {
    const m = match(t, re)
    if (!m) continue
    const rest = group(t, m, 'rest') ?? txt('')
    const tf = findTime(squash(rest), v, ctx)
    const problem = timeProblem(tf, v)
    if (problem && problem.type === 'ask' && tf.problem?.kind === 'two-days') return problem
    const unstripped = dropTrailing(tf.rest)
    const stripped = stripArticles(unstripped, v)
    const said = cleanName(unstripped, v, quotes, undefined, true)
    // "count me in for that", "je viens à ça": the event last talked about.
    if (said && isPronoun(said.replace(/(?:\s*(?:\p{Extended_Pictographic}|\u200d|\ufe0f))+$/u, ''))) return ctx.last ? { type: 'rsvp', event: ctx.last, answer } : fail('no-referent')
    const event = cleanName(stripped, v, quotes)
    if (!event) return null
    if (isPronoun(event)) return ctx.last ? { type: 'rsvp', event: ctx.last, answer } : fail('no-referent')
    if (v.notNames.test(event.toLowerCase()) || NOT_EVENT.test(event.toLowerCase())) return null
    if (rx('u')`^(?:${v.changeVerbs})(?![\p{L}])`.test(squash(tf.rest).f)) return null
    const many = severalEvents(stripped, v, ctx, quotes)
    if (many) return { type: 'rsvp-many', events: many, answer }
    return tf.day ? { type: 'rsvp', event, answer, day: tf.day } : { type: 'rsvp', event, answer }
  }
  return null
}

/** An RSVP's event without the words that trail it: "… now", "… too", "… after all". */
function dropTrailing(t: Txt): Txt {
  const m = /(?:\s+(?:now|then|too|again|after all|anymore|any more|anyway|as well|for sure|definitely|plus|mehr|aussi|alors|encore|finalement|quand meme|auch|dann|doch|wieder|trotzdem))+$/u.exec(t.f)
  return m ? sub(t, 0, m.index) : t
}

/**
 * "X and Y": several known events, when each part names one surely and the whole names none
 * ("Bread and butter" stays one title).
 */
export function severalEvents(t: Txt, v: Vocab, ctx: ParseContext, quotes: readonly string[]): string[] | null {
  const known = ctx.known?.events
  if (!known?.length) return null
  const parts = t.f.split(rx('u')`\s*(?:,|\s(?:${v.and}|${v.lang === 'en' ? 'as well as' : v.lang === 'fr' ? 'ainsi que' : 'sowie'})\s)\s*`)
  if (parts.length < 2) return null
  const whole = cleanName(t, v, quotes) ?? ''
  if (titleCandidates(whole, known).some((e) => nameScore(whole, e.title) >= 0.9)) return null
  const out: string[] = []
  let from = 0
  for (const p of parts) {
    const at = t.f.indexOf(p, from)
    from = at + p.length
    const part = sub(t, at, at + p.length)
    const lead = /^(?:to|to the|for|for the|a|au|aux|a la|a l'|pour|zu|zum|zur|fur|fuer|bei|beim)\s+/u.exec(part.f)
    const name = cleanName(stripArticles(lead ? sub(part, lead[0].length) : part, v), v, quotes)
    if (!name) return null
    const ref = refName(name, ctx)
    if (typeof ref !== 'string') return null
    if (!known.some((e) => e.title === ref)) return null
    out.push(ref)
  }
  return out
}
