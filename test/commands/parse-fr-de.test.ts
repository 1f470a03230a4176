/**
 * The command-language parser, French and German rooms: utterances with a pinned `now`
 * (Wed 8 January 2020, 10:00 Europe/Paris) and the intent each must give.
 */
import { describe, expect } from 'vitest'
import { type Row, table, w } from './parse-helpers.ts'

const SAT = '2020-01-11'
const FRI = '2020-01-10'
const THU = '2020-01-09'
const SUN = '2020-01-12'
const TODAY = '2020-01-08'

const fr: Row[] = [
  ['ajoute un atelier samedi 15h à Ground Control', { type: 'add-event', kind: 'workshop', title: undefined, venue: 'Ground Control', time: { start: w(SAT, '15:00') }, lang: 'fr' }],
  ['ajoute une conférence « Histoire du P2P » demain de 19h à 19h30 à la Conférence', { type: 'add-event', kind: 'talk', title: 'Histoire du P2P', venue: 'Conférence', time: { start: w(THU, '19:00'), end: w(THU, '19:30') } }],
  ['ajoute un concert vendredi 21h30 sur la Scène', { type: 'add-event', kind: 'concert', venue: 'Scène', time: { start: w(FRI, '21:30') } }],
  ['programme un atelier intitulé Soudure dimanche 14h', { type: 'add-event', kind: 'workshop', title: 'Soudure', time: { start: w(SUN, '14:00') } }],
  ['ajoute une projection samedi 20h pendant 2 heures', { type: 'add-event', kind: 'projection', time: { start: w(SAT, '20:00'), durationMs: 7_200_000 } }],
  ['ajoute un atelier samedi 15h à Ground Control avec le vidéoprojecteur', { type: 'add-event', venue: 'Ground Control', resources: ['vidéoprojecteur'] }],
  ['ajoute une conférence le 11 janvier à 15h30', { type: 'add-event', kind: 'talk', time: { start: w(SAT, '15:30') } }],
  ['ajoute un atelier mardi 15h', { type: 'add-event', time: { start: w('2020-01-14', '15:00') } }],
  ['ajoute une fête ce soir 22h au Village', { type: 'add-event', kind: 'party', venue: 'Village', time: { start: w(TODAY, '22:00') } }],
  ['ajoute un atelier demain à 3', { type: 'ask', choices: ['03:00', '15:00'], lang: 'fr' }],
  ['ajoute un atelier samedi de 15h à 14h', { type: 'no-parse', reason: 'bad-time', hint: expectFrHint() }],
  ['ajoute une soirée samedi de 22h à 3h au Village', { type: 'add-event', kind: 'party', time: { start: w(SAT, '22:00'), end: w(SUN, '03:00') } }],
  ["déplace l'atelier à 16h", { type: 'move-event', event: 'atelier', time: { timeOnly: true, clock: '16:00' } }],
  ['décale le concert à samedi 22h', { type: 'move-event', event: 'concert', time: { start: w(SAT, '22:00'), timeOnly: undefined } }],
  ['déplace la conférence à la Scène', { type: 'move-event', event: 'conférence', venue: 'Scène', time: undefined }],
  ['deplace l atelier a 16h30', { type: 'move-event', event: 'l atelier', time: { clock: '16:30' } }],
  ["renomme l'atelier en Atelier soudure", { type: 'rename-event', event: 'atelier', title: 'Atelier soudure' }],
  ['annule le concert de vendredi', { type: 'cancel-event', event: 'concert', day: FRI }],
  ["supprime l'atelier", { type: 'cancel-event', event: 'atelier', day: undefined }],
  ['annule', { type: 'undo', lang: 'fr' }],
  ['annule ça', { type: 'undo' }],
  ['aide', { type: 'help', lang: 'fr' }],
  ["qu'est-ce qu'il y a ce soir", { type: 'schedule', range: { kind: 'day', day: TODAY, from: w(TODAY, '18:00') } }],
  ['programme de samedi', { type: 'schedule', range: { kind: 'day', day: SAT }, lang: 'fr' }],
  ['programme', { type: 'schedule', range: { kind: 'all' } }],
  ["qu'est-ce qu'il y a demain à Ground Control ?", { type: 'schedule', range: { kind: 'day', day: THU }, venue: 'Ground Control' }],
  ['quoi de prévu maintenant', { type: 'schedule', range: { kind: 'now' } }],
  ["qu'est-ce qu'il y a après-demain", { type: 'schedule', range: { kind: 'day', day: FRI } }],
  ['créneaux libres à la Scène samedi', { type: 'free-slots', venue: 'Scène', day: SAT }],
  ['mes événements', { type: 'my-events', lang: 'fr' }],
  ['je viens au concert de samedi', { type: 'rsvp', answer: 'going', event: 'concert', day: SAT }],
  ["je ne viens plus à l'atelier", { type: 'rsvp', answer: 'not-going', event: 'atelier' }],
  ['je ne viens plus à History of P2P', { type: 'rsvp', answer: 'not-going', event: 'History of P2P' }],
  ['peut-être au concert', { type: 'rsvp', answer: 'maybe', event: 'concert' }],
  ['je serai là pour la fête', { type: 'rsvp', answer: 'going', event: 'fête' }],
  ['qui vient au concert ?', { type: 'who-is-going', event: 'concert' }],
  ['ajoute le lieu Village, une zone de 20 stands', { type: 'add-venue', name: 'Village', concurrent: 20 }],
  ['ajoute la salle Jaurès pour 50 personnes, sur validation', { type: 'add-venue', name: 'Jaurès', concurrent: 1, capacity: 50, policy: 'approval' }],
  ['ajoute la scène Chapiteau', { type: 'add-venue', name: 'Chapiteau', concurrent: 1 }],
  ['ajoute la ressource vidéoprojecteur x2', { type: 'add-resource', name: 'vidéoprojecteur', count: 2 }],
  ["réserve le vidéoprojecteur pour l'atelier", { type: 'book-resource', resource: 'vidéoprojecteur', event: 'atelier' }],
  ["s'il te plaît, ajoute un atelier samedi 15h", { type: 'add-event', kind: 'workshop', time: { start: w(SAT, '15:00') } }],
]

