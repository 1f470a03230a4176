/**
 * Imported programmes: what an importer reads out of a festival's published schedule, before anything
 * is written into a festival, and {@link importProgramme}, which picks the importer.
 *
 * @remarks
 * Importing is pure: file text in, an {@link ImportedProgramme} out. Applying it to a festival (creating
 * venues and events in the importing author's namespace, matching earlier imports by `source`) is
 * another module's work. Every flaw an importer repairs is written to `warnings`, naming the record;
 * anything it cannot read throws an {@link ImportError} that names the file and the place, and no
 * half-read programme is ever returned. See `core/formats/README.md`, "Importing: what we do with
 * flawed data".
 */
import { ImportError } from '../errors.ts'
import { isValidTimeZone } from '../time.ts'
import { describeProblem, eventProblem, venueProblem } from '../limits.ts'
import type { EventKind, Instant } from '../types.ts'
import { importFrabJson } from './frab-json.ts'
import { importFrabXml } from './frab-xml.ts'
import { parseJson } from './json-reader.ts'
import { importParisP2p } from './paris-p2p.ts'

/** The file formats yurt imports. */
export const IMPORT_FORMATS = ['paris-p2p', 'frab-json', 'frab-xml'] as const
/** One of {@link IMPORT_FORMATS}. */
export type ImportFormat = (typeof IMPORT_FORMATS)[number]

/** A venue (room, stage, zone) of an imported programme. */
export interface ImportedVenue {
  /** The name events refer to it by. */
  name: string
  /** Other spellings met in the file (`Airplane` for `Avion`). */
  aliases: string[]
  /** How many events may run there at once: 1 for a stage or room, `null` for a zone of many stands. */
  concurrent: number | null
  /** People who fit; `null` when the file does not say. */
  capacity: number | null
  description?: string
}

/** An event of an imported programme. */
export interface ImportedEvent {
  /**
   * Where it came from, stable across re-imports of the same file: `paris-p2p:12`, `frab:10386`.
   * Unique within one programme (a repeated id gets `@<day>`, see the README).
   */
  source: string
  title: string
  kind: EventKind
  /** Start, UTC ms; `null` when the file gives no usable time (then `end` is `null` too). */
  start: Instant | null
  /** End, UTC ms, always after `start`; `null` exactly when `start` is. */
  end: Instant | null
  /** The `name` of one of the programme's venues, or `null`. */
  venue: string | null
  description?: string
  /** Language(s) as the file writes them: `en`, `FR/EN`. */
  language?: string
  /** Display names of speakers and organisers. */
  organizers: string[]
  tags: string[]
}

/** A whole programme read from one file. */
export interface ImportedProgramme {
  format: ImportFormat
  /** The festival's or conference's name. */
  name: string
  /** IANA zone of the festival. */
  timezone: string
  /** First day, `YYYY-MM-DD`, when the file says. */
  startDate?: string
  /** Last day (inclusive), `YYYY-MM-DD`, when the file says. */
  endDate?: string
  venues: ImportedVenue[]
  events: ImportedEvent[]
  /** One line per flaw the importer repaired, naming the record (`event 5 "DJ Set …"`). */
  warnings: string[]
}

/** Options of {@link importProgramme}. */
export interface ImportOptions {
  /** The file's name, used in errors (`camp.json: $.schedule…`) and nothing else. */
  file: string
  /** The format; guessed from the content when absent. */
  format?: ImportFormat
  /** The festival's IANA zone, overriding what the file says or what the importer infers. */
  timezone?: string
}

/**
 * Reads a festival programme from the text of a file.
 *
 * @param text the whole file, UTF-8 decoded
 * @returns the programme, with one warning per repaired flaw
 * @throws {ImportError} when the format cannot be recognised, the text is not well-formed JSON or XML,
 *   or a record lacks a field, has the wrong type or a time that does not parse; `where` names the
 *   file and the place (`file.json: $.schedule.conference.days[2].rooms.Curie[3].duration`,
 *   `file.xml: line 123`)
 * @remarks Formats: the Paris P2P festival's `events_*.json`, and frab's schedule export in JSON
 *   (`schedule.json`) and XML (`schedule.xml`), as published by frab and pretalx.
 */
export function importProgramme(text: string, options: ImportOptions): ImportedProgramme {
  const { file } = options
  if (options.timezone !== undefined && !isValidTimeZone(options.timezone)) {
    throw new ImportError(`${file}: options.timezone`, `unknown time zone "${options.timezone}"`)
  }
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text
  const format = options.format ?? guessFormat(body, file)
  switch (format) {
    case 'paris-p2p':
      return withinLimits(importParisP2p(parseJson(body, file), options), file)
    case 'frab-json':
      return withinLimits(importFrabJson(parseJson(body, file), options), file)
    case 'frab-xml':
      return withinLimits(importFrabXml(body, options), file)
    default:
      throw new ImportError(file, `unknown format "${String(format)}"; expected one of ${IMPORT_FORMATS.join(', ')}`)
  }
}

/**
 * `programme` when every venue and event is within the limits a festival stores (`core/limits.ts`).
 *
 * @throws {ImportError} naming the record and the field (`camp.json: event 5 "DJ Set …": title`) and
 *   the limit, for the first one over it: nothing is imported, rather than a record the festival
 *   would refuse or a text cut short without a word.
 */
function withinLimits(programme: ImportedProgramme, file: string): ImportedProgramme {
  const label = (s: string) => `"${s.length > 40 ? `${s.slice(0, 40)}…` : s}"`
  for (const [i, v] of programme.venues.entries()) {
    const p = venueProblem(v)
    if (p) throw new ImportError(`${file}: venue ${i + 1} ${label(v.name)}: ${p.kind === 'length' || p.kind === 'count' ? p.field : 'date'}`, describeProblem(p))
  }
  for (const [i, e] of programme.events.entries()) {
    const { venue: _venue, ...fields } = e
    const p = eventProblem(fields)
    if (p) throw new ImportError(`${file}: event ${i + 1} ${label(e.title)}: ${p.kind === 'length' || p.kind === 'count' ? p.field : 'date'}`, describeProblem(p))
  }
  return programme
}

/**
 * Guesses the format of a programme file from its content.
 *
 * @throws {ImportError} when it is none of {@link IMPORT_FORMATS} (or not even JSON or XML)
 */
export function guessFormat(text: string, file: string): ImportFormat {
  const head = text.trimStart()
  if (head.startsWith('<')) {
    if (/<schedule[\s>]/.test(head.slice(0, 4096))) return 'frab-xml'
    throw new ImportError(file, 'XML without a <schedule> element: not a frab schedule')
  }
  if (head.startsWith('{') || head.startsWith('[')) {
    const data = parseJson(text, file)
    if (isRecord(data) && isRecord(data['schedule']) && isRecord(data['schedule']['conference'])) return 'frab-json'
    if (Array.isArray(data) && data.some((d) => isRecord(d) && Array.isArray(d['events']) && d['events'].some((e) => isRecord(e) && 't_start' in e))) {
      return 'paris-p2p'
    }
    throw new ImportError(file, 'JSON that is neither a frab schedule (schedule.conference) nor a Paris P2P programme (days with events[].t_start)')
  }
  throw new ImportError(file, 'neither JSON nor XML')
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}
