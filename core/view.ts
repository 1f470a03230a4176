/**
 * The schedule everybody sees: a plain-object view derived from all namespaces.
 *
 * @remarks
 * DESIGN.md, "Conflicts": nothing is lost when two peers book one stage for one hour offline. Both
 * events exist; the view decides deterministically which holds the slot and marks the other
 * `conflicting`. The order of precedence among events claiming a venue (or a resource):
 *
 * 1. an event the venue's host approved;
 * 2. the earlier booking (`bookedAt`, the author's hybrid-logical-clock time of the booking);
 * 3. the smaller event id.
 *
 * Events are granted in that order; an event is granted when, at every instant of its time, fewer
 * events already granted overlap it than the venue's `concurrent` (or the resource's `count`).
 * Resources are granted only to events that hold their venue. The result depends only on the
 * document's content and the {@link Horizon} series are expanded over, so every replica that holds
 * the same operations shows the same schedule for the same horizon.
 *
 * Recurring series (`core/series.ts`) become events here: one per occurrence, or one per template
 * item of each occurrence, with `series` and `occurrence` set. They claim venues and resources like
 * any event, with the series' `bookedAt` (or the move's, for a moved occurrence) as tie-breaker. A
 * skipped occurrence stays in the view as `cancelled`, so that people who said they were going see
 * it was called off. An RSVP to an occurrence id counts for every item of that occurrence.
 */
import { shortKey } from './ids.ts'
import type { Namespace } from './doc.ts'
import { expandSeries, horizonOf, itemId, MAX_OCCURRENCES } from './series.ts'
import type { Horizon } from './series.ts'
import type {
  AuthorKey,
  Clash,
  EntityId,
  EventData,
  EventEdit,
  EventId,
  EventView,
  FestivalMeta,
  Instant,
  ResourceView,
  Rsvp,
  ScheduleView,
  SeriesData,
  SeriesView,
  VenueView,
} from './types.ts'
import { EDITABLE_FIELDS } from './types.ts'
import { acceptedApplicants, acceptedProposals, attendance, organisersOf } from './programme.ts'

/**
 * Derives the schedule view. Pure.
 *
 * @param horizon the local dates series are expanded over; by default the one of the festival's
 *   creation time ({@link horizonOf}). `Festival.view` passes the one of its clock.
 */
