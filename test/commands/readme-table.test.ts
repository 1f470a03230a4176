/**
 * The README's table "What the bot understands": every example in it, in all three languages, is
 * read as the intent of its row (with the corpus festival's names known, and an event last talked
 * about), so the table cannot promise a sentence the parser does not read.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { Intent, Lang } from '../../commands/intent.ts'
import { parse } from '../../commands/parse/index.ts'
import { EVENTS, NOW, PEOPLE, ZONE } from '../corpus/fixture.ts'

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
const VENUES = [['Ground Control', 'GC'], ['Scène', 'Main stage'], ['Conférence'], ['Atelier'], ['Village'], ['Bar'], ['Projection', 'Cinéma']]
const known = {
  venues: VENUES.map(([name, ...aliases]) => ({ name: name!, aliases })),
  resources: ['projector', 'PA', 'microphone'],
  people: Object.values(PEOPLE),
  events: [...EVENTS.map((e) => ({ title: e.title, kind: e.kind })), { title: 'X', kind: 'other' as const }],
}

/** The intents each row's examples must be read as. */
const ROWS: Record<string, Intent['type'][]> = {
  'add an event': ['add-event'],
  '… with every part read': ['add-event'],
  'move, rename, cancel': ['move-event', 'rename-event', 'cancel-event'],
  '… said as a statement': ['move-event', 'rename-event'],
  'shift, length, end': ['shift-event', 'set-length'],
  description: ['describe-event', 'event-info'],
  'undo my last change': ['undo'],
  'venues, resources': ['add-venue', 'add-resource', 'book-resource', 'remove-venue'],
  'which venues, resources; is one free': ['list', 'venue-free'],
  'the programme': ['schedule'],
  'when, where, start, end of one event': ['event-info'],
  RSVP: ['rsvp', 'rsvp-many', 'who-is-going', 'my-events'],
  '… not going (never a cancellation)': ['rsvp'],
  'about the event just answered': ['rsvp', 'move-event'],
  'a series': ['add-series'],
  'free slots': ['free-slots'],
}

const table = README.slice(README.indexOf('| intent | English | français | Deutsch |'))
const rows = table.split('\n').slice(2).filter((l) => l.startsWith('| ')).map((l) => l.split(' | ').map((c) => c.replace(/^\| |\s\|$/gu, '')))
const LANGS: Lang[] = ['en', 'fr', 'de']

describe("the README's table of what yurt understands", () => {
  it('has every row this test knows, and no other', () => {
    expect(rows.map((r) => r[0])).toEqual(Object.keys(ROWS))
  })

  for (const [label, ...cells] of rows) {
    cells.forEach((cell, i) => {
      const examples = [...cell.matchAll(/`([^`]+)`/gu)].map((m) => m[1]!)
      for (const sentence of examples) {
        it(`${label} [${LANGS[i]}]: “${sentence}”`, () => {
          const read = parse(sentence, { now: NOW, timezone: ZONE, lang: LANGS[i]!, known, last: '#last' })
          expect(read.type, JSON.stringify(read)).toSatisfy((t: string) => (ROWS[label!] ?? []).includes(t as Intent['type']))
          if (label === '… not going (never a cancellation)') expect(read).toMatchObject({ answer: 'not-going' })
          if (label === '… with every part read') {
            expect(read).toMatchObject({ kind: 'talk', venue: 'Atelier', capacity: 20, organizers: ['Bob'], time: { durationMs: 30 * 60_000 } })
            expect((read as Extract<Intent, { type: 'add-event' }>).resources).toHaveLength(1)
            expect((read as Extract<Intent, { type: 'add-event' }>).title?.toLowerCase()).toMatch(/^(?:mesh routing|routage mesh|mesh-routing)$/u)
          }
        })
      }
    })
  }
})
