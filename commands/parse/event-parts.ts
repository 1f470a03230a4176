/**
 * Reads the parts of an event sentence entities first, the title last: time words, length,
 * capacity, co-organisers, resources, the venue (known names found anywhere, fuzzily, with or
 * without a preposition; an unknown name only after one), the kind word — and the title is what
 * remains. What is neither read nor a title is asked about, never folded into the title.
 *
 * @remarks
 * Each reader takes its words out of the sentence (marks them taken), so that a later reader cannot
 * misread them, and the pieces left between taken stretches are the title's candidates. One piece is
 * the title; a second piece that could be a venue ("mesh routing [tmrw 7pm] bakery") is asked about;
 * pieces of filler ("pls", "too", "hinzu") are dropped.
 */
import type { EventKind } from '../../core/types.ts'
import type { KnownNames, ParseContext, TimeSpec } from '../intent.ts'
import { PLACE_WORDS, type Prepared, fold as foldName, mapAligned, nameCandidatePositions, prepare, scorePreparedName } from '../resolve.ts'
import { capitalise, kindName } from '../format.ts'
import { restoreQuotes } from './normalize.ts'
import { type Outcome, timeProblem } from './rule.ts'
import { type Txt, allMatches, rx } from './text.ts'
import { type TimeFound, findTime } from './time.ts'
import { isPronoun } from './refs.ts'
import { slipOf } from './typos.ts'
import { kindAlternation, kindOfWord, type Vocab } from './vocab.ts'

const TAKEN = '\u0001'
const E = String.raw`(?![\p{L}\p{N}])`
const B = String.raw`(?<![\p{L}\p{N}])`

/** What an event sentence said, part by part. */
export interface EventParts {
  kind?: EventKind
  /** Where the kind word stood: leading the words ("workshop rust …"), ending a piece ("rust workshop"), or a slip. */
  kindAt?: 'lead' | 'tail' | 'slip'
  title?: string
  time?: TimeSpec
  tf: TimeFound
  /** The venue as the festival names it when known, else as typed after a preposition. */
  venue?: string
  /** Whether {@link venue} is one of the festival's venues (or a generic place word after a preposition). */
  venueKnown: boolean
  resources: string[]
  capacity?: number
  organizers: string[]
  /** The event named, in a change sentence ("move history of p2p to 8pm"): a known title or the words left. */
  event?: string
  /** A question to ask instead of acting: the question and, per choice, the parts that answer differs in. */
  ask?: {
    question: string
    options: { choice: string; answers: string[]; parts: Partial<Pick<EventParts, 'title' | 'venue' | 'organizers'>> & { newVenue?: boolean } }[]
  }
}

interface Work {
  t: Txt
  /** The folded text with taken characters replaced by {@link TAKEN}. */
  w: string
}

function take(work: Work, a: number, b: number): void {
  work.w = work.w.slice(0, a) + TAKEN.repeat(b - a) + work.w.slice(b)
}

/** Stretches of untaken text, trimmed, with their positions. */
function pieces(work: Work): { a: number; b: number; f: string; o: string }[] {
  const out: { a: number; b: number; f: string; o: string }[] = []
  for (const m of allMatches(/[^\u0001]+/gu, work.w)) {
    const raw = m[0]
    // A piece starts after the punctuation that joined it to the taken words: "…10 uhr: workshop …".
    const lead = raw.length - raw.replace(/^[\s:;,–—-]+/u, '').length
    const text = raw.slice(lead).trim()
    if (!text) continue
    const a = m.index + lead
    const b = a + text.length
    out.push({ a, b, f: work.t.f.slice(a, b), o: work.t.o.slice(a, b) })
  }
  return out
}

const SEPARATORS = /^[\s,;:.!?()[\]&+\-–—/]*$/u

/** Options of {@link readEventParts}. */
export interface ReadOptions {
  /** `add`: the rest is a title; `change`: the rest names the event to change. */
  mode: 'add' | 'change'
  /** Prepositions that introduce a target venue in a change ("to the bar"). */
  targetPreps?: string
}

