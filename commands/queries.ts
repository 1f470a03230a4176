/**
 * Questions about the programme: the schedule for a day, a venue, now and next; my events; who is
 * going; free slots; help. Read-only: nothing here writes.
 */
import { PROPOSAL_TEXT } from './proposals-text.ts'
import { addDays, dayOf, endOfDay, formatDay, formatDayLong, formatTime, instantAt, startOfDay } from '../core/time.ts'
import { freeGaps } from '../core/slots.ts'
import type { EventView, ScheduleView } from '../core/types.ts'
import { lowerBound } from '../core/view.ts'
import { changesBetween } from '../core/deltas.ts'
import type { Reply } from '../adapters/types.ts'
import type { Intent } from './intent.ts'
import type { ExecContext, ExecResult } from './context.ts'
import { MESSAGES, SERIES_MESSAGES } from './i18n.ts'
import { READING } from './i18n-reading.ts'
import { capitalise, describeEvent, listNames, nameIn, scheduleBlocks, scheduleLine } from './format.ts'
import { attendanceNote } from './applications.ts'
import { findEvent, findVenue, ok } from './execute.ts'

/** Most events listed in one reply; the rest is summarised with a count. */
export const MAX_LISTED = 40

async function viewOf(ctx: ExecContext): Promise<ScheduleView> {
  return (await ctx.repo.open(ctx.festival.id)).view(ctx.now)
}

export async function runQuery(intent: Intent, ctx: ExecContext): Promise<ExecResult> {
  switch (intent.type) {
    case 'schedule':
      return schedule(intent, ctx)
    case 'my-events':
      return { reply: await myEvents(ctx) }
    case 'who-is-going':
      return whoIsGoing(intent, ctx)
    case 'free-slots':
      return freeSlots(intent, ctx)
    case 'help':
      return { reply: help(ctx) }
    case 'event-info':
      return eventInfo(intent, ctx)
    case 'list':
      return { reply: await listPlaces(intent.what, ctx) }
    case 'venue-free':
      return venueFreeAt(intent, ctx)
    default:
      return { reply: help(ctx) }
  }
}

function listReply(events: EventView[], heading: string, ctx: ExecContext, emptyText: string): Reply {
  if (events.length === 0) return { tone: 'info', blocks: [{ type: 'text', text: emptyText }] }
  const shown = events.slice(0, MAX_LISTED)
  const blocks = scheduleBlocks(shown, ctx.tz, ctx.lang)
  // One day: its heading is the reply's heading; several: a title line above the day headings.
  const only = blocks.length === 1 ? blocks[0] : undefined
  if (only && only.type === 'list') only.heading = heading
  const reply: Reply = { tone: 'info', blocks: only ? blocks : [{ type: 'text', text: heading }, ...blocks] }
  if (events.length > shown.length) reply.blocks.push({ type: 'text', text: `… +${events.length - shown.length}` })
  if (events.length === 1) reply.event = { festival: ctx.festival.id, id: events[0]!.id }
  return reply
}

/** The longest scheduled event of a programme, ms, and how many are that long. */
interface Longest {
  ms: number
  count: number
}
const LONGEST = new WeakMap<readonly EventView[], Longest>()
/** The programme whose longest event was found last: a kept view's changes since move it on. */
let lastLongest: { events: readonly EventView[]; longest: Longest } | null = null
const lengthOf = (e: EventView) => (e.start !== null && e.end !== null ? e.end - e.start : 0)

/** `longest` with `e` counted in (a new object when `e` is longer). */
function withEvent(longest: Longest, e: EventView): Longest {
  const ms = lengthOf(e)
  if (ms > longest.ms) return { ms, count: 1 }
  if (ms === longest.ms) longest.count++
  return longest
}

/**
 * How long the longest scheduled event of a view is, ms: how far before a window an event may start
 * and reach into it. From the programme last asked about, moved on by the kept view's changes since
 * (`core/deltas.ts`), unless they took out every event that long; else a pass over the events.
 */
