/**
 * What a chat message asks for: the parser's output and the executor's input.
 *
 * @remarks
 * `parse(text, context)` (commands/parse/) turns one sentence into exactly one of: an {@link Intent},
 * a {@link NoParse} (a reason and a hint with an example), or an {@link Ask} (the sentence was
 * ambiguous: a question back, with choices). Names of events and venues stay as the person typed
 * them; the executor resolves them fuzzily against the schedule, because only it knows the names.
 * Times are resolved by the parser into absolute instants (UTC ms) in the festival's zone.
 */
import type { EventKind, Instant, Rsvp } from '../core/types.ts'
import type { ApplicationIntent } from './intent-applications.ts'
import type { MeetingIntent } from './intent-meetings.ts'
import type { ProposalIntent } from './proposal-intent.ts'
import type { RoundsIntent } from './intent-rounds.ts'
import type { CommunityIntent } from './intent-community.ts'

/** A language the bot reads and answers in. */
export type Lang = 'en' | 'fr' | 'de'
export const LANGS: readonly Lang[] = ['en', 'fr', 'de']

/** What the parser knows besides the text. */
export interface ParseContext {
  /** The reference clock, UTC ms. Pinned in tests. */
  now: Instant
  /** The festival's (or the room's) IANA zone, e.g. `Europe/Paris`. */
  timezone: string
  /** The room's language: the first one tried; the others are tried after it. */
  lang: Lang
  /**
   * The names the festival holds, so that the parser finds them anywhere in a sentence (a venue
   * without a preposition, an event title in "intro to yjs is now at the bar"). Absent: none known.
   */
  known?: KnownNames
  /**
   * The event the bot last answered about for this speaker in this room, as `#<event id>`: what
   * "it", "there", "I'll be there", "j'y serai" refer to. Absent: nothing yet.
   */
  last?: string
  /**
   * One reading of an ambiguous time, chosen in answer to the bot's question: the parser reads the
   * sentence again with it (set by the parser itself, never by callers).
   */
  pick?: { clock?: string; day?: string }
  /** Whether the sentence ended with a question mark (set by the parser). */
  question?: boolean
  /**
   * The communities and festivals held here, by name (`core/community.ts`): a sentence such as
   * "what's on in France P2P" or "follow France P2P" is read as the mesh's only when it names one of
   * the communities (or says "community"). Absent: none known.
   */
  mesh?: { communities: readonly string[]; festivals: readonly string[] }
}

/** Names of a festival as the parser sees them (the view's, at the time of the message). */
export interface KnownNames {
  venues: readonly { name: string; aliases: readonly string[] }[]
  resources: readonly string[]
  /** Display names of the people of the festival (profiles), for "with Alice and Bob". */
  people: readonly string[]
  events: readonly { title: string; kind: EventKind }[]
}

/**
 * A time the person named. `start` is always resolved; `end` only when a range or a duration was
 * given. `dayOnly` is true when only a day was named ("on Saturday"), with `start` at 00:00 of it.
 */
export interface TimeSpec {
  start: Instant
  end?: Instant
  /** A duration in ms the person gave ("for 2 hours"), when no end was given. */
  durationMs?: number
  dayOnly: boolean
  /**
   * True when only a wall time was named ("move X to 20:00"): `start` (and `end`) are that time on
   * the reference day, and the executor moves them to the event's own day.
   */
  timeOnly?: boolean
  /** With `timeOnly`: the start's wall time as said, `HH:MM` (24 h), independent of the reference day's offset. */
  clock?: string
  /** With `timeOnly` and a range: the end's wall time, `HH:MM` (24 h); not after `clock` = the next day. */
  endClock?: string
  /** The words that named the time, as typed (for replies and debugging). */
  text: string
}

/** Which part of the programme a query asks for. */
export type ScheduleRange =
  | { kind: 'day'; day: string /* YYYY-MM-DD in the zone */; from?: Instant /* "tonight": from 18:00 */ }
  | { kind: 'days'; days: string[] /* "this weekend": YYYY-MM-DD in the zone */; week?: 'this' | 'next' /* "this week", "next week" (else a weekend) */ }
  | { kind: 'now' } // what's on now and next
  | { kind: 'all' }

