/**
 * Runs the intents about recurring series: create one, skip, move or end occurrences, set its
 * programme template, rename it, ask for the next one; and the glue that lets the event commands
 * (move, cancel, rename, RSVP, who is going) aim at an occurrence.
 *
 * @remarks
 * A series lives in its author's namespace (`s:<id>`, {@link SeriesData}); only the author changes
 * it, every change is one signed operation and undoable. An occurrence is changed by writing the
 * series: a skip adds its original date to `skipped` (EXDATE), a move sets `moved[date]`
 * (RECURRENCE-ID), an end sets `until`. RSVPs to an occurrence are written by the person under the
 * occurrence's id (`<series>@<date>`), in their own namespace. A write the reader (`asSeries` in
 * core/doc.ts) would drop is refused before it is made ({@link LIMITS}). A move, skip or "next"
 * whose name is no series is about a one-off event and runs as the event command.
 */
import { LIST_LIMITS, TEXT_LIMITS } from '../core/limits.ts'
import { dayOf, formatDay, formatTime, instantAt, MINUTE } from '../core/time.ts'
import { expandSeries, firstOccurrence, parseRecur } from '../core/series.ts'
import { peakOverlap, venueHolders, venueIsFree } from '../core/slots.ts'
import type { EntityId, EventView, ScheduleView, SeriesData, SeriesView, TemplateItem, VenueView } from '../core/types.ts'
import { newEntityId } from '../core/ids.ts'
import { MAX_SERIES_PER_AUTHOR } from '../core/doc.ts'
import type { Reply } from '../adapters/types.ts'
import type { Intent, OccurrencePick, SeriesIntent, TimeSpec } from './intent.ts'
import type { ExecContext, ExecResult } from './context.ts'
import { MESSAGES, SERIES_MESSAGES } from './i18n.ts'
import { capitalise, describeEvent, kindName, timeRange } from './format.ts'
import { describeOccurrence, describeSeries, monthName, occurrencesOf } from './series-view.ts'
import type { OccurrenceView } from './series-view.ts'
import { matchName } from './resolve.ts'
import { checkTime, commitChange, DEFAULT_DURATION, execute, findVenue, ID_REF, ok, refuse, venueTakenReply } from './execute.ts'

/** Runs a series intent. Never throws for expected outcomes. */
export async function executeSeries(intent: SeriesIntent, ctx: ExecContext): Promise<ExecResult> {
  switch (intent.type) {
    case 'add-series':
      return addSeries(intent, ctx)
    case 'skip-occurrence':
      return skipOccurrence(intent, ctx)
    case 'move-occurrence':
      return moveOccurrence(intent, ctx)
    case 'end-series':
      return endSeries(intent, ctx)
    case 'series-template':
      return setTemplate(intent, ctx)
    case 'next-occurrence':
      return nextOccurrence(intent, ctx)
  }
}

/** Whether an intent is one of {@link SeriesIntent}. */
export function isSeriesIntent(intent: Intent): intent is SeriesIntent {
  return ['add-series', 'skip-occurrence', 'move-occurrence', 'end-series', 'series-template', 'next-occurrence'].includes(intent.type)
}

// ---- resolution ---------------------------------------------------------------------------------

type Found<T> = { item: T } | { result: ExecResult; none?: boolean }

async function viewOf(ctx: ExecContext): Promise<ScheduleView> {
  return (await ctx.repo.open(ctx.festival.id)).view(ctx.now)
}

