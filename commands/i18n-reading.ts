/**
 * What the bot says when it reads a sentence back, asks for what is missing, and answers questions
 * about one event or one place: English, French and German (the rest is in `i18n.ts`).
 */
import type { Lang } from './intent.ts'

type ReadingMsg = {
  /** "no" to a question: nothing changed. */
  dismissed: string
  /** A booking with a day but no time. */
  askClock: (day: string) => string
  /** A booking with no day or time. */
  askWhen: string
  /** A venue named that the festival does not have: add it with the event? */
  offerVenue: (venue: string, what: string) => string
  /** The same offer for a move: "add it and move X there?" */
  offerVenueMove: (venue: string, what: string) => string
  movedWithVenue: (venue: string, what: string) => string
  yesNo: [string, string]
  addedWithVenue: (venue: string, what: string) => string
  /** Answers about one event. */
  when: (what: string) => string
  where: (title: string, venue: string) => string
  nowhere: (title: string) => string
  starts: (title: string, day: string, time: string) => string
  ends: (title: string, day: string, time: string) => string
  about: (title: string, text: string) => string
  noAbout: (title: string) => string
  noTime: (title: string) => string
  descriptionSet: (title: string) => string
  changed: (what: string) => string
  /** Places and things. */
  venues: string
  resources: string
  noResources: string
  freeAt: (venue: string, when: string) => string
  takenAt: (venue: string, when: string, holders: string) => string
  venueRemoved: (name: string) => string
  venueNotYours: (name: string, host: string) => string
  venueInUse: (name: string, events: string) => string
  unknownVenueName: (typed: string, known: string) => string
  /** The weekend's programme heading. */
  weekend: string
  /** The heading of "what's on this week" and of next week's. */
  thisWeek: string
  nextWeek: string
  /** Capacity and co-organisers in a reply that reads a change back. */
  people: (n: number) => string
  withPeople: (names: string) => string
  /** A reference ("it", "the workshop") that names nothing yet. */
  noReferent: string
}

const en: ReadingMsg = {
  dismissed: 'OK, nothing changed.',
  askClock: (d) => `What time on ${d}?`,
  askWhen: 'When? Say a day and a time, e.g. “Saturday 15:00”.',
  offerVenue: (v, w) => `${v} isn't a venue yet — add it and book ${w} there? (yes / no)`,
  offerVenueMove: (v, w) => `${v} isn't a venue yet — add it and move ${w} there? (yes / no)`,
  movedWithVenue: (v, w) => `Added the venue ${v} and moved ${w}.`,
  yesNo: ['yes', 'no'],
  addedWithVenue: (v, w) => `Added the venue ${v} and ${w}.`,
  when: (w) => `${w}.`,
  where: (t, v) => `“${t}” is at ${v}.`,
  nowhere: (t) => `“${t}” has no venue yet.`,
  starts: (t, d, h) => `“${t}” starts on ${d} at ${h}.`,
  ends: (t, d, h) => `“${t}” ends on ${d} at ${h}.`,
  about: (t, x) => `“${t}”: ${x}`,
  noAbout: (t) => `“${t}” has no description yet. Its organiser can add one: description of ${t}: …`,
  noTime: (t) => `“${t}” has no time yet.`,
  descriptionSet: (t) => `Saved the description of “${t}”.`,
  changed: (w) => `Changed: ${w}.`,
  venues: 'Venues',
  resources: 'Resources',
  noResources: 'No resources yet. Add one: add resource projector',
  freeAt: (v, w) => `${v} is free ${w}.`,
  takenAt: (v, w, h) => `${v} is taken ${w}: ${h}.`,
  venueRemoved: (n) => `Removed the venue ${n}.`,
  venueNotYours: (n, h) => `Only its host (${h}) can remove the venue ${n}.`,
  venueInUse: (n, e) => `${n} still holds other people's events: ${e}. They would lose their venue; ask them to move first.`,
  unknownVenueName: (t, k) => `I don't know a venue called “${t}”.${k ? ` Venues: ${k}.` : ''}`,
  weekend: 'This weekend',
  thisWeek: 'This week',
  nextWeek: 'Next week',
  people: (n) => `${n} people`,
  withPeople: (names) => `with ${names}`,
  noReferent: "I'm not sure which event you mean. Say its name, e.g. “move History of P2P to 20:00”.",
}

