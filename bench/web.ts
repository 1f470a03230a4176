/**
 * The page on a phone, in Debian's chromium against a real `yurt start` holding Chaos
 * Communication Camp 2019 (606 events, 64 venues): how soon a phone shows the schedule, how soon it
 * catches up what it missed, how fast an edit in chat reaches an open page, and how big the page is.
 *
 * Times are read in the page (`performance.now()` from the navigation's start, checked at every
 * animation frame) or, for chat → page, between the line written to the bot's terminal room and the
 * frame that shows it (one machine, one clock).
 *
 * Run alone: `node bench/web.ts`; in the table: `npm run bench -- page`.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { gzipSync } from 'node:zlib'
import type { Row } from './commands.ts'

const ROOT = resolve(import.meta.dirname, '..')
const BIN = join(ROOT, 'bin/yurt.ts')
const CAMP = join(ROOT, 'examples/camp2019/everything.schedule.json')
const CHROMIUM = process.env.YURT_TEST_CHROMIUM ?? '/usr/bin/chromium'
/** What the page functions below touch of the browser's DOM (this file is type-checked for Node). */
declare const document: { querySelectorAll(selector: string): { length: number }; body: { textContent: string | null } }

/** Chat edits timed one after another (bounded). */
const EDITS = 20
/** Edits the bot makes while the phone is closed, for the catch-up. */
const MISSED = 20

function run(args: string[]): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, YURT_LOG: 'warn' }, stdio: ['ignore', 'ignore', 'pipe'] })
    let err = ''
    child.stderr.on('data', (d) => (err += d))
    child.on('close', (code) => (code === 0 ? resolvePromise() : reject(new Error(`yurt ${args[0]}: ${err.slice(-300)}`))))
  })
}

class Bot {
  readonly child: ChildProcessWithoutNullStreams
  out = ''
  err = ''
  constructor(dir: string) {
    // Pinned to the camp's second day, so that "Aug 23" is ahead and the bot books it.
    const args = ['start', '--data', dir, '--now', '2019-08-22T10:00:00Z', '--http', '127.0.0.1:0', '--listen', '/ip4/127.0.0.1/tcp/0/ws', '--no-mdns']
    this.child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, YURT_LOG: 'warn', YURT_MDNS: 'off' } })
    this.child.stdout.on('data', (d) => (this.out += d))
    this.child.stderr.on('data', (d) => (this.err += d))
  }
  say(line: string): void {
    this.child.stdin.write(line + '\n')
  }
  async waitFor(re: RegExp, where: 'out' | 'err' = 'out', timeoutMs = 60_000): Promise<RegExpMatchArray> {
    const until = Date.now() + timeoutMs
    while (Date.now() < until) {
      const m = this[where].match(re)
      if (m) return m
      await new Promise((r) => setTimeout(r, 10))
    }
    throw new Error(`timed out waiting for ${re}: ${this.out.slice(-600)} ${this.err.slice(-300)}`)
  }
  close(): Promise<unknown> {
    this.child.stdin.end()
    return new Promise((r) => this.child.on('close', r))
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)]!