/** The series a person names (`undefined`: their only series, or the festival's only one). */
function findSeries(view: ScheduleView, typed: string | undefined, ctx: ExecContext, intent: SeriesIntent): Found<SeriesView> {
  const sm = SERIES_MESSAGES[ctx.lang]
  const me = ctx.actor.signer.key
  const ask = (candidates: SeriesView[]): Found<SeriesView> => ({
    result: {
      reply: {
        tone: 'question',
        blocks: [
          { type: 'text', text: sm.whichSeries },
          { type: 'list', items: candidates.map((s, i) => `${i + 1}. ${describeSeries(s, ctx.lang)}`) },
        ],
      },
      choices: candidates.map((s) => ({ ...intent, series: ID_REF + s.id }) as Intent),
    },
  })
  if (view.series.length === 0) return { result: { reply: refuse(sm.noSeries) }, none: true }
  if (typed === undefined) {
    const mine = view.series.filter((s) => s.author === me)
    if (mine.length === 1) return { item: mine[0]! }
    if (view.series.length === 1) return { item: view.series[0]! }
    return ask((mine.length > 0 ? mine : view.series).slice(0, 5))
  }
  if (typed.startsWith(ID_REF)) {
    const s = view.series.find((x) => x.id === typed.slice(1))
    if (s) return { item: s }
  }
  const stripped = typed.replace(/^(?:the\s+|la\s+|die\s+)?(?:series|s[eé]rie|serie|reihe)\s+/iu, '')
  const mine = view.series.filter((s) => s.author === me)
  const own = matchName(stripped, mine, (s) => [s.title])
  if (own.kind === 'sure' && own.score >= 0.9) return { item: own.item }
  const match = matchName(stripped, view.series, (s) => [s.title])
  if (match.kind === 'sure') return { item: match.item }
  if (match.kind === 'unsure') return ask(match.candidates)
  const known = view.series.slice(0, 8).map((s) => s.title).join(', ')
  return { result: { reply: refuse(sm.unknownSeries(typed, known)) }, none: true }
}

/** The occurrence a pick names, or the refusal to send. */
function pickOccurrence(view: ScheduleView, s: SeriesView, pick: OccurrencePick, ctx: ExecContext, upcomingOnly: boolean): { item: OccurrenceView } | { reply: Reply } {
  const sm = SERIES_MESSAGES[ctx.lang]
  const all = occurrencesOf(view, s.id)
  const tz = ctx.festival.timezone
  let found: OccurrenceView | undefined
  let which: string
  if (pick.kind === 'next') {
    found = all.find((o) => o.end > ctx.now && !o.cancelled)
    which = sm.upcoming
  } else if (pick.kind === 'day') {
    found = all.find((o) => o.date === pick.day) ?? all.find((o) => dayOf(o.start, tz) === pick.day)
    which = sm.onDay(formatDay(pick.day, ctx.lang))
  } else {
    const inMonth = all.filter((o) => Number(o.date.slice(5, 7)) === pick.month)
    const floor = dayOf(ctx.now - 31 * 24 * 3_600_000, tz)
    found = inMonth.find((o) => o.date >= floor) ?? inMonth.at(-1)
    which = sm.inMonth(monthName(pick.month, ctx.lang))
  }
  if (!found) return { reply: refuse(sm.noOccurrence(s.title, which)) }
  if (upcomingOnly && found.start < ctx.now) return { reply: refuse(MESSAGES[ctx.lang].inThePast) }
  return { item: found }
}

/** The series as its author wrote it (for the change and for undo). */
async function stored(ctx: ExecContext, id: EntityId): Promise<SeriesData | undefined> {
  return (await ctx.repo.open(ctx.festival.id)).namespace(ctx.actor.signer.key).series.get(id)
}

function notYours(s: SeriesView, ctx: ExecContext): ExecResult {
  return { reply: refuse(SERIES_MESSAGES[ctx.lang].notYours(s.title, s.authorName)) }
}

async function writeSeries(ctx: ExecContext, id: EntityId, before: SeriesData | null, next: SeriesData, label: string): Promise<void> {
  await commitChange(ctx, label, [{ kind: 'series', id, value: before }], (w) => w.setSeries(id, next))
}

/**
 * What the reader (`asSeries` in core/doc.ts) accepts of a series, from the one table in
 * core/limits.ts; checked here first for a refusal that names the series' own example (the writer
 * would refuse anyway). Per-author count: {@link MAX_SERIES_PER_AUTHOR}.
 */
const LIMITS = {
  /** Title length in UTF-16 code units (`string.length`). */
  title: TEXT_LIMITS.title,
  /** Items of a programme template. */
  template: LIST_LIMITS.template,
  /** Entries of `skipped`, and of `moved`, each. */
  exceptions: LIST_LIMITS.skipped,
} as const

/** The refusal for a series the reader would drop, or `null` when it fits {@link LIMITS}. */
function beyondLimits(data: SeriesData, ctx: ExecContext): ExecResult | null {
  const sm = SERIES_MESSAGES[ctx.lang]
  if (data.title.length > LIMITS.title) return { reply: refuse(sm.titleTooLong(data.title.length, LIMITS.title)) }
  if (data.template && data.template.length > LIMITS.template) return { reply: refuse(sm.templateTooLong(data.template.length, LIMITS.template)) }
  if (data.skipped.length > LIMITS.exceptions || Object.keys(data.moved).length > LIMITS.exceptions) {
    return { reply: refuse(sm.tooManyExceptions(data.title, LIMITS.exceptions)) }
  }
  return null
}

