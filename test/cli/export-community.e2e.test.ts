/**
 * `yurt export --community`: the combined calendar of a community whose member festivals are in
 * two zones (Paris and Montréal), made through the real command line and the terminal room, as
 * iCalendar (each VEVENT with its own festival's TZID, one VTIMEZONE per zone) and as JSON (each
 * event's times with its festival's offset).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDir, yurt } from '../helpers/cli.ts'

const NOW = '2027-06-01T08:00:00Z'
let dir = ''
let cleanup: () => Promise<void> = async () => {}

beforeAll(async () => {
  ;({ dir, cleanup } = await tempDir('yurt-mesh-export-'))
  const paris = await yurt(['chat', '--no-p2p', '--data', dir, '--festival', 'Paris P2P', '--tz', 'Europe/Paris', '--as', 'alice', '--now', NOW], [
    'add venue Ground Control',
    'add talk "Mesh routing" on 12 June at 19:00 at Ground Control',
    'new community France P2P',
    'we join France P2P',
  ].join('\n') + '\n')
  expect(paris.code, paris.stderr + paris.stdout).toBe(0)
  expect(paris.stdout).toContain('“Paris P2P” is now a member of “France P2P”')
  const montreal = await yurt(['chat', '--no-p2p', '--data', dir, '--festival', 'Montréal P2P', '--tz', 'America/Toronto', '--as', 'léa', '--now', NOW], [
    'add venue Café Cléopâtre',
    'add workshop "Apéro IPFS" on 12 June at 18:00 at Café Cléopâtre',
    'this festival joins France P2P',
  ].join('\n') + '\n')
  expect(montreal.code, montreal.stderr + montreal.stdout).toBe(0)
  expect(montreal.stdout).toContain('“Montréal P2P” is now a member of “France P2P” (members: Montréal P2P, Paris P2P)')
}, 120_000)
afterAll(() => cleanup())

describe('yurt export --community', () => {
  it('writes one iCalendar with each event in its own festival\'s zone', async () => {
    const out = await yurt(['export', '--community', 'France P2P', '--format', 'ics', '--data', dir, '--now', NOW])
    expect(out.code, out.stderr).toBe(0)
    const ics = out.stdout.replace(/\r\n /g, '')
    expect(ics).toMatch(/^BEGIN:VCALENDAR\r\n/)
    expect(ics).toContain('BEGIN:VTIMEZONE\r\nTZID:Europe/Paris')
    expect(ics).toContain('BEGIN:VTIMEZONE\r\nTZID:America/Toronto')
    // 19:00 in Paris is 17:00 UTC; 18:00 in Montréal is 22:00 UTC: the Paris talk comes first.
    const events = ics.split('BEGIN:VEVENT').slice(1)
    expect(events).toHaveLength(2)
    expect(events[0]).toContain('DTSTART;TZID=Europe/Paris:20270612T190000')
    expect(events[0]).toContain('SUMMARY:Mesh routing')
    expect(events[0]).toContain('LOCATION:Ground Control\\, Paris P2P')
    expect(events[1]).toContain('DTSTART;TZID=America/Toronto:20270612T180000')
    expect(events[1]).toContain('SUMMARY:Apéro IPFS')
    expect(events[1]).toContain('X-YURT-FESTIVAL:Montréal P2P')
  })

  it('writes one JSON with every event, its festival and its festival\'s offset', async () => {
    const out = await yurt(['export', '--community', 'france p2p', '--data', dir, '--now', NOW])
    expect(out.code, out.stderr).toBe(0)
    const json = JSON.parse(out.stdout)
    expect(json.community.name).toBe('France P2P')
    expect(json.festivals.map((f: { name: string; timezone: string }) => [f.name, f.timezone])).toEqual([['Montréal P2P', 'America/Toronto'], ['Paris P2P', 'Europe/Paris']])
    expect(json.events.map((e: Record<string, string>) => [e.title, e.festivalName, e.timezone, e.start])).toEqual([
      ['Mesh routing', 'Paris P2P', 'Europe/Paris', '2027-06-12T19:00:00+02:00'],
      ['Apéro IPFS', 'Montréal P2P', 'America/Toronto', '2027-06-12T18:00:00-04:00'],
    ])
  })

  it('names the communities there are when the one asked for is not held, and refuses other formats', async () => {
    const none = await yurt(['export', '--community', 'Bretagne P2P', '--data', dir])
    expect(none.code).toBe(1)
    expect(none.stderr).toContain('no community called "Bretagne P2P" here; communities: France P2P')
    const asFestival = await yurt(['export', '--festival', 'France P2P', '--data', dir])
    expect(asFestival.code).toBe(1)
    expect(asFestival.stderr).toContain('“France P2P” is a community, not a festival: its calendar is `yurt export --community "France P2P"`')
    const frab = await yurt(['export', '--community', 'France P2P', '--format', 'frab-json', '--data', dir])
    expect(frab.code).not.toBe(0)
    expect(frab.stderr).toContain('--community exports json or ics, not frab-json')
  })
})