export type Intent =
  | {
      type: 'add-event'
      kind: EventKind
      /** The title, when one was given (quoted, or words left over); otherwise the kind names it. */
      title?: string
      time?: TimeSpec
      venue?: string
      /** Create {@link venue} with the event, in one change (the answer "yes" to "add it?"). */
      newVenue?: boolean
      resources: string[]
      /** How many people it takes ("for 20 people"). */
      capacity?: number
      /** Co-organisers named ("with Alice and Bob"), as the festival names them. */
      organizers?: string[]
    }
  /** `newVenue`: create {@link venue} with the move, in one change (the answer "yes" to "add it?"). */
  | { type: 'move-event'; event: string; time?: TimeSpec; venue?: string; newVenue?: boolean }
  /** Start and end moved by `byMs` (negative: earlier): "push X back 30 min", "X an hour earlier". */
  | { type: 'shift-event'; event: string; byMs: number }
  /**
   * A new length or end, the start kept: "make X 2 hours" (`durationMs`), "X ends at 18:00"
   * (`endClock`, `HH:MM`), "extend X by 30 min" (`extendMs`, negative to shorten).
   */
  | {
      type: 'set-length'
      event: string
      durationMs?: number
      endClock?: string
      /** `endClock` is a bare hour ("ends at 1"): it or 12 hours later, whichever comes first after the start. */
      endLoose?: boolean
      extendMs?: number
    }
  | { type: 'describe-event'; event: string; text: string }
  /** A question about one event: when it is, where, when it starts or ends, what it is about. */
  | { type: 'event-info'; event: string; want: 'when' | 'where' | 'start' | 'end' | 'about' }
  | { type: 'list'; what: 'venues' | 'resources' }
  /** Whether a venue is free at a time. */
  | { type: 'venue-free'; venue: string; time: TimeSpec }
  | { type: 'remove-venue'; venue: string }
  | { type: 'rename-event'; event: string; title: string }
  | { type: 'cancel-event'; event: string; /** narrows the search: "the DJ set on Friday" */ day?: string }
  | { type: 'undo' }
  | {
      type: 'add-venue'
      name: string
      capacity?: number
      /** 1 for a stage or room; a number or `null` (unlimited) for a zone or village of stands. */
      concurrent?: number | null
      policy?: 'open' | 'approval'
    }
  | { type: 'add-resource'; name: string; count: number }
  | { type: 'book-resource'; resource: string; event: string }
  | { type: 'schedule'; range: ScheduleRange; venue?: string }
  | { type: 'my-events' }
  | { type: 'rsvp'; event: string; answer: Rsvp; day?: string }
  /** One answer to several events: "I'm going to X and Y". */
  | { type: 'rsvp-many'; events: string[]; answer: Rsvp }
  | { type: 'who-is-going'; event: string }
  | { type: 'free-slots'; venue: string; day: string /* YYYY-MM-DD */ }
  | { type: 'help'; topic?: string }
  | SeriesIntent
  | ApplicationIntent
  | ProposalIntent
  | MeetingIntent
  | RoundsIntent
  | CommunityIntent

/**
 * Which occurrence of a series a sentence names: the next one ("skip the next X"), the one of a
 * day ("X on 3 March", `day` is `YYYY-MM-DD`), or the one of a month ("the March one", 1–12).
 */
export type OccurrencePick = { kind: 'next' } | { kind: 'day'; day: string } | { kind: 'month'; month: number }

/**
 * Intents about recurring series (commands/series.ts). `series` is the name as typed; absent when
 * the sentence said "the series" (the speaker's only series, or the festival's only one).
 */
export type SeriesIntent =
  | {
      type: 'add-series'
      /** RFC 5545 RECUR without UNTIL/COUNT, e.g. `FREQ=MONTHLY;BYDAY=1WE`. */
      rrule: string
      /** Start wall time `HH:MM`; `endClock` the end's, when a range was given. */
      clock: string
      endClock?: string
      durationMs?: number
      kind: EventKind
      title?: string
      venue?: string
      /** First day to consider, `YYYY-MM-DD` ("from 3 March"); today when absent. */
      from?: string
      /** Last day, `YYYY-MM-DD` ("until June"). */
      until?: string
    }
  | { type: 'skip-occurrence'; series?: string; pick: OccurrencePick }
  | {
      type: 'move-occurrence'
      series?: string
      pick: OccurrencePick
      /** The new day: a date, or a day of the occurrence's own month ("to the 11th"). */
      toDay?: string
      toDayOfMonth?: number
      /** The new wall times, `HH:MM`. */
      clock?: string
      endClock?: string
      venue?: string
    }
  | { type: 'end-series'; series?: string; /** last day, `YYYY-MM-DD` */ until: string }
  | { type: 'series-template'; series?: string; items: { clock: string; endClock?: string; title: string; kind?: EventKind }[] }
  | { type: 'next-occurrence'; series?: string }

/** A sentence that could not be read: why, and a short example of what would work. */
export interface NoParse {
  type: 'no-parse'
  reason: 'empty' | 'too-long' | 'binary' | 'unknown' | 'missing-time' | 'bad-time' | 'bad-date' | 'missing-name' | 'no-referent' | 'thanks'
  /** An example sentence in the room's language that would work. */
  hint: string
  lang: Lang
}

/** An ambiguous sentence: a question back, never a silent guess. */
export interface Ask {
  type: 'ask'
  question: string
  choices: string[]
  /**
   * What each choice runs, in the order of {@link choices}: the answer "2", "the second one",
   * or a restatement of a choice picks one. Absent: the question can only be answered anew.
   */
  intents?: Intent[]
  /** Further words that pick each choice ("part of the title", "le lieu"), in the order of {@link choices}. */
  answers?: string[][]
  lang: Lang
}

/** The parser's result: the detected language travels with every intent. */
export type ParseResult = (Intent & { lang: Lang }) | NoParse | Ask

/** Longest message the parser reads, in bytes of UTF-8. Longer ones get a `too-long` answer. */
export const MAX_MESSAGE_BYTES = 4096
