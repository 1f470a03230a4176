/**
 * Person-to-person rounds in the chat, on a real data directory and the real Bot with an injected
 * clock: the moderator sets them on a monthly series, people opt in (in three languages, and by 🙋),
 * and at each round's start the room gets the pairs and each person a direct message, at the right
 * instants on both sides of the change to winter time, once only across a restart.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { at, RecordingAdapter, World } from './harness.ts'
import type { FestivalId } from '../../core/types.ts'
import type { Reply } from '../../adapters/types.ts'

/** Records whom each post mentions (Matrix turns them into `m.mentions`). */
class MentionsAdapter extends RecordingAdapter {
  readonly mentions: string[][] = []
  override async post(room: string, reply: Reply): Promise<string | undefined> {
    this.mentions.push(reply.mentions ?? [])
    return super.post(room, reply)
  }
}

let world: World
let other: World | undefined
afterEach(async () => {
  await world?.dispose()
  await other?.dispose()
  other = undefined
})

const iso = (ms: number) => new Date(ms).toISOString().replace('.000', '')

/** Paris P2P's monthly evening at Ground Control (3 tables), in October 2027 (CEST). */
async function monthly(): Promise<void> {
  world = await World.create(at('2027-10-01T10:00:00Z'))
  expect(await world.say('alice', 'new festival "Paris P2P" in Europe/Paris')).toContain('Created')
  await world.say('alice', 'add venue Ground Control')
  expect(await world.say('alice', 'Ground Control has 3 tables')).toContain('3 tables')
  expect(await world.say('alice', 'every first Wednesday at 18:30 at Ground Control: Paris P2P monthly')).toContain('Paris P2P monthly')
}

async function festivalId(): Promise<FestivalId> {
  return (await world.bot.roomSettings('test', 'main')).festival!
}

