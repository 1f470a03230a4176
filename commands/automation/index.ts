/**
 * Moderators' automation: the daily programme, the weekly digest, room reminders, personal
 * reminders and the pairs of person-to-person rounds (`rounds.ts`), run by one {@link Scheduler} over the chat adapters.
 *
 * @remarks
 * Wiring: {@link Automation.handler} wraps the bot's handler (like the announcer's), reads the
 * automation sentences before the festival grammar and passes everything else on; {@link
 * Automation.start} subscribes to the repo's operations (to re-plan and to announce changes close
 * to an event's start) and starts the scheduler.
 *
 * What is due (see `due.ts`) is computed from the stored jobs and the schedule view at each run;
 * nothing due is kept in memory but retries. A slot is claimed durably (fsynced in the data
 * directory) before its post is sent, and released if the platform refused the post; so a restart
 * never posts a slot twice, and a crash between the claim and the send loses that one post rather
 * than doubling it. A slot missed while the bot was down is caught up when it restarts within the
 * grace period (default 15 minutes), never later.
 */
import type { Operation } from '../../core/operation.ts'
import { Scheduler, systemClock } from '../../core/scheduler.ts'
import type { Clock } from '../../core/scheduler.ts'
import { logger } from '../../core/log.ts'
import type { Logger } from '../../core/log.ts'
import { MINUTE } from '../../core/time.ts'
import type { FestivalId, Instant } from '../../core/types.ts'
import type { ChatAdapter, IncomingMessage, IncomingReaction, MessageHandler, Reply } from '../../adapters/types.ts'
import type { Bot } from '../bot.ts'
import type { KeyValueLike } from '../undo.ts'
import { readRoomCommand } from '../room.ts'
import type { RoomCommand } from '../room.ts'
import { readAutomationCommand } from './read.ts'
import type { AutomationCommand } from './read.ts'
import { runAutomationCommand } from './commands.ts'
import { AutomationStore } from './store.ts'
import type { RoomAutomation, SnapshotEntry } from './store.ts'
import { dueWork } from './due.ts'
import { nearStartNotices } from './notices.ts'
import { TEXT } from './text.ts'
import { ProgrammeNotices } from './programme-notices.ts'
import { MeetingNotices } from './meetings.ts'
import { dueRounds } from './rounds.ts'

/** Room commands that change what a room's automation covers, when or in which language. */
const GUARDED_ROOM_COMMANDS: ReadonlySet<string> = new Set(['new-festival', 'bind', 'timezone', 'language'])

/** How late a missed post or reminder may still go out after a restart, ms. */
export const DEFAULT_GRACE_MS = 15 * MINUTE

export interface AutomationOptions {
  bot: Bot
  /** The data directory's key-value store (where the jobs live). */
  kv: KeyValueLike
  /** The adapters this process runs; a room is served by the adapter of its platform. */
  adapters: ChatAdapter[]
  /** Default: the system clock. `--now` gives a clock that starts at the pinned instant. */
  clock?: Clock
  /** Default {@link DEFAULT_GRACE_MS}. */
  graceMs?: number
  /** Longest the scheduler sleeps before looking at the clock again, ms (default 60 s; tests with a manual clock raise it). */
  maxSleepMs?: number
  log?: Logger
}

interface Pending {
  choices: AutomationCommand[]
  expires: Instant
}

const CHOICE_TTL_MS = 10 * MINUTE

export class Automation {
  readonly bot: Bot
  readonly store: AutomationStore
  readonly scheduler: Scheduler
  /** Direct messages about proposals, applications and waiting lists; the call's notices (`programme-notices.ts`). */
  readonly programme: ProgrammeNotices
  /** Random meetings' direct messages (`meetings.ts`). */
  readonly meetings: MeetingNotices
  readonly #adapters: ChatAdapter[]
  readonly #kv: KeyValueLike
  readonly #clock: Clock
  readonly #grace: number
  readonly #log: Logger
  /** Where failures to post are logged. */
  readonly log: Logger
  readonly #pending = new Map<string, Pending>()
  /** Per festival: every event as last seen, for the near-start change notices. */
  readonly #seen = new Map<FestivalId, Map<string, SnapshotEntry>>()
  /** Job key → instant before which a refused post is not retried. */
  readonly #retryAt = new Map<string, Instant>()
  #lock: Promise<unknown> = Promise.resolve()
  #notices: Promise<void> = Promise.resolve()
  #unsubscribe: (() => void) | null = null

