/**
 * The words of one language, as the rules need them: one {@link Vocab} per language.
 *
 * @remarks
 * Every regex runs on the folded text (lowercase, accents stripped: see `text.ts`), so patterns are
 * written `deplace`, `buhne`, `evenements`. Prefix rules carry the `d` flag and name their parts
 * (`rest`, `body`, `tail`, `old`, `new`, `res`, `ev`, `noun`, `topic`) so that rules can cut the
 * typed text at the same places. Alternation strings (`articles`, `venuePreps`, …) are regex
 * sources without groups.
 */
import type { EventKind, Rsvp } from '../../core/types.ts'
import type { Lang } from '../intent.ts'
import type { Clock } from './clock.ts'
import { rx } from './text.ts'

/**
 * Emoji and text smileys a chat message may end with ("🎬", "😢", "👍🏽", ":)"): a regex source
 * without groups, for the languages' `politeEnd` and `fillers`.
 */
export const EMOJI = String.raw`(?:[\p{Extended_Pictographic}\u{1F3FB}-\u{1F3FF}\uFE0F\u200D]+|:-?\)|;-?\)|:-?\(|:d|<3)`

/** Words that name days, months and durations. */
export interface TimeVocab {
  /** Weekday names, Monday first, each an alternation. */
  weekdays: readonly string[]
  /**
   * Weekday abbreviations that are also ordinary words ("sun", "mer", "so"), Monday first: read as
   * a day only before a time or a date, or after a day word ("le sam", "am Sa").
   */
  weekdayAbbrevs: readonly string[]
  /** Month names, January first, each an alternation. */
  months: readonly string[]
  /** Words that may stand before a day: "on", "le", "am". */
  dayPreps: string
  /** Words before a weekday meaning the coming one ("next", "nachsten") and the past one ("last"). */
  next: string
  last: string
  /** "this" before a weekday: the coming one. */
  thisDay: string
  /** "this weekend", "ce week-end", "am Wochenende"; and the one after ("next weekend"). */
  weekend: string
  nextWeekend: string
  /** A day of the month alone, with the day in a group `d`: "the 28th", "le 28", "am 28.". */
  dayOfMonth: string
  /** Words after a weekday: "prochain" (coming), "dernier" (past). */
  postNext: string
  postLast: string
  /** Relative days: alternation → offset in days from today, and whether it means the evening. */
  relative: readonly { re: string; offset: number; part?: DayPart }[]
  /** Parts of a day after a day word: "evening", "soir", "abend". */
  evening: string
  afternoon: string
  morning: string
  /** Words before a clock time: "at", "à", "um". */
  clockPreps: string
  /** Words before a range: "from", "de", "von", "between". */
  rangeFrom: string
  /** Words between two times: "to", "à", "bis". */
  rangeTo: string
  /** A duration: "for" + units. */
  durationPre: string
  /** After a length: "long" ("2 hours long"), "lang". */
  durationPost: string
  /**
   * Lengths that need no "for" before or "long" after: "a 30 minute talk", "30-minütig", "de 30
   * minutes". Regex sources with groups `n` (the amount; `AMOUNT` stands for the number pattern),
   * `u` (a unit of `hours` or `minutes`) and optionally `m2` (minutes after hours).
   */
  durationSolo: readonly string[]
  /** Before a start relative to now: "in" ("in 2 hours"), "dans". */
  inRelative: string
  /** Clock times said in words ("halb acht", "Viertel nach 8"): a pattern and the clock its groups make. */
  spoken: readonly { re: string; clock: (g: Record<string, string | undefined>) => Clock | null }[]
  /** Parts of the day said after a time: "du soir", "abends", "in the evening". */
  partAfter: readonly { re: string; part: DayPart }[]
  hours: string
  minutes: string
  /** Small number words: "one", "two", "une", "zwei". */
  numbers: Readonly<Record<string, number>>
}

/** Morning, afternoon or evening: decides what a bare hour means. */
export type DayPart = 'morning' | 'afternoon' | 'evening'

