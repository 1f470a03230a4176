/**
 * A bot with its automation over a real data directory (LevelDB), a {@link ManualClock} and a chat
 * adapter that records what it was asked to post: the automation tests' world.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openDataDir } from '../../core/store.ts'
import { Repo } from '../../core/repo.ts'
import { ManualClock } from '../../core/scheduler.ts'
import { Bot } from '../../commands/bot.ts'
import { Automation } from '../../commands/automation/index.ts'
import { replyToPlainText } from '../../adapters/types.ts'
import type { ChatAdapter, MessageHandler, Reply } from '../../adapters/types.ts'

/** One message the adapter sent: where, when (the clock's instant) and its plain text. */
export interface Sent {
  room: string
  at: number
  text: string
}

/** A chat platform that records posts and direct messages; `moderators` are `room\0user` pairs. */
export class RecordingAdapter implements ChatAdapter {
  readonly platform: string
  readonly posts: Sent[] = []
  readonly directs: Sent[] = []
  readonly moderators = new Set<string>()
  /** Posts to refuse (the platform is down), counted down. */
  failures = 0
  readonly #clock: { now(): number }

  constructor(clock: { now(): number }, platform = 'test') {
    this.#clock = clock
    this.platform = platform
  }
  async start(_handler: MessageHandler): Promise<void> {}
  async stop(): Promise<void> {}
  async post(room: string, reply: Reply): Promise<string | undefined> {
    if (this.failures > 0) {
      this.failures--
      throw new Error('the homeserver is down')
    }
    this.posts.push({ room, at: this.#clock.now(), text: replyToPlainText(reply) })
    return undefined
  }
  async sendDirect(user: string, reply: Reply): Promise<string | undefined> {
    this.directs.push({ room: user, at: this.#clock.now(), text: replyToPlainText(reply) })
    return undefined
  }
  async isModerator(room: string, user: string): Promise<boolean> {
    return this.moderators.has(`${room}\0${user}`)
  }
}

/** A running bot + automation on a data directory. */
export class World {
  readonly dir: string
  readonly clock: ManualClock
  readonly adapter: RecordingAdapter
  repo!: Repo
  bot!: Bot
  automation!: Automation
  #close: (() => Promise<void>) | null = null

  private constructor(dir: string, clock: ManualClock, adapter: RecordingAdapter) {
    this.dir = dir
    this.clock = clock
    this.adapter = adapter
  }

  /** Opens a fresh data directory (or `options.dir`, one made beforehand) at `start` (UTC ms). */
  static async create(start: number, options: { platform?: string; adapter?: (clock: ManualClock) => RecordingAdapter; dir?: string } = {}): Promise<World> {
    const clock = new ManualClock(start)
    const adapter = options.adapter?.(clock) ?? new RecordingAdapter(clock, options.platform)
    const world = new World(options.dir ?? mkdtempSync(join(tmpdir(), 'yurt-automation-')), clock, adapter)
    await world.open()
    return world
  }

  /** Opens the data directory and starts the automation (catching up what is due). */
  async open(): Promise<void> {
    const data = await openDataDir(this.dir)
    this.repo = await Repo.open(data, { now: () => this.clock.now() })
    this.bot = new Bot({ repo: this.repo, deviceSeed: data.deviceSeed, kv: data.kv, now: () => this.clock.now(), defaultTimezone: 'UTC' })
    this.automation = new Automation({ bot: this.bot, kv: data.kv, adapters: [this.adapter], clock: this.clock, maxSleepMs: 7 * 24 * 3600_000 })
    await this.automation.start()
    await this.automation.idle()
    this.#close = async () => {
      await this.automation.stop()
      await this.repo.close()
    }
  }

  /** Closes the data directory: the process is gone. */
  async close(): Promise<void> {
    await this.#close?.()
    this.#close = null
  }

  /** A real restart at `at`: close, move the clock (no timer fires while down), open again. */
  async restartAt(at: number): Promise<void> {
    await this.close()
    await this.clock.advanceTo(at)
    await this.open()
  }

  /** `user` says `text` in `room` (addressed to the bot); resolves with the reply's plain text. */
  async say(user: string, text: string, room = 'main'): Promise<string> {
    const handler = this.automation.handler(this.bot)
    const reply = await handler.onMessage({ platform: this.adapter.platform, room, user, userName: user, text, ts: this.clock.now() })
    await this.automation.idle()
    return reply ? replyToPlainText(reply) : ''
  }

  /** Moves the clock to `at`, firing what is due on the way. */
  async advanceTo(at: number): Promise<void> {
    await this.clock.advanceTo(at, () => this.automation.idle())
  }

  async dispose(): Promise<void> {
    await this.close()
    rmSync(this.dir, { recursive: true, force: true })
  }
}

/** UTC ms of an RFC 3339 instant. */
export const at = (iso: string): number => Date.parse(iso)
