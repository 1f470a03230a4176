/**
 * Typing slips in the words that carry a sentence's meaning: day words ("tommorow", "saturady",
 * "Samstga") anywhere, and the command verb at the start ("cancle", "reschdule").
 *
 * @remarks
 * Only words whose misspellings are not themselves words are corrected, and only towards one
 * candidate: a word within one edit (a swap of two letters counts as one) of a word of six or more
 * letters, or two edits of one of nine or more, that starts with the same letter, that is not the
 * candidate's plural or "-s" adverb ("Fridays", "montags", "morgens"), and that is not on the list
 * of real words near a day word ("montage", "sundae", "concern"). A corrected day word is read as a
 * day and taken out of the sentence, so a wrong correction can only make a sentence name two days,
 * which is asked back; it never lands in a title.
 */
import type { Lang } from '../intent.ts'
import { editDistance } from '../resolve.ts'
import { allMatches, fold, type Txt } from './text.ts'

const DAY_WORDS: Record<Lang, readonly string[]> = {
  en: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'tomorrow', 'tonight', 'yesterday', 'weekend', 'january', 'february', 'september', 'october', 'november', 'december', 'august'],
  fr: ['mercredi', 'vendredi', 'samedi', 'dimanche', 'demain', 'janvier', 'fevrier', 'juillet', 'septembre', 'octobre', 'novembre', 'decembre'],
  de: ['montag', 'dienstag', 'mittwoch', 'donnerstag', 'freitag', 'samstag', 'sonntag', 'morgen', 'ubermorgen', 'gestern', 'wochenende', 'januar', 'februar', 'september', 'oktober', 'november', 'dezember'],
}

/** Real words one or two edits from a day word: never corrected. */
const REAL: Record<Lang, ReadonlySet<string>> = {
  en: new Set(['sundae', 'sundry', 'fridge', 'mundane', 'weekends', 'frieda']),
  fr: new Set(['domaine', 'demande', 'samedis', 'dimanches', 'vendredis', 'mercredis', 'demains', 'deman']),
  de: new Set(['montage', 'morgens', 'sorgen', 'montags', 'dienstags', 'mittwochs', 'donnerstags', 'freitags', 'samstags', 'sonntags', 'wochenenden']),
}

/**
 * Words that carry a sentence's structure, corrected anywhere when two neighbouring letters are
 * swapped ("waht", "tiem", "goign", "weekned"): swaps of these are no words of their own.
 */
const KEYWORDS: Record<Lang, readonly string[]> = {
  en: ['what', 'whats', 'when', 'whens', 'where', 'wheres', 'time', 'going', 'coming', 'tonight', 'today', 'weekend', 'start', 'starts', 'finish', 'ends', 'cancel', 'move', 'rename', 'remove', 'venue', 'venues', 'workshop', 'concert', 'talk', 'party', 'meetup', 'screening', 'schedule', 'programme', 'program', 'description', 'about', 'later', 'earlier', 'hours', 'hour', 'minutes', 'people', 'attend', 'tomorrow', 'push', 'back', 'extend', 'shorten', 'free', 'maybe', 'sign', 'count', 'every', 'weekly', 'daily'],
  fr: ['quand', 'quelle', 'quel', 'heure', 'heures', 'demain', 'samedi', 'dimanche', 'vendredi', 'jeudi', 'mercredi', 'lundi', 'mardi', 'atelier', 'concert', 'soiree', 'annule', 'deplace', 'decale', 'programme', 'minutes', 'personnes', 'rencontre', 'projection', 'conference', 'ajoute', 'viens', 'libre', 'lieux', 'tous', 'chaque'],
  de: ['wann', 'welche', 'heute', 'morgen', 'abend', 'workshop', 'konzert', 'vortrag', 'verschieb', 'programm', 'minuten', 'stunde', 'stunden', 'personen', 'treffen', 'samstag', 'sonntag', 'freitag', 'komme', 'frei', 'jeden', 'ende', 'endet', 'absagen', 'verschieben', 'umbenennen', 'verlangern', 'loschen', 'beschreibung', 'statt', 'vielleicht', 'dabei', 'hinzu'],
}

const VERBS: Record<Lang, readonly string[]> = {
  en: ['cancel', 'delete', 'remove', 'rename', 'reschedule', 'schedule', 'create', 'postpone'],
  fr: ['ajoute', 'deplace', 'annule', 'supprime', 'renomme', 'decale', 'programme', 'repousse'],
  de: ['verschieb', 'verschiebe', 'erstelle', 'benenne', 'streiche', 'losche', 'entferne'],
}

/** The one word of `candidates` that `word` is a slip of, or `undefined`. */
export function slipOf(word: string, candidates: readonly string[], real: ReadonlySet<string> = new Set()): string | undefined {
  if (word.length < 5 || real.has(word) || candidates.includes(word)) return undefined
  let best: string | undefined
  let bestD = Infinity
  let tie = false
  for (const c of candidates) {
    if (c[0] !== word[0]) continue
    if (word === `${c}s` || `${word}s` === c) continue
    const max = c.length >= 9 ? 2 : c.length >= 6 ? 1 : 0
    if (max === 0) continue
    const dist = editDistance(word, c, max)
    if (dist > max) continue
    if (dist < bestD) {
      best = c
      bestD = dist
      tie = false
    } else if (dist === bestD) tie = true
  }
  return tie ? undefined : best
}

/** The keyword `word` is with two neighbouring letters swapped, or `undefined`. */
export function swapOf(word: string, keywords: readonly string[]): string | undefined {
  if (word.length < 4 || keywords.includes(word)) return undefined
  for (const k of keywords) {
    if (k.length !== word.length) continue
    let i = 0
    while (i < k.length && k[i] === word[i]) i++
    if (i < k.length - 1 && k[i] === word[i + 1] && k[i + 1] === word[i] && k.slice(i + 2) === word.slice(i + 2)) return k
  }
  return undefined
}

/** The sentence with slips of day words (anywhere) and of the first word's verb corrected, in both strings. */
export function fixSlips(t: Txt, lang: Lang): Txt {
  let o = ''
  let f = ''
  let last = 0
  let first = true
  for (const m of allMatches(/\p{L}+/gu, t.f)) {
    const word = m[0]
    const fix = slipOf(word, DAY_WORDS[lang], REAL[lang]) ?? (first && m.index === 0 ? slipOf(word, VERBS[lang]) : undefined) ?? swapOf(word, KEYWORDS[lang])
    first = false
    if (!fix) continue
    o += t.o.slice(last, m.index) + fix
    f += t.f.slice(last, m.index) + fold(fix)
    last = m.index + word.length
  }
  if (last === 0) return t
  return { o: o + t.o.slice(last), f: f + t.f.slice(last) }
}
