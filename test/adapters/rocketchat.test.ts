/**
 * The Rocket.Chat adapter against the Rocket.Chat server simulation: addressing, thread answers,
 * direct rooms, reactions as RSVPs, reconnecting and restarting without answering twice, rate limits,
 * refused credentials, room moderators, and a festival planned in English and French through the
 * real bot.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { RocketChatAdapter, type RocketChatAdapterOptions, type RocketChatLogger } from '../../adapters/rocketchat.ts'
import type { IncomingMessage, IncomingReaction, MessageHandler, Reply } from '../../adapters/types.ts'
import { openRepo, type Opened } from '../../bin/app.ts'
import { makeBot } from '../../bin/bot.ts'
import { Announcer } from '../../commands/announce.ts'
import { parseInstant } from '../../core/time.ts'
import { RocketChatSim, type SimMessage, type SimRoom, type SimUser } from '../helpers/rocketchat-sim.ts'
import { waitFor } from '../helpers/synapse.ts'

const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} }

/** Echoes what it hears (with the event `e1` attached), records messages and reactions. */
class EchoHandler implements MessageHandler {
  readonly messages: IncomingMessage[] = []
  readonly reactions: IncomingReaction[] = []
  async onMessage(message: IncomingMessage): Promise<Reply | null> {
    this.messages.push(message)
    return { tone: 'ok', blocks: [{ type: 'text', text: `echo: ${message.text}` }], event: { festival: 'f', id: 'e1' } }
  }
  async onReaction(reaction: IncomingReaction): Promise<void> {
    this.reactions.push(reaction)
  }
  heard(text: string): IncomingMessage | undefined {
    return this.messages.find((m) => m.text === text)
  }
}

/** A server with the bot, alice (owner of #festival) and bob in it. */
class World {
  sim!: RocketChatSim
  bot!: SimUser
  alice!: SimUser
  bob!: SimUser
  room!: SimRoom
  aliceToken!: string
  dataDir = mkdtempSync(join(tmpdir(), 'yurt-rc-'))
  adapters: RocketChatAdapter[] = []

  async start(simOptions: { now?: () => number } = {}): Promise<this> {
    this.sim = await RocketChatSim.start(simOptions)
    this.bot = this.sim.addUser({ username: 'yurt', name: 'yurt', password: 'bot-secret', type: 'bot' }).user
    const a = this.sim.addUser({ username: 'alice', name: 'Alice' })
    this.alice = a.user
    this.aliceToken = a.token
    this.bob = this.sim.addUser({ username: 'bob', name: 'Bob' }).user
    this.room = this.sim.createRoom({ name: 'festival', owner: this.alice, members: [this.bob] })
    return this
  }

  adapter(options: Partial<RocketChatAdapterOptions> = {}): RocketChatAdapter {
    const adapter = new RocketChatAdapter({
      serverUrl: this.sim.url,
      username: 'yurt',
      password: 'bot-secret',
      dataDir: this.dataDir,
      channels: ['festival'],
      logger: quiet,
      reconnect: { baseMs: 20, maxMs: 200 },
      ...options,
    })
    this.adapters.push(adapter)
    return adapter
  }

  /** The bot's messages in a room, oldest first. */
  replies(room = this.room): SimMessage[] {
    return this.sim.messagesFrom(this.bot, room)
  }

  /** Waits until the bot said something containing `text`. */
  replied(text: string, room = this.room): Promise<SimMessage> {
    return waitFor(() => this.replies(room).find((m) => m.msg.includes(text)), { what: `a reply containing "${text}"`, intervalMs: 20 })
  }

  async stop(): Promise<void> {
    for (const a of this.adapters) await a.stop()
    await this.sim.stop()
    rmSync(this.dataDir, { recursive: true, force: true })
  }
}

