/**
 * The sentences of application rounds and capacity, typed as people type them, in English, French
 * and German; and the line between "accept <person> for <event>" and a proposal's "accept <proposal>
 * for <slot>".
 */
import { describe, expect, it } from 'vitest'
import { parse } from '../../commands/parse/index.ts'
import type { KnownNames, Lang } from '../../commands/intent.ts'

const NOW = Date.parse('2030-06-03T10:00:00+02:00')
const known: KnownNames = {
  venues: [{ name: 'Atelier', aliases: [] }],
  resources: [],
  people: ['Alice', 'Bob Martin', 'Carol', 'dan'],
  events: [{ title: 'IPFS Dev Meetings', kind: 'meetup' }, { title: 'Mesh routing', kind: 'workshop' }, { title: 'Saturday Night Jam', kind: 'concert' }],
}
const read = (text: string, lang: Lang = 'en') => parse(text, { now: NOW, timezone: 'Europe/Paris', lang, known })

const rows: Array<[Lang, string, Record<string, unknown>]> = [
  // opening a round
  ['en', 'applications for IPFS Dev Meetings are open: up to 80 people; question: what do you maintain?', { type: 'open-applications', event: 'IPFS Dev Meetings', limit: 80, question: 'what do you maintain?' }],
  ['en', 'applications for ipfs dev meetings are open, 60 people max, question: which repo do you maintain', { type: 'open-applications', event: 'IPFS Dev Meetings', limit: 60, question: 'which repo do you maintain' }],
  ['en', 'open applications for mesh routing pls', { type: 'open-applications', event: 'Mesh routing', limit: undefined, question: undefined }],
  ['fr', 'candidatures ouvertes pour IPFS Dev Meetings : 80 personnes max ; question : que maintenez-vous ?', { type: 'open-applications', event: 'IPFS Dev Meetings', limit: 80, question: 'que maintenez-vous?' }],
  ['fr', 'les candidatures pour ipfs dev meetings sont ouvertes : jusqu\'à 40 places', { type: 'open-applications', event: 'IPFS Dev Meetings', limit: 40 }],
  ['de', 'Bewerbungen für IPFS Dev Meetings sind offen: bis zu 80 Leute; Frage: was pflegst du?', { type: 'open-applications', event: 'IPFS Dev Meetings', limit: 80, question: 'was pflegst du?' }],
  ['de', 'öffne die bewerbungen für mesh routing', { type: 'open-applications', event: 'Mesh routing' }],
  ['en', 'close applications for IPFS Dev Meetings', { type: 'close-applications', event: 'IPFS Dev Meetings' }],
  ['fr', 'ferme les candidatures pour ipfs dev meetings', { type: 'close-applications', event: 'IPFS Dev Meetings' }],
  ['de', 'die Bewerbungen für IPFS Dev Meetings sind geschlossen', { type: 'close-applications', event: 'IPFS Dev Meetings' }],
  // applying
  ['en', 'apply to IPFS Dev Meetings: I maintain js-libp2p', { type: 'apply', event: 'IPFS Dev Meetings', answer: 'I maintain js-libp2p' }],
  ['en', "i'd like to apply for ipfs dev meetings: I maintain js-libp2p, helia and kubo. also go-ds-s3", { type: 'apply', event: 'IPFS Dev Meetings', answer: 'I maintain js-libp2p, helia and kubo. also go-ds-s3' }],
  // No colon: the known title ends the event's name. (A closing emoji is dropped, as from every sentence.)
  ['en', 'apply to ipfs dev meetings i maintain rust-libp2p 🦀', { type: 'apply', event: 'IPFS Dev Meetings', answer: 'i maintain rust-libp2p' }],
  ['en', 'apply to IPFS Dev Meetings', { type: 'apply', event: 'IPFS Dev Meetings', answer: '' }],
  ['fr', 'je postule à IPFS Dev Meetings : je maintiens js-libp2p', { type: 'apply', event: 'IPFS Dev Meetings', answer: 'je maintiens js-libp2p' }],
  ['fr', 'je voudrais postuler pour ipfs dev meetings: je code sur Helia, et un peu Kubo', { type: 'apply', event: 'IPFS Dev Meetings', answer: 'je code sur Helia, et un peu Kubo' }],
  ['de', 'ich bewerbe mich für IPFS Dev Meetings: ich pflege js-libp2p', { type: 'apply', event: 'IPFS Dev Meetings', answer: 'ich pflege js-libp2p' }],
  ['de', 'ich möchte mich für ipfs dev meetings bewerben: ich pflege Iroh', { type: 'apply', event: 'IPFS Dev Meetings', answer: 'ich pflege Iroh' }],
  ['en', 'withdraw my application to IPFS Dev Meetings', { type: 'withdraw-application', event: 'IPFS Dev Meetings' }],
  ['fr', 'je retire ma candidature pour ipfs dev meetings', { type: 'withdraw-application', event: 'IPFS Dev Meetings' }],
  ['de', 'ich ziehe meine Bewerbung für IPFS Dev Meetings zurück', { type: 'withdraw-application', event: 'IPFS Dev Meetings' }],
  // reviewing
  ['en', 'applications for IPFS Dev Meetings', { type: 'list-applications', event: 'IPFS Dev Meetings' }],
  ['en', 'who applied to ipfs dev meetings?', { type: 'list-applications', event: 'IPFS Dev Meetings' }],
  ['fr', 'les candidatures pour IPFS Dev Meetings', { type: 'list-applications', event: 'IPFS Dev Meetings' }],
  ['de', 'zeig mir die Bewerbungen für IPFS Dev Meetings', { type: 'list-applications', event: 'IPFS Dev Meetings' }],
  ['en', 'accept Alice for IPFS Dev Meetings', { type: 'decide-application', people: ['Alice'], event: 'IPFS Dev Meetings', decision: 'accepted' }],
  ['en', 'accept alice and Carol for ipfs dev meetings', { type: 'decide-application', people: ['alice', 'Carol'], event: 'IPFS Dev Meetings', decision: 'accepted' }],
  ['en', 'decline bob martin for IPFS Dev Meetings', { type: 'decide-application', people: ['bob martin'], event: 'IPFS Dev Meetings', decision: 'declined' }],
  ['en', 'waitlist @Carol for IPFS Dev Meetings', { type: 'decide-application', people: ['Carol'], decision: 'waitlisted' }],
  ['en', 'put dan on the waiting list for IPFS Dev Meetings', { type: 'decide-application', people: ['dan'], decision: 'waitlisted' }],
  ['fr', 'accepte Alice pour IPFS Dev Meetings', { type: 'decide-application', people: ['Alice'], event: 'IPFS Dev Meetings', decision: 'accepted' }],
  ['fr', 'refuse Bob Martin pour ipfs dev meetings', { type: 'decide-application', people: ['Bob Martin'], decision: 'declined' }],
  ['fr', "mets Carol en liste d'attente pour IPFS Dev Meetings", { type: 'decide-application', people: ['Carol'], decision: 'waitlisted' }],
  ['de', 'nimm Alice für IPFS Dev Meetings an', { type: 'decide-application', people: ['Alice'], event: 'IPFS Dev Meetings', decision: 'accepted' }],
  ['de', 'lehne Bob Martin für IPFS Dev Meetings ab', { type: 'decide-application', people: ['Bob Martin'], decision: 'declined' }],
  ['de', 'setz Carol auf die Warteliste für IPFS Dev Meetings', { type: 'decide-application', people: ['Carol'], decision: 'waitlisted' }],
  // an applicant not known by name, for an event known by title: still a decision (the executor says who applied)
  ['en', 'accept Alise for IPFS Dev Meetings', { type: 'decide-application', people: ['Alise'] }],
  ['en', 'pls accept carol for ipfs dev meetings', { type: 'decide-application', people: ['carol'], event: 'IPFS Dev Meetings', decision: 'accepted' }],
  ['en', 'Waitlist Carol for IPFS Dev Meetings 🙏', { type: 'decide-application', people: ['Carol'], decision: 'waitlisted' }],
  ['en', 'APPLY TO IPFS DEV MEETINGS: i do libp2p stuff', { type: 'apply', event: 'IPFS Dev Meetings', answer: 'i do libp2p stuff' }],
  ['fr', 'svp accepte carol et dan pour ipfs dev meetings', { type: 'decide-application', people: ['carol', 'dan'], decision: 'accepted' }],
  // capacity
  ['en', 'ipfs dev meetings is for 20 ppl', { type: 'set-capacity', event: 'IPFS Dev Meetings', capacity: 20 }],
  ['en', 'IPFS Dev Meetings is for 20 people', { type: 'set-capacity', event: 'IPFS Dev Meetings', capacity: 20 }],
  ['en', 'limit mesh routing to 12', { type: 'set-capacity', event: 'Mesh routing', capacity: 12 }],
  ['en', 'Saturday Night Jam is for 200 people', { type: 'set-capacity', event: 'Saturday Night Jam', capacity: 200 }],
  ['fr', 'IPFS Dev Meetings : 20 places', { type: 'set-capacity', event: 'IPFS Dev Meetings', capacity: 20 }],
  ['fr', 'limite mesh routing à 15 personnes', { type: 'set-capacity', event: 'Mesh routing', capacity: 15 }],
  ['de', 'IPFS Dev Meetings hat 20 Plätze', { type: 'set-capacity', event: 'IPFS Dev Meetings', capacity: 20 }],
  ['de', 'begrenze mesh routing auf 10 leute', { type: 'set-capacity', event: 'Mesh routing', capacity: 10 }],
  ['en', 'Atelier holds 30', { type: 'venue-capacity', venue: 'Atelier', capacity: 30 }],
  ['fr', "l'Atelier peut accueillir 30 personnes", { type: 'venue-capacity', venue: 'Atelier', capacity: 30 }],
  ['de', 'ins Atelier passen 30 Leute', { type: 'venue-capacity', venue: 'Atelier', capacity: 30 }],
  ['de', 'das Atelier fasst 25 Personen', { type: 'venue-capacity', venue: 'Atelier', capacity: 25 }],
]

