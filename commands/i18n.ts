/**
 * What the bot says, in English, French and German.
 *
 * @remarks One function per message, so that arguments are typed and every language says the same
 * thing. Event lines are built by `describeEvent` in `commands/format.ts`; these are the sentences
 * around them.
 */
import type { Lang } from './intent.ts'

type Msg = {
  added: (what: string) => string
  moved: (what: string) => string
  renamed: (from: string, what: string) => string
  cancelled: (what: string) => string
  undone: (what: string) => string
  nothingToUndo: string
  venueAdded: (name: string, detail: string) => string
  venueExists: (name: string) => string
  resourceAdded: (name: string, count: number) => string
  resourceExists: (name: string) => string
  resourceBooked: (resource: string, what: string) => string
  resourceTaken: (resource: string, holders: string) => string
  going: (what: string) => string
  maybe: (what: string) => string
  notGoing: (what: string) => string
  whoIsGoing: (title: string, going: string, maybe: string) => string
  nobodyGoing: (title: string) => string
  nothingPlanned: (when: string) => string
  scheduleHeading: (when: string) => string
  nowAndNext: string
  runningNow: string
  comingNext: string
  myEvents: string
  noMyEvents: string
  freeSlots: (venue: string, day: string) => string
  noFreeSlots: (venue: string, day: string) => string
  venueTaken: (venue: string, holders: string) => string
  alternatives: string
  unknownVenue: (typed: string, known: string) => string
  unknownEvent: (typed: string) => string
  unknownResource: (typed: string, known: string) => string
  whichOne: (typed: string) => string
  notYours: (title: string, organiser: string) => string
  needTime: string
  needDayTime: (example: string) => string
  inThePast: string
  outsideFestival: (range: string) => string
  endBeforeStart: string
  didYouMean: (names: string) => string
  help: string[]
  helpTitle: string
  error: string
  /** A store write failed (core/oplog.ts `diskProblemOf`); nothing of the change was stored. */
  storeFailed: (problem: 'full' | 'quota' | 'readonly' | 'denied' | 'io') => string
  alreadyCancelled: (title: string) => string
  noVenues: string
  /** A refusal of the writer (`core/limits.ts`): `field` a key of `TEXT_LIMITS` or `LIST_LIMITS`. */
  tooLong: (field: string, length: number, max: number) => string
  tooMany: (field: string, count: number, max: number) => string
  /** `day` the refused date, `from`/`to` the festival's window, all `YYYY-MM-DD`. */
  dateTooFar: (day: string, from: string, to: string) => string
}

const FIELD_EN: Record<string, [string, string]> = {
  title: ['title', 'titles'], name: ['name', 'names'], alias: ['other name', 'other names'], description: ['description', 'descriptions'],
  organizer: ['organiser name', 'organiser names'], tag: ['tag', 'tags'], language: ['language', 'languages'], handle: ['handle', 'handles'],
  source: ['source', 'sources'], series: ['series id', 'series ids'], hours: ['opening hours', 'opening hours'],
  aliases: ['other names', 'other names'], organizers: ['organisers', 'organisers'], tags: ['tags', 'tags'], resources: ['resources', 'resources'],
  coOrganizers: ['co-organisers', 'co-organisers'], template: ['programme items', 'programme items'], skipped: ['skipped dates', 'skipped dates'], moved: ['moved dates', 'moved dates'],
}
const FIELD_FR: Record<string, [string, string]> = {
  title: ['Ce titre', 'un titre'], name: ['Ce nom', 'un nom'], alias: ['Cet autre nom', 'un autre nom'], description: ['Cette description', 'une description'],
  organizer: ["Ce nom d'organisateur", "un nom d'organisateur"], tag: ['Ce tag', 'un tag'], language: ['Cette langue', 'une langue'], handle: ['Cet identifiant', 'un identifiant'],
  source: ['Cette source', 'une source'], series: ['Cet identifiant de série', 'un identifiant de série'], hours: ['Ces horaires', 'des horaires'],
}
const LIST_FR: Record<string, string> = { aliases: 'autres noms', organizers: 'organisateurs', tags: 'tags', resources: 'ressources', coOrganizers: 'co-organisateurs', template: 'éléments de programme', skipped: 'dates sautées', moved: 'dates déplacées' }
const LIST_DE: Record<string, string> = { aliases: 'andere Namen', organizers: 'Organisatoren', tags: 'Tags', resources: 'Ressourcen', coOrganizers: 'Mitorganisatoren', template: 'Programmpunkte', skipped: 'übersprungene Termine', moved: 'verschobene Termine' }
const FIELD_DE: Record<string, [string, string]> = {
  title: ['Dieser Titel', 'ein Titel'], name: ['Dieser Name', 'ein Name'], alias: ['Dieser andere Name', 'ein anderer Name'], description: ['Diese Beschreibung', 'eine Beschreibung'],
  organizer: ['Dieser Organisatorname', 'ein Organisatorname'], tag: ['Dieses Tag', 'ein Tag'], language: ['Diese Sprache', 'eine Sprache'], handle: ['Diese Kennung', 'eine Kennung'],
  source: ['Diese Quelle', 'eine Quelle'], series: ['Diese Serien-ID', 'eine Serien-ID'], hours: ['Diese Öffnungszeiten', 'Öffnungszeiten'],
}

