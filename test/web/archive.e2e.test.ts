/**
 * The static archive: `yurt import` of the Camp 2019 example, then `yurt archive --out`, opened from
 * file:// in Debian's chromium with every other request refused; and the archive kept current
 * (bin/archive.ts keepArchive, what `yurt peer --archive` runs) after a change said in a room.
 *
 * Screenshots at 390 px wide land in test-results/ (gitignored).
 */
import { existsSync, readFileSync } from 'node:fs'
import { mkdir, readdir, readFile } from 'node:fs/promises'
import { dirname, join, relative, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Bot } from '../../commands/bot.ts'
import { openDataDir } from '../../core/store.ts'
import { Repo } from '../../core/repo.ts'
import { keepArchive, writeArchiveDir } from '../../bin/archive.ts'
import { renderArchive } from '../../core/formats/archive.ts'
import { EXAMPLES, ROOT, tempDir, yurt } from '../helpers/cli.ts'

const CHROMIUM = process.env.YURT_TEST_CHROMIUM ?? '/usr/bin/chromium'
const HAVE_CHROMIUM = existsSync(CHROMIUM)
const SHOTS = join(ROOT, 'test-results')

async function walk(dir: string): Promise<string[]> {
  const out: string[] = []
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name)
    if (e.isDirectory()) out.push(...(await walk(p)))
    else out.push(p)
  }
  return out
}

describe('yurt archive of Camp 2019', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>
  let site: string
  let pages: string[]

  beforeAll(async () => {
    tmp = await tempDir()
    const data = join(tmp.dir, 'data')
    const imported = await yurt(['import', join(EXAMPLES, 'camp2019/everything.schedule.json'), '--data', data])
    expect(imported.code, imported.stderr).toBe(0)
    site = join(tmp.dir, 'site')
    const r = await yurt(['archive', '--data', data, '--out', site])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toContain('index.html')
    pages = (await walk(site)).filter((p) => p.endsWith('.html'))
  }, 120_000)

  afterAll(async () => {
    await tmp?.cleanup()
  })

  it('writes index, a page per venue and per event, ICS, JSON and frab; relative links that resolve; no script', async () => {
    const json = JSON.parse(await readFile(join(site, 'festival.json'), 'utf8')) as { events: unknown[]; venues: unknown[] }
    expect(pages.filter((p) => p.includes('/event/'))).toHaveLength(json.events.length)
    expect(pages.filter((p) => p.includes('/venue/'))).toHaveLength(json.venues.length)
    expect(await readFile(join(site, 'festival.ics'), 'utf8')).toContain('BEGIN:VCALENDAR')
    // The frab schedule beside them, for conference apps, linked from every page.
    const frab = JSON.parse(await readFile(join(site, 'festival.frab.json'), 'utf8')) as { schedule: { conference: { days: { rooms: Record<string, unknown[]> }[] } } }
    expect(frab.schedule.conference.days.flatMap((d) => Object.values(d.rooms).flat())).toHaveLength(json.events.length)
    expect(await readFile(join(site, 'festival.frab.xml'), 'utf8')).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<schedule>/)
    for (const p of pages) {
      const html = await readFile(p, 'utf8')
      expect(html, p).toMatch(/<a href="(?:\.\.\/)?festival\.frab\.xml">/)
    }
    for (const p of pages) {
      const html = await readFile(p, 'utf8')
      expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">'), p).toBe(true)
      expect(html).toContain('<meta name="viewport"')
      expect(html).not.toMatch(/<script/i)
      for (const [, href] of html.matchAll(/(?:href|src)="([^"]*)"/g)) {
        expect(href, `${p}: ${href}`).not.toMatch(/^(?:[a-z]+:|\/)/i)
        const target = resolve(dirname(p), decodeURI(href!.split('#')[0]!))
        expect(existsSync(target), `${relative(site, p)} links to missing ${href}`).toBe(true)
      }
    }
  })

  it('escapes what people wrote', () => {
    const files = renderArchive({
      festival: { id: 'f' as never, name: '<b>Fest</b>', timezone: 'Europe/Paris', createdAt: 0 } as never,
      venues: [],
      resources: [],
      series: [],
      horizon: { from: '2020-01-01', to: '2020-01-02' },
      names: new Map(),
      events: [
        { id: 'e/1?', title: '<script>alert(1)</script>', kind: 'talk', start: null, end: null, venue: null, resources: [], organizers: ['"Quote"'], tags: [], state: 'active', author: 'a'.repeat(64), authorName: 'A&B', venueName: null, resourceNames: [], status: 'unscheduled', clashes: [], going: [], maybe: [], waiting: [], limit: null, description: '</p><img src=x>' } as never,
      ],
    })
    const page = files.get('event/e~2f1~3f.html')!
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(page).toContain('&lt;/p&gt;&lt;img src=x&gt;')
    expect(page).toContain('A&amp;B, &quot;Quote&quot;')
    expect(files.get('index.html')).toContain('<title>&lt;b&gt;Fest&lt;/b&gt;</title>')
  })

  it.skipIf(!HAVE_CHROMIUM)('index, every venue page and a sample of event pages render in chromium from file:// with no network and no console error', async () => {
    const { chromium } = await import('playwright-core')
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--disable-gpu'] })
    try {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false })
      const refused: string[] = []
      await context.route('**/*', (route) => {
        const url = route.request().url()
        if (url.startsWith('file://')) return route.continue()
        refused.push(url)
        return route.abort()
      })
      const page = await context.newPage()
      const errors: string[] = []
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text())
      })
      page.on('pageerror', (e) => errors.push(e.message))
      // Index and venues all; every 8th event page (each was checked above for links and script; 606 in chromium take 100 s).
      const events = pages.filter((p) => p.includes('/event/'))
      const sample = [...pages.filter((p) => !p.includes('/event/')), ...events.filter((_, i) => i % 8 === 0)]
      for (const p of sample) {
        const res = await page.goto(pathToFileURL(p).href)
        expect(res?.ok() ?? true, p).toBe(true)
        expect(await page.locator('h1').count(), p).toBe(1)
        expect((await page.locator('h1').innerText()).trim().length, p).toBeGreaterThan(0)
      }
      expect(errors).toEqual([])
      expect(refused).toEqual([])
      await mkdir(SHOTS, { recursive: true })
      await page.goto(pathToFileURL(join(site, 'index.html')).href)
      expect(await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
      await page.screenshot({ path: join(SHOTS, 'archive-index-390.png') })
      // The page whose description has the longest unbroken word (a URL in Camp 2019's): the hardest to fit.
      const longestWord = (p: string) => Math.max(0, ...(/<p class="desc">([^<]*)/.exec(readFileSync(p, 'utf8'))?.[1] ?? '').split(/\s+/).map((w) => w.length))
      const eventPages = pages.filter((p) => p.includes('/event/'))
      const withDescription = eventPages.reduce((best, p) => (longestWord(p) > longestWord(best) ? p : best), eventPages[0]!)
      await page.goto(pathToFileURL(withDescription).href)
      expect(await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
      await page.screenshot({ path: join(SHOTS, 'archive-event-390.png'), fullPage: true })
    } finally {
      await browser.close()
    }
  }, 180_000)
})

