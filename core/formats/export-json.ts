/**
 * The JSON export of a schedule: a stable, documented contract (see `README.md` in this folder).
 */
import { shortKey } from '../ids.ts'
import { toRfc3339 } from '../time.ts'
import type { ProposalState, ProposalView } from '../programme.ts'
import type { AuthorKey, EventStatus, ScheduleView } from '../types.ts'

/** Version 1 of the JSON export, as {@link exportJson} writes it. */
export interface ScheduleJson {
  festival: { id: string; name: string; timezone: string }
  venues: { id: string; name: string; aliases: string[]; capacity: number | null; concurrent: number | null }[]
  resources: { id: string; name: string; count: number }[]
  events: {
    id: string
    title: string
    kind: string
    /** RFC 3339 with the festival zone's offset at that instant, or `null` while unscheduled. */
    start: string | null
    end: string | null
    venue: string | null
    resources: string[]
    /** The author's display name, then the event's other organisers, without repeats. */
    organizers: string[]
    /** Free text the organiser wrote about the event, `null` when none. */
    description: string | null
    /** How many people it takes, `null` when unlimited or unknown. */
    capacity: number | null
    going: string[]
    maybe: string[]
    status: EventStatus
    /** The recurring series an occurrence belongs to (its id), `null` for a one-off event. */
    series: string | null
    /** How many may go: the event's capacity, else its venue's; `null` = no limit. */
    limit: number | null
    /** How many are going (at most `limit`). */
    goingCount: number
    /** How many said going beyond the limit and wait for a place. */
    waitingCount: number
  }[]
  /** Proposals to the programme, ranked (most votes first, then the earlier, then the id). */
  proposals: {
    id: string
    title: string
    kind: string
    /** Wished length in minutes. */
    minutes: number
    /** The proposer's display name (the short key when none is known). */
    proposer: string
    state: ProposalState
    votes: number
    /** Made after the call's deadline. */
    late: boolean
    /** Where and when it was accepted (RFC 3339 in the festival's zone), `null` unless accepted. */
    slot: { venue: string | null; start: string; end: string } | null
    /** Why it was declined, `null` unless declined with a reason. */
    declineReason: string | null
  }[]
}

/** What {@link exportJson} writes beside the schedule view. */
export interface JsonExportOptions {
  /** The festival's proposals (`programmeOf(festival).proposals`); absent = none. */
  proposals?: readonly ProposalView[]
}

const byText = (a: string, b: string) => a.localeCompare(b, 'en')
const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/**
 * The schedule as JSON text: festival, venues, resources and events, pretty-printed with two spaces
 * and a trailing newline.
 *
 * @remarks The contract (`core/formats/README.md`, "JSON export"): venues and resources sorted by
 * name then id, removed ones left out; events sorted by start (unscheduled last), then title, then
 * id; times as RFC 3339 in the festival's zone; people by display name (the short key when no name
 * is known); `organizers` is the author's name followed by the event's other organisers, without
 * repeats. Names sort with English collation, ids by code point. Occurrences of recurring series
 * are events like any other (id `<series id>@YYYY-MM-DD`, `#n` per programme item), with `series`.
 * Proposals come in their ranking; a pitch, a wish and application answers are never exported.
 */
export function exportJson(view: ScheduleView, options: JsonExportOptions = {}): string {
  const zone = view.festival.timezone
  const nameOf = (key: AuthorKey) => view.names.get(key) ?? shortKey(key)
  const people = (keys: AuthorKey[]) => keys.map(nameOf).sort(byText)
  const events = [...view.events].sort(
    (a, b) =>
      (a.start === null ? 1 : 0) - (b.start === null ? 1 : 0) ||
      (a.start ?? 0) - (b.start ?? 0) ||
      byText(a.title, b.title) ||
      byId(a.id, b.id),
  )
  const out: ScheduleJson = {
    festival: { id: view.festival.id, name: view.festival.name, timezone: zone },
    venues: view.venues
      .filter((v) => !v.removed)
      .sort((a, b) => byText(a.name, b.name) || byId(a.id, b.id))
      .map((v) => ({ id: v.id, name: v.name, aliases: [...v.aliases], capacity: v.capacity, concurrent: v.concurrent })),
    resources: view.resources
      .filter((r) => !r.removed)
      .sort((a, b) => byText(a.name, b.name) || byId(a.id, b.id))
      .map((r) => ({ id: r.id, name: r.name, count: r.count })),
    events: events.map((e) => ({
      id: e.id,
      title: e.title,
      kind: e.kind,
      start: e.start === null ? null : toRfc3339(e.start, zone),
      end: e.end === null ? null : toRfc3339(e.end, zone),
      venue: e.venueName,
      resources: [...e.resourceNames],
      organizers: [...new Set([e.authorName, ...e.organizers])],
      description: e.description ?? null,
      capacity: e.capacity ?? null,
      going: people(e.going),
      maybe: people(e.maybe),
      status: e.status,
      series: e.occurrence?.series ?? e.series ?? null,
      limit: e.limit,
      goingCount: e.going.length,
      waitingCount: e.waiting.length,
    })),
    proposals: (options.proposals ?? []).map((p) => ({
      id: p.id,
      title: p.title,
      kind: p.kind,
      minutes: p.minutes,
      proposer: nameOf(p.author),
      state: p.state,
      votes: p.votes.length,
      late: p.late,
      slot: p.state === 'accepted' && p.acceptance
        ? { venue: view.venues.find((v) => v.id === p.acceptance!.venue)?.name ?? null, start: toRfc3339(p.acceptance.start, zone), end: toRfc3339(p.acceptance.end, zone) }
        : null,
      declineReason: p.state === 'declined' ? (p.decline?.reason ?? null) : null,
    })),
  }
  return `${JSON.stringify(out, null, 2)}\n`
}
