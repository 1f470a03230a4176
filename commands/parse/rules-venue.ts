/**
 * Rules for places and things: add a venue (stage, room, zone), add a resource, book a resource
 * for an event.
 */
import type { Intent } from '../intent.ts'
import { cleanName, stripArticles } from './names.ts'
import { type Rule, fail, first } from './rule.ts'
import { type Txt, group, squash, sub, txt, rx } from './text.ts'
import type { Vocab } from './vocab.ts'

const E = String.raw`(?![\p{L}\p{N}])`

/** Where a venue's name ends and its description begins. */
const NAME_END = String.raw`\s*[,;(]|\s+-\s+|\s(?:as|for|with|which|that|holding|comme|pour|avec|qui|fur|fuer|mit|als)\s|\s(?=\d+\s*(?:people|persons|personnes|personen|leute|places|platze|seats|stands|stande)(?!\p{L}))`

export const addVenue: Rule = (t, v, _ctx, quotes) => {
  const m = first(t, v.addVenue)
  if (!m) return null
  const noun = m.groups?.noun ?? ''
  const rest = squash(group(t, m, 'rest') ?? txt(''))
  const tail = group(t, m, 'tail')
  const end = new RegExp(NAME_END, 'u').exec(rest.f)
  const nameTxt = /^§\d+/.test(rest.f) ? sub(rest, 0, (/^§\d+/.exec(rest.f) as RegExpExecArray)[0].length) : end ? sub(rest, 0, end.index) : rest
  const descr = `${rest.f.slice(nameTxt.f.length)} ${tail?.f ?? ''}`.trim()
  const name = cleanName(nameTxt, v, quotes)
  if (!name) return fail('missing-name')
  const out: Extract<Intent, { type: 'add-venue' }> = { type: 'add-venue', name }
  const one = rx('u')`(?<![\p{L}])(?:${v.venueOne})${E}`
  const many = rx('u')`(?<![\p{L}])(?:${v.venueMany})${E}`
  if (one.test(descr)) out.concurrent = 1
  else if (many.test(descr)) out.concurrent = null
  else if (one.test(noun)) out.concurrent = 1
  else if (many.test(noun)) out.concurrent = null
  const stands = v.stands.exec(descr)
  if (stands?.groups?.n) out.concurrent = Number(stands.groups.n)
  const cap = v.capacity.exec(descr)
  const n = cap?.groups?.n ?? cap?.groups?.n2
  if (n) out.capacity = Number(n)
  if (v.approval.test(descr)) out.policy = 'approval'
  else if (v.open.test(descr)) out.policy = 'open'
  return out
}

/** "projector x2", "2 projectors", "projector (3)", "two projectors". */
function counted(rest: Txt, v: Vocab): { name: Txt; count: number } | null {
  const nums = Object.keys(v.time.numbers).join('|')
  const lead = rx('u')`^(?<n>\d+|${nums})\s*(?:x|×|\*)?\s+`.exec(rest.f)
  if (lead) {
    const n = lead.groups?.n ?? '1'
    return { name: sub(rest, lead[0].length), count: /^\d/.test(n) ? Number(n) : (v.time.numbers[n] ?? 1) }
  }
  const trail = /\s*(?:(?:x|×|\*)\s*(\d+)|\((\d+)\)|,?\s+(?:count|quantity|quantite|anzahl|nombre|stuck|fois)\s*:?\s*(\d+))$/u.exec(rest.f)
  if (trail) return { name: sub(rest, 0, trail.index), count: Number(trail[1] ?? trail[2] ?? trail[3]) }
  return { name: rest, count: 1 }
}

function resource(rest: Txt, v: Vocab, quotes: readonly string[]) {
  const c = counted(stripArticles(squash(rest), v), v)
  if (!c) return fail('missing-name')
  if (!(c.count >= 1) || c.count > 10_000) return fail('unknown')
  const name = cleanName(c.name, v, quotes)
  if (!name) return fail('missing-name')
  return { type: 'add-resource' as const, name, count: c.count }
}

export const addResource: Rule = (t, v, _ctx, quotes) => {
  const m = first(t, v.addResource)
  if (m) return resource(group(t, m, 'rest') ?? txt(''), v, quotes)
  // "add 2 projectors", "add projector x2": an add whose object is plainly a resource.
  const a = first(t, v.add)
  const body = a ? group(t, a, 'body') : undefined
  if (!body) return null
  const re = rx('u')`^(?:(?:${v.articles})\s+)?(?:(?:\d+|${numberWords(v)})\s*x?\s+)?(?:${v.resourceWords})(?:\s*(?:x|×|\*)\s*\d+|\s*\(\d+\))?$`
  if (!re.test(squash(body).f)) return null
  return resource(body, v, quotes)
}

/** Per vocabulary, its number words as one alternation (made once). */
const numberAlternations = new WeakMap<Vocab, string>()
function numberWords(v: Vocab): string {
  let s = numberAlternations.get(v)
  if (s === undefined) numberAlternations.set(v, (s = Object.keys(v.time.numbers).join('|')))
  return s
}

export const book: Rule = (t, v, _ctx, quotes) => {
  const m = first(t, v.book)
  if (!m) return null
  const res = group(t, m, 'res')
  const ev = group(t, m, 'ev')
  const resource = res ? cleanName(res, v, quotes) : undefined
  const event = ev ? cleanName(ev, v, quotes) : undefined
  if (!resource || !event) return fail('missing-name')
  return { type: 'book-resource', resource, event }
}
