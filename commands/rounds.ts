/**
 * Person-to-person rounds: runs the intents of `intent-rounds.ts` (setting an event's or a series'
 * rounds, calling them off, opting in and out, a venue's tables). The pairing itself is
 * `core/rounds.ts`; the posts at each round's start are `automation/rounds.ts`.
 *
 * @remarks
 * Who may set rounds follows the other event edits: the event's author or a co-organiser it lists,
 * or an organiser of the festival (`organisersOf`); for an occurrence of a series, the series'
 * author or a festival organiser, and the rounds then hold for every occurrence. Each writes the
 * record in their own namespace (`rp:<event or series id>`); the view takes the latest allowed one.
 * A person's yes or no is theirs (`ri:<event or occurrence id>`).
 */
import { organisersOf } from '../core/programme.ts'
import { participantsAt, roundsDay, roundsPlans, roundStarts, MAX_ROUNDS, MAX_ROUND_MINUTES } from '../core/rounds.ts'
import type { RoundsData, RoundsPlan } from '../core/rounds.ts'
import { MAX_SPOTS } from '../core/doc.ts'
import { dayOf, formatDay, formatTime } from '../core/time.ts'
import type { EntityId, EventView, ScheduleView } from '../core/types.ts'
import type { ExecContext, ExecResult } from './context.ts'
import type { Intent } from './intent.ts'
import type { RoundsIntent } from './intent-rounds.ts'
import { ROUNDS_TEXT } from './i18n-rounds.ts'
import { describeEvent, nameIn } from './format.ts'
import { commitChange, currentView, findEvent, ID_REF, lookupVenue, ok, refuse } from './execute.ts'

/** Runs one {@link RoundsIntent}. Never throws for expected outcomes. */
export async function executeRounds(intent: RoundsIntent, ctx: ExecContext): Promise<ExecResult> {
  switch (intent.type) {
    case 'venue-spots':
      return venueSpots(intent.venue, intent.spots, ctx)
    case 'set-rounds':
    case 'stop-rounds':
      return setRounds(intent, ctx)
    case 'rounds-answer':
      return answer(intent, ctx)
  }
}

const quoted = (ev: { title: string }) => `“${ev.title}”`
const question = (text: string, items: string[]) => ({ tone: 'question' as const, blocks: [{ type: 'text' as const, text }, { type: 'list' as const, items: items.map((x, i) => `${i + 1}. ${x}`) }] })

/** Upcoming events, one per occurrence, soonest first (at most 5): the choices of "which event?". */
function upcoming(view: ScheduleView, now: number): EventView[] {
  const seen = new Set<string>()
  const out: EventView[] = []
  for (const e of view.events) {
    if (e.start === null || e.status === 'cancelled' || (e.end ?? e.start) <= now) continue
    const key = e.occurrence?.id ?? e.id
    if (seen.has(key)) continue
    seen.add(key)
    out.push(e)
    if (out.length === 5) break
  }
  return out
}

async function setRounds(intent: Extract<RoundsIntent, { type: 'set-rounds' | 'stop-rounds' }>, ctx: ExecContext): Promise<ExecResult> {
  const t = ROUNDS_TEXT[ctx.lang]
  const view = await currentView(ctx)
  if (intent.event === undefined) {
    const list = upcoming(view, ctx.now)
    if (list.length === 0) return { reply: refuse(t.noEvents) }
    return {
      reply: question(t.whichEvent, list.map((e) => describeEvent(e, ctx.tz, ctx.lang))),
      choices: list.map((e) => ({ ...intent, event: ID_REF + e.id }) as Intent),
      labels: list.map((e) => e.title),
    }
  }
  const found = findEvent(view, intent.event, ctx, intent as Intent & { event: string })
  if ('result' in found) return found.result
  const ev = found.item
  const festival = await ctx.repo.open(ctx.festival.id)
  const namespaces = festival.namespaces()
  const organisers = organisersOf(ctx.festival, namespaces)
  const me = ctx.actor.signer.key
  const series = ev.occurrence ? view.series.find((s) => s.id === ev.occurrence!.series) : undefined
  const target = (series ? series.id : ev.id) as EntityId
  const allowed = series ? series.author === me || organisers.has(me) : ev.author === me || (ev.coOrganizers?.includes(me) ?? false) || organisers.has(me)
  const what = series ? quoted(series) : quoted(ev)
  if (!allowed) return { reply: refuse(t.notOrganiser(what, series ? series.authorName : ev.authorName)) }
  if (intent.type === 'stop-rounds') {
    const mine = namespaces.find((ns) => ns.author === me)?.roundPlans.get(target)
    const planned = roundsPlans(ctx.festival, namespaces, view).some((p) => p.target === (ev.occurrence?.id ?? ev.id))
    if (!planned && !mine) return { reply: refuse(t.noneToStop(what)) }
    const clock = mine?.clock ?? '00:00'
    await commitChange(ctx, `stop rounds ${ev.title}`, [], (w) => w.setRoundPlan(target, { clock, count: 0, minutes: mine?.minutes ?? 10, at: ctx.now }))
    return { reply: ok(t.stopped(what)) }
  }
  if (intent.count < 1 || intent.count > MAX_ROUNDS) return { reply: refuse(t.badCount(MAX_ROUNDS)) }
  if (intent.minutes < 1 || intent.minutes > MAX_ROUND_MINUTES) return { reply: refuse(t.badLength(MAX_ROUND_MINUTES)) }
  const rounds: RoundsData = { clock: intent.clock, count: intent.count, minutes: intent.minutes, at: ctx.now }
  const zone = ctx.festival.timezone
  const starts = roundStarts(roundsDay(ev.start!, rounds.clock, zone), rounds, zone)
  const end = starts[starts.length - 1]! + rounds.minutes * 60_000
  if (!series && end <= ctx.now) return { reply: refuse(t.inThePast(what)) }
  await commitChange(ctx, `rounds ${ev.title}`, [], (w) => w.setRoundPlan(target, rounds))
  const text = series
    ? t.setSeries(what, rounds.count, rounds.minutes, rounds.clock, `${formatDay(dayOf(starts[0]!, ctx.tz), ctx.lang)} ${formatTime(starts[0]!, ctx.tz)}`)
    : t.set(`${what} (${formatDay(dayOf(starts[0]!, ctx.tz), ctx.lang)})`, rounds.count, rounds.minutes, formatTime(starts[0]!, ctx.tz), formatTime(end, ctx.tz))
  // The reply names the event, so that 🙋 on it opts in (and 👍 says going).
  return { reply: ok(`${text} ${t.howToJoin}`, ev, ctx.festival.id) }
}

