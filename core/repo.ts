/**
 * The festivals a peer holds: the one place where changes become signed, stored operations, and
 * where operations from other peers are verified before they touch a document.
 *
 * @remarks
 * Local path ({@link Repo.commit}): run the change in the author's namespace → Yjs update → check
 * the namespace rule → sign an {@link Operation} (next sequence number, hash of the previous one,
 * hybrid-logical-clock time) → append it to the operation log (durable) → store the update in
 * y-leveldb → tell listeners. Nothing is acknowledged before the log append resolved.
 *
 * Remote path ({@link Repo.receive}): size limits → known festival → signature → hash chain
 * (duplicates ignored, gaps kept as pending, forks refused) → client id bound to the author →
 * namespace rule → contiguous clocks → store → apply. A refused operation never reaches a document;
 * it is logged and counted by reason.
 *
 * All writes to one festival are serialized, so heads never race.
 */
import * as Y from 'yjs'
import { Festival, checkGenesis, newGenesis } from './festival.ts'
import type { Writer } from './festival.ts'
import type { NamespaceWriter } from './doc.ts'
import { checkNamespace, isViolation, joinRegular } from './namespace.ts'
import type { NamespaceViolation, UpdateShape } from './namespace.ts'
import { HybridClock } from './hlc.ts'
import { clientIdOf } from './identity.ts'
import type { AsyncSigner, Signer } from './identity.ts'
import { chainedPrefix, OPERATION_LIMITS, operationHash, signOperationAsync, verifyOperationSignatureAsync } from './operation.ts'
import type { Operation } from './operation.ts'
import type { DataDir } from './store.ts'
import type { Head } from './oplog.ts'
import { FestivalNotFoundError, repairAdvice, StoreCorruptError, YurtError } from './errors.ts'
import { logger } from './log.ts'
import { BoundedMap } from './bounded-map.ts'
import type { Logger } from './log.ts'
import type { AuthorKey, DocumentKind, FestivalId, FestivalMeta } from './types.ts'

/** What became of a received operation. */
export type ReceiveResult =
  | { status: 'applied' }
  | { status: 'duplicate' }
  | { status: 'pending' }
  | { status: 'rejected'; reason: RejectReason }

/** Why an operation was refused. */
export type RejectReason =
  | 'oversized'
  | 'unknown-festival'
  | 'bad-signature'
  | 'fork'
  | 'broken-chain'
  | 'wrong-client-id'
  | 'update-gap'
  | 'pending-overflow'
  | NamespaceViolation

/** Called for every operation stored, local or remote, after it was applied. */
export type OperationListener = (op: Operation, origin: 'local' | 'remote') => void

export interface RepoOptions {
  /** The wall clock, UTC ms. Pinned by `--now` and in tests. */
  now?: () => number
  log?: Logger
  /** Out-of-order operations kept per author until their predecessors arrive. Default 1024. */
  maxPendingPerAuthor?: number
  /**
   * How long the Yjs cache write of local changes waits for the next ones, ms (default
   * {@link CACHE_GATHER_MS}). Tests that count writes raise it, so that a slow machine does not split them.
   */
  cacheGatherMs?: number
}

const ZERO_HASH = new Uint8Array(32)
const APPLIED_META = 'applied'
const APPLIED_FLUSH_EVERY = 64
/**
 * How long the Yjs cache writes of local changes are gathered before one write takes them all, ms.
 * They are written after the reply and the log is what makes a change durable, so a chat's stream of
 * commands costs one y-leveldb write per window instead of one per command.
 */
const CACHE_GATHER_MS = 10

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/** A batch handed to `Repo.receiveMany`, waiting for its group (`#receiveGroup`). */
interface IncomingBatch {
  ops: Operation[]
  resolve: (results: ReceiveResult[]) => void
  reject: (err: unknown) => void
}

/** Operations whose Yjs cache write is gathering ({@link Repo} `#persistLater`). */
interface CacheBatch {
  loaded: Loaded
  ops: Operation[]
  /** Lets the write go as soon as the earlier ones are done (idempotent). */
  start: () => void
  done: Promise<void>
}

/** Per-festival state held in memory. */
interface Loaded {
  festival: Festival
  /** Highest sequence number per author already in the y-leveldb state. */
  applied: Record<string, number>
  unflushed: number
  /** A cache write failed: the y-leveldb state lacks logged operations until the next write succeeds. */
  cacheStale?: boolean
  /** author → seq → operation waiting for its predecessor. */
  pending: Map<AuthorKey, Map<number, Operation>>
  /** Local operations handed to the log whose batch is not durable yet (the document already holds them). */
  inflight: number
  /** Received operations handed to the log, not durable yet (`author/seq`): a duplicate of one is told from a fork. */
  flying: Map<string, Operation>
}

