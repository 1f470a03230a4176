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