/** Reads an event sentence's body (the words after the verb). */
export function readEventParts(body: Txt, v: Vocab, ctx: ParseContext, quotes: readonly string[], opts: ReadOptions): EventParts | Outcome {
  const known: KnownNames = ctx.known ?? { venues: [], resources: [], people: [], events: [] }
  const work: Work = { t: body, w: body.f }
  const out: EventParts = { venueKnown: false, resources: [], organizers: [], tf: { rest: body, spans: [] } }

  // 1b. In a change, a known title with a number in it, typed whole, is the event before anything is
  // read as a time: "move Bench 12 to 15:00" moves “Bench 12” to 15:00, not to 12:00–15:00.
  if (opts.mode === 'change' && known.events.length > 0) {
    const ev = findNumbered(work, known.events, v.connectors)
    if (ev) {
      out.event = known.events[ev.index]!.title
      take(work, ev.a, ev.b)
    }
  }

  // 2. Time words, length, relative starts.
  const tf = findTime({ o: body.o, f: work.w.replaceAll(TAKEN, ' ') }, v, ctx)
  out.tf = tf
  const problem = timeProblem(tf, v)
  if (problem) return problem
  for (const s of tf.spans) take(work, s.a, s.b)
  if (tf.spec) out.time = tf.spec

  // 2b. The event named, in a change: a known title, longest first ("Atelier vélo" before the venue Atelier).
  if (opts.mode === 'change' && out.event === undefined) {
    const ev = findKnown(work, knownLists(known, 'events'), 0.86, true, v.connectors, 'events')
    if (ev) {
      out.event = known.events[ev.index]!.title
      take(work, ev.a, ev.b)
    }
  }

  // 3. Capacity: "for 20 people", "max 20".
  const cap = new RegExp(v.eventCapacity.source, 'dgu')
  for (const m of allMatches(cap, work.w)) {
    const n = Number(m.groups?.n ?? m.groups?.n2)
    if (!(n >= 1 && n <= 100_000)) continue
    out.capacity = n
    take(work, m.index, m.index + m[0].length)
    break
  }

  // 4. Co-organisers and resources after "with".
  let unknownPeople: { names: string[]; phrase: string } | undefined
  const withRe = rx('gu')`${B}(?:${v.withPeople}|${v.with}|${v.needs})(?:\s+|(?<='))`
  const needsRe = rx('u')`^(?:${v.needs})(?:\s+|(?<='))$`
  for (const m of allMatches(withRe, work.w)) {
    const startList = m.index + m[0].length
    // "we'll need the projector and a mic": things only, and only up to the end of the words.
    if (needsRe.test(m[0])) {
      const things = nameList(work, startList, known.resources, v, 0.75, v.resourceWords)
      const restOfPiece = work.w.slice(things.end).split(TAKEN)[0]!.trim()
      if (things.names.length > 0 && restOfPiece === '') {
        out.resources.push(...things.typed)
        take(work, m.index, things.end)
      }
      continue
    }
    const people = nameList(work, startList, known.people, v, 0.9)
    if (people.names.length > 0) {
      out.organizers.push(...people.names)
      // "with Bob and the projector": things may follow the people in the same list.
      const and = rx('u')`^\s*(?:,\s*)?(?:${v.and})\s+`.exec(work.w.slice(people.end))
      const things = and ? nameList(work, people.end + and[0].length, known.resources, v, 0.75, v.resourceWords) : undefined
      if (things && things.names.length > 0) {
        out.resources.push(...things.typed)
        take(work, m.index, things.end)
      } else take(work, m.index, people.end)
      continue
    }
    const byOnly = rx('u')`^(?:${v.withPeople})\s+$`.test(m[0]) && !rx('u')`^(?:${v.with})\s+$`.test(m[0])
    if (byOnly) continue
    const things = nameList(work, startList, known.resources, v, 0.75, v.resourceWords)
    if (things.names.length > 0) {
      out.resources.push(...things.typed)
      take(work, m.index, things.end)
      continue
    }
    // "with Zoé": a name the room does not know, at the end of the sentence's words: asked.
    const unknown = capitalisedNames(work, startList, v)
    if (unknown && opts.mode === 'add' && !unknownPeople) {
      unknownPeople = { names: unknown.names, phrase: body.o.slice(m.index, unknown.end).trim() }
      take(work, m.index, unknown.end)
    }
  }

  // 5. The venue: a known one anywhere, else an unknown name after a venue preposition.
  const preps = opts.targetPreps ? `${opts.targetPreps}|${v.venuePreps}` : v.venuePreps
  const venueHit = findVenue(work, known, v, preps)
  if (venueHit) {
    out.venue = venueHit.name
    out.venueKnown = true
    take(work, venueHit.a, venueHit.b)
  } else {
    // "to" names a target venue in a change, unless it was the time's ("move Welcome to P2P to 20:00").
    const timeTookTo = !!opts.targetPreps && tf.clockPrep !== undefined && rx('u')`^(?:${opts.targetPreps})$`.test(tf.clockPrep)
    const unknownPreps = opts.targetPreps && !timeTookTo ? `${opts.targetPreps}|${v.unknownVenuePreps}` : v.unknownVenuePreps
    const unknown = unknownVenue(work, v, timeTookTo ? v.venuePreps : preps, quotes, unknownPreps)
    if (unknown) {
      out.venue = unknown.name
      out.venueKnown = false
      take(work, unknown.a, unknown.b)
    } else {
      // A piece of its own after other read words that is, loosely, a venue: "… fri 4pm conferance".
      const alone = venuePiece(work, known, v)
      if (alone) {
        out.venue = alone.name
        out.venueKnown = true
        take(work, alone.a, alone.b)
      }
    }
  }

  let kindTyped: { f: string; o: string } | undefined
  // 6. The kind word (of a new event): at the start (after articles and adjectives), fuzzily there, or ending a piece.
  const kinds = kindAlternation(v)
  const parts = pieces(work)
  const head = opts.mode === 'add' ? parts[0] : undefined
  if (head) {
    const lead = rx('du')`^(?:(?:${v.articles})(?:\s+|(?<='))|(?:${v.adjectives})\s+)*(?<kind>${kinds})${E}`.exec(head.f)
    if (lead?.groups?.kind) {
      out.kind = kindOfWord(lead.groups.kind, v)
      out.kindAt = 'lead'
      const span = lead.indices?.groups?.kind
      if (span) kindTyped = { f: lead.groups.kind, o: body.o.slice(head.a + span[0], head.a + span[1]) }
      let end = head.a + lead[0].length
      const called = rx('u')`^\s*(?:${v.called})(?:\s+|$)`.exec(work.w.slice(end))
      if (called) end += called[0].length
      take(work, head.a, end)
    } else {
      // A slip of the kind word at the start: "wokshop", "ateleir".
      const word = /^\p{L}+/u.exec(head.f)?.[0]
      const slip = word ? slipOf(word, v.kindWords) : undefined
      if (slip && word) {
        out.kind = kindOfWord(slip, v)
        out.kindAt = 'slip'
        take(work, head.a, head.a + word.length)
      }
    }
  }
  if (!out.kind && opts.mode === 'add') {
    for (const p of pieces(work)) {
      const tail = rx('du')`(?:^|\s)(?<kind>${kinds})$`.exec(p.f)
      // "rust workshop": the kind; "jam session": a plain word ("session", "event") stays in the title.
      const said = tail?.groups?.kind && tail.index > 0 ? tail.groups.kind : undefined
      const tailKind = said ? kindOfWord(said, v) : undefined
      if (tail && said && tailKind !== 'other') {
        out.kind = tailKind
        out.kindAt = 'tail'
        take(work, p.a + tail.index, p.b)
        break
      }
    }
  }

  // 7. What is left: the title (add) or the event named (change).
  const left = pieces(work)
    .map((p) => ({ ...p, name: cleanTitle(p, v, quotes) }))
    .filter((p) => p.name !== undefined && !v.fillers.test(p.f.replace(/^[\s,;:.!?]+|[\s,;:.!?]+$/gu, '')))
  if (opts.mode === 'change') {
    // "déplace-le au village": a pronoun piece that cleaning would drop as a dangling article.
    const pronoun = pieces(work).find((p) => isPronoun(p.o.trim()))
    if (!out.event && left.length === 0 && pronoun) out.event = pronoun.o.trim()
    if (!out.event && left.length > 0) {
      const name = left.map((p) => p.name).join(' ')
      out.event = name.replace(rx('iu')`^(?:(?:${v.articles})(?:\s+|(?<=')))+`, '') || name
    }
    return out
  }
  if (left.length === 0 && kindTyped && out.kind) {
    // No title: the kind's word names it, as the person said it ("soirée" stays "Soirée", not "Fête").
    const said = KIND_DISPLAY[kindTyped.f] ?? kindTyped.o
    if (v.kindWords.includes(kindTyped.f) && foldName(said) !== foldName(kindName(out.kind, v.lang))) out.title = capitalise(said)
  }
  if (left.length === 1) {
    out.title = left[0]!.name
    // "add a consultation "Questions" on Tuesday": a quoted title with words beside it that nothing read
    // (an unknown kind word, "part 2"): which is the title is asked, not guessed.
    const quote = /§(\d+)/u.exec(left[0]!.f)
    const beside = quote && left[0]!.f.replace(/§\d+/gu, ' ').replace(rx('gu')`(?<![\p{L}])(?:${v.articles})(?:\s+|(?<=')|$)`, ' ').trim()
    if (quote && beside && !/§\d+[\s\S]*§\d+/u.test(left[0]!.f) && quotes[Number(quote[1])]) {
      const quoted = quotes[Number(quote[1])]!.trim()
      const whole = left[0]!.name!.replace(rx('iu')`^(?:(?:${v.articles})(?:\s+|(?<=')))+`, '')
      if (quoted && whole !== quoted) out.ask = askQuotedOrWhole(quoted, whole, v)
    }
  } else if (left.length > 1) {
    const [a, ...rest] = left
    const later = rest.map((p) => p.name!).join(' ')
    if (!out.venue && rest.every((p) => p.name!.split(/\s+/).length <= 3)) {
      out.title = a!.name
      out.ask = askVenueOrTitle(a!.name!, later, v)
    } else out.ask = { question: unreadQuestion(later, v.lang), options: [] }
  }
  if (unknownPeople && !out.ask) {
    const title = out.title
    out.ask = askPeople(unknownPeople.names, title, unknownPeople.phrase, out.organizers, v)
  }
  return out
}

