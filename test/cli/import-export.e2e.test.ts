/**
 * The three sample programmes of `examples/` go in with `yurt import` and come out of `yurt export` one for one:
 * every source event's title, room and start (and end) is in the export, read independently here
 * from the source files.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EXAMPLES, tempDir, yurt } from '../helpers/cli.ts'

interface Exported {
  title: string
  start: string | null
  end: string | null
  venue: string | null
  status: string
}

const instant = (s: string | null) => (s === null ? null : new Date(s).getTime())

async function importAndExport(file: string, festival: string): Promise<Exported[]> {
  const { dir, cleanup } = await tempDir()
  try {
    const imp = await yurt(['import', file, '--data', dir])
    expect(imp.code, imp.stderr).toBe(0)
    const out = await yurt(['export', '--format', 'json', '--data', dir, '--festival', festival])
    expect(out.code, out.stderr).toBe(0)
    return JSON.parse(out.stdout).events
  } finally {
    await cleanup()
  }
}

/** frab JSON events, read straight from the file: title, room, start instant, duration in ms. */
function frabEvents(file: string): Array<{ title: string; room: string; start: number; minutes: number }> {
  const s = JSON.parse(readFileSync(file, 'utf8')).schedule
  const out = []
  for (const day of s.conference.days) {
    for (const [room, events] of Object.entries(day.rooms) as Array<[string, Array<Record<string, string>>]>) {
      for (const e of events) {
        const [h, m] = e.duration!.split(':').map(Number)
        out.push({ title: e.title!.trim(), room, start: new Date(e.date!).getTime(), minutes: h! * 60 + m! })
      }
    }
  }
  return out
}

const key = (title: string, room: string | null, start: number | null) => `${title}\u0000${room}\u0000${start}`

