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
 * document's content, so every replica that holds the same operations shows the same schedule.
 */
import { shortKey } from './ids.ts'
import type { Namespace } from './doc.ts'
import type {
  AuthorKey,
  Clash,
  EntityId,
  EventId,
  EventView,
  FestivalMeta,
  ResourceView,
  ScheduleView,
  VenueView,
} from './types.ts'

/** Derives the schedule view. Pure. */
export function buildView(festival: FestivalMeta, namespaces: Namespace[]): ScheduleView {
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
      const venue = e.venue ? venues.get(e.venue) : undefined
      const res = e.resources.map((r) => resources.get(r)).filter((r): r is ResourceView => r !== undefined)
      events.set(id, {
        ...e,
        venue: venue ? venue.id : null,
        resources: res.map((r) => r.id),
        id,
        author: ns.author,
        authorName: nameOf(ns.author),
        venueName: venue?.name ?? null,
        resourceNames: res.map((r) => r.name),
        status: 'confirmed',
        clashes: [],
        going: [],
        maybe: [],
      })
    }
  }

  for (const ns of namespaces) {
    for (const [eventId, answer] of ns.rsvps) {
      const ev = events.get(eventId)
      if (!ev) continue
      if (answer === 'going') ev.going.push(ns.author)
      else if (answer === 'maybe') ev.maybe.push(ns.author)
    }
  }
  // Only the venue's host can approve or refuse a booking of that venue.
  const approvalsByHost = new Map<AuthorKey, Namespace['approvals']>()
  for (const ns of namespaces) approvalsByHost.set(ns.author, ns.approvals)
  for (const ev of events.values()) {
    const venue = ev.venue ? venues.get(ev.venue) : undefined
    const approval = venue ? approvalsByHost.get(venue.host)?.get(ev.id) : undefined
    if (approval) ev.approval = approval
    const byName = (a: AuthorKey, b: AuthorKey) => nameOf(a).localeCompare(nameOf(b)) || (a < b ? -1 : 1)
    ev.going.sort(byName)
    ev.maybe.sort(byName)
  }

  resolveConflicts(events, venues, resources)

  const sorted = [...events.values()].sort(compareEvents)
  return {
    festival,
    venues: [...venues.values()].sort((a, b) => a.name.localeCompare(b.name) || cmp(a.id, b.id)),
    resources: [...resources.values()].sort((a, b) => a.name.localeCompare(b.name) || cmp(a.id, b.id)),
    events: sorted,
    names,
  }
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
  for (const [resourceId, claimants] of byResource) {
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
function grant(
  claimants: EventView[],
  capacity: number | null,
  lose: (ev: EventView, holders: EventId[]) => void,
): void {
  if (capacity === null) return
  const granted: EventView[] = []
  for (const ev of [...claimants].sort(precedence)) {
    const overlapping = granted.filter((g) => g.start! < ev.end! && ev.start! < g.end!)
    if (maxOverlap(overlapping, ev.start!, ev.end!) < capacity) granted.push(ev)
    else lose(ev, overlapping.map((g) => g.id))
  }
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
