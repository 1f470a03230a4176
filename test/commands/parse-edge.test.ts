/**
 * The parser at its edges: sentences that must not read as a change, bad input, daylight-saving
 * days, another zone, and random input that must never make it throw.
 */
import { describe, expect, it } from 'vitest'
import { MAX_MESSAGE_BYTES, type Lang } from '../../commands/intent.ts'
import { parse, parseStrict } from '../../commands/parse/index.ts'
import { NOW, PARIS, type Row, table } from './parse-helpers.ts'

const CHANGES = new Set(['add-event', 'move-event', 'rename-event', 'cancel-event', 'undo', 'add-venue', 'add-resource', 'book-resource', 'rsvp', 'rsvp-many', 'shift-event', 'set-length', 'describe-event', 'remove-venue'])

/** Ordinary conversation in the room: never a change (and nothing silently guessed). */
const NEGATIVE: [Lang, string][] = [
  ['en', 'hello everyone'],
  ['en', 'lol'],
  ['en', 'the workshop was great yesterday'],
  ['en', 'thanks!'],
  ['en', 'see you tomorrow at 3pm'],
  ['en', 'good morning'],
  ['en', 'ok'],
  ['en', 'haha 😂'],
  ['en', 'I think we should add more chairs'],
  ['en', 'did anyone see my keys?'],
  ['en', 'going home now'],
  ['en', 'maybe later'],
  ['en', 'who knows'],
  ["en", "what's on your mind"],
  ['en', 'the DJ set on Friday was amazing'],
  ['en', 'History of P2P'],
  ['fr', 'bonjour à tous'],
  ['fr', 'merci beaucoup'],
  ['fr', "c'était super hier"],
  ['fr', 'je vais dormir'],
  ['de', 'guten Morgen'],
  ['de', 'danke'],
  ['de', 'das war toll gestern'],
  ['de', 'ich gehe nach Hause'],
  ['en', '🎉🎉🎉'],
  ['en', '12345'],
  ['en', 'مرحبا بالجميع'],
]

describe('parse: the negative list', () => {
  for (const [lang, text] of NEGATIVE) {
    it(`[${lang}] ${text} is no change`, () => {
      const r = parse(text, { now: NOW, timezone: PARIS, lang })
      expect(CHANGES.has(r.type), JSON.stringify(r)).toBe(false)
      expect(r.type).toBe('no-parse')
    })
  }
})

const BAD: Row[] = [
  ['', { type: 'no-parse', reason: 'empty', hint: expect.any(String), lang: 'en' }],
  ['   \n\t ', { type: 'no-parse', reason: 'empty' }],
  ['\u200b\u200f', { type: 'no-parse', reason: 'empty' }],
  ['x'.repeat(MAX_MESSAGE_BYTES + 1), { type: 'no-parse', reason: 'too-long' }],
  ['é'.repeat(MAX_MESSAGE_BYTES / 2 + 1), { type: 'no-parse', reason: 'too-long' }],
  ['\u0000add talk', { type: 'no-parse', reason: 'binary' }],
  ['add talk\u0007 Saturday 15:00', { type: 'no-parse', reason: 'binary' }],
  ['add talk \ud800 Saturday', { type: 'no-parse', reason: 'binary' }],
  ['\ufffd\ufffd\ufffd', { type: 'no-parse', reason: 'binary' }],
  ['🎉', { type: 'no-parse', reason: 'unknown' }],
  ['add talk "مرحبا بالجميع" Saturday 15:00', { type: 'add-event', title: 'مرحبا بالجميع', time: { start: '2020-01-11T15:00:00+01:00' } }],
  ['add talk "שלום 🎉" Saturday 15:00 at ‏Scène', { type: 'add-event', title: 'שלום 🎉', venue: 'Scène' }],
  ['add workshop 👩‍💻 Hack night Saturday 20:00', { type: 'add-event', kind: 'workshop', title: '👩‍💻 Hack night' }],
]

