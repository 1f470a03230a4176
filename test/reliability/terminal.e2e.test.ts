/**
 * The terminal room and `yurt start` when something goes wrong around them, through the real CLI:
 * the reader of the output goes away (EPIPE), a message carries a line separator that is not LF, a
 * line is only spaces, SIGTERM arrives with lines queued, the Matrix homeserver accepts connections
 * and never answers. Judged by what a person sees: the output, the exit status, the time to exit,
 * and `yurt export`.
 */
import { spawn } from 'node:child_process'
import { createServer, type Server, type Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BIN, ROOT, TEST_ENV, tempDir, yurt } from '../helpers/cli.ts'

// Monday 3 June 2030, 10:00 in Paris: "Saturday" is the 8th.
const NOW = '2030-06-03T10:00:00+02:00'

/** Spawns `yurt ...args` with pipes, for tests that need to close them or send signals. */
function spawnYurt(args: string[], env: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, ...TEST_ENV, ...env }, stdio: ['pipe', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d) => (stdout += d))
  child.stderr.on('data', (d) => (stderr += d))
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, at: Date.now() })))
  const waitFor = async (re: RegExp, ms = 30_000) => {
    const until = Date.now() + ms
    while (!re.test(stdout)) {
      if (Date.now() > until) throw new Error(`no ${re} in ${ms} ms:\n${stdout}\n${stderr}`)
      await new Promise((r) => setTimeout(r, 20))
    }
  }
  return { child, exited, waitFor, out: () => stdout, err: () => stderr }
}

const titles = async (data: string) => {
  const r = await yurt(['export', '--data', data, '--now', NOW])
  expect(r.code).toBe(0)
  return (JSON.parse(r.stdout) as { events: Array<{ title: string; status: string }> }).events.map((e) => `${e.title} ${e.status}`)
}

