/**
 * The command language on the corpus (`test/corpus/*.txt`, format in README.md there): every case is
 * run through the real Bot on a real repository and judged by what it stored. Per language, at least
 * 95 % must be read as meant (or reasonably asked back), and no case may store something that was
 * not meant. The report of every miss is printed when a threshold fails.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LANGS } from '../../commands/intent.ts'
import { allCases, freshCases } from './load.ts'
import { type CaseResult, CorpusRunner, report, shareMeant, tally } from './runner.ts'

const cases = allCases()
const results: CaseResult[] = []
/** The held-out rounds: no share is required of them (they measure), but nothing wrong may be stored. */
const fresh = [...freshCases(1), ...freshCases(2), ...freshCases(3)]
const freshResults: CaseResult[] = []
let runner: CorpusRunner

beforeAll(async () => {
  runner = await CorpusRunner.create()
  for (const c of cases) results.push(await runner.run(c))
  for (const c of fresh) freshResults.push(await runner.run(c))
}, 600_000)

afterAll(async () => {
  await runner?.close()
})

describe('the corpus', () => {
  it('stores nothing that was not meant', () => {
    const wrong = results.filter((r) => r.verdict === 'wrong')
    expect(wrong.length, `stored something else:\n${report(wrong)}`).toBe(0)
  })

  it('stores nothing that was not meant on the held-out sentences either', () => {
    const wrong = freshResults.filter((r) => r.verdict === 'wrong')
    expect(fresh.length).toBeGreaterThanOrEqual(450)
    expect(wrong.length, `stored something else:\n${report(wrong)}`).toBe(0)
  })

  for (const lang of LANGS) {
    it(`reads at least 95 % of the ${lang} cases as meant`, () => {
      const mine = results.filter((r) => r.case.lang === lang)
      const t = tally(mine)
      expect(t.cases, `the ${lang} corpus holds at least 120 cases`).toBeGreaterThanOrEqual(120)
      expect(shareMeant(t), `${lang}: ${JSON.stringify(t)}\n${report(mine)}`).toBeGreaterThanOrEqual(0.95)
    })
  }
})
