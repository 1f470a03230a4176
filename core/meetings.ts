/**
 * Random meetings and the serendipity switch: what the sealed records say, and who meets whom
 * where, as pure functions of the festival's signed data (HOFFNUNG 3000's random meetings; p2panda's
 * "serendipity bot").
 *
 * @remarks
 * Every record is a `sealed:<id>` entry in its author's namespace (`core/doc.ts`), a hidden-recipient
 * box (`core/seal.ts`, `sealHidden`) bound with {@link sealedAad}. Inside, JSON ({@link SealedContent}):
 * - a **request** (by the person asking): the hours it may take, and the person's chat handle and name
 *   so that the bot can tell them; sealed to the person and to every matcher of the festival
 *   (the `matcher` records: the bots' meetings keys);
 * - an **opt-in** (`sealed:optin`, by the person): they are up for the switch's meetings; sealed the same way;
 * - a **meeting** (by the matcher that serves the first person): the two people (or three, for the
 *   switch) and the place; sealed to them and to the matchers.
 *
 * Matching ({@link matchRequests}) reads only requests: oldest first (author's clock, then key, then
 * id), each request takes the oldest earlier one still alone that shares an hour, at their earliest
 * common hour that has a free place; so the answer does not depend on the order operations arrived
 * in, and a newer request never changes an older pair. A place is free at an hour when no event
 * that is not cancelled overlaps that hour and no other meeting took it; which free place is a
 * SHA-256 of the festival, the two requests and the hour ({@link pickIndex}).
 */
import { sha256, toHex, utf8 } from './bytes.ts'
import { HOUR, instantAt, MINUTE } from './time.ts'
import type { AuthorKey, EventView, Instant, SerendipityData, VenueView } from './types.ts'

/** The id of a person's opt-in record. */
export const OPT_IN_ID = 'optin'
/** How long a meeting lasts, ms. */
export const MEETING_MS = HOUR
/** Most hours one request may cover (a whole day). */
export const MAX_REQUEST_HOURS = 24

/** What a sealed record holds, once opened. */
export type SealedContent =
  | { kind: 'request'; from: Instant; to: Instant; platform: string; user: string; name: string; lang?: string; tz?: string }
  | { kind: 'optin'; platform: string; user: string; name: string; lang?: string; tz?: string }
  | { kind: 'meeting'; at: Instant; people: AuthorKey[]; place: string | null }

/** What a sealed record is bound to: `yurt/sealed/1 ‖ 0 ‖ festival ‖ 0 ‖ author ‖ 0 ‖ id` (a box copied elsewhere does not open). */
export function sealedAad(festival: string, author: AuthorKey, id: string): Uint8Array {
  return utf8(`yurt/sealed/1\0${festival}\0${author}\0${id}`)
}

/** Reads opened JSON back; `null` for anything that is not a well-formed {@link SealedContent}. */
export function readSealed(text: string | null): SealedContent | null {
  if (text === null) return null
  let v: unknown
  try {
    v = JSON.parse(text)
  } catch {
    return null
  }
  if (typeof v !== 'object' || v === null) return null
  const o = v as Record<string, unknown>
  const s = (x: unknown) => typeof x === 'string' && x.length > 0 && x.length <= 500
  const n = (x: unknown) => typeof x === 'number' && Number.isFinite(x)
  if (o.kind === 'request' && n(o.from) && n(o.to) && s(o.platform) && s(o.user) && typeof o.name === 'string') return o as SealedContent
  if (o.kind === 'optin' && s(o.platform) && s(o.user) && typeof o.name === 'string') return o as SealedContent
  if (o.kind === 'meeting' && n(o.at) && Array.isArray(o.people) && (o.place === null || s(o.place))) return o as SealedContent
  return null
}

/** One opened request. */
export interface MeetingRequest {
  author: AuthorKey
  /** The record's id. */
  id: string
  /** When it was written, UTC ms (the author's clock). */
  at: Instant
  /** Hours it may take: the hour starts in `[from, to)`, UTC ms. */
  from: Instant
  to: Instant
  platform: string
  user: string
  name: string
  /** The language and zone the person asked in (for telling them). */
  lang?: string
  tz?: string
}

/** A place a meeting can be at: a venue or zone. */
export interface Place {
  id: string
  name: string
}

/** Two requests matched. */
export interface Meeting {
  /** The hour's start, UTC ms. */
  hour: Instant
  first: MeetingRequest
  second: MeetingRequest
  place: Place
}

/** The hour starts a request may take: each whole hour from `from` on, before `to`, not before it was asked. */
export function hoursOf(r: Pick<MeetingRequest, 'from' | 'to' | 'at'>): Instant[] {
  const out: Instant[] = []
  for (let h = r.from; h < r.to && out.length < MAX_REQUEST_HOURS; h += HOUR) if (h >= r.at) out.push(h)
  return out
}

const order = (a: MeetingRequest, b: MeetingRequest) => a.at - b.at || cmp(a.author, b.author) || cmp(a.id, b.id)
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/** An index in `[0, n)` from SHA-256 of `parts` (the first 4 bytes, big-endian, modulo `n`). */
export function pickIndex(n: number, ...parts: string[]): number {
  const h = sha256(utf8(parts.join('\0')))
  return (((h[0]! << 24) | (h[1]! << 16) | (h[2]! << 8) | h[3]!) >>> 0) % n
}

/**
 * The places free for `[start, start + length)`: venues not removed (sorted by id) that no event
 * (not cancelled, scheduled) overlaps.
 */
