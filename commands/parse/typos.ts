/**
 * Typing slips in the words that carry a sentence's meaning: day words ("tommorow", "saturady",
 * "Samstga") anywhere, and the command verb at the start ("cancle", "reschdule").
 *
 * @remarks
 * Only words whose misspellings are not themselves words are corrected, and only towards one
 * candidate: a word within one edit (a swap of two letters counts as one) of a word of six or more
 * letters, or two edits of one of nine or more, that starts with the same letter, that is not the
 * candidate's plural or "-s" adverb ("Fridays", "montags", "morgens"), and that is not on the list
 * of real words near a day word ("montage", "sundae", "concern"). A corrected day word is read as a
 * day and taken out of the sentence, so a wrong correction can only make a sentence name two days,
 * which is asked back; it never lands in a title.
 */
import type { Lang } from '../intent.ts'
import { type Txt, fold } from './text.ts'

const DAY_WORDS: Record<Lang, readonly string[]> = {
  en: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'tomorrow', 'tonight', 'yesterday', 'weekend', 'january', 'february', 'september', 'october', 'november', 'december', 'august'],
  fr: ['mercredi', 'vendredi', 'samedi', 'dimanche', 'demain', 'janvier', 'fevrier', 'juillet', 'septembre', 'octobre', 'novembre', 'decembre'],
  de: ['montag', 'dienstag', 'mittwoch', 'donnerstag', 'freitag', 'samstag', 'sonntag', 'morgen', 'ubermorgen', 'gestern', 'wochenende', 'januar', 'februar', 'september', 'oktober', 'november', 'dezember'],
}

/** Real words one or two edits from a day word: never corrected. */
const REAL: Record<Lang, ReadonlySet<string>> = {
  en: new Set(['sundae', 'sundry', 'fridge', 'mundane', 'weekends', 'frieda']),
  fr: new Set(['domaine', 'demande', 'samedis', 'dimanches', 'vendredis', 'mercredis', 'demains', 'deman']),
  de: new Set(['montage', 'morgens', 'sorgen', 'montags', 'dienstags', 'mittwochs', 'donnerstags', 'freitags', 'samstags', 'sonntags', 'wochenenden']),
}

const VERBS: Record<Lang, readonly string[]> = {
  en: ['cancel', 'delete', 'remove', 'rename', 'reschedule', 'schedule', 'create', 'postpone'],
  fr: ['ajoute', 'deplace', 'annule', 'supprime', 'renomme', 'decale', 'programme', 'repousse'],
  de: ['verschieb', 'verschiebe', 'erstelle', 'benenne', 'streiche', 'losche', 'entferne'],
}

/** Damerau–Levenshtein distance (adjacent swaps count one), bounded: `max + 1` once exceeded. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)])
  for (let j = 1; j <= b.length; j++) d[0]![j] = j
  for (let i = 1; i <= a.length; i++) {
    let rowMin = Infinity
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1)
      d[i]![j] = v
      if (v < rowMin) rowMin = v
    }
    if (rowMin > max) return max + 1
  }
  return d[a.length]![b.length]!
}

/** The one word of `candidates` that `word` is a slip of, or `undefined`. */
export function slipOf(word: string, candidates: readonly string[], real: ReadonlySet<string> = new Set()): string | undefined {
  if (word.length < 5 || real.has(word) || candidates.includes(word)) return undefined
  let best: string | undefined
  let bestD = Infinity
  let tie = false
  for (const c of candidates) {
    if (c[0] !== word[0]) continue
    if (word === `${c}s` || `${word}s` === c) continue
    const max = c.length >= 9 ? 2 : c.length >= 6 ? 1 : 0
    if (max === 0) continue
    const dist = editDistance(word, c, max)
    if (dist > max) continue
    if (dist < bestD) {
      best = c
      bestD = dist
      tie = false
    } else if (dist === bestD) tie = true
  }
  return tie ? undefined : best
}

/** The sentence with slips of day words (anywhere) and of the first word's verb corrected, in both strings. */
export function fixSlips(t: Txt, lang: Lang): Txt {
  let o = ''
  let f = ''
  let last = 0
  let first = true
  for (const m of t.f.matchAll(/\p{L}+/gu)) {
    const word = m[0]
    const fix = slipOf(word, DAY_WORDS[lang], REAL[lang]) ?? (first && m.index === 0 ? slipOf(word, VERBS[lang]) : undefined)
    first = false
    if (!fix) continue
    o += t.o.slice(last, m.index) + fix
    f += t.f.slice(last, m.index) + fold(fix)
    last = m.index + word.length
  }
  if (last === 0) return t
  return { o: o + t.o.slice(last), f: f + t.f.slice(last) }
}
