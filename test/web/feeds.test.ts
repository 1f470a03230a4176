/**
 * The live feeds (bin/feeds.ts) on the real web server (bin/web.ts), over a real repo and bot: what
 * is said in the room is in the next fetch; ETags; personal feeds behind their token; "calendar"
 * and "my calendar" in chat give links that work.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Bot } from '../../commands/bot.ts'
import { openDataDir } from '../../core/store.ts'
import type { DataDir } from '../../core/store.ts'
import { Repo } from '../../core/repo.ts'
import type { FestivalId, FestivalMeta } from '../../core/types.ts'
import type { Reply } from '../../adapters/types.ts'
import { FeedTokens } from '../../bin/feeds.ts'
import { startWebServer } from '../../bin/web.ts'
import { newEntityId } from '../../core/ids.ts'
import { signer } from '../p2p/fake-host.ts'
import { connect, startPeer, stopAll, until } from '../p2p/helpers.ts'
import type { WebServer } from '../../bin/web.ts'

let dir: string
let data: DataDir
let repo: Repo
let bot: Bot
let web: WebServer
let festival: FestivalMeta
const directs: { user: string; reply: Reply }[] = []
let clock = Date.parse('2027-06-02T08:00:00Z')

const say = (user: string, text: string, direct = false) =>
  bot.onMessage({ platform: 'terminal', room: direct ? `dm-${user}` : 'terminal', user, userName: user, text, ts: clock, ...(direct ? { direct: true } : {}) })
const text = (r: Reply | null) => (r?.blocks ?? []).map((b) => (b.type === 'text' ? b.text : b.type === 'list' ? b.items.join('\n') : '')).join('\n')
const get = (path: string, headers: Record<string, string> = {}) => fetch(new URL(path, web.url), { headers })

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'yurt-feeds-'))
  data = await openDataDir(dir, { memory: true, sync: false })
  repo = await Repo.open(data, { now: () => clock })
  const tokens = new FeedTokens(data.kv)
  web = await startWebServer(
    {
      festivals: () => repo.festivals(),
      addresses: () => [],
      view: async (id) => (repo.festival(id as FestivalId) ? (await repo.open(id as FestivalId)).view() : null),
      tokenOwner: (t) => tokens.owner(t),
    },
    { host: '127.0.0.1', port: 0 },
  )
  bot = new Bot({
    repo,
    deviceSeed: new Uint8Array(32).fill(3),
    kv: data.kv,
    now: () => clock,
    defaultTimezone: 'Europe/Paris',
    feeds: {
      base: web.url,
      tokenFor: (f, author) => tokens.tokenFor({ festival: f, author }),
      sendDirect: async (_platform, user, reply) => {
        directs.push({ user, reply })
        return true
      },
    },
  })
  festival = await repo.createFestival({ name: 'Camp', timezone: 'Europe/Paris' })
  await bot.bindRoom('terminal', 'terminal', festival)
  for (const u of ['alice', 'bob']) await bot.bindRoom('terminal', `dm-${u}`, festival)
  await say('alice', 'add venue Atelier')
  await say('alice', 'add venue Bar')
})

afterAll(async () => {
  await stopAll()
  await web?.close()
  await repo?.close()
  await rm(dir, { recursive: true, force: true })
})

describe('festival feed', () => {
  it('serves iCalendar with a strong ETag, no-cache, and 304 when nothing changed', async () => {
    const a = await get(`/feeds/${festival.id}.ics`)
    expect(a.status).toBe(200)
    expect(a.headers.get('content-type')).toBe('text/calendar; charset=utf-8')
    expect(a.headers.get('cache-control')).toBe('no-cache')
    const etag = a.headers.get('etag')!
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/)
    expect(await a.text()).toContain('BEGIN:VCALENDAR')
    const b = await get(`/feeds/${festival.id}.ics`)
    expect(b.headers.get('etag')).toBe(etag)
    const c = await get(`/feeds/${festival.id}.ics`, { 'if-none-match': etag })
    expect(c.status).toBe(304)
    expect(await c.text()).toBe('')
  })

  it('has an event said in the room at the next fetch, with a new ETag', async () => {
    const before = await get(`/feeds/${festival.id}.ics`)
    const etag = before.headers.get('etag')!
    expect(await before.text()).not.toContain('Mesh routing')
    clock += 60_000
    await say('alice', 'add talk "Mesh routing" tomorrow 7pm at the atelier')
    const after = await get(`/feeds/${festival.id}.ics`, { 'if-none-match': etag })
    expect(after.status).toBe(200)
    expect(after.headers.get('etag')).not.toBe(etag)
    const body = await after.text()
    expect(body).toContain('SUMMARY:Mesh routing')
    expect(body).toContain('DTSTART;TZID=Europe/Paris:20270603T190000')
  })

  it('serves JSON and a venue feed; unknown festival or venue is 404', async () => {
    const json = await get(`/feeds/${festival.id}.json`)
    expect(json.headers.get('content-type')).toBe('application/json')
    const parsed = (await json.json()) as { events: { title: string }[] }
    expect(parsed.events.map((e) => e.title)).toContain('Mesh routing')
    clock += 60_000
    await say('bob', 'add concert "Late set" tomorrow 10pm at the bar')
    const view = (await repo.open(festival.id)).view()
    const atelier = view.venues.find((v) => v.name === 'Atelier')!
    const venueFeed = await (await get(`/feeds/${festival.id}/venue/${atelier.id}.ics`)).text()
    expect(venueFeed).toContain('SUMMARY:Mesh routing')
    expect(venueFeed).not.toContain('Late set')
    for (const path of [`/feeds/nope.ics`, `/feeds/${festival.id}/venue/nope.ics`, `/feeds/${festival.id}.xml`, '/feeds/%E0%A4%A.ics']) {
      const r = await get(path)
      expect(r.status, path).toBe(404)
      expect(await r.text()).toBe('not found\n')
    }
  })
})

describe('an event booked on another peer', () => {
  it('is in the next iCalendar and frab fetch once the laptop’s peer has synced with the bot’s (real libp2p on loopback)', async () => {
    const otherDir = await mkdtemp(join(tmpdir(), 'yurt-feeds-peer-'))
    const other = await Repo.open(await openDataDir(otherDir, { memory: true, sync: false }), { now: () => clock })
    try {
      await other.adoptFestival(festival)
      const dana = signer('dana')
      const venue = (await repo.open(festival.id)).view().venues.find((v) => v.name === 'Atelier')!
      const before = await get(`/feeds/${festival.id}.ics`)
      const etag = before.headers.get('etag')!
      await other.commit(festival.id, dana, (w) =>
        w.setEvent(newEntityId(dana.key), {
          title: 'Booked on a laptop',
          kind: 'workshop',
          start: Date.parse('2027-06-03T16:00:00+02:00'),
          end: Date.parse('2027-06-03T17:00:00+02:00'),
          venue: venue.id,
          resources: [],
          organizers: [],
          tags: [],
          state: 'scheduled',
          bookedAt: clock,
        }),
      )
      // The laptop meets the bot's peer: the first sync brings the booking over.
      const here = await startPeer(repo)
      const there = await startPeer(other)
      await connect(there, here, true)
      await until(() => repo.heads(festival.id).has(dana.key), 'the bot holds the laptop’s booking')
      const after = await get(`/feeds/${festival.id}.ics`, { 'if-none-match': etag })
      expect(after.status).toBe(200)
      const body = await after.text()
      expect(body).toContain('SUMMARY:Booked on a laptop')
      expect(body).toContain('DTSTART;TZID=Europe/Paris:20270603T160000')
      expect(await (await get(`/feeds/${festival.id}.frab.xml`)).text()).toContain('<title>Booked on a laptop</title>')
    } finally {
      await stopAll()
      await other.close()
      await rm(otherDir, { recursive: true, force: true })
    }
  })
})

describe('frab feed', () => {
  it('serves the frab schedule as JSON and XML for conference apps, with the next change and 304 when unchanged', async () => {
    const json = await get(`/feeds/${festival.id}.frab.json`)
    expect(json.status).toBe(200)
    expect(json.headers.get('content-type')).toBe('application/json')
    const etag = json.headers.get('etag')!
    const schedule = ((await json.json()) as { schedule: { conference: { days: { rooms: Record<string, { title: string; start: string }[]> }[] } } }).schedule
    const events = schedule.conference.days.flatMap((d) => Object.values(d.rooms).flat())
    expect(events.find((e) => e.title === 'Mesh routing')?.start).toBe('19:00')
    expect((await get(`/feeds/${festival.id}.frab.json`, { 'if-none-match': etag })).status).toBe(304)
    const xml = await get(`/feeds/${festival.id}.frab.xml`)
    expect(xml.headers.get('content-type')).toBe('application/xml; charset=utf-8')
    expect(await xml.text()).toMatch(/<room name="Bar">\s*<event [^>]*>[\s\S]*<title>Late set<\/title>/)
    clock += 60_000
    await say('alice', 'add talk "Frab check" tomorrow 9pm at the atelier')
    const after = await get(`/feeds/${festival.id}.frab.json`, { 'if-none-match': etag })
    expect(after.status).toBe(200)
    expect(await after.text()).toContain('"title": "Frab check"')
  })

  it('is a 404 that says why while nothing is scheduled', async () => {
    const empty = await repo.createFestival({ name: 'Empty', timezone: 'Europe/Paris' })
    const r = await get(`/feeds/${empty.id}.frab.xml`)
    expect(r.status).toBe(404)
    expect(await r.text()).toMatch(/no scheduled event/)
  })
})

describe('personal feed', () => {
  it('is sent in a direct message, holds exactly the person’s events, and a random token is 404', async () => {
    clock += 60_000
    await say('carol', 'add workshop "Soldering" saturday 11am at the atelier')
    await say('bob', 'I am going to Mesh routing')
    const inRoom = await say('bob', 'my calendar')
    expect(text(inRoom)).toMatch(/direct message/)
    const dm = directs.find((d) => d.user === 'bob')!
    const url = text(dm.reply).match(/http:\/\/\S+\/feeds\/me\/[A-Za-z0-9_-]{22}\.ics/)![0]
    const body = await (await fetch(url)).text()
    expect(body).toContain('SUMMARY:Mesh routing') // going
    expect(body).toContain('SUMMARY:Late set') // organising
    expect(body).not.toContain('Soldering')
    expect((await fetch(url)).headers.get('content-type')).toBe('text/calendar; charset=utf-8')
    // Asking again gives the same link; in a direct message, the answer is the link.
    const again = await say('bob', 'my calendar', true)
    expect(text(again)).toContain(url)
    const random = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64url')
    const miss = await get(`/feeds/me/${random}.ics`)
    expect(miss.status).toBe(404)
    expect(await miss.text()).toBe('not found\n')
    expect((await get('/feeds/me/short.ics')).status).toBe(404)
  })
})

describe('calendar in chat', () => {
  it('answers with links that work, in EN, FR and DE', async () => {
    const en = text(await say('alice', 'calendar'))
    expect(en).toContain(`webcal://127.0.0.1:${new URL(web.url).port}/feeds/${festival.id}.ics`)
    const link = en.match(/http:\/\/\S+\.ics/)![0]
    expect((await fetch(link)).status).toBe(200)
    for (const frab of en.match(/http:\/\/\S+\.frab\.(?:json|xml)/g)!) expect((await fetch(frab)).status, frab).toBe(200)
    expect(text(await say('alice', 'calendrier ?'))).toMatch(/Abonnez-vous/)
    expect(text(await say('alice', 'Kalender abonnieren'))).toMatch(/abonnieren/)
    expect(text(await say('alice', 'mon agenda'))).toMatch(/message privé/)
    expect(text(await say('alice', 'mein Kalender'))).toMatch(/Direktnachricht/)
  })

  it('says feeds are off without a server, and that it cannot DM where the platform cannot', async () => {
    const off = new Bot({ repo, deviceSeed: new Uint8Array(32).fill(3), kv: data.kv, now: () => clock })
    await off.bindRoom('terminal', 'terminal', festival)
    const r = await off.onMessage({ platform: 'terminal', room: 'terminal', user: 'alice', text: 'subscribe', ts: clock })
    expect(text(r)).toMatch(/--http off/)
    const noDm = new Bot({
      repo,
      deviceSeed: new Uint8Array(32).fill(3),
      kv: data.kv,
      now: () => clock,
      feeds: { base: web.url, tokenFor: async () => 'x', sendDirect: async () => false },
    })
    await noDm.bindRoom('terminal', 'terminal', festival)
    const r2 = await noDm.onMessage({ platform: 'terminal', room: 'terminal', user: 'alice', text: 'my calendar', ts: clock })
    expect(r2?.tone).toBe('refusal')
    expect(text(r2)).not.toMatch(/feeds\/me/)
  })
})