describe('import then export, one for one', () => {
  let exported: Record<string, Exported[]>
  beforeAll(async () => {
    exported = {
      campJson: await importAndExport(join(EXAMPLES, 'camp2019/everything.schedule.json'), 'Chaos Communication Camp 2019'),
      campXml: await importAndExport(join(EXAMPLES, 'camp2019/everything.schedule.xml'), 'Chaos Communication Camp 2019'),
      newline: await importAndExport(join(EXAMPLES, 'newline-2019/schedule.json'), 'Newline 0x09'),
      paris: await importAndExport(join(EXAMPLES, 'paris-p2p/festival-0/events_en.json'), 'Paris P2P Festival #0'),
    }
  }, 120_000)
  afterAll(() => undefined)

  for (const [name, file, label] of [
    ['Camp 2019 (frab JSON)', 'camp2019/everything.schedule.json', 'campJson'],
    ['Camp 2019 (frab XML)', 'camp2019/everything.schedule.json', 'campXml'],
    ['Newline 2019 (frab JSON)', 'newline-2019/schedule.json', 'newline'],
  ] as const) {
    it(`${name}: every event with its title, room, start and end`, () => {
      const source = frabEvents(join(EXAMPLES, file))
      const out = exported[label]!
      expect(out).toHaveLength(source.length)
      const byKey = new Map(out.map((e) => [key(e.title, e.venue, instant(e.start)), e]))
      for (const s of source) {
        const e = byKey.get(key(s.title, s.room, s.start))
        expect(e, `${s.title} in ${s.room}`).toBeDefined()
        // Zero durations are repaired (see core/formats/README.md); the rest must be exact.
        if (s.minutes > 0) expect(instant(e!.end)! - instant(e!.start)!).toBe(s.minutes * 60_000)
        else expect(instant(e!.end)!).toBeGreaterThan(instant(e!.start)!)
      }
      // Offsets are right for August in Germany.
      if (label !== 'newline') expect(out.find((e) => e.title === 'Opening Ceremony')).toMatchObject({ start: '2019-08-21T11:00:00+02:00', end: '2019-08-21T11:30:00+02:00', venue: 'Curie' })
    })
  }

  it('Paris P2P Festival #0: every event, wall times kept, the wrong +02:00 offset repaired', () => {
    const days = JSON.parse(readFileSync(join(EXAMPLES, 'paris-p2p/festival-0/events_en.json'), 'utf8')) as Array<{ events: Array<Record<string, string>> }>
    const source = days.flatMap((d) => d.events)
    const out = exported.paris!
    expect(out).toHaveLength(source.length)
    const titles = out.map((e) => e.title).sort()
    expect(titles).toEqual(source.map((e) => e.title!.trim()).sort())
    for (const s of source) {
      const wall = s.t_start?.match(/T(\d\d:\d\d)/)?.[1]
      const e = out.find((x) => x.title === s.title!.trim() && (wall ? x.start?.includes(`T${wall}:00+01:00`) : x.start === null))
      expect(e, `${s.title} at ${s.t_start}`).toBeDefined()
      if (wall) {
        expect(e!.start!.endsWith('+01:00')).toBe(true) // Paris in January
        expect(instant(e!.end)!).toBeGreaterThan(instant(e!.start)!) // after-midnight ends moved to the next day
      } else {
        expect(e!.status).toBe('unscheduled')
      }
    }
    // "Airplane" and "Avion" are one venue.
    const venues = new Set(out.map((e) => e.venue))
    expect(venues.has('Airplane') && venues.has('Avion')).toBe(false)
    expect(out.find((e) => e.title === 'Talks + FFA')?.start).toBe('2020-01-08T18:30:00+01:00')
  })

  it('importing the same file twice changes nothing, and a broken file writes nothing', async () => {
    const { dir, cleanup } = await tempDir()
    try {
      const file = join(EXAMPLES, 'newline-2019/schedule.json')
      await yurt(['import', file, '--data', dir])
      const first = await yurt(['export', '--data', dir])
      const again = await yurt(['import', file, '--data', dir])
      expect(again.stdout).toMatch(/0 events added, 0 updated, 29 unchanged/)
      const broken = join(dir, 'broken.json')
      const text = readFileSync(file, 'utf8')
      const { writeFileSync } = await import('node:fs')
      writeFileSync(broken, text.replace('"duration":"05:00"', '"duration":"five hours"'))
      const bad = await yurt(['import', broken, '--data', dir, '--festival', 'Newline 0x09'])
      expect(bad.code).toBe(1)
      expect(bad.stderr).toMatch(/broken\.json: .*duration/)
      const after = await yurt(['export', '--data', dir])
      expect(after.stdout).toBe(first.stdout)
    } finally {
      await cleanup()
    }
  })
})

describe('yurt export --format frab-json | frab-xml', () => {
  it('Newline 2019 out as a frab schedule and into another data directory: the same programme; an empty festival is refused in one line', async () => {
    const { dir, cleanup } = await tempDir()
    try {
      const a = join(dir, 'a')
      const b = join(dir, 'b')
      await yurt(['import', join(EXAMPLES, 'newline-2019/schedule.json'), '--data', a])
      const programme = (data: string) =>
        yurt(['export', '--data', data]).then((r) =>
          (JSON.parse(r.stdout).events as Exported[]).map((e) => [e.title, e.venue, e.start, e.end].join(' | ')).sort(),
        )
      for (const format of ['frab-json', 'frab-xml']) {
        const file = join(dir, `newline.${format === 'frab-json' ? 'json' : 'xml'}`)
        const out = await yurt(['export', '--data', a, '--format', format, '--out', file])
        expect(out.code, out.stderr).toBe(0)
        const data = `${b}-${format}`
        const imp = await yurt(['import', file, '--data', data])
        expect(imp.code, imp.stderr).toBe(0)
        expect(imp.stdout).toMatch(/\(frab-(?:json|xml)\).*29 events added/)
        expect(await programme(data)).toEqual(await programme(a))
      }
      const empty = join(dir, 'empty')
      await yurt(['chat', '--data', empty, '--as', 'alice', '--festival', 'Nothing yet'], 'quit\n')
      const refused = await yurt(['export', '--data', empty, '--format', 'frab-xml'])
      expect(refused.code).toBe(1)
      expect(refused.stderr).toBe('yurt: “Nothing yet” has no scheduled event; a frab schedule needs at least one day\n')
    } finally {
      await cleanup()
    }
  })
})
