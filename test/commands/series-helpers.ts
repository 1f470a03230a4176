/**
 * A festival room for command tests: a real Repo on LevelDB in a temporary directory, people who
 * type sentences (parsed and executed as the bot does), replies as plain text.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openDataDir } from '../../core/store.ts'
import { Repo } from '../../core/repo.ts'
import { signerFromSeed } from '../../core/identity.ts'
import type { FestivalMeta } from '../../core/types.ts'
import type { Reply } from '../../adapters/types.ts'
import { parse } from '../../commands/parse/index.ts'
import { execute } from '../../commands/execute.ts'
import { UndoJournal } from '../../commands/undo.ts'
import type { Intent, Lang } from '../../commands/intent.ts'

/** A reply as one string: its blocks' text, list headings and items on lines of their own. */
export function text(reply: Reply): string {
  const lines: string[] = []
  for (const b of reply.blocks) {
    if (b.type === 'text') lines.push(b.text)
    else if (b.type === 'list') {
      if (b.heading) lines.push(b.heading)
      for (const i of b.items) lines.push(`  ${i}`)
    }
  }
  return lines.join('\n')
}

export interface Room {
  repo: Repo
  festival: FestivalMeta
  /** The clock, UTC ms; tests move it. */
  now: number
  /** Parses and runs `sentence` as `who` (a seed byte names the person); the reply and its tone. */
  say(who: string, sentence: string, lang?: Lang): Promise<{ tone: Reply['tone']; text: string; choices?: Intent[] }>
  close(): Promise<void>
}

const SEEDS: Record<string, number> = { alice: 1, bob: 2, carol: 3 }

/** A room planning a new festival (no dates unless given) in `zone`, with the clock at `now`. */
export async function room(now: number, zone = 'Europe/Paris', dates: { startDate?: string; endDate?: string } = {}): Promise<Room> {
  const dir = await mkdtemp(join(tmpdir(), 'yurt-series-'))
  const r = {
    now,
  } as Room
  const repo = await Repo.open(await openDataDir(dir), { now: () => r.now })
  const festival = await repo.createFestival({ name: 'Paris P2P', timezone: zone, ...dates })
  const undo = new UndoJournal(null)
  r.repo = repo
  r.festival = festival
  r.say = async (who, sentence, lang = 'en') => {
    const parsed = parse(sentence, { now: r.now, timezone: zone, lang })
    if (parsed.type === 'no-parse') return { tone: 'refusal', text: `no-parse ${parsed.reason}: ${parsed.hint}` }
    if (parsed.type === 'ask') return { tone: 'question', text: `${parsed.question} ${parsed.choices.join(' | ')}` }
    const signer = signerFromSeed(new Uint8Array(32).fill(SEEDS[who] ?? 9))
    const result = await execute(parsed, {
      repo,
      festival,
      actor: { signer, name: who, handle: `terminal:${who}` },
      lang: parsed.lang,
      tz: zone,
      now: r.now,
      undo,
    })
    const out: { tone: Reply['tone']; text: string; choices?: Intent[] } = { tone: result.reply.tone, text: text(result.reply) }
    if (result.choices) out.choices = result.choices
    return out
  }
  r.close = async () => {
    await repo.close()
    await rm(dir, { recursive: true, force: true })
  }
  return r
}
