/**
 * What the automation says, in English, French and German.
 */
import type { Lang } from '../intent.ts'
import type { HintTopic } from './read.ts'

export interface AutomationText {
  postSet(when: string, tz: string): string
  postReplaced(when: string, tz: string, before: string): string
  everyDay(time: string): string
  everyWeek(weekday: string, time: string): string
  postStopped(what: string): string
  notPosting: string
  dailyPost: string
  weeklyPost: string
  remindersSet(lead: string, what: string): string
  remindersStopped: string
  notReminding: string
  eachEvent: string
  eachKinds(kinds: string): string
  atVenue(venue: string): string
  meSet(lead: string, what: string): string
  meGoing: string
  meStopped(n: number): string
  meNone: string
  noDirect: string
  notPermitted(setter: string, moderators: boolean): string
  automatedHere: string
  nothingAutomated: string
  yourReminders: string
  setBy(name: string): string
  before(lead: string, what: string): string
  hints: Record<HintTopic, string>
  missingTime: string
  badTime(typed: string): string
  badLead(typed: string): string
  badKind(typed: string, kinds: string): string
  // posts
  programmeOf(day: string): string
  weekOf(day: string): string
  nothingPlanned(day: string): string
  nothingPlannedWeek: string
  isNew: string
  movedFrom(was: string): string
  changedSince: string
  cancelledWas(title: string, was: string): string
  movedAway(title: string, to: string): string
  removed(title: string): string
  conflicts(n: number): string
  startingIn(min: number, venue: string | null, title: string): string
  personal(title: string, min: number, when: string, venue: string | null): string
  changedSoon(what: string, was: string): string
  cancelledSoon(title: string, was: string): string
  minutes(n: number): string
}

const lead = (n: number, unit: { m: string; h: string }) => (n % 60 === 0 ? `${n / 60} ${unit.h}` : `${n} ${unit.m}`)

