/**
 * The Yjs layout of a festival document. The only file that knows it.
 *
 * @remarks
 * One `Y.Doc` per festival. Every author writes into one root `Y.Map` of its own, named
 * `a:<author key hex>` (its **namespace**). Inside it, flat keys hold plain JSON values:
 *
 * | key            | value                          |
 * | -------------- | ------------------------------ |
 * | `profile`      | {@link ProfileData}            |
 * | `v:<venue id>` | {@link VenueData}              |
 * | `r:<res. id>`  | {@link ResourceData}           |
 * | `e:<event id>` | {@link EventData}              |
 * | `s:<series id>`| {@link SeriesData}             |
 * | `rsvp:<event>` | {@link Rsvp}                   |
 * | `ap:<event>`   | {@link Approval} (venue hosts) |
 * | `ed:<event>`   | {@link EventEdit} (co-organisers of someone else's event) |
 * | `org:<author>` | `true`: the festival's creator names an organiser (`core/programme.ts`) |
 * | `cfp`          | {@link CallData} (an organiser's call for proposals) |
 * | `p:<proposal>` | {@link ProposalData}           |
 * | `vote:<prop.>` | `true`: one vote for a proposal |
 * | `acc:<prop.>`  | {@link AcceptanceData} (a venue host's yes) |
 * | `dec:<prop.>`  | {@link DeclineData} (an organiser's or host's no) |
 * | `ar:<event>`   | {@link ApplicationRoundData} (applications to the author's event) |
 * | `app:<event>`  | {@link ApplicationData} (one's own application, sealed) |
 * | `ad:<event>/<applicant>` | {@link ApplicationDecision} (a reviewer's) |
 * | `sealed:<id>`  | {@link SealedRecordData} (a random-meeting request, opt-in or meeting; `core/meetings.ts`) |
 * | `matcher`      | {@link MatcherData} (a bot's meetings key: requests are sealed to it) |
 * | `serendipity`  | {@link SerendipityData} (an organiser's switch) |
 * | `rp:<event or series>` | {@link RoundsData} (person-to-person rounds, an organiser's; `core/rounds.ts`) |
 * | `ri:<event>`   | {@link RoundsOptIn} (one's own yes or no to an event's rounds) |
 * | `member:<festival id>` | {@link MembershipData} (in a community's document: a festival joins or leaves; `core/community.ts`) |
 *
 * An RSVP is `going`, `maybe` or `not-going`, or `{ r, at }` with the author's clock (UTC ms) of the
 * answer, which orders a waiting list.
 *
 * An RSVP or an approval may name an event or an occurrence of a series (`<series id>@YYYY-MM-DD`,
 * see `core/series.ts`); an approval may also name a series, for all its occurrences.
 *
 * No nested shared types: each entity is replaced whole when it changes. Only its author ever writes
 * an entity, so per-field merging would buy nothing, and the flat layout makes the namespace rule
 * (`core/namespace.ts`) checkable from an update alone. Values are untrusted (any author can write
 * anything into its own namespace), so the readers here validate every value and skip bad ones.
 */
import * as Y from 'yjs'
import { EVENT_KINDS } from './types.ts'
import type {
  AcceptanceData,
  ApplicationData,
  ApplicationDecision,
  ApplicationRoundData,
  Approval,
  MatcherData,
  MembershipData,
  SealedRecordData,
  SerendipityData,
  AuthorKey,
  CallData,
  DeclineData,
  ProposalData,
  EntityId,
  EventData,
  EventEdit,
  EventKind,
  FestivalId,
  Instant,
  MovedOccurrence,
  ProfileData,
  ResourceData,
  Rsvp,
  SeriesData,
  TemplateItem,
  VenueData,
} from './types.ts'
import { isAuthorKey, isEntityIdOf } from './ids.ts'
import { isRoundsData, isRoundsOptIn } from './rounds.ts'
import type { RoundsData, RoundsOptIn } from './rounds.ts'
import { isLocalDate, isLocalDateTime, isOccurrenceId, parseRecur } from './series.ts'
import { isValidTimeZone } from './time.ts'
import { YurtError } from './errors.ts'
import { editProblem, eventProblem, LimitError, profileProblem, proposalProblem, resourceProblem, seriesProblem, venueProblem } from './limits.ts'
import type { DateWindow, LimitProblem } from './limits.ts'