describe('parse: bad input', () => table('en', BAD))

describe('parse: the hint is in the room language', () => {
  it.each([
    ['en', /Try/],
    ['fr', /Essayez/],
    ['de', /Versuch/],
  ] as const)('%s', (lang, re) => {
    const r = parse('blah blah', { now: NOW, timezone: PARIS, lang })
    expect(r.type).toBe('no-parse')
    if (r.type === 'no-parse') expect(r.hint).toMatch(re)
  })
})

/** Paris changes to summer time on Sunday 29 March 2020 at 02:00, back on Sunday 25 October at 03:00. */
const FRI_27_MARCH = Date.parse('2020-03-27T09:00:00Z')
const SUN_29_MARCH = Date.parse('2020-03-29T08:00:00Z')
const DST: Row[] = [
  ['add talk 29 March 15:00 at Scène', { type: 'add-event', time: { start: '2020-03-29T15:00:00+02:00' } }],
  ['add talk 28 March 15:00', { type: 'add-event', time: { start: '2020-03-28T15:00:00+01:00' } }],
  ['add talk 29/3 at 02:30', { type: 'add-event', time: { start: '2020-03-29T03:30:00+02:00' } }],
  ['add party 28 March 22:00-04:00', { type: 'add-event', time: { start: '2020-03-28T22:00:00+01:00', end: '2020-03-29T04:00:00+02:00' } }],
  ['add talk 1 April 10:00 for 90 minutes', { type: 'add-event', time: { start: '2020-04-01T10:00:00+02:00', durationMs: 5_400_000 } }],
  ["what's on 29 March", { type: 'schedule', range: { kind: 'day', day: '2020-03-29' } }],
  ['add talk 25 October 15:00', { type: 'add-event', time: { start: '2020-10-25T15:00:00+01:00' } }],
  ['add talk 24 October 15:00', { type: 'add-event', time: { start: '2020-10-24T15:00:00+02:00' } }],
  ['add talk Sunday 15:00', { type: 'add-event', time: { start: '2020-03-29T15:00:00+02:00' } }, { now: FRI_27_MARCH }],
  ['add talk tomorrow 2am', { type: 'add-event', time: { start: '2020-03-28T02:00:00+01:00' } }, { now: FRI_27_MARCH }],
  ["what's on tonight", { type: 'schedule', range: { kind: 'day', day: '2020-03-29', from: '2020-03-29T18:00:00+02:00' } }, { now: SUN_29_MARCH }],
  ['move History of P2P to 15:00', { type: 'move-event', time: { timeOnly: true, clock: '15:00', start: '2020-03-29T15:00:00+02:00' } }, { now: SUN_29_MARCH }],
]

describe('parse: daylight saving in Europe/Paris', () => table('en', DST))
describe('parse: daylight saving, French', () =>
  table('fr', [['ajoute un atelier le 29 mars à 15h', { type: 'add-event', time: { start: '2020-03-29T15:00:00+02:00' } }]]))

const NY = 'America/New_York'
const NY_NOW = Date.parse('2020-01-08T15:00:00Z') // Wed 8 Jan 2020, 10:00 in New York
const ZONES: Row[] = [
  ['add talk tomorrow 3pm at Hall', { type: 'add-event', time: { start: '2020-01-09T15:00:00-05:00' }, venue: 'Hall' }, { zone: NY, now: NY_NOW }],
  ["what's on tonight", { type: 'schedule', range: { kind: 'day', day: '2020-01-08', from: '2020-01-08T18:00:00-05:00' } }, { zone: NY, now: NY_NOW }],
  // 03:00 UTC on the 9th is still the evening of the 8th in New York: "tomorrow" is the 9th.
  ["what's on tomorrow", { type: 'schedule', range: { kind: 'day', day: '2020-01-09' } }, { zone: NY, now: Date.parse('2020-01-09T03:00:00Z') }],
  ['add talk Sunday 15:00', { type: 'add-event', time: { start: '2020-03-08T15:00:00-04:00' } }, { zone: NY, now: Date.parse('2020-03-06T15:00:00Z') }],
  ['add talk Saturday 15:00', { type: 'add-event', time: { start: '2020-03-07T15:00:00-05:00' } }, { zone: NY, now: Date.parse('2020-03-06T15:00:00Z') }],
  ['add workshop 3/7 at 10:00', { type: 'add-event', time: { start: '2020-07-03T10:00:00-04:00' } }, { zone: NY, now: NY_NOW }],
]

