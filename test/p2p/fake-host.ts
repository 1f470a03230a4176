/**
 * An in-memory {@link SyncHost} for protocol tests: the operation rules of `core/repo.ts` (signature,
 * hash chain, duplicates, out-of-order operations kept) without Yjs or storage.
 *
 * @remarks Updates are opaque bytes here; the namespace rule is the real Repo's business and is
 * tested with real Repos. A fake can also be told to misbehave (serve forged operations) so that the
 * forgery handling of the p2p layer can be tested from the outside.
 */
import { createHash } from 'node:crypto'
import { newGenesis } from '../../core/festival.ts'
import { signerFromSeed, type Signer } from '../../core/identity.ts'
import {
  bytesEqual,
  encodeOperation,
  operationHash,
  signOperation,
  verifyOperationSignature,
  ZERO_HASH,
  type Operation,
} from '../../core/operation.ts'
import type { AuthorKey, FestivalId, FestivalMeta } from '../../core/types.ts'
import type { OperationOrigin, SyncHead, SyncHost, SyncReceiveResult } from '../../p2p/host.ts'

/** A deterministic signer: the seed is SHA-256 of `name`. */
export function signer(name: string): Signer {
  return signerFromSeed(new Uint8Array(createHash('sha256').update(`yurt-test/${name}`).digest()))
}

/** A festival genesis pinned for tests. */
export function testFestival(name = 'Test Fest', now = Date.UTC(2026, 5, 1)): FestivalMeta {
  return newGenesis({ name, timezone: 'Europe/Paris', now })
}

/** A small deterministic random number generator (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

interface Chain {
  ops: Operation[]
  hashes: Uint8Array[]
}

/** An in-memory host that verifies operations like the real Repo (minus the namespace rule). */
export class FakeHost implements SyncHost {
  readonly name: string
  readonly #metas = new Map<FestivalId, FestivalMeta>()
  readonly #chains = new Map<FestivalId, Map<AuthorKey, Chain>>()
  readonly #pending = new Map<string, Map<number, Operation>>()
  readonly #listeners = new Set<(op: Operation, origin: OperationOrigin) => void>()
  /** Results of `receive`, by status or rejection reason. */
  readonly counts = new Map<string, number>()
  /** When set, `opsAfter` passes every operation through it (to serve forgeries). */
  tamper: ((op: Operation) => Operation) | null = null
  /** Delay added to every `receive` (ms), to exercise backpressure. */
  receiveDelayMs = 0
  /** Delay added to every `opsAfter` (ms), as a slow disk. */
  readDelayMs = 0
  /** Reads (`opsAfter`) running now, and the most that ran at once. */
  reading = 0
  mostReading = 0
  /** Whether this host offers `receiveMany`. */
  batch = false
  /** How many times `receiveMany` was called. */
  batches = 0
  /** When set, `receiveMany` waits for it before it stores a batch (to hold batches in the host). */
  beforeBatch: ((ops: Operation[]) => Promise<void>) | null = null

  constructor(name = 'host') {
    this.name = name
  }

