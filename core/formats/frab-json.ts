/**
 * Importer for frab's schedule JSON (`schedule.json`: `{ schedule: { conference: { days: [{ rooms:
 * { <room>: [event…] } }] } } }`), as frab and pretalx publish it.
 */
import { buildFrabProgramme, type FrabConference, type FrabRecord } from './frab.ts'
import { child, jsonReader } from './json-reader.ts'
import type { ImportedProgramme, ImportOptions } from './programme.ts'

/**
 * Reads a parsed frab schedule JSON.
 *
 * @throws {ImportError} whose `where` is the file and the JSONPath of the field at fault
 */
export function importFrabJson(data: unknown, options: ImportOptions): ImportedProgramme {
  const r = jsonReader(options.file)
  const root = r.object(data, '$')
  const schedulePath = child('$', 'schedule')
  const schedule = r.object(root['schedule'], schedulePath)
  const confPath = child(schedulePath, 'conference')
  const c = r.object(schedule['conference'], confPath)

  const rooms: string[] = []
  const records: FrabRecord[] = []
  const daysPath = child(confPath, 'days')
  r.array(c['days'], daysPath).forEach((dayValue, d) => {
    const dayPath = child(daysPath, d)
    const day = r.object(dayValue, dayPath)
    const date = r.optString(day, 'date', dayPath)
    const roomsPath = child(dayPath, 'rooms')
    const dayRooms = r.object(day['rooms'], roomsPath)
    for (const [room, list] of Object.entries(dayRooms)) {
      if (!rooms.includes(room)) rooms.push(room)
      const roomPath = child(roomsPath, room)
      r.array(list, roomPath).forEach((eventValue, i) => {
        const path = child(roomPath, i)
        const e = r.object(eventValue, path)
        const persons = r.optArray(e, 'persons', path).map((p, j) => {
          const pp = child(child(path, 'persons'), j)
          if (typeof p === 'string') return p.trim()
          const person = r.object(p, pp)
          return r.optString(person, 'public_name', pp) ?? r.optString(person, 'name', pp) ?? r.optString(person, 'full_name', pp) ?? ''
        })
        const rec: FrabRecord = {
          room: room.trim(),
          title: r.string(e, 'title', path),
          persons,
          place: (field) => `${options.file}: ${field ? child(path, field) : path}`,
        }
        const set = <K extends keyof FrabRecord>(key: K, value: FrabRecord[K] | undefined) => {
          if (value !== undefined) rec[key] = value
        }
        set('id', r.optId(e, 'id', path))
        set('guid', r.optString(e, 'guid', path))
        set('date', r.optString(e, 'date', path))
        set('duration', r.optString(e, 'duration', path))
        set('roomField', r.optString(e, 'room', path))
        set('subtitle', r.optString(e, 'subtitle', path))
        set('type', r.optString(e, 'type', path))
        set('track', trackName(e['track'], path))
        set('language', r.optString(e, 'language', path))
        set('abstract', r.optString(e, 'abstract', path))
        set('description', r.optString(e, 'description', path))
        set('day', date)
        records.push(rec)
      })
    }
  })

  const conf: FrabConference = {
    title: r.string(c, 'title', confPath),
    rooms,
    place: (field) => `${options.file}: ${field ? child(confPath, field) : confPath}`,
  }
  const start = r.optString(c, 'start', confPath)
  if (start !== undefined) conf.start = start
  const end = r.optString(c, 'end', confPath)
  if (end !== undefined) conf.end = end
  const tz = r.optString(c, 'time_zone_name', confPath)
  if (tz !== undefined) conf.timeZoneName = tz
  const slot = r.optString(c, 'timeslot_duration', confPath)
  if (slot !== undefined) conf.timeslot = slot
  return buildFrabProgramme('frab-json', conf, records, options)

  function trackName(v: unknown, path: string): string | undefined {
    // pretalx writes the track as a string; some exports as `{ name }`.
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) return r.optString(v as Record<string, unknown>, 'name', child(path, 'track'))
    return r.optString({ track: v }, 'track', path)
  }
}