/** Kind words typed without their accents, as they are written ("soiree" → "soirée"). */
const KIND_DISPLAY: Readonly<Record<string, string>> = {
  soiree: 'soirée', reunion: 'réunion', conference: 'conférence', presentation: 'présentation', expose: 'exposé',
  evenement: 'événement', activite: 'activité', vorfuhrung: 'Vorführung', prasentation: 'Präsentation',
}

/** A title from a piece: connectors trimmed at both ends, articles that belong to the name kept. */
function cleanTitle(p: { f: string; o: string }, v: Vocab, quotes: readonly string[]): string | undefined {
  let f = p.f
  let o = p.o
  const links = [v.venuePreps, v.moveTo, v.time.dayPreps, v.time.clockPreps, v.called, v.and].join('|')
  const lead = rx('u')`^(?:(?:${v.called}|${v.and})(?:\s+|$))+`.exec(f)
  if (lead) {
    f = f.slice(lead[0].length)
    o = o.slice(lead[0].length)
  }
  for (let i = 0; i < 4; i++) {
    const trail = rx('u')`(?:^|[\s,;:]+)(?:${links})$|[\s,;:.!?-]+$`.exec(f)
    if (!trail || trail[0].length === 0) break
    f = f.slice(0, trail.index)
    o = o.slice(0, trail.index)
  }
  const s = restoreQuotes(o, quotes).replace(/^[\s,;:'"-]+|[\s,;:.!?'"-]+$/gu, '').replace(/\s+/g, ' ').trim()
  if (!s || SEPARATORS.test(s) || /^[\p{P}\s]+$/u.test(s)) return undefined
  return s
}

/** The name index of {@link findKnown}'s lists of names (a name and its aliases), by content. */
const KNOWN_NAME_LISTS = 'known name lists'
const listed = (list: readonly string[]) => list

/**
 * The name lists of a {@link KnownNames} that {@link findKnown} searches, each made on first use and
 * kept per names (per view): each has its own name index (`KNOWN_NAME_LISTS` and the list's kind),
 * so that a sentence's searches do not remap one index back and forth.
 */
interface KnownLists {
  events: readonly (readonly string[])[]
  venues: readonly (readonly string[])[]
}
type Known = KnownNames['events'][number]
const listsOf = new WeakMap<KnownNames, Partial<KnownLists>>()
/** The name lists of the last events list mapped: a new view's list shares most of its event objects. */
let lastEntries: { items: readonly Known[]; values: (readonly string[])[] } | null = null

/**
 * The name list of each of `events` (its title alone), in order: those of the last list's events kept
 * ({@link mapAligned}), new ones only for the events a change made, whose numbered titles are
 * registered in {@link numberedByCompact} then.
 */
function titleEntries(events: readonly Known[]): (readonly string[])[] {
  if (lastEntries?.items === events) return lastEntries.values
  // Titles of events long gone: start again, and register the titles of this list.
  if (numberedByCompact.size > 2 * events.length + 10_000) {
    numberedByCompact.clear()
    lastEntries = null
  }
  const values = mapAligned(events, lastEntries, (e): readonly string[] => {
    if (/\p{N}/u.test(e.title)) {
      const key = prepare(e.title).compact
      let titles = numberedByCompact.get(key)
      if (!titles) numberedByCompact.set(key, (titles = new Set()))
      titles.add(e.title)
    }
    return Object.freeze([e.title])
  })
  lastEntries = { items: events, values }
  return values
}

/**
 * The numbered titles (with a digit) of every events list {@link titleEntries} has
 * mapped, by their compact folded form ({@link Prepared.compact}): a superset of the titles of the
 * current list (a title no longer there is skipped by {@link findNumbered}), kept across views so
 * that a view costs only its new events.
 */
const numberedByCompact = new Map<string, Set<string>>()

/**
 * {@link findKnown} over the numbered titles of `events` at a score of 0.98, without scoring them
 * all: {@link scorePreparedName} reaches 0.98 only for the same folded or compact name (any other
 * match is at most 0.96), so each window looks its compact form up in {@link numberedByCompact}
 * and scores those titles alone. The same best window and title as the scan of the list, in
 * O(words × 6) lookups plus O(events) per title found (its first position in `events`).
 */
function findNumbered(work: Work, events: readonly Known[], edges: string | undefined): { index: number; a: number; b: number; score: number } | null {
  titleEntries(events)
  if (numberedByCompact.size === 0) return null
  let best: { index: number; a: number; b: number; score: number; len: number } | null = null
  forEachWindow(work, edges, (a, b, n, typed) => {
    const titles = typed.folded === '' ? undefined : numberedByCompact.get(typed.compact)
    if (!titles) return
    // The titles' first positions in the list, in order: the scan met them so.
    const hits: { index: number; score: number }[] = []
    for (const title of titles) {
      const name = prepare(title)
      if (name.wordCount > typed.wordCount + 1) continue
      const score = scorePreparedName(typed, name)
      if (score < 0.98) continue
      const index = events.findIndex((e) => e.title === title)
      if (index >= 0) hits.push({ index, score })
    }
    hits.sort((x, y) => x.index - y.index)
    for (const { index, score } of hits) {
      if (!best || n > best.len || (n === best.len && score > best.score)) best = { index, a, b, score, len: n }
    }
  })
  return best
}

/**
 * Calls `visit` for each window of one to six untaken words of the sentence, in order (by first word,
 * then length), with where it starts and ends in the text, how many words it has, and its text
 * prepared; a window may not start or end with a word of `edges`.
 */
function forEachWindow(work: Work, edges: string | undefined, visit: (a: number, b: number, n: number, typed: Prepared) => void): void {
  const edge = edges ? rx('u')`^(?:${edges})$` : null
  const words = allMatches(/[\p{L}\p{N}][\p{L}\p{N}'’.-]*/gu, work.w)
  for (let i = 0; i < words.length; i++) {
    for (let n = 1; n <= 6 && i + n <= words.length; n++) {
      const a = words[i]!.index
      const last = words[i + n - 1]!
      const b = last.index + last[0].length
      if (work.w.slice(a, b).includes(TAKEN)) break
      if (edge && (edge.test(words[i]![0]) || edge.test(last[0]))) continue
      visit(a, b, n, prepare(work.t.o.slice(a, b)))
    }
  }
}

function knownLists<K extends keyof KnownLists>(known: KnownNames, kind: K): KnownLists[K] {
  let lists = listsOf.get(known)
  if (!lists) listsOf.set(known, (lists = {}))
  let list = lists[kind]
  if (list === undefined) {
    if (kind === 'venues') lists.venues = known.venues.map((x) => [x.name, ...x.aliases])
    else lists.events = titleEntries(known.events)
    list = lists[kind]
  }
  return list!
}

/**
 * The best window of untaken words that names one of `names` (each entry: a name and its aliases).
 *
 * @remarks O(words × 6) windows; each scores only the names the name index leaves it (the index
 * maps `names` once per call), so the cost grows with the names that match, not with `names`.
 */
function findKnown(
  work: Work,
  names: readonly (readonly string[])[],
  min: number,
  longest: boolean,
  /** Words a window may not start or end with ("to" of "yjs to 5pm"). */
  edges: string | undefined,
  /** Which list `names` is (its own name index). */
  kind: keyof KnownLists,
): { index: number; a: number; b: number; score: number } | null {
  if (names.length === 0) return null
  // Folded once per sentence, not once per window, and only the names the index leaves a window.
  const prepared: (Prepared[] | undefined)[] = []
  const preparedAt = (index: number) => (prepared[index] ??= names[index]!.map(prepare))
  let best: { index: number; a: number; b: number; score: number; len: number } | null = null
  forEachWindow(work, edges, (a, b, n, typed) => {
    // In order, and every name that scores above 0 among them: the same best as over all names.
    for (const index of nameCandidatePositions(typed, names, listed, `${KNOWN_NAME_LISTS}: ${kind}`)) {
      for (const name of preparedAt(index)) {
        if (name.wordCount > typed.wordCount + 1) continue
        const score = scorePreparedName(typed, name)
        if (score < min) continue
        const better =
          !best ||
          (longest ? n > best.len || (n === best.len && score > best.score) : score > best.score || (score === best.score && n > best.len))
        if (better) best = { index, a, b, score, len: n }
      }
    }
  })
  return best
}

/** A known venue in the sentence: after a preposition (looser), or alone where a venue may stand. */
function findVenue(work: Work, known: KnownNames, v: Vocab, preps: string): { name: string; a: number; b: number } | null {
  const names = knownLists(known, 'venues')
  if (names.length === 0) return null
  const prepRe = rx('gu')`${B}(?:${preps})(?:\s+(?:${v.articles}))?(?:\s+|(?<='))`
  // After a preposition: the best window starting right after it.
  let best: { name: string; a: number; b: number; score: number } | null = null
  for (const m of allMatches(prepRe, work.w)) {
    const from = m.index + m[0].length
    const sub: Work = { t: work.t, w: TAKEN.repeat(from) + work.w.slice(from) }
    const hit = findKnownAt(sub, names, from, 0.7, 'venues')
    if (hit && (!best || hit.score > best.score)) best = { name: known.venues[hit.index]!.name, a: m.index, b: hit.b, score: hit.score }
  }
  if (best) {
    // "in the conference room", "sur la scène principale": a place noun after the name is the venue's too.
    const noun = /^\s+(?:room|hall|tent|area|space|salle|espace|raum|saal|zelt|bereich)(?![\p{L}])/u.exec(work.w.slice(best.b))
    if (noun) best.b += noun[0].length
    return best
  }
  // Alone: a whole name where a piece begins or ends next to other read words, not the kind word, not inside a name.
  const whole = findKnown(work, names, 0.9, true, undefined, 'venues')
  if (!whole) return null
  const before = work.w.slice(0, whole.a).replace(/\s+$/u, '')
  const after = work.w.slice(whole.b).replace(/^\s+/u, '')
  const edgeBefore = before === '' || before.endsWith(TAKEN)
  const edgeAfter = after === '' || after.startsWith(TAKEN)
  if (!edgeBefore && !edgeAfter) return null
  const prevWord = /([\p{L}']+)$/u.exec(before)?.[1]
  if (prevWord && rx('u')`^(?:${v.connectors})$`.test(prevWord)) return null
  const isKindAtStart = before.replaceAll(TAKEN, '').trim() === '' || rx('u')`^(?:(?:${v.articles})\s*)*$`.test(before.replaceAll(TAKEN, '').trim())
  const typed = work.t.f.slice(whole.a, whole.b).replace(rx('u')`^(?:(?:${v.articles})(?:\s+|(?<=')))+`, '')
  const isKindWord = rx('u')`^(?:${kindAlternation(v)})$`.test(typed)
  if (isKindAtStart && isKindWord) return null
  // "ajoute couture samedi 10h atelier": a venue named like a kind word, alone at the end, may be
  // either; the title-or-venue question asks (with a preposition, "à l'atelier", it is the venue).
  if (isKindWord && after === '') return null
  return { name: known.venues[whole.index]!.name, a: whole.a, b: whole.b }
}

/** A whole piece, not the first, that names a known venue loosely (a slip, an abbreviation). */
function venuePiece(work: Work, known: KnownNames, v: Vocab): { name: string; a: number; b: number } | null {
  const names = knownLists(known, 'venues')
  const ps = pieces(work)
  const kinds = kindAlternation(v)
  const kindLeads = !!ps[0] && rx('u')`^(?:(?:${v.articles})(?:\s+|(?<='))|(?:${v.adjectives})\s+)*(?:${kinds})${E}`.test(ps[0].f)
  for (const p of ps.slice(1)) {
    const lead = rx('u')`^(?:(?:${v.articles})(?:\s+|(?<=')))*`.exec(p.f)
    const from = p.a + (lead?.[0].length ?? 0)
    const typed = work.t.o.slice(from, p.b)
    // A kind word alone ("couture … 10h atelier") may be the venue or the kind: the title-or-venue
    // question asks — unless a kind word already leads the sentence ("atelier sérigraphie … atelier").
    if (!kindLeads && rx('u')`^(?:${kinds})$`.test(work.t.f.slice(from, p.b))) continue
    let best: { index: number; score: number } | null = null
    const t = prepare(typed)
    const prepared = preparedLists(names)
    // Only the venues the name index leaves the piece, in order: the same best as over all of them.
    for (const index of nameCandidatePositions(t, names, listed, `${KNOWN_NAME_LISTS}: venues`)) {
      for (const name of prepared[index]!) {
        const score = scorePreparedName(t, name)
        if (score >= 0.7 && (!best || score > best.score)) best = { index, score }
      }
    }
    if (best) return { name: known.venues[(best as { index: number }).index]!.name, a: p.a, b: p.b }
    // A generic place word alone ("… 20 uhr 30 bühne") names the festival's one venue of that kind.
    const group = PLACE_WORDS.find((g) => g.some((w) => foldName(w) === foldName(typed)))
    const fits = group ? known.venues.filter((x) => [x.name, ...x.aliases].some((n) => group.some((w) => foldName(w) === foldName(n)))) : []
    if (fits.length === 1) return { name: fits[0]!.name, a: p.a, b: p.b }
  }
  return null
}

/** Lists of names {@link prepare}d, kept per list (per view): a sentence's windows score them again and again. */
const preparedOf = new WeakMap<readonly (readonly string[])[], readonly (readonly Prepared[])[]>()
function preparedLists(names: readonly (readonly string[])[]): readonly (readonly Prepared[])[] {
  let out = preparedOf.get(names)
  if (!out) preparedOf.set(names, (out = names.map((list) => list.map(prepare))))
  return out
}

/** Each name of `names` as a list of its own, kept per array (a view's people, its resources). */
const singles = new WeakMap<readonly string[], readonly (readonly string[])[]>()
function singleLists(names: readonly string[]): readonly (readonly string[])[] {
  let out = singles.get(names)
  if (!out) singles.set(names, (out = names.map((k) => [k])))
  return out
}

/**
 * The best window of untaken words starting exactly at `from`.
 *
 * @param kind which known list `names` is, when it is one: each window then scores only the names
 *   its name index leaves it, in order (every name that scores above 0 is among them: the same best).
 */
function findKnownAt(work: Work, names: readonly (readonly string[])[], from: number, min: number, kind?: keyof KnownLists): { index: number; b: number; score: number } | null {
  const prepared = preparedLists(names)
  const words = [...allMatches(/[\p{L}\p{N}§][\p{L}\p{N}'’.-]*/gu, work.w.slice(from))]
  if (words.length === 0 || words[0]!.index !== 0) return null
  let best: { index: number; b: number; score: number } | null = null
  for (let n = 1; n <= 5 && n <= words.length; n++) {
    const last = words[n - 1]!
    const b = from + last.index + last[0].length
    if (work.w.slice(from, b).includes(TAKEN)) break
    const typed = prepare(work.t.o.slice(from, b))
    const visit = (index: number) => {
      for (const name of prepared[index]!) {
        const score = scorePreparedName(typed, name)
        if (score >= min && (!best || score > best.score + 0.001)) best = { index, b, score }
      }
    }
    if (kind) for (const index of nameCandidatePositions(typed, names, listed, `${KNOWN_NAME_LISTS}: ${kind}`)) visit(index)
    else for (let index = 0; index < prepared.length; index++) visit(index)
  }
  return best
}

/** An unknown venue after the last venue preposition of a piece: the words up to the piece's end. */
function unknownVenue(work: Work, v: Vocab, preps: string, quotes: readonly string[], allowed: string): { name: string; a: number; b: number } | null {
  const re = rx('gu')`${B}(?:${preps})(?:\s+|(?<='))`
  let found: { name: string; a: number; b: number } | null = null
  for (const p of pieces(work)) {
    for (const m of allMatches(re, p.f)) {
      const word = m[0].trim()
      const rest = p.f.slice(m.index + m[0].length)
      const restO = p.o.slice(m.index + m[0].length)
      if (!rest.trim()) continue
      if (/^\d/.test(rest)) continue
      if (!rx('u')`^(?:${allowed})$`.test(word)) continue
      // A bare "in" names a place only before an article, a quote or a place word ("in the Lab", "in Room 2").
      if (/^(?:in)$/.test(word) && !rx('u')`^(?:§|(?:the|der|die|das|den|dem)\s|(?:room|hall|tent|raum|saal|zelt|halle)${E})`.test(rest)) continue
      const words = rest.trim().split(/\s+/)
      if (words.length > 4) continue
      let name = restoreQuotes(restO.trim(), quotes)
      name = name.replace(rx('iu')`^(?:${v.articles})(?:\s+|(?<='))`, '').replace(/[\s,;:.!?]+$/u, '').trim()
      if (!name) continue
      found = { name, a: p.a + m.index, b: p.b }
    }
  }
  return found
}

/**
 * Names at `from` separated by "and" or commas, each one of `known` (fuzzily, at `min`) or of the
 * generic `words` alternation: the longest such run, with where it ends.
 */
function nameList(work: Work, from: number, known: readonly string[], v: Vocab, min: number, words?: string): { names: string[]; typed: string[]; end: number } {
  const names: string[] = []
  const typed: string[] = []
  let pos = from
  let end = from
  const and = rx('u')`^\s*(?:,\s*)?(?:(?:${v.and})\s+)?(?:(?:${v.articles})(?:\s+|(?<=')))?`
  for (let guard = 0; guard < 10; guard++) {
    const lead = guard === 0 ? rx('u')`^(?:(?:${v.articles})(?:\s+|(?<=')))?`.exec(work.w.slice(pos)) : and.exec(work.w.slice(pos))
    const at = pos + (lead?.[0].length ?? 0)
    const sub: Work = { t: work.t, w: TAKEN.repeat(at) + work.w.slice(at) }
    const hit = known.length ? findKnownAt(sub, singleLists(known), at, min) : null
    let b: number | null = null
    if (hit) {
      names.push(known[hit.index]!)
      typed.push(work.t.o.slice(at, hit.b))
      b = hit.b
    } else if (words) {
      const w = rx('u')`^(?:(?:\d+|an?|one|two|une?|deux|ein|eine|einen|zwei)\s+)?(?:${words})${E}`.exec(work.w.slice(at))
      if (w) {
        const word = work.t.o.slice(at, at + w[0].length).replace(/^(?:\d+|an?|one|two|une?|deux|ein|eine|einen|zwei)\s+/iu, '')
        names.push(word)
        typed.push(word)
        b = at + w[0].length
      }
    }
    if (b === null) break
    end = b
    pos = b
  }
  return { names, typed, end }
}

/** Capitalised words after "with" up to the end of the piece ("with Zoé and Max"): names the room may not know. */
function capitalisedNames(work: Work, from: number, v: Vocab): { names: string[]; end: number } | null {
  const rest = work.w.slice(from)
  const stop = rest.indexOf(TAKEN)
  const seg = stop < 0 ? rest : rest.slice(0, stop)
  const o = work.t.o.slice(from, from + seg.length).replace(/\s+$/u, '')
  if (!o) return null
  const parts = o.split(rx('iu')`\s*(?:,|\s(?:${v.and})\s)\s*`).map((s) => s.trim()).filter(Boolean)
  if (parts.length === 0 || parts.length > 4) return null
  if (!parts.every((p) => /^\p{Lu}[\p{L}'-]*(?:\s\p{Lu}[\p{L}'-]*)?$/u.test(p))) return null
  return { names: parts, end: from + o.length }
}

/** Answers that pick "part of the title", "the venue" or "a co-organiser" in the questions below. */
const TITLE_ANSWERS = {
  en: ['title', 'the title', 'part of the title', "it's the title", 'its the title', 'its part of the title', "it's part of the title"],
  fr: ['titre', 'le titre', 'partie du titre', 'ca fait partie du titre', "c'est le titre", 'dans le titre'],
  de: ['titel', 'der titel', 'teil des titels', 'gehort zum titel', 'zum titel'],
}
const VENUE_ANSWERS = {
  en: ['venue', 'the venue', "it's the venue", 'its the venue', 'a venue', 'place', 'the place', 'location'],
  fr: ['lieu', 'le lieu', "c'est le lieu", 'un lieu', 'endroit', "l'endroit"],
  de: ['ort', 'der ort', 'ein ort', 'das ist der ort', 'raum', 'platz'],
}
const ORGANISER_ANSWERS = {
  en: ['organiser', 'organizer', 'co-organiser', 'co-organizer', 'coorganiser', 'with them', 'yes', 'co-organising', 'organising'],
  fr: ['co-organisation', 'co-organise', 'coorganise', 'organisateur', 'organisatrice', 'oui', 'avec'],
  de: ['organisiert', 'mitorganisiert', 'organisation', 'ja', 'mit'],
}

/** "Is Zoé organising it with you, or part of the title?" */
function askPeople(names: string[], title: string | undefined, phrase: string, known: string[], v: Vocab): NonNullable<EventParts['ask']> {
  const list = names.join(v.lang === 'fr' ? ' et ' : v.lang === 'de' ? ' und ' : ' and ')
  const question = {
    en: `Is ${list} organising it with you, or is “${phrase}” part of the title?`,
    fr: `${list} co-organise avec vous, ou « ${phrase} » fait partie du titre ?`,
    de: `Organisiert ${list} mit dir, oder gehört „${phrase}“ zum Titel?`,
  }[v.lang]
  const full = title ? `${title} ${phrase}` : phrase
  const q = (s: string) => ({ en: `“${s}”`, fr: `« ${s} »`, de: `„${s}“` })[v.lang]
  const withWord = { en: 'with', fr: 'avec', de: 'mit' }[v.lang]
  return {
    question,
    options: [
      { choice: `${title ? q(title) : ''} ${withWord} ${list}`.trim(), answers: ORGANISER_ANSWERS[v.lang], parts: { organizers: [...known, ...names], ...(title ? { title } : {}) } },
      { choice: q(full), answers: TITLE_ANSWERS[v.lang], parts: { title: full, organizers: known } },
    ],
  }
}

/** "Is “bakery” the venue, or part of the title?" */
function askVenueOrTitle(title: string, later: string, v: Vocab): NonNullable<EventParts['ask']> {
  const question = {
    en: `Is “${later}” the venue, or part of the title?`,
    fr: `« ${later} », c'est le lieu ou une partie du titre ?`,
    de: `Ist „${later}“ der Ort oder Teil des Titels?`,
  }[v.lang]
  const at = { en: 'at', fr: 'à', de: 'in' }[v.lang]
  const q = (s: string) => ({ en: `“${s}”`, fr: `« ${s} »`, de: `„${s}“` })[v.lang]
  return {
    question,
    options: [
      { choice: `${q(title)} ${at} ${later}`, answers: [later, ...VENUE_ANSWERS[v.lang]], parts: { title, venue: later, newVenue: true } },
      { choice: q(`${title} ${later}`), answers: TITLE_ANSWERS[v.lang], parts: { title: `${title} ${later}` } },
    ],
  }
}

/** Which title: the quoted one alone, or with the words typed beside it. */
function askQuotedOrWhole(quoted: string, whole: string, v: Vocab): NonNullable<EventParts['ask']> {
  const q = (s: string) => ({ en: `“${s}”`, fr: `« ${s} »`, de: `„${s}“` })[v.lang]
  const question = {
    en: `Is the title ${q(quoted)} or ${q(whole)}?`,
    fr: `Le titre, c'est ${q(quoted)} ou ${q(whole)} ?`,
    de: `Heißt es ${q(quoted)} oder ${q(whole)}?`,
  }[v.lang]
  return {
    question,
    options: [
      { choice: q(quoted), answers: [foldName(quoted)], parts: { title: quoted } },
      { choice: q(whole), answers: [foldName(whole)], parts: { title: whole } },
    ],
  }
}

function unreadQuestion(words: string, lang: Vocab['lang']): string {
  return {
    en: `I couldn't read “${words}”. Could you say it again, with the title in quotes?`,
    fr: `Je n'ai pas compris « ${words} ». Pouvez-vous reformuler, avec le titre entre guillemets ?`,
    de: `„${words}“ habe ich nicht verstanden. Sag es bitte noch einmal, den Titel in Anführungszeichen.`,
  }[lang]
}
