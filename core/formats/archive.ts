/**
 * The festival as a static site: a self-contained archive that opens from `file://` and from any
 * static host. Pure: returns the files; `bin/archive.ts` writes them.
 */
import { shortKey } from '../ids.ts'
import { dayOf, formatDayLong, formatTime } from '../time.ts'
import type { AuthorKey, EventView, ScheduleView, VenueView } from '../types.ts'
import { exportIcs } from './export-ics.ts'
import { exportJson } from './export-json.ts'

/** Options of {@link renderArchive}. */
export interface ArchiveOptions {
  /** Language of the pages' words and dates (the `lang` attribute); default `en`. */
  lang?: 'en' | 'fr' | 'de'
  /** More files to put beside `festival.ics` and `festival.json` (e.g. frab exports), by path. */
  extra?: ReadonlyMap<string, string>
}

const WORDS = {
  en: { programme: 'Programme', venues: 'Venues', venue: 'Venue', when: 'When', organisers: 'Organised by', went: 'Who went', maybe: 'Maybe', nobody: 'Nobody said.', unscheduled: 'Not scheduled', cancelled: 'cancelled', tentative: 'not settled', downloads: 'Downloads', back: 'Programme', none: 'Nothing is scheduled.', language: 'Language' },
  fr: { programme: 'Programme', venues: 'Lieux', venue: 'Lieu', when: 'Quand', organisers: 'Organisé par', went: 'Qui y est allé', maybe: 'Peut-être', nobody: 'Personne ne l’a dit.', unscheduled: 'Sans horaire', cancelled: 'annulé', tentative: 'pas encore fixé', downloads: 'Téléchargements', back: 'Programme', none: 'Rien au programme.', language: 'Langue' },
  de: { programme: 'Programm', venues: 'Orte', venue: 'Ort', when: 'Wann', organisers: 'Organisiert von', went: 'Wer dabei war', maybe: 'Vielleicht', nobody: 'Niemand hat es gesagt.', unscheduled: 'Ohne Termin', cancelled: 'abgesagt', tentative: 'noch offen', downloads: 'Downloads', back: 'Programm', none: 'Nichts geplant.', language: 'Sprache' },
} as const

/** `s` with `& < > " '` escaped, for text and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
}

/** A file name for an id: letters, digits, `-` and `_` kept, anything else as `~` and its code in hex. */
export function fileId(id: string): string {
  return id.replace(/[^A-Za-z0-9_-]/gu, (c) => `~${c.codePointAt(0)!.toString(16)}`)
}

/** The archive's path of an event's page and of a venue's page. */
export const archivePaths = {
  event: (id: string) => `event/${fileId(id)}.html`,
  venue: (id: string) => `venue/${fileId(id)}.html`,
}

const CSS = `*{box-sizing:border-box}body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1d1d1f;background:#fafaf7}
main{max-width:46rem;margin:0 auto;padding:1rem;overflow-wrap:anywhere}h1{font-size:1.6rem;line-height:1.2;margin:.5rem 0 1rem}h2{font-size:1.15rem;margin:1.5rem 0 .5rem;border-bottom:1px solid #ddd}
nav{font-size:.95rem;margin-bottom:.5rem}a{color:#0b57a4}ul.events{list-style:none;padding:0;margin:0}ul.events li{padding:.45rem 0;border-bottom:1px solid #eee;display:flex;gap:.75rem;flex-wrap:wrap}
.time{font-variant-numeric:tabular-nums;min-width:6.5rem;color:#555}.where{color:#555;font-size:.9rem}.cancelled a{text-decoration:line-through}.tag{font-size:.8rem;background:#eee;border-radius:.3rem;padding:0 .3rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.3rem 1rem}dt{font-weight:600}dd{margin:0}.desc{white-space:pre-wrap}footer{margin-top:2rem;font-size:.85rem;color:#666}
@media (max-width:30rem){ul.events li{display:block}.time{display:block}dl{grid-template-columns:1fr}dd{margin-bottom:.4rem}}`

/** `body` as a whole page; `files` are the data files linked in the footer (paths from the root). */
function page(lang: string, title: string, body: string, up: string, files: readonly string[]): string {
  return `<!DOCTYPE html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
${body}
<footer>${files.map((f) => `<a href="${up}${escapeHtml(f)}">${escapeHtml(f)}</a>`).join(' · ')}</footer>
</main>
</body>
</html>
`
}

/**
 * Renders the festival as a static site.
 *
 * @returns files by path relative to the archive's root (`/`-separated): `index.html` (the
 *   programme by day, in the festival's zone), `venue/<id>.html` per venue, `event/<id>.html` per
 *   event (title, time, venue, organisers, description, who went), `festival.ics`, `festival.json`
 *   and {@link ArchiveOptions.extra}. Every link is relative; no script; CSS inline; all text
 *   escaped. Deterministic: the same view gives the same files (DTSTAMP is the festival's creation).
 */
