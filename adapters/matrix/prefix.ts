/**
 * The room's command prefix, set from the room: `prefix !fest` (fr `préfixe !fest`, de
 * `Präfix !fest`), said to the bot by a moderator of the room.
 *
 * @remarks
 * How people address the bot is the adapter's business (DESIGN.md, "Chat"), so this command is read
 * here and never reaches the festival grammar. A room's prefix replaces the instance's default
 * (`YURT_MATRIX_PREFIX`, else `!yurt`) in that room; mentions, replies and direct messages keep
 * working whatever the prefix. Only a moderator (power level ≥ 50) may change it, because it changes
 * how everyone in the room talks to the bot. Pure functions, no I/O.
 */
import type { Reply } from '../types.ts'

/** The languages the prefix command is answered in. */
export type PrefixLang = 'en' | 'fr' | 'de'

/** A `prefix …` command: the new prefix, and the language it was asked in. */
export interface PrefixCommand {
  prefix: string
  lang: PrefixLang
}

/** Longest prefix accepted, in characters. */
export const MAX_PREFIX_LENGTH = 16

const WORDS: Record<string, PrefixLang> = { prefix: 'en', préfixe: 'fr', prefixe: 'fr', präfix: 'de', praefix: 'de' }

/**
 * Reads `prefix <p>` (any of {@link WORDS}); `<p>` is one word of 1–{@link MAX_PREFIX_LENGTH}
 * characters, optionally in backticks or quotes.
 *
 * @returns null for anything else (then the message goes to the bot); a command with an empty
 * `prefix` when the word is there but the prefix is unusable (too long, several words).
 */
export function readPrefixCommand(text: string): PrefixCommand | null {
  const match = /^(\p{L}+)(?:\s+(.*))?$/u.exec(text.trim())
  const lang = match ? WORDS[match[1]!.toLowerCase()] : undefined
  if (!match || !lang) return null
  const value = (match[2] ?? '').trim().replace(/^[`"'“«„]\s*|\s*[`"'”»“]$/g, '')
  const usable = value.length > 0 && [...value].length <= MAX_PREFIX_LENGTH && !/\s/.test(value)
  return { prefix: usable ? value : '', lang }
}

const TEXT = {
  en: {
    set: (p: string) => `In this room I now answer to ${p} (and to mentions and replies).`,
    notModerator: 'Only a moderator of this room (power level 50 or more) can change my prefix.',
    bad: `Say “prefix” and one word of at most ${MAX_PREFIX_LENGTH} characters, e.g. prefix !fest`,
  },
  fr: {
    set: (p: string) => `Dans ce salon, je réponds désormais à ${p} (et aux mentions et réponses).`,
    notModerator: 'Seul un modérateur de ce salon (niveau de pouvoir 50 ou plus) peut changer mon préfixe.',
    bad: `Dites « préfixe » suivi d'un mot de ${MAX_PREFIX_LENGTH} caractères au plus, par ex. préfixe !fest`,
  },
  de: {
    set: (p: string) => `In diesem Raum höre ich jetzt auf ${p} (und auf Erwähnungen und Antworten).`,
    notModerator: 'Nur Moderatoren dieses Raums (Berechtigungsstufe 50 oder mehr) können mein Präfix ändern.',
    bad: `Sag „Präfix“ und ein Wort mit höchstens ${MAX_PREFIX_LENGTH} Zeichen, z. B. Präfix !fest`,
  },
} as const

/** The answer to a prefix command: `set` once stored, `notModerator` or `bad` when refused. */
export function prefixReply(lang: PrefixLang, outcome: 'set' | 'notModerator' | 'bad', prefix = ''): Reply {
  const t = TEXT[lang]
  if (outcome === 'set') return { tone: 'ok', blocks: [{ type: 'text', text: t.set(prefix) }] }
  return { tone: 'refusal', blocks: [{ type: 'text', text: outcome === 'bad' ? t.bad : t.notModerator }] }
}
