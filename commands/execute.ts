/**
 * Runs one intent for one person against a festival and says what happened.
 *
 * @remarks
 * Expected outcomes are replies, never throws: an unknown venue, a taken slot, an ambiguous name, a
 * time in the past. A change is made only when everything checks out, and the reply is built only
 * after the operation is durably stored ({@link Repo.commit} resolves). Every reply that touches an
 * event names it with its day, time and venue.
 */
import { newEntityId } from '../core/ids.ts'
import { dayOf, formatDay, instantAt, formatTime, weekdayOf, HOUR, MINUTE } from '../core/time.ts'
import { freeGaps, resourceIsFree, venueIsFree } from '../core/slots.ts'
import { compareEvents, eventIn } from '../core/view.ts'
import { changesBetween } from '../core/deltas.ts'
import type { EntityId, EventData, EventEdit, EventKind, EventView, ResourceView, ScheduleView, VenueView } from '../core/types.ts'
import { EDITABLE_FIELDS } from '../core/types.ts'
import type { NamespaceWriter } from '../core/doc.ts'
import type { Reply } from '../adapters/types.ts'
import type { Intent, TimeSpec } from './intent.ts'
import type { ExecContext, ExecResult } from './context.ts'
import { MESSAGES } from './i18n.ts'
import { READING } from './i18n-reading.ts'
import { capitalise, describeEvent, kindName, listNames, theKind } from './format.ts'
import { PLACE_WORDS, fold as foldName, matchName, nameCandidates, nameCandidatesInOrder, prepare, resourceSynonyms } from './resolve.ts'
import { restore } from './undo.ts'
import type { Previous } from './undo.ts'
import { runQuery } from './queries.ts'
import { kindWord } from './parse/index.ts'
import { matchDescribed, readDescription } from './parse/describe-ref.ts'
import { removeVenue, rsvpMany, setDescription, setLength, shiftEvent } from './edits.ts'
import { changeOccurrence, executeSeries, isSeriesIntent, noResourcesForOccurrence } from './series.ts'
import { collapseOccurrences, withoutNext } from './series-view.ts'
import { executeApplications, rsvpAt, rsvpNote } from './applications.ts'
import { isApplicationIntent } from './intent-applications.ts'
import { isProposalIntent } from './proposal-intent.ts'
import { executeProposal } from './proposals.ts'
import { isMeetingIntent } from './intent-meetings.ts'
import { executeMeeting } from './meetings.ts'
import { isRoundsIntent } from './intent-rounds.ts'
import { executeRounds } from './rounds.ts'

/** Default length of an event by kind, when only a start was given (ms). */
export const DEFAULT_DURATION: Record<EventKind, number> = {
  talk: 45 * MINUTE,
  workshop: 2 * HOUR,
  concert: HOUR,
  party: 4 * HOUR,
  meetup: 2 * HOUR,
  projection: 90 * MINUTE,
  stand: 4 * HOUR,
  meeting: HOUR,
  other: HOUR,
}

/** Longest event yurt books in one piece (ms): a week. */
export const MAX_EVENT_MS = 7 * 24 * HOUR

/** A prefix that makes a name an exact event id (used by numbered answers to questions). */
export const ID_REF = '#'

export function ok(text: string, event?: EventView, festival?: string): Reply {
  const reply: Reply = { tone: 'ok', blocks: [{ type: 'text', text }] }
  if (event && festival) reply.event = { festival, id: event.id }
  return reply
}

export function refuse(text: string, extra?: { heading: string; items: string[] }): Reply {
  const reply: Reply = { tone: 'refusal', blocks: [{ type: 'text', text }] }
  if (extra && extra.items.length > 0) reply.blocks.push({ type: 'list', heading: extra.heading, items: extra.items })
  return reply
}

/** Runs an intent. Never throws for expected outcomes. */
export async function execute(intent: Intent, ctx: ExecContext): Promise<ExecResult> {
  switch (intent.type) {
    case 'add-event':
      return addEvent(intent, ctx)
    case 'move-event':
    case 'rename-event':
    case 'cancel-event':
      return changeEvent(intent, ctx)
    case 'undo':
      return { reply: await undo(ctx) }
    case 'add-venue':
      return { reply: await addVenue(intent, ctx) }
    case 'add-resource':
      return { reply: await addResource(intent, ctx) }
    case 'book-resource':
      return bookResource(intent, ctx)
    case 'rsvp':
      return rsvp(intent, ctx)
    case 'rsvp-many':
      return rsvpMany(intent, ctx)
    case 'shift-event':
      return shiftEvent(intent, ctx)
    case 'set-length':
      return setLength(intent, ctx)
    case 'describe-event':
      return setDescription(intent, ctx)
    case 'remove-venue':
      return removeVenue(intent, ctx)
    default:
      if (isSeriesIntent(intent)) return executeSeries(intent, ctx)
      if (isApplicationIntent(intent)) return executeApplications(intent, ctx)
      if (isProposalIntent(intent)) return executeProposal(intent, ctx)
      if (isMeetingIntent(intent)) return executeMeeting(intent, ctx)
      if (isRoundsIntent(intent)) return executeRounds(intent, ctx)
      return runQuery(intent, ctx)
  }
}

