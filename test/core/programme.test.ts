/**
 * Building the programme together, as the replicated data decides it (`core/programme.ts`): who
 * organises, which call counts, how proposals rank, which acceptance turns a proposal into an event,
 * and who gets in when an event is full. On a `Festival` in memory; after every step the kept view
 * (`core/live-view.ts`) is compared with a full rebuild.
 */
import { describe, expect, it } from 'vitest'
import { Festival, newGenesis } from '../../core/festival.ts'
import { authorsOf } from '../../core/doc.ts'
import type { NamespaceWriter } from '../../core/doc.ts'
import { signerFromSeed, type Signer } from '../../core/identity.ts'
import { newEntityId } from '../../core/ids.ts'
import { buildView } from '../../core/view.ts'
import { horizonOf } from '../../core/series.ts'
import { callOf, organisersOf, proposalsOf } from '../../core/programme.ts'
import type { EntityId, EventData, ProposalData } from '../../core/types.ts'

const alice = signerFromSeed(new Uint8Array(32).fill(1)) // creates the festival
const bob = signerFromSeed(new Uint8Array(32).fill(2)) // hosts the Atelier
const carol = signerFromSeed(new Uint8Array(32).fill(3)) // proposes
const dave = signerFromSeed(new Uint8Array(32).fill(4))
const mallory = signerFromSeed(new Uint8Array(32).fill(5))
const T0 = Date.UTC(2027, 5, 3, 8)
const HOUR = 3_600_000

function setup() {
  const meta = newGenesis({ name: 'Paris P2P', timezone: 'Europe/Paris', now: T0, creator: alice.key })
  const festival = new Festival(meta, undefined, { now: () => T0 })
  const write = (s: Signer, fn: (w: NamespaceWriter) => void) => {
    festival.change(s, fn)
    // The kept view is the full rebuild's, step by step.
    const namespaces = authorsOf(festival.doc).map((a) => festival.namespace(a))
    expect(festival.view(T0)).toEqual(buildView(meta, namespaces, horizonOf(meta, T0)))
  }
  const namespaces = () => authorsOf(festival.doc).map((a) => festival.namespace(a))
  const atelier = newEntityId(bob.key)
  write(bob, (w) => w.setVenue(atelier, { name: 'Atelier', aliases: [], capacity: null, concurrent: 1, policy: 'open' }))
  return { meta, festival, write, namespaces, atelier }
}

const proposal = (title: string, at: number, extra: Partial<ProposalData> = {}): ProposalData => ({ title, kind: 'talk', minutes: 30, at, ...extra })

describe('organisers and the call', () => {
  it('the creator organises, with those the creator names; a call by anyone else does not count', () => {
    const { meta, write, namespaces } = setup()
    expect([...organisersOf(meta, namespaces())]).toEqual([alice.key])
    write(mallory, (w) => w.setOrganiser(mallory.key, true))
    write(mallory, (w) => w.setCall({ open: true, until: T0 + 100 * HOUR, at: T0 + 5 }))
    expect(organisersOf(meta, namespaces()).has(mallory.key)).toBe(false)
    expect(callOf(namespaces(), organisersOf(meta, namespaces()))).toBeNull()
    write(alice, (w) => w.setOrganiser(dave.key, true))
    write(dave, (w) => w.setCall({ open: true, until: T0 + 24 * HOUR, at: T0 + 1 }))
    expect(callOf(namespaces(), organisersOf(meta, namespaces()))).toMatchObject({ by: dave.key, until: T0 + 24 * HOUR })
    // The later of two organisers' records is the call.
    write(alice, (w) => w.setCall({ open: false, until: null, at: T0 + 2 }))
    expect(callOf(namespaces(), organisersOf(meta, namespaces()))).toMatchObject({ by: alice.key, open: false })
  })

  it('a proposal made after the deadline is late', () => {
    const { meta, write, namespaces } = setup()
    write(alice, (w) => w.setCall({ open: true, until: T0 + HOUR, at: T0 }))
    write(carol, (w) => w.setProposal(newEntityId(carol.key), proposal('In time', T0 + HOUR - 1)))
    write(dave, (w) => w.setProposal(newEntityId(dave.key), proposal('Too late', T0 + HOUR + 1)))
    const late = Object.fromEntries(proposalsOf(namespaces(), organisersOf(meta, namespaces()), new Map()).map((p) => [p.title, p.late]))
    expect(late).toEqual({ 'In time': false, 'Too late': true })
  })
})

