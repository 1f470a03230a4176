/**
 * What is due at one instant, and doing it: the scheduler's `run`.
 *
 * @remarks
 * For each room served here: its daily and weekly posts (the next slot of the job's wall time in
 * the room's zone after the last claimed slot: `nextWallSlot`) and its
 * reminders (each matching event's start minus the lead time, from the schedule view); then each
 * person's reminders. Work is due when its instant has come and is not older than the grace
 * period; a post is claimed (fsynced) before it is sent and released when sending failed (retried
 * a minute later while still within the grace period). Answers the earliest instant of work not
 * yet due. At most {@link MAX_SENDS_PER_RUN} messages go out per run; more make the scheduler run
 * again at once.
 */
import { nextWallSlot } from '../../core/scheduler.ts'
import { addDays, dayOf, DAY, endOfDay, formatDay, formatTime, MINUTE, startOfDay } from '../../core/time.ts'
import type { EventView, FestivalId, FestivalMeta, Instant, ScheduleView } from '../../core/types.ts'
import type { ChatAdapter, Reply } from '../../adapters/types.ts'
import type { Lang } from '../intent.ts'
import type { Automation } from './index.ts'
import { programmePost } from './programme.ts'
import type { PostJob, RoomReminderJob } from './store.ts'
import { TEXT } from './text.ts'

/** Messages sent per run at most. */
export const MAX_SENDS_PER_RUN = 20
/** Wait before a post the platform refused is tried again, ms. */
export const RETRY_MS = MINUTE

export interface DueContext {
  now: Instant
  graceMs: number
  /** Job key → instant before which a refused post is not retried (kept by the caller across runs). */
  retryAt: Map<string, Instant>
}

/** Does everything due at `ctx.now`; answers the next instant something is due, or null. */
export async function dueWork(a: Automation, ctx: DueContext): Promise<Instant | null> {
  let next: Instant | null = null
  const soon = (t: Instant) => {
    if (next === null || t < next) next = t
  }
  const views = new Map<FestivalId, ScheduleView>()
  const viewOf = async (id: FestivalId) => {
    let v = views.get(id)
    if (!v) views.set(id, (v = (await a.bot.repo.open(id)).view(ctx.now)))
    return v
  }
  let budget = MAX_SENDS_PER_RUN
  const spend = () => budget-- > 0

  for (const [platform, room] of await a.store.rooms()) {
    const adapter = a.adapter(platform)
    if (!adapter) continue // a room of a platform this process does not run
    const settings = await a.bot.roomSettings(platform, room)
    const festival = settings.festival ? a.bot.repo.festival(settings.festival) : undefined
    if (!festival) continue
    const zone = settings.timezone ?? festival.timezone
    const auto = await a.store.room(platform, room)
    for (const key of ['daily', 'weekly'] as const) {
      const job = auto[key]
      if (!job) continue
      const jobKey = `${platform}\0${room}\0${key}`
      const rule = job.every === 'week' ? { time: job.time, weekday: job.weekday ?? 1 } : { time: job.time }
      const slot = nextWallSlot(rule, zone, Math.max(job.lastSlot ?? job.since, ctx.now - ctx.graceMs))
      if (slot > ctx.now) {
        soon(slot)
        continue
      }
      const retry = ctx.retryAt.get(jobKey)
      if (retry !== undefined && retry > ctx.now) {
        soon(Math.min(retry, slot + ctx.graceMs))
        continue
      }
      if (!spend()) {
        soon(ctx.now)
        continue
      }
      const lang = settings.lang ?? job.lang
      const sent = await postProgramme(a, adapter, { platform, room, key, job, slot, zone, lang, festival, view: await viewOf(festival.id) })
      if (sent) ctx.retryAt.delete(jobKey)
      else ctx.retryAt.set(jobKey, ctx.now + RETRY_MS)
      if (!sent) soon(ctx.now + RETRY_MS)
      soon(nextWallSlot(rule, zone, Math.max(slot, ctx.now)))
    }
    const job = auto.reminders
    if (job) {
      const view = await viewOf(festival.id)
      const lang = settings.lang ?? job.lang
      const due = dueEvents(view.events.filter((e) => matches(e, job)), job.leadMin, job.since, job.sent, ctx, soon)
      const jobKey = `${platform}\0${room}\0reminders`
      if (due.length > 0 && !retrying(ctx, jobKey, soon)) {
        if (!spend()) soon(ctx.now)
        else await remindRoom(a, adapter, { platform, room, job, due, zone, lang, festival, ctx, jobKey })
      }
    }
  }

  for (const [platform, user] of await a.store.people()) {
    const adapter = a.adapter(platform)
    if (!adapter?.sendDirect) continue
    const person = await a.store.person(platform, user)
    if (!person) continue
    const me = a.bot.signerFor(platform, user).key
    const due: Array<{ ev: EventView; festival: FestivalMeta }> = []
    const taken = new Set<string>()
    for (const item of person.items) {
      const festival = a.bot.repo.festival(item.festival as FestivalId)
      if (!festival) continue
      const view = await viewOf(festival.id)
      const pool = view.events.filter((e) => (item.event ? e.id === item.event : e.going.includes(me)) && !taken.has(e.id))
      for (const ev of dueEvents(pool, item.leadMin, item.since, person.sent, ctx, soon)) {
        taken.add(ev.id)
        due.push({ ev, festival })
      }
    }
    const jobKey = `${platform}\0${user}\0personal`
    if (due.length === 0 || retrying(ctx, jobKey, soon)) continue
    if (!spend()) {
      soon(ctx.now)
      continue
    }
    await remindPerson(a, adapter, { platform, user, lang: person.lang, timezone: person.timezone, due, ctx, jobKey })
  }
  return next
}

