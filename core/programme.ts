/**
 * Building the programme together: who organises a festival, its call for proposals, proposals and
 * their votes, acceptances into the schedule, applications, and who gets in when an event is full.
 *
 * @remarks
 * DESIGN.md, "Radical authorization": every record lives in its author's namespace (`core/doc.ts`),
 * and what it means is derived here from all namespaces, the same on every replica:
 *
 * - **Organisers** of a festival are its creator (`FestivalGenesis.creator`, fixed by the festival's
 *   id) and the authors the creator names (`org:<key>`). A festival started before the creator was
 *   recorded is organised by the hosts of its venues.
 * - **The call** is the latest `cfp` record (by its `at`, then author key) among the organisers';
 *   anyone else's is ignored. It takes proposals while open and before its deadline.
 * - **A proposal** (`p:<id>`) is its proposer's; a **vote** (`vote:<id>`) is one per author and
 *   proposal (a namespace holds one key per proposal), so counts need no tie-breaking. Proposals rank
 *   by votes, then by when they were made, then by id.
 * - **An acceptance** (`acc:<id>`) counts only when its author hosts the venue it names; the
 *   proposal then becomes an event of the view with the proposal's id, organised by the proposer,
 *   approved by the host (`core/view.ts`). **A decline** (`dec:<id>`) counts when an organiser or a
 *   venue host wrote it. Between a valid acceptance and a valid decline, the later (`at`) wins;
 *   among acceptances, the earliest, then the smaller host key.
 * - **Applications** to an event are open when the event's author wrote `ar:<event>`; an applicant's
 *   answer is sealed to the round's reviewers (`core/seal.ts`). A reviewer's `ad:<event>/<applicant>`
 *   counts when the reviewer is one of the round's; any reviewer's `accepted` lets the person in,
 *   else `waitlisted`, else `declined`.
 * - **Capacity**: with a limit (the event's capacity, else its venue's), accepted applicants go
 *   first, then RSVPs in the order of their signed time (`{ r, at }`, the author's clock; an answer
 *   without a time sorts first), then by author key; those past the limit wait in that order.
 */
import type { Namespace } from './doc.ts'
import type {
  AcceptanceData,
  ApplicationData,
  ApplicationDecision,
  ApplicationRoundData,
  AuthorKey,
  CallData,
  EntityId,
  FestivalMeta,
  Instant,
  ProposalData,
  Rsvp,
  VenueView,
} from './types.ts'

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/** The festival's organisers (see the module notes). */
export function organisersOf(meta: FestivalMeta, namespaces: readonly Namespace[]): Set<AuthorKey> {
  const out = new Set<AuthorKey>()
  if (meta.creator) {
    out.add(meta.creator)
    const creator = namespaces.find((ns) => ns.author === meta.creator)
    for (const a of creator?.organisers ?? []) out.add(a)
    return out
  }
  for (const ns of namespaces) for (const v of ns.venues.values()) if (!v.removed) out.add(ns.author)
  return out
}

/** The festival's call for proposals, as the latest organiser's record says. */
export interface CallView extends CallData {
  /** The organiser who wrote it. */
  by: AuthorKey
}

/** The festival's call for proposals, or `null` when no organiser opened one. */
export function callOf(namespaces: readonly Namespace[], organisers: ReadonlySet<AuthorKey>): CallView | null {
  let best: CallView | null = null
  for (const ns of namespaces) {
    const c = ns.call
    if (!c || !organisers.has(ns.author)) continue
    if (!best || c.at > best.at || (c.at === best.at && ns.author > best.by)) best = { ...c, by: ns.author }
  }
  return best
}

/** Whether `call` takes a proposal made at `at` (UTC ms). */
export function callTakes(call: CallData | null, at: Instant): boolean {
  return call !== null && call.open && (call.until === null || at <= call.until)
}

/** Where a proposal stands. */
export type ProposalState = 'open' | 'accepted' | 'declined' | 'withdrawn'