// ---- resolution -------------------------------------------------------------------------------

/** Outcome of looking up a name: the item, or the reply to send instead. */
type Found<T> = { item: T } | { result: ExecResult }

/** A venue by the name typed: found, asked about (several fit), or none. */
export function lookupVenue(view: ScheduleView, typed: string, ctx: ExecContext): { kind: 'found'; item: VenueView } | { kind: 'unsure'; reply: Reply } | { kind: 'none' } {
  let match = matchName(typed, view.venues, (v) => [v.name, ...v.aliases])
  if (match.kind === 'none') {
    const group = PLACE_WORDS.find((g) => g.some((w) => matchName(typed, [w], (x) => [x]).kind === 'sure'))
    if (group) match = matchName(typed, view.venues, (v) => [v.name, ...v.aliases, ...(group.some((w) => matchName(v.name, [w], (x) => [x]).kind === 'sure') ? group : [])])
  }
  if (match.kind === 'sure') return { kind: 'found', item: match.item }
  if (match.kind === 'unsure') return { kind: 'unsure', reply: whichOf(typed, match.candidates.map((v) => v.name), ctx) }
  return { kind: 'none' }
}

/** A venue by the name typed, or the reply to send instead (a question, or a refusal listing the venues). */
export function findVenue(view: ScheduleView, typed: string, ctx: ExecContext): Found<VenueView> {
  const found = lookupVenue(view, typed, ctx)
  if (found.kind === 'found') return { item: found.item }
  if (found.kind === 'unsure') return { result: { reply: found.reply } }
  const known = view.venues.slice(0, 8).map((v) => v.name).join(', ')
  return { result: { reply: refuse(MESSAGES[ctx.lang].unknownVenue(typed, known)) } }
}

/** The question back for a name that matches several venues or resources. */
function whichOf(typed: string, names: string[], ctx: ExecContext): Reply {
  const m = MESSAGES[ctx.lang]
  return { tone: 'question', blocks: [{ type: 'text', text: `${m.whichOne(typed)} ${m.didYouMean(listNames(names, ctx.lang))}` }] }
}

function findResource(view: ScheduleView, typed: string, ctx: ExecContext): Found<ResourceView> {
  const m = MESSAGES[ctx.lang]
  const match = matchName(typed, view.resources, (r) => [r.name, ...resourceSynonyms(r.name)])
  if (match.kind === 'sure') return { item: match.item }
  if (match.kind === 'unsure') {
    return { result: { reply: whichOf(typed, match.candidates.map((r) => r.name), ctx) } }
  }
  return { result: { reply: refuse(m.unknownResource(typed, view.resources.map((r) => r.name).join(', '))) } }
}

/** The {@link matchName} index of events by their titles (`(e) => [e.title]`), kept across views. */
const EVENT_TITLES = 'event titles'

/**
 * Per view, its series occurrences (all, and not cancelled), gathered in one pass when the view has
 * series; and per `includeCancelled`, the series collapsed to one event each
 * ({@link collapseOccurrences}) with the clock span that holds for.
 */
interface SeriesPools {
  view: ScheduleView
  occurrences: EventView[]
  liveOccurrences: EventView[]
  collapsed: Map<boolean, { events: EventView[]; from: number; until: number }>
}
const seriesOfView = new WeakMap<ScheduleView, SeriesPools>()
/** The pools made last: a kept view whose changes since touched no occurrence shares them ({@link changesBetween}). */
let lastPools: SeriesPools | null = null

/** The series of `view`, one event each (its next occurrence), kept per view while the clock leaves the picks as they are. */
function seriesPool(view: ScheduleView, includeCancelled: boolean, now: number): EventView[] {
  if (view.series.length === 0) return []
  let pools = seriesOfView.get(view)
  if (!pools) {
    const changes = lastPools && changesBetween(lastPools.view.events, view.events)
    const touched = (list: readonly EventView[]) => list.some((e) => e.occurrence)
    if (lastPools && changes && changes.every((c) => !touched(c.removed) && !touched(c.added))) {
      // The same occurrence objects: the same pools, and the picks made from them.
      pools = { ...lastPools, view }
    } else {
      pools = { view, occurrences: [], liveOccurrences: [], collapsed: new Map() }
      for (const e of view.events) {
        if (!e.occurrence) continue
        pools.occurrences.push(e)
        if (e.status !== 'cancelled') pools.liveOccurrences.push(e)
      }
    }
    seriesOfView.set(view, pools)
    lastPools = pools
  }
  const kept = pools.collapsed.get(includeCancelled)
  if (kept && kept.from <= now && now < kept.until) return kept.events
  const { pool, until } = collapseOccurrences(includeCancelled ? pools.occurrences : pools.liveOccurrences, '', now)
  pools.collapsed.set(includeCancelled, { events: pool, from: now, until })
  return pool
}