/** Prefix of every author's root map. */
export const NAMESPACE_PREFIX = 'a:'

/** The name of an author's root map. */
export function namespaceName(author: AuthorKey): string {
  return NAMESPACE_PREFIX + author
}

/** Everything one author wrote, validated. */
export interface Namespace {
  author: AuthorKey
  profile?: ProfileData
  venues: Map<EntityId, VenueData>
  resources: Map<EntityId, ResourceData>
  events: Map<EntityId, EventData>
  series: Map<EntityId, SeriesData>
  /** Keyed by event id or occurrence id. */
  rsvps: Map<EntityId, Rsvp>
  approvals: Map<EntityId, Approval>
  /** Edits of other authors' events, by event id (applied by the view only for their co-organisers). */
  edits: Map<EntityId, EventEdit>
  /** When each RSVP was given (author's clock, UTC ms), where the record says; by event or occurrence id. */
  rsvpAt: Map<EntityId, Instant>
  /** Organisers this author names (meaningful only in the creator's namespace). */
  organisers: Set<AuthorKey>
  call?: CallData
  proposals: Map<EntityId, ProposalData>
  /** Proposals this author votes for. */
  votes: Set<EntityId>
  acceptances: Map<EntityId, AcceptanceData>
  declines: Map<EntityId, DeclineData>
  /** Application rounds of this author's events, by event id. */
  rounds: Map<EntityId, ApplicationRoundData>
  /** This author's own applications, by event id. */
  applications: Map<EntityId, ApplicationData>
  /** This author's decisions as a reviewer, by `<event id>/<applicant key>`. */
  decisions: Map<string, ApplicationDecision>
  /** Sealed records (random meetings), by id. */
  sealed: Map<string, SealedRecordData>
  matcher?: MatcherData
  serendipity?: SerendipityData
  /** Person-to-person rounds this author set, by event, series or occurrence id (`core/rounds.ts`). */
  roundPlans: Map<EntityId, RoundsData>
  /** This author's yes or no to rounds, by event or occurrence id. */
  roundsOptIns: Map<EntityId, RoundsOptIn>
  /** In a community's document: this author's membership records, by festival id (`core/community.ts`). */
  members: Map<FestivalId, MembershipData>
}

/** A namespace with nothing in it (an author who has written nothing yet). */
export function emptyNamespace(author: AuthorKey): Namespace {
  return {
    author,
    venues: new Map(),
    resources: new Map(),
    events: new Map(),
    series: new Map(),
    rsvps: new Map(),
    approvals: new Map(),
    edits: new Map(),
    rsvpAt: new Map(),
    organisers: new Set(),
    proposals: new Map(),
    votes: new Set(),
    acceptances: new Map(),
    declines: new Map(),
    rounds: new Map(),
    applications: new Map(),
    decisions: new Map(),
    sealed: new Map(),
    roundPlans: new Map(),
    roundsOptIns: new Map(),
    members: new Map(),
  }
}

/** The authors that have a namespace in `doc`. */
export function authorsOf(doc: Y.Doc): AuthorKey[] {
  const authors: AuthorKey[] = []
  for (const name of doc.share.keys()) {
    if (!name.startsWith(NAMESPACE_PREFIX)) continue
    const key = name.slice(NAMESPACE_PREFIX.length)
    if (isAuthorKey(key)) authors.push(key)
  }
  return authors.sort()
}

/**
 * Reads and validates one author's namespace. Invalid entries are skipped, never thrown: among them
 * every value that breaks a limit of `core/limits.ts` (the same limits the writer refuses), with
 * instants checked against `window` (the festival's, see `dateWindow`) when given.
 */
