/**
 * Renders a {@link Reply} as the content of a Matrix `m.notice`.
 *
 * @remarks Matrix client-server spec, "m.room.message msgtypes" and "Rich replies" / "Threading":
 * `body` is the plain text (without any reply fallback), `formatted_body` HTML in
 * `org.matrix.custom.html`, and the relation puts the answer in the question's thread or makes it a
 * reply to the question.
 */
import { replyToPlainText, type Reply } from '../types.ts'

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
}

function inline(text: string): string {
  return escapeHtml(text).replace(/\n/g, '<br>')
}

/** Renders a reply's blocks as HTML: paragraphs, and a bold heading over a bullet list. */
export function replyToHtml(reply: Reply): string {
  const parts: string[] = []
  for (const block of reply.blocks) {
    if (block.type === 'text') parts.push(`<p>${inline(block.text)}</p>`)
    else {
      if (block.heading) parts.push(`<p><strong>${inline(block.heading)}</strong></p>`)
      parts.push(`<ul>${block.items.map((item) => `<li>${inline(item)}</li>`).join('')}</ul>`)
    }
  }
  return parts.join('\n')
}

/** Where an answer goes: the question it answers, and the thread root when it was asked in a thread. */
export interface ReplyTarget {
  /** The event id of the message being answered. */
  inReplyTo?: string
  /** The thread root (`m.thread` relation). */
  thread?: string
  /** Users to notify (`m.mentions.user_ids`). */
  mention?: string[]
}

/** Builds the `m.room.message` content of a reply: an `m.notice` with HTML and a clean plain body. */
export function noticeContent(reply: Reply, target: ReplyTarget = {}): Record<string, unknown> {
  const content: Record<string, unknown> = {
    msgtype: 'm.notice',
    body: replyToPlainText(reply),
    format: 'org.matrix.custom.html',
    formatted_body: replyToHtml(reply),
    'm.mentions': target.mention?.length ? { user_ids: target.mention } : {},
  }
  if (target.thread) {
    const relation: Record<string, unknown> = { rel_type: 'm.thread', event_id: target.thread, is_falling_back: true }
    relation['m.in_reply_to'] = { event_id: target.inReplyTo ?? target.thread }
    content['m.relates_to'] = relation
  } else if (target.inReplyTo) {
    content['m.relates_to'] = { 'm.in_reply_to': { event_id: target.inReplyTo } }
  }
  return content
}