/** The words of one language. */
export interface Vocab {
  lang: Lang
  time: TimeVocab
  /** Whole sentence: help, with an optional `topic`. */
  help: RegExp
  undo: RegExp
  myEvents: RegExp
  /** Schedule queries: `rest` follows; `all` is set by the forms that mean the whole programme by default. */
  schedule: readonly { re: RegExp; all: boolean }[]
  /** Leftovers of a schedule query that mean "now and next" or "everything". */
  now: RegExp
  all: RegExp
  freeSlots: readonly RegExp[]
  whoGoing: readonly RegExp[]
  /** RSVP forms, most specific first (not-going before going). */
  rsvp: readonly { answer: Rsvp; re: RegExp }[]
  addVenue: readonly RegExp[]
  addResource: readonly RegExp[]
  book: readonly RegExp[]
  add: readonly RegExp[]
  /** An add verb after a time and a place: groups `tail` (before the verb) and `body`. */
  addLater?: RegExp
  move: readonly RegExp[]
  rename: readonly RegExp[]
  /** What separates the old name from the new one in `rename`'s `body`. */
  renameSep: RegExp
  cancel: readonly RegExp[]
  /** Leading articles and determiners to strip from names. */
  articles: string
  /** Prepositions before a venue, longest first. */
  venuePreps: string
  /** Prepositions before a move's target venue (besides `venuePreps`). */
  moveTo: string
  kinds: readonly { re: string; kind: EventKind }[]
  /** "called", "intitulé", "namens". */
  called: string
  /** Adjectives that may stand before a kind word ("a new workshop"). */
  adjectives: string
  /** A literal kind word per kind, for slips at the start ("wokshop"). */
  kindWords: readonly string[]
  /** An event's capacity: "for 20 people", "max 20"; the number in a group `n` or `n2`. */
  eventCapacity: RegExp
  /** Words before co-organisers only ("hosted by", "animé par", "geleitet von"); `with` may name people or things. */
  withPeople: string
  /** Words that, left dangling before a name, show it is part of a longer one ("History of the Bar"). */
  connectors: string
  /** Prepositions before the name of a venue the festival does not know yet. */
  unknownVenuePreps: string
  /** A piece of a sentence that says nothing ("pls", "too", "hinzu"). */
  fillers: RegExp
  with: string
  /** Words before things an event needs only ("we'll need", "faut", "wir brauchen"): resources, never people. */
  needs: string
  and: string
  /** Words naming a resource that is obviously one ("projector", "Beamer"). */
  resourceWords: string
  /** Venue nouns: one event at a time, many at once, or no telling. */
  venueOne: string
  venueMany: string
  venueAny: string
  capacity: RegExp
  stands: RegExp
  approval: RegExp
  open: RegExp
  /** Leftover words that never name an event ("later", "home", "us"). */
  notNames: RegExp
  /** Change verbs: a second one in a sentence makes it two requests. */
  changeVerbs: string
  /** Polite words to drop at the start or end. */
  polite: RegExp
  politeEnd: RegExp
}

/** {@link kindAlternation} and {@link monthAlternation} per vocabulary. */
const kindAlternations = new WeakMap<Vocab, string>()
const monthAlternations = new WeakMap<Vocab, string>()

/** A vocabulary's kind words as one regex alternation (`v.kinds`' sources joined), made once. */
export function kindAlternation(v: Vocab): string {
  let s = kindAlternations.get(v)
  if (s === undefined) kindAlternations.set(v, (s = v.kinds.map((k) => k.re).join('|')))
  return s
}

/** A vocabulary's month names as one regex alternation (`v.time.months` joined), made once. */
export function monthAlternation(v: Vocab): string {
  let s = monthAlternations.get(v)
  if (s === undefined) monthAlternations.set(v, (s = v.time.months.join('|')))
  return s
}

/** The kind a whole word names (one of `v.kinds`, folded), or `undefined`. */
export function kindOfWord(word: string, v: Vocab): EventKind | undefined {
  for (const k of v.kinds) if (rx('u')`^(?:${k.re})$`.test(word)) return k.kind
  return undefined
}