const titleOf = (e: EventView) => [e.title]
const notOccurrence = (e: EventView) => !e.occurrence
const liveEvent = (e: EventView) => !e.occurrence && e.status !== 'cancelled'

/**
 * The events of a name lookup's pool that `typed` may match, in pool order: {@link nameCandidates}.
 * A whole pool is the view's events that are no occurrence (cancelled ones too, or not), then its
 * series as {@link collapseOccurrences} orders them: the first part is looked up in the view's own
 * events array (the index follows the kept view's changes since the last lookup, or maps a view
 * built whole once) and filtered, so that no list of every event is made per view; each list has its own
 * index (lists taking turns on one index would remap it each time).
 */
function namedIn(view: ScheduleView, pool: { day: EventView[] } | { series: EventView[]; cancelled: boolean }, typed: string): readonly EventView[] {
  const t = prepare(typed)
  if ('day' in pool) return nameCandidates(t, pool.day, titleOf, `${EVENT_TITLES}: day`)
  const keep = pool.cancelled ? notOccurrence : liveEvent
  const events = nameCandidatesInOrder(t, view.events, titleOf, EVENT_TITLES, compareEvents)
  return [...events.filter(keep), ...nameCandidates(t, pool.series, titleOf, `${EVENT_TITLES}: series ${pool.cancelled}`)]
}

/**
 * Finds the event a person names. Their own events come first; `day` narrows the search. An
 * ambiguous name becomes a numbered question whose choices re-run `intent` with the event's id.
 */
export function findEvent(
  view: ScheduleView,
  typed: string,
  ctx: ExecContext,
  intent: Intent & { event: string },
  options: { day?: string; includeCancelled?: boolean } = {},
): Found<EventView> {
  const m = MESSAGES[ctx.lang]
  if (typed.startsWith(ID_REF)) {
    const ev = eventIn(view, typed.slice(1))
    if (ev) return { item: ev }
  }
  let dayPool: EventView[] | null = null
  if (options.day) {
    const onDay = view.events.filter((e) => (options.includeCancelled || e.status !== 'cancelled') && e.start !== null && dayOf(e.start, ctx.festival.timezone) === options.day)
    if (onDay.length > 0) {
      // A series answers by one occurrence: the next one on `day`.
      ;({ pool: dayPool, typed } = collapseOccurrences(onDay, typed, ctx.now))
    }
  }
  let named: readonly EventView[]
  let pool: () => EventView[]
  if (dayPool) {
    const onDay = dayPool
    named = namedIn(view, { day: onDay }, typed)
    pool = () => onDay
  } else {
    // The whole programme, one event per series (its next occurrence), as collapseOccurrences orders it.
    const cancelled = !!options.includeCancelled
    const series = seriesPool(view, cancelled, ctx.now)
    typed = withoutNext(typed) || typed
    named = namedIn(view, { series, cancelled }, typed)
    let whole: EventView[] | undefined
    pool = () => (whole ??= view.events.filter(cancelled ? notOccurrence : liveEvent).concat(series))
  }
  const names = (e: EventView) => [e.title]
  // `named`: the events the name index leaves, every one the typed name can match (scores above 0),
  // in programme order, so that matching them answers as matching the whole pool.
  const titledSo = () => named.some((e) => foldName(e.title) === foldName(typed))
  // A kind word ("the workshop", "mon atelier"): the speaker's only event of that kind, else the festival's only one.
  const kind = kindWord(typed)
  if (kind && !titledSo()) {
    const upcoming = (list: EventView[]) => list.filter((e) => e.kind === kind && (e.end ?? Infinity) > ctx.now)
    const mine = upcoming(pool().filter((e) => e.author === ctx.actor.signer.key))
    const candidates = mine.length > 0 ? mine : upcoming(pool())
    if (candidates.length === 1) return { item: candidates[0]! }
    if (candidates.length > 1) return { result: whichEvent(typed, candidates.slice(0, 5), intent, ctx) }
  }
  // "bob's workshop", "my ipfs workshop", "la conf d'alice", "le truc de bob samedi": by who, what and when.
  const described = titledSo() ? null : readDescription(typed, [...view.names.values()])
  if (described) {
    const tz = ctx.festival.timezone
    const fits = matchDescribed(described, pool(), ctx.actor.signer.key, (start) => weekdayOf(dayOf(start, tz)))
    const ahead = fits.filter((e) => (e.end ?? Infinity) > ctx.now)
    const list = ahead.length > 0 ? ahead : fits
    if (list.length === 1) return { item: list[0]! }
    if (list.length > 1) return { result: whichEvent(typed, list.slice(0, 5), intent, ctx) }
  }
  const ownMatch = matchName(typed, named.filter((e) => e.author === ctx.actor.signer.key), names)
  if (ownMatch.kind === 'sure' && ownMatch.score >= 0.9) return { item: ownMatch.item }
  const match = matchName(typed, named, names)
  if (match.kind === 'sure') return { item: match.item }
  if (match.kind === 'unsure') return { result: whichEvent(typed, match.candidates, intent, ctx) }
  const suggestions = match.suggestions.map((e) => e.title)
  const text = m.unknownEvent(typed) + (suggestions.length ? ` ${m.didYouMean(listNames(suggestions, ctx.lang))}` : '')
  return { result: { reply: refuse(text) } }
}

