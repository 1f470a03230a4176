/**
 * A room that plans no festival: the first change starts one named after the room (Matrix room
 * name or alias, Rocket.Chat channel, "yurt" for the terminal), a question is told how to begin;
 * and an unknown venue is offered, "yes" adding it with the event in one change that one undo
 * takes back. Through the real Bot over a real Repo (LevelDB in a temporary directory).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openRepo, type Opened } from '../../bin/app.ts'
import { Bot } from '../../commands/bot.ts'
import { DEFAULT_FESTIVAL_NAME, festivalNameFor, nothingPlannedYet } from '../../commands/first-festival.ts'
import { roomNameOf as matrixRoomName } from '../../adapters/matrix/rooms.ts'
import { channelName } from '../../adapters/rocketchat/wire.ts'
import { replyToPlainText, type IncomingMessage, type Reply } from '../../adapters/types.ts'
import type { FestivalMeta, ScheduleView } from '../../core/types.ts'

// Monday 3 June 2030, 10:00 in Paris: "Saturday" is the 8th.
const NOW = Date.parse('2030-06-03T10:00:00+02:00')

describe('the name of the festival a room starts', () => {
  const held = (...names: string[]) => names.map((name) => ({ name }))

  it('is the room name, whitespace folded, at most 200 characters; "yurt" without one', () => {
    expect(festivalNameFor('  Paris   P2P\norga ', [])).toBe('Paris P2P orga')
    expect(festivalNameFor('x'.repeat(300), [])).toHaveLength(200)
    expect(festivalNameFor(undefined, [])).toBe(DEFAULT_FESTIVAL_NAME)
    expect(festivalNameFor('   ', [])).toBe('yurt')
  })

  it('is numbered when a festival held here has that name (without case or accents)', () => {
    expect(festivalNameFor('Orga', held('orga'))).toBe('Orga 2')
    expect(festivalNameFor('Fête', held('FETE', 'Fête 2'))).toBe('Fête 3')
    expect(festivalNameFor(undefined, held('yurt'))).toBe('yurt 2')
    expect(festivalNameFor('y'.repeat(200), held('y'.repeat(200)))).toBe(`${'y'.repeat(198)} 2`)
  })

  it('on Matrix: m.room.name, else the local part of the canonical alias, else none', async () => {
    let aliasRead = false
    const alias = (value: unknown) => async () => {
      aliasRead = true
      return value === undefined ? null : { alias: value }
    }
    expect(await matrixRoomName({ name: 'IPFS Camp orga' }, alias('#ignored:example.org'))).toBe('IPFS Camp orga')
    expect(aliasRead).toBe(false)
    expect(await matrixRoomName(null, alias('#paris-p2p:example.org'))).toBe('paris-p2p')
    expect(await matrixRoomName({ name: '  ' }, alias('#camp:example.org'))).toBe('camp')
    expect(await matrixRoomName(null, alias(undefined))).toBeUndefined()
    expect(await matrixRoomName({ name: 42 }, alias('not an alias'))).toBeUndefined()
  })

  it('on Rocket.Chat: the channel’s display name, else its name; none for a direct room', () => {
    expect(channelName({ _id: 'r1', t: 'c', name: 'festival' })).toBe('festival')
    expect(channelName({ _id: 'r2', t: 'p', name: 'x7f3', fname: 'Stage crew' })).toBe('Stage crew')
    expect(channelName({ _id: 'r3', t: 'd', name: 'alice' })).toBeUndefined()
    expect(channelName(undefined)).toBeUndefined()
  })
})

describe('a room that plans no festival', () => {
  let dir: string
  let opened: Opened
  let bot: Bot

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'yurt-first-'))
    opened = await openRepo(dir, () => NOW)
    bot = new Bot({ repo: opened.repo, deviceSeed: opened.data.deviceSeed, kv: opened.data.kv, now: () => NOW, defaultTimezone: 'Europe/Paris' })
  })
  afterEach(async () => {
    await opened.close()
    rmSync(dir, { recursive: true, force: true })
  })

  /** A message in `room` on `platform`, with a room-name lookup when `roomName` is given. */
  const message = (text: string, o: { platform?: string; room?: string; user?: string; roomName?: () => Promise<string | undefined> } = {}): IncomingMessage => ({
    platform: o.platform ?? 'matrix',
    room: o.room ?? '!orga:example.org',
    user: o.user ?? '@alice:example.org',
    userName: 'Alice',
    text,
    ts: NOW,
    ...(o.roomName ? { roomName: o.roomName } : {}),
  })
  const say = async (text: string, o: Parameters<typeof message>[1] = {}): Promise<{ reply: Reply; text: string }> => {
    const reply = (await bot.onMessage(message(text, o)))!
    return { reply, text: replyToPlainText(reply) }
  }
  const only = (): FestivalMeta => {
    const all = opened.repo.festivals()
    expect(all).toHaveLength(1)
    return all[0]!
  }
  const view = async (f: FestivalMeta): Promise<ScheduleView> => (await opened.repo.open(f.id)).view(NOW)

  it('starts one named after the Matrix room at the first change, binds the room, and says so in one line', async () => {
    let lookups = 0
    const roomName = async () => {
      lookups++
      return 'IPFS Camp orga'
    }
    const first = await say('add venue Ground Control as a zone', { roomName })
    const lines = first.text.split('\n')
    expect(lines).toHaveLength(2)
    expect(lines[0]).toBe(
      'Started the festival “IPFS Camp orga” (Europe/Paris) for this room. Another name or zone: undo, then new festival "Name" in Europe/Paris — or plan an existing one: this room plans <festival>',
    )
    expect(lines[1]).toMatch(/^Added the venue Ground Control/)
    const festival = only()
    expect(festival).toMatchObject({ name: 'IPFS Camp orga', timezone: 'Europe/Paris' })
    expect((await bot.roomSettings('matrix', '!orga:example.org')).festival).toBe(festival.id)
    expect((await view(festival)).venues.map((v) => v.name)).toEqual(['Ground Control'])

    // The room plans it now: the next change goes into the same festival, without asking the name again.
    const second = await say('add talk "Hello" Saturday 18:00 at Ground Control', { roomName })
    expect(second.text).toMatch(/^Added “Hello” \(talk\), Sat 8 Jun 18:00–18:45 at Ground Control\.$/)
    expect(opened.repo.festivals()).toHaveLength(1)
    expect(lookups).toBe(1)
  })

  it('answers in the sentence’s language (French, German)', async () => {
    const fr = await say('ajoute le lieu La Cantine', { room: '!fr', roomName: async () => 'Salon FR' })
    expect(fr.text.split('\n')[0]).toBe(
      'Festival « Salon FR » (Europe/Paris) créé pour ce salon. Autre nom ou fuseau : annule, puis nouveau festival "Nom" en Europe/Paris — ou un festival existant : ce salon organise <festival>',
    )
    const de = await say('füge den Ort Werkstatt hinzu', { room: '!de', roomName: async () => 'Raum DE' })
    expect(de.text.split('\n')[0]).toMatch(/^Festival „Raum DE“ \(Europe\/Paris\) für diesen Raum angelegt\. .*rückgängig, dann neues Festival "Name" in Europe\/Paris — oder ein bestehendes planen: dieser Raum plant <Festival>$/)
    expect(opened.repo.festivals().map((f) => f.name).sort()).toEqual(['Raum DE', 'Salon FR'])
  })

  it('is called "yurt" in the terminal and where the room has no name or its lookup fails', async () => {
    await say('add venue Tent', { platform: 'terminal', room: 'terminal', user: 'alice' })
    await say('add venue Tent', { room: '!unnamed', roomName: async () => undefined })
    await say('add venue Tent', {
      room: '!broken',
      roomName: async () => {
        throw new Error('the homeserver is down')
      },
    })
    expect(opened.repo.festivals().map((f) => f.name).sort()).toEqual(['yurt', 'yurt 2', 'yurt 3'])
  })

  it('takes the room’s own zone when one was set before, and the bot’s default otherwise', async () => {
    expect((await say('timezone America/New_York')).text).toBe('Times in this room are shown in America/New_York.')
    await say('add venue Loft', { roomName: async () => 'NYC' })
    expect(only()).toMatchObject({ name: 'NYC', timezone: 'America/New_York' })
  })

  it('two first changes at once start one festival', async () => {
    const roomName = async () => {
      await new Promise((r) => setTimeout(r, 20))
      return 'Busy room'
    }
    await Promise.all([say('add venue A', { roomName, user: '@alice:example.org' }), say('add venue B', { roomName, user: '@bob:example.org' })])
    expect((await view(only())).venues.map((v) => v.name).sort()).toEqual(['A', 'B'])
  })

  it('a question answers that nothing is planned yet, with the sentence that starts, and starts nothing', async () => {
    for (const q of ["what's on Saturday?", 'list venues', 'my events', "I'm going to IPFS basics", 'undo', 'move IPFS basics to 16:00']) {
      const a = await say(q)
      expect(a.reply.tone, q).toBe('info')
      expect(a.text, q).toBe('Nothing is planned here yet. Start with: add workshop "IPFS basics" Saturday 3pm at Ground Control')
    }
    expect((await say("qu'est-ce qu'il y a samedi ?")).text).toBe(
      "Rien n'est encore prévu ici. Pour commencer : ajoute un atelier \"Les bases d'IPFS\" samedi 15h à Ground Control",
    )
    expect((await say('was läuft am Samstag?')).text).toBe('Hier ist noch nichts geplant. Fang an mit: füge Workshop "IPFS-Grundlagen" Samstag 15 Uhr im Ground Control hinzu')
    expect(opened.repo.festivals()).toHaveLength(0)
    expect((await bot.roomSettings('matrix', '!orga:example.org')).festival).toBeUndefined()
  })

  it('the sentence it suggests starts a festival when typed, in each language', async () => {
    for (const [lang, room] of [['en', '!en'], ['fr', '!fr'], ['de', '!de']] as const) {
      const suggestion = nothingPlannedYet(lang, []).split(/: (?=add|ajoute|füge)/)[1]!
      const a = await say(suggestion, { room, roomName: async () => `Room ${lang}` })
      expect(a.reply.tone, suggestion).toBe('question')
      expect(a.text.split('\n')[1], suggestion).toMatch(/Ground Control/)
    }
    expect(opened.repo.festivals()).toHaveLength(3)
  })

  it('names the festivals held here that the room could plan instead', async () => {
    await opened.repo.createFestival({ name: 'Paris P2P Festival #0', timezone: 'Europe/Paris' })
    const a = await say("what's on?")
    expect(a.text).toBe(
      'Nothing is planned here yet. Start with: add workshop "IPFS basics" Saturday 3pm at Ground Control — or plan the festival held here: this room plans Paris P2P Festival #0',
    )
    expect((await say('this room plans Paris P2P Festival #0')).text).toBe('This room plans Paris P2P Festival #0 now.')
    await opened.repo.createFestival({ name: 'Newline 0x09', timezone: 'Europe/Brussels' })
    expect((await say('was läuft?', { room: '!other' })).text).toMatch(/— oder ein Festival, das hier liegt \(Newline 0x09, Paris P2P Festival #0\): dieser Raum plant <Festival>$/)
  })

  it('the headline sentence, then "yes": festival, venue and workshop; one undo takes back venue and workshop', async () => {
    const roomName = async () => 'IPFS Camp orga'
    const first = await say('add workshop "IPFS basics" Saturday 3pm at Ground Control', { roomName })
    expect(first.reply.tone).toBe('question')
    expect(first.text.split('\n')).toEqual([
      expect.stringMatching(/^Started the festival “IPFS Camp orga” \(Europe\/Paris\) for this room\./),
      "Ground Control isn't a venue yet — add it and book “IPFS basics” there? (yes / no)",
    ])
    const festival = only()
    expect((await view(festival)).events).toHaveLength(0)

    let ops = 0
    const unsubscribe = opened.repo.onOperation(() => ops++)
    const yes = await say('yes', { roomName })
    unsubscribe()
    expect(yes.text).toBe('Added the venue Ground Control and “IPFS basics” (workshop), Sat 8 Jun 15:00–17:00 at Ground Control.')
    expect(ops).toBe(1)
    const v = await view(festival)
    expect(v.venues.map((x) => x.name)).toEqual(['Ground Control'])
    expect(v.events.map((e) => [e.title, e.kind, e.venueName, e.start])).toEqual([['IPFS basics', 'workshop', 'Ground Control', Date.parse('2030-06-08T15:00:00+02:00')]])

    expect((await say('undo')).text).toBe('Undone: “IPFS basics”.')
    const after = await view(festival)
    expect(after.venues).toHaveLength(0)
    expect(after.events).toHaveLength(0)
    // The room still plans its festival: nothing new is started by the next change.
    await say('add venue Ground Control')
    expect(only().id).toBe(festival.id)
  })
})

