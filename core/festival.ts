/**
 * One festival: its genesis, its Yjs document, typed writes into an author's namespace, and the
 * derived schedule view.
 *
 * @remarks
 * A `Festival` never signs or stores anything: `core/repo.ts` wraps every change in a signed
 * operation and stores it before anyone is told it happened. The only way to write is
 * {@link Festival.change}, which runs in one Yjs transaction under the author's client id and returns
 * the update it produced, already checked against the namespace rule.
 */
import { randomBytes, sha256, toHex, utf8 } from './bytes.ts'
import * as Y from 'yjs'
import { base32, isAuthorKey } from './ids.ts'
import { authorsOf, NAMESPACE_PREFIX, NamespaceWriter, readNamespace } from './doc.ts'
import type { Namespace } from './doc.ts'
import { checkNamespace, isViolation } from './namespace.ts'
import { LiveView } from './live-view.ts'
import { horizonOf } from './series.ts'
import { YurtError } from './errors.ts'
import { isValidTimeZone } from './time.ts'
import { dateWindow, type DateWindow } from './limits.ts'
import type { AuthorKey, DocumentKind, FestivalGenesis, FestivalId, FestivalMeta, ScheduleView } from './types.ts'

/** The canonical bytes of a genesis record: JSON with keys in a fixed order, absent ones left out. */
export function canonicalGenesis(g: FestivalGenesis): string {
  const ordered: Record<string, unknown> = { v: g.v, name: g.name, timezone: g.timezone }
  if (g.startDate !== undefined) ordered.startDate = g.startDate
  if (g.endDate !== undefined) ordered.endDate = g.endDate
  ordered.createdAt = g.createdAt
  ordered.nonce = g.nonce
  if (g.creator !== undefined) ordered.creator = g.creator
  if (g.kind !== undefined) ordered.kind = g.kind
  return JSON.stringify(ordered)
}

/** A festival's id: lowercase base32 of the first 20 bytes of SHA-256 of its canonical genesis. */
export function festivalIdOf(g: FestivalGenesis): FestivalId {
  const digest = sha256(utf8(canonicalGenesis(g)))
  return base32(digest.subarray(0, 20)) as FestivalId
}

/**
 * A new genesis record.
 *
 * @throws YurtError when the zone is not an IANA zone or a date is not `YYYY-MM-DD`.
 */
export function newGenesis(input: {
  name: string
  timezone: string
  startDate?: string
  endDate?: string
  now: number
  /** Who starts it: its first organiser (`core/programme.ts`). */
  creator?: AuthorKey
  /** `'community'` for a community document (`core/community.ts`); absent for a festival. */
  kind?: DocumentKind
}): FestivalMeta {
  if (!isValidTimeZone(input.timezone)) throw new YurtError(`unknown time zone "${input.timezone}" (use an IANA name such as Europe/Paris)`)
  for (const d of [input.startDate, input.endDate]) {
    if (d !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(d)) throw new YurtError(`a festival date must be YYYY-MM-DD, not "${d}"`)
  }
  const g: FestivalGenesis = {
    v: 1,
    name: input.name.trim().slice(0, 200),
    timezone: input.timezone,
    createdAt: input.now,
    nonce: toHex(randomBytes(16)),
  }
  if (input.startDate) g.startDate = input.startDate
  if (input.endDate) g.endDate = input.endDate
  if (input.creator) g.creator = input.creator
  if (input.kind !== undefined) {
    if (input.kind !== 'community') throw new YurtError(`unknown document kind "${String(input.kind)}"`)
    g.kind = input.kind
  }
  return { ...g, id: festivalIdOf(g) }
}

