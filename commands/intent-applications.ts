/**
 * Intents about application rounds and capacity (commands/applications.ts runs them): opening and
 * closing a round, applying and withdrawing, the reviewers' list and decisions, and how many people
 * an event or a venue takes. Names (`event`, `venue`, `people`) stay as typed; the executor resolves them.
 */
import type { ApplicationDecision } from '../core/types.ts'

export type ApplicationIntent =
  /** "applications for X are open: up to 80 people; question: what do you maintain?" */
  | { type: 'open-applications'; event: string; /** how many may be accepted */ limit?: number; question?: string }
  | { type: 'close-applications'; event: string }
  /** "apply to X: I maintain js-libp2p"; `answer` as typed, `''` when none was given. */
  | { type: 'apply'; event: string; answer: string }
  | { type: 'withdraw-application'; event: string }
  /** "applications for X": the applicants and their decisions (answers only for reviewers, in a direct message). */
  | { type: 'list-applications'; event: string }
  /** "accept Alice for X": `people` are display names the festival knows, as typed. */
  | { type: 'decide-application'; people: string[]; event: string; decision: ApplicationDecision }
  /** "X is for 20 people", "limit X to 20": the event's capacity (a venue's, when X names a venue and no event). */
  | { type: 'set-capacity'; event: string; capacity: number }
  /** "Atelier holds 30": how many people fit in a venue (its host's to say). */
  | { type: 'venue-capacity'; venue: string; capacity: number }

const TYPES = new Set<string>(['open-applications', 'close-applications', 'apply', 'withdraw-application', 'list-applications', 'decide-application', 'set-capacity', 'venue-capacity'])

/** Whether an intent is one of {@link ApplicationIntent}. */
export function isApplicationIntent(intent: { type: string }): intent is ApplicationIntent {
  return TYPES.has(intent.type)
}

/** Intents whose words are free text (an answer, a question): the parser does not cut asides from them. */
export const FREE_TEXT_APPLICATION_INTENTS = ['open-applications', 'apply'] as const
