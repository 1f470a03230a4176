/**
 * Random meetings and the serendipity switch, as people use them from chat: requests matched,
 * alone at the hour's start, cancelled; the same pairs whatever order the operations arrive in;
 * a peer that is not a recipient cannot read who asked; only people who opted in are paired.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { at, RecordingAdapter, World } from './harness.ts'
import { replyToPlainText, type Reply } from '../../adapters/types.ts'
import { openDataDir } from '../../core/store.ts'
import { Repo } from '../../core/repo.ts'
import { fromBase64, open as openBox, recipientsOf } from '../../core/seal.ts'
import { hoursOf, matchRequests, sealedAad, serendipityGroups, serendipitySlots, type MeetingRequest, type Place } from '../../core/meetings.ts'
import type { AuthorKey } from '../../core/types.ts'

let world: World
afterEach(async () => {
  await world?.dispose()
})

/** A festival in Paris in July 2027 (CEST, UTC+2), planned by alice, with two free venues. */
async function festival(start = '2027-07-10T08:00:00Z'): Promise<void> {
  world = await World.create(at(start))
  expect(await world.say('alice', 'new festival "Summer Camp" in Europe/Paris from 2027-07-01 to 2027-07-31')).toContain('Created')
  await world.say('alice', 'add venue Garden as a zone')
  await world.say('alice', 'add venue Library as a zone')
}

const dms = (user: string) => world.adapter.directs.filter((d) => d.room === user).map((d) => d.text)

describe('random meetings on request', () => {
  it('matches two requests for the same hour and tells both where to go, once', async () => {
    await festival()
    const asked = await world.say('bob', 'find me a random meeting tomorrow afternoon')
    expect(asked).toContain('Looking for someone to meet')
    expect(asked).toMatch(/14:00 and 18:00/)
    expect(asked).toContain('This room saw you ask')
    expect(world.adapter.directs).toHaveLength(0)
    await world.say('carol', 'this room plans Summer Camp', 'dm-carol')
    const direct = await world.automation.handler(world.bot).onMessage({ platform: 'test', room: 'dm-carol', user: 'carol', userName: 'carol', text: 'Find me a random meeting tomorrow at 3pm', ts: world.clock.now(), direct: true })
    await world.automation.idle()
    expect(replyToPlainText(direct!)).toContain('15:00')
    expect(replyToPlainText(direct!)).not.toContain('This room saw')
    const bob = dms('bob')
    const carol = dms('carol')
    expect(bob).toHaveLength(1)
    expect(carol).toHaveLength(1)
    expect(bob[0]).toMatch(/Random meeting: .*15:00 at (Garden|Library), with carol/)
    expect(carol[0]).toMatch(/15:00 at (Garden|Library), with bob/)
    const place = bob[0]!.match(/at (Garden|Library)/)![1]
    expect(carol[0]).toContain(place)
    // A restart, and the hour's start: nobody is told twice, and a matched person is not told "alone".
    await world.restartAt(at('2027-07-11T12:00:00Z'))
    await world.advanceTo(at('2027-07-11T16:30:00Z'))
    expect(dms('bob')).toHaveLength(1)
    expect(dms('carol')).toHaveLength(1)
  })

  it('meets at a place no event occupies at that hour', async () => {
    await festival()
    expect(await world.say('alice', 'add workshop "Soldering" tomorrow 15:00-16:00 at Garden')).toContain('Added')
    await world.say('bob', 'find me a random meeting tomorrow at 15:00')
    await world.say('carol', 'find me a random meeting tomorrow at 15:00')
    expect(dms('bob')[0]).toMatch(/at Library, with carol/)
  })

  it('tells a person alone at the start of the last hour that nobody else asked', async () => {
    await festival()
    expect(await world.say('bob', 'une rencontre au hasard demain après-midi', 'main')).toContain('Je cherche quelqu')
    await world.advanceTo(at('2027-07-11T14:59:00Z'))
    expect(dms('bob')).toHaveLength(0)
    await world.advanceTo(at('2027-07-11T15:00:00Z')) // 17:00 in Paris: the last hour of the afternoon
    expect(dms('bob')).toHaveLength(1)
    expect(dms('bob')[0]).toContain("Personne d'autre n'a demandé")
    await world.restartAt(at('2027-07-11T15:05:00Z'))
    expect(dms('bob')).toHaveLength(1)
  })

  it('forgets a cancelled request: no match, no message', async () => {
    await festival()
    await world.say('bob', 'ein Zufallstreffen morgen Nachmittag')
    expect(await world.say('bob', 'sag mein Zufallstreffen ab')).toContain('abgesagt')
    expect(await world.say('bob', 'cancel my random meeting')).toContain('no random meeting request waiting')
    await world.say('carol', 'find me a random meeting tomorrow afternoon')
    expect(dms('bob')).toHaveLength(0)
    expect(dms('carol')).toHaveLength(0)
    await world.advanceTo(at('2027-07-11T15:00:00Z'))
    expect(dms('bob')).toHaveLength(0)
    expect(dms('carol')).toHaveLength(1)
  })

  it('undoes a request and its cancellation like any other change', async () => {
    await festival()
    await world.say('bob', 'find me a random meeting tomorrow afternoon')
    expect(await world.say('bob', 'undo')).toContain('random meeting')
    expect(await world.say('bob', 'cancel my random meeting')).toContain('no random meeting request waiting')
    await world.say('bob', 'find me a random meeting tomorrow afternoon')
    await world.say('bob', 'cancel my random meeting')
    await world.say('bob', 'undo')
    await world.say('carol', 'find me a random meeting tomorrow at 16:00')
    expect(dms('bob')[0]).toMatch(/16:00 at .*, with carol/)
  })

  it('asks back when the sentence does not say when', async () => {
    await festival()
    expect(await world.say('bob', 'find me a random meeting')).toContain('Which day')
    expect(await world.say('bob', 'find me a random meeting tomorrow')).toMatch(/When tomorrow\?/)
    expect(await world.say('bob', '2')).toContain('between 14:00 and 18:00')
  })
})

