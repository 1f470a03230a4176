/**
 * Runs an automation sentence for one person in one room: set up, change, stop, list.
 *
 * @remarks
 * Who may change or stop a room's automation follows DESIGN.md ("roles come from actions"): the
 * person who set it up, and the room's moderators where the platform has them
 * ({@link ChatAdapter.isModerator}: Matrix power level ≥ 50, Rocket.Chat owner or moderator).
 * Setting up what another person set up is a change, so it needs the same right. Personal
 * reminders belong to their person alone. Expected outcomes are replies; nothing is written unless
 * the whole sentence checked out.
 */
import { dayOf, formatDay, formatTime } from '../../core/time.ts'
import type { EventView, FestivalMeta, Instant, ScheduleView } from '../../core/types.ts'
import type { ChatAdapter, IncomingMessage, Reply } from '../../adapters/types.ts'
import type { Bot } from '../bot.ts'
import type { Lang } from '../intent.ts'
import { MESSAGES } from '../i18n.ts'
import { nothingPlannedYet } from '../first-festival.ts'
import { kindName, listNames } from '../format.ts'
import { matchName } from '../resolve.ts'
import type { AutomationCommand } from './read.ts'
import { AutomationStore } from './store.ts'
import type { PersonalAutomation, PersonalReminder, PostJob, RoomAutomation, RoomReminderJob, Setter } from './store.ts'
import { TEXT, WEEKDAY_NAMES } from './text.ts'
import { EVENT_KINDS } from '../../core/types.ts'

/** What running a command needs. */
export interface CommandContext {
  bot: Bot
  store: AutomationStore
  /** The adapter of the message's platform, when this process runs it. */
  adapter: ChatAdapter | undefined
  message: IncomingMessage
  now: Instant
  /** Runs `fn` on a room's record under the automation's write lock; answers what `fn` answered. */
  mutateRoom<T>(platform: string, room: string, fn: (auto: RoomAutomation) => T): Promise<T>
  /**
   * Reads a person's record fresh under the same lock, runs `fn` and stores what it gives back as
   * `value` (nothing is written when it gives none); answers its `out`.
   */
  mutatePerson<T>(platform: string, user: string, fn: (mine: PersonalAutomation | undefined) => { value?: PersonalAutomation; out: T }): Promise<T>
}

/** A reply, plus — for a question back — what each numbered answer runs. */
export interface CommandResult {
  reply: Reply
  choices?: AutomationCommand[]
}

const say = (text: string, tone: Reply['tone'] = 'ok'): Reply => ({ tone, blocks: [{ type: 'text', text }] })

/** A job as a phrase: `every day at 09:00`, `10 minutes before each workshop at Ground Control`. */
export function describePost(job: PostJob, lang: Lang): string {
  const t = TEXT[lang]
  return job.every === 'day' ? t.everyDay(job.time) : t.everyWeek(WEEKDAY_NAMES[lang][(job.weekday ?? 1) - 1]!, job.time)
}

export function describeReminders(job: Pick<RoomReminderJob, 'leadMin' | 'kinds' | 'venue'>, lang: Lang): { lead: string; what: string } {
  const t = TEXT[lang]
  const kinds = job.kinds.map((k) => kindName(k, lang))
  const what = (kinds.length ? t.eachKinds(listNames(kinds, lang)) : t.eachEvent) + (job.venue ? t.atVenue(job.venue.name) : '')
  return { lead: t.minutes(job.leadMin), what }
}

