/**
 * Which language a sentence is written in, from its function words and letters: the order the
 * parser tries the languages in, and the language of the hint when nothing could be read.
 *
 * @remarks Only words that mark one language are counted ("the", "und", "avec"); words shared by
 * two ("a", "in", "am", "die" in English chat) are left out. A tie keeps the room's language first.
 */
import { LANGS, type Lang } from '../intent.ts'

const MARKERS: Record<Lang, ReadonlySet<string>> = {
  en: new Set('the and with at on to add move cancel tomorrow tmrw tonight today what whats when where who im my next this for going cant please pls is are of it you from saturday friday sunday monday thursday wednesday tuesday pm can whos wheres whens i ill be there me we our anything venue venues free people hours minutes long'.split(' ')),
  fr: new Set("le la les des du avec et ajoute ajouter demain soir ce cette samedi dimanche vendredi jeudi mercredi lundi mardi je est quand qui moi mon ma pour sur pas plus une un aujourd c qu y ou au aux viens vient peut etre personnes heures minutes lieu lieux salle atelier rencontre soiree deplace decale annule quoi quel quelle".split(' ')),
  de: new Set('der die das den dem im um uhr und mit morgen heute samstag sonntag freitag donnerstag mittwoch montag dienstag ich ist was wann wo wer mein meine meinen nicht doch bitte auf fur zum zur bei beim hinzu ein eine einen lauft gibt es abends morgens leider kann komme komm bin dabei stunden minuten personen ort orte vortrag treffen verschieb verschiebe sag ab absagen'.split(' ')),
}

/** How many marker words of each language a sentence holds (folded text), plus its letters' hints. */
export function languageScores(folded: string, typed: string): Record<Lang, number> {
  const scores: Record<Lang, number> = { en: 0, fr: 0, de: 0 }
  for (const w of folded.split(/[^\p{L}]+/u)) {
    if (!w) continue
    for (const lang of LANGS) if (MARKERS[lang].has(w)) scores[lang]++
  }
  // "Uhr" is German whatever else the sentence holds; French letters are a weaker hint, because
  // the festival's own names carry them into every language ("Scène", "Repair café", "crêpes").
  if (/(?<![\p{L}])uhr(?![\p{L}])/u.test(folded)) scores.de++
  if (/[äöüß]/iu.test(typed)) scores.de += 2
  if (/\b(?:l|d|j|qu|c)'/iu.test(typed)) scores.fr += 2
  else if (/[éèêàçù]/iu.test(typed)) scores.fr += 1
  return scores
}

/** The languages to try, the sentence's most likely first; the room's first among equals. */
export function languageOrder(folded: string, typed: string, room: Lang): Lang[] {
  const s = languageScores(folded, typed)
  return [...LANGS].sort((a, b) => s[b] - s[a] || (a === room ? -1 : b === room ? 1 : 0))
}
