/**
 * Keeps this peer connected to the addresses it was told about (bootstrap, join codes, `dial`),
 * redialling with exponential backoff.
 *
 * @remarks Each target is dialled at once, then again after a failure or after its peer disconnects:
 * `minMs`, doubling up to `maxMs`, with ±25 % jitter so that peers restarted together do not dial in
 * step. A successful dial resets the delay. Nothing here knows libp2p: the node passes `dial`.
 */

/** Settings of a {@link Redialer}. */
export interface RedialerOptions {
  /** Dials an address; resolves to the remote peer id, rejects when unreachable. */
  dial: (addr: string) => Promise<string>
  /** Whether a peer is connected now. */
  isConnected: (peerId: string) => boolean
  /** First retry delay (ms). Default 1 000. */
  minMs?: number
  /** Longest retry delay (ms). Default 60 000. */
  maxMs?: number
  /** Told of every failed attempt. */
  onError?: (addr: string, err: unknown, failures: number) => void
}

interface Target {
  addr: string
  peerId: string | null
  failures: number
  timer: ReturnType<typeof setTimeout> | null
  dialing: boolean
}

/** Redials a set of addresses with backoff until stopped. */
export class Redialer {
  readonly #opts: Required<Omit<RedialerOptions, 'onError'>> & Pick<RedialerOptions, 'onError'>
  readonly #targets = new Map<string, Target>()
  #stopped = false

  constructor(options: RedialerOptions) {
    this.#opts = { minMs: 1_000, maxMs: 60_000, ...options }
  }

  /**
   * Adds an address to keep connected to, and dials it now, unless `connectedPeer` says it was just
   * dialled (then it is redialled only after that peer disconnects).
   */
  add(addr: string, connectedPeer?: string): void {
    if (this.#stopped) return
    const known = this.#targets.get(addr)
    if (known) {
      if (connectedPeer) known.peerId = connectedPeer
      return
    }
    const peerId = connectedPeer ?? /\/p2p\/([^/]+)$/.exec(addr)?.[1] ?? null
    const target: Target = { addr, peerId, failures: 0, timer: null, dialing: false }
    this.#targets.set(addr, target)
    if (!connectedPeer) this.#schedule(target, 0)
  }

  /** Addresses being kept. */
  addresses(): string[] {
    return [...this.#targets.keys()]
  }

  /** Called when a peer disconnected: its targets are redialled after the current delay. */
  disconnected(peerId: string): void {
    for (const t of this.#targets.values()) {
      if (t.peerId === peerId && t.timer === null && !t.dialing) this.#schedule(t, this.#delay(t.failures))
    }
  }

  /** Cancels every pending redial. */
  stop(): void {
    this.#stopped = true
    for (const t of this.#targets.values()) if (t.timer) clearTimeout(t.timer)
    this.#targets.clear()
  }

  #delay(failures: number): number {
    const base = Math.min(this.#opts.maxMs, this.#opts.minMs * 2 ** Math.min(failures, 20))
    return Math.round(base * (0.75 + Math.random() * 0.5))
  }

  #schedule(t: Target, ms: number): void {
    if (this.#stopped) return
    if (t.timer) clearTimeout(t.timer)
    t.timer = setTimeout(() => {
      t.timer = null
      void this.#attempt(t)
    }, ms)
    t.timer.unref?.()
  }

  async #attempt(t: Target): Promise<void> {
    if (this.#stopped || !this.#targets.has(t.addr)) return
    if (t.peerId && this.#opts.isConnected(t.peerId)) return
    t.dialing = true
    try {
      t.peerId = await this.#opts.dial(t.addr)
      t.failures = 0
    } catch (err) {
      t.failures++
      this.#opts.onError?.(t.addr, err, t.failures)
      if (this.#targets.has(t.addr)) this.#schedule(t, this.#delay(t.failures - 1))
    } finally {
      t.dialing = false
    }
  }
}
