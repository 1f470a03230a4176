/**
 * The command-language parser, recurring series in English, French and German: a table of
 * utterances with a pinned `now` (Friday 1 January 2027, noon in Paris), the negative rows that must
 * stay other intents, and the RRULE each recurrence phrase gives.
 */
import { describe } from 'vitest'
import { type Row, table } from './parse-helpers.ts'

const now = Date.parse('2027-01-01T11:00:00Z')
const o = { now }
const MONTHLY_1WE = 'FREQ=MONTHLY;BYDAY=1WE'

const en: Row[] = [
  ['every first Wednesday at 18:30 at Ground Control: Paris P2P monthly', { type: 'add-series', rrule: MONTHLY_1WE, clock: '18:30', title: 'Paris P2P monthly', venue: 'Ground Control', kind: 'meetup', endClock: undefined, until: undefined, lang: 'en' }, o],
  ['Paris P2P monthly: every first Wednesday at 18:30 at Ground Control', { type: 'add-series', rrule: MONTHLY_1WE, title: 'Paris P2P monthly', venue: 'Ground Control' }, o],
  ['add meetup "Paris P2P monthly" on the first Wednesday of every month 18:30-22:30 at Ground Control', { type: 'add-series', rrule: MONTHLY_1WE, clock: '18:30', endClock: '22:30', title: 'Paris P2P monthly', kind: 'meetup' }, o],
  ['every last Friday at 7pm at Bar: Crypto apéro', { type: 'add-series', rrule: 'FREQ=MONTHLY;BYDAY=-1FR', clock: '19:00', title: 'Crypto apéro', venue: 'Bar' }, o],
  ['every Tuesday at 19:00: Hack night', { type: 'add-series', rrule: 'FREQ=WEEKLY;BYDAY=TU', clock: '19:00', title: 'Hack night', venue: undefined }, o],
  ['every Tuesday and Thursday at 19:00: Hack night', { type: 'add-series', rrule: 'FREQ=WEEKLY;BYDAY=TU,TH' }, o],
  ['every other Thursday at 20:00 at Cinéma: Film club', { type: 'add-series', rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TH', kind: 'projection', title: 'Film club' }, o],
  ['on the 15th of every month at 12:30: Lunch', { type: 'add-series', rrule: 'FREQ=MONTHLY;BYMONTHDAY=15', clock: '12:30' }, o],
  ['every day at 9:00 for 15 minutes: Standup', { type: 'add-series', rrule: 'FREQ=DAILY', clock: '09:00', durationMs: 900_000 }, o],
  ['add workshop every second Saturday at 14:00 at Fablab', { type: 'add-series', rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=SA', kind: 'workshop', title: undefined, venue: 'Fablab' }, o],
  ['every first Wednesday at 18:30 until June: Paris P2P monthly', { type: 'add-series', until: '2027-06-30' }, o],
  ['every first Wednesday: Paris P2P monthly', { type: 'no-parse', reason: 'missing-time' }, o],
  ['every day at 9:00', { type: 'no-parse', reason: 'unknown' }, o],
  ['every first Wednesday at 3: Paris P2P monthly', { type: 'ask', choices: ['03:00', '15:00'] }, o],
  ['skip the next Paris P2P monthly', { type: 'skip-occurrence', series: 'Paris P2P monthly', pick: { kind: 'next' } }, o],
  ['skip Paris P2P monthly on March 3rd', { type: 'skip-occurrence', series: 'Paris P2P monthly', pick: { kind: 'day', day: '2027-03-03' } }, o],
  ['skip the March one', { type: 'skip-occurrence', series: undefined, pick: { kind: 'month', month: 3 } }, o],
  ['skip Paris P2P monthly in August', { type: 'skip-occurrence', series: 'Paris P2P monthly', pick: { kind: 'month', month: 8 } }, o],
  ['move the March one to the 11th', { type: 'move-occurrence', pick: { kind: 'month', month: 3 }, toDayOfMonth: 11, clock: undefined, series: undefined }, o],
  ['move the March one to the 11th at 19:00', { type: 'move-occurrence', toDayOfMonth: 11, clock: '19:00' }, o],
  ['move Paris P2P monthly on 3 March to 19:30', { type: 'move-occurrence', series: 'Paris P2P monthly', pick: { kind: 'day', day: '2027-03-03' }, clock: '19:30', toDay: undefined }, o],
  ['move the next Paris P2P monthly to Scène', { type: 'move-occurrence', pick: { kind: 'next' }, venue: 'Scène' }, o],
  ['move the March one of Paris P2P monthly to 10 March', { type: 'move-occurrence', series: 'Paris P2P monthly', toDay: '2027-03-10' }, o],
  ['end the series after June', { type: 'end-series', until: '2027-06-30', series: undefined }, o],
  ['stop Paris P2P monthly after 15 June', { type: 'end-series', until: '2027-06-15', series: 'Paris P2P monthly' }, o],
  ['end Paris P2P monthly after December 2027', { type: 'end-series', until: '2027-12-31' }, o],
  ['Paris P2P monthly programme: 18:30 doors, 19:00 talks, 19:30 person-to-person, 20:00 free-for-all', {
    type: 'series-template',
    series: 'Paris P2P monthly',
    items: [{ clock: '18:30', title: 'doors' }, { clock: '19:00', title: 'talks', kind: 'talk' }, { clock: '19:30', title: 'person-to-person' }, { clock: '20:00', title: 'free-for-all' }],
  }, o],
  ['programme for the series: doors at 18:30, talks 19:00-19:45', { type: 'series-template', series: undefined, items: [{ clock: '18:30', title: 'doors' }, { clock: '19:00', endClock: '19:45', title: 'talks' }] }, o],
  ['when is the next Paris P2P monthly?', { type: 'next-occurrence', series: 'Paris P2P monthly' }, o],
  ["when's the next one?", { type: 'next-occurrence', series: 'one' }, o],
]

/** Sentences that mention days or "skip" but are not about series: they keep their old meaning. */
const others: Row[] = [
  ['skip History of P2P', { type: 'rsvp', answer: 'not-going', event: 'History of P2P' }, o],
  ["what's on the last Friday", { type: 'schedule' }, o],
  ['move History of P2P to 20:00', { type: 'move-event', event: 'History of P2P' }, o],
  ['move Welcome to P2P to 20:00', { type: 'move-event', event: 'Welcome to P2P' }, o],
  ['add talk Friday 15:00 at Scène', { type: 'add-event' }, o],
  ['cancel the next Paris P2P monthly', { type: 'cancel-event', event: 'next Paris P2P monthly' }, o],
  ["I'm going to the next Paris P2P monthly", { type: 'rsvp', answer: 'going', event: 'next Paris P2P monthly' }, o],
  ['programme de samedi', { type: 'schedule' }, o],
  ['next Saturday', { type: 'no-parse' }, o],
  ['what is on the first Wednesday', { type: 'schedule', range: { kind: 'day', day: '2027-01-06' } }, o],
]

const fr: Row[] = [
  ['tous les premiers mercredis à 18h30 à Ground Control : Paris P2P mensuel', { type: 'add-series', rrule: MONTHLY_1WE, clock: '18:30', title: 'Paris P2P mensuel', venue: 'Ground Control', lang: 'fr' }, o],
  ['le premier mercredi du mois à 18h30 à Ground Control : Paris P2P mensuel', { type: 'add-series', rrule: MONTHLY_1WE, venue: 'Ground Control' }, o],
  ['tous les derniers vendredis à 19h : Apéro crypto', { type: 'add-series', rrule: 'FREQ=MONTHLY;BYDAY=-1FR', clock: '19:00' }, o],
  ['chaque mardi à 19h au Fablab : Soirée hack', { type: 'add-series', rrule: 'FREQ=WEEKLY;BYDAY=TU', venue: 'Fablab' }, o],
  ['le 15 de chaque mois à 12h30 : Déjeuner', { type: 'add-series', rrule: 'FREQ=MONTHLY;BYMONTHDAY=15' }, o],
  ['saute le prochain Paris P2P mensuel', { type: 'skip-occurrence', series: 'Paris P2P mensuel', pick: { kind: 'next' } }, o],
  ['déplace celui de mars au 11', { type: 'move-occurrence', pick: { kind: 'month', month: 3 }, toDayOfMonth: 11 }, o],
  ['arrête la série après juin', { type: 'end-series', until: '2027-06-30', series: undefined }, o],
  ['programme de Paris P2P mensuel : 18h30 accueil, 19h conférences, 19h30 rencontres, 20h discussion libre', { type: 'series-template', series: 'Paris P2P mensuel', items: [{ clock: '18:30', title: 'accueil' }, { clock: '19:00', kind: 'talk' }, { clock: '19:30' }, { clock: '20:00', title: 'discussion libre' }] }, o],
  ['quand a lieu le prochain Paris P2P mensuel ?', { type: 'next-occurrence', series: 'Paris P2P mensuel' }, o],
]

const de: Row[] = [
  ['jeden ersten Mittwoch um 18:30 im Ground Control: Paris P2P Monatstreffen', { type: 'add-series', rrule: MONTHLY_1WE, clock: '18:30', title: 'Paris P2P Monatstreffen', venue: 'Ground Control', lang: 'de' }, o],
  ['jeden zweiten Dienstag um 19 Uhr: Hacknacht', { type: 'add-series', rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU' }, o],
  ['jeden zweiten Dienstag im Monat um 19 Uhr: Hacknacht', { type: 'add-series', rrule: 'FREQ=MONTHLY;BYDAY=2TU' }, o],
  ['dienstags um 19 Uhr im Fablab: Hacknacht', { type: 'add-series', rrule: 'FREQ=WEEKLY;BYDAY=TU', venue: 'Fablab' }, o],
  ['am 15. jedes Monats um 12:30: Mittagessen', { type: 'add-series', rrule: 'FREQ=MONTHLY;BYMONTHDAY=15' }, o],
  ['lass das nächste Paris P2P Monatstreffen ausfallen', { type: 'skip-occurrence', series: 'Paris P2P Monatstreffen', pick: { kind: 'next' } }, o],
  ['verschieb das März-Treffen auf den 11.', { type: 'move-occurrence', pick: { kind: 'month', month: 3 }, toDayOfMonth: 11 }, o],
  ['beende die Serie nach Juni', { type: 'end-series', until: '2027-06-30', series: undefined }, o],
  ['Programm für Paris P2P Monatstreffen: 18:30 Einlass, 19:00 Vorträge, 19:30 Gespräche, 20:00 offene Runde', { type: 'series-template', series: 'Paris P2P Monatstreffen', items: [{ clock: '18:30', title: 'Einlass' }, { clock: '19:00', kind: 'talk' }, { clock: '19:30' }, { clock: '20:00' }] }, o],
  ['wann ist das nächste Paris P2P Monatstreffen?', { type: 'next-occurrence', series: 'Paris P2P Monatstreffen' }, o],
]

describe('parse: recurring series (en)', () => table('en', en))
describe('parse: not series (en)', () => table('en', others))
describe('parse: recurring series (fr)', () => table('fr', fr))
describe('parse: recurring series (de)', () => table('de', de))

/**
 * An end day without a year is read forward (the next such day), like a month; with a year it is
 * kept, and the executor refuses it when it has passed. A move whose name is no series is still
 * read with its target day, for the executor to fall back to moving a one-off event.
 */
const ahead: [Row[], Row[], Row[]] = [
  [
    ['end Paris P2P monthly after 5 December', { type: 'end-series', series: 'Paris P2P monthly', until: '2027-12-05' }, o],
    ['end Paris P2P monthly after 5 December 2026', { type: 'end-series', until: '2026-12-05' }, o],
    ['end Paris P2P monthly after 1 January', { type: 'end-series', until: '2027-01-01' }, o],
    ['move IPFS basics on Friday to Saturday', { type: 'move-occurrence', series: 'IPFS basics', pick: { kind: 'day', day: '2027-01-01' }, toDay: '2027-01-02', clock: undefined }, o],
  ],
  [
    ['arrête Paris P2P mensuel après le 5 décembre', { type: 'end-series', series: 'Paris P2P mensuel', until: '2027-12-05' }, o],
    ['déplace IPFS basics de vendredi à samedi', { type: 'move-occurrence', series: 'IPFS basics', pick: { kind: 'day', day: '2027-01-01' }, toDay: '2027-01-02', clock: undefined }, o],
  ],
  [
    ['beende Paris P2P Monatstreffen nach dem 5. Dezember', { type: 'end-series', series: 'Paris P2P Monatstreffen', until: '2027-12-05' }, o],
    ['verschieb IPFS basics am Freitag auf Samstag', { type: 'move-occurrence', series: 'IPFS basics', pick: { kind: 'day', day: '2027-01-01' }, toDay: '2027-01-02', clock: undefined }, o],
  ],
]
describe('parse: series end days ahead, one-off moves by day (en)', () => table('en', ahead[0]))
describe('parse: series end days ahead, one-off moves by day (fr)', () => table('fr', ahead[1]))
describe('parse: series end days ahead, one-off moves by day (de)', () => table('de', ahead[2]))

// "weekly" before the kind word repeats the rule; inside a quoted title it is the title's.
describe('parse: a frequency word by the kind, and quoted titles kept whole', () => {
  table('en', [
    ['add weekly meetup "Jam" every monday 8pm at Lawn 1', { type: 'add-series', kind: 'meetup', title: 'Jam', venue: 'Lawn 1', clock: '20:00' }, o],
    ['add a weekly meetup "Jam" every monday 8pm', { type: 'add-series', kind: 'meetup', title: 'Jam' }, o],
    ['add meetup "Weekly jam" every monday 8pm at Lawn 1', { type: 'add-series', kind: 'meetup', title: 'Weekly jam' }, o],
    ['add meetup "Weekly 0-1" every monday 8pm', { type: 'add-series', title: 'Weekly 0-1' }, o],
    ['add weekly jam every monday 8pm', { type: 'add-series', title: 'weekly jam' }, o],
  ])
  table('fr', [
    ['ajoute une rencontre hebdomadaire "Vélo" tous les lundis à 20h', { type: 'add-series', kind: 'meetup', title: 'Vélo', clock: '20:00' }, o],
    ['ajoute une rencontre "Hebdo vélo" tous les lundis à 20h', { type: 'add-series', title: 'Hebdo vélo' }, o],
  ])
  table('de', [
    ['füge ein wöchentliches Treffen "Jam" jeden Montag um 20 Uhr hinzu', { type: 'add-series', kind: 'meetup', title: 'Jam', clock: '20:00' }, o],
  ])
})

// A kind word alone after the colon names the series (it was read as the kind and the series had no name).
describe('parse: a series named by a kind word after the colon', () => {
  table('de', [
    ['jeden Montag um 19 Uhr: Stammtisch', { type: 'add-series', rrule: 'FREQ=WEEKLY;BYDAY=MO', clock: '19:00', title: 'Stammtisch' }, o],
    ['jeden Dienstag um 19 Uhr im Atelier: Wöchentliches Plenum', { type: 'add-series', rrule: 'FREQ=WEEKLY;BYDAY=TU', title: 'Plenum', venue: 'Atelier' }, o],
  ])
  table('fr', [
    ['tous les lundis à 19h : Plénière', { type: 'add-series', rrule: 'FREQ=WEEKLY;BYDAY=MO', clock: '19:00', title: 'Plénière' }, o],
    ['tous les lundis à 19h : Plénière hebdomadaire', { type: 'add-series', title: 'Plénière' }, o],
  ])
  table('en', [['every monday at 7pm: Plenum', { type: 'add-series', title: 'Plenum' }, o]])
})