describe('the terminal room', () => {
  let data: string
  let cleanup: () => Promise<void>
  beforeAll(async () => {
    ;({ dir: data, cleanup } = await tempDir('yurt-term-'))
  })
  afterAll(() => cleanup())
  const chat = ['chat', '--no-p2p', '--tz', 'Europe/Paris', '--now', NOW, '--as', 'alice']

  it('ends quietly with status 0 when its output pipe is closed (yurt chat | head -2)', async () => {
    const y = spawnYurt([...chat, '--data', data])
    // Like head -2: read two lines, then close the pipe while more answers are coming.
    const lines = Array.from({ length: 40 }, (_, i) => `add talk "Pipe ${i}" Saturday 10:00 for 5 min`).join('\n') + '\n'
    y.child.stdin.write(lines)
    await y.waitFor(/\n.*\n/)
    y.child.stdout.destroy()
    const { code, signal } = await y.exited
    expect(y.err()).not.toMatch(/EPIPE|Unhandled|Error/)
    expect({ code, signal }).toEqual({ code: 0, signal: null })
  }, 60_000)

  it('only LF ends a message: a cancel after U+2028, U+2029 or a bare CR is not run; CRLF is one line', async () => {
    const script = ['add talk "Keynote" Saturday 15:00\r', 'add talk "Ideas\u2028cancel Keynote" Saturday 16:00', 'add talk "More\u2029cancel Keynote" Saturday 17:00', 'add talk "Last\rcancel Keynote" Saturday 18:00', ''].join('\n')
    const r = await yurt([...chat, '--data', data], script)
    expect(r.code).toBe(0)
    expect(r.stdout).not.toMatch(/Cancelled/)
    const answers = r.stdout.split('\n').filter((l) => /^[✓·?✗!] /.test(l))
    expect(answers).toHaveLength(4) // one answer per LF-ended line, none for the pieces
    const shown = await titles(data)
    expect(shown).toContain('Keynote confirmed')
    expect(shown).toContain('Ideas cancel Keynote confirmed')
    expect(shown).toContain('Last cancel Keynote confirmed')
  }, 60_000)

  it('a line of only spaces gets a short hint, an empty line none', async () => {
    const r = await yurt([...chat, '--data', data], '   \n\t \n\nhelp\n')
    expect(r.code).toBe(0)
    const answers = r.stdout.split('\n').filter((l) => /^[✓·?✗!] /.test(l))
    expect(answers.slice(0, 2)).toEqual(['· Tell me what you need, e.g. “what\'s on tonight?”', '· Tell me what you need, e.g. “what\'s on tonight?”'])
    expect(answers).toHaveLength(3)
  }, 60_000)

  it('on SIGTERM finishes the change in flight, answers each queued line "not done", and exits within 2 s', async () => {
    const y = spawnYurt([...chat, '--data', data])
    const n = 60
    y.child.stdin.write(Array.from({ length: n }, (_, i) => `add talk "Queued ${i}" Saturday 11:00 for 5 min`).join('\n') + '\n')
    await y.waitFor(/Queued 0/)
    const sent = Date.now()
    y.child.kill('SIGTERM')
    const { code, at } = await y.exited
    const tookMs = at - sent
    expect(tookMs).toBeLessThan(2000)
    expect(code).toBe(0)
    const out = y.out()
    const done = out.split('\n').filter((l) => /^✓ Added “Queued \d+”/.test(l)).length
    const notDone = out.split('\n').filter((l) => /^✗ Not done, I'm stopping: add talk "Queued \d+"/.test(l)).length
    expect(out).not.toMatch(/^! /m)
    expect(done).toBeGreaterThan(0)
    expect(done + notDone).toBe(n) // every line answered, once
    // What was acknowledged is stored; what was refused is not.
    const stored = (await titles(data)).filter((t) => t.startsWith('Queued')).length
    expect(stored).toBe(done)
    console.log(`SIGTERM with ${n} lines queued: exit after ${tookMs} ms, ${done} done, ${notDone} answered "not done"`)
  }, 60_000)
})

describe('yurt start with a Matrix homeserver that accepts connections and never answers', () => {
  let server: Server
  let port: number
  const sockets: Socket[] = []
  let data: string
  let cleanup: () => Promise<void>
  beforeAll(async () => {
    ;({ dir: data, cleanup } = await tempDir('yurt-hang-'))
    server = createServer((s) => sockets.push(s)) // reads nothing, answers nothing
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    port = (server.address() as { port: number }).port
  })
  afterAll(async () => {
    for (const s of sockets) s.destroy()
    await new Promise((r) => server.close(r))
    await cleanup()
  })

  it('stops within 2 s of SIGTERM', async () => {
    const y = spawnYurt(['start', '--data', data, '--no-p2p', '--http', 'off', '--now', NOW], {
      YURT_MATRIX_HOMESERVER_URL: `http://127.0.0.1:${port}`,
      YURT_MATRIX_ACCESS_TOKEN: 'syt_never_answered',
      YURT_MATRIX_USER_ID: '@bot:example.org',
    })
    // Wait until it is waiting on the homeserver: a connection was accepted.
    const until = Date.now() + 30_000
    while (sockets.length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50))
    expect(sockets.length).toBeGreaterThan(0)
    await new Promise((r) => setTimeout(r, 300))
    const sent = Date.now()
    y.child.kill('SIGTERM')
    const { code, signal, at } = await y.exited
    const tookMs = at - sent
    console.log(`yurt start against a silent homeserver: exit ${code} after ${tookMs} ms of SIGTERM`)
    expect(signal).toBeNull()
    expect(tookMs).toBeLessThan(2000)
  }, 60_000)
})

describe('yurt start opens its room before its peer and page are up', () => {
  it('answers at once, and "share" typed first waits for the peer and gives the join code with the page', async () => {
    const { dir: data, cleanup } = await tempDir('yurt-start-order-')
    try {
      const start = ['start', '--data', data, '--tz', 'Europe/Paris', '--now', NOW, '--as', 'alice', '--listen', '/ip4/127.0.0.1/tcp/0', '--no-mdns', '--http', '127.0.0.1:0']
      const first = await yurt(['chat', '--no-p2p', '--data', data, '--tz', 'Europe/Paris', '--now', NOW, '--as', 'alice'], 'add talk "Order" Saturday 10:00\n')
      expect(first.code).toBe(0)
      const y = spawnYurt(start)
      y.child.stdin.write('share\nwhat is on Saturday?\n')
      await y.waitFor(/Order/)
      y.child.stdin.end()
      const { code } = await y.exited
      expect(code).toBe(0)
      expect(y.out()).not.toMatch(/runs without its peer/)
      expect(y.out()).toMatch(/Join code for/)
      expect(y.out()).toMatch(/http:\/\/127\.0\.0\.1:\d+\/\?festival=/)
    } finally {
      await cleanup()
    }
  }, 60_000)
})