describe('parse: another zone (America/New_York)', () => table('en', ZONES))

describe('parse: never throws', () => {
  it('reads 2,000 random sentences without throwing', () => {
    let seed = 42
    const rand = () => ((seed = (seed * 1_103_515_245 + 12_345) & 0x7fffffff) / 0x7fffffff)
    const atoms = ['add', 'move', 'à', '15h', '3', 'to', 'at', '"', '«', '»', '§0', '🎉', 'Saturday', 'samedi', 'Uhr', '-', '19:00', 'with', 'mit', 'the', 'x2', ',', 'de', '\u202e', 'ß', 'İ', '12/13', '2020-02-30', 'von', 'bis']
    for (let i = 0; i < 2000; i++) {
      const n = 1 + Math.floor(rand() * 8)
      const words = Array.from({ length: n }, () => atoms[Math.floor(rand() * atoms.length)])
      const text = words.join(rand() < 0.5 ? ' ' : '')
      const lang = (['en', 'fr', 'de'] as const)[i % 3] as Lang
      const r = parseStrict(text, { now: NOW, timezone: PARIS, lang })
      expect(['no-parse', 'ask', ...CHANGES, 'schedule', 'my-events', 'who-is-going', 'free-slots', 'help', 'event-info', 'list', 'venue-free']).toContain(r.type)
    }
  })
})

// chrono-node is asked only where the rules leave something it could read as a day (a numeric date
// of three parts, a count of days or weeks): these are the dates it reads, and they must stay read.
describe('parse: dates read by chrono', () => {
  const at = (s: string) => ({ type: 'add-event', title: 'Mesh', time: { start: s } })
  table('en', [
    ['add talk "Mesh" on 17-01-2020 at 3pm', at('2020-01-17T15:00:00+01:00')],
    ['add talk "Mesh" in 8 days at 3pm', at('2020-01-16T15:00:00+01:00')],
    ['add talk "Mesh" in 2 weeks at 3pm', at('2020-01-22T15:00:00+01:00')],
    ['add talk "Mesh" 8 days from now at 3pm', at('2020-01-16T15:00:00+01:00')],
  ])
  table('fr', [['ajoute un atelier "Mesh" dans 8 jours à 15h', at('2020-01-16T15:00:00+01:00')]])
  table('de', [['neuer Workshop "Mesh" in 8 Tagen um 15 Uhr', at('2020-01-16T15:00:00+01:00')]])
})

describe('parse: a numbered title typed whole, among thousands of events', () => {
  const known = (titles: string[]) => ({ venues: [], resources: [], people: [], events: titles.map((title) => ({ title, kind: 'talk' as const })) })
  const many = Array.from({ length: 3000 }, (_, i) => `Filler talk ${i}`)
  const move = (text: string, titles: string[]) => parse(text, { now: NOW, timezone: PARIS, lang: 'en', known: known(titles) })

  it('is the event, and its number is not read as a time', () => {
    for (const text of ['move Bench 12 to 15:00', 'move bench-12 to 15:00']) {
      expect(move(text, [...many, 'Bench 12'])).toMatchObject({ type: 'move-event', event: 'Bench 12', time: { timeOnly: true, clock: '15:00' } })
    }
  })

  it('is the first of two titles that fold alike, in the order of the events', () => {
    expect(move('move Bench 12 to 15:00', ['bench-12', ...many, 'Bench 12'])).toMatchObject({ event: 'bench-12' })
    expect(move('move Bench 12 to 15:00', ['Bench 12', ...many, 'bench-12'])).toMatchObject({ event: 'Bench 12' })
  })

  it('is only a title of the events of this view, not of an earlier one', () => {
    expect(move('move room 7 jam to 15:00', ['Room 7 Jam', ...many])).toMatchObject({ event: 'Room 7 Jam' })
    // The next view no longer holds it: the words as typed, for the executor to look up.
    expect(move('move room 7 jam to 15:00', many)).toMatchObject({ type: 'move-event', event: 'room 7 jam', time: { clock: '15:00' } })
  })
})

