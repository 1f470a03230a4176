/**
 * The daily programme and the weekly digest, driven by a manual clock over a real data directory:
 * the right instant in two zones and across daylight-saving changes, no double post after a
 * restart, catch-up within the grace period and never later.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { at, World } from './harness.ts'

let world: World
afterEach(async () => {
  await world?.dispose()
})

const iso = (ms: number) => new Date(ms).toISOString().replace('.000', '')
const times = () => world.adapter.posts.map((p) => `${p.room} ${iso(p.at)}`)

async function festival(from: string, to: string): Promise<void> {
  expect(await world.say('alice', `new festival "Paris P2P" in Europe/Paris from ${from} to ${to}`)).toContain('Created')
}

describe('daily programme', () => {
  it('posts at 9:00 in the room’s zone: Europe/Paris and, in another room, America/New_York', async () => {
    world = await World.create(at('2027-01-10T12:00:00Z'))
    await festival('2027-01-01', '2027-12-31')
    expect(await world.say('alice', 'post the schedule every day at 9:00')).toContain('every day at 09:00 (Europe/Paris)')
    expect(await world.say('bob', 'this room plans Paris P2P', 'ny')).toContain('plans Paris P2P')
    await world.say('bob', 'timezone America/New_York', 'ny')
    expect(await world.say('bob', 'post the schedule every day at 9:00', 'ny')).toContain('(America/New_York)')

    await world.advanceTo(at('2027-01-10T13:59:59Z'))
    expect(times()).toEqual([])
    await world.advanceTo(at('2027-01-10T14:00:00Z'))
    expect(times()).toEqual(['ny 2027-01-10T14:00:00Z']) // 9:00 EST
    await world.advanceTo(at('2027-01-11T07:59:59Z'))
    expect(times()).toHaveLength(1)
    await world.advanceTo(at('2027-01-11T14:00:00Z'))
    expect(times()).toEqual(['ny 2027-01-10T14:00:00Z', 'main 2027-01-11T08:00:00Z', 'ny 2027-01-11T14:00:00Z']) // 9:00 CET
    expect(world.adapter.posts[1]!.text).toContain('Monday 11 January')
  })

  it('follows Europe/Paris across the last Sunday of March (28 March 2027: 9:00 is 07:00 UTC from then on)', async () => {
    world = await World.create(at('2027-03-26T12:00:00Z'))
    await festival('2027-03-01', '2027-04-30')
    await world.say('alice', 'post the schedule every day at 9:00')
    await world.advanceTo(at('2027-03-30T12:00:00Z'))
    expect(times()).toEqual(['main 2027-03-27T08:00:00Z', 'main 2027-03-28T07:00:00Z', 'main 2027-03-29T07:00:00Z', 'main 2027-03-30T07:00:00Z'])
    expect(world.adapter.posts.map((p) => p.text.match(/\w+day \d+ March/)?.[0])).toEqual(['Saturday 27 March', 'Sunday 28 March', 'Monday 29 March', 'Tuesday 30 March'])
  })

  it('follows Europe/Paris across the last Sunday of October (31 October 2027: 9:00 is 08:00 UTC from then on)', async () => {
    world = await World.create(at('2027-10-29T12:00:00Z'))
    await festival('2027-10-01', '2027-11-30')
    await world.say('alice', 'post the schedule every day at 9:00')
    await world.advanceTo(at('2027-11-01T12:00:00Z'))
    expect(times()).toEqual(['main 2027-10-30T07:00:00Z', 'main 2027-10-31T08:00:00Z', 'main 2027-11-01T08:00:00Z'])
  })

  it('posts once on both change days at 2:30, a wall time that does not exist in March and occurs twice in October', async () => {
    world = await World.create(at('2027-03-27T12:00:00Z'))
    await festival('2027-03-01', '2027-11-30')
    await world.say('alice', 'post the schedule every day at 2:30')
    await world.advanceTo(at('2027-03-29T00:00:00Z'))
    expect(times()).toEqual(['main 2027-03-28T01:30:00Z']) // 03:30 CEST, right after the gap
    await world.say('alice', 'stop posting the schedule')
    await world.advanceTo(at('2027-10-30T12:00:00Z'))
    await world.say('alice', 'post the schedule every day at 2:30')
    await world.advanceTo(at('2027-11-01T00:00:00Z'))
    const october = world.adapter.posts.slice(1).filter((p) => p.text.includes('31 October'))
    expect(october).toHaveLength(1)
  })

  it('does not post twice after a restart at 9:00:30', async () => {
    world = await World.create(at('2027-05-01T12:00:00Z'))
    await festival('2027-05-01', '2027-05-31')
    await world.say('alice', 'post the schedule every day at 9:00')
    await world.advanceTo(at('2027-05-02T07:00:00Z')) // 9:00 CEST
    expect(times()).toEqual(['main 2027-05-02T07:00:00Z'])
    await world.restartAt(at('2027-05-02T07:00:30Z'))
    await world.advanceTo(at('2027-05-02T12:00:00Z'))
    expect(times()).toEqual(['main 2027-05-02T07:00:00Z'])
    await world.advanceTo(at('2027-05-03T07:00:00Z'))
    expect(times()).toEqual(['main 2027-05-02T07:00:00Z', 'main 2027-05-03T07:00:00Z'])
  })

  it('catches up a post missed while down when it restarts at 9:10', async () => {
    world = await World.create(at('2027-05-01T12:00:00Z'))
    await festival('2027-05-01', '2027-05-31')
    await world.say('alice', 'post the schedule every day at 9:00')
    await world.advanceTo(at('2027-05-02T06:55:00Z'))
    await world.restartAt(at('2027-05-02T07:10:00Z'))
    expect(times()).toEqual(['main 2027-05-02T07:10:00Z'])
    expect(world.adapter.posts[0]!.text).toContain('Sunday 2 May')
  })

  it('does not catch up when it restarts at 9:30, and posts again the next day', async () => {
    world = await World.create(at('2027-05-01T12:00:00Z'))
    await festival('2027-05-01', '2027-05-31')
    await world.say('alice', 'post the schedule every day at 9:00')
    await world.advanceTo(at('2027-05-02T06:55:00Z'))
    await world.restartAt(at('2027-05-02T07:30:00Z'))
    await world.advanceTo(at('2027-05-02T23:00:00Z'))
    expect(times()).toEqual([])
    await world.advanceTo(at('2027-05-03T07:00:00Z'))
    expect(times()).toEqual(['main 2027-05-03T07:00:00Z'])
  })

  it('retries a post the platform refused, within the grace period only', async () => {
    world = await World.create(at('2027-05-01T12:00:00Z'))
    await festival('2027-05-01', '2027-05-31')
    await world.say('alice', 'post the schedule every day at 9:00')
    world.adapter.failures = 1
    await world.advanceTo(at('2027-05-02T07:05:00Z'))
    expect(times()).toEqual(['main 2027-05-02T07:01:00Z'])
    world.adapter.failures = 1000
    await world.advanceTo(at('2027-05-03T08:00:00Z'))
    world.adapter.failures = 0
    await world.advanceTo(at('2027-05-04T07:00:00Z'))
    expect(times()).toEqual(['main 2027-05-02T07:01:00Z', 'main 2027-05-04T07:00:00Z'])
  })

  it('lists the day by time and venue, and says nothing planned only when nothing is', async () => {
    world = await World.create(at('2027-05-01T12:00:00Z'))
    await festival('2027-05-01', '2027-05-31')
    await world.say('alice', 'add venue Ground Control as a zone')
    await world.say('alice', 'add venue Conférence as a stage')
    expect(await world.say('alice', 'add talk "History of P2P" on 3 May 19:00-19:30 at Conférence')).toContain('Added')
    expect(await world.say('alice', 'add workshop "IPFS basics" on 3 May 15:00-17:00 at Ground Control')).toContain('Added')
    await world.say('alice', 'post the schedule every day at 9:00')
    await world.advanceTo(at('2027-05-03T07:00:00Z'))
    const [sunday, monday] = world.adapter.posts
    expect(sunday!.text).toContain('Nothing planned on Sunday 2 May')
    expect(monday!.text).not.toContain('Nothing planned')
    const lines = monday!.text.split('\n')
    expect(lines[0]).toBe('Programme for Monday 3 May')
    expect(lines.slice(1).map((l) => l.trim())).toEqual(['15:00–17:00 IPFS basics · Ground Control', '19:00–19:30 History of P2P · Conférence'])
  })

  it("posts the week's programme on Mondays, the week's events only", async () => {
    world = await World.create(at('2027-05-01T12:00:00Z'))
    await festival('2027-05-01', '2027-05-31')
    await world.say('alice', 'add venue Hall as a stage')
    await world.say('alice', 'add talk "Monday talk" on 3 May 19:00 at Hall')
    await world.say('alice', 'add talk "Sunday talk" on 9 May 19:00 at Hall')
    await world.say('alice', 'add talk "Next week talk" on 10 May 19:00 at Hall')
    expect(await world.say('alice', "post the week's programme every Monday at 9:00")).toContain('every Monday at 09:00')
    await world.advanceTo(at('2027-05-09T12:00:00Z'))
    expect(times()).toEqual(['main 2027-05-03T07:00:00Z'])
    const text = world.adapter.posts[0]!.text
    expect(text).toContain('Monday talk')
    expect(text).toContain('Sunday talk')
    expect(text).not.toContain('Next week talk')
  })
})
