/**
 * A damaged data directory is refused in one line that names the file and says what to do, never
 * started over as an empty one; `yurt check` says what is damaged; `yurt repair` copies the damaged
 * files aside and brings back every operation the log still holds. Each case works on a copy of one
 * real data directory (LevelDB on disk, written by `yurt chat`, its older half compacted into tables).
 */
import { cp, readdir, readFile, stat, truncate, unlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { ClassicLevel } from 'classic-level'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDir, yurt } from '../helpers/cli.ts'

const NOW = '2027-06-02T10:00:00+02:00'
const FIRST = 30 // adds compacted into .ldb tables
const LATER = 10 // adds left in the write-ahead .log

let tmp: Awaited<ReturnType<typeof tempDir>>
let original: string
let titles: string[]

/** The titles in the export of `data`, sorted; throws with stderr when export fails. */
async function exported(data: string): Promise<string[]> {
  const r = await yurt(['export', '--data', data])
  if (r.code !== 0) throw new Error(r.stderr)
  return (JSON.parse(r.stdout).events as { title: string }[]).map((e) => e.title).sort()
}

/** A copy of the original data directory, damaged by `damage`. */
async function damaged(name: string, damage: (dir: string) => Promise<void>): Promise<string> {
  const dir = join(tmp.dir, name)
  await cp(original, dir, { recursive: true })
  await damage(dir)
  return dir
}

const files = async (dir: string, ext: string) => (await readdir(dir)).filter((n) => n.endsWith(ext)).map((n) => join(dir, n))

/** What every command says of a damaged directory: one line, exit 1, no stack trace, nothing created. */
async function expectRefused(dir: string, names: RegExp): Promise<void> {
  for (const args of [['festivals'], ['export'], ['chat', '--as', 'alice', '--festival', 'Another']]) {
    const r = await yurt([...args, '--data', dir, '--now', NOW], 'add talk "New" tomorrow 10:00\n')
    expect(r.code, `${args[0]}: ${r.stdout}${r.stderr}`).toBe(1)
    expect(r.stderr.trim().split('\n'), args[0]).toHaveLength(1)
    expect(r.stderr).toMatch(names)
    expect(r.stderr).toMatch(/yurt repair --data/)
    expect(r.stderr).not.toMatch(/\n\s+at /)
  }
  const check = await yurt(['check', '--data', dir])
  expect(check.code).toBe(1)
  expect(check.stdout).toMatch(/^damaged: /m)
}

/** `yurt repair`, then `yurt check` passes and the damaged files are kept aside. */
async function repair(dir: string): Promise<string> {
  const r = await yurt(['repair', '--data', dir])
  expect(r.code, r.stderr).toBe(0)
  const check = await yurt(['check', '--data', dir])
  expect(check.code, check.stdout + check.stderr).toBe(0)
  expect(check.stdout).not.toMatch(/damaged/)
  expect((await readdir(dir)).some((n) => /\.damaged-/.test(n))).toBe(true)
  return r.stdout
}

beforeAll(async () => {
  tmp = await tempDir('yurt-damage-')
  original = join(tmp.dir, 'original')
  const adds = (from: number, n: number) =>
    Array.from({ length: n }, (_, i) => `add talk "T${String(from + i).padStart(2, '0')}" tomorrow ${8 + ((from + i) % 12)}:${String(((from + i) * 5) % 60).padStart(2, '0')}`).join('\n') + '\n'
  const first = await yurt(['chat', '--data', original, '--as', 'alice', '--festival', 'Damage', '--now', NOW], adds(0, FIRST / 2))
  expect(first.code, first.stderr).toBe(0)
  await yurt(['chat', '--data', original, '--as', 'bob', '--festival', 'Damage', '--now', NOW], adds(FIRST / 2, FIRST / 2))
  // Compact the log so that these operations live in .ldb tables, as on a bot that has run for a while.
  const db = new ClassicLevel(join(original, 'ops'))
  await db.open()
  await db.compactRange('\u0000', '\uffff')
  await db.close()
  await yurt(['chat', '--data', original, '--as', 'alice', '--festival', 'Damage', '--now', NOW], adds(FIRST, LATER))
  // Copies are taken from this state: opening the directory again would move the .log into a table.
  const probe = join(tmp.dir, 'probe')
  await cp(original, probe, { recursive: true })
  titles = await exported(probe)
  expect(titles).toHaveLength(FIRST + LATER)
  expect((await files(join(original, 'ops'), '.ldb')).length).toBeGreaterThan(0)
  expect((await stat((await files(join(original, 'ops'), '.log'))[0]!)).size).toBeGreaterThan(1000)
}, 120_000)

