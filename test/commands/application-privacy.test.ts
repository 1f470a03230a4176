/**
 * An application's answer is unreadable from a peer that is not a reviewer's (issue 16): two real
 * Repos on disk, the festival replicated from the bot's peer to another one, whose LevelDB files are
 * then read raw. The answer's bytes are nowhere in them, while the round's public question is; the
 * other peer's keys open nothing; the reviewer, through the bot that holds their key, reads it.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openRepo, type Opened } from '../../bin/app.ts'
import { Bot } from '../../commands/bot.ts'
import { replyToPlainText } from '../../adapters/types.ts'
import { deriveChatSeed } from '../../core/identity.ts'
import { applicationAad, fromBase64, open, recipientsOf } from '../../core/seal.ts'
import type { FestivalMeta } from '../../core/types.ts'

const NOW = Date.parse('2030-06-03T10:00:00+02:00')
const ANSWER = 'I maintain zebra-crypt-9000, please keep this private'
const QUESTION = 'which repository do you maintain?'

const dirs: string[] = []
const repos: Opened[] = []
afterEach(async () => {
  for (const r of repos.splice(0)) await r.close().catch(() => undefined)
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

async function peer(clock = { now: NOW }): Promise<{ dir: string; opened: Opened; bot: Bot }> {
  const dir = mkdtempSync(join(tmpdir(), 'yurt-sealed-'))
  dirs.push(dir)
  const opened = await openRepo(dir, () => clock.now)
  repos.push(opened)
  const bot = new Bot({ repo: opened.repo, deviceSeed: opened.data.deviceSeed, kv: opened.data.kv, now: () => clock.now, defaultTimezone: 'Europe/Paris' })
  return { dir, opened, bot }
}

/** Hands every operation `from` holds to `to`, as a sync would. */
async function sync(from: Opened, to: Opened, festival: FestivalMeta): Promise<void> {
  for (const author of from.repo.heads(festival.id).keys()) {
    const seq = to.repo.heads(festival.id).get(author)?.seq ?? 0
    await to.repo.receiveMany(await from.repo.opsAfter(festival.id, author, seq, 1000))
  }
}

function say(bot: Bot, user: string, text: string, direct = false) {
  const name = user[0]!.toUpperCase() + user.slice(1)
  return bot
    .onMessage({ platform: 'terminal', room: direct ? `dm-${user}` : 'main', user, userName: name, text, ts: NOW, ...(direct ? { direct: true } : {}) })
    .then((r) => replyToPlainText(r!))
}

/** Every byte of every file under `dir`. */
function rawBytes(dir: string): Buffer {
  const parts: Buffer[] = []
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name)
      if (statSync(p).isDirectory()) walk(p)
      else parts.push(readFileSync(p))
    }
  }
  walk(dir)
  return Buffer.concat(parts)
}