describe('a numbered title with hyphens beside a shorter one', () => {
  // "room-0 0-1" folds to four words ("room 0 0 1"), its window counts two: it must not lose to "0-1".
  it('names the longer known title it says whole', () => {
    const known = { venues: [], resources: [], people: [], events: [{ title: 'room-0 0-1', kind: 'workshop' as const }, { title: '0-1', kind: 'meetup' as const }] }
    const ctx = { now: Date.parse('2027-06-28T08:00:00+02:00'), timezone: 'Europe/Paris', lang: 'en' as const, known }
    expect(parse('move room-0 0-1 to 12:30', ctx)).toMatchObject({ type: 'move-event', event: 'room-0 0-1' })
    expect(parse('rename room-0 0-1 to room-0 0-2', ctx)).toMatchObject({ type: 'rename-event', event: 'room-0 0-1' })
    expect(parse('move 0-1 to 12:30', ctx)).toMatchObject({ type: 'move-event', event: '0-1' })
  })
})

describe('a quoted title with words beside it that nothing reads', () => {
  const ctx = (lang: Lang) => ({ now: NOW, timezone: PARIS, lang })
  it('asks which is the title, each answer ready to run, in EN/FR/DE', () => {
    const cases: [Lang, string, string, string][] = [
      ['en', 'add a consultation "Questions" on Tuesday 5pm', 'Questions', 'consultation Questions'],
      ['fr', 'ajoute une permanence "Questions" mardi à 17h', 'Questions', 'permanence Questions'],
      ['de', 'füge eine Sprechstunde "Fragen" am Dienstag um 17 Uhr hinzu', 'Fragen', 'Sprechstunde Fragen'],
    ]
    for (const [lang, text, quoted, whole] of cases) {
      expect(parse(text, ctx(lang)), text).toMatchObject({ type: 'ask', intents: [{ type: 'add-event', title: quoted }, { type: 'add-event', title: whole }] })
    }
  })
  it('takes the quote as the title when the words beside it are read (a kind, an article)', () => {
    expect(parse('add workshop "Intro to IPFS" Saturday 3pm', ctx('en'))).toMatchObject({ type: 'add-event', kind: 'workshop', title: 'Intro to IPFS' })
    expect(parse("ajoute l'atelier \"Vélo\" samedi à 15h", ctx('fr'))).toMatchObject({ type: 'add-event', kind: 'workshop', title: 'Vélo' })
    expect(parse('füge den Workshop "Löten" am Samstag um 15 Uhr hinzu', ctx('de'))).toMatchObject({ type: 'add-event', kind: 'workshop', title: 'Löten' })
  })
})

