/**
 * Communities from chat, over a real data directory: three rooms, each planning its own city node
 * (Paris, Lyon, Nantes), a community joined by each festival's own organiser, a join forged by
 * someone who does not organise the festival refused, the calendar across the mesh asked in each
 * room in its language, and a new event in Lyon told in Paris's room (and not after "mesh
 * announcements off").
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openDataDir } from '../../core/store.ts'
import { Repo } from '../../core/repo.ts'
import { Bot } from '../../commands/bot.ts'
import { Announcer } from '../../commands/announce.ts'
import { RecordingAdapter } from '../automation/harness.ts'
import { replyToPlainText } from '../../adapters/types.ts'
import { communityMembers, findCommunity } from '../../core/community.ts'

/** Friday 4 June 2027, 10:00 in Paris. */
const NOW = Date.parse('2027-06-04T08:00:00Z')
let cleanup: (() => Promise<void>) | null = null
afterEach(async () => {
  await cleanup?.()
  cleanup = null
})

async function world(platforms: string[] = ['test']) {
  const dir = mkdtempSync(join(tmpdir(), 'yurt-community-bot-'))
  const data = await openDataDir(dir)
  const repo = await Repo.open(data, { now: () => NOW })
  const bot = new Bot({ repo, deviceSeed: data.deviceSeed, kv: data.kv, now: () => NOW, defaultTimezone: 'Europe/Paris' })
  const adapters = platforms.map((p) => new RecordingAdapter({ now: () => NOW }, p))
  const adapter = adapters[0]!
  const announcer = new Announcer(bot, adapters)
  await announcer.start()
  repo.onOperation((op, origin) => announcer.onOperation(op, origin))
  const handler = announcer.handler()
  const say = async (user: string, room: string, text: string, platform = adapter.platform) => {
    const reply = await handler.onMessage({ platform, room, user, userName: user, text, ts: NOW })
    await announcer.idle()
    return reply ? replyToPlainText(reply) : ''
  }
  cleanup = async () => {
    await repo.close()
    rmSync(dir, { recursive: true, force: true })
  }
  return { say, adapter, adapters, repo, bot }
}

async function mesh() {
  const w = await world()
  const { say } = w
  expect(await say('alice', 'paris', 'new festival "Paris P2P" in Europe/Paris')).toContain('Created')
  expect(await say('léa', 'lyon', 'nouveau festival "Lyon P2P" en Europe/Paris')).toMatch(/Lyon P2P/)
  await say('léa', 'lyon', 'langue français')
  expect(await say('jonas', 'nantes', 'new festival "Nantes P2P" in Europe/Paris')).toContain('Created')
  await say('jonas', 'nantes', 'Sprache Deutsch')
  return w
}

