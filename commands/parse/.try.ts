import { parse } from '/work/main/commands/parse/index.ts'
import { toRfc3339 } from '/work/main/core/time.ts'
const now = Date.parse('2020-01-08T09:00:00Z')
const zone = process.env.TZONE ?? 'Europe/Paris'
for (const line of process.argv.slice(2)) {
  const [lang, text] = line.includes('|') ? line.split('|') as [any, string] : ['en', line]
  const r: any = parse(text, { now, timezone: zone, lang })
  const show = JSON.parse(JSON.stringify(r, (k, v) => (k === 'start' || k === 'end' || k === 'from') && typeof v === 'number' ? toRfc3339(v, zone) : v))
  console.log(text.padEnd(50), JSON.stringify(show))
}
