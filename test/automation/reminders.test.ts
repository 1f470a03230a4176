/**
 * What changed since yesterday's post, room reminders for moved and cancelled events, changes
 * close to the start, personal reminders by direct message, and who may change what.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { at, RecordingAdapter, World } from './harness.ts'
import { programmePost } from '../../commands/automation/programme.ts'
import { snapshotOf } from '../../commands/automation/store.ts'
import type { EventView, ScheduleView } from '../../core/types.ts'

let world: World
afterEach(async () => {
  await world?.dispose()
})

const iso = (ms: number) => new Date(ms).toISOString().replace('.000', '')

/** Paris P2P in May 2027 (CEST, UTC+2), planned from two rooms: `main` and `other`. */
async function paris(start = '2027-05-01T10:00:00Z'): Promise<void> {
  world = await World.create(at(start))
  expect(await world.say('alice', 'new festival "Paris P2P" in Europe/Paris from 2027-05-01 to 2027-05-31')).toContain('Created')
  await world.say('alice', 'this room plans Paris P2P', 'other')
  await world.say('alice', 'add venue Ground Control as a zone')
  await world.say('alice', 'add venue Conférence as a stage')
}

describe('changes since the last post', () => {
  it('marks new and moved events, and lists cancelled and moved-away ones', async () => {
    await paris()
    for (const line of [
      'add talk "History of P2P" on 3 May 19:00-19:30 at Conférence',
      'add workshop "IPFS basics" on 3 May 15:00-17:00 at Ground Control',
      'add concert "Noise" on 3 May 21:00-22:00 at Conférence',
      'add meetup "Apéro" on 3 May 18:00-19:00 at Ground Control',
    ]) expect(await world.say('alice', line)).toContain('Added')
    await world.say('alice', 'post the schedule every day at 9:00')
    await world.advanceTo(at('2027-05-02T07:00:00Z'))
    expect(world.adapter.posts).toHaveLength(1)

    expect(await world.say('alice', 'move History of P2P to 20:00')).toContain('20:00')
    expect(await world.say('alice', 'cancel Noise')).toContain('Noise')
    expect(await world.say('alice', 'move Apéro to 4 May 18:00')).toContain('Apéro')
    expect(await world.say('alice', 'add talk "Late addition" on 3 May 12:00-12:45 at Conférence')).toContain('Added')
    await world.advanceTo(at('2027-05-03T07:00:00Z'))

    const post = world.adapter.posts[1]!.text
    expect(post).toContain('Programme for Monday 3 May')
    expect(post).toMatch(/12:00–12:45 Late addition · Conférence — 🆕 new/)
    expect(post).toMatch(/15:00–17:00 IPFS basics · Ground Control\n/)
    expect(post).toMatch(/20:00–20:30 History of P2P · Conférence — moved, was 19:00 at Conférence/)
    expect(post).toContain('Changed since the last post')
    expect(post).toMatch(/cancelled: “Noise” \(was Mon 3 May 21:00 at Conférence\)/)
    expect(post).toMatch(/moved away: “Apéro”, now Tue 4 May 18:00 at Ground Control/)
    expect(post).not.toContain('Nothing planned')
  })

  it('marks conflicts and says “nothing planned” only when no event is left', () => {
    const festival = { v: 1, id: 'f', name: 'P', timezone: 'Europe/Paris', createdAt: 0, nonce: '' } as unknown as ScheduleView['festival']
    const ev = (id: string, title: string, start: string, status: EventView['status']): EventView =>
      ({ id, title, kind: 'talk', start: at(start), end: at(start) + 3600_000, venue: 'v', venueName: 'Scène', status, going: [], maybe: [] }) as unknown as EventView
    const view = (events: EventView[]): ScheduleView => ({ festival, venues: [{ id: 'v', name: 'Scène' }] as never, resources: [], series: [], horizon: { from: '2027-01-01', to: '2027-12-31' }, events, names: new Map() })
    const range = { every: 'day' as const, day: '2027-05-03', from: at('2027-05-02T22:00:00Z'), until: at('2027-05-03T22:00:00Z'), tz: 'Europe/Paris', lang: 'en' as const }

    const clash = programmePost(view([ev('a', 'Held', '2027-05-03T17:00:00Z', 'confirmed'), ev('b', 'Lost', '2027-05-03T17:00:00Z', 'conflicting')]), range, undefined)
    const text = clash.reply.blocks.map((b) => (b.type === 'text' ? b.text : b.items.join('\n'))).join('\n')
    expect(text).toContain('Lost · Scène [⚠ conflicting]')
    expect(text).toContain('one event clashes with another booking')

    const cancelled = ev('c', 'Gone', '2027-05-03T17:00:00Z', 'cancelled')
    const before = { c: snapshotOf({ ...cancelled, status: 'confirmed' }) }
    const empty = programmePost(view([cancelled]), range, before).reply.blocks
    expect(empty[0]).toEqual({ type: 'text', text: 'Nothing planned on Monday 3 May.' })
    expect(empty[1]).toMatchObject({ heading: 'Changed since the last post', items: ['cancelled: “Gone” (was Mon 3 May 19:00 at Scène)'] })
  })
})

