/**
 * A peer holding many festivals (issue 15's memory target, issue 19's scale): N festivals of 100
 * events each, opened as `yurt start` opens them, each measurement in a child process of its own so
 * that the peak RSS is that peer's alone.
 *
 * @remarks
 * The data directory of N festivals is made once per {@link DATA_VERSION} under the OS temporary
 * directory (`yurt-bench-festivals-<version>-<N>`) and copied before each measurement, so that every
 * run opens the same bytes. Each festival is written through the real {@link Repo} and {@link Bot}:
 * four importers of 22 events each (frab-like programmes in ten shared venues), four chat users who
 * add a zone, three events, a weekly series and RSVPs by sentence — signed operations in several
 * authors' chains, one room bound per festival. The first importer starts each festival (its
 * creator) and makes it join the community "Bench P2P" (v2 of the data; v1 had no community).
 *
 * The child (`node --expose-gc bench/festivals.ts measure <dir>`) does what `yurt start` does before
 * its rooms answer — `openRepo` (every festival loaded and checked against the log), the announcer's
 * snapshot and the automation's first look at every festival — then warms the grammars, asks one
 * cross-mesh question (what is on a given day in the community "Bench P2P", which every festival
 * joined: `meshEvents`, `core/community.ts`), and reports its peak RSS and its heap after a
 * forced GC; then it runs the chat mix of `bench/commands.ts` in one festival's room, whose latency
 * must not grow with the festivals held. No network there; {@link startYurt} then runs the real `yurt start` on the same data (its
 * peer and page on loopback) for the time to its first answer and its peak RSS with libp2p loaded.
 */
