/**
 * Person-to-person rounds as people type them, in English, French and German: setting them, the
 * questions back for what is missing, opting in and out, a venue's tables, and sentences that
 * must stay with the other rules (a random meeting, a capacity, an ordinary RSVP).
 */
import { describe, expect, it } from 'vitest'
import { MESSAGES } from '../../commands/i18n.ts'
import { parse } from '../../commands/parse/index.ts'
import { NOW, PARIS, table } from './parse-helpers.ts'

const set = (event: string | undefined, clock: string, count: number, minutes: number) => ({ type: 'set-rounds', event, clock, count, minutes })

describe('rounds in English', () => {
  table('en', [
    ['pair people at 19:30 for 5 rounds of 10 minutes at Paris P2P', set('Paris P2P', '19:30', 5, 10)],
    ['please pair up everyone for 5 rounds of 10 min at 19:30 during the monthly evening', set('monthly evening', '19:30', 5, 10)],
    ['pair people at 7:30pm for five 10-minute rounds at Paris P2P', set('Paris P2P', '19:30', 5, 10)],
    ['plan 5 person-to-person rounds of 10 minutes at 19:30 at Paris P2P', set('Paris P2P', '19:30', 5, 10)],
    ['pair people at 19:30 for 5 rounds of 10 minutes', set(undefined, '19:30', 5, 10)],
    ['pair people for Paris P2P at 19:30: 5 rounds of 10 min', set('Paris P2P', '19:30', 5, 10)],
    ['pair people at Paris P2P for 5 rounds', { type: 'ask', question: 'To pair people I need how long each lasts and when the first one starts. For example: “pair people at 19:30 for 5 rounds of 10 minutes at Paris P2P”.' }],
    ["I'm in for the rounds", { type: 'rounds-answer', join: true, event: undefined }],
    ['count me in for the rounds at Paris P2P', { type: 'rounds-answer', join: true, event: 'Paris P2P' }],
    ["I'm out of the rounds", { type: 'rounds-answer', join: false }],
    ['take me out of the rounds', { type: 'rounds-answer', join: false }],
    ['cancel the rounds for Paris P2P', { type: 'stop-rounds', event: 'Paris P2P' }],
    ['Ground Control has 12 tables', { type: 'venue-spots', venue: 'Ground Control', spots: 12 }],
    // Not rounds:
    ['Ground Control has 12 seats', { type: 'set-capacity' }],
    ["I'm going to Paris P2P", { type: 'rsvp', answer: 'going' }],
  ])
})

describe('rounds in French', () => {
  table('fr', [
    ['fais 5 rencontres de 10 minutes à 19h30 pour Paris P2P', set('Paris P2P', '19:30', 5, 10)],
    ['organise des rencontres à 19h30 : 5 tours de 10 minutes pour la soirée mensuelle', set('soirée mensuelle', '19:30', 5, 10)],
    ['fais des rencontres pour Paris P2P', { type: 'ask' }],
    ['je suis partant pour les rencontres', { type: 'rounds-answer', join: true }],
    ['je suis partante pour les rencontres de Paris P2P', { type: 'rounds-answer', join: true, event: 'Paris P2P' }],
    ['je ne suis plus partant pour les rencontres', { type: 'rounds-answer', join: false }],
    ['annule les rencontres de Paris P2P', { type: 'stop-rounds', event: 'Paris P2P' }],
    ['Ground Control a 12 tables', { type: 'venue-spots', venue: 'Ground Control', spots: 12 }],
    // Random meetings are another feature's words (rules-meetings.ts), never the rounds'.
    ['trouve-moi une rencontre au hasard demain après-midi', { type: 'random-meeting' }],
    ['je suis partant pour les rencontres au hasard', { type: 'meetings-opt', on: true }],
    ['fais des rencontres au hasard', { type: 'no-parse' }],
  ])
})

describe('rounds in German', () => {
  table('de', [
    ['bilde Paare um 19:30 für 5 Runden à 10 Minuten beim Paris P2P', set('Paris P2P', '19:30', 5, 10)],
    ['bilde Paare um 19:30 für 5 Runden von 10 Minuten', set(undefined, '19:30', 5, 10)],
    ['ich bin bei den Runden dabei', { type: 'rounds-answer', join: true }],
    ['ich bin bei den Runden vom Paris P2P dabei', { type: 'rounds-answer', join: true, event: 'Paris P2P' }],
    ['ich bin bei den Runden nicht mehr dabei', { type: 'rounds-answer', join: false }],
    ['ich steige aus den Runden aus', { type: 'rounds-answer', join: false }],
    ['sag die Runden vom Paris P2P ab', { type: 'stop-rounds', event: 'Paris P2P' }],
    ['Ground Control hat 12 Tische', { type: 'venue-spots', venue: 'Ground Control', spots: 12 }],
  ])
})

describe('the help line of rounds and random meetings', () => {
  it('reads every example it gives as the intent it shows, in its language', () => {
    const want = ['set-rounds', 'rounds-answer', 'random-meeting', 'meetings-opt']
    for (const lang of ['en', 'fr', 'de'] as const) {
      const line = MESSAGES[lang].help.find((l) => l.includes('19:30') || l.includes('19h30'))!
      const examples = line.split(' · ')
      expect(examples.map((e) => parse(e, { now: NOW, timezone: PARIS, lang }))).toMatchObject(want.map((type) => ({ type, lang })))
    }
  })
})