  festivals(): FestivalMeta[] {
    return [...this.#metas.values()]
  }

  festival(id: FestivalId): FestivalMeta | undefined {
    return this.#metas.get(id)
  }

  async adoptFestival(meta: FestivalMeta): Promise<FestivalMeta> {
    if (!this.#metas.has(meta.id)) {
      this.#metas.set(meta.id, meta)
      this.#chains.set(meta.id, new Map())
    }
    return meta
  }

  heads(id: FestivalId): Map<AuthorKey, SyncHead> {
    const out = new Map<AuthorKey, SyncHead>()
    for (const [author, chain] of this.#chains.get(id) ?? []) {
      if (chain.ops.length > 0) out.set(author, { seq: chain.ops.length, hash: chain.hashes.at(-1)! })
    }
    return out
  }

  async opsAfter(id: FestivalId, author: AuthorKey, afterSeq: number, limit: number): Promise<Operation[]> {
    if (this.readDelayMs > 0) {
      this.mostReading = Math.max(this.mostReading, ++this.reading)
      await new Promise((r) => setTimeout(r, this.readDelayMs))
      this.reading--
    }
    const ops = this.#chains.get(id)?.get(author)?.ops.slice(afterSeq, afterSeq + limit) ?? []
    return this.tamper ? ops.map(this.tamper) : ops
  }

  onOperation(listener: (op: Operation, origin: OperationOrigin) => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  async receive(op: Operation): Promise<SyncReceiveResult> {
    if (this.receiveDelayMs > 0) await new Promise((r) => setTimeout(r, this.receiveDelayMs))
    const result = this.#receive(op)
    this.counts.set(result.status === 'rejected' ? result.reason : result.status, (this.counts.get(result.status === 'rejected' ? result.reason : result.status) ?? 0) + 1)
    return result
  }

  /** The batch form (see {@link SyncHost.receiveMany}); only when {@link FakeHost.batch} is set. */
  get receiveMany(): ((ops: Operation[]) => Promise<SyncReceiveResult[]>) | undefined {
    if (!this.batch) return undefined
    return async (ops) => {
      this.batches++
      if (this.beforeBatch) await this.beforeBatch(ops)
      const out: SyncReceiveResult[] = []
      for (const op of ops) {
        const r = await this.receive(op)
        out.push(r)
        if (r.status === 'rejected') break
      }
      return out
    }
  }

  #receive(op: Operation): SyncReceiveResult {
    const chains = this.#chains.get(op.festival)
    if (!chains) return { status: 'rejected', reason: 'unknown-festival' }
    if (!verifyOperationSignature(op)) return { status: 'rejected', reason: 'bad-signature' }
    const chain = this.#chain(op.festival, op.author)
    if (op.seq <= chain.ops.length) {
      return bytesEqual(chain.hashes[op.seq - 1]!, operationHash(op)) ? { status: 'duplicate' } : { status: 'rejected', reason: 'fork' }
    }
    const key = `${op.festival}/${op.author}`
    if (op.seq > chain.ops.length + 1) {
      let waiting = this.#pending.get(key)
      if (!waiting) this.#pending.set(key, (waiting = new Map()))
      waiting.set(op.seq, op)
      return { status: 'pending' }
    }
    const r = this.#append(chain, op)
    if (r.status !== 'applied') return r
    const waiting = this.#pending.get(key)
    while (waiting?.has(chain.ops.length + 1)) {
      const next = waiting.get(chain.ops.length + 1)!
      waiting.delete(next.seq)
      if (this.#append(chain, next).status !== 'applied') {
        waiting.clear()
        break
      }
    }
    return r
  }

  #append(chain: Chain, op: Operation): SyncReceiveResult {
    if (!bytesEqual(op.prev, chain.hashes.at(-1) ?? ZERO_HASH)) return { status: 'rejected', reason: 'broken-chain' }
    chain.ops.push(op)
    chain.hashes.push(operationHash(op))
    this.#emit(op, 'remote')
    return { status: 'applied' }
  }

  #chain(id: FestivalId, author: AuthorKey): Chain {
    const chains = this.#chains.get(id)!
    let chain = chains.get(author)
    if (!chain) chains.set(author, (chain = { ops: [], hashes: [] }))
    return chain
  }

  #emit(op: Operation, origin: OperationOrigin): void {
    for (const l of this.#listeners) l(op, origin)
  }

  // ---- for tests -------------------------------------------------------------------------------

  /** Creates (or holds) a festival. */
  create(meta: FestivalMeta): FestivalMeta {
    void this.adoptFestival(meta)
    return meta
  }

  /**
   * Writes `n` local operations as `author` (payload: opaque bytes of `size`), as the Repo's commit
   * would; `silent` ones are not told to listeners (so not gossiped: only a sync finds them).
   */
  write(id: FestivalId, author: Signer, n = 1, size = 40, options: { silent?: boolean } = {}): Operation[] {
    const chain = this.#chain(id, author.key)
    const made: Operation[] = []
    for (let i = 0; i < n; i++) {
      const seq = chain.ops.length + 1
      const update = new Uint8Array(size)
      update.set(new TextEncoder().encode(`${this.name}:${seq}`).subarray(0, size))
      const op = signOperation(
        {
          festival: id,
          author: author.key,
          seq,
          prev: chain.hashes.at(-1) ?? ZERO_HASH,
          clientId: author.clientId,
          hlc: { wall: Date.UTC(2026, 5, 1) + seq, counter: 0 },
          update,
        },
        author,
      )
      chain.ops.push(op)
      chain.hashes.push(operationHash(op))
      made.push(op)
      if (!options.silent) this.#emit(op, 'local')
    }
    return made
  }

  /** Tells listeners of an operation as if it were local (a liar's host gossips forgeries this way). */
  emitLocal(op: Operation): void {
    this.#emit(op, 'local')
  }

  /** Every operation held, encoded, sorted: two hosts that converged have equal digests. */
  digest(id: FestivalId): string {
    const h = createHash('sha256')
    const chains = [...(this.#chains.get(id) ?? [])].sort(([a], [b]) => (a < b ? -1 : 1))
    for (const [author, chain] of chains) {
      h.update(author)
      for (const op of chain.ops) h.update(encodeOperation(op))
    }
    return h.digest('hex')
  }

  /** How many operations this host holds for a festival. */
  size(id: FestivalId): number {
    let n = 0
    for (const chain of this.#chains.get(id)?.values() ?? []) n += chain.ops.length
    return n
  }
}

/** Two peers' hosts that both hold one new festival (nothing written yet). */
export function twoHolders() {
  const fest = testFestival()
  const a = new FakeHost('a')
  const b = new FakeHost('b')
  a.create(fest)
  b.create(fest)
  return { fest, a, b }
}
