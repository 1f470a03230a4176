/**
 * Command throughput and latency: the whole path a chat message takes, in process — parse, apply,
 * sign, store (fsync), reply — on Camp 2019 (606 events) and on a festival of 5,000 events with
 * series, one room at a time and eight rooms at once.
 *
 * @remarks The mix is what a festival's rooms send: adds, moves, renames and cancels of the
 * speaker's own events, RSVPs to events named as they are titled, and queries. Questions (an
 * ambiguous name) and refusals (a taken slot) are counted apart from done commands, so that a mix
 * that stops doing what it says shows in the table.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { spawnSync } from 'node:child_process'
import { openDataDir } from '../core/store.ts'
import { Repo } from '../core/repo.ts'
import { importProgramme } from '../core/formats/index.ts'
import type { ImportedProgramme } from '../core/formats/index.ts'
import { applyProgramme } from '../core/importer.ts'
import { Bot } from '../commands/bot.ts'
import type { FestivalMeta } from '../core/types.ts'

const ROOT = resolve(import.meta.dirname, '..')
const CAMP = resolve(ROOT, 'examples/camp2019/everything.schedule.json')

export interface Row {
  measure: string
  value: string
  target: string
  ok: boolean | null
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}

/** What a run of the mix did. */
interface MixResult {
  latencies: number[]
  ms: number
  done: number
  writes: number
  questions: number
  refusals: number
  errors: number
}

const DAYS = ['Thursday', 'Friday', 'Saturday', 'Sunday']

/**
 * Sends `count` messages of the mix in `room`, as `users` speakers, one after another.
 *
 * A speaker's own events are called `<prefix> <user>-<n>` (`prefix`: the room's name unless given), so
 * that a move, rename or cancel names one event and is that speaker's to make; a warm-up in the same
 * room takes another prefix, or its events would share the measured run's titles and make questions.
 */
export async function runMix(bot: Bot, room: string, users: number, count: number, titles: string[], now: number, venue: string, query: string, prefix = room): Promise<MixResult> {
  const own = new Map<number, string[]>()
  const r: MixResult = { latencies: [], ms: 0, done: 0, writes: 0, questions: 0, refusals: 0, errors: 0 }
  const sentence = (i: number): { text: string; user: number; write: boolean } => {
    // Each speaker sends a whole cycle of ten (add, RSVP, query, move, …), so that every speaker's
    // moves, renames and cancels name an event that speaker added.
    const user = Math.floor(i / 10) % users
    const mine = own.get(user) ?? []
    const last = mine.at(-1)
    const title = titles[(i * 7919) % titles.length]!
    switch (i % 10) {
      case 0:
      case 5: {
        const name = `${prefix} ${user}-${mine.length + 1}`
        mine.push(name)
        own.set(user, mine)
        const day = DAYS[(i >> 3) % DAYS.length]
        return { text: `add workshop "${name}" ${day} ${8 + (i % 12)}:${String((i * 7) % 4 * 15).padStart(2, '0')} at ${venue}`, user, write: true }
      }
      case 1:
        return { text: `I'm going to ${title}`, user, write: true }
      case 2:
        return { text: query, user, write: false }
      case 3:
        return last ? { text: `move ${last} to ${9 + (i % 10)}:30`, user, write: true } : { text: 'what is on now?', user, write: false }
      case 4:
        return { text: `who's going to ${title}?`, user, write: false }
      case 6:
        if (!last) return { text: 'what is on now?', user, write: false }
        mine[mine.length - 1] = `${last} b`
        return { text: `rename ${last} to ${last} b`, user, write: true }
      case 7:
        return { text: `maybe ${titles[(i * 104729) % titles.length]!}`, user, write: true }
      case 8:
        if (mine.length < 2) return { text: "what's on tomorrow?", user, write: false }
        return { text: `cancel ${mine.shift()!}`, user, write: true }
      default:
        return { text: 'what is on now?', user, write: false }
    }
  }
  const start = performance.now()
  for (let i = 0; i < count; i++) {
    const s = sentence(i)
    const t = performance.now()
    const reply = await bot.onMessage({ platform: 'terminal', room, user: `${room}-user${s.user}`, text: s.text, ts: now })
    r.latencies.push(performance.now() - t)
    if (!reply || reply.tone === 'error') r.errors++
    else if (reply.tone === 'question') r.questions++
    else if (reply.tone === 'refusal') r.refusals++
    else {
      r.done++
      if (s.write) r.writes++
    }
  }
  r.ms = performance.now() - start
  r.latencies.sort((a, b) => a - b)
  return r
}