import { cp, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { spawn } from 'node:child_process'
import { openDataDir } from '../core/store.ts'
import { Repo } from '../core/repo.ts'
import { applyProgramme } from '../core/importer.ts'
import type { ImportedProgramme } from '../core/formats/index.ts'
import { Bot } from '../commands/bot.ts'
import { runMix, uniqueTitles } from './commands.ts'
import type { Row } from './commands.ts'

const ROOT = resolve(import.meta.dirname, '..')

/** Bump when what {@link generate} writes changes: cached data directories of another version are not used. */
export const DATA_VERSION = 'v3'

/** The festival counts measured, so that growth per festival shows. */
export const COUNTS = [10, 25, 50] as const

/** Peak RSS allowed at 50 festivals (issue 15), MB. */
const TARGET_MB = 400

const NOW = Date.parse('2027-06-28T08:00:00+02:00')
const DAY0 = Date.parse('2027-07-01T00:00:00+02:00')
/** The day asked about in every festival: the third, 2027-07-03 in Europe/Paris. */
const QUERY_DAY = { from: DAY0 + 2 * 86_400_000, to: DAY0 + 3 * 86_400_000 }
const WORDS = ['Mesh', 'Routing', 'Local-first', 'CRDT', 'Sync', 'Privacy', 'Radio', 'Garden', 'Music', 'Repair', 'Solar', 'Games', 'Bread', 'Bikes']

/** The programme of importer `k` of festival `f`: 22 events over ten days in ten shared venues, no clash. */
function programme(f: number, k: number): ImportedProgramme {
  const venues = Array.from({ length: 10 }, (_, i) => ({ name: `Stage ${String.fromCharCode(65 + i)}`, aliases: [], concurrent: 1, capacity: null }))
  return {
    format: 'frab-json',
    name: `Festival ${f}`,
    timezone: 'Europe/Paris',
    startDate: '2027-07-01',
    endDate: '2027-07-10',
    venues,
    warnings: [],
    events: Array.from({ length: 22 }, (_, i) => {
      // Importer k holds the hours 9+3k … of each day, so that importers never clash.
      const day = i % 10
      const hour = 9 + 3 * k + Math.floor(i / 10)
      const start = DAY0 + day * 86_400_000 + hour * 3_600_000
      const n = k * 22 + i
      return {
        source: `f${f}:k${k}:${i}`,
        title: `${WORDS[n % WORDS.length]} ${WORDS[(n * 5 + f) % WORDS.length]} ${f}-${n}`,
        kind: n % 3 === 0 ? 'talk' : 'workshop',
        start,
        end: start + 3_600_000,
        venue: venues[(i + k) % venues.length]!.name,
        organizers: [`Host ${n % 7}`],
        tags: [WORDS[n % 4]!.toLowerCase()],
        description: `Session ${n} of festival ${f}: ${WORDS[(n * 3) % WORDS.length]} and ${WORDS[(n * 11) % WORDS.length]} for everyone.`,
      }
    }),
  }
}

/** The sentences chat user `u` of festival `f` sends in its room: a zone, three events, a series, RSVPs. */
function sentences(f: number, u: number, titles: string[]): string[] {
  const days = ['Thursday', 'Friday', 'Saturday', 'Sunday']
  const out = [`add venue Lawn ${u} as a zone`]
  for (let e = 0; e < 3; e++) out.push(`add workshop "Lawn ${f}-${u}-${e}" ${days[(u + e) % 4]} ${10 + 2 * e}:00 at Lawn ${u}`)
  out.push(`add meetup "Weekly ${f}-${u}" every ${['monday', 'tuesday', 'wednesday'][u % 3]} ${7 + u}pm at Lawn ${u}`)
  for (let r = 0; r < 5; r++) out.push(`I'm going to ${titles[(u * 17 + r * 7 + f) % titles.length]!}`)
  return out
}

/**
 * Writes `n` festivals of 100 events each into a new data directory `dir` (see the module's remarks).
 *
 * @throws Error when a sentence is not done as meant (the data would not be what the bench says).
 */
export async function generate(dir: string, n: number): Promise<void> {
  // No fsync while generating: the directory is closed cleanly before it is measured.
  const data = await openDataDir(dir, { sync: false })
  const repo = await Repo.open(data, { now: () => NOW })
  const bot = new Bot({ repo, deviceSeed: data.deviceSeed, kv: data.kv, now: () => NOW, defaultLang: 'en', defaultTimezone: 'Europe/Paris' })
  const { setMembership } = await import('../core/community.ts')
  try {
    const creator = bot.signerFor('terminal', 'importer0')
    const community = await repo.createFestival({ name: 'Bench P2P', timezone: 'Europe/Paris', creator: creator.key, kind: 'community' })
    for (let f = 0; f < n; f++) {
      const meta = await repo.createFestival({ name: `Festival ${f}`, timezone: 'Europe/Paris', startDate: '2027-07-01', endDate: '2027-07-10', creator: creator.key })
      const joined = await setMembership(repo, { community: community.id, festival: meta.id, signer: creator, join: true, now: NOW })
      if (!joined.ok) throw new Error(`bench: Festival ${f} could not join Bench P2P (${joined.reason})`)
      const room = `room-${f}`
      await bot.bindRoom('terminal', room, meta)
      for (let k = 0; k < 4; k++) await applyProgramme(repo, meta.id, bot.signerFor('terminal', `importer${k}`), programme(f, k), NOW, `Importer ${k}`)
      const titles = (await repo.open(meta.id)).view().events.map((e) => e.title)
      for (let u = 0; u < 4; u++) {
        for (const text of sentences(f, u, titles)) {
          const reply = await bot.onMessage({ platform: 'terminal', room, user: `user${u}`, text, ts: NOW })
          if (!reply || reply.tone === 'error' || reply.tone === 'question' || reply.tone === 'refusal') {
            throw new Error(`bench: "${text}" was not done (${reply?.tone}: ${JSON.stringify(reply?.blocks).slice(0, 160)})`)
          }
        }
      }
    }
  } finally {
    await repo.close()
  }
  await writeFile(join(dir, 'bench-complete'), `${DATA_VERSION} ${n}\n`)
}

/** The cached data directory of `n` festivals, generated (in a child process) when missing. */
async function cachedDataDir(n: number): Promise<{ dir: string; generatedMs: number | null }> {
  const dir = join(tmpdir(), `yurt-bench-festivals-${DATA_VERSION}-${n}`)
  const complete = await stat(join(dir, 'bench-complete')).then(() => true, () => false)
  if (complete) return { dir, generatedMs: null }
  await rm(dir, { recursive: true, force: true })
  const t = performance.now()
  await child(['generate', dir, String(n)])
  return { dir, generatedMs: performance.now() - t }
}

/** What one measuring child reports. */
export interface Measurement {
  festivals: number
  events: number
  /** From the start of `openRepo` to every festival loaded, snapshotted and its view built, ms. */
  startMs: number
  /** One "what is on that day" across the community every festival joined (`meshEvents`), ms (the second of two runs). */
  queryMs: number
  /** Events found on that day, over all festivals. */
  found: number
  /** Peak resident set size of the child, MB. */
  peakRssMb: number
  /** Heap used after a forced GC, all festivals loaded, MB. */
  heapMb: number
  /** Resident set size at that point, MB. */
  rssMb: number
  /** Chat commands in one festival's room (the mix of `bench/commands.ts`) once all are held: p50 and p99, ms. */
  commandP50: number
  commandP99: number
  /** Commands of that mix not done (questions, refusals, errors). */
  commandMisses: number
}

/** Runs this file in a child process with `args`; resolves with its last stdout line. */
function child(args: string[]): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const p = spawn(process.execPath, ['--expose-gc', '--max-semi-space-size=8', join(ROOT, 'bench/festivals.ts'), ...args], { stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    p.stdout.setEncoding('utf8').on('data', (s: string) => (out += s))
    p.once('error', reject)
    p.once('exit', (code) => (code === 0 ? resolvePromise(out.trim().split('\n').at(-1) ?? '') : reject(new Error(`bench: festivals ${args[0]} exited with ${code}`))))
  })
}