export function buildView(festival: FestivalMeta, namespaces: readonly Namespace[], horizon: Horizon = horizonOf(festival, festival.createdAt)): ScheduleView {
  const names = new Map<AuthorKey, string>()
  const venues = new Map<EntityId, VenueView>()
  const resources = new Map<EntityId, ResourceView>()
  for (const ns of namespaces) {
    if (ns.profile) names.set(ns.author, ns.profile.name)
    for (const [id, v] of ns.venues) if (!v.removed) venues.set(id, { ...v, id, host: ns.author })
    for (const [id, r] of ns.resources) if (!r.removed) resources.set(id, { ...r, id, owner: ns.author })
  }
  const nameOf = (a: AuthorKey) => names.get(a) ?? shortKey(a)

  const events = new Map<EventId, EventView>()
  for (const ns of namespaces) {
    for (const [id, e] of ns.events) {
      events.set(id, eventViewOf(e, id, ns.author, nameOf, venues, resources))
    }
  }

  applyEdits(namespaces, events, venues)

  // Accepted proposals: events of their proposers, at the accepting host's venue, approved by them.
  const organisers = organisersOf(festival, namespaces)
  for (const { id, author, proposal: p, acceptance: a } of acceptedProposals(namespaces, organisers, venues)) {
    if (events.has(id)) continue
    const data: EventData = {
      title: p.title,
      kind: p.kind,
      start: a.start,
      end: a.end,
      venue: a.venue,
      resources: [],
      organizers: [],
      tags: [],
      state: 'scheduled',
      bookedAt: a.at,
    }
    if (p.pitch) data.description = p.pitch
    if (p.language) data.language = p.language
    events.set(id, { ...eventViewOf(data, id, author, nameOf, venues, resources), acceptedBy: a.by })
  }

  const series = expandAllSeries(namespaces, horizon, venues, resources, nameOf, events)
  /** Events of each occurrence by occurrence id: RSVPs and approvals of an occurrence reach all its items. */
  const byOccurrence = new Map<EntityId, EventView[]>()
  for (const ev of events.values()) {
    if (!ev.occurrence) continue
    const list = byOccurrence.get(ev.occurrence.id) ?? []
    list.push(ev)
    byOccurrence.set(ev.occurrence.id, list)
  }

  // RSVPs by what they answer (an event or an occurrence), then who goes, who may, who waits.
  const answers = new Map<EntityId, Array<[AuthorKey, Rsvp]>>()
  const answeredAt = new Map<string, Instant>()
  for (const ns of namespaces) {
    for (const [eventId, answer] of ns.rsvps) {
      let list = answers.get(eventId)
      if (!list) answers.set(eventId, (list = []))
      list.push([ns.author, answer])
      const at = ns.rsvpAt.get(eventId)
      if (at !== undefined) answeredAt.set(`${eventId}/${ns.author}`, at)
    }
  }
  const eventAuthors = new Map<EntityId, AuthorKey>()
  for (const ev of events.values()) if (!ev.occurrence) eventAuthors.set(ev.id, ev.author)
  const admitted = acceptedApplicants(namespaces, eventAuthors)
  for (const ev of events.values()) {
    const target = ev.occurrence ? ev.occurrence.id : ev.id
    const list = answers.get(target)
    const accepted = admitted.get(ev.id) ?? []
    if (!list && accepted.length === 0) continue
    const a = attendance(list ?? [], (who) => answeredAt.get(`${target}/${who}`), ev.limit, accepted, nameOf)
    ev.going = a.going
    ev.maybe = a.maybe
    ev.waiting = a.waiting
  }
  // Only the venue's host can approve or refuse a booking of that venue.
  const approvalsByHost = new Map<AuthorKey, Namespace['approvals']>()
  for (const ns of namespaces) approvalsByHost.set(ns.author, ns.approvals)
  for (const ev of events.values()) {
    const venue = ev.venue ? venues.get(ev.venue) : undefined
    const hostApprovals = venue ? approvalsByHost.get(venue.host) : undefined
    const approval = ev.occurrence
      ? (hostApprovals?.get(ev.occurrence.id) ?? hostApprovals?.get(ev.occurrence.series))
      : hostApprovals?.get(ev.id)
    if (approval) ev.approval = approval
    else if (ev.acceptedBy) ev.approval = 'approved'
  }

  resolveConflicts(events, venues, resources)

  const sorted = [...events.values()].sort(compareEvents)
  return {
    festival,
    venues: [...venues.values()].sort((a, b) => a.name.localeCompare(b.name) || cmp(a.id, b.id)),
    resources: [...resources.values()].sort((a, b) => a.name.localeCompare(b.name) || cmp(a.id, b.id)),
    events: sorted,
    series,
    horizon,
    names,
  }
}

/**
 * An event as the view shows it before conflicts, RSVPs and approvals: its venue and resources as far
 * as they exist (a removed one is dropped), the author's display name, `confirmed` and no clashes.
 */
export function eventViewOf(
  e: EventData,
  id: EventId,
  author: AuthorKey,
  nameOf: (a: AuthorKey) => string,
  venues: ReadonlyMap<EntityId, VenueView>,
  resources: ReadonlyMap<EntityId, ResourceView>,
): EventView {
  const venue = e.venue ? venues.get(e.venue) : undefined
  const res = e.resources.map((r) => resources.get(r)).filter((r): r is ResourceView => r !== undefined)
  return {
    ...e,
    venue: venue ? venue.id : null,
    resources: res.map((r) => r.id),
    id,
    author,
    authorName: nameOf(author),
    venueName: venue?.name ?? null,
    resourceNames: res.map((r) => r.name),
    status: 'confirmed',
    clashes: [],
    going: [],
    maybe: [],
    waiting: [],
    limit: e.capacity ?? venue?.capacity ?? null,
  }
}