describe('what is on this week, next week', () => {
  const wednesday = { now: Date.parse('2027-06-30T10:00:00+02:00'), timezone: PARIS }
  const thisWeek = ['2027-06-30', '2027-07-01', '2027-07-02', '2027-07-03', '2027-07-04']
  const nextWeek = ['2027-07-05', '2027-07-06', '2027-07-07', '2027-07-08', '2027-07-09', '2027-07-10', '2027-07-11']
  it('reads the days left of this week, or Monday to Sunday of the next, in EN/FR/DE', () => {
    const rows: [Lang, string, string[], string | undefined][] = [
      ['en', "what's on this week?", thisWeek, undefined],
      ['en', "what's on at Ground Control next week?", nextWeek, 'Ground Control'],
      ['fr', 'quoi de neuf cette semaine ?', thisWeek, undefined],
      ['fr', "qu'est-ce qu'il y a la semaine prochaine ?", nextWeek, undefined],
      ['de', 'was läuft diese Woche?', thisWeek, undefined],
      ['de', 'was läuft nächste Woche im Ground Control?', nextWeek, 'Ground Control'],
    ]
    for (const [lang, text, days, venue] of rows) {
      const got = parse(text, { ...wednesday, lang })
      expect(got, text).toMatchObject({ type: 'schedule', range: { kind: 'days', days } })
      expect((got as { venue?: string }).venue, text).toBe(venue)
    }
  })
})

describe('a length changed by an amount, and a no said without "I"', () => {
  const known = { venues: [], resources: [], people: [], events: [{ title: 'Opening', kind: 'talk' as const }, { title: 'DJ set', kind: 'concert' as const }] }
  const ctx = (lang: Lang) => ({ now: NOW, timezone: PARIS, lang, known })
  it('makes an event longer or shorter by the amount said, never that long (EN/FR/DE)', () => {
    // "make the opening longer by 30 minutes" set the opening's length to 30 minutes.
    const rows: [Lang, string, string, number][] = [
      ['en', 'make the opening longer by 30 minutes', 'Opening', 1_800_000],
      ['en', 'make the opening 30 min longer', 'Opening', 1_800_000],
      ['en', 'make the opening shorter by 15 min', 'Opening', -900_000],
      ['en', 'the opening should be 30 min longer', 'Opening', 1_800_000],
      ['fr', 'fais durer le DJ set 30 minutes de plus', 'DJ set', 1_800_000],
      ['de', 'mach den DJ set 30 Minuten länger', 'DJ set', 1_800_000],
      ['de', 'mach den DJ set eine Stunde kürzer', 'DJ set', -3_600_000],
    ]
    for (const [lang, text, event, extendMs] of rows) {
      const got = parse(text, ctx(lang))
      expect(got, text).toMatchObject({ type: 'set-length', event, extendMs })
      expect((got as { durationMs?: number }).durationMs, text).toBeUndefined()
    }
    expect(parse('make the opening 45 minutes long', ctx('en'))).toMatchObject({ type: 'set-length', event: 'Opening', durationMs: 2_700_000 })
  })
  it('reads "not coming to …", "can\'t come to …" as not going', () => {
    for (const text of ['not coming to the DJ set after all', "can't come to the DJ set", 'cannot come to the opening']) {
      expect(parse(text, ctx('en')), text).toMatchObject({ type: 'rsvp', answer: 'not-going' })
    }
  })
})

describe('a change said as a statement: "starts at … now", « est annulé »', () => {
  const known = { venues: [], resources: [], people: [], events: [{ title: 'Yoga', kind: 'workshop' as const }] }
  const ctx = (lang: Lang) => ({ now: NOW, timezone: PARIS, lang, known })
  it('moves the event, or asks the half of the day of a bare hour (EN/FR/DE)', () => {
    expect(parse('le yoga commence à 10h maintenant', ctx('fr'))).toMatchObject({ type: 'move-event', event: 'Yoga', time: { clock: '10:00' } })
    expect(parse('yoga starts at 10:30 now', ctx('en'))).toMatchObject({ type: 'move-event', event: 'Yoga', time: { clock: '10:30' } })
    expect(parse('yoga starts at 10 now', ctx('en'))).toMatchObject({ type: 'ask', choices: ['10:00', '22:00'] })
    expect(parse('Yoga fängt jetzt um 10:30 an', ctx('de'))).toMatchObject({ type: 'move-event', event: 'Yoga', time: { clock: '10:30' } })
  })
  it('cancels what is said to be cancelled, in French too', () => {
    expect(parse('le yoga est annulé', ctx('fr'))).toMatchObject({ type: 'cancel-event', event: 'Yoga' })
    expect(parse("le yoga n'aura pas lieu", ctx('fr'))).toMatchObject({ type: 'cancel-event', event: 'Yoga' })
    expect(parse('yoga is cancelled', ctx('en'))).toMatchObject({ type: 'cancel-event', event: 'Yoga' })
  })
})

