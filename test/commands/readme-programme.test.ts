/**
 * The README's section "Building the programme together": every sentence of its examples (those
 * without "…", which stands for a name) is read as an intent of the call for proposals, of an
 * application round, of capacity or of random meetings, in the language it is written in — so the README cannot promise
 * a sentence yurt does not read.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parse } from '../../commands/parse/index.ts'
import type { Lang } from '../../commands/intent.ts'

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
const section = README.slice(README.indexOf('## Building the programme together'), README.indexOf('## Design: what we built'))
const inline = [...section.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]!)
const fenced = [...section.matchAll(/```\n([\s\S]*?)```/g)].flatMap((m) => m[1]!.split('\n'))
const sentences = [...fenced.flatMap((l) => l.split(/\s{2,}| · |→/)), ...inline]
  .map((s) => s.replace(/\(or 👍.*\)$/, '').trim())
  .filter((s) => s.length > 0 && !s.includes('…') && !/^(yes|a plan|-1 |unvote|yurt |--format|p2p\/|new festival|call for proposals\?)/.test(s) && /\s/.test(s))

const known = {
  venues: [{ name: 'Atelier', aliases: [] }],
  resources: [],
  people: ['Alice', 'Bob', 'Carol'],
  events: [{ title: 'IPFS Dev Meetings', kind: 'meetup' as const }, { title: 'Mesh routing', kind: 'talk' as const }, { title: 'Mesh networks', kind: 'talk' as const }],
}
const FAMILY = /propos|who-is-going|^schedule$|organis|call|vote|plan|application|apply|decide|capacity|round|random-meeting|meetings-opt|serendipity/

function langOf(s: string): Lang {
  if (/[äöüß]|\b(ich|für|mach|öffne|schliess|Bewerbungen|Vorschläge|hat|zeig)\b/i.test(s)) return 'de'
  if (/[éèàç]|\b(je|ouvre|ferme|propositions|candidatures|accepte|refuse|est|places|mets|nomme)\b/i.test(s)) return 'fr'
  return 'en'
}

describe('the README section on building the programme', () => {
  it('has examples to check', () => {
    expect(sentences.length).toBeGreaterThan(20)
  })
  it.each(sentences)('%s', (sentence) => {
    const r = parse(sentence, { now: Date.UTC(2027, 0, 1, 10), timezone: 'Europe/Paris', lang: langOf(sentence), known })
    expect(r.type, JSON.stringify(r)).toMatch(FAMILY)
  })
})