/**
 * Co-organisers' edits (`ed:<event>` in their own namespaces): for each event, the latest of the
 * author's record (`editedAt`, else `bookedAt`) and the edits of the people the author lists in
 * `coOrganizers` is shown; a tie keeps the author's, then the smaller key. Edits by anyone else, of
 * occurrences, or naming a venue that does not exist are ignored.
 */
function applyEdits(namespaces: readonly Namespace[], events: Map<EventId, EventView>, venues: Map<EntityId, VenueView>): void {
  const best = new Map<EventId, { author: AuthorKey; edit: EventEdit }>()
  for (const ns of namespaces) {
    for (const [id, edit] of ns.edits) {
      const ev = events.get(id)
      if (!ev || !ev.coOrganizers?.includes(ns.author)) continue
      if (edit.venue !== null && !venues.has(edit.venue)) continue
      const own = ev.editedAt ?? ev.bookedAt
      if (edit.at <= own) continue
      const prev = best.get(id)
      if (!prev || edit.at > prev.edit.at || (edit.at === prev.edit.at && ns.author < prev.author)) best.set(id, { author: ns.author, edit })
    }
  }
  for (const [id, { author, edit }] of best) {
    const ev = events.get(id)!
    for (const field of EDITABLE_FIELDS) {
      if (edit[field] === undefined) delete (ev as unknown as Record<string, unknown>)[field]
      else (ev as unknown as Record<string, unknown>)[field] = edit[field]
    }
    ev.venueName = edit.venue ? venues.get(edit.venue)!.name : null
    ev.editedBy = author
  }
}

/**
 * Expands every author's series into events (added to `events`) and returns the series as seen.
 * Every series gets an equal share of {@link MAX_OCCURRENCES} events (an occurrence with a
 * programme of n items costs n), so that one author's many or daily series cannot push another's
 * out of the schedule; a series over its share keeps the occurrences from the horizon's anchor on.
 */
