/**
 * One sync session between two peers: the state machine of `/yurt/sync/1.0.0` over a channel of
 * messages.
 *
 * @remarks
 * Both sides run the same code (the protocol is symmetric; see `p2p/PROTOCOL.md`):
 *
 * 1. send HELLO (festivals held or followed);
 * 2. on the remote HELLO, for every festival both list and one of them holds the genesis of: send
 *    HEADS, or first GENESIS-REQUEST when only the remote holds it;
 * 3. on the remote HEADS, queue a WANT for every author the remote is ahead on, in ranges of at most
 *    {@link PROTOCOL_LIMITS}.maxOpsPerMessage operations, at most `maxInFlight` at a time (so the
 *    remote's answers never pile up unread past a few MiB);
 * 4. answer every WANT with one OPS, in the order the WANTs came;
 * 5. hand each received operation to the host, which verifies and stores it;
 * 6. send DONE once nothing is awaited; the session ends when both sides sent DONE.
 *
 * The channel is an interface so that the state machine can run over a libp2p stream
 * ({@link lpChannel}) or an in-memory pair in tests.
 */
import { lpStream, type LengthPrefixedStream } from '@libp2p/utils'
import type { Stream } from '@libp2p/interface'
import { decodeOperations, encodeOperation, type Operation } from '../core/operation.ts'
import { YurtError } from '../core/errors.ts'
import type { Logger } from '../core/log.ts'
import type { AuthorKey, FestivalId, FestivalMeta } from '../core/types.ts'
import { isForgery, type SyncHost, type SyncReceiveResult } from './host.ts'
import {
  decodeMessage,
  encodeMessage,
  MalformedMessageError,
  PROTOCOL_LIMITS,
  SYNC_VERSION,
  type HeadEntry,
  type SyncMessage,
} from './protocol.ts'

/** A peer broke the protocol's rules (a message out of turn, an OPS nobody asked for); `reason` says which. */
export class ProtocolViolationError extends YurtError {
  override name = 'ProtocolViolationError'
  readonly reason: string
  constructor(reason: string, options?: { cause?: unknown }) {
    super(`sync protocol violation: ${reason}`, options)
    this.reason = reason
  }
}

/** The remote went quiet for longer than the session's idle timeout, or closed before the end. */
export class SessionClosedError extends YurtError {
  override name = 'SessionClosedError'
}

/** A bidirectional, ordered channel of sync messages. */
export interface MessageChannel {
  /** Sends one message; resolves once the transport took it (waits for drain under backpressure). */
  send(msg: SyncMessage): Promise<void>
  /**
   * Sends several messages in order, as one write of the transport where it can (one frame header,
   * encryption and system call for all, not one each); optional, else each is sent in turn.
   */
  sendMany?(msgs: SyncMessage[]): Promise<void>
  /**
   * The next message, or `null` when the remote closed its side.
   *
   * @throws MalformedMessageError when the bytes are not a message.
   */
  receive(options?: { signal?: AbortSignal }): Promise<SyncMessage | null>
  /** Closes gracefully (this side is done writing). */
  close(): Promise<void>
  /** Tears the channel down at once. */
  abort(err: Error): void
}

/** Bytes of incoming frames buffered at most per stream before the stream is aborted. */
const STREAM_BUFFER_BYTES = 16 * 1024 * 1024

/**
 * A {@link MessageChannel} over a libp2p stream: every message is one varint-length-prefixed frame.
 *
 * @remarks `lpStream`'s `write` waits for the stream's `drain` event whenever `send` returns false,
 * which is the backpressure.
 */
export function lpChannel(stream: Stream): MessageChannel {
  const lp: LengthPrefixedStream<Stream> = lpStream(stream, {
    maxDataLength: PROTOCOL_LIMITS.maxMessageBytes,
    maxBufferSize: STREAM_BUFFER_BYTES,
  })
  return {
    async send(msg) {
      await lp.write(encodeMessage(msg))
    },
    async sendMany(msgs) {
      await lp.writeV(msgs.map(encodeMessage))
    },
    async receive(options) {
      let frame
      try {
        frame = await lp.read(options)
      } catch (err) {
        const name = (err as Error | undefined)?.name
        if (name === 'UnexpectedEOFError') return null
        if (name === 'InvalidDataLengthError' || name === 'InvalidMessageLengthError' || name === 'InvalidDataLengthLengthError') {
          throw new MalformedMessageError('frame too long', { cause: err })
        }
        throw err
      }
      return decodeMessage(frame.subarray())
    },
    async close() {
      await stream.close()
    },
    abort(err) {
      stream.abort(err)
    },
  }
}

