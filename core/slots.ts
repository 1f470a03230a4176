/**
 * Free and taken time at a venue or of a resource, from the schedule view.
 *
 * @remarks Used before a local booking, to refuse a clash while it can still be avoided, and to
 * offer free alternatives. Conflicts that arise offline between peers are resolved by the view
 * (`core/view.ts`) instead. All instants are UTC ms; intervals are half-open `[start, end)`.
 */
import type { EntityId, EventView, Instant, ResourceView, ScheduleView, VenueView } from './types.ts'

export interface Interval {
  start: Instant
  end: Instant
}

const overlaps = (a: Interval, b: Interval) => a.start < b.end && b.start < a.end

/** Events that hold a venue during `span` (confirmed ones), leaving out `except`. */
export function venueHolders(view: ScheduleView, venue: EntityId, span: Interval, except?: EntityId): EventView[] {
  return view.events.filter(
    (e) =>
      e.venue === venue &&
      e.id !== except &&
      e.status === 'confirmed' &&
      e.start !== null &&
      overlaps({ start: e.start, end: e.end! }, span),
  )
}

/** Events that hold a resource during `span`, leaving out `except`. */
export function resourceHolders(view: ScheduleView, resource: EntityId, span: Interval, except?: EntityId): EventView[] {
  return view.events.filter(
    (e) =>
      e.resources.includes(resource) &&
      e.id !== except &&
      e.status === 'confirmed' &&
      e.start !== null &&
      overlaps({ start: e.start, end: e.end! }, span),
  )
}

/** The largest number of intervals running at one instant within `span`. */
export function peakOverlap(intervals: Interval[], span: Interval): number {
  const points: Array<[number, number]> = []
  for (const i of intervals) {
    if (!overlaps(i, span)) continue
    points.push([Math.max(i.start, span.start), 1], [Math.min(i.end, span.end), -1])
  }
  points.sort((a, b) => a[0] - b[0] || a[1] - b[1])
  let running = 0
  let max = 0
  for (const [, d] of points) {
    running += d
    max = Math.max(max, running)
  }
  return max
}

const asIntervals = (events: EventView[]): Interval[] => events.map((e) => ({ start: e.start!, end: e.end! }))

/** Whether a venue can take one more event during `span`; returns the events in the way if not. */
export function venueIsFree(view: ScheduleView, venue: VenueView, span: Interval, except?: EntityId): EventView[] | true {
  if (venue.concurrent === null) return true
  const holders = venueHolders(view, venue.id, span, except)
  return peakOverlap(asIntervals(holders), span) < venue.concurrent ? true : holders
}

/** Whether one more of a resource is free during `span`; returns the events holding it if not. */
export function resourceIsFree(view: ScheduleView, resource: ResourceView, span: Interval, except?: EntityId): EventView[] | true {
  const holders = resourceHolders(view, resource.id, span, except)
  return peakOverlap(asIntervals(holders), span) < resource.count ? true : holders
}

/**
 * The free gaps at a venue within `window` (e.g. one day), at least `minMs` long: where fewer
 * events run than the venue takes at once.
 */
export function freeGaps(view: ScheduleView, venue: VenueView, window: Interval, minMs: number, except?: EntityId): Interval[] {
  if (venue.concurrent === null) return [window]
  const holders = asIntervals(venueHolders(view, venue.id, window, except))
  const cuts = new Set<number>([window.start, window.end])
  for (const h of holders) {
    if (h.start > window.start && h.start < window.end) cuts.add(h.start)
    if (h.end > window.start && h.end < window.end) cuts.add(h.end)
  }
  const sorted = [...cuts].sort((a, b) => a - b)
  const gaps: Interval[] = []
  for (let i = 0; i + 1 < sorted.length; i++) {
    const piece = { start: sorted[i]!, end: sorted[i + 1]! }
    const running = holders.filter((h) => overlaps(h, piece)).length
    if (running >= venue.concurrent) continue
    const last = gaps.at(-1)
    if (last && last.end === piece.start) last.end = piece.end
    else gaps.push(piece)
  }
  return gaps.filter((g) => g.end - g.start >= minMs)
}
