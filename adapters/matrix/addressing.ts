/**
 * Decides whether a Matrix message is addressed to the bot, and what it says once the address is
 * removed.
 *
 * @remarks
 * The bot acts only when addressed (DESIGN.md, "Chat"): a mention (a pill, i.e. the bot in
 * `m.mentions.user_ids` or a `https://matrix.to/#/@bot:server` link in `formatted_body`, or its display
 * name or localpart followed by `:` or `,` at the start), a reply to one of its messages, a direct
 * message, or the room's command prefix. Pure functions, no I/O.
 */

/** Who the bot is in a room. */
export interface BotIdentity {
  /** The bot's Matrix user id, `@yurt:example.org`. */
  userId: string
  /** The bot's display name in this room, when it has one. */
  displayName?: string
  /** The command prefix, e.g. `!yurt`. */
  prefix: string
}

/** What the room and the message's relations say, as far as the caller looked them up. */
export interface AddressingContext {
  /** The room is a direct (one-to-one) room. */
  direct: boolean
  /** The message is a real reply (not a thread fallback) to a message the bot sent. */
  replyToBot: boolean
}

/** How a message reached the bot. */
export type AddressedVia = 'prefix' | 'mention' | 'reply' | 'direct'

/** The outcome: not addressed, or addressed with the text stripped of mention, prefix and reply fallback. */
export type Addressing = { addressed: false } | { addressed: true; via: AddressedVia; text: string }

/**
 * Removes a rich-reply fallback (`> <@user> quoted…` lines and the blank line after them) from the
 * start of a plain body (Matrix spec, "Rich replies", fallbacks).
 */
export function stripReplyFallback(body: string): string {
  const lines = body.split('\n')
  if (!lines[0]?.startsWith('>')) return body
  let i = 0
  while (i < lines.length && lines[i]!.startsWith('>')) i++
  if (i < lines.length && lines[i]!.trim() === '') i++
  return lines.slice(i).join('\n')
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** The names the bot answers to, longest first: user id, display name, localpart. */
function names(identity: BotIdentity): string[] {
  const localpart = identity.userId.replace(/^@/, '').split(':')[0] ?? ''
  // Without a leading `@`: the patterns allow one before any name.
  const all = [identity.userId.replace(/^@/, ''), identity.displayName ?? '', localpart].map((n) => n.trim()).filter((n) => n.length > 0)
  return [...new Set(all)].sort((a, b) => b.length - a.length)
}

/** True when `formatted_body` links to the bot with a matrix.to permalink (a pill). */
export function hasPillLink(formattedBody: string | undefined, userId: string): boolean {
  if (!formattedBody) return false
  const re = /href\s*=\s*["']https:\/\/matrix\.to\/#\/([^"'?]+)/gi
  for (const match of formattedBody.matchAll(re)) {
    let target = match[1] ?? ''
    try {
      target = decodeURIComponent(target)
    } catch {
      // keep it encoded
    }
    if (target === userId) return true
  }
  return false
}

/**
 * Decides whether `body` is addressed to the bot and strips the address.
 *
 * @param body the plain `body` of an `m.text` message
 * @param pill true when the bot is in `m.mentions.user_ids` or linked from `formatted_body`
 */
export function address(body: string, identity: BotIdentity, context: AddressingContext, pill: boolean): Addressing {
  const text = stripReplyFallback(body).trim()

  const prefix = new RegExp(`^${escapeRegExp(identity.prefix)}(?=$|\\s|[:,])[:,]?\\s*`, 'i')
  if (identity.prefix && prefix.test(text)) return { addressed: true, via: 'prefix', text: text.replace(prefix, '').trim() }

  const alternatives = names(identity).map(escapeRegExp).join('|')
  // A name at the start followed by ":" or "," (or by anything at all when it is a pill).
  const leading = new RegExp(`^@?(?:${alternatives})\\s*([:,]|(?=\\s|$))\\s*`, 'i')
  const lead = leading.exec(text)
  if (lead && (lead[1] || pill)) return { addressed: true, via: 'mention', text: text.slice(lead[0].length).trim() }

  if (pill) {
    // A pill in the middle of a sentence: drop the name, keep the sentence.
    const inner = new RegExp(`,?(^|\\s)@?(?:${alternatives})(?=$|[\\s:,?!.])[:,]?`, 'i')
    const stripped = text.replace(inner, '$1').replace(/\s+([?!.,])/g, '$1').replace(/\s{2,}/g, ' ').trim()
    return { addressed: true, via: 'mention', text: stripped }
  }
  if (context.replyToBot) return { addressed: true, via: 'reply', text }
  if (context.direct) return { addressed: true, via: 'direct', text }
  return { addressed: false }
}
