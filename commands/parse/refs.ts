/**
 * How a change sentence names its event: a pronoun ("it", "that", "le", "es") for the event the bot
 * last answered about, a known title found in the sentence, or the words as typed (the executor
 * matches those fuzzily, and a kind word — "the workshop", "mon atelier" — by kind).
 */
import type { ParseContext } from '../intent.ts'
import { nameScore, titleCandidates } from '../resolve.ts'
import { cleanName } from './names.ts'
import type { Outcome } from './rule.ts'
import { fail } from './rule.ts'
import type { Txt } from './text.ts'
import type { Vocab } from './vocab.ts'
import { de } from './vocab-de.ts'
import { en } from './vocab-en.ts'
import { fr } from './vocab-fr.ts'

/** Kind nouns of every language ("workshop", "atelier", "Vortrag"): named alone, they pick an event by kind. */
const KIND_NOUNS = new Set([...en.kindWords, ...fr.kindWords, ...de.kindWords])

/** Words that stand for the event last talked about. */
const PRONOUN = /^(?:it|that|this|this one|that one|that event|the event|this event|there|le|la|l'|ca|cela|celui-ci|celle-ci|celui-la|celle-la|cet evenement|y|es|das|ihn|sie|dies|diese|dieses|diesen|den termin|die veranstaltung|dort|da|hin)$/u

/** Whether a name is a pronoun. */
export function isPronoun(name: string): boolean {
  return PRONOUN.test(name.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').trim())
}

/**
 * The event a stretch of a sentence names: `#<id>` of the last event for a pronoun, a known title
 * that the words match (sure), else the cleaned words. A pronoun with nothing talked about yet is
 * a `no-referent` answer.
 */
export function eventRef(t: Txt, v: Vocab, ctx: ParseContext, quotes: readonly string[]): string | Outcome | undefined {
  const name = cleanName(t, v, quotes)
  return name ? refName(name, ctx) : undefined
}

/** {@link eventRef} of a name already cut out and cleaned. */
export function refName(typed: string, ctx: ParseContext): string | Outcome {
  // Emoji after a reference say nothing about which event: "count me in for that 🎬".
  // Neither are the words that soften a request: "history of p2p leider", "hackers bitte".
  const name =
    typed
      .replace(/(?:\s*(?:\p{Extended_Pictographic}|\p{Emoji_Modifier}|\u200d|\ufe0f))+$/u, '')
      .replace(/(?:\s+(?:leider|bitte|mal|doch|jetzt|wohl|please|pls|plz|stp|svp|malheureusement|sorry))+$/iu, '')
      .trim() || typed
  if (isPronoun(name)) return ctx.last ?? fail('no-referent')
  const known = ctx.known?.events
  // "l'atelier", "the workshop": a kind word, not the start of "Atelier vélo"; the executor picks by kind.
  const folded = name.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').replace(/^(?:the|my|le|la|l'|mon|ma|der|die|das|den|mein|meinen)\s*/u, '').trim()
  // Only the titles the name index leaves can score above 0: the same best and second as over all.
  const named = known?.length ? titleCandidates(name, known) : []
  if (KIND_NOUNS.has(folded) && !named.some((e) => nameScore(name, e.title) === 1)) return name
  if (known?.length) {
    let best: { title: string; score: number } | null = null
    let second = 0
    for (const e of named) {
      const s = nameScore(name, e.title)
      if (!best || s > best.score) {
        second = best?.score ?? second
        best = { title: e.title, score: s }
      } else if (s > second) second = s
    }
    if (best && best.score >= 0.75 && best.score - second >= 0.12) return best.title
  }
  return name
}

/** `eventRef` for rules that return at once when the reference is an outcome. */
export function isOutcome(x: string | Outcome | undefined): x is Outcome {
  return typeof x === 'object' && x !== null
}
