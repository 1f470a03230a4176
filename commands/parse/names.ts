/**
 * Names of events, venues and resources as typed: cut out of the sentence, articles and stray
 * prepositions trimmed, quotes put back. Matching them to real entities is the executor's job.
 */
import { restoreQuotes } from './normalize.ts'
import { type Txt, squash, sub, rx } from './text.ts'
import type { Vocab } from './vocab.ts'

const E = String.raw`(?![\p{L}\p{N}])`

/** Removes leading articles (`the`, `le`, `l'`, `den` …) from the folded/original pair. */
export function stripArticles(t: Txt, v: Vocab): Txt {
  const re = rx('u')`^(?:(?:${v.articles})(?:\s+|(?<=')))+`
  const m = re.exec(t.f)
  return m ? sub(t, m[0].length) : t
}

/** Removes words at the start that only link ("to", "à", "zum"). */
export function stripLeading(t: Txt, words: string): Txt {
  const re = rx('u')`^(?:(?:${words})${E}\s*|(?:${words})(?<='))+`
  const m = re.exec(t.f)
  return m ? sub(t, m[0].length) : t
}

/** Removes dangling words at the end ("to", "at", "à", "auf", a comma). */
export function stripTrailing(t: Txt, words: string): Txt {
  const re = rx('u')`(?:[\s,;:]+(?:${words}))+$|[\s,;:-]+$`
  let cur = t
  for (let i = 0; i < 4; i++) {
    const m = re.exec(cur.f)
    if (!m || m[0].length === 0) break
    cur = sub(cur, 0, m.index)
  }
  return cur
}

/** Per vocabulary and extra words, the words that may dangle at a name's end (made once). */
const danglers = new WeakMap<Vocab, Map<string, string>>()
function linksOf(v: Vocab, extra: string): string {
  let byExtra = danglers.get(v)
  if (!byExtra) danglers.set(v, (byExtra = new Map()))
  let links = byExtra.get(extra)
  if (links === undefined) {
    if (byExtra.size >= 64) byExtra.clear()
    byExtra.set(extra, (links = [v.venuePreps, v.moveTo, v.time.dayPreps, v.time.clockPreps, extra].filter(Boolean).join('|')))
  }
  return links
}

/**
 * A clean name from a stretch of the sentence, or `undefined` when nothing is left.
 *
 * @param extra words that may dangle at either end besides the articles (prepositions).
 * @param keepArticles keep a leading article ("that", "la"): for telling a pronoun from a name.
 */
export function cleanName(t: Txt, v: Vocab, quotes: readonly string[], extra = '', keepArticles = false): string | undefined {
  let cur = squash(t)
  const links = linksOf(v, extra)
  for (let i = 0; i < 3; i++) {
    if (!keepArticles) cur = stripArticles(cur, v)
    cur = stripTrailing(cur, links)
    cur = squash(cur)
  }
  cur = squash(cur)
  let s = restoreQuotes(cur.o, quotes)
    .replace(/^[\s,;:'"-]+|[\s,;:.!?'"-]+$/gu, '')
    .trim()
  if (!s) return undefined
  if (/^[\p{P}\s]+$/u.test(s)) return undefined
  s = s.replace(/\s+/g, ' ')
  return s
}

/** The first quoted part that `t` holds (its `§n` placeholder), if any. */
export function quoteIn(t: Txt, quotes: readonly string[]): { index: number; text: string } | undefined {
  const m = /§(\d+)/.exec(t.f)
  if (!m) return undefined
  const i = Number(m[1])
  const text = quotes[i]
  return text !== undefined && text !== '' ? { index: i, text } : undefined
}