/** "Which one do you mean?" with numbered events; each choice re-runs `intent` with that event's id. */
function whichEvent(typed: string, candidates: EventView[], intent: Intent & { event: string }, ctx: ExecContext): ExecResult {
  return {
    reply: {
      tone: 'question',
      blocks: [
        { type: 'text', text: MESSAGES[ctx.lang].whichOne(typed) },
        { type: 'list', items: candidates.map((e, i) => `${i + 1}. ${describeEvent(e, ctx.tz, ctx.lang)}`) },
      ],
    },
    choices: candidates.map((e) => ({ ...intent, event: ID_REF + e.id }) as Intent),
    labels: candidates.map((e) => e.title),
    // Restating a choice by its start ("19h", "the 7pm one") picks it too.
    answers: candidates.map((e) => (e.start !== null ? [e.title, formatTime(e.start, ctx.tz)] : [e.title])),
  }
}

// ---- checks -----------------------------------------------------------------------------------

/** Checks a proposed slot: in the future, inside the festival, sane length. Returns a refusal or null. */
export function checkTime(start: number, end: number, ctx: ExecContext): Reply | null {
  const m = MESSAGES[ctx.lang]
  if (end <= start) return refuse(m.endBeforeStart)
  if (end - start > MAX_EVENT_MS) return refuse(m.endBeforeStart)
  if (start < ctx.now) return refuse(m.inThePast)
  const { startDate, endDate, timezone } = ctx.festival
  const day = dayOf(start, timezone)
  if ((startDate && day < startDate) || (endDate && day > endDate)) {
    const range = `${startDate ? formatDay(startDate, ctx.lang) : '…'} – ${endDate ? formatDay(endDate, ctx.lang) : '…'}`
    return refuse(m.outsideFestival(range))
  }
  return null
}

/** Refusal for a taken venue, with free alternatives: other times there, other venues then. */
export function venueTakenReply(
  view: ScheduleView,
  venue: VenueView,
  holders: EventView[],
  span: { start: number; end: number },
  ctx: ExecContext,
  except?: EntityId,
): Reply {
  const m = MESSAGES[ctx.lang]
  const tz = ctx.festival.timezone
  const length = span.end - span.start
  const day = dayOf(span.start, tz)
  const window = { start: Math.max(instantAt(day, '08:00', tz), ctx.now), end: instantAt(day, '24:00', tz) }
  const alternatives: string[] = []
  for (const gap of freeGaps(view, venue, window, length, except).slice(0, 3)) {
    alternatives.push(`${formatTime(gap.start, ctx.tz)}–${formatTime(gap.end, ctx.tz)} ${venue.name}`)
  }
  const others = view.venues.filter(
    (v) => v.id !== venue.id && v.concurrent !== null && venueIsFree(view, v, span, except) === true,
  )
  for (const v of others.slice(0, 3)) alternatives.push(`${formatTime(span.start, ctx.tz)} ${v.name}`)
  const held = holders.map((h) => describeEvent(h, ctx.tz, ctx.lang)).join('; ')
  return refuse(m.venueTaken(venue.name, held), { heading: m.alternatives, items: alternatives })
}

// ---- changes ----------------------------------------------------------------------------------

/** Commits one change as the actor (with their profile when it changed) and records it for undo. */
export async function commitChange(
  ctx: ExecContext,
  label: string,
  previous: Previous[],
  fn: Parameters<ExecContext['repo']['commit']>[2],
): Promise<void> {
  const ns = (await ctx.repo.open(ctx.festival.id)).namespace(ctx.actor.signer.key)
  const needsProfile = !ns.profile || ns.profile.name !== ctx.actor.name
  await ctx.repo.commit(ctx.festival.id, ctx.actor.signer, (w) => {
    if (needsProfile) w.setProfile({ name: ctx.actor.name, handle: ctx.actor.handle })
    fn(w)
  })
  // The change is stored (its operation is in the log): a failed undo record must not unsay it.
  await ctx.undo.push(ctx.festival.id, ctx.actor.signer.key, { label, previous }).catch(() => undefined)
}

/** Whether the actor may change `ev`: its author, or a co-organiser the author listed. */
export function mayChange(ev: EventView, ctx: ExecContext): boolean {
  const me = ctx.actor.signer.key
  return ev.author === me || (!ev.occurrence && (ev.coOrganizers?.includes(me) ?? false))
}

