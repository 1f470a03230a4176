/**
 * Message-to-reply latency through Synapse: the yurt Matrix adapter with a given handler, side by
 * side in the same run with a minimal echo bot (raw matrix-bot-sdk, no yurt logic) on the same
 * homeserver.
 *
 * @remarks
 * A person (`alice`, speaking the client-server API with a `/sync` long-poll) sends a message and
 * the clock stops when her sync delivers the bot's answer (the notice whose `m.in_reply_to` is her
 * message). Samples of both bots alternate so that both see the same homeserver load. Run alone
 * with `node bench/matrix.ts [samples]`, or through `npm run bench` (`benchMatrix`).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { MatrixAdapter } from '../adapters/matrix.ts'
import { loadMatrixSdk } from '../adapters/matrix/sdk.ts'
import type { IncomingMessage, MessageHandler, Reply } from '../adapters/types.ts'
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

/** What {@link measureMatrixLatency} needs. */
export interface MatrixLatencyOptions {
  /** The yurt handler to measure (default: an echo handler). */
  handler?: MessageHandler
  /** The text of the i-th message to the yurt bot, without the prefix (default `echo <i>`). */
  message?: (i: number) => string
  /** Measured round trips per bot (default 30). */
  samples?: number
  /** Unmeasured round trips per bot first (default 3). */
  warmup?: number
  /** A running homeserver (default: start or reuse the one from `synapse.sh`). */
  homeserver?: Homeserver
}

/** The default handler: answers with what it heard. */
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

/** Alice's live view of the rooms: a `/sync` long-poll that resolves waiters when a reply arrives. */
class ReplyWatcher {
  private since: string | undefined
  private running = true
  private waiters = new Map<string, (at: number) => void>()
  private arrived = new Map<string, number>()
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
            const waiter = this.waiters.get(target)
            if (waiter) waiter(at)
            else this.arrived.set(target, at)
          }
        }
      } catch {
        if (!this.running) return
        await new Promise((r) => setTimeout(r, 100))
      }
    }
  }

  /** Resolves with the time (performance.now) the answer to `eventId` reached alice. */
  answerTo(eventId: string, timeoutMs = 20_000): Promise<number> {
    const early = this.arrived.get(eventId)
    if (early !== undefined) return Promise.resolve(early)
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer to ${eventId} within ${timeoutMs} ms`)), timeoutMs)
      this.waiters.set(eventId, (at) => {
        clearTimeout(timer)
        this.waiters.delete(eventId)
        resolve(at)
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

/**
 * Measures message→reply latency for the yurt adapter with `handler` and for a minimal echo bot,
 * alternating samples, on one homeserver.
 *
 * @throws when no homeserver is running or can be started.
 */
export async function measureMatrixLatency(options: MatrixLatencyOptions = {}): Promise<{ yurt: LatencyStats; echo: LatencyStats }> {
  const hs = options.homeserver ?? (await ensureSynapse())
  if (!hs) throw new Error('no Matrix homeserver could be started')
  const samples = options.samples ?? 30
  const warmup = options.warmup ?? 3
  const message = options.message ?? ((i: number) => `echo ${i}`)

  const [yurtAccount, echoAccount, aliceAccount, bobAccount] = await Promise.all(
    ['bench-yurt', 'bench-echo', 'bench-alice', 'bench-bob'].map((n) => registerUser(hs, n)),
  )
  const alice = new MatrixUser(hs, aliceAccount!)
  const bob = new MatrixUser(hs, bobAccount!)
  const dir = mkdtempSync(join(tmpdir(), 'yurt-bench-matrix-'))

  // The yurt adapter.
  const adapter = new MatrixAdapter({ homeserverUrl: hs.url, accessToken: yurtAccount!.accessToken, dataDir: dir, logger: quiet })
  await adapter.start(options.handler ?? echoHandler)

  // The minimal echo bot: raw matrix-bot-sdk, answers `!echo …` with a notice in reply.
  const { sdk } = loadMatrixSdk(quiet)
  const echo = new sdk.MatrixClient(hs.url, echoAccount!.accessToken, new sdk.MemoryStorageProvider())
  sdk.AutojoinRoomsMixin.setupOnClient(echo)
  echo.on('room.message', (roomId: string, ev: any) => {
    const body = ev.content?.body
    if (ev.sender === echoAccount!.userId || typeof body !== 'string' || !body.startsWith('!echo ')) return
    void echo
      .sendMessage(roomId, { msgtype: 'm.notice', body: body.slice(6), 'm.relates_to': { 'm.in_reply_to': { event_id: ev.event_id } } })
      .catch(() => {})
  })
  await echo.start()

  const watcher = new ReplyWatcher(alice)
  try {
    const yurtRoom = await alice.createRoom({ invite: [yurtAccount!.userId, bob.userId] })
    const echoRoom = await alice.createRoom({ invite: [echoAccount!.userId, bob.userId] })
    await Promise.all([bob.join(yurtRoom), bob.join(echoRoom)])
    await waitFor(async () => (await alice.membership(yurtRoom, yurtAccount!.userId)) === 'join', { what: 'yurt to join' })
    await waitFor(async () => (await alice.membership(echoRoom, echoAccount!.userId)) === 'join', { what: 'echo to join' })
    await watcher.ready()

    const roundTrip = async (room: string, text: string): Promise<number> => {
      const start = performance.now()
      const id = await alice.say(room, text)
      return (await watcher.answerTo(id)) - start
    }
    const yurt: number[] = []
    const echoes: number[] = []
    for (let i = 0; i < warmup + samples; i++) {
      const y = await roundTrip(yurtRoom, `!yurt ${message(i)}`)
      const e = await roundTrip(echoRoom, `!echo ${i}`)
      if (i >= warmup) {
        yurt.push(y)
        echoes.push(e)
      }
    }
    return { yurt: stats(yurt), echo: stats(echoes) }
  } finally {
    await watcher.stop()
    echo.stop()
    await adapter.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

/** `npm run bench` section: yurt adapter vs minimal echo bot, target yurt p50 within 1.5× of echo. */
export async function benchMatrix(options: MatrixLatencyOptions & { label?: string } = {}): Promise<Row[]> {
  const { yurt, echo } = await measureMatrixLatency(options)
  const label = options.label ?? 'echo handler'
  const ratio = yurt.p50 / echo.p50
  return [
    { measure: `yurt adapter (${label}) message→reply p50 / p95, ms`, value: `${yurt.p50} / ${yurt.p95}`, target: '—', ok: null },
    { measure: 'minimal echo bot message→reply p50 / p95, ms', value: `${echo.p50} / ${echo.p95}`, target: '—', ok: null },
    { measure: 'yurt p50 / echo bot p50', value: `${ratio.toFixed(2)}×`, target: '≤ 1.5×', ok: ratio <= 1.5 },
  ]
}

if (import.meta.main) {
  const samples = Number(process.argv[2] ?? 30)
  const result = await measureMatrixLatency({ samples })
  console.log(JSON.stringify(result, null, 2))
  process.exit(0)
}