/** Checks that a record is a well-formed genesis whose id matches; returns the cleaned record or a reason. */
export function checkGenesis(meta: unknown): FestivalMeta | string {
  if (typeof meta !== 'object' || meta === null) return 'not an object'
  const m = meta as Record<string, unknown>
  if (m.v !== 1) return 'unknown genesis version'
  if (typeof m.name !== 'string' || m.name.length > 200) return 'bad name'
  if (typeof m.timezone !== 'string' || !isValidTimeZone(m.timezone)) return 'bad time zone'
  if (typeof m.createdAt !== 'number' || typeof m.nonce !== 'string') return 'bad createdAt or nonce'
  for (const k of ['startDate', 'endDate'] as const) {
    if (m[k] !== undefined && !(typeof m[k] === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(m[k]))) return `bad ${k}`
  }
  const g: FestivalGenesis = { v: 1, name: m.name, timezone: m.timezone, createdAt: m.createdAt, nonce: m.nonce }
  if (typeof m.startDate === 'string') g.startDate = m.startDate
  if (typeof m.endDate === 'string') g.endDate = m.endDate
  if (m.creator !== undefined) {
    if (typeof m.creator !== 'string' || !isAuthorKey(m.creator)) return 'bad creator'
    g.creator = m.creator
  }
  if (m.kind !== undefined) {
    if (m.kind !== 'community') return 'unknown document kind'
    g.kind = m.kind
  }
  const id = festivalIdOf(g)
  if (m.id !== undefined && m.id !== id) return 'id does not match the genesis record'
  return { ...g, id }
}

/** Who writes: an author key and the Yjs client id bound to it. */
export interface Writer {
  key: AuthorKey
  clientId: number
}

/** A festival document with its genesis. */
export class Festival {
  readonly meta: FestivalMeta
  readonly doc: Y.Doc
  /** The clock that sets the horizon of series (UTC ms); the repo's, pinned by `--now`. */
  readonly now: () => number
  #view: ScheduleView | null = null
  /** The view kept across changes (`core/live-view.ts`). */
  readonly #live = new LiveView()
  /** Authors whose namespace changed since the view was last made, or `'all'`. */
  #changed: Set<AuthorKey> | 'all' = 'all'
  /** Validated namespaces by author, dropped when a transaction touches that author's map. */
  readonly #namespaces = new Map<AuthorKey, Namespace>()
  /** Every author's namespace in {@link authorsOf} order, while no namespace changed and no root was added. */
  #all: { roots: number; list: Namespace[] } | null = null
  #authors: { roots: number; list: AuthorKey[] } | null = null
  readonly #rootNames = new WeakMap<object, string>()
  /** The instants this festival's events may have (`core/limits.ts`), for the writer and the reader alike. */
  readonly window: DateWindow

  constructor(meta: FestivalMeta, doc: Y.Doc = new Y.Doc({ gc: true }), options: { now?: () => number } = {}) {
    this.meta = meta
    this.doc = doc
    this.now = options.now ?? Date.now
    this.window = dateWindow(meta)
    this.doc.on('afterTransaction', (tr: Y.Transaction) => {
      if (tr.changed.size === 0 && tr.deleteSet.clients.size === 0) return
      this.#view = null
      this.#all = null
      if (tr.changed.size === 0) this.#changed = 'all' // only deletions: which namespace is not known here
      for (const type of tr.changed.keys()) {
        const name = this.#rootName(type)
        if (name === undefined) {
          this.#namespaces.clear()
          this.#changed = 'all'
        } else if (name.startsWith(NAMESPACE_PREFIX)) {
          const author = name.slice(NAMESPACE_PREFIX.length) as AuthorKey
          this.#namespaces.delete(author)
          if (this.#changed !== 'all') this.#changed.add(author)
        } else this.#changed = 'all'
      }
    })
  }

  /** The root name of a shared type, or `undefined` when it is not a root. */
  #rootName(type: object): string | undefined {
    let name = this.#rootNames.get(type)
    if (name === undefined) {
      for (const [n, t] of this.doc.share) {
        if (t === type) name = n
        this.#rootNames.set(t, n)
      }
    }
    return name
  }

  get id(): FestivalId {
    return this.meta.id
  }

