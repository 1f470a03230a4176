/**
 * Rules for changing the programme: add an event, move it, rename it, cancel it.
 *
 * @remarks
 * An event sentence is read outside in: the verb, then the time words (time.ts), then the
 * resources ("with projector"), then the venue (the words after the last venue preposition), and
 * what is left is the kind and the title. A quoted title wins over all of these.
 */
import type { Intent } from '../intent.ts'
import { askOne, askRename } from './replies.ts'
import { severalEvents } from './rules-query.ts'
import { cleanName, quoteIn, stripArticles, stripLeading } from './names.ts'
import { type Outcome, type Rule, fail, first, timeProblem } from './rule.ts'
import { allMatches, group, squash, sub, type Txt, txt, rx } from './text.ts'
import { findTime } from './time.ts'
import { type EventParts, readEventParts } from './event-parts.ts'
import { isPronoun, refName } from './refs.ts'
import { slipOf } from './typos.ts'
import { matchDescribed, readDescription } from './describe-ref.ts'
import { kindAlternation, type Vocab } from './vocab.ts'

const E = String.raw`(?![\p{L}\p{N}])`
/** Verbs that also start a schedule query ("schedule for tomorrow", "programme de samedi"). */
const WEAK = /^(?:schedule|programme|programmer|programmez|plan|plane|put|mets|mettre|propose)\s/u
const ADJ = String.raw`(?:new|short|little|big|quick|nouveau|nouvelle|nouvel|petit|petite|grand|grande|neuen|neue|neuer|neues|kleinen|kleine|kleines|kurzen|kurzer)`

function allKinds(v: Vocab): string {
  return kindAlternation(v)
}

/** The last venue preposition in `t` with a name after it: `{ before, after }`. */
export function splitVenue(t: Txt, preps: string): { before: Txt; after: Txt } | null {
  const re = rx('gu')`(?<![\p{L}\p{N}'])(?:${preps})(?:\s+|(?<='))`
  let best: { before: Txt; after: Txt } | null = null
  for (const m of allMatches(re, t.f)) {
    const after = squash(sub(t, m.index + m[0].length))
    if (!after.f) continue
    const word = m[0].trim()
    // A bare "in" names a place only before an article, a quote or a place word ("in the Lab",
    // "in Room 2"); "Life in P2P" is a title.
    if (/^in$/.test(word) && !rx('u')`^(?:§|(?:the|der|die|das|den|dem)\s|(?:room|hall|tent|raum|saal|zelt|halle)${E})`.test(after.f)) continue
    best = { before: sub(t, 0, m.index), after }
  }
  return best
}

/** Takes "with projector and PA" out of an event sentence when it plainly names resources. */
function takeResources(t: Txt, v: Vocab, quotes: readonly string[], titled: boolean): { rest: Txt; resources: string[] } {
  const re = new RegExp(
    String.raw`(?:^|\s)(?:${v.with})\s+(?<res>.+?)(?=\s(?:${v.venuePreps})(?:\s|')|$)`,
    'du',
  )
  const m = re.exec(t.f)
  const span = m?.indices?.groups?.res
  if (!m || !span) return { rest: t, resources: [] }
  const res = sub(t, span[0], span[1])
  const plain =
    titled ||
    rx('u')`^(?:${v.articles}|\d+)(?:\s|')`.test(res.f) ||
    rx('u')`(?<![\p{L}])(?:${v.resourceWords})${E}`.test(res.f)
  if (!plain) return { rest: t, resources: [] }
  const resources: string[] = []
  let from = 0
  const parts = res.f.split(rx('u')`\s*(?:\s(?:${v.and})\s|,)\s*`)
  for (const p of parts) {
    const at = res.f.indexOf(p, from)
    from = at + p.length
    const name = cleanName(stripArticles(sub(res, at, at + p.length), v), v, quotes)
    if (name) resources.push(name)
  }
  const rest = squash({ o: t.o.slice(0, m.index) + ' ' + t.o.slice(span[1]), f: t.f.slice(0, m.index) + ' ' + t.f.slice(span[1]) })
  return { rest, resources }
}

/**
 * "in the atelier on sunday at 10am add workshop knitting circle": the verb after a time and a
 * place. A match whose `body` is the words after the verb and `tail` the ones before, when those
 * are all read as a time or a venue.
 */
function addLater(t: Txt, v: Vocab, ctx: Parameters<Rule>[2], quotes: readonly string[]): RegExpExecArray | null {
  if (!v.addLater) return null
  const m = v.addLater.exec(t.f)
  const pre = m ? group(t, m, 'tail') : undefined
  if (!m || !pre) return null
  const parts = readEventParts(squash(pre), v, ctx, quotes, { mode: 'add' })
  if ('type' in parts || parts.title || parts.kind || parts.ask || (!parts.time && !parts.venue)) return null
  return m
}