/** The reply when a series just written is not in the view read back (the change stays; undo takes it back). */
function notShown(title: string, ctx: ExecContext): ExecResult {
  return { reply: { tone: 'error', blocks: [{ type: 'text', text: SERIES_MESSAGES[ctx.lang].notShown(title) }] } }
}

const clockOf = (local: string) => local.slice(11, 16)
const minutes = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5))

// ---- the intents --------------------------------------------------------------------------------

async function addSeries(intent: Extract<SeriesIntent, { type: 'add-series' }>, ctx: ExecContext): Promise<ExecResult> {
  const m = MESSAGES[ctx.lang]
  const sm = SERIES_MESSAGES[ctx.lang]
  const view = await viewOf(ctx)
  const tz = ctx.festival.timezone
  let venue: VenueView | null = null
  if (intent.venue) {
    const found = findVenue(view, intent.venue, ctx)
    if ('result' in found) return found.result
    venue = found.item
  }
  if (!parseRecur(intent.rrule)) return { reply: refuse(sm.noDate) }
  const today = dayOf(ctx.now, tz)
  const from = [today, intent.from, ctx.festival.startDate].filter((d): d is string => d !== undefined).sort().at(-1)!
  let start = firstOccurrence(intent.rrule, from, intent.clock, tz)
  // Today's occurrence has already begun: the series starts with the next one.
  if (start && instantAt(start.slice(0, 10), clockOf(start), tz) < ctx.now) start = firstOccurrence(intent.rrule, nextDay(start.slice(0, 10)), intent.clock, tz)
  const last = [intent.until, ctx.festival.endDate].filter((d): d is string => d !== undefined).sort()[0]
  if (!start || (last !== undefined && start.slice(0, 10) > last)) return { reply: refuse(sm.noDate) }
  let duration: number
  if (intent.endClock) {
    duration = minutes(intent.endClock) - minutes(intent.clock)
    if (duration <= 0) duration += 24 * 60
  } else duration = Math.round((intent.durationMs ?? DEFAULT_DURATION[intent.kind]) / MINUTE)
  if (duration < 1 || duration > 24 * 60) return { reply: refuse(m.endBeforeStart) }
  const title = intent.title?.trim() || capitalise(kindName(intent.kind, ctx.lang))
  if (title.length > LIMITS.title) return { reply: refuse(sm.titleTooLong(title.length, LIMITS.title)) }
  // The reader keeps an author's MAX_SERIES_PER_AUTHOR smallest ids (random): one more would hide one of them.
  const own = (await ctx.repo.open(ctx.festival.id)).namespace(ctx.actor.signer.key).series.size
  if (own >= MAX_SERIES_PER_AUTHOR) return { reply: refuse(sm.tooManySeries(MAX_SERIES_PER_AUTHOR)) }
  const data: SeriesData = {
    title,
    kind: intent.kind,
    venue: venue?.id ?? null,
    resources: [],
    start,
    timezone: tz,
    duration,
    rrule: intent.rrule,
    skipped: [],
    moved: {},
    bookedAt: ctx.now,
  }
  if (intent.until) data.until = intent.until
  const id = newEntityId(ctx.actor.signer.key)
  // Clashes with what already holds the venue: the series is booked anyway (it holds every other
  // date), those occurrences lose (they are booked later) and are listed for the author to skip or move.
  const clashes: string[] = []
  if (venue && venue.concurrent !== null) {
    for (const o of expandSeries(id, data, view.horizon)) {
      if (o.end <= ctx.now) continue
      const free = venueIsFree(view, venue, { start: o.start, end: o.end })
      if (free !== true) clashes.push(`${formatDay(o.date, ctx.lang)}: ${summarise(free, ctx).join('; ')}`)
    }
  }
  const beyond = beyondLimits(data, ctx)
  if (beyond) return beyond
  await writeSeries(ctx, id, null, data, `+ ${title}`)
  const after = await viewOf(ctx)
  const s = after.series.find((x) => x.id === id)
  if (!s) return notShown(title, ctx)
  const upcoming = occurrencesOf(after, id).filter((o) => o.end > ctx.now)
  const next = upcoming.slice(0, 3).map((o) => formatDay(dayOf(o.start, ctx.tz), ctx.lang)).join(', ')
  const reply = ok(sm.added(describeSeries(s, ctx.lang), next))
  if (clashes.length > 0) reply.blocks.push({ type: 'list', heading: sm.clashes, items: clashes.slice(0, 10) })
  return { reply }
}