/**
 * Writes `changes` to `ev` as the actor, starting from the event as everybody sees it (the author's
 * record or a later co-organiser's edit): into the author's own record, or, for a co-organiser, as
 * an {@link EventEdit} in the co-organiser's own namespace. `more` adds entities written in the
 * same change (a new venue). The caller has checked {@link mayChange}.
 */
export async function writeEvent(
  ev: EventView,
  changes: Partial<Pick<EventData, (typeof EDITABLE_FIELDS)[number]>>,
  ctx: ExecContext,
  label: string,
  more: { previous?: Previous[]; write?: (w: NamespaceWriter) => void } = {},
): Promise<void> {
  const me = ctx.actor.signer.key
  const festival = await ctx.repo.open(ctx.festival.id)
  const shown: Record<string, unknown> = {}
  for (const f of EDITABLE_FIELDS) if ((ev as EventData)[f] !== undefined) shown[f] = (ev as EventData)[f]
  Object.assign(shown, changes)
  for (const f of EDITABLE_FIELDS) if (shown[f] === undefined) delete shown[f]
  if (ev.author === me) {
    const before = festival.namespace(me).events.get(ev.id)!
    const next: EventData = { ...before, ...(shown as Partial<EventData>), editedAt: ctx.now }
    for (const f of EDITABLE_FIELDS) if (shown[f] === undefined) delete (next as unknown as Record<string, unknown>)[f]
    await commitChange(ctx, label, [{ kind: 'event', id: ev.id, value: before }, ...(more.previous ?? [])], (w) => {
      more.write?.(w)
      w.setEvent(ev.id, next)
    })
    return
  }
  const before = festival.namespace(me).edits.get(ev.id) ?? null
  const edit = { ...shown, at: ctx.now } as unknown as EventEdit
  await commitChange(ctx, label, [{ kind: 'edit', id: ev.id, value: before }, ...(more.previous ?? [])], (w) => {
    more.write?.(w)
    w.setEdit(ev.id, edit)
  })
}

/** The festival's schedule view at the context's clock. */
export async function currentView(ctx: ExecContext): Promise<ScheduleView> {
  return (await ctx.repo.open(ctx.festival.id)).view(ctx.now)
}

function resolveSpan(time: TimeSpec, kind: EventKind, baseDay?: string, tz?: string, length?: number): { start: number; end: number } {
  let start = time.start
  let end = time.end
  if (time.timeOnly && baseDay && tz) {
    // Only a wall time was said: keep the event's own day.
    start = instantAt(baseDay, time.clock ?? formatTime(time.start, tz), tz)
    if (end !== undefined) end = instantAt(baseDay, time.endClock ?? formatTime(end, tz), tz)
  }
  if (end === undefined) end = start + (time.durationMs ?? length ?? DEFAULT_DURATION[kind])
  if (end <= start && time.end !== undefined) end += 24 * HOUR // "22:00-02:00" runs past midnight
  return { start, end }
}