describe('« après-midi » is the afternoon, not noon', () => {
  const ctx = { now: NOW, timezone: PARIS, lang: 'fr' as const }
  it('reads a day and its afternoon, never 12:00 (it stored noon)', () => {
    for (const text of ['ajoute un atelier samedi après-midi au Village', 'ajoute un atelier samedi apres-midi']) {
      expect(parse(text, ctx), text).toMatchObject({ type: 'add-event', time: { dayOnly: true } })
    }
    const at3 = parse('ajoute un atelier samedi après midi à 15h', ctx) as { type: string; title?: string; time?: { end?: number } }
    expect(at3).toMatchObject({ type: 'add-event', kind: 'workshop', time: { dayOnly: false } })
    expect(at3.title).toBeUndefined()
    expect(at3.time?.end).toBeUndefined()
    expect(parse('ajoute un atelier samedi midi', ctx)).toMatchObject({ type: 'add-event', time: { dayOnly: false } })
  })
})

describe('a venue or resource "called" something', () => {
  it('is named without the word "called" (EN/FR/DE)', () => {
    const at = (lang: Lang) => ({ now: NOW, timezone: PARIS, lang })
    expect(parse('add a venue called Tent 3 for 40 people', at('en'))).toMatchObject({ type: 'add-venue', name: 'Tent 3', capacity: 40 })
    expect(parse('add a resource called beamer', at('en'))).toMatchObject({ type: 'add-resource', name: 'beamer' })
    expect(parse('ajoute un lieu appelé Cabane pour 20 personnes', at('fr'))).toMatchObject({ type: 'add-venue', name: 'Cabane', capacity: 20 })
    expect(parse('füge einen Ort namens Bühne 2 für 50 Personen hinzu', at('de'))).toMatchObject({ type: 'add-venue', name: 'Bühne 2', capacity: 50 })
  })
})

describe('"we need the projector for …" books it', () => {
  it('in EN/FR/DE', () => {
    const at = (lang: Lang) => ({ now: NOW, timezone: PARIS, lang })
    expect(parse('we need the projector for Intro to IPFS', at('en'))).toMatchObject({ type: 'book-resource', resource: 'projector', event: 'Intro to IPFS' })
    expect(parse('on a besoin du vidéoprojecteur pour Intro à IPFS', at('fr'))).toMatchObject({ type: 'book-resource', resource: 'vidéoprojecteur', event: 'Intro à IPFS' })
    expect(parse('wir brauchen den Beamer für Intro zu IPFS', at('de'))).toMatchObject({ type: 'book-resource', resource: 'Beamer', event: 'Intro zu IPFS' })
  })
})

describe('cancelling two known events in one sentence', () => {
  const known = { venues: [], resources: [], people: [], events: ['Yoga', 'DJ set', 'Bread and butter'].map((title) => ({ title, kind: 'talk' as const })) }
  const ctx = (lang: Lang) => ({ now: NOW, timezone: PARIS, lang, known })
  it('asks which first, each answer ready to run (it searched for an event called "yoga and the DJ set")', () => {
    const both = [{ type: 'cancel-event', event: 'Yoga' }, { type: 'cancel-event', event: 'DJ set' }]
    expect(parse('cancel yoga and the DJ set', ctx('en'))).toMatchObject({ type: 'ask', intents: both })
    expect(parse('annule le yoga et le DJ set', ctx('fr'))).toMatchObject({ type: 'ask', intents: both })
    expect(parse('sag Yoga und das DJ set ab', ctx('de'))).toMatchObject({ type: 'ask', intents: both })
  })
  it('keeps a title with "and" in it whole', () => {
    expect(parse('cancel Bread and butter', ctx('en'))).toMatchObject({ type: 'cancel-event', event: 'Bread and butter' })
  })
})

