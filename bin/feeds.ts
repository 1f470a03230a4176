/**
 * Read-only live feeds of a festival, served by the page's HTTP server (`bin/web.ts`).
 *
 * @remarks
 * Routes (`<festival>` is the festival's id, `<venue>` a venue's id):
 *
 * | path | body | type |
 * | --- | --- | --- |
 * | `/feeds/<festival>.ics` | the whole festival, iCalendar (subscribe with `webcal://…`) | `text/calendar; charset=utf-8` |
 * | `/feeds/<festival>/venue/<venue>.ics` | the events of one venue | `text/calendar; charset=utf-8` |
 * | `/feeds/<festival>.json` | the JSON export (`core/formats/export-json.ts`) | `application/json` |
| `/feeds/<festival>.frab.json` | the frab schedule, JSON (`core/formats/export-frab.ts`), for conference apps | `application/json` |
| `/feeds/<festival>.frab.xml` | the frab schedule, XML | `application/xml` |
 * | `/feeds/me/<token>.ics` | one chat user's events (going, maybe or organising), behind a token | `text/calendar; charset=utf-8` |
 *
 * Every response is built from the festival's current view, so a change from chat or from a peer is
 * in the next fetch; `ETag` is the SHA-256 of the body (strong), `If-None-Match` answers 304, and
 * `Cache-Control: no-cache` makes clients ask again. DTSTAMP is the festival's creation time, so
 * that an unchanged festival gives the same bytes (and the same ETag). Unknown festival, venue or
 * token: 404 `not found`, the same answer as for any other missing path; a festival with no scheduled
event has no frab schedule yet (404 with a line saying so).
 *
 * Personal tokens ({@link FeedTokens}) are 128 random bits kept in the bot's data directory (its
 * key-value store), never in the replicated festival.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { randomBytes, sha256, toBase64Url, toHex, utf8 } from '../core/bytes.ts'
import { exportIcs } from '../core/formats/export-ics.ts'
import { exportJson } from '../core/formats/export-json.ts'
import { exportFrabJson, exportFrabXml, FrabExportError } from '../core/formats/export-frab.ts'
import type { AuthorKey, EventView, FestivalId, ScheduleView } from '../core/types.ts'
import type { ProposalView } from '../core/programme.ts'

/** What the feeds need of the running bot. */
export interface FeedSource {
  /** The current view of a festival held here, or `null` when it is not held. */
  view(festival: string): Promise<ScheduleView | null>
  /** The festival's ranked proposals, for the JSON feed (`core/programme-of.ts`); absent = none exported. */
  proposals?(festival: string): Promise<readonly ProposalView[]>
  /** Who a personal token stands for, or `null` when no such token exists. */
  tokenOwner?(token: string): Promise<FeedOwner | null>
  /** Written as the frab schedule's `generator`. */
  generator?: { name: string; version: string }
}

/** The owner of a personal feed: a chat user's author key in one festival. */
export interface FeedOwner {
  festival: FestivalId
  author: AuthorKey
}

/** The key-value store tokens live in (the data directory's `kv`). */
export interface TokenKv {
  get(key: string): Promise<unknown>
  put(key: string, value: unknown): Promise<void>
}

/** Personal feed tokens: `feed-token:<token>` → {@link FeedOwner}, `feed-of:<festival>:<author>` → token. */
export class FeedTokens {
  readonly #kv: TokenKv
  constructor(kv: TokenKv) {
    this.#kv = kv
  }

  /** The token of `owner`, made (128 random bits, base64url) and stored on first use. */
  async tokenFor(owner: FeedOwner): Promise<string> {
    const key = `feed-of:${owner.festival}:${owner.author}`
    const known = await this.#kv.get(key)
    if (typeof known === 'string') return known
    const token = toBase64Url(randomBytes(16))
    await this.#kv.put(`feed-token:${token}`, owner)
    await this.#kv.put(key, token)
    return token
  }

