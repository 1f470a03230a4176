/**
 * Two `yurt chat` processes with their own data directories, joined by a code, on loopback: a line
 * typed into one shows up in the other's room and in its `yurt export`; restarted, they resume from
 * their stores.
 */
import { spawn } from 'node:child_process'
import type { ChildProcessWithoutNullStreams } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BIN, TEST_ENV, tempDir, yurt, freePort } from '../helpers/cli.ts'

const NOW = '2020-01-08T10:00:00+01:00'

/** A running `yurt chat` whose output can be awaited line by line. */
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
  /** Waits (bounded) until the output matches. */
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

describe('two yurt processes, one festival', () => {
  let a: { dir: string; cleanup: () => Promise<void> }
  let b: { dir: string; cleanup: () => Promise<void> }
  let portA: number
  beforeAll(async () => {
    a = await tempDir('yurt-alice-')
    b = await tempDir('yurt-bob-')
    portA = await freePort()
  })
  afterAll(async () => {
    await a.cleanup()
    await b.cleanup()
  })

  it('join by code, edit on one, see it on the other; restarted peers resume from their stores', async () => {
    const listenA = ['--listen', `/ip4/127.0.0.1/tcp/${portA}`]
    const alice = new Chat(['--data', a.dir, '--as', 'alice', ...listenA])
    alice.say('new festival "Shared" in Europe/Paris from 2020-01-08 to 2020-01-12')
    alice.say('add venue Scène as a stage')
    alice.say('add talk "Alice talk" tomorrow 18:00 at Scène')
    alice.say('share')
    const [code] = await alice.waitFor(/yurt1:[A-Za-z0-9_-]+/)

    const joined = await yurt(['join', code!, '--data', b.dir])
    expect(joined.code, joined.stderr).toBe(0)
    expect(joined.stdout).toMatch(/Joined “Shared” \(Europe\/Paris\): 1 events fetched/)

    const bob = new Chat(['--data', b.dir, '--as', 'bob'])
    bob.say('add concert "Bob live" Friday 21:00 at Scène')
    await bob.waitFor(/Added “Bob live”/)
    // Alice's room hears about it: it came from another peer.
    await alice.waitFor(/bob added “Bob live” \(concert\), Fri 10 Jan 21:00–22:00 at Scène/)
    alice.say("I'm going to Bob live")
    await alice.waitFor(/You're going to “Bob live”/)
    expect(await alice.close()).toBe(0)
    expect(await bob.close()).toBe(0)

    const exportA = JSON.parse((await yurt(['export', '--data', a.dir])).stdout)
    const bobLive = exportA.events.find((e: { title: string }) => e.title === 'Bob live')
    expect(bobLive).toMatchObject({ start: '2020-01-10T21:00:00+01:00', venue: 'Scène', status: 'confirmed', going: ['alice'], organizers: ['bob'] })

    // Restart both: bob's peer dials alice from the address it learned from the code.
    const alice2 = new Chat(['--data', a.dir, '--as', 'alice', ...listenA])
    const bob2 = new Chat(['--data', b.dir, '--as', 'bob'])
    bob2.say('add workshop "After restart" Saturday 14:00 at Scène')
    await bob2.waitFor(/Added “After restart”/)
    await alice2.waitFor(/bob added “After restart”/)
    expect(await alice2.close()).toBe(0)
    expect(await bob2.close()).toBe(0)
    const exportB = JSON.parse((await yurt(['export', '--data', b.dir])).stdout)
    expect(exportB.events.map((e: { title: string }) => e.title)).toEqual(['Alice talk', 'Bob live', 'After restart'])
    expect(exportB.events[1].going).toEqual(['alice'])
  }, 120_000)
})