/** Events as a reply names them, the items of one occurrence of a series merged into one. */
function summarise(events: EventView[], ctx: ExecContext): string[] {
  const out: string[] = []
  const merged = new Map<string, EventView>()
  for (const e of events) {
    const key = e.occurrence?.item !== undefined ? e.occurrence.id : e.id
    const prev = merged.get(key)
    if (!prev) merged.set(key, e.occurrence?.item !== undefined ? { ...e, title: e.title.replace(/: [^:]*$/, '') } : e)
    else merged.set(key, { ...prev, start: Math.min(prev.start!, e.start!), end: Math.max(prev.end!, e.end!) })
  }
  for (const e of merged.values()) out.push(describeEvent(e, ctx.tz, ctx.lang))
  return out
}

function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + 1)
  return d.toISOString().slice(0, 10)
}

async function skipOccurrence(intent: Extract<SeriesIntent, { type: 'skip-occurrence' }>, ctx: ExecContext): Promise<ExecResult> {
  const sm = SERIES_MESSAGES[ctx.lang]
  const view = await viewOf(ctx)
  const found = findSeries(view, intent.series, ctx, intent)
  if ('result' in found) {
    // "skip the workshop on Friday" about a one-off event is "I'm not going".
    if (found.none && intent.series && intent.pick.kind !== 'month') {
      const rsvp: Intent = { type: 'rsvp', event: intent.series, answer: 'not-going' }
      if (intent.pick.kind === 'day') rsvp.day = intent.pick.day
      return execute(rsvp, ctx)
    }
    return found.result
  }
  const s = found.item
  if (s.author !== ctx.actor.signer.key) return notYours(s, ctx)
  const picked = pickOccurrence(view, s, intent.pick, ctx, true)
  if ('reply' in picked) return { reply: picked.reply }
  const occ = picked.item
  if (occ.cancelled) return { reply: refuse(sm.alreadySkipped(describeOccurrence(occ, s, ctx))) }
  const before = await stored(ctx, s.id)
  if (!before) return notShown(s.title, ctx)
  const next: SeriesData = { ...before, skipped: [...new Set([...before.skipped, occ.date])].sort() }
  const beyond = beyondLimits(next, ctx)
  if (beyond) return beyond
  await writeSeries(ctx, s.id, before, next, `skip ${s.title} ${occ.date}`)
  const after = occurrencesOf(await viewOf(ctx), s.id).find((o) => o.id === occ.id)
  if (!after) return notShown(s.title, ctx)
  return { reply: ok(sm.skipped(describeOccurrence(after, s, ctx)), after.events[0], ctx.festival.id) }
}

