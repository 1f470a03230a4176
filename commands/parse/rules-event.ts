/**
 * Rules for changing the programme: add an event, move it, rename it, cancel it.
 *
 * @remarks
 * An event sentence is read outside in: the verb, then the time words (time.ts), then the
 * resources ("with projector"), then the venue (the words after the last venue preposition), and
 * what is left is the kind and the title. A quoted title wins over all of these.
 */
import type { EventKind } from '../../core/types.ts'
import type { Intent } from '../intent.ts'
import { askRename } from './replies.ts'
import { cleanName, quoteIn, stripArticles, stripLeading } from './names.ts'
import { type Outcome, type Rule, fail, first, timeProblem } from './rule.ts'
import { type Txt, group, squash, sub, txt } from './text.ts'
import { findTime } from './time.ts'
import type { Vocab } from './vocab.ts'

const E = String.raw`(?![\p{L}\p{N}])`
/** Verbs that also start a schedule query ("schedule for tomorrow", "programme de samedi"). */
const WEAK = /^(?:schedule|programme|programmer|programmez|plan|plane|put|mets|mettre|propose)\s/u
const ADJ = String.raw`(?:new|short|little|big|quick|nouveau|nouvelle|nouvel|petit|petite|grand|grande|neuen|neue|neuer|neues|kleinen|kleine|kleines|kurzen|kurzer)`

function kindOf(word: string, v: Vocab): EventKind | undefined {
  for (const k of v.kinds) if (new RegExp(`^(?:${k.re})$`, 'u').test(word)) return k.kind
  return undefined
}

function allKinds(v: Vocab): string {
  return v.kinds.map((k) => k.re).join('|')
}

