/**
 * What the executor needs to run one intent for one person, and the shape of its answer.
 */
import type { Repo } from '../core/repo.ts'
import type { Signer } from '../core/identity.ts'
import type { FestivalMeta } from '../core/types.ts'
import type { Reply } from '../adapters/types.ts'
import type { Intent, Lang } from './intent.ts'
import type { UndoJournal } from './undo.ts'

/** The person a message comes from, as an author. */
export interface Actor {
  signer: Signer
  /** Display name from the chat platform. */
  name: string
  /** Where they speak from: `matrix:@alice:example.org`, `terminal:alice`. */
  handle: string
}

export interface ExecContext {
  repo: Repo
  festival: FestivalMeta
  actor: Actor
  lang: Lang
  /** The zone replies are shown in: the room's, else the festival's. */
  tz: string
  /** The reference clock, UTC ms. */
  now: number
  undo: UndoJournal
  /** True when the message came in a direct (one-to-one) room: sealed answers may be shown there. */
  direct?: boolean
  /** Opens a sealed box (`core/seal.ts`) with the speaker's key; `null` when it is not theirs. Absent: no key here. */
  openSealed?: (box: Uint8Array, aad: Uint8Array) => string | null
  /** This bot's meetings key (`commands/meetings.ts`): random-meeting requests are sealed to it. Absent: no bot here. */
  matcher?: Signer
}

/**
 * A reply, plus — when it asks back — what each numbered choice would run, so that the next
 * message ("1", "2") can answer the question.
 */
export interface ExecResult {
  reply: Reply
  /** What each numbered choice of a question runs. */
  choices?: Intent[]
  /** The choices as shown, for answers that restate one. */
  labels?: string[]
  /** Further words that pick each choice. */
  answers?: string[][]
  /** A yes/no question: "yes" runs the first choice. */
  yesNo?: boolean
  /** A booking waiting for its time ("what time?"): the next message that is a time completes it. */
  awaiting?: Extract<Intent, { type: 'add-event' | 'move-event' }>
}
