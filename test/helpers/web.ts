/**
 * What the browser tests share: Debian's chromium (skipped with one line where it is missing, an
 * error under CI=true), a `yurt start` child process with its terminal room, and time helpers.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { BIN, ROOT, TEST_ENV } from './cli.ts'

export const CHROMIUM = process.env.YURT_TEST_CHROMIUM ?? '/usr/bin/chromium'
export const HAVE_CHROMIUM = existsSync(CHROMIUM)
/** Screenshots land here (gitignored), beside the test output. */
export const SHOTS = join(ROOT, 'test-results')

if (!HAVE_CHROMIUM) {
  if (process.env.CI === 'true') throw new Error(`CI=true but no chromium at ${CHROMIUM}: apt-get install -y chromium`)
  console.log(`browser tests skipped: no chromium at ${CHROMIUM} (apt-get install -y chromium)`)
}

export type Browser = import('playwright-core').Browser
export type Page = import('playwright-core').Page

/** A zone where it is now between 02:00 and 17:00, so that "now" and "later today" exist. */
export function dayZone(): string {
  for (const zone of ['Etc/UTC', 'Asia/Tokyo', 'America/New_York', 'Pacific/Auckland', 'America/Los_Angeles']) {
    const hour = Number(new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', hourCycle: 'h23' }).format(Date.now()))
    if (hour >= 2 && hour <= 17) return zone
  }
  return 'Etc/UTC'
}

export function hhmm(instant: number, zone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(instant)
}

/** `yurt start` as a child process: its terminal room on stdin/stdout, its log on stderr. */
export class Bot {
  readonly child: ChildProcessWithoutNullStreams
  out = ''
  err = ''
  /** `env` adds to the tests' environment; the page is built with its test hooks unless `YURT_WEB_TEST_HOOKS` is set otherwise. */
  constructor(args: string[], env: NodeJS.ProcessEnv = {}) {
    env = { ...process.env, ...TEST_ENV, YURT_LOG: 'warn', YURT_WEB_TEST_HOOKS: '1', ...env }
    for (const k of Object.keys(env)) if (k.startsWith('YURT_MATRIX_') || k.startsWith('YURT_ROCKETCHAT_')) delete env[k]
    this.child = spawn(process.execPath, [BIN, 'start', ...args], { cwd: ROOT, env })
    this.child.stdout.on('data', (d) => (this.out += d))
    this.child.stderr.on('data', (d) => (this.err += d))
  }
  say(line: string): void {
    this.child.stdin.write(line + '\n')
  }
  async waitFor(re: RegExp, where: 'out' | 'err' = 'out', timeoutMs = 20_000): Promise<RegExpMatchArray> {
    const until = Date.now() + timeoutMs
    while (Date.now() < until) {
      const m = this[where].match(re)
      if (m) return m
      await new Promise((r) => setTimeout(r, 20))
    }
    throw new Error(`timed out waiting for ${re}; stdout:\n${this.out}\nstderr:\n${this.err}`)
  }
  close(): Promise<number | null> {
    this.child.stdin.end()
    return new Promise((resolve) => this.child.on('close', resolve))
  }
}