/** Settings and hooks of a session. */
export interface SessionOptions {
  host: SyncHost
  /** Only these festivals (a targeted sync after a gap); default: every festival held or followed. */
  scope?: Iterable<FestivalId>
  /** Festivals this peer follows without holding their genesis yet (a join by id). */
  wanted?: Iterable<FestivalId>
  /**
   * Checks a genesis record from the remote; returns the cleaned record or why it is refused.
   * Default: accepts a record whose `id` equals the festival asked for (the host checks the hash).
   */
  checkGenesis?: (record: unknown) => FestivalMeta | string
  /**
   * WANTs awaiting their OPS at one time, and WANTs of the remote answered at one time (their reads
   * overlap). Default 8: a festival of up to 8 authors (of up to 256 operations each) is asked for whole
   * in one round trip; with 4, the bench's Camp 2019 of 6 authors sent its fifth WANT only once the
   * first OPS was in, and the remote read it only after this side had checked the first batches.
   */
  maxInFlight?: number
  /**
   * Batches received and handed to the host that it has not stored yet, at most (the session reads no
   * further message meanwhile). Default `maxInFlight`: the batches that arrive while the host writes
   * the ones before are read and join its next write (one fsync for them) instead of waiting in the
   * stream for a write of their own.
   */
  maxStoring?: number
  /** How long to wait for the next message before giving up (ms). Default 30 000. */
  idleTimeoutMs?: number
  /** Longest a whole session may last (ms), so a remote cannot keep one open by trickling. Default 10 minutes. */
  maxDurationMs?: number
  /** Told of every operation the host refused, with whether it counts as a forgery. */
  onRejected?: (op: Operation, result: SyncReceiveResult & { status: 'rejected' }, forgery: boolean) => void
  /** An external abort (the node is stopping, the peer was blocked). */
  signal?: AbortSignal
  log?: Logger
}

/** What a session did, for logs, tests and the bench. */
export interface SessionStats {
  /** Festivals both sides had in common. */
  festivals: number
  /** Operations received, by what the host made of them. */
  applied: number
  duplicate: number
  pending: number
  rejected: number
  /** Operations sent to the remote. */
  sent: number
  /** Festivals adopted from the remote's genesis. */
  adopted: number
}

interface Want {
  festival: FestivalId
  author: AuthorKey
  afterSeq: number
  limit: number
}

/**
 * Runs one sync session on `channel` until both sides are done.
 *
 * @returns what was exchanged.
 * @throws MalformedMessageError or ProtocolViolationError when the remote broke the protocol (the
 * caller penalises it); SessionClosedError when it went away or stayed silent; transport errors.
 * The channel is aborted on every throw.
 */
export async function runSyncSession(channel: MessageChannel, options: SessionOptions): Promise<SessionStats> {
  const session = new Session(channel, options)
  try {
    return await session.run()
  } catch (err) {
    channel.abort(err instanceof Error ? err : new Error(String(err)))
    throw err
  }
}

class Session {
  readonly #channel: MessageChannel
  readonly #host: SyncHost
  readonly #opts: SessionOptions
  readonly #maxInFlight: number
  readonly #maxStoring: number
  readonly #stats: SessionStats = { festivals: 0, applied: 0, duplicate: 0, pending: 0, rejected: 0, sent: 0, adopted: 0 }

