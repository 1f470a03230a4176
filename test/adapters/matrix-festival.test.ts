/**
 * yurt planning a festival in a Matrix room, as the people in the room see it: the real Bot,
 * Announcer and MatrixAdapter over a real Repo (LevelDB in a temporary data directory), on the
 * shared Synapse (`synapse.sh`, port 8008) with users of their own.
 *
 * @remarks
 * The clock is pinned to Monday 3 June 2030, 10:00 in Paris; the festival runs Friday 7 to Sunday 9
 * June. Tests run in order and build on each other, like a room's history. What the bot did is
 * checked where a person would see it (the room's messages) and in the festival itself (the view,
 * the JSON export).
 */
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signerFromSeed } from '../../core/identity.ts'
import { newEntityId } from '../../core/ids.ts'
import { exportJson } from '../../core/formats/export-json.ts'
import { instantAt } from '../../core/time.ts'
import type { EventView, FestivalMeta } from '../../core/types.ts'
import { ensureSynapse, MatrixUser, registerUser, waitFor, type Homeserver, type TestAccount, type TestEvent } from '../helpers/synapse.ts'
import { startYurtOnMatrix, type YurtOnMatrix } from '../helpers/matrix-yurt.ts'
import { BIN, ROOT, TEST_ENV } from '../helpers/cli.ts'

const hs = await ensureSynapse()

const NOW = Date.parse('2030-06-03T10:00:00+02:00')
const ZONE = 'Europe/Paris'

function replyTarget(e: TestEvent): string | undefined {
  return e.content['m.relates_to']?.['m.in_reply_to']?.event_id
}

