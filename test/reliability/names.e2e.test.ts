/**
 * Festival names where people type them (`--festival`), through the real CLI: after `yurt join` of a
 * festival whose name is already used here, the name selects nothing silently and creates nothing; a
 * short id, as `yurt festivals` prints it, selects either. Judged by exit status, messages and
 * `yurt festivals`/`yurt export`.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BIN, TEST_ENV, freePort, tempDir, yurt } from '../helpers/cli.ts'

const NOW = '2030-06-03T10:00:00+02:00'

class Chat {
  readonly child: ChildProcessWithoutNullStreams
  out = ''
  constructor(args: string[]) {
    this.child = spawn(process.execPath, [BIN, 'chat', '--now', NOW, ...args], { env: { ...process.env, ...TEST_ENV } })
    this.child.stdout.on('data', (d) => (this.out += d))
    this.child.stderr.on('data', (d) => (this.out += d))
  }
  say(line: string): void {
    this.child.stdin.write(line + '\n')
  }
  async waitFor(re: RegExp, timeoutMs = 20_000): Promise<RegExpMatchArray> {
    const until = Date.now() + timeoutMs
    while (Date.now() < until) {
      const m = this.out.match(re)
      if (m) return m
      await new Promise((r) => setTimeout(r, 50))
    }
    throw new Error(`timed out waiting for ${re}; output so far:\n${this.out}`)
  }
  async close(): Promise<number | null> {
    this.child.stdin.end()
    return new Promise((resolve) => this.child.on('close', resolve))
  }
}

const festivals = async (data: string) => {
  const r = await yurt(['festivals', '--data', data])
  expect(r.code, r.stderr).toBe(0)
  return r.stdout.trim().split('\n').map((line) => line.split('\t'))
}

describe('two festivals called the same', () => {
  let a: { dir: string; cleanup: () => Promise<void> }
  let b: { dir: string; cleanup: () => Promise<void> }
  beforeAll(async () => {
    a = await tempDir('yurt-names-a-')
    b = await tempDir('yurt-names-b-')
  })
  afterAll(async () => {
    await a.cleanup()
    await b.cleanup()
  })

  it('join keeps the festival and names its short id; --festival NAME is then an error listing both, never a new festival; a short id selects', async () => {
    const port = await freePort()
    const alice = new Chat(['--data', a.dir, '--as', 'alice', '--festival', 'Camp', '--tz', 'Europe/Paris', '--listen', `/ip4/127.0.0.1/tcp/${port}`])
    alice.say('add talk "Alice talk" Saturday 18:00')
    await alice.waitFor(/Added “Alice talk”/)
    alice.say('share')
    const [code] = await alice.waitFor(/yurt1:[A-Za-z0-9_-]+/)

    // Bob already plans a festival called Camp.
    const own = await yurt(['chat', '--no-p2p', '--data', b.dir, '--as', 'bob', '--festival', 'Camp', '--tz', 'Europe/Paris', '--now', NOW], 'add talk "Bob talk" Saturday 15:00\n')
    expect(own.stdout).toMatch(/Added “Bob talk”/)

    const [before] = await festivals(b.dir)
    const joined = await yurt(['join', code!, '--data', b.dir])
    expect(await alice.close()).toBe(0)
    expect(joined.code, joined.stderr).toBe(0)
    expect(joined.stdout).toMatch(/Joined “Camp”/)
    const held = await festivals(b.dir)
    expect(held).toHaveLength(2)
    const mine = held.find((row) => row[4] === before![4])!
    const theirs = held.find((row) => row !== mine)!
    for (const row of held) expect(row[0]).toBe(row[4]!.slice(0, 8))
    expect(joined.stderr).toContain(`select the one just joined with --festival ${theirs[0]}`)

    for (const args of [['chat', '--no-p2p', '--data', b.dir, '--festival', 'Camp', '--now', NOW], ['export', '--data', b.dir, '--festival', 'Camp']]) {
      const r = await yurt(args, 'add talk "Lost talk" Saturday 20:00\n')
      expect(r.code).toBe(1)
      expect(r.stderr).toContain(`2 festivals here are called "Camp"`)
      expect(r.stderr).toContain(`Camp (${mine[0]})`)
      expect(r.stderr).toContain(`Camp (${theirs[0]})`)
      expect(r.stderr).toContain('--festival <short id>')
    }
    expect(await festivals(b.dir)).toHaveLength(2)

    // A short id selects, in chat and export alike.
    const added = await yurt(['chat', '--no-p2p', '--data', b.dir, '--as', 'bob', '--festival', theirs[0]!, '--now', NOW], 'add talk "Bob joins in" Saturday 20:00\n')
    expect(added.stdout).toMatch(/Added “Bob joins in”/)
    const exported = await yurt(['export', '--data', b.dir, '--festival', theirs[0]!])
    expect((JSON.parse(exported.stdout) as { events: Array<{ title: string }> }).events.map((e) => e.title).sort()).toEqual(['Alice talk', 'Bob joins in'])
    const other = await yurt(['export', '--data', b.dir, '--festival', mine[0]!])
    expect((JSON.parse(other.stdout) as { events: Array<{ title: string }> }).events.map((e) => e.title)).toEqual(['Bob talk'])
    expect(await festivals(b.dir)).toHaveLength(2)
  }, 90_000)
})