describe('RocketChatAdapter', () => {
  let w: World
  let handler: EchoHandler
  beforeEach(async () => {
    w = await new World().start()
    handler = new EchoHandler()
  })
  afterEach(async () => {
    await w.stop()
  })

  it('joins the configured channel and acts only on a mention, the prefix or a direct message', async () => {
    await w.adapter().start(handler)
    expect(w.room.members.has(w.bot._id)).toBe(true)

    w.sim.say(w.alice, w.room, 'just chatting about the festival')
    w.sim.say(w.alice, w.room, '@all the bus leaves at 9')
    w.sim.say(w.alice, w.room, '@yurt what is on tonight?')
    w.sim.say(w.bob, w.room, '!yurt schedule Saturday')
    w.sim.say(w.bob, w.room, 'hey @yurt, who is going to the concert?')
    await w.replied('echo: hey who is going to the concert?')
    expect(handler.messages.map((m) => m.text)).toEqual(['what is on tonight?', 'schedule Saturday', 'hey who is going to the concert?'])
    const heard = handler.heard('what is on tonight?')!
    expect(heard).toMatchObject({ platform: 'rocketchat', room: w.room._id, user: w.alice._id, userName: 'Alice', direct: false })

    const dm = w.sim.openDirect(w.bob, w.bot)
    w.sim.say(w.bob, dm, 'my events')
    const answer = await w.replied('echo: my events', dm)
    expect(handler.heard('my events')).toMatchObject({ direct: true, room: dm._id, user: w.bob._id })
    expect(answer.tmid).toBeUndefined()
    expect(w.replies().some((m) => m.msg.includes('just chatting') || m.msg.includes('bus leaves'))).toBe(false)
  })

  it('answers in the thread of the question, and inside an existing thread', async () => {
    await w.adapter().start(handler)
    const question = w.sim.say(w.alice, w.room, '@yurt add workshop Saturday 3pm')
    const answer = await w.replied('echo: add workshop Saturday 3pm')
    expect(answer.tmid).toBe(question._id)
    expect(handler.heard('add workshop Saturday 3pm')!.thread).toBeUndefined()

    const inThread = w.sim.say(w.bob, w.room, '@yurt move it to 4pm', { tmid: question._id })
    const second = await w.replied('echo: move it to 4pm')
    expect(second.tmid).toBe(question._id)
    expect(handler.heard('move it to 4pm')).toMatchObject({ thread: question._id, messageId: inThread._id })
  })

  it('renders lists as Rocket.Chat markdown and splits what is longer than a message may be', async () => {
    const adapter = w.adapter({ maxMessageLength: 200 })
    await adapter.start(handler)
    const items = Array.from({ length: 20 }, (_, i) => `${String(10 + (i % 12)).padStart(2, '0')}:00 Event number ${i}`)
    await adapter.post(w.room._id, { tone: 'info', blocks: [{ type: 'text', text: 'Programme' }, { type: 'list', heading: 'Saturday 11 January', items }] })
    const posted = await waitFor(() => (w.replies().length >= 3 ? w.replies() : undefined))
    expect(posted[0]!.msg).toMatch(/^Programme\n\n\*Saturday 11 January\*\n- 10:00 Event number 0\n/)
    expect(posted.every((m) => m.msg.length <= 200)).toBe(true)
    const all = posted.map((m) => m.msg).join('\n')
    for (const item of items) expect(all).toContain(`- ${item}`)
  })

  it('reports 👍 (:thumbsup:, :+1:) on its own messages as reactions about the event, and their removal', async () => {
    await w.adapter().start(handler)
    w.sim.say(w.alice, w.room, '@yurt add talk')
    const answer = await w.replied('echo: add talk')
    const someoneElses = w.sim.say(w.bob, w.room, 'nice')

    w.sim.react(w.alice, answer._id, ':thumbsup:')
    w.sim.react(w.bob, answer._id, ':+1:')
    w.sim.react(w.alice, someoneElses._id, ':thumbsup:')
    await waitFor(() => handler.reactions.length >= 2)
    w.sim.react(w.alice, answer._id, ':thumbsup:')
    await waitFor(() => handler.reactions.length >= 3)

    expect(handler.reactions.map((r) => [r.userName, r.key, r.added])).toEqual([
      ['Alice', '👍', true],
      ['Bob', '👍', true],
      ['Alice', '👍', false],
    ])
    expect(handler.reactions[0]).toMatchObject({ platform: 'rocketchat', room: w.room._id, user: w.alice._id, targetMessageId: answer._id, about: { festival: 'f', id: 'e1' } })
  })

  it('reconnects after the server drops every connection, reads what it missed, and answers nothing twice', async () => {
    await w.adapter().start(handler)
    w.sim.say(w.alice, w.room, '@yurt before')
    await w.replied('echo: before')
    const opened = w.sim.connectionsOpened

    w.sim.dropConnections()
    w.sim.say(w.bob, w.room, '@yurt while it was away')
    await w.replied('echo: while it was away')
    expect(w.sim.connectionsOpened).toBeGreaterThan(opened)
    w.sim.say(w.alice, w.room, '@yurt after')
    await w.replied('echo: after')

    // The server goes away for longer and comes back.
    await w.sim.stop()
    await new Promise((r) => setTimeout(r, 100))
    await w.sim.restart()
    w.sim.say(w.alice, w.room, '@yurt after the restart')
    await w.replied('echo: after the restart')

    const texts = w.replies().map((m) => m.msg)
    for (const t of ['before', 'while it was away', 'after', 'after the restart']) expect(texts.filter((x) => x === `echo: ${t}`)).toHaveLength(1)
    expect(handler.messages).toHaveLength(4)
    // Reconnecting resumed the session with the kept token instead of sending the password again.
    expect(w.sim.logins.filter((l) => l.via === 'password')).toHaveLength(1)
    expect(w.sim.logins.filter((l) => l.via === 'resume' && l.ok).length).toBeGreaterThanOrEqual(2)
  })

  it('a restarted adapter answers what was said while it was down, once, and nothing from before it first joined', async () => {
    w.sim.say(w.alice, w.room, '@yurt said before the bot ever came')
    const first = w.adapter()
    await first.start(handler)
    w.sim.say(w.alice, w.room, '@yurt one')
    await w.replied('echo: one')
    await first.stop()

    w.sim.say(w.bob, w.room, '@yurt said while the bot was down')
    const answer = await (async () => {
      const second = w.adapter()
      await second.start(handler)
      return w.replied('echo: said while the bot was down')
    })()
    const question = w.sim.messagesIn(w.room).find((m) => m.msg === '@yurt said while the bot was down')!
    expect(answer.tmid).toBe(question._id)
    w.sim.say(w.alice, w.room, '@yurt two')
    await w.replied('echo: two')
    expect(handler.messages.map((m) => m.text)).toEqual(['one', 'said while the bot was down', 'two'])
  })

  it('waits for X-RateLimit-Reset after a 429, and holds calls while X-RateLimit-Remaining is 0', async () => {
    await w.stop()
    let t = Date.parse('2020-01-09T10:00:00Z')
    const waits: number[] = []
    w = await new World().start({ now: () => t })
    const clock = { now: () => t, sleep: async (ms: number) => void (waits.push(ms), (t += ms)) }
    const adapter = w.adapter({ clock })
    await adapter.start(handler)
    w.sim.rateLimit('chat.sendMessage', 2, 10_000)

    // Another client behind the same address uses up the window (the limit is per route and IP).
    for (const n of [1, 2]) {
      const res = await fetch(`${w.sim.url}/api/v1/chat.sendMessage`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-user-id': w.alice._id, 'x-auth-token': w.aliceToken },
        body: JSON.stringify({ message: { rid: w.room._id, msg: `human ${n}` } }),
      })
      expect(res.status).toBe(200)
    }
    const windowEnds = t + 10_000
    await adapter.post(w.room._id, { tone: 'info', blocks: [{ type: 'text', text: 'first announcement' }] })
    const sends = w.sim.requests.filter((r) => r.endpoint === 'chat.sendMessage' && r.user === 'yurt')
    expect(sends.map((r) => r.status)).toEqual([429, 200])
    expect(sends[1]!.at).toBeGreaterThanOrEqual(windowEnds)
    expect(waits).toEqual([10_000])

    // The new window allows two: the second answer says none remain, so the third waits without a 429.
    await adapter.post(w.room._id, { tone: 'info', blocks: [{ type: 'text', text: 'second announcement' }] })
    await adapter.post(w.room._id, { tone: 'info', blocks: [{ type: 'text', text: 'third announcement' }] })
    const all = w.sim.requests.filter((r) => r.endpoint === 'chat.sendMessage' && r.user === 'yurt')
    expect(all.map((r) => r.status)).toEqual([429, 200, 200, 200])
    expect(all[3]!.at).toBeGreaterThanOrEqual(sends[1]!.at + 10_000)
    expect(w.replies().map((m) => m.msg)).toEqual(['first announcement', 'second announcement', 'third announcement'])
  })

  it('a wrong password or a revoked token is a ChatLoginError naming the setting', async () => {
    const wrong = w.adapter({ password: 'not-the-password' })
    await expect(wrong.start(handler)).rejects.toMatchObject({ name: 'ChatLoginError', field: 'YURT_ROCKETCHAT_PASSWORD' })

    const pat = w.sim.issueToken(w.bot)
    const withToken = w.adapter({ username: undefined, password: undefined, userId: w.bot._id, authToken: pat, dataDir: mkdtempSync(join(tmpdir(), 'yurt-rc-pat-')) })
    await withToken.start(handler)
    await withToken.stop()
    w.sim.revokeTokens(w.bot)
    const revoked = w.adapter({ username: undefined, password: undefined, userId: w.bot._id, authToken: pat })
    await expect(revoked.start(handler)).rejects.toMatchObject({ name: 'ChatLoginError', field: 'YURT_ROCKETCHAT_TOKEN' })
    expect(handler.messages).toHaveLength(0)
  })

  it('reads its configuration from the environment, naming what is missing', () => {
    const dir = w.dataDir
    expect(RocketChatAdapter.fromEnv({}, dir)).toBeNull()
    const full = RocketChatAdapter.fromEnv({ YURT_ROCKETCHAT_URL: 'https://chat.example.org/', YURT_ROCKETCHAT_USER: 'yurt', YURT_ROCKETCHAT_PASSWORD: 'x', YURT_ROCKETCHAT_CHANNELS: '#festival, general' }, dir)
    expect(full?.options).toMatchObject({ serverUrl: 'https://chat.example.org', username: 'yurt', channels: ['festival', 'general'] })
    expect(RocketChatAdapter.fromEnv({ YURT_ROCKETCHAT_URL: 'https://chat.example.org', YURT_ROCKETCHAT_USER_ID: 'abc', YURT_ROCKETCHAT_TOKEN: 't' }, dir)?.options).toMatchObject({ userId: 'abc', authToken: 't' })
    const missing = (env: Record<string, string>) => {
      try {
        RocketChatAdapter.fromEnv(env, dir)
      } catch (err) {
        return err as { name: string; field: string }
      }
      return undefined
    }
    expect(missing({ YURT_ROCKETCHAT_URL: 'https://chat.example.org', YURT_ROCKETCHAT_USER: 'yurt' })).toMatchObject({ name: 'ConfigError', field: 'YURT_ROCKETCHAT_PASSWORD' })
    expect(missing({ YURT_ROCKETCHAT_USER: 'yurt', YURT_ROCKETCHAT_PASSWORD: 'x' })).toMatchObject({ name: 'ConfigError', field: 'YURT_ROCKETCHAT_URL' })
    expect(missing({ YURT_ROCKETCHAT_URL: 'chat.example.org', YURT_ROCKETCHAT_USER: 'yurt', YURT_ROCKETCHAT_PASSWORD: 'x' })).toMatchObject({ field: 'YURT_ROCKETCHAT_URL' })
    expect(missing({ YURT_ROCKETCHAT_URL: 'https://chat.example.org', YURT_ROCKETCHAT_TOKEN: 't' })).toMatchObject({ field: 'YURT_ROCKETCHAT_USER_ID' })
  })

  it('takes moderators from the room roles owner and moderator', async () => {
    const adapter = w.adapter()
    await adapter.start(handler)
    expect(await adapter.isModerator(w.room._id, w.alice._id)).toBe(true)
    expect(await adapter.isModerator(w.room._id, w.bob._id)).toBe(false)
    w.sim.setRoomRoles(w.room, w.bob, ['moderator'])
    expect(await adapter.isModerator(w.room._id, w.bob._id)).toBe(true)
    expect(await adapter.isModerator('no-such-room', w.bob._id)).toBe(false)
  })

  it('sends a direct message to a user, opening the direct room', async () => {
    const adapter = w.adapter()
    await adapter.start(handler)
    const id = await adapter.sendDirect(w.bob._id, { tone: 'info', blocks: [{ type: 'text', text: 'Your workshop starts in 30 minutes' }] })
    const dm = w.sim.directRoom(w.bot, w.bob)!
    expect(w.replies(dm).map((m) => [m._id, m.msg])).toEqual([[id, 'Your workshop starts in 30 minutes']])
  })
})