function longestOf(view: ScheduleView): number {
  const events = view.events
  const kept = LONGEST.get(events)
  if (kept) return kept.ms
  let longest: Longest | undefined
  const changes = lastLongest && changesBetween(lastLongest.events, events)
  if (changes) {
    longest = { ...lastLongest!.longest }
    for (const change of changes) {
      for (const e of change.added) longest = withEvent(longest, e)
      for (const e of change.removed) if (lengthOf(e) === longest.ms) longest.count--
      if (longest.count <= 0) {
        longest = undefined
        break
      }
    }
  }
  if (!longest) {
    longest = { ms: 0, count: 0 }
    for (const e of events) longest = withEvent(longest, e)
  }
  LONGEST.set(events, longest)
  lastLongest = { events, longest }
  return longest.ms
}

/** The index of the first event (programme order: by start, unscheduled last) starting at or after `t`, UTC ms. */
function firstStartingFrom(events: readonly EventView[], t: number): number {
  return lowerBound(events, (e) => e.start !== null && e.start < t)
}

/**
 * The scheduled events of a programme that overlap [from, until) (UTC ms), in programme order: a binary
 * search from `from` minus the longest event, not a pass over every event of the festival.
 */
function overlapping(view: ScheduleView, from: number, until: number): EventView[] {
  const out: EventView[] = []
  const events = view.events
  for (let i = firstStartingFrom(events, from - longestOf(view)); i < events.length; i++) {
    const e = events[i]!
    if (e.start === null || e.start >= until) break
    if (e.end! > from) out.push(e)
  }
  return out
}

async function schedule(intent: Extract<Intent, { type: 'schedule' }>, ctx: ExecContext): Promise<ExecResult> {
  const m = MESSAGES[ctx.lang]
  const view = await viewOf(ctx)
  let venueId: string | null = null
  let venueName = ''
  if (intent.venue) {
    const found = findVenue(view, intent.venue, ctx)
    if ('result' in found) return found.result
    venueName = found.item.name
    venueId = found.item.id
  }
  /** What the room asked about, of a slice of the programme: scheduled, not cancelled, at the venue named. */
  const shown = (e: EventView) => e.start !== null && e.status !== 'cancelled' && (venueId === null || e.venue === venueId)
  const tz = ctx.tz
  const at = venueName ? (ctx.lang === 'fr' ? ` à ${venueName}` : ctx.lang === 'de' ? ` in ${venueName}` : ` at ${venueName}`) : ''
  const range = intent.range
  const between = (from: number, until: number) => overlapping(view, from, until).filter(shown)
  if (range.kind === 'now') {
    const running = between(ctx.now, ctx.now + 1)
    const next: EventView[] = []
    for (let i = firstStartingFrom(view.events, ctx.now + 1); i < view.events.length && next.length < 5; i++) {
      const e = view.events[i]!
      if (shown(e)) next.push(e)
    }
    if (running.length === 0 && next.length === 0) {
      return { reply: { tone: 'info', blocks: [{ type: 'text', text: m.nothingPlanned(ctx.lang === 'fr' ? 'pour la suite' : ctx.lang === 'de' ? 'mehr' : 'from now on') + at }] } }
    }
    const blocks: Reply['blocks'] = [{ type: 'text', text: m.nowAndNext + at }]
    if (running.length) blocks.push({ type: 'list', heading: m.runningNow, items: running.map((e) => scheduleLine(e, tz, ctx.lang)) })
    if (next.length) blocks.push({ type: 'list', heading: m.comingNext, items: next.map((e) => scheduleLine(e, tz, ctx.lang, dayOf(e.start!, tz) !== dayOf(ctx.now, tz))) })
    return { reply: { tone: 'info', blocks } }
  }
  if (range.kind === 'all') {
    const heading = `${ctx.festival.name}${at}`
    return { reply: listReply(view.events.filter(shown), heading, ctx, m.nothingPlanned(at.trim() || '')) }
  }
  if (range.kind === 'days') {
    // "This weekend", "this week", "next week": from now on, over the days named.
    const from = Math.max(ctx.now, startOfDay(range.days[0]!, tz))
    const until = endOfDay(range.days.at(-1)!, tz)
    const inDays = between(from, until)
    const r = READING[ctx.lang]
    const name = range.week === 'this' ? r.thisWeek : range.week === 'next' ? r.nextWeek : r.weekend
    return { reply: listReply(inDays, `${name}${at}`, ctx, m.nothingPlanned(`${name.toLowerCase()}${at}`)) }
  }
  // A day (in the room's zone), optionally from an hour on ("tonight").
  const from = range.from ?? startOfDay(range.day, tz)
  const until = endOfDay(range.day, tz)
  const onDay = between(from, until)
  const dayText = formatDayLong(range.day, ctx.lang)
  const when = range.from ? `${dayText} ${ctx.lang === 'de' ? 'ab' : ctx.lang === 'fr' ? 'à partir de' : 'from'} ${formatTime(range.from, tz)}` : dayText
  const empty = m.nothingPlanned(`${ctx.lang === 'fr' ? 'le ' : ctx.lang === 'de' ? 'am ' : 'on '}${when}${at}`)
  return { reply: listReply(onDay, capitalise(when) + at, ctx, empty) }
}

