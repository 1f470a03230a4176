/**
 * Fuzzy matching of the names people type against the names in the schedule.
 *
 * @remarks
 * "ground ctrl" finds Ground Control, "conference" finds Conférence, "p2p history" finds History of
 * P2P. Names are folded (case, accents, punctuation, leading articles); then every typed word must
 * match a word of the name — exactly, as a prefix, as an abbreviation (its letters in order, first
 * letter equal: "ctrl" → "control"), or within a small edit distance. A match is **sure** when it is
 * exact or clearly ahead of the next one; otherwise the caller asks back with the candidates.
 */

/** Memoized per distinct string; schedules hold a few thousand names, so the cache is bounded and simply reset. */
const CACHE_LIMIT = 20_000
const foldCache = new Map<string, string>()
const wordsCache = new Map<string, string[]>()

function memo<T>(cache: Map<string, T>, key: string, make: (k: string) => T): T {
  let v = cache.get(key)
  if (v === undefined) {
    if (cache.size >= CACHE_LIMIT) cache.clear()
    v = make(key)
    cache.set(key, v)
  }
  return v
}

/** Folds a name for comparison: lowercase, no accents, no punctuation, single spaces. */
export function fold(s: string): string {
  return memo(foldCache, s, foldUncached)
}

function foldUncached(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[’'`´]/g, ' ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
}

const STOPWORDS = new Set([
  'the', 'a', 'an', 'of', 'le', 'la', 'les', 'l', 'de', 'du', 'des', 'un', 'une', 'au', 'aux', 'd',
  'der', 'die', 'das', 'den', 'dem', 'des', 'ein', 'eine', 'einen', 'im', 'am', 'zum', 'zur', 'von',
])

function words(s: string): string[] {
  return memo(wordsCache, s, wordsUncached)
}

function wordsUncached(s: string): string[] {
  const all = fold(s).split(' ').filter(Boolean)
  const kept = all.filter((w) => !STOPWORDS.has(w))
  return kept.length > 0 ? kept : all
}

/** Rows of the distance table, reused: names are short and matching runs on one thread. */
let rows = [new Int32Array(64), new Int32Array(64), new Int32Array(64)]

/** Damerau–Levenshtein distance (a swap of two neighbouring letters counts one), bounded: `max + 1` once exceeded. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1
  const width = b.length + 1
  if (rows[0]!.length < width) rows = [new Int32Array(width * 2), new Int32Array(width * 2), new Int32Array(width * 2)]
  // Three rows of the (a.length + 1) × (b.length + 1) table: two back (for a swap), one back, this one.
  let twoBack = rows[0]!
  let oneBack = rows[1]!
  let row = rows[2]!
  for (let j = 0; j <= b.length; j++) oneBack[j] = j
  for (let i = 1; i <= a.length; i++) {
    row[0] = i
    let rowMin = i
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let v = Math.min(oneBack[j]! + 1, row[j - 1]! + 1, oneBack[j - 1]! + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, twoBack[j - 2]! + 1)
      row[j] = v
      if (v < rowMin) rowMin = v
    }
    if (rowMin > max) return max + 1
    const spare = twoBack
    twoBack = oneBack
    oneBack = row
    row = spare
  }
  return oneBack[b.length]!
}

function isAbbreviation(typed: string, word: string): boolean {
  if (typed.length < 2 || typed[0] !== word[0] || typed.length >= word.length) return false
  let j = 0
  for (const ch of word) if (ch === typed[j]) j++
  return j === typed.length
}

/** How well one typed word matches one word of a name, 0…1. */
function wordScore(typed: string, word: string): number {
  if (typed === word) return 1
  if (word.startsWith(typed) && typed.length >= 2) return 0.9
  if (isAbbreviation(typed, word)) return 0.8
  // A typo keeps one of the first two letters, or swaps them ("jys" for "yjs").
  if (typed[0] !== word[0] && typed[1] !== word[1] && !(typed[0] === word[1] && typed[1] === word[0])) return 0
  const max = typed.length >= 8 ? 2 : typed.length >= 4 ? 1 : 0
  if (max > 0 && editDistance(typed, word, max) <= max) return 0.75
  // Three letters: only two of them swapped ("jys" for "yjs"), never another letter.
  if (typed.length === 3 && word.length === 3 && [...typed].sort().join('') === [...word].sort().join('') && editDistance(typed, word, 1) === 1) return 0.75
  return 0
}

/** A name folded once for matching: its folded text, without spaces, its words and how many words it has. */
export interface Prepared {
  folded: string
  compact: string
  words: string[]
  /** Words of the folded text, stopwords included (1 for an empty name, as `split` counts). */
  wordCount: number
}

const preparedCache = new Map<string, Prepared>()

/** A name folded for {@link scorePreparedName}; memoised per distinct string. */
export function prepare(name: string): Prepared {
  return memo(preparedCache, name, (s) => {
    const folded = fold(s)
    return { folded, compact: folded.replace(/ /g, ''), words: words(s), wordCount: folded.split(' ').length }
  })
}

/** How well a typed name matches a candidate name, 0…1. */
export function nameScore(typed: string, name: string): number {
  return scorePrepared(prepare(typed), prepare(name))
}

/**
 * Whether `name` can score above 0 for `typed` at all, cheaply: some word of the name passes
 * {@link wordScore}'s first-letters rule for the first typed word, or one of the substring
 * fallbacks of {@link scorePrepared} holds. A name that fails scores 0; one that passes is scored.
 */
function mayMatch(t: Prepared, n: Prepared): boolean {
  const w = t.words[0]
  if (w === undefined || t.folded === n.folded || t.compact === n.compact) return true
  for (const x of n.words) {
    if (x[0] === w[0] || x[1] === w[1] || (x[0] === w[1] && x[1] === w[0])) return true
  }
  return (w.length >= 4 && n.compact.includes(w)) || (t.folded.length >= 3 && n.folded.includes(t.folded))
}

/** {@link nameScore} of prepared names (the same score, with the cheap prefilter first). */
export function scorePreparedName(typed: Prepared, name: Prepared): number {
  return mayMatch(typed, name) ? scorePrepared(typed, name) : 0
}

/** {@link mayMatch} on two names: `false` only when {@link nameScore} is 0 (tested on every Camp 2019 title). */
export function mayMatchName(typed: string, name: string): boolean {
  return mayMatch(prepare(typed), prepare(name))
}

function scorePrepared(tp: Prepared, np: Prepared): number {
  const t = tp.folded
  const n = np.folded
  if (t === '' || n === '') return 0
  if (t === n) return 1
  const compactName = np.compact
  if (tp.compact === compactName) return 0.98 // "meetup" for "meet-up"
  const tw = tp.words
  const nw = np.words
  let total = 0
  for (const w of tw) {
    let best = 0
    for (const x of nw) best = Math.max(best, wordScore(w, x))
    if (best === 0 && w.length >= 4 && compactName.includes(w)) best = 0.7 // a word written apart in the name
    if (best === 0) return n.includes(t) && t.length >= 3 ? 0.7 : 0
    total += best
  }
  // Typed words cover part of the name: "p2p" for "History of P2P" is weaker than the full name.
  const coverage = Math.min(1, tw.length / nw.length)
  return 0.96 * (total / tw.length) * (0.7 + 0.3 * coverage)
}

/** The outcome of matching a typed name. */
export type Match<T> =
  | { kind: 'sure'; item: T; score: number }
  | { kind: 'unsure'; candidates: T[] }
  | { kind: 'none'; suggestions: T[] }

/** A sure match needs at least this score… */
export const SURE_SCORE = 0.7
/** …and this lead over the next candidate (unless it is exact). */
export const SURE_MARGIN = 0.12

/**
 * Matches `typed` against `items` by their names (and aliases).
 *
 * @param namesOf the names an item answers to (its name first, then aliases).
 */
/**
 * Generic words for a kind of place, across languages: "auf der Bühne" finds the festival's one
 * stage even when it is called Scène.
 */
export const PLACE_WORDS: readonly (readonly string[])[] = [
  ['stage', 'scene', 'bühne', 'buehne', 'main stage', 'grande scène'],
  ['village', 'dorf'],
  ['conference', 'conférence', 'konferenz', 'talks'],
  ['workshop', 'workshops', 'atelier', 'ateliers', 'werkstatt'],
  ['projection', 'cinema', 'cinéma', 'kino', 'screening'],
]

/**
 * The everyday words for the same piece of equipment, in English, French and German: a resource
 * named by any word of a group is also found by the others ("Beamer" finds "projector", "micro"
 * finds "microphone"). Folded words (see {@link fold}).
 */
const RESOURCE_WORDS: readonly (readonly string[])[] = [
  ['projector', 'projectors', 'beamer', 'beamers', 'projektor', 'projektoren', 'projecteur', 'projecteurs', 'videoprojecteur', 'video-projecteur', 'videoprojecteurs', 'proj'],
  ['microphone', 'microphones', 'mic', 'mics', 'mike', 'micro', 'micros', 'mikro', 'mikros', 'mikrofon', 'mikrofone'],
  ['pa', 'p.a.', 'sound system', 'speakers', 'sono', 'sonorisation', 'anlage', 'soundanlage', 'musikanlage', 'lautsprecher'],
  ['screen', 'ecran', 'leinwand'],
]

/** The other words a resource called `name` is known by ({@link RESOURCE_WORDS}); none for a name of its own. */
export function resourceSynonyms(name: string): readonly string[] {
  const f = fold(name)
  return RESOURCE_WORDS.find((group) => group.includes(f)) ?? []
}

export function matchName<T>(typed: string, items: readonly T[], namesOf: (item: T) => string[]): Match<T> {
  const t = prepare(typed)
  // A name typed as it is written (score 1) settles it at once when only one item has it.
  const exactly = items.filter((item) => namesOf(item).some((name) => prepare(name).folded === t.folded))
  if (t.folded !== '' && exactly.length === 1) return { kind: 'sure', item: exactly[0]!, score: 1 }
  const scored: { item: T; score: number }[] = []
  for (const item of items) {
    let score = 0
    for (const name of namesOf(item)) {
      const n = prepare(name)
      if (mayMatch(t, n)) score = Math.max(score, scorePrepared(t, n))
    }
    if (score > 0) scored.push({ item, score })
  }
  scored.sort((a, b) => b.score - a.score)
  const [first, second] = scored
  if (!first) {
    return { kind: 'none', suggestions: [] }
  }
  const exact = scored.filter((s) => s.score === 1)
  if (exact.length === 1) return { kind: 'sure', item: exact[0]!.item, score: 1 }
  if (exact.length > 1) return { kind: 'unsure', candidates: exact.slice(0, 5).map((s) => s.item) }
  const alone = !second && first.score >= 0.6 // the only name that comes close at all
  if (alone || (first.score >= SURE_SCORE && (!second || first.score - second.score >= SURE_MARGIN))) {
    return { kind: 'sure', item: first.item, score: first.score }
  }
  if (first.score >= 0.5) {
    return { kind: 'unsure', candidates: scored.filter((s) => s.score >= first.score - 0.25).slice(0, 5).map((s) => s.item) }
  }
  return { kind: 'none', suggestions: scored.slice(0, 3).map((s) => s.item) }
}
