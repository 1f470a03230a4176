/**
 * The two halves of moderators' automation together: the occurrences of a monthly series are in
 * the daily programme and get the room's reminders, a skipped one is not reminded, and a moved one
 * is reminded at its new time.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { at, World } from './harness.ts'

let world: World
afterEach(async () => {
  await world?.dispose()
})

const iso = (ms: number) => new Date(ms).toISOString().replace('.000', '')

describe('a monthly series with the daily programme and room reminders', () => {
  it('posts and reminds each first Wednesday, not the skipped one, and the moved one at its new time', async () => {
    world = await World.create(at('2027-01-01T12:00:00Z'))
    expect(await world.say('alice', 'new festival "Paris P2P" in Europe/Paris')).toContain('Created')
    await world.say('alice', 'add venue Ground Control')
    expect(await world.say('alice', 'every first Wednesday at 18:30 at Ground Control: Paris P2P monthly')).toContain('Paris P2P monthly')
    await world.say('alice', 'post the schedule every day at 9:00')
    await world.say('alice', 'remind the room 10 minutes before each event')
    expect(await world.say('alice', 'skip Paris P2P monthly on 3 February')).toMatch(/3 Feb/i)
    expect(await world.say('alice', 'move Paris P2P monthly on 3 March to 19:30')).toMatch(/19:30/)

    await world.advanceTo(at('2027-03-04T00:00:00Z'))
    const reminders = world.adapter.posts.filter((p) => p.text.includes('Starting in'))
    // 6 January 18:30 CET, skipped 3 February, 3 March moved to 19:30 CET.
    expect(reminders.map((p) => iso(p.at))).toEqual(['2027-01-06T17:20:00Z', '2027-03-03T18:20:00Z'])
    expect(reminders[0]!.text).toContain('Paris P2P monthly')
    expect(reminders[0]!.text).toContain('Ground Control')

    const morning = (day: string) => world.adapter.posts.find((p) => iso(p.at) === `${day}T08:00:00Z`)?.text ?? ''
    expect(morning('2027-01-06')).toMatch(/18:30.*Paris P2P monthly/)
    expect(morning('2027-03-03')).toMatch(/19:30.*Paris P2P monthly/)
    expect(morning('2027-01-07')).not.toContain('Paris P2P monthly')
  })
})

describe('daily series and the daily post, side by side', () => {
  it('"every day at 9:00 at Ground Control: Breakfast" makes a series; "every day at 9:00" sets the post', async () => {
    world = await World.create(at('2027-01-01T12:00:00Z'))
    await world.say('alice', 'new festival "Paris P2P" in Europe/Paris')
    await world.say('alice', 'add venue Ground Control')
    expect(await world.say('alice', 'every day at 9:00 at Ground Control: Breakfast')).toContain('Breakfast')
    expect(await world.say('alice', 'jeden Tag um 9 Uhr')).toContain('09:00')
    const view = (await world.repo.open(world.repo.festivals()[0]!.id)).view(world.clock.now())
    expect(view.series.map((s) => s.title)).toEqual(['Breakfast'])
    expect(await world.say('alice', 'automation')).toMatch(/09:00/)
  })
})

describe('the real Paris P2P monthly meetups, Aug 2019 – May 2020 (examples/paris-p2p/monthly)', () => {
  it('one sentence, one end and one moved January give the ten dates the meetups really had', async () => {
    const { readdirSync, readFileSync } = await import('node:fs')
    const dir = new URL('../../examples/paris-p2p/monthly/', import.meta.url)
    // Hugo front matter: `start_date: 2019-08-07`. January 2020's was on the 8th: the 1st was New Year's Day.
    const real = readdirSync(dir)
      .map((d) => /^start_date:\s*(\d{4}-\d{2}-\d{2})/m.exec(readFileSync(new URL(`${d}/index.md`, dir), 'utf8'))?.[1])
      .filter((d): d is string => d !== undefined)
      .sort()
    expect(real).toHaveLength(10)

    world = await World.create(at('2019-07-20T12:00:00Z'))
    await world.say('alice', 'new festival "Paris P2P" in Europe/Paris')
    await world.say('alice', 'add venue Ground Control')
    await world.say('alice', 'every first Wednesday at 18:30 at Ground Control: Paris P2P monthly')
    expect(await world.say('alice', 'end the series after May 2020')).toMatch(/May/)
    expect(await world.say('alice', 'move the January one to the 8th')).toMatch(/8 Jan/)

    const id = world.repo.festivals()[0]!.id
    const view = (await world.repo.open(id)).view(world.clock.now())
    const held = view.events.filter((e) => e.series && e.status !== 'cancelled')
    const local = (ms: number) => new Date(ms).toLocaleString('sv-SE', { timeZone: 'Europe/Paris' }).slice(0, 16)
    expect(held.map((e) => local(e.start!).slice(0, 10))).toEqual(real)
    expect(new Set(held.map((e) => local(e.start!).slice(11)))).toEqual(new Set(['18:30']))
  })
})