export function readNamespace(doc: Y.Doc, author: AuthorKey, window?: DateWindow): Namespace {
  const ns = emptyNamespace(author)
  const map = doc.getMap<unknown>(namespaceName(author))
  const rsvp = (id: EntityId, value: unknown) => {
    const answer = asRsvp(value)
    if (!answer) return
    ns.rsvps.set(id, answer.r)
    if (answer.at !== undefined) ns.rsvpAt.set(id, answer.at)
  }
  for (const [key, value] of map.entries()) {
    const colon = key.indexOf(':')
    const kind = colon < 0 ? key : key.slice(0, colon)
    const id = key.slice(colon + 1)
    if (key === 'profile') {
      const p = asProfile(value)
      if (p) ns.profile = p
      continue
    }
    if (key === 'cfp') {
      const c = asCall(value)
      if (c) ns.call = c
      continue
    }
    if (key === 'matcher') {
      if (isObj(value) && finite(value.at)) ns.matcher = { at: value.at }
      continue
    }
    if (key === 'serendipity') {
      const sd = asSerendipity(value)
      if (sd) ns.serendipity = sd
      continue
    }
    if (kind === 'sealed') {
      const r = asSealed(value)
      if (r && SEALED_ID.test(id) && ns.sealed.size < MAX_SEALED_PER_AUTHOR) ns.sealed.set(id, r)
      continue
    }
    if (kind === 'member') {
      const m = asMembership(value)
      if (m && FESTIVAL_ID.test(id) && ns.members.size < MAX_MEMBERS_PER_AUTHOR) ns.members.set(id as FestivalId, m)
      continue
    }
    if (kind === 'org') {
      if (value === true && isAuthorKey(id)) ns.organisers.add(id)
      continue
    }
    if (kind === 'ad') {
      const slash = id.indexOf('/')
      const event = id.slice(0, slash)
      const applicant = id.slice(slash + 1)
      if (slash > 0 && isEntityIdOfAny(event) && isAuthorKey(applicant) && (value === 'accepted' || value === 'declined' || value === 'waitlisted')) {
        ns.decisions.set(id, value)
      }
      continue
    }
    if (!isEntityIdOfAny(id)) {
      // RSVPs and approvals may name one occurrence of a series.
      if (kind === 'rsvp' && isOccurrenceId(id)) rsvp(id as EntityId, value)
      if (kind === 'ap' && isOccurrenceId(id) && (value === 'approved' || value === 'refused')) ns.approvals.set(id as EntityId, value)
      if (kind === 'rp' && isOccurrenceId(id) && isRoundsData(value)) ns.roundPlans.set(id as EntityId, value)
      if (kind === 'ri' && isOccurrenceId(id) && isRoundsOptIn(value)) ns.roundsOptIns.set(id as EntityId, value)
      continue
    }
    switch (kind) {
      case 'v': {
        const v = asVenue(value)
        if (v && isEntityIdOf(id, author)) ns.venues.set(id, v)
        break
      }
      case 'r': {
        const r = asResource(value)
        if (r && isEntityIdOf(id, author)) ns.resources.set(id, r)
        break
      }
      case 'e': {
        const e = asEvent(value, window)
        if (e && isEntityIdOf(id, author)) ns.events.set(id, e)
        break
      }
      case 's': {
        const sr = asSeries(value, window)
        if (sr && isEntityIdOf(id, author)) ns.series.set(id, sr)
        break
      }
      case 'rsvp':
        rsvp(id, value)
        break
      case 'p': {
        const p = asProposal(value)
        if (p && isEntityIdOf(id, author)) ns.proposals.set(id, p)
        break
      }
      case 'vote':
        if (value === true && !isEntityIdOf(id, author)) ns.votes.add(id)
        else if (value === true) ns.votes.add(id) // one's own proposal: a vote like any other
        break
      case 'acc': {
        const a = asAcceptance(value, window)
        if (a) ns.acceptances.set(id, a)
        break
      }
      case 'dec': {
        const d = asDecline(value)
        if (d) ns.declines.set(id, d)
        break
      }
      case 'ar': {
        const r = asRound(value)
        if (r) ns.rounds.set(id, r)
        break
      }
      case 'app': {
        const a = asApplication(value)
        if (a) ns.applications.set(id, a)
        break
      }
      case 'ap':
        if (value === 'approved' || value === 'refused') ns.approvals.set(id, value)
        break
      case 'rp':
        if (isRoundsData(value)) ns.roundPlans.set(id, value)
        break
      case 'ri':
        if (isRoundsOptIn(value)) ns.roundsOptIns.set(id, value)
        break
      case 'ed': {
        const ed = asEdit(value, window)
        if (ed && !isEntityIdOf(id, author)) ns.edits.set(id, ed)
        break
      }
    }
  }
  if (ns.series.size > MAX_SERIES_PER_AUTHOR) {
    const kept = [...ns.series.keys()].sort().slice(0, MAX_SERIES_PER_AUTHOR)
    ns.series = new Map(kept.map((id) => [id, ns.series.get(id)!]))
  }
  return ns
}

