/** The automation sentences in English, French and German, and what must not be read as one. */
import { describe, expect, it } from 'vitest'
import { readAutomationCommand } from '../../commands/automation/read.ts'
import { parse } from '../../commands/parse/index.ts'

const READ: Array<[string, object]> = [
  ['post the schedule every day at 9:00', { type: 'post', every: 'day', time: '09:00', lang: 'en' }],
  ['please post the programme every morning at 8:30am', { type: 'post', every: 'day', time: '08:30', lang: 'en' }],
  ['chaque matin à 8h30', { type: 'post', every: 'day', time: '08:30', lang: 'fr' }],
  ['publie le programme tous les jours à 9h', { type: 'post', every: 'day', time: '09:00', lang: 'fr' }],
  ['jeden Tag um 9 Uhr', { type: 'post', every: 'day', time: '09:00', lang: 'de' }],
  ['poste das Programm täglich um 18:15', { type: 'post', every: 'day', time: '18:15', lang: 'de' }],
  ["post the week's programme every Monday at 9:00", { type: 'post', every: 'week', weekday: 1, time: '09:00', lang: 'en' }],
  ['publie le programme de la semaine chaque vendredi à 17h', { type: 'post', every: 'week', weekday: 5, time: '17:00', lang: 'fr' }],
  ['poste das Wochenprogramm jeden Sonntag um 20 Uhr', { type: 'post', every: 'week', weekday: 7, time: '20:00', lang: 'de' }],
  ['stop posting the schedule', { type: 'stop-post', lang: 'en' }],
  ["stop posting the week's programme", { type: 'stop-post', every: 'week', lang: 'en' }],
  ['arrête de poster le programme', { type: 'stop-post', lang: 'fr' }],
  ['hör auf, das Programm zu posten', { type: 'stop-post', lang: 'de' }],
  ['remind the room 10 minutes before each event', { type: 'remind-room', leadMin: 10, kinds: [], lang: 'en' }],
  ['remind the room 10 minutes before each workshop', { type: 'remind-room', leadMin: 10, kinds: ['workshop'], lang: 'en' }],
  ['remind the room an hour before each talk at Ground Control', { type: 'remind-room', leadMin: 60, kinds: ['talk'], venue: 'Ground Control', lang: 'en' }],
  ['rappelle au salon 5 min avant chaque atelier à la Scène', { type: 'remind-room', leadMin: 5, kinds: ['workshop'], venue: 'Scène', lang: 'fr' }],
  ['erinnere den Raum 10 Minuten vor jeder Veranstaltung', { type: 'remind-room', leadMin: 10, kinds: [], lang: 'de' }],
  ['stop reminding the room', { type: 'stop-remind-room', lang: 'en' }],
  ['arrête de rappeler le salon', { type: 'stop-remind-room', lang: 'fr' }],
  ['hör auf, den Raum zu erinnern', { type: 'stop-remind-room', lang: 'de' }],
  ['remind me 15 minutes before History of P2P', { type: 'remind-me', leadMin: 15, event: 'History of P2P', lang: 'en' }],
  ['remind me about “Crypto apéro”', { type: 'remind-me', leadMin: 15, event: 'Crypto apéro', lang: 'en' }],
  // The lead after the event's name (it was taken into the lead, and asked back as unreadable).
  ['remind me of History of P2P 10 minutes before', { type: 'remind-me', leadMin: 10, event: 'History of P2P', lang: 'en' }],
  ['remind me about the opening an hour ahead', { type: 'remind-me', leadMin: 60, event: 'the opening', lang: 'en' }],
  ['rappelle-moi Intro à IPFS 10 minutes avant', { type: 'remind-me', leadMin: 10, event: 'Intro à IPFS', lang: 'fr' }],
  ['erinnere mich an Intro zu IPFS 10 Minuten vorher', { type: 'remind-me', leadMin: 10, event: 'Intro zu IPFS', lang: 'de' }],
  ['erinnere mich 10 Minuten vorher an Intro zu IPFS', { type: 'remind-me', leadMin: 10, event: 'Intro zu IPFS', lang: 'de' }],
  ["remind me of everything I'm going to", { type: 'remind-me', leadMin: 15, going: true, lang: 'en' }],
  ['rappelle-moi 30 minutes avant le concert de samedi', { type: 'remind-me', leadMin: 30, event: 'le concert de samedi', lang: 'fr' }],
  ['rappelle-moi tout ce où je vais', { type: 'remind-me', leadMin: 15, going: true, lang: 'fr' }],
  ['erinnere mich 1 Stunde vor History of P2P', { type: 'remind-me', leadMin: 60, event: 'History of P2P', lang: 'de' }],
  ['erinnere mich an alles, wo ich hingehe', { type: 'remind-me', leadMin: 15, going: true, lang: 'de' }],
  ['stop reminding me', { type: 'stop-remind-me', lang: 'en' }],
  ['arrête de me rappeler', { type: 'stop-remind-me', lang: 'fr' }],
  ['hör auf, mich zu erinnern', { type: 'stop-remind-me', lang: 'de' }],
  ["what's automated here?", { type: 'list', lang: 'en' }],
  ['automatisations', { type: 'list', lang: 'fr' }],
  ['was ist hier automatisiert?', { type: 'list', lang: 'de' }],
]

