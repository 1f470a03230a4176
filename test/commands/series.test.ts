/**
 * Recurring series through the command language: sentences parsed and executed against a real Repo
 * (LevelDB), the clock pinned at Friday 1 January 2027, noon in Paris.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { toRfc3339 } from '../../core/time.ts'
import type { EventView } from '../../core/types.ts'
import { type Room, room } from './series-helpers.ts'

const ZONE = 'Europe/Paris'
const NOW = Date.parse('2027-01-01T11:00:00Z')
const CREATE = 'every first Wednesday at 18:30 at Ground Control: Paris P2P monthly'

let r: Room
beforeEach(async () => {
  r = await room(NOW)
  await r.say('alice', 'add venue Ground Control as a stage')
})
afterEach(() => r.close())

async function events(): Promise<EventView[]> {
  return (await r.repo.open(r.festival.id)).view(r.now).events
}
const local = (e: EventView) => toRfc3339(e.start!, ZONE)
const days = (list: EventView[]) => list.filter((e) => e.status !== 'cancelled').map((e) => local(e).slice(0, 10))

describe('a monthly series in chat', () => {
  it('creates the Paris P2P monthly: the reply names the rule and the next dates; the schedule shows 18:30 every first Wednesday', async () => {
    const out = await r.say('alice', CREATE)
    expect(out.tone).toBe('ok')
    expect(out.text).toBe(
      'Added the series “Paris P2P monthly” (meetup), every first Wednesday 18:30–20:30 at Ground Control. Next: Wed 6 Jan, Wed 3 Feb, Wed 3 Mar.',
    )
    const all = (await events()).filter((e) => local(e).startsWith('2027'))
    expect(all.map(local)).toEqual([
      '2027-01-06T18:30:00+01:00', '2027-02-03T18:30:00+01:00', '2027-03-03T18:30:00+01:00', '2027-04-07T18:30:00+02:00',
      '2027-05-05T18:30:00+02:00', '2027-06-02T18:30:00+02:00', '2027-07-07T18:30:00+02:00', '2027-08-04T18:30:00+02:00',
      '2027-09-01T18:30:00+02:00', '2027-10-06T18:30:00+02:00', '2027-11-03T18:30:00+01:00', '2027-12-01T18:30:00+01:00',
    ])
    expect(new Set(all.map((e) => e.venueName))).toEqual(new Set(['Ground Control']))
    const march = await r.say('bob', "what's on 3 March")
    expect(march.text).toBe('Wednesday 3 March\n  18:30–20:30 Paris P2P monthly · Ground Control')
  })

  it('reads the same series in French and German', async () => {
    const fr = await r.say('alice', 'tous les premiers mercredis à 18h30 à Ground Control : Paris P2P mensuel', 'fr')
    expect(fr.text).toMatch(/^Série ajoutée : “Paris P2P mensuel” \(rencontre\), tous les premiers mercredis 18:30–20:30 à Ground Control\. Prochaines dates : mer\. 6 janv\./)
    const de = await r.say('alice', 'jeden ersten Mittwoch um 18:30 im Ground Control: Paris P2P Monatstreffen', 'de')
    expect(de.text).toMatch(/^Serie hinzugefügt: “Paris P2P Monatstreffen” \(Treffen\), jeden ersten Mittwoch im Monat 18:30–20:30 in Ground Control\./)
    const view = (await r.repo.open(r.festival.id)).view(r.now)
    expect(view.series.map((s) => [s.title, s.rrule, s.start])).toEqual([
      ['Paris P2P mensuel', 'FREQ=MONTHLY;BYDAY=1WE', '2027-01-06T18:30'],
      ['Paris P2P Monatstreffen', 'FREQ=MONTHLY;BYDAY=1WE', '2027-01-06T18:30'],
    ])
  })

  it('skips the next one, moves the March one to the 11th, ends after June', async () => {
    await r.say('alice', CREATE)
    expect((await r.say('alice', 'skip the next Paris P2P monthly')).text).toBe(
      'Skipped “Paris P2P monthly” (meetup), Wed 6 Jan 18:30–20:30 at Ground Control [cancelled]; the series goes on.',
    )
    expect((await r.say('alice', 'when is the next Paris P2P monthly?')).text).toBe(
      'Next: “Paris P2P monthly” (meetup), Wed 3 Feb 18:30–20:30 at Ground Control. Then: Wed 3 Mar, Wed 7 Apr, Wed 5 May.',
    )
    expect((await r.say('alice', 'move the March one to the 11th')).text).toBe(
      'Moved this occurrence: “Paris P2P monthly” (meetup), Thu 11 Mar 18:30–20:30 at Ground Control.',
    )
    expect((await r.say('alice', 'end the series after June')).text).toBe(
      '“Paris P2P monthly” now ends on Wed 30 Jun. The last one: “Paris P2P monthly” (meetup), Wed 2 Jun 18:30–20:30 at Ground Control.',
    )
    expect(days(await events())).toEqual(['2027-02-03', '2027-03-11', '2027-04-07', '2027-05-05', '2027-06-02'])
    const skipped = (await events()).find((e) => e.status === 'cancelled')!
    expect(skipped.id).toMatch(/@2027-01-06$/)
  })

  it('the same changes in French and German', async () => {
    await r.say('alice', 'tous les premiers mercredis à 18h30 à Ground Control : Paris P2P mensuel', 'fr')
    expect((await r.say('alice', 'saute le prochain Paris P2P mensuel', 'fr')).text).toMatch(/^Date sautée : “Paris P2P mensuel”.*mer\. 6 janv\./)
    expect((await r.say('alice', 'déplace celui de mars au 11', 'fr')).text).toMatch(/^Cette date est déplacée : .*jeu\. 11 mars 18:30–20:30/)
    expect((await r.say('alice', 'arrête la série après juin', 'fr')).text).toMatch(/^« Paris P2P mensuel » se termine désormais le mer\. 30 juin\./)
    expect(days(await events())).toEqual(['2027-02-03', '2027-03-11', '2027-04-07', '2027-05-05', '2027-06-02'])
    expect((await r.say('alice', 'lass das nächste Paris P2P mensuel ausfallen', 'de')).text).toMatch(/^Übersprungen: .*Mi\., 3\. Feb\./)
    expect((await r.say('alice', 'verschieb das April-Treffen auf den 14.', 'de')).text).toMatch(/^Dieser Termin ist verschoben: .*Mi\., 14\. Apr\. 18:30–20:30/)
    expect((await r.say('alice', 'beende die Serie nach Mai', 'de')).text).toMatch(/^„Paris P2P mensuel“ endet jetzt am Mo\., 31\. Mai\./)
    expect(days(await events())).toEqual(['2027-03-11', '2027-04-14', '2027-05-05'])
  })

  it('copies the programme template into every occurrence, at the same local times in winter and summer', async () => {
    await r.say('alice', CREATE)
    const out = await r.say('alice', 'Paris P2P monthly programme: 18:30 doors, 19:00 talks, 19:30 person-to-person, 20:00 free-for-all')
    expect(out.text).toBe(
      [
        '“Paris P2P monthly” now has a programme, copied into every occurrence (next: Wed 6 Jan):',
        '  18:30–19:00 Paris P2P monthly: doors',
        '  19:00–19:30 Paris P2P monthly: talks',
        '  19:30–20:00 Paris P2P monthly: person-to-person',
        '  20:00–21:00 Paris P2P monthly: free-for-all',
      ].join('\n'),
    )
    const july = (await r.say('bob', "what's on 7 July")).text
    expect(july).toBe(
      [
        'Wednesday 7 July',
        '  18:30–19:00 Paris P2P monthly: doors · Ground Control',
        '  19:00–19:30 Paris P2P monthly: talks · Ground Control',
        '  19:30–20:00 Paris P2P monthly: person-to-person · Ground Control',
        '  20:00–21:00 Paris P2P monthly: free-for-all · Ground Control',
      ].join('\n'),
    )
    const talks = (await events()).filter((e) => e.title.endsWith('talks'))
    expect(talks).toHaveLength(13) // Jan 2027 … Jan 2028, the horizon
    expect(new Set(talks.map((e) => local(e).slice(11, 16)))).toEqual(new Set(['19:00']))
    expect(talks.every((e) => e.kind === 'talk' && e.status === 'confirmed')).toBe(true)
    // A moved occurrence keeps its programme, shifted.
    await r.say('alice', 'move Paris P2P monthly on 3 February to 19:00')
    expect((await r.say('bob', "what's on 3 February")).text).toMatch(/19:00–19:30 Paris P2P monthly: doors[\s\S]*20:30–21:30 Paris P2P monthly: free-for-all/)
  })

  it('RSVP and "who is going" work on an occurrence; an RSVP counts for that date only', async () => {
    await r.say('alice', CREATE)
    expect((await r.say('bob', "I'm going to Paris P2P monthly")).text).toBe("You're going to “Paris P2P monthly” (meetup), Wed 6 Jan 18:30–20:30 at Ground Control.")
    expect((await r.say('carol', "I'm going to Paris P2P monthly on 3 February")).text).toMatch(/Wed 3 Feb/)
    expect((await r.say('alice', "who's going to the next Paris P2P monthly?")).text).toBe('Going to “Paris P2P monthly”: bob (1).')
    const going = (await events()).filter((e) => e.going.length > 0).map((e) => [local(e).slice(0, 10), e.going.length])
    expect(going).toEqual([['2027-01-06', 1], ['2027-02-03', 1]])
    expect((await r.say('bob', "I can't make it to the next Paris P2P monthly")).text).toMatch(/no longer going.*Wed 6 Jan/)
  })

  it('"the next one" follows the clock with no change in between: once the January evening is over, it is February\'s', async () => {
    await r.say('alice', CREATE)
    await r.say('carol', "I'm going to Paris P2P monthly on 3 February")
    expect((await r.say('alice', "who's going to the next Paris P2P monthly?")).text).toBe("Nobody has said they're going to “Paris P2P monthly” yet.")
    const before = (await r.repo.open(r.festival.id)).view(r.now)
    // 6 January, 21:00 in Paris: that evening ended at 20:30, and nothing was written since.
    r.now = Date.parse('2027-01-06T20:00:00Z')
    expect((await r.repo.open(r.festival.id)).view(r.now)).toBe(before)
    expect((await r.say('alice', "who's going to the next Paris P2P monthly?")).text).toBe('Going to “Paris P2P monthly”: carol (1).')
    expect((await r.say('bob', "I'm going to the next Paris P2P monthly")).text).toMatch(/Wed 3 Feb/)
  })

  it('only the author changes a series; others are told who can', async () => {
    await r.say('alice', CREATE)
    for (const sentence of [
      'skip the next Paris P2P monthly',
      'move the March one to the 11th',
      'end the series after June',
      'Paris P2P monthly programme: 18:30 doors, 19:00 talks',
      'cancel Paris P2P monthly',
      'move Paris P2P monthly to 20:00',
      'rename Paris P2P monthly to Mine now',
    ]) {
      const out = await r.say('bob', sentence)
      expect(out.tone, sentence).toBe('refusal')
      expect(out.text, sentence).toMatch(/^Only its organiser \(alice\) can change the series “Paris P2P monthly”/)
    }
    expect(days(await events()).filter((d) => d < '2028')).toHaveLength(12)
  })

  it('event commands aimed at an occurrence become series exceptions', async () => {
    await r.say('alice', CREATE)
    expect((await r.say('alice', 'cancel Paris P2P monthly on 5 May')).text).toMatch(/^Skipped .*Wed 5 May/)
    expect((await r.say('alice', 'move the next Paris P2P monthly to 19:30')).text).toMatch(/^Moved this occurrence: .*Wed 6 Jan 19:30–21:30/)
    expect((await r.say('alice', 'rename Paris P2P monthly to Paris P2P')).text).toBe('Renamed the series “Paris P2P monthly” to “Paris P2P”, every occurrence with it.')
    const list = await events()
    expect(new Set(list.map((e) => e.title))).toEqual(new Set(['Paris P2P']))
    expect(list.find((e) => e.id.endsWith('@2027-05-05'))!.status).toBe('cancelled')
    expect(local(list.find((e) => e.id.endsWith('@2027-01-06'))!)).toBe('2027-01-06T19:30:00+01:00')
    expect((await r.say('alice', 'add resource projector')).tone).toBe('ok')
    expect((await r.say('alice', 'book the projector for Paris P2P')).text).toMatch(/is an occurrence of a series; booking resources for a series is not possible yet/)
  })

  it('a clash with a booked venue is reported on creation, and events cannot take an occurrence\'s slot', async () => {
    await r.say('bob', 'add talk "Mesh night" 2027-04-07 19:00 at Ground Control')
    r.now += 60_000
    const out = await r.say('alice', CREATE)
    expect(out.text).toMatch(/^Added the series/)
    expect(out.text).toContain('These occurrences clash and are marked conflicting (skip or move them)\n  Wed 7 Apr: “Mesh night” (talk), Wed 7 Apr 19:00–19:45 at Ground Control')
    const april = (await events()).find((e) => e.id.endsWith('@2027-04-07'))!
    expect(april.status).toBe('conflicting')
    expect(april.clashes[0]!.on).toBe('venue')
    const refused = await r.say('carol', 'add workshop "Soldering" 2027-05-05 19:00 at Ground Control')
    expect(refused.tone).toBe('refusal')
    expect(refused.text).toMatch(/^Ground Control is taken then: “Paris P2P monthly” \(meetup\), Wed 5 May 18:30–20:30/)
    // Moving an occurrence onto a booked slot is refused like an event's move.
    await r.say('bob', 'add talk "Solo" 2027-06-09 18:00 at Ground Control')
    const move = await r.say('alice', 'move the June one to the 9th')
    expect(move.tone).toBe('refusal')
    expect(move.text).toMatch(/^Ground Control is taken then: “Solo”/)
  })

  it('undo takes back a skip, and the creation itself', async () => {
    await r.say('alice', CREATE)
    await r.say('alice', 'skip the next Paris P2P monthly')
    expect((await r.say('alice', 'undo')).tone).toBe('ok')
    expect((await events()).every((e) => e.status === 'confirmed')).toBe(true)
    await r.say('alice', 'undo')
    expect(await events()).toEqual([])
  })

  it('bad requests get one answer and change nothing', async () => {
    await r.say('alice', CREATE)
    const before = JSON.stringify(await events())
    const cases: [string, RegExp][] = [
      ['every first Wednesday at Ground Control: Paris P2P monthly', /^no-parse missing-time/],
      ['skip the next Nonexistent meetup', /I can't find an event called “Nonexistent meetup”/],
      ['move the February one to the 30th', /^When\?/],
      ['skip Paris P2P monthly on 6 January 2027', /already passed/],
      ['end the series after 1 January 2026', /starts on Wed 6 Jan; it cannot end before that/],
      ['when is the next Film club?', /I don't know a series called “Film club”/],
      ['every first Wednesday at 18:30 at Nowhere: Ghost', /I don't know a venue called “Nowhere”/],
      ['Paris P2P monthly programme: 17:00 setup, 18:30 doors', /17:00 is before the series starts \(18:30\)/],
    ]
    r.now = Date.parse('2027-01-06T18:00:00Z') // the first occurrence has begun
    for (const [sentence, want] of cases) {
      const out = await r.say('alice', sentence)
      expect(out.tone, sentence).toBe('refusal')
      expect(out.text, sentence).toMatch(want)
    }
    expect(JSON.stringify(await events())).toBe(before)
  })

  it('"skip X on Friday" about a one-off event still means "I am not going"', async () => {
    await r.say('alice', 'add talk "History of P2P" 2027-01-08 19:00 at Ground Control')
    await r.say('bob', "I'm going to History of P2P")
    expect((await r.say('bob', 'skip History of P2P on Friday')).text).toMatch(/^You're no longer going to “History of P2P”/)
  })

  it('asks which series when "the series" could be several', async () => {
    await r.say('alice', CREATE)
    await r.say('alice', 'every Tuesday at 19:00: Hack night')
    const out = await r.say('alice', 'end the series after June')
    expect(out.tone).toBe('question')
    expect(out.text).toMatch(/^Which series do you mean\?\n  1\. “Hack night”.*\n  2\. “Paris P2P monthly”/)
    expect(out.choices).toHaveLength(2)
  })

  it('"move X on Friday to Saturday" about a one-off event moves it to that day, in English, French and German', async () => {
    // No series at all, then a series by another name: either way the sentence is an event's move.
    await r.say('alice', 'add talk "IPFS basics" 2027-01-01 19:00 at Ground Control')
    const en = await r.say('alice', 'move IPFS basics on Friday to Saturday')
    expect(en.tone).toBe('ok')
    expect(en.text).toMatch(/“IPFS basics” \(talk\), Sat 2 Jan 19:00–19:45 at Ground Control/)
    await r.say('alice', CREATE)
    const fr = await r.say('alice', 'déplace IPFS basics de samedi à dimanche', 'fr')
    expect(fr.tone).toBe('ok')
    expect(fr.text).toMatch(/dim\. 3 janv\. 19:00–19:45/)
    const de = await r.say('alice', 'verschieb IPFS basics am Sonntag auf Montag', 'de')
    expect(de.tone).toBe('ok')
    expect(de.text).toMatch(/Mo\., 4\. Jan\. 19:00–19:45/)
    // …and "the next X" to a clock time, "X on a day" to the 11th of that month.
    expect((await r.say('alice', 'move the next IPFS basics to 20:00')).text).toMatch(/Mon 4 Jan 20:00–20:45/)
    expect((await r.say('alice', 'move IPFS basics on 4 January to the 11th')).text).toMatch(/Mon 11 Jan 20:00–20:45/)
    const talk = (await events()).find((e) => e.title === 'IPFS basics')!
    expect(local(talk)).toBe('2027-01-11T20:00:00+01:00')
  })

  it('a series the schedule would not show is refused before anything is written', async () => {
    const long = 'P'.repeat(520)
    const title = await r.say('alice', `every first Wednesday at 18:30: ${long}`)
    expect(title.tone).toBe('refusal')
    expect(title.text).toMatch(/^That title is 520 characters long; a series title can have 500 at most\. Try a shorter one/)
    expect((await r.repo.open(r.festival.id)).view(r.now).series).toEqual([])
    await r.say('alice', CREATE)
    const clock = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`
    const items = Array.from({ length: 21 }, (_, i) => `${clock(18 * 60 + 30 + i * 10)} part ${i + 1}`)
    expect(items.at(-1)).toBe('21:50 part 21')
    const programme = await r.say('alice', `Paris P2P monthly programme: ${items.join(', ')}`)
    expect(programme.tone).toBe('refusal')
    expect(programme.text).toMatch(/^That programme has 21 items; a series programme can have 20 at most\./)
    expect((await r.say('alice', `Paris P2P monthly programme: ${items.slice(0, 20).join(', ')}`)).text).toMatch(/^“Paris P2P monthly” now has a programme/)
    expect((await r.say('alice', `rename Paris P2P monthly to ${long}`)).text).toMatch(/^That title is 520 characters long/)
    const fr = await r.say('alice', `tous les premiers mercredis à 18h30 : ${long}`, 'fr')
    expect(fr.text).toMatch(/^Ce titre fait 520 caractères ; le titre d'une série en a 500 au plus\./)
    const de = await r.say('alice', `Programm für Paris P2P monthly: ${items.join(', ')}`, 'de')
    expect(de.text).toMatch(/^Dieses Programm hat 21 Punkte; das Programm einer Serie hat höchstens 20\./)
    const view = (await r.repo.open(r.festival.id)).view(r.now)
    expect(view.series.map((s) => [s.title, s.template?.length])).toEqual([['Paris P2P monthly', 20]])
  })

  it('a 101st series of one person is refused; the hundred stay', async () => {
    for (let i = 1; i <= 100; i++) expect((await r.say('alice', `every Tuesday at 19:00: Series ${i}`)).tone).toBe('ok')
    const out = await r.say('alice', 'every Tuesday at 19:00: Series 101')
    expect(out.tone).toBe('refusal')
    expect(out.text).toBe('You already run 100 series, the most one person can have: another one would not show in the schedule. Another organiser can add it.')
    const titles = (await r.repo.open(r.festival.id)).view(r.now).series.map((s) => s.title)
    expect(titles).toHaveLength(100)
    expect(new Set(titles)).toEqual(new Set(Array.from({ length: 100 }, (_, i) => `Series ${i + 1}`)))
    expect((await r.say('bob', 'every Tuesday at 19:00: Series 101')).tone).toBe('ok')
  }, 60_000)

  it('an end day without a year is the next one; one that has passed is refused with the day understood', async () => {
    await r.say('alice', CREATE)
    expect((await r.say('alice', 'end Paris P2P monthly after 5 December')).text).toBe(
      '“Paris P2P monthly” now ends on Sun 5 Dec. The last one: “Paris P2P monthly” (meetup), Wed 1 Dec 18:30–20:30 at Ground Control.',
    )
    r.now = Date.parse('2027-04-10T10:00:00Z')
    const cases: [string, string, 'en' | 'fr' | 'de'][] = [
      ['end Paris P2P monthly after 3 March 2027', 'Wed 3 Mar 2027 has already passed: “Paris P2P monthly” can end today at the earliest. Try: end Paris P2P monthly after June', 'en'],
      ['arrête Paris P2P monthly après le 3 mars 2027', 'Le mer. 3 mars 2027 est déjà passé : « Paris P2P monthly » peut finir aujourd\'hui au plus tôt. Essayez : arrête Paris P2P monthly après juin', 'fr'],
      ['beende Paris P2P monthly nach dem 3. März 2027', 'Der Mi., 3. März 2027 ist schon vorbei: „Paris P2P monthly“ kann frühestens heute enden. Versuch: beende Paris P2P monthly nach Juni', 'de'],
    ]
    for (const [sentence, want, lang] of cases) {
      const out = await r.say('alice', sentence, lang)
      expect(out.tone, sentence).toBe('refusal')
      expect(out.text, sentence).toBe(want)
    }
    expect((await r.repo.open(r.festival.id)).view(r.now).series[0]!.until).toBe('2027-12-05')
  })
})
