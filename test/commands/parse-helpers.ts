/**
 * Table runner for the parser's utterance tests: every row pins `now` and the zone, and compares
 * the result with instants shown as RFC 3339 in the row's zone.
 */
import { expect, it } from 'vitest'
import { parse } from '../../commands/parse/index.ts'
import type { Lang, ParseResult } from '../../commands/intent.ts'
import { toRfc3339 } from '../../core/time.ts'

/** Wednesday 8 January 2020, 10:00 in Paris: the Paris P2P Festival runs 8–12 January. */
export const NOW = Date.parse('2020-01-08T09:00:00Z')
export const PARIS = 'Europe/Paris'

export interface RowOptions {
  now?: number
  zone?: string
}

/** One utterance and the fields its result must have (`undefined` = must be absent). */
export type Row = [text: string, want: Record<string, unknown>, opts?: RowOptions]

/** The result with every instant (`start`, `end`, `from`) written as RFC 3339 in `zone`. */
export function shape(r: ParseResult, zone: string): Record<string, unknown> {
  return JSON.parse(
    JSON.stringify(r, (k, v) =>
      (k === 'start' || k === 'end' || k === 'from') && typeof v === 'number' ? toRfc3339(v, zone) : v,
    ),
  ) as Record<string, unknown>
}

/** Registers one test per row, parsed with the room language `lang`. */
export function table(lang: Lang, rows: readonly Row[]): void {
  for (const [text, want, opts] of rows) {
    const zone = opts?.zone ?? PARIS
    const now = opts?.now ?? NOW
    it(`[${lang}] ${JSON.stringify(text).slice(0, 90)}`, () => {
      const got = shape(parse(text, { now, timezone: zone, lang }), zone)
      expect(got).toMatchObject(defined(want))
      for (const path of absent(want)) expect(dig(got, path), `${path.join('.')} must be absent`).toBeUndefined()
    })
  }
}

/** A copy of a row's wanted fields without the ones wanted absent (matchers kept as they are). */
function defined(want: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(want)) {
    if (v === undefined) continue
    out[k] = v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype ? defined(v as Record<string, unknown>) : v
  }
  return out
}

/** Paths of the keys a row wants absent (written as `key: undefined`). */
function absent(want: Record<string, unknown>, at: string[] = []): string[][] {
  const out: string[][] = []
  for (const [k, v] of Object.entries(want)) {
    if (v === undefined) out.push([...at, k])
    else if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) out.push(...absent(v as Record<string, unknown>, [...at, k]))
  }
  return out
}

function dig(o: unknown, path: string[]): unknown {
  let cur = o
  for (const k of path) cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[k] : undefined
  return cur
}

/** `YYYY-MM-DDTHH:MM:00+01:00`, Paris in winter. */
export function w(day: string, hm: string): string {
  return `${day}T${hm}:00+01:00`
}
