/**
 * Communities as people type them, in English, French and German: starting one, a festival joining
 * and leaving, a room following, the calendar across the mesh, members, the switch and "festivals
 * nearby" — and sentences that must stay with the other rules (a venue's programme, an RSVP).
 */
import { describe, expect, it } from 'vitest'
import { parse } from '../../commands/parse/index.ts'
import { MESSAGES } from '../../commands/i18n.ts'
import type { Lang } from '../../commands/intent.ts'
import { NOW, PARIS } from './parse-helpers.ts'

const MESH = { communities: ['France P2P'], festivals: ['Paris P2P', 'Lyon P2P', 'Nantes P2P'] }

/** One row: the sentence and the fields its result must have (`undefined`: absent). */
type Row = [text: string, want: Record<string, unknown>]

function table(lang: Lang, rows: readonly Row[], mesh: typeof MESH | null = MESH): void {
  for (const [text, want] of rows) {
    it(`[${lang}] ${JSON.stringify(text)}`, () => {
      const got = parse(text, { now: NOW, timezone: PARIS, lang, ...(mesh ? { mesh } : {}) }) as unknown as Record<string, unknown>
      for (const [k, v] of Object.entries(want)) {
        if (v === undefined) expect(got[k], `${k} must be absent`).toBeUndefined()
        else expect(got[k], k).toEqual(v)
      }
    })
  }
}

const join = (community: string, festival?: string) => ({ type: 'community-membership', community, festival, join: true })
const leave = (community: string, festival?: string) => ({ type: 'community-membership', community, festival, join: false })
const follow = (community: string, on = true) => ({ type: 'follow-community', community, follow: on })
const query = (community: string | undefined, span?: string) => ({ type: 'mesh-query', community, span })

describe('communities in English', () => {
  table('en', [
    ['new community France P2P', { type: 'new-community', name: 'France P2P', lang: 'en' }],
    ['create a community called "France P2P"', { type: 'new-community', name: 'France P2P' }],
    ['Lyon P2P joins France P2P', join('France P2P', 'Lyon P2P')],
    ['we join France P2P', join('France P2P')],
    ['this festival joins France P2P', join('France P2P')],
    ['this festival joins Marseille P2P', join('Marseille P2P')],
    ["we're joining the France P2P community", join('France P2P')],
    ['Lyon P2P joins Marseille P2P', join('Marseille P2P', 'Lyon P2P')],
    ['we leave France P2P', leave('France P2P')],
    ['Nantes P2P leaves France P2P', leave('France P2P', 'Nantes P2P')],
    ['this room follows France P2P', follow('France P2P')],
    ['this room follows Atlantis', follow('Atlantis')],
    ['follow France P2P', follow('France P2P')],
    ['unfollow France P2P', follow('France P2P', false)],
    ['this room no longer follows France P2P', follow('France P2P', false)],
    ["what's on in France P2P this month?", query('France P2P', 'month')],
    ["what's happening across France P2P", query('France P2P')],
    ["what's on in the France P2P community this week", query('France P2P', 'week')],
    ["what's on across the mesh?", query(undefined)],
    ['members of France P2P', { type: 'community-members', community: 'France P2P' }],
    ['communities', { type: 'communities' }],
    ['mesh announcements off', { type: 'mesh-announce', on: false }],
    ['festivals nearby', { type: 'nearby' }],
    ['co-organise Mesh night with Lyon P2P and Nantes P2P', { type: 'meta-event', event: 'Mesh night', festivals: ['Lyon P2P', 'Nantes P2P'] }],
    ['Mesh night is co-organised by Lyon P2P', { type: 'meta-event', event: 'Mesh night', festivals: ['Lyon P2P'] }],
    ['co-organise Mesh night with Bob', { type: 'no-parse' }],
    ['share community France P2P', { type: 'share-community', community: 'France P2P' }],
    ['share France P2P', { type: 'share-community', community: 'France P2P' }],
    ['which festivals are near me?', { type: 'nearby' }],
    // Not the mesh's:
    ["what's on in Ground Control this week", { type: 'schedule' }],
    ["I'm going to Paris P2P", { type: 'rsvp', answer: 'going' }],
  ])
})

