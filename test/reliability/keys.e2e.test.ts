/**
 * The device key is precious: the chat authors of every person the bot speaks for are derived from it.
 * Through the real CLI: a data directory with operations and no `device.key` refuses to open (and
 * makes no new key); `yurt backup` and `yurt restore` bring the same identity back, so a person can
 * still undo their own change. Judged by exit status, the one-line message, file modes and the export.
 */
import { readFile, rm, stat, writeFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDir, yurt } from '../helpers/cli.ts'

const NOW = '2030-06-03T10:00:00+02:00'
const chat = (data: string, input: string) =>
  yurt(['chat', '--no-p2p', '--data', data, '--festival', 'Camp', '--tz', 'Europe/Paris', '--now', NOW, '--as', 'alice'], input)
const titles = async (data: string) => {
  const r = await yurt(['export', '--data', data, '--now', NOW])
  expect(r.stderr).toBe('')
  return (JSON.parse(r.stdout) as { events: Array<{ title: string }> }).events.map((e) => e.title).sort()
}
const mode = async (path: string) => (await stat(path)).mode & 0o777

describe('the device key', () => {
  let root: string
  let cleanup: () => Promise<void>
  beforeAll(async () => {
    ;({ dir: root, cleanup } = await tempDir('yurt-keys-'))
  })
  afterAll(() => cleanup())

  it('yurt --help names backup and restore', async () => {
    const r = await yurt(['--help'])
    expect(r.stdout).toMatch(/^\s+backup \[options\]/m)
    expect(r.stdout).toMatch(/^\s+restore \[options\] <file>/m)
  })

  it('a brand-new directory, and one whose log is empty, still get a key', async () => {
    const fresh = join(root, 'fresh')
    expect((await yurt(['festivals', '--data', fresh])).code).toBe(0)
    expect(await mode(join(fresh, 'device.key'))).toBe(0o600)
    await rm(join(fresh, 'device.key'))
    const again = await yurt(['festivals', '--data', fresh])
    expect(again.stderr).toBe('')
    expect(again.code).toBe(0)
    expect(existsSync(join(fresh, 'device.key'))).toBe(true)
  })

  it('missing with operations stored: refuses to open, says how to restore; backup and restore bring the same authors back', async () => {
    const data = join(root, 'camp')
    const added = await chat(data, 'add Opening Saturday 15:00\nadd Talk Saturday 16:00\n')
    expect(added.stdout).toMatch(/Added “Talk”/)
    const key = await readFile(join(data, 'device.key'), 'utf8')

    const backup = join(root, 'camp.key')
    const b = await yurt(['backup', '--data', data, '--out', backup])
    expect(b.code).toBe(0)
    expect(await mode(backup)).toBe(0o600)
    expect(await readFile(backup, 'utf8')).toBe(key)
    // Never overwrites.
    await writeFile(join(root, 'taken'), 'mine\n')
    const refused = await yurt(['backup', '--data', data, '--out', join(root, 'taken')])
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/already exists/)
    expect(await readFile(join(root, 'taken'), 'utf8')).toBe('mine\n')

    await rm(join(data, 'device.key'))
    for (const args of [['export', '--data', data], ['chat', '--no-p2p', '--data', data, '--festival', 'Camp']]) {
      const r = await yurt(args, 'add Sneaky Saturday 18:00\n')
      expect(r.code).toBe(1)
      expect(r.stderr.trim().split('\n')).toHaveLength(1)
      expect(r.stderr).toContain(`${join(data, 'device.key')} is missing`)
      expect(r.stderr).toContain('yurt restore FILE')
      expect(existsSync(join(data, 'device.key'))).toBe(false)
    }

    // Another device's key is not this one: restore it, then a second restore of ours is refused.
    const other = join(root, 'other')
    await yurt(['festivals', '--data', other])
    await yurt(['backup', '--data', other, '--out', join(root, 'other.key')])
    const r1 = await yurt(['restore', '--data', data, backup])
    expect(r1.code).toBe(0)
    expect(await mode(join(data, 'device.key'))).toBe(0o600)
    expect(await readFile(join(data, 'device.key'), 'utf8')).toBe(key)
    const same = await yurt(['restore', '--data', data, backup])
    expect(same.code).toBe(0)
    expect(same.stdout).toMatch(/already holds this device key/)
    const different = await yurt(['restore', '--data', data, join(root, 'other.key')])
    expect(different.code).toBe(1)
    expect(different.stderr).toMatch(/holds a different device key/)
    expect(await readFile(join(data, 'device.key'), 'utf8')).toBe(key)

    // Alice is still Alice: her undo takes back her own last add.
    expect(await titles(data)).toEqual(['Opening', 'Talk'])
    const undo = await chat(data, 'undo\n')
    expect(undo.stdout).not.toMatch(/nothing of yours/)
    expect(await titles(data)).toEqual(['Opening'])
  })
})