export function renderArchive(view: ScheduleView, options: ArchiveOptions = {}): Map<string, string> {
  const lang = options.lang ?? 'en'
  const w = WORDS[lang]
  const zone = view.festival.timezone
  const files = new Map<string, string>()
  const data = ['festival.ics', 'festival.json', ...[...(options.extra?.keys() ?? [])].filter((f) => !f.includes('/'))]
  const nameOf = (k: AuthorKey) => view.names.get(k) ?? shortKey(k)
  const venues = new Map<string, VenueView>(view.venues.map((v) => [v.id, v]))
  const festivalName = view.festival.name

  const status = (e: EventView) =>
    e.status === 'cancelled' ? ` <span class="tag">${w.cancelled}</span>` : e.status === 'conflicting' || e.status === 'tentative' ? ` <span class="tag">${w.tentative}</span>` : ''
  const when = (e: EventView) => (e.start !== null && e.end !== null ? `${formatTime(e.start, zone)}–${formatTime(e.end, zone)}` : '')
  const item = (e: EventView, up: string, showVenue: boolean) =>
    `<li${e.status === 'cancelled' ? ' class="cancelled"' : ''}><span class="time">${escapeHtml(when(e))}</span><span><a href="${up}${archivePaths.event(e.id)}">${escapeHtml(e.title)}</a>${status(e)}${
      showVenue && e.venue && venues.has(e.venue) ? ` <span class="where">· <a href="${up}${archivePaths.venue(e.venue)}">${escapeHtml(e.venueName ?? '')}</a></span>` : ''
    }</span></li>`
  const byDay = (events: EventView[], up: string, showVenue: boolean) => {
    const days = new Map<string, EventView[]>()
    const unscheduled: EventView[] = []
    for (const e of events) {
      if (e.start === null) unscheduled.push(e)
      else {
        const d = dayOf(e.start, zone)
        days.set(d, [...(days.get(d) ?? []), e])
      }
    }
    let out = ''
    for (const [d, list] of days) out += `<h2 id="d${d}">${escapeHtml(formatDayLong(d, lang))}</h2>\n<ul class="events">\n${list.map((e) => item(e, up, showVenue)).join('\n')}\n</ul>\n`
    if (unscheduled.length) out += `<h2>${w.unscheduled}</h2>\n<ul class="events">\n${unscheduled.map((e) => item(e, up, showVenue)).join('\n')}\n</ul>\n`
    return out || `<p>${w.none}</p>\n`
  }

  const venueList = view.venues.length
    ? `<h2>${w.venues}</h2>\n<ul>\n${view.venues.map((v) => `<li><a href="${archivePaths.venue(v.id)}">${escapeHtml(v.name)}</a></li>`).join('\n')}\n</ul>\n`
    : ''
  files.set('index.html', page(lang, festivalName, `<h1>${escapeHtml(festivalName)}</h1>\n${byDay(view.events, '', true)}${venueList}`, '', data))

  for (const v of view.venues) {
    const events = view.events.filter((e) => e.venue === v.id)
    const body = `<nav><a href="../index.html">← ${w.back}</a></nav>\n<h1>${escapeHtml(v.name)}</h1>\n${v.description ? `<p class="desc">${escapeHtml(v.description)}</p>\n` : ''}${byDay(events, '../', false)}`
    files.set(archivePaths.venue(v.id), page(lang, `${v.name} — ${festivalName}`, body, '../', data))
  }

  for (const e of view.events) {
    const organisers = [e.authorName, ...(e.coOrganizers ?? []).map(nameOf), ...e.organizers].filter((n, i, all) => n && all.indexOf(n) === i)
    const rows: [string, string][] = []
    if (e.start !== null) rows.push([w.when, `${escapeHtml(formatDayLong(dayOf(e.start, zone), lang))}, ${escapeHtml(when(e))} (${escapeHtml(zone)})`])
    else rows.push([w.when, w.unscheduled])
    if (e.venue && venues.has(e.venue)) rows.push([w.venue, `<a href="../${archivePaths.venue(e.venue)}">${escapeHtml(e.venueName ?? '')}</a>`])
    rows.push([w.organisers, escapeHtml(organisers.join(', '))])
    if (e.language) rows.push([w.language, escapeHtml(e.language)])
    rows.push([w.went, e.going.length ? escapeHtml(e.going.map(nameOf).join(', ')) : w.nobody])
    if (e.maybe.length) rows.push([w.maybe, escapeHtml(e.maybe.map(nameOf).join(', '))])
    const body =
      `<nav><a href="../index.html">← ${w.back}</a></nav>\n<h1>${escapeHtml(e.title)}${status(e)}</h1>\n` +
      `<dl>\n${rows.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('\n')}\n</dl>\n` +
      (e.description ? `<p class="desc">${escapeHtml(e.description)}</p>\n` : '')
    files.set(archivePaths.event(e.id), page(lang, `${e.title} — ${festivalName}`, body, '../', data))
  }

  files.set('festival.ics', exportIcs(view, { now: view.festival.createdAt }))
  files.set('festival.json', exportJson(view))
  for (const [path, content] of options.extra ?? []) files.set(path, content)
  return files
}