const en: Msg = {
  added: (w) => `Added ${w}.`,
  moved: (w) => `Moved: ${w}.`,
  renamed: (from, w) => `Renamed “${from}”: ${w}.`,
  cancelled: (w) => `Cancelled ${w}.`,
  undone: (w) => `Undone: ${w}.`,
  nothingToUndo: 'There is nothing of yours to undo.',
  venueAdded: (n, d) => `Added the venue ${n} (${d}).`,
  venueExists: (n) => `There is already a venue called ${n}.`,
  resourceAdded: (n, c) => `Added the resource ${n}${c > 1 ? ` (×${c})` : ''}.`,
  resourceExists: (n) => `There is already a resource called ${n}.`,
  resourceBooked: (r, w) => `Booked ${r} for ${w}.`,
  resourceTaken: (r, h) => `${r} is all booked then, by ${h}.`,
  going: (w) => `You're going to ${w}.`,
  maybe: (w) => `Marked as maybe: ${w}.`,
  notGoing: (w) => `You're no longer going to ${w}.`,
  whoIsGoing: (t, g, m) => `Going to ${t}: ${g}${m ? `. Maybe: ${m}` : ''}.`,
  nobodyGoing: (t) => `Nobody has said they're going to ${t} yet.`,
  nothingPlanned: (w) => `Nothing planned ${w}.`,
  scheduleHeading: (w) => w,
  nowAndNext: 'Now and next',
  runningNow: 'On now',
  comingNext: 'Next',
  myEvents: 'Your events',
  noMyEvents: "You have no events yet: neither organised nor RSVP'd.",
  freeSlots: (v, d) => `Free at ${v} on ${d}`,
  noFreeSlots: (v, d) => `${v} is fully booked on ${d}.`,
  venueTaken: (v, h) => `${v} is taken then: ${h}.`,
  alternatives: 'Free instead',
  unknownVenue: (t, k) => `I don't know a venue called “${t}”.${k ? ` Venues: ${k}.` : ''} Add it with: add venue ${t}`,
  unknownEvent: (t) => `I can't find an event called “${t}”. Try: what's on tomorrow`,
  unknownResource: (t, k) => `I don't know a resource called “${t}”.${k ? ` Resources: ${k}.` : ''} Add it with: add resource ${t}`,
  whichOne: (t) => `Which one do you mean by “${t}”?`,
  notYours: (t, o) => `Only its organiser (${o}) can change “${t}”. You can RSVP to it instead.`,
  needTime: 'When? Say a day and a time, e.g. “Saturday 15:00”.',
  needDayTime: (ex) => `Please give a time as well, e.g. “${ex}”.`,
  inThePast: "That time has already passed. Pick a time that's still ahead.",
  outsideFestival: (r) => `That's outside the festival (${r}).`,
  endBeforeStart: 'The end is before the start.',
  didYouMean: (n) => `Did you mean: ${n}?`,
  helpTitle: 'What I understand (for example)',
  help: [
    'add workshop "Intro to IPFS" Saturday 15:00-17:00 at Ground Control',
    'move Intro to IPFS to 16:00 · rename Intro to IPFS to IPFS basics · cancel Intro to IPFS · undo',
    "what's on tonight? · schedule Saturday · what's on now · schedule at Ground Control tomorrow",
    "I'm going to Intro to IPFS · maybe Intro to IPFS · I can't make it to Intro to IPFS · who's going to Intro to IPFS?",
    'add venue Scène as a stage for 300 people · add venue Village as a zone · free slots at Scène on Saturday',
    'add resource projector · book the projector for Intro to IPFS · my events',
    'post the schedule every day at 9:00 · remind the room 10 minutes before each event · remind me 15 minutes before Intro to IPFS · automation',
    "pair people at 19:30 for 5 rounds of 10 minutes at Intro to IPFS · I'm in for the rounds · find me a random meeting tomorrow afternoon · I'm up for random meetings",
    "new community France P2P · this festival joins France P2P · this room follows France P2P · what's on in the France P2P community this month? · festivals nearby",
    'Also in French and German: « programme de samedi », „was läuft morgen im Village?“',
  ],
  error: 'Something went wrong on my side; nothing was changed. Please try again.',
  storeFailed: (p) =>
    `I could not store that: ${{ full: 'the disk is full', quota: 'the disk quota is used up', readonly: 'the disk is read-only', denied: 'I may not write to the data directory', io: 'the disk reported an error' }[p]}; nothing was changed.`,
  alreadyCancelled: (t) => `“${t}” is already cancelled.`,
  noVenues: 'No venues yet. Add one: add venue Scène as a stage',
  tooLong: (f, n, max) => `That ${FIELD_EN[f]?.[0] ?? f} is ${n} characters; ${FIELD_EN[f]?.[1] ?? f} can be at most ${max}. Nothing was changed.`,
  tooMany: (f, n, max) => `That is ${n} ${FIELD_EN[f]?.[1] ?? f}; at most ${max}. Nothing was changed.`,
  dateTooFar: (d, from, to) => `${d} is more than 10 years from this festival; dates must lie between ${from} and ${to}. Nothing was changed.`,
}

