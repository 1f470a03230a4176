/**
 * Application rounds and capacity through the real Bot over a real Repo (LevelDB in a temporary
 * directory): who may open, decide and read; sealed answers shown only to reviewers in a direct
 * message; waiting lists ordered by the RSVPs' signed times; "who's going" against the capacity.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openRepo, type Opened } from '../../bin/app.ts'
import { Bot } from '../../commands/bot.ts'
import { replyToPlainText } from '../../adapters/types.ts'
import type { FestivalMeta } from '../../core/types.ts'

// Monday 3 June 2030, 10:00 in Paris: "Saturday" is the 8th.
const NOW = Date.parse('2030-06-03T10:00:00+02:00')
const NAMES: Record<string, string> = { alice: 'Alice', bob: 'Bob', carol: 'Carol', dan: 'Dan', erin: 'Erin', mallory: 'Mallory' }

let dir: string
let opened: Opened
let bot: Bot
let festival: FestivalMeta
const clock = { now: NOW }

beforeEach(async () => {
  clock.now = NOW
  dir = mkdtempSync(join(tmpdir(), 'yurt-apply-'))
  opened = await openRepo(dir, () => clock.now)
  bot = new Bot({ repo: opened.repo, deviceSeed: opened.data.deviceSeed, kv: opened.data.kv, now: () => clock.now, defaultTimezone: 'Europe/Paris' })
  festival = await opened.repo.createFestival({ name: 'IPFS þing', timezone: 'Europe/Paris' })
  await bot.bindRoom('terminal', 'main', festival)
  for (const user of Object.keys(NAMES)) await bot.bindRoom('terminal', `dm-${user}`, festival)
})
afterEach(async () => {
  await opened.close()
  rmSync(dir, { recursive: true, force: true })
})

/** `user` says `text` in the shared room, or with `{ dm: true }` in their direct room with the bot. */
async function say(user: string, text: string, opts: { dm?: boolean } = {}): Promise<{ tone: string; text: string }> {
  const room = opts.dm ? `dm-${user}` : 'main'
  const reply = await bot.onMessage({ platform: 'terminal', room, user, userName: NAMES[user] ?? user, text, ts: clock.now, ...(opts.dm ? { direct: true } : {}) })
  return { tone: reply!.tone, text: replyToPlainText(reply!) }
}
const view = async () => (await opened.repo.open(festival.id)).view(clock.now)
const event = async (title: string) => (await view()).events.find((e) => e.title === title)!
const keyOf = (user: string) => bot.signerFor('terminal', user).key

/** Bob hosts the Atelier; Alice organises "IPFS Dev Meetings" there with Bob as co-organiser. */
async function meetings(): Promise<void> {
  expect((await say('bob', 'add venue Atelier')).tone).toBe('ok')
  expect((await say('alice', 'add meetup "IPFS Dev Meetings" Saturday 10:00-17:00 at Atelier with Bob')).tone).toBe('ok')
  expect((await event('IPFS Dev Meetings')).coOrganizers).toEqual([keyOf('bob')])
}

