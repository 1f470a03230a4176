/**
 * The schedule view kept current change by change: the same view as {@link buildView}, at a cost
 * that grows with the change, not with the festival.
 *
 * @remarks
 * A change to one author's events, RSVPs or display name (what chat writes nearly always: an add,
 * a move, a rename, a cancel, "I'm going", a newcomer's first message with their name) updates only
 * the events it touched, the slots of the venues and resources they occupy or left, the events whose
 * RSVPs changed, and, for a new name, that author's events and the RSVP lists they are in; every
 * other event object is shared with the previous view, and the programme order is kept by a merge.
 * A newcomer is a change from an empty namespace. Anything else — a venue, a resource, a series (or
 * a new name of someone holding one), an approval, a co-organiser's edit, a new horizon — rebuilds
 * the view whole with {@link buildView}. A seeded random test
 * (`test/core/live-view.test.ts`) checks after every step that the result equals a full rebuild.
 */
import { emptyNamespace, type Namespace } from './doc.ts'
import { acceptedApplicants, attendance } from './programme.ts'
import { shortKey } from './ids.ts'
import type { Horizon } from './series.ts'
import type { AuthorKey, Clash, EntityId, EventData, EventId, EventStatus, EventView, FestivalMeta, Instant, ResourceView, Rsvp, ScheduleView, VenueView } from './types.ts'
import { buildView, eventsById, eventViewOf, grant, insertSorted, removeSorted } from './view.ts'
import { DeltaLog } from './deltas.ts'

/** What an event is after the venue phase: its status there, and the clash when it lost the venue. */
interface Phase {
  status: EventStatus
  clash?: Clash
}

/** What a view was built from, with the indexes an update needs. */
interface State {
  view: ScheduleView
  /** The horizon the view was built over (its `anchor` too, which the view does not carry). */
  horizon: Horizon
  namespaces: Map<AuthorKey, Namespace>
  byId: Map<EventId, EventView>
  venues: Map<EntityId, VenueView>
  resources: Map<EntityId, ResourceView>
  /** Events by the venue they book (any status). */
  byVenue: Map<EntityId, Set<EventId>>
  /** Events by the resources they book (any status). */
  byResource: Map<EntityId, Set<EventId>>
  phase: Map<EventId, Phase>
  /** Per resource, the events that lost it and the holders they overlap. */
  lost: Map<EntityId, Map<EventId, EventId[]>>
  /** RSVPs by what they answer (an event id or an occurrence id), then by author. */
  rsvps: Map<string, Map<AuthorKey, Rsvp>>
  /** When an RSVP was given, by `<target>/<author>`, where its record says. */
  rsvpAt: Map<string, Instant>
  /** Accepted applicants by event id (`core/programme.ts`): they are going whatever the capacity. */
  admitted: Map<EntityId, AuthorKey[]>
  /** Events of each occurrence of a series, by occurrence id. */
  byOccurrence: Map<string, EventId[]>
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
const same = (a: unknown, b: unknown) => a === b || JSON.stringify(a) === JSON.stringify(b)

function samePhase(a: Phase, b: Phase | undefined): boolean {
  if (a === b) return true
  if (!b || a.status !== b.status) return false
  const x = a.clash
  const y = b.clash
  if (x === y) return true
  if (!x || !y || x.on !== y.on || x.id !== y.id || x.holders.length !== y.holders.length) return false
  return x.holders.every((h, i) => h === y.holders[i])
}

function sameMap<V>(a: Map<string, V>, b: Map<string, V>): boolean {
  if (a.size !== b.size) return false
  for (const [k, v] of a) if (!b.has(k) || !same(v, b.get(k))) return false
  return true
}

function add<K, V>(index: Map<K, Set<V>>, key: K, value: V): void {
  let set = index.get(key)
  if (!set) index.set(key, (set = new Set()))
  set.add(value)
}

/** The schedule view of one festival, kept across changes. */
export class LiveView {
  #state: State | null = null
  /** How many views were rebuilt whole, and how many updated: for tests and benchmarks. */
  readonly counts = { rebuilt: 0, updated: 0 }
  /** How each view's `events` follows the last one's (`core/deltas.ts`): what derives from a view follows them. */
  readonly changes = new DeltaLog<EventView>()

