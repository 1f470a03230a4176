/**
 * The Matrix adapter on a real Synapse: joining, addressing, reply shape, threads, direct rooms,
 * reactions, and surviving restarts of the homeserver and of the adapter.
 *
 * @remarks
 * Runs on a private Synapse instance (its own port and data directory) because one test stops and
 * starts the homeserver, which must not disturb other test files using the shared one. On a
 * homeserver from `YURT_TEST_HOMESERVER_URL` that test is skipped: it cannot be restarted from here.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { createServer, request as httpRequest } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MatrixAdapter } from '../../adapters/matrix.ts'
import type { IncomingMessage, IncomingReaction, MessageHandler, Reply } from '../../adapters/types.ts'
import {
  ensureSynapse,
  MatrixUser,
  registerUser,
  startSynapse,
  stopSynapse,
  waitFor,
  type Homeserver,
  type TestAccount,
  type TestEvent,
} from '../helpers/synapse.ts'
import { startYurtOnMatrix } from '../helpers/matrix-yurt.ts'

const instance = {
  port: Number(process.env.YURT_TEST_SYNAPSE_PORT ?? 8018),
  data:
    process.env.YURT_TEST_SYNAPSE_DATA ??
    join(process.env.SYNAPSE_HOME ?? '/var/tmp/matrix-synapse-sid', 'sid-root/srv/synapse-yurt-adapter-test'),
}
const hs = await ensureSynapse(instance)

const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} }

/** Echoes what it hears; `list …` gets a list back; records messages and reactions. */
class TestHandler implements MessageHandler {
  readonly messages: IncomingMessage[] = []
  readonly reactions: IncomingReaction[] = []
  async onMessage(message: IncomingMessage): Promise<Reply | null> {
    this.messages.push(message)
    if (message.text.startsWith('list')) {
      return { tone: 'info', blocks: [{ type: 'text', text: 'Programme <b>&' }, { type: 'list', heading: 'Saturday', items: ['15:00 Workshop', '18:00 Concert'] }] }
    }
    return { tone: 'ok', blocks: [{ type: 'text', text: `echo: ${message.text}` }], event: { festival: 'f', id: 'e1' } }
  }
  async onReaction(reaction: IncomingReaction): Promise<void> {
    this.reactions.push(reaction)
  }
  heard(text: string): IncomingMessage | undefined {
    return this.messages.find((m) => m.text === text)
  }
}

function replyTarget(e: TestEvent): string | undefined {
  return e.content['m.relates_to']?.['m.in_reply_to']?.event_id
}

