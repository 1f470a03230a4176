/**
 * One limit per field (core/limits.ts), refused by the writer with a reply that says the limit and
 * read the same by the reader of replicated values: every writer is fed the limit and the limit + 1,
 * and the chat answer is checked against the JSON export — never "Added" for something not in the
 * programme, never "!" for something that is.
 */
import * as Y from 'yjs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { NamespaceWriter, readNamespace } from '../../core/doc.ts'
import { dateWindow, LimitError, TEXT_LIMITS } from '../../core/limits.ts'
import { importProgramme } from '../../core/formats/programme.ts'
import type { AuthorKey, EntityId, EventData } from '../../core/types.ts'
import { openRoom, type Room } from './harness.ts'

// Monday 3 June 2030, 10:00 in Paris: "Saturday" is the 8th.
const NOW = Date.parse('2030-06-03T10:00:00+02:00')
const long = (n: number) => 'a'.repeat(n - 4) + ' end'

describe('in a chat room, at the limit and over it', () => {
  let room: Room
  beforeEach(async () => {
    room = await openRoom(NOW)
  })
  afterEach(async () => {
    await room.close()
  })

  it('a venue name of 200 characters is added, in the export and bookable by name; 201 is refused and absent', async () => {
    const ok = long(TEXT_LIMITS.name)
    expect((await room.say(`add venue ${ok}`)).text).toContain('Added the venue')
    expect((await room.exported())!.venues.map((v) => v.name)).toEqual([ok])
    const booked = await room.say(`add talk "Mesh" Saturday 18:00 at ${ok}`)
    expect(booked.text).toMatch(/^Added “Mesh” \(talk\), Sat 8 Jun 18:00/)
    expect((await room.exported())!.events.map((e) => [e.title, e.venue])).toEqual([['Mesh', ok]])

    const over = await room.say(`add venue b${ok}`)
    expect(over).toEqual({ tone: 'refusal', text: 'That name is 201 characters; names can be at most 200. Nothing was changed.' })
    expect((await room.exported())!.venues).toHaveLength(1)
    expect((await room.say('undo')).text).toMatch(/^Undone/) // takes back the talk, not a venue that was never stored
  })

  it('a venue of 250 or 3000 characters is refused, not acknowledged', async () => {
    for (const n of [250, 3000]) {
      const r = await room.say(`add venue ${long(n)}`)
      expect(r.tone).toBe('refusal')
      expect(r.text).toContain(`That name is ${n} characters; names can be at most 200.`)
      expect(r.text).not.toContain('Added')
    }
    expect((await room.say('undo')).text).toBe('There is nothing of yours to undo.')
  })

  it('a resource name: 200 added and in the export, 201 refused and absent', async () => {
    const ok = long(TEXT_LIMITS.name)
    expect((await room.say(`add resource ${ok}`)).text).toContain('Added')
    expect((await room.exported())!.resources.map((r) => r.name)).toEqual([ok])
    const over = await room.say(`add resource z${ok}`)
    expect(over.tone).toBe('refusal')
    expect(over.text).toContain('That name is 201 characters; names can be at most 200.')
    expect((await room.exported())!.resources).toHaveLength(1)
  })

  it('a title: 500 added and in the export; 501 refused with the limit, nothing stored, no undo entry', async () => {
    const ok = long(TEXT_LIMITS.title)
    const added = await room.say(`add talk "${ok}" Saturday 15:00`)
    expect(added.tone).toBe('ok')
    expect((await room.exported())!.events.map((e) => e.title)).toEqual([ok])
    const over = await room.say(`add talk "${long(612)}" Saturday 18:00`)
    expect(over).toEqual({ tone: 'refusal', text: 'That title is 612 characters; titles can be at most 500. Nothing was changed.' })
    expect((await room.exported())!.events).toHaveLength(1)
    expect((await room.say('undo')).text).toMatch(/^Undone/) // the 500-character talk
    expect((await room.exported())!.events).toHaveLength(0)
    expect((await room.say('undo')).text).toBe('There is nothing of yours to undo.')
  })

  it('renaming to 501 characters is refused and the event keeps its name; 500 renames', async () => {
    await room.say('add talk "Keynote" Saturday 15:00')
    const over = await room.say(`rename Keynote to ${long(501)}`)
    expect(over.tone).toBe('refusal')
    expect(over.text).toContain('That title is 501 characters; titles can be at most 500.')
    expect((await room.exported())!.events.map((e) => e.title)).toEqual(['Keynote'])
    const ok = long(500)
    expect((await room.say(`rename Keynote to ${ok}`)).tone).toBe('ok')
    expect((await room.exported())!.events.map((e) => e.title)).toEqual([ok])
  })

  it('a series title: 500 added with its occurrences in the export; 501 refused, no series stored', async () => {
    const over = await room.say(`add talk "${long(501)}" every Tuesday 19:00`)
    expect(over.tone).toBe('refusal')
    expect(over.text).toMatch(/That title is 501 characters long; a series title can have 500 at most\./)
    expect(await room.exported()).toMatchObject({ events: [] })
    const ok = long(500)
    expect((await room.say(`add talk "${ok}" every Tuesday 19:00`)).text).toMatch(/^Added the series/)
    const titles = (await room.exported())!.events.map((e) => e.title)
    expect(titles.length).toBeGreaterThan(4)
    expect(new Set(titles)).toEqual(new Set([ok]))
  })

  it('in French and German the refusal says the limit in that language', async () => {
    await room.say('add venue Bar')
    expect((await room.say(`ajoute le lieu ${long(201)}`)).text).toBe('Ce nom fait 201 caractères ; un nom peut en avoir au plus 200. Rien n\'a été modifié.')
    expect((await room.say(`füge den Ort ${long(201)} hinzu`)).text).toBe('Dieser Name hat 201 Zeichen; ein Name darf höchstens 200 haben. Nichts wurde geändert.')
    expect((await room.exported())!.venues.map((v) => v.name)).toEqual(['Bar'])
  })
})