const de: Row[] = [
  ['füge Konzert Freitag 21 Uhr auf der Bühne hinzu', { type: 'add-event', kind: 'concert', title: undefined, venue: 'Bühne', time: { start: w(FRI, '21:00') }, lang: 'de' }],
  ['füge Vortrag „Geschichte des P2P“ morgen von 19 bis 20 Uhr im Saal hinzu', { type: 'add-event', kind: 'talk', title: 'Geschichte des P2P', venue: 'Saal', time: { start: w(THU, '19:00'), end: w(THU, '20:00') } }],
  ['erstelle einen Workshop am Samstag um 15:30 in der Werkstatt', { type: 'add-event', kind: 'workshop', venue: 'Werkstatt', time: { start: w(SAT, '15:30') } }],
  ['füge Party Samstagabend 23 Uhr hinzu', { type: 'add-event', kind: 'party', time: { start: w(SAT, '23:00') } }],
  ['füge Workshop übermorgen 10 Uhr mit Beamer hinzu', { type: 'add-event', kind: 'workshop', resources: ['Beamer'], time: { start: w(FRI, '10:00') } }],
  ['füge Workshop Samstag 15 Uhr im Saal mit Beamer hinzu', { type: 'add-event', venue: 'Saal', resources: ['Beamer'] }],
  ['füge Vortrag morgen um 10.30 Uhr hinzu', { type: 'add-event', time: { start: w(THU, '10:30') } }],
  ['füge Workshop Samstag um 3 hinzu', { type: 'ask', choices: ['03:00', '15:00'], lang: 'de' }],
  ['füge Vortrag morgen von 20 bis 19 Uhr hinzu', { type: 'no-parse', reason: 'bad-time' }],
  ['verschieb den Workshop auf 16 Uhr', { type: 'move-event', event: 'Workshop', time: { timeOnly: true, clock: '16:00', start: w(TODAY, '16:00') } }],
  ['verschieb das Konzert auf Samstag 22 Uhr', { type: 'move-event', event: 'Konzert', time: { start: w(SAT, '22:00') } }],
  ['verschieb den Workshop in die Werkstatt', { type: 'move-event', event: 'Workshop', venue: 'Werkstatt', time: undefined }],
  ['benenne den Workshop in Lötworkshop um', { type: 'rename-event', event: 'Workshop', title: 'Lötworkshop' }],
  ['sag das Konzert am Freitag ab', { type: 'cancel-event', event: 'Konzert', day: FRI }],
  ['lösche den Workshop', { type: 'cancel-event', event: 'Workshop' }],
  ['rückgängig', { type: 'undo', lang: 'de' }],
  ['mach das rückgängig', { type: 'undo' }],
  ['hilfe', { type: 'help', lang: 'de' }],
  ['was läuft morgen im Village?', { type: 'schedule', range: { kind: 'day', day: THU }, venue: 'Village' }],
  ['was läuft jetzt', { type: 'schedule', range: { kind: 'now' } }],
  ['was läuft heute Abend', { type: 'schedule', range: { kind: 'day', day: TODAY, from: w(TODAY, '18:00') } }],
  ['Programm für Sonntag', { type: 'schedule', range: { kind: 'day', day: SUN } }],
  ['was gibt es am 11.01.?', { type: 'schedule', range: { kind: 'day', day: SAT } }],
  ['freie Slots auf der Bühne am Samstag', { type: 'free-slots', venue: 'Bühne', day: SAT }],
  ['meine Termine', { type: 'my-events' }],
  ['ich komme nicht zu History of P2P', { type: 'rsvp', answer: 'not-going', event: 'History of P2P' }],
  ['ich komme zum Konzert am Samstag', { type: 'rsvp', answer: 'going', event: 'Konzert', day: SAT }],
  ['vielleicht zum Workshop', { type: 'rsvp', answer: 'maybe', event: 'Workshop' }],
  ['wer kommt zum Konzert?', { type: 'who-is-going', event: 'Konzert' }],
  ['füge den Ort Werkstatt hinzu, Raum für 30 Personen', { type: 'add-venue', name: 'Werkstatt', concurrent: 1, capacity: 30 }],
  ['füge die Bühne Hauptbühne hinzu, für 500 Personen, mit Freigabe', { type: 'add-venue', name: 'Hauptbühne', concurrent: 1, capacity: 500, policy: 'approval' }],
  ['füge den Ort Markt hinzu, ein Bereich für 12 Stände', { type: 'add-venue', name: 'Markt', concurrent: 12 }],
  ['neue Ressource Beamer', { type: 'add-resource', name: 'Beamer', count: 1 }],
  ['reserviere den Beamer für den Workshop', { type: 'book-resource', resource: 'Beamer', event: 'Workshop' }],
  ['bitte füge Konzert Freitag 21 Uhr hinzu', { type: 'add-event', kind: 'concert' }],
]

