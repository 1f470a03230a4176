/**
 * One festival across two chat networks: a `yurt start` on Synapse (Matrix) and a `yurt start` on the
 * Rocket.Chat simulation, peered over loopback by a join code and bound to the same festival. What is
 * added in the Matrix room is announced in the Rocket.Chat channel and is in its schedule, and the
 * other way round; a 👍 in one network counts in the other.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BIN, TEST_ENV, tempDir, freePort } from '../helpers/cli.ts'
import { RocketChatSim, type SimMessage, type SimRoom, type SimUser } from '../helpers/rocketchat-sim.ts'
import { ensureSynapse, MatrixUser, registerUser, waitFor, type TestEvent } from '../helpers/synapse.ts'

const NOW = '2020-01-09T10:00:00+01:00'
const hs = await ensureSynapse()

/** A running `yurt start` with its output kept. */
class Yurt {
  readonly child: ChildProcessWithoutNullStreams
  out = ''
  constructor(args: string[], env: NodeJS.ProcessEnv) {
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('YURT_')))
    this.child = spawn(process.execPath, [BIN, 'start', '--now', NOW, ...args], { env: { ...clean, ...TEST_ENV, ...env } })
    this.child.stdout.on('data', (d) => (this.out += d))
    this.child.stderr.on('data', (d) => (this.out += d))
  }
  async stop(): Promise<number | null> {
    if (this.child.exitCode !== null) return this.child.exitCode
    const closed = new Promise<number | null>((resolve) => this.child.on('close', resolve))
    this.child.kill('SIGTERM')
    return closed
  }
}

