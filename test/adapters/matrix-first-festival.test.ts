/**
 * A brand-new Matrix room works at the first sentence: on the real Synapse, two people invite the
 * real bot (Bot, Announcer, MatrixAdapter over a Repo in a temporary data directory), and the very
 * first line after the invite — `!yurt add workshop "IPFS basics" Saturday 3pm at Ground Control` —
 * followed by "yes" stores a festival named after the room, the venue and the workshop.
 *
 * @remarks The clock is pinned to Monday 3 June 2030, 10:00 in Paris ("Saturday" is the 8th). What
 * the bot did is checked where people see it (the room's messages, read by both) and in the
 * festival itself (the repository's view and the JSON export).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { exportJson } from '../../core/formats/export-json.ts'
import { ensureSynapse, MatrixUser, registerUser, waitFor, type Homeserver, type TestAccount, type TestEvent } from '../helpers/synapse.ts'
import { startYurtOnMatrix, type YurtOnMatrix } from '../helpers/matrix-yurt.ts'

const hs = await ensureSynapse()

const NOW = Date.parse('2030-06-03T10:00:00+02:00')

const replyTarget = (e: TestEvent): string | undefined => e.content['m.relates_to']?.['m.in_reply_to']?.event_id

describe.skipIf(!hs)('a new Matrix room plans a festival from its first sentence (real bot on Synapse)', () => {
  const server = hs as Homeserver
  let botAccount: TestAccount
  let alice: MatrixUser
  let bob: MatrixUser
  let dataDir: string
  let yurt: YurtOnMatrix

  const answersTo = async (reader: MatrixUser, room: string, question: string) =>
    (await reader.messagesFrom(room, botAccount.userId)).filter((e) => replyTarget(e) === question)
  const answerTo = (room: string, question: string, reader = alice) =>
    waitFor(async () => (await answersTo(reader, room, question))[0], { what: `an answer to ${question}`, timeoutMs: 20_000 })
  /** A room alice makes, with bob and the bot invited; resolves once both joined. */
  const newRoom = async (options: { name?: string; alias?: string }) => {
    const room = await alice.createRoom({ invite: [botAccount.userId, bob.userId], ...options })
    await bob.join(room)
    await waitFor(async () => (await alice.membership(room, botAccount.userId)) === 'join', { what: 'the bot to join' })
    return room
  }

  beforeAll(async () => {
    const accounts = await Promise.all(['yurt', 'alice', 'bob'].map((n) => registerUser(server, n)))
    botAccount = accounts[0]!
    alice = new MatrixUser(server, accounts[1]!)
    bob = new MatrixUser(server, accounts[2]!)
    await alice.api('PUT', `/profile/${encodeURIComponent(alice.userId)}/displayname`, { displayname: 'Alice' })
    dataDir = mkdtempSync(join(tmpdir(), 'yurt-matrix-first-'))
    yurt = await startYurtOnMatrix({ homeserverUrl: server.url, accessToken: botAccount.accessToken, dataDir, now: () => NOW, tz: 'Europe/Paris' })
  }, 60_000)

  afterAll(async () => {
    await yurt?.stop()
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  })

  it('the first line and "yes" store the festival (named after the room), the venue and the workshop', async () => {
    const room = await newRoom({ name: 'IPFS Camp orga' })
    expect(yurt.opened.repo.festivals()).toEqual([])

    const first = await alice.say(room, '!yurt add workshop "IPFS basics" Saturday 3pm at Ground Control')
    const offer = await answerTo(room, first)
    expect(offer.content.body).toBe(
      'Started the festival “IPFS Camp orga” (Europe/Paris) for this room. Another name or zone: undo, then new festival "Name" in Europe/Paris — or plan an existing one: this room plans <festival>\n' +
        "Ground Control isn't a venue yet — add it and book “IPFS basics” there? (yes / no)",
    )
    const festival = yurt.opened.repo.findFestival('IPFS Camp orga')!
    expect(festival).toMatchObject({ name: 'IPFS Camp orga', timezone: 'Europe/Paris' })
    expect((await yurt.bot.roomSettings('matrix', room)).festival).toBe(festival.id)

    // Bob's plain "yes" is conversation, not an answer; Alice answers by replying to the question.
    const bobsYes = await bob.say(room, 'yes')
    const quoted = String(offer.content.body).split('\n').map((line, i) => (i === 0 ? `> <${botAccount.userId}> ${line}` : `> ${line}`))
    const yes = await alice.say(room, `${quoted.join('\n')}\n\nyes`, {
      'm.relates_to': { 'm.in_reply_to': { event_id: offer.event_id } },
    })
    const done = await answerTo(room, yes)
    expect(done.content.body).toBe('Added the venue Ground Control and “IPFS basics” (workshop), Sat 8 Jun 15:00–17:00 at Ground Control.')

    // The bot answers in order: Bob's "yes" was seen before Alice's and left alone.
    expect(await answersTo(alice, room, bobsYes)).toEqual([])

    // Both people see the same answers.
    expect((await answersTo(bob, room, yes)).map((e) => e.content.body)).toEqual([done.content.body])
    expect((await answersTo(bob, room, first)).map((e) => e.content.body)).toEqual([offer.content.body])

    const exported = JSON.parse(exportJson((await yurt.opened.repo.open(festival.id)).view(NOW)))
    expect(exported.festival).toMatchObject({ name: 'IPFS Camp orga', timezone: 'Europe/Paris' })
    expect(exported.venues.map((v: { name: string }) => v.name)).toEqual(['Ground Control'])
    expect(exported.events.map((e: Record<string, unknown>) => [e.title, e.kind, e.start, e.end, e.venue, e.organizers])).toEqual([
      ['IPFS basics', 'workshop', '2030-06-08T15:00:00+02:00', '2030-06-08T17:00:00+02:00', 'Ground Control', ['Alice']],
    ])

    const programme = await answerTo(room, await bob.say(room, "!yurt what's on Saturday?"), bob)
    expect(programme.content.body).toBe('Saturday 8 June\n  15:00–17:00 IPFS basics · Ground Control')
  })

  it('a room with only an alias is named after it; a question in a room without a festival starts nothing', async () => {
    const alias = `paris-p2p-${Date.now().toString(36)}`
    const room = await newRoom({ alias })
    const q = await alice.say(room, "!yurt what's on Saturday?")
    expect((await answerTo(room, q)).content.body).toBe(
      'Nothing is planned here yet. Start with: add workshop "IPFS basics" Saturday 3pm at Ground Control — or plan the festival held here: this room plans IPFS Camp orga',
    )
    expect(yurt.opened.repo.festivals()).toHaveLength(1)

    const venue = await answerTo(room, await alice.say(room, '!yurt add venue La Rotonde'))
    expect(venue.content.body.split('\n')[0]).toBe(
      `Started the festival “${alias}” (Europe/Paris) for this room. Another name or zone: undo, then new festival "Name" in Europe/Paris — or plan an existing one: this room plans <festival>`,
    )
    const festival = yurt.opened.repo.findFestival(alias)!
    expect((await yurt.opened.repo.open(festival.id)).view(NOW).venues.map((v) => v.name)).toEqual(['La Rotonde'])
  })
})
