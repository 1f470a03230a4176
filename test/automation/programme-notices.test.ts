/**
 * The programme watcher (`commands/automation/programme-notices.ts`): proposers, applicants and
 * people on a waiting list hear by direct message what happened, once, also across restarts; the
 * rooms hear the call for proposals open, its deadline 24 hours ahead, and its closing, once. On a
 * real data directory with a manual clock and an adapter that records what it sent.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { at, World } from './harness.ts'
import { openDataDir } from '../../core/store.ts'
import { Repo } from '../../core/repo.ts'
import { Bot } from '../../commands/bot.ts'
import { newEntityId } from '../../core/ids.ts'
import { signerFromSeed } from '../../core/identity.ts'
import type { Signer } from '../../core/identity.ts'
import type { NamespaceWriter } from '../../core/doc.ts'
import type { EntityId, EventData, FestivalMeta, ProposalData } from '../../core/types.ts'

let world: World
afterEach(async () => {
  await world?.dispose()
})

const T0 = at('2027-06-01T08:00:00Z') // Tuesday 1 June, 10:00 in Paris
const HOUR = 3_600_000
const SAT_15 = at('2027-06-05T13:00:00Z') // Saturday 5 June, 15:00 in Paris

/** Someone who speaks through another peer: this bot does not hold their key. */
const outsider = signerFromSeed(new Uint8Array(32).fill(9))
const PEOPLE = ['alice', 'bob', 'carol', 'dave', 'erin'] as const
type Person = (typeof PEOPLE)[number]

/** The festival of the tests: alice creates it, bob hosts the Atelier, everyone's handle is theirs on `test`. */
async function paris(options: { lang?: 'en' | 'fr' | 'de'; dir?: string } = {}) {
  world = await World.create(T0, options.dir ? { dir: options.dir } : {})
  const who = Object.fromEntries(PEOPLE.map((p) => [p, world.bot.signerFor('test', `@${p}`)])) as Record<Person, Signer>
  const festival = await world.repo.createFestival({ name: 'Paris P2P', timezone: 'Europe/Paris', creator: who.alice.key })
  await world.bot.bindRoom('test', 'main', festival)
  if (options.lang) await world.bot.setRoomSettings('test', 'main', { lang: options.lang })
  const write = async (p: Person, fn: (w: NamespaceWriter) => void) => {
    await world.repo.commit(festival.id, who[p], fn)
    await world.automation.idle()
  }
  for (const p of PEOPLE) await write(p, (w) => w.setProfile({ name: p[0]!.toUpperCase() + p.slice(1), handle: `test:@${p}` }))
  const atelier = newEntityId(who.bob.key)
  await write('bob', (w) => w.setVenue(atelier, { name: 'Atelier', aliases: [], capacity: null, concurrent: 1, policy: 'open' }))
  return { who, festival, write, atelier }
}

const proposal = (title: string, extra: Partial<ProposalData> = {}): ProposalData => ({ title, kind: 'talk', minutes: 30, at: T0, ...extra })
const directsTo = (user: string) => world.adapter.directs.filter((d) => d.room === `@${user}`).map((d) => d.text)