describe('a thank-you', () => {
  it('gets a short answer in its language, not a hint at commands', () => {
    const at = (lang: Lang) => ({ now: NOW, timezone: PARIS, lang })
    expect(parse('thanks!', at('en'))).toMatchObject({ type: 'no-parse', reason: 'thanks', hint: "You're welcome!", lang: 'en' })
    expect(parse('ok merci beaucoup', at('en'))).toMatchObject({ reason: 'thanks', hint: 'Avec plaisir !', lang: 'fr' })
    expect(parse('danke dir', at('de'))).toMatchObject({ reason: 'thanks', hint: 'Gern geschehen!', lang: 'de' })
    // Thanks with a request in it is the request.
    expect(parse("thanks, what's on tonight?", at('en'))).toMatchObject({ type: 'schedule' })
  })
})

describe('"is yoga still on?" and « la suite au Village »', () => {
  const known = { venues: [{ name: 'Village', aliases: [] }], resources: [], people: [], events: [{ title: 'Yoga', kind: 'workshop' as const }] }
  const ctx = (lang: Lang) => ({ now: NOW, timezone: PARIS, lang, known })
  it('asks after the event (its time, or that it is cancelled), in EN/FR/DE', () => {
    for (const [lang, text] of [['en', 'is yoga still happening?'], ['en', 'is yoga still on?'], ['fr', 'le yoga a toujours lieu ?'], ['de', 'findet Yoga noch statt?']] as const) {
      expect(parse(text, ctx(lang)), text).toMatchObject({ type: 'event-info', event: 'Yoga', want: 'when' })
    }
  })
  it('reads « c\'est quoi la suite au Village ? » as what is next there, not an event called "suite au Village"', () => {
    expect(parse("c'est quoi la suite au Village ?", ctx('fr'))).toMatchObject({ type: 'schedule', range: { kind: 'now' }, venue: 'Village' })
  })
})

describe('« rajoute … », « on peut faire … ? » add an event', () => {
  it('in French, while « rajoute 30 minutes au … » still lengthens', () => {
    const known = { venues: [{ name: 'Ground Control', aliases: [] }], resources: [], people: [], events: [{ title: 'Yoga', kind: 'workshop' as const }] }
    const at = { now: NOW, timezone: PARIS, lang: 'fr' as const, known }
    expect(parse('rajoute une projection dimanche soir à 21h', at)).toMatchObject({ type: 'add-event', kind: 'projection' })
    expect(parse('on peut faire un atelier vendredi à 18h à Ground Control ?', at)).toMatchObject({ type: 'add-event', kind: 'workshop', venue: 'Ground Control' })
    expect(parse('rajoute 30 minutes au yoga', at)).toMatchObject({ type: 'set-length', event: 'Yoga', extendMs: 1_800_000 })
  })
})

