/**
 * Renders a {@link Reply} as a Rocket.Chat message text.
 *
 * @remarks
 * Rocket.Chat markdown (https://docs.rocket.chat/docs/message-formatting, parsed by
 * `@rocket.chat/message-parser`): `*bold*` for a heading, `- ` for list items, paragraphs separated by
 * a blank line. A message may hold at most `Message_MaxAllowedSize` characters (default 5000,
 * apps/meteor/app/lib/server/methods/sendMessage.ts), so a long schedule is split between lines into
 * several messages.
 */
import type { Reply } from '../types.ts'

/** The server's default `Message_MaxAllowedSize`, characters. */
export const DEFAULT_MAX_MESSAGE_LENGTH = 5000

/** The reply as markdown: paragraphs, and a bold heading over a list. */
export function replyToMarkdown(reply: Reply): string {
  const parts: string[] = []
  for (const block of reply.blocks) {
    if (block.type === 'text') parts.push(block.text)
    else {
      const items = block.items.map((item) => `- ${item.replace(/\n/g, ' ')}`).join('\n')
      parts.push(block.heading ? `*${block.heading}*\n${items}` : items)
    }
  }
  return parts.join('\n\n')
}

/**
 * Splits `text` into messages of at most `max` characters (counted in UTF-16 units, as the server
 * counts `msg.length`), between lines where possible, inside a line only when it is longer than `max`.
 */
export function splitMessage(text: string, max = DEFAULT_MAX_MESSAGE_LENGTH): string[] {
  if (text.length <= max) return [text]
  const out: string[] = []
  let current = ''
  const flush = () => {
    if (current.trim()) out.push(current.replace(/\n+$/, ''))
    current = ''
  }
  for (const line of text.split('\n')) {
    if (line.length > max) {
      flush()
      for (let i = 0; i < line.length; i += max) out.push(line.slice(i, i + max))
      continue
    }
    if (current.length + line.length + 1 > max) flush()
    current += `${line}\n`
  }
  flush()
  return out
}
