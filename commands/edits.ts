/**
 * Changes to one event beyond move, rename and cancel: shift it by an amount, change its length or
 * end, set its description; RSVP to several events at once; remove a venue.
 *
 * @remarks
 * A new time goes through the same checks as a move (`retime` in `execute.ts`): not in the past,
 * inside the festival, the venue and resources free; an occurrence of a series is moved as one
 * occurrence (RECURRENCE-ID). Only the organiser changes an event and only the host removes a venue.
 */
import { dayOf, formatTime, instantAt } from '../core/time.ts'
import { eventIn } from '../core/view.ts'
import type { EventData, EventView } from '../core/types.ts'
import type { Intent, TimeSpec } from './intent.ts'
import type { ExecContext, ExecResult } from './context.ts'
import { MESSAGES } from './i18n.ts'
import { READING } from './i18n-reading.ts'
import { describeEvent, listNames } from './format.ts'
import { commitChange, currentView, execute, findEvent, findVenue, mayChange, ok, refuse, retime, writeEvent } from './execute.ts'
import { changeOccurrence } from './series.ts'

/** The whole time of an event as a {@link TimeSpec} on its own day (for an occurrence's move). */
function spanSpec(start: number, end: number, ctx: ExecContext): TimeSpec {
  return { start, end, dayOnly: false, text: `${formatTime(start, ctx.festival.timezone)}-${formatTime(end, ctx.festival.timezone)}` }
}

/** A new start and end for an event: its own, or through the series for an occurrence. */
async function newSpan(ev: EventView, span: { start: number; end: number }, ctx: ExecContext, label: string): Promise<ExecResult> {
  if (ev.occurrence) {
    return changeOccurrence({ type: 'move-event', event: `#${ev.id}`, time: spanSpec(span.start, span.end, ctx) }, ev, ctx)
  }
  return retime(ev, span, undefined, ctx, label)
}

/** "push X back 30 min". */
export async function shiftEvent(intent: Extract<Intent, { type: 'shift-event' }>, ctx: ExecContext): Promise<ExecResult> {
  const view = await currentView(ctx)
  const found = findEvent(view, intent.event, ctx, intent)
  if ('result' in found) return found.result
  const ev = found.item
  if (ev.start === null || ev.end === null) return { reply: refuse(READING[ctx.lang].noTime(ev.title)) }
  return newSpan(ev, { start: ev.start + intent.byMs, end: ev.end + intent.byMs }, ctx, `shift ${ev.title}`)
}

/** "make X 2 hours", "X ends at 18:00", "extend X by 30 min". */
export async function setLength(intent: Extract<Intent, { type: 'set-length' }>, ctx: ExecContext): Promise<ExecResult> {
  const view = await currentView(ctx)
  const found = findEvent(view, intent.event, ctx, intent)
  if ('result' in found) return found.result
  const ev = found.item
  if (ev.start === null || ev.end === null) return { reply: refuse(READING[ctx.lang].noTime(ev.title)) }
  const tz = ctx.festival.timezone
  let end = ev.end
  if (intent.durationMs !== undefined) end = ev.start + intent.durationMs
  else if (intent.extendMs !== undefined) end = ev.end + intent.extendMs
  else if (intent.endClock) {
    // The end on the event's own day, or the next one for an end by the morning ("until 2am").
    const day = dayOf(ev.start, tz)
    const after = (clock: string) => {
      const at = instantAt(day, clock, tz)
      return at > ev.start! ? at : instantAt(dayOf(at + 86_400_000, tz), clock, tz)
    }
    end = after(intent.endClock)
    if (intent.endLoose) {
      const [h, m] = intent.endClock.split(':').map(Number) as [number, number]
      const other = after(`${String((h + 12) % 24).padStart(2, '0')}:${String(m).padStart(2, '0')}`)
      end = Math.min(end, other)
    }
  }
  return newSpan(ev, { start: ev.start, end }, ctx, `length ${ev.title}`)
}

/** "description of X: …". */
export async function setDescription(intent: Extract<Intent, { type: 'describe-event' }>, ctx: ExecContext): Promise<ExecResult> {
  const view = await currentView(ctx)
  const found = findEvent(view, intent.event, ctx, intent)
  if ('result' in found) return found.result
  const ev = found.item
  if (ev.occurrence || !mayChange(ev, ctx)) return { reply: refuse(MESSAGES[ctx.lang].notYours(ev.title, ev.authorName)) }
  await writeEvent(ev, { description: intent.text }, ctx, `describe ${ev.title}`)
  const after = eventIn(await currentView(ctx), ev.id)!
  return { reply: ok(READING[ctx.lang].descriptionSet(ev.title), after, ctx.festival.id) }
}

/** "I'm going to X and Y": one answer for each, each its own change (each undoable). */
export async function rsvpMany(intent: Extract<Intent, { type: 'rsvp-many' }>, ctx: ExecContext): Promise<ExecResult> {
  const lines: string[] = []
  let last: ExecResult | undefined
  for (const event of intent.events) {
    const result = await execute({ type: 'rsvp', event, answer: intent.answer }, ctx)
    // A question about one of them stops here: nothing after it is answered for the person.
    if (result.reply.tone === 'question') return result
    for (const b of result.reply.blocks) if (b.type === 'text') lines.push(b.text)
    last = result
  }
  return { reply: { tone: last?.reply.tone ?? 'ok', blocks: [{ type: 'text', text: lines.join('\n') }] } }
}

/** "remove venue X": its host only, and not while it holds other people's events. */
export async function removeVenue(intent: Extract<Intent, { type: 'remove-venue' }>, ctx: ExecContext): Promise<ExecResult> {
  const r = READING[ctx.lang]
  const view = await currentView(ctx)
  const found = findVenue(view, intent.venue, ctx)
  if ('result' in found) return found.result
  const venue = found.item
  if (venue.host !== ctx.actor.signer.key) return { reply: refuse(r.venueNotYours(venue.name, view.names.get(venue.host) ?? venue.host.slice(0, 8))) }
  const others = view.events.filter((e) => e.venue === venue.id && e.status !== 'cancelled' && e.author !== ctx.actor.signer.key && (e.end ?? 0) > ctx.now)
  if (others.length > 0) {
    // Named with their organisers: the host needs to know whom to ask.
    return { reply: refuse(r.venueInUse(venue.name, listNames(others.slice(0, 5).map((e) => `${describeEvent(e, ctx.tz, ctx.lang)} — ${e.authorName}`), ctx.lang))) }
  }
  const before = (await ctx.repo.open(ctx.festival.id)).namespace(ctx.actor.signer.key).venues.get(venue.id)!
  await commitChange(ctx, `- ${venue.name}`, [{ kind: 'venue', id: venue.id, value: before }], (w) => w.setVenue(venue.id, { ...before, removed: true }))
  return { reply: ok(r.venueRemoved(venue.name)) }
}