const fr: Msg = {
  added: (w) => `Ajouté : ${w}.`,
  moved: (w) => `Déplacé : ${w}.`,
  renamed: (from, w) => `« ${from} » renommé : ${w}.`,
  cancelled: (w) => `Annulé : ${w}.`,
  undone: (w) => `Défait : ${w}.`,
  nothingToUndo: "Vous n'avez rien à annuler.",
  venueAdded: (n, d) => `Lieu ajouté : ${n} (${d}).`,
  venueExists: (n) => `Il existe déjà un lieu nommé ${n}.`,
  resourceAdded: (n, c) => `Ressource ajoutée : ${n}${c > 1 ? ` (×${c})` : ''}.`,
  resourceExists: (n) => `Il existe déjà une ressource nommée ${n}.`,
  resourceBooked: (r, w) => `${r} réservé pour ${w}.`,
  resourceTaken: (r, h) => `${r} est déjà entièrement réservé à ce moment-là, par ${h}.`,
  going: (w) => `Vous venez à ${w}.`,
  maybe: (w) => `Noté comme peut-être : ${w}.`,
  notGoing: (w) => `Vous ne venez plus à ${w}.`,
  whoIsGoing: (t, g, m) => `Viennent à ${t} : ${g}${m ? `. Peut-être : ${m}` : ''}.`,
  nobodyGoing: (t) => `Personne n'a encore dit venir à ${t}.`,
  nothingPlanned: (w) => `Rien de prévu ${w}.`,
  scheduleHeading: (w) => w,
  nowAndNext: 'En ce moment et ensuite',
  runningNow: 'En ce moment',
  comingNext: 'Ensuite',
  myEvents: 'Vos événements',
  noMyEvents: "Vous n'avez encore aucun événement, ni organisé ni réservé.",
  freeSlots: (v, d) => `Libre à ${v} le ${d}`,
  noFreeSlots: (v, d) => `${v} est complet le ${d}.`,
  venueTaken: (v, h) => `${v} est déjà pris à ce moment-là : ${h}.`,
  alternatives: 'Libre à la place',
  unknownVenue: (t, k) => `Je ne connais pas de lieu « ${t} ».${k ? ` Lieux : ${k}.` : ''} Pour l'ajouter : ajoute le lieu ${t}`,
  unknownEvent: (t) => `Je ne trouve pas d'événement « ${t} ». Essayez : programme de demain`,
  unknownResource: (t, k) => `Je ne connais pas de ressource « ${t} ».${k ? ` Ressources : ${k}.` : ''} Pour l'ajouter : ajoute la ressource ${t}`,
  whichOne: (t) => `Lequel voulez-vous dire par « ${t} » ?`,
  notYours: (t, o) => `Seul·e son organisateur·ice (${o}) peut modifier « ${t} ». Vous pouvez y répondre (je viens).`,
  needTime: 'Quand ? Donnez un jour et une heure, par ex. « samedi 15h ».',
  needDayTime: (ex) => `Donnez aussi une heure, par ex. « ${ex} ».`,
  inThePast: 'Cette heure est déjà passée. Choisissez un moment à venir.',
  outsideFestival: (r) => `C'est en dehors du festival (${r}).`,
  endBeforeStart: 'La fin est avant le début.',
  didYouMean: (n) => `Vouliez-vous dire : ${n} ?`,
  helpTitle: 'Ce que je comprends (par exemple)',
  help: [
    'ajoute un atelier "Intro à IPFS" samedi 15h-17h à Ground Control',
    "déplace Intro à IPFS à 16h · renomme Intro à IPFS en Bases d'IPFS · annule Intro à IPFS · annule ma dernière action",
    "qu'est-ce qu'il y a ce soir ? · programme de samedi · programme à Ground Control demain",
    'je viens à Intro à IPFS · peut-être Intro à IPFS · je ne viens plus à Intro à IPFS · qui vient à Intro à IPFS ?',
    'ajoute le lieu Scène, une scène pour 300 personnes · créneaux libres à la Scène samedi',
    'ajoute la ressource vidéoprojecteur · réserve le vidéoprojecteur pour Intro à IPFS · mes événements',
    'poste le programme chaque matin à 8h30 · rappelle au salon 10 minutes avant chaque événement · rappelle-moi 15 minutes avant Intro à IPFS',
    'fais 5 rencontres de 10 minutes à 19h30 pour Intro à IPFS · je suis partant pour les rencontres · une rencontre au hasard demain après-midi · je suis partant pour des rencontres au hasard',
    "nouvelle communauté France P2P · ce festival rejoint France P2P · ce salon suit France P2P · quoi de neuf chez la communauté France P2P ce mois-ci ? · festivals à proximité",
  ],
  error: "Un problème de mon côté ; rien n'a été modifié. Réessayez.",
  storeFailed: (p) =>
    `Je n'ai pas pu l'enregistrer : ${{ full: 'le disque est plein', quota: 'le quota du disque est épuisé', readonly: 'le disque est en lecture seule', denied: "je n'ai pas le droit d'écrire dans le répertoire de données", io: 'le disque a signalé une erreur' }[p]} ; rien n'a été modifié.`,
  alreadyCancelled: (t) => `« ${t} » est déjà annulé.`,
  noVenues: 'Aucun lieu pour le moment. Ajoutez-en un : ajoute le lieu Scène, une scène',
  tooLong: (f, n, max) => `${FIELD_FR[f]?.[0] ?? f} fait ${n} caractères ; ${FIELD_FR[f]?.[1] ?? f} peut en avoir au plus ${max}. Rien n'a été modifié.`,
  tooMany: (f, n, max) => `${n} ${LIST_FR[f] ?? f}, c'est trop ; au plus ${max}. Rien n'a été modifié.`,
  dateTooFar: (d, from, to) => `${d} est à plus de 10 ans de ce festival ; les dates doivent être entre le ${from} et le ${to}. Rien n'a été modifié.`,
}

