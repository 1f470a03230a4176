/**
 * The bot for a data directory, loaded only by the commands that chat (it pulls in the parser).
 */
import { Bot } from '../commands/bot.ts'
import type { Lang } from '../commands/intent.ts'
import type { Opened } from './app.ts'

/** The bot of a chat command; call {@link Bot.warmUp} once its rooms listen. */
export function makeBot(opened: Opened, options: { now: () => number; lang: Lang; tz: string }): Bot {
  const bot = new Bot({
    repo: opened.repo,
    deviceSeed: opened.data.deviceSeed,
    kv: opened.data.kv,
    now: options.now,
    defaultLang: options.lang,
    defaultTimezone: options.tz,
  })
  return bot
}