describe.skipIf(!hs)('MatrixAdapter on Synapse', () => {
  const server = hs as Homeserver
  let botAccount: TestAccount
  let alice: MatrixUser
  let bob: MatrixUser
  let carol: MatrixUser
  let dataDir: string
  let handler: TestHandler
  let adapter: MatrixAdapter
  let room: string

  const makeAdapter = (dir = dataDir) =>
    new MatrixAdapter({
      homeserverUrl: server.url,
      accessToken: botAccount.accessToken,
      dataDir: dir,
      allowInviters: [alice.userId, ':not-this-server'],
      logger: quiet,
    })

  /** The bot's messages in `r` that answer `question`. */
  const answersTo = async (r: string, question: string) =>
    (await alice.messagesFrom(r, botAccount.userId)).filter((e) => replyTarget(e) === question)

  const answerTo = (r: string, question: string) =>
    waitFor(async () => (await answersTo(r, question))[0], { what: `an answer to ${question}`, timeoutMs: 20_000 })

  /** Sends an addressed marker and waits for its answer: everything sent before has been seen. */
  const barrier = async (r: string) => {
    const q = await alice.say(r, `!yurt marker ${Math.random()}`)
    await answerTo(r, q)
  }

  beforeAll(async () => {
    const accounts = await Promise.all(['yurt', 'alice', 'bob', 'carol'].map((n) => registerUser(server, n)))
    botAccount = accounts[0]!
    alice = new MatrixUser(server, accounts[1]!)
    bob = new MatrixUser(server, accounts[2]!)
    carol = new MatrixUser(server, accounts[3]!)
    await new MatrixUser(server, botAccount).api('PUT', `/profile/${encodeURIComponent(botAccount.userId)}/displayname`, {
      displayname: 'Yurt',
    })
    await alice.api('PUT', `/profile/${encodeURIComponent(alice.userId)}/displayname`, { displayname: 'Alice' })
    dataDir = mkdtempSync(join(tmpdir(), 'yurt-matrix-'))
    handler = new TestHandler()
    adapter = makeAdapter()
    await adapter.start(handler)
  })

  afterAll(async () => {
    await adapter?.stop()
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
    // The private instance is ours: leave nothing running that we started.
    if (server.startedHere) await stopSynapse(server)
  })

  it('joins a room when an allowed user invites it', async () => {
    room = await alice.createRoom({ invite: [botAccount.userId, bob.userId], name: 'festival' })
    await bob.join(room)
    await waitFor(async () => (await alice.membership(room, botAccount.userId)) === 'join', { what: 'the bot to join' })
    expect(adapter.userId).toBe(botAccount.userId)
  })

  it('declines an invite from someone not on the allow-list', async () => {
    const other = await carol.createRoom({ invite: [botAccount.userId] })
    await waitFor(async () => (await carol.membership(other, botAccount.userId)) === 'leave', { what: 'the bot to decline' })
  })

  it('answers a mention (pill) and hands over the text without the mention', async () => {
    const q = await alice.mention(room, { userId: botAccount.userId, name: 'Yurt' }, "what's on Saturday?")
    await answerTo(room, q)
    const heard = handler.messages.find((m) => m.messageId === q)!
    expect(heard.text).toBe("what's on Saturday?")
    expect(heard).toMatchObject({ platform: 'matrix', room, user: alice.userId, userName: 'Alice', direct: false })
  })

  it('answers its display name followed by a colon or comma, and the prefix', async () => {
    const a = await alice.say(room, 'Yurt, add workshop Saturday 3pm')
    const b = await alice.say(room, '!yurt move workshop to 4pm')
    const c = await alice.say(room, `${botAccount.userId.slice(1).split(':')[0]}: cancel it`)
    await answerTo(room, c)
    await answerTo(room, a)
    await answerTo(room, b)
    expect(handler.messages.find((m) => m.messageId === a)?.text).toBe('add workshop Saturday 3pm')
    expect(handler.messages.find((m) => m.messageId === b)?.text).toBe('move workshop to 4pm')
    expect(handler.messages.find((m) => m.messageId === c)?.text).toBe('cancel it')
  })

  it('never answers ordinary conversation', async () => {
    const ids = [
      await bob.say(room, 'Yurt is a nice word for a tent'),
      await alice.say(room, 'shall we add a workshop?'),
      await bob.say(room, 'I think !yurt is the command'),
    ]
    await barrier(room)
    for (const id of ids) {
      expect(handler.messages.some((m) => m.messageId === id)).toBe(false)
      expect(await answersTo(room, id)).toHaveLength(0)
    }
  })

  it('ignores notices, edits and messages from before it joined', async () => {
    const late = await alice.createRoom({ invite: [bob.userId] })
    await bob.join(late)
    const early = await alice.say(late, '!yurt this was said before the bot came')
    await alice.invite(late, botAccount.userId)
    await waitFor(async () => (await alice.membership(late, botAccount.userId)) === 'join', { what: 'the bot to join' })
    const notice = await alice.sendEvent(room, 'm.room.message', { msgtype: 'm.notice', body: '!yurt a notice' })
    const edit = await alice.say(room, '* !yurt edited', {
      'm.new_content': { msgtype: 'm.text', body: '!yurt edited' },
      'm.relates_to': { rel_type: 'm.replace', event_id: notice },
    })
    await barrier(late)
    await barrier(room)
    for (const id of [early, notice, edit]) expect(handler.messages.some((m) => m.messageId === id)).toBe(false)
  })

  it('answers a reply to one of its messages, without the reply fallback; a reply to someone else is ignored', async () => {
    const q = await alice.say(room, '!yurt first question')
    const answer = await answerTo(room, q)
    const followUp = await alice.say(room, `> <${botAccount.userId}> echo: first question\n\nand on Sunday?`, {
      'm.relates_to': { 'm.in_reply_to': { event_id: answer.event_id } },
    })
    await answerTo(room, followUp)
    expect(handler.messages.find((m) => m.messageId === followUp)?.text).toBe('and on Sunday?')

    const bobs = await bob.say(room, 'I bring the tea')
    const toBob = await alice.say(room, `> <${bob.userId}> I bring the tea\n\nthanks!`, {
      'm.relates_to': { 'm.in_reply_to': { event_id: bobs } },
    })
    await barrier(room)
    expect(handler.messages.some((m) => m.messageId === toBob)).toBe(false)
  })

  it('replies with an m.notice: HTML formatted_body, clean plain body, a reply relation', async () => {
    const q = await alice.say(room, '!yurt list the programme')
    const answer = await answerTo(room, q)
    expect(answer.content.msgtype).toBe('m.notice')
    expect(answer.content.format).toBe('org.matrix.custom.html')
    expect(answer.content.formatted_body).toContain('<p>Programme &lt;b&gt;&amp;</p>')
    expect(answer.content.formatted_body).toContain('<p><strong>Saturday</strong></p>\n<ul><li>15:00 Workshop</li><li>18:00 Concert</li></ul>')
    expect(answer.content.body).toBe('Programme <b>&\nSaturday\n  15:00 Workshop\n  18:00 Concert')
    expect(answer.content.body).not.toMatch(/^>/m)
    expect(answer.content['m.relates_to']).toEqual({ 'm.in_reply_to': { event_id: q } })
  })

  it('answers a question asked in a thread in that thread', async () => {
    const root = await alice.say(room, 'Thread: the Saturday workshops')
    const q = await alice.say(room, '!yurt what is in this thread?', {
      'm.relates_to': { rel_type: 'm.thread', event_id: root, is_falling_back: true, 'm.in_reply_to': { event_id: root } },
    })
    const answer = await answerTo(room, q)
    expect(answer.content['m.relates_to']).toEqual({
      rel_type: 'm.thread',
      event_id: root,
      is_falling_back: true,
      'm.in_reply_to': { event_id: q },
    })
    expect(handler.messages.find((m) => m.messageId === q)?.thread).toBe(root)
    // A thread message falls back to a reply to the thread's latest event: that is not a reply to the bot.
    const inThread = await alice.say(room, 'just chatting in the thread', {
      'm.relates_to': { rel_type: 'm.thread', event_id: root, is_falling_back: true, 'm.in_reply_to': { event_id: answer.event_id } },
    })
    await barrier(room)
    expect(handler.messages.some((m) => m.messageId === inThread)).toBe(false)
  })

  it('answers everything in a direct room', async () => {
    const dm = await alice.createRoom({ invite: [botAccount.userId], isDirect: true })
    await waitFor(async () => (await alice.membership(dm, botAccount.userId)) === 'join', { what: 'the bot to join the DM' })
    const q = await alice.say(dm, 'hello there')
    await answerTo(dm, q)
    expect(handler.messages.find((m) => m.messageId === q)).toMatchObject({ text: 'hello there', direct: true })
  })

  it('sends a direct message into a new room marked in m.direct', async () => {
    // Bob is on the bot's server; the allow-list only affects who may invite the bot.
    await adapter.sendDirect(bob.userId, { tone: 'info', blocks: [{ type: 'text', text: 'Your workshop starts in 15 minutes' }] })
    const invited = await waitFor(
      async () => {
        const sync = await bob.api('GET', '/sync?timeout=0')
        return Object.keys(sync.rooms?.invite ?? {})[0] as string | undefined
      },
      { what: 'an invite for bob' },
    )
    await bob.join(invited)
    const messages = await bob.messagesFrom(invited, botAccount.userId)
    expect(messages.map((m) => m.content.body)).toContain('Your workshop starts in 15 minutes')
    const direct = await new MatrixUser(server, botAccount).api(
      'GET',
      `/user/${encodeURIComponent(botAccount.userId)}/account_data/m.direct`,
    )
    expect(direct[bob.userId]).toContain(invited)
  })

  it('turns a 👍 on its message into a reaction with what the message was about, and its removal too', async () => {
    const q = await alice.say(room, '!yurt add workshop')
    const answer = await answerTo(room, q)
    const ignored = await alice.react(room, q, '👍') // on alice's own message: not the bot's
    const thumbs = await alice.react(room, answer.event_id, '👍')
    const added = await waitFor(() => handler.reactions.find((r) => r.messageId === thumbs), { what: 'the reaction' })
    expect(added).toMatchObject({
      platform: 'matrix',
      room,
      user: alice.userId,
      userName: 'Alice',
      targetMessageId: answer.event_id,
      key: '👍',
      added: true,
      about: { festival: 'f', id: 'e1' },
    })
    await alice.redact(room, thumbs)
    const removed = await waitFor(() => handler.reactions.find((r) => r.messageId === thumbs && !r.added), {
      what: 'the reaction removal',
    })
    expect(removed).toMatchObject({ targetMessageId: answer.event_id, key: '👍', added: false, about: { festival: 'f', id: 'e1' } })
    expect(handler.reactions.some((r) => r.messageId === ignored)).toBe(false)
  })

  it('leaves cleanly when kicked and can be invited again', async () => {
    const r2 = await alice.createRoom({ invite: [botAccount.userId] })
    await waitFor(async () => (await alice.membership(r2, botAccount.userId)) === 'join', { what: 'join' })
    await alice.kick(r2, botAccount.userId)
    await barrier(room) // the adapter is still answering elsewhere
    await alice.invite(r2, botAccount.userId)
    await waitFor(async () => (await alice.membership(r2, botAccount.userId)) === 'join', { what: 're-join' })
    const q = await alice.say(r2, '!yurt back again')
    await answerTo(r2, q)
  })

  it('with encryption off, says once that it cannot read an encrypted room', async () => {
    // Encryption works in this build (test/adapters/matrix-e2ee.test.ts); off, the bot behaves as a build without crypto.
    const plainBot = await registerUser(server, 'yurtplain')
    const dir = mkdtempSync(join(tmpdir(), 'yurt-matrix-plain-'))
    const plain = new MatrixAdapter({ homeserverUrl: server.url, accessToken: plainBot.accessToken, dataDir: dir, allowInviters: [alice.userId], logger: quiet, encryption: false })
    try {
      await plain.start(new TestHandler())
      const secret = await alice.createRoom({ invite: [plainBot.userId, bob.userId] })
      await bob.join(secret)
      await waitFor(async () => (await alice.membership(secret, plainBot.userId)) === 'join', { what: 'join' })
      await alice.api('PUT', `/rooms/${encodeURIComponent(secret)}/state/m.room.encryption/`, { algorithm: 'm.megolm.v1.aes-sha2' })
      const ciphertext = { algorithm: 'm.megolm.v1.aes-sha2', ciphertext: 'AwgAEn…', device_id: 'X', sender_key: 'k', session_id: 's' }
      await alice.sendEvent(secret, 'm.room.encrypted', ciphertext)
      await alice.sendEvent(secret, 'm.room.encrypted', ciphertext)
      const notice = await waitFor(async () => (await alice.messagesFrom(secret, plainBot.userId))[0], { what: 'the notice' })
      expect(notice.content.body).toContain('cannot read encrypted messages')
      await alice.sendEvent(secret, 'm.room.encrypted', ciphertext)
      // A clear message in the same room is still read: once it is answered, the third ciphertext was seen.
      const marker = await alice.say(secret, '!yurt marker')
      await waitFor(async () => (await alice.messagesFrom(secret, plainBot.userId)).find((e) => replyTarget(e) === marker), { what: 'the marker answer' })
      expect(await alice.messagesFrom(secret, plainBot.userId)).toHaveLength(2)
    } finally {
      await plain.stop()
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('logs in with a password once and keeps the token (0600)', async () => {
    const account = await registerUser(server, 'yurtpw')
    const dir = mkdtempSync(join(tmpdir(), 'yurt-matrix-login-'))
    const withPassword = () =>
      MatrixAdapter.fromEnv(
        { YURT_MATRIX_HOMESERVER_URL: server.url, YURT_MATRIX_USER_ID: account.userId, YURT_MATRIX_PASSWORD: account.password },
        dir,
        { logger: quiet },
      )!
    try {
      const first = withPassword()
      await first.start(new TestHandler())
      await first.stop()
      const file = join(dir, 'matrix', 'credentials.json')
      expect(statSync(file).mode & 0o777).toBe(0o600)
      const kept = readFileSync(file, 'utf8')
      const second = withPassword()
      await second.start(new TestHandler())
      expect(second.userId).toBe(account.userId)
      await second.stop()
      expect(readFileSync(file, 'utf8')).toBe(kept)
      const token = JSON.parse(kept).accessToken as string
      const devices = await new MatrixUser(server, { ...account, accessToken: token }).api('GET', '/devices')
      // The registration's device and one login: the second start logged in no more.
      expect(devices.devices).toHaveLength(2)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('starts while the homeserver cannot be reached and connects once it answers', async () => {
    const account = await registerUser(server, 'yurtlate')
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as AddressInfo
        probe.close(() => resolve(port))
      })
    })
    const dir = mkdtempSync(join(tmpdir(), 'yurt-matrix-late-'))
    const late = new MatrixAdapter({ homeserverUrl: `http://127.0.0.1:${port}`, accessToken: account.accessToken, dataDir: dir, logger: quiet })
    const lateHandler = new TestHandler()
    const target = new URL(server.url)
    // Nothing listens on `port` yet: start must not fail.
    await late.start(lateHandler)
    const proxy = createServer((req, res) => {
      const upstream = httpRequest(
        { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers)
          up.pipe(res)
        },
      )
      upstream.on('error', () => res.writeHead(502).end())
      req.pipe(upstream)
    })
    await new Promise<void>((resolve) => proxy.listen(port, '127.0.0.1', resolve))
    try {
      const r = await alice.createRoom({ invite: [account.userId] })
      await waitFor(async () => (await alice.membership(r, account.userId)) === 'join', { what: 'the late bot to join', timeoutMs: 20_000 })
      const q = await alice.say(r, '!yurt are you there?')
      await waitFor(async () => (await alice.messagesFrom(r, account.userId)).find((e) => replyTarget(e) === q), { what: 'an answer' })
    } finally {
      await late.stop()
      proxy.closeAllConnections()
      await new Promise((resolve) => proxy.close(resolve))
      rmSync(dir, { recursive: true, force: true })
    }
  })

  // Only a synapse.sh homeserver can be stopped and started by the test (not one of YURT_TEST_HOMESERVER_URL).
  it.skipIf(!hs?.restartable)('carries on when the homeserver restarts: nothing lost, nothing twice (the adapter, and the real bot)', async () => {
    // The real bot (Bot, Announcer, Repo) in a room of its own, planning a festival.
    const yurtAccount = await registerUser(server, 'yurtbot')
    const yurtDir = mkdtempSync(join(tmpdir(), 'yurt-matrix-bot-'))
    const now = Date.parse('2030-06-03T10:00:00+02:00')
    const yurt = await startYurtOnMatrix({ homeserverUrl: server.url, accessToken: yurtAccount.accessToken, dataDir: yurtDir, now: () => now })
    try {
      const festRoom = await alice.createRoom({ invite: [yurtAccount.userId, bob.userId] })
      await bob.join(festRoom)
      await waitFor(async () => (await alice.membership(festRoom, yurtAccount.userId)) === 'join', { what: 'the real bot to join' })
      const botAnswers = async (q: string) =>
        (await alice.messagesFrom(festRoom, yurtAccount.userId)).filter((e) => replyTarget(e) === q)
      const botAnswer = (q: string, timeoutMs = 20_000) =>
        waitFor(async () => (await botAnswers(q))[0], { what: `the bot's answer to ${q}`, timeoutMs })
      await botAnswer(await alice.say(festRoom, '!yurt new festival "Restart Fest" in Europe/Paris from 2030-06-07 to 2030-06-09'))
      await botAnswer(await alice.say(festRoom, '!yurt add venue Tent as a zone'))
      const added = await alice.say(festRoom, '!yurt add workshop "Before" Saturday 10:00 at Tent')
      await botAnswer(added)

      const before = await alice.say(room, '!yurt before the restart')
      await answerTo(room, before)
      await stopSynapse(server)
      await startSynapse(instance)
      const after = await alice.say(room, '!yurt after the restart')
      const addedAfter = await alice.say(festRoom, '!yurt add workshop "After" Saturday 12:00 at Tent')
      const query = await alice.say(festRoom, '!yurt schedule Saturday')
      await waitFor(async () => (await answersTo(room, after))[0], { what: 'an answer after the restart', timeoutMs: 40_000 })
      const schedule = await botAnswer(query, 40_000)
      expect(schedule.content.body).toMatch(/10:00–12:00 Before · Tent\n {2}12:00–14:00 After · Tent/)
      await barrier(room)
      await botAnswer(await alice.say(festRoom, '!yurt festivals'))
      expect(await answersTo(room, before)).toHaveLength(1)
      expect(await answersTo(room, after)).toHaveLength(1)
      for (const q of [added, addedAfter, query]) expect(await botAnswers(q)).toHaveLength(1)
      const festival = yurt.opened.repo.findFestival('Restart Fest')!
      const titles = (await yurt.opened.repo.open(festival.id)).view().events.map((e) => e.title)
      expect(titles.sort()).toEqual(['After', 'Before'])
    } finally {
      await yurt.stop()
      rmSync(yurtDir, { recursive: true, force: true })
    }
  }, 120_000)

  it('a restarted adapter neither answers again nor misses what was said while it was down', async () => {
    const answered = await alice.say(room, '!yurt answered before the stop')
    await answerTo(room, answered)
    await adapter.stop()
    const whileDown = await alice.say(room, '!yurt said while the bot was down')
    const reaction = await alice.react(room, (await answersTo(room, answered))[0]!.event_id, '🎉')
    handler = new TestHandler()
    adapter = makeAdapter()
    await adapter.start(handler)
    await answerTo(room, whileDown)
    await waitFor(() => handler.reactions.find((r) => r.messageId === reaction), { what: 'the reaction sent while down' })
    await barrier(room)
    expect(await answersTo(room, whileDown)).toHaveLength(1)
    expect(await answersTo(room, answered)).toHaveLength(1)
    expect(handler.messages.some((m) => m.messageId === answered)).toBe(false)
  }, 60_000)

  // Regression: a long-poll of the stopped session returned after the restart and answered a second time.
  it('the same instance stopped and started again answers once (a late sync of the old session is dropped)', async () => {
    await adapter.stop() // its long-poll is still pending and will return with the next message
    await adapter.start(handler)
    const q = await alice.say(room, '!yurt once please')
    await answerTo(room, q)
    await barrier(room)
    expect(await answersTo(room, q)).toHaveLength(1)
    expect(handler.messages.filter((m) => m.messageId === q)).toHaveLength(1)
  })

  it('on a first start without a sync token, does not answer old messages', async () => {
    await adapter.stop()
    const old = await alice.say(room, '!yurt an old question nobody answered')
    const fresh = mkdtempSync(join(tmpdir(), 'yurt-matrix-fresh-'))
    try {
      handler = new TestHandler()
      adapter = makeAdapter(fresh)
      await adapter.start(handler)
      await barrier(room)
      expect(handler.messages.some((m) => m.messageId === old)).toBe(false)
      expect(await answersTo(room, old)).toHaveLength(0)
    } finally {
      await adapter.stop()
      rmSync(fresh, { recursive: true, force: true })
    }
  })
})