  constructor(options: AutomationOptions) {
    this.bot = options.bot
    this.store = new AutomationStore(options.kv)
    this.#adapters = options.adapters
    this.#kv = options.kv
    this.#clock = options.clock ?? systemClock()
    this.#grace = options.graceMs ?? DEFAULT_GRACE_MS
    this.#log = options.log ?? logger('commands:automation')
    this.log = this.#log
    this.programme = new ProgrammeNotices({ bot: this.bot, kv: options.kv, store: this.store, adapter: (p) => this.adapter(p), adapters: this.#adapters, now: () => this.#clock.now(), log: this.#log, wake: () => this.scheduler.wake() })
    this.meetings = new MeetingNotices({ bot: this.bot, kv: options.kv, adapter: (p) => this.adapter(p), graceMs: this.#grace, log: this.#log })
    this.scheduler = new Scheduler({ clock: this.#clock, run: (now) => this.#run(now), log: this.#log, ...(options.maxSleepMs ? { maxSleepMs: options.maxSleepMs } : {}) })
  }

  /** The adapters this process runs. */
  get adapters(): readonly ChatAdapter[] {
    return this.#adapters
  }

  /** The adapter that serves `platform` here. */
  adapter(platform: string): ChatAdapter | undefined {
    return this.#adapters.find((a) => a.platform === platform)
  }

  /** Subscribes to the festival's changes and starts the scheduler (catching up what is due). */
  async start(): Promise<void> {
    for (const f of this.bot.repo.festivals()) this.#seen.set(f.id, seenOf((await this.bot.repo.open(f.id)).view(this.#clock.now()).events))
    this.#unsubscribe = this.bot.repo.onOperation((op, origin) => this.onOperation(op, origin))
    await this.programme.start()
    this.scheduler.start()
  }

  /** Stops the scheduler and waits for posts in progress. */
  async stop(): Promise<void> {
    this.#unsubscribe?.()
    this.#unsubscribe = null
    await this.scheduler.stop()
    await this.#notices
    await this.programme.idle()
  }

  /** Resolves when no run and no notice is in progress (tests). */
  async idle(): Promise<void> {
    await this.scheduler.idle()
    await this.#notices
    await this.programme.idle()
    await this.scheduler.idle()
  }

  /** The handler to give the adapters: automation sentences here, everything else to `inner`. */
  handler(inner: MessageHandler): MessageHandler {
    return {
      onMessage: (message) => this.onMessage(message, inner),
      onReaction: async (reaction: IncomingReaction) => inner.onReaction?.(reaction),
    }
  }

  /** Handles one message: an automation sentence, an answer to its question, or passes it on. Never throws. */
  async onMessage(message: IncomingMessage, inner: MessageHandler): Promise<Reply | null> {
    const who = `${message.platform}\0${message.room}\0${message.user}`
    let cmd: AutomationCommand | null = null
    try {
      const pending = this.#pending.get(who)
      const number = message.text.trim().match(/^#?(\d{1,2})\.?$/)
      if (pending && number && pending.expires > this.#clock.now()) cmd = pending.choices[Number(number[1]) - 1] ?? null
      cmd ??= readAutomationCommand(message.text)
    } catch (err) {
      this.#log.error({ err }, 'reading an automation sentence failed')
    }
    if (!cmd) {
      this.#pending.delete(who)
      const roomCommand = readRoomCommand(message.text)
      const refusal = await this.#guardRoomSettings(message, roomCommand).catch((err) => {
        this.#log.error({ err, platform: message.platform, room: message.room }, 'checking who may change the room failed')
        return null
      })
      if (refusal) return refusal
      const reply = await inner.onMessage(message)
      if (roomCommand) this.scheduler.wake() // a room's zone or festival changed
      return reply
    }
    try {
      const result = await runAutomationCommand(cmd, {
        bot: this.bot,
        store: this.store,
        adapter: this.adapter(message.platform),
        message,
        now: this.#clock.now(),
        mutateRoom: (platform, room, fn) => this.mutateRoom(platform, room, fn),
        mutatePerson: (platform, user, fn) =>
          this.locked(async () => {
            const { value, out } = fn(await this.store.person(platform, user))
            if (value) await this.store.setPerson(platform, user, value)
            return out
          }),
      })
      if (result.choices?.length) this.#pending.set(who, { choices: result.choices, expires: this.#clock.now() + CHOICE_TTL_MS })
      else this.#pending.delete(who)
      this.scheduler.wake()
      return result.reply
    } catch (err) {
      this.#log.error({ err, platform: message.platform, room: message.room }, 'automation command failed')
      const { MESSAGES } = await import('../i18n.ts')
      return { tone: 'error', blocks: [{ type: 'text', text: MESSAGES[cmd.lang].error }] }
    }
  }

  /**
   * Which festival a room plans, its zone and its language decide what its automation posts and
   * when: once someone set up a daily post or reminders there, only they (any of the setters) and
   * the room's moderators may change those settings. A refusal, or `null` when the message may go on.
   */
  async #guardRoomSettings(message: IncomingMessage, command: RoomCommand | null): Promise<Reply | null> {
    if (!command || !GUARDED_ROOM_COMMANDS.has(command.type)) return null
    const auto = await this.store.room(message.platform, message.room)
    const setters = [auto.daily, auto.weekly, auto.reminders].flatMap((job) => (job ? [job.setter] : []))
    if (setters.length === 0 || setters.some((s) => s.user === message.user)) return null
    const adapter = this.adapter(message.platform)
    if (adapter?.isModerator && (await adapter.isModerator(message.room, message.user).catch(() => false))) return null
    const settings = await this.bot.roomSettings(message.platform, message.room)
    const lang = command.lang ?? settings.lang ?? 'en'
    const names = [...new Set(setters.map((s) => s.name))].join(', ')
    return { tone: 'refusal', blocks: [{ type: 'text', text: TEXT[lang].notPermitted(names, Boolean(adapter?.isModerator)) }] }
  }

  /**
   * Changes a room's record under the write lock: read fresh, `fn`, write (fsynced). The runs and
   * the commands both go through here, so a claim never overwrites a command's change.
   */
  mutateRoom<T>(platform: string, room: string, fn: (auto: RoomAutomation) => T): Promise<T> {
    const task = this.#lock.then(async () => {
      const auto = await this.store.room(platform, room)
      const out = fn(auto)
      await this.store.setRoom(platform, room, auto)
      return out
    })
    this.#lock = task.catch(() => undefined)
    return task
  }

  /** Runs `fn` under the write lock (personal records). */
  locked<T>(fn: () => Promise<T>): Promise<T> {
    const task = this.#lock.then(fn)
    this.#lock = task.catch(() => undefined)
    return task
  }

  /** Called for every stored operation: re-plan, and announce changes close to an event's start. */
  onOperation(op: Operation, origin: 'local' | 'remote'): void {
    const from = origin === 'local' ? this.bot.lastRoomOf(op.author) : undefined
    this.#notices = this.#notices
      .then(() => this.#announce(op.festival, from))
      .catch((err) => this.#log.error({ err }, 'change notice failed'))
      .then(() => {
        void this.programme.check(op.festival, from) // queued on its own; merged with the checks of a burst
      })
      .then(() => this.scheduler.wake())
  }

  async #announce(festival: FestivalId, fromRoom: string | undefined): Promise<void> {
    const view = (await this.bot.repo.open(festival)).view(this.#clock.now())
    const before = this.#seen.get(festival)
    this.#seen.set(festival, seenOf(view.events))
    if (!before) return
    await nearStartNotices(this, { view, before, fromRoom, now: this.#clock.now() })
  }

  async #run(now: Instant): Promise<Instant | null> {
    const next = await dueWork(this, { now, graceMs: this.#grace, retryAt: this.#retryAt })
    const call = await this.programme.due(now)
    const meetings = await this.meetings.due(now)
    const rounds = await dueRounds(this, this.#kv, now, this.#grace, this.#retryAt)
    const times = [next, call, meetings, rounds].filter((t): t is Instant => t !== null)
    return times.length ? Math.min(...times) : null
  }
}

function seenOf(events: Array<{ id: string; start: Instant | null; end: Instant | null; venue: string | null; status: string; title: string }>): Map<string, SnapshotEntry> {
  return new Map(events.map((e) => [e.id, [e.start, e.end, e.venue, e.status === 'cancelled' ? 1 : 0, e.title] as SnapshotEntry]))
}
