/**
 * "What's on …" answers through the real Bot on a real repository: the programme searched by start
 * (`overlapping` in commands/queries.ts) must still show what started earlier and runs into the window,
 * and the next five of "now" in programme order, at the venue asked about, without cancelled events.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { replyToPlainText } from '../../adapters/types.ts'
import { Bot } from '../../commands/bot.ts'
import { openDataDir, type DataDir } from '../../core/store.ts'
import { Repo } from '../../core/repo.ts'
import { newEntityId } from '../../core/ids.ts'

// Wednesday 2 June 2027, 10:00 in Paris.
const NOW = Date.parse('2027-06-02T10:00:00+02:00')
let dir: string
let data: DataDir
let bot: Bot
let repo: Repo
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'yurt-queries-'))
  data = await openDataDir(dir, { memory: true, sync: false })
  repo = await Repo.open(data, { now: () => NOW })
  bot = new Bot({ repo, deviceSeed: new Uint8Array(32).fill(9), kv: data.kv, now: () => NOW, defaultTimezone: 'Europe/Paris', defaultLang: 'en' })
})
afterEach(async () => {
  await data.close()
  await rm(dir, { recursive: true, force: true })
})

const say = async (text: string) => {
  const reply = await bot.onMessage({ platform: 'terminal', room: 'r', user: 'ana', userName: 'Ana', text, ts: NOW })
  return reply ? replyToPlainText(reply) : ''
}

it('shows a long event on every day it runs, the next five in order, at the venue asked, without cancelled ones', async () => {
  expect(await say('add venue Atelier')).toMatch(/Atelier/)
  expect(await say('add venue Garden')).toMatch(/Garden/)
  // Three days long, from this morning (as an imported camp programme has them): on Friday too, and "now".
  const festival = repo.festivals()[0]!
  const garden = (await repo.open(festival.id)).view(NOW).venues.find((v) => v.name === 'Garden')!
  await repo.commit(festival.id, bot.signerFor('terminal', 'ana'), (w) =>
    w.setEvent(newEntityId(bot.signerFor('terminal', 'ana').key), {
      title: 'Build a yurt',
      kind: 'workshop',
      start: Date.parse('2027-06-02T09:00:00+02:00'),
      end: Date.parse('2027-06-04T18:00:00+02:00'),
      venue: garden.id,
      resources: [],
      organizers: [],
      tags: [],
      state: 'scheduled',
      bookedAt: NOW,
    }),
  )
  for (const [title, hour] of [['One', 11], ['Two', 12], ['Three', 13], ['Four', 14], ['Five', 15], ['Six', 16]] as const) {
    expect(await say(`add talk "${title}" today ${hour}:00 at Atelier`)).toMatch(new RegExp(title))
  }
  expect(await say('add talk "Gone" today 10:15 for 30 min at Atelier')).toMatch(/Gone/)
  expect(await say('cancel Gone')).toMatch(/Gone/)

  const friday = await say("what's on Friday?")
  expect(friday).toMatch(/Build a yurt/)
  expect(friday).not.toMatch(/One/)
  expect(await say("what's on Saturday?")).not.toMatch(/Build a yurt/)

  const now = await say("what's on now?")
  expect(now).toMatch(/Build a yurt/)
  expect(now).not.toMatch(/Gone/)
  const next = ['One', 'Two', 'Three', 'Four', 'Five'].map((t) => now.indexOf(t))
  expect(next.every((i) => i >= 0)).toBe(true)
  expect([...next].sort((a, b) => a - b)).toEqual(next)
  expect(now).not.toMatch(/Six/)

  expect(await say("what's on Friday at Garden?")).toMatch(/Build a yurt/)
  expect(await say("what's on today at Garden?")).not.toMatch(/One/)
})

it('shows a long event added after the programme was last asked about, changes later (the longest event kept change by change)', async () => {
  expect(await say('add venue Atelier')).toMatch(/Atelier/)
  expect(await say('add talk "Short" today 10:30 for 20 min at Atelier')).toMatch(/Short/)
  expect(await say("what's on now?")).not.toMatch(/Hackathon/)
  const festival = repo.festivals()[0]!
  const ana = bot.signerFor('terminal', 'ana')
  // Began at 8:00, ends tomorrow: longer than anything asked about before.
  await repo.commit(festival.id, ana, (w) =>
    w.setEvent(newEntityId(ana.key), {
      title: 'Hackathon',
      kind: 'workshop',
      start: Date.parse('2027-06-02T08:00:00+02:00'),
      end: Date.parse('2027-06-03T18:00:00+02:00'),
      venue: null,
      resources: [],
      organizers: [],
      tags: [],
      state: 'scheduled',
      bookedAt: NOW,
    }),
  )
  expect(await say('add talk "Later" today 15:00 at Atelier')).toMatch(/Later/)
  const now = await say("what's on now?")
  expect(now).toMatch(/Hackathon/)
  expect(now).toMatch(/Later/)
  expect(await say("what's on tomorrow?")).toMatch(/Hackathon/)
})

it('answers this week and next week with their days, headed so, in the language asked', async () => {
  expect(await say('add venue Atelier')).toMatch(/Atelier/)
  // Wednesday 2 June: Friday is this week, Tuesday 8 June the next.
  expect(await say('add workshop "Solder club" Friday 18:00 at Atelier')).toMatch(/Solder club/)
  expect(await say('add talk "Mesh routing" 2027-06-08 19:00 at Atelier')).toMatch(/Mesh routing/)
  const thisWeek = await say("what's on this week?")
  expect(thisWeek).toMatch(/^This week/)
  expect(thisWeek).toContain('Solder club')
  expect(thisWeek).not.toContain('Mesh routing')
  const next = await say('was läuft nächste Woche?')
  expect(next).toMatch(/^Nächste Woche/)
  expect(next).toContain('Mesh routing')
  expect(next).not.toContain('Solder club')
  expect(await say('quoi de neuf cette semaine ?')).toMatch(/^Cette semaine[\s\S]*Solder club/)
})
