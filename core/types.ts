/**
 * The festival model: plain data shapes shared by every part of yurt.
 *
 * @remarks
 * These are the shapes an author writes into its own namespace of the festival document (see
 * `core/doc.ts`, the one file that knows the Yjs layout) and the shapes the derived schedule view
 * (`core/view.ts`) hands to commands, adapters and exporters. Times are absolute instants in UTC
 * milliseconds; the festival's IANA zone travels beside them and is applied only for reading and
 * display (DESIGN.md, "Time").
 */

/** A string that is a branded id of one kind, so that a venue id cannot be passed where an event id is wanted. */
export type Brand<T, B extends string> = T & { readonly __brand: B }

/** Hex of a 32-byte Ed25519 public key: an author. */
export type AuthorKey = Brand<string, 'AuthorKey'>
/** A festival's id: lowercase base32 of the first 20 bytes of the SHA-256 of its genesis record. */
export type FestivalId = Brand<string, 'FestivalId'>
/** An entity id: the author's 12-hex-digit key prefix, `.`, 8 random base32 characters. */
export type EntityId = Brand<string, 'EntityId'>
export type VenueId = EntityId
export type ResourceId = EntityId
export type EventId = EntityId

/** Milliseconds since the Unix epoch (UTC). */
export type Instant = number

/** The kinds of event a festival programme holds (DESIGN.md, "The festival document"). */
export const EVENT_KINDS = [
  'talk',
  'workshop',
  'concert',
  'party',
  'meetup',
  'projection',
  'stand',
  'meeting',
  'other',
] as const
export type EventKind = (typeof EVENT_KINDS)[number]

/** Who may book a venue: `open` is first come first served; `approval` needs the venue host's yes. */
export type BookingPolicy = 'open' | 'approval'

/** What a person said about an event. */
export type Rsvp = 'going' | 'maybe' | 'not-going'

/** An event's status as its organiser set it. The view derives the effective status from this. */
export type EventState = 'scheduled' | 'cancelled'

/** What a host said about an event booked at a venue with the `approval` policy. */
export type Approval = 'approved' | 'refused'

/**
 * The genesis record of a festival: immutable, and what its id is the hash of.
 *
 * @remarks A festival belongs to nobody in particular, so its name and zone are fixed at creation
 * and travel with the id (in join codes and over sync).
 */
export interface FestivalGenesis {
  /** Format version of this record. */
  v: 1
  name: string
  /** IANA time zone name, such as `Europe/Paris`. */
  timezone: string
  /** Optional first day, `YYYY-MM-DD` in the festival's zone. */
  startDate?: string
  /** Optional last day, `YYYY-MM-DD` in the festival's zone (inclusive). */
  endDate?: string
  /** Creation time, UTC ms; with `nonce` it keeps two festivals of the same name apart. */
  createdAt: Instant
  /** 16 random bytes, hex. */
  nonce: string
  /**
   * Who started the festival: the first of its organisers (`core/programme.ts`). Part of the genesis,
   * so that nobody can claim it later; absent on festivals started before it was recorded.
   */
  creator?: AuthorKey
  /**
   * What the document is: absent for a festival, `'community'` for a community (a document listing
   * member festivals, `core/community.ts`). Part of the id only when present, so the id of every
   * festival made before it existed is unchanged.
   */
  kind?: DocumentKind
}

/** The kinds of document a genesis may name besides a festival (which names none). */
export type DocumentKind = 'community'

/**
 * One author's record that a festival is (or, `left`, is no longer) a member of a community: the
 * value of `member:<festival id>` in the author's namespace of the community's document. It counts
 * only when its author organises that festival (`core/community.ts`).
 */
export interface MembershipData {
  /** The author's clock when it was written, UTC ms: the latest counted record wins. */
  at: Instant
  /** Set on a record that takes the festival out of the community. */
  left?: true
  /**
   * The member festival's genesis record (with its id), so that peers that do not hold the festival
   * yet can name it and fetch it. Untrusted: checked against the id by `core/community.ts`.
   */
  genesis?: FestivalMeta
}

/** A festival's genesis with its derived id. */
export interface FestivalMeta extends FestivalGenesis {
  id: FestivalId
}