  /** Festivals listed in our HELLO, with whether we hold the genesis. */
  readonly #mine = new Map<FestivalId, boolean>()
  /** Festivals both sides synchronise in this session. */
  readonly #common = new Set<FestivalId>()
  #gotHello = false
  /** Common festivals whose HEADS the remote has not sent yet. */
  readonly #headsAwaited = new Set<FestivalId>()
  /** Festivals whose genesis we asked for. */
  readonly #genesisAwaited = new Set<FestivalId>()
  /** Festivals whose genesis the remote asked us for (answered once). */
  readonly #genesisSent = new Set<FestivalId>()
  /** HEADS that arrived before the genesis we asked for. */
  readonly #earlyHeads = new Map<FestivalId, HeadEntry[]>()
  /** WANTs to send before any new range: the rest of a range whose batch was cut short. */
  readonly #wantQueue: Want[] = []
  /**
   * Per author the remote is ahead on: the next sequence number not asked for yet and the remote's
   * head. WANTs are made from these lazily, so a HEADS claiming a huge `seq` costs no memory.
   */
  readonly #ranges: Array<{ festival: FestivalId; author: AuthorKey; nextAfter: number; target: number }> = []
  /** WANTs sent and not answered yet, oldest first: the remote answers in order. */
  readonly #inFlight: Want[] = []
  /** Authors whose operations the host refused in this session: not asked for again. */
  readonly #refused = new Set<string>()
  /** Per author (`festival/author`), the last batch handed to the host: it settles once stored. */
  readonly #storing = new Map<string, Promise<void>>()
  /** Batches handed to the host and not stored yet. */
  readonly #unsettled = new Set<Promise<void>>()
  /** Answers to WANTs not sent yet, in the order the WANTs came. */
  readonly #answers: Promise<void>[] = []
  /** What the host threw on a batch or a read (a store error), or a send of an answer: the session fails with it. */
  #failure: { err: unknown } | null = null
  /** Aborted on such a failure, so that the session does not wait for a message that will not come. */
  readonly #failed = new AbortController()
  #sentDone = false
  #gotDone = false

  constructor(channel: MessageChannel, opts: SessionOptions) {
    this.#channel = channel
    this.#host = opts.host
    this.#opts = opts
    this.#maxInFlight = Math.max(1, opts.maxInFlight ?? 8)
    this.#maxStoring = Math.max(1, opts.maxStoring ?? this.#maxInFlight)
  }