async function addEvent(intent: Extract<Intent, { type: 'add-event' }>, ctx: ExecContext): Promise<ExecResult> {
  const m = MESSAGES[ctx.lang]
  const r = READING[ctx.lang]
  if (!intent.time) return { reply: question(r.askWhen), awaiting: intent }
  if (intent.time.dayOnly) return { reply: question(r.askClock(formatDay(dayOf(intent.time.start, ctx.festival.timezone), ctx.lang))), awaiting: intent }
  const view = await currentView(ctx)
  let venue: VenueView | null = null
  let newVenue: string | null = null
  if (intent.venue) {
    const exact = view.venues.find((v) => foldName(v.name) === foldName(intent.venue!) || v.aliases.some((a) => foldName(a) === foldName(intent.venue!)))
    if (exact) venue = exact
    else if (intent.newVenue) newVenue = intent.venue.trim()
    else {
      const found = lookupVenue(view, intent.venue, ctx)
      if (found.kind === 'found') venue = found.item
      else if (found.kind === 'unsure') return { reply: found.reply }
      else {
        // An unknown venue is offered, not refused: "yes" adds it and books the event there, in one change.
        const what = intent.title ? `“${intent.title}”` : theKind(intent.kind, ctx.lang)
        return {
          reply: question(r.offerVenue(capitalise(intent.venue.trim()), what)),
          choices: [{ ...intent, newVenue: true }],
          labels: [r.yesNo[0]],
          yesNo: true,
        }
      }
    }
  }
  const span = resolveSpan(intent.time, intent.kind)
  const bad = checkTime(span.start, span.end, ctx)
  if (bad) return { reply: bad }
  if (venue) {
    const free = venueIsFree(view, venue, span)
    if (free !== true) return { reply: venueTakenReply(view, venue, free, span, ctx) }
  }
  const resources: ResourceView[] = []
  for (const typed of intent.resources) {
    const found = findResource(view, typed, ctx)
    if ('result' in found) return found.result
    const free = resourceIsFree(view, found.item, span)
    if (free !== true) return { reply: refuse(m.resourceTaken(found.item.name, free.map((e) => describeEvent(e, ctx.tz, ctx.lang)).join('; '))) }
    resources.push(found.item)
  }
  const title = intent.title?.trim() || capitalise(kindName(intent.kind, ctx.lang))
  const id = newEntityId(ctx.actor.signer.key)
  const venueId = newVenue ? newEntityId(ctx.actor.signer.key) : null
  const data: EventData = {
    title,
    kind: intent.kind,
    start: span.start,
    end: span.end,
    venue: venue?.id ?? venueId,
    resources: resources.map((x) => x.id),
    organizers: (intent.organizers ?? []).filter((o) => o !== ctx.actor.name), // over the limit: refused by the writer, never cut short
    tags: [],
    state: 'scheduled',
    bookedAt: ctx.now,
  }
  if (intent.capacity !== undefined) data.capacity = intent.capacity
  // Co-organisers who are people of the festival (one profile by that name) may change the event too.
  const keys = data.organizers.map((name) => [...view.names].filter(([, n]) => n === name).map(([k]) => k)).filter((ks) => ks.length === 1).map((ks) => ks[0]!)
  if (keys.length > 0) data.coOrganizers = keys.filter((k) => k !== ctx.actor.signer.key)
  const previous: Previous[] = [{ kind: 'event', id, value: null }]
  if (venueId) previous.push({ kind: 'venue', id: venueId, value: null })
  await commitChange(ctx, `+ ${title}`, previous, (w) => {
    if (venueId && newVenue) w.setVenue(venueId, { name: newVenue, aliases: [], capacity: null, concurrent: ZONE_WORDS.test(newVenue) ? null : 1, policy: 'open' })
    w.setEvent(id, data)
  })
  const ev = eventIn(await currentView(ctx), id)!
  const said = describeEvent(ev, ctx.tz, ctx.lang)
  return { reply: ok(newVenue ? r.addedWithVenue(newVenue, said) : m.added(said), ev, ctx.festival.id) }
}

/** Names of places that hold many events at once (a new venue named so is a zone). */
const ZONE_WORDS = /(?:^|\s)(?:village|zone|area|camp|field|market|garden|park|espace|jardin|parc|dorf|bereich|gelände|gelande|wiese|markt)(?:\s|$)/iu

/** A question back. */
export function question(text: string): Reply {
  return { tone: 'question', blocks: [{ type: 'text', text }] }
}

async function changeEvent(intent: Extract<Intent, { type: 'move-event' | 'rename-event' | 'cancel-event' }>, ctx: ExecContext): Promise<ExecResult> {
  const m = MESSAGES[ctx.lang]
  const view = await currentView(ctx)
  const day = intent.type === 'cancel-event' ? intent.day : undefined
  const found = findEvent(view, intent.event, ctx, intent, day ? { day } : {})
  if ('result' in found) return found.result
  const ev = found.item
  if (ev.occurrence) return changeOccurrence(intent, ev, ctx)
  if (!mayChange(ev, ctx)) return { reply: refuse(m.notYours(ev.title, ev.authorName)) }
  const changes: Partial<EventData> = {}

  if (intent.type === 'cancel-event') {
    if (ev.state === 'cancelled') return { reply: refuse(m.alreadyCancelled(ev.title)) }
    changes.state = 'cancelled'
  } else if (intent.type === 'rename-event') {
    changes.title = intent.title.trim()
  } else {
    let venue: VenueView | null | undefined
    let newVenue: string | undefined
    if (intent.venue) {
      const found = lookupVenue(view, intent.venue, ctx)
      if (found.kind === 'found') venue = found.item
      else if (found.kind === 'unsure') return { reply: found.reply }
      else if (intent.newVenue) newVenue = intent.venue.trim()
      else {
        // An unknown venue is offered, as for a booking: "yes" adds it and moves the event there, in one change.
        const r = READING[ctx.lang]
        return {
          reply: question(r.offerVenueMove(capitalise(intent.venue.trim()), `“${ev.title}”`)),
          choices: [{ ...intent, newVenue: true }],
          labels: [r.yesNo[0]],
          yesNo: true,
        }
      }
    }
    let span = ev.start !== null ? { start: ev.start, end: ev.end! } : null
    if (intent.time) {
      if (intent.time.dayOnly) {
        if (!span) return { reply: refuse(m.needDayTime(`${intent.time.text} 15:00`)) }
        const tz = ctx.festival.timezone
        const newDay = dayOf(intent.time.start, tz)
        span = { start: instantAt(newDay, formatTime(span.start, tz), tz), end: 0 }
        span.end = span.start + (ev.end! - ev.start!)
      } else {
        const baseDay = ev.start !== null ? dayOf(ev.start, ctx.festival.timezone) : undefined
        const length = ev.start !== null ? ev.end! - ev.start : undefined
        span = resolveSpan(intent.time, ev.kind, baseDay, ctx.festival.timezone, length)
      }
    }
    if (!span) return { reply: refuse(m.needTime) }
    return retime(ev, span, newVenue ?? venue, ctx, `${intent.type} ${ev.title}`)
  }
  await writeEvent(ev, changes, ctx, `${intent.type} ${ev.title}`)
  const after = eventIn(await currentView(ctx), ev.id)!
  const said = describeEvent(after, ctx.tz, ctx.lang)
  const text = intent.type === 'cancel-event' ? m.cancelled(said) : m.renamed(ev.title, said)
  return { reply: ok(text, after, ctx.festival.id) }
}

