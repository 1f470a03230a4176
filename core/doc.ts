/**
 * The Yjs layout of a festival document. The only file that knows it.
 *
 * @remarks
 * One `Y.Doc` per festival. Every author writes into one root `Y.Map` of its own, named
 * `a:<author key hex>` (its **namespace**). Inside it, flat keys hold plain JSON values:
 *
 * | key            | value                          |
 * | -------------- | ------------------------------ |
 * | `profile`      | {@link ProfileData}            |
 * | `v:<venue id>` | {@link VenueData}              |
 * | `r:<res. id>`  | {@link ResourceData}           |
 * | `e:<event id>` | {@link EventData}              |
 * | `rsvp:<event>` | {@link Rsvp}                   |
 * | `ap:<event>`   | {@link Approval} (venue hosts) |
 *
 * No nested shared types: each entity is replaced whole when it changes. Only its author ever writes
 * an entity, so per-field merging would buy nothing, and the flat layout makes the namespace rule
 * (`core/namespace.ts`) checkable from an update alone. Values are untrusted (any author can write
 * anything into its own namespace), so the readers here validate every value and skip bad ones.
 */
import * as Y from 'yjs'
import { EVENT_KINDS } from './types.ts'
import type {
  Approval,
  AuthorKey,
  EntityId,
  EventData,
  EventKind,
  ProfileData,
  ResourceData,
  Rsvp,
  VenueData,
} from './types.ts'
import { isAuthorKey, isEntityIdOf } from './ids.ts'

/** Prefix of every author's root map. */
export const NAMESPACE_PREFIX = 'a:'

/** The name of an author's root map. */
export function namespaceName(author: AuthorKey): string {
  return NAMESPACE_PREFIX + author
}

/** Everything one author wrote, validated. */
export interface Namespace {
  author: AuthorKey
  profile?: ProfileData
  venues: Map<EntityId, VenueData>
  resources: Map<EntityId, ResourceData>
  events: Map<EntityId, EventData>
  rsvps: Map<EntityId, Rsvp>
  approvals: Map<EntityId, Approval>
}

/** The authors that have a namespace in `doc`. */
export function authorsOf(doc: Y.Doc): AuthorKey[] {
  const authors: AuthorKey[] = []
  for (const name of doc.share.keys()) {
    if (!name.startsWith(NAMESPACE_PREFIX)) continue
    const key = name.slice(NAMESPACE_PREFIX.length)
    if (isAuthorKey(key)) authors.push(key)
  }
  return authors.sort()
}

/** Reads and validates one author's namespace. Invalid entries are skipped, never thrown. */
export function readNamespace(doc: Y.Doc, author: AuthorKey): Namespace {
  const ns: Namespace = {
    author,
    venues: new Map(),
    resources: new Map(),
    events: new Map(),
    rsvps: new Map(),
    approvals: new Map(),
  }
  const map = doc.getMap<unknown>(namespaceName(author))
  for (const [key, value] of map.entries()) {
    const colon = key.indexOf(':')
    const kind = colon < 0 ? key : key.slice(0, colon)
    const id = key.slice(colon + 1)
    if (key === 'profile') {
      const p = asProfile(value)
      if (p) ns.profile = p
      continue
    }
    if (!isEntityIdOfAny(id)) continue
    switch (kind) {
      case 'v': {
        const v = asVenue(value)
        if (v && isEntityIdOf(id, author)) ns.venues.set(id, v)
        break
      }
      case 'r': {
        const r = asResource(value)
        if (r && isEntityIdOf(id, author)) ns.resources.set(id, r)
        break
      }
      case 'e': {
        const e = asEvent(value)
        if (e && isEntityIdOf(id, author)) ns.events.set(id, e)
        break
      }
      case 'rsvp':
        if (value === 'going' || value === 'maybe' || value === 'not-going') ns.rsvps.set(id, value)
        break
      case 'ap':
        if (value === 'approved' || value === 'refused') ns.approvals.set(id, value)
        break
    }
  }
  return ns
}

function isEntityIdOfAny(id: string): id is EntityId {
  return /^[0-9a-f]{12}\.[a-z2-7]{8}$/.test(id)
}

/**
 * Writes into one author's namespace. Obtained only inside `Festival.change`, which runs it in a
 * Yjs transaction under the author's client id.
 */