describe('proposers hear whether their proposal was accepted or declined', () => {
  it('tells each once, not again for an unchanged state nor after a restart', async () => {
    const { who, festival, write, atelier } = await paris()
    const mesh = newEntityId(who.carol.key)
    const zines = newEntityId(who.dave.key)
    await write('carol', (w) => w.setProposal(mesh, proposal('Mesh networks')))
    await write('dave', (w) => w.setProposal(zines, proposal('Zines', { minutes: 60 })))
    await write('erin', (w) => w.setVote(mesh, true))
    expect(world.adapter.directs).toEqual([])

    await write('bob', (w) => w.setAcceptance(mesh, { venue: atelier, start: SAT_15, end: SAT_15 + HOUR / 2, at: T0 + 1 }))
    expect(directsTo('carol')).toEqual(['Your proposal “Mesh networks” was accepted: Sat 5 Jun 15:00 at Atelier.'])
    await write('alice', (w) => w.setDecline(zines, { reason: 'no room for an hour-long workshop', at: T0 + 2 }))
    expect(directsTo('dave')).toEqual(['Your proposal “Zines” was declined: no room for an hour-long workshop'])

    // Votes and an unrelated event change nothing anyone is told.
    await write('alice', (w) => w.setVote(mesh, true))
    await write('dave', (w) => w.setVote(mesh, true))
    expect(world.adapter.directs).toHaveLength(2)

    await world.restartAt(T0 + HOUR)
    await world.repo.commit(festival.id, who.erin, (w) => w.setVote(zines, true))
    await world.automation.idle()
    expect(world.adapter.directs).toHaveLength(2)
    // Moved to another slot: the proposer hears the new one.
    await world.repo.commit(festival.id, who.bob, (w) => w.setAcceptance(mesh, { venue: atelier, start: SAT_15 + HOUR, end: SAT_15 + 1.5 * HOUR, at: T0 + 3 }))
    await world.automation.idle()
    expect(directsTo('carol')).toEqual([
      'Your proposal “Mesh networks” was accepted: Sat 5 Jun 15:00 at Atelier.',
      'Your proposal “Mesh networks” was accepted: Sat 5 Jun 16:00 at Atelier.',
    ])
  })

  it("writes in the room's language, and tells nobody about an acceptance by someone who hosts nothing", async () => {
    const { who, write, atelier } = await paris({ lang: 'fr' })
    const mesh = newEntityId(who.carol.key)
    const zines = newEntityId(who.dave.key)
    await write('carol', (w) => w.setProposal(mesh, proposal('Mesh networks')))
    await write('dave', (w) => w.setProposal(zines, proposal('Zines')))
    await write('erin', (w) => w.setAcceptance(zines, { venue: atelier, start: SAT_15, end: SAT_15 + HOUR, at: T0 + 1 }))
    expect(world.adapter.directs).toEqual([])
    await write('bob', (w) => w.setAcceptance(mesh, { venue: atelier, start: SAT_15, end: SAT_15 + HOUR / 2, at: T0 + 2 }))
    await write('alice', (w) => w.setDecline(zines, { at: T0 + 3 }))
    expect(directsTo('carol')).toEqual(['Votre proposition « Mesh networks » est acceptée : sam. 5 juin 15:00 à Atelier.'])
    expect(directsTo('dave')).toEqual(['Votre proposition « Zines » est refusée.'])
  })
})

describe('what happened while the bot was down', () => {
  it('is told at the next start, once', async () => {
    const { who, festival, write, atelier } = await paris()
    const mesh = newEntityId(who.carol.key)
    await write('carol', (w) => w.setProposal(mesh, proposal('Mesh networks')))
    await world.close()
    // `yurt` run by hand on the same data directory while the bot was stopped.
    const data = await openDataDir(world.dir)
    const repo = await Repo.open(data, { now: () => T0 + HOUR })
    await repo.commit(festival.id, who.bob, (w) => w.setAcceptance(mesh, { venue: atelier, start: SAT_15, end: SAT_15 + HOUR, at: T0 + HOUR }))
    await repo.close()
    await world.open()
    expect(directsTo('carol')).toEqual(['Your proposal “Mesh networks” was accepted: Sat 5 Jun 15:00 at Atelier.'])
    await world.restartAt(T0 + 2 * HOUR)
    expect(directsTo('carol')).toHaveLength(1)
  })
})