const de: Msg = {
  added: (w) => `Hinzugefügt: ${w}.`,
  moved: (w) => `Verschoben: ${w}.`,
  renamed: (from, w) => `„${from}“ umbenannt: ${w}.`,
  cancelled: (w) => `Abgesagt: ${w}.`,
  undone: (w) => `Rückgängig gemacht: ${w}.`,
  nothingToUndo: 'Du hast nichts, was sich rückgängig machen ließe.',
  venueAdded: (n, d) => `Ort hinzugefügt: ${n} (${d}).`,
  venueExists: (n) => `Es gibt schon einen Ort namens ${n}.`,
  resourceAdded: (n, c) => `Ressource hinzugefügt: ${n}${c > 1 ? ` (×${c})` : ''}.`,
  resourceExists: (n) => `Es gibt schon eine Ressource namens ${n}.`,
  resourceBooked: (r, w) => `${r} gebucht für ${w}.`,
  resourceTaken: (r, h) => `${r} ist zu der Zeit ausgebucht, durch ${h}.`,
  going: (w) => `Du kommst zu ${w}.`,
  maybe: (w) => `Als vielleicht vermerkt: ${w}.`,
  notGoing: (w) => `Du kommst nicht mehr zu ${w}.`,
  whoIsGoing: (t, g, m) => `Zu ${t} kommen: ${g}${m ? `. Vielleicht: ${m}` : ''}.`,
  nobodyGoing: (t) => `Bisher hat niemand zugesagt für ${t}.`,
  nothingPlanned: (w) => `Nichts geplant ${w}.`,
  scheduleHeading: (w) => w,
  nowAndNext: 'Jetzt und danach',
  runningNow: 'Läuft gerade',
  comingNext: 'Danach',
  myEvents: 'Deine Termine',
  noMyEvents: 'Du hast noch keine Termine, weder organisiert noch zugesagt.',
  freeSlots: (v, d) => `Frei in ${v} am ${d}`,
  noFreeSlots: (v, d) => `${v} ist am ${d} ausgebucht.`,
  venueTaken: (v, h) => `${v} ist zu der Zeit belegt: ${h}.`,
  alternatives: 'Stattdessen frei',
  unknownVenue: (t, k) => `Ich kenne keinen Ort „${t}“.${k ? ` Orte: ${k}.` : ''} Hinzufügen mit: füge den Ort ${t} hinzu`,
  unknownEvent: (t) => `Ich finde keine Veranstaltung „${t}“. Versuch: was läuft morgen`,
  unknownResource: (t, k) => `Ich kenne keine Ressource „${t}“.${k ? ` Ressourcen: ${k}.` : ''} Hinzufügen mit: füge die Ressource ${t} hinzu`,
  whichOne: (t) => `Welche meinst du mit „${t}“?`,
  notYours: (t, o) => `Nur die Organisation (${o}) kann „${t}“ ändern. Du kannst aber zusagen.`,
  needTime: 'Wann? Nenne Tag und Uhrzeit, z. B. „Samstag 15 Uhr“.',
  needDayTime: (ex) => `Bitte nenne auch eine Uhrzeit, z. B. „${ex}“.`,
  inThePast: 'Diese Zeit ist schon vorbei. Wähle eine spätere.',
  outsideFestival: (r) => `Das liegt außerhalb des Festivals (${r}).`,
  endBeforeStart: 'Das Ende liegt vor dem Beginn.',
  didYouMean: (n) => `Meintest du: ${n}?`,
  helpTitle: 'Was ich verstehe (zum Beispiel)',
  help: [
    'füge Workshop "Intro zu IPFS" Samstag 15-17 Uhr im Ground Control hinzu',
    'verschieb Intro zu IPFS auf 16 Uhr · benenne Intro zu IPFS in IPFS-Grundlagen um · sag Intro zu IPFS ab · rückgängig',
    'was läuft heute Abend? · was läuft morgen im Village? · Programm am Samstag',
    'ich komme zu Intro zu IPFS · vielleicht Intro zu IPFS · ich komme nicht zu Intro zu IPFS · wer kommt zu Intro zu IPFS?',
    'füge den Ort Bühne hinzu, Bühne für 300 Personen · freie Slots auf der Bühne am Samstag',
    'füge die Ressource Beamer hinzu · buche den Beamer für Intro zu IPFS · meine Termine',
    'poste das Programm jeden Tag um 9 Uhr · erinnere den Raum 10 Minuten vor jeder Veranstaltung · erinnere mich 15 Minuten vor Intro zu IPFS',
    'bilde Paare um 19:30 für 5 Runden à 10 Minuten beim Intro zu IPFS · ich bin bei den Runden dabei · ein Zufallstreffen morgen Nachmittag · ich bin dabei für Zufallstreffen',
    'neue Community France P2P · dieses Festival tritt France P2P bei · dieser Raum folgt France P2P · was läuft bei der Community France P2P diesen Monat? · Festivals in der Nähe',
  ],
  error: 'Bei mir ist etwas schiefgegangen; nichts wurde geändert. Bitte versuch es nochmal.',
  storeFailed: (p) =>
    `Ich konnte das nicht speichern: ${{ full: 'die Festplatte ist voll', quota: 'das Speicherkontingent ist erschöpft', readonly: 'die Festplatte ist schreibgeschützt', denied: 'ich darf nicht ins Datenverzeichnis schreiben', io: 'die Festplatte meldet einen Fehler' }[p]}; nichts wurde geändert.`,
  alreadyCancelled: (t) => `„${t}“ ist schon abgesagt.`,
  noVenues: 'Noch keine Orte. Füge einen hinzu: füge den Ort Bühne hinzu',
  tooLong: (f, n, max) => `${FIELD_DE[f]?.[0] ?? f} hat ${n} Zeichen; ${FIELD_DE[f]?.[1] ?? f} darf höchstens ${max} haben. Nichts wurde geändert.`,
  tooMany: (f, n, max) => `${n} ${LIST_DE[f] ?? f} sind zu viele; höchstens ${max}. Nichts wurde geändert.`,
  dateTooFar: (d, from, to) => `${d} liegt mehr als 10 Jahre von diesem Festival entfernt; Daten müssen zwischen ${from} und ${to} liegen. Nichts wurde geändert.`,
}