/** The last venue preposition in `t` with a name after it: `{ before, after }`. */
export function splitVenue(t: Txt, preps: string): { before: Txt; after: Txt } | null {
  const re = new RegExp(String.raw`(?<![\p{L}\p{N}'])(?:${preps})(?:\s+|(?<='))`, 'gu')
  let best: { before: Txt; after: Txt } | null = null
  for (const m of t.f.matchAll(re)) {
    const after = squash(sub(t, m.index + m[0].length))
    if (!after.f) continue
    const word = m[0].trim()
    // A bare "in" names a place only before an article, a quote or a place word ("in the Lab",
    // "in Room 2"); "Life in P2P" is a title.
    if (/^in$/.test(word) && !new RegExp(String.raw`^(?:§|(?:the|der|die|das|den|dem)\s|(?:room|hall|tent|raum|saal|zelt|halle)${E})`, 'u').test(after.f)) continue
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
    new RegExp(String.raw`^(?:${v.articles}|\d+)(?:\s|')`, 'u').test(res.f) ||
    new RegExp(String.raw`(?<![\p{L}])(?:${v.resourceWords})${E}`, 'u').test(res.f)
  if (!plain) return { rest: t, resources: [] }
  const resources: string[] = []
  let from = 0
  const parts = res.f.split(new RegExp(String.raw`\s*(?:\s(?:${v.and})\s|,)\s*`, 'u'))
  for (const p of parts) {
    const at = res.f.indexOf(p, from)
    from = at + p.length
    const name = cleanName(stripArticles(sub(res, at, at + p.length), v), v, quotes)
    if (name) resources.push(name)
  }
  const rest = squash({ o: t.o.slice(0, m.index) + ' ' + t.o.slice(span[1]), f: t.f.slice(0, m.index) + ' ' + t.f.slice(span[1]) })
  return { rest, resources }
}

export const addEvent: Rule = (t, v, ctx, quotes) => {
  const m = first(t, v.add)
  if (!m) return null
  const b = group(t, m, 'body')
  if (!b) return null
  const tail = group(t, m, 'tail')
  const body = squash(tail ? { o: `${b.o}, ${tail.o}`, f: `${b.f}, ${tail.f}` } : b)
  const kindStart = new RegExp(String.raw`^(?:(?:${v.articles})(?:\s+|(?<='))|${ADJ}\s+)*(?<kind>${allKinds(v)})${E}`, 'du')
  const quoted = /§\d/.test(body.f)
  if (WEAK.test(m[0]) && !kindStart.test(body.f) && !/^§\d/.test(body.f)) return null

  const tf = findTime(body, v, ctx)
  const problem = timeProblem(tf, v)
  if (problem) return problem
  const called = new RegExp(String.raw`(?<![\p{L}])(?:${v.called})(?:\s|$)`, 'u')
  const { rest, resources } = takeResources(tf.rest, v, quotes, quoted || called.test(tf.rest.f))
  const split = splitVenue(rest, v.venuePreps)
  const venue = split ? cleanName(split.after, v, quotes) : undefined
  let head = squash(split ? split.before : rest)
  head = squash(stripArticles(head, v))

  let kind: EventKind = 'other'
  let title: string | undefined
  const q = quoteIn(head, quotes)
  const km = kindStart.exec(head.f)
  if (q) {
    title = q.text
    const anyKind = new RegExp(String.raw`(?<![\p{L}])(?<kind>${allKinds(v)})${E}`, 'u').exec(head.f.replace(/§\d+/g, ' '))
    kind = (anyKind?.groups?.kind && kindOf(anyKind.groups.kind, v)) || 'other'
  } else if (km?.groups?.kind) {
    kind = kindOf(km.groups.kind, v) ?? 'other'
    let after = squash(sub(head, km[0].length))
    after = stripLeading(after, v.called)
    title = cleanName(after, v, quotes)
  } else {
    title = cleanName(head, v, quotes)
    const last = new RegExp(String.raw`\s(?<kind>${allKinds(v)})$`, 'u').exec(head.f)
    if (last?.groups?.kind) kind = kindOf(last.groups.kind, v) ?? 'other'
    if (!tf.spec && !venue && kind === 'other') return WEAK.test(m[0]) ? null : fail('unknown')
  }
  if (!title && kind === 'other' && !q) return fail('missing-name')
  const out: Extract<Intent, { type: 'add-event' }> = { type: 'add-event', kind, resources }
  if (title) out.title = title
  if (tf.spec) out.time = tf.spec
  if (venue) out.venue = venue
  return out
}

export const moveEvent: Rule = (t, v, ctx, quotes) => {
  const m = first(t, v.move)
  if (!m) return null
  const body = group(t, m, 'body')
  if (!body) return null
  const tf = findTime(squash(body), v, ctx)
  const problem = timeProblem(tf, v)
  if (problem) return problem
  const rest = squash(tf.rest)
  const timeTookTo = tf.clockPrep !== undefined && new RegExp(`^(?:${v.moveTo})$`, 'u').test(tf.clockPrep)
  const preps = timeTookTo ? v.venuePreps : `${v.moveTo}|${v.venuePreps}`
  let eventTxt: Txt = rest
  let venue: string | undefined
  const lead = /^§\d+/.exec(rest.f)
  if (lead) {
    eventTxt = sub(rest, 0, lead[0].length)
    const after = stripLeading(squash(sub(rest, lead[0].length)), preps)
    venue = cleanName(after, v, quotes)
  } else {
    const split = splitVenue(rest, preps)
    if (split) {
      eventTxt = split.before
      venue = cleanName(split.after, v, quotes)
    }
  }
  const event = cleanName(eventTxt, v, quotes)
  if (!event) return fail('missing-name')
  if (!tf.spec && !venue) return fail('missing-time')
  const out: Extract<Intent, { type: 'move-event' }> = { type: 'move-event', event }
  if (tf.spec) out.time = tf.spec
  if (venue) out.venue = venue
  return out
}

export const renameEvent: Rule = (t, v, _ctx, quotes) => {
  const m = first(t, v.rename)
  if (!m) return null
  const body = squash(group(t, m, 'body') ?? txt(''))
  const seps = [...body.f.matchAll(v.renameSep)]
  const cut = (s: RegExpExecArray | RegExpMatchArray): [string | undefined, string | undefined] => {
    const i = s.index ?? 0
    return [cleanName(sub(body, 0, i), v, quotes), cleanName(sub(body, i + s[0].length), v, quotes)]
  }
  let pair: [string | undefined, string | undefined]
  if (seps.length === 1) pair = cut(seps[0] as RegExpMatchArray)
  else if (seps.length > 1) {
    const splits = seps.map(cut).filter((p): p is [string, string] => !!p[0] && !!p[1])
    if (splits.length === 1) pair = splits[0] as [string, string]
    else if (splits.length > 1) return { type: 'ask', ...askRename(splits, v.lang) } as Outcome
    else pair = [undefined, undefined]
  } else return fail('missing-name')
  const [event, title] = pair
  if (!event || !title) return fail('missing-name')
  return { type: 'rename-event', event, title }
}

export const cancelEvent: Rule = (t, v, ctx, quotes) => {
  const m = first(t, v.cancel)
  if (!m) return null
  const body = group(t, m, 'body')
  if (!body) return null
  const tf = findTime(squash(body), v, ctx)
  if (tf.problem?.kind === 'two-days') return timeProblem(tf, v)
  const event = cleanName(stripArticles(tf.rest, v), v, quotes)
  if (!event) return fail('missing-name')
  if (v.notNames.test(event.toLowerCase())) return null
  return tf.day ? { type: 'cancel-event', event, day: tf.day } : { type: 'cancel-event', event }
}