function retrying(ctx: DueContext, jobKey: string, soon: (t: Instant) => void): boolean {
  const retry = ctx.retryAt.get(jobKey)
  if (retry === undefined || retry <= ctx.now) return false
  soon(retry)
  return true
}

/** Whether a room reminder job covers an event. */
export function matches(ev: Pick<EventView, 'kind' | 'venue'>, job: Pick<RoomReminderJob, 'kinds' | 'venue'>): boolean {
  return (job.kinds.length === 0 || job.kinds.includes(ev.kind)) && (!job.venue || ev.venue === job.venue.id)
}

/**
 * The events whose reminder is due now: not cancelled, not started, reminder instant (start − lead)
 * come, after the job was set up, within the grace period, and not yet sent for this start. Tells
 * `soon` the reminder instants still ahead.
 */
function dueEvents(
  events: EventView[],
  leadMin: number,
  since: Instant,
  sent: Record<string, Instant>,
  ctx: DueContext,
  soon: (t: Instant) => void,
): EventView[] {
  const due: EventView[] = []
  for (const ev of events) {
    if (ev.status === 'cancelled' || ev.status === 'unscheduled' || ev.start === null) continue
    if (sent[ev.id] === ev.start || ev.start <= ctx.now) continue
    const at = ev.start - leadMin * MINUTE
    if (at <= since) continue
    if (at > ctx.now) soon(at)
    else if (at > ctx.now - ctx.graceMs) due.push(ev)
  }
  return due
}

interface PostTask {
  platform: string
  room: string
  key: 'daily' | 'weekly'
  job: PostJob
  slot: Instant
  zone: string
  lang: Lang
  festival: FestivalMeta
  view: ScheduleView
}

/** Claims the slot, posts, keeps the snapshot; releases the claim when the post failed. Answers whether it went out (or was no longer wanted). */
async function postProgramme(a: Automation, adapter: ChatAdapter, p: PostTask): Promise<boolean> {
  const claimed = await a.mutateRoom(p.platform, p.room, (auto) => {
    const j = auto[p.key]
    if (!j || j.since !== p.job.since || (j.lastSlot ?? -Infinity) >= p.slot) return false
    j.lastSlot = p.slot
    return true
  })
  if (!claimed) return true
  const day = dayOf(p.slot, p.zone)
  const until = p.key === 'daily' ? endOfDay(day, p.zone) : endOfDay(addDays(day, 6), p.zone)
  const { reply, snapshot } = programmePost(p.view, { every: p.job.every, day, from: startOfDay(day, p.zone), until, tz: p.zone, lang: p.lang }, p.job.snapshot)
  try {
    await adapter.post(p.room, reply)
  } catch (err) {
    a.log.warn({ err, platform: p.platform, room: p.room }, 'could not post the programme; retrying')
    await a.mutateRoom(p.platform, p.room, (auto) => {
      const j = auto[p.key]
      if (!j || j.lastSlot !== p.slot) return
      if (p.job.lastSlot === undefined) delete j.lastSlot
      else j.lastSlot = p.job.lastSlot
    })
    return false
  }
  await a.mutateRoom(p.platform, p.room, (auto) => {
    const j = auto[p.key]
    if (j && j.since === p.job.since) j.snapshot = snapshot
  })
  return true
}