  /** Who `token` stands for; `null` for a token never made (or not of the right shape). */
  async owner(token: string): Promise<FeedOwner | null> {
    if (!/^[A-Za-z0-9_-]{22}$/.test(token)) return null
    const v = (await this.#kv.get(`feed-token:${token}`)) as FeedOwner | undefined
    return v && typeof v.festival === 'string' && typeof v.author === 'string' ? v : null
  }
}

/** The paths of a festival's feeds, relative to the server's root (no leading slash). */
export const feedPaths = {
  ics: (festival: string) => `feeds/${festival}.ics`,
  json: (festival: string) => `feeds/${festival}.json`,
  frabJson: (festival: string) => `feeds/${festival}.frab.json`,
  frabXml: (festival: string) => `feeds/${festival}.frab.xml`,
  venue: (festival: string, venue: string) => `feeds/${festival}/venue/${venue}.ics`,
  personal: (token: string) => `feeds/me/${token}.ics`,
}

/**
 * `view` narrowed to the events `keep` accepts. Series are kept when `keepSeries` accepts them; an
 * occurrence of a series left out is written as a plain event.
 */
export function narrowView(view: ScheduleView, keep: (e: EventView) => boolean, keepSeries: (s: ScheduleView['series'][number]) => boolean): ScheduleView {
  const series = view.series.filter(keepSeries)
  const kept = new Set(series.map((s) => s.id))
  const events = view.events.filter(keep).map((e) => {
    if (!e.occurrence || kept.has(e.occurrence.series)) return e
    const { occurrence: _, ...plain } = e
    return plain as EventView
  })
  return { ...view, series, events }
}

/** The events of `author`: those they organise (author or co-organiser) or said they go (or maybe go) to. */
export function personalView(view: ScheduleView, author: AuthorKey): ScheduleView {
  return narrowView(
    view,
    (e) => e.author === author || (e.coOrganizers ?? []).includes(author) || e.going.includes(author) || e.maybe.includes(author),
    (s) => s.author === author,
  )
}

const CALENDAR = 'text/calendar; charset=utf-8'

/**
 * Answers a feed request; `false` when the path is not a feed path (the caller goes on).
 * Never throws for bad input: an unknown festival, venue or token is a 404.
 */
export async function handleFeed(source: FeedSource, req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean> {
  if (!pathname.startsWith('/feeds/')) return false
  const found = await feedBody(source, decodeURIComponentSafe(pathname.slice('/feeds/'.length)))
  if (!found) {
    res.writeHead(404, { 'content-type': 'text/plain', 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' })
    res.end('not found\n')
    return true
  }
  const etag = `"${toHex(sha256(utf8(found.body))).slice(0, 32)}"`
  const headers = { 'content-type': found.type, 'cache-control': 'no-cache', etag, 'x-content-type-options': 'nosniff' }
  const match = req.headers['if-none-match']
  if (match && match.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) {
    res.writeHead(304, headers)
    res.end()
    return true
  }
  res.writeHead(found.status ?? 200, headers)
  res.end(req.method === 'HEAD' ? undefined : found.body)
  return true
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s)
  } catch {
    return ''
  }
}

async function feedBody(source: FeedSource, rest: string): Promise<{ body: string; type: string; status?: number } | null> {
  let m = /^me\/([A-Za-z0-9_-]+)\.ics$/.exec(rest)
  if (m) {
    const owner = (await source.tokenOwner?.(m[1]!)) ?? null
    if (!owner) return null
    const view = await source.view(owner.festival)
    if (!view) return null
    return { body: ics(personalView(view, owner.author)), type: CALENDAR }
  }
  m = /^([^/]+)\/venue\/([^/]+)\.ics$/.exec(rest)
  if (m) {
    const view = await source.view(m[1]!)
    if (!view || !view.venues.some((v) => v.id === m![2])) return null
    const venue = m[2]!
    const narrowed = narrowView(view, (e) => e.venue === venue, (s) => s.venue === venue)
    return { body: ics({ ...narrowed, festival: { ...view.festival, name: `${view.festival.name} — ${view.venues.find((v) => v.id === venue)!.name}` } }), type: CALENDAR }
  }
  m = /^([^/.]+)\.(ics|json|frab\.json|frab\.xml)$/.exec(rest)
  if (m) {
    const view = await source.view(m[1]!)
    if (!view) return null
    const ext = m[2]!
    if (ext === 'ics') return { body: ics(view), type: CALENDAR }
    if (ext === 'json') return { body: exportJson(view, { proposals: (await source.proposals?.(m[1]!)) ?? [] }), type: 'application/json' }
    const options = source.generator ? { generator: source.generator } : {}
    try {
      return ext === 'frab.json'
        ? { body: exportFrabJson(view, options), type: 'application/json' }
        : { body: exportFrabXml(view, options), type: 'application/xml; charset=utf-8' }
    } catch (err) {
      if (err instanceof FrabExportError) return { body: `${err.message}\n`, type: 'text/plain; charset=utf-8', status: 404 }
      throw err
    }
  }
  return null
}

/** The iCalendar of a view with a DTSTAMP that depends only on the festival (same view, same bytes). */
function ics(view: ScheduleView): string {
  return exportIcs(view, { now: view.festival.createdAt })
}
