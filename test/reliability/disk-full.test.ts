/**
 * A failed write leaves the bot usable and says why. A real data directory whose LevelDB writes
 * (`_put`/`_del`/`_batch`/`_clear` of classic-level, both the op log and the Yjs cache) throw
 * `code: 'ENOSPC'` for a while, then stop: after every message the reply says done iff the JSON export
 * shows it; questions are answered during the failure; writes work again without a restart; a change
 * whose operation reached the log but not the cache is acknowledged and survives a restart.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ClassicLevel } from 'classic-level'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { openRepo, type Opened } from '../../bin/app.ts'
import { Bot } from '../../commands/bot.ts'
import { replyToPlainText } from '../../adapters/types.ts'
import { exportJson } from '../../core/formats/export-json.ts'

// Monday 3 June 2030, 10:00 in Paris: "Saturday" is the 8th.
const NOW = Date.parse('2030-06-03T10:00:00+02:00')

/** Which databases refuse writes: none, all of them, or only the Yjs cache (`ydoc/`). */
let failing: 'none' | 'all' | 'ydoc' = 'none'
let refused = 0
const proto = ClassicLevel.prototype as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>
const originals: Record<string, (...args: unknown[]) => Promise<unknown>> = {}
beforeAll(() => {
  for (const name of ['_put', '_del', '_batch', '_clear']) {
    const original = proto[name]!
    originals[name] = original
    proto[name] = function (this: { location: string }, ...args: unknown[]) {
      if (failing === 'all' || (failing === 'ydoc' && this.location.endsWith('ydoc'))) {
        refused++
        return Promise.reject(Object.assign(new Error('IO error: ./000005.log: No space left on device'), { code: 'ENOSPC' }))
      }
      return original.apply(this, args)
    }
  }
})
afterAll(() => {
  for (const [name, original] of Object.entries(originals)) proto[name] = original
})
afterEach(() => {
  failing = 'none'
})

async function open(dir: string) {
  const opened: Opened = await openRepo(dir, () => NOW)
  const bot = new Bot({ repo: opened.repo, deviceSeed: opened.data.deviceSeed, kv: opened.data.kv, now: () => NOW, defaultTimezone: 'Europe/Paris' })
  const say = async (text: string) => {
    const reply = (await bot.onMessage({ platform: 'terminal', room: 'r', user: 'alice', userName: 'alice', text, ts: NOW }))!
    return { text: replyToPlainText(reply), tone: reply.tone }
  }
  const titles = async (): Promise<string[]> => {
    const f = opened.repo.festivals()[0]
    if (!f) return []
    return (JSON.parse(exportJson((await opened.repo.open(f.id)).view(NOW))) as { events: Array<{ title: string }> }).events.map((e) => e.title)
  }
  return { opened, say, titles }
}

describe('a full disk', () => {
  const dirs: string[] = []
  const tmp = () => {
    const d = mkdtempSync(join(tmpdir(), 'yurt-full-'))
    dirs.push(d)
    return d
  }
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true })
  })

  it('changes during the failure are refused with the cause, the truth, in the room language; questions are answered; writes resume without restart', async () => {
    const dir = tmp()
    const room = await open(dir)
    expect((await room.say('add talk "Before" Saturday 15:00')).text).toContain('Added “Before”')

    failing = 'all'
    for (const title of ['Lost one', 'Lost two', 'Lost three']) {
      const r = await room.say(`add talk "${title}" Saturday 16:00`)
      expect(r.text).toBe('I could not store that: the disk is full; nothing was changed.')
      expect(await room.titles()).not.toContain(title)
      const q = await room.say("what's on Saturday")
      expect(q.tone).not.toBe('error')
      expect(q.text).toContain('Before')
      expect(q.text).not.toContain('Lost')
    }
    expect((await room.say('rename Before to Renamed')).text).toBe('I could not store that: the disk is full; nothing was changed.')
    expect(await room.titles()).toEqual(['Before'])
    expect((await room.say('langue français')).tone).toBe('error')
    expect(refused).toBeGreaterThan(0)

    failing = 'none'
    expect((await room.say('add talk "After" Saturday 17:00')).text).toContain('Added “After”')
    expect((await room.say('rename Before to Renamed')).tone).toBe('ok')
    expect(await room.titles()).toEqual(['Renamed', 'After'])
    await room.opened.close()
    const again = await open(dir)
    expect(await again.titles()).toEqual(['Renamed', 'After'])
    await again.opened.close()
  })

  it('said in French when the room speaks French', async () => {
    const room = await open(tmp())
    await room.say('add talk "Avant" Saturday 15:00')
    await room.say('langue français')
    failing = 'all'
    expect((await room.say('ajoute atelier « Perdu » samedi 16h')).text).toBe("Je n'ai pas pu l'enregistrer : le disque est plein ; rien n'a été modifié.")
    failing = 'none'
    expect(await room.titles()).toEqual(['Avant'])
    await room.opened.close()
  })

  it('the log append succeeds and the cache write fails: acknowledged, in the export, and still there after a restart', async () => {
    const dir = tmp()
    const room = await open(dir)
    await room.say('add talk "First" Saturday 15:00')
    failing = 'ydoc'
    const r = await room.say('add talk "Logged" Saturday 16:00')
    expect(r.text).toContain('Added “Logged”')
    expect(await room.titles()).toEqual(['First', 'Logged'])
    expect((await room.say('add talk "Also" Saturday 17:00')).text).toContain('Added “Also”')
    failing = 'none'
    // The next write brings the cache up to date with the log.
    expect((await room.say('add talk "Later" Saturday 18:00')).text).toContain('Added “Later”')
    await room.opened.close()
    const again = await open(dir)
    expect(await again.titles()).toEqual(['First', 'Logged', 'Also', 'Later'])
    await again.opened.close()
  })

  it('the cache stays stale until a restart: the restart replays the log', async () => {
    const dir = tmp()
    const room = await open(dir)
    await room.say('add talk "First" Saturday 15:00')
    failing = 'ydoc'
    expect((await room.say('add talk "Logged" Saturday 16:00')).text).toContain('Added “Logged”')
    failing = 'none'
    await room.opened.close()
    const again = await open(dir)
    expect(await again.titles()).toEqual(['First', 'Logged'])
    await again.opened.close()
  })
})
