/** "calendar" / "my calendar" in EN, FR, DE (commands/feeds.ts), and sentences that are not. */
import { describe, expect, it } from 'vitest'
import { calendarReply, readFeedCommand } from '../../commands/feeds.ts'

describe('readFeedCommand', () => {
  it.each([
    ['calendar', 'calendar', 'en'],
    ['iCal?', 'calendar', 'en'],
    ['subscribe', 'calendar', 'en'],
    ['subscribe to the festival', 'calendar', 'en'],
    ['agenda', 'calendar', 'fr'],
    ['calendrier', 'calendar', 'fr'],
    ["s'abonner", 'calendar', 'fr'],
    ['Kalender', 'calendar', 'de'],
    ['kalender abonnieren', 'calendar', 'de'],
    ['my calendar', 'my-calendar', 'en'],
    ['My calendar!', 'my-calendar', 'en'],
    ['mon agenda', 'my-calendar', 'fr'],
    ['mon calendrier ?', 'my-calendar', 'fr'],
    ['mein Kalender', 'my-calendar', 'de'],
    ['meinen Kalender', 'my-calendar', 'de'],
  ] as const)('%s', (text, type, lang) => {
    expect(readFeedCommand(text)).toEqual({ type, lang })
  })

  it.each(['add calendar workshop at 3pm', 'what is on the agenda tomorrow', 'the calendar app is broken', 'kalender workshop morgen um 10', '', '   '])('not %j', (text) => {
    expect(readFeedCommand(text)).toBeNull()
  })
})

describe('calendarReply', () => {
  it('gives webcal, http ICS, JSON and frab links under the base, or says feeds are off', () => {
    const r = calendarReply('en', { id: 'abc', name: 'Camp' }, 'http://10.0.0.2:8088/')
    const list = r.blocks.find((b) => b.type === 'list')
    expect(list && list.type === 'list' && list.items).toEqual([
      'webcal: webcal://10.0.0.2:8088/feeds/abc.ics',
      'iCalendar: http://10.0.0.2:8088/feeds/abc.ics',
      'JSON: http://10.0.0.2:8088/feeds/abc.json',
      'frab (conference apps: Giggity, ConfClerk, EventFahrplan): http://10.0.0.2:8088/feeds/abc.frab.json  http://10.0.0.2:8088/feeds/abc.frab.xml',
    ])
    expect(JSON.stringify(calendarReply('de', { id: 'abc', name: 'Camp' }, null))).toMatch(/--http off/)
  })
})
