/**
 * How events and schedules read in a reply: day, time, title and venue, in the room's zone and language.
 */
import { dayOf, formatDay, formatDayLong, formatTime } from '../core/time.ts'
import type { EventView, ScheduleView } from '../core/types.ts'
import type { ReplyBlock } from '../adapters/types.ts'
import type { Lang } from './intent.ts'
import { READING } from './i18n-reading.ts'

const KIND_NAMES: Record<Lang, Record<string, string>> = {
  en: { talk: 'talk', workshop: 'workshop', concert: 'concert', party: 'party', meetup: 'meetup', projection: 'screening', stand: 'stand', meeting: 'meeting', other: 'event' },
  fr: { talk: 'conférence', workshop: 'atelier', concert: 'concert', party: 'fête', meetup: 'rencontre', projection: 'projection', stand: 'stand', meeting: 'réunion', other: 'événement' },
  de: { talk: 'Vortrag', workshop: 'Workshop', concert: 'Konzert', party: 'Party', meetup: 'Treffen', projection: 'Vorführung', stand: 'Stand', meeting: 'Besprechung', other: 'Veranstaltung' },
}

/** The word for an event kind in a language. */
export function kindName(kind: string, lang: Lang): string {
  return KIND_NAMES[lang][kind] ?? kind
}

/** The kind with its definite article, as the object of a sentence: `the workshop`, `l'atelier`, `den Workshop`. */
const THE_KIND: Record<Lang, Record<string, string>> = {
  en: Object.fromEntries(Object.entries(KIND_NAMES.en).map(([k, v]) => [k, `the ${v}`])),
  fr: { talk: 'la conférence', workshop: "l'atelier", concert: 'le concert', party: 'la fête', meetup: 'la rencontre', projection: 'la projection', stand: 'le stand', meeting: 'la réunion', other: "l'événement" },
  de: { talk: 'den Vortrag', workshop: 'den Workshop', concert: 'das Konzert', party: 'die Party', meetup: 'das Treffen', projection: 'die Vorführung', stand: 'den Stand', meeting: 'die Besprechung', other: 'die Veranstaltung' },
}

/** An event kind with its definite article (accusative in German), for "book the workshop there". */
export function theKind(kind: string, lang: Lang): string {
  return THE_KIND[lang][kind] ?? kindName(kind, lang)
}

const AT: Record<Lang, string> = { en: 'at', fr: 'à', de: 'in' }
const STATUS: Record<Lang, Record<string, string>> = {
  en: { conflicting: '⚠ conflicting', tentative: 'tentative', cancelled: 'cancelled', unscheduled: 'no time yet' },
  fr: { conflicting: '⚠ en conflit', tentative: 'provisoire', cancelled: 'annulé', unscheduled: 'pas encore d’horaire' },
  de: { conflicting: '⚠ Konflikt', tentative: 'vorläufig', cancelled: 'abgesagt', unscheduled: 'noch ohne Zeit' },
}

/** `19:00–19:30` in the zone. */
export function timeRange(ev: Pick<EventView, 'start' | 'end'>, tz: string): string {
  if (ev.start === null || ev.end === null) return ''
  return `${formatTime(ev.start, tz)}–${formatTime(ev.end, tz)}`
}

/**
 * One event as a reply names it, as the sentence was read: `“History of P2P” (talk), Thu 9 Jan
 * 19:00–19:30 at Conférence, 20 people, with Bob`. Its status follows in brackets when it is not confirmed.
 */
export function describeEvent(ev: EventView, tz: string, lang: Lang): string {
  let s = `“${ev.title}” (${kindName(ev.kind, lang)})`
  if (ev.start !== null) s += `, ${formatDay(dayOf(ev.start, tz), lang)} ${timeRange(ev, tz)}`
  if (ev.venueName) s += ` ${AT[lang]} ${ev.venueName}`
  if (ev.capacity) s += `, ${READING[lang].people(ev.capacity)}`
  const others = ev.organizers.filter((o) => o !== ev.authorName)
  if (others.length) s += `, ${READING[lang].withPeople(listNames(others, lang))}`
  if (ev.status !== 'confirmed') s += ` [${STATUS[lang][ev.status] ?? ev.status}]`
  return s
}

/** One line of a schedule list: `19:00–19:30 History of P2P · Conférence`. */
export function scheduleLine(ev: EventView, tz: string, lang: Lang, withDay = false): string {
  const when = ev.start === null ? '' : `${withDay ? formatDay(dayOf(ev.start, tz), lang) + ' ' : ''}${timeRange(ev, tz)} `
  let s = `${when}${ev.title}`
  if (ev.venueName) s += ` · ${ev.venueName}`
  if (ev.status !== 'confirmed') s += ` [${STATUS[lang][ev.status] ?? ev.status}]`
  const going = ev.going.length
  if (going > 0) s += ` (${going} ✓)`
  return s
}

/** Events grouped under day headings. */
export function scheduleBlocks(events: EventView[], tz: string, lang: Lang): ReplyBlock[] {
  const blocks: ReplyBlock[] = []
  let current: { heading: string; items: string[] } | null = null
  let currentDay = ''
  for (const ev of events) {
    const day = ev.start === null ? '' : dayOf(ev.start, tz)
    if (!current || day !== currentDay) {
      currentDay = day
      current = { heading: day ? capitalise(formatDayLong(day, lang)) : STATUS[lang].unscheduled!, items: [] }
      blocks.push({ type: 'list', heading: current.heading, items: current.items })
    }
    current.items.push(scheduleLine(ev, tz, lang))
  }
  return blocks
}

/** The text with its first letter in upper case. */
export function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1)
}

/** A list of names for a sentence: `A, B and C`. */
export function listNames(names: string[], lang: Lang): string {
  if (names.length <= 1) return names.join('')
  const and = lang === 'fr' ? 'et' : lang === 'de' ? 'und' : 'and'
  return `${names.slice(0, -1).join(', ')} ${and} ${names.at(-1)}`
}

/** Display name of an author in a view. */
export function nameIn(view: ScheduleView, key: string): string {
  return view.names.get(key as never) ?? key.slice(0, 8)
}