export const TEXT: Record<Lang, AutomationText> = {
  en: {
    postSet: (when, tz) => `I will post the programme here ${when} (${tz}). Stop it with “stop posting the schedule”.`,
    postReplaced: (when, tz, before) => `I will post the programme here ${when} (${tz}) instead of ${before}.`,
    everyDay: (t) => `every day at ${t}`,
    everyWeek: (w, t) => `every ${w} at ${t}`,
    postStopped: (what) => `I stopped posting the programme here (${what}).`,
    notPosting: 'I am not posting the programme here. Start with: post the schedule every day at 9:00',
    dailyPost: 'the daily programme',
    weeklyPost: "the week's programme",
    remindersSet: (l, w) => `I will remind this room ${l} before ${w}. Stop it with “stop reminding the room”.`,
    remindersStopped: 'I stopped the reminders in this room.',
    notReminding: 'I am not reminding this room of anything. Start with: remind the room 10 minutes before each event',
    eachEvent: 'each event',
    eachKinds: (k) => `each ${k}`,
    atVenue: (v) => ` at ${v}`,
    meSet: (l, w) => `I will send you a direct message ${l} before ${w}. Stop with “stop reminding me”.`,
    meGoing: 'every event you are going to',
    meStopped: (n) => `Done: ${n === 1 ? 'your reminder is' : `your ${n} reminders are`} stopped.`,
    meNone: 'You have no reminders. Try: remind me 15 minutes before History of P2P',
    noDirect: 'I cannot send direct messages on this chat platform, so I cannot remind you personally.',
    notPermitted: (s, mods) => `Only ${s}, who set this up${mods ? ', or a moderator of this room' : ''} can change or stop it.`,
    automatedHere: 'Automated in this room',
    nothingAutomated: 'Nothing is automated in this room. Try: post the schedule every day at 9:00 · remind the room 10 minutes before each event',
    yourReminders: 'Your reminders',
    setBy: (n) => `set up by ${n}`,
    before: (l, w) => `${l} before ${w}`,
    hints: {
      post: 'Say for instance: post the schedule every day at 9:00',
      weekly: "Say for instance: post the week's programme every Monday at 9:00",
      'remind-room': 'Say for instance: remind the room 10 minutes before each event (or: … before each workshop at Ground Control)',
      'remind-me': "Say for instance: remind me 15 minutes before History of P2P · remind me of everything I'm going to",
      stop: 'Say: stop posting the schedule · stop reminding the room · stop reminding me',
    },
    missingTime: 'At what time?',
    badTime: (t) => `“${t}” is not a time of day I can read.`,
    badLead: (t) => `“${t}” is not a time before the start I can read (from 1 minute to 24 hours).`,
    badKind: (t, k) => `“${t}” is not a kind of event I know (${k}).`,
    programmeOf: (d) => `Programme for ${d}`,
    weekOf: (d) => `Programme for the week from ${d}`,
    nothingPlanned: (d) => `Nothing planned on ${d}.`,
    nothingPlannedWeek: 'Nothing planned this week.',
    isNew: '🆕 new',
    movedFrom: (w) => `moved, was ${w}`,
    changedSince: 'Changed since the last post',
    cancelledWas: (t, w) => `cancelled: ${t} (was ${w})`,
    movedAway: (t, to) => `moved away: ${t}, now ${to}`,
    removed: (t) => `removed: ${t}`,
    conflicts: (n) => `⚠ ${n === 1 ? 'one event clashes' : `${n} events clash`} with another booking (marked above).`,
    startingIn: (m, v, t) => `Starting in ${m} min${v ? ` at ${v}` : ''}: ${t}`,
    personal: (t, m, w, v) => `Reminder: ${t} starts in ${m} min (${w}${v ? ` at ${v}` : ''}).`,
    changedSoon: (w, was) => `Change, starting soon: ${w} (was ${was}).`,
    cancelledSoon: (t, was) => `Cancelled, it was starting soon: ${t} (${was}).`,
    minutes: (n) => lead(n, { m: 'minutes', h: n === 60 ? 'hour' : 'hours' }),
  },
  fr: {
    postSet: (when, tz) => `Je publierai le programme ici ${when} (${tz}). Pour arrêter : « arrête de poster le programme ».`,
    postReplaced: (when, tz, before) => `Je publierai le programme ici ${when} (${tz}) au lieu de ${before}.`,
    everyDay: (t) => `chaque jour à ${t}`,
    everyWeek: (w, t) => `chaque ${w} à ${t}`,
    postStopped: (what) => `Je ne publie plus le programme ici (${what}).`,
    notPosting: 'Je ne publie pas le programme ici. Pour commencer : poste le programme chaque matin à 8h30',
    dailyPost: 'le programme du jour',
    weeklyPost: 'le programme de la semaine',
    remindersSet: (l, w) => `Je préviendrai ce salon ${l} avant ${w}. Pour arrêter : « arrête de rappeler le salon ».`,
    remindersStopped: "J'ai arrêté les rappels dans ce salon.",
    notReminding: 'Je ne fais aucun rappel dans ce salon. Pour commencer : rappelle au salon 10 minutes avant chaque événement',
    eachEvent: 'chaque événement',
    eachKinds: (k) => `chaque ${k}`,
    atVenue: (v) => ` à ${v}`,
    meSet: (l, w) => `Je vous enverrai un message privé ${l} avant ${w}. Pour arrêter : « arrête de me rappeler ».`,
    meGoing: 'chaque événement où vous allez',
    meStopped: (n) => `C'est fait : ${n === 1 ? 'votre rappel est arrêté' : `vos ${n} rappels sont arrêtés`}.`,
    meNone: "Vous n'avez aucun rappel. Essayez : rappelle-moi 15 minutes avant History of P2P",
    noDirect: 'Je ne peux pas envoyer de messages privés sur cette plateforme, donc pas de rappel personnel.',
    notPermitted: (s, mods) => `Seul·e ${s}, qui l'a mis en place${mods ? ', ou un·e modérateur·rice de ce salon' : ''}, peut le changer ou l'arrêter.`,
    automatedHere: 'Automatisé dans ce salon',
    nothingAutomated: "Rien n'est automatisé dans ce salon. Essayez : poste le programme chaque matin à 8h30 · rappelle au salon 10 minutes avant chaque événement",
    yourReminders: 'Vos rappels',
    setBy: (n) => `mis en place par ${n}`,
    before: (l, w) => `${l} avant ${w}`,
    hints: {
      post: 'Dites par exemple : poste le programme chaque matin à 8h30',
      weekly: 'Dites par exemple : publie le programme de la semaine chaque lundi à 9h',
      'remind-room': 'Dites par exemple : rappelle au salon 10 minutes avant chaque événement (ou : … avant chaque atelier à Ground Control)',
      'remind-me': 'Dites par exemple : rappelle-moi 15 minutes avant History of P2P · rappelle-moi tout ce où je vais',
      stop: 'Dites : arrête de poster le programme · arrête de rappeler le salon · arrête de me rappeler',
    },
    missingTime: 'À quelle heure ?',
    badTime: (t) => `« ${t} » n'est pas une heure que je sais lire.`,
    badLead: (t) => `« ${t} » n'est pas un délai que je sais lire (de 1 minute à 24 heures).`,
    badKind: (t, k) => `« ${t} » n'est pas un type d'événement connu (${k}).`,
    programmeOf: (d) => `Programme du ${d}`,
    weekOf: (d) => `Programme de la semaine à partir du ${d}`,
    nothingPlanned: (d) => `Rien de prévu le ${d}.`,
    nothingPlannedWeek: 'Rien de prévu cette semaine.',
    isNew: '🆕 nouveau',
    movedFrom: (w) => `déplacé, était ${w}`,
    changedSince: 'Changé depuis la dernière publication',
    cancelledWas: (t, w) => `annulé : ${t} (était ${w})`,
    movedAway: (t, to) => `déplacé : ${t}, désormais ${to}`,
    removed: (t) => `retiré : ${t}`,
    conflicts: (n) => `⚠ ${n === 1 ? 'un événement est en conflit' : `${n} événements sont en conflit`} avec une autre réservation (marqués ci-dessus).`,
    startingIn: (m, v, t) => `Dans ${m} min${v ? ` à ${v}` : ''} : ${t}`,
    personal: (t, m, w, v) => `Rappel : ${t} commence dans ${m} min (${w}${v ? ` à ${v}` : ''}).`,
    changedSoon: (w, was) => `Changement, ça commence bientôt : ${w} (était ${was}).`,
    cancelledSoon: (t, was) => `Annulé, ça devait commencer bientôt : ${t} (${was}).`,
    minutes: (n) => lead(n, { m: 'minutes', h: n === 60 ? 'heure' : 'heures' }),
  },
  de: {
    postSet: (when, tz) => `Ich poste das Programm hier ${when} (${tz}). Beenden mit „hör auf, das Programm zu posten“.`,
    postReplaced: (when, tz, before) => `Ich poste das Programm hier ${when} (${tz}) statt ${before}.`,
    everyDay: (t) => `jeden Tag um ${t}`,
    everyWeek: (w, t) => `jeden ${w} um ${t}`,
    postStopped: (what) => `Ich poste das Programm hier nicht mehr (${what}).`,
    notPosting: 'Ich poste hier kein Programm. Zum Beispiel: poste das Programm jeden Tag um 9 Uhr',
    dailyPost: 'das Tagesprogramm',
    weeklyPost: 'das Wochenprogramm',
    remindersSet: (l, w) => `Ich erinnere diesen Raum ${l} vor ${w}. Beenden mit „hör auf, den Raum zu erinnern“.`,
    remindersStopped: 'Ich habe die Erinnerungen in diesem Raum beendet.',
    notReminding: 'Ich erinnere diesen Raum an nichts. Zum Beispiel: erinnere den Raum 10 Minuten vor jeder Veranstaltung',
    eachEvent: 'jeder Veranstaltung',
    eachKinds: (k) => `jedem Termin der Art ${k}`,
    atVenue: (v) => ` in ${v}`,
    meSet: (l, w) => `Ich schicke dir ${l} vor ${w} eine Direktnachricht. Beenden mit „hör auf, mich zu erinnern“.`,
    meGoing: 'jeder Veranstaltung, zu der du gehst',
    meStopped: (n) => `Erledigt: ${n === 1 ? 'deine Erinnerung ist' : `deine ${n} Erinnerungen sind`} beendet.`,
    meNone: 'Du hast keine Erinnerungen. Versuch: erinnere mich 15 Minuten vor History of P2P',
    noDirect: 'Auf dieser Plattform kann ich keine Direktnachrichten schicken, also keine persönlichen Erinnerungen.',
    notPermitted: (s, mods) => `Nur ${s}, wer es eingerichtet hat${mods ? ', oder eine Moderation dieses Raums' : ''}, kann es ändern oder beenden.`,
    automatedHere: 'Automatisch in diesem Raum',
    nothingAutomated: 'In diesem Raum ist nichts automatisiert. Versuch: poste das Programm jeden Tag um 9 Uhr · erinnere den Raum 10 Minuten vor jeder Veranstaltung',
    yourReminders: 'Deine Erinnerungen',
    setBy: (n) => `eingerichtet von ${n}`,
    before: (l, w) => `${l} vor ${w}`,
    hints: {
      post: 'Sag zum Beispiel: poste das Programm jeden Tag um 9 Uhr',
      weekly: 'Sag zum Beispiel: poste das Wochenprogramm jeden Montag um 9 Uhr',
      'remind-room': 'Sag zum Beispiel: erinnere den Raum 10 Minuten vor jeder Veranstaltung (oder: … vor jedem Workshop im Village)',
      'remind-me': 'Sag zum Beispiel: erinnere mich 15 Minuten vor History of P2P · erinnere mich an alles, wo ich hingehe',
      stop: 'Sag: hör auf, das Programm zu posten · hör auf, den Raum zu erinnern · hör auf, mich zu erinnern',
    },
    missingTime: 'Um wie viel Uhr?',
    badTime: (t) => `„${t}“ ist keine Uhrzeit, die ich lesen kann.`,
    badLead: (t) => `„${t}“ ist keine Vorlaufzeit, die ich lesen kann (1 Minute bis 24 Stunden).`,
    badKind: (t, k) => `„${t}“ ist keine mir bekannte Art von Veranstaltung (${k}).`,
    programmeOf: (d) => `Programm für ${d}`,
    weekOf: (d) => `Wochenprogramm ab ${d}`,
    nothingPlanned: (d) => `Am ${d} ist nichts geplant.`,
    nothingPlannedWeek: 'Diese Woche ist nichts geplant.',
    isNew: '🆕 neu',
    movedFrom: (w) => `verschoben, war ${w}`,
    changedSince: 'Geändert seit dem letzten Post',
    cancelledWas: (t, w) => `abgesagt: ${t} (war ${w})`,
    movedAway: (t, to) => `verschoben: ${t}, jetzt ${to}`,
    removed: (t) => `entfernt: ${t}`,
    conflicts: (n) => `⚠ ${n === 1 ? 'Eine Veranstaltung kollidiert' : `${n} Veranstaltungen kollidieren`} mit einer anderen Buchung (oben markiert).`,
    startingIn: (m, v, t) => `In ${m} Min.${v ? ` in ${v}` : ''}: ${t}`,
    personal: (t, m, w, v) => `Erinnerung: ${t} beginnt in ${m} Min. (${w}${v ? ` in ${v}` : ''}).`,
    changedSoon: (w, was) => `Änderung, beginnt bald: ${w} (war ${was}).`,
    cancelledSoon: (t, was) => `Abgesagt, es hätte bald begonnen: ${t} (${was}).`,
    minutes: (n) => lead(n, { m: 'Minuten', h: n === 60 ? 'Stunde' : 'Stunden' }),
  },
}

/** Weekday names for replies, Monday first. */
export const WEEKDAY_NAMES: Record<Lang, string[]> = {
  en: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
  fr: ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'],
  de: ['Montag', 'Dienstag', 'Mittwoch', 'Donnerstag', 'Freitag', 'Samstag', 'Sonntag'],
}