/** Runs one command. Never throws for expected outcomes. */
export async function runAutomationCommand(cmd: AutomationCommand, ctx: CommandContext): Promise<CommandResult> {
  const t = TEXT[cmd.lang]
  const { message } = ctx
  if (cmd.type === 'hint') return { reply: hintReply(cmd) }
  if (cmd.type === 'list') return { reply: await list(cmd.lang, ctx) }
  if (cmd.type === 'stop-remind-me') {
    const n = await ctx.mutatePerson(message.platform, message.user, (mine) =>
      !mine || mine.items.length === 0 ? { out: 0 } : { value: { ...mine, items: [] }, out: mine.items.length },
    )
    return { reply: n === 0 ? say(t.meNone, 'info') : say(t.meStopped(n)) }
  }
  if (cmd.type === 'stop-post' || cmd.type === 'stop-remind-room') return { reply: await stop(cmd, ctx) }

  const settings = await ctx.bot.roomSettings(message.platform, message.room)
  const festival = settings.festival ? ctx.bot.repo.festival(settings.festival) : undefined
  if (!festival) return { reply: say(nothingPlannedYet(cmd.lang, ctx.bot.repo.festivals()), 'info') }
  const tz = settings.timezone ?? festival.timezone
  const setter: Setter = { user: message.user, name: (message.userName ?? message.user).slice(0, 100) }

  switch (cmd.type) {
    case 'post': {
      const job: PostJob = { every: cmd.every, time: cmd.time, setter, lang: cmd.lang, since: ctx.now }
      if (cmd.every === 'week') job.weekday = cmd.weekday
      const key = cmd.every === 'day' ? 'daily' : 'weekly'
      const before = (await ctx.store.room(message.platform, message.room))[key]
      if (before) {
        const refusal = await permission(before.setter, cmd.lang, ctx)
        if (refusal) return { reply: refusal }
      }
      await ctx.mutateRoom(message.platform, message.room, (auto) => {
        auto[key] = job
      })
      const when = describePost(job, cmd.lang)
      return { reply: say(before ? t.postReplaced(when, tz, describePost(before, cmd.lang)) : t.postSet(when, tz)) }
    }
    case 'remind-room': {
      const before = (await ctx.store.room(message.platform, message.room)).reminders
      if (before) {
        const refusal = await permission(before.setter, cmd.lang, ctx)
        if (refusal) return { reply: refusal }
      }
      const job: RoomReminderJob = { leadMin: cmd.leadMin, kinds: cmd.kinds, setter, lang: cmd.lang, since: ctx.now, sent: before?.sent ?? {} }
      if (cmd.venue) {
        const view = (await ctx.bot.repo.open(festival.id)).view(ctx.now)
        const found = findVenue(view, cmd.venue, cmd)
        if ('result' in found) return found.result
        job.venue = { id: found.item.id, name: found.item.name }
      }
      await ctx.mutateRoom(message.platform, message.room, (auto) => {
        auto.reminders = job
      })
      const d = describeReminders(job, cmd.lang)
      return { reply: say(t.remindersSet(d.lead, d.what)) }
    }
    case 'remind-me':
      return remindMe(cmd, festival, tz, ctx)
  }
}

async function remindMe(cmd: Extract<AutomationCommand, { type: 'remind-me' }>, festival: FestivalMeta, tz: string, ctx: CommandContext): Promise<CommandResult> {
  const t = TEXT[cmd.lang]
  const { message } = ctx
  if (!ctx.adapter?.sendDirect) return { reply: say(t.noDirect, 'refusal') }
  /** Adds `item` to the person's record (read fresh under the lock, so a reminder sent meanwhile stays recorded). */
  const save = (item: PersonalReminder, replaces: (i: PersonalReminder) => boolean) =>
    ctx.mutatePerson(message.platform, message.user, (found) => {
      const mine = found ?? { lang: cmd.lang, name: message.userName ?? message.user, items: [], sent: {} }
      mine.lang = cmd.lang
      mine.timezone = tz
      mine.name = (message.userName ?? message.user).slice(0, 100)
      mine.items = [...mine.items.filter((i) => !replaces(i)), item]
      return { value: mine, out: undefined }
    })
  const lead = t.minutes(cmd.leadMin)
  if ('going' in cmd) {
    await save({ festival: festival.id, going: true, leadMin: cmd.leadMin, since: ctx.now }, (i) => Boolean(i.going) && i.festival === festival.id)
    return { reply: say(t.meSet(lead, t.meGoing)) }
  }
  const view = (await ctx.bot.repo.open(festival.id)).view(ctx.now)
  const found = findEvent(view, cmd.event, cmd, ctx.now, tz)
  if ('result' in found) return found.result
  const ev = found.item
  await save({ festival: festival.id, event: ev.id, leadMin: cmd.leadMin, since: ctx.now }, (i) => i.event === ev.id)
  const when = ev.start === null ? '' : ` (${formatDay(dayOf(ev.start, tz), cmd.lang)} ${formatTime(ev.start, tz)})`
  return { reply: { ...say(t.meSet(lead, `“${ev.title}”${when}`)), event: { festival: festival.id, id: ev.id } } }
}