describe('an application round', () => {
  it('is opened by the event’s organiser only, with the reviewers named', async () => {
    await meetings()
    const no = await say('bob', 'applications for IPFS Dev Meetings are open: up to 80 people; question: what do you maintain?')
    expect(no.tone).toBe('refusal')
    expect(no.text).toContain('Only the organiser of “IPFS Dev Meetings” (Alice)')
    const yes = await say('alice', 'applications for IPFS Dev Meetings are open: up to 80 people; question: what do you maintain?')
    expect(yes.tone).toBe('ok')
    expect(yes.text).toContain('up to 80 people')
    expect(yes.text).toContain('Question: what do you maintain?')
    expect(yes.text).toContain('sealed to the reviewers (Alice and Bob)')
  })

  it('takes sealed answers, in a direct message or in the room, and says only the reviewers can read them', async () => {
    await meetings()
    await say('alice', 'applications for IPFS Dev Meetings are open: up to 80 people; question: what do you maintain?')
    const dm = await say('carol', 'apply to IPFS Dev Meetings: I maintain js-libp2p', { dm: true })
    expect(dm.tone).toBe('ok')
    expect(dm.text).toBe('You applied to “IPFS Dev Meetings”. Your answer is sealed: only the reviewers (Alice and Bob) can read it.')
    const room = await say('dan', 'apply to ipfs dev meetings: helia mostly')
    expect(room.text).toContain('only the reviewers (Alice and Bob) can read it')
    expect(room.text).toContain('apply in a direct message')
    const fr = await say('erin', 'je postule à IPFS Dev Meetings : je maintiens kubo')
    expect(fr.text).toContain('seules les personnes qui examinent (Alice et Bob) peuvent la lire')
    // Nothing of the answers is in the document as text.
    const ns = (await opened.repo.open(festival.id)).namespace(keyOf('carol'))
    const stored = ns.applications.get((await event('IPFS Dev Meetings')).id)!
    expect(stored.sealed).not.toContain('js-libp2p')
    expect(Buffer.from(stored.sealed, 'base64').toString('latin1')).not.toContain('js-libp2p')
  })

  it('asks for the answer when the round has a question, and refuses when no round is open or it is closed', async () => {
    await meetings()
    expect((await say('carol', 'apply to IPFS Dev Meetings')).text).toContain('Applications for “IPFS Dev Meetings” aren\'t open')
    await say('alice', 'applications for IPFS Dev Meetings are open: question: what do you maintain?')
    const ask = await say('carol', 'apply to IPFS Dev Meetings')
    expect(ask.tone).toBe('question')
    expect(ask.text).toContain('what do you maintain?')
    expect((await say('bob', 'close applications for IPFS Dev Meetings')).tone).toBe('refusal')
    expect((await say('alice', 'close applications for IPFS Dev Meetings')).text).toBe('Applications for “IPFS Dev Meetings” are closed (0 applied).')
    const late = await say('carol', 'ich bewerbe mich für IPFS Dev Meetings: ich pflege js-libp2p')
    expect(late.tone).toBe('refusal')
    expect(late.text).toBe('Die Bewerbungen für „IPFS Dev Meetings“ sind geschlossen.'.replace('„IPFS Dev Meetings“', '“IPFS Dev Meetings”'))
  })

  it('lists counts to anyone, names to reviewers in the room, and the answers to a reviewer in a direct message', async () => {
    await meetings()
    await say('alice', 'applications for IPFS Dev Meetings are open: question: what do you maintain?')
    await say('carol', 'apply to IPFS Dev Meetings: I maintain js-libp2p', { dm: true })
    await say('dan', 'apply to IPFS Dev Meetings: helia mostly', { dm: true })

    const anyone = await say('mallory', 'applications for IPFS Dev Meetings')
    expect(anyone.text).toContain('Applications for “IPFS Dev Meetings”: 2')
    expect(anyone.text).toContain('Only the reviewers see who applied.')
    expect(anyone.text).not.toMatch(/Carol|Dan|js-libp2p|helia/)

    const inRoom = await say('bob', 'applications for IPFS Dev Meetings')
    expect(inRoom.text).toContain('Carol — to decide')
    expect(inRoom.text).toContain('Dan — to decide')
    expect(inRoom.text).not.toMatch(/js-libp2p|helia/)
    expect(inRoom.text).toContain('ask me in a direct message')

    const direct = await say('bob', 'applications for IPFS Dev Meetings', { dm: true })
    expect(direct.text).toContain('Carol — to decide: I maintain js-libp2p')
    expect(direct.text).toContain('Dan — to decide: helia mostly')
    const alice = await say('alice', 'zeig mir die Bewerbungen für IPFS Dev Meetings', { dm: true })
    expect(alice.text).toContain('Carol — offen: I maintain js-libp2p')
    // Mallory in a direct message still sees counts only.
    expect((await say('mallory', 'applications for IPFS Dev Meetings', { dm: true })).text).not.toContain('js-libp2p')
  })

  it('is decided by reviewers only; accepted people count as going; the round’s limit holds', async () => {
    await meetings()
    await say('alice', 'applications for IPFS Dev Meetings are open: up to 2 people; question: what do you maintain?')
    for (const [who, answer] of [['carol', 'js-libp2p'], ['dan', 'helia'], ['erin', 'kubo'], ['mallory', 'nothing']] as const) {
      await say(who, `apply to IPFS Dev Meetings: ${answer}`, { dm: true })
    }
    const forged = await say('mallory', 'accept Mallory for IPFS Dev Meetings')
    expect(forged.tone).toBe('refusal')
    expect(forged.text).toBe('Only the reviewers of “IPFS Dev Meetings” (Alice and Bob) can decide its applications.')

    expect((await say('bob', 'accept Carol for IPFS Dev Meetings')).text).toBe('Carol: accepted for “IPFS Dev Meetings” (1/2 accepted). Counts as going.')
    expect((await say('alice', 'refuse Mallory pour IPFS Dev Meetings')).text).toBe('Candidature de Mallory pour “IPFS Dev Meetings” : refusée (1/2 acceptées).')
    expect((await say('alice', 'setz Erin auf die Warteliste für IPFS Dev Meetings')).text).toBe('Erin: auf der Warteliste für “IPFS Dev Meetings” (1/2 angenommen).')
    expect((await say('alice', 'accept Dan for IPFS Dev Meetings')).tone).toBe('ok')
    const over = await say('bob', 'accept Erin for IPFS Dev Meetings')
    expect(over.tone).toBe('refusal')
    expect(over.text).toContain('already has 2 people accepted')
    expect((await say('bob', 'accept Zoe for IPFS Dev Meetings')).text).toContain("Zoe hasn't applied to “IPFS Dev Meetings”.")

    const ev = await event('IPFS Dev Meetings')
    expect(new Set(ev.going)).toEqual(new Set([keyOf('carol'), keyOf('dan')]))
    const who = await say('mallory', "who's going to IPFS Dev Meetings?")
    expect(who.text).toContain('Carol and Dan (2)')

    const list = await say('bob', 'applications for IPFS Dev Meetings')
    expect(list.text).toContain('Applications for “IPFS Dev Meetings”: 4 — 2/2 accepted, 1 waitlisted, 1 declined, 0 to decide.')
    expect(list.text).toContain('Erin — waitlisted')

    // A withdrawn application no longer counts, accepted or not.
    expect((await say('dan', 'withdraw my application to IPFS Dev Meetings')).text).toBe('Your application to “IPFS Dev Meetings” is withdrawn.')
    expect((await event('IPFS Dev Meetings')).going).toEqual([keyOf('carol')])
    expect((await say('dan', 'withdraw my application to IPFS Dev Meetings')).tone).toBe('refusal')
  })
})