describe('a sealed application answer', () => {
  it('replicates to another peer as a box only its reviewers open', async () => {
    const a = await peer()
    const festival: FestivalMeta = await a.opened.repo.createFestival({ name: 'IPFS þing', timezone: 'Europe/Paris' })
    for (const room of ['main', 'dm-bob', 'dm-carol', 'dm-mallory']) await a.bot.bindRoom('terminal', room, festival)
    await say(a.bot, 'bob', 'add venue Atelier')
    await say(a.bot, 'alice', 'add meetup "IPFS Dev Meetings" Saturday 10:00-17:00 at Atelier with Bob')
    await say(a.bot, 'alice', `applications for IPFS Dev Meetings are open: up to 80 people; question: ${QUESTION}`)
    expect(await say(a.bot, 'carol', `apply to IPFS Dev Meetings: ${ANSWER}`, true)).toContain('only the reviewers (Alice and Bob) can read it')

    // The second peer receives every author's operations, as a sync would hand them over.
    const b = await peer()
    await b.opened.repo.adoptFestival(festival)
    for (const author of a.opened.repo.heads(festival.id).keys()) {
      const ops = await a.opened.repo.opsAfter(festival.id, author, 0, 1000)
      for (const r of await b.opened.repo.receiveMany(ops)) expect(r.status).toBe('applied')
    }
    const there = await b.opened.repo.open(festival.id)
    const ev = there.view(NOW).events.find((e) => e.title === 'IPFS Dev Meetings')!
    const carol = a.bot.signerFor('terminal', 'carol').key
    const app = there.namespace(carol).applications.get(ev.id)
    expect(app, 'the application reached the other peer').toBeDefined()
    const box = fromBase64(app!.sealed)!
    const aad = applicationAad(festival.id, ev.id, carol)

    // Public: who applied, when, to which event, and whom it is sealed to.
    const reviewers = [a.bot.signerFor('terminal', 'alice').key, a.bot.signerFor('terminal', 'bob').key]
    expect(recipientsOf(box).sort()).toEqual([...reviewers].sort())
    // Not public: the answer. No key of the other peer opens it, nor a non-reviewer's of the first.
    expect(b.bot.openSealedFor('terminal', 'bob', box, aad)).toBeNull()
    expect(open(box, deriveChatSeed(b.opened.data.deviceSeed, 'terminal', 'alice'), aad)).toBeNull()
    expect(a.bot.openSealedFor('terminal', 'mallory', box, aad)).toBeNull()
    expect(a.bot.openSealedFor('terminal', 'carol', box, aad)).toBeNull()
    // The same box copied to another application does not open, even for a reviewer.
    expect(a.bot.openSealedFor('terminal', 'bob', box, applicationAad(festival.id, ev.id, reviewers[0]!))).toBeNull()
    // The reviewer's key (held by the first peer's bot) does.
    expect(a.bot.openSealedFor('terminal', 'bob', box, aad)).toBe(ANSWER)

    await b.bot.bindRoom('terminal', 'dm-bob', festival)
    expect(await say(b.bot, 'bob', 'applications for IPFS Dev Meetings', true)).not.toContain('zebra')
    expect(await say(a.bot, 'mallory', 'applications for IPFS Dev Meetings', true)).not.toContain('zebra')
    expect(await say(a.bot, 'bob', 'applications for IPFS Dev Meetings', true)).toContain(`Carol — to decide: ${ANSWER}`)

    // The other peer's store, every file of it, byte for byte.
    await b.opened.close()
    repos.splice(repos.indexOf(b.opened), 1)
    const raw = rawBytes(b.dir)
    expect(raw.includes(Buffer.from(QUESTION)), 'the public question is in the files as text (the search can find text)').toBe(true)
    expect(raw.includes(Buffer.from('IPFS Dev Meetings'))).toBe(true)
    expect(raw.includes(Buffer.from('zebra-crypt'))).toBe(false)
    expect(raw.includes(Buffer.from(ANSWER))).toBe(false)
    // Nor merely encoded: base64 of the answer is not what is stored.
    expect(raw.includes(Buffer.from(Buffer.from(ANSWER).toString('base64').slice(0, 40)))).toBe(false)
  })
})

describe('a waiting list on two peers', () => {
  it('is the same on both after a sync: ordered by the RSVPs\' signed times, not by when they arrived', async () => {
    const clockA = { now: NOW }
    const clockB = { now: NOW }
    const a = await peer(clockA)
    const b = await peer(clockB)
    const festival = await a.opened.repo.createFestival({ name: 'Camp', timezone: 'Europe/Paris' })
    await a.bot.bindRoom('terminal', 'main', festival)
    await say(a.bot, 'bob', 'add venue Atelier')
    await say(a.bot, 'alice', 'add workshop "Mesh routing" Saturday 15:00 at Atelier')
    await say(a.bot, 'alice', 'limit Mesh routing to 1')
    await b.opened.repo.adoptFestival(festival)
    await b.bot.bindRoom('terminal', 'main', festival)
    await sync(a.opened, b.opened, festival)

    // Offline: Erin (20 s) and Carol (5 s) answer on the first peer, Dan (10 s) on the second.
    clockA.now = NOW + 20_000
    await say(a.bot, 'erin', "I'm going to Mesh routing")
    clockA.now = NOW + 5_000
    expect(await say(a.bot, 'carol', "I'm going to Mesh routing")).toContain("You're going to")
    clockB.now = NOW + 10_000
    expect(await say(b.bot, 'dan', "I'm going to Mesh routing")).toContain("You're going to")

    await sync(a.opened, b.opened, festival)
    await sync(b.opened, a.opened, festival)
    const seen = async (o: Opened) => {
      const ev = (await o.repo.open(festival.id)).view(NOW + 30_000).events.find((e) => e.title === 'Mesh routing')!
      return { going: ev.going, waiting: ev.waiting }
    }
    const carol = a.bot.signerFor('terminal', 'carol').key
    const erin = a.bot.signerFor('terminal', 'erin').key
    const dan = b.bot.signerFor('terminal', 'dan').key
    expect(await seen(a.opened)).toEqual({ going: [carol], waiting: [dan, erin] })
    expect(await seen(b.opened)).toEqual(await seen(a.opened))
    clockB.now = NOW + 40_000
    expect(await say(b.bot, 'frank', "who's going to Mesh routing?")).toContain('1/1 going, 2 waiting. Waiting list: Dan, Erin.')
  })
})