async function moveOccurrence(intent: Extract<SeriesIntent, { type: 'move-occurrence' }>, ctx: ExecContext): Promise<ExecResult> {
  const m = MESSAGES[ctx.lang]
  const sm = SERIES_MESSAGES[ctx.lang]
  const tz = ctx.festival.timezone
  const view = await viewOf(ctx)
  const found = findSeries(view, intent.series, ctx, intent)
  if ('result' in found) {
    // No series by that name: "move X on Friday to Saturday / to 20:00 / to Scène" is about a one-off event.
    const move = found.none && intent.series ? oneOffMove(intent, intent.series, ctx.now, tz) : null
    return move ? execute(move, ctx) : found.result
  }
  const s = found.item
  if (s.author !== ctx.actor.signer.key) return notYours(s, ctx)
  const picked = pickOccurrence(view, s, intent.pick, ctx, true)
  if ('reply' in picked) return { reply: picked.reply }
  const occ = picked.item
  const before = await stored(ctx, s.id)
  if (!before) return notShown(s.title, ctx)
  const original = instantAt(occ.date, clockOf(before.start), tz)
  const current = before.moved[occ.date] ?? { start: original, end: original + before.duration * MINUTE, bookedAt: before.bookedAt }
  const curDay = dayOf(current.start, tz)
  let day = intent.toDay ?? curDay
  if (intent.toDayOfMonth !== undefined) {
    day = `${curDay.slice(0, 8)}${String(intent.toDayOfMonth).padStart(2, '0')}`
    if (!isRealDay(day)) return { reply: refuse(m.needTime) }
  }
  const clock = intent.clock ?? formatTime(current.start, tz)
  const start = instantAt(day, clock, tz)
  let end = start + (current.end - current.start)
  if (intent.endClock) {
    end = instantAt(day, intent.endClock, tz)
    if (end <= start) end += 24 * 3_600_000
  }
  const bad = checkTime(start, end, ctx)
  if (bad) return { reply: bad }
  let venue: VenueView | null = null
  const venueId = intent.venue ? undefined : (before.moved[occ.date]?.venue !== undefined ? before.moved[occ.date]!.venue! : before.venue)
  if (intent.venue) {
    const fv = findVenue(view, intent.venue, ctx)
    if ('result' in fv) return fv.result
    venue = fv.item
  } else if (venueId) venue = view.venues.find((v) => v.id === venueId) ?? null
  if (venue && venue.concurrent !== null) {
    const delta = start - current.start
    for (const e of occ.events) {
      const span = { start: e.start! + delta, end: e.start! + delta + (e.end! - e.start!) }
      if (!intent.endClock && occ.events.length === 1) span.end = end
      const holders = venueHolders(view, venue.id, span).filter((h) => h.occurrence?.id !== occ.id)
      const others = holders.map((h) => ({ start: h.start!, end: h.end! }))
      if (peakOverlap(others, span) >= venue.concurrent) return { reply: venueTakenReply(view, venue, holders, span, ctx, e.id) }
    }
  }
  const moved = { ...before.moved }
  const sameVenue = (venue?.id ?? null) === before.venue
  if (start === original && end === original + before.duration * MINUTE && sameVenue) delete moved[occ.date]
  else {
    moved[occ.date] = { start, end, bookedAt: ctx.now }
    if (!sameVenue) moved[occ.date]!.venue = venue?.id ?? null
  }
  const beyond = beyondLimits({ ...before, moved }, ctx)
  if (beyond) return beyond
  await writeSeries(ctx, s.id, before, { ...before, moved }, `move ${s.title} ${occ.date}`)
  const after = occurrencesOf(await viewOf(ctx), s.id).find((o) => o.id === occ.id)
  if (!after) return notShown(s.title, ctx)
  return { reply: ok(sm.moved(describeOccurrence(after, s, ctx)), after.events[0], ctx.festival.id) }
}