/** The rows of one run: p50, p99, rate, and what the commands did. */
function mixRows(label: string, r: MixResult, targets: { p50?: number; p99: number; rate: number }): Row[] {
  const count = r.latencies.length
  const p50 = percentile(r.latencies, 50)
  const p99 = percentile(r.latencies, 99)
  const rate = (count / r.ms) * 1000
  const rows: Row[] = []
  if (targets.p50 !== undefined) rows.push({ measure: `${label}: one command, p50`, value: `${p50.toFixed(2)} ms`, target: `≤ ${targets.p50} ms`, ok: p50 <= targets.p50 })
  rows.push({ measure: `${label}: one command, p99`, value: `${p99.toFixed(2)} ms`, target: `≤ ${targets.p99} ms`, ok: p99 <= targets.p99 })
  rows.push({ measure: `${label}: commands per second`, value: rate.toFixed(0), target: `≥ ${targets.rate}`, ok: rate >= targets.rate })
  rows.push({
    measure: `${label}: done (of them writes) / questions / refusals / errors`,
    value: `${r.done} (${r.writes}) / ${r.questions} / ${r.refusals} / ${r.errors}`,
    target: 'errors 0',
    ok: r.errors === 0,
  })
  return rows
}

/** Titles people can name unambiguously: those the festival holds once. */
export function uniqueTitles(titles: string[]): string[] {
  const n = new Map<string, number>()
  for (const t of titles) n.set(t.toLowerCase(), (n.get(t.toLowerCase()) ?? 0) + 1)
  return titles.filter((t) => t.length > 3 && n.get(t.toLowerCase()) === 1 && !/["“”]/.test(t))
}

/** A programme of `n` events over 10 days in 20 venues, 08:00–23:00, an hour each, no clash. */
export function bigProgramme(n: number): ImportedProgramme {
  const venues = Array.from({ length: 20 }, (_, i) => ({ name: `Hall ${String.fromCharCode(65 + i)}`, aliases: [], concurrent: 1, capacity: null }))
  const day0 = Date.parse('2027-07-01T08:00:00+02:00')
  const words = ['Mesh', 'Routing', 'Local-first', 'CRDT', 'Sync', 'Privacy', 'Radio', 'Garden', 'Music', 'Repair', 'Solar', 'Games']
  return {
    format: 'frab-json',
    name: 'Big Festival',
    timezone: 'Europe/Paris',
    startDate: '2027-07-01',
    endDate: '2027-07-10',
    venues,
    warnings: [],
    events: Array.from({ length: n }, (_, i) => {
      const slot = Math.floor(i / venues.length)
      const start = day0 + Math.floor(slot / 25) * 86_400_000 + (slot % 25) * 1_800_000
      return {
        source: `big:${i}`,
        title: `${words[i % words.length]} ${words[(i * 7) % words.length]} session ${i}`,
        kind: i % 3 === 0 ? 'talk' : 'workshop',
        start,
        end: start + 1_800_000,
        venue: venues[i % venues.length]!.name,
        organizers: [],
        tags: [],
      }
    }),
  }
}

/** The median time of a synced two-record batch (an operation and its head) on a fresh LevelDB in `dir`, ms. */
async function syncedBatchMs(dir: string): Promise<number> {
  const { ClassicLevel } = await import('classic-level')
  const db = new ClassicLevel<string, Uint8Array>(dir, { valueEncoding: 'view' })
  await db.open()
  const value = new Uint8Array(900)
  const times: number[] = []
  try {
    for (let i = 0; i < 200; i++) {
      const t = performance.now()
      await db.batch([{ type: 'put', key: `op${i}`, value }, { type: 'put', key: 'head', value: value.subarray(0, 40) }], { sync: true })
      times.push(performance.now() - t)
    }
  } finally {
    await db.close()
  }
  times.sort((a, b) => a - b)
  return times[100]!
}

/** A festival in a fresh data directory, with a bot bound to `rooms`. */
export async function setUp(dir: string, programme: ImportedProgramme, now: number, rooms: string[], options: { sync?: boolean } = {}) {
  const data = await openDataDir(dir, options)
  const repo = await Repo.open(data, { now: () => now })
  const festival: FestivalMeta = await repo.createFestival({ name: programme.name, timezone: programme.timezone, startDate: programme.startDate!, endDate: programme.endDate! })
  const bot = new Bot({ repo, deviceSeed: data.deviceSeed, kv: data.kv, now: () => now, defaultLang: 'en' })
  await applyProgramme(repo, festival.id, bot.signerFor('terminal', 'importer'), programme, now, 'importer')
  for (const room of rooms) await bot.bindRoom('terminal', room, festival)
  // As `yurt start` does once its rooms listen and its network has started.
  await bot.warmUp()
  await bot.warmUp('help')
  return { repo, bot, festival }
}

/**
 * The festival of 5,000 events in a fresh data directory, with ten weekly series and a zone for the
 * bench's room ("Bench Zone") and for each of `rooms`, bound to the room `big` and to `rooms`.
 */
async function setUpBig(dir: string, now: number, rooms: string[], options: { sync?: boolean } = {}) {
  const world = await setUp(dir, bigProgramme(5000), now, ['big', ...rooms], options)
  for (let k = 0; k < 10; k++) {
    await world.bot.onMessage({ platform: 'terminal', room: 'big', user: `host${k}`, text: `add meetup "Weekly ${k}" every ${['monday', 'tuesday', 'wednesday', 'thursday', 'friday'][k % 5]} ${8 + k}pm at hall ${String.fromCharCode(65 + k)}`, ts: now })
  }
  for (const zone of ['Bench Zone', ...rooms.map((r) => `${r} zone`)]) {
    await world.bot.onMessage({ platform: 'terminal', room: 'big', user: 'alice', text: `add venue ${zone} as a zone`, ts: now })
  }
  return world
}

/**
 * Milliseconds from spawning `yurt start` on `dir` (the terminal room, a peer on loopback, the page on
 * loopback) to the first line of its answer to a question typed at once; the median of three runs.
 */
async function startUpToFirstAnswer(dir: string): Promise<number> {
  const { spawn } = await import('node:child_process')
  const times: number[] = []
  for (let i = 0; i < 3; i++) {
    const t = performance.now()
    const child = spawn(
      process.execPath,
      [join(ROOT, 'bin/yurt.ts'), 'start', '--data', dir, '--listen', '/ip4/127.0.0.1/tcp/0', '--no-mdns', '--http', '127.0.0.1:0', '--now', '2019-08-21T10:00:00+02:00'],
      { stdio: ['pipe', 'pipe', 'pipe'] },
    )
    child.stdin.write("what's on Friday at Curie?\n")
    const ms = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('bench: yurt start gave no answer within 20 s')), 20_000)
      child.stdout.once('data', () => {
        clearTimeout(timer)
        resolve(performance.now() - t)
      })
      child.once('exit', (code) => reject(new Error(`bench: yurt start exited (${code}) before answering`)))
    })
    child.stdin.end()
    await new Promise((resolve) => child.once('exit', resolve))
    times.push(ms)
  }
  times.sort((a, b) => a - b)
  return times[1]!
}

