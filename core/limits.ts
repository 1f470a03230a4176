/**
 * The one table of limits on what an author may write into a festival, used by the writer
 * (`NamespaceWriter` in `core/doc.ts`, which refuses before anything is stored) and by the reader of
 * replicated values (`readNamespace`, which skips what breaks them) alike, so that whatever one
 * replica accepts every replica reads.
 *
 * @remarks
 * Lengths are counted in UTF-16 code units (`String.prototype.length`), as before: a title of 500
 * ASCII letters or of 250 emoji is the longest one. Instants (an event's start and end, a moved
 * occurrence, a series' first occurrence) must fall within {@link DATE_WINDOW_YEARS} years either
 * side of the festival's anchor: its first day when it has dates, else its creation time. Nobody
 * plans a festival 10 years ahead; a year 99999 or 10000 is a misreading, and exporters could not
 * write it.
 */
import { YurtError } from './errors.ts'
import type { EventData, EventEdit, FestivalGenesis, Instant, ProfileData, ProposalData, ResourceData, SeriesData, VenueData } from './types.ts'

/** Longest text of each kind, in UTF-16 code units. */
export const TEXT_LIMITS = {
  /** An event's, series' or programme item's title. */
  title: 500,
  /** A venue's, resource's or person's name. */
  name: 200,
  /** Another name of a venue. */
  alias: 200,
  /** A description of an event, venue, resource or series. */
  description: 20_000,
  /** A display name of an organiser or speaker. */
  organizer: 200,
  /** One tag (a track, a theme). */
  tag: 200,
  /** An event's language(s), `FR/EN`. */
  language: 50,
  /** Where a person speaks from, `matrix:@alice:example.org`. */
  handle: 500,
  /** Where an imported event came from, `frab:10386`. */
  source: 200,
  /** A series id an event belongs to. */
  series: 200,
  /** Opening hours, `HH:MM-HH:MM`. */
  hours: 20,
} as const

/** Most items of each list. */
export const LIST_LIMITS = {
  aliases: 50,
  organizers: 200,
  tags: 200,
  resources: 50,
  coOrganizers: 20,
  template: 20,
  skipped: 1000,
  moved: 1000,
} as const

/** Instants must lie within this many years either side of the festival's anchor. */
export const DATE_WINDOW_YEARS = 10

export type TextField = keyof typeof TEXT_LIMITS
export type ListField = keyof typeof LIST_LIMITS

/** The instants, UTC ms, a festival's dates must lie within (inclusive). */
export interface DateWindow {
  from: Instant
  to: Instant
}

/** What broke a limit: the first problem found, for a refusal that names it. */
export type LimitProblem =
  | { kind: 'length'; field: TextField; length: number; max: number }
  | { kind: 'count'; field: ListField; count: number; max: number }
  | { kind: 'date'; at: Instant; window: DateWindow }

/**
 * A write refused because it breaks a limit: nothing was stored. The chat layer turns it into a
 * short reply naming the limit ("That title is 612 characters; titles can be at most 500.").
 */
export class LimitError extends YurtError {
  override name = 'LimitError'
  readonly problem: LimitProblem
  constructor(problem: LimitProblem) {
    super(describeProblem(problem))
    this.problem = problem
  }
}

/** An English sentence for a problem (logs, the command line, import errors). */
export function describeProblem(p: LimitProblem): string {
  if (p.kind === 'length') return `that ${p.field} is ${p.length} characters; ${p.field === 'hours' ? 'hours' : `${p.field}s`} can be at most ${p.max}`
  if (p.kind === 'count') return `${p.count} ${p.field} is too many; at most ${p.max}`
  return `${isoDay(p.at)} is more than ${DATE_WINDOW_YEARS} years from the festival; dates must lie between ${isoDay(p.window.from)} and ${isoDay(p.window.to)}`
}

/** `YYYY-MM-DD` of an instant (UTC), or the number itself when no date has it. */
export function isoDay(t: Instant): string {
  const d = new Date(t)
  return Number.isNaN(d.getTime()) ? String(t) : d.toISOString().slice(0, 10)
}

/**
 * The window a festival's instants must lie within: {@link DATE_WINDOW_YEARS} calendar years either
 * side of its first day (midnight UTC) when it has one, else of its creation time.
 */
