/**
 * A chat room over the real Bot and a real Repo (LevelDB in a temporary directory), judged by the
 * JSON export: what a person would see in the programme after each message.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openRepo, type Opened } from '../../bin/app.ts'
import { Bot } from '../../commands/bot.ts'
import { replyToPlainText, type Reply } from '../../adapters/types.ts'
import { exportJson } from '../../core/formats/export-json.ts'

export interface Room {
  opened: Opened
  bot: Bot
  /** Says `text` as Alice; the reply as plain text, its tone beside it. */
  say(text: string, user?: string): Promise<{ text: string; tone: Reply['tone'] }>
  /** The festival's JSON export (parsed), or `null` while the room plans none. */
  exported(): Promise<{ venues: Array<{ name: string }>; resources: Array<{ name: string }>; events: Array<{ title: string; start: string; venue: string | null }> } | null>
  close(): Promise<void>
}

/** A room on `now` (UTC ms) in Europe/Paris. */
export async function openRoom(now: number): Promise<Room> {
  const dir = mkdtempSync(join(tmpdir(), 'yurt-rel-'))
  const opened = await openRepo(dir, () => now)
  const bot = new Bot({ repo: opened.repo, deviceSeed: opened.data.deviceSeed, kv: opened.data.kv, now: () => now, defaultTimezone: 'Europe/Paris' })
  return {
    opened,
    bot,
    async say(text, user = 'alice') {
      const reply = (await bot.onMessage({ platform: 'terminal', room: 'r', user, userName: user, text, ts: now }))!
      return { text: replyToPlainText(reply), tone: reply.tone }
    },
    async exported() {
      const f = opened.repo.festivals()[0]
      if (!f) return null
      return JSON.parse(exportJson((await opened.repo.open(f.id)).view(now)))
    },
    async close() {
      await opened.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