/**
 * Gives one of the actor's own events (not an occurrence) a new start and end, and a new venue
 * when `venue` is given (`undefined` keeps its venue): checked like a new booking, then committed.
 */
export async function retime(ev: EventView, span: { start: number; end: number }, venue: VenueView | string | null | undefined, ctx: ExecContext, label: string): Promise<ExecResult> {
  const m = MESSAGES[ctx.lang]
  if (!mayChange(ev, ctx)) return { reply: refuse(m.notYours(ev.title, ev.authorName)) }
  const view = await currentView(ctx)
  // A string is the name of a venue to create with the move (nothing can be booked there yet).
  const created = typeof venue === 'string' ? { id: newEntityId(ctx.actor.signer.key), name: venue } : null
  const at = created ? null : venue === undefined ? (ev.venue ? (view.venues.find((v) => v.id === ev.venue) ?? null) : null) : (venue as VenueView | null)
  const bad = checkTime(span.start, span.end, ctx)
  if (bad) return { reply: bad }
  if (at) {
    const free = venueIsFree(view, at, span, ev.id)
    if (free !== true) return { reply: venueTakenReply(view, at, free, span, ctx, ev.id) }
  }
  for (const rid of ev.resources) {
    const resource = view.resources.find((r) => r.id === rid)
    const free = resource ? resourceIsFree(view, resource, span, ev.id) : true
    if (free !== true) return { reply: refuse(m.resourceTaken(resource!.name, free.map((e) => describeEvent(e, ctx.tz, ctx.lang)).join('; '))) }
  }
  await writeEvent(ev, { start: span.start, end: span.end, venue: created?.id ?? at?.id ?? null, bookedAt: ctx.now }, ctx, label, created ? {
    previous: [{ kind: 'venue', id: created.id, value: null }],
    write: (w) => w.setVenue(created.id, { name: created.name, aliases: [], capacity: null, concurrent: ZONE_WORDS.test(created.name) ? null : 1, policy: 'open' }),
  } : {})
  const after = eventIn(await currentView(ctx), ev.id)!
  const said = describeEvent(after, ctx.tz, ctx.lang)
  return { reply: ok(created ? READING[ctx.lang].movedWithVenue(created.name, said) : m.moved(said), after, ctx.festival.id) }
}

async function undo(ctx: ExecContext): Promise<Reply> {
  const m = MESSAGES[ctx.lang]
  const entry = await ctx.undo.pop(ctx.festival.id, ctx.actor.signer.key)
  if (!entry) return refuse(m.nothingToUndo)
  await ctx.repo.commit(ctx.festival.id, ctx.actor.signer, (w) => restore(w, entry.previous))
  const view = await currentView(ctx)
  const touched = entry.previous.find((p) => p.kind === 'event' || p.kind === 'rsvp')
  const ev = touched ? eventIn(view, touched.id) : undefined
  const what = ev ? describeEvent(ev, ctx.tz, ctx.lang) : entry.label.replace(/^\+ /, '')
  return ok(m.undone(ev ? what : `“${what}”`), ev, ctx.festival.id)
}

async function addVenue(intent: Extract<Intent, { type: 'add-venue' }>, ctx: ExecContext): Promise<Reply> {
  const m = MESSAGES[ctx.lang]
  const name = intent.name.trim()
  const view = await currentView(ctx)
  const existing = matchName(name, view.venues, (v) => [v.name, ...v.aliases])
  if (existing.kind === 'sure' && existing.score === 1) return refuse(m.venueExists(existing.item.name))
  const id = newEntityId(ctx.actor.signer.key)
  const concurrent = intent.concurrent === undefined ? 1 : intent.concurrent
  const detail = [
    concurrent === 1 ? (ctx.lang === 'fr' ? 'un événement à la fois' : ctx.lang === 'de' ? 'eine Veranstaltung zur Zeit' : 'one event at a time')
      : concurrent === null ? (ctx.lang === 'fr' ? 'plusieurs événements à la fois' : ctx.lang === 'de' ? 'mehrere gleichzeitig' : 'many events at once')
      : `${concurrent} ${ctx.lang === 'fr' ? 'à la fois' : ctx.lang === 'de' ? 'gleichzeitig' : 'at once'}`,
    intent.capacity ? `${intent.capacity} ${ctx.lang === 'fr' ? 'personnes' : ctx.lang === 'de' ? 'Personen' : 'people'}` : '',
    intent.policy === 'approval' ? (ctx.lang === 'fr' ? 'sur validation' : ctx.lang === 'de' ? 'mit Freigabe' : 'bookings need approval') : '',
  ].filter(Boolean).join(', ')
  await commitChange(ctx, `+ ${name}`, [{ kind: 'venue', id, value: null }], (w) =>
    w.setVenue(id, { name, aliases: [], capacity: intent.capacity ?? null, concurrent, policy: intent.policy ?? 'open' }),
  )
  return ok(m.venueAdded(name, detail))
}