describe('a community from chat', () => {
  it('is started, joined by each festival by its own organiser, and asked about across the mesh in each room', async () => {
    const { say, repo } = await mesh()
    expect(await say('alice', 'paris', 'new community France P2P')).toMatch(/Started the community “France P2P”; this room follows it/)
    expect(await say('alice', 'paris', 'we join France P2P')).toBe('“Paris P2P” is now a member of “France P2P” (members: Paris P2P).')
    expect(await say('léa', 'lyon', 'nous rejoignons France P2P')).toBe('« Lyon P2P » est maintenant membre de « France P2P » (membres : Lyon P2P, Paris P2P).')
    expect(await say('jonas', 'nantes', 'dieses Festival tritt France P2P bei')).toBe('„Nantes P2P“ ist jetzt Mitglied von „France P2P“ (Mitglieder: Lyon P2P, Nantes P2P, Paris P2P).')
    expect(await say('alice', 'paris', 'we join France P2P')).toMatch(/already a member/)

    await say('alice', 'paris', 'add venue Ground Control')
    await say('alice', 'paris', 'add talk "Mesh routing" on 12 June at 19:00 at Ground Control')
    await say('léa', 'lyon', 'ajoute le lieu La Myne')
    await say('léa', 'lyon', 'ajoute un atelier "Apéro IPFS" le 10 juin à 18h à La Myne')
    await say('jonas', 'nantes', 'neuer Ort Stereolux')

    const paris = await say('alice', 'paris', "what's on in France P2P this month?")
    expect(paris).toContain('“France P2P” this month (3 festivals):')
    expect(paris).toMatch(/“Apéro IPFS” \(workshop\), Thu 10 Jun 18:00.* at Myne — Lyon P2P[\s\S]*“Mesh routing” \(talk\), Sat 12 Jun 19:00.* at Ground Control — Paris P2P/)
    const lyon = await say('léa', 'lyon', 'quoi de neuf chez France P2P ?')
    expect(lyon).toMatch(/« France P2P » dans les 31 prochains jours \(3 festivals\)[\s\S]*Apéro IPFS[\s\S]*— Lyon P2P[\s\S]*Mesh routing[\s\S]*— Paris P2P/)
    const nantes = await say('jonas', 'nantes', 'was läuft bei France P2P?')
    expect(nantes).toMatch(/„France P2P“ in den nächsten 31 Tagen \(3 Festivals\)[\s\S]*— Lyon P2P[\s\S]*— Paris P2P/)

    const members = await say('alice', 'paris', 'members of France P2P')
    expect(members).toMatch(/Members of “France P2P”:[\s\S]*Lyon P2P \(Europe\/Paris\)[\s\S]*Nantes P2P[\s\S]*Paris P2P/)
    const france = findCommunity(repo, 'France P2P')
    expect(france.kind).toBe('found')
  })

  it('refuses a join by someone who does not organise the festival, says why, and writes nothing', async () => {
    const { say, repo } = await mesh()
    await say('alice', 'paris', 'new community France P2P')
    // Mallory, in Paris's room, tries to make Lyon P2P join; Léa organises it, not she.
    expect(await say('mallory', 'paris', 'Lyon P2P joins France P2P')).toBe(
      'Only an organiser of “Lyon P2P” can make it join “France P2P”, and you are not one of them: nothing was written. Ask one of its organisers.',
    )
    // Nor can Alice, who organises Paris P2P, take Lyon in; nor can Mallory make Lyon leave once it joined.
    expect(await say('alice', 'paris', 'Lyon P2P joins France P2P')).toMatch(/^Only an organiser of “Lyon P2P”/)
    expect(await say('léa', 'lyon', 'ce festival rejoint France P2P')).toMatch(/membre de/)
    expect(await say('mallory', 'lyon', 'on quitte France P2P')).toMatch(/^Seul un organisateur de « Lyon P2P » peut lui faire quitter « France P2P »/)
    const c = findCommunity(repo, 'France P2P')
    if (c.kind !== 'found') throw new Error('no community')
    const m = await communityMembers(repo, c.community.id)
    expect(m.members.map((x) => x.name)).toEqual(['Lyon P2P'])
    expect(m.refused).toEqual([])
    expect(await say('léa', 'lyon', 'on quitte France P2P')).toBe('« Lyon P2P » a quitté « France P2P ».')
  })

  it('answers an unknown community by naming those that exist, and a room without one with how to start', async () => {
    const { say } = await mesh()
    expect(await say('alice', 'paris', 'this room follows France P2P')).toMatch(/I know no community “France P2P”, and none yet: start one with “new community France P2P”/)
    await say('alice', 'paris', 'new community France P2P')
    expect(await say('alice', 'paris', 'this festival joins Marseille P2P')).toBe('I know no community “Marseille P2P”. Communities here: France P2P.')
    expect(await say('léa', 'lyon', 'ce salon suit Bretagne P2P')).toBe('Je ne connais aucune communauté « Bretagne P2P ». Communautés ici : France P2P.')
    expect(await say('alice', 'paris', 'Marseille P2P joins France P2P')).toBe('I know no festival “Marseille P2P”. Festivals here: Lyon P2P, Nantes P2P, Paris P2P.')
    expect(await say('alice', 'paris', 'communities')).toMatch(/Communities:[\s\S]*France P2P ←/)
    // A community is followed, not planned, and is not one of the festivals.
    expect(await say('alice', 'elsewhere', 'this room plans France P2P')).toBe('“France P2P” is a community, not a festival: say “this room follows France P2P” to follow it, and “this room plans …” with one of its festivals.')
    expect(await say('alice', 'paris', 'festivals')).not.toContain('France P2P')
  })

  it("follows a community whose join code is typed in a room, and keeps planning the room's festival", async () => {
    const { say, repo, bot } = await mesh()
    // Another node's community, as a join code would bring it (the network part is bin/network.ts).
    const { newGenesis } = await import('../../core/festival.ts')
    const france = newGenesis({ name: 'France P2P', timezone: 'Europe/Paris', now: NOW, kind: 'community' })
    const fetched: string[][] = []
    bot.network = {
      share: (id) => `yurt1:code-of-${id}`,
      join: async () => ({ festival: await repo.adoptFestival(france), reached: true }),
      fetch: (ids) => void fetched.push(ids),
    }
    expect(await say('alice', 'paris', 'join yurt1:eyJmIjp7fX0')).toMatch(/^This room follows “France P2P”/)
    expect(await say('alice', 'paris', 'we join France P2P')).toBe('“Paris P2P” is now a member of “France P2P” (members: Paris P2P).')
    expect(await say('alice', 'paris', 'share community France P2P')).toContain(`yurt1:code-of-${france.id}`)
    expect(await say('alice', 'paris', 'add venue Ground Control')).toContain('Ground Control')
  })

  it('announces across chat networks: a Rocket.Chat channel hears of an event added in a Matrix room', async () => {
    const { say, adapters } = await world(['matrix', 'rocketchat'])
    await say('alice', '!paris:example.org', 'new festival "Paris P2P" in Europe/Paris', 'matrix')
    await say('alice', '!paris:example.org', 'new community France P2P', 'matrix')
    await say('alice', '!paris:example.org', 'we join France P2P', 'matrix')
    await say('léa', 'lyon', 'new festival "Lyon P2P" in Europe/Paris', 'rocketchat')
    expect(await say('léa', 'lyon', 'this festival joins France P2P', 'rocketchat')).toContain('is now a member')
    await say('alice', '!paris:example.org', 'add venue Ground Control', 'matrix')
    for (const a of adapters) a.posts.length = 0
    await say('alice', '!paris:example.org', 'add talk "Mesh routing" on 12 June at 19:00 at Ground Control', 'matrix')
    expect(adapters[1]!.posts.map((p) => [p.room, p.text])).toEqual([['lyon', 'New in Paris P2P: “Mesh routing” (talk), Sat 12 Jun 19:00–19:45 at Ground Control']])
    expect(adapters[0]!.posts).toEqual([])
  })

  it('lists a meta event once, in the festival it lives in, named with the nodes that co-organise it', async () => {
    const { say } = await mesh()
    await say('alice', 'paris', 'new community France P2P')
    await say('alice', 'paris', 'we join France P2P')
    await say('léa', 'lyon', 'nous rejoignons France P2P')
    await say('jonas', 'nantes', 'wir treten France P2P bei')
    await say('alice', 'paris', 'add venue Ground Control')
    await say('alice', 'paris', 'add party "Mesh night" on 19 June at 21:00 at Ground Control')
    expect(await say('léa', 'paris', 'co-organise Mesh night with Lyon P2P and Nantes P2P')).toBe('Only alice, who created “Mesh night”, can name the nodes that co-organise it: nothing was written.')
    expect(await say('alice', 'paris', 'co-organise Mesh night with Lyon P2P and Nantes P2P')).toBe(
      '“Mesh night” is now co-organised by Paris P2P with Lyon P2P, Nantes P2P: it is in Paris P2P\'s programme and named with them across the mesh.',
    )
    const lyon = await say('léa', 'lyon', 'quoi de neuf chez France P2P ce mois-ci ?')
    expect(lyon).toMatch(/“Mesh night” \(fête\), sam\. 19 juin 21:00.* — Paris P2P, avec Lyon P2P, Nantes P2P/)
    expect(lyon.match(/Mesh night/g)).toHaveLength(1)
  })

  it("names a node's own local time when its zone is not the room's", async () => {
    const { say } = await mesh()
    await say('alice', 'paris', 'new community France P2P')
    await say('alice', 'paris', 'we join France P2P')
    await say('kim', 'montreal', 'new festival "Montréal P2P" in America/Toronto')
    await say('kim', 'montreal', 'add venue Café Cléopâtre')
    await say('kim', 'montreal', 'add workshop "Apéro IPFS" on 12 June at 18:00 at Café Cléopâtre')
    await say('kim', 'montreal', 'this festival joins France P2P')
    const paris = await say('alice', 'paris', "what's on in France P2P this month?")
    expect(paris).toContain('“Apéro IPFS” (workshop), Sun 13 Jun 00:00–02:00 at Café Cléopâtre — Montréal P2P (18:00 there, America/Toronto)')
    const montreal = await say('kim', 'montreal', "what's on in France P2P this month?")
    expect(montreal).toMatch(/“Apéro IPFS” \(workshop\), Sat 12 Jun 18:00–20:00 at Café Cléopâtre — Montréal P2P$/m)
  })

  it('tells a room that follows the community of a new event in another node, briefly, unless it turned that off', async () => {
    const { say, adapter } = await mesh()
    await say('alice', 'paris', 'new community France P2P')
    await say('alice', 'paris', 'we join France P2P')
    await say('léa', 'lyon', 'nous rejoignons France P2P')
    await say('jonas', 'nantes', 'dieser Raum folgt France P2P')
    await say('léa', 'lyon', 'ajoute le lieu La Myne')
    adapter.posts.length = 0
    await say('léa', 'lyon', 'ajoute un atelier "Apéro IPFS" le 10 juin à 18h à La Myne')
    expect(adapter.posts.map((p) => [p.room, p.text])).toEqual([
      ['paris', 'New in Lyon P2P: “Apéro IPFS” (workshop), Thu 10 Jun 18:00–20:00 at Myne'],
      ['nantes', 'Neu bei Lyon P2P: “Apéro IPFS” (Workshop), Do., 10. Juni 18:00–20:00 in Myne'],
    ])
    expect(await say('alice', 'paris', 'mesh announcements off')).toMatch(/no longer be announced here/)
    adapter.posts.length = 0
    await say('léa', 'lyon', 'ajoute un atelier "Apéro libp2p" le 11 juin à 18h à La Myne')
    expect(adapter.posts.map((p) => p.room)).toEqual(['nantes'])
  })
})
