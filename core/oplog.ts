/**
 * The operation log: every signed operation of every festival, stored as received (the source of truth,
 * DESIGN.md "Operations and replication"), and the registry of known festivals.
 *
 * @remarks
 * Records in the LevelDB (or memory-level) database it is given, keys UTF-8, values raw bytes:
 *
 * ```
 * op!<festival>!<author>!<seq, 12 digits zero-padded>   encodeOperation(op)
 * head!<festival>!<author>                              0x01 ‖ varuint seq ‖ 32-byte hash of that op
 * fest!<festival>                                       UTF-8 JSON of the FestivalMeta (genesis + id)
 * ```
 *
 * Operations are never merged or compacted: merging Yjs updates erases authorship. Each append writes
 * the operation and its author's new head in one atomic batch, so the head always names a stored
 * operation. Heads are kept in memory, so {@link OpLog.head} and {@link OpLog.heads} are synchronous.
 */
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { InvalidOperationError, StoreCorruptError, YurtError } from './errors.ts'
import {
  bytesEqual,
  decodeOperation,
  encodeOperation,
  hashEncoded,
  hex,
  operationHash,
  ZERO_HASH,
  type Operation,
} from './operation.ts'
import type { AuthorKey, FestivalId, FestivalMeta } from './types.ts'

/** The latest operation of one author in one festival. */
export interface Head {
  seq: number
  /** SHA-256 of that operation's encoding: the `prev` its successor must name. */
  hash: Uint8Array
}

/** A write to the database failed (disk full, database closed…); `cause` has the underlying error. */
export class StoreIOError extends YurtError {
  override name = 'StoreIOError'
}

/** A damage {@link OpLog.verify} found: where, and what (a sentence for people). */
export interface ChainProblem {
  festival?: FestivalId
  author?: AuthorKey
  seq?: number
  problem: string
}

/** Why the disk refused a write, for people: `full` (ENOSPC), `quota` (EDQUOT), `readonly` (EROFS), `denied` (EACCES, EPERM), else `io`. */
export type DiskProblem = 'full' | 'quota' | 'readonly' | 'denied' | 'io'

const DISK_CODES: Array<[RegExp, DiskProblem]> = [
  [/ENOSPC|No space left/i, 'full'],
  [/EDQUOT|quota exceeded/i, 'quota'],
  [/EROFS|Read-only file system/i, 'readonly'],
  [/EACCES|EPERM|Permission denied|Operation not permitted/i, 'denied'],
]

/**
 * The disk problem behind `error` when it is (or wraps, through `cause`) a store write failure, else
 * `undefined`. classic-level reports a failed write as `LEVEL_IO_ERROR` whose message holds the OS
 * text (`IO error: …: No space left on device`); Node's own errors carry `code: 'ENOSPC'`.
 */
export function diskProblemOf(error: unknown): DiskProblem | undefined {
  let store = false
  for (let e = error as { name?: string; code?: string; message?: string; cause?: unknown } | undefined, depth = 0; e && depth < 8; e = e.cause as typeof e, depth++) {
    if (e.name === 'StoreIOError') store = true
    const text = `${e.code ?? ''} ${e.message ?? ''}`
    for (const [re, problem] of DISK_CODES) if (re.test(text)) return problem
    if (e.code === 'LEVEL_IO_ERROR') store = true
  }
  return store ? 'io' : undefined
}

/** One entry of an atomic batch. */
export type OpLogBatchEntry = { type: 'put'; key: string; value: Uint8Array } | { type: 'del'; key: string }

/**
 * What the log needs of a database: a classic-level or memory-level instance, or a sublevel, opened
 * with `keyEncoding: 'utf8'` and `valueEncoding: 'view'`.
 */
export interface OpLogDb {
  get(key: string): Promise<Uint8Array | undefined>
  /** The values of `keys`, in their order (`undefined` where absent), in one read. */
  getMany(keys: string[]): Promise<Array<Uint8Array | undefined>>
  batch(entries: OpLogBatchEntry[], options?: { sync?: boolean }): Promise<void>
  iterator(options: { gte?: string; lt?: string; lte?: string; highWaterMarkBytes?: number }): OpLogIterator
  close(): Promise<void>
}