async function addResource(intent: Extract<Intent, { type: 'add-resource' }>, ctx: ExecContext): Promise<Reply> {
  const m = MESSAGES[ctx.lang]
  const name = intent.name.trim()
  const view = await currentView(ctx)
  if (view.resources.some((r) => matchName(name, [r], (x) => [x.name]).kind === 'sure' && r.name.toLowerCase() === name.toLowerCase())) {
    return refuse(m.resourceExists(name))
  }
  const id = newEntityId(ctx.actor.signer.key)
  const count = Math.max(1, Math.min(1000, intent.count))
  await commitChange(ctx, `+ ${name}`, [{ kind: 'resource', id, value: null }], (w) => w.setResource(id, { name, count }))
  return ok(m.resourceAdded(name, count))
}

async function bookResource(intent: Extract<Intent, { type: 'book-resource' }>, ctx: ExecContext): Promise<ExecResult> {
  const m = MESSAGES[ctx.lang]
  const view = await currentView(ctx)
  const fr = findResource(view, intent.resource, ctx)
  if ('result' in fr) return fr.result
  const fe = findEvent(view, intent.event, ctx, intent)
  if ('result' in fe) return fe.result
  const ev = fe.item
  if (ev.occurrence) return noResourcesForOccurrence(ev, ctx)
  if (ev.author !== ctx.actor.signer.key) return { reply: refuse(m.notYours(ev.title, ev.authorName)) }
  if (ev.resources.includes(fr.item.id)) return { reply: ok(m.resourceBooked(fr.item.name, describeEvent(ev, ctx.tz, ctx.lang)), ev, ctx.festival.id) }
  if (ev.start === null) return { reply: refuse(m.needTime) }
  const free = resourceIsFree(view, fr.item, { start: ev.start, end: ev.end! }, ev.id)
  if (free !== true) return { reply: refuse(m.resourceTaken(fr.item.name, free.map((e) => describeEvent(e, ctx.tz, ctx.lang)).join('; '))) }
  const before = (await ctx.repo.open(ctx.festival.id)).namespace(ctx.actor.signer.key).events.get(ev.id)!
  const next = { ...before, resources: [...before.resources, fr.item.id] }
  await commitChange(ctx, `book ${fr.item.name}`, [{ kind: 'event', id: ev.id, value: before }], (w) => w.setEvent(ev.id, next))
  const after = eventIn(await currentView(ctx), ev.id)!
  return { reply: ok(m.resourceBooked(fr.item.name, describeEvent(after, ctx.tz, ctx.lang)), after, ctx.festival.id) }
}

async function rsvp(intent: Extract<Intent, { type: 'rsvp' }>, ctx: ExecContext): Promise<ExecResult> {
  const m = MESSAGES[ctx.lang]
  const view = await currentView(ctx)
  const found = findEvent(view, intent.event, ctx, intent, intent.day ? { day: intent.day } : {})
  if ('result' in found) return found.result
  const ev = found.item
  // An RSVP to any part of an occurrence of a series is stored under the occurrence's id.
  const target = ev.occurrence?.id ?? ev.id
  const ns = (await ctx.repo.open(ctx.festival.id)).namespace(ctx.actor.signer.key)
  const before = ns.rsvps.get(target) ?? null
  await commitChange(ctx, `rsvp ${ev.title}`, [{ kind: 'rsvp', id: target, value: before, ...(ns.rsvpAt.has(target) ? { at: ns.rsvpAt.get(target)! } : {}) }], (w) => w.setRsvp(target, intent.answer, rsvpAt(intent.answer, before, ns.rsvpAt.get(target), ctx.now)))
  const freshView = await currentView(ctx)
  const fresh = eventIn(freshView, ev.id)!
  const after = ev.occurrence ? { ...fresh, title: ev.title, start: ev.start, end: ev.end } : fresh
  const said = describeEvent(after, ctx.tz, ctx.lang)
  const text = intent.answer === 'going' ? m.going(said) : intent.answer === 'maybe' ? m.maybe(said) : m.notGoing(said)
  const note = rsvpNote(ev, after, ctx.actor.signer.key, freshView, ctx.lang)
  return { reply: ok(note ? (note.replaces ? note.text : `${text} ${note.text}`) : text, after, ctx.festival.id) }
}
