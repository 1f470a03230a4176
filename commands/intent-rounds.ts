/**
 * Intents about person-to-person rounds (commands/rounds.ts runs them; `core/rounds.ts` pairs):
 * setting an event's or a series' rounds, calling them off, saying one is in or out, and how many
 * meeting spots (tables) a venue has. Names stay as typed; the executor resolves them.
 */

export type RoundsIntent =
  /**
   * "pair people at 19:30 for 5 rounds of 10 minutes at Paris P2P". `event` absent: the executor
   * asks which event. `clock` is `HH:MM` (24 h) in the festival's zone.
   */
  | { type: 'set-rounds'; event?: string; clock: string; count: number; minutes: number }
  /** "cancel the rounds for X". */
  | { type: 'stop-rounds'; event?: string }
  /** "I'm in for the rounds" (`join: true`) or "I'm out of the rounds" (`join: false`). */
  | { type: 'rounds-answer'; event?: string; join: boolean }
  /** "Ground Control has 12 tables": the venue's meeting spots, numbered 1 … n. */
  | { type: 'venue-spots'; venue: string; spots: number }

const TYPES = new Set<string>(['set-rounds', 'stop-rounds', 'rounds-answer', 'venue-spots'])

/** Whether an intent is one of {@link RoundsIntent}. */
export function isRoundsIntent(intent: { type: string }): intent is RoundsIntent {
  return TYPES.has(intent.type)
}