  /**
   * The view of `namespaces` (every author's, in {@link authorsOf} order) over `horizon`.
   *
   * @param changed the authors whose namespace changed since the last call, or `'all'` when
   *   something else in the document did (then the view is rebuilt whole)
   */
  view(meta: FestivalMeta, namespaces: readonly Namespace[], horizon: Horizon, changed: ReadonlySet<AuthorKey> | 'all'): ScheduleView {
    const prev = this.#state
    // The update below changes the id index in place: the last view no longer answers by it.
    if (prev) eventsById.delete(prev.view)
    if (
      prev === null ||
      changed === 'all' ||
      prev.view.festival !== meta ||
      prev.view.horizon.from !== horizon.from ||
      prev.view.horizon.to !== horizon.to ||
      prev.horizon.anchor !== horizon.anchor ||
      !this.#update(prev, namespaces, changed)
    ) {
      this.#state = stateOf(buildView(meta, namespaces, horizon), namespaces, horizon)
      this.changes.whole(this.#state.view.events)
      this.counts.rebuilt++
    } else this.counts.updated++
    eventsById.set(this.#state!.view, this.#state!.byId)
    return this.#state!.view
  }

  /** Updates `state` in place for the authors in `changed`; `false` (state untouched) when it cannot. */
  #update(state: State, namespaces: readonly Namespace[], changed: ReadonlySet<AuthorKey>): boolean {
    const byAuthor = new Map(namespaces.map((ns) => [ns.author, ns]))
    const events = new Map<EventId, EventData | null>()
    const answers: { target: string; author: AuthorKey; value: Rsvp | null }[] = []
    /** Authors whose display name changed: their events and the RSVP lists they are in are re-derived. */
    const renamed: AuthorKey[] = []
    let newcomers = 0
    for (const author of changed) {
      // A newcomer's first change (a first RSVP, a first booking) is a change from an empty namespace.
      const before = state.namespaces.get(author) ?? (newcomers++, emptyNamespace(author))
      const after = byAuthor.get(author)
      if (!after) return false
      if (!same(before.profile, after.profile)) {
        // Series occurrences carry their author's name: those are left to the full build.
        if (before.series.size > 0 || after.series.size > 0) return false
        renamed.push(author)
      }
      // Proposals, acceptances and applications decide which events exist and who goes: left to the full build.
      if (programmeChanged(before, after) || (renamedNow(before, after) && (before.proposals.size > 0 || after.proposals.size > 0))) return false
      if (
        !sameMap(before.venues, after.venues) ||
        !sameMap(before.resources, after.resources) ||
        !sameMap(before.series, after.series) ||
        !sameMap(before.approvals, after.approvals) ||
        !sameMap(before.edits, after.edits)
      ) {
        return false
      }
      for (const [id, e] of after.events) if (!same(e, before.events.get(id))) events.set(id, e)
      for (const id of before.events.keys()) if (!after.events.has(id)) events.set(id, null)
      for (const [target, value] of after.rsvps) {
        if (before.rsvps.get(target) !== value || before.rsvpAt.get(target) !== after.rsvpAt.get(target)) answers.push({ target, author, value })
      }
      for (const target of before.rsvps.keys()) if (!after.rsvps.has(target)) answers.push({ target, author, value: null })
    }
    // Every namespace is either kept or one of the changed ones.
    if (namespaces.length !== state.namespaces.size + newcomers) return false
    for (const author of renamed) for (const [id, e] of byAuthor.get(author)!.events) if (!events.has(id)) events.set(id, e)
    // A co-organiser's edit decides what such an event shows: left to the full build.
    for (const [id, e] of events) {
      if (e?.coOrganizers?.length || state.byId.get(id)?.coOrganizers?.length) return false
      // An event record over an accepted proposal's id (the proposer took it over, or gave it back).
      if (state.byId.get(id)?.acceptedBy) return false
      for (const ns of namespaces) if (ns.edits.has(id) || ns.proposals.has(id)) return false
    }
    for (const author of changed) state.namespaces.set(author, byAuthor.get(author)!)
    if (renamed.length > 0) {
      // A new map: views handed out earlier keep the names they were built with.
      const names = new Map(state.view.names)
      for (const author of renamed) {
        const profile = byAuthor.get(author)!.profile
        if (profile) names.set(author, profile.name)
        else names.delete(author)
      }
      state.view = { ...state.view, names }
    }
    if (events.size === 0 && answers.length === 0 && renamed.length === 0) return true

    const { byId, venues, resources } = state
    const names = state.view.names
    const nameOf = (a: AuthorKey) => names.get(a) ?? shortKey(a)
    const replaced = new Set<EventId>()
    /** The objects the previous view's programme holds for the replaced events. */
    const shown: EventView[] = []
    const touchedVenues = new Set<EntityId>()
    const touchedResources = new Set<EntityId>()
    const recompute = new Set<EventId>()
    const approvalsOf = (host: AuthorKey) => state.namespaces.get(host)?.approvals

    for (const [id, data] of events) {
      const old = byId.get(id)
      if (old) {
        if (!replaced.has(id)) shown.push(old)
        replaced.add(id)
        byId.delete(id)
        state.phase.delete(id)
        if (old.venue) {
          state.byVenue.get(old.venue)?.delete(id)
          touchedVenues.add(old.venue)
        }
        for (const r of old.resources) {
          state.byResource.get(r)?.delete(id)
          touchedResources.add(r)
          state.lost.get(r)?.delete(id)
        }
      }
      if (!data) continue
      const author = authorOfEvent(namespaces, changed, id)!
      const ev = eventViewOf(data, id, author, nameOf, venues, resources)
      const venue = ev.venue ? venues.get(ev.venue) : undefined
      const approval = venue ? approvalsOf(venue.host)?.get(id) : undefined
      if (approval) ev.approval = approval
      byId.set(id, ev)
      replaced.add(id)
      recompute.add(id)
      if (ev.venue) {
        add(state.byVenue, ev.venue, id)
        touchedVenues.add(ev.venue)
      } else state.phase.set(id, phaseAlone(ev, undefined))
      for (const r of ev.resources) {
        add(state.byResource, r, id)
        touchedResources.add(r)
      }
    }

    for (const { target, author, value } of answers) {
      let byAuthorAnswer = state.rsvps.get(target)
      const at = byAuthor.get(author)!.rsvpAt.get(target as EntityId)
      if (at === undefined || value === null) state.rsvpAt.delete(`${target}/${author}`)
      else state.rsvpAt.set(`${target}/${author}`, at)
      if (value === null) byAuthorAnswer?.delete(author)
      else {
        if (!byAuthorAnswer) state.rsvps.set(target, (byAuthorAnswer = new Map()))
        byAuthorAnswer.set(author, value)
      }
      const targets = state.byOccurrence.get(target) ?? (byId.has(target as EventId) && !byId.get(target as EventId)!.occurrence ? [target as EventId] : [])
      for (const t of targets) recompute.add(t)
    }
    // The going and maybe lists are in name order: those a renamed person is in, re-sorted.
    if (renamed.length > 0) {
      for (const [target, byAuthorAnswer] of state.rsvps) {
        if (!renamed.some((a) => byAuthorAnswer.has(a))) continue
        const targets = state.byOccurrence.get(target) ?? (byId.has(target as EventId) && !byId.get(target as EventId)!.occurrence ? [target as EventId] : [])
        for (const t of targets) recompute.add(t)
      }
    }

    // The venue phase of every touched venue, whole: who holds it, who lost it. A venue without a
    // limit (a zone, `concurrent` null) or not in the view makes nobody lose: only the changed events' phases change.
    for (const venueId of touchedVenues) {
      const venue = venues.get(venueId)
      const unlimited = !venue || venue.concurrent === null
      const ids = unlimited ? [...events.keys()].filter((id) => byId.get(id)?.venue === venueId) : [...(state.byVenue.get(venueId) ?? [])]
      const claimants: EventView[] = []
      const next = new Map<EventId, Phase>()
      for (const id of ids) {
        const ev = byId.get(id)!
        const alone = phaseAlone(ev, venue)
        next.set(id, alone)
        if (alone.status === 'confirmed' && venue) claimants.push(ev)
      }
      if (venue) {
        grant(claimants, venue.concurrent, (ev, holders) => {
          next.set(ev.id, { status: 'conflicting', clash: { on: 'venue', id: venueId, holders } })
        })
      }
      for (const [id, phase] of next) {
        if (!samePhase(phase, state.phase.get(id))) {
          state.phase.set(id, phase)
          recompute.add(id)
          for (const r of byId.get(id)!.resources) touchedResources.add(r)
        }
      }
    }

    // The resource phase of every touched resource, whole.
    for (const resourceId of touchedResources) {
      const resource = resources.get(resourceId)
      const claimants = [...(state.byResource.get(resourceId) ?? [])].map((id) => byId.get(id)!).filter((ev) => state.phase.get(ev.id)?.status === 'confirmed')
      const losers = new Map<EventId, EventId[]>()
      if (resource) grant(claimants, resource.count, (ev, holders) => losers.set(ev.id, holders))
      const before = state.lost.get(resourceId) ?? new Map<EventId, EventId[]>()
      for (const id of new Set([...before.keys(), ...losers.keys()])) if (!same(before.get(id), losers.get(id))) recompute.add(id)
      state.lost.set(resourceId, losers)
    }

    // New objects for the events whose status, clashes or RSVPs changed; the rest are shared.
    const fresh: EventView[] = []
    for (const id of recompute) {
      const ev = byId.get(id)
      if (!ev) continue
      const phase = state.phase.get(id)!
      let status = phase.status
      const clashes: Clash[] = phase.clash ? [phase.clash] : []
      if (status === 'confirmed') {
        for (const r of [...ev.resources].sort(cmp)) {
          const holders = state.lost.get(r)?.get(id)
          if (holders) {
            status = 'conflicting'
            clashes.push({ on: 'resource', id: r, holders })
          }
        }
      }
      const target = ev.occurrence ? ev.occurrence.id : id
      const { going, maybe, waiting } = attendance(state.rsvps.get(target) ?? [], (who) => state.rsvpAt.get(`${target}/${who}`), ev.limit, state.admitted.get(id) ?? [], nameOf)
      if (!replaced.has(id) && ev.status === status && same(ev.clashes, clashes) && same(ev.going, going) && same(ev.maybe, maybe) && same(ev.waiting, waiting)) continue
      const next: EventView = { ...ev, status, clashes, going, maybe, waiting }
      if (!replaced.has(id)) shown.push(ev)
      byId.set(id, next)
      replaced.add(id)
      fresh.push(next)
    }
    for (const id of replaced) {
      const ev = byId.get(id)
      if (ev && !fresh.includes(ev)) fresh.push(ev)
    }

    // The programme order: a copy of the previous one, the replaced objects taken out and the fresh
    // ones put in where they sort (binary search: a copy and a few moves, not a pass in JavaScript).
    const programme = state.view.events.slice()
    for (const old of shown) removeSorted(programme, old)
    for (const ev of fresh) insertSorted(programme, ev)
    state.view = { ...state.view, events: programme }
    this.changes.next(programme, { removed: shown, added: fresh })
    return true
  }
}

/** Whether an author's proposals, acceptances, declines, application rounds, applications, decisions or named organisers changed. */
function programmeChanged(before: Namespace, after: Namespace): boolean {
  const sameSet = (a: ReadonlySet<string>, b: ReadonlySet<string>) => a.size === b.size && [...a].every((x) => b.has(x))
  return (
    !sameMap(before.proposals, after.proposals) ||
    !sameMap(before.acceptances, after.acceptances) ||
    !sameMap(before.declines, after.declines) ||
    !sameMap(before.rounds, after.rounds) ||
    !sameMap(before.applications, after.applications) ||
    !sameMap(before.decisions, after.decisions) ||
    !sameSet(before.organisers, after.organisers)
  )
}

function renamedNow(before: Namespace, after: Namespace): boolean {
  return !same(before.profile, after.profile)
}

/** The author whose namespace holds event `id` among the changed ones. */
function authorOfEvent(namespaces: readonly Namespace[], changed: ReadonlySet<AuthorKey>, id: EventId): AuthorKey | undefined {
  for (const ns of namespaces) if (changed.has(ns.author) && ns.events.has(id)) return ns.author
  return undefined
}

/** An event's venue phase before anyone else is considered (as in `resolveConflicts`). */
function phaseAlone(ev: EventView, venue: VenueView | undefined): Phase {
  if (ev.state === 'cancelled') return { status: 'cancelled' }
  if (ev.start === null || ev.end === null) return { status: 'unscheduled' }
  if (venue && venue.policy === 'approval' && ev.approval !== 'approved') return { status: 'tentative' }
  return { status: 'confirmed' }
}

/** The indexes of a view built whole. */
function stateOf(view: ScheduleView, namespaces: readonly Namespace[], horizon: Horizon): State {
  const state: State = {
    view,
    horizon,
    namespaces: new Map(namespaces.map((ns) => [ns.author, ns])),
    byId: new Map(),
    venues: new Map(view.venues.map((v) => [v.id, v])),
    resources: new Map(view.resources.map((r) => [r.id, r])),
    byVenue: new Map(),
    byResource: new Map(),
    phase: new Map(),
    lost: new Map(),
    rsvps: new Map(),
    rsvpAt: new Map(),
    admitted: new Map(),
    byOccurrence: new Map(),
  }
  for (const ev of view.events) {
    state.byId.set(ev.id, ev)
    if (ev.venue) add(state.byVenue, ev.venue, ev.id)
    for (const r of ev.resources) add(state.byResource, r, ev.id)
    const venueClash = ev.clashes.find((c) => c.on === 'venue')
    state.phase.set(
      ev.id,
      venueClash
        ? { status: 'conflicting', clash: venueClash }
        : { status: ev.status === 'conflicting' ? 'confirmed' : ev.status },
    )
    for (const c of ev.clashes) {
      if (c.on !== 'resource') continue
      let losers = state.lost.get(c.id)
      if (!losers) state.lost.set(c.id, (losers = new Map()))
      losers.set(ev.id, c.holders)
    }
    if (ev.occurrence) {
      const list = state.byOccurrence.get(ev.occurrence.id) ?? []
      list.push(ev.id)
      state.byOccurrence.set(ev.occurrence.id, list)
    }
  }
  for (const ns of namespaces) {
    for (const [target, answer] of ns.rsvps) {
      let byAuthor = state.rsvps.get(target)
      if (!byAuthor) state.rsvps.set(target, (byAuthor = new Map()))
      byAuthor.set(ns.author, answer)
      const at = ns.rsvpAt.get(target)
      if (at !== undefined) state.rsvpAt.set(`${target}/${ns.author}`, at)
    }
  }
  const eventAuthors = new Map<EntityId, AuthorKey>()
  for (const ev of view.events) if (!ev.occurrence) eventAuthors.set(ev.id, ev.author)
  state.admitted = acceptedApplicants(namespaces, eventAuthors)
  return state
}