export function dateWindow(meta: Pick<FestivalGenesis, 'startDate' | 'createdAt'>): DateWindow {
  const anchor = meta.startDate ? Date.parse(`${meta.startDate}T00:00:00Z`) : meta.createdAt
  const base = Number.isFinite(anchor) ? anchor : 0
  const shift = (years: number) => {
    const d = new Date(base)
    d.setUTCFullYear(d.getUTCFullYear() + years)
    return d.getTime()
  }
  return { from: shift(-DATE_WINDOW_YEARS), to: shift(DATE_WINDOW_YEARS) }
}

/** The problem of an instant outside `window`, or `null`. */
export function checkInstant(at: Instant | null | undefined, window: DateWindow | undefined): LimitProblem | null {
  if (window === undefined || at === null || at === undefined) return null
  if (typeof at !== 'number' || !Number.isFinite(at) || at < window.from || at > window.to) return { kind: 'date', at, window }
  return null
}

function text(field: TextField, v: unknown): LimitProblem | null {
  if (typeof v !== 'string') return null
  return v.length > TEXT_LIMITS[field] ? { kind: 'length', field, length: v.length, max: TEXT_LIMITS[field] } : null
}

function list(field: ListField, v: unknown, each?: TextField): LimitProblem | null {
  if (!Array.isArray(v)) return null
  if (v.length > LIST_LIMITS[field]) return { kind: 'count', field, count: v.length, max: LIST_LIMITS[field] }
  if (each) for (const x of v) {
    const p = text(each, x)
    if (p) return p
  }
  return null
}

const first = (...ps: Array<LimitProblem | null>): LimitProblem | null => ps.find((p) => p !== null) ?? null

/** The first limit a profile breaks, or `null`. */
export function profileProblem(p: Partial<ProfileData>): LimitProblem | null {
  return first(text('name', p.name), text('handle', p.handle))
}

/** The first limit a venue breaks, or `null`. */
export function venueProblem(v: Partial<VenueData>): LimitProblem | null {
  return first(text('name', v.name), list('aliases', v.aliases, 'alias'), text('description', v.description), text('hours', v.hours))
}

/** The first limit a resource breaks, or `null`. */
export function resourceProblem(r: Partial<ResourceData>): LimitProblem | null {
  return first(text('name', r.name), text('description', r.description))
}

/** The first limit an event breaks (its start and end against `window` when given), or `null`. */
export function eventProblem(e: Partial<EventData>, window?: DateWindow): LimitProblem | null {
  return first(
    text('title', e.title),
    text('description', e.description),
    text('language', e.language),
    text('series', e.series),
    text('source', e.source),
    list('resources', e.resources),
    list('organizers', e.organizers, 'organizer'),
    list('tags', e.tags, 'tag'),
    list('coOrganizers', e.coOrganizers),
    checkInstant(e.start, window),
    checkInstant(e.end, window),
  )
}

/** The first limit a proposal breaks (its pitch counts as a description), or `null`. */
export function proposalProblem(p: Partial<ProposalData>): LimitProblem | null {
  return first(text('title', p.title), text('description', p.pitch), text('language', p.language), text('title', p.wish))
}

/** The first limit a co-organiser's edit breaks, or `null`. */
export function editProblem(e: Partial<EventEdit>, window?: DateWindow): LimitProblem | null {
  return first(text('title', e.title), text('description', e.description), checkInstant(e.start, window), checkInstant(e.end, window))
}

/** The first limit a series breaks (its first occurrence and moved ones against `window`), or `null`. */
export function seriesProblem(s: Partial<SeriesData>, window?: DateWindow): LimitProblem | null {
  const firstAt = typeof s.start === 'string' ? Date.parse(`${s.start}:00Z`) : undefined
  const moved = s.moved && typeof s.moved === 'object' ? Object.values(s.moved) : []
  return first(
    text('title', s.title),
    text('description', s.description),
    list('resources', s.resources),
    list('template', s.template),
    ...(Array.isArray(s.template) ? s.template.map((t) => text('title', (t as { title?: unknown })?.title)) : []),
    list('skipped', s.skipped),
    moved.length > LIST_LIMITS.moved ? { kind: 'count', field: 'moved', count: moved.length, max: LIST_LIMITS.moved } : null,
    firstAt === undefined ? null : checkInstant(Number.isNaN(firstAt) ? NaN : firstAt, window),
    ...moved.flatMap((m) => [checkInstant((m as { start?: number })?.start, window), checkInstant((m as { end?: number })?.end, window)]),
  )
}
