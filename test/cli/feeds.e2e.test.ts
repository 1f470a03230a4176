/**
 * The feeds through the real `yurt start` (terminal room, page served on loopback): "calendar" in
 * the room answers with links that serve the festival, and what is said next is in the next fetch;
 * "my calendar" answers with the personal link (the terminal is a direct room).
 */
import { spawn } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BIN, ROOT, TEST_ENV, tempDir } from '../helpers/cli.ts'

describe('yurt start serves the feeds it links to', () => {
  let data: Awaited<ReturnType<typeof tempDir>>
  let child: ReturnType<typeof spawn>
  let out = ''
  let err = ''
  const waitFor = async (re: RegExp, where: () => string, timeoutMs = 20_000): Promise<RegExpMatchArray> => {
    const until = Date.now() + timeoutMs
    while (Date.now() < until) {
      const m = where().match(re)
      if (m) return m
      await new Promise((r) => setTimeout(r, 20))
    }
    throw new Error(`timed out waiting for ${re}; stdout:\n${out}\nstderr:\n${err}`)
  }
  const say = (line: string) => child.stdin!.write(line + '\n')

  beforeAll(async () => {
    data = await tempDir('yurt-feeds-')
    const env: NodeJS.ProcessEnv = { ...process.env, ...TEST_ENV, YURT_LOG: 'warn' }
    for (const k of Object.keys(env)) if (k.startsWith('YURT_MATRIX_') || k.startsWith('YURT_ROCKETCHAT_')) delete env[k]
    child = spawn(process.execPath, [BIN, 'start', '--data', data.dir, '--as', 'alice', '--http', '127.0.0.1:0', '--no-p2p'], { cwd: ROOT, env })
    child.stdout!.on('data', (d) => (out += d))
    child.stderr!.on('data', (d) => (err += d))
    say('new festival "Feed Fest" in Europe/Paris')
    say('add venue Garden')
    await waitFor(/page: http/, () => err)
  }, 60_000)

  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL')
    await data?.cleanup()
  })

  it('answers "calendar" with a webcal and an http link; the http one has the next change', async () => {
    say('calendar')
    const webcal = (await waitFor(/webcal:\/\/127\.0\.0\.1:\d+\/feeds\/\w+\.ics/, () => out))[0]
    const ics = webcal.replace('webcal://', 'http://')
    expect(out).toContain(`iCalendar: ${ics}`)
    const first = await fetch(ics)
    expect(first.status).toBe(200)
    expect(await first.text()).not.toContain('Compost')
    say('add workshop "Compost" tomorrow 10am at the garden')
    await waitFor(/Compost/, () => out)
    const next = await fetch(ics)
    expect(await next.text()).toContain('SUMMARY:Compost')
    const json = await fetch(ics.replace(/\.ics$/, '.json'))
    expect(json.headers.get('content-type')).toBe('application/json')
  })

  it('answers "my calendar" in the terminal (a direct room) with the link, which serves alice’s events', async () => {
    say('my calendar')
    const url = (await waitFor(/http:\/\/127\.0\.0\.1:\d+\/feeds\/me\/[\w-]{22}\.ics/, () => out))[0]
    expect(out).toMatch(/keep this link to yourself/)
    const body = await (await fetch(url)).text()
    expect(body).toContain('SUMMARY:Compost')
  })
})