  /**
   * Runs `fn` in one transaction in `writer`'s namespace and returns the Yjs update (v1) it made,
   * or `null` when it changed nothing.
   *
   * @throws LimitError (`core/limits.ts`) when `fn` writes a value over a limit; the document may then
   *   hold part of the change, so the caller must drop it (as `Repo.commit` does).
   * @throws YurtError if the update breaks the namespace rule (a bug: the writer API cannot).
   */
  change(writer: Writer, fn: (w: NamespaceWriter) => void): Uint8Array | null {
    let update: Uint8Array | null = null
    const capture = (u: Uint8Array, origin: unknown) => {
      if (origin === writer) update = update ? Y.mergeUpdates([update, u]) : u
    }
    this.doc.on('update', capture)
    const previous = this.doc.clientID
    try {
      this.doc.clientID = writer.clientId
      this.doc.transact(() => fn(new NamespaceWriter(this.doc, writer.key, this.window)), writer)
    } finally {
      this.doc.clientID = previous
      this.doc.off('update', capture)
    }
    if (update === null) return null
    const check = checkNamespace(update, writer.key, writer.clientId)
    if (isViolation(check)) throw new YurtError(`local change broke the namespace rule: ${check.violation}`)
    return update
  }

  /** Applies an update that was already verified (signature, chain, namespace rule). */
  applyVerified(update: Uint8Array): void {
    Y.applyUpdate(this.doc, update, 'remote')
  }

  /**
   * Applies verified updates (v1), in order, in one Yjs transaction: one view invalidation and one
   * `update` event for all of them, and no {@link Y.mergeUpdates} (which decodes and re-encodes each).
   */
  applyVerifiedAll(updates: Uint8Array[]): void {
    this.doc.transact(() => {
      for (const u of updates) Y.applyUpdate(this.doc, u, 'remote')
    }, 'remote')
  }

  /**
   * Whether the document holds structs or deletions it could not integrate yet (their dependencies are
   * missing): then what an update does to a client's clock is known only by applying it.
   */
  get hasPending(): boolean {
    return this.doc.store.pendingStructs !== null || this.doc.store.pendingDs !== null
  }

  /** The Yjs state of a client id: the next clock it will write. */
  clockOf(clientId: number): number {
    return Y.getState(this.doc.store, clientId)
  }

  /**
   * The derived schedule view, cached until the next change or until the horizon of series moves
   * (a new month of `now`; see `horizonOf` in `core/series.ts`). After a change to some authors'
   * events and RSVPs it is updated, not rebuilt (`core/live-view.ts`).
   *
   * @param now the reference clock, UTC ms; the festival's clock when absent.
   */
  view(now: number = this.now()): ScheduleView {
    const horizon = horizonOf(this.meta, now)
    const cached = this.#view
    if (cached === null || cached.horizon.from !== horizon.from || cached.horizon.to !== horizon.to) {
      this.#view = this.#live.view(this.meta, this.namespaces(), horizon, this.#changed)
      this.#changed = new Set()
    }
    return this.#view!
  }

  /** How many views were rebuilt whole and how many updated after a change (tests, benchmarks). */
  get viewCounts(): { readonly rebuilt: number; readonly updated: number } {
    return this.#live.counts
  }

  /**
   * Every author's namespace ({@link authorsOf} order), validated; the same array until a transaction
   * changes the document or a root type is added (`doc.share` only grows). Do not mutate.
   */
  namespaces(): readonly Namespace[] {
    const roots = this.doc.share.size
    if (this.#all === null || this.#all.roots !== roots) this.#all = { roots, list: this.authors().map((a) => this.namespace(a)) }
    return this.#all.list
  }

  /** The authors with a namespace ({@link authorsOf}), listed again only when a root type is added. */
  authors(): readonly AuthorKey[] {
    const roots = this.doc.share.size
    if (this.#authors === null || this.#authors.roots !== roots) this.#authors = { roots, list: authorsOf(this.doc) }
    return this.#authors.list
  }

  /** One author's namespace, validated; cached until that author's map changes. Do not mutate. */
  namespace(author: AuthorKey): Namespace {
    let ns = this.#namespaces.get(author)
    if (!ns) {
      ns = readNamespace(this.doc, author, this.window)
      this.#namespaces.set(author, ns)
    }
    return ns
  }
}
