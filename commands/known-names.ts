/**
 * The names the parser finds anywhere in a sentence ({@link KnownNames}), kept view after view.
 *
 * @remarks The events the parser knows are the first event of each title not cancelled, in programme
 * order. A view the {@link LiveView} updated says which event objects it took out and put in
 * (`viewDeltas`, `core/view.ts`); from the list of the last view seen, through each view since, only
 * the titles of those events are looked at again (per title, its events in programme order), and the list is patched by binary
 * search: a change costs what it touched, not a pass over the festival's events (at 5,000 events the
 * pass cost ~75 µs per change). A view built whole since, or one that does not follow the last, is
 * passed over whole. `test/commands/name-index.test.ts` compares the kept list with a fresh pass.
 */
import type { EventView, ScheduleView } from '../core/types.ts'
import { compareEvents, deltasBetween, lowerBound, type ViewDelta } from '../core/view.ts'
import type { KnownNames } from './intent.ts'
import { followList } from './resolve.ts'

/** The list last made, and what keeps it. */
interface Kept {
  view: ScheduleView
  /** The first event of each title not cancelled, in programme order. */
  events: EventView[]
  /** Per title, its events not cancelled, in programme order: the first is the one in `events`. */
  byTitle: Map<string, EventView[]>
  /** What `events` took out of the list before it and put in (a patched list). */
  delta?: { removed: EventView[]; added: EventView[] }
}

let kept: Kept | null = null

/** The names of `view` the parser looks for: see the module notes. */
export function knownNamesOf(view: ScheduleView): KnownNames {
  const steps = kept && (kept.view === view ? [] : deltasBetween(kept.view, view))
  if (!kept || !steps) {
    kept = whole(view)
    followList(kept.events, compareEvents)
  }
  for (const { view: next, delta } of steps ?? []) {
    // Each view between the last one seen and this one, in turn: each list says how it follows the one before.
    const last: Kept = kept
    kept = patched(last, next, delta)
    followList(kept.events, compareEvents, { from: last.events, ...kept.delta! })
  }
  return {
    venues: view.venues.map((v) => ({ name: v.name, aliases: v.aliases })),
    resources: view.resources.map((r) => r.name),
    people: [...new Set(view.names.values())],
    events: kept.events,
  }
}

function whole(view: ScheduleView): Kept {
  const events: EventView[] = []
  const byTitle = new Map<string, EventView[]>()
  for (const e of view.events) {
    if (e.status === 'cancelled') continue
    const list = byTitle.get(e.title)
    if (list) list.push(e)
    else {
      byTitle.set(e.title, [e])
      events.push(e)
    }
  }
  return { view, events, byTitle }
}

/** Where `e` sorts in `list` (programme order). */
function positionIn(list: readonly EventView[], e: EventView): number {
  return lowerBound(list, (x) => compareEvents(x, e) < 0)
}

function removeFrom(list: EventView[], e: EventView): void {
  const at = positionIn(list, e)
  const i = list[at] === e ? at : list.indexOf(e)
  if (i >= 0) list.splice(i, 1)
}

/** `last`'s list, moved on to `view` by its delta (`last.byTitle` is updated in place: only the newest list is kept). */
function patched(last: Kept, view: ScheduleView, delta: ViewDelta): Kept {
  const { byTitle } = last
  // Per title touched, its first event before the change.
  const firstBefore = new Map<string, EventView | undefined>()
  const touch = (title: string) => {
    if (!firstBefore.has(title)) firstBefore.set(title, byTitle.get(title)?.[0])
  }
  for (const e of delta.removed) {
    if (e.status === 'cancelled') continue
    touch(e.title)
    const list = byTitle.get(e.title)
    if (!list) continue
    removeFrom(list, e)
    if (list.length === 0) byTitle.delete(e.title)
  }
  for (const e of delta.added) {
    if (e.status === 'cancelled') continue
    touch(e.title)
    const list = byTitle.get(e.title)
    if (list) list.splice(positionIn(list, e), 0, e)
    else byTitle.set(e.title, [e])
  }
  const events = last.events.slice()
  const gone: EventView[] = []
  const firsts: EventView[] = []
  for (const [title, before] of firstBefore) {
    const after = byTitle.get(title)?.[0]
    if (before === after) continue
    if (before) {
      removeFrom(events, before)
      gone.push(before)
    }
    if (after) firsts.push(after)
  }
  for (const e of firsts) events.splice(positionIn(events, e), 0, e)
  return { view, events, byTitle, delta: { removed: gone, added: firsts } }
}