/** The messages of a language. */
export const MESSAGES: Record<Lang, Msg> = { en, fr, de }
export type Messages = Msg

// ---- recurring series (commands/series.ts) ------------------------------------------------------

type SeriesMsg = {
  /** `what`: the series as `describeSeries` names it; `next`: its next dates. */
  added: (what: string, next: string) => string
  clashes: string
  skipped: (what: string) => string
  alreadySkipped: (what: string) => string
  moved: (what: string) => string
  ended: (title: string, day: string, last: string) => string
  endsBeforeStart: (title: string, first: string) => string
  templateSet: (title: string, next: string) => string
  templateBeforeStart: (clock: string, start: string) => string
  next: (what: string, then: string) => string
  noneLeft: (title: string) => string
  noOccurrence: (title: string, which: string) => string
  unknownSeries: (typed: string, known: string) => string
  noSeries: string
  whichSeries: string
  notYours: (title: string, organiser: string) => string
  noDate: string
  renamed: (from: string, to: string) => string
  noResources: (title: string) => string
  inMonth: (month: string) => string
  onDay: (day: string) => string
  upcoming: string
  /** The line `help` shows for series. */
  help: string
  /** An end day that has passed (`day` with its year). */
  endInPast: (title: string, day: string) => string
  /** A series title longer than the schedule shows. */
  titleTooLong: (length: number, max: number) => string
  /** A programme with more items than the schedule shows. */
  templateTooLong: (items: number, max: number) => string
  /** The author already has as many series as the schedule shows per person. */
  tooManySeries: (max: number) => string
  /** More skipped or moved dates than the schedule shows. */
  tooManyExceptions: (title: string, max: number) => string
  /** Written, but the schedule does not show it. */
  notShown: (title: string) => string
}

