/**
 * The README's list "What the rooms can say" (section "A mesh of communities"): every example, in
 * all three languages, is read as the intent of its row, with France P2P and the three city nodes
 * held, so the README cannot promise a sentence the parser does not read.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { Lang } from '../../commands/intent.ts'
import { parse } from '../../commands/parse/index.ts'
import { NOW, PARIS } from './parse-helpers.ts'

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
const section = README.slice(README.indexOf('## A mesh of communities'), README.indexOf('## In a Matrix room'))
const list = section.slice(section.indexOf('### What the rooms can say'))
/** Each item: its label, then the en, fr and de parts (`- **label** — en `…` `…` · fr `…` · de `…``). */
const rows = list
  .split('\n')
  .filter((l) => l.startsWith('- **'))
  .map((l) => {
    const [, label, rest] = /^- \*\*(.+?)\*\* — (.*)$/u.exec(l)!
    const parts = rest!.split(/ · (?=(?:fr|de) `)/u).map((p) => p.replace(/^(?:en|fr|de) /u, ''))
    return [label!, ...parts]
  })
const mesh = { communities: ['France P2P'], festivals: ['Paris P2P', 'Lyon P2P', 'Nantes P2P'] }
const LANGS: Lang[] = ['en', 'fr', 'de']

const ROWS: Record<string, string[]> = {
  'start a community': ['new-community'],
  'join, leave': ['community-membership'],
  follow: ['follow-community'],
  'one calendar': ['mesh-query'],
  'members, communities': ['community-members', 'communities'],
  'a meta event': ['meta-event'],
  'the announcements': ['mesh-announce'],
  'the join code': ['share-community'],
  'the LAN': ['nearby'],
}

describe("the README's sentences of the mesh", () => {
  it('has every row this test knows, and no other', () => {
    expect(rows.map((r) => r[0])).toEqual(Object.keys(ROWS))
  })
  for (const [label, ...cells] of rows) {
    cells.forEach((cell, i) => {
      for (const [, sentence] of cell.matchAll(/`([^`]+)`/gu)) {
        it(`${label} [${LANGS[i]}]: “${sentence}”`, () => {
          const read = parse(sentence!, { now: NOW, timezone: PARIS, lang: LANGS[i]!, mesh })
          expect(ROWS[label!], JSON.stringify(read)).toContain(read.type)
        })
      }
    })
  }
})
