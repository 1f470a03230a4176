/**
 * Input checks and normalisation: what every sentence goes through before any rule sees it.
 */
import { MAX_MESSAGE_BYTES } from '../intent.ts'
import { type Txt, txt } from './text.ts'

/** Why a message is refused before parsing, or `null` when it may be parsed. */
export function badInput(text: string): 'empty' | 'too-long' | 'binary' | null {
  if (typeof text !== 'string') return 'binary'
  if (Buffer.byteLength(text, 'utf8') > MAX_MESSAGE_BYTES) return 'too-long'
  // C0 controls except tab/newline/carriage return, DEL, C1 controls, lone surrogates, U+FFFD, U+FFFE/FFFF.
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffd\ufffe\uffff]/.test(text)) return 'binary'
  if (/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text)) return 'binary'
  if (text.replace(/[\s\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, '') === '') return 'empty'
  return null
}

/** A sentence ready for the rules. */
export interface Normalized {
  /** The sentence, quotes replaced by `§0`, `§1`, … placeholders. */
  t: Txt
  /** The quoted parts, in order, as typed. */
  quotes: string[]
  /** Whether the sentence ended with a question mark. */
  question: boolean
}

const QUOTES: [string, string][] = [
  ['"', '"'],
  ['\u201c', '\u201d'], // “ ”
  ['\u201e', '\u201c'], // „ “
  ['\u201e', '\u201d'], // „ ”
  ['\u00ab', '\u00bb'], // « »
  ['\u00bb', '\u00ab'], // » «
  ['\u2039', '\u203a'], // ‹ ›
  ['\u201a', '\u2018'], // ‚ ‘
  ['\u2018', '\u2019'], // ‘ ’
]

/**
 * Normalises spacing, apostrophes and quotes, takes the quoted parts out, and drops the final
 * punctuation.
 */
export function normalize(text: string): Normalized {
  let s = text
    .replace(/[\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, '')
    .replace(/[\u2019\u02bc\u00b4`]/g, (c, i: number, all: string) => (isQuoteClose(all, i) ? c : "'"))
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/\s+/g, ' ')
    .trim()
  const quotes: string[] = []
  for (;;) {
    let best: { a: number; b: number } | null = null
    for (const [open, close] of QUOTES) {
      const a = s.indexOf(open)
      if (a < 0) continue
      const b = s.indexOf(close, a + 1)
      if (b < 0) continue
      if (!best || a < best.a) best = { a, b }
    }
    if (!best) break
    const inner = s.slice(best.a + 1, best.b).trim()
    s = `${s.slice(0, best.a)} §${quotes.length} ${s.slice(best.b + 1)}`
    quotes.push(inner)
  }
  s = s.replace(/\s+/g, ' ').trim()
  const question = /\?\s*$/.test(s)
  s = s.replace(/[\s?!.…,;:]+$/u, '').replace(/^(?:[\s,;:!]|-(?!1\s))+/u, '')
  return { t: txt(s), quotes, question }
}

/** A right single quote that closes a ‘…’ quotation stays a quote; otherwise it is an apostrophe. */
function isQuoteClose(all: string, i: number): boolean {
  if (all[i] !== '\u2019') return false
  const open = all.lastIndexOf('\u2018', i)
  return open >= 0
}

/** Puts the quoted parts back into a name. */
export function restoreQuotes(s: string, quotes: readonly string[]): string {
  return s.replace(/§(\d+)/g, (_, n: string) => quotes[Number(n)] ?? '')
}