/** A platform that refuses the next `directFailures` direct messages. */
class FlakyAdapter extends RecordingAdapter {
  directFailures = 0
  override async sendDirect(user: string, reply: Reply): Promise<string | undefined> {
    if (this.directFailures > 0) {
      this.directFailures--
      throw new Error('the homeserver is down')
    }
    return super.sendDirect(user, reply)
  }
}

describe('when the platform refuses', () => {
  it('tries again a minute later and tells each person once', async () => {
    world = await World.create(at('2027-07-10T08:00:00Z'), { adapter: (clock) => new FlakyAdapter(clock) })
    await world.say('alice', 'new festival "Summer Camp" in Europe/Paris from 2027-07-01 to 2027-07-31')
    await world.say('alice', 'add venue Garden as a zone')
    await world.say('bob', 'find me a random meeting tomorrow at 15:00')
    ;(world.adapter as FlakyAdapter).directFailures = 3
    await world.say('carol', 'find me a random meeting tomorrow at 15:00')
    expect(world.adapter.directs.length).toBeLessThan(2)
    await world.advanceTo(at('2027-07-10T08:05:00Z'))
    expect((world.adapter as FlakyAdapter).directFailures).toBe(0)
    expect(dms('bob')).toHaveLength(1)
    expect(dms('carol')).toHaveLength(1)
  })
})

