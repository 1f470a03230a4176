/**
 * Message-to-reply latency through Synapse: the real yurt bot answering a schedule query and an
 * add, and the yurt adapter with an echo handler, side by side in the same run with a minimal echo
 * bot (raw matrix-bot-sdk, no yurt logic) on the same homeserver.
 *
 * @remarks
 * A person (`alice`, speaking the client-server API with a `/sync` long-poll) sends a message and
 * the clock stops when her sync delivers the bot's answer (the notice whose `m.in_reply_to` is her
 * message). Samples of all bots alternate so that all see the same homeserver load. Run alone
 * with `node bench/matrix.ts [samples]`, or through `npm run bench` (`benchMatrix`).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { MatrixAdapter } from '../adapters/matrix.ts'
import { loadMatrixSdk } from '../adapters/matrix/sdk.ts'
import type { IncomingMessage, MessageHandler, Reply } from '../adapters/types.ts'
import { openRepo } from '../bin/app.ts'
import { importProgramme } from '../core/formats/programme.ts'
import { deriveChatSeed, signerFromSeed } from '../core/identity.ts'
import { newEntityId } from '../core/ids.ts'
import { applyProgramme } from '../core/importer.ts'
import type { FestivalMeta } from '../core/types.ts'
import { startYurtOnMatrix } from '../test/helpers/matrix-yurt.ts'
import { ensureSynapse, MatrixUser, registerUser, waitFor, type Homeserver } from '../test/helpers/synapse.ts'
import type { Row } from './commands.ts'

/** Latency figures, ms. */
export interface LatencyStats {
  samples: number
  p50: number
  p95: number
  mean: number
  min: number
  max: number
}

/** What {@link measureMatrixLatencies} needs. */
export interface MatrixLatencyOptions {
  /** Measured round trips per bot (default 30). */
  samples?: number
  /** Unmeasured round trips per bot first (default 3). */
  warmup?: number
  /** A running homeserver (default: start or reuse the one from `synapse.sh`). */
  homeserver?: Homeserver
}

/** The adapter-only bot's handler: answers with what it heard. */
export const echoHandler: MessageHandler = {
  async onMessage(message: IncomingMessage): Promise<Reply> {
    return { tone: 'ok', blocks: [{ type: 'text', text: `echo: ${message.text}` }] }
  },
}

const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} }

/** Percentile of sorted values (nearest rank). */
function percentile(sorted: number[], p: number): number {
  const rank = Math.ceil((p / 100) * sorted.length) - 1
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))]!
}

function stats(values: number[]): LatencyStats {
  const sorted = [...values].sort((a, b) => a - b)
  const round = (n: number) => Math.round(n * 10) / 10
  return {
    samples: sorted.length,
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    mean: round(sorted.reduce((a, b) => a + b, 0) / sorted.length),
    min: round(sorted[0]!),
    max: round(sorted[sorted.length - 1]!),
  }
}

/** A bot's answer as alice's sync delivered it. */
interface Answer {
  /** performance.now() when the sync response arrived, ms. */
  at: number
  body: string
}

/** Alice's live view of the rooms: a `/sync` long-poll that resolves waiters when a reply arrives. */
class ReplyWatcher {
  private since: string | undefined
  private running = true
  private waiters = new Map<string, (answer: Answer) => void>()
  private arrived = new Map<string, Answer>()
  private loop: Promise<void>
  private readonly user: MatrixUser
  private abort = new AbortController()

  constructor(user: MatrixUser) {
    this.user = user
    this.loop = this.run()
  }

  private async run(): Promise<void> {
    const filter = encodeURIComponent(JSON.stringify({ room: { timeline: { limit: 50 } }, presence: { not_types: ['*'] } }))
    while (this.running) {
      try {
        const url =
          `${this.user.hs.url}/_matrix/client/v3/sync?timeout=30000&filter=${filter}` +
          (this.since ? `&since=${encodeURIComponent(this.since)}` : '')
        const res = await fetch(url, {
          headers: { authorization: `Bearer ${this.user.account.accessToken}` },
          signal: this.abort.signal,
        })
        const body = (await res.json()) as any
        const at = performance.now()
        const first = this.since === undefined
        this.since = body.next_batch
        if (first) continue
        for (const room of Object.values<any>(body.rooms?.join ?? {})) {
          for (const ev of room.timeline?.events ?? []) {
            const target = ev.content?.['m.relates_to']?.['m.in_reply_to']?.event_id
            if (ev.type !== 'm.room.message' || !target || ev.sender === this.user.userId) continue
            const answer: Answer = { at, body: String(ev.content?.body ?? '') }
            const waiter = this.waiters.get(target)
            if (waiter) waiter(answer)
            else this.arrived.set(target, answer)
          }
        }
      } catch {
        if (!this.running) return
        await new Promise((r) => setTimeout(r, 100))
      }
    }
  }