async function stop(cmd: Extract<AutomationCommand, { type: 'stop-post' | 'stop-remind-room' }>, ctx: CommandContext): Promise<Reply> {
  const t = TEXT[cmd.lang]
  const { message } = ctx
  const auto = await ctx.store.room(message.platform, message.room)
  if (cmd.type === 'stop-remind-room') {
    if (!auto.reminders) return say(t.notReminding, 'info')
    const refusal = await permission(auto.reminders.setter, cmd.lang, ctx)
    if (refusal) return refusal
    await ctx.mutateRoom(message.platform, message.room, (a) => {
      delete a.reminders
    })
    return say(t.remindersStopped)
  }
  const keys = (cmd.every === 'week' ? ['weekly'] : cmd.every === 'day' ? ['daily'] : ['daily', 'weekly']) as Array<'daily' | 'weekly'>
  const jobs = keys.filter((k) => auto[k])
  if (jobs.length === 0) return say(t.notPosting, 'info')
  for (const k of jobs) {
    const refusal = await permission(auto[k]!.setter, cmd.lang, ctx)
    if (refusal) return refusal
  }
  await ctx.mutateRoom(message.platform, message.room, (a) => {
    for (const k of jobs) delete a[k]
  })
  return say(t.postStopped(listNames(jobs.map((k) => `${k === 'daily' ? t.dailyPost : t.weeklyPost}, ${describePost(auto[k]!, cmd.lang)}`), cmd.lang)))
}

/** A refusal when the speaker may not change what `setter` set up; `null` when they may. */
async function permission(setter: Setter, lang: Lang, ctx: CommandContext): Promise<Reply | null> {
  if (setter.user === ctx.message.user) return null
  const adapter = ctx.adapter
  if (adapter?.isModerator) {
    const moderator = await adapter.isModerator(ctx.message.room, ctx.message.user).catch(() => false)
    if (moderator) return null
  }
  return say(TEXT[lang].notPermitted(setter.name, Boolean(adapter?.isModerator)), 'refusal')
}

async function list(lang: Lang, ctx: CommandContext): Promise<Reply> {
  const t = TEXT[lang]
  const { message } = ctx
  const auto = await ctx.store.room(message.platform, message.room)
  const settings = await ctx.bot.roomSettings(message.platform, message.room)
  const festival = settings.festival ? ctx.bot.repo.festival(settings.festival) : undefined
  const tz = settings.timezone ?? festival?.timezone ?? ''
  const items: string[] = []
  for (const job of [auto.daily, auto.weekly]) {
    if (job) items.push(`${job.every === 'day' ? t.dailyPost : t.weeklyPost}: ${describePost(job, lang)}${tz ? ` (${tz})` : ''} — ${t.setBy(job.setter.name)}`)
  }
  if (auto.reminders) {
    const d = describeReminders(auto.reminders, lang)
    items.push(`${t.before(d.lead, d.what)} — ${t.setBy(auto.reminders.setter.name)}`)
  }
  const blocks: Reply['blocks'] = items.length ? [{ type: 'list', heading: t.automatedHere, items }] : [{ type: 'text', text: t.nothingAutomated }]
  const mine = await ctx.store.person(message.platform, message.user)
  if (mine && mine.items.length > 0) {
    const views = new Map<string, ScheduleView>()
    const lines: string[] = []
    for (const item of mine.items) {
      if (item.going) {
        lines.push(t.before(t.minutes(item.leadMin), t.meGoing))
        continue
      }
      let view = views.get(item.festival)
      if (!view && ctx.bot.repo.festival(item.festival as never)) views.set(item.festival, (view = (await ctx.bot.repo.open(item.festival as never)).view(ctx.now)))
      const ev = view?.events.find((e) => e.id === item.event)
      lines.push(t.before(t.minutes(item.leadMin), ev ? `“${ev.title}”` : '—'))
    }
    blocks.push({ type: 'list', heading: t.yourReminders, items: lines })
  }
  return { tone: 'info', blocks }
}