export class Repo {
  readonly data: DataDir
  readonly clock: HybridClock
  readonly now: () => number
  readonly rejected = new Map<RejectReason, number>()
  readonly #log: Logger
  readonly #maxPending: number
  readonly #cacheGatherMs: number
  readonly #loaded = new Map<FestivalId, Promise<Loaded>>()
  readonly #queues = new Map<FestivalId, Promise<unknown>>()
  /** Per festival, the Yjs cache writes of local changes still running, in order (after the reply). */
  readonly #caching = new Map<FestivalId, Promise<void>>()
  /** Per festival, the cache write still gathering operations (not started): later ones join it. */
  readonly #gathering = new Map<FestivalId, CacheBatch>()
  /** Local changes handed to the log and not yet durable (or failed): `close` waits for them. */
  readonly #storing = new Set<Promise<unknown>>()
  readonly #listeners = new Set<OperationListener>()
  /** Per festival, the batches of `receiveMany` waiting for their turn, taken together as one group. */
  readonly #incoming = new Map<FestivalId, IncomingBatch[]>()
  /** Author key → its Yjs client id (`clientIdOf`: a hash), for the last 4096 authors seen. */
  readonly #clientIds = new BoundedMap<AuthorKey, number>(4096)

  private constructor(data: DataDir, options: RepoOptions) {
    this.data = data
    this.now = options.now ?? Date.now
    this.clock = new HybridClock(this.now)
    this.#log = options.log ?? logger('core:repo')
    this.#maxPending = options.maxPendingPerAuthor ?? 1024
    this.#cacheGatherMs = options.cacheGatherMs ?? CACHE_GATHER_MS
  }

  /** Opens the festivals held in a data directory. */
  static async open(data: DataDir, options: RepoOptions = {}): Promise<Repo> {
    return new Repo(data, options)
  }

  // ---- festivals -------------------------------------------------------------------------------

  festivals(): FestivalMeta[] {
    return this.data.ops.festivals()
  }

  festival(id: FestivalId): FestivalMeta | undefined {
    return this.data.ops.festival(id)
  }

  /** A festival by id, or by name (case- and accent-insensitive); `undefined` when none or several match. */
  findFestival(nameOrId: string): FestivalMeta | undefined {
    const matches = this.findFestivals(nameOrId)
    return matches.length === 1 ? matches[0] : undefined
  }

  /**
   * Every festival `nameOrId` may mean: the one with that id; else those with that name (case and
   * accents aside; two festivals may share a name when one was joined); else those whose id starts
   * with it (a short id, at least 4 characters, as `yurt festivals` prints it). Empty when none.
   */
  findFestivals(nameOrId: string): FestivalMeta[] {
    const byId = this.data.ops.festival(nameOrId as FestivalId)
    if (byId) return [byId]
    const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim()
    const named = this.festivals().filter((f) => fold(f.name) === fold(nameOrId))
    if (named.length > 0) return named
    const prefix = nameOrId.trim().toLowerCase()
    if (prefix.length < 4) return []
    return this.festivals().filter((f) => f.id.startsWith(prefix))
  }

  /** Creates a festival and registers it. */
  async createFestival(input: { name: string; timezone: string; startDate?: string; endDate?: string; creator?: AuthorKey; kind?: DocumentKind }): Promise<FestivalMeta> {
    const meta = newGenesis({ ...input, now: this.now() })
    await this.data.ops.putFestival(meta)
    return meta
  }

  /**
   * Registers a festival learned from another peer (a join code, a sync).
   *
   * @throws YurtError when the record is malformed or its id does not match its genesis.
   */
  async adoptFestival(meta: FestivalMeta): Promise<FestivalMeta> {
    const checked = checkGenesis(meta)
    if (typeof checked === 'string') throw new YurtError(`festival record refused: ${checked}`)
    if (!this.data.ops.festival(checked.id)) await this.data.ops.putFestival(checked)
    return checked
  }

