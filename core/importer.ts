/**
 * Writes an imported programme into a festival, as one author, all or nothing.
 *
 * @remarks
 * Venues are matched by name (and aliases) against the venues already in the festival, events by
 * their `source` against the importing author's own events, so importing the same file twice changes
 * nothing and importing a newer version updates what changed. The changes are split into operations
 * of bounded size (each under the operation size limit) and stored in one atomic batch: a failure
 * stores none of them. An event over a limit of `core/limits.ts` (a time more than 10 years from the
 * festival) throws an ImportError naming it before anything is written.
 */
import { newEntityId } from './ids.ts'
import type { Repo } from './repo.ts'
import type { Signer } from './identity.ts'
import type { NamespaceWriter } from './doc.ts'
import type { EntityId, EventData, FestivalId, VenueData } from './types.ts'
import type { ImportedProgramme } from './formats/programme.ts'
import { describeProblem, eventProblem } from './limits.ts'
import { ImportError } from './errors.ts'

/** How many events go into one operation (about 0.5 KiB each: far below the size limit). */
export const EVENTS_PER_OPERATION = 50

export interface ImportSummary {
  venuesAdded: number
  eventsAdded: number
  eventsUpdated: number
  eventsUnchanged: number
  operations: number
}

const fold = (s: string) => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().trim()

/**
 * Applies `programme` to festival `id` as `signer`.
 *
 * @param now UTC ms, the booking time of the first new or moved event; each later one in the file is
 * booked 1 ms after the one before it, so that two events of one file that clash resolve in the
 * file's order (the earlier one holds the slot) rather than by their random ids.
 */
export async function applyProgramme(repo: Repo, id: FestivalId, signer: Signer, programme: ImportedProgramme, now: number, authorName?: string): Promise<ImportSummary> {
  const festival = await repo.open(id)
  const view = festival.view()
  const own = festival.namespace(signer.key)
  const venueIds = new Map<string, EntityId>()
  for (const v of view.venues) for (const n of [v.name, ...v.aliases]) if (!venueIds.has(fold(n))) venueIds.set(fold(n), v.id)

  const newVenues: Array<[EntityId, VenueData]> = []
  for (const v of programme.venues) {
    const known = [v.name, ...v.aliases].map(fold).find((n) => venueIds.has(n))
    const vid = known ? venueIds.get(known)! : newEntityId(signer.key)
    if (!known) {
      const data: VenueData = { name: v.name, aliases: v.aliases, capacity: v.capacity, concurrent: v.concurrent, policy: 'open' }
      if (v.description) data.description = v.description
      newVenues.push([vid, data])
    }
    for (const n of [v.name, ...v.aliases]) venueIds.set(fold(n), vid)
  }

  const bySource = new Map<string, EntityId>()
  for (const [eid, e] of own.events) if (e.source) bySource.set(e.source, eid)
  const writes: Array<[EntityId, EventData]> = []
  const summary: ImportSummary = { venuesAdded: newVenues.length, eventsAdded: 0, eventsUpdated: 0, eventsUnchanged: 0, operations: 0 }
  for (const [index, e] of programme.events.entries()) {
    const existingId = bySource.get(e.source)
    const existing = existingId ? own.events.get(existingId) : undefined
    const data: EventData = {
      title: e.title,
      kind: e.kind,
      start: e.start,
      end: e.end,
      venue: e.venue ? (venueIds.get(fold(e.venue)) ?? null) : null,
      resources: existing?.resources ?? [],
      organizers: e.organizers,
      tags: e.tags,
      state: existing?.state ?? 'scheduled',
      bookedAt: existing && existing.start === e.start && existing.venue === (e.venue ? venueIds.get(fold(e.venue)) : null) ? existing.bookedAt : now + index,
      source: e.source,
    }
    // Within the limits of core/limits.ts: importProgramme refused the file otherwise.
    if (e.description) data.description = e.description
    if (e.language) data.language = e.language
    // A time more than 10 years from the festival would be refused by the writer: named here instead.
    const problem = eventProblem(data, festival.window)
    if (problem) throw new ImportError(`event ${index + 1} "${e.title.length > 40 ? `${e.title.slice(0, 40)}…` : e.title}": start`, describeProblem(problem))
    if (existing && JSON.stringify(normalise(existing)) === JSON.stringify(normalise(data))) {
      summary.eventsUnchanged++
      continue
    }
    if (existing) summary.eventsUpdated++
    else summary.eventsAdded++
    writes.push([existingId ?? newEntityId(signer.key), data])
  }

  const fns: Array<(w: NamespaceWriter) => void> = []
  const needsProfile = authorName && own.profile?.name !== authorName
  if (newVenues.length > 0 || needsProfile) {
    fns.push((w) => {
      if (needsProfile) w.setProfile({ name: authorName })
      for (const [vid, v] of newVenues) w.setVenue(vid, v)
    })
  }
  for (let i = 0; i < writes.length; i += EVENTS_PER_OPERATION) {
    const chunk = writes.slice(i, i + EVENTS_PER_OPERATION)
    fns.push((w) => {
      for (const [eid, data] of chunk) w.setEvent(eid, data)
    })
  }
  const ops = await repo.commitMany(id, signer, fns)
  summary.operations = ops.length
  return summary
}

/** An event's fields in a fixed order, for comparing an import with what is stored. */
function normalise(e: EventData): unknown[] {
  return [e.title, e.kind, e.start, e.end, e.venue, e.organizers, e.tags, e.description ?? '', e.language ?? '', e.source, e.state]
}