describe('application and capacity sentences', () => {
  for (const [lang, text, want] of rows) {
    it(`[${lang}] ${text}`, () => {
      const got = read(text, lang) as unknown as Record<string, unknown>
      for (const [k, v] of Object.entries(want)) {
        if (v === undefined) expect(got[k], `${k} must be absent`).toBeUndefined()
        else expect(got[k], JSON.stringify(got)).toEqual(v)
      }
    })
  }
})

describe('what stays with the other rules', () => {
  it('"accept <proposal> for <slot>": a day or clock after "for" is never a decision', () => {
    for (const s of ['accept Mesh networks for Saturday 15:00 at Atelier', 'accept Alice for Saturday 15:00 at Atelier', 'accepte Carol pour samedi 15h à l\'Atelier', 'nimm Alice für Samstag 15 Uhr im Atelier an']) {
      expect(read(s).type, s).not.toBe('decide-application')
    }
  })

  it('"accept <name> for <event>" with a name nobody has and an event nobody knows is not a decision', () => {
    expect(read('accept Mesh networks for the big stage').type).not.toBe('decide-application')
  })

  it('a new event with a capacity stays a new event', () => {
    expect(read('add a workshop saturday 3pm for 20 people')).toMatchObject({ type: 'add-event', capacity: 20 })
    expect(read('ajoute un atelier samedi 15h pour 20 personnes', 'fr')).toMatchObject({ type: 'add-event', capacity: 20 })
  })

  it("asks about words an opening does not read, offering the reading without them", () => {
    const r = read('applications for IPFS Dev Meetings are open: 80 people, vegan lunch')
    expect(r.type).toBe('ask')
    if (r.type !== 'ask') return
    expect(r.question).toContain('vegan lunch')
    expect(r.intents).toEqual([{ type: 'open-applications', event: 'IPFS Dev Meetings', limit: 80 }])
  })
})