const seriesEn: SeriesMsg = {
  added: (w, n) => `Added the series ${w}.${n ? ` Next: ${n}.` : ''}`,
  clashes: 'These occurrences clash and are marked conflicting (skip or move them)',
  skipped: (w) => `Skipped ${w}; the series goes on.`,
  alreadySkipped: (w) => `${w} is already skipped.`,
  moved: (w) => `Moved this occurrence: ${w}.`,
  ended: (t, d, l) => `“${t}” now ends on ${d}.${l ? ` The last one: ${l}.` : ' No occurrence is left.'}`,
  endsBeforeStart: (t, f) => `“${t}” starts on ${f}; it cannot end before that.`,
  templateSet: (t, n) => `“${t}” now has a programme, copied into every occurrence${n ? ` (next: ${n})` : ''}:`,
  templateBeforeStart: (c, s) => `${c} is before the series starts (${s}): the programme starts with the series, e.g. “${s} doors, …”.`,
  next: (w, t) => `Next: ${w}.${t ? ` Then: ${t}.` : ''}`,
  noneLeft: (t) => `No occurrence of “${t}” is planned from now on.`,
  noOccurrence: (t, w) => `“${t}” has no occurrence ${w}.`,
  unknownSeries: (t, k) => `I don't know a series called “${t}”.${k ? ` Series: ${k}.` : ''} Create one with: every first Wednesday at 18:30 at Ground Control: ${t}`,
  noSeries: 'There is no series yet. Create one with: every first Wednesday at 18:30 at Ground Control: Paris P2P monthly',
  whichSeries: 'Which series do you mean?',
  notYours: (t, o) => `Only its organiser (${o}) can change the series “${t}”. You can still say: I'm going to the next ${t}`,
  noDate: 'That rule gives no date in the coming ten years (or in the festival). Try: every first Wednesday at 18:30',
  renamed: (f, t) => `Renamed the series “${f}” to “${t}”, every occurrence with it.`,
  noResources: (t) => `“${t}” is an occurrence of a series; booking resources for a series is not possible yet. Book them for a one-off event instead.`,
  inMonth: (m) => `in ${m}`,
  onDay: (d) => `on ${d}`,
  upcoming: 'from now on',
  help: 'every first Wednesday at 18:30 at Ground Control: Paris P2P monthly · skip the next Paris P2P monthly · move the March one to the 11th · end the series after June · Paris P2P monthly programme: 18:30 doors, 19:00 talks · when is the next Paris P2P monthly?',
  endInPast: (t, d) => `${d} has already passed: “${t}” can end today at the earliest. Try: end ${t} after June`,
  titleTooLong: (n, max) => `That title is ${n} characters long; a series title can have ${max} at most. Try a shorter one, e.g.: every first Wednesday at 18:30: Paris P2P monthly`,
  templateTooLong: (n, max) => `That programme has ${n} items; a series programme can have ${max} at most. Merge some, e.g.: 18:30 doors, 19:00 talks, 20:00 free-for-all`,
  tooManySeries: (max) => `You already run ${max} series, the most one person can have: another one would not show in the schedule. Another organiser can add it.`,
  tooManyExceptions: (t, max) => `“${t}” already has ${max} skipped or moved dates, the most a series can have. End it and start a new series instead.`,
  notShown: (t) => `“${t}” was saved but does not show in the schedule. Say “undo” to take it back.`,
}

