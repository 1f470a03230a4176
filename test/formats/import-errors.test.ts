import { describe, expect, it } from 'vitest'
import { ImportError } from '../../core/errors.ts'
import { importProgramme, type ImportOptions } from '../../core/formats/programme.ts'
import { frabEvent, frabJson, readData } from './helpers.ts'

/** The ImportError that importing `text` throws. */
function importError(text: string, options: ImportOptions): ImportError {
  try {
    importProgramme(text, options)
  } catch (err) {
    expect(err).toBeInstanceOf(ImportError)
    expect((err as ImportError).name).toBe('ImportError')
    return err as ImportError
  }
  throw new Error('expected an ImportError')
}

const EVENT = '$.schedule.conference.days[0].rooms.Curie[0]'

/** A small frab schedule in XML, one event per line of `fields`. */
function frabXml(fields: string): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<schedule>',
    '  <conference><title>Test Camp</title><start>2026-08-01</start><timeslot_duration>00:15</timeslot_duration></conference>',
    '  <day index="1" date="2026-08-01">',
    '    <room name="Curie">',
    '      <event id="7" guid="g-7">',
    fields,
    '      </event>',
    '    </room>',
    '  </day>',
    '</schedule>',
  ].join('\n')
}
const FIELDS = ['<date>2026-08-01T11:00:00+02:00</date>', '<duration>0:30</duration>', '<title>Hello</title>', '<type>lecture</type>']

describe('malformed input names the place', () => {
  it('a truncated JSON file', () => {
    const text = readData('camp2019/everything.schedule.json')
    const err = importError(text.slice(0, text.length / 2), { file: 'camp.json' })
    expect(err.where).toMatch(/^camp\.json: end of file \(line \d+, column \d+\)$/)
  })

  it('a truncated XML file', () => {
    const text = readData('camp2019/everything.schedule.xml')
    const err = importError(text.slice(0, text.length / 2), { file: 'camp.xml' })
    expect(err.where).toMatch(/^camp\.xml: line \d+, column \d+$/)
  })

  it('JSON that is not well-formed, with its line', () => {
    const err = importError('{\n  "schedule": {\n    "conference": [1 2]\n  }\n}', { file: 'x.json' })
    expect(err.where).toBe('x.json: line 3, column 22')
  })

  it('a wrong type in a field', () => {
    const err = importError(frabJson([frabEvent({ duration: 30 })]), { file: 'x.json' })
    expect(err.where).toBe(`x.json: ${EVENT}.duration`)
  })

  it('a wrong type higher up', () => {
    const text = JSON.stringify({ schedule: { conference: { title: 'T', days: { 0: {} } } } })
    expect(importError(text, { file: 'x.json' }).where).toBe('x.json: $.schedule.conference.days')
  })

  it('a missing required field', () => {
    const err = importError(frabJson([frabEvent({ title: undefined })]), { file: 'x.json' })
    expect(err.where).toBe(`x.json: ${EVENT}.title`)
    const noDate = importError(frabJson([frabEvent({ date: undefined })]), { file: 'x.json' })
    expect(noDate.where).toBe(`x.json: ${EVENT}.date`)
  })

  it('a date that does not parse', () => {
    const err = importError(frabJson([frabEvent({ date: '2026-08-01 11:00' })]), { file: 'x.json' })
    expect(err.where).toBe(`x.json: ${EVENT}.date`)
  })

  it('a duration that does not parse', () => {
    const err = importError(frabJson([frabEvent({ duration: 'half an hour' })]), { file: 'x.json' })
    expect(err.where).toBe(`x.json: ${EVENT}.duration`)
  })

  it('a room whose name is no identifier is quoted in the path', () => {
    const text = JSON.stringify({
      schedule: { conference: { title: 'T', days: [{ date: '2026-08-01', rooms: { 'Village:Haecksen': [frabEvent({ duration: null })] } }] } },
    })
    expect(importError(text, { file: 'x.json', format: 'frab-json' }).where).toBe(
      'x.json: $.schedule.conference.days[0].rooms["Village:Haecksen"][0].duration',
    )
  })

  it('XML: a missing field names the line of the event', () => {
    const text = frabXml(FIELDS.filter((f) => !f.startsWith('<date>')).join('\n'))
    expect(importError(text, { file: 'x.xml' }).where).toBe('x.xml: line 6')
  })

  it('XML: a field that does not parse names its own line', () => {
    const text = frabXml(FIELDS.map((f) => (f.startsWith('<duration>') ? '<duration>soon</duration>' : f)).join('\n'))
    expect(importError(text, { file: 'x.xml' }).where).toBe('x.xml: line 8')
  })

  it('XML: elements where text belongs', () => {
    const text = frabXml([...FIELDS.filter((f) => !f.startsWith('<title>')), '<title><b>Hello</b></title>'].join('\n'))
    expect(importError(text, { file: 'x.xml' }).where).toBe('x.xml: line 10')
  })

  it('XML that is not well-formed', () => {
    const text = frabXml(FIELDS.join('\n')).replace('</room>', '</rooms>')
    expect(importError(text, { file: 'x.xml' }).where).toMatch(/^x\.xml: line 12, column \d+$/)
  })

  it('Paris P2P: a missing id, a wrong type, a date that does not parse', () => {
    const day = (event: Record<string, unknown>) =>
      JSON.stringify([{ date: '2020-01-08', events: [{ id: '1', k: 'talk', title: 'T', t_start: '2020-01-08T19:00:00+02:00', t_end: '2020-01-08T20:00:00+02:00', location: 'Conférence', ...event }] }])
    expect(importError(day({ id: undefined }), { file: 'p.json' }).where).toBe('p.json: $[0].events[0].id')
    expect(importError(day({ title: 42 }), { file: 'p.json' }).where).toBe('p.json: $[0].events[0].title')
    expect(importError(day({ t_start: '2020-01-32T19:00:00+02:00' }), { file: 'p.json' }).where).toBe('p.json: $[0].events[0].t_start')
    expect(importError(day({ t_end: 'around eight' }), { file: 'p.json' }).where).toBe('p.json: $[0].events[0].t_end')
    expect(importError(day({ location: ['a'] }), { file: 'p.json' }).where).toBe('p.json: $[0].events[0].location')
    expect(importError(JSON.stringify([{ date: '2020-01-08', events: {} }]), { file: 'p.json', format: 'paris-p2p' }).where).toBe('p.json: $[0].events')
  })

  it('a file of no known format', () => {
    expect(importError('{"hello": "world"}', { file: 'x.json' }).where).toBe('x.json')
    expect(importError('<html></html>', { file: 'x.html' }).where).toBe('x.html')
    expect(importError('BEGIN:VCALENDAR', { file: 'x.ics' }).where).toBe('x.ics')
    expect(importError('', { file: 'empty.json' }).where).toBe('empty.json')
  })

  it('an unknown zone in the options or the file', () => {
    expect(importError(frabJson([frabEvent()]), { file: 'x.json', timezone: 'Mars/Olympus' }).where).toBe('x.json: options.timezone')
    expect(importError(frabJson([frabEvent()], { time_zone_name: 'Mars/Olympus' }), { file: 'x.json' }).where).toBe(
      'x.json: $.schedule.conference.time_zone_name',
    )
  })
})