/** The child's side: opens `dir` as `yurt start` does and measures (see {@link Measurement}). */
async function measure(dir: string): Promise<Measurement> {
  const { openRepo } = await import('../bin/app.ts')
  const { makeBot } = await import('../bin/bot.ts')
  const { Announcer } = await import('../commands/announce.ts')
  const { Automation } = await import('../commands/automation/index.ts')
  const { pinnedClock } = await import('../core/scheduler.ts')
  const t0 = performance.now()
  const opened = await openRepo(dir, () => NOW)
  const bot = makeBot(opened, { now: () => NOW, lang: 'en', tz: 'Europe/Paris' })
  const announcer = new Announcer(bot, [])
  await announcer.start()
  const automation = new Automation({ bot, kv: opened.data.kv, adapters: [], clock: pinnedClock(NOW) })
  await automation.start()
  const startMs = performance.now() - t0
  await bot.warmUp()
  // What is on 3 July across the community every festival joined (twice: the second is timed).
  const { findCommunity, meshEvents } = await import('../core/community.ts')
  const community = findCommunity(opened.repo, 'Bench P2P')
  if (community.kind !== 'found') throw new Error('bench: no community "Bench P2P" in the data directory')
  let found = 0
  let queryMs = 0
  let members = 0
  for (let run = 0; run < 2; run++) {
    const t = performance.now()
    const mesh = await meshEvents(opened.repo, community.community.id, { now: NOW, ...QUERY_DAY })
    found = mesh.events.length
    members = mesh.membership.members.length
    queryMs = performance.now() - t
  }
  let events = 0
  for (const f of opened.repo.festivals()) if (f.kind !== 'community') events += (await opened.repo.open(f.id)).view(NOW).events.length
  globalThis.gc?.()
  await new Promise((r) => setImmediate(r))
  globalThis.gc?.()
  const heapMb = process.memoryUsage().heapUsed / 2 ** 20
  const rssMb = process.memoryUsage().rss / 2 ** 20
  const festivals = opened.repo.festivals().filter((f) => f.kind !== 'community').length
  if (members !== festivals) throw new Error(`bench: ${members} of ${festivals} festivals are members of Bench P2P`)
  const peakRssMb = process.resourceUsage().maxRSS / 1024
  // Then chat in one room: what a command costs must not grow with the festivals held (after the
  // memory was read, so that its garbage does not count).
  const first = opened.repo.festivals().find((f) => f.name === 'Festival 0')!
  const titles = uniqueTitles((await opened.repo.open(first.id)).view(NOW).events.map((e) => e.title))
  await runMix(bot, 'room-0', 5, 50, titles, NOW, 'Lawn 0', "what's on Friday at stage c?", 'warm-up')
  const mix = await runMix(bot, 'room-0', 20, 400, titles, NOW, 'Lawn 0', "what's on Friday at stage c?")
  const at = (p: number) => mix.latencies[Math.min(mix.latencies.length - 1, Math.floor((p / 100) * mix.latencies.length))]!
  await automation.stop()
  await opened.close()
  return { festivals, events, startMs, queryMs, found, peakRssMb, heapMb, rssMb, commandP50: at(50), commandP99: at(99), commandMisses: mix.questions + mix.refusals + mix.errors }
}