afterAll(async () => {
  await tmp?.cleanup()
})

describe('a damaged data directory', () => {
  it('ops/CURRENT removed: every command refuses, naming it; repair brings every operation back', async () => {
    const dir = await damaged('no-ops-current', (d) => unlink(join(d, 'ops', 'CURRENT')))
    await expectRefused(dir, /ops\/CURRENT is missing/)
    await repair(dir)
    expect(await exported(dir)).toEqual(titles)
  })

  it('ydoc/CURRENT removed: refused (the programme would show empty); repair rebuilds the Yjs state from the log', async () => {
    const dir = await damaged('no-ydoc-current', (d) => unlink(join(d, 'ydoc', 'CURRENT')))
    await expectRefused(dir, /ydoc\/CURRENT is missing/)
    const out = await repair(dir)
    expect(out).toMatch(/set the Yjs state aside/)
    expect(out).not.toMatch(/copied the damaged operation log/)
    expect(await exported(dir)).toEqual(titles)
  })

  it('the .log truncated: refused; repair keeps every compacted operation and what the log still holds', async () => {
    const dir = await damaged('log-truncated', async (d) => {
      const [log] = await files(join(d, 'ops'), '.log')
      await truncate(log!, Math.floor((await stat(log!)).size / 2))
    })
    // The Yjs cache still shows the lost adds: refused rather than shown and built upon.
    await expectRefused(dir, /damaged|lost operations/)
    await repair(dir)
    const after = await exported(dir)
    for (const t of titles.slice(0, FIRST)) expect(after).toContain(t)
    expect(after.length).toBeLessThan(titles.length)
    for (const t of after) expect(titles).toContain(t)
  })

  it('bytes flipped inside an .ldb table: refused; repair keeps every chain up to its first damaged operation', async () => {
    const dir = await damaged('ldb-flipped', async (d) => {
      const tables = await files(join(d, 'ops'), '.ldb')
      const sizes = await Promise.all(tables.map(async (t) => (await stat(t)).size))
      const table = tables[sizes.indexOf(Math.max(...sizes))]
      const bytes = await readFile(table!)
      for (let i = Math.floor(bytes.length / 3); i < Math.floor(bytes.length / 3) + 64; i++) bytes[i] = bytes[i]! ^ 0xff
      await writeFile(table!, bytes)
    })
    await expectRefused(dir, /damaged/)
    const out = await repair(dir)
    expect(out).toMatch(/copied the damaged operation log/)
    const after = await exported(dir)
    for (const t of after) expect(titles).toContain(t)
    // The room goes on: a new add is stored and shown.
    const r = await yurt(['chat', '--data', dir, '--as', 'carol', '--festival', 'Damage', '--now', NOW], 'add talk "After repair" tomorrow 21:00\n')
    expect(r.code, r.stderr).toBe(0)
    expect(await exported(dir)).toContain('After repair')
  })

  it('a sound directory: check says what it verified, repair changes nothing', async () => {
    const dir = await damaged('sound', async () => undefined)
    const check = await yurt(['check', '--data', dir])
    expect(check.code).toBe(0)
    expect(check.stdout).toMatch(new RegExp(`ok: operation log .*: 1 festival\\(s\\), \\d+ operations, every hash chain and head sound`))
    expect(check.stdout).toMatch(/“Damage” .* consistent with the log, 40 events/)
    const r = await yurt(['repair', '--data', dir])
    expect(r.stdout).toMatch(/nothing to repair/)
    expect((await readdir(dir)).some((n) => /\.damaged-/.test(n))).toBe(false)
    expect(await exported(dir)).toEqual(titles)
  })
})
