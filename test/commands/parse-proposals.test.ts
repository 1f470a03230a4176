/**
 * Parsing the call for proposals in English, French and German, as people type in chat (lowercase,
 * no quotes, missing apostrophes, "pls", emoji), and the sentences of other rules these must leave
 * alone. The clock: Friday 1 January 2027, noon in Paris.
 */
import { describe, expect, it } from 'vitest'
import { parse } from '../../commands/parse/index.ts'
import type { Lang, ParseResult } from '../../commands/intent.ts'
import { toRfc3339 } from '../../core/time.ts'
import { PROPOSAL_TEXT } from '../../commands/proposals-text.ts'

const NOW = Date.parse('2027-01-01T11:00:00Z')
const ZONE = 'Europe/Paris'
const known = { venues: [{ name: 'Atelier', aliases: [] }], resources: [], people: ['Alice', 'Bob'], events: [{ title: 'Mesh routing', kind: 'talk' as const }] }
const read = (lang: Lang, s: string): ParseResult => parse(s, { now: NOW, timezone: ZONE, lang, known })
/** The intent without its language, with instants as Paris wall times. */
function shown(r: ParseResult): Record<string, unknown> {
  const { lang: _lang, ...rest } = r as ParseResult & { lang: Lang }
  const out: Record<string, unknown> = { ...rest }
  // The end of the day named: its last millisecond (shown to the second).
  if (typeof out.until === 'number') out.until = toRfc3339(out.until, ZONE)
  if (out.time && typeof out.time === 'object') out.time = toRfc3339((out.time as { start: number }).start, ZONE).slice(0, 16)
  return out
}

