/**
 * The call for proposals through the real Bot on a real (in-memory LevelDB) repository: organisers,
 * the call and its deadline (the clock injected), proposals typed as people type them in English,
 * French and German, votes (typed and 👍), acceptance by a venue's host, declines, and the plan of
 * the top proposals confirmed with "yes". The clock starts on Friday 1 January 2027, noon in Paris.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Reply } from '../../adapters/types.ts'
import { Bot } from '../../commands/bot.ts'
import { authorsOf } from '../../core/doc.ts'
import { organisersOf, proposalsOf } from '../../core/programme.ts'
import { openDataDir, type DataDir } from '../../core/store.ts'
import { Repo } from '../../core/repo.ts'
import { toRfc3339 } from '../../core/time.ts'
import type { FestivalMeta } from '../../core/types.ts'
import { text } from './series-helpers.ts'

const ZONE = 'Europe/Paris'
const NOW = Date.parse('2027-01-01T11:00:00Z')
const PLATFORM = 'terminal'
const ROOM = 'planning'
const NAMES: Record<string, string> = { alice: 'Alice', bob: 'Bob', carol: 'Carol', dana: 'Dana' }

let dir: string
let data: DataDir
let repo: Repo
let bot: Bot
let festival: FestivalMeta
let clock: number

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'yurt-proposals-'))
  clock = NOW
  data = await openDataDir(dir, { memory: true, sync: false })
  repo = await Repo.open(data, { now: () => clock })
  bot = new Bot({ repo, deviceSeed: new Uint8Array(32).fill(7), kv: data.kv, now: () => clock, defaultTimezone: ZONE, defaultLang: 'en' })
  festival = await repo.createFestival({ name: 'Paris P2P', timezone: ZONE, creator: bot.signerFor(PLATFORM, 'alice').key })
  await bot.bindRoom(PLATFORM, ROOM, festival)
  // Bob hosts the Atelier; everybody has spoken once, so the bot knows their names.
  await say('bob', 'add venue Atelier')
  for (const who of ['alice', 'carol', 'dana']) {
    await repo.commit(festival.id, bot.signerFor(PLATFORM, who), (w) => w.setProfile({ name: NAMES[who]!, handle: `${PLATFORM}:${who}` }))
  }
})
afterEach(async () => {
  await data.close()
  await rm(dir, { recursive: true, force: true })
})

interface Said {
  tone: Reply['tone']
  text: string
  reply: Reply
}

async function say(who: string, sentence: string, room = ROOM): Promise<Said> {
  clock += 30_000
  const reply = await bot.onMessage({ platform: PLATFORM, room, user: who, userName: NAMES[who] ?? who, text: sentence, ts: clock })
  if (!reply) throw new Error(`no reply to ${sentence}`)
  return { tone: reply.tone, text: text(reply), reply }
}

async function proposals() {
  const f = await repo.open(festival.id)
  const view = f.view(clock)
  const namespaces = authorsOf(f.doc).map((a) => f.namespace(a))
  return proposalsOf(namespaces, organisersOf(festival, namespaces), new Map(view.venues.map((v) => [v.id, v] as const)))
}
async function votesOf(title: string): Promise<number> {
  return (await proposals()).find((p) => p.title === title)!.votes.length
}
async function events() {
  return (await repo.open(festival.id)).view(clock).events
}
const local = (at: number) => toRfc3339(at, ZONE).slice(0, 16)

async function openCall(): Promise<void> {
  expect((await say('alice', 'open the call for proposals until 15 january')).tone).toBe('ok')
}

describe('organisers', () => {
  it('only the creator names them; others are told who can; "who organises?" lists them', async () => {
    const refused = await say('bob', 'make carol an organiser')
    expect(refused.tone).toBe('refusal')
    expect(refused.text).toBe('Only Alice, who started the festival, may name organisers.')

    const named = await say('alice', 'make bob an organiser pls')
    expect(named.tone).toBe('ok')
    expect(named.text).toBe('Bob is now an organiser. Organisers: Alice and Bob.')
    expect((await say('alice', 'who organises?')).text).toBe('Organised by Alice (who started the festival) and Bob.')
    expect((await say('alice', 'qui organise ?')).text).toBe('Organisé par Alice (qui a lancé le festival) et Bob.')
    expect((await say('alice', 'carol ist organisatorin')).text).toBe('Carol organisiert jetzt mit. Organisation: Alice, Bob und Carol.')
  })

  it('a person the bot does not know yet is refused, not guessed', async () => {
    const out = await say('alice', 'bob est organisateur')
    expect(out.text).toMatch(/^Bob est maintenant/u)
    const unknown = await say('alice', 'make zed an organiser')
    expect(unknown.tone).toBe('refusal')
    expect(unknown.text).toMatch(/^I don't know anyone called Zed here yet/u)
  })
})

describe('the call for proposals', () => {
  it('only organisers open it; the reply gives the deadline in the room\'s zone; "cfp?" says until when', async () => {
    const refused = await say('carol', 'open the call for proposals until 15 january')
    expect(refused.tone).toBe('refusal')
    expect(refused.text).toBe("Only the festival's organisers (Alice) may do that.")

    const opened = await say('alice', 'open the cfp until jan 15')
    expect(opened.text).toMatch(/^The call for proposals is open until Fri 15 Jan 23:59 \(Europe\/Paris\)\./u)
    expect((await say('carol', 'cfp?')).text).toMatch(/^The call for proposals is open until Fri 15 Jan 23:59/u)

    // A room in another zone sees the same deadline at its own clock.
    await bot.bindRoom(PLATFORM, 'montreal', festival)
    await bot.setRoomSettings(PLATFORM, 'montreal', { timezone: 'America/Montreal' })
    expect((await say('carol', 'call for proposals?', 'montreal')).text).toMatch(/open until Fri 15 Jan 17:59 \(America\/Montreal\)/u)
  })

  it('French and German: opened, closed, asked about', async () => {
    expect((await say('alice', "ouvre l'appel à propositions jusqu'au 15 janvier")).text).toMatch(/^L'appel à propositions est ouvert jusqu'au ven\.? 15 janv/u)
    expect((await say('alice', 'schließe den call')).text).toMatch(/^Der Call for Proposals ist geschlossen/u)
    expect((await say('carol', 'ist der aufruf noch offen?')).text).toBe('Der Call for Proposals ist geschlossen.')
    expect((await say('alice', 'öffne den aufruf für beiträge bis 15. januar')).text).toMatch(/^Der Call for Proposals ist offen bis/u)
  })

  it('refuses proposals with the reason: none open, after the deadline (injected clock), closed', async () => {
    const none = await say('carol', 'propose a talk mesh networks, 30 min')
    expect(none.tone).toBe('refusal')
    expect(none.text).toMatch(/^No call for proposals is open/u)

    await openCall()
    expect((await say('carol', 'propose a talk mesh networks, 30 min')).tone).toBe('ok')
    clock = Date.parse('2027-01-15T22:59:00Z') // 23:59 in Paris: still in time
    expect((await say('dana', 'propose a workshop soldering 1h')).tone).toBe('ok')
    clock = Date.parse('2027-01-16T08:00:00Z')
    const late = await say('dana', 'propose a workshop knitting 1h')
    expect(late.tone).toBe('refusal')
    expect(late.text).toBe('The call for proposals ended on Fri 15 Jan 23:59 (Europe/Paris).')
    expect((await proposals()).map((p) => p.title).sort()).toEqual(['mesh networks', 'soldering'])
  })
})

describe('proposals', () => {
  beforeEach(openCall)

  it('are read as typed in three languages: kind, title, length, pitch, language and wish', async () => {
    const en = await say('carol', 'propose a talk "Mesh networks for villages", 30 min: how we cabled a village')
    expect(en.text).toBe('Proposed: “Mesh networks for villages” (talk, 30 min) by Carol. Vote with 👍 on this message or “+1 …”.')
    expect(en.reply.event?.id).toBeTruthy()
    await say('dana', 'i propose a workshop soldering for kids 45min in french on saturday at atelier: bring your own iron')
    await say('carol', 'je propose un atelier réparer son vélo de 45 min : on répare ensemble', )
    await say('dana', 'ich schlage einen vortrag mesh-netze im dorf vor, 20 minuten: wie wir ein dorf verkabelt haben')
    const all = await proposals()
    const by = (title: string) => all.find((p) => p.title === title)!
    expect(by('Mesh networks for villages')).toMatchObject({ kind: 'talk', minutes: 30, pitch: 'how we cabled a village' })
    expect(by('soldering for kids')).toMatchObject({ kind: 'workshop', minutes: 45, language: 'fr', wish: 'saturday, Atelier', pitch: 'bring your own iron' })
    expect(by('réparer son vélo')).toMatchObject({ kind: 'workshop', minutes: 45, pitch: 'on répare ensemble' })
    expect(by('mesh-netze im dorf')).toMatchObject({ kind: 'talk', minutes: 20 })
  })

  it('a proposal with a clock time is still a booking; without a length it takes the kind\'s usual one and says so', async () => {
    const booking = await say('dana', 'propose a workshop saturday 3pm at atelier')
    expect(booking.text).toMatch(/^Added/u)
    const out = await say('dana', 'propose a talk zines')
    expect(out.text).toMatch(/\(talk, 45 min\) by Dana\. \(The usual length/u)
  })

  it('the proposer edits and withdraws; nobody else may', async () => {
    await say('carol', 'propose a talk mesh networks, 30 min: cables')
    expect((await say('carol', 'change my proposal mesh networks to 45 min')).text).toBe('Changed: “mesh networks” (talk, 45 min) by Carol.')
    expect((await say('carol', 'rename my proposal mesh networks to "Mesh for villages"')).tone).toBe('ok')
    expect((await say('carol', 'new pitch for my proposal mesh for villages: how we cabled Tarnac')).tone).toBe('ok')
    expect((await proposals())[0]).toMatchObject({ title: 'Mesh for villages', minutes: 45, pitch: 'how we cabled Tarnac' })
    const other = await say('dana', 'withdraw my proposal mesh for villages')
    expect(other.tone).toBe('refusal')
    expect(other.text).toBe('“Mesh for villages” is Carol\'s proposal: only they can change or withdraw it.')
    expect((await say('carol', 'retire ma proposition mesh for villages')).text).toBe('Retirée : « Mesh for villages ».')
    expect((await proposals())[0]!.state).toBe('withdrawn')
    expect((await say('carol', 'proposals')).text).toMatch(/No proposals yet/u)
  })
})

describe('votes', () => {
  beforeEach(async () => {
    await openCall()
    await say('carol', 'propose a talk mesh networks, 30 min')
    await say('dana', 'propose a workshop soldering 1h')
  })

  it('one per person, changeable, in three languages; the list ranks by votes', async () => {
    expect((await say('alice', '+1 mesh netwroks')).text).toBe('Your vote for “mesh networks” is counted: 1 vote.')
    expect((await say('alice', 'vote for mesh networks')).text).toBe('You already vote for “mesh networks” (1 vote).')
    expect((await say('bob', 'je vote pour mesh networks')).text).toBe('Votre vote pour « mesh networks » est compté : 2 votes.')
    await say('carol', 'ich stimme für soldering')
    await say('dana', 'ich stimme für soldering')
    await say('alice', '+1 soldering')
    expect(await votesOf('soldering')).toBe(3)
    const list = await say('alice', 'proposals')
    expect(list.text).toMatch(/1\. “soldering” \(workshop, 60 min\) by Dana — 3 votes\n {2}2\. “mesh networks” \(talk, 30 min\) by Carol — 2 votes/u)
    expect((await say('alice', '-1 soldering')).text).toBe('Your vote for “soldering” is taken back: 2 votes.')
    expect((await say('bob', 'unvote soldering')).tone).toBe('refusal')
    expect((await say('bob', 'je retire mon vote pour mesh networks')).tone).toBe('ok')
    expect(await votesOf('mesh networks')).toBe(1)
    expect((await say('alice', 'propositions')).text).toMatch(/1\. « soldering » \(atelier, 60 min\) par Dana — 2 votes/u)
  })

  it('👍 on the bot\'s message about a proposal is a vote; taking it back takes the vote back', async () => {
    const msg = await say('carol', 'propose a talk zines for everyone, 20 min')
    const about = msg.reply.event!
    const react = (user: string, added: boolean) => bot.onReaction({ platform: PLATFORM, room: ROOM, user, userName: NAMES[user]!, targetMessageId: 'm1', key: '👍', added, about })
    await react('alice', true)
    await react('bob', true)
    await react('bob', true)
    expect(await votesOf('zines for everyone')).toBe(2)
    await react('bob', false)
    expect(await votesOf('zines for everyone')).toBe(1)
    // Nobody became "going" to anything: a proposal is no event until accepted.
    expect((await events()).every((e) => e.going.length === 0)).toBe(true)
  })

  it('"+1 it" after the bot answered about a proposal votes for that one', async () => {
    await say('alice', 'propose a talk zines, 20 min')
    expect((await say('alice', '+1 it')).text).toBe('Your vote for “zines” is counted: 1 vote.')
    await say('bob', 'ich stimme für zines')
    expect((await say('bob', 'ich ziehe meine stimme für das zurück')).text).toBe('Deine Stimme für „zines“ ist zurückgenommen: 1 Stimme.')
  })

  it('a name several proposals share is asked about', async () => {
    await say('carol', 'propose a talk mesh routing, 30 min')
    const out = await say('alice', '+1 mesh')
    expect(out.tone).toBe('question')
    expect(out.text).toMatch(/^Which proposal do you mean by “mesh”\?/u)
    const pick = await say('alice', '2')
    expect(pick.tone).toBe('ok')
  })
})

describe('acceptance and declines', () => {
  beforeEach(async () => {
    await openCall()
    await say('carol', 'propose a talk mesh networks, 30 min')
    await say('dana', 'propose a workshop soldering 1h')
  })

  it('only the venue\'s host accepts; the proposal becomes the proposer\'s event for its length', async () => {
    const refused = await say('alice', 'accept mesh networks for saturday 15:00 at atelier')
    expect(refused.tone).toBe('refusal')
    expect(refused.text).toBe('Only Bob, who hosts Atelier, may accept proposals there.')
    const ok = await say('bob', 'accept mesh networks for saturday 15:00 at atelier')
    expect(ok.tone).toBe('ok')
    expect(ok.text).toBe('Accepted: “mesh networks” (talk), Sat 2 Jan 15:00–15:30 at Atelier — Carol\'s proposal is on the programme.')
    const ev = (await events()).find((e) => e.title === 'mesh networks')!
    expect(ev.authorName).toBe('Carol')
    expect(local(ev.start!)).toBe('2027-01-02T15:00')
    expect(ok.reply.event?.id).toBe(ev.id)
    expect((await say('alice', 'proposals')).text).toMatch(/“mesh networks” \(talk, 30 min\) by Carol — 0 votes — accepted: Sat 2 Jan 15:00–15:30 Atelier/u)
  })

  it('a taken slot is refused with free alternatives, as for a booking (FR and DE)', async () => {
    await say('bob', "accepte mesh networks samedi 15h à l'atelier")
    const taken = await say('bob', 'nimm soldering für samstag 15 uhr im atelier an')
    expect(taken.tone).toBe('refusal')
    expect(taken.text).toMatch(/Atelier/u)
    expect(taken.text).toMatch(/15:30–/u)
    expect((await proposals()).find((p) => p.title === 'soldering')!.state).toBe('open')
  })

  it('organisers or hosts decline, with the reason; anyone else is refused', async () => {
    const refused = await say('carol', 'decline soldering: no room left')
    expect(refused.tone).toBe('refusal')
    expect(refused.text).toMatch(/^Only the organisers \(Alice\) or a venue's host may decline/u)
    expect((await say('alice', 'decline soldering: no room left')).text).toBe('Declined: “soldering” (no room left).')
    expect((await say('alice', 'proposals')).text).toMatch(/“soldering” \(workshop, 60 min\) by Dana — 0 votes — declined: no room left/u)
    expect((await say('bob', 'lehne mesh networks ab, weil kein beamer')).text).toBe('Abgelehnt: „mesh networks“ (kein beamer).')
  })
})

describe('the plan of the top proposals', () => {
  beforeEach(async () => {
    await openCall()
    await say('bob', 'add talk opening saturday 10:00-12:00 at atelier')
    await say('carol', 'propose a talk mesh networks, 30 min')
    await say('dana', 'propose a workshop soldering 2h')
    await say('carol', 'propose a talk zines, 45 min')
    await say('alice', '+1 soldering')
    await say('bob', '+1 soldering')
    await say('alice', '+1 zines')
  })

  it('lists a plan by votes in the free time; "yes" accepts it all', async () => {
    const plan = await say('bob', 'schedule the top proposals into free slots at atelier on saturday')
    expect(plan.tone).toBe('question')
    expect(plan.text).toBe([
      'Plan for Atelier on Sat 2 Jan, by votes:',
      '  1. 12:00–14:00 “soldering” (workshop, 120 min) by Dana — 2 votes',
      '  2. 14:00–14:45 “zines” (talk, 45 min) by Carol — 1 vote',
      '  3. 14:45–15:15 “mesh networks” (talk, 30 min) by Carol — 0 votes',
      'Accept this plan? (yes / no)',
    ].join('\n'))
    const yes = await say('bob', 'yes')
    expect(yes.tone).toBe('ok')
    expect(yes.text).toMatch(/^Accepted 3 proposals at Atelier:/u)
    const atelier = (await events()).filter((e) => e.venueName === 'Atelier').map((e) => `${local(e.start!).slice(11)} ${e.title}`).sort()
    expect(atelier).toEqual(['10:00 opening', '12:00 soldering', '14:00 zines', '14:45 mesh networks'])
  })

  it('respects opening hours; "no" drops the plan; only the host may plan', async () => {
    expect((await say('alice', 'schedule the top proposals into free slots at atelier on saturday')).text).toBe('Only Bob, who hosts Atelier, may accept proposals there.')
    const f = await repo.open(festival.id)
    const venue = (await events()).find((e) => e.title === 'opening')!.venue!
    const before = f.namespace(bot.signerFor(PLATFORM, 'bob').key).venues.get(venue)!
    await repo.commit(festival.id, bot.signerFor(PLATFORM, 'bob'), (w) => w.setVenue(venue, { ...before, hours: '10:00-13:00' }))
    const plan = await say('bob', "programme les meilleures propositions dans les créneaux libres de l'atelier samedi")
    expect(plan.text).toMatch(/12:00–12:45 « zines »/u)
    expect(plan.text).toMatch(/Plus de place pour : « soldering »/u)
    expect((await say('bob', 'non')).tone).toBe('info')
    expect((await proposals()).every((p) => p.state === 'open')).toBe(true)
  })
})
