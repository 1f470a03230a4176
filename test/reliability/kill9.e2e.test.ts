/**
 * `kill -9` of a real `yurt chat` in the middle of bursts of adds, 20 times on one data directory:
 * every add that was acknowledged (“✓ Added …” on stdout) is in `yurt export` at the end. Judged by
 * what a person saw and what the export holds; bounded to about a minute.
 */
import { spawn } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BIN, ROOT, TEST_ENV, tempDir, yurt } from '../helpers/cli.ts'

const NOW = '2030-06-03T10:00:00+02:00'
const KILLS = 20

describe('kill -9 during bursts of adds', () => {
  let data: string
  let cleanup: () => Promise<void>
  beforeAll(async () => {
    ;({ dir: data, cleanup } = await tempDir('yurt-kill9-'))
  })
  afterAll(() => cleanup())

  it(`${KILLS} kills: every acknowledged add is in the export`, async () => {
    const acknowledged = new Set<string>()
    let sent = 0
    const started = Date.now()
    for (let round = 0; round < KILLS; round++) {
      const child = spawn(
        process.execPath,
        [BIN, 'chat', '--no-p2p', '--data', data, '--festival', 'Camp', '--tz', 'Europe/Paris', '--now', NOW, '--as', 'alice'],
        { cwd: ROOT, env: { ...process.env, ...TEST_ENV }, stdio: ['pipe', 'pipe', 'pipe'] },
      )
      let out = ''
      let err = ''
      child.stdout.on('data', (d) => (out += d))
      child.stderr.on('data', (d) => (err += d))
      const closed = new Promise<NodeJS.Signals | null>((resolve) => child.on('close', (_code, signal) => resolve(signal)))
      child.stdin.on('error', () => {})
      // Wait for the first answer (the process is up), then a burst, then kill at a moment that varies.
      child.stdin.write(`add talk "warm ${round}" Saturday 09:00\n`)
      const until = Date.now() + 15_000
      while (!/warm/.test(out) && Date.now() < until) await new Promise((r) => setTimeout(r, 10))
      expect(out, err).toMatch(/Added “warm/)
      const burst = []
      for (let i = 0; i < 15; i++) burst.push(`add talk "k${round}-${i}" Saturday ${10 + (i % 8)}:00\n`)
      sent += burst.length
      child.stdin.write(burst.join(''))
      await new Promise((r) => setTimeout(r, 20 + ((round * 53) % 400)))
      child.kill('SIGKILL')
      expect(await closed).toBe('SIGKILL')
      for (const m of out.matchAll(/✓ Added “([^”]+)”/g)) acknowledged.add(m[1]!)
    }
    const r = await yurt(['export', '--data', data, '--festival', 'Camp', '--now', NOW])
    expect(r.code, r.stderr).toBe(0)
    const titles = new Set((JSON.parse(r.stdout) as { events: Array<{ title: string }> }).events.map((e) => e.title))
    const missing = [...acknowledged].filter((t) => !titles.has(t))
    expect(missing).toEqual([])
    // The kills landed mid-burst, not always after it: some adds were never acknowledged.
    const burstAcks = [...acknowledged].filter((t) => t.startsWith('k')).length
    expect(burstAcks).toBeGreaterThan(0)
    expect(burstAcks).toBeLessThan(sent)
    console.log(`kill9: ${KILLS} kills, ${sent} burst adds sent, ${burstAcks} acknowledged, ${titles.size} events exported, ${Date.now() - started} ms`)
  }, 90_000)
})
