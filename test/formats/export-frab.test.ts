/**
 * The frab export: every shipped programme and a monthly series validated against the schemas the
 * c3voc schedule tools publish (JSON Schema with ajv, the XSD with xmllint compiled to WebAssembly),
 * Chaos Communication Camp 2019 imported back one for one from both formats, ids and guids stable.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Ajv } from 'ajv'
import addFormatsModule from 'ajv-formats'
import draft6 from 'ajv/dist/refs/json-schema-draft-06.json' with { type: 'json' }
import { validateXML } from 'xmllint-wasm'
import { describe, expect, it } from 'vitest'
import { openRepo } from '../../bin/app.ts'
import { Festival, newGenesis } from '../../core/festival.ts'
import { exportFrabJson, exportFrabXml, FrabExportError, uuid5 } from '../../core/formats/export-frab.ts'
import { importProgramme } from '../../core/formats/programme.ts'
import { signerFromSeed } from '../../core/identity.ts'
import { newEntityId } from '../../core/ids.ts'
import { applyProgramme } from '../../core/importer.ts'
import type { AuthorKey, EventView, ScheduleView } from '../../core/types.ts'
import { EXAMPLES } from '../helpers/cli.ts'
import { monthlySeries } from './helpers.ts'

const FIXTURES = join(import.meta.dirname, '../fixtures/frab')
const XSD = readFileSync(join(FIXTURES, 'schedule.xml.xsd'), 'utf8')
/** The XSD's `start` type: what frab, pretalx and the XSD write, where schema.json says date-time (fixtures README). */
const START = '^(([0-2][0-9]:[0-5][0-9])|([0-2][0-9]:[0-5][0-9]:[0-5][0-9]))$'

const validateJson = (() => {
  // schema.json is published with `//` comments on lines of their own.
  const schema = JSON.parse(readFileSync(join(FIXTURES, 'schema.json'), 'utf8').replace(/^\s*\/\/.*$/gm, ''))
  schema.definitions.Event.properties.start = { type: 'string', pattern: START }
  const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv
  const ajv = new Ajv({ allErrors: true, strict: false, formats: { color: true } })
  ajv.addMetaSchema(draft6)
  addFormats(ajv)
  return ajv.compile(schema)
})()

function expectValidJson(text: string): void {
  const ok = validateJson(JSON.parse(text))
  expect(ok ? [] : validateJson.errors!.slice(0, 5).map((e) => `${e.instancePath} ${e.message}`)).toEqual([])
}

async function expectValidXml(text: string): Promise<void> {
  const result = await validateXML({
    xml: [{ fileName: 'schedule.xml', contents: text }],
    schema: [{ fileName: 'schedule.xml.xsd', contents: XSD }],
    maxMemoryPages: 4096,
  })
  expect(result.errors.slice(0, 5).map((e) => e.rawMessage)).toEqual([])
  expect(result.valid).toBe(true)
}

const PROGRAMMES = [
  ['Paris P2P Festival #0', 'paris-p2p/festival-0/events_en.json'],
  ['Chaos Communication Camp 2019', 'camp2019/everything.schedule.json'],
  ['Newline 2019', 'newline-2019/schedule.json'],
] as const

const NOW = Date.parse('2019-01-01T12:00:00Z')
const generator = { name: 'yurt', version: '0.1.0' }

