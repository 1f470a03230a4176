/**
 * Intents of the call for proposals (commands/proposals.ts): organisers, the call, proposals, votes,
 * acceptance into the schedule and the plan of the top proposals.
 *
 * @remarks
 * Names of proposals, venues and people stay as typed (the executor matches them); `#<id>` names a
 * proposal exactly (the answer to a numbered question). Times are resolved by the parser: instants
 * are UTC ms, days are `YYYY-MM-DD` in the festival's zone.
 */
import type { EntityId, EventKind, Instant } from '../core/types.ts'
import type { TimeSpec } from './intent.ts'

export type ProposalIntent =
  /** "make Bob an organiser": the festival's creator names an organiser (by display name). */
  | { type: 'name-organiser'; person: string }
  /** "who organises?". */
  | { type: 'organisers' }
  /** "open the call for proposals until 15 January": `until` UTC ms (the end of that day when only a day was said); absent = until closed. */
  | { type: 'open-call'; until?: Instant }
  | { type: 'close-call' }
  /** "call for proposals?": whether it is open and until when. */
  | { type: 'call-status' }
  /** "propose a talk "Mesh networks", 30 min: how we cabled a village". `minutes` absent: the kind's usual length. */
  | { type: 'propose'; kind: EventKind; title: string; minutes?: number; pitch?: string; language?: string; wish?: string }
  | { type: 'proposals' }
  /** "change my proposal Mesh networks to 45 min", "rename my proposal X to Y", "new pitch for my proposal X: …". */
  | { type: 'edit-proposal'; proposal: string; minutes?: number; title?: string; pitch?: string }
  | { type: 'withdraw-proposal'; proposal: string }
  /** "+1 X" (`vote: true`), "-1 X" / "unvote X" (`vote: false`). */
  | { type: 'vote'; proposal: string; vote: boolean }
  /** "accept X for Saturday 15:00 at Atelier": the start (its length is the proposal's). */
  | { type: 'accept-proposal'; proposal: string; time: TimeSpec; venue: string }
  /** "decline X: no room left". */
  | { type: 'decline-proposal'; proposal: string; reason?: string }
  /** "schedule the top proposals into free slots at Atelier on Saturday": a plan, confirmed with "yes". */
  | { type: 'plan-proposals'; venue: string; day: string }
  /** The plan confirmed: each proposal accepted at `venue` (an id) for its slot (UTC ms). */
  | { type: 'accept-plan'; venue: EntityId; items: { proposal: EntityId; start: Instant; end: Instant }[] }

const TYPES = new Set<string>([
  'name-organiser', 'organisers', 'open-call', 'close-call', 'call-status', 'propose', 'proposals', 'edit-proposal',
  'withdraw-proposal', 'vote', 'accept-proposal', 'decline-proposal', 'plan-proposals', 'accept-plan',
])

/** Whether an intent is one of the call for proposals. */
export function isProposalIntent(intent: { type: string }): intent is ProposalIntent {
  return TYPES.has(intent.type)
}
