/**
 * Importer for frab's schedule XML (`schedule.xml`: `<schedule><conference/><day><room><event>…`), as
 * frab and pretalx publish it, read with fast-xml-parser.
 *
 * @remarks Errors name the line: fast-xml-parser's validator gives it for XML that is not
 * well-formed, and its `captureMetaData` option gives each element's offset in the text, from which
 * the line of the field at fault is found.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { ImportError } from '../errors.ts'
import { buildFrabProgramme, type FrabConference, type FrabRecord } from './frab.ts'
import type { ImportedProgramme, ImportOptions } from './programme.ts'

type Node = Record<string | symbol, unknown>
const META = XMLParser.getMetaDataSymbol() as unknown as symbol
const LISTS = new Set(['schedule.day', 'schedule.day.room', 'schedule.day.room.event', 'schedule.day.room.event.persons.person'])

/**
 * Reads a frab schedule XML.
 *
 * @throws {ImportError} whose `where` is `file: line L` (and the element) for anything that cannot be read
 */
export function importFrabXml(text: string, options: ImportOptions): ImportedProgramme {
  const { file } = options
  const valid = XMLValidator.validate(text)
  if (valid !== true) {
    throw new ImportError(`${file}: line ${valid.err.line}, column ${valid.err.col}`, `not well-formed XML (${valid.err.msg})`)
  }
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    parseTagValue: false,
    parseAttributeValue: false,
    captureMetaData: true,
    htmlEntities: true,
    isArray: (_name, jPath) => LISTS.has(String(jPath)),
  })
  let doc: Node
  try {
    doc = parser.parse(text) as Node
  } catch (err) {
    throw new ImportError(file, `not well-formed XML (${err instanceof Error ? err.message : String(err)})`, { cause: err })
  }

  const lineAt = (offset: number) => {
    let line = 1
    for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++
    return line
  }
  /** `file: line L` of an element, or of its child `<field>` when that can be found. */
  const placeOf = (node: Node | undefined, what: string) => (field?: string) => {
    const meta = node ? (node[META] as { startIndex?: number; endIndex?: number } | undefined) : undefined
    if (meta?.startIndex === undefined) return `${file}: ${what}${field ? ` <${field}>` : ''}`
    let at = meta.startIndex
    if (field) {
      const i = text.indexOf(`<${field}`, meta.startIndex)
      if (i !== -1 && (meta.endIndex === undefined || i < meta.endIndex)) at = i
    }
    return `${file}: line ${lineAt(at)}`
  }
  const fail = (where: string, message: string): never => {
    throw new ImportError(where, message)
  }
  const element = (parent: Node, key: string, where: string): Node => {
    const v = parent[key]
    if (v === undefined) fail(where, `missing <${key}>`)
    if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(where, `<${key}> has no content`)
    return v as Node
  }
  const list = (parent: Node, key: string): Node[] => {
    const v = parent[key]
    if (v === undefined || v === '') return []
    return (v as unknown[]).map((x) => (typeof x === 'object' && x !== null ? (x as Node) : { '#text': String(x) }))
  }
  /** The text of a child element (or attribute `@_name`): trimmed, `undefined` when absent or empty. */
  const textOf = (node: Node, key: string, place: (field?: string) => string): string | undefined => {
    const v = node[key]
    if (v === undefined || v === null) return undefined
    let s: string
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') s = String(v)
    else if (typeof v === 'object' && !Array.isArray(v) && Object.keys(v).every((k) => k === '#text' || k.startsWith('@_'))) {
      s = String((v as Node)['#text'] ?? '')
    } else {
      return fail(place(key.replace(/^@_/, '')), `<${key}> should hold text, not elements`)
    }
    s = s.trim()
    return s === '' ? undefined : s
  }

  const schedule = element(doc, 'schedule', `${file}: line 1`)
  const confPlace = placeOf(schedule['conference'] as Node | undefined, '<conference>')
  const c = element(schedule, 'conference', placeOf(schedule, '<schedule>')())
  const title = textOf(c, 'title', confPlace) ?? fail(confPlace('title'), 'missing <title>')
  const conf: FrabConference = { title, rooms: [], place: confPlace }
  const set = <T extends object, K extends keyof T>(o: T, key: K, value: T[K] | undefined) => {
    if (value !== undefined) o[key] = value
  }
  set(conf, 'start', textOf(c, 'start', confPlace))
  set(conf, 'end', textOf(c, 'end', confPlace))
  set(conf, 'timeZoneName', textOf(c, 'time_zone_name', confPlace))
  set(conf, 'timeslot', textOf(c, 'timeslot_duration', confPlace))

  const records: FrabRecord[] = []
  for (const day of list(schedule, 'day')) {
    const dayPlace = placeOf(day, '<day>')
    const date = textOf(day, '@_date', dayPlace)
    for (const room of list(day, 'room')) {
      const roomPlace = placeOf(room, '<room>')
      const name = textOf(room, '@_name', roomPlace) ?? fail(roomPlace(), '<room> without a name')
      if (!conf.rooms.includes(name)) conf.rooms.push(name)
      for (const e of list(room, 'event')) {
        const place = placeOf(e, `<event> in room "${name}"`)
        const personsNode = e['persons']
        const persons =
          typeof personsNode === 'object' && personsNode !== null
            ? list(personsNode as Node, 'person').map(
                // frab: <person id="1">name</person>; pretalx: <person><public_name>name</public_name>…
                (p) => textOf(p, 'public_name', place) ?? textOf(p, 'name', place) ?? textOf(p, '#text', place) ?? '',
              )
            : []
        const rec: FrabRecord = {
          room: name,
          title: textOf(e, 'title', place) ?? fail(place('title'), 'missing <title>'),
          persons,
          place,
        }
        set(rec, 'id', textOf(e, '@_id', place))
        set(rec, 'guid', textOf(e, '@_guid', place))
        set(rec, 'date', textOf(e, 'date', place))
        set(rec, 'duration', textOf(e, 'duration', place))
        set(rec, 'roomField', textOf(e, 'room', place))
        set(rec, 'subtitle', textOf(e, 'subtitle', place))
        set(rec, 'type', textOf(e, 'type', place))
        set(rec, 'track', textOf(e, 'track', place))
        set(rec, 'language', textOf(e, 'language', place))
        set(rec, 'abstract', textOf(e, 'abstract', place))
        set(rec, 'description', textOf(e, 'description', place))
        set(rec, 'day', date)
        records.push(rec)
      }
    }
  }
  return buildFrabProgramme('frab-xml', conf, records, options)
}
