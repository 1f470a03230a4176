/**
 * yurt on Matrix in this process, wired as `yurt start` wires it (bin/cli.ts `chat()`): a real
 * Repo in a data directory, the Bot, the Announcer fed by every stored operation, and the
 * MatrixAdapter handing its messages to the Announcer's handler. No peer (`--no-p2p`).
 *
 * Used by the festival-level Matrix tests and by `bench/matrix.ts`.
 */
import { MatrixAdapter, type MatrixLogger } from '../../adapters/matrix.ts'
import { openRepo, type Opened } from '../../bin/app.ts'
import { makeBot } from '../../bin/bot.ts'
import { Announcer } from '../../commands/announce.ts'
import type { Bot } from '../../commands/bot.ts'
import type { Lang } from '../../commands/intent.ts'

/** A running yurt on one Matrix account. */
export interface YurtOnMatrix {
  opened: Opened
  bot: Bot
  announcer: Announcer
  adapter: MatrixAdapter
  /** Stops the adapter, waits for pending announcements, closes the repo (the data directory is kept). */
  stop(): Promise<void>
}

/** How to start it. */
export interface YurtOnMatrixOptions {
  homeserverUrl: string
  accessToken: string
  /** The data directory (kept across restarts: the sync token and the festival live there). */
  dataDir: string
  /** The reference clock, UTC ms. */
  now: () => number
  lang?: Lang
  /** Zone of festivals created without one. */
  tz?: string
  logger?: MatrixLogger
  allowInviters?: string[]
}

/** Silences the adapter's log. */
export const quietLogger: MatrixLogger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} }

/** Opens the data directory and starts the bot on Matrix; resolves once the adapter's first sync was handled. */
export async function startYurtOnMatrix(options: YurtOnMatrixOptions): Promise<YurtOnMatrix> {
  const opened = await openRepo(options.dataDir, options.now)
  const bot = makeBot(opened, { now: options.now, lang: options.lang ?? 'en', tz: options.tz ?? 'Europe/Paris' })
  const adapter = new MatrixAdapter({
    homeserverUrl: options.homeserverUrl,
    accessToken: options.accessToken,
    dataDir: options.dataDir,
    logger: options.logger ?? quietLogger,
    ...(options.allowInviters ? { allowInviters: options.allowInviters } : {}),
  })
  const announcer = new Announcer(bot, [adapter])
  let unsubscribe: () => void = () => undefined
  try {
    await announcer.start()
    unsubscribe = opened.repo.onOperation((op, origin) => announcer.onOperation(op, origin))
    await adapter.start(announcer.handler())
  } catch (err) {
    unsubscribe()
    await adapter.stop().catch(() => undefined)
    await opened.close()
    throw err
  }
  return {
    opened,
    bot,
    announcer,
    adapter,
    async stop() {
      await adapter.stop()
      unsubscribe()
      await announcer.idle()
      await opened.close()
    },
  }
}
