/**
 * Random meetings and the serendipity switch as typed, in English, French and German, with a pinned
 * clock (Thursday 9 July 2026, 10:00 in Paris) — and sentences that must not be read as them.
 */
import { describe, expect, it } from 'vitest'
import { parse } from '../../commands/parse/index.ts'
import type { Lang } from '../../commands/intent.ts'

const now = Date.parse('2026-07-09T08:00:00Z')
const read = (text: string, lang: Lang = 'en') => parse(text, { now, timezone: 'Europe/Paris', lang })
const window = (text: string, lang: Lang = 'en') => {
  const r = read(text, lang)
  if (r.type !== 'random-meeting') return r.type
  return `${new Date(r.from).toISOString().slice(5, 16)}–${new Date(r.to).toISOString().slice(11, 16)}`
}

describe('random meeting requests', () => {
  it.each([
    ['find me a random meeting tomorrow afternoon', 'en', '07-10T12:00–16:00'],
    ['Find me a random meeting tomorrow at 3pm', 'en', '07-10T13:00–14:00'],
    ['find me a random meeting Saturday at 15:00', 'en', '07-11T13:00–14:00'],
    ['random meeting any time tomorrow', 'en', '07-10T07:00–20:00'],
    ['please find me a random meeting tomorrow evening', 'en', '07-10T16:00–20:00'],
    ['une rencontre au hasard demain après-midi', 'fr', '07-10T12:00–16:00'],
    ['une rencontre au hasard cet après-midi', 'fr', '07-09T12:00–16:00'],
    ['trouve-moi une rencontre au hasard demain à 15h', 'fr', '07-10T13:00–14:00'],
    ['ein Zufallstreffen morgen Nachmittag', 'de', '07-10T12:00–16:00'],
    ['finde mir ein Zufallstreffen morgen um 15 Uhr', 'de', '07-10T13:00–14:00'],
  ] as const)('%s', (text, lang, expected) => {
    expect(window(text, lang)).toBe(expected)
  })

  it('asks which day, then when, when the sentence does not say', () => {
    const none = read('find me a random meeting')
    expect(none.type).toBe('ask')
    const day = read('find me a random meeting tomorrow')
    expect(day.type === 'ask' && day.choices).toEqual(['morning', 'afternoon', 'evening', 'any time'])
    expect(read('ein Zufallstreffen morgen', 'de').type).toBe('ask')
  })

  it('does not guess words it cannot read', () => {
    expect(read('find me a random meeting tomorrow with a unicorn').type).toBe('no-parse')
  })
})

describe('cancelling, opting in and the switch', () => {
  it.each([
    ['cancel my random meeting', 'en', { type: 'cancel-random-meeting' }],
    ['annule ma rencontre au hasard', 'fr', { type: 'cancel-random-meeting' }],
    ['sag mein Zufallstreffen ab', 'de', { type: 'cancel-random-meeting' }],
    ["I'm up for random meetings", 'en', { type: 'meetings-opt', on: true }],
    ["I'm not up for random meetings anymore", 'en', { type: 'meetings-opt', on: false }],
    ['je suis partante pour des rencontres au hasard', 'fr', { type: 'meetings-opt', on: true }],
    ['ich bin dabei für Zufallstreffen', 'de', { type: 'meetings-opt', on: true }],
    ['keine Zufallstreffen mehr', 'de', { type: 'meetings-opt', on: false }],
    ['serendipity on: 3 random meetings a day between 14:00 and 18:00', 'en', { type: 'serendipity', on: true, perDay: 3, from: '14:00', to: '18:00' }],
    ['serendipity off', 'en', { type: 'serendipity', on: false }],
    ['sérendipité activée : 3 rencontres par jour entre 14h et 18h', 'fr', { type: 'serendipity', on: true, perDay: 3, from: '14:00', to: '18:00' }],
    ['Serendipität an: 3 Treffen am Tag zwischen 14 und 18 Uhr', 'de', { type: 'serendipity', on: true, perDay: 3, from: '14:00', to: '18:00' }],
  ] as const)('%s', (text, lang, expected) => {
    expect(read(text, lang)).toMatchObject(expected)
  })

  it('leaves other sentences to the other rules', () => {
    expect(read('cancel the workshop').type).toBe('cancel-event')
    expect(read('add meetup "Random meeting of minds" tomorrow 15:00 at Garden').type).toBe('add-event')
  })
})