  /**
   * The festival's document, loaded on first use: the y-leveldb state plus any logged operation
   * it does not hold yet (after a crash between the log append and the y-leveldb write).
   *
   * @throws FestivalNotFoundError
   */
  async open(id: FestivalId): Promise<Festival> {
    return (await this.#load(id)).festival
  }

  #load(id: FestivalId): Promise<Loaded> {
    let p = this.#loaded.get(id)
    if (!p) {
      p = this.#doLoad(id)
      this.#loaded.set(id, p)
      p.catch(() => this.#loaded.delete(id))
    }
    return p
  }

  async #doLoad(id: FestivalId): Promise<Loaded> {
    const meta = this.data.ops.festival(id)
    if (!meta) throw new FestivalNotFoundError(`no festival with id ${id}`)
    const doc = (await this.data.ydocs.load(id)) ?? new Y.Doc({ gc: true })
    const festival = new Festival(meta, doc, { now: this.now })
    await this.#checkCache(id, festival)
    const stored = (await this.data.ydocs.getMeta(id, APPLIED_META)) as Record<string, number> | undefined
    const applied: Record<string, number> = { ...(stored ?? {}) }
    const replay: Uint8Array[] = []
    for (const [author, head] of this.data.ops.heads(id)) {
      const from = (applied[author] ?? 0) + 1
      if (from > head.seq) continue
      for await (const op of this.data.ops.range(id, author, from)) replay.push(op.update)
      applied[author] = head.seq
    }
    let cacheStale = false
    if (replay.length > 0) {
      const merged = Y.mergeUpdates(replay)
      festival.applyVerified(merged)
      try {
        await this.data.ydocs.storeUpdate(id, merged)
        await this.data.ydocs.setMeta(id, APPLIED_META, applied)
      } catch (err) {
        // The log holds it all; the cache catches up on a later write (or the next start).
        cacheStale = true
        this.#log.warn({ err, festival: id }, 'could not write the replayed operations to the Yjs cache')
      }
      this.#log.info({ festival: id, replayed: replay.length }, 'replayed logged operations into the document')
    }
    return { festival, applied, unflushed: 0, pending: new Map(), cacheStale, inflight: 0, flying: new Map() }
  }