describe('the writer and the reader of replicated values agree', () => {
  const author = 'ab'.repeat(32) as AuthorKey
  const id = (s: string) => `${author.slice(0, 12)}.${s}` as EntityId
  const meta = { createdAt: Date.parse('2030-01-01T00:00:00Z') }
  const window = dateWindow(meta)
  const event = (o: Partial<EventData> = {}): EventData => ({
    title: 'T', kind: 'talk', start: NOW, end: NOW + 3_600_000, venue: null, resources: [], organizers: [], tags: [], state: 'scheduled', bookedAt: NOW, ...o,
  })
  const cases: Array<[string, (n: number) => EventData | { venue: string }]> = [
    ['title', (n) => event({ title: 'x'.repeat(n) })],
    ['description', (n) => event({ description: 'x'.repeat(n) })],
    ['organizer', (n) => event({ organizers: ['x'.repeat(n)] })],
  ]

  for (const [field, make] of cases) {
    it(`${field}: the limit is written and read back; limit + 1 is refused by the writer and skipped by the reader`, () => {
      const max = TEXT_LIMITS[field as keyof typeof TEXT_LIMITS]
      const doc = new Y.Doc()
      new NamespaceWriter(doc, author, window).setEvent(id('aaaaaaaa'), make(max) as EventData)
      expect(readNamespace(doc, author, window).events.has(id('aaaaaaaa'))).toBe(true)
      expect(() => new NamespaceWriter(doc, author, window).setEvent(id('bbbbbbbb'), make(max + 1) as EventData)).toThrow(LimitError)
      // Another replica's writer that skipped the check: the value arrives, the reader skips it.
      doc.getMap(`a:${author}`).set(`e:${id('cccccccc')}`, make(max + 1))
      expect([...readNamespace(doc, author, window).events.keys()]).toEqual([id('aaaaaaaa')])
    })
  }

  it('instants: 10 years either side of the festival are written and read; beyond is refused and skipped', () => {
    const doc = new Y.Doc()
    const w = new NamespaceWriter(doc, author, window)
    w.setEvent(id('aaaaaaaa'), event({ start: window.to - 3_600_000, end: window.to }))
    expect(() => w.setEvent(id('bbbbbbbb'), event({ start: window.to, end: window.to + 1 }))).toThrow(/between 2020-01-01 and 2040-01-01/)
    expect(() => w.setEvent(id('bbbbbbbb'), event({ start: Date.parse('9999-12-31T22:59:00Z'), end: Date.parse('10000-01-01T00:00:00Z') }))).toThrow(LimitError)
    doc.getMap(`a:${author}`).set(`e:${id('cccccccc')}`, event({ start: Date.parse('9999-12-31T22:59:00Z'), end: Date.parse('9999-12-31T23:59:00Z') }))
    expect([...readNamespace(doc, author, window).events.keys()]).toEqual([id('aaaaaaaa')])
  })
})

