/**
 * The iCalendar export read by two independent parsers: Mozilla's ical.js (Thunderbird's), honouring
 * the file's own VTIMEZONE and not the system's zone data, and node-ical (rrule.js and the system's
 * zone data, as many calendar web apps and bots read feeds): every event of every shipped programme and every
 * occurrence of an unbounded monthly series over ten years at the same UTC instant as yurt's view;
 * calendar properties before the components and CRLF after the last line (RFC 5545 §3.1, §3.6).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ICAL from 'ical.js'
import nodeIcal from 'node-ical'
import type { VEvent } from 'node-ical'
import { describe, expect, it } from 'vitest'
import { Temporal } from 'temporal-polyfill'
import { Festival, newGenesis } from '../../core/festival.ts'
import { exportIcs } from '../../core/formats/export-ics.ts'
import { importProgramme } from '../../core/formats/programme.ts'
import { applyProgramme } from '../../core/importer.ts'
import { newEntityId } from '../../core/ids.ts'
import { openRepo } from '../../bin/app.ts'
import { signerFromSeed } from '../../core/identity.ts'
import type { AuthorKey, ScheduleView } from '../../core/types.ts'
import { EXAMPLES } from '../helpers/cli.ts'
import { monthlySeries } from './helpers.ts'

const alice = { key: 'a1'.repeat(32) as AuthorKey, clientId: 1111 }

/** Parses `text` with ical.js, registering the file's VTIMEZONEs so that they, and only they, place local times. */
function parse(text: string): { vevents: ICAL.Component[]; zones: Map<string, ICAL.Timezone> } {
  const cal = new ICAL.Component(ICAL.parse(text))
  const zones = new Map<string, ICAL.Timezone>()
  for (const vtz of cal.getAllSubcomponents('vtimezone')) {
    const tz = new ICAL.Timezone(vtz)
    zones.set(tz.tzid, tz)
    ICAL.TimezoneService.register(tz, tz.tzid)
  }
  return { vevents: cal.getAllSubcomponents('vevent'), zones }
}

const utcOf = (t: ICAL.Time) => t.toUnixTime() * 1000

function checkShape(text: string): void {
  expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true)
  const lines = text.split('\r\n')
  const firstComponent = lines.findIndex((l, i) => i > 0 && l.startsWith('BEGIN:V'))
  const wr = lines.indexOf(lines.find((l) => l.startsWith('X-WR-TIMEZONE:'))!)
  expect(wr).toBeGreaterThan(0)
  expect(wr).toBeLessThan(firstComponent)
}

describe('the iCalendar export in ical.js and node-ical', () => {
  it('an unbounded monthly series: every occurrence over ten years at 18:30 Paris time, summer and winter', () => {
    const { f, now } = monthlySeries()
    const text = exportIcs(f.view(), { now })
    checkShape(text)
    const { vevents } = parse(text)
    const master = new ICAL.Event(vevents.find((v) => v.hasProperty('rrule'))!)
    const it = master.iterator()
    let n = 0
    for (let next = it.next(); next && n < 120; next = it.next(), n++) {
      const local = Temporal.PlainDate.from({ year: next.year, month: next.month, day: next.day })
      const expected = local.toPlainDateTime('18:30').toZonedDateTime('Europe/Paris').epochMilliseconds
      expect(utcOf(next), `${local}`).toBe(expected)
      expect(local.dayOfWeek).toBe(3)
      expect(local.day).toBeLessThanOrEqual(7)
    }
    expect(n).toBe(120)

    // node-ical: the same 120 instants.
    const parsed = nodeIcal.sync.parseICS(text)
    const series = Object.values(parsed).find((c) => c?.type === 'VEVENT' && 'rrule' in c && c.rrule) as VEvent
    expect(series).toBeDefined()
    const instances = nodeIcal.expandRecurringEvent(series, { from: new Date('2027-01-01T00:00:00Z'), to: new Date('2036-12-31T23:59:59Z') })
    expect(instances).toHaveLength(120)
    for (const instance of instances) {
      const local = Temporal.Instant.fromEpochMilliseconds(instance.start.getTime()).toZonedDateTimeISO('Europe/Paris')
      expect(`${local.toPlainTime()}`, `${local}`).toBe('18:30:00')
      expect(local.dayOfWeek).toBe(3)
      expect(local.day).toBeLessThanOrEqual(7)
    }
  })

  for (const [name, file] of [
    ['Paris P2P Festival #0', 'paris-p2p/festival-0/events_en.json'],
    ['Chaos Communication Camp 2019', 'camp2019/everything.schedule.json'],
    ['Newline 2019', 'newline-2019/schedule.json'],
  ] as const) {
    it(`${name}: every event at the same UTC start and end as the view`, async () => {
      const programme = importProgramme(await readFile(join(EXAMPLES, file), 'utf8'), { file })
      const view = await viewOf(programme)
      const text = exportIcs(view, { now: Date.parse('2026-12-01T00:00:00Z') })
      checkShape(text)
      const { vevents } = parse(text)
      const byUid = new Map(vevents.map((v) => [String(v.getFirstPropertyValue('uid')), new ICAL.Event(v)]))
      const scheduled = view.events.filter((e) => e.start !== null && e.end !== null && e.status !== 'unscheduled')
      expect(scheduled.length).toBeGreaterThan(0)
      for (const e of scheduled) {
        const ev = byUid.get(`${e.id}@yurt`)
        expect(ev, e.title).toBeDefined()
        expect(utcOf(ev!.startDate), e.title).toBe(e.start)
        expect(utcOf(ev!.endDate), e.title).toBe(e.end)
      }
      // node-ical: the same instants.
      const parsed = nodeIcal.sync.parseICS(text)
      for (const e of scheduled) {
        const ev = parsed[`${e.id}@yurt`] as VEvent | undefined
        expect(ev, e.title).toBeDefined()
        expect(ev!.start.getTime(), e.title).toBe(e.start)
        expect(ev!.end!.getTime(), e.title).toBe(e.end)
      }
    })
  }
})

async function viewOf(programme: ReturnType<typeof importProgramme>): Promise<ScheduleView> {
  const now = Date.parse('2019-01-01T12:00:00Z')
  const dir = mkdtempSync(join(tmpdir(), 'yurt-ics-'))
  const opened = await openRepo(dir, () => now)
  try {
    const festival = await opened.repo.createFestival({ name: programme.name, timezone: programme.timezone })
    await applyProgramme(opened.repo, festival.id, signerFromSeed(new Uint8Array(32).fill(7)), programme, now, 'alice')
    return (await opened.repo.open(festival.id)).view(now)
  } finally {
    await opened.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