const seriesFr: SeriesMsg = {
  added: (w, n) => `Série ajoutée : ${w}.${n ? ` Prochaines dates : ${n.replace(/\.$/, '')}.` : ''}`,
  clashes: 'Ces dates sont en conflit et marquées comme telles (sautez-les ou déplacez-les)',
  skipped: (w) => `Date sautée : ${w} ; la série continue.`,
  alreadySkipped: (w) => `${w} est déjà sautée.`,
  moved: (w) => `Cette date est déplacée : ${w}.`,
  ended: (t, d, l) => `« ${t} » se termine désormais le ${d}.${l ? ` Dernière date : ${l}.` : ' Il ne reste aucune date.'}`,
  endsBeforeStart: (t, f) => `« ${t} » commence le ${f} ; elle ne peut pas finir avant.`,
  templateSet: (t, n) => `« ${t} » a maintenant un programme, repris à chaque date${n ? ` (prochaine : ${n})` : ''} :`,
  templateBeforeStart: (c, s) => `${c} est avant le début de la série (${s}) : le programme commence avec elle, par ex. « ${s} accueil, … ».`,
  next: (w, t) => `Prochaine date : ${w}.${t ? ` Ensuite : ${t.replace(/\.$/, '')}.` : ''}`,
  noneLeft: (t) => `Aucune date de « ${t} » n'est prévue désormais.`,
  noOccurrence: (t, w) => `« ${t} » n'a pas de date ${w}.`,
  unknownSeries: (t, k) => `Je ne connais pas de série « ${t} ».${k ? ` Séries : ${k}.` : ''} Pour en créer une : tous les premiers mercredis à 18h30 à Ground Control : ${t}`,
  noSeries: "Il n'y a pas encore de série. Pour en créer une : tous les premiers mercredis à 18h30 à Ground Control : Paris P2P mensuel",
  whichSeries: 'De quelle série parlez-vous ?',
  notYours: (t, o) => `Seul·e son organisateur·ice (${o}) peut modifier la série « ${t} ». Vous pouvez dire : je viens au prochain ${t}`,
  noDate: 'Cette règle ne donne aucune date dans les dix ans à venir (ou pendant le festival). Essayez : tous les premiers mercredis à 18h30',
  renamed: (f, t) => `La série « ${f} » s'appelle maintenant « ${t} », à chaque date.`,
  noResources: (t) => `« ${t} » est une date d'une série ; réserver des ressources pour une série n'est pas encore possible.`,
  inMonth: (m) => `en ${m}`,
  onDay: (d) => `le ${d}`,
  upcoming: 'à venir',
  help: 'tous les premiers mercredis à 18h30 à Ground Control : Paris P2P mensuel · saute le prochain Paris P2P mensuel · déplace celui de mars au 11 · arrête la série après juin · quand a lieu le prochain Paris P2P mensuel ?',
  endInPast: (t, d) => `Le ${d} est déjà passé : « ${t} » peut finir aujourd'hui au plus tôt. Essayez : arrête ${t} après juin`,
  titleTooLong: (n, max) => `Ce titre fait ${n} caractères ; le titre d'une série en a ${max} au plus. Essayez plus court, par ex. : tous les premiers mercredis à 18h30 : Paris P2P mensuel`,
  templateTooLong: (n, max) => `Ce programme a ${n} étapes ; celui d'une série en a ${max} au plus. Regroupez-en, par ex. : 18h30 accueil, 19h conférences, 20h discussion libre`,
  tooManySeries: (max) => `Vous avez déjà ${max} séries, le maximum par personne : une de plus n'apparaîtrait pas au programme. Un·e autre organisateur·ice peut l'ajouter.`,
  tooManyExceptions: (t, max) => `« ${t} » a déjà ${max} dates sautées ou déplacées, le maximum pour une série. Arrêtez-la et créez-en une nouvelle.`,
  notShown: (t) => `« ${t} » est enregistrée mais n'apparaît pas au programme. Dites « annule » pour revenir en arrière.`,
}

