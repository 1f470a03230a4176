import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDir, yurt } from '../helpers/cli.ts'

// Friday 1 January 2027, noon in Paris: a meetup series planned a year ahead.
const NOW = '2027-01-01T12:00:00+01:00'
const common = (data: string) => ['--data', data, '--festival', 'Paris P2P', '--now', NOW]

describe('a monthly series through yurt chat, checked with yurt export', () => {
  let data: string
  let cleanup: () => Promise<void>
  beforeAll(async () => {
    ;({ dir: data, cleanup } = await tempDir())
  })
  afterAll(() => cleanup())

  it('plans the Paris P2P monthly for 2027 and exports it as occurrences (JSON) and one recurring VEVENT (iCalendar)', async () => {
    const alice = [
      'new festival "Paris P2P" in Europe/Paris',
      'add venue Ground Control as a zone',
      'every first Wednesday at 18:30 at Ground Control: Paris P2P monthly',
      'Paris P2P monthly programme: 18:30 doors, 19:00 talks, 19:30 person-to-person, 20:00 free-for-all',
      'skip the next Paris P2P monthly',
      'move the March one to the 11th',
      'end the series after June',
      'when is the next Paris P2P monthly?',
    ].join('\n')
    const a = await yurt(['chat', '--data', data, '--now', NOW, '--as', 'alice'], alice + '\n')
    expect(a.code).toBe(0)
    const replies = a.stdout.trim().split('\n').filter((l) => !l.startsWith('  '))
    expect(replies).toHaveLength(8)
    expect(replies[2]).toBe('✓ Added the series “Paris P2P monthly” (meetup), every first Wednesday 18:30–20:30 at Ground Control. Next: Wed 6 Jan, Wed 3 Feb, Wed 3 Mar.')
    expect(replies[3]).toMatch(/^✓ “Paris P2P monthly” now has a programme/)
    expect(replies[4]).toMatch(/^✓ Skipped “Paris P2P monthly” \(meetup\), Wed 6 Jan/)
    expect(replies[5]).toMatch(/^✓ Moved this occurrence: “Paris P2P monthly” \(meetup\), Thu 11 Mar 18:30–21:00 at Ground Control/)
    expect(replies[6]).toMatch(/^✓ “Paris P2P monthly” now ends on Wed 30 Jun/)
    expect(replies[7]).toMatch(/^· Next: “Paris P2P monthly” \(meetup\), Wed 3 Feb 18:30–21:00 at Ground Control\. Then: Thu 11 Mar, Wed 7 Apr, Wed 5 May\./)

    const b = await yurt(['chat', ...common(data), '--as', 'bob'], "je viens au prochain Paris P2P monthly\nskip the next Paris P2P monthly\n")
    expect(b.code).toBe(0)
    expect(b.stdout).toMatch(/✓ Vous venez à “Paris P2P monthly” \(rencontre\), mer\. 3 févr\. 18:30–21:00 à Ground Control\./)
    expect(b.stdout).toMatch(/✗ Only its organiser \(alice\) can change the series “Paris P2P monthly”/)

    const json = JSON.parse((await yurt(['export', '--format', 'json', ...common(data)])).stdout)
    const doors = json.events.filter((e: { title: string }) => e.title === 'Paris P2P monthly: doors')
    expect(doors.map((e: { start: string; status: string }) => [e.start, e.status])).toEqual([
      ['2027-01-06T18:30:00+01:00', 'cancelled'],
      ['2027-02-03T18:30:00+01:00', 'confirmed'],
      ['2027-03-11T18:30:00+01:00', 'confirmed'],
      ['2027-04-07T18:30:00+02:00', 'confirmed'],
      ['2027-05-05T18:30:00+02:00', 'confirmed'],
      ['2027-06-02T18:30:00+02:00', 'confirmed'],
    ])
    expect(json.events).toHaveLength(24)
    const february = json.events.filter((e: { start: string }) => e.start.startsWith('2027-02-03'))
    expect(february.map((e: { title: string; going: string[]; series: string }) => [e.title, e.going, e.series === doors[0].series])).toEqual([
      ['Paris P2P monthly: doors', ['bob'], true],
      ['Paris P2P monthly: talks', ['bob'], true],
      ['Paris P2P monthly: person-to-person', ['bob'], true],
      ['Paris P2P monthly: free-for-all', ['bob'], true],
    ])

    const ics = (await yurt(['export', '--format', 'ics', ...common(data)])).stdout.replace(/\r\n[ \t]/g, '')
    expect(ics.match(/^RRULE:FREQ=MONTHLY;BYDAY=1WE;UNTIL=20270630T215959Z$/gm)).toHaveLength(4)
    expect(ics).toMatch(/^EXDATE;TZID=Europe\/Paris:20270106T183000$/m)
    expect(ics).toMatch(/^RECURRENCE-ID;TZID=Europe\/Paris:20270303T190000$/m)
  })
})