export class NamespaceWriter {
  readonly author: AuthorKey
  readonly #map: Y.Map<unknown>
  constructor(doc: Y.Doc, author: AuthorKey) {
    this.author = author
    this.#map = doc.getMap<unknown>(namespaceName(author))
  }
  setProfile(profile: ProfileData): void {
    this.#map.set('profile', clean(profile))
  }
  setVenue(id: EntityId, venue: VenueData): void {
    this.#map.set(`v:${id}`, clean(venue))
  }
  setResource(id: EntityId, resource: ResourceData): void {
    this.#map.set(`r:${id}`, clean(resource))
  }
  setEvent(id: EntityId, event: EventData): void {
    this.#map.set(`e:${id}`, clean(event))
  }
  deleteEvent(id: EntityId): void {
    this.#map.delete(`e:${id}`)
  }
  deleteVenue(id: EntityId): void {
    this.#map.delete(`v:${id}`)
  }
  deleteResource(id: EntityId): void {
    this.#map.delete(`r:${id}`)
  }
  setRsvp(event: EntityId, answer: Rsvp | null): void {
    if (answer === null) this.#map.delete(`rsvp:${event}`)
    else this.#map.set(`rsvp:${event}`, answer)
  }
  setApproval(event: EntityId, approval: Approval | null): void {
    if (approval === null) this.#map.delete(`ap:${event}`)
    else this.#map.set(`ap:${event}`, approval)
  }
}

/** Drops `undefined` fields: Yjs stores `undefined` as `null`, which would not round-trip. */
function clean<T extends object>(value: T): T {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = v
  return out as T
}

// ---- validation of untrusted values -------------------------------------------------------------

type Obj = Record<string, unknown>
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)
const str = (v: unknown, max = 1000): v is string => typeof v === 'string' && v.length <= max
const optStr = (v: unknown, max = 20_000) => v === undefined || str(v, max)
const nat = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0
const natOrNull = (v: unknown) => v === null || nat(v)
const strArray = (v: unknown, maxLen = 200): v is string[] =>
  Array.isArray(v) && v.length <= maxLen && v.every((x) => str(x))
const instantOrNull = (v: unknown) => v === null || (typeof v === 'number' && Number.isFinite(v))

function asProfile(v: unknown): ProfileData | null {
  if (!isObj(v) || !str(v.name, 200) || !optStr(v.handle, 500)) return null
  return v as unknown as ProfileData
}

function asVenue(v: unknown): VenueData | null {
  if (!isObj(v) || !str(v.name, 200) || v.name.trim() === '') return null
  if (!strArray(v.aliases, 50) || !natOrNull(v.capacity) || !natOrNull(v.concurrent)) return null
  if (v.concurrent === 0) return null
  if (v.policy !== 'open' && v.policy !== 'approval') return null
  if (!optStr(v.description) || !optStr(v.hours, 20)) return null
  return v as unknown as VenueData
}

function asResource(v: unknown): ResourceData | null {
  if (!isObj(v) || !str(v.name, 200) || v.name.trim() === '') return null
  if (!nat(v.count) || v.count < 1 || !optStr(v.description)) return null
  return v as unknown as ResourceData
}

function asEvent(v: unknown): EventData | null {
  if (!isObj(v) || !str(v.title, 500) || v.title.trim() === '') return null
  if (!EVENT_KINDS.includes(v.kind as EventKind)) return null
  if (!instantOrNull(v.start) || !instantOrNull(v.end)) return null
  if ((v.start === null) !== (v.end === null)) return null
  if (typeof v.start === 'number' && typeof v.end === 'number' && v.end <= v.start) return null
  if (v.venue !== null && !(typeof v.venue === 'string' && isEntityIdOfAny(v.venue))) return null
  if (!strArray(v.resources, 50) || !v.resources.every(isEntityIdOfAny)) return null
  if (!strArray(v.organizers) || !strArray(v.tags)) return null
  if (v.state !== 'scheduled' && v.state !== 'cancelled') return null
  if (typeof v.bookedAt !== 'number' || !Number.isFinite(v.bookedAt)) return null
  if (!optStr(v.description) || !optStr(v.language, 50) || !optStr(v.series, 200) || !optStr(v.source, 200))
    return null
  if (v.capacity !== undefined && !natOrNull(v.capacity)) return null
  return v as unknown as EventData
}
