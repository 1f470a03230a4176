/**
 * Hybrid logical clocks: timestamps that follow the wall clock but never go backwards and order
 * causally related events (Kulkarni et al., "Logical Physical Clocks", 2014).
 */

/** A hybrid-logical-clock timestamp. */
export interface Hlc {
  /** Wall-clock part, UTC milliseconds since the epoch. */
  wall: number
  /** Logical counter that orders timestamps with the same `wall` (a uint32). */
  counter: number
}

/**
 * How far ahead of the local wall clock an observed timestamp may pull this clock, in ms (5 minutes).
 *
 * @remarks A peer whose clock runs far ahead must not drag everybody's clock into the future;
 * whether such an operation is accepted at all is the verifier's decision, not the clock's.
 */
export const HLC_MAX_DRIFT_MS = 5 * 60 * 1000

const MAX_COUNTER = 0xffffffff

/** Orders two timestamps: negative when `a` is earlier, 0 when equal, positive when later. */
export function compareHlc(a: Hlc, b: Hlc): number {
  if (a.wall !== b.wall) return a.wall < b.wall ? -1 : 1
  if (a.counter !== b.counter) return a.counter < b.counter ? -1 : 1
  return 0
}

/** Whether `h` is a well-formed timestamp: a non-negative safe-integer `wall` and a uint32 `counter`. */
export function isHlc(h: unknown): h is Hlc {
  if (typeof h !== 'object' || h === null) return false
  const { wall, counter } = h as Hlc
  return (
    Number.isSafeInteger(wall) && wall >= 0 && Number.isInteger(counter) && counter >= 0 && counter <= MAX_COUNTER
  )
}

/**
 * A hybrid logical clock for one author on one device.
 *
 * @example
 * ```ts
 * const clock = new HybridClock()
 * const t = clock.tick()        // stamp a local change
 * clock.observe(remoteOp.hlc)   // after accepting a remote one
 * ```
 */
export class HybridClock {
  #now: () => number
  #last: Hlc

  /**
   * @param now - the wall clock in UTC ms (default `Date.now`); tests pass a fake.
   * @param last - the latest timestamp issued before a restart, so that the clock never goes back.
   */
  constructor(now: () => number = Date.now, last?: Hlc) {
    this.#now = now
    this.#last = last && isHlc(last) ? { wall: last.wall, counter: last.counter } : { wall: 0, counter: 0 }
  }

  /** The latest timestamp issued or observed (a copy). */
  get last(): Hlc {
    return { wall: this.#last.wall, counter: this.#last.counter }
  }

  /** A new timestamp for a local event, later than every timestamp issued or observed so far. */
  tick(): Hlc {
    const now = Math.floor(this.#now())
    const last = this.#last
    if (now > last.wall) this.#last = { wall: now, counter: 0 }
    else if (last.counter < MAX_COUNTER) this.#last = { wall: last.wall, counter: last.counter + 1 }
    else this.#last = { wall: last.wall + 1, counter: 0 }
    return this.last
  }

  /**
   * Takes a remote timestamp into account, so that the next {@link tick} is later than it.
   *
   * @remarks A remote `wall` more than {@link HLC_MAX_DRIFT_MS} ahead of the local wall clock is clamped
   * to that bound (its counter is then dropped). A malformed timestamp is ignored.
   */
  observe(remote: Hlc): void {
    if (!isHlc(remote)) return
    const bound = Math.floor(this.#now()) + HLC_MAX_DRIFT_MS
    const remoteHlc = remote.wall > bound ? { wall: bound, counter: 0 } : remote
    if (compareHlc(remoteHlc, this.#last) > 0) this.#last = { wall: remoteHlc.wall, counter: remoteHlc.counter }
  }
}