/** A proposal as everybody sees it. */
export interface ProposalView extends ProposalData {
  id: EntityId
  author: AuthorKey
  /** Who votes for it, by author key. */
  votes: AuthorKey[]
  state: ProposalState
  /** Set when accepted: by which host, where and when. */
  acceptance?: AcceptanceData & { by: AuthorKey }
  /** Set when declined: by whom, and why. */
  decline?: { by: AuthorKey; reason?: string; at: Instant }
  /** Made after the call's deadline (or with no call open): listed, but not to be accepted. */
  late: boolean
}

/**
 * Every proposal, ranked: most votes first, then the earlier proposal, then the smaller id.
 *
 * @param venues the view's venues (who hosts what), for which acceptances count
 */
export function proposalsOf(
  namespaces: readonly Namespace[],
  organisers: ReadonlySet<AuthorKey>,
  venues: ReadonlyMap<EntityId, VenueView>,
): ProposalView[] {
  const call = callOf(namespaces, organisers)
  const hosts = new Set<AuthorKey>()
  for (const v of venues.values()) hosts.add(v.host)
  const votes = new Map<EntityId, AuthorKey[]>()
  for (const ns of namespaces) {
    for (const id of ns.votes) {
      const list = votes.get(id)
      if (list) list.push(ns.author)
      else votes.set(id, [ns.author])
    }
  }
  const out: ProposalView[] = []
  for (const ns of namespaces) {
    for (const [id, p] of ns.proposals) {
      const view: ProposalView = { ...p, id, author: ns.author, votes: (votes.get(id) ?? []).sort(cmp), state: p.withdrawn ? 'withdrawn' : 'open', late: call !== null && !callTakes(call, p.at) }
      if (!p.withdrawn) {
        const acceptance = acceptanceOf(namespaces, id, venues)
        const decline = declineOf(namespaces, id, organisers, hosts)
        if (acceptance && (!decline || acceptance.at >= decline.at)) {
          view.state = 'accepted'
          view.acceptance = acceptance
        } else if (decline) {
          view.state = 'declined'
          view.decline = decline
        }
      }
      out.push(view)
    }
  }
  return out.sort((a, b) => b.votes.length - a.votes.length || a.at - b.at || cmp(a.id, b.id))
}

/** The acceptance of proposal `id` that counts: by the host of the venue it names, the earliest. */
export function acceptanceOf(
  namespaces: readonly Namespace[],
  id: EntityId,
  venues: ReadonlyMap<EntityId, VenueView>,
): (AcceptanceData & { by: AuthorKey }) | null {
  let best: (AcceptanceData & { by: AuthorKey }) | null = null
  for (const ns of namespaces) {
    const a = ns.acceptances.get(id)
    if (!a || venues.get(a.venue)?.host !== ns.author) continue
    if (!best || a.at < best.at || (a.at === best.at && ns.author < best.by)) best = { ...a, by: ns.author }
  }
  return best
}

function declineOf(
  namespaces: readonly Namespace[],
  id: EntityId,
  organisers: ReadonlySet<AuthorKey>,
  hosts: ReadonlySet<AuthorKey>,
): { by: AuthorKey; reason?: string; at: Instant } | null {
  let best: { by: AuthorKey; reason?: string; at: Instant } | null = null
  for (const ns of namespaces) {
    const d = ns.declines.get(id)
    if (!d || !(organisers.has(ns.author) || hosts.has(ns.author))) continue
    if (!best || d.at > best.at || (d.at === best.at && ns.author > best.by)) best = { by: ns.author, at: d.at, ...(d.reason ? { reason: d.reason } : {}) }
  }
  return best
}

/**
 * The accepted proposals, as the view turns them into events: for each, the proposal, its proposer
 * and the acceptance that counts (declined and withdrawn ones left out).
 */
export function acceptedProposals(
  namespaces: readonly Namespace[],
  organisers: ReadonlySet<AuthorKey>,
  venues: ReadonlyMap<EntityId, VenueView>,
): Array<{ id: EntityId; author: AuthorKey; proposal: ProposalData; acceptance: AcceptanceData & { by: AuthorKey } }> {
  const hosts = new Set<AuthorKey>()
  for (const v of venues.values()) hosts.add(v.host)
  const out: Array<{ id: EntityId; author: AuthorKey; proposal: ProposalData; acceptance: AcceptanceData & { by: AuthorKey } }> = []
  for (const ns of namespaces) {
    for (const [id, p] of ns.proposals) {
      if (p.withdrawn) continue
      const acceptance = acceptanceOf(namespaces, id, venues)
      if (!acceptance) continue
      const decline = declineOf(namespaces, id, organisers, hosts)
      if (decline && decline.at > acceptance.at) continue
      out.push({ id, author: ns.author, proposal: p, acceptance })
    }
  }
  return out
}

