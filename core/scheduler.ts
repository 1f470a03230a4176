/**
 * One timer for everything that must happen at a wall-clock instant: yurt's scheduler.
 *
 * @remarks
 * The owner gives a `run(now)` function that does the work due at `now` (UTC ms) and answers the
 * instant of the next due work (or `null`). The scheduler keeps exactly one timer, armed for that
 * instant; {@link Scheduler.wake} re-plans at once when something changed (a new job, a change to
 * the festival). Runs never overlap: a wake during a run runs once more after it.
 *
 * Time comes from an injected {@link Clock}, so tests drive it without sleeping
 * ({@link ManualClock}). The timer is never armed further than {@link MAX_SLEEP_MS} ahead: Node's
 * timers follow a monotonic clock that stops while the machine sleeps, and `setTimeout` cannot wait
 * longer than 2³¹−1 ms, so the scheduler looks at the wall clock again at least once a minute.
 *
 * Slots of a repeating wall time ("every day at 9:00 in Europe/Paris") are computed with Temporal
 * ({@link nextWallSlot}), not with a cron library: see README, "Design decisions".
 */
import { logger } from './log.ts'
import type { Logger } from './log.ts'
import { addDays, dayOf, instantAt, weekdayOf } from './time.ts'
import type { Instant } from './types.ts'

/** Longest the timer sleeps before looking at the clock again, ms. */
export const MAX_SLEEP_MS = 60_000

/** Where the scheduler reads the time and arms its timer. */
export interface Clock {
  /** The current instant, UTC ms. */
  now(): Instant
  /** Calls `fn` after `ms` milliseconds; answers a handle for {@link Clock.clear}. */
  setTimer(fn: () => void, ms: number): unknown
  clear(handle: unknown): void
}

/** The process's clock: `Date.now` and `setTimeout`, optionally shifted by `offsetMs`. */
export function systemClock(offsetMs = 0): Clock {
  return {
    now: () => Date.now() + offsetMs,
    setTimer: (fn, ms) => {
      const t = setTimeout(fn, ms)
      t.unref?.()
      return t
    },
    clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  }
}

/**
 * A clock for `--now`: it starts at `pinned` and advances with real time (pinned + elapsed), so
 * that a demo with a pinned date still reaches its 9:00.
 */
export function pinnedClock(pinned: Instant, realNow: () => number = Date.now): Clock {
  return systemClock(pinned - realNow())
}

/** A clock that moves only when told to (tests). Timers fire in order of their due instant. */
export class ManualClock implements Clock {
  #now: Instant
  #seq = 0
  readonly #timers = new Map<number, { at: Instant; fn: () => void }>()

  constructor(start: Instant) {
    this.#now = start
  }

  now(): Instant {
    return this.#now
  }

  setTimer(fn: () => void, ms: number): unknown {
    const id = ++this.#seq
    this.#timers.set(id, { at: this.#now + Math.max(0, ms), fn })
    return id
  }

  clear(handle: unknown): void {
    this.#timers.delete(handle as number)
  }

  /** Timers armed now. */
  get pending(): number {
    return this.#timers.size
  }

  /**
   * Moves the clock to `to`, firing every timer due on the way at its own instant; `settle` is
   * awaited after each firing (pass the scheduler's `idle`) so that the work it started completes
   * and re-arms before the clock moves on.
   */
  async advanceTo(to: Instant, settle: () => Promise<void> = async () => {}): Promise<void> {
    for (;;) {
      let next: [number, { at: Instant; fn: () => void }] | undefined
      for (const entry of this.#timers) if (entry[1].at <= to && (!next || entry[1].at < next[1].at)) next = entry
      if (!next) break
      this.#timers.delete(next[0])
      this.#now = Math.max(this.#now, next[1].at)
      next[1].fn()
      await settle()
    }
    this.#now = Math.max(this.#now, to)
    await settle()
  }
}

export interface SchedulerOptions {
  clock: Clock
  /**
   * Does the work due at `now` and answers the next instant work is due (UTC ms), or `null` for
   * none. It should bound its own work per call and answer `now` when more is due at once. A throw
   * is logged and retried after at most {@link MAX_SLEEP_MS}.
   */
  run(now: Instant): Promise<Instant | null>
  /** Longest sleep between runs, ms (default {@link MAX_SLEEP_MS}). A manual clock needs no bound. */
  maxSleepMs?: number
  log?: Logger
}

export class Scheduler {
  readonly #clock: Clock
  readonly #run: (now: Instant) => Promise<Instant | null>
  readonly #log: Logger
  readonly #maxSleep: number
  #timer: unknown = null
  #running: Promise<void> | null = null
  #again = false
  #stopped = true

