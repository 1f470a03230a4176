/**
 * A yurt peer, whatever runs it (a bot in Node, `p2p/node.ts`; a page, `web/peer.ts`): the libp2p node of one instance, with the sync protocol, live gossip per festival,
 * discovery, reconnection and the handling of peers that send forgeries.
 *
 * @remarks
 * The libp2p node is built by the caller (`createPeer` in `p2p/node.ts` for a bot; the page builds
 * its own with WebSockets only); this module imports nothing of Node, so a page bundles it.
 *
 * Replication (DESIGN.md, "Operations and replication"):
 * - when this peer dials another, it runs a sync session (`p2p/session.ts`) on a new
 *   `/yurt/sync/1.0.0` stream; every `syncIntervalMs` it does so again with every connected peer,
 *   which catches up whatever gossip missed;
 * - every local operation the host stores is published on its festival's topic
 *   (`p2p/gossip.ts`); every gossiped one is checked and handed to the host before gossipsub
 *   forwards it; one the host keeps pending (a gap) starts a sync of that festival with the sender;
 * - a session that brought new operations starts one with the other connected peers, so changes
 *   that arrived by sync travel on without waiting for the periodic round;
 * - forgeries, malformed messages and protocol violations are struck against the sending peer
 *   (`p2p/guard.ts`); after `maxStrikes` it is disconnected and refused for `blockMs`.
 */
import type { Libp2p } from 'libp2p'
import type { Identify } from '@libp2p/identify'
import type { Ping } from '@libp2p/ping'
import type { GossipSub, TopicValidatorResult } from '@libp2p/gossipsub'
import { peerIdFromString } from '@libp2p/peer-id'
import type { Connection, PeerId, PrivateKey, Stream } from '@libp2p/interface'
import { multiaddr } from '@multiformats/multiaddr'
import { checkGenesis } from '../core/festival.ts'
import { encodeOperation, type Operation } from '../core/operation.ts'
import { FestivalNotFoundError } from '../core/errors.ts'
import { logger, type Logger } from '../core/log.ts'
import type { FestivalId, FestivalMeta } from '../core/types.ts'
import type { SyncHost } from './host.ts'
import { checkGossip, festivalTopic, topicFestival } from './gossip.ts'
import { PeerGuard, PeerRateLimiter, type StrikeKind } from './guard.ts'
import { decodeJoinCode, encodeJoinCode } from './joincode.ts'
import { MalformedMessageError, SYNC_PROTOCOL } from './protocol.ts'
import { Redialer } from './redial.ts'
import { answerNearby, NEARBY_PROTOCOL, readNearby } from './nearby.ts'
import { lpChannel, ProtocolViolationError, runSyncSession, type SessionOptions, type SessionStats } from './session.ts'

/** How to build a {@link YurtPeer}. */
export interface PeerOptions {
  /** The festivals this peer holds and replicates. */
  host: SyncHost
  /** Where `peer.key` is kept; without it (and without `privateKey`) the peer id is new at each start. */
  dataDir?: string
  /** A peer key to use instead of the data directory's (tests). */
  privateKey?: PrivateKey
  /**
   * Multiaddrs to listen on. Default: every interface, TCP and WebSockets, ports chosen by the
   * system (`/ip4/0.0.0.0/tcp/0`, `/ip4/0.0.0.0/tcp/0/ws`). Tests pass `/ip4/127.0.0.1/tcp/0`.
   */
  listen?: string[]
  /** Multiaddrs to dial at start and keep connected to (redialled with backoff). */
  bootstrap?: string[]
  /** Discover peers on the LAN by mDNS. Default true. */
  mdns?: boolean
  /** How often to sync with every connected peer (ms). Default 30 000. */
  syncIntervalMs?: number
  /** Strikes (forgeries, malformed messages) after which a peer is disconnected and blocked. Default 5. */
  maxStrikes?: number
  /** How long a blocked peer stays blocked (ms). Default 10 minutes. */
  blockMs?: number
  /**
   * Gossiped operations accepted from one peer per second (a burst of as many is allowed); past it
   * they are ignored (not forwarded) and found later by sync. Default 500.
   */
  maxGossipPerSecond?: number
  /** Backoff of redials to bootstrap and dialled addresses (ms). Default 1 000 to 60 000. */
  redial?: { minMs?: number; maxMs?: number }
  /**
   * Also run the WebRTC-Direct transport, which browsers can dial without a relay. Listens where a
   * `listen` address ends in `/webrtc-direct` (default when on: `/ip4/0.0.0.0/udp/0/webrtc-direct`).
   * The certificate, and so the `certhash` in the address, is new at each start. Default false.
   */
  webrtcDirect?: boolean
  /** Idle timeout of a sync session (ms). Default 30 000. */
  sessionIdleTimeoutMs?: number
  logger?: Logger
}