const fr: ReadingMsg = {
  dismissed: "D'accord, rien n'a changé.",
  askClock: (d) => `À quelle heure, ${d} ?`,
  askWhen: 'Quand ? Donnez un jour et une heure, par ex. « samedi 15h ».',
  offerVenue: (v, w) => `${v} n'est pas encore un lieu — l'ajouter et y réserver ${w} ? (oui / non)`,
  offerVenueMove: (v, w) => `${v} n'est pas encore un lieu — l'ajouter et y déplacer ${w} ? (oui / non)`,
  movedWithVenue: (v, w) => `Lieu ${v} ajouté, et déplacé : ${w}.`,
  yesNo: ['oui', 'non'],
  addedWithVenue: (v, w) => `Lieu ${v} ajouté, et ${w}.`,
  when: (w) => `${w}.`,
  where: (t, v) => `« ${t} » a lieu à ${v}.`,
  nowhere: (t) => `« ${t} » n'a pas encore de lieu.`,
  starts: (t, d, h) => `« ${t} » commence ${d} à ${h}.`,
  ends: (t, d, h) => `« ${t} » se termine ${d} à ${h}.`,
  about: (t, x) => `« ${t} » : ${x}`,
  noAbout: (t) => `« ${t} » n'a pas encore de description. Son organisateur·ice peut en ajouter une : description de ${t} : …`,
  noTime: (t) => `« ${t} » n'a pas encore d'horaire.`,
  descriptionSet: (t) => `Description de « ${t} » enregistrée.`,
  changed: (w) => `Modifié : ${w}.`,
  venues: 'Lieux',
  resources: 'Ressources',
  noResources: 'Aucune ressource pour le moment. Ajoutez-en une : ajoute la ressource vidéoprojecteur',
  freeAt: (v, w) => `${v} est libre ${w}.`,
  takenAt: (v, w, h) => `${v} est pris ${w} : ${h}.`,
  venueRemoved: (n) => `Lieu ${n} retiré.`,
  venueNotYours: (n, h) => `Seul·e son hôte (${h}) peut retirer le lieu ${n}.`,
  venueInUse: (n, e) => `${n} accueille encore des événements d'autres personnes : ${e}. Ils perdraient leur lieu ; demandez-leur d'abord de les déplacer.`,
  unknownVenueName: (t, k) => `Je ne connais pas de lieu « ${t} ».${k ? ` Lieux : ${k}.` : ''}`,
  weekend: 'Ce week-end',
  thisWeek: 'Cette semaine',
  nextWeek: 'La semaine prochaine',
  people: (n) => `${n} personnes`,
  withPeople: (names) => `avec ${names}`,
  noReferent: "Je ne sais pas de quel événement vous parlez. Donnez son nom, par ex. « déplace History of P2P à 20h ».",
}

const de: ReadingMsg = {
  dismissed: 'Gut, nichts geändert.',
  askClock: (d) => `Um wie viel Uhr am ${d}?`,
  askWhen: 'Wann? Nenne Tag und Uhrzeit, z. B. „Samstag 15 Uhr“.',
  offerVenue: (v, w) => `${v} ist noch kein Ort — hinzufügen und ${w} dort eintragen? (ja / nein)`,
  offerVenueMove: (v, w) => `${v} ist noch kein Ort — hinzufügen und ${w} dorthin verlegen? (ja / nein)`,
  movedWithVenue: (v, w) => `Ort ${v} hinzugefügt, und verlegt: ${w}.`,
  yesNo: ['ja', 'nein'],
  addedWithVenue: (v, w) => `Ort ${v} hinzugefügt, und ${w}.`,
  when: (w) => `${w}.`,
  where: (t, v) => `„${t}“ ist in ${v}.`,
  nowhere: (t) => `„${t}“ hat noch keinen Ort.`,
  starts: (t, d, h) => `„${t}“ beginnt am ${d} um ${h}.`,
  ends: (t, d, h) => `„${t}“ endet am ${d} um ${h}.`,
  about: (t, x) => `„${t}“: ${x}`,
  noAbout: (t) => `„${t}“ hat noch keine Beschreibung. Die Organisation kann eine hinzufügen: Beschreibung von ${t}: …`,
  noTime: (t) => `„${t}“ hat noch keine Zeit.`,
  descriptionSet: (t) => `Beschreibung von „${t}“ gespeichert.`,
  changed: (w) => `Geändert: ${w}.`,
  venues: 'Orte',
  resources: 'Ressourcen',
  noResources: 'Noch keine Ressourcen. Füge eine hinzu: füge die Ressource Beamer hinzu',
  freeAt: (v, w) => `${v} ist ${w} frei.`,
  takenAt: (v, w, h) => `${v} ist ${w} belegt: ${h}.`,
  venueRemoved: (n) => `Ort ${n} entfernt.`,
  venueNotYours: (n, h) => `Nur der Gastgeber (${h}) kann den Ort ${n} entfernen.`,
  venueInUse: (n, e) => `In ${n} sind noch Veranstaltungen anderer: ${e}. Sie verlören ihren Ort; bitte sie zuerst, sie zu verlegen.`,
  unknownVenueName: (t, k) => `Ich kenne keinen Ort „${t}“.${k ? ` Orte: ${k}.` : ''}`,
  weekend: 'Dieses Wochenende',
  thisWeek: 'Diese Woche',
  nextWeek: 'Nächste Woche',
  people: (n) => `${n} Personen`,
  withPeople: (names) => `mit ${names}`,
  noReferent: 'Ich weiß nicht, welche Veranstaltung du meinst. Nenne ihren Namen, z. B. „verschieb History of P2P auf 20 Uhr“.',
}

/** The reading-back messages of a language. */
export const READING: Record<Lang, ReadingMsg> = { en, fr, de }
