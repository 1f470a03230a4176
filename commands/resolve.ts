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
import { changesBetween, type ListChange } from '../core/deltas.ts'

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

/**
 * Matches `typed` against `items` by their names (and aliases).
 *
 * @param namesOf the names an item answers to (its name first, then aliases).
 * @param indexKey when given, `namesOf` depends on the item alone and is the same for every call
 *   with this key (e.g. `'event titles'`): the names of the items are then kept in a
 *   {@link NameIndex} across calls, and only the items that can score above 0 are scored — the
 *   same answer as the full scan, at a cost that grows with the matches, not with `items`.
 */
export function matchName<T>(typed: string, items: readonly T[], namesOf: (item: T) => string[], indexKey?: string): Match<T> {
  const t = prepare(typed)
  const pool = indexKey !== undefined ? nameCandidates(t, items, namesOf, indexKey) : items
  // A name typed as it is written (score 1) settles it at once when only one item has it.
  const exactly = pool.filter((item) => namesOf(item).some((name) => prepare(name).folded === t.folded))
  if (t.folded !== '' && exactly.length === 1) return { kind: 'sure', item: exactly[0]!, score: 1 }
  const scored: { item: T; score: number }[] = []
  for (const item of pool) {
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

// ---- the name index -----------------------------------------------------------------------------

/** Below this many items a lookup scans them all: the index would not pay for itself. */
const INDEX_MIN_ITEMS = 64

const indexes = new Map<string, NameIndex>()

/**
 * The items of `items` (in their order) that may score above 0 for `typed` by {@link nameScore}:
 * every item that does, and a few that do not. Through the {@link NameIndex} kept under `key`
 * (all of `items` below {@link INDEX_MIN_ITEMS}). `items` must not be changed in place after a call
 * (a call with the same array, no longer, reuses its mapping to the index).
 */
export function nameCandidates<T>(typed: Prepared, items: readonly T[], namesOf: (item: T) => readonly string[], key: string): readonly T[] {
  if (items.length < INDEX_MIN_ITEMS) return items
  return indexOf(key).candidates(typed, items, namesOf as (item: unknown) => readonly string[]).map((p) => items[p]!)
}


/**
 * {@link nameCandidates} for a list kept in `order` (a total order, the list's own: a view's events
 * by `compareEvents`) whose maker logs its changes (`core/deltas.ts`): when the changes from the list
 * of the last call under `key` to `items` are kept, the index follows them at their cost instead of
 * mapping the whole list again.
 */
export function nameCandidatesInOrder<T extends object>(typed: Prepared, items: readonly T[], namesOf: (item: T) => readonly string[], key: string, order: (a: T, b: T) => number): readonly T[] {
  if (items.length < INDEX_MIN_ITEMS) return items
  return indexOf(key).candidatesInOrder(typed, items, namesOf as (item: unknown) => readonly string[], order as (a: object, b: object) => number) as T[]
}

/**
 * {@link nameCandidates} as positions in `items`, ascending. Calls in a row with the same `items`
 * array (a sentence's windows) map it to the index once.
 */
export function nameCandidatePositions<T>(typed: Prepared, items: readonly T[], namesOf: (item: T) => readonly string[], key: string): readonly number[] {
  if (items.length < INDEX_MIN_ITEMS) return items.map((_, i) => i)
  return indexOf(key).candidates(typed, items, namesOf as (item: unknown) => readonly string[])
}

/** How far {@link mapAligned} and the name index look ahead to line a list up with the last one again. */
const ALIGN_AHEAD = 8

/**
 * Where the walk of a new list against the last one goes on after a mismatch at `items[i]` and
 * `prev[j]`: `prev[j + k]` is `items[i]` when the `k` items before it are gone (returns `k`, up to
 * {@link ALIGN_AHEAD}), else -1 when `prev[j]` comes again within the next items of `items` (this
 * one is new: `j` stays), else 0 (this one replaces `prev[j]`, or `prev[j]` moved far: step over it).
 */
function realign(items: readonly unknown[], i: number, prev: readonly unknown[], prevCount: number, j: number): number {
  const item = items[i]
  for (let k = 1; k <= ALIGN_AHEAD && j + k < prevCount; k++) if (prev[j + k] === item) return k
  const old = prev[j]
  for (let m = 1; m <= ALIGN_AHEAD && i + m < items.length; m++) if (items[i + m] === old) return -1
  return 0
}

/**
 * `items.map(make)`, reusing the values made for the last list wherever `items` holds the same
 * objects in the same order: a new view's events are mostly the last view's, so a per-view derivation
 * costs O(items) pointer comparisons and `make` runs only for the events changes made. Runs of up to
 * {@link ALIGN_AHEAD} items put in or taken out between the two lists (several changes since the
 * last list: eight rooms writing at once) are stepped over. A value is reused only for the same
 * object, so a list that does not line up costs `make` calls, never a wrong value.
 */
export function mapAligned<T, U>(items: readonly T[], last: { items: readonly T[]; values: readonly U[] } | null, make: (item: T) => U): U[] {
  const prev = last?.items ?? []
  const prevValues = last?.values ?? []
  const out = new Array<U>(items.length)
  let j = 0
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!
    if (j < prev.length && prev[j] === item) {
      out[i] = prevValues[j++] as U
      continue
    }
    const k = j < prev.length ? realign(items, i, prev, prev.length, j) : -1
    if (k > 0) {
      out[i] = prevValues[j + k] as U
      j += k + 1
    } else {
      out[i] = make(item)
      if (k === 0) j++
    }
  }
  return out
}

const titleOf = (e: { title: string }): readonly string[] => [e.title]

/**
 * The events of `events` (the parser's {@link KnownNames}' events, one array per view) that may
 * score above 0 for `typed` as their titles, in order: {@link nameCandidates} under the parser's own key.
 */
export function titleCandidates<T extends { title: string }>(typed: string, events: readonly T[]): readonly T[] {
  const order = followedLists.get(events)
  if (order) return nameCandidatesInOrder(prepare(typed), events, titleOf, 'known event titles: followed', order as (a: T, b: T) => number)
  return nameCandidates(prepare(typed), events, titleOf, 'known event titles')
}

/** Lists kept in an order whose maker logs their changes (`core/deltas.ts`), with that order. */
const followedLists = new WeakMap<readonly object[], (a: never, b: never) => number>()

/**
 * Says that `items` is kept in `order` and its maker logs how it follows the list before
 * (`core/deltas.ts`): {@link titleCandidates} then looks it up with {@link nameCandidatesInOrder} (the
 * parser's known titles, `commands/known-names.ts`). `items` must not be changed in place afterwards.
 */
export function followList<T extends object>(items: readonly T[], order: (a: T, b: T) => number): void {
  followedLists.set(items, order as (a: never, b: never) => number)
}

function indexOf(key: string): NameIndex {
  let index = indexes.get(key)
  if (!index) indexes.set(key, (index = new NameIndex()))
  return index
}

/** A list of entry ids, appended in increasing order. */
type Posting = number[]

function push(map: Map<string, Posting>, key: string, id: number): void {
  const list = map.get(key)
  if (!list) map.set(key, [id])
  else if (list[list.length - 1] !== id) list.push(id)
}

/** The vocabulary buckets a name word is filed in: by its first letter, its second, its first two. */
function bucketsOf(x: string): string[] {
  return x.length >= 2 ? ['f' + x[0], 's' + x[1], 'p' + x[0] + x[1]] : ['f' + x[0], 's']
}

/**
 * The buckets holding every word a typed word `w` can score above 0 against ({@link wordScore}):
 * the same first letter, the same second letter, or the first two swapped.
 */
function bucketsRead(w: string): string[] {
  return w.length >= 2 ? ['f' + w[0], 's' + w[1], 'p' + w[1] + w[0]] : ['f' + w[0], 's']
}

/**
 * The letters of a word as 32 bits (each character's code modulo 32): a word that holds every letter
 * of another has every bit of its mask, so a missing bit rules a prefix or an abbreviation out.
 */
function letterMask(s: string): number {
  let m = 0
  for (let i = 0; i < s.length; i++) m |= 1 << (s.charCodeAt(i) & 31)
  return m
}

function trigrams(s: string): string[] {
  const out: string[] = []
  for (let i = 0; i + 3 <= s.length; i++) out.push(s.slice(i, i + 3))
  return out
}

/**
 * The names of the items a lookup has seen, folded once, with what narrows a typed name to the
 * items that can match it. Kept across calls (views come and go; most of their items stay the
 * same objects), so that a change costs what it changed.
 *
 * @remarks
 * Shapes: an **entry** per distinct list of names (`#byKey`: the names, NUL-joined → entry id;
 * `#names[id]`: them prepared), so that a rebuilt view's new event objects with the same titles
 * cost nothing new; per call, the items of each entry as a chain of positions. Postings (entry ids, ascending) by folded name, by compact name, by name word, and by
 * trigram of the folded and of the compact names. The **vocabulary** (distinct name words) in
 * buckets by first letter, by second letter, and by the first two letters swapped.
 *
 * Why it loses nothing — {@link scorePrepared} is above 0 only when
 * 1. the folded names are equal, or the compact names are (postings by folded and compact name);
 * 2. the typed folded text (3 letters or more) is inside the folded name (its rarest trigram's
 *    posting, each checked with `includes`);
 * 3. or every typed word matches a word of the name ({@link wordScore} above 0) or, 4 letters or
 *    more, is inside the compact name. So any one typed word narrows: the index takes the one with
 *    the fewest entries. {@link wordScore} is above 0 only for a word whose first letter, second
 *    letter or swapped first two letters are the typed word's (exact, prefix and abbreviation keep
 *    the first letter; a typo keeps one of the first two, or swaps them): those buckets of the
 *    vocabulary hold every word that can match, and each is checked with {@link wordScore} itself.
 * The candidates are then scored as before, so the answers are the full scan's
 * (`test/commands/name-index.test.ts` compares them on a festival of 5,000 events).
 *
 * Complexity: a lookup is O(items) for mapping the items to their entries (`namesOf` and one
 * `Map` get each, no folding, no scoring), plus the bucket words checked for each typed word (once per
 * word: a word new to the vocabulary is added to the kept matches it belongs to) and the candidates'
 * postings. New names cost their words and trigrams; when
 * entries outnumber twice the items passed (names renamed away), the index starts again.
 */
export class NameIndex {
  /** Entry ids by the names they stand for (joined by NUL when several). */
  #byKey = new Map<string, number>()
  #names: Prepared[][] = []
  #folded = new Map<string, Posting>()
  #compact = new Map<string, Posting>()
  #words = new Map<string, Posting>()
  #foldedGrams = new Map<string, Posting>()
  #compactGrams = new Map<string, Posting>()
  /** Vocabulary words by `f` + first letter, `s` + second letter, `p` + first two letters. */
  #buckets = new Map<string, string[]>()
  /** Per bucket, each word's {@link letterMask}, in the bucket's order. */
  #bucketMasks = new Map<string, number[]>()
  /**
   * Typed word → the vocabulary words it scores above 0 against; kept up to date as the vocabulary
   * grows (a new word is checked against the typed words that read one of its buckets, `#readers`),
   * so that a change adding a word does not make every later lookup scan its buckets again.
   */
  #matches = new Map<string, string[]>()
  /** Bucket key → the typed words of `#matches` whose lookup read that bucket. */
  #readers = new Map<string, string[]>()
  /** Per entry, the call that last saw it, and there the positions of its first and last items. */
  #seen = new Uint32Array(1024)
  #first = new Int32Array(1024)
  #last = new Int32Array(1024)
  /** Per position in the current call's items, the next item of the same entry (-1: none). */
  #next = new Int32Array(1024)
  #call = 0
  /** The items last mapped (a call with the same array, not grown, maps nothing again). */
  #items: readonly unknown[] | null = null
  #itemCount = 0
  /** The entry of each of `#items` (and a spare array for the next mapping). */
  #ids = new Int32Array(1024)
  #spare = new Int32Array(1024)
  /** {@link candidatesInOrder}: the list last followed, each entry's items in it, and each item's entry. */
  #ordered: readonly object[] | null = null
  #members: (Set<object> | undefined)[] = []
  #memberOf = new Map<object, number>()

  /** How many entries the index holds (live or not): for tests. */
  get size(): number {
    return this.#names.length
  }

  /** The positions in `items` of the items that may match `t`, ascending (see the class notes). */
  candidates(t: Prepared, items: readonly unknown[], namesOf: (item: unknown) => readonly string[]): number[] {
    if (t.folded === '') return []
    if (items !== this.#items || items.length !== this.#itemCount) this.#map(items, namesOf)
    const call = this.#call
    const next = this.#next
    const hit = this.#hits(t, (id) => this.#seen[id] === call)
    const positions: number[] = []
    for (const id of hit) for (let i = this.#first[id]!; i !== -1; i = next[i]!) positions.push(i)
    return positions.sort((a, b) => a - b)
  }

  /**
   * The items of `items` that may match `t`, sorted by `order` (which must be the order of `items`).
   * When the changes from the list last passed to `items` are kept (`changesBetween`, `core/deltas.ts`),
   * the index follows them, O(change), instead of mapping the list again; else it maps `items` whole.
   * An index serves this or {@link candidates}, not both.
   */
  candidatesInOrder(t: Prepared, items: readonly object[], namesOf: (item: unknown) => readonly string[], order: (a: object, b: object) => number): object[] {
    if (t.folded === '') return []
    if (items !== this.#ordered) {
      // The changes from the list last followed to this one (lists made but not looked up in between too).
      const changes = this.#ordered && changesBetween(this.#ordered, items)
      if (changes && this.#names.length <= 2 * items.length + 1000) for (const change of changes) this.#follow(change, namesOf)
      else this.#fill(items, namesOf)
      this.#ordered = items
    }
    const hit = this.#hits(t, (id) => (this.#members[id]?.size ?? 0) > 0)
    const out: object[] = []
    for (const id of hit) for (const item of this.#members[id]!) out.push(item)
    return out.sort(order)
  }

  /** The entry of an item's names, added when new. */
  #entryOf(item: unknown, namesOf: (item: unknown) => readonly string[]): number {
    const names = namesOf(item)
    const key = names.length === 1 ? names[0]! : names.join('\u0000')
    return this.#byKey.get(key) ?? this.#add(key, names)
  }

  #fill(items: readonly object[], namesOf: (item: unknown) => readonly string[]): void {
    if (this.#names.length > 2 * items.length + 1000) this.#reset()
    this.#members = []
    this.#memberOf = new Map()
    for (const item of items) this.#join(item, this.#entryOf(item, namesOf))
  }

  #follow(change: ListChange<object>, namesOf: (item: unknown) => readonly string[]): void {
    for (const item of change.removed) {
      const id = this.#memberOf.get(item)
      if (id !== undefined) this.#members[id]?.delete(item)
      this.#memberOf.delete(item)
    }
    for (const item of change.added) this.#join(item, this.#entryOf(item, namesOf))
  }

  #join(item: object, id: number): void {
    let members = this.#members[id]
    if (!members) this.#members[id] = members = new Set()
    members.add(item)
    this.#memberOf.set(item, id)
  }

  /** The live entries (`live`) that may match `t`: see the class notes. */
  #hits(t: Prepared, live: (id: number) => boolean): Set<number> {
    const hit = new Set<number>()
    // 1. The same folded or compact name.
    for (const id of this.#folded.get(t.folded) ?? []) if (live(id)) hit.add(id)
    for (const id of this.#compact.get(t.compact) ?? []) if (live(id)) hit.add(id)
    // 2. The typed text inside a name.
    if (t.folded.length >= 3) {
      for (const id of this.#rarest(this.#foldedGrams, t.folded)) {
        if (live(id) && this.#names[id]!.some((n) => n.folded.includes(t.folded))) hit.add(id)
      }
    }
    // 3. Every typed word matches: the rarest one narrows.
    let best: { w: string; words: string[]; size: number } | null = null
    for (const w of t.words) {
      const words = this.#vocabularyMatches(w)
      let size = 0
      for (const x of words) size += this.#words.get(x)!.length
      if (w.length >= 4) size += this.#rarest(this.#compactGrams, w).length
      if (!best || size < best.size) best = { w, words, size }
      if (size === 0) break
    }
    if (best && best.size > 0) {
      for (const x of best.words) for (const id of this.#words.get(x)!) if (live(id)) hit.add(id)
      if (best.w.length >= 4) {
        const w = best.w
        for (const id of this.#rarest(this.#compactGrams, w)) if (live(id) && this.#names[id]!.some((n) => n.compact.includes(w))) hit.add(id)
      }
    }
    return hit
  }

  /**
   * Maps `items` to their entries (adding the new names): after it, the **live** entries are those
   * whose `#seen` is this call's, and each one's items a chain from `#first` through `#next`.
   */
  #map(items: readonly unknown[], namesOf: (item: unknown) => readonly string[]): void {
    if (this.#names.length > 2 * items.length + 1000) this.#reset()
    const call = ++this.#call
    if (call === 0xffffffff) {
      this.#seen.fill(0)
      this.#call = 1
    }
    // The items last mapped, with their entries: an item there (the same object) keeps its entry
    // without looking its names up — a new view shares most of its event objects with the last one.
    const prev = this.#items ?? []
    const prevCount = this.#items ? this.#itemCount : 0
    const prevIds = this.#ids
    if (this.#spare.length < items.length) this.#spare = new Int32Array(items.length * 2)
    const ids = this.#spare
    this.#items = items
    this.#itemCount = items.length
    if (this.#next.length < items.length) this.#next = new Int32Array(items.length * 2)
    const next = this.#next
    let j = 0
    for (let i = 0; i < items.length; i++) {
      const item = items[i]!
      let id: number
      if (j < prevCount && prev[j] === item) id = prevIds[j++]!
      else {
        // Items gone before this one, this one new, or replacing prev[j]: as in mapAligned.
        const k = j < prevCount ? realign(items, i, prev, prevCount, j) : -1
        if (k > 0) {
          id = prevIds[j + k]!
          j += k + 1
        } else {
          id = this.#entryOf(item, namesOf)
          if (k === 0) j++
        }
      }
      ids[i] = id
      next[i] = -1
      if (this.#seen[id] !== this.#call) {
        this.#seen[id] = this.#call
        this.#first[id] = i
      } else next[this.#last[id]!] = i
      this.#last[id] = i
    }
    this.#spare = prevIds
    this.#ids = ids
  }

  /** The posting of the trigram of `s` with the fewest entries (none: some trigram is in no name). */
  #rarest(grams: Map<string, Posting>, s: string): Posting {
    let best: Posting | null = null
    for (const g of trigrams(s)) {
      const list = grams.get(g)
      if (!list) return []
      if (!best || list.length < best.length) best = list
    }
    return best ?? []
  }

  /** The vocabulary words `w` scores above 0 against ({@link wordScore}), from the three buckets it can be in. */
  #vocabularyMatches(w: string): string[] {
    let out = this.#matches.get(w)
    if (out) return out
    out = []
    if (this.#matches.size >= CACHE_LIMIT) {
      this.#matches.clear()
      this.#readers.clear()
    }
    // What wordScore needs of a word before it scores above 0: a length within its edit distance of
    // the typed word's, or (longer) every letter of the typed word (a prefix, an abbreviation). Checked on
    // the bucket's lengths and letter masks first: a festival's buckets hold thousands of words.
    const max = w.length >= 8 ? 2 : w.length >= 4 ? 1 : 0
    const letters = letterMask(w)
    const keys = bucketsRead(w)
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k]!
      const bucket = this.#buckets.get(key)
      // Each word once, in the first of the buckets (first letter, second letter, the two swapped)
      // that holds it: a word of the second with the typed word's first letter was in the first; every
      // word of the third was in one of them when the typed word's first two letters are the same.
      if (bucket && !(k === 2 && w[0] === w[1])) {
        const masks = this.#bucketMasks.get(key)!
        for (let i = 0; i < bucket.length; i++) {
          const x = bucket[i]!
          if (k === 1 && x[0] === w[0]) continue
          const d = x.length - w.length
          if ((d > max || d < -max) && (d <= 0 || (letters & ~masks[i]!) !== 0)) continue
          if (wordScore(w, x) > 0) out.push(x)
        }
      }
      const readers = this.#readers.get(key)
      if (readers) readers.push(w)
      else this.#readers.set(key, [w])
    }
    this.#matches.set(w, out)
    return out
  }

  /** A word new to the vocabulary, added to the kept matches of the typed words that can match it. */
  #learn(x: string): void {
    let checked: Set<string> | null = null
    for (const key of bucketsOf(x)) {
      for (const w of this.#readers.get(key) ?? []) {
        // A typed word reading two of the new word's buckets is checked once.
        if (checked?.has(w)) continue
        ;(checked ??= new Set()).add(w)
        if (wordScore(w, x) > 0) this.#matches.get(w)!.push(x)
      }
    }
  }

  #add(key: string, names: readonly string[]): number {
    const id = this.#names.length
    const prepared = names.map(prepare)
    this.#names.push(prepared)
    this.#byKey.set(key, id)
    if (id >= this.#seen.length) {
      const grow = <A extends Int32Array | Uint32Array>(a: A, make: (n: number) => A): A => {
        const b = make(a.length * 2)
        b.set(a)
        return b
      }
      this.#first = grow(this.#first, (n) => new Int32Array(n))
      this.#last = grow(this.#last, (n) => new Int32Array(n))
      this.#seen = grow(this.#seen, (n) => new Uint32Array(n))
    }
    for (const n of prepared) {
      push(this.#folded, n.folded, id)
      push(this.#compact, n.compact, id)
      for (const g of trigrams(n.folded)) push(this.#foldedGrams, g, id)
      for (const g of trigrams(n.compact)) push(this.#compactGrams, g, id)
      for (const x of n.words) {
        if (!this.#words.has(x)) {
          for (const key of bucketsOf(x)) {
            const bucket = this.#buckets.get(key)
            if (bucket) {
              bucket.push(x)
              this.#bucketMasks.get(key)!.push(letterMask(x))
            } else {
              this.#buckets.set(key, [x])
              this.#bucketMasks.set(key, [letterMask(x)])
            }
          }
          this.#learn(x)
        }
        push(this.#words, x, id)
      }
    }
    return id
  }

  #reset(): void {
    this.#byKey.clear()
    this.#names = []
    this.#folded.clear()
    this.#compact.clear()
    this.#words.clear()
    this.#foldedGrams.clear()
    this.#compactGrams.clear()
    this.#buckets.clear()
    this.#bucketMasks.clear()
    this.#matches.clear()
    this.#readers.clear()
    this.#seen.fill(0)
    this.#items = null
    this.#ordered = null
    this.#members = []
    this.#memberOf = new Map()
  }
}