/** Another language than the room's: the detected one comes back; hints stay in the room's. */
const mixed: [Row[], 'en' | 'fr' | 'de'][] = [
  [[['add workshop Saturday 3pm at Ground Control', { type: 'add-event', kind: 'workshop', lang: 'en' }]], 'fr'],
  [[['maybe History of P2P', { type: 'rsvp', answer: 'maybe', lang: 'en' }]], 'de'],
  [[['je viens au concert de samedi', { type: 'rsvp', answer: 'going', day: SAT, lang: 'fr' }]], 'en'],
  [[['was läuft jetzt', { type: 'schedule', range: { kind: 'now' }, lang: 'de' }]], 'fr'],
  [[['programme at Ground Control tomorrow', { type: 'schedule', venue: 'Ground Control', lang: 'en' }]], 'fr'],
  [[['lol', { type: 'no-parse', reason: 'unknown', lang: 'fr', hint: expectFrHint() }]], 'fr'],
  [[['hallo zusammen', { type: 'no-parse', reason: 'unknown', lang: 'de' }]], 'de'],
]

function expectFrHint(): unknown {
  return expect.stringMatching(/«.+»/)
}

describe('parse: French', () => table('fr', fr))
describe('parse: German', () => table('de', de))
describe('parse: another language than the room', () => {
  for (const [rows, room] of mixed) table(room, rows)
})