describe('"instead of 9" names the old time, and „leg … auf …“ moves', () => {
  const known = { venues: [], resources: [], people: [], events: [{ title: 'Yoga', kind: 'workshop' as const }, { title: 'DJ set', kind: 'concert' as const }] }
  const ctx = (lang: Lang) => ({ now: NOW, timezone: PARIS, lang, known })
  it('moves to the new time only (it made a 9-hour length at a venue "lieu de", or a 21-hour shift)', () => {
    const rows: [Lang, string, string][] = [
      ['fr', 'mets le yoga à 7h au lieu de 9h', '07:00'],
      ['fr', 'déplace le yoga à 19h au lieu de 21h', '19:00'],
      ['en', 'move yoga to 7pm instead of 9pm', '19:00'],
      ['de', 'verschieb Yoga auf 7 Uhr statt 9 Uhr', '07:00'],
    ]
    for (const [lang, text, clock] of rows) {
      const got = parse(text, ctx(lang)) as { type: string; venue?: string; time?: { clock?: string; durationMs?: number } }
      expect(got, text).toMatchObject({ type: 'move-event', event: 'Yoga', time: { clock } })
      expect(got.venue, text).toBeUndefined()
      expect(got.time?.durationMs, text).toBeUndefined()
    }
  })
  it('reads „leg das DJ set auf Mitternacht“ as a move (it made a new event "das DJ set"), „leg … an“ as an add', () => {
    expect(parse('leg das DJ set auf Mitternacht', ctx('de'))).toMatchObject({ type: 'move-event', event: 'DJ set', time: { clock: '00:00' } })
    expect(parse('leg einen Workshop auf Samstag 15 Uhr an', ctx('de'))).toMatchObject({ type: 'add-event', kind: 'workshop' })
  })
})

describe('a move "from 9 to 10", and moves said as statements', () => {
  const known = { venues: [], resources: [], people: [], events: [{ title: 'Yoga', kind: 'workshop' as const }, { title: 'DJ set', kind: 'concert' as const }] }
  const ctx = (lang: Lang) => ({ now: NOW, timezone: PARIS, lang, known })
  it('asks: to the second time, or to the range (it kept the start and changed the end)', () => {
    for (const [lang, text] of [['fr', 'déplace le yoga de 9h à 10h'], ['en', 'move yoga from 9:00 to 10:00']] as const) {
      const got = parse(text, ctx(lang)) as { type: string; choices?: string[]; intents?: { time?: { clock?: string; endClock?: string } }[] }
      expect(got, text).toMatchObject({ type: 'ask', choices: ['10:00', '09:00–10:00'] })
      expect(got.intents?.[0]?.time, text).toMatchObject({ clock: '10:00' })
      expect(got.intents?.[0]?.time?.endClock, text).toBeUndefined()
      expect(got.intents?.[1]?.time, text).toMatchObject({ clock: '09:00', endClock: '10:00' })
    }
    // "von 9 auf 10": German says which is the new one.
    expect(parse('verschieb Yoga von 9 auf 10 Uhr', ctx('de'))).toMatchObject({ type: 'move-event', time: { clock: '10:00' } })
  })
  it('reads "DJ set moved to 23:30", « … est décalé à 23h30 », „Yoga jetzt um 10:30“', () => {
    expect(parse('DJ set moved to 23:30', ctx('en'))).toMatchObject({ type: 'move-event', event: 'DJ set', time: { clock: '23:30' } })
    expect(parse('le DJ set est décalé à 23h30', ctx('fr'))).toMatchObject({ type: 'move-event', event: 'DJ set', time: { clock: '23:30' } })
    expect(parse('Yoga jetzt um 10:30', ctx('de'))).toMatchObject({ type: 'move-event', event: 'Yoga', time: { clock: '10:30' } })
  })
})

describe('more ways to say going, maybe, not going', () => {
  it('reads « je ne viendrai pas … », „trag mich für … ein“, "put me down as a maybe for …"', () => {
    const known = { venues: [], resources: [], people: [], events: [{ title: 'Yoga', kind: 'workshop' as const }] }
    const at = (lang: Lang) => ({ now: NOW, timezone: PARIS, lang, known })
    expect(parse('je ne viendrai pas au yoga', at('fr'))).toMatchObject({ type: 'rsvp', answer: 'not-going' })
    expect(parse('je ne serai pas là pour le yoga', at('fr'))).toMatchObject({ type: 'rsvp', answer: 'not-going' })
    expect(parse('trag mich für Yoga ein', at('de'))).toMatchObject({ type: 'rsvp', event: 'Yoga', answer: 'going' })
    expect(parse('put me down as a maybe for yoga', at('en'))).toMatchObject({ type: 'rsvp', answer: 'maybe' })
  })
})