describe('rounds of a monthly evening', () => {
  it('posts the pairs and tells each partner at 19:30 local time, in summer and in winter time, once only across a restart', async () => {
    await monthly()
    const set = await world.say('alice', 'pair people at 19:30 for 2 rounds of 10 minutes at Paris P2P monthly')
    expect(set).toContain('Rounds for every “Paris P2P monthly”: 2 × 10 minutes from 19:30')
    expect(set).toContain('reacts 🙋')
    expect(await world.say('bob', "I'm going to Paris P2P monthly")).toContain('Paris P2P monthly')
    expect(await world.say('carol', "I'm in for the rounds")).toContain('You’re in for the rounds of “Paris P2P monthly”, from 19:30')
    expect(await world.say('dave', 'je suis partant pour les rencontres')).toContain('Vous êtes inscrit aux rencontres')
    expect(await world.say('erin', 'ich bin bei den Runden dabei')).toContain('Du bist bei den Runden')
    expect(await world.say('frank', 'count me in for the rounds')).toContain('You’re in')

    await world.advanceTo(at('2027-10-06T18:00:00Z'))
    const october = world.adapter.posts.filter((p) => p.text.startsWith('Round'))
    expect(october.map((p) => iso(p.at))).toEqual(['2027-10-06T17:30:00Z', '2027-10-06T17:40:00Z'])
    const first = october[0]!.text.split('\n')
    expect(first[0]).toBe('Round 1 of 2 · “Paris P2P monthly” · 19:30–19:40')
    // Five people: one pair and one trio, at tables 1 and 2; everyone named once.
    const named = first.slice(1).join(' ')
    for (const who of ['bob', 'carol', 'dave', 'erin', 'frank']) expect(named.split(who).length - 1).toBe(1)
    expect(named).toContain('— table 1')
    expect(named).toContain('— table 2')
    expect(first.slice(1).some((l) => /, .+ & /.test(l))).toBe(true) // the trio
    // Direct messages: each person once per round, in their own words when they set reminders, else the room's.
    const oct6 = world.adapter.directs.filter((d) => d.at === at('2027-10-06T17:30:00Z'))
    expect(oct6.map((d) => d.room).sort()).toEqual(['bob', 'carol', 'dave', 'erin', 'frank'])
    for (const d of oct6) expect(d.text).toMatch(/^Round 1 of 2 of “Paris P2P monthly” \(19:30–19:40\): you meet .+ at table [12]\.$/)
    expect(world.adapter.directs).toHaveLength(10)

    // November: after the last Sunday of October, Paris is at UTC+1; 19:30 is 18:30Z.
    expect(await world.say('bob', "I'm in for the rounds")).toContain('You’re in')
    expect(await world.say('carol', "I'm in for the rounds")).toContain('You’re in')
    expect(await world.say('dave', "I'm in for the rounds")).toContain('You’re in')
    await world.advanceTo(at('2027-11-03T18:31:00Z'))
    await world.restartAt(at('2027-11-03T18:32:00Z'))
    await world.advanceTo(at('2027-11-03T19:00:00Z'))
    const rounds = world.adapter.posts.filter((p) => p.text.startsWith('Round'))
    expect(rounds.map((p) => iso(p.at))).toEqual(['2027-10-06T17:30:00Z', '2027-10-06T17:40:00Z', '2027-11-03T18:30:00Z', '2027-11-03T18:40:00Z'])
    expect(rounds[2]!.text).toMatch(/^Round 1 of 2 · “Paris P2P monthly” · 19:30–19:40\n {2}\w+, \w+ & \w+ — table 1$/)
    expect(world.adapter.directs.filter((d) => d.at >= at('2027-11-01T00:00:00Z'))).toHaveLength(6)
  })

  it('lets a late joiner in at the next round and a leaver out, and says so when too few take part', async () => {
    world = await World.create(at('2027-06-02T10:00:00Z'))
    await world.say('alice', 'new festival "Paris P2P" in Europe/Paris')
    expect(await world.say('alice', 'add meetup "P2P - Person-to-person" today 19:30-20:30')).toContain('Added')
    expect(await world.say('alice', 'pair people at 19:30 for 3 rounds of 10 minutes at P2P - Person-to-person')).toContain('3 × 10 minutes, 19:30–20:00')
    expect(await world.say('bob', "I'm in for the rounds")).toContain('You’re in')
    await world.advanceTo(at('2027-06-02T17:31:00Z'))
    expect(world.adapter.posts.at(-1)!.text).toBe('Round 1 of 3 of “P2P - Person-to-person”: only one person is in, so no pairs this round. Say “I’m in for the rounds” to take part.')
    expect(await world.say('carol', 'je suis partante pour les rencontres')).toContain('vous entrez au prochain tour (19:40)')
    expect(await world.say('dave', "I'm in for the rounds")).toContain('from the next round (19:40)')
    await world.advanceTo(at('2027-06-02T17:41:00Z'))
    const second = world.adapter.posts.at(-1)!.text
    expect(second).toMatch(/^Round 2 of 3 · “P2P - Person-to-person” · 19:40–19:50\n {2}\w+, \w+ & \w+$/)
    for (const who of ['bob', 'carol', 'dave']) expect(second).toContain(who)
    expect(await world.say('dave', "I'm out of the rounds")).toContain('You’re out of the rounds')
    await world.advanceTo(at('2027-06-02T17:51:00Z'))
    const third = world.adapter.posts.at(-1)!.text
    expect(third).toMatch(/^Round 3 of 3/)
    expect(third).not.toContain('dave')
    expect(world.adapter.directs.filter((d) => d.room === 'dave').map((d) => d.text.slice(0, 7))).toEqual(['Round 2'])
  })
})