  /** Resolves with the answer to `eventId` and the time (performance.now) it reached alice. */
  answerTo(eventId: string, timeoutMs = 20_000): Promise<Answer> {
    const early = this.arrived.get(eventId)
    if (early !== undefined) {
      this.arrived.delete(eventId)
      return Promise.resolve(early)
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer to ${eventId} within ${timeoutMs} ms`)), timeoutMs)
      this.waiters.set(eventId, (answer) => {
        clearTimeout(timer)
        this.waiters.delete(eventId)
        resolve(answer)
      })
    })
  }

  async ready(): Promise<void> {
    await waitFor(() => this.since !== undefined, { what: 'the first sync' })
  }

  async stop(): Promise<void> {
    this.running = false
    this.abort.abort()
    await this.loop
  }
}

/** The Paris P2P Festival #0 programme the real bot is loaded with. */
export const PARIS_P2P = fileURLToPath(new URL('../examples/paris-p2p/festival-0/events_en.json', import.meta.url))

/** The real bot's clock: the day before Paris P2P Festival #0 (8–12 January 2020). */
const BENCH_NOW = Date.parse('2020-01-07T12:00:00+01:00')

/** What each bot answered, per kind of message, ms. */
export interface MatrixLatencies {
  /** The minimal echo bot (raw matrix-bot-sdk, no yurt code). */
  echo: LatencyStats
  /** The yurt Matrix adapter with an echo handler: the adapter's own cost. */
  adapter: LatencyStats
  /** The real bot, `schedule Saturday` on the Paris P2P programme. */
  schedule: LatencyStats
  /** The real bot, `add meetup "Bench i" Sunday … at Bench` (parse, check, sign, fsync, reply). */
  add: LatencyStats
}

/**
 * Measures message→reply latency, alternating samples between the minimal echo bot, the yurt
 * adapter with an echo handler, and the real yurt bot (Bot + Announcer + MatrixAdapter over a Repo
 * in a temporary data directory holding the Paris P2P programme) answering a schedule query and an
 * add, all on one homeserver.
 *
 * @throws when no homeserver is running or can be started, or a bot does not answer within 20 s.
 */
export async function measureMatrixLatencies(options: MatrixLatencyOptions = {}): Promise<MatrixLatencies> {
  const hs = options.homeserver ?? (await ensureSynapse())
  if (!hs) throw new Error('no Matrix homeserver: set YURT_TEST_HOMESERVER_URL and YURT_TEST_HOMESERVER_SECRET, or put ../shared/matrix-homeserver/synapse.sh beside the repository')
  const samples = options.samples ?? 30
  const warmup = options.warmup ?? 3

  const [adapterAccount, yurtAccount, echoAccount, aliceAccount, bobAccount] = await Promise.all(
    ['bench-adapter', 'bench-yurt', 'bench-echo', 'bench-alice', 'bench-bob'].map((n) => registerUser(hs, n)),
  )
  const alice = new MatrixUser(hs, aliceAccount!)
  const bob = new MatrixUser(hs, bobAccount!)
  const adapterDir = mkdtempSync(join(tmpdir(), 'yurt-bench-matrix-adapter-'))
  const yurtDir = mkdtempSync(join(tmpdir(), 'yurt-bench-matrix-bot-'))

  // The yurt adapter with an echo handler.
  const adapter = new MatrixAdapter({ homeserverUrl: hs.url, accessToken: adapterAccount!.accessToken, dataDir: adapterDir, logger: quiet })
  await adapter.start(echoHandler)

  // The real bot, with the Paris P2P programme and a zone for the adds.
  const { festival, venue } = await loadParisP2p(yurtDir)
  const yurt = await startYurtOnMatrix({ homeserverUrl: hs.url, accessToken: yurtAccount!.accessToken, dataDir: yurtDir, now: () => BENCH_NOW })

  const echo = await startEchoBot(hs, echoAccount!.accessToken, echoAccount!.userId)

  const watcher = new ReplyWatcher(alice)
  try {
    const rooms = await Promise.all(
      [adapterAccount!, yurtAccount!, echoAccount!].map((bot) => alice.createRoom({ invite: [bot.userId, bob.userId] })),
    )
    const [adapterRoom, yurtRoom, echoRoom] = rooms as [string, string, string]
    await Promise.all(rooms.map((r) => bob.join(r)))
    for (const [r, bot] of [[adapterRoom, adapterAccount!], [yurtRoom, yurtAccount!], [echoRoom, echoAccount!]] as const) {
      await waitFor(async () => (await alice.membership(r, bot.userId)) === 'join', { what: `${bot.userId} to join` })
    }
    await yurt.bot.bindRoom('matrix', yurtRoom, festival)
    await watcher.ready()

    const roundTrip = async (room: string, text: string, check?: (body: string) => boolean): Promise<number> => {
      const start = performance.now()
      const id = await alice.say(room, text)
      const { at, body } = await watcher.answerTo(id)
      if (check && !check(body)) throw new Error(`unexpected answer to “${text}”: ${body.slice(0, 200)}`)
      return at - start
    }
    const out = { echo: [] as number[], adapter: [] as number[], schedule: [] as number[], add: [] as number[] }
    for (let i = 0; i < warmup + samples; i++) {
      const e = await roundTrip(echoRoom, `!echo ${i}`)
      const a = await roundTrip(adapterRoom, `!yurt echo ${i}`)
      const q = await roundTrip(yurtRoom, '!yurt schedule Saturday', (body) => body.startsWith('Saturday 11 January'))
      const d = await roundTrip(yurtRoom, `!yurt add meetup "Bench ${i}" Sunday 10:00-10:30 at ${venue}`, (body) => body.startsWith('Added'))
      if (i >= warmup) {
        out.echo.push(e)
        out.adapter.push(a)
        out.schedule.push(q)
        out.add.push(d)
      }
    }
    return { echo: stats(out.echo), adapter: stats(out.adapter), schedule: stats(out.schedule), add: stats(out.add) }
  } finally {
    await watcher.stop()
    echo.stop()
    await adapter.stop()
    await yurt.stop()
    rmSync(adapterDir, { recursive: true, force: true })
    rmSync(yurtDir, { recursive: true, force: true })
  }
}

/** Imports Paris P2P #0 into a fresh data directory (as `yurt import` does) and adds a zone for the adds. */
async function loadParisP2p(dataDir: string): Promise<{ festival: FestivalMeta; venue: string }> {
  const opened = await openRepo(dataDir, () => BENCH_NOW)
  try {
    const programme = importProgramme(readFileSync(PARIS_P2P, 'utf8'), { file: 'events_en.json' })
    const festival = await opened.repo.createFestival({
      name: programme.name,
      timezone: programme.timezone,
      ...(programme.startDate ? { startDate: programme.startDate } : {}),
      ...(programme.endDate ? { endDate: programme.endDate } : {}),
    })
    const signer = signerFromSeed(deriveChatSeed(opened.data.deviceSeed, 'terminal', 'bench'))
    await applyProgramme(opened.repo, festival.id, signer, programme, BENCH_NOW, 'bench')
    const venue = 'Bench'
    await opened.repo.commit(festival.id, signer, (w) =>
      w.setVenue(newEntityId(signer.key), { name: venue, aliases: [], capacity: null, concurrent: null, policy: 'open' }),
    )
    return { festival, venue }
  } finally {
    await opened.close()
  }
}

/** The minimal echo bot: raw matrix-bot-sdk, answers `!echo …` with a notice in reply. */
async function startEchoBot(hs: Homeserver, accessToken: string, userId: string): Promise<{ stop(): void }> {
  const { sdk } = loadMatrixSdk(quiet)
  const echo = new sdk.MatrixClient(hs.url, accessToken, new sdk.MemoryStorageProvider())
  sdk.AutojoinRoomsMixin.setupOnClient(echo)
  echo.on('room.message', (roomId: string, ev: any) => {
    const body = ev.content?.body
    if (ev.sender === userId || typeof body !== 'string' || !body.startsWith('!echo ')) return
    void echo
      .sendMessage(roomId, { msgtype: 'm.notice', body: body.slice(6), 'm.relates_to': { 'm.in_reply_to': { event_id: ev.event_id } } })
      .catch(() => {})
  })
  await echo.start()
  return { stop: () => echo.stop() }
}

const ms = (s: LatencyStats) => `${s.p50} / ${s.p95}`
const ratio = (a: LatencyStats, b: LatencyStats, key: 'p50' | 'p95') => a[key] / b[key]

/**
 * `npm run bench` section: the real bot (schedule query, add) and the adapter with an echo handler
 * beside the minimal echo bot, p50 / p95 in ms, and the ratios to the echo bot (target ≤ 1.5× at p50).
 */
export async function benchMatrix(options: MatrixLatencyOptions = {}): Promise<Row[]> {
  const r = await measureMatrixLatencies(options)
  const rows: Row[] = [
    { measure: 'minimal echo bot message→reply p50 / p95, ms', value: ms(r.echo), target: '—', ok: null },
    { measure: 'yurt adapter, echo handler, p50 / p95, ms', value: ms(r.adapter), target: '—', ok: null },
    { measure: 'yurt bot, schedule Saturday (Paris P2P), p50 / p95, ms', value: ms(r.schedule), target: '—', ok: null },
    { measure: 'yurt bot, add meetup (Paris P2P), p50 / p95, ms', value: ms(r.add), target: '—', ok: null },
  ]
  for (const [name, s] of [['adapter (echo handler)', r.adapter], ['schedule query', r.schedule], ['add', r.add]] as const) {
    const p50 = ratio(s, r.echo, 'p50')
    rows.push({
      measure: `${name} / echo bot, p50 (p95)`,
      value: `${p50.toFixed(2)}× (${ratio(s, r.echo, 'p95').toFixed(2)}×)`,
      target: '≤ 1.5×',
      ok: p50 <= 1.5,
    })
  }
  return rows
}

if (import.meta.main) {
  const samples = Number(process.argv[2] ?? 30)
  const result = await measureMatrixLatencies({ samples })
  console.log(JSON.stringify(result, null, 2))
  process.exit(0)
}
