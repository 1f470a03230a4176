/**
 * `node_modules/.bin/node test/corpus/check.ts` (Node 24): reads every corpus file and prints its cases per language and intent,
 * or the first malformed line (file:line). For people writing corpus cases.
 */
import { allCases } from './load.ts'

const counts = new Map<string, number>()
let messages = 0
for (const c of allCases()) {
  const key = `${c.lang} ${c.intent}`
  counts.set(key, (counts.get(key) ?? 0) + 1)
  messages += c.steps.length
}
for (const [k, n] of [...counts].sort()) console.log(`${k.padEnd(28)} ${n}`)
console.log(`${messages} messages`)