export const addEvent: Rule = (t, v, ctx, quotes) => {
  const m = first(t, v.add) ?? addLater(t, v, ctx, quotes)
  if (!m) return null
  const b = group(t, m, 'body')
  if (!b) return null
  const tail = group(t, m, 'tail')
  const body = squash(tail ? { o: `${b.o}, ${tail.o}`, f: `${b.f}, ${tail.f}` } : b)
  const kindStart = rx('du')`^(?:(?:${v.articles})(?:\s+|(?<='))|${ADJ}\s+)*(?<kind>${allKinds(v)})${E}`
  if (WEAK.test(m[0]) && !kindStart.test(body.f) && !/^§\d/.test(body.f)) return null

  const parts = readEventParts(body, v, ctx, quotes, { mode: 'add' })
  if ('type' in parts) return parts
  const quoted = /§\d/.test(body.f)
  if (!parts.kind && !quoted && !parts.time && !parts.venue) return WEAK.test(m[0]) ? null : fail('unknown')
  if (!parts.title && !parts.kind && !quoted) return fail('missing-name')
  return addIntent(parts)
}

/** The add-event intent of a reading, or the question it raised (with what each answer runs). */
function addIntent(parts: EventParts): Outcome {
  const base: Extract<Intent, { type: 'add-event' }> = { type: 'add-event', kind: parts.kind ?? 'other', resources: parts.resources }
  if (parts.title) base.title = parts.title
  if (parts.time) base.time = parts.time
  if (parts.venue) base.venue = parts.venue
  if (parts.capacity !== undefined) base.capacity = parts.capacity
  if (parts.organizers.length > 0) base.organizers = parts.organizers
  if (!parts.ask) return base
  const intents = parts.ask.options.map((o) => {
    const x: Extract<Intent, { type: 'add-event' }> = { ...base }
    if (o.parts.title !== undefined) x.title = o.parts.title
    if (o.parts.venue !== undefined) x.venue = o.parts.venue
    if (o.parts.newVenue) x.newVenue = true
    if (o.parts.organizers !== undefined) {
      if (o.parts.organizers.length) x.organizers = o.parts.organizers
      else delete x.organizers
    }
    return x
  })
  return {
    type: 'ask',
    question: parts.ask.question,
    choices: parts.ask.options.map((o) => o.choice),
    ...(intents.length ? { intents, answers: parts.ask.options.map((o) => o.answers) } : {}),
  }
}