/** What a {@link YurtPeer} tells its listeners. */
export interface PeerEvents {
  /** A peer connected (first connection). */
  'peer:connect': { peer: string }
  /** A peer's last connection closed. */
  'peer:disconnect': { peer: string }
  /** A sync session with a peer ended well. */
  sync: { peer: string; stats: SessionStats; direction: 'outbound' | 'inbound' }
  /** A sync session with a peer failed. */
  'sync:error': { peer: string; error: Error }
  /** Something a peer sent was struck against it. */
  strike: { peer: string; kind: StrikeKind; reason: string }
  /** A peer was disconnected and blocked after repeated strikes. */
  'peer:blocked': { peer: string }
}

/** Counters of what a peer received, for logs and tests. */
export interface PeerCounters {
  sessions: number
  sessionErrors: number
  gossipAccepted: number
  gossipIgnored: number
  gossipRejected: number
  /** Gossiped operations ignored because their sender was over its rate. */
  gossipThrottled: number
  published: number
}

/** The libp2p services a yurt peer runs. */
export type Services = { identify: Identify; ping: Ping; pubsub: GossipSub }

type Listener<K extends keyof PeerEvents> = (detail: PeerEvents[K]) => void

/** Per remote peer: the sync session running with it and the one asked for next. */
interface SyncSlot {
  running: boolean
  /** Festivals to sync next: `null` = all, `undefined` = nothing asked. */
  next: Set<FestivalId> | null | undefined
  waiters: Array<() => void>
  /**
   * The session whose stream is being opened: it has not sent its HELLO yet, so the remote's HEADS will
   * answer it after any request made now. A request it covers (`scope`; `null` = all) waits for it.
   */
  opening: { scope: Set<FestivalId> | null; waiters: Array<() => void> } | null
}

/** One instance on the network. Build with {@link createPeer}. */
export class YurtPeer {
  /** The libp2p node (for tests, benches and diagnostics; yurt code outside `p2p/` should not need it). */
  readonly libp2p: Libp2p<Services>
  /** Strikes and blocks per remote peer. */
  readonly guard: PeerGuard
  /** What this peer received and sent, by kind. */
  readonly counters: PeerCounters = { sessions: 0, sessionErrors: 0, gossipAccepted: 0, gossipIgnored: 0, gossipRejected: 0, gossipThrottled: 0, published: 0 }
  readonly #host: SyncHost
  readonly #opts: PeerOptions
  readonly #log: Logger
  readonly #listeners = new Map<keyof PeerEvents, Set<Listener<never>>>()
  readonly #slots = new Map<string, SyncSlot>()
  /** Festivals followed by id whose genesis this peer does not hold yet. */
  readonly #wanted = new Set<FestivalId>()
  /** Peers found by discovery on the LAN (mDNS), by id: whom "festivals nearby" asks. */
  readonly #discovered = new Set<string>()
  readonly #topics = new Set<string>()
  readonly #abort = new AbortController()
  readonly #redialer: Redialer
  readonly #rate: PeerRateLimiter
  #unsubscribeHost: (() => void) | null = null
  #timer: ReturnType<typeof setInterval> | null = null
  #propagateTimer: ReturnType<typeof setTimeout> | null = null
  #started = false
  #stopped = false