/** An application as its event's reviewers see it (the answer still sealed). */
export interface ApplicationView extends ApplicationData {
  applicant: AuthorKey
  /** What the reviewers decided; `pending` while none did. */
  decision: ApplicationDecision | 'pending'
}

/** The application round of an event that counts: the one its author wrote. */
export function roundOf(namespaces: readonly Namespace[], event: EntityId, eventAuthor: AuthorKey): ApplicationRoundData | null {
  return namespaces.find((ns) => ns.author === eventAuthor)?.rounds.get(event) ?? null
}

/** The applications to `event` under `round`, oldest first, each with the reviewers' decision. */
export function applicationsOf(namespaces: readonly Namespace[], event: EntityId, round: ApplicationRoundData): ApplicationView[] {
  const reviewers = new Set(round.reviewers)
  const decided = new Map<AuthorKey, Set<ApplicationDecision>>()
  for (const ns of namespaces) {
    if (!reviewers.has(ns.author)) continue
    for (const [key, d] of ns.decisions) {
      const slash = key.indexOf('/')
      if (key.slice(0, slash) !== event) continue
      const applicant = key.slice(slash + 1) as AuthorKey
      let set = decided.get(applicant)
      if (!set) decided.set(applicant, (set = new Set()))
      set.add(d)
    }
  }
  const out: ApplicationView[] = []
  for (const ns of namespaces) {
    const a = ns.applications.get(event)
    if (!a || a.withdrawn) continue
    const d = decided.get(ns.author)
    const decision: ApplicationView['decision'] = !d ? 'pending' : d.has('accepted') ? 'accepted' : d.has('waitlisted') ? 'waitlisted' : 'declined'
    out.push({ ...a, applicant: ns.author, decision })
  }
  return out.sort((x, y) => x.at - y.at || cmp(x.applicant, y.applicant))
}

/** Who is going, who may, and who waits, for one event (see the module notes on capacity). */
export function attendance(
  answers: Iterable<[AuthorKey, Rsvp]>,
  at: (author: AuthorKey) => Instant | undefined,
  limit: number | null,
  accepted: readonly AuthorKey[],
  nameOf: (a: AuthorKey) => string,
): { going: AuthorKey[]; maybe: AuthorKey[]; waiting: AuthorKey[] } {
  const wanting: Array<{ author: AuthorKey; at: number }> = []
  const maybe: AuthorKey[] = []
  const admitted = new Set(accepted)
  for (const [author, answer] of answers) {
    if (answer === 'going' && !admitted.has(author)) wanting.push({ author, at: at(author) ?? 0 })
    else if (answer === 'maybe' && !admitted.has(author)) maybe.push(author)
  }
  const going = [...admitted]
  const waiting: AuthorKey[] = []
  wanting.sort((a, b) => a.at - b.at || cmp(a.author, b.author))
  for (const w of wanting) {
    if (limit === null || going.length < limit) going.push(w.author)
    else waiting.push(w.author)
  }
  const byName = (a: AuthorKey, b: AuthorKey) => nameOf(a).localeCompare(nameOf(b)) || (a < b ? -1 : 1)
  return { going: going.sort(byName), maybe: maybe.sort(byName), waiting }
}

/** The people a reviewer let in to each event with an application round, by event id. */
export function acceptedApplicants(namespaces: readonly Namespace[], eventAuthors: ReadonlyMap<EntityId, AuthorKey>): Map<EntityId, AuthorKey[]> {
  const out = new Map<EntityId, AuthorKey[]>()
  for (const ns of namespaces) {
    for (const [event, round] of ns.rounds) {
      if (eventAuthors.get(event) !== ns.author) continue
      const accepted = applicationsOf(namespaces, event, round).filter((a) => a.decision === 'accepted').map((a) => a.applicant)
      if (accepted.length > 0) out.set(event, accepted)
    }
  }
  return out
}