describe('a change received from a peer', () => {
  it('is told like a change made here', async () => {
    const { who, festival, write } = await paris()
    const mesh = newEntityId(who.carol.key)
    await write('carol', (w) => w.setProposal(mesh, proposal('Mesh networks')))
    // Another peer holds the festival; its host (a key of that peer's) hosts the Scène and accepts there.
    const dir = mkdtempSync(join(tmpdir(), 'yurt-peer-'))
    const peer = await Repo.open(await openDataDir(dir), { now: () => T0 })
    await peer.adoptFestival(festival)
    for (const [author, head] of world.repo.heads(festival.id)) await peer.receiveMany(await world.repo.opsAfter(festival.id, author, 0, head.seq))
    const host = signerFromSeed(new Uint8Array(32).fill(7))
    const scene = newEntityId(host.key)
    await peer.commit(festival.id, host, (w) => w.setVenue(scene, { name: 'Scène', aliases: [], capacity: null, concurrent: 1, policy: 'open' }))
    await peer.commit(festival.id, host, (w) => w.setAcceptance(mesh, { venue: scene, start: SAT_15, end: SAT_15 + HOUR, at: T0 + 5 }))
    const results = await world.repo.receiveMany(await peer.opsAfter(festival.id, host.key, 0, 10))
    expect(results.map((r) => r.status)).toEqual(['applied', 'applied'])
    await peer.close()
    rmSync(dir, { recursive: true, force: true })
    await world.automation.idle()
    expect(directsTo('carol')).toEqual(['Your proposal “Mesh networks” was accepted: Sat 5 Jun 15:00 at Scène.'])
  })
})

describe('applicants hear the decision', () => {
  it('waitlisted, then accepted; declined; each once', async () => {
    const { who, write, atelier } = await paris({ lang: 'de' })
    const meetings = newEntityId(who.alice.key)
    const ev: EventData = { title: 'IPFS Dev Meetings', kind: 'meeting', start: SAT_15, end: SAT_15 + 2 * HOUR, venue: atelier, resources: [], organizers: [], tags: [], state: 'scheduled', bookedAt: T0 }
    await write('alice', (w) => w.setEvent(meetings, ev))
    await write('alice', (w) => w.setRound(meetings, { open: true, limit: 80, question: 'what do you maintain?', reviewers: [who.alice.key], at: T0 }))
    await write('erin', (w) => w.setApplication(meetings, { sealed: 'c2VhbGVk', at: T0 + 1 }))
    await write('dave', (w) => w.setApplication(meetings, { sealed: 'c2VhbGVk', at: T0 + 2 }))
    // Bob is no reviewer: his decision counts for nothing, and nobody hears of it.
    await write('bob', (w) => w.setDecision(meetings, who.erin.key, 'declined'))
    expect(world.adapter.directs).toEqual([])
    await write('alice', (w) => w.setDecision(meetings, who.erin.key, 'waitlisted'))
    await write('alice', (w) => w.setDecision(meetings, who.dave.key, 'declined'))
    await write('alice', (w) => w.setDecision(meetings, who.erin.key, 'accepted'))
    expect(directsTo('erin')).toEqual([
      'Deine Bewerbung für „IPFS Dev Meetings“ steht auf der Warteliste: du hörst von uns, wenn ein Platz frei wird.',
      'Deine Bewerbung für „IPFS Dev Meetings“ wurde angenommen: du bist dabei (Sa., 5. Juni 15:00 in Atelier).',
    ])
    expect(directsTo('dave')).toEqual(['Deine Bewerbung für „IPFS Dev Meetings“ wurde abgelehnt.'])
    await world.restartAt(T0 + HOUR)
    expect(world.adapter.directs).toHaveLength(3)
  })
})