export function freePlaces(venues: readonly VenueView[], events: readonly EventView[], start: Instant, length: number = MEETING_MS): Place[] {
  const busy = new Set<string>()
  for (const e of events) {
    if (e.status === 'cancelled' || e.start === null || e.venue === null) continue
    const end = e.end ?? e.start + HOUR
    if (e.start < start + length && end > start) busy.add(e.venue)
  }
  return venues
    .filter((v) => !(v as { removed?: boolean }).removed && !busy.has(v.id))
    .map((v) => ({ id: v.id, name: v.name }))
    .sort((a, b) => cmp(a.id, b.id))
}

/**
 * Matches requests (see the module notes). Pure: the same requests in any order give the same meetings.
 *
 * @param free the places free at an hour start (UTC ms), e.g. {@link freePlaces} of the view.
 * @returns the meetings, and the requests left alone.
 */
export function matchRequests(festival: string, requests: readonly MeetingRequest[], free: (hour: Instant) => Place[]): { meetings: Meeting[]; alone: MeetingRequest[] } {
  const sorted = [...requests].sort(order)
  const waiting: MeetingRequest[] = []
  const meetings: Meeting[] = []
  const taken = new Map<Instant, Set<string>>()
  for (const r of sorted) {
    const mine = hoursOf(r)
    let paired = false
    for (let i = 0; i < waiting.length && !paired; i++) {
      const q = waiting[i]!
      if (q.author === r.author) continue
      const theirs = new Set(hoursOf(q))
      for (const h of mine) {
        if (!theirs.has(h)) continue
        const used = taken.get(h) ?? new Set<string>()
        const places = free(h).filter((p) => !used.has(p.id))
        if (places.length === 0) continue
        const place = places[pickIndex(places.length, festival, q.author, q.id, r.author, r.id, String(h))]!
        used.add(place.id)
        taken.set(h, used)
        meetings.push({ hour: h, first: q, second: r, place })
        waiting.splice(i, 1)
        paired = true
        break
      }
    }
    if (!paired) waiting.push(r)
  }
  return { meetings, alone: waiting }
}

/**
 * The instants of the switch's meetings on `day` (`YYYY-MM-DD` in `zone`): `perDay` of them, evenly
 * spaced from `from` on within the window, on whole 5 minutes. Zoned: a daylight-saving change keeps
 * the wall times.
 */
export function serendipitySlots(s: Pick<SerendipityData, 'perDay' | 'from' | 'to'>, day: string, zone: string): Instant[] {
  const a = instantAt(day, s.from, zone)
  const b = instantAt(day, s.to, zone)
  const step = (b - a) / s.perDay
  const out: Instant[] = []
  for (let i = 0; i < s.perDay; i++) out.push(a + Math.floor((i * step) / (5 * MINUTE)) * 5 * MINUTE)
  return out
}

/** How long one of the switch's meetings lasts, ms: the gap between two, at most an hour. */
export function serendipityLength(s: Pick<SerendipityData, 'perDay' | 'from' | 'to'>, day: string, zone: string): number {
  const a = instantAt(day, s.from, zone)
  const b = instantAt(day, s.to, zone)
  return Math.min(MEETING_MS, Math.max(10 * MINUTE, Math.floor((b - a) / s.perDay / (5 * MINUTE)) * 5 * MINUTE))
}

/**
 * The groups of one of the switch's meetings: the people who opted in (only them), in an order
 * shuffled by SHA-256 of the festival, the instant and each key, taken two by two; an odd one joins
 * the last pair (a trio), a lone person meets nobody. Each group gets a free place in the same
 * seeded way; groups beyond the free places are not formed.
 */
export function serendipityGroups(festival: string, at: Instant, optedIn: readonly AuthorKey[], places: readonly Place[]): Array<{ people: AuthorKey[]; place: Place }> {
  const people = [...new Set(optedIn)].sort((x, y) => cmp(toHex(sha256(utf8(`${festival}\0${at}\0${x}`))), toHex(sha256(utf8(`${festival}\0${at}\0${y}`)))) || cmp(x, y))
  const groups: AuthorKey[][] = []
  for (let i = 0; i + 1 < people.length; i += 2) groups.push([people[i]!, people[i + 1]!])
  if (people.length % 2 === 1 && groups.length > 0) groups[groups.length - 1]!.push(people[people.length - 1]!)
  const free = [...places]
  const out: Array<{ people: AuthorKey[]; place: Place }> = []
  for (const g of groups) {
    if (free.length === 0) break
    const place = free.splice(pickIndex(free.length, festival, String(at), ...g), 1)[0]!
    out.push({ people: g, place })
  }
  return out
}

/** The festival's switch: the latest record by `at` among the organisers' (ties: the larger key). */
export function serendipityOf(records: ReadonlyArray<{ author: AuthorKey; serendipity?: SerendipityData }>, organisers: ReadonlySet<AuthorKey>): SerendipityData | null {
  let best: { author: AuthorKey; s: SerendipityData } | null = null
  for (const r of records) {
    if (!r.serendipity || !organisers.has(r.author)) continue
    if (!best || r.serendipity.at > best.s.at || (r.serendipity.at === best.s.at && r.author > best.author)) best = { author: r.author, s: r.serendipity }
  }
  return best?.s ?? null
}

/** The id of a meeting record: hex of SHA-256 of the kind, the instant and the people (first 16 bytes). */
export function meetingId(at: Instant, people: readonly AuthorKey[]): string {
  return 'm' + toHex(sha256(utf8(`meeting\0${at}\0${people.join('\0')}`))).slice(0, 32)
}