const CASES: [Lang, string, Record<string, unknown>][] = [
  ['en', 'pls make bob an organizer', { type: 'name-organiser', person: 'bob' }],
  ['en', 'bob is an organiser too', { type: 'name-organiser', person: 'bob' }],
  ['fr', 'bob est organisateur', { type: 'name-organiser', person: 'bob' }],
  ['fr', 'nomme alice organisatrice', { type: 'name-organiser', person: 'alice' }],
  ['de', 'Bob ist Organisator', { type: 'name-organiser', person: 'Bob' }],
  ['de', 'mach bob zum organisator', { type: 'name-organiser', person: 'bob' }],
  ['en', 'who organises?', { type: 'organisers' }],
  ['fr', 'qui organise ?', { type: 'organisers' }],
  ['de', 'wer sind die organisatoren?', { type: 'organisers' }],

  ['en', 'open the call for proposals until 15 January', { type: 'open-call', until: '2027-01-15T23:59:59+01:00' }],
  ['en', 'open cfp till jan 15 18:00', { type: 'open-call', until: '2027-01-15T18:00:00+01:00' }],
  ['en', 'open the call for proposals', { type: 'open-call' }],
  ['fr', "ouvre l'appel à propositions jusqu'au 15 janvier", { type: 'open-call', until: '2027-01-15T23:59:59+01:00' }],
  ['fr', 'ouvre l appel a propositions jusqu au 15 janvier', { type: 'open-call', until: '2027-01-15T23:59:59+01:00' }],
  ['de', 'öffne den Call for Proposals bis 15. Januar', { type: 'open-call', until: '2027-01-15T23:59:59+01:00' }],
  ['de', 'öffne den aufruf für beiträge bis zum 15. januar', { type: 'open-call', until: '2027-01-15T23:59:59+01:00' }],
  ['en', 'close the cfp pls', { type: 'close-call' }],
  ['fr', "ferme l'appel stp", { type: 'close-call' }],
  ['de', 'schliess den call ab', { type: 'close-call' }],
  ['en', 'call for proposals?', { type: 'call-status' }],
  ['en', 'is the call still open?', { type: 'call-status' }],
  ['fr', "l'appel est encore ouvert ?", { type: 'call-status' }],
  ['de', 'aufruf für beiträge?', { type: 'call-status' }],

  ['en', 'propose a talk "Mesh networks for villages", 30 min: how we cabled a village', { type: 'propose', kind: 'talk', title: 'Mesh networks for villages', minutes: 30, pitch: 'how we cabled a village' }],
  ['en', 'propose talk mesh networks 30min 🙏', { type: 'propose', kind: 'talk', title: 'mesh networks', minutes: 30 }],
  ['en', "i'd like to propose a talk about mesh networks, 30 min", { type: 'propose', kind: 'talk', title: 'mesh networks', minutes: 30 }],
  ['en', 'i propose a workshop soldering for kids 45min in french on saturday at atelier: bring your own iron', { type: 'propose', kind: 'workshop', title: 'soldering for kids', minutes: 45, language: 'fr', wish: 'saturday, Atelier', pitch: 'bring your own iron' }],
  ['fr', 'je propose un atelier "Réparer son vélo" de 45 min : on répare', { type: 'propose', kind: 'workshop', title: 'Réparer son vélo', minutes: 45, pitch: 'on répare' }],
  ['fr', 'je propose un atelier soudure 1h30', { type: 'propose', kind: 'workshop', title: 'soudure', minutes: 90 }],
  ['fr', 'je propose une conf "les réseaux maillés" de 30 min en anglais le samedi : comment on a câblé un village', { type: 'propose', kind: 'talk', title: 'les réseaux maillés', minutes: 30, language: 'en', wish: 'samedi', pitch: 'comment on a câblé un village' }],
  ['de', 'ich schlage einen Vortrag "Mesh-Netze" vor, 30 Minuten: wie wir ein Dorf verkabelt haben', { type: 'propose', kind: 'talk', title: 'Mesh-Netze', minutes: 30, pitch: 'wie wir ein Dorf verkabelt haben' }],
  ['de', 'ich schlage einen vortrag mesh netze vor, 30 minuten', { type: 'propose', kind: 'talk', title: 'mesh netze', minutes: 30 }],
  ['de', 'ich möchte einen workshop löten vorschlagen, 1 stunde', { type: 'propose', kind: 'workshop', title: 'löten', minutes: 60 }],

  ['en', 'proposals', { type: 'proposals' }],
  ['en', 'show me all proposals', { type: 'proposals' }],
  ['fr', 'propositions', { type: 'proposals' }],
  ['fr', 'liste les propositions', { type: 'proposals' }],
  ['de', 'Vorschläge', { type: 'proposals' }],
  ['de', 'welche vorschläge gibt es?', { type: 'proposals' }],

  ['en', 'change my proposal mesh networks to 45 min', { type: 'edit-proposal', proposal: 'mesh networks', minutes: 45 }],
  ['en', 'rename my proposal mesh networks to mesh for villages', { type: 'edit-proposal', proposal: 'mesh networks', title: 'mesh for villages' }],
  ['en', 'new pitch for my proposal mesh: we cable', { type: 'edit-proposal', proposal: 'mesh', pitch: 'we cable' }],
  ['fr', 'change ma proposition mesh à 45 min', { type: 'edit-proposal', proposal: 'mesh', minutes: 45 }],
  ['fr', 'renomme ma proposition soudure en "Soudure pour les petits"', { type: 'edit-proposal', proposal: 'soudure', title: 'Soudure pour les petits' }],
  ['de', 'ändere meinen vorschlag mesh auf 45 minuten', { type: 'edit-proposal', proposal: 'mesh', minutes: 45 }],
  ['de', 'benenne meinen vorschlag löten in "Löten für Kinder" um', { type: 'edit-proposal', proposal: 'löten', title: 'Löten für Kinder' }],
  ['en', 'withdraw my proposal mesh networks', { type: 'withdraw-proposal', proposal: 'mesh networks' }],
  ['fr', 'retire ma proposition mesh', { type: 'withdraw-proposal', proposal: 'mesh' }],
  ['de', 'ziehe meinen vorschlag mesh zurück', { type: 'withdraw-proposal', proposal: 'mesh' }],

  ['en', '+1 mesh networks!!', { type: 'vote', proposal: 'mesh networks', vote: true }],
  ['en', '+1 for mesh networks', { type: 'vote', proposal: 'mesh networks', vote: true }],
  ['en', 'vote for mesh networks', { type: 'vote', proposal: 'mesh networks', vote: true }],
  ['fr', 'je vote pour la soudure', { type: 'vote', proposal: 'soudure', vote: true }],
  ['de', 'ich stimme für löten', { type: 'vote', proposal: 'löten', vote: true }],
  ['en', '-1 mesh networks', { type: 'vote', proposal: 'mesh networks', vote: false }],
  ['en', 'unvote mesh', { type: 'vote', proposal: 'mesh', vote: false }],
  ['fr', 'je retire mon vote pour mesh', { type: 'vote', proposal: 'mesh', vote: false }],
  ['de', 'ich ziehe meine stimme für mesh zurück', { type: 'vote', proposal: 'mesh', vote: false }],

  ['en', 'accept Mesh networks for Saturday 15:00 at Atelier', { type: 'accept-proposal', proposal: 'Mesh networks', time: '2027-01-02T15:00', venue: 'Atelier' }],
  ['en', 'accept mesh networks at atelier on saturday at 3pm', { type: 'accept-proposal', proposal: 'mesh networks', time: '2027-01-02T15:00', venue: 'atelier' }],
  ['fr', "accepte mesh networks samedi 15h à l'atelier", { type: 'accept-proposal', proposal: 'mesh networks', time: '2027-01-02T15:00', venue: 'atelier' }],
  ['fr', 'accepte soudure samedi à 15h à l atelier', { type: 'accept-proposal', proposal: 'soudure', time: '2027-01-02T15:00', venue: 'atelier' }],
  ['de', 'nimm mesh networks für Samstag 15 Uhr im Atelier an', { type: 'accept-proposal', proposal: 'mesh networks', time: '2027-01-02T15:00', venue: 'Atelier' }],
  ['en', 'decline Mesh networks: no room left', { type: 'decline-proposal', proposal: 'Mesh networks', reason: 'no room left' }],
  ['en', 'reject soldering because no room left', { type: 'decline-proposal', proposal: 'soldering', reason: 'no room left' }],
  ['fr', 'refuse soudure car plus de place', { type: 'decline-proposal', proposal: 'soudure', reason: 'plus de place' }],
  ['de', 'lehne löten ab, weil kein platz mehr', { type: 'decline-proposal', proposal: 'löten', reason: 'kein platz mehr' }],

  ['en', 'schedule the top proposals into free slots at Atelier on Saturday', { type: 'plan-proposals', venue: 'Atelier', day: '2027-01-02' }],
  ['en', 'schedule the top 3 proposals at atelier on sat', { type: 'plan-proposals', venue: 'atelier', day: '2027-01-02' }],
  ['fr', "programme les meilleures propositions dans les créneaux libres de l'atelier samedi", { type: 'plan-proposals', venue: 'atelier', day: '2027-01-02' }],
  ['de', 'plane die besten vorschläge in freie slots im atelier am samstag ein', { type: 'plan-proposals', venue: 'atelier', day: '2027-01-02' }],
]