describe('the sentences people type', () => {
  it('asks which event, and how many rounds, instead of guessing', async () => {
    world = await World.create(at('2027-06-02T10:00:00Z'))
    await world.say('alice', 'new festival "Paris P2P" in Europe/Paris')
    await world.say('alice', 'add meetup "Monthly evening" today 19:00-22:00')
    await world.say('alice', 'add talk "Lightning talks" tomorrow 19:00-20:00')
    const which = await world.say('alice', 'pair people at 19:30 for 5 rounds of 10 minutes')
    expect(which).toContain('For which event?')
    expect(which).toContain('1. “Monthly evening”')
    expect(await world.say('alice', '1')).toContain('Rounds for “Monthly evening”')
    expect(await world.say('alice', 'pair people at Monthly evening for 5 rounds')).toBe('To pair people I need how long each lasts and when the first one starts. For example: “pair people at 19:30 for 5 rounds of 10 minutes at Paris P2P”.')
    expect(await world.say('alice', 'fais des rencontres pour Monthly evening')).toContain('il me faut le nombre de rencontres et la durée de chacune et l\'heure de la première')
    expect(await world.say('alice', 'bilde Paare für 5 Runden à 10 Minuten beim Monthly evening')).toContain('brauche ich den Beginn der ersten')
    expect(await world.say('mallory', 'pair people at 20:00 for 3 rounds of 5 minutes at Monthly evening')).toContain('Only an organiser of “Monthly evening”')
    expect(await world.say('alice', 'fais 4 rencontres de 8 minutes à 20h pour Monthly evening')).toContain('Rencontres pour “Monthly evening” (mer. 2 juin) : 4 × 8 minutes, 20:00–20:32.')
    expect(await world.say('alice', 'bilde Paare um 20:15 für 3 Runden à 5 Minuten beim Monthly evening')).toContain('Runden für “Monthly evening”')
    expect(await world.say('bob', "I'm out of the rounds")).toContain('You weren’t in the rounds')
    expect(await world.say('alice', 'cancel the rounds for Monthly evening')).toContain('called off')
    expect(await world.say('bob', "I'm in for the rounds")).toContain('No rounds are planned')
  })

  it('🙋 on the announcement opts in; taking it back opts out; the post mentions who meets', async () => {
    world = await World.create(at('2027-06-02T10:00:00Z'), { adapter: (clock) => new MentionsAdapter(clock) })
    await world.say('alice', 'new festival "Paris P2P" in Europe/Paris')
    await world.say('alice', 'add meetup "Monthly evening" today 19:00-22:00')
    await world.say('alice', 'pair people at 19:30 for 1 round of 10 minutes at Monthly evening')
    const festival = await festivalId()
    const ev = (await world.repo.open(festival)).view(world.clock.now()).events[0]!
    const react = (user: string, added: boolean) =>
      world.bot.onReaction({ platform: 'test', room: 'main', user, userName: user, targetMessageId: 'm1', key: '🙋', added, about: { festival, id: ev.id } })
    await react('gina', true)
    await react('hank', true)
    await react('ivan', true)
    await react('ivan', false)
    await world.automation.idle()
    await world.advanceTo(at('2027-06-02T17:31:00Z'))
    const post = world.adapter.posts.at(-1)!.text
    expect(post).toMatch(/^Round 1 of 1 · “Monthly evening” · 19:30–19:40\n {2}(gina & hank|hank & gina)$/)
    expect((world.adapter as MentionsAdapter).mentions.at(-1)!.sort()).toEqual(['gina', 'hank'])
    expect(world.adapter.directs.map((d) => d.room).sort()).toEqual(['gina', 'hank'])
  })
})

describe('two bots serving one festival', () => {
  it('post the same pairs, each in its own rooms, and each tells only the people it speaks for', async () => {
    world = await World.create(at('2027-06-02T10:00:00Z'))
    other = await World.create(at('2027-06-02T10:00:00Z'))
    await world.say('alice', 'new festival "Paris P2P" in Europe/Paris')
    await world.say('alice', 'add meetup "Monthly evening" today 19:00-22:00')
    await world.say('alice', 'pair people at 19:30 for 2 rounds of 10 minutes at Monthly evening')
    for (const who of ['bob', 'carol', 'dave']) await world.say(who, "I'm in for the rounds")
    const festival = await festivalId()
    const meta = world.repo.festival(festival)!
    await other.repo.adoptFestival(meta)
    await other.bot.bindRoom('test', 'elsewhere', meta)
    /** Hands `to` what it lacks of `from`'s signed operations, authors in reverse order. */
    const sync = async (from: World, to: World) => {
      for (const [author, head] of [...from.repo.heads(festival)].reverse()) {
        const after = to.repo.heads(festival).get(author)?.seq ?? 0
        if (after < head.seq) await to.repo.receiveMany(await from.repo.opsAfter(festival, author, after, 1000))
      }
    }
    await sync(world, other)
    expect(await other.say('erin', "I'm in for the rounds", 'elsewhere')).toContain('You’re in')
    await world.say('fred', "I'm in for the rounds")
    await sync(other, world)
    await sync(world, other)
    await world.automation.idle()
    await other.automation.idle()
    await world.advanceTo(at('2027-06-02T17:45:00Z'))
    await other.advanceTo(at('2027-06-02T17:45:00Z'))
    const here = world.adapter.posts.filter((p) => p.text.startsWith('Round'))
    const there = other.adapter.posts.filter((p) => p.text.startsWith('Round'))
    expect(here.map((p) => p.room)).toEqual(['main', 'main'])
    expect(there.map((p) => p.room)).toEqual(['elsewhere', 'elsewhere'])
    expect(there.map((p) => p.text)).toEqual(here.map((p) => p.text))
    for (const who of ['bob', 'carol', 'dave', 'erin', 'fred']) expect(here[0]!.text).toContain(who)
    expect([...new Set(world.adapter.directs.map((d) => d.room))].sort()).toEqual(['bob', 'carol', 'dave', 'fred'])
    expect([...new Set(other.adapter.directs.map((d) => d.room))]).toEqual(['erin'])
  })
})