/** A logger that keeps the warnings. */
function recordingLogger(): RocketChatLogger & { warnings: string[] } {
  const warnings: string[] = []
  return { ...quiet, warn: (message: string) => void warnings.push(message), warnings }
}

/** A schedule long enough for three messages of at most 200 characters. */
function longReply(): Reply {
  const items = Array.from({ length: 20 }, (_, i) => `${String(10 + (i % 12)).padStart(2, '0')}:00 Event number ${i}`)
  return { tone: 'info', blocks: [{ type: 'text', text: 'Programme' }, { type: 'list', heading: 'Saturday 11 January', items }] }
}

describe('RocketChatAdapter: mentions, failing rooms and requests, split messages', () => {
  let w: World
  let handler: EchoHandler
  beforeEach(async () => {
    w = await new World().start()
    handler = new EchoHandler()
  })
  afterEach(async () => {
    await w.stop()
  })

  it('neutralises @all, @here and @username in titles and text, so that what it repeats notifies nobody', async () => {
    // The server does read these as mentions when a person writes them.
    expect(w.sim.say(w.alice, w.room, '@all free beer').mentions).toEqual([{ _id: 'all', username: 'all' }])
    expect(w.sim.say(w.alice, w.room, 'ask @bob or @here').mentions.map((m) => m.username)).toEqual(['bob', 'here'])

    const adapter = w.adapter({ maxMessageLength: 20 })
    await adapter.start(handler)
    const reply: Reply = {
      tone: 'info',
      blocks: [
        { type: 'text', text: '@all free beer' },
        { type: 'list', heading: '@here', items: ['@bob brings (@alice) cake', 'mail bob@example.org'] },
      ],
    }
    await adapter.post(w.room._id, reply)
    // A line longer than a message, cut where an `@` would begin the next one.
    await adapter.post(w.room._id, { tone: 'info', blocks: [{ type: 'text', text: `${'x'.repeat(19)}@all-${'y'.repeat(14)}@here` }] })
    const sent = w.replies()
    expect(sent.length).toBeGreaterThan(3)
    for (const m of sent) expect(m.mentions).toEqual([])
    const visible = sent.map((m) => m.msg.replaceAll('\u200D', '')).join('')
    for (const text of ['@all free beer', '*@here*', '- @bob brings (@alice) cake', 'mail bob@example.org', `${'x'.repeat(19)}@all-${'y'.repeat(14)}@here`]) {
      expect(visible).toContain(text)
    }
    // An address is left as it is.
    expect(sent.map((m) => m.msg).join('')).toContain('mail bob@example.org')
    expect(sent.every((m) => m.msg.length <= 20)).toBe(true)
  })

  it('skips a room whose catch-up is refused or fails, with a warning naming it, and reads the others', async () => {
    const workshops = w.sim.createRoom({ name: 'workshops', type: 'p', owner: w.alice, members: [w.bob] })
    w.sim.addToRoom(workshops, w.bot, w.alice)
    const first = w.adapter()
    await first.start(handler)
    await first.stop()
    w.sim.say(w.alice, w.room, '@yurt missed in festival')
    w.sim.say(w.alice, workshops, '@yurt missed in workshops')

    for (const status of [400, 500]) {
      const logger = recordingLogger()
      // Twice: a 500 is tried again once (`attempts: 2`) before it counts.
      w.sim.failRequests('chat.syncMessages', { status, times: 2, when: ({ query }) => query.get('roomId') === workshops._id })
      const again = w.adapter({ logger, retry: { attempts: 2, baseBackoffMs: 1 } })
      await again.start(handler)
      expect(logger.warnings.filter((line) => line.includes('workshops'))).toHaveLength(1)
      if (status === 400) await w.replied('echo: missed in festival')
      // The room is still read from now on.
      w.sim.say(w.bob, workshops, `@yurt live after ${status}`)
      await w.replied(`echo: live after ${status}`, workshops)
      await again.stop()
    }
    expect(w.replies(workshops).some((m) => m.msg === 'echo: missed in workshops')).toBe(false)
  })

  it('connects in the background through HTTP 500 at start, and reconnects through 500 and 429 instead of giving up', async () => {
    w.sim.failRequests('rooms.get', { status: 500, times: 3 })
    const adapter = w.adapter({ retry: { attempts: 2, baseBackoffMs: 1 } })
    await adapter.start(handler)
    // What is said before the bot first lists its rooms is from before it joined; it waits for that.
    await waitFor(() => w.sim.requests.some((r) => r.endpoint === 'rooms.get' && r.status === 200), { what: 'the rooms listed', intervalMs: 10 })
    w.sim.say(w.alice, w.room, '@yurt after the 500s')
    await w.replied('echo: after the 500s')

    w.sim.failRequests('me', { status: 500, times: 2 })
    w.sim.failRequests('rooms.get', { status: 429, times: 4 })
    w.sim.dropConnections()
    w.sim.say(w.alice, w.room, '@yurt after the 429s')
    await w.replied('echo: after the 429s')
    expect(w.sim.requests.filter((r) => r.endpoint === 'rooms.get' && r.status === 429)).toHaveLength(4)
  })

  it('a long reply whose second message fails once is posted whole, each part once, with ids from one base', async () => {
    const adapter = w.adapter({ maxMessageLength: 200, retry: { attempts: 3, baseBackoffMs: 1 } })
    await adapter.start(handler)
    let sends = 0
    // The second message is stored but its answer is lost (a proxy timing out).
    w.sim.failRequests('chat.sendMessage', { status: 500, afterRoute: true, when: () => ++sends === 2 })
    const id = await adapter.post(w.room._id, longReply())
    const posted = w.replies()
    expect(posted.map((m) => m._id)).toEqual([id, `${id}-1`, `${id}-2`])
    expect(new Set(posted.map((m) => m.msg)).size).toBe(3)
  })

  it('when a part fails for good, posting the same reply again sends only what is missing', async () => {
    const adapter = w.adapter({ maxMessageLength: 200, retry: { attempts: 2, baseBackoffMs: 1 } })
    await adapter.start(handler)
    let sends = 0
    w.sim.failRequests('chat.sendMessage', { status: 503, times: 2, when: () => ++sends >= 2 })
    const reply = longReply()
    await expect(adapter.post(w.room._id, reply)).rejects.toMatchObject({ name: 'RocketChatSendError', room: w.room._id })
    expect(w.replies()).toHaveLength(1)
    const id = await adapter.post(w.room._id, reply)
    const posted = w.replies()
    expect(posted.map((m) => m._id)).toEqual([id, `${id}-1`, `${id}-2`])
    expect(new Set(posted.map((m) => m.msg)).size).toBe(3)
    // Sent once more, the same reply is a new message.
    await adapter.post(w.room._id, reply)
    expect(w.replies()).toHaveLength(6)
  })
})

