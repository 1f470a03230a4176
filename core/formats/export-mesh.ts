/**
 * The combined calendar of a community (`core/community.ts`): the events of every member festival
 * held here, as one iCalendar file or one JSON document, each event in its own festival's zone.
 */
import ical from 'ical-generator'
import type { MeshEvent, Membership } from '../community.ts'
import { toRfc3339 } from '../time.ts'
import type { EventStatus, FestivalMeta, Instant } from '../types.ts'
import { veventFields } from './export-ics.ts'
import { vtimezone } from './vtimezone.ts'

/**
 * A community's calendar as iCalendar (RFC 5545): one VEVENT per scheduled event of every member
 * festival, its DTSTART/DTEND as local times of **its festival's** zone with `TZID`, one VTIMEZONE
 * per zone used, and the festival (the city node) named in `LOCATION` after the venue and in
 * `X-YURT-FESTIVAL` (a meta event's co-organising festivals' ids in `X-YURT-NODES`). Occurrences of series are written one VEVENT each (UID `<event id>@yurt`).
 *
 * @param now DTSTAMP of every event, UTC ms.
 * @returns the text, CRLF line ends, lines folded at 75 octets.
 */
export function exportMeshIcs(community: FestivalMeta, events: readonly MeshEvent[], now: Instant): string {
  const scheduled = events.filter((e) => e.event.start !== null && e.event.end !== null && e.event.status !== 'unscheduled')
  const instants = scheduled.flatMap((e) => [e.event.start!, e.event.end!])
  const from = instants.length ? Math.min(...instants) : now
  const to = instants.length ? Math.max(...instants) : now
  const cal = ical({
    name: community.name,
    prodId: { company: 'yurt', product: 'yurt', language: 'EN' },
    timezone: { name: null, generator: (tz) => vtimezone(tz, from, to) },
  })
  for (const { event: e, festival } of scheduled) {
    const ev = cal.createEvent({
      ...veventFields(e, festival.timezone, now),
      location: e.venueName ? `${e.venueName}, ${festival.name}` : festival.name,
      x: [['X-YURT-FESTIVAL', festival.name], ...(e.nodes?.length ? [['X-YURT-NODES', e.nodes.join(',')] as [string, string]] : [])],
    })
    if (e.description) ev.description(e.description)
  }
  return cal.toString().replace(/(\r\n)*$/, '\r\n')
}

/** Version 1 of a community's JSON calendar, as {@link exportMeshJson} writes it. */
export interface MeshJson {
  community: { id: string; name: string }
  /** The verified member festivals held here, by name. */
  festivals: { id: string; name: string; timezone: string }[]
  /** Festivals listed by a join this peer cannot check yet (not held): their events are not included. */
  pending: { id: string; name: string }[]
  events: {
    id: string
    /** The festival's id (see `festivals`). */
    festival: string
    festivalName: string
    /** The festival's IANA zone: `start` and `end` carry its offset. */
    timezone: string
    title: string
    kind: string
    /** RFC 3339 with the offset of the festival's zone at that instant. */
    start: string
    end: string
    venue: string | null
    status: EventStatus
    description: string | null
    series: string | null
    /** A meta event's co-organising festivals (city nodes), by id; empty for an ordinary event. */
    nodes: string[]
  }[]
}

/**
 * A community's calendar as JSON text (two-space indent, trailing newline): events in start order,
 * then festival name, each with its festival and its times in that festival's zone.
 */
export function exportMeshJson(community: FestivalMeta, events: readonly MeshEvent[], membership: Membership): string {
  const out: MeshJson = {
    community: { id: community.id, name: community.name },
    festivals: membership.members.map((m) => ({ id: m.id, name: m.name, timezone: m.timezone ?? 'UTC' })),
    pending: membership.pending.map((m) => ({ id: m.id, name: m.name })),
    events: events
      .filter((e) => e.event.start !== null && e.event.end !== null)
      .map(({ event: e, festival }) => ({
        id: e.id,
        festival: festival.id,
        festivalName: festival.name,
        timezone: festival.timezone,
        title: e.title,
        kind: e.kind,
        start: toRfc3339(e.start!, festival.timezone),
        end: toRfc3339(e.end!, festival.timezone),
        venue: e.venueName,
        status: e.status,
        description: e.description ?? null,
        series: e.occurrence?.series ?? e.series ?? null,
        nodes: [...(e.nodes ?? [])],
      })),
  }
  return JSON.stringify(out, null, 2) + '\n'
}
