/**
 * Counts what each remote peer did wrong and blocks the ones that keep doing it.
 *
 * @remarks
 * A strike is a forgery (an operation the host refused for a reason the sender should have caught:
 * see `isForgery` in `p2p/host.ts`), a malformed message, or a broken protocol rule. After
 * `maxStrikes` strikes a peer is blocked for `blockMs`: the node hangs up on it and its connection
 * gater refuses it both ways until the block expires, when its count starts again from zero.
 */

/** What a peer did wrong. */
export type StrikeKind = 'forgery' | 'malformed' | 'violation'

/** Settings of a {@link PeerGuard}. */
export interface PeerGuardOptions {
  /** Strikes after which a peer is blocked. Default 5. */
  maxStrikes?: number
  /** How long a block lasts (ms). Default 10 minutes. */
  blockMs?: number
  /** The clock (UTC ms); tests pin it. */
  now?: () => number
}

interface Record {
  strikes: number
  byKind: Map<StrikeKind, number>
  blockedUntil: number
}

/** Strikes and blocks per peer, by peer id string. */
export class PeerGuard {
  readonly maxStrikes: number
  readonly blockMs: number
  readonly #now: () => number
  readonly #peers = new Map<string, Record>()

  constructor(options: PeerGuardOptions = {}) {
    this.maxStrikes = Math.max(1, options.maxStrikes ?? 5)
    this.blockMs = options.blockMs ?? 10 * 60_000
    this.#now = options.now ?? Date.now
  }

  /**
   * Counts one strike against `peer`.
   *
   * @returns `true` when this strike blocked the peer (the caller hangs up on it).
   */
  strike(peer: string, kind: StrikeKind): boolean {
    if (this.isBlocked(peer)) return false
    const r = this.#record(peer)
    r.strikes++
    r.byKind.set(kind, (r.byKind.get(kind) ?? 0) + 1)
    if (r.strikes >= this.maxStrikes) {
      r.blockedUntil = this.#now() + this.blockMs
      return true
    }
    return false
  }

  /** Whether `peer` is blocked now. An expired block is lifted, and its strikes forgotten. */
  isBlocked(peer: string): boolean {
    const r = this.#peers.get(peer)
    if (!r || r.blockedUntil === 0) return false
    if (r.blockedUntil > this.#now()) return true
    this.#peers.delete(peer)
    return false
  }

  /** Strikes counted against `peer` since its last block, by kind. */
  strikes(peer: string): { total: number; forgery: number; malformed: number; violation: number } {
    const r = this.#peers.get(peer)
    return {
      total: r?.strikes ?? 0,
      forgery: r?.byKind.get('forgery') ?? 0,
      malformed: r?.byKind.get('malformed') ?? 0,
      violation: r?.byKind.get('violation') ?? 0,
    }
  }

  /** Peers blocked now. */
  blocked(): string[] {
    return [...this.#peers.keys()].filter((p) => this.isBlocked(p))
  }

  #record(peer: string): Record {
    let r = this.#peers.get(peer)
    if (!r) this.#peers.set(peer, (r = { strikes: 0, byKind: new Map(), blockedUntil: 0 }))
    return r
  }
}

/**
 * A token bucket per peer: at most `perSecond` events per second on average, bursts up to
 * `perSecond`. Used to cap gossiped operations per peer (DESIGN.md, "Storage and limits").
 */
export class PeerRateLimiter {
  readonly perSecond: number
  readonly #now: () => number
  readonly #buckets = new Map<string, { tokens: number; at: number }>()

  constructor(perSecond: number, now: () => number = Date.now) {
    this.perSecond = Math.max(1, perSecond)
    this.#now = now
  }

  /** Takes one token for `peer`; `false` when its bucket is empty. */
  allow(peer: string): boolean {
    const now = this.#now()
    let b = this.#buckets.get(peer)
    if (!b) {
      if (this.#buckets.size > 10_000) this.#buckets.clear()
      this.#buckets.set(peer, (b = { tokens: this.perSecond, at: now }))
    }
    b.tokens = Math.min(this.perSecond, b.tokens + ((now - b.at) / 1000) * this.perSecond)
    b.at = now
    if (b.tokens < 1) return false
    b.tokens -= 1
    return true
  }
}
