/**
 * Intents about random meetings and the serendipity switch (commands/meetings.ts runs them).
 * Times are resolved by the parser: a request's hours are the hour starts in `[from, to)`, UTC ms.
 */
import type { Instant } from '../core/types.ts'

export type MeetingIntent =
  /** "find me a random meeting tomorrow afternoon": any hour starting in `[from, to)`. */
  | { type: 'random-meeting'; from: Instant; to: Instant }
  /** "cancel my random meeting": withdraws one's requests still waiting. */
  | { type: 'cancel-random-meeting' }
  /** "I'm up for random meetings" (`on`) / "no more random meetings for me". */
  | { type: 'meetings-opt'; on: boolean }
  /** "serendipity on: 3 random meetings a day between 14:00 and 18:00"; wall times `HH:MM` in the festival's zone. */
  | { type: 'serendipity'; on: boolean; perDay?: number; from?: string; to?: string }

const TYPES = new Set<string>(['random-meeting', 'cancel-random-meeting', 'meetings-opt', 'serendipity'])

/** Whether an intent is one of {@link MeetingIntent}. */
export function isMeetingIntent(intent: { type: string }): intent is MeetingIntent {
  return TYPES.has(intent.type)
}