/** A place, room or zone, as its host wrote it. */
export interface VenueData {
  name: string
  aliases: string[]
  description?: string
  /** How many people fit; `null` when unknown. */
  capacity: number | null
  /** How many events may run there at once: 1 for a stage, more for a village of stands; `null` = unlimited. */
  concurrent: number | null
  policy: BookingPolicy
  /** Opening hours as `HH:MM-HH:MM` in the festival's zone; absent = always open. */
  hours?: string
  /**
   * How many meeting spots the venue has, numbered 1 … spots ("table 3"): where the groups of
   * person-to-person rounds meet (`core/rounds.ts`). Absent: none listed.
   */
  spots?: number
  /** Set when the host removed the venue. */
  removed?: boolean
}

/** A projector, a PA, a skill: something events book for their time. */
export interface ResourceData {
  name: string
  description?: string
  /** How many exist (≥ 1). */
  count: number
  removed?: boolean
}

/** An event, as its organiser wrote it. */
export interface EventData {
  title: string
  kind: EventKind
  /** Start, UTC ms; `null` while unscheduled. */
  start: Instant | null
  /** End, UTC ms; `null` while unscheduled. Always after `start` when both are set. */
  end: Instant | null
  venue: VenueId | null
  resources: ResourceId[]
  description?: string
  /** Language(s) of the event as written by the organiser, such as `en`, `FR/EN`. */
  language?: string
  capacity?: number | null
  /** Display names of organisers beyond the author (free text, e.g. imported speakers). */
  organizers: string[]
  /**
   * Author keys of co-organisers: each may write an {@link EventEdit} of this event in their own
   * namespace, and the view shows the latest of the author's record and those edits.
   */
  coOrganizers?: AuthorKey[]
  /** When the author last wrote this record: UTC ms of the author's clock (absent: `bookedAt`). */
  editedAt?: Instant
  tags: string[]
  series?: string
  state: EventState
  /**
   * When the current slot (start, end, venue, resources) was booked: UTC ms of the author's hybrid
   * logical clock. The view's tie-breaker for conflicting bookings.
   */
  bookedAt: Instant
  /** Where the event came from when imported (`paris-p2p:12`, `frab:10386`): keeps re-imports idempotent. */
  source?: string
  /**
   * A meta event of a community (`core/community.ts`): the other festivals (city nodes) that
   * co-organise it, by id. The event lives in this festival only; the others are named with it.
   */
  nodes?: FestivalId[]
}

/**
 * A co-organiser's version of someone else's event, written in the co-organiser's own namespace
 * (`ed:<event id>`): the fields a co-organiser may change, whole, and when it was written. The view
 * applies it only when the event's author lists the writer in `coOrganizers`, and only when it is
 * later than the author's record (last writer wins, DESIGN.md "Radical authorization").
 */
export interface EventEdit {
  title: string
  start: Instant | null
  end: Instant | null
  venue: VenueId | null
  description?: string
  capacity?: number | null
  state: EventState
  bookedAt: Instant
  /** When the edit was written: UTC ms of the co-organiser's clock. */
  at: Instant
}

/** The fields of an event a co-organiser's {@link EventEdit} carries. */
export const EDITABLE_FIELDS = ['title', 'start', 'end', 'venue', 'description', 'capacity', 'state', 'bookedAt'] as const

/**
 * One item of a series' programme template: a part of each occurrence ("doors 18:30, talks 19:00").
 *
 * @remarks Times are wall-clock offsets from the occurrence's start, in minutes, so that an item at
 * +30 stays at 19:00 local when the occurrence starts at 18:30, in winter and in summer alike.
 */
export interface TemplateItem {
  /** Minutes after the occurrence's start (0 … 1440). */
  offset: number
  /** Length in minutes (1 … 1440). */
  duration: number
  title: string
  kind: EventKind
}

/**
 * One occurrence of a series moved elsewhere (RFC 5545 §3.8.4.4 RECURRENCE-ID): keyed in
 * {@link SeriesData.moved} by the occurrence's original local date.
 */
export interface MovedOccurrence {
  /** New start and end, UTC ms (`end` after `start`). */
  start: Instant
  end: Instant
  /** New venue; absent = the series' venue. */
  venue?: VenueId | null
  /** When it was moved, UTC ms of the author's clock: the occurrence's conflict tie-breaker. */
  bookedAt: Instant
}