async function myEvents(ctx: ExecContext): Promise<Reply> {
  const m = MESSAGES[ctx.lang]
  const me = ctx.actor.signer.key
  const view = await viewOf(ctx)
  const said = (e: EventView) => e.going.includes(me) || e.maybe.includes(me)
  // Of a series one organises, only its next occurrence (and those one said one goes to).
  const nextOf = new Map<string, string>()
  for (const e of view.events) {
    if (e.occurrence && e.author === me && e.status !== 'cancelled' && e.end! > ctx.now && !nextOf.has(e.occurrence.series)) nextOf.set(e.occurrence.series, e.occurrence.id)
  }
  const mine = view.events.filter(
    (e) => e.status !== 'cancelled' && (said(e) || (e.author === me && (!e.occurrence || nextOf.get(e.occurrence.series) === e.occurrence.id))),
  )
  return listReply(mine, m.myEvents, ctx, m.noMyEvents)
}

async function whoIsGoing(intent: Extract<Intent, { type: 'who-is-going' }>, ctx: ExecContext): Promise<ExecResult> {
  const m = MESSAGES[ctx.lang]
  const view = await viewOf(ctx)
  const found = findEvent(view, intent.event, ctx, intent, { includeCancelled: true })
  if ('result' in found) return found.result
  const ev = found.item
  const going = ev.going.map((k) => nameIn(view, k))
  const maybe = ev.maybe.map((k) => nameIn(view, k))
  const title = `“${ev.title}”`
  if (going.length === 0 && maybe.length === 0 && ev.waiting.length === 0) return { reply: ok([m.nobodyGoing(title), attendanceNote(ev, view, ctx.lang)].filter(Boolean).join(' '), ev, ctx.festival.id) }
  const text = [m.whoIsGoing(title, going.length ? `${listNames(going, ctx.lang)} (${going.length})` : '—', maybe.length ? listNames(maybe, ctx.lang) : ''), attendanceNote(ev, view, ctx.lang)].filter(Boolean).join(' ')
  return { reply: { ...ok(text, ev, ctx.festival.id), tone: 'info' } }
}

async function freeSlots(intent: Extract<Intent, { type: 'free-slots' }>, ctx: ExecContext): Promise<ExecResult> {
  const m = MESSAGES[ctx.lang]
  const view = await viewOf(ctx)
  const found = findVenue(view, intent.venue, ctx)
  if ('result' in found) return found.result
  const venue = found.item
  const tz = ctx.festival.timezone
  const open = venue.hours?.match(/^(\d\d:\d\d)-(\d\d:\d\d)$/)
  const window = {
    start: Math.max(instantAt(intent.day, open?.[1] ?? '08:00', tz), ctx.now),
    end: open ? instantAt(open[2]! <= open[1]! ? addDays(intent.day, 1) : intent.day, open[2]!, tz) : instantAt(intent.day, '24:00', tz),
  }
  const day = formatDay(intent.day, ctx.lang)
  const gaps = window.end > window.start ? freeGaps(view, venue, window, 15 * 60_000) : []
  if (gaps.length === 0) return { reply: { tone: 'info', blocks: [{ type: 'text', text: m.noFreeSlots(venue.name, day) }] } }
  return {
    reply: {
      tone: 'info',
      blocks: [{ type: 'list', heading: m.freeSlots(venue.name, day), items: gaps.map((g) => `${formatTime(g.start, ctx.tz)}–${formatTime(g.end, ctx.tz)}`) }],
    },
  }
}

export function help(ctx: Pick<ExecContext, 'lang'>): Reply {
  const m = MESSAGES[ctx.lang]
  return { tone: 'info', blocks: [{ type: 'list', heading: m.helpTitle, items: [...m.help, SERIES_MESSAGES[ctx.lang].help, PROPOSAL_TEXT[ctx.lang].help] }] }
}

