/**
 * Command throughput and latency on a festival loaded with Camp 2019 (606 events): parse, apply,
 * sign, store (fsync), reply — the whole path a chat message takes, in process.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { spawnSync } from 'node:child_process'
import { openDataDir } from '../core/store.ts'
import { Repo } from '../core/repo.ts'
import { importProgramme } from '../core/formats/index.ts'
import { applyProgramme } from '../core/importer.ts'
import { Bot } from '../commands/bot.ts'
import type { Reply } from '../adapters/types.ts'

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

/** Imports Camp 2019, then runs `count` chat commands one after another. */
export async function benchCommands(count = 1500): Promise<Row[]> {
  const dir = await mkdtemp(join(tmpdir(), 'yurt-bench-'))
  const rows: Row[] = []
  try {
    const now = Date.parse('2019-08-21T08:00:00+02:00')
    const data = await openDataDir(dir)
    const repo = await Repo.open(data, { now: () => now })
    const text = await readFile(CAMP, 'utf8')
    const t0 = performance.now()
    const programme = importProgramme(text, { file: 'everything.schedule.json' })
    const festival = await repo.createFestival({ name: programme.name, timezone: programme.timezone, startDate: programme.startDate!, endDate: programme.endDate! })
    const bot = new Bot({ repo, deviceSeed: data.deviceSeed, kv: data.kv, now: () => now, defaultLang: 'en' })
    await applyProgramme(repo, festival.id, bot.signerFor('terminal', 'importer'), programme, now, 'importer')
    const importMs = performance.now() - t0
    rows.push({ measure: 'import Camp 2019 (606 events), in process', value: `${importMs.toFixed(0)} ms`, target: '≤ 2000 ms', ok: importMs <= 2000 })
    await bot.bindRoom('terminal', 'bench', festival)

    const titles = (await repo.open(festival.id)).view().events.map((e) => e.title).filter((t) => t.length > 3)
    const sentences = (i: number): string => {
      switch (i % 6) {
        case 0:
          return `add workshop "Bench ${i}" Thursday ${8 + (i % 14)}:${String((i * 7) % 60).padStart(2, '0')} at Bench Village`
        case 1:
          return `I'm going to ${titles[i % titles.length]}`
        case 2:
          return `what's on Friday at Curie?`
        case 3:
          return `move Bench ${i - 3} to ${9 + (i % 12)}:00`
        case 4:
          return `who's going to ${titles[(i * 3) % titles.length]}?`
        default:
          return 'what is on now?'
      }
    }
    await bot.onMessage({ platform: 'terminal', room: 'bench', user: 'alice', text: 'add venue Bench Village as a zone', ts: now })
    const latencies: number[] = []
    let errors = 0
    const start = performance.now()
    for (let i = 0; i < count; i++) {
      const t = performance.now()
      const reply: Reply | null = await bot.onMessage({ platform: 'terminal', room: 'bench', user: `user${i % 50}`, text: sentences(i), ts: now })
      latencies.push(performance.now() - t)
      if (!reply || reply.tone === 'error') errors++
    }
    const total = performance.now() - start
    latencies.sort((a, b) => a - b)
    const p50 = percentile(latencies, 50)
    const p99 = percentile(latencies, 99)
    const rate = (count / total) * 1000
    rows.push({ measure: `one command, p50 (${count} mixed commands, fsync on)`, value: `${p50.toFixed(2)} ms`, target: '≤ 2 ms', ok: p50 <= 2 })
    rows.push({ measure: 'one command, p99', value: `${p99.toFixed(2)} ms`, target: '≤ 10 ms', ok: p99 <= 10 })
    rows.push({ measure: 'commands per second, sustained', value: rate.toFixed(0), target: '≥ 1000', ok: rate >= 1000 })
    rows.push({ measure: 'commands answered with an internal error', value: String(errors), target: '0', ok: errors === 0 })
    await repo.close()

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
    const rss = process.resourceUsage().maxRSS / 1024
    rows.push({ measure: 'peak RSS of this benchmark process', value: `${rss.toFixed(0)} MB`, target: '≤ 200 MB', ok: rss <= 200 })
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
  return rows
}
