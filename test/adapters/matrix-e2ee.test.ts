/**
 * yurt in end-to-end encrypted Matrix rooms, on the real Synapse, with a person whose client
 * encrypts for real (matrix-js-sdk 43 and its Rust crypto, see `helpers/matrix-e2ee.ts`).
 *
 * @remarks
 * The bot is wired as `yurt start` wires it on Matrix, automation included: a Repo in a LevelDB data
 * directory, the Bot, the Automation with its scheduler, the MatrixAdapter on matrix-bot-sdk, whose
 * crypto here is the WebAssembly build (`adapters/matrix/crypto-wasm.ts`) unless the native binary
 * loads. Only the clock is shifted (as `--now` does) so that a daily post and a reminder come within
 * seconds. The tests run in order like a room's history: a room of alice, bob and the bot created
 * encrypted, a workshop added, the encrypted answer read by both, a 👍, a pill and a reply, a
 * thread, the daily post, a QR code as an encrypted image, a restart of the bot on the same data
 * directory, an event it cannot decrypt, a personal reminder in an encrypted direct room, and what
 * happens when the crypto store is lost.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MatrixAdapter } from '../../adapters/matrix.ts'
import { Automation } from '../../commands/automation/index.ts'
import { Bot } from '../../commands/bot.ts'
import { Repo } from '../../core/repo.ts'
import { systemClock, type Clock } from '../../core/scheduler.ts'
import { openDataDir } from '../../core/store.ts'
import type { EventView } from '../../core/types.ts'
import { EncryptingPerson, type ClearEvent } from '../helpers/matrix-e2ee.ts'
import { ensureSynapse, MatrixUser, registerUser, waitFor, type Homeserver, type TestAccount } from '../helpers/synapse.ts'

const hs = await ensureSynapse()

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

interface Running {
  bot: Bot
  repo: Repo
  adapter: MatrixAdapter
  stop(): Promise<void>
}

describe.skipIf(!hs)('yurt in encrypted Matrix rooms (real Synapse, real encryption)', () => {
  const server = hs as Homeserver
  const clock = shiftableClock()
  const log: string[] = []
  const logger = {
    debug: (m: string) => log.push(`debug ${m}`),
    info: (m: string) => log.push(`info ${m}`),
    warn: (m: string) => log.push(`warn ${m}`),
    error: (m: string) => log.push(`error ${m}`),
  }
  let dataDir: string
  let botAccount: TestAccount
  let alice: EncryptingPerson
  let bob: EncryptingPerson
  /** Alice over the plain client-server API: what the homeserver holds. */
  let aliceRaw: MatrixUser
  let yurt: Running
  let room: string
  let workshopAnswer: ClearEvent

  const start = async (): Promise<Running> => {
    const data = await openDataDir(dataDir)
    const repo = await Repo.open(data, { now: () => clock.now() })
    const bot = new Bot({ repo, deviceSeed: data.deviceSeed, kv: data.kv, now: () => clock.now(), defaultTimezone: 'Europe/Paris' })
    const adapter = new MatrixAdapter({ homeserverUrl: server.url, accessToken: botAccount.accessToken, dataDir, logger })
    const automation = new Automation({ bot, kv: data.kv, adapters: [adapter], clock })
    await adapter.start(automation.handler(bot))
    await automation.start()
    return {
      bot,
      repo,
      adapter,
      async stop() {
        await automation.stop()
        await adapter.stop()
        await repo.close()
      },
    }
  }

  const botMessages = (r: string) => alice.messagesFrom(r, botAccount.userId)
  const replyTarget = (e: ClearEvent): string | undefined => e.content['m.relates_to']?.['m.in_reply_to']?.event_id
  /** Alice says `text` in `r` (encrypted) and waits for the bot's answer, as her client decrypts it. */
  const ask = async (r: string, text: string, extra: Record<string, unknown> = {}): Promise<ClearEvent> => {
    const question = await alice.say(r, text, extra)
    return waitFor(async () => (await botMessages(r)).find((e) => replyTarget(e) === question), { what: `an answer to “${text}”`, timeoutMs: 30_000 })
  }
  const eventCalled = async (title: string): Promise<EventView | undefined> => {
    const festival = yurt.repo.findFestival('Crypt Fest')
    return festival ? (await yurt.repo.open(festival.id)).view().events.find((e) => e.title === title) : undefined
  }
  /** The bot's device keys as the homeserver publishes them (`/keys/query`). */
  const botDevices = async () => {
    const res = await aliceRaw.api<{ device_keys: Record<string, Record<string, { keys: Record<string, string> }>> }>('POST', '/keys/query', {
      device_keys: { [botAccount.userId]: [] },
    })
    return res.device_keys[botAccount.userId] ?? {}
  }

  beforeAll(async () => {
    const [bot, person, other] = await Promise.all([registerUser(server, 'yurt'), registerUser(server, 'alice'), registerUser(server, 'bob')])
    botAccount = bot
    aliceRaw = new MatrixUser(server, person)
    await aliceRaw.api('PUT', `/profile/${encodeURIComponent(person.userId)}/displayname`, { displayname: 'Alice' })
    await new MatrixUser(server, bot).api('PUT', `/profile/${encodeURIComponent(bot.userId)}/displayname`, { displayname: 'Yurt' })
    dataDir = mkdtempSync(join(tmpdir(), 'yurt-matrix-e2ee-'))
    clock.set('2030-06-03T08:00:00Z') // Monday 3 June 2030, 10:00 in Paris
    yurt = await start()
    alice = await EncryptingPerson.start(server, person)
    bob = await EncryptingPerson.start(server, other)
  }, 90_000)

  afterAll(async () => {
    alice?.stop()
    bob?.stop()
    await yurt?.stop()
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  })

  it('reads an encrypted “!yurt add workshop …”, stores the event, and answers encrypted, as an m.notice the person decrypts', { timeout: 90_000 }, async () => {
    room = await alice.createEncryptedRoom({ invite: [botAccount.userId, bob.userId], name: 'Crypt Fest orga' })
    await waitFor(async () => (await aliceRaw.membership(room, botAccount.userId)) === 'join', { what: 'the bot to join' })
    await bob.join(room)

    const created = await ask(room, '!yurt new festival "Crypt Fest" in Europe/Paris from 2030-06-01 to 2030-06-10')
    expect(created.content.body).toContain('Crypt Fest')
    expect((await ask(room, '!yurt add venue Ground Control as a zone')).content.body).toContain('Ground Control')

    workshopAnswer = await ask(room, '!yurt add workshop "IPFS basics" today 15:00-17:00 at Ground Control')
    expect(workshopAnswer.wireType).toBe('m.room.encrypted')
    expect(workshopAnswer.decryptionFailed).toBe(false)
    expect(workshopAnswer.content.msgtype).toBe('m.notice')
    expect(workshopAnswer.content.body).toMatch(/IPFS basics/)
    expect(workshopAnswer.content.body).toMatch(/15:00/)
    expect(workshopAnswer.content.body).toMatch(/Ground Control/)
    // The room key went to every member's device: bob reads the answer too.
    const bobSees = await waitFor(async () => (await bob.messagesFrom(room, botAccount.userId)).find((e) => e.event_id === workshopAnswer.event_id && !e.decryptionFailed), {
      what: 'bob to decrypt the answer',
    })
    expect(bobSees.content.body).toBe(workshopAnswer.content.body)
    const stored = await eventCalled('IPFS basics')
    expect(stored).toMatchObject({ title: 'IPFS basics', venueName: 'Ground Control', start: Date.parse('2030-06-03T15:00:00+02:00') })

    // What the homeserver holds is ciphertext, both ways.
    const wire = await aliceRaw.events(room)
    const sent = wire.find((e) => e.event_id === workshopAnswer.event_id)!
    expect(sent.type).toBe('m.room.encrypted')
    expect(JSON.stringify(sent.content)).not.toContain('IPFS')
    expect(wire.filter((e) => e.sender === alice.userId && e.type === 'm.room.message')).toEqual([])
  })

  it('a 👍 on the answer makes the person going; taking it back makes them not going', { timeout: 60_000 }, async () => {
    const thumbs = await alice.react(room, workshopAnswer.event_id, '👍')
    const key = yurt.bot.signerFor('matrix', alice.userId).key
    await waitFor(async () => (await eventCalled('IPFS basics'))?.going.includes(key), { what: 'alice going to IPFS basics' })
    const who = await ask(room, '!yurt who is going to IPFS basics?')
    expect(who.content.body).toContain('Alice')
    await alice.client.redactEvent(room, thumbs)
    await waitFor(async () => (await eventCalled('IPFS basics'))?.going.length === 0, { what: 'alice no longer going' })
  })

  it('is addressed by a pill and by a reply to its message, as in a plain room; ordinary talk is left alone', { timeout: 60_000 }, async () => {
    const ordinary = await alice.say(room, 'we could add a workshop on Saturday')
    const byPill = await ask(room, 'Yurt: when is IPFS basics?', {
      format: 'org.matrix.custom.html',
      formatted_body: `<a href="https://matrix.to/#/${botAccount.userId}">Yurt</a>: when is IPFS basics?`,
      'm.mentions': { user_ids: [botAccount.userId] },
    })
    expect(byPill.content.body).toContain('15:00')
    const byReply = await ask(room, 'where is it?', { 'm.relates_to': { 'm.in_reply_to': { event_id: workshopAnswer.event_id } } })
    expect(byReply.content.body).toContain('Ground Control')
    expect((await botMessages(room)).filter((e) => replyTarget(e) === ordinary)).toEqual([])
  })

  it('answers a question asked in a thread in that thread', { timeout: 60_000 }, async () => {
    const root = await alice.say(room, 'planning thread')
    const answer = await ask(room, "!yurt what's on today?", {
      'm.relates_to': { rel_type: 'm.thread', event_id: root, is_falling_back: true, 'm.in_reply_to': { event_id: root } },
    })
    expect(answer.content.msgtype).toBe('m.notice')
    expect(answer.content['m.relates_to']).toMatchObject({ rel_type: 'm.thread', event_id: root })
    expect(answer.content.body).toContain('IPFS basics')
    // The relation is also in the clear, where the homeserver and Element's thread list read it.
    const wire = (await aliceRaw.events(room)).find((e) => e.event_id === answer.event_id)!
    expect(wire.type).toBe('m.room.encrypted')
    expect(wire.content['m.relates_to']).toMatchObject({ rel_type: 'm.thread', event_id: root })
  })

  it('posts the daily programme into the encrypted room', { timeout: 90_000 }, async () => {
    clock.set('2030-06-03T08:59:50Z') // 10:59:50 in Paris: “every day at 11:00” is ten seconds ahead
    const set = await ask(room, '!yurt post the schedule every day at 11:00')
    expect(set.content.body).toContain('every day at 11:00 (Europe/Paris)')
    const post = await waitFor(async () => (await botMessages(room)).find((e) => String(e.content.body).startsWith('Programme for')), {
      what: 'the daily post',
      timeoutMs: 60_000,
    })
    expect(post.wireType).toBe('m.room.encrypted')
    expect(post.content.msgtype).toBe('m.notice')
    expect(post.content.body).toContain('Programme for Monday 3 June')
    expect(post.content.body).toContain('15:00–17:00 IPFS basics · Ground Control')
  })

  it('posts a QR code as an encrypted image the person can decrypt', { timeout: 60_000 }, async () => {
    const page = 'http://192.168.1.20:8088/?festival=crypt'
    await yurt.adapter.post(room, { tone: 'info', blocks: [{ type: 'text', text: `The page: ${page}` }], qr: { text: page, alt: 'QR code of the page' } })
    const image = await waitFor(async () => (await botMessages(room)).find((e) => e.content.msgtype === 'm.image'), { what: 'the QR code' })
    expect(image.wireType).toBe('m.room.encrypted')
    expect(image.content.url).toBeUndefined()
    const file = image.content.file as { url: string; key: unknown; iv: string; hashes: Record<string, string>; v: string }
    expect(file.url).toMatch(/^mxc:\/\//)
    const [serverName, mediaId] = file.url.slice('mxc://'.length).split('/')
    const res = await fetch(`${server.url}/_matrix/client/v1/media/download/${serverName}/${mediaId}`, {
      headers: { authorization: `Bearer ${alice.account.accessToken}` },
    })
    const ciphertext = new Uint8Array(await res.arrayBuffer())
    expect(Buffer.from(ciphertext.subarray(0, 8)).toString('hex')).not.toBe('89504e470d0a1a0a') // not a PNG on the server
    const wasm = await import('@matrix-org/matrix-sdk-crypto-wasm')
    const png = wasm.Attachment.decrypt(new wasm.EncryptedAttachment(ciphertext, JSON.stringify(file)))
    expect(Buffer.from(png.subarray(0, 8)).toString('hex')).toBe('89504e470d0a1a0a')
  })

  it('after a restart the same room works both ways, with the same device and keys, kept in 0600 files and never logged', { timeout: 90_000 }, async () => {
    const before = await botDevices()
    expect(Object.keys(before)).toHaveLength(1)
    const [deviceId] = Object.keys(before)
    await yurt.stop()

    const cryptoDir = join(dataDir, 'matrix', 'crypto', encodeURIComponent(deviceId!))
    expect(statSync(cryptoDir).mode & 0o777).toBe(0o700)
    for (const file of readdirSync(cryptoDir)) expect({ file, mode: statSync(join(cryptoDir, file)).mode & 0o777 }).toEqual({ file, mode: 0o600 })
    expect(readdirSync(cryptoDir)).toContain('olm-store.v8')

    yurt = await start()
    // Alice's client still uses the room key she shared before the restart: the bot kept it.
    const answer = await ask(room, "!yurt what's on today?")
    expect(answer.wireType).toBe('m.room.encrypted')
    expect(answer.decryptionFailed).toBe(false)
    expect(answer.content.body).toContain('IPFS basics')
    expect(await botDevices()).toEqual(before)

    const keys = Object.values(before[deviceId!]!.keys)
    expect(keys.length).toBeGreaterThanOrEqual(2)
    const text = log.join('\n')
    for (const k of keys) expect(text).not.toContain(k)
    expect(text).toContain(deviceId!)
  })

  it('an event it cannot decrypt is logged with its id and left unanswered', { timeout: 60_000 }, async () => {
    const before = (await botMessages(room)).length
    const bogus = await aliceRaw.sendEvent(room, 'm.room.encrypted', {
      algorithm: 'm.megolm.v1.aes-sha2',
      ciphertext: 'AwgAEnAAAAAA',
      device_id: alice.deviceId,
      sender_key: 'c2VuZGVyIGtleSB0aGF0IGRvZXMgbm90IGV4aXN0IGF0IGFsbA',
      session_id: 'c2Vzc2lvbiB0aGF0IGRvZXMgbm90IGV4aXN0IGF0IGFsbCBoZXJl',
    })
    const answer = await ask(room, "!yurt what's on today?")
    expect(answer.content.body).toContain('IPFS basics')
    expect((await botMessages(room)).length).toBe(before + 1)
    expect(log.some((line) => line.startsWith('warn could not decrypt') && line.includes(bogus) && line.includes(alice.userId))).toBe(true)
  })

  it('sends a personal reminder in an encrypted direct room', { timeout: 90_000 }, async () => {
    clock.set('2030-06-03T12:44:50Z') // 14:44:50 in Paris: 15 minutes before 15:00 is ten seconds ahead
    const set = await ask(room, '!yurt remind me 15 minutes before IPFS basics')
    expect(set.content.body).toContain('15 minutes before “IPFS basics”')
    const dm = await waitFor(() => alice.client.getRooms().find((r) => r.roomId !== room && r.getMyMembership() === 'invite')?.roomId, {
      what: 'an invitation to a direct room',
      timeoutMs: 60_000,
    })
    await alice.join(dm)
    expect(alice.client.getRoom(dm)?.hasEncryptionStateEvent()).toBe(true)
    const reminder = await waitFor(async () => (await botMessages(dm)).find((e) => String(e.content.body).startsWith('Reminder')), {
      what: 'the reminder',
      timeoutMs: 30_000,
    }).catch(async (err: Error) => {
      const seen = (await alice.events(dm)).map((e) => `${e.sender === botAccount.userId ? 'bot' : e.sender} ${e.wireType}→${e.type}${e.decryptionFailed ? ' (undecryptable)' : ''}`)
      const wire = (await aliceRaw.events(dm)).map((e) => `${e.sender === botAccount.userId ? 'bot' : e.sender} ${e.type}`)
      throw new Error(`${err.message}\nalice's client sees: ${seen.join('; ')}\non the server: ${wire.join('; ')}\nbot warnings: ${log.filter((l) => l.startsWith('warn') || l.startsWith('error')).slice(-8).join(' | ')}`)
    })
    expect(reminder.wireType).toBe('m.room.encrypted')
    expect(reminder.decryptionFailed).toBe(false)
    expect(reminder.content.body).toBe('Reminder: “IPFS basics” starts in 15 min (Mon 3 Jun 15:00 at Ground Control).')
  })

  it('answers everything in an encrypted direct room the person started', { timeout: 60_000 }, async () => {
    const dm = await alice.createEncryptedRoom({ invite: [botAccount.userId], isDirect: true, name: 'Alice and Yurt' })
    await waitFor(async () => (await aliceRaw.membership(dm, botAccount.userId)) === 'join', { what: 'the bot to join the direct room' })
    const answer = await ask(dm, "what's on today?")
    expect(answer.wireType).toBe('m.room.encrypted')
    expect(answer.content.msgtype).toBe('m.notice')
    expect(answer.content.body).toContain('IPFS basics')
  })

  it('a lost crypto store never keeps the bot from starting: with a password it logs in again as a new device, with a token it starts unencrypted', { timeout: 90_000 }, async () => {
    await yurt.stop()
    const quietHandler = { onMessage: async () => null }
    const fromEnv = (dir: string, env: Record<string, string>) =>
      MatrixAdapter.fromEnv({ YURT_MATRIX_HOMESERVER_URL: server.url, ...env }, dir, { logger })!

    // The same access token in an empty data directory: its device's keys are on the server, not here.
    const tokenDir = mkdtempSync(join(tmpdir(), 'yurt-matrix-e2ee-token-'))
    const byToken = fromEnv(tokenDir, { YURT_MATRIX_ACCESS_TOKEN: botAccount.accessToken })
    try {
      const from = log.length
      await byToken.start(quietHandler)
      expect(log.slice(from).some((l) => l.startsWith('warn encrypted rooms are off: the device') && l.includes('a new access token'))).toBe(true)
      expect(await botDevices()).toEqual(await botDevices()) // nothing was uploaded over the device's keys
    } finally {
      await byToken.stop()
      rmSync(tokenDir, { recursive: true, force: true })
    }

    // With a password: a first start logs in (device A); its crypto store is lost; the next start logs in again (device B).
    const pwDir = mkdtempSync(join(tmpdir(), 'yurt-matrix-e2ee-pw-'))
    const env = { YURT_MATRIX_USER_ID: botAccount.userId, YURT_MATRIX_PASSWORD: botAccount.password }
    try {
      const first = fromEnv(pwDir, env)
      await first.start(quietHandler)
      await first.stop()
      const tokenA = JSON.parse(readFileSync(join(pwDir, 'matrix', 'credentials.json'), 'utf8')).accessToken
      const [deviceA] = readdirSync(join(pwDir, 'matrix', 'crypto'))
      rmSync(join(pwDir, 'matrix', 'crypto'), { recursive: true })

      const from = log.length
      const second = fromEnv(pwDir, env)
      await second.start(quietHandler)
      await second.stop()
      expect(log.slice(from).some((l) => l.includes(`the device ${deviceA} of this access token already has keys`) && l.includes('logging in again'))).toBe(true)
      expect(JSON.parse(readFileSync(join(pwDir, 'matrix', 'credentials.json'), 'utf8')).accessToken).not.toBe(tokenA)
      const [deviceB] = readdirSync(join(pwDir, 'matrix', 'crypto'))
      expect(deviceB).toBeDefined()
      expect(deviceB).not.toBe(deviceA)
      expect(Object.keys(await botDevices())).toContain(decodeURIComponent(deviceB!))
    } finally {
      rmSync(pwDir, { recursive: true, force: true })
    }
    yurt = await start()
  })
})