  async run(): Promise<SessionStats> {
    const scope = this.#opts.scope ? new Set(this.#opts.scope) : null
    for (const meta of this.#host.festivals()) {
      if (!scope || scope.has(meta.id)) this.#mine.set(meta.id, true)
    }
    for (const id of this.#opts.wanted ?? []) {
      if (!this.#mine.has(id) && (!scope || scope.has(id))) this.#mine.set(id, false)
    }
    const festivals = [...this.#mine].slice(0, PROTOCOL_LIMITS.maxFestivals).map(([id, hasGenesis]) => ({ id, hasGenesis }))
    await this.#channel.send({ type: 'hello', version: SYNC_VERSION, festivals })

    const idle = this.#opts.idleTimeoutMs ?? 30_000
    const deadline = Date.now() + (this.#opts.maxDurationMs ?? 600_000)
    while (!(this.#sentDone && this.#gotDone)) {
      const remaining = deadline - Date.now()
      if (remaining <= 0) throw new SessionClosedError('the session lasted too long')
      const signals = [AbortSignal.timeout(Math.min(idle, remaining)), this.#failed.signal]
      if (this.#opts.signal) signals.push(this.#opts.signal)
      let msg: SyncMessage | null
      try {
        msg = await this.#channel.receive({ signal: AbortSignal.any(signals) })
      } catch (err) {
        this.#throwIfStoreFailed()
        if (this.#opts.signal?.aborted) throw new SessionClosedError('session aborted', { cause: err })
        if ((err as Error | undefined)?.name === 'AbortError' || (err as Error | undefined)?.name === 'TimeoutError') {
          throw new SessionClosedError(`no message for ${idle} ms`, { cause: err })
        }
        throw err
      }
      if (msg === null) throw new SessionClosedError('the remote closed the stream before the end of the session')
      await this.#handle(msg)
      await this.#pump()
    }
    while (this.#answers.length > 0) await this.#answers[0]
    this.#throwIfStoreFailed()
    await this.#channel.close()
    return this.#stats
  }

  async #handle(msg: SyncMessage): Promise<void> {
    if (!this.#gotHello && msg.type !== 'hello') throw new ProtocolViolationError(`${msg.type} before hello`)
    switch (msg.type) {
      case 'hello':
        return this.#onHello(msg.version, msg.festivals)
      case 'heads':
        return this.#onHeads(msg.festival, msg.heads)
      case 'want':
        return this.#onWant(msg.festival, msg.author, msg.afterSeq, msg.limit)
      case 'ops':
        return this.#onOps(msg.festival, msg.author, msg.ops)
      case 'done':
        if (this.#gotDone) throw new ProtocolViolationError('done twice')
        this.#gotDone = true
        return
      case 'genesis-request':
        return this.#onGenesisRequest(msg.festival)
      case 'genesis':
        return this.#onGenesis(msg.festival, msg.genesis)
    }
  }

  async #onHello(version: number, festivals: Array<{ id: FestivalId; hasGenesis: boolean }>): Promise<void> {
    if (this.#gotHello) throw new ProtocolViolationError('hello twice')
    if (version !== SYNC_VERSION) throw new ProtocolViolationError(`unsupported version ${version}`)
    this.#gotHello = true
    for (const f of festivals) {
      const mine = this.#mine.get(f.id)
      if (mine === undefined || !(mine || f.hasGenesis)) continue
      this.#common.add(f.id)
      this.#headsAwaited.add(f.id)
    }
    this.#stats.festivals = this.#common.size
    for (const id of this.#common) {
      if (this.#mine.get(id)) await this.#sendHeads(id)
      else {
        this.#genesisAwaited.add(id)
        await this.#channel.send({ type: 'genesis-request', festival: id })
      }
    }
  }

  async #sendHeads(id: FestivalId): Promise<void> {
    const heads: HeadEntry[] = []
    for (const [author, head] of this.#host.heads(id)) {
      if (heads.length >= PROTOCOL_LIMITS.maxHeads) break
      heads.push({ author, seq: head.seq, hash: head.hash })
    }
    await this.#channel.send({ type: 'heads', festival: id, heads })
  }

  async #onHeads(id: FestivalId, heads: HeadEntry[]): Promise<void> {
    if (!this.#headsAwaited.delete(id)) throw new ProtocolViolationError('heads for a festival not in common or sent twice')
    if (this.#genesisAwaited.has(id)) {
      // The remote sent its HEADS before it saw our GENESIS-REQUEST: keep them for after the genesis.
      this.#earlyHeads.set(id, heads)
      return
    }
    this.#queueWants(id, heads)
  }

  #queueWants(id: FestivalId, heads: HeadEntry[]): void {
    const mine = this.#host.heads(id)
    let wants = false
    for (const h of heads) {
      const have = mine.get(h.author)?.seq ?? 0
      if (h.seq <= have) continue
      this.#ranges.push({ festival: id, author: h.author, nextAfter: have, target: h.seq })
      wants = true
    }
    // Operations will come: the host loads the document while the WANTs travel, not when the first batch is there.
    if (wants) this.#host.open?.(id).catch(() => undefined)
  }

  /**
   * Answers a WANT: its operations are read at once, and sent as one OPS after the answers to the WANTs
   * before it (in the order the WANTs came). The reads of the WANTs that are waiting run together
   * instead of one after the other; at most `maxInFlight` answers are pending before the next message
   * is read.
   */
  async #onWant(id: FestivalId, author: AuthorKey, afterSeq: number, limit: number): Promise<void> {
    if (!this.#common.has(id) || !this.#host.festival(id)) throw new ProtocolViolationError('want for a festival not in common')
    const read = this.#readBatch(id, author, afterSeq, limit)
    read.catch(() => undefined) // its failure is the answer's
    const previous = this.#answers.at(-1) ?? Promise.resolve()
    const answer: Promise<void> = previous
      .then(async () => {
        const encoded = await read
        this.#stats.sent += encoded.length
        await this.#channel.send({ type: 'ops', festival: id, author, ops: encoded })
      })
      .catch((err: unknown) => {
        this.#fail(err)
      })
      .finally(() => {
        this.#answers.splice(this.#answers.indexOf(answer), 1)
      })
    this.#answers.push(answer)
    while (this.#answers.length >= this.#maxInFlight) await this.#answers[0]
    this.#throwIfStoreFailed()
  }

  /** The encodings of the operations a WANT asks for, within the limits of one OPS. */
  async #readBatch(id: FestivalId, author: AuthorKey, afterSeq: number, limit: number): Promise<Uint8Array[]> {
    const n = Math.max(0, Math.min(limit, PROTOCOL_LIMITS.maxOpsPerMessage))
    const encoded: Uint8Array[] = []
    let bytes = 0
    const take = (e: Uint8Array): boolean => {
      if (encoded.length > 0 && bytes + e.byteLength > PROTOCOL_LIMITS.maxBatchBytes) return false
      encoded.push(e)
      bytes += e.byteLength
      return true
    }
    if (n > 0 && this.#host.encodedAfter) {
      // As stored: contiguous operations of that author, in order (the host says so), not re-encoded.
      for (const e of await this.#host.encodedAfter(id, author, afterSeq, n)) if (!take(e)) break
    } else if (n > 0) {
      let expected = afterSeq + 1
      for (const op of await this.#host.opsAfter(id, author, afterSeq, n)) {
        // Only contiguous operations of that author, in order: the host's log should hold nothing else.
        if (op.author !== author || op.festival !== id || op.seq !== expected) break
        if (!take(encodeOperation(op))) break
        expected++
      }
    }
    return encoded
  }

  async #onOps(id: FestivalId, author: AuthorKey, batch: Uint8Array[]): Promise<void> {
    const want = this.#inFlight.shift()
    if (!want || want.festival !== id || want.author !== author) throw new ProtocolViolationError('ops nobody asked for')
    if (batch.length > want.limit) throw new ProtocolViolationError('more ops than asked for')
    const key = `${id}/${author}`
    let expected = want.afterSeq + 1
    let ops: Operation[]
    try {
      // Read in place: views of the frame, stored and dropped together (not one copy each).
      ops = decodeOperations(batch)
    } catch (err) {
      throw new MalformedMessageError('an operation does not decode', { cause: err })
    }
    for (const op of ops) {
      if (op.festival !== id || op.author !== author) throw new ProtocolViolationError('an operation of another festival or author')
      if (op.seq !== expected) throw new ProtocolViolationError('operations out of order')
      expected++
    }
    const last = expected - 1
    const end = want.afterSeq + want.limit
    if (batch.length === 0) {
      // An empty OPS: the remote has no more of this author, whatever its HEADS said; ask for no more.
      this.#refused.add(key)
      return
    }
    if (this.#refused.has(key)) return
    // A short batch (the byte cap): ask for the rest of the range, first. Then ask for more before the
    // host verifies and stores this batch (which waits for the disk), so that the remote reads and
    // sends the next one meanwhile (this OPS freed a slot of the in-flight limit). Should the host
    // refuse an operation of this batch, what comes of the author afterwards is dropped.
    if (last < end) this.#wantQueue.unshift({ festival: id, author, afterSeq: last, limit: end - last })
    await this.#sendWants()
    await this.#handOver(key, ops)
  }

  /**
   * Hands a batch to the host after the author's batch before it was stored, without waiting for it to
   * be stored: the batches of different authors are checked and stored meanwhile (the host writes them
   * together), at most `maxStoring` of them at a time. Should the host refuse an operation of the
   * author's earlier batch, this one is dropped.
   */
  async #handOver(key: string, ops: Operation[]): Promise<void> {
    const before = this.#storing.get(key) ?? Promise.resolve()
    const settled: Promise<void> = before
      .then(() => (this.#refused.has(key) ? undefined : this.#receive(key, ops)))
      .catch((err: unknown) => {
        this.#fail(err)
      })
      .finally(() => {
        this.#unsettled.delete(settled)
        if (this.#storing.get(key) === settled) this.#storing.delete(key)
      })
    this.#storing.set(key, settled)
    this.#unsettled.add(settled)
    while (this.#unsettled.size >= this.#maxStoring) await Promise.race(this.#unsettled)
    this.#throwIfStoreFailed()
  }

  /** Records what failed a batch or an answer, and stops waiting for the next message. */
  #fail(err: unknown): void {
    this.#failure ??= { err }
    this.#failed.abort(err)
  }

  /** Throws what the host threw on a batch handed over (a store error), if it did. */
  #throwIfStoreFailed(): void {
    if (this.#failure) throw this.#failure.err
  }

  /** Hands a batch of one author's operations to the host, in order, stopping at the first refused. */
  async #receive(key: string, ops: Operation[]): Promise<void> {
    const results: SyncReceiveResult[] = []
    if (this.#host.receiveMany) {
      results.push(...(await this.#host.receiveMany(ops)))
    } else {
      for (const op of ops) {
        const result = await this.#host.receive(op)
        results.push(result)
        if (result.status === 'rejected') break
      }
    }
    results.forEach((result, i) => {
      this.#count(result)
      if (result.status === 'rejected' && !this.#refused.has(key)) {
        this.#refused.add(key)
        this.#opts.onRejected?.(ops[i]!, result, isForgery(result))
      }
    })
  }

  #count(result: SyncReceiveResult): void {
    switch (result.status) {
      case 'applied':
        this.#stats.applied++
        break
      case 'duplicate':
        this.#stats.duplicate++
        break
      case 'pending':
        this.#stats.pending++
        break
      case 'rejected':
        this.#stats.rejected++
        break
    }
  }

  async #onGenesisRequest(id: FestivalId): Promise<void> {
    const meta = this.#host.festival(id)
    if (!this.#common.has(id) || !meta || this.#genesisSent.has(id)) {
      throw new ProtocolViolationError('genesis request for a festival not in common, or twice')
    }
    this.#genesisSent.add(id)
    await this.#channel.send({ type: 'genesis', festival: id, genesis: meta })
  }

  async #onGenesis(id: FestivalId, record: FestivalMeta): Promise<void> {
    if (!this.#genesisAwaited.has(id)) throw new ProtocolViolationError('genesis nobody asked for')
    const check = this.#opts.checkGenesis ?? ((r: unknown) => ((r as FestivalMeta).id === id ? (r as FestivalMeta) : 'id mismatch'))
    const checked = check(record)
    if (typeof checked === 'string' || checked.id !== id) {
      throw new ProtocolViolationError(`genesis refused: ${typeof checked === 'string' ? checked : 'id mismatch'}`)
    }
    try {
      await this.#host.adoptFestival(checked)
    } catch (err) {
      throw new ProtocolViolationError('genesis refused by the host', { cause: err })
    }
    this.#genesisAwaited.delete(id)
    this.#mine.set(id, true)
    this.#stats.adopted++
    await this.#sendHeads(id)
    const early = this.#earlyHeads.get(id)
    if (early) {
      this.#earlyHeads.delete(id)
      this.#queueWants(id, early)
    }
  }

  /** The next WANT of at most one batch from the oldest unfinished range, or `undefined`. */
  #nextRange(): Want | undefined {
    while (this.#ranges.length > 0) {
      const r = this.#ranges[0]!
      if (r.nextAfter >= r.target || this.#refused.has(`${r.festival}/${r.author}`)) {
        this.#ranges.shift()
        continue
      }
      const limit = Math.min(PROTOCOL_LIMITS.maxOpsPerMessage, r.target - r.nextAfter)
      const want = { festival: r.festival, author: r.author, afterSeq: r.nextAfter, limit }
      r.nextAfter += limit
      return want
    }
    return undefined
  }

  /**
   * Sends queued WANTs up to the in-flight limit, then DONE when nothing is awaited any more and every
   * batch received is stored.
   */
  async #pump(): Promise<void> {
    this.#throwIfStoreFailed()
    await this.#sendWants()
    if (
      !this.#sentDone &&
      this.#gotHello &&
      this.#headsAwaited.size === 0 &&
      this.#genesisAwaited.size === 0 &&
      this.#inFlight.length === 0 &&
      this.#wantQueue.length === 0 &&
      this.#ranges.length === 0
    ) {
      while (this.#unsettled.size > 0) await Promise.all(this.#unsettled)
      this.#throwIfStoreFailed()
      this.#sentDone = true
      await this.#channel.send({ type: 'done' })
    }
  }

  /** Sends queued WANTs up to the in-flight limit, together in one write (a catch-up asks for every author at once). */
  async #sendWants(): Promise<void> {
    const wants: SyncMessage[] = []
    /** The host's heads, read once per festival for all the WANTs of this call. */
    const held = new Map<FestivalId, Map<AuthorKey, { seq: number }>>()
    while (this.#inFlight.length < this.#maxInFlight) {
      const want = this.#wantQueue.shift() ?? this.#nextRange()
      if (!want) break
      if (this.#refused.has(`${want.festival}/${want.author}`)) continue
      // Skip ranges that arrived meanwhile (gossip, an earlier batch).
      let heads = held.get(want.festival)
      if (!heads) held.set(want.festival, (heads = this.#host.heads(want.festival)))
      const have = heads.get(want.author)?.seq ?? 0
      if (have >= want.afterSeq + want.limit) continue
      this.#inFlight.push(want)
      wants.push({ type: 'want', festival: want.festival, author: want.author, afterSeq: want.afterSeq, limit: want.limit })
    }
    if (wants.length === 0) return
    if (wants.length > 1 && this.#channel.sendMany) await this.#channel.sendMany(wants)
    else for (const want of wants) await this.#channel.send(want)
  }
}
