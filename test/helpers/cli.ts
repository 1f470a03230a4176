/**
 * Runs the real `yurt` command line in a child process (the same Node that runs the tests).
 */
import { spawn } from 'node:child_process'
import { createServer } from 'node:net'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

export const ROOT = resolve(import.meta.dirname, '../..')
export const BIN = join(ROOT, 'bin/yurt.ts')
/** The sample programmes shipped with the repository (`examples/`, see its README). */
export const EXAMPLES = join(ROOT, 'examples')

/** The environment every spawned yurt gets: loopback only, no mDNS, quiet logs. */
export const TEST_ENV: NodeJS.ProcessEnv = { YURT_LOG: 'warn', YURT_MDNS: 'off', YURT_LISTEN: '/ip4/127.0.0.1/tcp/0' }

export interface RunResult {
  code: number | null
  stdout: string
  stderr: string
}

/** Runs `yurt ...args`, feeding `input` on stdin (then closing it). Bounded by `timeoutMs`. */
export function yurt(args: string[], input = '', timeoutMs = 60_000, env: NodeJS.ProcessEnv = {}): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, ...TEST_ENV, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`yurt ${args.join(' ')} timed out after ${timeoutMs} ms\n${stdout}\n${stderr}`))
    }, timeoutMs)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolvePromise({ code, stdout, stderr })
    })
    child.stdin.end(input)
  })
}

/** A fresh temporary directory, removed by the returned function. */
export async function tempDir(prefix = 'yurt-'): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix))
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) }
}

/** A TCP port free on 127.0.0.1 right now (for a `--listen` that must be known before start). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
    server.on('error', reject)
  })
}