/** An abstract-level iterator: entries one by one, or up to `size` at a time (`[]` at the end). */
export interface OpLogIterator extends AsyncIterable<[string, Uint8Array]> {
  nextv(size: number): Promise<Array<[string, Uint8Array]>>
  close(): Promise<void>
}

/** Records read from the database per call when reading a range (one call, not one per record). */
const READ_CHUNK = 256

/**
 * Bytes an iterator reads ahead per call (classic-level's `highWaterMarkBytes`, 16 KiB by default, which
 * stopped a call after some 16 operations of a kilobyte): about one OPS message, so a range of 256
 * operations of a kilobyte is read in one call.
 */
const READ_BYTES = 1024 * 1024

/** Largest sequence number the key layout holds (12 decimal digits). */
export const MAX_SEQ = 999_999_999_999

const HEAD_VERSION = 1

function pad(seq: number): string {
  return String(seq).padStart(12, '0')
}

function opKey(festival: string, author: string, seq: number): string {
  return `op!${festival}!${author}!${pad(seq)}`
}

function headKey(festival: string, author: string): string {
  return `head!${festival}!${author}`
}

function festKey(festival: string): string {
  return `fest!${festival}`
}

/** The exclusive upper bound of every key that starts with `prefix` (which ends in `!`). */
function upper(prefix: string): string {
  return `${prefix.slice(0, -1)}"`
}

/** A head record's bytes: version 1 ‖ varuint seq ‖ the 32-byte hash (`yurt repair` writes them too). */
export function encodeHead(head: Head): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeUint8(encoder, HEAD_VERSION)
  encoding.writeVarUint(encoder, head.seq)
  encoding.writeUint8Array(encoder, head.hash)
  return encoding.toUint8Array(encoder)
}

function decodeHead(key: string, bytes: Uint8Array): Head {
  try {
    const decoder = decoding.createDecoder(bytes)
    if (decoding.readUint8(decoder) !== HEAD_VERSION) throw new Error('unknown head version')
    const seq = decoding.readVarUint(decoder)
    if (!Number.isSafeInteger(seq) || seq < 1 || seq > MAX_SEQ) throw new Error('bad seq')
    if (bytes.length - decoder.pos !== 32) throw new Error('bad hash length')
    const hash = new Uint8Array(decoding.readUint8Array(decoder, 32))
    return { seq, hash }
  } catch (error) {
    throw new StoreCorruptError(`the op log record ${key} is not a valid head`, { cause: error })
  }
}

const utf8 = new TextEncoder()
const fromUtf8 = new TextDecoder('utf-8', { fatal: true })

function decodeFestival(key: string, bytes: Uint8Array): FestivalMeta {
  let meta: unknown
  try {
    meta = JSON.parse(fromUtf8.decode(bytes))
  } catch (error) {
    throw new StoreCorruptError(`the op log record ${key} is not a valid festival record`, { cause: error })
  }
  if (typeof meta !== 'object' || meta === null || `fest!${(meta as FestivalMeta).id}` !== key) {
    throw new StoreCorruptError(`the op log record ${key} is not a valid festival record`)
  }
  return meta as FestivalMeta
}

/** Settings of {@link OpLog.open}. */
export interface OpLogOptions {
  /**
   * Whether each write waits for the disk (fsync); default `true`, so that an append that resolved
   * survives a crash of the machine, not only of the process.
   */
  sync?: boolean
  /**
   * Bytes of operation encodings kept in memory for the sync sessions that read them next
   * ({@link OpLog.encodedRange}); default {@link SERVED_BYTES}; 0 keeps none.
   */
  servedBytes?: number
}

/** Default of {@link OpLogOptions.servedBytes}: 4 MiB, Camp 2019 (574 KB of operations) several times over. */
export const SERVED_BYTES = 4 * 1024 * 1024

/** Encodings of a chain from seq `from` on, without a gap. */
interface ServedRun {
  from: number
  encoded: Uint8Array[]
  bytes: number
}

/**
 * The operation log over one database.
 *
 * @example
 * ```ts
 * const log = await OpLog.open(db.sublevel('log', { keyEncoding: 'utf8', valueEncoding: 'view' }))
 * await log.append(op)             // durable once this resolves
 * log.head(op.festival, op.author) // { seq, hash }
 * ```
 */