async function remindRoom(
  a: Automation,
  adapter: ChatAdapter,
  r: { platform: string; room: string; job: RoomReminderJob; due: EventView[]; zone: string; lang: Lang; festival: FestivalMeta; ctx: DueContext; jobKey: string },
): Promise<void> {
  const previous = new Map<string, Instant | undefined>()
  const fresh = await a.mutateRoom(r.platform, r.room, (auto) => {
    const j = auto.reminders
    if (!j || j.since !== r.job.since) return []
    const out = r.due.filter((ev) => j.sent[ev.id] !== ev.start)
    for (const ev of out) {
      previous.set(ev.id, j.sent[ev.id])
      j.sent[ev.id] = ev.start!
    }
    prune(j.sent, r.ctx.now)
    return out
  })
  if (fresh.length === 0) return
  const t = TEXT[r.lang]
  const reply: Reply = { tone: 'info', blocks: fresh.map((ev) => ({ type: 'text' as const, text: t.startingIn(minutesLeft(ev, r.ctx.now), ev.venueName, ev.title) })) }
  if (fresh.length === 1) reply.event = { festival: r.festival.id, id: fresh[0]!.id }
  try {
    await adapter.post(r.room, reply)
    r.ctx.retryAt.delete(r.jobKey)
  } catch (err) {
    a.log.warn({ err, platform: r.platform, room: r.room }, 'could not post reminders; retrying')
    r.ctx.retryAt.set(r.jobKey, r.ctx.now + RETRY_MS)
    await a.mutateRoom(r.platform, r.room, (auto) => {
      const j = auto.reminders
      if (!j) return
      for (const ev of fresh) {
        if (j.sent[ev.id] !== ev.start) continue
        const before = previous.get(ev.id)
        if (before === undefined) delete j.sent[ev.id]
        else j.sent[ev.id] = before
      }
    })
  }
}

async function remindPerson(
  a: Automation,
  adapter: ChatAdapter,
  r: { platform: string; user: string; lang: Lang; timezone: string | undefined; due: Array<{ ev: EventView; festival: FestivalMeta }>; ctx: DueContext; jobKey: string },
): Promise<void> {
  const previous = new Map<string, Instant | undefined>()
  const fresh = await a.locked(async () => {
    const person = await a.store.person(r.platform, r.user)
    if (!person) return []
    const out = r.due.filter(({ ev }) => person.sent[ev.id] !== ev.start)
    for (const { ev } of out) {
      previous.set(ev.id, person.sent[ev.id])
      person.sent[ev.id] = ev.start!
    }
    prune(person.sent, r.ctx.now)
    person.items = person.items.filter((i) => i.going || r.due.every(({ ev }) => ev.id !== i.event || ev.start! > r.ctx.now - DAY))
    await a.store.setPerson(r.platform, r.user, person)
    return out
  })
  if (fresh.length === 0) return
  const t = TEXT[r.lang]
  const reply: Reply = {
    tone: 'info',
    blocks: fresh.map(({ ev, festival }) => {
      const zone = r.timezone ?? festival.timezone
      const when = `${formatDay(dayOf(ev.start!, zone), r.lang)} ${formatTime(ev.start!, zone)}`
      return { type: 'text' as const, text: t.personal(`“${ev.title}”`, minutesLeft(ev, r.ctx.now), when, ev.venueName) }
    }),
  }
  if (fresh.length === 1) reply.event = { festival: fresh[0]!.festival.id, id: fresh[0]!.ev.id }
  try {
    await adapter.sendDirect!(r.user, reply)
    r.ctx.retryAt.delete(r.jobKey)
  } catch (err) {
    a.log.warn({ err, platform: r.platform }, 'could not send a personal reminder; retrying')
    r.ctx.retryAt.set(r.jobKey, r.ctx.now + RETRY_MS)
    await a.locked(async () => {
      const person = await a.store.person(r.platform, r.user)
      if (!person) return
      for (const { ev } of fresh) {
        if (person.sent[ev.id] !== ev.start) continue
        const before = previous.get(ev.id)
        if (before === undefined) delete person.sent[ev.id]
        else person.sent[ev.id] = before
      }
      await a.store.setPerson(r.platform, r.user, person)
    })
  }
}

function minutesLeft(ev: EventView, now: Instant): number {
  return Math.max(1, Math.round((ev.start! - now) / MINUTE))
}

/** Forgets reminders of events that started more than a day ago. */
function prune(sent: Record<string, Instant>, now: Instant): void {
  for (const [id, start] of Object.entries(sent)) if (start < now - DAY) delete sent[id]
}
