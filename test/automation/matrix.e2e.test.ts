/**
 * End to end on a real Synapse: a daily post set one minute ahead arrives in the Matrix room once.
 *
 * @remarks The path is the real one — alice's sentence in the room, the Matrix adapter, the bot,
 * the automation's store in a LevelDB data directory, the scheduler's timer, `post` as an
 * `m.notice`. Only the clock is offset (as `--now` does), so that 9:00 comes a few seconds after
 * the sentence rather than at tomorrow's 9:00; then the bot restarts on the same data directory
 * and must not post again.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { MatrixAdapter } from '../../adapters/matrix.ts'
import { openDataDir } from '../../core/store.ts'
import { Repo } from '../../core/repo.ts'
import { systemClock } from '../../core/scheduler.ts'
import type { Clock } from '../../core/scheduler.ts'
import { Bot } from '../../commands/bot.ts'
import { Automation } from '../../commands/automation/index.ts'
import { ensureSynapse, MatrixUser, registerUser, waitFor } from '../helpers/synapse.ts'

const hs = await ensureSynapse()
const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} }

/** The real clock, shifted so that it reads `iso` now (and runs on from there). */
function shiftableClock(): Clock & { set(iso: string): void } {
  let offset = 0
  const real = systemClock()
  return {
    now: () => Date.now() + offset,
    setTimer: real.setTimer,
    clear: real.clear,
    set(iso: string) {
      offset = Date.parse(iso) - Date.now()
    },
  }
}

if (!hs) {
  describe.skip('automation on Matrix (no homeserver)', () => it('needs Synapse', () => {}))
} else {
  describe('automation on Matrix', () => {
    const dir = mkdtempSync(join(tmpdir(), 'yurt-automation-matrix-'))
    afterAll(() => rmSync(dir, { recursive: true, force: true }))

    it('a daily post set one minute ahead arrives in the room exactly once, also after a restart', { timeout: 120_000 }, async () => {
      const [botAccount, aliceAccount] = await Promise.all([registerUser(hs, 'yurt'), registerUser(hs, 'alice')])
      const alice = new MatrixUser(hs, aliceAccount)
      const clock = shiftableClock()
      clock.set('2030-06-03T08:30:00Z')

      const start = async () => {
        const data = await openDataDir(dir)
        const repo = await Repo.open(data, { now: () => clock.now() })
        const bot = new Bot({ repo, deviceSeed: data.deviceSeed, kv: data.kv, now: () => clock.now(), defaultTimezone: 'UTC' })
        const adapter = new MatrixAdapter({ homeserverUrl: hs.url, accessToken: botAccount.accessToken, dataDir: dir, logger: quiet })
        const automation = new Automation({ bot, kv: data.kv, adapters: [adapter], clock })
        await adapter.start(automation.handler(bot))
        await automation.start()
        await automation.idle()
        return async () => {
          await automation.stop()
          await adapter.stop()
          await repo.close()
        }
      }
      let stop = await start()
      try {
        const room = await alice.createRoom({ invite: [botAccount.userId], name: 'Paris P2P e2e' })
        await waitFor(async () => (await alice.membership(room, botAccount.userId)) === 'join', { what: 'the bot to join' })
        const notices = async () => (await alice.messagesFrom(room, botAccount.userId)).map((e) => String(e.content.body))
        const ask = async (text: string, expected: string) => {
          const before = (await notices()).length
          await alice.say(room, `!yurt ${text}`)
          return waitFor(async () => (await notices()).slice(before).find((b) => b.includes(expected)), { what: `a reply with “${expected}”`, timeoutMs: 30_000 })
        }
        await ask('new festival "Matrix Fest" in Europe/Paris from 2030-06-01 to 2030-06-10', 'Matrix Fest')
        await ask('add venue Ground Control as a zone', 'Ground Control')
        await ask('add talk "History of P2P" today 19:00-19:30 at Ground Control', 'History of P2P')

        // 10:59:50 in Paris: "every day at 11:00" is ten seconds ahead.
        clock.set('2030-06-03T08:59:50Z')
        await ask('post the schedule every day at 11:00', 'every day at 11:00 (Europe/Paris)')
        const post = await waitFor(async () => (await notices()).find((b) => b.startsWith('Programme for')), { what: 'the daily post', timeoutMs: 60_000 })
        expect(post).toContain('Programme for Monday 3 June')
        expect(post).toContain('19:00–19:30 History of P2P · Ground Control')
        const event = (await alice.messagesFrom(room, botAccount.userId)).find((e) => String(e.content.body).startsWith('Programme for'))!
        expect(event.content.msgtype).toBe('m.notice')

        // A restart half a minute after the post: nothing is posted again.
        await stop()
        clock.set('2030-06-03T09:00:30Z')
        stop = await start()
        await alice.say(room, '!yurt automation')
        await waitFor(async () => (await notices()).find((b) => b.includes('Automated in this room')), { what: 'the automation list', timeoutMs: 30_000 })
        expect((await notices()).filter((b) => b.startsWith('Programme for'))).toHaveLength(1)
      } finally {
        await stop()
      }
    })
  })
}