/** The bench rows (a single "skipped" row without chromium). */
export async function benchWeb(): Promise<Row[]> {
  if (!existsSync(CHROMIUM)) return [{ measure: 'page', value: `skipped: no chromium at ${CHROMIUM}`, target: '—', ok: null }]
  const rows: Row[] = []
  const { buildPage } = await import('../bin/web.ts')
  const built = await buildPage()
  const js = gzipSync(built.js).length
  const css = gzipSync(built.css).length
  rows.push({ measure: 'page script + style, gzipped', value: `${((js + css) / 1024).toFixed(0)} KB (script ${(js / 1024).toFixed(0)} KB)`, target: '≤ 300 KB', ok: js + css <= 300 * 1024 })

  const dir = await mkdtemp(join(tmpdir(), 'yurt-bench-web-'))
  let bot: Bot | null = null
  const { chromium } = await import('playwright-core')
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--disable-gpu'] })
  try {
    await run(['import', CAMP, '--data', dir])
    bot = new Bot(dir)
    const url = (await bot.waitFor(/page: (http:\/\/127\.0\.0\.1:\d+\/)/, 'err'))[1]!
    // A hall of its own, so that no booking here clashes with the camp's programme.
    bot.say('add venue Bench Hall')
    await bot.waitFor(/Bench Hall/)
    const slot = (day: number, i: number) => `Aug ${day} ${8 + Math.floor(i / 2)}:${i % 2 ? '30' : '00'} for 30 minutes at Bench Hall`
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'en-GB' })
    let page = await context.newPage()
    /** ms from the navigation's start until the page shows a day of the schedule and holds `count` events. */
    const shown = (count: number) =>
      page
        .waitForFunction(
          (n) => document.querySelectorAll('#schedule a.event').length > 0 && ((globalThis as { yurt?: { titles(): string[] } }).yurt?.titles().length ?? 0) >= n && performance.now(),
          count,
          { polling: 'raf', timeout: 60_000 },
        )
        .then((h) => h.jsonValue() as Promise<number>)
    const total = 606

    // A new phone: nothing in IndexedDB, the whole festival comes from the bot.
    await page.goto(url)
    const fresh = await shown(total)
    rows.push({ measure: 'new phone: schedule shown, all 606 events held', value: `${fresh.toFixed(0)} ms`, target: '≤ 1500 ms', ok: fresh <= 1500 })
    const steps = await page.evaluate(() => performance.getEntriesByType('mark').filter((m) => m.name.startsWith('yurt:')).map((m) => `${m.name.slice(5)} ${m.startTime.toFixed(0)}`))
    const script = await page.evaluate(() => (performance.getEntriesByType('resource').find((r) => r.name.endsWith('/app.js')) as unknown as { responseEnd: number } | undefined)?.responseEnd ?? 0)
    process.stderr.write(`bench: new phone: script loaded ${script.toFixed(0)} ms, ${[...new Set(steps)].join(', ')}\n`)

    // Back to the page later: the schedule from IndexedDB, then what the bot got meanwhile.
    await page.close()
    for (let i = 1; i <= MISSED; i++) bot.say(`add talk "Missed ${i}" ${slot(23, i)}`)
    await bot.waitFor(new RegExp(`Added “Missed ${MISSED}”`))
    page = await context.newPage()
    await page.goto(`${url}#/day/2019-08-23`)
    const first = await shown(total)
    const caught = await page
      .waitForFunction((n) => document.body.textContent!.includes(`Missed ${n}`) && performance.now(), MISSED, { polling: 'raf', timeout: 60_000 })
      .then((h) => h.jsonValue() as Promise<number>)
    rows.push({ measure: 'returning phone: first schedule (from IndexedDB)', value: `${first.toFixed(0)} ms`, target: '≤ 1500 ms', ok: first <= 1500 })
    rows.push({ measure: `returning phone: catch-up of ${MISSED} missed events`, value: `${(caught - first).toFixed(0)} ms`, target: '≤ 1000 ms', ok: caught - first <= 1000 })

    // An open page, a line in the terminal room: until the frame that shows it.
    await page.waitForFunction(() => (globalThis as { yurt?: { connected(): boolean } }).yurt?.connected(), null, { timeout: 20_000 })
    await page.goto(`${url}#/day/2019-08-24`)
    await page.waitForFunction(() => (globalThis as { yurt?: { connected(): boolean } }).yurt?.connected(), null, { timeout: 20_000 })
    const latencies: number[] = []
    for (let i = 1; i <= EDITS; i++) {
      const title = `Live ${i}`
      const t0 = Date.now()
      bot.say(`add talk "${title}" ${slot(24, i)}`)
      const seen = await page
        .waitForFunction((t) => document.body.textContent!.includes(t) && Date.now(), title, { polling: 'raf', timeout: 30_000 })
        .then((h) => h.jsonValue() as Promise<number>)
      latencies.push(seen - t0)
    }
    rows.push({ measure: `chat edit → open page, p50 (${EDITS} edits)`, value: `${median(latencies)} ms`, target: '≤ 200 ms', ok: median(latencies) <= 200 })
    rows.push({ measure: 'chat edit → open page, p95', value: `${p95(latencies)} ms`, target: '—', ok: null })
    const marks = await page.evaluate(() => ({
      view: performance.getEntriesByName('yurt:view').map((e) => e.duration),
      render: performance.getEntriesByName('yurt:render').map((e) => e.duration),
    }))
    rows.push({ measure: 'page: festival view per change, p50', value: `${median(marks.view).toFixed(0)} ms`, target: '—', ok: null })
    rows.push({ measure: 'page: DOM per change, p50', value: `${median(marks.render).toFixed(0)} ms`, target: '—', ok: null })
  } finally {
    await browser.close()
    await bot?.close()
    await rm(dir, { recursive: true, force: true })
  }
  return rows
}

if (import.meta.main) console.table(await benchWeb())
