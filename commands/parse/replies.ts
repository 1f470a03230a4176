/**
 * What the parser says back on its own: hints with an example for sentences it cannot read, and
 * questions for ambiguous ones, in English, French and German.
 */
import { formatDay } from '../../core/time.ts'
import type { Lang, NoParse } from '../intent.ts'

type Reason = NoParse['reason']

const HINTS: Record<Lang, Record<Reason, string>> = {
  en: {
    empty: 'Tell me what you need, e.g. “what\'s on tonight?”',
    'too-long': 'That message is too long for me. One request at a time, e.g. “add workshop Saturday 15:00 at Ground Control”.',
    binary: 'I can only read text, e.g. “what\'s on tonight?”',
    unknown: 'Try “add workshop Saturday 15:00 at Ground Control”, “what\'s on tonight?” or “help”.',
    thanks: 'You\'re welcome!',
    'missing-time': 'Say when, e.g. “move History of P2P to 20:00” or “add talk Saturday 15:00-16:00 at Conférence”.',
    'bad-time': 'The end must come after the start, e.g. “add talk tomorrow 19:00-19:30 at Conférence”.',
    'bad-date': 'That is not a date I can read: no calendar has that day. Say one that exists, e.g. “28 February 15:00”, “Saturday 15:00” or “2030-06-08 15:00”.',
    'missing-name': 'Say which one, e.g. “cancel the DJ set on Friday” or “free slots at Scène on Saturday”.',
    'no-referent': 'Which event do you mean? Say its name, e.g. “move History of P2P to 20:00”.',
  },
  fr: {
    empty: 'Dites-moi ce qu\'il vous faut, par exemple « qu\'est-ce qu\'il y a ce soir ? »',
    'too-long': 'Ce message est trop long pour moi. Une demande à la fois, par exemple « ajoute un atelier samedi 15h à Ground Control ».',
    binary: 'Je ne lis que du texte, par exemple « qu\'est-ce qu\'il y a ce soir ? »',
    unknown: 'Essayez « ajoute un atelier samedi 15h à Ground Control », « programme de samedi » ou « aide ».',
    thanks: 'Avec plaisir !',
    'missing-time': 'Dites quand, par exemple « déplace l\'atelier à 16h » ou « ajoute une conférence samedi de 15h à 16h ».',
    'bad-time': 'La fin doit venir après le début, par exemple « demain de 19h à 19h30 ».',
    'bad-date': "Je ne peux pas lire cette date : aucun calendrier n'a ce jour. Donnez-en une qui existe, par exemple « 28 février 15h », « samedi 15h » ou « 2030-06-08 15h ».",
    'missing-name': 'Dites lequel, par exemple « annule le concert de vendredi » ou « créneaux libres à la Scène samedi ».',
    'no-referent': 'De quel événement parlez-vous ? Donnez son nom, par exemple « déplace History of P2P à 20h ».',
  },
  de: {
    empty: 'Sag mir, was du brauchst, z. B. „was läuft heute Abend?“',
    'too-long': 'Die Nachricht ist mir zu lang. Eine Bitte auf einmal, z. B. „füge Workshop Samstag 15 Uhr im Saal hinzu“.',
    binary: 'Ich kann nur Text lesen, z. B. „was läuft heute Abend?“',
    unknown: 'Versuch „füge Konzert Freitag 21 Uhr auf der Bühne hinzu“, „was läuft morgen?“ oder „Hilfe“.',
    thanks: 'Gern geschehen!',
    'missing-time': 'Sag wann, z. B. „verschieb den Workshop auf 16 Uhr“.',
    'bad-time': 'Das Ende muss nach dem Anfang liegen, z. B. „morgen von 19 bis 20 Uhr“.',
    'bad-date': 'Dieses Datum kann ich nicht lesen: Diesen Tag gibt es in keinem Kalender. Nenne einen, den es gibt, z. B. „28. Februar 15 Uhr“, „Samstag 15 Uhr“ oder „2030-06-08 15 Uhr“.',
    'missing-name': 'Sag welche, z. B. „sag das Konzert am Freitag ab“ oder „freie Slots auf der Bühne am Samstag“.',
    'no-referent': 'Welche Veranstaltung meinst du? Nenne ihren Namen, z. B. „verschieb History of P2P auf 20 Uhr“.',
  },
}

const TYPED: Record<Lang, (typed: string) => string> = {
  en: (t) => `“${t}” is not a date I can read. `,
  fr: (t) => `« ${t} » n'est pas une date que je peux lire. `,
  de: (t) => `„${t}“ ist kein Datum, das ich lesen kann. `,
}

/** A one-line hint with an example that would work, in `lang`; for a bad date, what was typed first. */
export function hint(reason: Reason, lang: Lang, typed?: string): string {
  if (reason === 'bad-date' && typed) return TYPED[lang](typed.length > 60 ? `${typed.slice(0, 60)}…` : typed) + HINTS[lang][reason].replace(/^[^:]*: /, '').replace(/^./, (c) => c.toUpperCase())
  return HINTS[lang][reason]
}

/** "At 3 in the morning or in the afternoon?" with the two readings as `HH:MM`. */
export function askHour(hour: number, minute: number, lang: Lang): { question: string; choices: string[] } {
  const mm = String(minute).padStart(2, '0')
  const am = `${String(hour % 12).padStart(2, '0')}:${mm}`
  const pm = `${String((hour % 12) + 12).padStart(2, '0')}:${mm}`
  const q = {
    en: `At ${hour}${minute ? `:${mm}` : ''} in the morning (${am}) or in the afternoon (${pm})?`,
    fr: `À ${hour}h${minute ? mm : ''} du matin (${am}) ou de l'après-midi (${pm}) ?`,
    de: `Um ${hour}${minute ? `:${mm}` : ''} Uhr morgens (${am}) oder nachmittags (${pm})?`,
  }[lang]
  return { question: q, choices: [am, pm] }
}

/** "Which day do you mean?" with the days named. */
export function askDay(days: string[], lang: Lang): { question: string; choices: string[] } {
  const q = { en: 'Which day do you mean?', fr: 'Quel jour voulez-vous dire ?', de: 'Welchen Tag meinst du?' }[lang]
  return { question: q, choices: days.map((d) => `${formatDay(d, lang)} (${d})`) }
}

/** "Which is the new name?" for a rename whose old and new names could be cut in several places. */
export function askRename(splits: [string, string][], lang: Lang): { question: string; choices: string[] } {
  const q = {
    en: 'Which is the old name and which the new one? (Quotes help: rename "old" to "new")',
    fr: 'Quel est l\'ancien nom et quel est le nouveau ? (Les guillemets aident : renomme « ancien » en « nouveau »)',
    de: 'Was ist der alte und was der neue Name? (Anführungszeichen helfen: benenne „alt“ in „neu“ um)',
  }[lang]
  return { question: q, choices: splits.map(([a, b]) => `${a} → ${b}`) }
}

/** "One thing at a time": a sentence with two requests. */
export function askOne(parts: string[], lang: Lang): { question: string; choices: string[] } {
  const q = {
    en: 'One thing at a time, please: which one first?',
    fr: 'Une chose à la fois, s\'il vous plaît : laquelle d\'abord ?',
    de: 'Eins nach dem anderen, bitte: was zuerst?',
  }[lang]
  return { question: q, choices: parts }
}