/** What the real `yurt start` did on a data directory. */
export interface Started {
  /** From spawning it to the first line of its answer in the terminal room, ms. */
  firstAnswerMs: number
  /** Its peak RSS once its peer and page were up (Linux `VmHWM`), MB; `null` where /proc is missing. */
  peakRssMb: number | null
}

/**
 * Runs `yurt start` on `dir` (the terminal room bound to "Festival 0", a peer and the page on loopback,
 * no mDNS), asks what is on Saturday, and reads its peak RSS once the page is served (so libp2p and
 * the HTTP server are loaded); then ends its input so that it stops.
 */
export async function startYurt(dir: string): Promise<Started> {
  const t = performance.now()
  const p = spawn(
    process.execPath,
    ['--max-semi-space-size=8', join(ROOT, 'bin/yurt.ts'), 'start', '--data', dir, '--festival', 'Festival 0', '--listen', '/ip4/127.0.0.1/tcp/0', '--listen', '/ip4/127.0.0.1/tcp/0/ws', '--no-mdns', '--http', '127.0.0.1:0', '--now', '2027-06-28T08:00:00+02:00'],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  )
  const exited = new Promise<number | null>((r) => p.once('exit', (code) => r(code)))
  try {
    p.stdin.write("what's on Saturday?\n")
    const answered = new Promise<number>((r) => p.stdout.once('data', () => r(performance.now() - t)))
    let errors = ''
    const served = new Promise<void>((r) => {
      p.stderr.setEncoding('utf8').on('data', (s: string) => {
        errors += s
        if (/^page: /m.test(errors)) r()
      })
    })
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`bench: yurt start did not answer and serve its page within 30 s: ${errors.slice(0, 200)}`)), 30_000).unref())
    const failed = exited.then((code) => Promise.reject(new Error(`bench: yurt start exited (${code}) early: ${errors.slice(0, 200)}`)))
    const firstAnswerMs = await Promise.race([answered, timeout, failed])
    await Promise.race([served, timeout, failed])
    const status = await readFile(`/proc/${p.pid}/status`, 'utf8').catch(() => '')
    const hwm = /^VmHWM:\s+(\d+) kB/m.exec(status)
    return { firstAnswerMs, peakRssMb: hwm ? Number(hwm[1]) / 1024 : null }
  } finally {
    p.stdin.end()
    const stopped = await Promise.race([exited, new Promise((r) => setTimeout(r, 5000).unref())])
    if (stopped === undefined) p.kill()
  }
}

/** Opens a copy of the cached directory of `n` festivals in a child process and measures it. */
export async function measureFestivals(n: number): Promise<Measurement & { generatedMs: number | null; started: Started }> {
  const { dir, generatedMs } = await cachedDataDir(n)
  const fresh = async <T>(f: (copy: string) => Promise<T>): Promise<T> => {
    const copy = await mkdtemp(join(tmpdir(), 'yurt-bench-festivals-run-'))
    try {
      await cp(dir, copy, { recursive: true })
      await rm(join(copy, 'yurt.pid'), { force: true })
      return await f(copy)
    } finally {
      await rm(copy, { recursive: true, force: true })
    }
  }
  const m = await fresh(async (copy) => JSON.parse(await child(['measure', copy])) as Measurement)
  const started = await fresh(startYurt)
  return { ...m, generatedMs, started }
}