describe('the call for proposals, as typed', () => {
  for (const [lang, sentence, want] of CASES) {
    it(`${lang}: ${sentence}`, () => {
      const r = read(lang, sentence)
      expect(shown(r)).toEqual(want)
      expect((r as { lang: Lang }).lang).toBe(lang)
    })
  }
})

describe('what these rules leave to others, or ask about', () => {
  it('a proposal with a clock time is a booking; "i propose we …" is no proposal', () => {
    expect(read('en', 'propose a workshop saturday 3pm at atelier').type).toBe('add-event')
    expect(read('fr', 'propose un atelier samedi 15h à l’atelier').type).toBe('add-event')
    expect(read('en', 'I propose we move the workshop to 5pm').type).not.toBe('propose')
  })
  it('the sentences of the warm-up keep their intents', () => {
    expect(read('en', 'move Mesh routing to 16:00').type).toBe('move-event')
    expect(read('en', "I'm going to Mesh routing").type).toBe('rsvp')
    expect(read('en', '- add a talk saturday 3pm').type).toBe('add-event')
    expect(read('en', 'cancel mesh routing').type).toBe('cancel-event')
  })
  it('an acceptance without a clock time, a plan without a day, a proposal without a title: a hint, not a guess', () => {
    expect(read('en', 'accept mesh networks saturday at atelier')).toMatchObject({ type: 'no-parse', reason: 'missing-time' })
    expect(read('en', 'schedule the top proposals at atelier')).toMatchObject({ type: 'no-parse', reason: 'missing-time' })
    expect(read('en', 'propose a talk, 30 min')).toMatchObject({ type: 'no-parse', reason: 'missing-name' })
    expect(read('en', 'open the call for proposals until blorp')).toMatchObject({ type: 'no-parse' })
  })
})

describe('the examples the bot gives', () => {
  it('every example of the help line reads as an intent of the call for proposals, in its language', () => {
    for (const lang of ['en', 'fr', 'de'] as const) {
      const examples = [...PROPOSAL_TEXT[lang].help.matchAll(/[“«„]\s?([^”»“]+?)\s?[”»“]/gu)].map((m) => m[1]!)
      expect(examples.length).toBeGreaterThanOrEqual(5)
      for (const example of examples) {
        const r = read(lang, example)
        expect([r.type, (r as { lang?: Lang }).lang], example).toEqual([expect.stringMatching(/call|propos|vote|accept|plan/u), lang])
      }
    }
  })
})