function hintReply(cmd: Extract<AutomationCommand, { type: 'hint' }>): Reply {
  const t = TEXT[cmd.lang]
  const example = t.hints[cmd.topic]
  let why = ''
  if (cmd.problem === 'missing-time') why = t.missingTime
  else if (cmd.problem === 'bad-time') why = t.badTime(cmd.typed ?? '')
  else if (cmd.problem === 'bad-lead') why = t.badLead(cmd.typed ?? '')
  else if (cmd.problem === 'bad-kind') why = t.badKind(cmd.typed ?? '', EVENT_KINDS.filter((k) => k !== 'other').map((k) => kindName(k, cmd.lang)).join(', '))
  return { tone: cmd.problem === 'missing-time' ? 'question' : 'info', blocks: [{ type: 'text', text: why ? `${why} ${example}` : example }] }
}

type Found<T> = { item: T } | { result: CommandResult }

function findVenue(view: ScheduleView, typed: string, cmd: Extract<AutomationCommand, { type: 'remind-room' }>): Found<ScheduleView['venues'][number]> {
  const m = MESSAGES[cmd.lang]
  const match = matchName(typed, view.venues, (v) => [v.name, ...v.aliases])
  if (match.kind === 'sure') return { item: match.item }
  if (match.kind === 'unsure') {
    return {
      result: {
        reply: { tone: 'question', blocks: [{ type: 'text', text: m.whichOne(typed) }, { type: 'list', items: match.candidates.map((v, i) => `${i + 1}. ${v.name}`) }] },
        choices: match.candidates.map((v) => ({ ...cmd, venue: v.name })),
      },
    }
  }
  return { result: { reply: say(m.unknownVenue(typed, view.venues.slice(0, 8).map((v) => v.name).join(', ')), 'refusal') } }
}

/** The event a personal reminder is for: upcoming and not cancelled; `#id` names one exactly (a numbered answer). */
function findEvent(view: ScheduleView, typed: string, cmd: Extract<AutomationCommand, { type: 'remind-me'; event: string }>, now: Instant, tz: string): Found<EventView> {
  const m = MESSAGES[cmd.lang]
  const pool = view.events.filter((e) => e.status !== 'cancelled' && e.start !== null && e.start > now)
  if (typed.startsWith('#')) {
    const ev = pool.find((e) => e.id === typed.slice(1))
    if (ev) return { item: ev }
  }
  const match = matchName(typed, pool, (e) => [e.title])
  if (match.kind === 'sure') return { item: match.item }
  if (match.kind === 'unsure') {
    return {
      result: {
        reply: {
          tone: 'question',
          blocks: [
            { type: 'text', text: m.whichOne(typed) },
            { type: 'list', items: match.candidates.map((e, i) => `${i + 1}. “${e.title}”, ${formatDay(dayOf(e.start!, tz), cmd.lang)} ${formatTime(e.start!, tz)}${e.venueName ? ` · ${e.venueName}` : ''}`) },
          ],
        },
        choices: match.candidates.map((e) => ({ ...cmd, event: `#${e.id}` })),
      },
    }
  }
  const past = view.events.some((e) => e.start !== null && e.start <= now && matchName(typed, [e], (x) => [x.title]).kind === 'sure')
  const suggestions = match.suggestions.map((e) => e.title)
  const text = past ? m.inThePast : m.unknownEvent(typed) + (suggestions.length ? ` ${m.didYouMean(listNames(suggestions, cmd.lang))}` : '')
  return { result: { reply: say(text, 'refusal') } }
}