  /**
   * The Yjs state is a cache of the log: it may lag behind it (a crash between the two writes), never
   * run ahead. A client whose clock in the document passes the end of its author's last logged
   * operation (or that no logged author writes with) means the log lost operations the cache still
   * shows: refused, naming the festival, rather than shown and built upon.
   *
   * @throws StoreCorruptError
   */
  async #checkCache(id: FestivalId, festival: Festival): Promise<void> {
    const ends = new Map<number, number>()
    const heads = [...this.data.ops.heads(id)]
    // Every author's last operation in one read (a festival of many authors opens in one database
    // round trip, not one per author); it almost always wrote content.
    const lasts = await this.data.ops.at(id, heads.map(([author, head]) => ({ author, seq: head.seq })))
    for (const [i, [author, head]] of heads.entries()) {
      // The last operation that wrote content (an undo or a removal may only delete), newest first.
      for (let seq = head.seq; seq >= 1; seq--) {
        const op = seq === head.seq ? lasts[i] : (await this.opsAfter(id, author, seq - 1, 1))[0]
        if (!op) continue
        const end = Y.parseUpdateMeta(op.update).to.get(op.clientId)
        if (end === undefined) {
          if (!ends.has(op.clientId)) ends.set(op.clientId, 0)
          continue
        }
        ends.set(op.clientId, Math.max(ends.get(op.clientId) ?? 0, end))
        break
      }
    }
    for (const [client, clock] of Y.decodeStateVector(Y.encodeStateVector(festival.doc))) {
      const end = ends.get(client)
      if (clock > 0 && (end === undefined || clock > end)) {
        throw new StoreCorruptError(
          `the Yjs state of “${festival.meta.name}” (${this.data.dir}/ydoc) holds changes the operation log (${this.data.dir}/ops) does not: the log lost operations; ${repairAdvice(this.data.dir)}`,
        )
      }
    }
  }

  /** Runs `task` after every earlier write to the same festival. */
  #serialize<T>(id: FestivalId, task: () => Promise<T>): Promise<T> {
    const prev = this.#queues.get(id) ?? Promise.resolve()
    const next = prev.then(task, task)
    this.#queues.set(
      id,
      next.catch(() => undefined),
    )
    return next
  }

  // ---- local changes ---------------------------------------------------------------------------

  /**
   * Makes one change as `signer` and stores it as one signed operation.
   *
   * @returns the operation once it is durable, or `null` when `fn` changed nothing.
   * @throws FestivalNotFoundError; store errors (the change is then not acknowledged, and the
   *   in-memory document is reloaded from the store on next use).
   */
  async commit(id: FestivalId, signer: Signer | AsyncSigner, fn: (w: NamespaceWriter) => void): Promise<Operation | null> {
    const ops = await this.#commitPipelined(id, signer, [fn])
    return ops[0] ?? null
  }

  /**
   * Makes many changes as `signer`, one operation each, stored in one atomic batch (imports).
   * Either every operation is stored or none is.
   */
  commitMany(id: FestivalId, signer: Signer | AsyncSigner, fns: Array<(w: NamespaceWriter) => void>): Promise<Operation[]> {
    return this.#commitPipelined(id, signer, fns)
  }

  /**
   * A local change in two steps. In the festival's queue: apply to the document, sign, hand the
   * operations to the log (which checks them against the chain's tip). Out of the queue: wait for the
   * log's batch to be durable, then acknowledge. So the next change of the festival (another room,
   * another person) is prepared while this one's fsync runs, and the log writes both in one batch
   * (group commit); acknowledgements, the Yjs cache writes and the `op` events keep the queue's order.
   */
  async #commitPipelined(id: FestivalId, signer: Signer | AsyncSigner, fns: Array<(w: NamespaceWriter) => void>): Promise<Operation[]> {
    const { stored } = await this.#serialize(id, () => this.#commitLocked(id, signer, fns))
    this.#storing.add(stored)
    try {
      return await stored
    } finally {
      this.#storing.delete(stored)
    }
  }

  /** The queued step of {@link #commitPipelined}; `stored` settles once the log batch does. */
  async #commitLocked(id: FestivalId, signer: Signer | AsyncSigner, fns: Array<(w: NamespaceWriter) => void>): Promise<{ stored: Promise<Operation[]> }> {
    const entry = this.#load(id)
    const loaded = await entry
    const writer: Writer = { key: signer.key, clientId: signer.clientId }
    const made: Operation[] = []
    let head: Head | undefined = this.data.ops.tip(id, signer.key)
    let logged: Promise<void>
    try {
      for (const fn of fns) {
        const update = loaded.festival.change(writer, fn)
        if (!update) continue
        if (update.length > OPERATION_LIMITS.maxUpdateBytes) {
          throw new YurtError(`a change of ${update.length} bytes is over the ${OPERATION_LIMITS.maxUpdateBytes}-byte limit`)
        }
        const op = await signOperationAsync(
          {
            festival: id,
            author: signer.key,
            seq: (head?.seq ?? 0) + 1,
            prev: head?.hash ?? ZERO_HASH,
            clientId: signer.clientId,
            hlc: this.clock.tick(),
            update,
          },
          signer,
        )
        head = { seq: op.seq, hash: operationHash(op) }
        made.push(op)
      }
      if (made.length === 0) return { stored: Promise.resolve(made) }
      logged = made.length === 1 ? this.data.ops.append(made[0]!) : this.data.ops.appendMany(made)
    } catch (err) {
      // The document may hold changes that were never stored: drop it, reload from the store.
      this.#forget(id, entry)
      throw err
    }
    loaded.inflight++
    // Registered now, in the queue's order: the handlers run in that order as the batches land.
    const stored = logged.then(
      () => {
        loaded.inflight--
        // The change is durable: the log holds it. The Yjs cache is written after the reply, in order; a
        // crash before it is replayed from the log on the next start (the cache may lag, never lead).
        void this.#persistLater(id, loaded, made, true)
        for (const op of made) this.#emit(op, 'local')
        return made
      },
      (err: unknown) => {
        loaded.inflight--
        // The document holds changes that were never stored (this one, maybe later ones: the log fails
        // those too): drop it, reload from the store.
        this.#forget(id, entry)
        throw err
      },
    )
    return { stored }
  }

  /** Drops the in-memory document of `id` if it is still the one loaded as `entry`. */
  #forget(id: FestivalId, entry: Promise<Loaded>): void {
    if (this.#loaded.get(id) === entry) this.#loaded.delete(id)
  }

  /**
   * `#persistApplied` queued behind the earlier cache writes of the festival (never rejects). Operations
   * that come while a write has not begun (gathering, or waiting for its turn) join it: one write for
   * all of them, in their order.
   *
   * @param gather `true` for local changes: the write waits up to `cacheGatherMs` ({@link CACHE_GATHER_MS}) for the
   *   next ones and takes them all; `false` lets it go (with what has gathered) as soon as the earlier
   *   writes are done.
   */
  #persistLater(id: FestivalId, loaded: Loaded, ops: Operation[], gather = false): Promise<void> {
    let batch = this.#gathering.get(id)
    if (batch && batch.loaded !== loaded) {
      batch.start()
      batch = undefined
    }
    batch ??= this.#openCacheBatch(id, loaded)
    batch.ops.push(...ops)
    if (!gather || batch.ops.length >= 256) batch.start()
    return batch.done
  }

  #openCacheBatch(id: FestivalId, loaded: Loaded): CacheBatch {
    let release!: () => void
    const gate = new Promise<void>((resolve) => (release = resolve))
    const batch: CacheBatch = {
      loaded,
      ops: [],
      start: () => {
        clearTimeout(timer)
        release()
      },
      done: Promise.resolve(),
    }
    const timer = setTimeout(batch.start, this.#cacheGatherMs)
    const earlier = this.#caching.get(id) ?? Promise.resolve()
    const next = Promise.all([earlier, gate]).then(() => {
      // Begun: later operations go into the next write.
      if (this.#gathering.get(id) === batch) this.#gathering.delete(id)
      return this.#persistApplied(id, loaded, batch.ops)
    })
    batch.done = next
    this.#gathering.set(id, batch)
    this.#caching.set(id, next)
    void next.then(() => {
      if (this.#caching.get(id) === next) this.#caching.delete(id)
    })
    return batch
  }

  /** Waits for the Yjs cache writes queued so far (all festivals), starting those still gathering: for close and for tests. */
  async cacheWritten(): Promise<void> {
    for (const batch of [...this.#gathering.values()]) batch.start()
    await Promise.all([...this.#caching.values()])
  }

  /**
   * Writes logged operations to the Yjs cache. Never throws: the operations are in the log, so the
   * change is stored whatever the cache does. After a failed cache write the cache is stale: the next
   * write stores the whole in-memory document (which holds every logged operation) before the applied
   * heads are recorded again, and until then a restart replays from the heads last recorded.
   */
  async #persistApplied(id: FestivalId, loaded: Loaded, ops: Operation[]): Promise<void> {
    try {
      // A stale cache is rewritten whole, but not while the document holds changes not yet durable:
      // the cache may lag the log, never lead it.
      if (loaded.cacheStale && loaded.inflight > 0) return
      // The updates as the operations carry them, in one write (not merged: that decodes and
      // re-encodes each); after a failed write, the whole document.
      if (loaded.cacheStale) await this.data.ydocs.storeUpdate(id, Y.encodeStateAsUpdate(loaded.festival.doc))
      else if (ops.length === 1) await this.data.ydocs.storeUpdate(id, ops[0]!.update)
      else await this.data.ydocs.storeUpdates(id, ops.map((o) => o.update))
      for (const op of ops) loaded.applied[op.author] = op.seq
      loaded.unflushed += ops.length
      if (loaded.cacheStale || loaded.unflushed >= APPLIED_FLUSH_EVERY) {
        if (loaded.cacheStale) for (const [author, head] of this.data.ops.heads(id)) loaded.applied[author] = head.seq
        await this.data.ydocs.setMeta(id, APPLIED_META, loaded.applied)
        loaded.unflushed = 0
        loaded.cacheStale = false
      }
    } catch (err) {
      loaded.cacheStale = true
      this.#log.warn({ err, festival: id }, 'the operation is logged but the Yjs cache could not be written; it is rebuilt from the log')
    }
  }

  // ---- replication -----------------------------------------------------------------------------

  /** Each author's latest sequence number and hash for a festival. */
  heads(id: FestivalId): Map<AuthorKey, Head> {
    return this.data.ops.heads(id)
  }

  /** Up to `limit` operations of `author` after `afterSeq`, in order. */
  async opsAfter(id: FestivalId, author: AuthorKey, afterSeq: number, limit: number): Promise<Operation[]> {
    const out: Operation[] = []
    if (limit <= 0) return out
    for await (const op of this.data.ops.range(id, author, afterSeq + 1, afterSeq + limit)) {
      out.push(op)
      if (out.length >= limit) break
    }
    return out
  }

  /**
   * The encodings of up to `limit` operations of `author` after `afterSeq`, in order and without a gap,
   * as the log holds them (not decoded and encoded again): what a sync session sends.
   */
  encodedAfter(id: FestivalId, author: AuthorKey, afterSeq: number, limit: number): Promise<Uint8Array[]> {
    return this.data.ops.encodedRange(id, author, afterSeq + 1, limit)
  }

  /** Registers a listener for every stored operation; returns the function that removes it. */
  onOperation(listener: OperationListener): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  #emit(op: Operation, origin: 'local' | 'remote'): void {
    for (const listener of this.#listeners) {
      try {
        listener(op, origin)
      } catch (err) {
        this.#log.error({ err }, 'operation listener failed')
      }
    }
  }

  /** Verifies, stores and applies an operation from another peer. Never throws on bad input. */
  receive(op: Operation): Promise<ReceiveResult> {
    if (!this.data.ops.festival(op.festival)) return Promise.resolve(this.#reject(op, 'unknown-festival'))
    return this.#serialize(op.festival, () => this.#receiveLocked(op))
  }

  #reject(op: Operation, reason: RejectReason): ReceiveResult {
    this.rejected.set(reason, (this.rejected.get(reason) ?? 0) + 1)
    this.#log.warn({ festival: op.festival, author: op.author, seq: op.seq, reason }, 'operation refused')
    return { status: 'rejected', reason }
  }

  /** `author`'s operation `seq` of festival `id`: handed to the log and not durable yet, or stored. */
  async #knownOp(loaded: Loaded, id: FestivalId, author: AuthorKey, seq: number): Promise<Operation | undefined> {
    return loaded.flying.get(`${author}/${seq}`) ?? (await this.opsAfter(id, author, seq - 1, 1))[0]
  }

  async #receiveLocked(op: Operation): Promise<ReceiveResult> {
    if (op.update.length > OPERATION_LIMITS.maxUpdateBytes) return this.#reject(op, 'oversized')
    if (!(await verifyOperationSignatureAsync(op))) return this.#reject(op, 'bad-signature')
    // The chain's tip: a batch received before this one may still be on its way to the disk.
    const head = this.data.ops.tip(op.festival, op.author)
    const headSeq = head?.seq ?? 0
    const loaded = await this.#load(op.festival)
    if (op.seq <= headSeq) {
      const stored = await this.#knownOp(loaded, op.festival, op.author, op.seq)
      if (stored && equalBytes(operationHash(stored), operationHash(op))) return { status: 'duplicate' }
      return this.#reject(op, 'fork')
    }
    if (op.seq > headSeq + 1) return this.#keepPending(loaded, op)
    const result = await this.#applyNext(loaded, op, head)
    if (result.status === 'applied') await this.#drainPending(loaded, op.author, op.seq + 1)
    return result
  }

  /**
   * Verifies, stores and applies a batch of one author's operations of one festival, in ascending
   * sequence order (a sync session's OPS, `p2p/host.ts` `SyncHost.receiveMany`). Same outcome as
   * {@link receive} on each in turn, stopping after the first one refused; but the accepted run is
   * applied to the document in one Yjs transaction (each operation's first clock checked against the
   * end of the one before, read from its update: `UpdateShape.regular` in `core/namespace.ts`),
   * stored in one durable log batch, and written to the y-leveldb cache in one write after the reply,
   * which is what makes a fresh peer's catch-up fast. Batches handed over while an earlier group of the
   * festival is being checked wait for it and are then handled as one group (`#receiveGroup`): checked
   * in turn, stored in one durable write, cached in one write; a group is checked while the one before it
   * is still being written. Resolves only once the batch is durable. Never throws on bad input.
   *
   * @returns one result per operation handled: a prefix of `ops`.
   * @throws store errors only: nothing of the batch (nor of the batches written with it) is then stored, and the festival's in-memory
   *   document (which holds the batch's updates) is dropped, so the next {@link open} reloads it from
   *   the store — as after a failed commit. A `Festival` obtained earlier keeps the unstored state.
   */
  async receiveMany(ops: Operation[]): Promise<ReceiveResult[]> {
    const first = ops[0]
    if (!first) return []
    if (ops.some((op) => op.festival !== first.festival || op.author !== first.author)) {
      // Not a batch of one chain: take them one by one.
      const results: ReceiveResult[] = []
      for (const op of ops) {
        const result = await this.receive(op)
        results.push(result)
        if (result.status === 'rejected') break
      }
      return results
    }
    if (!this.data.ops.festival(first.festival)) return [this.#reject(first, 'unknown-festival')]
    const id = first.festival
    return new Promise<ReceiveResult[]>((resolve, reject) => {
      let group = this.#incoming.get(id)
      if (!group) {
        // The first batch since the festival's last group began: a new group, taken whole when its turn comes.
        const taken: IncomingBatch[] = (group = [])
        this.#incoming.set(id, taken)
        void this.#serialize(id, () => {
          if (this.#incoming.get(id) === taken) this.#incoming.delete(id)
          return this.#receiveGroup(id, taken)
        })
      }
      group.push({ ops, resolve, reject })
    })
  }

  /**
   * The batches of a festival handed to {@link receiveMany} while the one before them was being
   * stored, handled together: each checked and applied in turn (as one by one), then stored in one
   * durable log write for all (group commit) and written to the Yjs cache in one write after the reply.
   * A sync session hands over the batches of different authors without waiting for each to be stored,
   * so a fresh peer's catch-up waits for a few fsyncs rather than one per batch. The festival's next task
   * (the next group, a gossiped operation, a commit) runs once this group is checked and handed to the log,
   * not once it is durable: it builds on the chains' tips, and the log writes it with or after this group
   * (a write that fails fails every append behind it, and the document is reloaded from the log).
   * Acknowledgements, the cache write and the `op` events wait for durability (`#finishGroup`).
   */
  async #receiveGroup(id: FestivalId, group: IncomingBatch[]): Promise<void> {
    const entry = this.#load(id)
    let loaded: Loaded
    try {
      loaded = await entry
    } catch (err) {
      for (const b of group) b.reject(err)
      return
    }
    /** Operations handed to the log, not durable yet (this group's and those of the groups before it still being written). */
    const flying = loaded.flying
    const checked: Array<{ batch: IncomingBatch; results: ReceiveResult[]; run: Operation[]; logged: Promise<void> | null }> = []
    let failed = false
    for (const batch of group) {
      try {
        const { results, run } = await this.#checkRun(loaded, batch.ops)
        // Checked against the chain's tip at once (synchronously), so the next batch builds on it; the
        // log writes what is handed to it meanwhile together.
        const logged = run.length > 0 ? this.data.ops.appendMany(run) : null
        for (const op of run) flying.set(`${op.author}/${op.seq}`, op)
        checked.push({ batch, results, run, logged })
      } catch (err) {
        // Not expected (the namespace check decoded every update): the document may hold part of the
        // run, never stored; drop it, reload from the store. The batches after it are not looked at.
        failed = true
        this.#forget(id, entry)
        for (const b of group.slice(group.indexOf(batch))) b.reject(err)
        break
      }
    }
    // Stored while the festival's next task runs (the next group is checked and handed to the log
    // meanwhile, and written with or after this one): acknowledged, cached and announced once durable.
    loaded.inflight++
    const finished: Promise<void> = this.#finishGroup(id, entry, loaded, checked, failed).finally(() => {
      loaded.inflight--
      this.#storing.delete(finished)
    })
    this.#storing.add(finished)
  }

  /** The rest of {@link #receiveGroup} once its writes are durable (or failed); never rejects. */
  async #finishGroup(
    id: FestivalId,
    entry: Promise<Loaded>,
    loaded: Loaded,
    checked: Array<{ batch: IncomingBatch; results: ReceiveResult[]; run: Operation[]; logged: Promise<void> | null }>,
    failed: boolean,
  ): Promise<void> {
    const stored = await Promise.allSettled(checked.map((c) => c.logged))
    for (const c of checked) for (const op of c.run) loaded.flying.delete(`${op.author}/${op.seq}`)
    if (stored.some((r) => r.status === 'rejected')) {
      // The document holds updates that were never stored: drop it, reload from the store. (The log
      // fails an append whose write failed and every append behind it.)
      failed = true
      this.#forget(id, entry)
    }
    const done = checked.filter((c, i) => {
      const r = stored[i]!
      if (r.status === 'rejected') c.batch.reject(r.reason)
      return r.status === 'fulfilled'
    })
    const runs = done.flatMap((c) => c.run)
    for (const op of runs) this.clock.observe(op.hlc)
    // As for a local change, the Yjs cache is written after the reply, in order (the log holds the runs);
    // after a failure it lags the log until the document is reloaded from it.
    if (runs.length > 0 && !failed) void this.#persistLater(id, loaded, runs)
    for (const op of runs) this.#emit(op, 'remote')
    for (const c of done) {
      try {
        const author = c.run[0]?.author
        if (author && !failed) await this.#serialize(id, () => this.#drainPending(loaded, author, c.run.at(-1)!.seq + 1))
        c.batch.resolve(c.results)
      } catch (err) {
        c.batch.reject(err)
      }
    }
  }

  /**
   * Checks one batch of one author's operations (ascending sequence order) against the chain's tip and
   * applies the accepted run to the document (not stored yet: the caller hands `run` to the log).
   * `loaded.flying` holds the operations of earlier batches handed to the log and not durable yet, for
   * telling a duplicate of one from a fork.
   */
  async #checkRun(loaded: Loaded, ops: Operation[]): Promise<{ results: ReceiveResult[]; run: Operation[] }> {
    const { festival: id, author } = ops[0]!
    const stored = this.data.ops.tip(id, author)
    const storedSeq = stored?.seq ?? 0
    let head = stored
    /** Accepted, not yet stored: `run[i]` has sequence number `storedSeq + 1 + i`. */
    const run: Operation[] = []
    const results: ReceiveResult[] = []
    const vouched = await this.#vouchedRun(ops, stored)
    const clientId = this.#clientIdOf(author)
    /** The author's clock in the document once the run so far is applied (`null`: read it from the document). */
    let clock: number | null = null
    /**
     * Whether each operation is applied alone and the clock read from the document, as `receive` does:
     * when the document waits for missing structs (an irregular update left some), a later update may
     * let them in and move the clock further than its own range says.
     */
    let alone = loaded.festival.hasPending
    /** Updates of the run not applied yet, in order. */
    let waiting: Uint8Array[] = []
    const flush = () => {
      if (waiting.length > 0) loaded.festival.applyVerifiedAll(joinRegular(waiting))
      waiting = []
    }
    for (const op of ops) {
      let refusal: RejectReason | null = null
      let shape: UpdateShape | null = null
      if (op.update.length > OPERATION_LIMITS.maxUpdateBytes) refusal = 'oversized'
      else if (!vouched.has(op) && !(await verifyOperationSignatureAsync(op))) refusal = 'bad-signature'
      else if (op.seq <= (head?.seq ?? 0)) {
        const known =
          op.seq > storedSeq
            ? run[op.seq - storedSeq - 1]
            : await this.#knownOp(loaded, id, author, op.seq)
        if (known && equalBytes(operationHash(known), operationHash(op))) {
          results.push({ status: 'duplicate' })
          continue
        }
        refusal = 'fork'
      } else if (op.seq > (head?.seq ?? 0) + 1) {
        results.push(this.#keepPending(loaded, op))
        if (results.at(-1)!.status === 'rejected') break
        continue
      } else {
        clock ??= loaded.festival.clockOf(clientId)
        const checked = this.#checkNext(op, head, clock)
        if (typeof checked === 'string') refusal = checked
        else shape = checked
      }
      if (refusal !== null) {
        results.push(this.#reject(op, refusal))
        break
      }
      if (!alone && shape!.regular && (shape!.deletedEnd === null || shape!.deletedEnd <= (shape!.endClock ?? clock!))) {
        // Its clocks follow from its own range (and it deletes only items there or before): no need
        // to apply it before checking the next one.
        waiting.push(op.update)
        if (shape!.endClock !== null) clock = shape!.endClock
      } else {
        // A crafted update whose effect on the clock only the document tells: applied alone, in order.
        flush()
        loaded.festival.applyVerified(op.update)
        clock = loaded.festival.clockOf(clientId)
        if (loaded.festival.hasPending) alone = true
      }
      run.push(op)
      head = { seq: op.seq, hash: operationHash(op) }
      results.push({ status: 'applied' })
    }
    flush()
    return { results, run }
  }

  /** The Yjs client id bound to an author (`clientIdOf`), remembered for the authors seen lately. */
  #clientIdOf(author: AuthorKey): number {
    let id = this.#clientIds.get(author)
    if (id === undefined) this.#clientIds.set(author, (id = clientIdOf(author)))
    return id
  }

  /**
   * The operations of a batch whose signatures need not be checked one by one: the longest prefix that
   * continues the stored chain without a gap (each `prev` the hash of the one before, the first's the
   * stored head's), when the signature of its newest operation verifies. That signature covers the
   * newest `prev`, the hash of its predecessor with its own signature, and so on back to the head: the
   * author vouched for every byte of the run (`p2p/PROTOCOL.md`, "Catch-up"). When it does not verify,
   * nothing is vouched for and each is checked (the first bad one is refused, those before it kept).
   */
  async #vouchedRun(ops: Operation[], stored: Head | undefined): Promise<Set<Operation>> {
    const prefix = chainedPrefix(ops, stored)
    if (prefix.length < 2 || !(await verifyOperationSignatureAsync(prefix.at(-1)!))) return new Set()
    return new Set(prefix)
  }

  /** Keeps an operation that arrived before its predecessor, within the per-author bound. */
  #keepPending(loaded: Loaded, op: Operation): ReceiveResult {
    let waiting = loaded.pending.get(op.author)
    if (!waiting) loaded.pending.set(op.author, (waiting = new Map()))
    if (waiting.has(op.seq)) return { status: 'pending' }
    if (waiting.size >= this.#maxPending) return this.#reject(op, 'pending-overflow')
    waiting.set(op.seq, op)
    return { status: 'pending' }
  }

  /** A predecessor arrived: applies whatever of `author` was waiting for it, from `seq` on. */
  async #drainPending(loaded: Loaded, author: AuthorKey, seq: number): Promise<void> {
    const waiting = loaded.pending.get(author)
    while (waiting?.has(seq)) {
      const next = waiting.get(seq)!
      waiting.delete(seq)
      const r = await this.#applyNext(loaded, next, this.data.ops.tip(next.festival, author))
      if (r.status !== 'applied') {
        waiting.clear() // the rest of the chain hangs on a refused operation
        break
      }
      seq++
    }
  }

  /**
   * Why the operation that directly follows `head` (signature already verified) must be refused, or
   * its update's shape: hash chain, client id bound to the author, namespace rule, contiguous clocks.
   * `clock` is the author's clock in the document the update would be applied to.
   */
  #checkNext(op: Operation, head: Head | undefined, clock: number): RejectReason | UpdateShape {
    if (!equalBytes(op.prev, head?.hash ?? ZERO_HASH)) return 'broken-chain'
    if (op.clientId !== this.#clientIdOf(op.author)) return 'wrong-client-id'
    const shape = checkNamespace(op.update, op.author, op.clientId)
    if (isViolation(shape)) return shape.violation
    if (shape.firstClock !== null && shape.firstClock !== clock) return 'update-gap'
    return shape
  }

  /** Checks, stores and applies the operation that directly follows `head`; its signature was verified. */
  async #applyNext(loaded: Loaded, op: Operation, head: Head | undefined): Promise<ReceiveResult> {
    const checked = this.#checkNext(op, head, loaded.festival.clockOf(op.clientId))
    if (typeof checked === 'string') return this.#reject(op, checked)
    await this.data.ops.append(op)
    this.clock.observe(op.hlc)
    loaded.festival.applyVerified(op.update)
    await this.#persistLater(op.festival, loaded, [op])
    this.#emit(op, 'remote')
    return { status: 'applied' }
  }

  /** Writes the y-leveldb bookkeeping and closes the data directory. */
  async close(): Promise<void> {
    await Promise.allSettled([...this.#queues.values()])
    await Promise.allSettled([...this.#storing])
    await this.cacheWritten()
    for (const [id, p] of this.#loaded) {
      const loaded = await p.catch(() => null)
      if (loaded) await this.data.ydocs.setMeta(id, APPLIED_META, loaded.applied)
    }
    await this.data.close()
  }
}