export class OpLog {
  readonly #db: OpLogDb
  readonly #sync: boolean
  /** festival → author → head */
  readonly #heads = new Map<FestivalId, Map<AuthorKey, Head>>()
  readonly #festivals = new Map<FestivalId, FestivalMeta>()
  /** Tail of the write queue per `fest!id`: serialises the writes of a festival record. */
  readonly #tails = new Map<string, Promise<void>>()
  /** `festival!author` → the newest head accepted but not yet durable (see {@link tip}). */
  readonly #pending = new Map<string, Head>()
  /** `festival!author` → encodings read lately by {@link encodedRange}, least recently used first. */
  readonly #served = new Map<string, ServedRun>()
  /** Bytes of the encodings in {@link #served}. */
  #servedTotal = 0
  readonly #servedBudget: number
  /** Batches waiting for the one being written (group commit). */
  readonly #waiting: Array<{ entries: OpLogBatchEntry[]; resolve: () => void; reject: (error: unknown) => void }> = []
  /** The running write loop, or null when no batch is being written. */
  #flushing: Promise<void> | null = null
  #closed = false

  private constructor(db: OpLogDb, sync: boolean, servedBytes: number) {
    this.#db = db
    this.#sync = sync
    this.#servedBudget = servedBytes
  }

  /**
   * Opens the log over `db` and loads every head and festival record into memory.
   *
   * @param options - see {@link OpLogOptions}.
   * @throws StoreCorruptError when a head or festival record cannot be read back.
   */
  static async open(db: OpLogDb, options?: OpLogOptions): Promise<OpLog> {
    const log = new OpLog(db, options?.sync ?? true, Math.max(0, options?.servedBytes ?? SERVED_BYTES))
    for await (const [key, value] of db.iterator({ gte: 'head!', lt: upper('head!') })) {
      const parts = key.split('!')
      const festival = parts[1] as FestivalId
      const author = parts[2] as AuthorKey
      if (parts.length !== 3 || !festival || !/^[0-9a-f]{64}$/.test(author)) {
        throw new StoreCorruptError(`the op log key ${key} is not a head key`)
      }
      log.#setHead(festival, author, decodeHead(key, value))
    }
    for await (const [key, value] of db.iterator({ gte: 'fest!', lt: upper('fest!') })) {
      const meta = decodeFestival(key, value)
      log.#festivals.set(meta.id, meta)
    }
    return log
  }