/** The rows: per N, start-up, one query across all festivals, peak RSS, heap; then MB per festival. */
export async function benchFestivals(counts: readonly number[] = COUNTS): Promise<Row[]> {
  const rows: Row[] = []
  const done: Array<Measurement> = []
  for (const n of counts) {
    const m = await measureFestivals(n)
    done.push(m)
    const label = `${n} festivals × 100 events`
    if (m.generatedMs !== null) rows.push({ measure: `${label}: data directory generated (cached for later runs)`, value: `${(m.generatedMs / 1000).toFixed(1)} s`, target: '—', ok: null })
    rows.push({ measure: `${label}: events in the views (series occurrences included)`, value: String(m.events), target: `≥ ${n * 100}`, ok: m.events >= n * 100 })
    rows.push({ measure: `${label}: start-up to every festival loaded and ready`, value: `${m.startMs.toFixed(0)} ms`, target: '—', ok: null })
    rows.push({ measure: `${label}: what's on 3 July across the mesh (one community of all ${n}, meshEvents)`, value: `${m.queryMs.toFixed(1)} ms (${m.found} events)`, target: '—', ok: null })
    rows.push({ measure: `${label}: heap used after GC`, value: `${m.heapMb.toFixed(0)} MB`, target: '—', ok: null })
    const target = n === 50 ? TARGET_MB : null
    rows.push({ measure: `${label}: peak RSS`, value: `${m.peakRssMb.toFixed(0)} MB`, target: target ? `≤ ${target} MB` : '—', ok: target ? m.peakRssMb <= target : null })
    rows.push({ measure: `${label}: 400 commands in one festival's room, p50 / p99 (not done)`, value: `${m.commandP50.toFixed(2)} / ${m.commandP99.toFixed(2)} ms (${m.commandMisses})`, target: '≤ 1 / 5 ms', ok: m.commandP50 <= 1 && m.commandP99 <= 5 && m.commandMisses === 0 })
    rows.push({ measure: `${label}: yurt start (peer and page on loopback) to its first answer`, value: `${m.started.firstAnswerMs.toFixed(0)} ms`, target: '—', ok: null })
    const peak = m.started.peakRssMb
    rows.push({
      measure: `${label}: yurt start, peak RSS with its peer and page up`,
      value: peak === null ? 'no /proc here' : `${peak.toFixed(0)} MB`,
      target: target ? `≤ ${target} MB` : '—',
      ok: target && peak !== null ? peak <= target : null,
    })
  }
  const first = done[0]
  const last = done.at(-1)
  if (first && last && last.festivals > first.festivals) {
    const per = (a: number, b: number) => (b - a) / (last.festivals - first.festivals)
    const rss = per(first.peakRssMb, last.peakRssMb)
    const heap = per(first.heapMb, last.heapMb)
    const ms = per(first.startMs, last.startMs)
    rows.push({ measure: `per festival, ${first.festivals} → ${last.festivals}: peak RSS / heap / start-up`, value: `${rss.toFixed(2)} MB / ${heap.toFixed(2)} MB / ${ms.toFixed(0)} ms`, target: '—', ok: null })
    // No worse than linear: the RSS per festival from the middle count to the last is at most half again
    // that from the first to the middle, plus 0.5 MB for noise (a quadratic cost would double it).
    const mid = done[Math.floor(done.length / 2)]!
    if (mid !== first && mid !== last) {
      const early = (mid.peakRssMb - first.peakRssMb) / (mid.festivals - first.festivals)
      const late = (last.peakRssMb - mid.peakRssMb) / (last.festivals - mid.festivals)
      rows.push({ measure: `peak RSS per festival, ${first.festivals}→${mid.festivals} and ${mid.festivals}→${last.festivals}`, value: `${early.toFixed(2)} MB, ${late.toFixed(2)} MB`, target: 'no more than linear', ok: late <= early * 1.5 + 0.5 })
    }
  }
  return rows
}

if (import.meta.main) {
  const [mode, dir, n] = process.argv.slice(2)
  if (mode === 'generate' && dir && n) await generate(dir, Number(n))
  else if (mode === 'measure' && dir) process.stdout.write(`${JSON.stringify(await measure(dir))}\n`)
  else {
    process.stderr.write('usage: bench/festivals.ts generate <dir> <n> | measure <dir> (or: npm run bench -- festivals)\n')
    process.exit(2)
  }
  process.exit(0)
}