describe('the archive kept current (yurt peer --archive)', () => {
  it('is rewritten after a change said in the room', async () => {
    const tmp = await tempDir()
    const data = await openDataDir(join(tmp.dir, 'data'), { memory: true, sync: false })
    const repo = await Repo.open(data)
    try {
      const bot = new Bot({ repo, deviceSeed: new Uint8Array(32).fill(5), kv: data.kv, defaultTimezone: 'Europe/Paris' })
      const festival = await repo.createFestival({ name: 'Camp', timezone: 'Europe/Paris' })
      await bot.bindRoom('terminal', 'terminal', festival)
      const site = join(tmp.dir, 'out', 'site')
      let writes = 0
      const keeper = keepArchive(repo, festival.id, site, { debounceMs: 50, onWritten: () => writes++, onError: (e) => { throw e } })
      await keeper.idle()
      expect(await readFile(join(site, 'index.html'), 'utf8')).toContain('Nothing is scheduled.')
      const say = (text: string) => bot.onMessage({ platform: 'terminal', room: 'terminal', user: 'alice', text, ts: Date.now() })
      await say('add venue Atelier')
      await say('add talk "Mesh routing" tomorrow 7pm at the atelier')
      await new Promise((r) => setTimeout(r, 10))
      await keeper.idle()
      const index = await readFile(join(site, 'index.html'), 'utf8')
      expect(index).toContain('Mesh routing')
      expect(index).toContain('venue/')
      // Two changes in quick succession: one rewrite after the first write, not one each.
      expect(writes).toBe(2)
      await keeper.stop()
      // No temporary directories are left beside it.
      expect((await readdir(join(tmp.dir, 'out'))).sort()).toEqual(['site'])
      // A file in the way is an error naming the option.
      await expect(writeArchiveDir(join(site, 'index.html'), new Map())).rejects.toThrow(/--out .*not a directory/)
      // A directory that is not an archive, or the current one, is never replaced.
      await expect(writeArchiveDir(join(site, '..', '..'), new Map())).rejects.toThrow(/not an archive/)
      await expect(writeArchiveDir('.', new Map())).rejects.toThrow(/current directory/)
      await expect(writeArchiveDir('', new Map())).rejects.toThrow(/--out/)
      expect(existsSync(join(tmp.dir, 'data'))).toBe(true)
    } finally {
      await repo.close()
      await tmp.cleanup()
    }
  })
})
