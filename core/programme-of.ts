/**
 * A festival's programme-building state in one call: its organisers, its call for proposals, its
 * ranked proposals and the schedule view, all derived from the same namespaces (`core/programme.ts`).
 */
import type { Namespace } from './doc.ts'
import type { Festival } from './festival.ts'
import { callOf, organisersOf, proposalsOf } from './programme.ts'
import type { CallView, ProposalView } from './programme.ts'
import type { AuthorKey, ScheduleView } from './types.ts'

export interface ProgrammeState {
  /** Every author's namespace, in `authorsOf` order (`Festival.namespaces`). */
  namespaces: readonly Namespace[]
  organisers: Set<AuthorKey>
  call: CallView | null
  /** Ranked: most votes first (see {@link proposalsOf}). */
  proposals: ProposalView[]
  view: ScheduleView
}

/**
 * The festival's programme-building state now.
 *
 * @param now the reference clock, UTC ms (the view's horizon of series); the festival's clock when absent.
 */
export function programmeOf(festival: Festival, now: number = festival.now()): ProgrammeState {
  const namespaces = festival.namespaces()
  const view = festival.view(now)
  const organisers = organisersOf(festival.meta, namespaces)
  const venues = new Map(view.venues.map((v) => [v.id, v]))
  return { namespaces, organisers, call: callOf(namespaces, organisers), proposals: proposalsOf(namespaces, organisers, venues), view }
}