async function answer(intent: Extract<RoundsIntent, { type: 'rounds-answer' }>, ctx: ExecContext): Promise<ExecResult> {
  const t = ROUNDS_TEXT[ctx.lang]
  const view = await currentView(ctx)
  const festival = await ctx.repo.open(ctx.festival.id)
  const namespaces = festival.namespaces()
  const plans = roundsPlans(ctx.festival, namespaces, view)
  const endOf = (p: RoundsPlan) => p.starts[p.starts.length - 1]! + p.rounds.minutes * 60_000
  let plan: RoundsPlan | undefined
  if (intent.event === undefined) {
    const ahead = plans.filter((p) => endOf(p) > ctx.now)
    // The soonest rounds; when a second one starts within a day of it, ask.
    if (ahead.length === 0) return { reply: refuse(t.noRoundsAtAll) }
    const near = ahead.filter((p) => p.starts[0]! < ahead[0]!.starts[0]! + 24 * 3_600_000).slice(0, 5)
    if (near.length > 1) {
      return {
        reply: question(t.whichRounds, near.map((p) => describeEvent(p.event, ctx.tz, ctx.lang))),
        choices: near.map((p) => ({ ...intent, event: ID_REF + p.event.id }) as Intent),
        labels: near.map((p) => p.event.title),
      }
    }
    plan = near[0]!
  } else {
    const found = findEvent(view, intent.event, ctx, intent as Intent & { event: string })
    if ('result' in found) return found.result
    const target = found.item.occurrence?.id ?? found.item.id
    plan = plans.find((p) => p.target === target)
    if (!plan) return { reply: refuse(t.noRounds(quoted(found.item))) }
  }
  const ev = plan.event
  const what = quoted(ev)
  if (endOf(plan) <= ctx.now) return { reply: refuse(t.over(what)) }
  const me = ctx.actor.signer.key
  const mine = namespaces.find((ns) => ns.author === me)?.roundsOptIns.get(plan.target)
  const inNow = participantsAt(plan, namespaces, ctx.now).includes(me)
  const next = plan.starts.find((s) => s > ctx.now)
  const at = (s: number) => formatTime(s, ctx.tz)
  if (intent.join) {
    if (mine?.joined !== undefined && mine.left === undefined) return { reply: ok(t.alreadyIn(what), ev, ctx.festival.id) }
    await commitChange(ctx, `rounds in ${ev.title}`, [], (w) => w.setRoundsOptIn(plan.target, { joined: ctx.now }))
    const started = plan.starts[0]! <= ctx.now
    return { reply: ok(started ? t.joinedLate(what, next ? at(next) : '') : t.joined(what, at(plan.starts[0]!)), ev, ctx.festival.id) }
  }
  if (!inNow && mine?.joined === undefined) return { reply: refuse(t.notIn(what)) }
  await commitChange(ctx, `rounds out ${ev.title}`, [], (w) => w.setRoundsOptIn(plan.target, { left: ctx.now }))
  return { reply: ok(t.left(what, ev.going.includes(me))) }
}

async function venueSpots(typed: string, spots: number, ctx: ExecContext): Promise<ExecResult> {
  const t = ROUNDS_TEXT[ctx.lang]
  const view = await currentView(ctx)
  const found = lookupVenue(view, typed, ctx)
  if (found.kind === 'unsure') return { reply: found.reply }
  if (found.kind === 'none') return { reply: refuse(t.unknownVenue(typed)) }
  const venue = found.item
  if (venue.host !== ctx.actor.signer.key) return { reply: refuse(t.notHost(venue.name, nameIn(view, venue.host))) }
  if (spots < 1 || spots > MAX_SPOTS) return { reply: refuse(t.badSpots(MAX_SPOTS)) }
  const data = (await ctx.repo.open(ctx.festival.id)).namespace(venue.host).venues.get(venue.id)!
  await commitChange(ctx, `tables ${venue.name}`, [{ kind: 'venue', id: venue.id, value: data }], (w) => w.setVenue(venue.id, { ...data, spots }))
  return { reply: ok(t.spots(venue.name, spots)) }
}