/** "when is X?", "where is X?", "what time does X end?", "what is X about?". */
async function eventInfo(intent: Extract<Intent, { type: 'event-info' }>, ctx: ExecContext): Promise<ExecResult> {
  const r = READING[ctx.lang]
  const view = await viewOf(ctx)
  const found = findEvent(view, intent.event, ctx, intent, { includeCancelled: true })
  if ('result' in found) return found.result
  const ev = found.item
  const info = (text: string): ExecResult => ({ reply: { ...ok(text, ev, ctx.festival.id), tone: 'info' } })
  if (intent.want === 'about') return info(ev.description ? r.about(ev.title, ev.description) : r.noAbout(ev.title))
  if (intent.want === 'where') return info(ev.venueName ? r.where(ev.title, ev.venueName) : r.nowhere(ev.title))
  if (ev.start === null || ev.end === null) return info(r.noTime(ev.title))
  if (intent.want === 'start') return info(r.starts(ev.title, formatDay(dayOf(ev.start, ctx.tz), ctx.lang), formatTime(ev.start, ctx.tz)))
  if (intent.want === 'end') return info(r.ends(ev.title, formatDay(dayOf(ev.end, ctx.tz), ctx.lang), formatTime(ev.end, ctx.tz)))
  return info(r.when(capitalise(describeEvent(ev, ctx.tz, ctx.lang))))
}

/** The venues (with what they hold) or the resources (with how many). */
async function listPlaces(what: 'venues' | 'resources', ctx: ExecContext): Promise<Reply> {
  const r = READING[ctx.lang]
  const view = await viewOf(ctx)
  if (what === 'venues') {
    if (view.venues.length === 0) return { tone: 'info', blocks: [{ type: 'text', text: MESSAGES[ctx.lang].noVenues }] }
    const items = view.venues.map((v) => `${v.name}${v.aliases.length ? ` (${v.aliases.join(', ')})` : ''}${v.capacity ? ` · ${r.people(v.capacity)}` : ''}`)
    return { tone: 'info', blocks: [{ type: 'list', heading: r.venues, items }] }
  }
  if (view.resources.length === 0) return { tone: 'info', blocks: [{ type: 'text', text: r.noResources }] }
  return { tone: 'info', blocks: [{ type: 'list', heading: r.resources, items: view.resources.map((x) => `${x.name}${x.count > 1 ? ` ×${x.count}` : ''}`) }] }
}

/** "is the bar free at 7pm?": free, or which events hold it then. */
async function venueFreeAt(intent: Extract<Intent, { type: 'venue-free' }>, ctx: ExecContext): Promise<ExecResult> {
  const r = READING[ctx.lang]
  const view = await viewOf(ctx)
  const found = findVenue(view, intent.venue, ctx)
  if ('result' in found) return found.result
  const venue = found.item
  const tz = ctx.festival.timezone
  let start = intent.time.start
  if (intent.time.timeOnly && intent.time.clock) start = instantAt(dayOf(ctx.now, tz), intent.time.clock, tz)
  const span = intent.time.dayOnly
    ? { start: Math.max(start, ctx.now), end: endOfDay(dayOf(start, tz), tz) }
    : { start, end: intent.time.end ?? start + (intent.time.durationMs ?? 60 * 60_000) }
  const when = intent.time.dayOnly
    ? formatDay(dayOf(span.start, ctx.tz), ctx.lang)
    : `${formatDay(dayOf(span.start, ctx.tz), ctx.lang)} ${formatTime(span.start, ctx.tz)}–${formatTime(span.end, ctx.tz)}`
  const holders = view.events.filter((e) => e.venue === venue.id && e.status !== 'cancelled' && e.start !== null && e.start < span.end && e.end! > span.start)
  const full = venue.concurrent !== null && holders.length >= venue.concurrent
  if (holders.length === 0 || (!full && !intent.time.dayOnly)) return { reply: { tone: 'info', blocks: [{ type: 'text', text: r.freeAt(venue.name, when) }] } }
  const held = holders.slice(0, 5).map((e) => describeEvent(e, ctx.tz, ctx.lang)).join('; ')
  return { reply: { tone: 'info', blocks: [{ type: 'text', text: r.takenAt(venue.name, when, held) }] } }
}