describe('a festival planned in a Rocket.Chat channel, through the real bot', () => {
  let w: World
  let opened: Opened
  let announcer: Announcer
  beforeEach(async () => {
    w = await new World().start()
    const now = parseInstant('2020-01-09T10:00:00+01:00')!
    opened = await openRepo(join(w.dataDir, 'yurt'), () => now)
    const bot = makeBot(opened, { now: () => now, lang: 'en', tz: 'Europe/Paris' })
    const adapter = w.adapter()
    announcer = new Announcer(bot, [adapter])
    await announcer.start()
    opened.repo.onOperation((op, origin) => announcer.onOperation(op, origin))
    await adapter.start(announcer.handler())
  })
  afterEach(async () => {
    await w.stop()
    await opened.close()
  })

  it('adds, moves and lists events in English and French, and a 👍 on an answer is an RSVP', async () => {
    const say = async (who: SimUser, text: string, expected: RegExp) => {
      const q = w.sim.say(who, w.room, text)
      const answer = await waitFor(() => w.replies().find((m) => m.tmid === q._id), { what: `an answer to "${text}"`, intervalMs: 20 })
      expect(answer.msg).toMatch(expected)
      return answer
    }
    await say(w.alice, '@yurt new festival "Camp" in Europe/Paris from 2020-01-08 to 2020-01-12', /Camp/)
    await say(w.alice, '@yurt add venue Scène as a stage', /Scène/)
    const added = await say(w.alice, '@yurt add talk "History of P2P" tomorrow 19:00-19:30 at Scène', /History of P2P/)
    await say(w.alice, '@yurt move History of P2P to 20:00', /20:00/)
    const schedule = await say(w.bob, '@yurt schedule tomorrow', /History of P2P/)
    expect(schedule.msg).toMatch(/\*[^*\n]+\*\n- .*20:00/)
    await say(w.bob, '!yurt ajoute un atelier "Yjs pour tous" samedi 15h à Scène', /Yjs pour tous/)
    const programme = await say(w.bob, '@yurt programme de samedi', /Yjs pour tous/)
    expect(programme.msg).toMatch(/samedi|sam\./i)

    w.sim.react(w.bob, added._id, ':thumbsup:')
    await waitFor(async () => {
      const f = opened.repo.festivals()[0]!
      const ev = (await opened.repo.open(f.id)).view().events.find((e) => e.title === 'History of P2P')
      return ev && ev.going?.length === 1 ? ev : undefined
    }, { what: 'the RSVP by reaction' })
    await say(w.alice, "@yurt who's going to History of P2P?", /Bob/)
  })
})