/**
 * A recurring series ("every first Wednesday at 18:30 at Ground Control: Paris P2P monthly"), as its
 * author wrote it. The view expands it into occurrences (`core/series.ts`), each an event.
 *
 * @remarks The recurrence is an RFC 5545 §3.3.10 RECUR value without `UNTIL`/`COUNT`
 * (`FREQ=MONTHLY;BYDAY=1WE`), expanded from DTSTART in `timezone` with rrule-temporal, so 18:30
 * stays 18:30 local across daylight-saving changes. The series' end is {@link until}; skipped
 * occurrences are its EXDATEs, moved ones its RECURRENCE-ID overrides, both keyed by the
 * occurrence's original local date.
 */
export interface SeriesData {
  title: string
  kind: EventKind
  venue: VenueId | null
  resources: ResourceId[]
  description?: string
  /** DTSTART as a wall time in `timezone`: `YYYY-MM-DDTHH:MM`. The first occurrence. */
  start: string
  /** IANA zone of `start` (the festival's). */
  timezone: string
  /** Length of each occurrence in minutes (1 … 10080). */
  duration: number
  /** RFC 5545 RECUR without UNTIL and COUNT, e.g. `FREQ=MONTHLY;BYDAY=1WE` (see `core/series.ts`). */
  rrule: string
  /** Last day of the series, `YYYY-MM-DD` in `timezone`, inclusive (the RRULE's UNTIL). */
  until?: string
  /** Original local dates (`YYYY-MM-DD`) of skipped occurrences (EXDATE). */
  skipped: string[]
  /** Moved occurrences by original local date (RECURRENCE-ID). */
  moved: Record<string, MovedOccurrence>
  /** The programme each occurrence copies; absent or empty = one event per occurrence. */
  template?: TemplateItem[]
  /** When the series was booked or last re-timed, UTC ms: its occurrences' conflict tie-breaker. */
  bookedAt: Instant
}

/** A person's profile in their own namespace. */
export interface ProfileData {
  /** Display name from the chat platform. */
  name: string
  /** Where this author speaks from, such as `matrix:@alice:example.org` or `terminal:alice`. */
  handle?: string
}

// ---- building the programme together (core/programme.ts) ---------------------------------------

/**
 * A call for proposals, as an organiser of the festival wrote it (`cfp`); the latest by `at` among
 * the organisers' is the festival's call.
 */
export interface CallData {
  /** `false` when an organiser closed it. */
  open: boolean
  /** The deadline, UTC ms; `null` = open until closed. */
  until: Instant | null
  /** When it was written, UTC ms of the organiser's clock. */
  at: Instant
}

/** A proposal for the programme, in its proposer's namespace (`p:<id>`). */
export interface ProposalData {
  title: string
  kind: EventKind
  /** Wished length in minutes (5 … 1440). */
  minutes: number
  pitch?: string
  language?: string
  /** Wished day or venue, as the proposer typed it. */
  wish?: string
  /** When it was proposed, UTC ms of the proposer's clock: checked against the call's deadline. */
  at: Instant
  /** Set when the proposer withdrew it. */
  withdrawn?: boolean
}

/**
 * A venue host's yes to a proposal (`acc:<proposal id>`): the proposal becomes an event at the
 * host's venue for that slot, organised by the proposer.
 */
export interface AcceptanceData {
  venue: VenueId
  start: Instant
  end: Instant
  /** When it was accepted, UTC ms of the host's clock: the slot's booking time. */
  at: Instant
}

/** An organiser's or a venue host's no to a proposal (`dec:<proposal id>`). */
export interface DeclineData {
  reason?: string
  at: Instant
}

/**
 * Applications to an event are open (`ar:<event id>`, by the event's author): who reviews them and
 * what applicants answer. Only the reviewers can read the answers (`core/seal.ts`).
 */
export interface ApplicationRoundData {
  open: boolean
  /** How many people may be accepted; `null` = no limit. */
  limit: number | null
  question?: string
  /** The author keys whose keys the answers are sealed to: the event's author and co-organisers. */
  reviewers: AuthorKey[]
  at: Instant
}

/** One person's application to an event (`app:<event id>`), its answer sealed to the reviewers. */
export interface ApplicationData {
  /** The answer, sealed (`core/seal.ts`): base64 of the box, readable by the reviewers only. */
  sealed: string
  at: Instant
  withdrawn?: boolean
}

/** What a reviewer decided about an application. */
export type ApplicationDecision = 'accepted' | 'declined' | 'waitlisted'