const HINTS: Array<[string, object]> = [
  ['post the schedule every day', { type: 'hint', topic: 'post', problem: 'missing-time' }],
  ['post the schedule every day at 25:00', { type: 'hint', topic: 'post', problem: 'bad-time', typed: '25:00' }],
  ['chaque matin à midi et demi', { type: 'hint', topic: 'post', problem: 'bad-time' }],
  ['remind the room 0 minutes before each event', { type: 'hint', topic: 'remind-room', problem: 'bad-lead' }],
  ['remind the room 3 days before each event', { type: 'hint', topic: 'remind-room', problem: 'bad-lead' }],
  ['remind the room 10 minutes before each pony', { type: 'hint', topic: 'remind-room', problem: 'bad-kind', typed: 'pony' }],
  ['remind me', { type: 'hint', topic: 'remind-me', problem: 'unreadable' }],
  ['erinnere den Raum bitte', { type: 'hint', topic: 'remind-room', problem: 'unreadable', lang: 'de' }],
]

/** Sentences of the festival grammar, and talk: never automation. */
const NOT_AUTOMATION = [
  "what's on tonight?",
  'add workshop Saturday 3pm at Ground Control',
  'je viens au concert de samedi',
  'verschieb den Workshop auf 16 Uhr',
  'every day at 9:00 at the Village: Breakfast',
  'every morning at 8:00 yoga at Ground Control',
  'tous les jours à 9h au Village : Petit déjeuner',
  'jeden Tag um 9 Uhr im Village: Frühstück',
  'programme de samedi',
  'my events',
  'undo',
  'the schedule is great',
  '',
  'x'.repeat(5000),
]

describe('readAutomationCommand', () => {
  it.each(READ)('reads %j', (text, expected) => {
    expect(readAutomationCommand(text)).toEqual(expected)
  })
  it.each(HINTS)('answers %j with an example', (text, expected) => {
    expect(readAutomationCommand(text)).toMatchObject(expected)
  })
  it.each(NOT_AUTOMATION.map((t) => [t.slice(0, 60)] as const))('leaves %j to the festival grammar', (text) => {
    const full = NOT_AUTOMATION.find((t) => t.slice(0, 60) === text)!
    expect(readAutomationCommand(full)).toBeNull()
  })
  it('reads nothing the festival grammar reads (the two grammars do not overlap)', () => {
    const ctx = { now: Date.parse('2027-05-01T10:00:00Z'), timezone: 'Europe/Paris', lang: 'en' as const }
    for (const [text] of READ) expect(parse(text, ctx).type, text).not.toBe('add-event')
  })
})
