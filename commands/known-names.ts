/**
 * The names the parser finds anywhere in a sentence ({@link KnownNames}), kept view after view.
 *
 * @remarks The events the parser knows are the first event of each title not cancelled, in programme
 * order. A view the {@link LiveView} updated says which event objects it took out and put in
 * (`core/deltas.ts`); from the list of the last view seen, through each change since, only the titles
 * of those events are looked at again (per title, its events in programme order), and a copy of the
 * list is patched by binary search: a change costs what it touched, not a pass over the festival's events (at 5,000 events the
 * pass cost ~75 µs per change). A view built whole since, or one that does not follow the last, is
 * passed over whole. `test/commands/name-index.test.ts` compares the kept list with a fresh pass.
 */
import type { EventView, ScheduleView } from '../core/types.ts'
import { compareEvents, insertSorted, removeSorted } from '../core/view.ts'
import { changesBetween, DeltaLog, type ListChange } from '../core/deltas.ts'
import type { KnownNames } from './intent.ts'
import { followList } from './resolve.ts'

/** The list last made, and what keeps it. */
interface Kept {
  view: ScheduleView
  /** The first event of each title not cancelled, in programme order. */
  events: EventView[]
  /** Per title, its events not cancelled, in programme order: the first is the one in `events`. */
  byTitle: Map<string, EventView[]>
}

let kept: Kept | null = null
/** How each list handed out follows the one before ({@link titleCandidates} follows them too). */
const knownLists = new DeltaLog<EventView>()

/** The names of `view` the parser looks for: see the module notes. */
export function knownNamesOf(view: ScheduleView): KnownNames {
  const changes = kept && changesBetween(kept.view.events, view.events)
  if (!kept || !changes) {
    kept = whole(view)
    knownLists.whole(kept.events)
  } else if (changes.length > 0) {
    // Every change since the view last seen, in turn, on a copy (the last list was handed out); the
    // new list says how it follows the last one, net of what one change put in and a later one took out.
    const events = kept.events.slice()
    const net = new Map<EventView, 1 | -1>()
    for (const change of changes) patch(kept.byTitle, events, change, net)
    const removed: EventView[] = []
    const added: EventView[] = []
    for (const [e, sign] of net) (sign < 0 ? removed : added).push(e)
    kept = { view, events, byTitle: kept.byTitle }
    knownLists.next(events, { removed, added })
  }
  followList(kept.events, compareEvents)
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

/**
 * Moves `events` and `byTitle` on by `change`, noting in `net` each event it took out of `events`
 * (-1) or put in (+1), where an earlier change did not do the opposite.
 */
function patch(byTitle: Map<string, EventView[]>, events: EventView[], change: ListChange<EventView>, net: Map<EventView, 1 | -1>): void {
  const note = (e: EventView, sign: 1 | -1) => {
    if (net.get(e) === -sign) net.delete(e)
    else net.set(e, sign)
  }
  // Per title touched, its first event before the change.
  const firstBefore = new Map<string, EventView | undefined>()
  const touch = (title: string) => {
    if (!firstBefore.has(title)) firstBefore.set(title, byTitle.get(title)?.[0])
  }
  for (const e of change.removed) {
    if (e.status === 'cancelled') continue
    touch(e.title)
    const list = byTitle.get(e.title)
    if (!list) continue
    removeSorted(list, e)
    if (list.length === 0) byTitle.delete(e.title)
  }
  for (const e of change.added) {
    if (e.status === 'cancelled') continue
    touch(e.title)
    const list = byTitle.get(e.title)
    if (list) insertSorted(list, e)
    else byTitle.set(e.title, [e])
  }
  const put: EventView[] = []
  for (const [title, before] of firstBefore) {
    const after = byTitle.get(title)?.[0]
    if (before === after) continue
    if (before) {
      removeSorted(events, before)
      note(before, -1)
    }
    if (after) put.push(after)
  }
  for (const e of put) {
    insertSorted(events, e)
    note(e, 1)
  }
}