describe('an imported file with a field over the limit', () => {
  const file = (title: string, location = 'Village') =>
    JSON.stringify([{ day: '2030-06-08', events: [{ id: '1', k: 'talk', t_start: '2030-06-08T15:00:00+02:00', t_end: '2030-06-08T16:00:00+02:00', language: 'EN', orga: 'X', title, description: '', location }] }])

  it('is refused with the record and the field named, not cut short or dropped', () => {
    expect(() => importProgramme(file('y'.repeat(501)), { file: 'camp.json', format: 'paris-p2p', timezone: 'Europe/Paris' })).toThrow(
      /^camp\.json: event 1 "y{40}…": title: that title is 501 characters; titles can be at most 500$/,
    )
    expect(() => importProgramme(file('Talk', 'v'.repeat(201)), { file: 'camp.json', format: 'paris-p2p', timezone: 'Europe/Paris' })).toThrow(/venue 1 .*: name: that name is 201 characters/)
    expect(importProgramme(file('y'.repeat(500)), { file: 'camp.json', format: 'paris-p2p', timezone: 'Europe/Paris' }).events[0]!.title).toHaveLength(500)
  })
})

describe('an imported event more than 10 years from the festival', () => {
  let room: Room
  beforeEach(async () => {
    room = await openRoom(NOW)
  })
  afterEach(async () => {
    await room.close()
  })

  it('is refused naming the event, and nothing of the file is stored', async () => {
    const { applyProgramme } = await import('../../core/importer.ts')
    const meta = await room.opened.repo.createFestival({ name: 'Camp', timezone: 'Europe/Paris', startDate: '2030-06-07', endDate: '2030-06-09' })
    const programme = importProgramme(
      JSON.stringify([
        { day: '2030-06-08', events: [{ id: '1', k: 'talk', t_start: '2030-06-08T15:00:00+02:00', t_end: '2030-06-08T16:00:00+02:00', language: 'EN', orga: 'X', title: 'Fine', description: '', location: 'Village' }] },
        { day: '2045-06-08', events: [{ id: '2', k: 'talk', t_start: '2045-06-08T15:00:00+02:00', t_end: '2045-06-08T16:00:00+02:00', language: 'EN', orga: 'X', title: 'Far', description: '', location: 'Village' }] },
      ]),
      { file: 'camp.json', format: 'paris-p2p', timezone: 'Europe/Paris' },
    )
    const signer = room.bot.signerFor('terminal', 'alice')
    await expect(applyProgramme(room.opened.repo, meta.id, signer, programme, NOW)).rejects.toThrow(/^event 2 "Far": start: 2045-06-08 is more than 10 years from the festival; dates must lie between 2020-06-07 and 2040-06-07$/)
    expect((await room.opened.repo.open(meta.id)).view(NOW).events).toHaveLength(0)
  })
})

describe('the refusal of a list over its limit', () => {
  it('names the list and the limit in each language', async () => {
    const { limitReply } = await import('../../commands/bot.ts')
    const p = { kind: 'count', field: 'coOrganizers', count: 25, max: 20 } as const
    expect(limitReply(p, 'en')).toBe('That is 25 co-organisers; at most 20. Nothing was changed.')
    expect(limitReply(p, 'fr')).toBe("25 co-organisateurs, c'est trop ; au plus 20. Rien n'a été modifié.")
    expect(limitReply(p, 'de')).toBe('25 Mitorganisatoren sind zu viele; höchstens 20. Nichts wurde geändert.')
  })
})
