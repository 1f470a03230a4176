/**
 * The boundary every chat platform sits behind.
 *
 * @remarks
 * Adapters are thin: they normalise a platform's messages into {@link IncomingMessage}, decide
 * nothing about festivals, and render a {@link Reply} in the platform's own conventions (Matrix: an
 * `m.notice` with HTML and a plain body, in the thread; Rocket.Chat: markdown with `tmid`; the
 * terminal: plain lines). Chat SDKs are imported only inside their own adapter file. Every adapter
 * passes the shared contract suite in `test/adapters/contract.ts`.
 */

/** Where a message came from on its platform. */
export interface Envelope {
  /** Platform name: `terminal`, `matrix`, `rocketchat`. */
  platform: string
  /** The room (Matrix room id, Rocket.Chat `rid`, `terminal`). */
  room: string
  /** The sender's platform user id (`@alice:example.org`, a Rocket.Chat user id, the `--as` name). */
  user: string
  /** The sender's display name, when the platform knows one. */
  userName?: string
  /** The platform's id of this message (Matrix event id, Rocket.Chat `_id`). */
  messageId?: string
  /** The thread root, when the message is in a thread (Matrix `m.thread` relation, Rocket.Chat `tmid`). */
  thread?: string
  /** True for a direct message (a one-to-one room). */
  direct?: boolean
  /**
   * The room's name as people see it (Matrix: `m.room.name`, else the canonical alias; Rocket.Chat:
   * the channel's name), undefined when it has none. A lookup rather than a value, so that only
   * the messages that need it (the first change in a room that plans no festival) pay for it; the
   * adapter caches it per room. Absent on platforms without room names (the terminal).
   */
  roomName?: () => Promise<string | undefined>
}

/** One message addressed to the bot, already stripped of the mention or prefix. */
export interface IncomingMessage extends Envelope {
  text: string
  /** When the platform says it was sent, UTC ms. */
  ts: number
}

/** A reaction added to or removed from a message (👍 means "going"). */
export interface IncomingReaction extends Envelope {
  /** The message reacted to. */
  targetMessageId: string
  /** The reaction key, e.g. `👍`. */
  key: string
  added: boolean
  /** The event the reacted-to message was about (the adapter remembers {@link Reply.event} per message it sent). */
  about?: { festival: string; id: string }
}

/** A block of a reply: a paragraph, or a heading with a list of lines (a day of the schedule). */
export type ReplyBlock =
  | { type: 'text'; text: string }
  | { type: 'list'; heading?: string; items: string[] }

/**
 * What the bot says, independent of any platform.
 *
 * @remarks `tone` lets an adapter choose an emoji or colour; `event` names the one event the reply
 * is about, so that a 👍 on it can mean "going".
 */
export interface Reply {
  tone: 'ok' | 'info' | 'question' | 'refusal' | 'error'
  blocks: ReplyBlock[]
  /** The festival and event this reply is about, for RSVP by reaction. */
  event?: { festival: string; id: string }
  /** Platform user ids the post names, to notify them (Matrix: `m.mentions.user_ids`); the names are in the text. */
  mentions?: string[]
  /**
   * An address to show as a QR code too, where the platform shows images (Matrix: an `m.image`
   * after the notice; the terminal: the code drawn in text). The address is in the text as well.
   */
  qr?: { text: string; alt: string }
}

/** Renders a reply as plain text (the fallback every platform can show). */
export function replyToPlainText(reply: Reply): string {
  const parts: string[] = []
  for (const block of reply.blocks) {
    if (block.type === 'text') parts.push(block.text)
    else {
      const lines = block.items.map((item) => `  ${item}`)
      parts.push(block.heading ? [block.heading, ...lines].join('\n') : lines.join('\n'))
    }
  }
  return parts.join('\n')
}

/** What an adapter hands its messages to (the bot). */
export interface MessageHandler {
  onMessage(message: IncomingMessage): Promise<Reply | null>
  onReaction?(reaction: IncomingReaction): Promise<void>
}

/** A chat platform. */
export interface ChatAdapter {
  /** Platform name, as in {@link Envelope.platform}. */
  readonly platform: string
  /** Connects and starts delivering addressed messages to `handler`. Resolves once receiving. */
  start(handler: MessageHandler): Promise<void>
  /** Stops receiving and closes connections; idempotent. */
  stop(): Promise<void>
  /**
   * Posts a message into a room that nobody asked for (announcements, the daily programme,
   * reminders). Resolves with the platform's message id.
   */
  post(room: string, reply: Reply, options?: { thread?: string }): Promise<string | undefined>
  /** Sends a direct message to a user (personal reminders). */
  sendDirect?(user: string, reply: Reply): Promise<string | undefined>
  /**
   * Whether the platform makes `user` a moderator of `room` (Matrix: power level ≥ 50 in
   * `m.room.power_levels`; Rocket.Chat: the room's `owner` or `moderator` role). Platforms without
   * moderators (the terminal) leave it out; yurt then goes by who set a thing up (DESIGN.md,
   * "Radical authorization"). Resolves false, never throws, when the platform cannot be asked.
   */
  isModerator?(room: string, user: string): Promise<boolean>
}
