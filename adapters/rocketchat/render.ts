/**
 * Renders a {@link Reply} as a Rocket.Chat message text.
 *
 * @remarks
 * Rocket.Chat markdown (https://docs.rocket.chat/docs/message-formatting, parsed by
 * `@rocket.chat/message-parser`): `*bold*` for a heading, `- ` for list items, paragraphs separated by
 * a blank line. A message may hold at most `Message_MaxAllowedSize` characters (default 5000,
 * apps/meteor/app/lib/server/methods/sendMessage.ts), so a long schedule is split between lines into
 * several messages.
 *
 * Everything in a {@link Reply} is treated as data, since titles and names come from users and remote
 * peers: an `@` where the server would read a mention gets a zero-width joiner (U+200D) after it, so
 * that an event titled "@all free beer" shows as such but notifies nobody (see
 * {@link neutraliseMentions}). The adapter itself adds no mentions today; one it wanted would have to
 * be put into the message after {@link replyToMarkdown}, which never produces a live one.
 */
import type { Reply } from '../types.ts'

/** The server's default `Message_MaxAllowedSize`, characters. */
export const DEFAULT_MAX_MESSAGE_LENGTH = 5000

/** U+200D ZERO WIDTH JOINER: invisible, and no username character, so `@\u200Dall` is no mention. */
const ZWJ = '\u200D'

/**
 * Makes every `@` that could start a mention inert by putting a zero-width joiner after it.
 *
 * @remarks
 * The server finds mentions in the raw `msg` with `(^|\s|>)@(<username pattern>…)` (default pattern
 * `[0-9a-zA-Z-_.]+`; apps/meteor/app/mentions/lib/MentionsParser.ts `userMentionRegex`, used by
 * apps/meteor/app/mentions/server/Mentions.ts `getUsersByMentions`), where `all` and `here` notify the
 * whole room and any other name that user; inline code is no protection, the regex sees it too. This
 * neutralises more widely than that regex — every `@` not preceded by a letter or digit and followed
 * by something other than a space — so that markup around a name (`*@all*`, `(@here)`) is covered as
 * well, while an address such as `bob@example.org` stays intact. The text reads the same.
 */
export function neutraliseMentions(text: string): string {
  return text.replace(/(?<![\p{L}\p{N}])@(?=[^\s\u200D])/gu, `@${ZWJ}`)
}

/** The reply as markdown: paragraphs, and a bold heading over a list; mentions in it are neutralised. */
export function replyToMarkdown(reply: Reply): string {
  const parts: string[] = []
  for (const block of reply.blocks) {
    if (block.type === 'text') parts.push(neutraliseMentions(block.text))
    else {
      const items = block.items.map((item) => `- ${neutraliseMentions(item.replace(/\n/g, ' '))}`).join('\n')
      parts.push(block.heading ? `*${neutraliseMentions(block.heading)}*\n${items}` : items)
    }
  }
  return parts.join('\n\n')
}

/**
 * Splits `text` into messages of at most `max` characters (counted in UTF-16 units, as the server
 * counts `msg.length`), between lines where possible, inside a line only when it is longer than `max`.
 * A cut inside a line never leaves an `@` at the start of a message (where the server would read a
 * mention, see {@link neutraliseMentions}): the cut moves one character back instead (`max` ≥ 2).
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
      for (let i = 0; i < line.length; ) {
        let end = Math.min(i + max, line.length)
        if (end < line.length && line[end] === '@' && end - i > 1) end--
        out.push(line.slice(i, end))
        i = end
      }
      continue
    }
    if (current.length + line.length + 1 > max) flush()
    current += `${line}\n`
  }
  flush()
  return out
}