describe('room reminders', () => {
  it('reminds before each event, a moved event at its new time only, a cancelled one not at all; changes close to the start are announced', async () => {
    await paris('2027-05-03T14:00:00Z')
    await world.say('alice', 'add talk "History of P2P" today 19:00-19:30 at Conférence')
    await world.say('alice', 'add workshop "IPFS basics" today 20:00-21:00 at Ground Control')
    await world.say('alice', 'add talk "Intro" today 18:00-18:30 at Conférence')
    expect(await world.say('mo', 'remind the room 10 minutes before each event')).toContain('10 minutes before each event')

    await world.advanceTo(at('2027-05-03T15:50:00Z')) // 17:50 CEST
    expect(world.adapter.posts.map((p) => `${iso(p.at)} ${p.text}`)).toEqual(['2027-05-03T15:50:00Z Starting in 10 min at Conférence: Intro'])

    await world.advanceTo(at('2027-05-03T16:30:00Z'))
    expect(await world.say('alice', 'move History of P2P to 19:30', 'other')).toContain('19:30')
    expect(await world.say('alice', 'cancel IPFS basics', 'other')).toContain('IPFS basics')
    expect(world.adapter.posts.slice(1).map((p) => p.text)).toEqual([
      'Change, starting soon: “History of P2P” (talk), Mon 3 May 19:30–20:00 at Conférence (was Mon 3 May 19:00 at Conférence).',
      'Cancelled, it was starting soon: “IPFS basics” (Mon 3 May 20:00 at Ground Control).',
    ])

    await world.advanceTo(at('2027-05-03T19:00:00Z'))
    const reminders = world.adapter.posts.filter((p) => p.text.startsWith('Starting in')).map((p) => `${iso(p.at)} ${p.text}`)
    expect(reminders).toEqual([
      '2027-05-03T15:50:00Z Starting in 10 min at Conférence: Intro',
      '2027-05-03T17:20:00Z Starting in 10 min at Conférence: History of P2P',
    ])
  })

  it('reminds only of the kinds and venue asked for', async () => {
    await paris('2027-05-03T14:00:00Z')
    await world.say('alice', 'add talk "A talk" today 19:00-19:30 at Ground Control')
    await world.say('alice', 'add workshop "A workshop" today 19:00-20:00 at Ground Control')
    await world.say('alice', 'add workshop "Elsewhere" today 19:00-20:00 at Conférence')
    expect(await world.say('mo', 'remind the room 15 minutes before each workshop at ground ctrl')).toContain('each workshop at Ground Control')
    await world.advanceTo(at('2027-05-03T18:00:00Z'))
    expect(world.adapter.posts.map((p) => p.text)).toEqual(['Starting in 15 min at Ground Control: A workshop'])
  })

  it('does not remind twice after a restart', async () => {
    await paris('2027-05-03T14:00:00Z')
    await world.say('alice', 'add talk "History of P2P" today 19:00-19:30 at Conférence')
    await world.say('mo', 'remind the room 10 minutes before each event')
    await world.advanceTo(at('2027-05-03T16:50:00Z'))
    await world.restartAt(at('2027-05-03T16:51:00Z'))
    await world.advanceTo(at('2027-05-03T18:00:00Z'))
    expect(world.adapter.posts.map((p) => p.text)).toEqual(['Starting in 10 min at Conférence: History of P2P'])
  })
})

