/**
 * A phone without the bot, in Debian's chromium: the page keeps showing and changing the festival
 * while the bot is down, opens again from its service worker and IndexedDB, and converges with the
 * bot when it comes back — on the page's own port, although the bot's WebSocket port changed.
 *
 * The page is built as shipped (no test hooks); `http://127.0.0.1` is a secure context, as
 * `http://localhost` on the bot's own machine is.
 */
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDir, yurt } from '../helpers/cli.ts'
import { Bot, CHROMIUM, dayZone, HAVE_CHROMIUM, hhmm, SHOTS, type Browser, type Page } from '../helpers/web.ts'

type Diagnostics = { yurt?: { connected(): boolean; offlineReady(): boolean; titles(): string[] } }

describe.skipIf(!HAVE_CHROMIUM)('a phone while the bot is down', () => {
  let data: { dir: string; cleanup: () => Promise<void> }
  let bot: Bot
  let browser: Browser
  let page: Page
  let url: string
  let port: string
  let zone: string
  const start = (httpPort: string) =>
    new Bot(['--data', data.dir, '--as', 'alice', '--http', `127.0.0.1:${httpPort}`, '--listen', '/ip4/127.0.0.1/tcp/0/ws', '--no-mdns'], { YURT_WEB_TEST_HOOKS: '0' })

  beforeAll(async () => {
    data = await tempDir('yurt-offline-')
    zone = dayZone()
    bot = start('0')
    bot.say(`new festival "Offline Fest" in ${zone}`)
    bot.say('add venue Garden')
    bot.say(`add workshop "Opening" today ${hhmm(Date.now() + 60 * 60_000, zone)} at Garden`)
    await bot.waitFor(/Added “Opening”/)
    url = (await bot.waitFor(/page: (http:\/\/127\.0\.0\.1:\d+\/)/, 'err'))[1]!
    port = /:(\d+)\/$/.exec(url)![1]!
    const { chromium } = await import('playwright-core')
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--disable-gpu'] })
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'en-GB' })
    page = await context.newPage()
    await page.goto(url)
    await page.waitForFunction(() => (globalThis as Diagnostics).yurt?.connected(), null, { timeout: 20_000 })
    await page.locator('#schedule').getByText('Opening').waitFor({ timeout: 10_000 })
    await mkdir(SHOTS, { recursive: true })
  }, 90_000)

  afterAll(async () => {
    await browser?.close()
    if (bot && bot.child.exitCode === null) bot.child.kill('SIGKILL')
    await data?.cleanup()
  })

  it('the shipped page has no forger: window.yurt is read only', async () => {
    const keys = await page.evaluate(() => Object.keys((globalThis as unknown as { yurt: object }).yurt))
    expect(keys).toContain('connected')
    expect(keys).not.toContain('forge')
    expect(keys).not.toContain('receive')
  })

  it('the page dials the bot on its own port, through the HTTP server', async () => {
    const info = (await (await fetch(`${url}api/info`)).json()) as { peers: string[] }
    expect(info.peers[0]).toMatch(new RegExp(`^/ip4/127\\.0\\.0\\.1/tcp/${port}/ws/p2p/\\w+$`))
  })

  it('with the bot stopped, the page says it is offline and still takes an RSVP and a new event', async () => {
    await page.waitForFunction(() => (globalThis as Diagnostics).yurt?.offlineReady(), null, { timeout: 20_000 })
    expect(await bot.close()).toBe(0)
    await page.locator('#status.offline').waitFor({ timeout: 10_000 })
    await page.fill('#name', 'Ada')
    await page.click('form.name button')
    await page.locator('#schedule a.event', { hasText: 'Opening' }).click()
    await page.click('button[data-rsvp="going"]')
    await page.locator('#going-count').getByText('1 going').waitFor({ timeout: 5_000 })
    await page.goto(url)
    await page.fill('#add-title', 'Offline Jam')
    await page.fill('#add-time', hhmm(Date.now() + 180 * 60_000, zone))
    await page.click('#add button[type=submit]')
    await page.locator('.event-page h1').getByText('Offline Jam').waitFor({ timeout: 5_000 })
  })

  it('reloaded with the bot down, the page opens from its service worker and shows what it holds', async () => {
    await page.goto(url)
    await page.locator('#schedule').getByText('Offline Jam').waitFor({ timeout: 15_000 })
    await page.locator('#schedule a.event', { hasText: 'Opening' }).getByText('1 going').waitFor({ timeout: 5_000 })
    await page.locator('#status.offline').waitFor({ timeout: 10_000 })
    await page.screenshot({ path: join(SHOTS, 'offline-390x844.png') })
  })

  it('when the bot is back (another WebSocket port, the same page port), both converge', async () => {
    bot = start(port)
    await bot.waitFor(/page: http:\/\/127\.0\.0\.1:\d+\//, 'err')
    bot.say(`add talk "Back Online" today ${hhmm(Date.now() + 240 * 60_000, zone)} at Garden`)
    await bot.waitFor(/Added “Back Online”/)
    await page.locator('#schedule').getByText('Back Online').waitFor({ timeout: 15_000 })
    await page.locator('#status.connected').waitFor({ timeout: 5_000 })
    await bot.waitFor(/Ada added “Offline Jam”/, 'out', 10_000)
    bot.say("who's going to Opening?")
    await bot.waitFor(/Ada/)
    await browser.close()
    expect(await bot.close()).toBe(0)
    const out = await yurt(['export', '--data', data.dir])
    expect(out.code, out.stderr).toBe(0)
    const json = JSON.parse(out.stdout) as { events: Array<{ title: string; going: string[] }> }
    expect(json.events.find((e) => e.title === 'Opening')?.going).toEqual(['Ada'])
    expect(json.events.map((e) => e.title)).toEqual(expect.arrayContaining(['Opening', 'Offline Jam', 'Back Online']))
  }, 60_000)
})
