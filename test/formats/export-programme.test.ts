/**
 * The exports of a festival whose programme is being built: the JSON export carries the proposals
 * (state, votes, slot, decline reason — never an application's answer) and each event's
 * limit, going and waiting counts; the iCalendar export holds only events, so a proposal is a VEVENT
 * once a venue's host accepted it and not before. On a `Festival` in memory.
 */
import { describe, expect, it } from 'vitest'
import { Festival, newGenesis } from '../../core/festival.ts'
import { signerFromSeed } from '../../core/identity.ts'
import type { Signer } from '../../core/identity.ts'
import type { NamespaceWriter } from '../../core/doc.ts'
import { newEntityId } from '../../core/ids.ts'
import { exportJson } from '../../core/formats/export-json.ts'
import { exportIcs } from '../../core/formats/export-ics.ts'
import { programmeOf } from '../../core/programme-of.ts'
import { prop, readIcs } from './helpers.ts'

const alice = signerFromSeed(new Uint8Array(32).fill(1)) // creates the festival
const bob = signerFromSeed(new Uint8Array(32).fill(2)) // hosts the Atelier
const carol = signerFromSeed(new Uint8Array(32).fill(3))
const dave = signerFromSeed(new Uint8Array(32).fill(4))
const erin = signerFromSeed(new Uint8Array(32).fill(6))
const T0 = Date.UTC(2027, 5, 3, 8) // Thursday 3 June 2027, 10:00 in Paris
const HOUR = 3_600_000

function festival() {
  const meta = newGenesis({ name: 'Paris P2P', timezone: 'Europe/Paris', now: T0, creator: alice.key })
  const f = new Festival(meta, undefined, { now: () => T0 })
  const write = (s: Signer, fn: (w: NamespaceWriter) => void) => f.change(s, fn)
  for (const [s, name] of [[alice, 'Alice'], [bob, 'Bob'], [carol, 'Carol'], [dave, 'Dave'], [erin, 'Erin']] as const) write(s, (w) => w.setProfile({ name }))
  const atelier = newEntityId(bob.key)
  write(bob, (w) => w.setVenue(atelier, { name: 'Atelier', aliases: [], capacity: 1, concurrent: 1, policy: 'open' }))
  write(alice, (w) => w.setCall({ open: true, until: T0 + 24 * HOUR, at: T0 }))
  const mesh = newEntityId(carol.key)
  const zines = newEntityId(dave.key)
  const repair = newEntityId(erin.key)
  write(carol, (w) => w.setProposal(mesh, { title: 'Mesh networks', kind: 'talk', minutes: 30, pitch: 'how we cabled a village', at: T0 + 1 }))
  write(dave, (w) => w.setProposal(zines, { title: 'Zines', kind: 'workshop', minutes: 60, at: T0 + 2 }))
  write(erin, (w) => w.setProposal(repair, { title: 'Repair café', kind: 'workshop', minutes: 90, at: T0 + 25 * HOUR }))
  write(alice, (w) => w.setVote(repair, true))
  write(bob, (w) => w.setVote(repair, true))
  write(dave, (w) => w.setVote(mesh, true))
  return { f, write, atelier, mesh, zines, repair }
}

describe('the JSON export of a programme being built', () => {
  it('lists the proposals, ranked, with state, votes, slot and decline reason; only the accepted one is an event', () => {
    const { f, write, atelier, mesh, zines, repair } = festival()
    // Saturday 5 June 15:00–15:30 in Paris.
    write(bob, (w) => w.setAcceptance(mesh, { venue: atelier, start: Date.UTC(2027, 5, 5, 13), end: Date.UTC(2027, 5, 5, 13, 30), at: T0 + 10 }))
    write(alice, (w) => w.setDecline(zines, { reason: 'no room for 60 min', at: T0 + 11 }))
    const json = JSON.parse(exportJson(f.view(T0), { proposals: programmeOf(f, T0).proposals }))
    expect(json.proposals).toEqual([
      { id: repair, title: 'Repair café', kind: 'workshop', minutes: 90, proposer: 'Erin', state: 'open', votes: 2, late: true, slot: null, declineReason: null },
      { id: mesh, title: 'Mesh networks', kind: 'talk', minutes: 30, proposer: 'Carol', state: 'accepted', votes: 1, late: false, slot: { venue: 'Atelier', start: '2027-06-05T15:00:00+02:00', end: '2027-06-05T15:30:00+02:00' }, declineReason: null },
      { id: zines, title: 'Zines', kind: 'workshop', minutes: 60, proposer: 'Dave', state: 'declined', votes: 0, late: false, slot: null, declineReason: 'no room for 60 min' },
    ])
    // The accepted proposal is an event too (its pitch, the event's description); the others are not.
    expect(json.events.map((e: { id: string; description: string }) => [e.id, e.description])).toEqual([[mesh, 'how we cabled a village']])
  })

  it("carries each event's limit and its going and waiting counts, and no application's answer", () => {
    const { f, write, atelier } = festival()
    const soldering = newEntityId(alice.key)
    write(alice, (w) => w.setEvent(soldering, { title: 'Soldering', kind: 'workshop', start: T0 + 50 * HOUR, end: T0 + 51 * HOUR, venue: atelier, resources: [], organizers: [], tags: [], state: 'scheduled', bookedAt: T0 }))
    write(carol, (w) => w.setRsvp(soldering, 'going', T0 + 1))
    write(dave, (w) => w.setRsvp(soldering, 'going', T0 + 2))
    write(erin, (w) => w.setRsvp(soldering, 'going', T0 + 3))
    write(alice, (w) => w.setRound(soldering, { open: true, limit: null, question: 'what do you solder?', reviewers: [alice.key], at: T0 }))
    write(bob, (w) => w.setApplication(soldering, { sealed: 'U0VBTEVELUFOU1dFUg==', at: T0 + 4 }))
    const text = exportJson(f.view(T0), { proposals: programmeOf(f, T0).proposals })
    const ev = JSON.parse(text).events.find((e: { id: string }) => e.id === soldering)
    // The Atelier holds one: Carol answered first; Dave and Erin wait.
    expect(ev).toMatchObject({ capacity: null, limit: 1, goingCount: 1, waitingCount: 2, going: ['Carol'] })
    expect(text).not.toContain('U0VBTEVELUFOU1dFUg==')
    expect(text).not.toContain('what do you solder?')
  })
})

describe('the iCalendar export of a programme being built', () => {
  it('holds an accepted proposal as a VEVENT, and no proposal that is not accepted', () => {
    const { f, write, atelier, mesh, zines, repair } = festival()
    const uids = () => readIcs(exportIcs(f.view(T0), { now: T0 })).filter((c) => c.type === 'VEVENT').map((c) => prop(c, 'UID')!.value)
    expect(uids()).toEqual([])
    write(bob, (w) => w.setAcceptance(mesh, { venue: atelier, start: Date.UTC(2027, 5, 5, 13), end: Date.UTC(2027, 5, 5, 13, 30), at: T0 + 10 }))
    write(alice, (w) => w.setDecline(zines, { reason: 'full', at: T0 + 11 }))
    const ics = exportIcs(f.view(T0), { now: T0 })
    expect(uids()).toEqual([`${mesh}@yurt`])
    const vevent = readIcs(ics).find((c) => c.type === 'VEVENT')!
    expect(prop(vevent, 'SUMMARY')!.value).toBe('Mesh networks')
    expect(prop(vevent, 'DTSTART')!.value).toBe('20270605T150000')
    expect(ics).not.toContain('Repair café')
    expect(ics).not.toContain(repair)
  })
})