  #setHead(festival: FestivalId, author: AuthorKey, head: Head): void {
    let byAuthor = this.#heads.get(festival)
    if (!byAuthor) {
      byAuthor = new Map()
      this.#heads.set(festival, byAuthor)
    }
    byAuthor.set(author, head)
  }

  /** The latest operation of `author` in `festival`, or `undefined` when there is none. */
  head(festival: FestivalId, author: AuthorKey): Head | undefined {
    const head = this.#heads.get(festival)?.get(author)
    return head && { seq: head.seq, hash: head.hash }
  }

  /** Every author's head in `festival` (a copy). */
  heads(festival: FestivalId): Map<AuthorKey, Head> {
    const out = new Map<AuthorKey, Head>()
    for (const [author, head] of this.#heads.get(festival) ?? []) out.set(author, { seq: head.seq, hash: head.hash })
    return out
  }

  /** Whether the log holds any operation at all (of any festival). */
  hasOperations(): boolean {
    for (const byAuthor of this.#heads.values()) if (byAuthor.size > 0) return true
    return false
  }

  /** How many operations the log holds for `festival` (every chain is contiguous from seq 1). */
  count(festival: FestivalId): number {
    let n = 0
    for (const head of this.#heads.get(festival)?.values() ?? []) n += head.seq
    return n
  }

  /**
   * Stores `op` as the next operation of its author's chain; resolves once it is durable.
   *
   * @remarks Checks the chain, not the signature or the namespace rule: callers verify first. The check
   * is against the chain's {@link tip} (the newest operation accepted, durable or not), synchronously,
   * so two concurrent appends cannot both take the same seq, and an author may append its next
   * operation before the previous one is on the disk (group commit, see {@link appendMany}).
   * @throws InvalidOperationError `duplicate` (seq ≤ tip), `gap` (seq > tip + 1), `fork` (`prev` is not
   * the tip's hash) or `malformed`; nothing is written then.
   * @throws StoreIOError when the write fails.
   */
  append(op: Operation): Promise<void> {
    return this.appendMany([op])
  }

  /**
   * The newest operation accepted into `author`'s chain of `festival`: the {@link head} once every
   * write has reached the disk, or an operation still waiting for its batch. A writer builds its next
   * operation on this; what it names may still fail to be stored (then every later one fails too).
   */
  tip(festival: FestivalId, author: AuthorKey): Head | undefined {
    const pending = this.#pending.get(`${festival}!${author}`)
    return pending ? { seq: pending.seq, hash: pending.hash } : this.head(festival, author)
  }

  /**
   * Stores `ops` in one atomic batch, checking each in order as {@link append} does (an op may follow
   * another of the same author earlier in `ops`). Either all are stored or none.
   *
   * @remarks Group commit: while one LevelDB batch is being written (and fsynced), the batches of
   * other appends wait and are then written together as one, so many rooms writing at once share one
   * fsync. Each caller's operations stay atomic; a combined batch that fails fails every caller in it
   * and every append still waiting behind it (they may build on it), and resets the tips to the heads.
   * Resolves only once this call's operations are durable; calls resolve in the order they were made.
   * @throws InvalidOperationError naming the first op that does not fit; nothing is written then.
   * @throws StoreIOError when the write fails.
   */
  appendMany(ops: Operation[]): Promise<void> {
    if (ops.length === 0) return Promise.resolve()
    let entries: OpLogBatchEntry[]
    let working: Map<string, { festival: FestivalId; author: AuthorKey; head: Head }>
    try {
      ;({ entries, working } = this.#check(ops))
    } catch (error) {
      return Promise.reject(error)
    }
    for (const [chain, w] of working) this.#pending.set(chain, w.head)
    return this.#write(entries).then(() => {
      for (const [chain, { festival, author, head }] of working) {
        this.#setHead(festival, author, head)
        if (this.#pending.get(chain) === head) this.#pending.delete(chain)
      }
    })
  }

  /** The batch entries of `ops` checked against the tips (synchronous: nothing may slip in between). */
  #check(ops: Operation[]): { entries: OpLogBatchEntry[]; working: Map<string, { festival: FestivalId; author: AuthorKey; head: Head }> } {
    const working = new Map<string, { festival: FestivalId; author: AuthorKey; head: Head }>()
    const entries: OpLogBatchEntry[] = []
    ops.forEach((op, index) => {
      const encoded = encodeOperation(op) // throws InvalidOperationError('malformed') on bad fields
      const chain = `${op.festival}!${op.author}`
      const current = working.get(chain)?.head ?? this.tip(op.festival, op.author) ?? { seq: 0, hash: ZERO_HASH }
      if (op.seq !== current.seq + 1 || !bytesEqual(op.prev, current.hash) || op.seq > MAX_SEQ) this.#refuse(op, current, index, ops.length)
      entries.push({ type: 'put', key: opKey(op.festival, op.author, op.seq), value: encoded })
      working.set(chain, { festival: op.festival, author: op.author, head: { seq: op.seq, hash: operationHash(op) } })
    })
    for (const { festival, author, head } of working.values()) {
      entries.push({ type: 'put', key: headKey(festival, author), value: encodeHead(head) })
    }
    return { entries, working }
  }

  /** Throws why `op` (the `index`th of `count`) cannot follow `current`. @throws InvalidOperationError */
  #refuse(op: Operation, current: Head, index: number, count: number): never {
    const name = `${op.author.slice(0, 8)}#${op.seq} in ${op.festival}${count > 1 ? ` (operation ${index + 1} of ${count})` : ''}`
    if (op.seq <= current.seq) {
      throw new InvalidOperationError('duplicate', `operation ${name} is already stored (head is #${current.seq})`)
    }
    if (op.seq !== current.seq + 1) {
      throw new InvalidOperationError('gap', `operation ${name} does not follow the head #${current.seq}`)
    }
    if (!bytesEqual(op.prev, current.hash)) {
      throw new InvalidOperationError(
        'fork',
        `operation ${name} names prev ${hex(op.prev).slice(0, 16)}…, but #${current.seq} hashes to ${hex(current.hash).slice(0, 16)}…`,
      )
    }
    throw new InvalidOperationError('malformed', `operation ${name}: seq beyond ${MAX_SEQ}`)
  }

  /**
   * Queues `entries` for the next LevelDB batch and resolves once that batch is durable (group commit:
   * one batch in flight; what arrives meanwhile is written together next).
   */
  #write(entries: OpLogBatchEntry[]): Promise<void> {
    if (this.#closed) return Promise.reject(new StoreIOError('the op log is closed'))
    const done = new Promise<void>((resolve, reject) => this.#waiting.push({ entries, resolve, reject }))
    if (!this.#flushing) this.#flushing = this.#flush()
    return done
  }

  async #flush(): Promise<void> {
    while (this.#waiting.length > 0) {
      const group = this.#waiting.splice(0)
      const entries = group.length === 1 ? group[0]!.entries : group.flatMap((g) => g.entries)
      try {
        await this.#db.batch(entries, { sync: this.#sync })
        for (const g of group) g.resolve()
      } catch (cause) {
        // Nothing of the batch is stored; what waits behind it may build on it: fail that too.
        const rest = this.#waiting.splice(0)
        const error = new StoreIOError(`the op log could not write ${entries.length} records`, { cause })
        this.#pending.clear()
        for (const g of [...group, ...rest]) g.reject(error)
      }
    }
    this.#flushing = null
  }

  /** Runs `f` once every earlier task on any of `keys` has finished; later tasks on them wait for it. */
  async #exclusive<T>(keys: string[], f: () => Promise<T>): Promise<T> {
    const previous = keys.map((key) => this.#tails.get(key)).filter((p) => p !== undefined)
    let release!: () => void
    const done = new Promise<void>((resolve) => {
      release = resolve
    })
    for (const key of keys) this.#tails.set(key, done)
    try {
      await Promise.all(previous)
      return await f()
    } finally {
      release()
      for (const key of keys) if (this.#tails.get(key) === done) this.#tails.delete(key)
    }
  }

  /**
   * The operations at the given places of their authors' chains in `festival`, in one read of the
   * database (not one iterator each): `undefined` where none is stored.
   *
   * @throws StoreCorruptError naming the key of a record that cannot be decoded or does not match its key.
   */
  async at(festival: FestivalId, places: ReadonlyArray<{ author: AuthorKey; seq: number }>): Promise<Array<Operation | undefined>> {
    if (places.length === 0) return []
    const keys = places.map((p) => opKey(festival, p.author, p.seq))
    const values = await this.#db.getMany(keys)
    return values.map((value, i) => (value === undefined ? undefined : this.#decodeRecord(keys[i]!, value)))
  }

  /**
   * The operations of `author` in `festival` from `fromSeq` to `toSeq` (both inclusive; to the head when
   * `toSeq` is absent), in order.
   *
   * @throws StoreCorruptError naming the key of a record that cannot be decoded or does not match its key.
   */
  async *range(festival: FestivalId, author: AuthorKey, fromSeq: number, toSeq?: number): AsyncIterable<Operation> {
    const prefix = `op!${festival}!${author}!`
    const from = Math.max(1, Math.ceil(fromSeq))
    if (from > MAX_SEQ) return
    if (toSeq === undefined || toSeq >= MAX_SEQ) {
      yield* this.#read({ gte: prefix + pad(from), lt: upper(prefix) })
      return
    }
    const to = Math.floor(toSeq)
    if (to < from) return
    yield* this.#read({ gte: prefix + pad(from), lte: prefix + pad(to) })
  }

  /**
   * The stored encodings of `author`'s operations in `festival` from `fromSeq` on, at most `limit` of
   * them, without decoding them: what a sync session sends (`p2p/PROTOCOL.md`, OPS). Stops before the
   * first sequence number missing.
   *
   * @remarks The records are the bytes the log was handed (each verified before it was stored, and
   * every chain checked when the log was opened, `verify`); a reader that needs the fields decodes
   * them itself. The arrays may be views of buffers the database returned; do not write to them.
   */
  async encodedRange(festival: FestivalId, author: AuthorKey, fromSeq: number, limit: number): Promise<Uint8Array[]> {
    const out: Uint8Array[] = []
    const from = Math.max(1, Math.ceil(fromSeq))
    if (limit <= 0 || from > MAX_SEQ) return out
    const to = Math.min(MAX_SEQ, from + Math.floor(limit) - 1)
    const chain = `${festival}!${author}`
    const served = this.#served.get(chain)
    if (served) {
      const end = served.from + served.encoded.length - 1
      // Within what was served before, or from there to the durable head (nothing newer exists).
      if (from >= served.from && from <= end + 1 && (to <= end || end === (this.#heads.get(festival)?.get(author)?.seq ?? 0))) {
        this.#served.delete(chain)
        this.#served.set(chain, served) // the most recently used is the last
        return served.encoded.slice(from - served.from, Math.min(to, end) - served.from + 1)
      }
    }
    const prefix = `op!${chain}!`
    let expected = from
    for await (const [key, value] of this.#records({ gte: prefix + pad(from), lte: prefix + pad(to) })) {
      if (key !== prefix + pad(expected)) break
      out.push(value)
      expected++
    }
    if (out.length > 0) this.#remember(chain, from, out)
    return out
  }

  /**
   * Keeps the encodings just read of one chain for the next reader (the log is append-only: what was
   * stored never changes), within {@link OpLogOptions.servedBytes}, the chains least recently read
   * forgotten first. When a festival's phones catch up one after the other, as at a venue, only the
   * first reads the disk.
   */
  #remember(chain: string, from: number, encoded: Uint8Array[]): void {
    const bytes = encoded.reduce((n, e) => n + e.byteLength, 0)
    if (bytes > this.#servedBudget) return
    const old = this.#served.get(chain)
    let entry: ServedRun
    if (old && from === old.from + old.encoded.length) {
      // Read right after what is kept: kept together.
      this.#served.delete(chain)
      entry = { from: old.from, encoded: old.encoded.concat(encoded), bytes: old.bytes + bytes }
      this.#servedTotal -= old.bytes
    } else {
      if (old) {
        this.#served.delete(chain)
        this.#servedTotal -= old.bytes
      }
      entry = { from, encoded, bytes }
    }
    this.#served.set(chain, entry)
    this.#servedTotal += entry.bytes
    for (const [key, run] of this.#served) {
      if (this.#servedTotal <= this.#servedBudget) break
      this.#served.delete(key)
      this.#servedTotal -= run.bytes
    }
  }

  /** Every operation of `festival`: by author key, then by seq. */
  async *all(festival: FestivalId): AsyncIterable<Operation> {
    const prefix = `op!${festival}!`
    yield* this.#read({ gte: prefix, lt: upper(prefix) })
  }

  async *#read(options: { gte: string; lt?: string; lte?: string }): AsyncIterable<Operation> {
    for await (const [key, value] of this.#records(options)) yield this.#decodeRecord(key, value)
  }

  /** The records of a key range as stored, read {@link READ_CHUNK} at a time; the iterator is closed however the loop ends. */
  async *#records(options: { gte: string; lt?: string; lte?: string }): AsyncIterable<[string, Uint8Array]> {
    const iterator = this.#db.iterator({ ...options, highWaterMarkBytes: READ_BYTES })
    try {
      for (;;) {
        const entries = await iterator.nextv(READ_CHUNK)
        if (entries.length === 0) return
        yield* entries
      }
    } finally {
      await iterator.close()
    }
  }

  /** The operation a record holds, checked against its key. @throws StoreCorruptError */
  #decodeRecord(key: string, value: Uint8Array): Operation {
    let op: Operation
    try {
      op = decodeOperation(value)
    } catch (error) {
      throw new StoreCorruptError(`the op log record ${key} cannot be decoded`, { cause: error })
    }
    if (key !== opKey(op.festival, op.author, op.seq)) {
      throw new StoreCorruptError(`the op log record ${key} holds operation ${op.author.slice(0, 8)}#${op.seq} of ${op.festival}`)
    }
    return op
  }

  /**
   * Checks every stored operation: each decodes and sits under its own key, each author's chain runs
   * from #1 without a gap, each `prev` is the hash of the operation before it, and each head names the
   * last operation of its chain. Reads the whole log once (about 1 µs per operation and its hash).
   *
   * @returns the problems found, in key order, each naming the festival, author and seq; empty when sound
   */
  async verify(): Promise<ChainProblem[]> {
    const problems: ChainProblem[] = []
    const seen = new Map<string, Head>()
    let chain = ''
    let last: Head = { seq: 0, hash: ZERO_HASH }
    let broken = false
    const close = () => {
      if (chain !== '') seen.set(chain, last)
    }
    try {
      for await (const [key, value] of this.#db.iterator({ gte: 'op!', lt: upper('op!') })) {
        const parts = key.split('!')
        const here = `${parts[1]}!${parts[2]}`
        if (here !== chain) {
          close()
          chain = here
          last = { seq: 0, hash: ZERO_HASH }
          broken = false
        }
        if (broken) continue
        const where = { festival: parts[1] as FestivalId, author: parts[2] as AuthorKey, seq: Number(parts[3]) }
        let op: Operation
        try {
          op = decodeOperation(value)
        } catch {
          problems.push({ ...where, problem: `the record ${key} cannot be decoded` })
          broken = true
          continue
        }
        if (key !== opKey(op.festival, op.author, op.seq)) {
          problems.push({ ...where, problem: `the record ${key} holds another operation (#${op.seq})` })
          broken = true
        } else if (op.seq !== last.seq + 1) {
          problems.push({ ...where, problem: `operations ${last.seq + 1}–${op.seq - 1} of ${op.author.slice(0, 8)} in ${op.festival} are missing` })
          broken = true
        } else if (!bytesEqual(op.prev, last.hash)) {
          problems.push({ ...where, problem: `operation ${op.author.slice(0, 8)}#${op.seq} in ${op.festival} does not follow #${last.seq} (hash chain broken)` })
          broken = true
        } else last = { seq: op.seq, hash: hashEncoded(value) }
      }
      close()
    } catch (error) {
      problems.push({ problem: `the log cannot be read to the end (${(error as Error).message})` })
      return problems
    }
    for (const [festival, byAuthor] of this.#heads) {
      for (const [author, head] of byAuthor) {
        const end = seen.get(`${festival}!${author}`)
        if (!end || end.seq !== head.seq || !bytesEqual(end.hash, head.hash)) {
          problems.push({ festival, author, seq: head.seq, problem: `the head of ${author.slice(0, 8)} in ${festival} names #${head.seq}, but the log ${end ? `ends its readable chain at #${end.seq}` : 'holds none of its operations'}` })
        }
      }
    }
    for (const key of seen.keys()) {
      const [festival, author] = key.split('!') as [FestivalId, AuthorKey]
      if (!this.#heads.get(festival)?.has(author)) problems.push({ festival, author, problem: `operations of ${author.slice(0, 8)} in ${festival} have no head record` })
    }
    return problems
  }

  /**
   * Records a festival's genesis (idempotent: the record is immutable, its id is its hash).
   *
   * @throws StoreIOError when the write fails.
   */
  async putFestival(meta: FestivalMeta): Promise<void> {
    if (typeof meta.id !== 'string' || !/^[a-z0-9_-]{1,64}$/.test(meta.id)) {
      throw new TypeError(`not a festival id: ${String(meta.id)}`)
    }
    const key = festKey(meta.id)
    await this.#exclusive([key], async () => {
      await this.#write([{ type: 'put', key, value: utf8.encode(JSON.stringify(meta)) }])
      this.#festivals.set(meta.id, { ...meta })
    })
  }

  /** Every festival recorded, by id. */
  festivals(): FestivalMeta[] {
    return [...this.#festivals.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map((meta) => ({ ...meta }))
  }

  /** The festival recorded under `id`, or `undefined`. */
  festival(id: FestivalId): FestivalMeta | undefined {
    const meta = this.#festivals.get(id)
    return meta && { ...meta }
  }

  /** Waits for pending writes, then closes the database. */
  async close(): Promise<void> {
    if (this.#closed) return
    await Promise.all([...this.#tails.values()])
    while (this.#flushing) await this.#flushing
    this.#closed = true
    await this.#db.close()
  }
}
