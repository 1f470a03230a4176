import { benchCommands } from './commands.ts'
const rows = await benchCommands(600)
for (const r of rows) console.log(r.measure, '|', r.value)