function isRealDay(day: string): boolean {
  const d = new Date(`${day}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === day
}

/**
 * The one-off event's move that a series move stands for when its name is no series ("move IPFS
 * basics on Friday to Saturday"), as `move-event` reads it: the event by that name, to the target
 * day with its own clock time kept (like "move X to Saturday"); to a clock time on the target day
 * (the picked day when no other is named); to a clock time alone for "the next X" (on the event's
 * own day); and/or to a venue. "To the 11th" is a day of the picked day's month. `null` when nothing
 * is left to move to (a month pick, or "the next X to the 11th"): the series refusal stands.
 */
function oneOffMove(intent: Extract<SeriesIntent, { type: 'move-occurrence' }>, event: string, now: number, tz: string): Extract<Intent, { type: 'move-event' }> | null {
  if (intent.pick.kind === 'month') return null
  const from = intent.pick.kind === 'day' ? intent.pick.day : undefined
  let day = intent.toDay
  if (intent.toDayOfMonth !== undefined) {
    if (!from) return null
    day = `${from.slice(0, 8)}${String(intent.toDayOfMonth).padStart(2, '0')}`
    if (!isRealDay(day)) return null
  }
  const move: Extract<Intent, { type: 'move-event' }> = { type: 'move-event', event }
  if (intent.clock) {
    const on = day ?? from
    if (on) move.time = timeSpec(on, intent.clock, intent.endClock, tz)
    else {
      move.time = { ...timeSpec(dayOf(now, tz), intent.clock, intent.endClock, tz), timeOnly: true, clock: intent.clock, text: intent.clock }
      if (intent.endClock) move.time.endClock = intent.endClock
    }
  } else if (day) move.time = { start: instantAt(day, '00:00', tz), dayOnly: true, text: day }
  if (intent.venue) move.venue = intent.venue
  return move.time || move.venue ? move : null
}

function timeSpec(day: string, clock: string, endClock: string | undefined, tz: string): TimeSpec {
  const spec: TimeSpec = { start: instantAt(day, clock, tz), dayOnly: false, text: `${day} ${clock}` }
  if (endClock) {
    spec.end = instantAt(day, endClock, tz)
    if (spec.end <= spec.start) spec.end += 24 * 3_600_000
  }
  return spec
}

async function endSeries(intent: Extract<SeriesIntent, { type: 'end-series' }>, ctx: ExecContext): Promise<ExecResult> {
  const sm = SERIES_MESSAGES[ctx.lang]
  const view = await viewOf(ctx)
  const found = findSeries(view, intent.series, ctx, intent)
  if ('result' in found) return found.result
  const s = found.item
  if (s.author !== ctx.actor.signer.key) return notYours(s, ctx)
  if (intent.until < s.start.slice(0, 10)) return { reply: refuse(sm.endsBeforeStart(s.title, formatDay(s.start.slice(0, 10), ctx.lang))) }
  if (intent.until < dayOf(ctx.now, ctx.festival.timezone)) return { reply: refuse(sm.endInPast(s.title, `${formatDay(intent.until, ctx.lang)} ${intent.until.slice(0, 4)}`)) }
  const before = await stored(ctx, s.id)
  if (!before) return notShown(s.title, ctx)
  await writeSeries(ctx, s.id, before, { ...before, until: intent.until }, `end ${s.title}`)
  const last = occurrencesOf(await viewOf(ctx), s.id).filter((o) => !o.cancelled).at(-1)
  return { reply: ok(sm.ended(s.title, formatDay(intent.until, ctx.lang), last ? describeOccurrence(last, s, ctx) : '')) }
}

async function setTemplate(intent: Extract<SeriesIntent, { type: 'series-template' }>, ctx: ExecContext): Promise<ExecResult> {
  const sm = SERIES_MESSAGES[ctx.lang]
  const view = await viewOf(ctx)
  const found = findSeries(view, intent.series, ctx, intent)
  if ('result' in found) return found.result
  const s = found.item
  if (s.author !== ctx.actor.signer.key) return notYours(s, ctx)
  if (intent.items.length > LIMITS.template) return { reply: refuse(sm.templateTooLong(intent.items.length, LIMITS.template)) }
  const startClock = clockOf(s.start)
  const startMin = minutes(startClock)
  const offsets: number[] = []
  for (const item of intent.items) {
    let offset = minutes(item.clock) - startMin
    if (offset < 0 && minutes(item.clock) <= 8 * 60 && offset + 24 * 60 <= 24 * 60) offset += 24 * 60 // past midnight
    if (offset < 0) return { reply: refuse(sm.templateBeforeStart(item.clock, startClock)) }
    offsets.push(offset)
  }
  const order = intent.items.map((item, i) => ({ item, offset: offsets[i]! })).sort((a, b) => a.offset - b.offset)
  const template: TemplateItem[] = order.map(({ item, offset }, i) => {
    const next = order[i + 1]
    let duration: number
    if (item.endClock) {
      duration = minutes(item.endClock) - minutes(item.clock)
      if (duration <= 0) duration += 24 * 60
    } else if (next && next.offset > offset) duration = next.offset - offset
    else duration = Math.max(s.duration - offset, 60) // the last item runs to the series' end, an hour at least
    return { offset, duration: Math.min(duration, 24 * 60), title: item.title.slice(0, 200), kind: item.kind ?? s.kind }
  })
  const before = await stored(ctx, s.id)
  if (!before) return notShown(s.title, ctx)
  const span = Math.max(...template.map((t) => t.offset + t.duration))
  await writeSeries(ctx, s.id, before, { ...before, template, duration: Math.max(1, Math.min(span, 7 * 24 * 60)) }, `programme ${s.title}`)
  const after = await viewOf(ctx)
  if (!after.series.some((x) => x.id === s.id)) return notShown(s.title, ctx)
  const next = occurrencesOf(after, s.id).find((o) => o.end > ctx.now && !o.cancelled)
  const lines = next
    ? next.events.map((e) => `${timeRange(e, ctx.tz)} ${e.title}`)
    : template.map((t) => `+${t.offset} min ${t.title}`)
  return {
    reply: {
      tone: 'ok',
      blocks: [
        { type: 'text', text: sm.templateSet(s.title, next ? formatDay(dayOf(next.start, ctx.tz), ctx.lang) : '') },
        { type: 'list', items: lines },
      ],
    },
  }
}

async function nextOccurrence(intent: Extract<SeriesIntent, { type: 'next-occurrence' }>, ctx: ExecContext): Promise<ExecResult> {
  const sm = SERIES_MESSAGES[ctx.lang]
  const view = await viewOf(ctx)
  const found = findSeries(view, intent.series, ctx, intent)
  if ('result' in found) {
    // "when is the next talk?" about one-off events: the next one by that name.
    if (found.none && intent.series) {
      const upcoming = view.events.filter((e) => !e.occurrence && e.start !== null && e.start >= ctx.now && e.status !== 'cancelled')
      const match = matchName(intent.series, upcoming, (e) => [e.title, kindName(e.kind, ctx.lang)])
      if (match.kind === 'sure') return { reply: { ...ok(sm.next(describeEvent(match.item, ctx.tz, ctx.lang), ''), match.item, ctx.festival.id), tone: 'info' } }
    }
    return found.result
  }
  const s = found.item
  const upcoming = occurrencesOf(view, s.id).filter((o) => o.end > ctx.now && !o.cancelled)
  const next = upcoming[0]
  if (!next) return { reply: { tone: 'info', blocks: [{ type: 'text', text: sm.noneLeft(s.title) }] } }
  const then = upcoming.slice(1, 4).map((o) => formatDay(dayOf(o.start, ctx.tz), ctx.lang)).join(', ')
  const reply: Reply = { ...ok(sm.next(describeOccurrence(next, s, ctx), then), next.events[0], ctx.festival.id), tone: 'info' }
  if (next.events.length > 1) reply.blocks.push({ type: 'list', items: next.events.map((e) => `${timeRange(e, ctx.tz)} ${e.title}`) })
  return { reply }
}

// ---- event commands aimed at an occurrence --------------------------------------------------------

/**
 * "move / cancel / rename X" where X turned out to be an occurrence of a series: a move or a cancel
 * of that occurrence becomes a series exception (RECURRENCE-ID, EXDATE); a rename renames the
 * series. Only the series' author may.
 */
export async function changeOccurrence(
  intent: Extract<Intent, { type: 'move-event' | 'rename-event' | 'cancel-event' }>,
  ev: EventView,
  ctx: ExecContext,
): Promise<ExecResult> {
  const ref = ev.occurrence!
  const series = ID_REF + ref.series
  const pick: OccurrencePick = { kind: 'day', day: ref.date }
  if (intent.type === 'cancel-event') return skipOccurrence({ type: 'skip-occurrence', series, pick }, ctx)
  if (intent.type === 'move-event') {
    const move: Extract<SeriesIntent, { type: 'move-occurrence' }> = { type: 'move-occurrence', series, pick }
    const tz = ctx.festival.timezone
    const t = intent.time
    if (t) {
      if (t.timeOnly) {
        move.clock = t.clock ?? formatTime(t.start, tz)
        if (t.endClock) move.endClock = t.endClock
        else if (t.end !== undefined) move.endClock = formatTime(t.end, tz)
      } else {
        move.toDay = dayOf(t.start, tz)
        if (!t.dayOnly) move.clock = formatTime(t.start, tz)
        if (!t.dayOnly && t.end !== undefined) move.endClock = formatTime(t.end, tz)
      }
    }
    if (intent.venue) move.venue = intent.venue
    return moveOccurrence(move, ctx)
  }
  const sm = SERIES_MESSAGES[ctx.lang]
  const view = await viewOf(ctx)
  const s = view.series.find((x) => x.id === ref.series)
  if (!s) return { reply: refuse(MESSAGES[ctx.lang].unknownEvent(intent.event)) }
  if (s.author !== ctx.actor.signer.key) return notYours(s, ctx)
  const before = await stored(ctx, s.id)
  if (!before) return notShown(s.title, ctx)
  const title = intent.title.trim()
  if (title.length > LIMITS.title) return { reply: refuse(sm.titleTooLong(title.length, LIMITS.title)) }
  await writeSeries(ctx, s.id, before, { ...before, title }, `rename ${s.title}`)
  return { reply: ok(sm.renamed(s.title, title)) }
}

/** The refusal for booking a resource for an occurrence. */
export function noResourcesForOccurrence(ev: EventView, ctx: ExecContext): ExecResult {
  return { reply: refuse(SERIES_MESSAGES[ctx.lang].noResources(ev.title)) }
}
