/**
 * Pieces the importers share: event kinds from free-text types, unique `source` keys, name matching.
 */
import type { EventKind } from '../types.ts'

/** A free-text type or kind, lowercased with accents, punctuation and a trailing `(…)` removed: `Entertainment (120)` → `entertainment`. */
export function normalizeName(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '')
}

const KINDS: Record<string, EventKind> = {
  talk: 'talk',
  lecture: 'talk',
  shorttalk: 'talk',
  lightningtalk: 'talk',
  keynote: 'talk',
  presentation: 'talk',
  panel: 'talk',
  podium: 'talk',
  workshop: 'workshop',
  handson: 'workshop',
  hackathon: 'workshop',
  tutorial: 'workshop',
  course: 'workshop',
  concert: 'concert',
  music: 'concert',
  livemusic: 'concert',
  band: 'concert',
  live: 'concert',
  party: 'party',
  djset: 'party',
  dj: 'party',
  meetup: 'meetup',
  meetups: 'meetup',
  projection: 'projection',
  screening: 'projection',
  film: 'projection',
  movie: 'projection',
  stand: 'stand',
  booth: 'stand',
  exhibition: 'stand',
  installation: 'stand',
  meeting: 'meeting',
  discussion: 'meeting',
  assembly: 'meeting',
  other: 'other',
  outside: 'other',
  game: 'other',
  games: 'other',
  entertainment: 'other',
  performance: 'other',
}

/**
 * The {@link EventKind} of a free-text type (frab's `type`, Paris P2P's `k`).
 *
 * @returns the kind, and whether the type was one we know (an unknown or empty type gives `other`)
 */
export function kindOf(raw: string | undefined): { kind: EventKind; known: boolean } {
  const key = normalizeName((raw ?? '').replace(/\([^)]*\)\s*$/, ''))
  const kind = KINDS[key]
  return kind ? { kind, known: true } : { kind: 'other', known: false }
}

/**
 * Hands out `source` keys that are unique within one programme.
 *
 * @remarks The first record with an id keeps `<prefix>:<id>`; a later record with the same id (a
 * session repeated on several days under one id, or a copy-paste slip) gets `<prefix>:<id>@<day>`,
 * and `#2`, `#3` … after that if even the day repeats. Stable as long as the file's order is.
 */
export class SourceKeys {
  readonly #used = new Set<string>()
  /** The key for `base` (`frab:140`), made unique with the record's `day` (`YYYY-MM-DD`) when taken. */
  claim(base: string, day: string | undefined): { key: string; repeated: boolean } {
    if (!this.#used.has(base)) {
      this.#used.add(base)
      return { key: base, repeated: false }
    }
    let key = day ? `${base}@${day}` : `${base}#2`
    for (let n = 2; this.#used.has(key); n++) key = `${base}${day ? `@${day}` : ''}#${n}`
    this.#used.add(key)
    return { key, repeated: true }
  }
}

/** `"title"` shortened for warnings. */
export function quote(title: string): string {
  return JSON.stringify(title.length > 50 ? `${title.slice(0, 47)}…` : title)
}

/** Items without repeats, first occurrence kept. */
export function unique<T>(items: Iterable<T>): T[] {
  return [...new Set(items)]
}