describe.skipIf(!hs)('a festival planned in a Matrix room (real bot on Synapse)', () => {
  const server = hs as Homeserver
  let botAccount: TestAccount
  let alice: MatrixUser
  let bob: MatrixUser
  let carol: MatrixUser
  let dataDir: string
  let yurt: YurtOnMatrix
  let room: string
  let otherRoom: string
  let festival: FestivalMeta

  const start = () =>
    startYurtOnMatrix({ homeserverUrl: server.url, accessToken: botAccount.accessToken, dataDir, now: () => NOW, tz: ZONE })

  /** The bot's messages in `r`, read by a member (carol in her room, alice elsewhere). */
  const botMessages = (r: string) => (r === otherRoom ? carol : alice).messagesFrom(r, botAccount.userId)
  const answersTo = async (r: string, question: string) => (await botMessages(r)).filter((e) => replyTarget(e) === question)
  const answerTo = (r: string, question: string) =>
    waitFor(async () => (await answersTo(r, question))[0], { what: `an answer to ${question}`, timeoutMs: 20_000 })
  /** Alice says `text` in `r` and waits for the bot's answer. */
  const ask = async (r: string, text: string, who = alice, extra: Record<string, unknown> = {}) =>
    answerTo(r, await who.say(r, text, extra))
  /** Everything sent to `r` before has been handled once this returns (the bot answers in order). */
  const barrier = (r: string, prefix = '!yurt', who = alice) => ask(r, `${prefix} festivals`, who)

  const view = async () => (await yurt.opened.repo.open(festival.id)).view()
  const eventCalled = async (title: string): Promise<EventView | undefined> => (await view()).events.find((e) => e.title === title)
  const keyOf = (user: MatrixUser) => yurt.bot.signerFor('matrix', user.userId).key
  const at = (day: string, time: string) => instantAt(day, time, ZONE)

  beforeAll(async () => {
    const accounts = await Promise.all(['yurt', 'alice', 'bob', 'carol'].map((n) => registerUser(server, n)))
    botAccount = accounts[0]!
    alice = new MatrixUser(server, accounts[1]!)
    bob = new MatrixUser(server, accounts[2]!)
    carol = new MatrixUser(server, accounts[3]!)
    await new MatrixUser(server, botAccount).api('PUT', `/profile/${encodeURIComponent(botAccount.userId)}/displayname`, { displayname: 'Yurt' })
    for (const [user, name] of [[alice, 'Alice'], [bob, 'Bob'], [carol, 'Carol']] as const) {
      await user.api('PUT', `/profile/${encodeURIComponent(user.userId)}/displayname`, { displayname: name })
    }
    dataDir = mkdtempSync(join(tmpdir(), 'yurt-matrix-festival-'))
    yurt = await start()
  }, 60_000)

  afterAll(async () => {
    await yurt?.stop()
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  })

  it('a user creates a room and invites the bot; the bot joins', async () => {
    room = await alice.createRoom({ invite: [botAccount.userId, bob.userId], name: 'Matrix Fest orga' })
    await bob.join(room)
    await waitFor(async () => (await alice.membership(room, botAccount.userId)) === 'join', { what: 'the bot to join' })
  })

  it('creates a festival from the room, which then plans it; ordinary messages are ignored', async () => {
    const created = await ask(room, '!yurt new festival "Matrix Fest" in Europe/Paris from 2030-06-07 to 2030-06-09')
    expect(created.content.body).toContain('Created the festival Matrix Fest (Europe/Paris)')
    festival = yurt.opened.repo.findFestival('Matrix Fest')!
    expect(festival).toMatchObject({ timezone: ZONE, startDate: '2030-06-07', endDate: '2030-06-09' })
    expect((await yurt.bot.roomSettings('matrix', room)).festival).toBe(festival.id)

    const ordinary = [
      await bob.say(room, 'we should add a workshop on Saturday'),
      await alice.say(room, "what's on Saturday?"),
      await bob.say(room, 'yurt is a nice word, add venue Tent'),
    ]
    await barrier(room)
    for (const id of ordinary) expect(await answersTo(room, id)).toHaveLength(0)
    expect((await view()).venues).toHaveLength(0)
  })

  it('adds, moves and queries an event in English, addressed by a pill, the prefix and a reply', async () => {
    const venue = await answerTo(room, await alice.mention(room, { userId: botAccount.userId, name: 'Yurt' }, 'add venue Ground Control as a zone'))
    expect(venue.content.body).toContain('Added the venue Ground Control')

    const added = await ask(room, '!yurt add workshop "IPFS basics" Saturday 3pm at Ground Control')
    expect(added.content.body).toContain('Added “IPFS basics” (workshop), Sat 8 Jun 15:00–17:00 at Ground Control')
    expect(await eventCalled('IPFS basics')).toMatchObject({ start: at('2030-06-08', '15:00'), end: at('2030-06-08', '17:00'), venueName: 'Ground Control' })

    // A reply to the bot's message is addressed to it, without prefix or mention.
    const move = await alice.say(room, `> <${botAccount.userId}> ${added.content.body}\n\nmove IPFS basics to 16:00`, {
      'm.relates_to': { 'm.in_reply_to': { event_id: added.event_id } },
    })
    expect((await answerTo(room, move)).content.body).toContain('Moved: “IPFS basics” (workshop), Sat 8 Jun 16:00–18:00')
    expect(await eventCalled('IPFS basics')).toMatchObject({ start: at('2030-06-08', '16:00') })
  })

  it('answers a schedule query with a readable m.notice: a day heading over times and venues, HTML and a clean plain body', async () => {
    await ask(room, '!yurt add talk "History of P2P" Saturday 18:00-19:00 at Ground Control')
    const q = await alice.say(room, '!yurt schedule Saturday')
    const answer = await answerTo(room, q)
    expect(answer.content.msgtype).toBe('m.notice')
    expect(answer.content.format).toBe('org.matrix.custom.html')
    expect(answer.content.formatted_body).toBe(
      '<p><strong>Saturday 8 June</strong></p>\n<ul><li>16:00–18:00 IPFS basics · Ground Control</li><li>18:00–19:00 History of P2P · Ground Control</li></ul>',
    )
    expect(answer.content.body).toBe('Saturday 8 June\n  16:00–18:00 IPFS basics · Ground Control\n  18:00–19:00 History of P2P · Ground Control')
    expect(answer.content['m.relates_to']).toEqual({ 'm.in_reply_to': { event_id: q } })
    expect(answer.content['m.mentions']).toEqual({ user_ids: [alice.userId] })
  })

  it('speaks French once the room says so, and shows times in the zone set from the room', async () => {
    expect((await ask(room, '!yurt language fr')).content.body).toBe('Je répondrai en français ici.')
    expect((await yurt.bot.roomSettings('matrix', room)).lang).toBe('fr')

    const moved = await ask(room, '!yurt déplace IPFS basics à 17h')
    expect(moved.content.body).toContain('Déplacé : “IPFS basics” (atelier), sam. 8 juin 17:00–19:00 à Ground Control')
    expect(await eventCalled('IPFS basics')).toMatchObject({ start: at('2030-06-08', '17:00') })

    const programme = await ask(room, '!yurt programme de samedi')
    expect(programme.content.body).toMatch(/^Samedi 8 juin\n {2}17:00–19:00 IPFS basics · Ground Control\n/)

    // A sentence that cannot be read is answered in the room's language.
    expect((await ask(room, '!yurt blorp')).content.body).toContain('Essayez « ajoute un atelier samedi 15h')

    expect((await ask(room, '!yurt fuseau Europe/London')).content.body).toContain('Europe/London')
    expect((await ask(room, '!yurt programme de samedi')).content.body).toContain('16:00–18:00 IPFS basics')
    await ask(room, '!yurt fuseau Europe/Paris')
  })

  it('a 👍 on the bot’s reply about one event makes the user going, with the display name of their member event; removing it takes it back', async () => {
    // Bob's name in this room only (his member event), not his global display name.
    await bob.api('PUT', `/rooms/${encodeURIComponent(room)}/state/m.room.member/${encodeURIComponent(bob.userId)}`, {
      membership: 'join',
      displayname: 'Bob the Builder',
    })
    const about = await ask(room, '!yurt who is going to History of P2P?')
    const thumbs = await bob.react(room, about.event_id, '👍')
    await waitFor(async () => (await eventCalled('History of P2P'))?.going.includes(keyOf(bob)), { what: 'bob going' })
    const exported = JSON.parse(exportJson(await view())) as { events: Array<{ title: string; going: string[] }> }
    expect(exported.events.find((e) => e.title === 'History of P2P')?.going).toEqual(['Bob the Builder'])
    expect((await ask(room, '!yurt qui vient à History of P2P ?')).content.body).toContain('Bob the Builder (1)')

    await bob.redact(room, thumbs)
    await waitFor(async () => (await eventCalled('History of P2P'))?.going.length === 0, { what: 'bob no longer going' })
    expect((await ask(room, '!yurt qui vient à History of P2P ?')).content.body).not.toContain('Bob')

    // A 👍 on a reply about several events says nothing about any one of them.
    const list = await ask(room, '!yurt programme de samedi')
    await bob.react(room, list.event_id, '👍')
    await barrier(room)
    for (const e of (await view()).events) expect(e.going).not.toContain(keyOf(bob))
  })

  it('answers a question asked in a thread in that thread', async () => {
    const root = await alice.say(room, 'Fil : samedi')
    const q = await alice.say(room, '!yurt programme de samedi', {
      'm.relates_to': { rel_type: 'm.thread', event_id: root, is_falling_back: true, 'm.in_reply_to': { event_id: root } },
    })
    const answer = await answerTo(room, q)
    expect(answer.content['m.relates_to']).toMatchObject({ rel_type: 'm.thread', event_id: root })
    expect(answer.content.body).toContain('IPFS basics')
  })

  it('announces changes made from another room and by another author, a 👍 on an announcement is an RSVP, and “announcements off” stops them', async () => {
    otherRoom = await carol.createRoom({ invite: [botAccount.userId, bob.userId] })
    await bob.join(otherRoom)
    await waitFor(async () => (await carol.membership(otherRoom, botAccount.userId)) === 'join', { what: 'the bot to join the other room' })
    expect((await ask(otherRoom, '!yurt this room plans Matrix Fest', carol)).content.body).toBe('This room plans Matrix Fest now.')

    const before = (await botMessages(room)).length
    await ask(otherRoom, '!yurt add meetup "Crypto apéro" Sunday 18:00 at Ground Control', carol)
    await yurt.announcer.idle()
    const announcement = (await botMessages(room)).slice(before).find((e) => e.content.body.includes('Crypto apéro'))
    expect(announcement?.content.body).toMatch(/^Carol a ajouté “Crypto apéro” \(rencontre\), dim\. 9 juin 18:00/)
    expect(announcement?.content.msgtype).toBe('m.notice')
    expect(replyTarget(announcement!)).toBeUndefined()
    // Carol's own room got her answer, not an announcement as well.
    expect((await botMessages(otherRoom)).filter((e) => !replyTarget(e))).toHaveLength(0)

    await alice.react(room, announcement!.event_id, '👍')
    await waitFor(async () => (await eventCalled('Crypto apéro'))?.going.includes(keyOf(alice)), { what: 'alice going to Crypto apéro' })

    // Another author commits straight into the repo (as a peer's operation would arrive).
    const dana = signerFromSeed(randomBytes(32))
    const commitByDana = (title: string) =>
      yurt.opened.repo.commit(festival.id, dana, (w) => {
        w.setProfile({ name: 'Dana' })
        w.setEvent(newEntityId(dana.key), {
          title,
          kind: 'concert',
          start: at('2030-06-09', '21:00'),
          end: at('2030-06-09', '22:00'),
          venue: null,
          resources: [],
          organizers: ['Dana'],
          tags: [],
          state: 'scheduled',
          bookedAt: NOW,
        })
      })
    const count = { room: (await botMessages(room)).length, other: (await botMessages(otherRoom)).length }
    await commitByDana('Closing concert')
    await yurt.announcer.idle()
    expect((await botMessages(room)).slice(count.room).map((e) => e.content.body)).toEqual([expect.stringMatching(/^Dana a ajouté “Closing concert”/)])
    expect((await botMessages(otherRoom)).slice(count.other).map((e) => e.content.body)).toEqual([expect.stringMatching(/^Dana added “Closing concert”/)])

    expect((await ask(room, '!yurt annonces non')).content.body).toContain("n'annoncerai plus")
    count.room = (await botMessages(room)).length
    count.other = (await botMessages(otherRoom)).length
    await commitByDana('Afterparty')
    await yurt.announcer.idle()
    await barrier(room)
    expect((await botMessages(room)).slice(count.room).some((e) => e.content.body.includes('Afterparty'))).toBe(false)
    expect((await botMessages(otherRoom)).slice(count.other).map((e) => e.content.body)).toEqual([expect.stringMatching(/^Dana added “Afterparty”/)])
  })

  it('tells moderators from others by power level, and reads the levels again when they change', async () => {
    expect(await yurt.adapter.isModerator(room, alice.userId)).toBe(true) // the creator (power level 100)
    expect(await yurt.adapter.isModerator(room, bob.userId)).toBe(false) // invited: users_default 0
    expect(await yurt.adapter.isModerator(room, '@nobody:localhost')).toBe(false)

    // Only a moderator may change how the room addresses the bot.
    expect((await ask(room, '!yurt prefix !fest', bob)).content.body).toContain('Only a moderator')
    expect((await ask(room, '!yurt préfixe !fest')).content.body).toBe('Dans ce salon, je réponds désormais à !fest (et aux mentions et réponses).')
    const ignored = await alice.say(room, '!yurt programme de samedi')
    expect((await ask(room, '!fest programme de samedi')).content.body).toContain('IPFS basics')
    await barrier(room, '!fest')
    expect(await answersTo(room, ignored)).toHaveLength(0)
    // Elsewhere the default prefix still holds.
    await barrier(otherRoom, '!yurt', carol)

    const levels = await alice.api('GET', `/rooms/${encodeURIComponent(room)}/state/m.room.power_levels/`)
    await alice.api('PUT', `/rooms/${encodeURIComponent(room)}/state/m.room.power_levels/`, {
      ...levels,
      users: { ...levels.users, [bob.userId]: 50 },
    })
    await waitFor(() => yurt.adapter.isModerator(room, bob.userId), { what: 'bob to be a moderator' })
    expect((await ask(room, '!fest prefix !yurt', bob)).content.body).toContain('!yurt')
    expect(await yurt.adapter.isModerator(room, carol.userId)).toBe(false) // not in the room
  })

  it('in a direct room, every message is for the bot', async () => {
    const dm = await alice.createRoom({ invite: [botAccount.userId], isDirect: true })
    await waitFor(async () => (await alice.membership(dm, botAccount.userId)) === 'join', { what: 'the bot to join the DM' })
    expect((await ask(dm, 'this room plans Matrix Fest')).content.body).toBe('This room plans Matrix Fest now.')
    const answer = await ask(dm, "what's on Sunday?")
    expect(answer.content.body).toContain('Crypto apéro')
    expect(answer.content['m.mentions']).toEqual({})
  })

  it('a restarted bot answers what was said while it was down, once, and nothing twice; the room keeps its prefix', async () => {
    await ask(room, '!yurt prefix !fest')
    const answered = await alice.say(room, '!fest programme de dimanche')
    await answerTo(room, answered)
    await yurt.stop()
    const whileDown = await alice.say(room, '!fest ajoute un atelier "Yjs" dimanche 11h à Ground Control')
    yurt = await start()
    expect((await answerTo(room, whileDown)).content.body).toContain('Ajouté : “Yjs” (atelier), dim. 9 juin 11:00–13:00')
    await barrier(room, '!fest')
    expect(await answersTo(room, whileDown)).toHaveLength(1)
    expect(await answersTo(room, answered)).toHaveLength(1)
    expect((await view()).events.filter((e) => e.title === 'Yjs')).toHaveLength(1)
    // The room's settings survived: still French, still bound.
    expect(await yurt.bot.roomSettings('matrix', room)).toMatchObject({ festival: festival.id, lang: 'fr', announce: false })
  }, 60_000)

  it('`yurt start` connects when YURT_MATRIX_* are set: logs in with the password, answers in a room, stops on SIGTERM', async () => {
    const account = await registerUser(server, 'yurtcli')
    const dir = mkdtempSync(join(tmpdir(), 'yurt-matrix-cli-'))
    const child = spawn(process.execPath, [BIN, 'start', '--data', dir, '--no-p2p', '--now', '2030-06-03T10:00:00+02:00'], {
      cwd: ROOT,
      env: {
        ...process.env,
        ...TEST_ENV,
        YURT_MATRIX_HOMESERVER_URL: server.url,
        YURT_MATRIX_USER_ID: account.userId,
        YURT_MATRIX_PASSWORD: account.password,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (d) => (output += d))
    child.stderr.on('data', (d) => (output += d))
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve))
    try {
      // A room of two: a direct room, where no prefix is needed.
      const cliRoom = await alice.createRoom({ invite: [account.userId] })
      await waitFor(async () => (await alice.membership(cliRoom, account.userId)) === 'join', { what: '`yurt start` to join', timeoutMs: 30_000 })
      const q = await alice.say(cliRoom, 'new festival "CLI Fest" in Europe/Paris from 2030-06-07 to 2030-06-09')
      const answer = await waitFor(async () => (await alice.messagesFrom(cliRoom, account.userId)).find((e) => replyTarget(e) === q), {
        what: `an answer from \`yurt start\` (output so far: ${output})`,
        timeoutMs: 30_000,
      })
      expect(answer.content.body).toContain('Created the festival CLI Fest')
    } finally {
      child.kill('SIGTERM')
      expect(await exited).toBe(0)
      rmSync(dir, { recursive: true, force: true })
    }
  }, 90_000)
})
