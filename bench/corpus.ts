/**
 * The command language on the corpus (`test/corpus/`): per language and per intent, the share of
 * cases read as meant (or reasonably asked back) and the count that stored something else.
 * `npm run bench -- corpus`; `YURT_CORPUS_REPORT=1` also prints every miss.
 */
import { allCases, freshCases } from '../test/corpus/load.ts'
import { type CaseResult, CorpusRunner, report, shareMeant, tally } from '../test/corpus/runner.ts'
import type { Row } from './commands.ts'

export async function benchCorpus(): Promise<Row[]> {
  const runner = await CorpusRunner.create()
  const results: CaseResult[] = []
  const fresh: CaseResult[][] = [[], [], []]
  try {
    for (const c of allCases()) results.push(await runner.run(c))
    for (const round of [1, 2, 3]) for (const c of freshCases(round)) fresh[round - 1]!.push(await runner.run(c))
  } finally {
    await runner.close()
  }
  const rows: Row[] = []
  const line = (label: string, rs: CaseResult[], target: boolean) => {
    const t = tally(rs)
    const share = shareMeant(t)
    rows.push({
      measure: `${label}: meant or asked back (${t.cases} cases; asked ${t.asked}, missed ${t.missed})`,
      value: `${(share * 100).toFixed(1)} %, wrong ${t.wrong}`,
      target: target ? '≥ 95 %, wrong 0' : '—',
      ok: target ? share >= 0.95 && t.wrong === 0 : null,
    })
  }
  line('all', results, false)
  for (const lang of ['en', 'fr', 'de']) {
    const mine = results.filter((r) => r.case.lang === lang)
    if (mine.length === 0) continue
    line(lang, mine, true)
    const intents = [...new Set(mine.map((r) => r.case.intent))].sort()
    for (const intent of intents) line(`${lang} · ${intent}`, mine.filter((r) => r.case.intent === intent), false)
  }
  // The held-out sentences (test/corpus/fresh/), per language: how the parser does on what it was not tuned on.
  fresh.forEach((round, i) => {
    for (const lang of ['en', 'fr', 'de']) {
      const mine = round.filter((r) => r.case.lang === lang)
      if (mine.length > 0) line(`held out${i ? ` (round ${i + 1})` : ''} ${lang}`, mine, false)
    }
  })
  if (process.env.YURT_CORPUS_REPORT) {
    process.stderr.write(`${report(results)}\n`)
    fresh.forEach((round, i) => round.length && process.stderr.write(`held out${i ? ` (round ${i + 1})` : ''}:\n${report(round)}\n`))
  }
  return rows
}