describe('the waiting list', () => {
  it('tells the first waiting person once when someone leaves, and nobody else', async () => {
    const { who, festival, write } = await paris()
    const soldering: EntityId = newEntityId(who.alice.key)
    const ev: EventData = { title: 'Soldering', kind: 'workshop', start: SAT_15, end: SAT_15 + HOUR, venue: null, resources: [], organizers: [], tags: [], state: 'scheduled', bookedAt: T0, capacity: 1 }
    await write('alice', (w) => w.setEvent(soldering, ev))
    await write('carol', (w) => w.setRsvp(soldering, 'going', T0 + 1))
    await write('erin', (w) => w.setRsvp(soldering, 'going', T0 + 2))
    await write('dave', (w) => w.setRsvp(soldering, 'going', T0 + 3))
    expect(world.adapter.directs).toEqual([])
    await write('carol', (w) => w.setRsvp(soldering, 'not-going', T0 + 4))
    expect(world.adapter.directs.map((d) => [d.room, d.text])).toEqual([['@erin', "A place opened: you're going to “Soldering”, Sat 5 Jun 15:00."]])
    await world.restartAt(T0 + HOUR)
    await world.repo.commit(festival.id, who.bob, (w) => w.setRsvp(soldering, 'maybe', T0 + HOUR))
    await world.automation.idle()
    expect(world.adapter.directs).toHaveLength(1)
    // Someone whose key this bot does not hold is not written to, even with a handle claiming to be erin.
    await world.repo.commit(festival.id, outsider, (w) => w.setProfile({ name: 'Erin', handle: 'test:@erin' }))
    await world.repo.commit(festival.id, outsider, (w) => w.setRsvp(soldering, 'going', T0 + HOUR))
    await write('dave', (w) => w.setRsvp(soldering, 'not-going', T0 + HOUR + 1))
    await write('erin', (w) => w.setRsvp(soldering, 'not-going', T0 + HOUR + 2))
    expect((await world.repo.open(festival.id)).view(T0).events.find((e) => e.id === soldering)!.going).toEqual([outsider.key])
    expect(world.adapter.directs).toHaveLength(1)
  })

  it('tells nobody once the event has begun', async () => {
    const { who, write } = await paris()
    const soldering: EntityId = newEntityId(who.alice.key)
    const ev: EventData = { title: 'Soldering', kind: 'workshop', start: T0 + HOUR, end: T0 + 2 * HOUR, venue: null, resources: [], organizers: [], tags: [], state: 'scheduled', bookedAt: T0, capacity: 1 }
    await write('alice', (w) => w.setEvent(soldering, ev))
    await write('carol', (w) => w.setRsvp(soldering, 'going', T0 + 1))
    await write('erin', (w) => w.setRsvp(soldering, 'going', T0 + 2))
    await world.advanceTo(T0 + 1.5 * HOUR)
    await write('carol', (w) => w.setRsvp(soldering, 'not-going', T0 + 1.5 * HOUR))
    expect(world.adapter.directs).toEqual([])
  })
})

describe('the first run takes a baseline', () => {
  it('tells nobody about what was already decided before the watcher ever ran, then tells what changes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'yurt-automation-'))
    // Another process (no automation) wrote the festival: an accepted proposal, a decline.
    const data = await openDataDir(dir)
    const repo = await Repo.open(data, { now: () => T0 })
    const bot = new Bot({ repo, deviceSeed: data.deviceSeed, kv: data.kv, now: () => T0, defaultTimezone: 'UTC' })
    const carol = bot.signerFor('test', '@carol')
    const bob = bot.signerFor('test', '@bob')
    const dave = bot.signerFor('test', '@dave')
    const festival: FestivalMeta = await repo.createFestival({ name: 'Paris P2P', timezone: 'Europe/Paris', creator: bob.key })
    await bot.bindRoom('test', 'main', festival)
    for (const [s, name] of [[carol, 'carol'], [bob, 'bob'], [dave, 'dave']] as const) await repo.commit(festival.id, s, (w) => w.setProfile({ name, handle: `test:@${name}` }))
    const atelier = newEntityId(bob.key)
    await repo.commit(festival.id, bob, (w) => w.setVenue(atelier, { name: 'Atelier', aliases: [], capacity: null, concurrent: 1, policy: 'open' }))
    const mesh = newEntityId(carol.key)
    const zines = newEntityId(dave.key)
    await repo.commit(festival.id, carol, (w) => w.setProposal(mesh, proposal('Mesh networks')))
    await repo.commit(festival.id, dave, (w) => w.setProposal(zines, proposal('Zines')))
    await repo.commit(festival.id, bob, (w) => w.setAcceptance(mesh, { venue: atelier, start: SAT_15, end: SAT_15 + HOUR, at: T0 }))
    await repo.close()

    world = await World.create(T0, { dir })
    expect(world.adapter.directs).toEqual([])
    await world.restartAt(T0 + HOUR)
    expect(world.adapter.directs).toEqual([])
    await world.repo.commit(festival.id, world.bot.signerFor('test', '@bob'), (w) => w.setDecline(zines, { reason: 'too long', at: T0 + HOUR }))
    await world.automation.idle()
    expect(world.adapter.directs.map((d) => [d.room, d.text])).toEqual([['@dave', 'Your proposal “Zines” was declined: too long']])
  })
})