/** Effective status of an event in the view (the JSON export's `status`). */
export type EventStatus = 'confirmed' | 'tentative' | 'conflicting' | 'cancelled' | 'unscheduled'

/** A venue in the view. */
export interface VenueView extends VenueData {
  id: VenueId
  host: AuthorKey
}

/** A resource in the view. */
export interface ResourceView extends ResourceData {
  id: ResourceId
  owner: AuthorKey
}

/** Why an event does not hold its slot. */
export interface Clash {
  /** `venue` or `resource`. */
  on: 'venue' | 'resource'
  /** The venue or resource id. */
  id: EntityId
  /** The events holding the slot that this one lost to. */
  holders: EventId[]
}

/** An event in the view: references resolved, status derived. */
export interface EventView extends EventData {
  id: EventId
  author: AuthorKey
  /** Display name of the author, or the short key when none is known. */
  authorName: string
  venueName: string | null
  resourceNames: string[]
  status: EventStatus
  clashes: Clash[]
  /**
   * Author keys by RSVP, in name order. With a capacity (the event's, else its venue's), `going`
   * holds at most that many: the earliest answers by their signed time, then by author key; the
   * others are in {@link waiting}. People whose application a reviewer accepted are going.
   */
  going: AuthorKey[]
  maybe: AuthorKey[]
  /** Who said going beyond the capacity, first to be let in first. */
  waiting: AuthorKey[]
  /** How many may go (the event's capacity, else its venue's); `null` = no limit. */
  limit: number | null
  /** Set on an event that is an accepted proposal: the host who accepted it. */
  acceptedBy?: AuthorKey
  approval?: Approval
  /** The co-organiser whose {@link EventEdit} the view shows, when one is later than the author's record. */
  editedBy?: AuthorKey
  /**
   * Set on an occurrence of a series (then `series` is the series id): which one it is. RSVPs to any
   * part of an occurrence are stored under `id`, the occurrence's id `<series id>@<original date>`.
   */
  occurrence?: OccurrenceRef
}

/** Which occurrence of which series an event of the view is. */
export interface OccurrenceRef {
  /** The series id. */
  series: EntityId
  /** The occurrence's id, `<series id>@YYYY-MM-DD`: what RSVPs are stored under. */
  id: EventId
  /** The original local date (RECURRENCE-ID), `YYYY-MM-DD` in the series' zone. */
  date: string
  /** 1-based index of the template item this event is, when the series has a template. */
  item?: number
  /** Whether the occurrence was moved from its original time. */
  moved: boolean
}

/** A series in the view: what its author wrote, with names resolved. */
export interface SeriesView extends SeriesData {
  id: EntityId
  author: AuthorKey
  authorName: string
  venueName: string | null
}

/** The derived schedule everybody sees. */
export interface ScheduleView {
  festival: FestivalMeta
  venues: VenueView[]
  resources: ResourceView[]
  /** Sorted by start (unscheduled last), then title, then id. Occurrences of series included. */
  events: EventView[]
  /** Recurring series, by title then id. */
  series: SeriesView[]
  /** The local dates (`YYYY-MM-DD`, inclusive) series were expanded over (`core/series.ts`). */
  horizon: { from: string; to: string }
  /** Display names by author key. */
  names: Map<AuthorKey, string>
}

// ---- random meetings (core/meetings.ts) ----------------------------------------------------------

/**
 * A record only some authors can read (`sealed:<id>`): a random-meeting request, an opt-in to the
 * serendipity switch, or a meeting. What it is, for whom and when is inside the box.
 */
export interface SealedRecordData {
  /** Base64 of a hidden-recipient box (`core/seal.ts`, `sealHidden`), bound with `sealedAad`. */
  box: string
  /** When it was written, UTC ms of the author's clock. */
  at: Instant
}

/** `matcher`: this author (a bot's meetings key) matches random meetings; requests are sealed to it. */
export interface MatcherData {
  /** When it said so, UTC ms. */
  at: Instant
}

/** `serendipity`: an organiser's switch for random meetings among the people who opted in. */
export interface SerendipityData {
  on: boolean
  /** Meetings proposed each day (1–12). */
  perDay: number
  /** Window, wall times `HH:MM` in the festival's zone; `from` before `to`. */
  from: string
  to: string
  /** When it was set, UTC ms; the latest organiser's record wins. */
  at: Instant
}
