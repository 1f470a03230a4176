/**
 * Decides whether a Rocket.Chat message is addressed to the bot, and what it says once the address
 * is removed.
 *
 * @remarks
 * The bot acts only when addressed (DESIGN.md, "Chat"): an `@username` mention of the bot (the server
 * lists it in the message's `mentions`, apps/meteor/app/mentions/server/Mentions.ts), a direct message
 * (a room of type `d`), or the room's command prefix (`!yurt`). `@all` and `@here` are not addressed
 * to the bot. Pure functions, no I/O.
 */

/** Who the bot is on the server. */
export interface RcBotIdentity {
  userId: string
  username: string
  /** The command prefix, e.g. `!yurt`. */
  prefix: string
}

/** How a message reached the bot. */
export type AddressedVia = 'prefix' | 'mention' | 'direct'

/** The outcome: not addressed, or addressed with the text stripped of mention and prefix. */
export type Addressing = { addressed: false } | { addressed: true; via: AddressedVia; text: string }

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/**
 * Decides whether `msg` is addressed to the bot and strips the address.
 *
 * @param mentions the message's `mentions` (users the server found as `@username`)
 * @param direct the message is in a direct room (`t: 'd'`)
 */
export function address(msg: string, mentions: Array<{ _id?: string; username?: string }>, identity: RcBotIdentity, direct: boolean): Addressing {
  const text = msg.trim()
  const prefix = new RegExp(`^${escapeRegExp(identity.prefix)}(?=$|\\s|[:,])[:,]?\\s*`, 'i')
  if (identity.prefix && prefix.test(text)) return { addressed: true, via: 'prefix', text: text.replace(prefix, '').trim() }

  const name = escapeRegExp(identity.username)
  const leading = new RegExp(`^@${name}(?![\\w.-])\\s*[:,]?\\s*`, 'i')
  const inner = new RegExp(`(^|\\s),?@${name}(?![\\w.-])[:,]?`, 'gi')
  const listed = mentions.some((m) => m._id === identity.userId || m.username?.toLowerCase() === identity.username.toLowerCase())
  if (leading.test(text)) return { addressed: true, via: 'mention', text: text.replace(leading, '').trim() }
  if (listed || inner.test(text)) {
    inner.lastIndex = 0
    const stripped = text.replace(inner, '$1').replace(/\s+([?!.,])/g, '$1').replace(/\s{2,}/g, ' ').trim()
    return { addressed: true, via: 'mention', text: stripped }
  }
  if (direct) return { addressed: true, via: 'direct', text }
  return { addressed: false }
}