describe('personal reminders', () => {
  it('sends a direct message before one event, and before every event the person is going to', async () => {
    await paris('2027-05-03T14:00:00Z')
    await world.say('alice', 'add talk "History of P2P" today 19:00-19:30 at Conférence')
    await world.say('alice', 'add workshop "IPFS basics" today 20:00-21:00 at Ground Control')
    await world.say('alice', 'add concert "Noise" today 21:00-22:00 at Conférence')
    expect(await world.say('bob', 'remind me 15 minutes before history p2p')).toContain('15 minutes before “History of P2P” (Mon 3 May 19:00)')
    expect(await world.say('carol', "I'm going to IPFS basics")).toContain('IPFS basics')
    expect(await world.say('carol', "rappelle-moi tout ce où je vais")).toContain('chaque événement où vous allez')

    await world.advanceTo(at('2027-05-03T18:30:00Z'))
    expect(world.adapter.directs.map((d) => `${d.room} ${iso(d.at)} ${d.text}`)).toEqual([
      'bob 2027-05-03T16:45:00Z Reminder: “History of P2P” starts in 15 min (Mon 3 May 19:00 at Conférence).',
      'carol 2027-05-03T17:45:00Z Rappel : “IPFS basics” commence dans 15 min (lun. 3 mai 20:00 à Ground Control).',
    ])
    expect(world.adapter.posts).toEqual([])
  })

  it('shows the time in the zone of the room the reminder was set from', async () => {
    await paris('2027-05-03T14:00:00Z')
    await world.say('alice', 'add talk "History of P2P" today 19:00-19:30 at Conférence')
    await world.say('dana', 'this room plans Paris P2P', 'ny')
    await world.say('dana', 'timezone America/New_York', 'ny')
    await world.say('dana', 'remind me 15 minutes before History of P2P', 'ny')
    await world.advanceTo(at('2027-05-03T17:00:00Z'))
    expect(world.adapter.directs.map((d) => d.text)).toEqual(['Reminder: “History of P2P” starts in 15 min (Mon 3 May 13:00 at Conférence).'])
  })

  it('stops when asked, and refuses on a platform without direct messages', async () => {
    await paris('2027-05-03T14:00:00Z')
    await world.say('alice', 'add talk "History of P2P" today 19:00-19:30 at Conférence')
    await world.say('bob', 'remind me 15 minutes before History of P2P')
    expect(await world.say('bob', 'stop reminding me')).toContain('your reminder is stopped')
    await world.advanceTo(at('2027-05-03T18:00:00Z'))
    expect(world.adapter.directs).toEqual([])

    await world.dispose()
    world = await World.create(at('2027-05-03T14:00:00Z'), {
      adapter: (clock) => Object.assign(new RecordingAdapter(clock), { sendDirect: undefined }),
    })
    await world.say('alice', 'new festival "Paris P2P" in Europe/Paris from 2027-05-01 to 2027-05-31')
    expect(await world.say('bob', 'remind me 15 minutes before History of P2P')).toContain('cannot send direct messages')
  })

  it('answers an event it cannot find, or one already started, with what would work', async () => {
    await paris('2027-05-03T14:00:00Z')
    await world.say('alice', 'add talk "History of P2P" today 19:00-19:30 at Conférence')
    expect(await world.say('bob', 'remind me 15 minutes before Quantum knitting')).toMatch(/can't find an event called “Quantum knitting”/)
    await world.advanceTo(at('2027-05-03T17:10:00Z'))
    expect(await world.say('bob', 'remind me 15 minutes before History of P2P')).toMatch(/already passed/)
  })
})

describe('who may change or stop a room’s automation', () => {
  it('the person who set it up and the room’s moderators; others are told who can', async () => {
    await paris()
    await world.say('alice', 'post the schedule every day at 9:00')
    await world.say('alice', 'remind the room 10 minutes before each event')

    expect(await world.say('bob', 'stop posting the schedule')).toBe('Only alice, who set this up, or a moderator of this room can change or stop it.')
    expect(await world.say('bob', 'post the schedule every day at 7:00')).toContain('Only alice')
    expect(await world.say('bob', 'stop reminding the room')).toContain('Only alice')
    expect(await world.say('bob', 'automation')).toContain('the daily programme: every day at 09:00 (Europe/Paris) — set up by alice')

    world.adapter.moderators.add('main\0carol')
    expect(await world.say('carol', 'stop reminding the room')).toBe('I stopped the reminders in this room.')
    expect(await world.say('carol', 'post the schedule every day at 8:00')).toContain('instead of every day at 09:00')
    expect(await world.say('carol', 'automation')).toContain('set up by carol')
    expect(await world.say('alice', 'stop posting the schedule')).toContain('Only carol')
    expect(await world.say('carol', 'stop posting the schedule')).toContain('I stopped posting the programme here')
    expect(await world.say('alice', 'automation')).toContain('Nothing is automated in this room')
  })

  it('once a room has automation, only its setter or a moderator may change its festival, zone or language', async () => {
    await paris()
    await world.say('alice', 'post the schedule every day at 9:00')
    expect(await world.say('bob', 'timezone Pacific/Kiritimati')).toBe('Only alice, who set this up, or a moderator of this room can change or stop it.')
    expect(await world.say('bob', 'new festival "Other" in Europe/Berlin')).toContain('Only alice')
    expect(await world.say('bob', 'announcements off')).not.toContain('Only alice') // not about the automation
    await world.advanceTo(at('2027-05-02T07:00:00Z'))
    expect(world.adapter.posts.map((p) => iso(p.at))).toEqual(['2027-05-02T07:00:00Z']) // still 9:00 in Paris
    world.adapter.moderators.add('main\0carol')
    expect(await world.say('carol', 'timezone Europe/London')).not.toContain('Only alice')
    expect(await world.say('alice', 'langue fr')).not.toContain('Only')
  })

  it('on a platform without moderators, only the person who set it up', async () => {
    world = await World.create(at('2027-05-01T10:00:00Z'), { adapter: (clock) => Object.assign(new RecordingAdapter(clock), { isModerator: undefined }) })
    await world.say('alice', 'new festival "Paris P2P" in Europe/Paris from 2027-05-01 to 2027-05-31')
    await world.say('alice', 'jeden Tag um 9 Uhr')
    expect(await world.say('bob', 'hör auf, das Programm zu posten')).toBe('Nur alice, wer es eingerichtet hat, kann es ändern oder beenden.')
    expect(await world.say('alice', 'hör auf, das Programm zu posten')).toContain('nicht mehr')
  })
})