function expandAllSeries(
  namespaces: readonly Namespace[],
  horizon: Horizon,
  venues: Map<EntityId, VenueView>,
  resources: Map<EntityId, ResourceView>,
  nameOf: (a: AuthorKey) => string,
  events: Map<EventId, EventView>,
): SeriesView[] {
  const all: { id: EntityId; author: AuthorKey; s: SeriesData }[] = []
  for (const ns of namespaces) for (const [id, s] of ns.series) all.push({ id, author: ns.author, s })
  all.sort((a, b) => cmp(a.id, b.id))
  const out: SeriesView[] = []
  const share = Math.max(1, Math.floor(MAX_OCCURRENCES / Math.max(1, all.length)))
  for (const { id, author, s } of all) {
    const venueOf = (v: EntityId | null) => (v ? venues.get(v) : undefined)
    const res = s.resources.map((r) => resources.get(r)).filter((r): r is ResourceView => r !== undefined)
    out.push({ ...s, id, author, authorName: nameOf(author), venueName: venueOf(s.venue)?.name ?? null })
    let occurrences = expandSeries(id, s, horizon)
    const allowed = Math.max(1, Math.floor(share / Math.max(1, s.template?.length ?? 0)))
    if (occurrences.length > allowed) {
      const anchor = horizon.anchor ?? horizon.from
      const first = occurrences.findIndex((o) => o.date >= anchor)
      const from = first < 0 ? occurrences.length - allowed : Math.min(first, occurrences.length - allowed)
      occurrences = occurrences.slice(from, from + allowed)
    }
    for (const occ of occurrences) {
      const venue = venueOf(occ.venue)
      const venueLimit = venue?.capacity ?? null
      const base = {
        title: s.title,
        kind: s.kind,
        venue: venue ? venue.id : null,
        resources: res.map((r) => r.id),
        organizers: [],
        tags: [],
        series: id,
        state: occ.skipped ? ('cancelled' as const) : ('scheduled' as const),
        bookedAt: occ.bookedAt,
        author,
        authorName: nameOf(author),
        venueName: venue?.name ?? null,
        resourceNames: res.map((r) => r.name),
        status: 'confirmed' as const,
      }
      const extra = s.description !== undefined ? { description: s.description } : {}
      const ref = { series: id, id: occ.id, date: occ.date, moved: occ.moved }
      const template = s.template ?? []
      if (template.length === 0) {
        events.set(occ.id, { ...base, ...extra, id: occ.id, start: occ.start, end: occ.end, clashes: [], going: [], maybe: [], waiting: [], limit: venueLimit, occurrence: ref })
        continue
      }
      template.forEach((item, i) => {
        const { start, end } = occ.items[i]!
        const eid = itemId(id, occ.date, i + 1)
        events.set(eid, {
          ...base,
          ...extra,
          title: `${s.title}: ${item.title}`,
          kind: item.kind,
          id: eid,
          start,
          end,
          clashes: [],
          going: [],
          maybe: [],
          waiting: [],
          limit: venueLimit,
          occurrence: { ...ref, item: i + 1 },
        })
      })
    }
  }
  return out.sort((a, b) => a.title.localeCompare(b.title) || cmp(a.id, b.id))
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/** Programme order: by start (unscheduled last), then title, then id. */
export function compareEvents(a: EventView, b: EventView): number {
  if (a.start !== b.start) {
    if (a.start === null) return 1
    if (b.start === null) return -1
    return a.start - b.start
  }
  return a.title.localeCompare(b.title) || cmp(a.id, b.id)
}

/** Precedence among claimants of one slot (see the module remarks). */
function precedence(a: EventView, b: EventView): number {
  const ap = a.approval === 'approved' ? 0 : 1
  const bp = b.approval === 'approved' ? 0 : 1
  return ap - bp || a.bookedAt - b.bookedAt || cmp(a.id, b.id)
}

function resolveConflicts(
  events: Map<EventId, EventView>,
  venues: Map<EntityId, VenueView>,
  resources: Map<EntityId, ResourceView>,
): void {
  const byVenue = new Map<EntityId, EventView[]>()
  for (const ev of events.values()) {
    if (ev.state === 'cancelled') {
      ev.status = 'cancelled'
      continue
    }
    if (ev.start === null || ev.end === null) {
      ev.status = 'unscheduled'
      continue
    }
    const venue = ev.venue ? venues.get(ev.venue) : undefined
    if (venue && venue.policy === 'approval' && ev.approval !== 'approved') {
      ev.status = 'tentative' // pending or refused: it does not hold the slot
      continue
    }
    if (venue) {
      const list = byVenue.get(venue.id) ?? []
      list.push(ev)
      byVenue.set(venue.id, list)
    }
  }
  for (const [venueId, claimants] of byVenue) {
    const venue = venues.get(venueId)!
    grant(claimants, venue.concurrent, (ev, holders) => {
      ev.status = 'conflicting'
      ev.clashes.push({ on: 'venue', id: venueId, holders })
    })
  }
  const byResource = new Map<EntityId, EventView[]>()
  for (const ev of events.values()) {
    if (ev.status !== 'confirmed') continue
    for (const r of ev.resources) {
      const list = byResource.get(r) ?? []
      list.push(ev)
      byResource.set(r, list)
    }
  }
  // By resource id, so that an event losing two resources lists its clashes in one order everywhere.
  for (const [resourceId, claimants] of [...byResource].sort((a, b) => cmp(a[0], b[0]))) {
    const resource = resources.get(resourceId)!
    grant(claimants, resource.count, (ev, holders) => {
      ev.status = 'conflicting'
      ev.clashes.push({ on: 'resource', id: resourceId, holders })
    })
  }
}

/**
 * Grants a slot to claimants in precedence order, at most `capacity` at any instant
 * (`null` = unlimited); calls `lose` for each one that does not fit, with the holders it overlaps.
 */
export function grant(
  claimants: EventView[],
  capacity: number | null,
  lose: (ev: EventView, holders: EventId[]) => void,
): void {
  if (capacity === null) return
  // Holders so far, sorted by start, with the longest length among them: the ones overlapping
  // [start, end) start in (start − longest, end), found by binary search instead of a scan.
  const granted: { ev: EventView; order: number }[] = []
  let longest = 0
  let order = 0
  const firstStartingAtOrAfter = (t: number) => lowerBound(granted, (g) => g.ev.start! < t)
  for (const ev of [...claimants].sort(precedence)) {
    const start = ev.start!
    const end = ev.end!
    const found: { ev: EventView; order: number }[] = []
    for (let i = firstStartingAtOrAfter(start - longest + 1), n = granted.length; i < n && granted[i]!.ev.start! < end; i++) {
      const g = granted[i]!
      // The items of one occurrence of a series (its programme) share its booking: they never clash with each other.
      if (g.ev.end! > start && !sameOccurrence(g.ev, ev)) found.push(g)
    }
    // In the order they were granted, as the holders of a clash are listed.
    found.sort((a, b) => a.order - b.order)
    const overlapping = found.map((g) => g.ev)
    if (maxOverlap(overlapping, start, end) < capacity) {
      granted.splice(firstStartingAtOrAfter(start), 0, { ev, order: order++ })
      longest = Math.max(longest, end - start)
    } else lose(ev, overlapping.map((g) => g.id))
  }
}

/**
 * The id index of the views a {@link LiveView} keeps (`core/live-view.ts`), while each is the current
 * one: set when it hands a view out, dropped before it updates that view's successor in place.
 */
export const eventsById = new WeakMap<ScheduleView, ReadonlyMap<EventId, EventView>>()

/**
 * The event (or occurrence) of `view` with `id`: a map lookup for the current view of a festival,
 * else a pass over `view.events`.
 */
export function eventIn(view: ScheduleView, id: string): EventView | undefined {
  const byId = eventsById.get(view)
  if (byId) return byId.get(id as EventId)
  return view.events.find((e) => e.id === id)
}

/**
 * The first index of `items` whose item is not `before` (binary search): `items` must be ordered so
 * that every item `before` holds for comes first (for instance by start, and `before` is "starts
 * before t"). `items.length` when it holds for all.
 */
export function lowerBound<T>(items: readonly T[], before: (item: T) => boolean): number {
  let lo = 0
  let hi = items.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (before(items[mid]!)) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** The first index of `events` (in {@link compareEvents} order) whose event does not sort before `ev`. */
export function positionOf(events: readonly EventView[], ev: EventView): number {
  return lowerBound(events, (e) => compareEvents(e, ev) < 0)
}

/** Puts `ev` into `events` (in {@link compareEvents} order) where it sorts. */
export function insertSorted(events: EventView[], ev: EventView): void {
  events.splice(positionOf(events, ev), 0, ev)
}

/**
 * Takes the object `ev` out of `events` (in {@link compareEvents} order), found by binary search (by a
 * pass where it is not where its order says: cannot happen, kept safe); nothing when absent.
 */
export function removeSorted(events: EventView[], ev: EventView): void {
  const at = positionOf(events, ev)
  const i = events[at] === ev ? at : events.indexOf(ev)
  if (i >= 0) events.splice(i, 1)
}

function sameOccurrence(a: EventView, b: EventView): boolean {
  return a.occurrence !== undefined && a.occurrence.id === b.occurrence?.id
}

/** The largest number of `intervals` running at one instant within [start, end). */
function maxOverlap(intervals: EventView[], start: number, end: number): number {
  if (intervals.length <= 1) return intervals.length
  const points: Array<[number, number]> = []
  for (const i of intervals) {
    points.push([Math.max(i.start!, start), 1], [Math.min(i.end!, end), -1])
  }
  points.sort((a, b) => a[0] - b[0] || a[1] - b[1]) // ends before starts at the same instant
  let running = 0
  let max = 0
  for (const [, delta] of points) {
    running += delta
    if (running > max) max = running
  }
  return max
}

/** The clashes of an event as text-ready facts: what it lost to. */
export function clashHolders(view: ScheduleView, ev: EventView): EventView[] {
  const ids = new Set(ev.clashes.flatMap((c: Clash) => c.holders))
  return view.events.filter((e) => ids.has(e.id))
}
