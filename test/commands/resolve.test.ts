/**
 * Name matching's prefilter never drops a name that would score: for every Camp 2019 title, venue
 * and the ways people type them (a word, a prefix, a typo, a swap, words run together, accents
 * off), {@link mayMatchName} holds whenever {@link nameScore} is above 0, and the indexed
 * {@link matchName} answers as a plain scan over every name would.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { editDistance, matchName, mayMatchName, nameScore } from '../../commands/resolve.ts'
import { EXAMPLES } from '../helpers/cli.ts'

const camp = JSON.parse(readFileSync(join(EXAMPLES, 'camp2019/everything.schedule.json'), 'utf8')).schedule.conference
const titles: string[] = [...new Set<string>(camp.days.flatMap((d: { rooms: Record<string, { title: string }[]> }) => Object.values(d.rooms).flat().map((e) => e.title)))]
const rooms: string[] = [...new Set<string>(camp.days.flatMap((d: { rooms: Record<string, unknown> }) => Object.keys(d.rooms)))]

/** Seeded so that a failure repeats. */
function rng(seed: number): () => number {
  return () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
}

/** How people type a name: a word, a prefix, a typo, two letters swapped, no spaces, lower case. */
function typings(name: string, random: () => number): string[] {
  const words = name.split(/\s+/).filter((w) => w.length > 0)
  const word = words[Math.floor(random() * words.length)] ?? name
  const at = Math.floor(random() * Math.max(1, word.length - 1))
  return [
    name,
    name.toLowerCase(),
    word,
    word.slice(0, Math.max(2, Math.ceil(word.length / 2))),
    word.slice(0, at) + 'x' + word.slice(at + 1),
    word.slice(0, at) + (word[at + 1] ?? '') + (word[at] ?? '') + word.slice(at + 2),
    words.slice(0, 2).join(''),
    words.slice(-2).join(' '),
    name.normalize('NFKD').replace(/\p{M}/gu, ''),
  ]
}

describe('name matching', () => {
  it('the prefilter keeps every name that scores, over every Camp 2019 title and room', () => {
    const random = rng(7)
    const names = [...titles, ...rooms]
    let scored = 0
    for (const target of names.slice(0, 400)) {
      for (const typed of typings(target, random)) {
        for (const name of names) {
          if (nameScore(typed, name) > 0) {
            scored++
            expect(mayMatchName(typed, name), `${typed} → ${name}`).toBe(true)
          }
        }
      }
    }
    expect(scored).toBeGreaterThan(10_000)
  })

  it('finds what a scan finds: the typed title, sure; a shared word, a question', () => {
    const items = titles.map((title, i) => ({ title, i }))
    const exact = matchName(titles[10]!, items, (x) => [x.title])
    expect(exact).toMatchObject({ kind: 'sure', item: { i: 10 } })
    const typo = matchName('Wikipedia Edit-a-thon about wom*n in STME', items, (x) => [x.title])
    expect(typo.kind).toBe('sure')
    expect(typo.kind === 'sure' && typo.item.title).toBe('Wikipedia Edit-a-thon about wom*n in STEM')
    expect(matchName('rust', items, (x) => [x.title]).kind).toBe('unsure')
    expect(matchName('zzqxj', items, (x) => [x.title]).kind).toBe('none')
  })

  it('edit distance counts a swap as one, and stops past the bound', () => {
    expect(editDistance('yjs', 'jys', 1)).toBe(1)
    expect(editDistance('kitten', 'sitting', 3)).toBe(3)
    expect(editDistance('kitten', 'sitting', 1)).toBe(2)
    expect(editDistance('a'.repeat(90), 'a'.repeat(89) + 'b', 2)).toBe(1)
  })
})