  constructor(libp2p: Libp2p<Services>, guard: PeerGuard, options: PeerOptions) {
    this.libp2p = libp2p
    this.guard = guard
    this.#host = options.host
    this.#opts = options
    this.#log = options.logger ?? logger('p2p:node')
    this.#rate = new PeerRateLimiter(options.maxGossipPerSecond ?? 500)
    this.#redialer = new Redialer({
      dial: (addr) => this.#dialOnce(addr),
      isConnected: (peer) => this.#isConnected(peer),
      minMs: options.redial?.minMs,
      maxMs: options.redial?.maxMs,
      onError: (addr, err, failures) => this.#log.debug({ addr, failures, err: String(err) }, 'redial failed'),
    })
  }

  /** This peer's id (base58btc, as in `/p2p/…`). */
  get peerId(): string {
    return this.libp2p.peerId.toString()
  }

  /** Starts listening, discovery, gossip, the periodic sync, and dials the bootstrap addresses. */
  async start(): Promise<void> {
    if (this.#started) return
    this.#started = true
    const libp2p = this.libp2p
    await libp2p.start()
    await libp2p.handle(SYNC_PROTOCOL, (stream, connection) => this.#onInboundSync(stream, connection), {
      maxInboundStreams: 4,
      maxOutboundStreams: 4,
    })
    libp2p.addEventListener('connection:open', (evt) => this.#onConnectionOpen(evt.detail))
    libp2p.addEventListener('peer:connect', (evt) => this.#emit('peer:connect', { peer: evt.detail.toString() }))
    libp2p.addEventListener('peer:disconnect', (evt) => {
      const peer = evt.detail.toString()
      this.#emit('peer:disconnect', { peer })
      this.#redialer.disconnected(peer)
    })
    await libp2p.handle(NEARBY_PROTOCOL, (stream) => {
      answerNearby(stream, this.#host.festivals()).catch((err) => this.#log.debug({ err: String(err) }, 'nearby: answer failed'))
    }, { maxInboundStreams: 2, maxOutboundStreams: 2 })
    libp2p.addEventListener('peer:discovery', (evt) => {
      const id = evt.detail.id
      if (!id.equals(libp2p.peerId)) this.#discovered.add(id.toString())
      if (id.equals(libp2p.peerId) || this.#isConnected(id.toString()) || this.guard.isBlocked(id.toString())) return
      libp2p.dial(id, { signal: AbortSignal.timeout(10_000) }).catch((err) => this.#log.debug({ err: String(err) }, 'dial of discovered peer failed'))
    })
    this.#unsubscribeHost = this.#host.onOperation((op, origin) => {
      if (origin === 'local') void this.#publish(op)
    })
    this.#refreshTopics()
    const every = this.#opts.syncIntervalMs ?? 30_000
    this.#timer = setInterval(() => this.#periodic(), every)
    this.#timer.unref?.()
    for (const addr of this.#opts.bootstrap ?? []) this.#redialer.add(addr)
  }

  /** Stops everything and closes every connection. */
  async stop(): Promise<void> {
    if (this.#stopped) return
    this.#stopped = true
    if (this.#timer) clearInterval(this.#timer)
    if (this.#propagateTimer) clearTimeout(this.#propagateTimer)
    this.#redialer.stop()
    this.#unsubscribeHost?.()
    this.#abort.abort(new Error('peer stopping'))
    for (const slot of this.#slots.values()) for (const w of slot.waiters.splice(0)) w()
    await this.libp2p.stop()
  }

  /** The multiaddrs this peer is reachable on, each ending in `/p2p/<peer id>`. */
  addresses(): string[] {
    return this.libp2p.getMultiaddrs().map((a) => a.toString())
  }

  /**
   * What the peers found on the LAN (mDNS) hold: their festivals' and communities' genesis records
   * (`p2p/nearby.ts`), each once, by name. A peer that does not answer within 3 s is left out.
   *
   * @param peers whom to ask (peer ids); default: every peer mDNS found.
   */
  async nearby(peers: Iterable<string> = this.#discovered): Promise<FestivalMeta[]> {
    const found = new Map<FestivalId, FestivalMeta>()
    await Promise.all(
      [...peers].filter((p) => !this.guard.isBlocked(p)).map(async (p) => {
        try {
          const signal = AbortSignal.any([AbortSignal.timeout(3_000), this.#abort.signal])
          const stream = await this.libp2p.dialProtocol(peerIdFromString(p), NEARBY_PROTOCOL, { signal })
          for (const f of await readNearby(stream, signal)) found.set(f.id, f)
        } catch (err) {
          this.#log.debug({ peer: p, err: String(err) }, 'nearby: no answer')
        }
      }),
    )
    return [...found.values()].sort((a, b) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1))
  }

  /** Peer ids of the peers connected now. */
  connectedPeers(): string[] {
    return this.libp2p.getPeers().map((p) => p.toString())
  }

  /**
   * Dials a multiaddr, keeps it (redialled with backoff after a disconnect), and syncs with the
   * peer.
   *
   * @returns the remote peer id.
   * @throws when the address is not a multiaddr or cannot be reached within 10 s.
   */
  async dial(addr: string, options: { keep?: boolean } = {}): Promise<string> {
    const peer = await this.#dialOnce(addr)
    if (options.keep !== false) this.#redialer.add(addr, peer)
    return peer
  }

  /** Closes every connection to a peer (it may dial back unless blocked). */
  async hangUp(peer: string): Promise<void> {
    await this.libp2p.hangUp(peerIdFromString(peer))
  }

  /**
   * Follows a festival: subscribes to its live operations and fetches it from connected peers.
   * A festival not held yet (known by id only) is adopted from the first peer that holds it.
   */
  async follow(id: FestivalId): Promise<void> {
    if (!this.#host.festival(id)) this.#wanted.add(id)
    this.#subscribe(id)
    await Promise.all(this.connectedPeers().map((p) => this.sync(p, [id])))
  }

  /**
   * Joins a festival from a join code: adopts its genesis, follows it, dials the code's addresses
   * until one answers and syncs with that peer.
   *
   * @returns the festival and whether one of its peers could be reached (when not, the festival is
   * still followed and fetched when a peer holding it connects).
   * @throws InvalidJoinCodeError when the code cannot be read.
   */
  async join(code: string): Promise<{ festival: FestivalMeta; reached: string | null }> {
    const { festival, addrs } = decodeJoinCode(code)
    await this.#host.adoptFestival(festival)
    this.#subscribe(festival.id)
    let reached: string | null = null
    for (const addr of addrs) {
      try {
        reached = await this.dial(addr)
        break
      } catch (err) {
        this.#log.debug({ addr, err: String(err) }, 'join: address unreachable')
      }
    }
    if (reached) await this.sync(reached, [festival.id])
    return { festival, reached }
  }

  /**
   * The join code of a festival held here, naming this peer's addresses (non-loopback ones when
   * there are any).
   *
   * @throws FestivalNotFoundError when the festival is not held here.
   */
  shareCode(id: FestivalId): string {
    const festival = this.#host.festival(id)
    if (!festival) throw new FestivalNotFoundError(`no festival with id ${id}`)
    const all = this.addresses()
    const open = all.filter((a) => !/^\/ip4\/127\.|^\/ip6\/::1\//.test(a))
    return encodeJoinCode({ festival, addrs: open.length > 0 ? open : all })
  }

  /**
   * Syncs with a connected peer now (all festivals, or `festivals`); resolves when a session that
   * covers the request ended (well or not).
   *
   * @remarks A session that covers the request and is still opening its stream (it has not sent its
   * HELLO, so the remote's HEADS will come after this call) serves it: a `sync` right after `dial` waits
   * for the session the new connection started instead of running a second one after it.
   */
  sync(peer: string, festivals?: Iterable<FestivalId>): Promise<void> {
    if (this.#stopped) return Promise.resolve()
    let slot = this.#slots.get(peer)
    if (!slot) this.#slots.set(peer, (slot = { running: false, next: undefined, waiters: [], opening: null }))
    const asked = festivals === undefined ? null : new Set(festivals)
    const opening = slot.opening
    if (opening && (opening.scope === null || (asked !== null && [...asked].every((f) => opening.scope!.has(f))))) {
      return new Promise<void>((resolve) => opening.waiters.push(resolve))
    }
    if (festivals === undefined || slot.next === null) slot.next = null
    else slot.next = new Set([...(slot.next ?? []), ...festivals])
    const done = new Promise<void>((resolve) => slot.waiters.push(resolve))
    if (!slot.running) void this.#drain(peer, slot)
    return done
  }

  /** Syncs with every connected peer now. */
  async syncAll(): Promise<void> {
    await Promise.all(this.connectedPeers().map((p) => this.sync(p)))
  }

  /** Registers a listener; returns the function that removes it. */
  on<K extends keyof PeerEvents>(event: K, listener: Listener<K>): () => void {
    let set = this.#listeners.get(event)
    if (!set) this.#listeners.set(event, (set = new Set()))
    set.add(listener as Listener<never>)
    return () => set.delete(listener as Listener<never>)
  }

  // ---- internals -------------------------------------------------------------------------------

  #emit<K extends keyof PeerEvents>(event: K, detail: PeerEvents[K]): void {
    for (const l of this.#listeners.get(event) ?? []) {
      try {
        ;(l as Listener<K>)(detail)
      } catch (err) {
        this.#log.error({ err, event }, 'peer event listener failed')
      }
    }
  }

  #isConnected(peer: string): boolean {
    return this.libp2p.getConnections().some((c) => c.remotePeer.toString() === peer)
  }

  async #dialOnce(addr: string): Promise<string> {
    const conn = await this.libp2p.dial(multiaddr(addr), { signal: AbortSignal.timeout(10_000) })
    return conn.remotePeer.toString()
  }

  #onConnectionOpen(conn: Connection): void {
    // The dialling side starts the session, once per peer.
    if (conn.direction !== 'outbound') return
    if (this.libp2p.getConnections(conn.remotePeer).length > 1) return
    void this.sync(conn.remotePeer.toString())
  }

  async #drain(peer: string, slot: SyncSlot): Promise<void> {
    slot.running = true
    try {
      while (slot.next !== undefined && !this.#stopped) {
        const scope = slot.next
        slot.next = undefined
        const waiters = slot.waiters.splice(0)
        slot.opening = { scope, waiters }
        try {
          await this.#outboundSession(peer, scope, () => (slot.opening = null))
        } catch (err) {
          this.#log.warn({ peer, err: String(err) }, 'sync with a peer failed')
        } finally {
          slot.opening = null
          for (const w of waiters) w()
        }
      }
    } finally {
      slot.running = false
      for (const w of slot.waiters.splice(0)) w()
      if (slot.next === undefined) this.#slots.delete(peer)
    }
  }

  /** Opens a sync stream to `peer` and runs a session on it; `opened` is called just before its HELLO is composed. */
  async #outboundSession(peer: string, scope: Set<FestivalId> | null, opened: () => void): Promise<void> {
    if (!this.#isConnected(peer) || this.guard.isBlocked(peer)) return
    let stream: Stream
    try {
      stream = await this.libp2p.dialProtocol(peerIdFromString(peer), SYNC_PROTOCOL, {
        signal: AbortSignal.any([AbortSignal.timeout(10_000), this.#abort.signal]),
      })
    } catch (err) {
      this.#log.debug({ peer, err: String(err) }, 'could not open a sync stream')
      return
    }
    opened()
    await this.#session(peer, stream, 'outbound', scope)
  }

  #onInboundSync(stream: Stream, connection: Connection): void {
    const peer = connection.remotePeer.toString()
    if (this.guard.isBlocked(peer) || this.#stopped) {
      stream.abort(new Error('blocked'))
      return
    }
    void this.#session(peer, stream, 'inbound', null)
  }

  async #session(peer: string, stream: Stream, direction: 'outbound' | 'inbound', scope: Set<FestivalId> | null): Promise<void> {
    const options: SessionOptions = {
      host: this.#host,
      wanted: [...this.#wanted],
      checkGenesis,
      idleTimeoutMs: this.#opts.sessionIdleTimeoutMs ?? 30_000,
      signal: this.#abort.signal,
      log: this.#log,
      onRejected: (op, result, forgery) => {
        this.#log.warn({ peer, festival: op.festival, author: op.author, seq: op.seq, reason: result.reason }, 'sync: operation refused')
        if (forgery) this.#strike(peer, 'forgery', result.reason)
      },
    }
    if (scope) options.scope = scope
    this.counters.sessions++
    try {
      const stats = await runSyncSession(lpChannel(stream), options)
      if (stats.adopted > 0) {
        for (const id of this.#wanted) if (this.#host.festival(id)) this.#wanted.delete(id)
        this.#refreshTopics()
      }
      this.#emit('sync', { peer, stats, direction })
      if (stats.applied > 0) this.#propagate(peer)
    } catch (err) {
      this.counters.sessionErrors++
      const error = err instanceof Error ? err : new Error(String(err))
      if (err instanceof MalformedMessageError) this.#strike(peer, 'malformed', err.reason)
      else if (err instanceof ProtocolViolationError) this.#strike(peer, 'violation', err.reason)
      else this.#log.debug({ peer, err: String(err) }, 'sync session ended early')
      this.#emit('sync:error', { peer, error })
    }
  }

  /** New operations arrived by sync: pass them on to the other connected peers soon. */
  #propagate(from: string): void {
    if (this.#propagateTimer || this.#stopped) return
    this.#propagateTimer = setTimeout(() => {
      this.#propagateTimer = null
      for (const p of this.connectedPeers()) if (p !== from) void this.sync(p)
    }, 50)
    this.#propagateTimer.unref?.()
  }

  #strike(peer: string, kind: StrikeKind, reason: string): void {
    this.#log.warn({ peer, kind, reason }, 'peer struck')
    this.#emit('strike', { peer, kind, reason })
    if (this.guard.strike(peer, kind)) {
      this.#log.warn({ peer, strikes: this.guard.maxStrikes }, 'peer blocked after repeated forgeries')
      this.#emit('peer:blocked', { peer })
      this.libp2p.hangUp(peerIdFromString(peer)).catch(() => undefined)
    }
  }

  #periodic(): void {
    if (this.#stopped) return
    this.#refreshTopics()
    void this.syncAll()
  }

  /** Subscribes to the topic of every festival held or wanted. */
  #refreshTopics(): void {
    for (const meta of this.#host.festivals()) this.#subscribe(meta.id)
    for (const id of this.#wanted) this.#subscribe(id)
  }

  #subscribe(id: FestivalId): void {
    const topic = festivalTopic(id)
    if (this.#topics.has(topic) || this.#stopped) return
    this.#topics.add(topic)
    const pubsub = this.libp2p.services.pubsub
    pubsub.topicValidators.set(topic, (from, msg) => this.#validate(from, msg.topic, msg.data))
    pubsub.subscribe(topic)
  }

  async #validate(from: PeerId, topic: string, data: Uint8Array): Promise<TopicValidatorResult> {
    const peer = from.toString()
    if (this.guard.isBlocked(peer)) return 'reject' as TopicValidatorResult
    if (!this.#rate.allow(peer)) {
      this.counters.gossipThrottled++
      return 'ignore' as TopicValidatorResult
    }
    const check = await checkGossip(this.#host, topic, data)
    if (check.strike) {
      if (check.op) {
        this.#log.warn({ peer, festival: check.op.festival, author: check.op.author, seq: check.op.seq, reason: check.strike.reason }, 'gossip: operation refused')
      }
      this.#strike(peer, check.strike.kind, check.strike.reason)
    }
    if (check.needsSync) {
      const festival = topicFestival(topic)
      if (festival) void this.sync(peer, [festival])
    }
    if (check.verdict === 'accept') this.counters.gossipAccepted++
    else if (check.verdict === 'ignore') this.counters.gossipIgnored++
    else this.counters.gossipRejected++
    return check.verdict as TopicValidatorResult
  }

  async #publish(op: Operation): Promise<void> {
    if (this.#stopped) return
    this.#subscribe(op.festival)
    try {
      await this.libp2p.services.pubsub.publish(festivalTopic(op.festival), encodeOperation(op))
      this.counters.published++
    } catch (err) {
      this.#log.warn({ festival: op.festival, seq: op.seq, err: String(err) }, 'gossip: publish failed')
    }
  }
}
