/**
 * Announcements of changes made elsewhere, over a real data directory: a room hears what was
 * changed from another room, events and recurring series alike, in its own language; the room
 * the change came from does not hear it twice; `announcements off` silences a room.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openDataDir } from '../../core/store.ts'
import { Repo } from '../../core/repo.ts'
import { Bot } from '../../commands/bot.ts'
import { Announcer } from '../../commands/announce.ts'
import { RecordingAdapter } from '../automation/harness.ts'
import { replyToPlainText } from '../../adapters/types.ts'

const NOW = Date.parse('2027-01-01T12:00:00Z')
let cleanup: (() => Promise<void>) | null = null
afterEach(async () => {
  await cleanup?.()
  cleanup = null
})

async function world() {
  const dir = mkdtempSync(join(tmpdir(), 'yurt-announce-'))
  const data = await openDataDir(dir)
  const repo = await Repo.open(data, { now: () => NOW })
  const bot = new Bot({ repo, deviceSeed: data.deviceSeed, kv: data.kv, now: () => NOW, defaultTimezone: 'Europe/Paris' })
  const adapter = new RecordingAdapter({ now: () => NOW })
  const announcer = new Announcer(bot, [adapter])
  await announcer.start()
  repo.onOperation((op, origin) => announcer.onOperation(op, origin))
  const handler = announcer.handler()
  const say = async (user: string, room: string, text: string) => {
    const reply = await handler.onMessage({ platform: adapter.platform, room, user, userName: user, text, ts: NOW })
    await announcer.idle()
    return reply ? replyToPlainText(reply) : ''
  }
  cleanup = async () => {
    await repo.close()
    rmSync(dir, { recursive: true, force: true })
  }
  return { say, adapter }
}

describe('announcements', () => {
  it('tells the other rooms of a new event and a new series, in their language, and not the room it came from', async () => {
    const { say, adapter } = await world()
    expect(await say('alice', 'a', 'new festival "Paris P2P" in Europe/Paris')).toContain('Created')
    await say('bob', 'b', 'this room plans Paris P2P')
    await say('bob', 'b', 'langue français')
    await say('carol', 'c', 'this room plans Paris P2P')
    await say('carol', 'c', 'announcements off')
    await say('alice', 'a', 'add venue Ground Control')
    adapter.posts.length = 0

    expect(await say('alice', 'a', 'every first Wednesday at 18:30 at Ground Control: Paris P2P monthly')).toContain('Paris P2P monthly')
    expect(adapter.posts.map((p) => p.room)).toEqual(['b'])
    expect(adapter.posts[0]!.text).toMatch(/alice a ajouté “Paris P2P monthly” .*tous les premiers mercredis 18:30.* à Ground Control/)

    await say('alice', 'a', 'skip the next Paris P2P monthly')
    expect(adapter.posts.map((p) => p.room)).toEqual(['b', 'b'])
    expect(adapter.posts[1]!.text).toMatch(/alice a modifié “Paris P2P monthly”/)

    await say('bob', 'b', 'ajoute un atelier "IPFS basics" mercredi 6 janvier 15h à Ground Control')
    expect(adapter.posts.map((p) => p.room)).toEqual(['b', 'b', 'a'])
    expect(adapter.posts[2]!.text).toMatch(/bob added “IPFS basics” \(workshop\), Wed 6 Jan 15:00/)
  })
})