/** Words that make a sentence about an event chat rather than a booking: a question, the past, a judgement. */
const NOT_BOOKING: Record<Vocab['lang'], RegExp> = {
  en: /(?<![\p{L}])(?:was|were|is|are|isn'?t|will be|been|did|do you|does|who|what|when|where|why|how|which|can|could|should|would|great|awesome|amazing|loved|love|liked|see you)(?![\p{L}])/u,
  fr: /^ou\s|(?<![\p{L}])(?:etait|est|sera|c'etait|c'est|qui|quoi|quand|pourquoi|comment|quel|quelle|a ete|super|genial|top|j'ai adore|adore)(?![\p{L}])/u,
  de: /(?<![\p{L}])(?:war|waren|ist|sind|wird|wurde|gewesen|wer|was|wann|wo|warum|wie|welche|welcher|hat|hatte|toll|super|klasse|geil|bis dann)(?![\p{L}])/u,
}

/**
 * A booking without a verb, as people type them in chat: "konzert punk sa 20 uhr village",
 * "workshop lötkurs am 5. juni um 12:00", "am 28. treffen um 15 uhr im gc". The kind word must
 * lead (after the time and place, if those come first), a clock time must be said, and the
 * sentence must not be a question, in the past or a judgement.
 */
export const addBare: Rule = (t, v, ctx, quotes) => {
  if (ctx.question || NOT_BOOKING[v.lang].test(t.f)) return null
  const lead = /^\p{L}+/u.exec(t.f)?.[0]
  const slip = lead ? slipOf(lead, v.kindWords) : undefined
  if (!slip && !rx('u')`(?<![\p{L}])(?:${allKinds(v)})${E}`.test(t.f)) return null
  const parts = readEventParts(t, v, ctx, quotes, { mode: 'add' })
  if ('type' in parts) {
    // An unclear time ("workshop um 3 im gc") is asked only when the rest reads as a booking.
    const pick = parts.type === 'ask' ? parts.picks?.[0] : undefined
    if (!pick) return null
    const probe = readEventParts(t, v, { ...ctx, pick }, quotes, { mode: 'add' })
    return !('type' in probe) && isBooking(probe) ? parts : null
  }
  return isBooking(parts) ? addIntent(parts) : null
}

/**
 * A verbless reading that is a booking: a kind word leading (or a slip of one: "wokshop"), and a
 * clock time — or a day and a venue, and then the time is asked ("workshop git basics montag atelier").
 */
function isBooking(parts: EventParts): boolean {
  if (!parts.kind || parts.kind === 'other' || (parts.kindAt !== 'lead' && parts.kindAt !== 'slip') || !parts.time) return false
  return !parts.time.dayOnly || (!!parts.venue && !!parts.title)
}

export const renameEvent: Rule = (t, v, ctx, quotes) => {
  const m = first(t, v.rename)
  if (!m) return null
  // "benenn X um in Y": the new name after the verb's particle.
  const b = group(t, m, 'body') ?? txt('')
  const after = group(t, m, 'tail')
  const body = squash(after ? { o: `${b.o} ${after.o}`, f: `${b.f} ${after.f}` } : b)
  const seps = allMatches(v.renameSep, body.f)
  const cut = (s: RegExpExecArray | RegExpMatchArray): [string | undefined, string | undefined] => {
    const i = s.index ?? 0
    // The new title is kept as typed, its article too ("A brief history of P2P").
    return [cleanName(sub(body, 0, i), v, quotes), cleanName(sub(body, i + s[0].length), v, quotes, '', true)]
  }
  let pair: [string | undefined, string | undefined]
  if (seps.length === 1) pair = cut(seps[0] as RegExpMatchArray)
  else if (seps.length > 1) {
    let splits = seps.map(cut).filter((p): p is [string, string] => !!p[0] && !!p[1])
    // "renomme la conf mesh en réseaux mesh en pratique": the split whose old name is one known event.
    if (splits.length > 1) {
      const known = splits.filter(([old]) => namesOneEvent(old, ctx))
      if (known.length === 1) splits = known
    }
    if (splits.length === 1) pair = splits[0] as [string, string]
    else if (splits.length > 1) return { type: 'ask', ...askRename(splits, v.lang) } as Outcome
    else pair = [undefined, undefined]
  } else return fail('missing-name')
  const [event, title] = pair
  if (!event || !title) return fail('missing-name')
  const ref = refName(event, ctx)
  if (typeof ref !== 'string') return ref
  return { type: 'rename-event', event: ref, title }
}

/** Whether `name` is one of the festival's events: a title it matches surely, or a description only one fits. */
function namesOneEvent(name: string, ctx: Parameters<Rule>[2]): boolean {
  const events = ctx.known?.events ?? []
  const ref = refName(name, ctx)
  if (typeof ref === 'string' && events.some((e) => e.title === ref)) return true
  const d = readDescription(name, ctx.known?.people ?? [])
  if (!d || d.owner) return false
  const pool = events.map((e) => ({ title: e.title, kind: e.kind, authorName: '', author: '', organizers: [], start: null }))
  return matchDescribed(d, pool, '', () => 0).length === 1
}

export const cancelEvent: Rule = (t, v, ctx, quotes) => {
  const m = first(t, v.cancel)
  if (!m) return null
  const body = group(t, m, 'body')
  if (!body) return null
  const tf = findTime(squash(body), v, ctx)
  if (tf.problem?.kind === 'two-days') return timeProblem(tf, v)
  // "supprime les zazous, le groupe est malade": a reason after a comma, when what precedes names an event.
  let rest = tf.rest
  const comma = rest.f.indexOf(',')
  if (comma > 0 && ctx.known?.events.length) {
    const before = cleanName(stripArticles(squash(sub(rest, 0, comma)), v), v, quotes)
    const ref = before ? refName(before, ctx) : undefined
    if (typeof ref === 'string' && (isPronoun(before!) || ctx.known.events.some((e) => e.title === ref))) rest = squash(sub(rest, 0, comma))
  }
  const name = cleanName(stripArticles(rest, v), v, quotes)
  if (!name) return fail('missing-name')
  if (!isPronoun(name) && v.notNames.test(name.toLowerCase())) return null
  // "cancel yoga and the DJ set": two known events, one at a time (as two requests are), never a search
  // for an event called "yoga and the DJ set".
  const several = severalEvents(rest, v, ctx, quotes)
  if (several && several.length > 1) {
    const day = tf.day ? { day: tf.day } : {}
    const say = (e: string) => ({ en: `cancel ${e}`, fr: `annule ${e}`, de: `sag ${e} ab` })[v.lang]
    return { type: 'ask', ...askOne(several.map(say), v.lang), intents: several.map((e) => ({ type: 'cancel-event', event: e, ...day }) as Intent) }
  }
  const event = refName(name, ctx)
  if (typeof event !== 'string') return event
  return tf.day ? { type: 'cancel-event', event, day: tf.day } : { type: 'cancel-event', event }
}