/** Most meeting spots (tables) a venue may list (`VenueData.spots`). */
export const MAX_SPOTS = 500

/** Most series read from one author's namespace (the smallest ids, so every replica keeps the same); more are ignored. */
export const MAX_SERIES_PER_AUTHOR = 100

function isEntityIdOfAny(id: string): id is EntityId {
  return /^[0-9a-f]{12}\.[a-z2-7]{8}$/.test(id)
}

/**
 * Writes into one author's namespace. Obtained only inside `Festival.change`, which runs it in a
 * Yjs transaction under the author's client id.
 *
 * @remarks Every `set…` checks the value against `core/limits.ts` (instants against `window`, the
 * festival's) before it writes, and throws {@link LimitError} naming the first limit broken: the
 * repo then stores nothing of the change and reloads the document (`Repo.commit`).
 */
export class NamespaceWriter {
  readonly author: AuthorKey
  readonly #map: Y.Map<unknown>
  readonly #window: DateWindow | undefined
  constructor(doc: Y.Doc, author: AuthorKey, window?: DateWindow) {
    this.author = author
    this.#map = doc.getMap<unknown>(namespaceName(author))
    this.#window = window
  }
  /** @throws LimitError */
  setProfile(profile: ProfileData): void {
    refuse(profileProblem(profile))
    this.#map.set('profile', readable(clean(profile), asProfile, 'profile'))
  }
  /** @throws LimitError */
  setVenue(id: EntityId, venue: VenueData): void {
    refuse(venueProblem(venue))
    this.#map.set(`v:${id}`, readable(clean(venue), asVenue, 'venue'))
  }
  /** @throws LimitError */
  setResource(id: EntityId, resource: ResourceData): void {
    refuse(resourceProblem(resource))
    this.#map.set(`r:${id}`, readable(clean(resource), asResource, 'resource'))
  }
  /** @throws LimitError, also for a start or end outside the festival's window. */
  setEvent(id: EntityId, event: EventData): void {
    refuse(eventProblem(event, this.#window))
    this.#map.set(`e:${id}`, readable(clean(event), (v) => asEvent(v, this.#window), 'event'))
  }
  /** @throws LimitError, also for a first or moved occurrence outside the festival's window. */
  setSeries(id: EntityId, series: SeriesData): void {
    refuse(seriesProblem(series, this.#window))
    this.#map.set(`s:${id}`, readable(clean(series), (v) => asSeries(v, this.#window), 'series'))
  }
  deleteSeries(id: EntityId): void {
    this.#map.delete(`s:${id}`)
  }
  deleteEvent(id: EntityId): void {
    this.#map.delete(`e:${id}`)
  }
  deleteVenue(id: EntityId): void {
    this.#map.delete(`v:${id}`)
  }
  deleteResource(id: EntityId): void {
    this.#map.delete(`r:${id}`)
  }
  /** An RSVP; with `at` (the author's clock, UTC ms) it keeps its place in a waiting list. */
  setRsvp(event: EntityId, answer: Rsvp | null, at?: Instant): void {
    if (answer === null) this.#map.delete(`rsvp:${event}`)
    else this.#map.set(`rsvp:${event}`, at === undefined ? answer : { r: answer, at })
  }
  /**
   * A membership record in a community's document (`core/community.ts` decides whether it counts).
   *
   * @throws YurtError for a malformed festival id or record.
   */
  setMember(festival: FestivalId, record: MembershipData): void {
    if (!FESTIVAL_ID.test(festival)) throw new YurtError(`not a festival id: ${festival}`)
    this.#map.set(`member:${festival}`, readable(clean(record), asMembership, 'membership'))
  }
  /** Names (or, `false`, stops naming) an organiser of the festival: the creator's to write. */
  setOrganiser(author: AuthorKey, named: boolean): void {
    if (named) this.#map.set(`org:${author}`, true)
    else this.#map.delete(`org:${author}`)
  }
  /** @throws LimitError */
  setCall(call: CallData): void {
    this.#map.set('cfp', readable(clean(call), asCall, 'call for proposals'))
  }
  /** @throws LimitError */
  setProposal(id: EntityId, proposal: ProposalData): void {
    refuse(proposalProblem(proposal))
    this.#map.set(`p:${id}`, readable(clean(proposal), asProposal, 'proposal'))
  }
  setVote(proposal: EntityId, vote: boolean): void {
    if (vote) this.#map.set(`vote:${proposal}`, true)
    else this.#map.delete(`vote:${proposal}`)
  }
  /** @throws LimitError for a slot outside the festival's window */
  setAcceptance(proposal: EntityId, acceptance: AcceptanceData | null): void {
    if (acceptance === null) this.#map.delete(`acc:${proposal}`)
    else this.#map.set(`acc:${proposal}`, readable(clean(acceptance), (v) => asAcceptance(v, this.#window), 'acceptance'))
  }
  setDecline(proposal: EntityId, decline: DeclineData | null): void {
    if (decline === null) this.#map.delete(`dec:${proposal}`)
    else this.#map.set(`dec:${proposal}`, readable(clean({ ...decline, reason: decline.reason?.slice(0, 500) }), asDecline, 'decline'))
  }
  setRound(event: EntityId, round: ApplicationRoundData): void {
    this.#map.set(`ar:${event}`, readable(clean({ ...round, question: round.question?.slice(0, 500) }), asRound, 'application round'))
  }
  setApplication(event: EntityId, application: ApplicationData | null): void {
    if (application === null) this.#map.delete(`app:${event}`)
    else this.#map.set(`app:${event}`, readable(clean(application), asApplication, 'application'))
  }
  /** A sealed record (`core/meetings.ts`); `null` removes it. */
  setSealed(id: string, record: SealedRecordData | null): void {
    if (!SEALED_ID.test(id)) throw new YurtError('a sealed record id is 1 to 64 letters, digits, - or _')
    if (record === null) this.#map.delete(`sealed:${id}`)
    else this.#map.set(`sealed:${id}`, readable(clean(record), asSealed, 'sealed record'))
  }
  setMatcher(matcher: MatcherData): void {
    this.#map.set('matcher', { at: matcher.at })
  }
  setSerendipity(value: SerendipityData): void {
    this.#map.set('serendipity', readable(clean(value), asSerendipity, 'serendipity switch'))
  }
  setDecision(event: EntityId, applicant: AuthorKey, decision: ApplicationDecision | null): void {
    if (decision === null) this.#map.delete(`ad:${event}/${applicant}`)
    else this.#map.set(`ad:${event}/${applicant}`, decision)
  }
  /** A co-organiser's version of another author's event; `null` withdraws it. */
  setEdit(event: EntityId, edit: EventEdit | null): void {
    if (edit === null) this.#map.delete(`ed:${event}`)
    else {
      refuse(editProblem(edit, this.#window))
      this.#map.set(`ed:${event}`, readable(clean(edit), (v) => asEdit(v, this.#window), 'edit'))
    }
  }
  /** Person-to-person rounds of an event, a series or an occurrence (`core/rounds.ts`); `null` removes this author's record. */
  setRoundPlan(id: EntityId, rounds: RoundsData | null): void {
    if (rounds === null) this.#map.delete(`rp:${id}`)
    else this.#map.set(`rp:${id}`, readable(clean(rounds), (v) => (isRoundsData(v) ? v : null), 'rounds'))
  }
  /** One's own yes or no to an event's rounds; `null` removes it. */
  setRoundsOptIn(id: EntityId, optIn: RoundsOptIn | null): void {
    if (optIn === null) this.#map.delete(`ri:${id}`)
    else this.#map.set(`ri:${id}`, readable(clean(optIn), (v) => (isRoundsOptIn(v) ? v : null), 'rounds answer'))
  }
  setApproval(event: EntityId, approval: Approval | null): void {
    if (approval === null) this.#map.delete(`ap:${event}`)
    else this.#map.set(`ap:${event}`, approval)
  }
}

function refuse(problem: LimitProblem | null): void {
  if (problem) throw new LimitError(problem)
}

/**
 * `value` when the reader below reads it back; else throws, so that nothing is stored that every
 * replica would skip (an empty title, an end before the start: the callers refuse those first, so
 * this is a bug, answered as one and with nothing stored).
 *
 * @throws YurtError naming the kind of value.
 */
function readable<T>(value: T, read: (v: unknown) => unknown, what: string): T {
  if (read(value) === null) throw new YurtError(`refusing to write a ${what} that readers would skip`)
  return value
}

/** Drops `undefined` fields: Yjs stores `undefined` as `null`, which would not round-trip. */
function clean<T extends object>(value: T): T {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = v
  return out as T
}

// ---- validation of untrusted values -------------------------------------------------------------

type Obj = Record<string, unknown>
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)
// Lengths and list sizes are checked against core/limits.ts (the writer's limits); these check types.
const str = (v: unknown, max = Infinity): v is string => typeof v === 'string' && v.length <= max
const optStr = (v: unknown) => v === undefined || str(v)
const nat = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0
const natOrNull = (v: unknown) => v === null || nat(v)
const strArray = (v: unknown, maxLen = Infinity): v is string[] =>
  Array.isArray(v) && v.length <= maxLen && v.every((x) => str(x))
const instantOrNull = (v: unknown) => v === null || (typeof v === 'number' && Number.isFinite(v))

function asProfile(v: unknown): ProfileData | null {
  if (!isObj(v) || !str(v.name) || !optStr(v.handle) || profileProblem(v) !== null) return null
  return v as unknown as ProfileData
}

function asVenue(v: unknown): VenueData | null {
  if (!isObj(v) || !str(v.name) || v.name.trim() === '') return null
  if (venueProblem(v) !== null) return null
  if (!strArray(v.aliases) || !natOrNull(v.capacity) || !natOrNull(v.concurrent)) return null
  if (v.concurrent === 0) return null
  if (v.policy !== 'open' && v.policy !== 'approval') return null
  if (!optStr(v.description) || !optStr(v.hours)) return null
  if (v.spots !== undefined && !(nat(v.spots) && v.spots >= 1 && v.spots <= MAX_SPOTS)) return null
  return v as unknown as VenueData
}

function asResource(v: unknown): ResourceData | null {
  if (!isObj(v) || !str(v.name) || v.name.trim() === '' || resourceProblem(v) !== null) return null
  if (!nat(v.count) || v.count < 1 || !optStr(v.description)) return null
  return v as unknown as ResourceData
}

function asEvent(v: unknown, window?: DateWindow): EventData | null {
  if (!isObj(v) || !str(v.title) || v.title.trim() === '') return null
  if (eventProblem(v, window) !== null) return null
  if (!EVENT_KINDS.includes(v.kind as EventKind)) return null
  if (!instantOrNull(v.start) || !instantOrNull(v.end)) return null
  if ((v.start === null) !== (v.end === null)) return null
  if (typeof v.start === 'number' && typeof v.end === 'number' && v.end <= v.start) return null
  if (v.venue !== null && !(typeof v.venue === 'string' && isEntityIdOfAny(v.venue))) return null
  if (!strArray(v.resources) || !v.resources.every(isEntityIdOfAny)) return null
  if (!strArray(v.organizers) || !strArray(v.tags)) return null
  if (v.state !== 'scheduled' && v.state !== 'cancelled') return null
  if (typeof v.bookedAt !== 'number' || !Number.isFinite(v.bookedAt)) return null
  if (!optStr(v.description) || !optStr(v.language) || !optStr(v.series) || !optStr(v.source)) return null
  if (v.capacity !== undefined && !natOrNull(v.capacity)) return null
  if (v.coOrganizers !== undefined && !(strArray(v.coOrganizers) && v.coOrganizers.every(isAuthorKey))) return null
  if (v.editedAt !== undefined && !(typeof v.editedAt === 'number' && Number.isFinite(v.editedAt))) return null
  if (v.nodes !== undefined && !(strArray(v.nodes, MAX_NODES) && v.nodes.every((f) => FESTIVAL_ID.test(f)))) return null
  return v as unknown as EventData
}

function asEdit(v: unknown, window?: DateWindow): EventEdit | null {
  if (!isObj(v) || !str(v.title) || v.title.trim() === '' || editProblem(v, window) !== null) return null
  if (!instantOrNull(v.start) || !instantOrNull(v.end)) return null
  if ((v.start === null) !== (v.end === null)) return null
  if (typeof v.start === 'number' && typeof v.end === 'number' && v.end <= v.start) return null
  if (v.venue !== null && !(typeof v.venue === 'string' && isEntityIdOfAny(v.venue))) return null
  if (v.state !== 'scheduled' && v.state !== 'cancelled') return null
  if (typeof v.bookedAt !== 'number' || !Number.isFinite(v.bookedAt)) return null
  if (typeof v.at !== 'number' || !Number.isFinite(v.at)) return null
  if (!optStr(v.description)) return null
  if (v.capacity !== undefined && !natOrNull(v.capacity)) return null
  return v as unknown as EventEdit
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)

/** A festival id as the op log stores them. */
const FESTIVAL_ID = /^[a-z0-9_-]{1,64}$/
/** Most co-organising festivals a meta event lists (`EventData.nodes`). */
export const MAX_NODES = 20
/** Most membership records read from one author's namespace; more are ignored. */
export const MAX_MEMBERS_PER_AUTHOR = 500

function asMembership(v: unknown): MembershipData | null {
  if (!isObj(v) || !finite(v.at)) return null
  if (v.left !== undefined && v.left !== true) return null
  if (v.genesis !== undefined && !(isObj(v.genesis) && JSON.stringify(v.genesis).length <= 2048)) return null
  return v as unknown as MembershipData
}

function asRsvp(v: unknown): { r: Rsvp; at?: Instant } | null {
  const ok = (x: unknown): x is Rsvp => x === 'going' || x === 'maybe' || x === 'not-going'
  if (ok(v)) return { r: v }
  if (isObj(v) && ok(v.r) && finite(v.at)) return { r: v.r, at: v.at }
  return null
}

function asCall(v: unknown): CallData | null {
  if (!isObj(v) || typeof v.open !== 'boolean' || !finite(v.at)) return null
  if (v.until !== null && !finite(v.until)) return null
  return { open: v.open, until: v.until as Instant | null, at: v.at }
}

function asProposal(v: unknown): ProposalData | null {
  if (!isObj(v) || !str(v.title) || v.title.trim() === '' || proposalProblem(v) !== null) return null
  if (!EVENT_KINDS.includes(v.kind as EventKind)) return null
  if (!nat(v.minutes) || v.minutes < 5 || v.minutes > 1440 || !finite(v.at)) return null
  if (!optStr(v.pitch) || !optStr(v.language) || !optStr(v.wish)) return null
  if (v.withdrawn !== undefined && typeof v.withdrawn !== 'boolean') return null
  return v as unknown as ProposalData
}

function asAcceptance(v: unknown, window?: DateWindow): AcceptanceData | null {
  if (!isObj(v) || typeof v.venue !== 'string' || !isEntityIdOfAny(v.venue)) return null
  if (!finite(v.start) || !finite(v.end) || v.end <= v.start || v.end - v.start > 24 * 3_600_000 || !finite(v.at)) return null
  if (window && (v.start < window.from || v.end > window.to)) return null
  return v as unknown as AcceptanceData
}

function asDecline(v: unknown): DeclineData | null {
  if (!isObj(v) || !finite(v.at) || !(v.reason === undefined || str(v.reason, 500))) return null
  return v as unknown as DeclineData
}

function asRound(v: unknown): ApplicationRoundData | null {
  if (!isObj(v) || typeof v.open !== 'boolean' || !natOrNull(v.limit) || !finite(v.at)) return null
  if (!(v.question === undefined || str(v.question, 500))) return null
  if (!strArray(v.reviewers, 50) || !v.reviewers.every(isAuthorKey) || v.reviewers.length === 0) return null
  return v as unknown as ApplicationRoundData
}

function asApplication(v: unknown): ApplicationData | null {
  // A sealed answer of up to 2,000 characters to up to 50 reviewers fits in 64 KiB of base64.
  if (!isObj(v) || !str(v.sealed, 65_536) || !finite(v.at)) return null
  if (v.withdrawn !== undefined && typeof v.withdrawn !== 'boolean') return null
  return v as unknown as ApplicationData
}

const SEALED_ID = /^[A-Za-z0-9_-]{1,64}$/
/** Most sealed records read from one author's namespace. */
export const MAX_SEALED_PER_AUTHOR = 200

function asSealed(v: unknown): SealedRecordData | null {
  if (!isObj(v) || !str(v.box, 16_384) || !finite(v.at)) return null
  return { box: v.box, at: v.at }
}

const CLOCK = /^(?:[01]\d|2[0-3]):[0-5]\d$/
function asSerendipity(v: unknown): SerendipityData | null {
  if (!isObj(v) || typeof v.on !== 'boolean' || !finite(v.at)) return null
  if (!nat(v.perDay) || v.perDay < 1 || v.perDay > 12) return null
  if (!str(v.from) || !str(v.to) || !CLOCK.test(v.from) || !CLOCK.test(v.to) || v.from >= v.to) return null
  return { on: v.on, perDay: v.perDay, from: v.from, to: v.to, at: v.at }
}

const zones = new Map<string, boolean>()
function knownZone(z: string): boolean {
  let ok = zones.get(z)
  if (ok === undefined) {
    ok = isValidTimeZone(z)
    if (zones.size < 1000) zones.set(z, ok)
  }
  return ok
}

function asTemplateItem(v: unknown): TemplateItem | null {
  if (!isObj(v) || !str(v.title) || v.title.trim() === '') return null
  if (!EVENT_KINDS.includes(v.kind as EventKind)) return null
  if (!nat(v.offset) || v.offset > 1440 || !nat(v.duration) || v.duration < 1 || v.duration > 1440) return null
  return { offset: v.offset, duration: v.duration, title: v.title, kind: v.kind as EventKind }
}

function asMoved(v: unknown): MovedOccurrence | null {
  if (!isObj(v)) return null
  if (typeof v.start !== 'number' || typeof v.end !== 'number' || !Number.isFinite(v.start) || !Number.isFinite(v.end)) return null
  if (v.end <= v.start || v.end - v.start > 7 * 24 * 3_600_000) return null
  if (typeof v.bookedAt !== 'number' || !Number.isFinite(v.bookedAt)) return null
  if (v.venue !== undefined && v.venue !== null && !(typeof v.venue === 'string' && isEntityIdOfAny(v.venue))) return null
  return v as unknown as MovedOccurrence
}

function asSeries(v: unknown, window?: DateWindow): SeriesData | null {
  if (!isObj(v) || !str(v.title) || v.title.trim() === '' || seriesProblem(v, window) !== null) return null
  if (!EVENT_KINDS.includes(v.kind as EventKind)) return null
  if (v.venue !== null && !(typeof v.venue === 'string' && isEntityIdOfAny(v.venue))) return null
  if (!strArray(v.resources) || !v.resources.every(isEntityIdOfAny)) return null
  if (!optStr(v.description)) return null
  if (!isLocalDateTime(v.start) || typeof v.timezone !== 'string' || !knownZone(v.timezone)) return null
  if (!nat(v.duration) || v.duration < 1 || v.duration > 7 * 24 * 60) return null
  if (!parseRecur(v.rrule)) return null
  if (v.until !== undefined && !isLocalDate(v.until)) return null
  if (!strArray(v.skipped, Infinity) || !v.skipped.every(isLocalDate)) return null
  if (!isObj(v.moved)) return null
  const moved = Object.entries(v.moved)
  if (!moved.every(([d, m]) => isLocalDate(d) && asMoved(m) !== null)) return null
  if (v.template !== undefined && !(Array.isArray(v.template) && v.template.every((t) => asTemplateItem(t) !== null))) return null
  if (typeof v.bookedAt !== 'number' || !Number.isFinite(v.bookedAt)) return null
  return v as unknown as SeriesData
}