/** Imports Camp 2019, then runs `count` chat commands one after another; then the 5,000-event festival. */
export async function benchCommands(count = 1500): Promise<Row[]> {
  const rows: Row[] = []
  const dir = await mkdtemp(join(tmpdir(), 'yurt-bench-'))
  try {
    const now = Date.parse('2019-08-21T08:00:00+02:00')
    const t0 = performance.now()
    const programme = importProgramme(await readFile(CAMP, 'utf8'), { file: 'everything.schedule.json' })
    const { repo, bot, festival } = await setUp(dir, programme, now, ['bench'])
    const importMs = performance.now() - t0
    rows.push({ measure: 'import Camp 2019 (606 events), in process', value: `${importMs.toFixed(0)} ms`, target: '≤ 2000 ms', ok: importMs <= 2000 })
    await bot.onMessage({ platform: 'terminal', room: 'bench', user: 'alice', text: 'add venue Bench Village as a zone', ts: now })
    const titles = uniqueTitles((await repo.open(festival.id)).view().events.map((e) => e.title))
    // Warm-up, as a bot that has just started and answered a few messages: not measured.
    await runMix(bot, 'bench', 5, 50, titles, now, 'Bench Village', "what's on Friday at Curie?", 'warm-up')
    const camp = await runMix(bot, 'bench', 50, count, titles, now, 'Bench Village', "what's on Friday at Curie?")
    rows.push(...mixRows(`Camp 2019, ${count} mixed commands, fsync on`, camp, { p50: 1, p99: 5, rate: 1000 }))
    await repo.close()
    const rss = process.resourceUsage().maxRSS / 1024
    rows.push({ measure: 'peak RSS so far (Camp 2019 held, 1,500 commands)', value: `${rss.toFixed(0)} MB`, target: '≤ 200 MB', ok: rss <= 200 })
    // What one room can reach when each write waits for its own fsync: the disk's floor, measured
    // beside it, and the same mix with fsync off (the CPU's part alone; not a way yurt runs).
    const fsyncMs = await syncedBatchMs(join(dir, 'fsync-probe'))
    rows.push({ measure: '  this disk: one synced LevelDB batch (2 records, 1 KB), median of 200', value: `${fsyncMs.toFixed(2)} ms`, target: '—', ok: null })
    {
      const off = await setUp(join(dir, 'nosync'), programme, now, ['bench'], { sync: false })
      await off.bot.onMessage({ platform: 'terminal', room: 'bench', user: 'alice', text: 'add venue Bench Village as a zone', ts: now })
      await runMix(off.bot, 'bench', 5, 50, titles, now, 'Bench Village', "what's on Friday at Curie?", 'warm-up')
      const r = await runMix(off.bot, 'bench', 50, count, titles, now, 'Bench Village', "what's on Friday at Curie?")
      const p50 = percentile(r.latencies, 50)
      rows.push({ measure: '  same mix, fsync off (the CPU alone): p50 / p99 / commands per second', value: `${p50.toFixed(2)} / ${percentile(r.latencies, 99).toFixed(2)} ms / ${((count / r.ms) * 1000).toFixed(0)}`, target: '—', ok: null })
      await off.repo.close()
    }

    // `yurt export --format json` on that data directory, as a whole process (median of 3).
    const times: number[] = []
    for (let i = 0; i < 3; i++) {
      const t = performance.now()
      const r = spawnSync(process.execPath, [join(ROOT, 'bin/yurt.ts'), 'export', '--format', 'json', '--data', dir], { encoding: 'utf8' })
      times.push(performance.now() - t)
      if (r.status !== 0) throw new Error(`export failed: ${r.stderr}`)
    }
    times.sort((a, b) => a - b)
    rows.push({ measure: 'yurt export --format json (Camp 2019), whole process', value: `${times[1]!.toFixed(0)} ms`, target: '≤ 1000 ms', ok: times[1]! <= 1000 })
    const first = await startUpToFirstAnswer(dir)
    rows.push({ measure: 'yurt start (Camp 2019) to its first answer in the terminal room, median of 3', value: `${first.toFixed(0)} ms`, target: '≤ 1000 ms', ok: first <= 1000 })
  } finally {
    await rm(dir, { recursive: true, force: true })
  }

  // 5,000 events and ten weekly series: the cost of a command must not grow with the festival.
  const bigDir = await mkdtemp(join(tmpdir(), 'yurt-bench-big-'))
  try {
    const now = Date.parse('2027-06-28T08:00:00+02:00')
    const rooms = Array.from({ length: 8 }, (_, i) => `room${i}`)
    const { repo, bot, festival } = await setUpBig(bigDir, now, rooms)
    const view = (await repo.open(festival.id)).view()
    rows.push({ measure: '5,000-event festival: events in the view (with series occurrences)', value: String(view.events.length), target: '> 5000', ok: view.events.length > 5000 })
    const titles = uniqueTitles(view.events.map((e) => e.title))
    await runMix(bot, 'big', 5, 50, titles, now, 'Bench Zone', "what's on Friday at hall c?", 'warm-up')
    const big = await runMix(bot, 'big', 50, count, titles, now, 'Bench Zone', "what's on Friday at hall c?")
    rows.push(...mixRows(`5,000 events, ${count} mixed commands`, big, { p50: 1, p99: 5, rate: 1000 }))
    const offRowAt = rows.length

    // Eight rooms at once, each its own speakers and venue, interleaved on one event loop.
    const per = Math.ceil(count / rooms.length)
    const t = performance.now()
    const runs = await Promise.all(rooms.map((room, i) => runMix(bot, room, 10, per, titles, now, `${room} zone`, i % 2 ? "what's on now?" : `what's on Saturday at hall ${String.fromCharCode(65 + i)}?`)))
    const all: MixResult = {
      latencies: runs.flatMap((r) => r.latencies).sort((a, b) => a - b),
      ms: performance.now() - t,
      done: runs.reduce((n, r) => n + r.done, 0),
      writes: runs.reduce((n, r) => n + r.writes, 0),
      questions: runs.reduce((n, r) => n + r.questions, 0),
      refusals: runs.reduce((n, r) => n + r.refusals, 0),
      errors: runs.reduce((n, r) => n + r.errors, 0),
    }
    rows.push(...mixRows(`5,000 events, 8 rooms at once (${per * rooms.length} commands)`, all, { p99: 10, rate: 1500 }))
    await repo.close()

    // The same mix on the same festival with fsync off: the CPU's part, beside Camp 2019's above. After the
    // eight rooms, so that its second 5,000-event festival is not garbage the eight rooms' run collects.
    {
      const off = await setUpBig(join(bigDir, 'nosync'), now, [], { sync: false })
      await runMix(off.bot, 'big', 5, 50, titles, now, 'Bench Zone', "what's on Friday at hall c?", 'warm-up')
      const r = await runMix(off.bot, 'big', 50, count, titles, now, 'Bench Zone', "what's on Friday at hall c?")
      // Shown under the one-room rows it is the CPU's part of.
      rows.splice(offRowAt, 0, { measure: '  same mix, fsync off (the CPU alone): p50 / p99 / commands per second', value: `${percentile(r.latencies, 50).toFixed(2)} / ${percentile(r.latencies, 99).toFixed(2)} ms / ${((count / r.ms) * 1000).toFixed(0)}`, target: '—', ok: null })
      await off.repo.close()
    }
  } finally {
    await rm(bigDir, { recursive: true, force: true })
  }
  return rows
}