describe('proposals, votes and acceptance', () => {
  it('rank by votes (one per person), then by age; a host’s acceptance makes an event of the proposer’s, anyone else’s does not', () => {
    const { meta, festival, write, namespaces, atelier } = setup()
    const mesh = newEntityId(carol.key)
    const zines = newEntityId(dave.key)
    write(carol, (w) => w.setProposal(mesh, proposal('Mesh networks for villages', T0 + 2, { pitch: 'how we cabled a village' })))
    write(dave, (w) => w.setProposal(zines, proposal('Zines', T0 + 1, { minutes: 60 })))
    write(alice, (w) => w.setVote(mesh, true))
    write(bob, (w) => w.setVote(mesh, true))
    write(bob, (w) => w.setVote(mesh, true)) // the same vote again: still one
    write(dave, (w) => w.setVote(zines, true))
    const venues = new Map(festival.view(T0).venues.map((v) => [v.id, v]))
    const ranked = () => proposalsOf(namespaces(), organisersOf(meta, namespaces()), venues)
    expect(ranked().map((p) => [p.title, p.votes.length])).toEqual([['Mesh networks for villages', 2], ['Zines', 1]])
    write(alice, (w) => w.setVote(mesh, false))
    write(dave, (w) => w.setVote(mesh, true))
    expect(ranked()[0]!.votes.sort()).toEqual([bob.key, dave.key].sort())

    // Mallory hosts nothing: her acceptance is no event.
    const slot = { venue: atelier, start: T0 + 7 * HOUR, end: T0 + 7.5 * HOUR }
    write(mallory, (w) => w.setAcceptance(mesh, { ...slot, at: T0 + 10 }))
    expect(festival.view(T0).events.find((e) => e.id === mesh)).toBeUndefined()
    write(bob, (w) => w.setAcceptance(mesh, { ...slot, at: T0 + 11 }))
    const ev = festival.view(T0).events.find((e) => e.id === mesh)!
    expect(ev).toMatchObject({ title: 'Mesh networks for villages', author: carol.key, venueName: 'Atelier', start: slot.start, status: 'confirmed', acceptedBy: bob.key, approval: 'approved', description: 'how we cabled a village' })
    expect(ranked().find((p) => p.id === mesh)!.state).toBe('accepted')

    // The proposer renames the proposal: the event follows; withdrawing takes it off the programme.
    write(carol, (w) => w.setProposal(mesh, proposal('Mesh networks', T0 + 2)))
    expect(festival.view(T0).events.find((e) => e.id === mesh)!.title).toBe('Mesh networks')
    // An organiser's later decline wins over the acceptance.
    write(alice, (w) => w.setDecline(mesh, { reason: 'the Atelier is closed that day', at: T0 + 12 }))
    expect(festival.view(T0).events.find((e) => e.id === mesh)).toBeUndefined()
    expect(ranked().find((p) => p.id === mesh)).toMatchObject({ state: 'declined', decline: { by: alice.key, reason: 'the Atelier is closed that day' } })
    write(bob, (w) => w.setAcceptance(mesh, { ...slot, at: T0 + 13 }))
    expect(festival.view(T0).events.find((e) => e.id === mesh)).toBeDefined()
    write(carol, (w) => w.setProposal(mesh, proposal('Mesh networks', T0 + 2, { withdrawn: true })))
    expect(festival.view(T0).events.find((e) => e.id === mesh)).toBeUndefined()
  })

  it('an accepted proposal claims its slot like any booking: an earlier booking there keeps it', () => {
    const { festival, write, atelier } = setup()
    const booked: EventData = { title: 'Repair café', kind: 'workshop', start: T0 + 7 * HOUR, end: T0 + 8 * HOUR, venue: atelier, resources: [], organizers: [], tags: [], state: 'scheduled', bookedAt: T0 + 1 }
    const cafe = newEntityId(dave.key)
    write(dave, (w) => w.setEvent(cafe, booked))
    const mesh = newEntityId(carol.key)
    write(carol, (w) => w.setProposal(mesh, proposal('Mesh', T0)))
    write(bob, (w) => w.setAcceptance(mesh, { venue: atelier, start: T0 + 7 * HOUR, end: T0 + 7.5 * HOUR, at: T0 + 5 }))
    // The host's acceptance is the host's approval: it wins the slot (DESIGN.md, "Conflicts").
    const byId = new Map(festival.view(T0).events.map((e) => [e.id, e]))
    expect(byId.get(mesh)!.status).toBe('confirmed')
    expect(byId.get(cafe)!.status).toBe('conflicting')
  })
})