/** A programme text imported into a fresh data directory, and the festival's view. */
async function viewOf(text: string, file: string): Promise<ScheduleView> {
  const programme = importProgramme(text, { file })
  const dir = mkdtempSync(join(tmpdir(), 'yurt-frab-'))
  const opened = await openRepo(dir, () => NOW)
  try {
    const festival = await opened.repo.createFestival({ name: programme.name, timezone: programme.timezone })
    await applyProgramme(opened.repo, festival.id, signerFromSeed(new Uint8Array(32).fill(7)), programme, NOW, 'alice')
    return (await opened.repo.open(festival.id)).view(NOW)
  } finally {
    await opened.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

/** What a person reading the programme sees of an event, to compare two imports. */
const seen = (e: EventView) => ({
  title: e.title,
  kind: e.kind,
  start: new Date(e.start!).toISOString(),
  end: new Date(e.end!).toISOString(),
  venue: e.venueName,
  organizers: e.organizers,
  description: e.description ?? null,
  language: e.language ?? null,
  tags: e.tags,
})
const programmeOf = (view: ScheduleView) =>
  view.events
    .filter((e) => e.start !== null)
    .map(seen)
    .sort((a, b) => a.start.localeCompare(b.start) || a.title.localeCompare(b.title) || a.venue!.localeCompare(b.venue!))

describe('frab export', () => {
  for (const [name, file] of PROGRAMMES) {
    it(`${name}: frab JSON valid against schema.json, frab XML against schedule.xml.xsd`, async () => {
      const view = await viewOf(await readFile(join(EXAMPLES, file), 'utf8'), file)
      const json = exportFrabJson(view, { generator, baseUrl: 'https://yurt.example/' })
      expectValidJson(json)
      const xml = exportFrabXml(view, { generator, baseUrl: 'https://yurt.example/' })
      await expectValidXml(xml)
      // Every scheduled event is in both, once.
      const scheduled = view.events.filter((e) => e.start !== null && e.status !== 'cancelled')
      const listed = JSON.parse(json).schedule.conference.days.flatMap((d: { rooms: Record<string, unknown[]> }) => Object.values(d.rooms).flat())
      expect(listed).toHaveLength(scheduled.length)
      expect(xml.match(/<event /g)).toHaveLength(scheduled.length)
    })
  }

  it('the validators refuse what the schemas forbid (an event without its guid, a bad duration)', async () => {
    const file = 'newline-2019/schedule.json'
    const view = await viewOf(await readFile(join(EXAMPLES, file), 'utf8'), file)
    const json = JSON.parse(exportFrabJson(view))
    const firstRoom = Object.values(json.schedule.conference.days[0].rooms as Record<string, Record<string, unknown>[]>).find((l) => l.length > 0)!
    delete firstRoom[0]!['guid']
    expect(validateJson(json)).toBe(false)
    const xml = exportFrabXml(view).replace(/<duration>[^<]*<\/duration>/, '<duration>1 hour</duration>')
    const result = await validateXML({ xml: [{ fileName: 'schedule.xml', contents: xml }], schema: [{ fileName: 'schedule.xml.xsd', contents: XSD }] })
    expect(result.valid).toBe(false)
    expect(result.errors[0]!.rawMessage).toMatch(/duration/)
  })

  it('Camp 2019 exported as frab JSON and as frab XML imports back one for one', async () => {
    const file = 'camp2019/everything.schedule.json'
    const original = await viewOf(await readFile(join(EXAMPLES, file), 'utf8'), file)
    const expected = programmeOf(original)
    expect(expected.length).toBeGreaterThan(600)
    const fromJson = await viewOf(exportFrabJson(original), 'camp2019.frab.json')
    expect(programmeOf(fromJson)).toEqual(expected)
    const fromXml = await viewOf(exportFrabXml(original), 'camp2019.frab.xml')
    expect(programmeOf(fromXml)).toEqual(expected)
    const venues = (v: ScheduleView) => v.venues.map((x) => x.name).sort()
    expect(venues(fromJson)).toEqual(venues(original))
    expect(venues(fromXml)).toEqual(venues(original))
    // The conference's own numbers survive: apps keep their favourites by id.
    const ids = JSON.parse(exportFrabJson(original)).schedule.conference.days.flatMap((d: { rooms: Record<string, { id: number }[]> }) =>
      Object.values(d.rooms).flatMap((l) => l.map((e) => e.id)),
    )
    expect(ids).toContain(10400)
  })

  it('events after midnight are listed under the festival day before, as the camp does', async () => {
    const file = 'camp2019/everything.schedule.json'
    const view = await viewOf(await readFile(join(EXAMPLES, file), 'utf8'), file)
    const days = JSON.parse(exportFrabJson(view)).schedule.conference.days as { date: string; rooms: Record<string, { date: string }[]> }[]
    expect(days.map((d) => d.date)).toEqual(['2019-08-21', '2019-08-22', '2019-08-23', '2019-08-24', '2019-08-25'])
    const firstDay = Object.values(days[0]!.rooms).flat()
    expect(firstDay.some((e) => e.date.startsWith('2019-08-22T01'))).toBe(true)
  })

  it('a monthly series: every occurrence of the horizon, valid, ids and guids the same in the next export', async () => {
    const { f, alice, venue } = monthlySeries()
    const view = f.view()
    const occurrences = view.events.filter((e) => e.start !== null)
    expect(occurrences.length).toBeGreaterThan(3)
    const json = exportFrabJson(view)
    expectValidJson(json)
    await expectValidXml(exportFrabXml(view))
    const events = (text: string) =>
      (JSON.parse(text).schedule.conference.days as { rooms: Record<string, { id: number; guid: string; title: string; start: string; persons: { name: string }[] }[]> }[]).flatMap((d) =>
        Object.values(d.rooms).flat(),
      )
    const first = events(json)
    expect(first).toHaveLength(occurrences.length)
    expect(first.every((e) => e.start === '18:30' && e.title === 'Paris P2P monthly')).toBe(true)
    expect(new Set(first.map((e) => e.id)).size).toBe(first.length)
    expect(first[0]!.guid).toBe(uuid5(`${view.festival.id}/event/${occurrences[0]!.id}`))

    // Another event booked: the series' ids and guids do not move, the schedule's version does.
    f.change(alice, (w) =>
      w.setEvent(newEntityId(alice.key), {
        title: 'Extra workshop',
        kind: 'workshop',
        start: Date.parse('2027-01-06T15:00:00+01:00'),
        end: Date.parse('2027-01-06T16:00:00+01:00'),
        venue,
        resources: [],
        organizers: [],
        tags: [],
        state: 'scheduled',
        bookedAt: 2,
      }),
    )
    const again = exportFrabJson(f.view())
    const second = events(again)
    expect(second).toHaveLength(first.length + 1)
    for (const e of first) expect(second.find((x) => x.guid === e.guid)?.id).toBe(e.id)
    expect(JSON.parse(again).schedule.version).not.toBe(JSON.parse(json).schedule.version)
    expect(JSON.parse(exportFrabJson(f.view())).schedule.version).toBe(JSON.parse(again).schedule.version)
    // A chat-booked event's person is its author.
    expect(second.find((e) => e.title === 'Extra workshop')!.persons.map((p) => p.name)).toEqual([view.events[0]!.authorName])
  })

  it('names with markup and control characters stay text; an empty festival is a clear error', async () => {
    const alice = { key: 'a1'.repeat(32) as AuthorKey, clientId: 1111 }
    const now = Date.parse('2027-01-01T11:00:00Z')
    const f = new Festival(newGenesis({ name: 'Fête <&> "Ünïcode"', timezone: 'Europe/Berlin', now }), undefined, { now: () => now })
    expect(() => exportFrabJson(f.view())).toThrow(FrabExportError)
    const venue = newEntityId(alice.key)
    f.change(alice, (w) => w.setVenue(venue, { name: 'Hall <A> & "B"', aliases: [], capacity: null, concurrent: 1, policy: 'open' }))
    f.change(alice, (w) =>
      w.setEvent(newEntityId(alice.key), {
        title: 'Tags </title> & \u0007 bells',
        kind: 'talk',
        description: 'line one\r\nline two & <b>three</b>',
        start: Date.parse('2027-03-06T15:00:00+01:00'),
        end: Date.parse('2027-03-06T16:10:00+01:00'),
        venue,
        resources: [],
        organizers: ['Zoë <z@example.org>'],
        tags: [],
        state: 'scheduled',
        bookedAt: 2,
      }),
    )
    const view = f.view()
    expectValidJson(exportFrabJson(view))
    const xml = exportFrabXml(view)
    await expectValidXml(xml)
    const back = importProgramme(xml, { file: 'fete.xml' })
    expect(back.name).toBe('Fête <&> "Ünïcode"')
    expect(back.events[0]).toMatchObject({ title: 'Tags </title> &  bells', venue: 'Hall <A> & "B"', description: 'line one\nline two & <b>three</b>' })
    expect(back.events[0]!.organizers).toEqual([view.events[0]!.authorName, 'Zoë <z@example.org>'])
    expect(JSON.parse(exportFrabJson(view)).schedule.conference.acronym).toBe('fete_unicode')
    expect(JSON.parse(exportFrabJson(view)).schedule.conference.timeslot_duration).toBe('00:10')
  })
})