  constructor(options: SchedulerOptions) {
    this.#clock = options.clock
    this.#run = options.run
    this.#log = options.log ?? logger('core:scheduler')
    this.#maxSleep = options.maxSleepMs ?? MAX_SLEEP_MS
  }

  /** Starts: runs at once (catching up), then whenever work is due. */
  start(): void {
    this.#stopped = false
    this.wake()
  }

  /** Something changed: run now (after the current run, if one is going on). */
  wake(): void {
    if (this.#stopped) return
    if (this.#running) {
      this.#again = true
      return
    }
    this.#disarm()
    this.#running = this.#loop().finally(() => (this.#running = null))
  }

  async #loop(): Promise<void> {
    do {
      this.#again = false
      let next: Instant | null
      try {
        next = await this.#run(this.#clock.now())
      } catch (err) {
        this.#log.error({ err }, 'scheduled work failed')
        next = this.#clock.now() + Math.min(MAX_SLEEP_MS, this.#maxSleep)
      }
      if (this.#stopped) return
      const now = this.#clock.now()
      if (next !== null && next <= now) this.#again = true
      else if (!this.#again) this.#arm(next === null ? this.#maxSleep : Math.min(next - now, this.#maxSleep))
    } while (this.#again && !this.#stopped)
  }

  #arm(ms: number): void {
    this.#disarm()
    this.#timer = this.#clock.setTimer(() => {
      this.#timer = null
      this.wake()
    }, ms)
  }

  #disarm(): void {
    if (this.#timer !== null) this.#clock.clear(this.#timer)
    this.#timer = null
  }

  /** Resolves when no run is going on (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.#running) await this.#running
  }

  /** Stops the timer and waits for a run in progress. */
  async stop(): Promise<void> {
    this.#stopped = true
    this.#disarm()
    await this.idle()
  }
}

/**
 * The first instant strictly after `after` at which the wall clock in `zone` reads `time`, on any
 * day or on one weekday: the slots of "every day at 9:00", "every Monday at 9:00".
 *
 * @param rule.time wall time `HH:MM` (24 h).
 * @param rule.weekday ISO weekday (1 = Monday … 7 = Sunday); absent = every day.
 * @param zone IANA zone name, such as `Europe/Paris`.
 * @param after UTC ms.
 * @returns UTC ms. A wall time skipped by a spring-forward change is shifted forward by the gap
 *   (02:30 → 03:30 on the last Sunday of March in Europe/Paris); one that occurs twice in autumn
 *   takes its first occurrence, so it runs once. This is RFC 5545's rule for DTSTART (section
 *   3.3.5) and Temporal's `compatible` disambiguation (`core/time.ts` {@link instantAt}).
 * @throws RangeError when `time` or `zone` is invalid.
 */
export function nextWallSlot(rule: { time: string; weekday?: number }, zone: string, after: Instant): Instant {
  let day = dayOf(after, zone)
  for (let i = 0; i < 8; i++) {
    if (rule.weekday === undefined || weekdayOf(day) === rule.weekday) {
      const slot = instantAt(day, rule.time, zone)
      if (slot > after) return slot
    }
    day = addDays(day, 1)
  }
  throw new RangeError(`no slot for ${rule.time} on weekday ${rule.weekday} in ${zone}`)
}
