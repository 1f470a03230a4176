/**
 * Conversations through the real Bot on a real (in-memory LevelDB) repository, with the corpus
 * fixture (Paris P2P, Wed 2 June 2027 10:00 in Paris): a question back, its answer, and undo.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Reply } from '../../adapters/types.ts'
import { Bot } from '../../commands/bot.ts'
import { openDataDir, type DataDir } from '../../core/store.ts'
import { Repo } from '../../core/repo.ts'
import type { FestivalMeta } from '../../core/types.ts'
import { NOW, PEOPLE, PLATFORM, ROOM, ZONE, buildFixture } from '../corpus/fixture.ts'
import { text } from './series-helpers.ts'

let dir: string
let data: DataDir
let repo: Repo
let bot: Bot
let festival: FestivalMeta
let clock: number

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'yurt-conversation-'))
  clock = NOW
  data = await openDataDir(dir, { memory: true, sync: false })
  repo = await Repo.open(data, { now: () => clock })
  bot = new Bot({ repo, deviceSeed: new Uint8Array(32).fill(7), kv: data.kv, now: () => clock, defaultTimezone: ZONE, defaultLang: 'en' })
  festival = await buildFixture(repo, bot)
})
afterEach(async () => {
  await data.close()
  await rm(dir, { recursive: true, force: true })
})

async function say(who: string, sentence: string): Promise<{ tone: Reply['tone']; text: string }> {
  clock += 30_000
  const reply = await bot.onMessage({ platform: PLATFORM, room: ROOM, user: who, userName: PEOPLE[who]!, text: sentence, ts: clock })
  if (!reply) throw new Error(`no reply to ${sentence}`)
  return { tone: reply.tone, text: text(reply) }
}

async function event(title: string) {
  const view = (await repo.open(festival.id)).view(clock)
  return { ev: view.events.find((e) => e.title === title)!, venues: view.venues.map((v) => v.name) }
}

describe('a move to a venue the festival does not know', () => {
  it('is offered; "oui" adds the venue and moves the event in one change, and one undo takes both back', async () => {
    const ask = await say('alice', 'intro to yjs est maintenant à la serre')
    expect(ask.tone).toBe('question')
    expect(ask.text).toBe('Serre n\'est pas encore un lieu — l\'ajouter et y déplacer “Intro to Yjs” ? (oui / non)')
    expect((await event('Intro to Yjs')).ev.venueName).toBe('Atelier')

    const yes = await say('alice', 'oui')
    expect(yes.tone).toBe('ok')
    expect(yes.text).toMatch(/^Lieu serre ajouté, et déplacé : “Intro to Yjs”.*à serre/u)
    const moved = await event('Intro to Yjs')
    expect(moved.ev.venueName).toBe('serre')
    expect(moved.venues).toContain('serre')

    const undone = await say('alice', 'annule ma dernière modification')
    expect(undone.tone).toBe('ok')
    const back = await event('Intro to Yjs')
    expect(back.ev.venueName).toBe('Atelier')
    expect(back.venues).not.toContain('serre')
  })

  it('"no" stores nothing, and someone else\'s event is refused before anything is offered', async () => {
    await say('bob', 'open mic is now at the beach')
    expect((await say('bob', 'no')).tone).not.toBe('ok')
    expect((await event('Open mic')).ev.venueName).toBe('Bar')
    expect((await event('Open mic')).venues).not.toContain('beach')

    const theirs = await say('bob', 'intro to yjs is now at the beach')
    expect(theirs.tone).toBe('refusal')
    expect(theirs.text).toContain('Alice')
  })
})

describe('a question with events to choose from', () => {
  it('is answered by restating the start time of one of them', async () => {
    const ask = await say('eve', "i'm going to the talk tomorrow")
    expect(ask.tone).toBe('question')
    expect(ask.text).toContain('16:00')
    expect(ask.text).toContain('19:00')
    const answer = await say('eve', '7pm')
    expect(answer.tone).toBe('ok')
    expect(answer.text).toContain('History of P2P')
    // Bob and Carol were going already; Eve joins them, and the 16:00 talk is left alone.
    expect((await event('History of P2P')).ev.going).toHaveLength(3)
    expect((await event('Datenschutz für alle')).ev.going).toHaveLength(0)
  })
})

describe('a co-organiser in chat', () => {
  it('moves the event they co-organise; their undo takes it back; someone else is refused', async () => {
    const moved = await say('bob', 'move history of p2p to 8:30pm')
    expect(moved.tone).toBe('ok')
    expect((await event('History of P2P')).ev.start).toBe(Date.parse('2027-06-03T18:30:00Z'))
    expect((await event('History of P2P')).ev.author).not.toBe(bot.signerFor(PLATFORM, 'bob').key)

    expect((await say('carol', 'move history of p2p to 9pm')).tone).toBe('refusal')
    expect((await event('History of P2P')).ev.start).toBe(Date.parse('2027-06-03T18:30:00Z'))

    expect((await say('bob', 'undo')).tone).toBe('ok')
    expect((await event('History of P2P')).ev.start).toBe(Date.parse('2027-06-03T17:00:00Z'))
  })
})

describe('an end said as a bare hour', () => {
  it('is the first of its two times after the start: "ends at 1" is 13:00 for a morning workshop, 01:00 for a night', async () => {
    expect((await say('alice', 'intro to yjs ends at 1')).tone).toBe('ok')
    expect((await event('Intro to Yjs')).ev.end).toBe(Date.parse('2027-06-04T11:00:00Z'))
    expect((await say('bob', 'open mic ends at 1')).tone).toBe('ok')
    expect((await event('Open mic')).ev.end).toBe(Date.parse('2027-06-05T23:00:00Z'))
    expect((await say('alice', 'intro to yjs endet um halb eins')).tone).toBe('ok')
    expect((await event('Intro to Yjs')).ev.end).toBe(Date.parse('2027-06-04T10:30:00Z'))
  })
})
