/**
 * `npm run bench`: runs every benchmark and prints one table (measure, value, target, ok).
 *
 * Speed and memory targets live here, not in timed tests: this machine is noisy. Sections whose
 * prerequisites are missing (a homeserver for the Matrix latency) say so in the table.
 * `npm run bench -- commands` runs only the sections whose name contains "commands".
 *
 * Each section runs in a process of its own (this script again, with `--section NAME`), so that one
 * section's heap, peak RSS and GC state are not another's: "peak RSS so far" measured after the corpus
 * had run in the same process read 259 MB instead of 194. Comparisons a section makes side by side
 * stay in its one process.
 */
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { benchCommands } from './commands.ts'
import { benchCorpus } from './corpus.ts'
import { benchFestivals } from './festivals.ts'
import type { Row } from './commands.ts'
import { benchAppend, benchVerify } from './verify.ts'

type Section = { name: string; run: () => Promise<Row[]> }

const sections: Section[] = [
  { name: 'corpus (command language)', run: () => benchCorpus() },
  { name: 'commands (Camp 2019)', run: () => benchCommands() },
  {
    name: 'operations',
    run: async () => {
      const verify = await benchVerify()
      const append = await benchAppend()
      return [
        { measure: 'operations verified per second, one core, as a catch-up does (hash chain of each batch of 256, its newest signature)', value: verify.runs.toFixed(0), target: '≥ 10000', ok: verify.runs >= 10_000 },
        { measure: '  one signature each, as live sync does (one core)', value: verify.each.toFixed(0), target: '—', ok: null },
        { measure: '  this machine: bare Ed25519 verifications per second (node:crypto, one core)', value: verify.bare.toFixed(0), target: '—', ok: null },
        { measure: 'operations appended per second (fsync)', value: append.toFixed(0), target: '—', ok: null },
      ]
    },
  },
  { name: 'festivals (a peer holding 10, 25, 50)', run: () => benchFestivals() },
  { name: 'p2p', run: async () => (await optional('./p2p.ts', 'benchP2p')) ?? [] },
  { name: 'matrix', run: async () => (await optional('./matrix.ts', 'benchMatrix')) ?? [] },
  { name: 'page (phones, Camp 2019)', run: async () => (await optional('./web.ts', 'benchWeb')) ?? [] },
]

/** Loads a benchmark module that another part of yurt may not ship yet. */
async function optional(path: string, fn: string): Promise<Row[] | null> {
  try {
    const mod = (await import(path)) as Record<string, unknown>
    const run = mod[fn]
    if (typeof run !== 'function') return [{ measure: `${path}: no ${fn}()`, value: '—', target: '—', ok: null }]
    return await (run as () => Promise<Row[]>)()
  } catch (err) {
    return [{ measure: `${path}`, value: `skipped: ${(err as Error).message.split('\n')[0]}`, target: '—', ok: null }]
  }
}

function printTable(rows: Array<Row & { section: string }>): void {
  const cols = ['section', 'measure', 'value', 'target', 'ok'] as const
  const cells = rows.map((r) => [r.section, r.measure, r.value, r.target, r.ok === null ? '' : r.ok ? 'yes' : 'NO'])
  const widths = cols.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i]!.length)))
  const line = (row: readonly string[]) => '| ' + row.map((c, i) => c.padEnd(widths[i]!)).join(' | ') + ' |'
  console.log(line(cols))
  console.log('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|')
  for (const row of cells) console.log(line(row))
}

/** A child's rows on its standard output, after this marker. */
const ROWS = 'bench-rows '

if (process.argv[2] === '--section') {
  // One section, in this process: its rows as JSON for the parent.
  const s = sections.find((x) => x.name === process.argv[3])
  let rows: Row[]
  try {
    if (!s) throw new Error(`no section named ${process.argv[3]}`)
    rows = await s.run()
  } catch (err) {
    rows = [{ measure: 'failed', value: String((err as Error).message).slice(0, 80), target: '—', ok: false }]
  }
  process.stdout.write(`\n${ROWS}${JSON.stringify(rows)}\n`)
  process.exit(0)
}

const filter = process.argv[2]
const all: Array<Row & { section: string }> = []
for (const s of sections) {
  if (filter && !s.name.includes(filter)) continue
  process.stderr.write(`bench: ${s.name} …\n`)
  const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--section', s.name], {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  })
  const line = child.stdout?.split('\n').find((l) => l.startsWith(ROWS))
  if (!line) {
    all.push({ section: s.name, measure: 'failed', value: `the section's process ended (${child.status ?? child.signal}) without its rows`, target: '—', ok: false })
    continue
  }
  for (const r of JSON.parse(line.slice(ROWS.length)) as Row[]) all.push({ ...r, section: s.name })
}
printTable(all)
process.exit(0)