describe('the call for proposals in the rooms', () => {
  it('is announced when opened, reminded 24 hours before its deadline and announced closed, each once across restarts', async () => {
    const { write, who } = await paris()
    await world.bot.bindRoom('test', 'quiet', (world.repo.festivals()[0])!)
    await world.bot.setRoomSettings('test', 'quiet', { announce: false })
    await world.bot.bindRoom('test', 'fr', (world.repo.festivals()[0])!)
    await world.bot.setRoomSettings('test', 'fr', { lang: 'fr' })
    const deadline = at('2027-06-04T21:59:00Z') // Friday 4 June, 23:59 in Paris
    await write('alice', (w) => w.setCall({ open: true, until: deadline, at: T0 }))
    expect(world.adapter.posts.map((p) => [p.room, p.text])).toEqual([
      ['main', 'The call for proposals is open until Fri 4 Jun 23:59: propose a talk, a workshop… and vote for the ones you like.'],
      ['fr', 'L’appel à propositions est ouvert jusqu’au ven. 4 juin 23:59 : proposez un exposé, un atelier… et votez pour ceux qui vous plaisent.'],
    ])
    await write('carol', (w) => w.setProposal(newEntityId(who.carol.key), proposal('Mesh networks')))
    await world.advanceTo(deadline - 25 * HOUR)
    expect(world.adapter.posts).toHaveLength(2)

    await world.advanceTo(deadline - 24 * HOUR + 1)
    expect(world.adapter.posts.slice(2).map((p) => [p.room, p.text])).toEqual([
      ['main', 'The call for proposals closes in 24 hours (Fri 4 Jun 23:59).'],
      ['fr', 'L’appel à propositions se termine dans 24 heures (ven. 4 juin 23:59).'],
    ])
    await world.restartAt(deadline - 23 * HOUR)
    await world.advanceTo(deadline - HOUR)
    expect(world.adapter.posts).toHaveLength(4)

    await world.advanceTo(deadline + 2 * 60_000)
    expect(world.adapter.posts.slice(4).map((p) => [p.room, p.text])).toEqual([
      ['main', 'The call for proposals is closed: 1 proposal.'],
      ['fr', 'L’appel à propositions est clos : 1 proposition.'],
    ])
    await world.restartAt(deadline + HOUR)
    await world.advanceTo(deadline + 30 * HOUR)
    expect(world.adapter.posts).toHaveLength(6)
    expect(world.adapter.posts.some((p) => p.room === 'quiet')).toBe(false)
  })

  it('says "closed" at once when an organiser closes the call before its deadline, not in the room they did it from', async () => {
    const { write, who, festival } = await paris()
    await world.bot.bindRoom('test', 'other', festival)
    await world.say('@alice', 'hi', 'main') // alice speaks from main: she got the reply there
    const posted = world.adapter.posts.length
    await write('alice', (w) => w.setCall({ open: true, until: null, at: T0 }))
    expect(world.adapter.posts.slice(posted).map((p) => [p.room, p.text])).toEqual([['other', 'The call for proposals is open: propose a talk, a workshop… and vote for the ones you like.']])
    await write('dave', (w) => w.setProposal(newEntityId(who.dave.key), proposal('Zines')))
    await write('alice', (w) => w.setCall({ open: false, until: null, at: T0 + HOUR }))
    expect(world.adapter.posts.slice(posted + 1).map((p) => [p.room, p.text])).toEqual([['other', 'The call for proposals is closed: 1 proposal.']])
  })
})