describe('privacy', () => {
  it('a peer holding the document cannot read who asked, nor open the record with its own key', async () => {
    await festival()
    await world.say('bob', 'find me a random meeting tomorrow afternoon')
    await world.say('carol', 'find me a random meeting tomorrow afternoon')
    const id = world.repo.festivals()[0]!.id
    const bob = world.bot.signerFor('test', 'bob').key
    // A third peer: another data directory that receives every operation.
    const dir = mkdtempSync(join(tmpdir(), 'yurt-third-'))
    const data = await openDataDir(dir)
    const third = await Repo.open(data)
    try {
      await third.adoptFestival(world.repo.festival(id)!)
      for (const [author, head] of world.repo.heads(id)) await third.receiveMany(await world.repo.opsAfter(id, author, 0, head.seq))
      const f = await third.open(id)
      const records = f.namespaces().flatMap((ns) => [...ns.sealed].map(([rid, r]) => ({ author: ns.author, rid, r })))
      expect(records.length).toBeGreaterThanOrEqual(3) // two requests, one meeting
      for (const { author, rid, r } of records) {
        const box = fromBase64(r.box)!
        const bytes = new TextDecoder('latin1').decode(box)
        expect(bytes).not.toContain('bob')
        expect(bytes).not.toContain('carol')
        expect(recipientsOf(box)).toEqual([]) // the box does not name who may open it
        expect(openBox(box, data.deviceSeed, sealedAad(id, author, rid))).toBeNull()
        expect(openBox(box, new Uint8Array(32).fill(7), sealedAad(id, author, rid))).toBeNull()
      }
      // Bob himself (the key the bot derives for him) opens his request.
      const mine = f.namespace(bob).sealed
      const [rid, r] = [...mine][0]!
      expect(world.bot.openSealedFor('test', 'bob', fromBase64(r.box)!, sealedAad(id, bob, rid))).toContain('"bob"')
    } finally {
      await third.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('the same pairs everywhere', () => {
  const place = (id: string): Place => ({ id, name: id })
  const req = (author: string, id: string, asked: number, from: number, to: number): MeetingRequest => ({ author: author as AuthorKey, id, at: asked, from, to, platform: 'p', user: author, name: author })
  const H = 3_600_000
  const base = at('2027-07-11T12:00:00Z')
  const requests = [
    req('a', 'r1', base - 50 * H, base, base + 4 * H),
    req('b', 'r2', base - 40 * H, base + 2 * H, base + 3 * H),
    req('c', 'r3', base - 30 * H, base, base + H),
    req('d', 'r4', base - 20 * H, base, base + 4 * H),
    req('e', 'r5', base - 10 * H, base + 3 * H, base + 4 * H),
  ]
  const free = () => [place('v1'), place('v2'), place('v3')]

  it('two peers compute the same meetings from requests received in different orders', () => {
    const one = matchRequests('f', requests, free)
    for (let seed = 1; seed < 20; seed++) {
      const shuffled = [...requests].sort((x, y) => ((x.id.charCodeAt(1) * seed) % 7) - ((y.id.charCodeAt(1) * seed) % 7))
      expect(matchRequests('f', shuffled, free)).toEqual(one)
    }
    // Oldest first: b is the first after a to share an hour with it; then c and d; e comes last, alone.
    expect(one.meetings.map((m) => [m.first.author, m.second.author, m.hour - base])).toEqual([
      ['a', 'b', 2 * H],
      ['c', 'd', 0],
    ])
    expect(one.alone.map((r) => r.author)).toEqual(['e'])
    for (const m of one.meetings) expect(hoursOf(m.first)).toContain(m.hour)
  })
})

describe('the serendipity switch', () => {
  it('only an organiser switches it; it pairs only the people who opted in', async () => {
    await festival('2027-07-10T08:00:00Z')
    expect(await world.say('dave', 'serendipity on: 3 random meetings a day between 14:00 and 18:00')).toContain('organisers')
    const on = await world.say('alice', 'serendipity on: 3 random meetings a day between 14:00 and 18:00')
    expect(on).toContain('Serendipity is on')
    expect(on).toContain('14:00, 15:20, 16:40')
    for (const [user, text] of [
      ['bob', "I'm up for random meetings"],
      ['carol', 'je suis partant pour des rencontres au hasard'],
      ['erin', 'ich bin dabei für Zufallstreffen'],
      ['frank', "I'm up for random meetings"],
    ] as const) expect(await world.say(user, text)).not.toContain('?')
    expect(await world.say('frank', "I'm not up for random meetings anymore")).toContain("You're out")
    // dave and gina never opted in; gina even talks to the bot.
    await world.say('gina', "what's on today?")
    await world.advanceTo(at('2027-07-10T16:00:00Z'))
    const told = new Set(world.adapter.directs.map((d) => d.room))
    expect([...told].sort()).toEqual(['bob', 'carol', 'erin'])
    // Three slots, one trio each (an odd count: nobody alone).
    expect(dms('bob')).toHaveLength(3)
    expect(dms('bob')[0]).toMatch(/Serendipity: meet (carol and erin|erin and carol) .*14:00 at (Garden|Library)/)
    expect(dms('carol')[0]).toContain('Sérendipité')
    expect(dms('erin')[0]).toContain('Serendipität')
    expect(world.adapter.directs.map((d) => d.at).filter((t, i, all) => all.indexOf(t) === i)).toEqual([at('2027-07-10T11:45:00Z'), at('2027-07-10T13:05:00Z'), at('2027-07-10T14:25:00Z')])
    expect(await world.say('alice', 'serendipity off')).toContain('off')
    await world.advanceTo(at('2027-07-11T16:00:00Z'))
    expect(dms('bob')).toHaveLength(3)
  })

  it('keeps its wall times across a daylight-saving change', () => {
    const s = { perDay: 2, from: '14:00', to: '18:00' }
    expect(serendipitySlots(s, '2027-03-27', 'Europe/Paris')).toEqual([at('2027-03-27T13:00:00Z'), at('2027-03-27T15:00:00Z')])
    expect(serendipitySlots(s, '2027-03-28', 'Europe/Paris')).toEqual([at('2027-03-28T12:00:00Z'), at('2027-03-28T14:00:00Z')])
  })

  it('never groups anyone not given as opted in', () => {
    const keys = ['k1', 'k2', 'k3', 'k4', 'k5'] as AuthorKey[]
    for (let i = 0; i < 50; i++) {
      const opted = keys.slice(0, 2 + (i % 4))
      const groups = serendipityGroups('f', 1000 * i, opted, [{ id: 'a', name: 'A' }, { id: 'b', name: 'B' }, { id: 'c', name: 'C' }])
      const seen = groups.flatMap((g) => g.people)
      expect(seen.every((k) => opted.includes(k))).toBe(true)
      expect(new Set(seen).size).toBe(seen.length)
      expect(groups.every((g) => g.people.length >= 2)).toBe(true)
    }
  })
})

describe('sentences as people type them', () => {
  it('reads requests, cancellations, opt-ins and the switch in English, French and German', async () => {
    await festival()
    const lines: Array<[string, string, RegExp]> = [
      ['bob', 'Find me a random meeting tomorrow at 15:00', /Looking for someone/],
      ['bob', 'cancel my random meeting', /cancelled/],
      ['bob', 'random meeting any time tomorrow', /between 09:00 and 22:00/],
      ['bob', 'cancel my random meeting', /cancelled/],
      ['carol', 'trouve-moi une rencontre au hasard demain à 15h', /Je cherche/],
      ['carol', 'annule ma rencontre au hasard', /annulée/],
      ['erin', 'finde mir ein Zufallstreffen morgen um 15 Uhr', /Ich suche jemanden/],
      ['erin', 'sag mein Zufallstreffen ab', /abgesagt/],
      ['erin', 'keine Zufallstreffen mehr', /nicht für Zufallstreffen angemeldet/],
      ['alice', 'sérendipité activée : 2 rencontres par jour entre 14h et 16h', /Sérendipité activée : 2 rencontres/],
      ['alice', 'Serendipität aus', /Serendipität ist aus/],
    ]
    for (const [user, text, expected] of lines) expect(await world.say(user, text)).toMatch(expected)
  })
})
