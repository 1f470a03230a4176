/**
 * Impossible dates are never read as today: a date that no calendar has, or that could not be read
 * whole, is answered with what was typed and what would work, and nothing is stored; "last Saturday"
 * is the past Saturday (refused as past), not a monthly series; an instant more than 10 years from
 * the festival is refused by the writer (core/limits.ts), so no export writes the year 10000.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { exportIcs } from '../../core/formats/export-ics.ts'
import { openRoom, type Room } from './harness.ts'

// Monday 3 June 2030, 10:00 in Paris: "Saturday" is the 8th, "last Saturday" the 1st.
const NOW = Date.parse('2030-06-03T10:00:00+02:00')

describe('dates nobody could mean', () => {
  let room: Room
  beforeAll(async () => {
    room = await openRoom(NOW)
    await room.say('add talk "Keynote" Saturday 15:00')
  })
  afterAll(async () => {
    await room.close()
  })
  const programme = async () => (await room.exported())!.events.map((e) => `${e.title} ${e.start}`)
  const before = ['Keynote 2030-06-08T15:00:00+02:00']

  const unreadable: Array<[string, string, RegExp]> = [
    ['add talk "A" 99999-01-01 10:00', '99999-01-01', /Say one that exists, e\.g\. “28 February 15:00”/],
    ['add talk "B" 31 February 15:00', '31 February', /Say one that exists/],
    ['add workshop 31 February 15:00 at the bar', '31 February', /Say one that exists/],
    ['add talk "C" 1e9 December 15:00', '1e9 December', /Say one that exists/],
    ['add talk "G" 2030-02-30 15:00', '2030-02-30', /Say one that exists/],
    ['add talk "H" 32/13 15:00', '32/13', /Say one that exists/],
    ['move Keynote to 31 February', '31 February', /Say one that exists/],
    ['move Keynote to 1e9 December 15:00', '1e9 December', /Say one that exists/],
    ['add talk "M" the 45th 10:00', '45th', /Say one that exists/],
  ]
  for (const [said, typed, hint] of unreadable) {
    it(`“${said}” is answered with what was typed and what would work; nothing is stored`, async () => {
      const r = await room.say(said)
      expect(r.text).toMatch(new RegExp(`^“${typed.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}” is not a date I can read\\.`))
      expect(r.text).toMatch(hint)
      expect(r.text).not.toMatch(/^Added|^Moved/)
      expect(await programme()).toEqual(before)
    })
  }

  it('in French and German too', async () => {
    expect((await room.say('ajoute une conférence "E" 31 février 15h')).text).toMatch(/^« 31 février » n'est pas une date que je peux lire\. .*« 28 février 15h »/)
    expect((await room.say('füge Vortrag "F" 31. Februar 15 Uhr hinzu')).text).toMatch(/^„31\. Februar“ ist kein Datum, das ich lesen kann\. .*„28\. Februar 15 Uhr“/)
    expect((await room.say('déplace Keynote au 30 février')).text).toMatch(/^« 30 février » n'est pas une date/)
    expect(await programme()).toEqual(before)
  })

  it('a real date still books: 28 February', async () => {
    expect((await room.say('add talk "L" 28 February 15:00')).text).toBe('Added “L” (talk), Fri 28 Feb 15:00–15:45.')
    expect((await room.say('undo')).text).toMatch(/^Undone/)
  })

  it('“last Saturday 15:00” is the past Saturday: refused as past, not a monthly series', async () => {
    for (const said of ['add talk "D" last Saturday 15:00', 'ajoute atelier "M" samedi dernier 15h', 'füge Vortrag "N" letzten Samstag 15 Uhr hinzu']) {
      const r = await room.say(said)
      expect(r.tone).toBe('refusal')
      expect(r.text).not.toMatch(/series|série|Serie/i)
    }
    expect((await room.say('add talk "D" last Saturday 15:00')).text).toBe("That time has already passed. Pick a time that's still ahead.")
    expect(await programme()).toEqual(before)
    // "every last Saturday" is still the monthly series.
    expect((await room.say('add talk "Open mic" every last Saturday 15:00')).text).toMatch(/^Added the series “Open mic” \(talk\), every last Saturday/)
    expect((await room.say('undo')).text).toMatch(/^Undone/)
  })

  it('a date more than 10 years from the festival is refused by the writer; the export never holds year 10000', async () => {
    const r = await room.say('move Keynote to 9999-12-31 23:59')
    expect(r).toEqual({ tone: 'refusal', text: '9999-12-31 is more than 10 years from this festival; dates must lie between 2020-06-03 and 2040-06-03. Nothing was changed.' })
    expect((await room.say('add talk "P" 31 December 2041 15:00')).tone).toBe('refusal')
    expect(await programme()).toEqual(before)
    const f = room.opened.repo.festivals()[0]!
    const ics = exportIcs((await room.opened.repo.open(f.id)).view(NOW))
    expect(ics).not.toMatch(/DTSTART[^\r\n]*:(?:1\d{4}|9999)/)
    // Within the window is fine: 2039.
    expect((await room.say('move Keynote to 2039-06-04 15:00')).text).toMatch(/^Moved: “Keynote” \(talk\), Sat 4 Jun 15:00/)
    expect(await programme()).toEqual(['Keynote 2039-06-04T15:00:00+02:00'])
  })
})