const seriesDe: SeriesMsg = {
  added: (w, n) => `Serie hinzugefügt: ${w}.${n ? ` Nächste Termine: ${n.replace(/\.$/, '')}.` : ''}`,
  clashes: 'Diese Termine überschneiden sich und sind als Konflikt markiert (überspringen oder verschieben)',
  skipped: (w) => `Übersprungen: ${w}; die Serie läuft weiter.`,
  alreadySkipped: (w) => `${w} ist schon übersprungen.`,
  moved: (w) => `Dieser Termin ist verschoben: ${w}.`,
  ended: (t, d, l) => `„${t}“ endet jetzt am ${d}.${l ? ` Letzter Termin: ${l}.` : ' Es bleibt kein Termin.'}`,
  endsBeforeStart: (t, f) => `„${t}“ beginnt am ${f}; sie kann nicht vorher enden.`,
  templateSet: (t, n) => `„${t}“ hat jetzt ein Programm, das jeder Termin übernimmt${n ? ` (nächster: ${n})` : ''}:`,
  templateBeforeStart: (c, s) => `${c} liegt vor dem Beginn der Serie (${s}): das Programm beginnt mit ihr, z. B. „${s} Einlass, …“.`,
  next: (w, t) => `Nächster Termin: ${w}.${t ? ` Danach: ${t.replace(/\.$/, '')}.` : ''}`,
  noneLeft: (t) => `Von „${t}“ ist kein Termin mehr geplant.`,
  noOccurrence: (t, w) => `„${t}“ hat keinen Termin ${w}.`,
  unknownSeries: (t, k) => `Ich kenne keine Serie „${t}“.${k ? ` Serien: ${k}.` : ''} Anlegen mit: jeden ersten Mittwoch um 18:30 im Ground Control: ${t}`,
  noSeries: 'Es gibt noch keine Serie. Anlegen mit: jeden ersten Mittwoch um 18:30 im Ground Control: Paris P2P Monatstreffen',
  whichSeries: 'Welche Serie meinst du?',
  notYours: (t, o) => `Nur die Organisation (${o}) kann die Serie „${t}“ ändern. Du kannst aber sagen: ich komme zum nächsten ${t}`,
  noDate: 'Diese Regel ergibt in den nächsten zehn Jahren (oder im Festival) keinen Termin. Versuch: jeden ersten Mittwoch um 18:30',
  renamed: (f, t) => `Die Serie „${f}“ heißt jetzt „${t}“, an jedem Termin.`,
  noResources: (t) => `„${t}“ ist ein Termin einer Serie; Ressourcen für eine Serie zu buchen geht noch nicht.`,
  inMonth: (m) => `im ${m}`,
  onDay: (d) => `am ${d}`,
  upcoming: 'mehr',
  help: 'jeden ersten Mittwoch um 18:30 im Ground Control: Paris P2P Monatstreffen · lass das nächste Paris P2P Monatstreffen ausfallen · verschieb das März-Treffen auf den 11. · beende die Serie nach Juni',
  endInPast: (t, d) => `Der ${d} ist schon vorbei: „${t}“ kann frühestens heute enden. Versuch: beende ${t} nach Juni`,
  titleTooLong: (n, max) => `Dieser Titel hat ${n} Zeichen; ein Serientitel hat höchstens ${max}. Versuch einen kürzeren, z. B.: jeden ersten Mittwoch um 18:30: Paris P2P Monatstreffen`,
  templateTooLong: (n, max) => `Dieses Programm hat ${n} Punkte; das Programm einer Serie hat höchstens ${max}. Fass einige zusammen, z. B.: 18:30 Einlass, 19:00 Vorträge, 20:00 offene Runde`,
  tooManySeries: (max) => `Du hast schon ${max} Serien, mehr geht pro Person nicht: eine weitere stünde nicht im Programm. Eine andere Person aus der Organisation kann sie anlegen.`,
  tooManyExceptions: (t, max) => `„${t}“ hat schon ${max} übersprungene oder verschobene Termine, mehr geht nicht. Beende sie und leg eine neue Serie an.`,
  notShown: (t) => `„${t}“ ist gespeichert, steht aber nicht im Programm. Sag „rückgängig“, um es zurückzunehmen.`,
}

/** What the bot says about recurring series, in English, French and German. */
export const SERIES_MESSAGES: Record<Lang, SeriesMsg> = { en: seriesEn, fr: seriesFr, de: seriesDe }