describe('capacity and the waiting list', () => {
  async function workshop(): Promise<void> {
    await say('bob', 'add venue Atelier')
    await say('alice', 'add workshop "Mesh routing" Saturday 15:00 at Atelier')
  }

  it('is set by the organiser, and RSVPs past it wait in the order of their signed times', async () => {
    await workshop()
    expect((await say('carol', 'limit Mesh routing to 2')).tone).toBe('refusal')
    const set = await say('alice', 'Mesh routing is for 2 people')
    expect(set.tone).toBe('ok')
    expect(set.text).toContain('takes 2 people now: 0/2 going')

    clock.now = NOW + 60_000
    expect((await say('erin', "I'm going to Mesh routing")).text).toContain("You're going to")
    clock.now = NOW + 120_000
    await say('carol', 'je viens à Mesh routing')
    clock.now = NOW + 180_000
    expect((await say('dan', "I'm going to Mesh routing")).text).toBe("“Mesh routing” is full (2/2): you're number 1 on the waiting list. You'll get a place when someone leaves.")
    clock.now = NOW + 240_000
    expect((await say('mallory', 'ich komme zu Mesh routing')).text).toBe('„Mesh routing“ ist voll (2/2): du bist Nummer 2 auf der Warteliste. Du bekommst einen Platz, sobald jemand absagt.'.replace('„Mesh routing“', '“Mesh routing”'))

    const who = await say('bob', "who's going to Mesh routing?")
    expect(who.text).toContain('2/2 going, 2 waiting. Waiting list: Dan, Mallory.')
    expect((await event('Mesh routing')).waiting).toEqual([keyOf('dan'), keyOf('mallory')])

    // Saying "going" again keeps one's place: Erin stays in, and the list does not move.
    clock.now = NOW + 300_000
    await say('erin', "I'm going to Mesh routing")
    expect((await event('Mesh routing')).waiting).toEqual([keyOf('dan'), keyOf('mallory')])

    // Leaving frees a place: the first waiting person is in, and the room is told.
    clock.now = NOW + 360_000
    const left = await say('carol', "I can't make it to Mesh routing")
    expect(left.text).toContain('A place opened at “Mesh routing”: Dan is in.')
    expect((await event('Mesh routing')).waiting).toEqual([keyOf('mallory')])
    expect((await say('bob', 'wer kommt zu Mesh routing?')).text).toContain('2/2 dabei, 1 auf der Warteliste. Warteliste: Mallory.')
  })

  it('gives back one’s place, not a better one, when leaving is undone', async () => {
    await workshop()
    await say('alice', 'limit Mesh routing to 1')
    for (const [i, who] of ['carol', 'dan', 'erin'].entries()) {
      clock.now = NOW + (i + 1) * 1000
      await say(who, "I'm going to Mesh routing")
    }
    clock.now = NOW + 4000
    await say('erin', "I can't make it to Mesh routing")
    clock.now = NOW + 5000
    expect((await say('erin', 'undo')).tone).toBe('ok')
    const ev = await event('Mesh routing')
    expect(ev.going).toEqual([keyOf('carol')])
    expect(ev.waiting).toEqual([keyOf('dan'), keyOf('erin')])
  })

  it('counts a 👍 and "going to X and Y" with their signed times too', async () => {
    await workshop()
    await say('alice', 'Mesh routing : 1 places')
    await say('alice', 'add talk "Local-first" Saturday 18:00 at Atelier')
    clock.now = NOW + 1000
    const first = await say('carol', "I'm going to Mesh routing and Local-first")
    expect(first.text).not.toContain('full')
    clock.now = NOW + 2000
    const ev = await event('Mesh routing')
    await bot.onReaction({ platform: 'terminal', room: 'main', user: 'dan', userName: 'Dan', key: '👍', added: true, about: { festival: festival.id, id: ev.id } } as never)
    clock.now = NOW + 3000
    const many = await say('erin', "I'm going to Mesh routing and Local-first")
    expect(many.text).toContain("“Mesh routing” is full (1/1): you're number 2 on the waiting list.")
    const ns = (await opened.repo.open(festival.id)).namespace(keyOf('dan'))
    expect(ns.rsvpAt.get(ev.id)).toBe(NOW + 2000)
    expect((await event('Mesh routing')).waiting).toEqual([keyOf('dan'), keyOf('erin')])
  })

  it('of a venue is its host’s to set, and events there without their own take it', async () => {
    await workshop()
    expect((await say('alice', 'Atelier holds 30')).tone).toBe('refusal')
    expect((await say('bob', 'Atelier holds 1')).text).toContain('Atelier holds 1 person now')
    clock.now = NOW + 1000
    await say('carol', "I'm going to Mesh routing")
    clock.now = NOW + 2000
    expect((await say('dan', "I'm going to Mesh routing")).text).toContain('is full (1/1)')
    expect((await say('bob', "l'Atelier peut accueillir 40 personnes")).tone).toBe('ok')
    expect((await event('Mesh routing')).limit).toBe(40)
  })
})