describe('capacity and the waiting list', () => {
  it('lets in the earliest answers up to the capacity, then promotes the first waiting when someone leaves', () => {
    const { festival, write } = setup()
    const id: EntityId = newEntityId(alice.key)
    write(alice, (w) => w.setEvent(id, { title: 'Soldering', kind: 'workshop', start: T0 + 3 * HOUR, end: T0 + 4 * HOUR, venue: null, resources: [], organizers: [], tags: [], state: 'scheduled', bookedAt: T0, capacity: 2 }))
    // Answers arrive out of order; their signed times decide.
    write(dave, (w) => w.setRsvp(id, 'going', T0 + 30))
    write(carol, (w) => w.setRsvp(id, 'going', T0 + 10))
    write(mallory, (w) => w.setRsvp(id, 'going', T0 + 40))
    write(bob, (w) => w.setRsvp(id, 'going', T0 + 20))
    const ev = () => festival.view(T0).events.find((e) => e.id === id)!
    expect(new Set(ev().going)).toEqual(new Set([carol.key, bob.key]))
    expect(ev().waiting).toEqual([dave.key, mallory.key])
    expect(ev().limit).toBe(2)
    write(bob, (w) => w.setRsvp(id, 'not-going', T0 + 50))
    expect(new Set(ev().going)).toEqual(new Set([carol.key, dave.key]))
    expect(ev().waiting).toEqual([mallory.key])
  })
})

describe('an accepted proposal its proposer takes over', () => {
  it('shows the proposer’s own record while it exists, and the accepted proposal again when it is gone', () => {
    const { festival, write, atelier } = setup()
    const mesh = newEntityId(carol.key)
    write(carol, (w) => w.setProposal(mesh, proposal('Mesh', T0)))
    write(bob, (w) => w.setAcceptance(mesh, { venue: atelier, start: T0 + 7 * HOUR, end: T0 + 7.5 * HOUR, at: T0 + 5 }))
    const shown = () => festival.view(T0).events.find((e) => e.id === mesh)
    write(carol, (w) => w.setEvent(mesh, { title: 'Mesh', kind: 'talk', start: T0 + 9 * HOUR, end: T0 + 9.5 * HOUR, venue: atelier, resources: [], organizers: [], tags: [], state: 'scheduled', bookedAt: T0 + 6 }))
    expect(shown()).toMatchObject({ start: T0 + 9 * HOUR })
    expect(shown()!.acceptedBy).toBeUndefined()
    write(carol, (w) => w.deleteEvent(mesh))
    expect(shown()).toMatchObject({ start: T0 + 7 * HOUR, acceptedBy: bob.key })
  })
})