describe.skipIf(!hs)('one festival in a Matrix room and a Rocket.Chat channel', () => {
  let sim: RocketChatSim
  let carol: SimUser
  let rcBot: SimUser
  let channel: SimRoom
  let alice: MatrixUser
  let matrixBotId: string
  let matrixRoom: string
  let a: { dir: string; cleanup: () => Promise<void> }
  let b: { dir: string; cleanup: () => Promise<void> }
  const running: Yurt[] = []

  beforeAll(async () => {
    sim = await RocketChatSim.start()
    rcBot = sim.addUser({ username: 'yurt', password: 'rc-secret', type: 'bot' }).user
    carol = sim.addUser({ username: 'carol', name: 'Carol' }).user
    channel = sim.createRoom({ name: 'festival', owner: carol })
    const [botAccount, aliceAccount] = await Promise.all([registerUser(hs!, 'yurtx'), registerUser(hs!, 'alice')])
    matrixBotId = botAccount.userId
    alice = new MatrixUser(hs!, aliceAccount)
    matrixRoom = await alice.createRoom({ invite: [botAccount.userId], name: 'Camp' })
    a = await tempDir('yurt-matrix-side-')
    b = await tempDir('yurt-rocketchat-side-')
    const port = await freePort()
    running.push(
      new Yurt(['--data', a.dir, '--listen', `/ip4/127.0.0.1/tcp/${port}`, '--listen', '/ip4/127.0.0.1/tcp/0/ws', '--http', '127.0.0.1:0'], {
        YURT_MATRIX_HOMESERVER_URL: hs!.url,
        YURT_MATRIX_ACCESS_TOKEN: botAccount.accessToken,
        YURT_MATRIX_USER_ID: botAccount.userId,
      }),
      new Yurt(['--data', b.dir], {
        YURT_ROCKETCHAT_URL: sim.url,
        YURT_ROCKETCHAT_USER: 'yurt',
        YURT_ROCKETCHAT_PASSWORD: 'rc-secret',
        YURT_ROCKETCHAT_CHANNELS: 'festival',
      }),
    )
  })

  afterAll(async () => {
    for (const y of running) await y.stop()
    await sim?.stop()
    await a?.cleanup()
    await b?.cleanup()
  })

  const output = () => running.map((y) => y.out).join('\n----\n')

  /** What the Matrix bot said in the room. */
  const matrixSaid = async () => (await alice.messagesFrom(matrixRoom, matrixBotId)).filter((e) => e.type === 'm.room.message')

  /** Asks the Matrix bot and resolves with its answer (the notice replying to the question). */
  async function askMatrix(text: string): Promise<TestEvent> {
    const question = await alice.say(matrixRoom, `!yurt ${text}`)
    return waitFor(async () => (await matrixSaid()).find((e) => e.content['m.relates_to']?.['m.in_reply_to']?.event_id === question), {
      timeoutMs: 30_000,
      what: `the Matrix bot to answer "${text}"\n${output()}`,
    })
  }

  /** Asks the Rocket.Chat bot and resolves with its answer (in the question's thread). */
  async function askRocketChat(text: string): Promise<SimMessage> {
    const question = sim.say(carol, channel, `@yurt ${text}`)
    return waitFor(() => sim.messagesFrom(rcBot, channel).find((m) => m.tmid === question._id), {
      timeoutMs: 30_000,
      what: `the Rocket.Chat bot to answer "${text}"\n${output()}`,
    })
  }

  async function inMatrix(text: string, expected: RegExp): Promise<TestEvent> {
    const answer = await askMatrix(text)
    expect(String(answer.content.body)).toMatch(expected)
    return answer
  }

  async function inRocketChat(text: string, expected: RegExp): Promise<SimMessage> {
    const answer = await askRocketChat(text)
    expect(answer.msg).toMatch(expected)
    return answer
  }

  /** Asks until the answer matches (a change from the other peer may take a moment to arrive). */
  async function eventually(ask: () => Promise<string>, expected: RegExp, what: string): Promise<string> {
    let last = ''
    return waitFor(
      async () => {
        last = await ask()
        return expected.test(last) ? last : undefined
      },
      { timeoutMs: 30_000, intervalMs: 500, what: `${what}; last answer: ${last}\n${output()}` },
    )
  }

  it('announces and schedules each side’s events on the other, and counts 👍 from both', async () => {
    await waitFor(async () => (await alice.membership(matrixRoom, matrixBotId)) === 'join', { timeoutMs: 60_000, what: `the Matrix bot to join\n${output()}` })
    await waitFor(() => channel.members.has(rcBot._id), { timeoutMs: 60_000, what: `the Rocket.Chat bot to join #festival\n${output()}` })

    await inMatrix('new festival "Camp" in Europe/Paris from 2020-01-08 to 2020-01-12', /Camp/)
    await inMatrix('add venue Scène as a stage', /Scène/)
    const shared = await inMatrix('share', /yurt1:/)
    const code = /yurt1:[A-Za-z0-9_-]+/.exec(String(shared.content.body))![0]
    // The page's address comes as a QR code too: a PNG in the homeserver's media repository.
    expect(String(shared.content.body)).toMatch(/open http:\/\/127\.0\.0\.1:\d+\/\?festival=/)
    const image = await waitFor(async () => (await matrixSaid()).find((e) => e.content.msgtype === 'm.image'), { timeoutMs: 10_000, what: `the QR code\n${output()}` })
    expect(image.content).toMatchObject({ body: 'QR code: Camp on a phone', info: { mimetype: 'image/png' } })
    expect(String(image.content.url)).toMatch(/^mxc:\/\//)
    await inRocketChat(`join ${code}`, /Camp/)

    // Matrix → Rocket.Chat: announced in the channel, and in its schedule.
    await inMatrix('add talk "Matrix talk" tomorrow 18:00-19:00 at Scène', /Matrix talk/)
    const announced = await waitFor(() => sim.messagesFrom(rcBot, channel).find((m) => /added “Matrix talk”/.test(m.msg)), {
      timeoutMs: 30_000,
      what: `the announcement of Matrix talk in Rocket.Chat\n${output()}`,
    })
    expect(announced.tmid).toBeUndefined()
    await inRocketChat('schedule tomorrow', /18:00.*Matrix talk/)

    // Rocket.Chat → Matrix.
    await inRocketChat('add workshop "Rocket workshop" tomorrow 15:00-16:00 at Scène', /Rocket workshop/)
    const inRoom = await waitFor(async () => (await matrixSaid()).find((e) => /Carol added “Rocket workshop”/.test(String(e.content.body))), {
      timeoutMs: 30_000,
      what: `the announcement of Rocket workshop in Matrix\n${output()}`,
    })
    await eventually(async () => String((await askMatrix('schedule tomorrow')).content.body), /15:00.*Rocket workshop[\s\S]*18:00.*Matrix talk/, 'both events in the Matrix schedule')

    // 👍 on each network's announcement is an RSVP the other network counts.
    sim.react(carol, announced._id, ':thumbsup:')
    await alice.react(matrixRoom, inRoom.event_id, '👍')
    await eventually(async () => String((await askMatrix("who's going to Matrix talk?")).content.body), /Going to .*Matrix talk.*: .*Carol/, "Carol's 👍 to count in Matrix")
    const alicesName = (await alice.api<{ displayname?: string }>('GET', `/profile/${encodeURIComponent(alice.userId)}`)).displayname ?? alice.userId
    const name = new RegExp(`Going to .*Rocket workshop.*: .*${alicesName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`)
    await eventually(async () => (await askRocketChat("who's going to Rocket workshop?")).msg, name, "Alice's 👍 to count in Rocket.Chat")
    for (const y of running) expect(await y.stop()).toBe(0)
  }, 180_000)
})