describe('an unknown venue is offered, not refused', () => {
  let dir: string
  let opened: Opened
  let bot: Bot
  let festival: FestivalMeta

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'yurt-offer-'))
    opened = await openRepo(dir, () => NOW)
    bot = new Bot({ repo: opened.repo, deviceSeed: opened.data.deviceSeed, kv: opened.data.kv, now: () => NOW, defaultTimezone: 'Europe/Paris' })
    festival = await opened.repo.createFestival({ name: 'Paris P2P', timezone: 'Europe/Paris' })
    await bot.bindRoom('terminal', 'terminal', festival)
  })
  afterEach(async () => {
    await opened.close()
    rmSync(dir, { recursive: true, force: true })
  })

  const say = async (text: string, user = 'alice') => {
    const reply = await bot.onMessage({ platform: 'terminal', room: 'terminal', user, userName: user, text, ts: NOW })
    return { tone: reply!.tone, text: replyToPlainText(reply!) }
  }
  const view = async () => (await opened.repo.open(festival.id)).view(NOW)

  it('asks "Ground Control isn\'t a venue yet — add it and book the workshop there? (yes / no)"', async () => {
    const a = await say('add workshop Saturday 3pm at Ground Control')
    expect(a).toEqual({ tone: 'question', text: "Ground Control isn't a venue yet — add it and book the workshop there? (yes / no)" })
    expect((await say('ajoute un atelier samedi 15h à Ground Control')).text).toBe("Ground Control n'est pas encore un lieu — l'ajouter et y réserver l'atelier ? (oui / non)")
    expect((await say('füge Konzert Samstag 21 Uhr im Ground Control hinzu')).text).toBe('Ground Control ist noch kein Ort — hinzufügen und das Konzert dort eintragen? (ja / nein)')
    expect((await view()).venues).toHaveLength(0)
  })

  it.each(['yes', 'oui', 'ja', '1', 'Yes!'])('"%s" adds the venue and the workshop in one change, which one undo takes back', async (answer) => {
    await say('add workshop Saturday 3pm at Ground Control')
    let ops = 0
    const unsubscribe = opened.repo.onOperation(() => ops++)
    const done = await say(answer)
    unsubscribe()
    expect(done.tone).toBe('ok')
    expect(done.text).toMatch(/Ground Control/)
    expect(ops).toBe(1)
    const v = await view()
    expect(v.venues.map((x) => [x.name, x.concurrent])).toEqual([['Ground Control', 1]])
    expect(v.events.map((e) => [e.title, e.venueName])).toEqual([['Workshop', 'Ground Control']])

    await say('undo')
    const after = await view()
    expect(after.venues).toHaveLength(0)
    expect(after.events).toHaveLength(0)
    expect((await say('undo')).text).toBe('There is nothing of yours to undo.')
  })

  it('"no" changes nothing; a sentence instead of an answer drops the question', async () => {
    await say('add workshop Saturday 3pm at Ground Control')
    expect(await say('no')).toEqual({ tone: 'info', text: 'OK, nothing changed.' })
    await say('add workshop Saturday 3pm at Ground Control')
    expect((await say("what's on Saturday?")).text).toBe('Nothing planned on Saturday 8 June.')
    expect((await say('yes')).tone).not.toBe('ok')
    expect((await view()).venues).toHaveLength(0)
  })

  it('the answer belongs to who was asked: another person’s "yes" does not book it', async () => {
    await say('add workshop Saturday 3pm at Ground Control', 'alice')
    expect((await say('yes', 'bob')).tone).not.toBe('ok')
    expect((await view()).events).toHaveLength(0)
  })

  it('a near match of an existing venue is still asked about, and a taken slot still refused', async () => {
    await say('add venue Ground Control')
    await say('add venue Ground Floor')
    const near = await say('add workshop Saturday 3pm at Gruond')
    expect(near).toEqual({ tone: 'question', text: 'Which one do you mean by “Gruond”? Did you mean: Ground Control and Ground Floor?' })
    expect((await view()).venues).toHaveLength(2)
    expect((await view()).events).toHaveLength(0)
    expect((await say('add workshop Saturday 3pm at Ground Control')).tone).toBe('ok')
    expect((await say('add talk Saturday 3pm at Ground Control')).text).toMatch(/^Ground Control is taken then/)
  })
})
