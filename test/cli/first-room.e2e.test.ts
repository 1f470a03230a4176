/**
 * The terminal room works at the first sentence: `yurt chat` on an empty data directory, without
 * `--festival`, reads `add workshop "IPFS basics" Saturday 3pm at Ground Control` and "yes" and
 * stores a festival called "yurt" (in the zone of `YURT_TIMEZONE`), the venue and the workshop —
 * checked with `yurt export`. Through the real `yurt` binary, stdin and stdout.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { tempDir, yurt } from '../helpers/cli.ts'

// Monday 3 June 2030, 10:00 in Paris: "Saturday" is the 8th.
const NOW = '2030-06-03T10:00:00+02:00'

describe('the terminal room without --festival', () => {
  let data: string
  let cleanup: () => Promise<void>
  beforeEach(async () => {
    ;({ dir: data, cleanup } = await tempDir())
  })
  afterEach(() => cleanup())

  it('the first line and "yes" store the festival "yurt", the venue and the workshop; "undo" takes back both', async () => {
    const lines = ["what's on Saturday?", 'add workshop "IPFS basics" Saturday 3pm at Ground Control', 'yes', "what's on Saturday?"]
    const r = await yurt(['chat', '--data', data, '--now', NOW, '--as', 'alice'], lines.join('\n') + '\n', 60_000, { YURT_TIMEZONE: 'Europe/Paris' })
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toBe(
      [
        '· Nothing is planned here yet. Start with: add workshop "IPFS basics" Saturday 3pm at Ground Control',
        '? Started the festival “yurt” (Europe/Paris) for this room. Another name or zone: undo, then new festival "Name" in Europe/Paris — or plan an existing one: this room plans <festival>',
        "  Ground Control isn't a venue yet — add it and book “IPFS basics” there? (yes / no)",
        '✓ Added the venue Ground Control and “IPFS basics” (workshop), Sat 8 Jun 15:00–17:00 at Ground Control.',
        '· Saturday 8 June',
        '    15:00–17:00 IPFS basics · Ground Control',
        '',
      ].join('\n'),
    )

    const out = await yurt(['export', '--data', data])
    expect(out.code, out.stderr).toBe(0)
    const json = JSON.parse(out.stdout)
    expect(json.festival).toMatchObject({ name: 'yurt', timezone: 'Europe/Paris' })
    expect(json.venues.map((v: { name: string }) => v.name)).toEqual(['Ground Control'])
    expect(json.events.map((e: Record<string, unknown>) => [e.title, e.kind, e.start, e.end, e.venue, e.organizers])).toEqual([
      ['IPFS basics', 'workshop', '2030-06-08T15:00:00+02:00', '2030-06-08T17:00:00+02:00', 'Ground Control', ['alice']],
    ])

    // The room keeps planning "yurt": the next session's undo takes the venue and the workshop back together.
    const undo = await yurt(['chat', '--data', data, '--now', NOW, '--as', 'alice'], 'undo\nlist venues\n')
    expect(undo.stdout).toBe('✓ Undone: “IPFS basics”.\n· No venues yet. Add one: add venue Scène as a stage\n')
    const festivals = await yurt(['festivals', '--data', data])
    expect(festivals.stdout).toMatch(/^\w{8}\tyurt\tEurope\/Paris\t0 events\t\w+\n$/)
  })

  it('starts the festival in the zone of YURT_TIMEZONE; --tz wins over it; a zone that does not exist is refused by name', async () => {
    const ny = await yurt(['chat', '--data', data, '--now', NOW, '--as', 'alice'], 'add venue Loft\n', 60_000, { YURT_TIMEZONE: 'America/New_York' })
    expect(ny.stdout).toMatch(/^✓ Started the festival “yurt” \(America\/New_York\) for this room\. .*\n {2}Added the venue Loft/)
    const { dir: other, cleanup: cleanupOther } = await tempDir()
    try {
      const tz = await yurt(['chat', '--data', other, '--now', NOW, '--as', 'alice', '--tz', 'Asia/Tokyo'], 'add venue Loft\n', 60_000, { YURT_TIMEZONE: 'America/New_York' })
      expect(tz.stdout).toMatch(/^✓ Started the festival “yurt” \(Asia\/Tokyo\)/)
    } finally {
      await cleanupOther()
    }
    const bad = await yurt(['chat', '--data', data, '--as', 'alice'], 'add venue Loft\n', 60_000, { YURT_TIMEZONE: 'Mars/Olympus_Mons' })
    expect(bad.code).toBe(1)
    expect(bad.stderr).toBe('yurt: YURT_TIMEZONE: "Mars/Olympus_Mons" is not an IANA time zone such as Europe/Paris\n')
  })
})