describe('communities in French', () => {
  table('fr', [
    ['nouvelle communauté France P2P', { type: 'new-community', name: 'France P2P', lang: 'fr' }],
    ['crée une communauté France P2P', { type: 'new-community', name: 'France P2P' }],
    ['Lyon P2P rejoint France P2P', join('France P2P', 'Lyon P2P')],
    ['nous rejoignons France P2P', join('France P2P')],
    ['ce festival rejoint la communauté France P2P', join('France P2P')],
    ['on quitte France P2P', leave('France P2P')],
    ['ce salon suit France P2P', follow('France P2P')],
    ['ce salon ne suit plus France P2P', follow('France P2P', false)],
    ['quoi de neuf chez France P2P ?', query('France P2P')],
    ["qu'est-ce qu'il y a chez France P2P ce mois-ci ?", query('France P2P', 'month')],
    ['quoi de neuf dans le réseau cette semaine', query(undefined, 'week')],
    ['membres de France P2P', { type: 'community-members', community: 'France P2P' }],
    ['annonces du réseau non', { type: 'mesh-announce', on: false }],
    ['festivals à proximité', { type: 'nearby' }],
    ['co-organise la Nuit du mesh avec Lyon P2P et Nantes P2P', { type: 'meta-event', event: 'Nuit du mesh', festivals: ['Lyon P2P', 'Nantes P2P'] }],
    ['partage la communauté France P2P', { type: 'share-community', community: 'France P2P' }],
    ['je viens au concert de samedi', { type: 'rsvp', answer: 'going' }],
  ])
})

describe('communities in German', () => {
  table('de', [
    ['neue Community France P2P', { type: 'new-community', name: 'France P2P', lang: 'de' }],
    ['Lyon P2P tritt France P2P bei', join('France P2P', 'Lyon P2P')],
    ['wir treten France P2P bei', join('France P2P')],
    ['was geht bei France P2P?', query('France P2P')],
    ['dieses Festival tritt der Community France P2P bei', join('France P2P')],
    ['wir verlassen France P2P', leave('France P2P')],
    ['dieser Raum folgt France P2P', follow('France P2P')],
    ['dieser Raum folgt France P2P nicht mehr', follow('France P2P', false)],
    ['was läuft bei France P2P?', query('France P2P')],
    ['was läuft bei France P2P diesen Monat?', query('France P2P', 'month')],
    ['Mitglieder von France P2P', { type: 'community-members', community: 'France P2P' }],
    ['Netzwerk-Ankündigungen aus', { type: 'mesh-announce', on: false }],
    ['Festivals in der Nähe', { type: 'nearby' }],
    ['organisiere Mesh-Nacht gemeinsam mit Lyon P2P und Paris P2P', { type: 'meta-event', event: 'Mesh-Nacht', festivals: ['Lyon P2P', 'Paris P2P'] }],
    ['teile die Community France P2P', { type: 'share-community', community: 'France P2P' }],
    ['was läuft heute abend?', { type: 'schedule' }],
  ])
})

describe('without communities held, broad sentences stay with the other rules', () => {
  table('en', [
    ["what's on in France P2P this month?", { type: 'schedule' }],
    ['follow France P2P', { type: 'no-parse' }],
    ['share Mesh routing', { type: 'no-parse' }],
    ['this room follows France P2P', follow('France P2P')],
  ], null)
})

describe('the help line of communities', () => {
  it('reads every example it gives as the intent it shows, in its language, with no community held yet', () => {
    const want = ['new-community', 'community-membership', 'follow-community', 'mesh-query', 'nearby']
    for (const lang of ['en', 'fr', 'de'] as const) {
      const line = MESSAGES[lang].help.find((l) => l.includes('France P2P'))!
      const examples = line.split(' · ')
      expect(examples.map((e) => parse(e, { now: NOW, timezone: PARIS, lang }))).toMatchObject(want.map((type) => ({ type, lang })))
    }
  })
})

// "join France P2P" with no subject was read as an RSVP to an event of that name, which does not exist.
describe('a bare "join" of a community held here', () => {
  const both = (community: string) => [
    { type: 'community-membership', community, join: true },
    { type: 'follow-community', community, follow: true },
  ]
  const cases: [Lang, string][] = [
    ['en', 'join france p2p'],
    ['en', "let's join the France P2P community"],
    ['fr', 'rejoindre France P2P'],
    ['de', 'France P2P beitreten'],
    ['de', 'tritt France P2P bei'],
  ]
  for (const [lang, text] of cases) {
    it(`[${lang}] ${JSON.stringify(text)} asks: this festival joins, or this room follows`, () => {
      expect(parse(text, { now: NOW, timezone: PARIS, lang, mesh: MESH })).toMatchObject({ type: 'ask', intents: both('France P2P') })
    })
  }
  it('stays an RSVP for an event, or a name that is no community here', () => {
    const known = { venues: [], resources: [], people: [], events: [{ title: 'Intro to IPFS', kind: 'talk' as const }] }
    expect(parse('join Intro to IPFS', { now: NOW, timezone: PARIS, lang: 'en', mesh: MESH, known })).toMatchObject({ type: 'rsvp', event: 'Intro to IPFS' })
    expect(parse('join Nantes P2P', { now: NOW, timezone: PARIS, lang: 'en', mesh: MESH })).toMatchObject({ type: 'rsvp' })
  })
})
