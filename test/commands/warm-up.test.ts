/**
 * The bot's warm-up at start (`Bot.warmUp`): it reads the help's examples in English, French and
 * German so that the first person to write does not wait for cold grammars, and it changes nothing
 * a person could see — no festival, no room setting, no pending question.
 */
import { describe, expect, it } from 'vitest'
import { openDataDir } from '../../core/store.ts'
import { Repo } from '../../core/repo.ts'
import { Bot } from '../../commands/bot.ts'
import { replyToPlainText } from '../../adapters/types.ts'

const NOW = Date.parse('2027-01-01T12:00:00Z')

describe('warming up', () => {
  it('reads every help example, then the first message is answered as if nothing had happened', async () => {
    const data = await openDataDir('/unused', { memory: true })
    const repo = await Repo.open(data, { now: () => NOW })
    try {
      const bot = new Bot({ repo, deviceSeed: data.deviceSeed, kv: data.kv, now: () => NOW, defaultTimezone: 'Europe/Paris' })
      await bot.warmUp()
      await bot.warmUp('help')
      expect(repo.festivals()).toEqual([])
      // "yes" would confirm a question a warm-up sentence left pending ("… isn't a venue yet — add it?").
      const yes = await bot.onMessage({ platform: 'terminal', room: 'r', user: 'alice', text: 'yes', ts: NOW })
      expect(replyToPlainText(yes!)).not.toMatch(/Added|Started/)
      const first = await bot.onMessage({ platform: 'terminal', room: 'r', user: 'alice', text: "what's on tonight?", ts: NOW })
      expect(replyToPlainText(first!)).toMatch(/^Nothing is planned here yet/)
      expect(repo.festivals()).toEqual([])
    } finally {
      await repo.close()
    }
  })
})
