/**
 * Forged catch-ups: a liar serves a real Repo's operations by sync, altered, to a fresh real Repo. The
 * receiver checks a batch as a run vouched for by its newest signature (`p2p/PROTOCOL.md`, "Catch-up"):
 * these are the runs that must not slip through that shortcut.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { Repo } from '../../core/repo.ts'
import { openDataDir } from '../../core/store.ts'
import { newEntityId } from '../../core/ids.ts'
import { checkGenesis } from '../../core/festival.ts'
import { encodeOperation, signOperation, type Operation } from '../../core/operation.ts'
import type { EventData, FestivalMeta } from '../../core/types.ts'
import type { SyncHost } from '../../p2p/host.ts'
import { ProtocolViolationError, runSyncSession } from '../../p2p/session.ts'
import { channelPair } from './memory-channel.ts'
import { signer } from './fake-host.ts'

const alice = signer('alice')
const mallory = signer('mallory')
const DAY = Date.UTC(2026, 6, 4)
const dirs: string[] = []
const repos: Repo[] = []

async function tempRepo(): Promise<Repo> {
  const dir = await mkdtemp(join(tmpdir(), 'yurt-catchup-'))
  dirs.push(dir)
  const repo = await Repo.open(await openDataDir(dir), { now: () => DAY })
  repos.push(repo)
  return repo
}

afterEach(async () => {
  for (const r of repos.splice(0)) await r.close().catch(() => undefined)
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true })
})

function talk(title: string, hour: number): EventData {
  return {
    title,
    kind: 'talk',
    start: DAY + hour * 3_600_000,
    end: DAY + (hour + 1) * 3_600_000,
    venue: null,
    resources: [],
    organizers: [],
    tags: [],
    state: 'scheduled',
    bookedAt: DAY,
  }
}

/** A repo holding alice's 10 talks, one operation each. */
async function source(): Promise<{ repo: Repo; f: FestivalMeta }> {
  const repo = await tempRepo()
  const f = await repo.createFestival({ name: 'Camp', timezone: 'Europe/Berlin' })
  for (let h = 8; h < 18; h++) await repo.commit(f.id, alice, (w) => w.setEvent(newEntityId(alice.key), talk(`Talk ${h}`, h)))
  return { repo, f }
}

/** The source as a sync host that serves every batch through `tamper` (the list of operations sent in one OPS). */
function liar(repo: Repo, tamper: (ops: Operation[]) => Operation[]): SyncHost {
  return {
    festivals: () => repo.festivals(),
    festival: (id) => repo.festival(id),
    adoptFestival: (meta) => repo.adoptFestival(meta),
    heads: (id) => repo.heads(id),
    opsAfter: async (id, author, afterSeq, limit) => tamper(await repo.opsAfter(id, author, afterSeq, limit)),
    encodedAfter: async (id, author, afterSeq, limit) => tamper(await repo.opsAfter(id, author, afterSeq, limit)).map(encodeOperation),
    receive: (op) => repo.receive(op),
    onOperation: (l) => repo.onOperation(l),
  }
}

/** A fresh repo catches up from the liar; what it refused, and the session's outcome. */
async function catchUp(host: SyncHost, f: FestivalMeta) {
  const fresh = await tempRepo()
  await fresh.adoptFestival(f)
  const rejected: Array<{ seq: number; reason: string; forgery: boolean }> = []
  const [ca, cb] = channelPair()
  const outcome = await Promise.allSettled([
    runSyncSession(ca, { host, checkGenesis, idleTimeoutMs: 5_000 }),
    runSyncSession(cb, { host: fresh, checkGenesis, idleTimeoutMs: 5_000, onRejected: (op, r, forgery) => rejected.push({ seq: op.seq, reason: r.reason, forgery }) }),
  ])
  const titles = (await fresh.open(f.id)).view().events.map((e) => e.title)
  return { fresh, rejected, received: outcome[1]!, titles, head: fresh.heads(f.id).get(alice.key)?.seq ?? 0 }
}

describe('catch-up from a peer that forges operations', () => {
  it('takes an honest run whole', async () => {
    const { repo, f } = await source()
    const r = await catchUp(liar(repo, (ops) => ops), f)
    expect(r.rejected).toEqual([])
    expect(r.head).toBe(10)
    expect(r.titles).toHaveLength(10)
  })

  it('a forged operation in the middle of a run: the ones before it kept, it and the rest refused', async () => {
    const { repo, f } = await source()
    // Operation 5's update altered, the chain links around it left as they were (so 6 names a hash 5 no longer has).
    const r = await catchUp(
      liar(repo, (ops) =>
        ops.map((op) => {
          if (op.seq !== 5) return op
          const update = op.update.slice()
          update[update.length - 1]! ^= 1
          return { ...op, update }
        }),
      ),
      f,
    )
    expect(r.rejected).toEqual([{ seq: 5, reason: 'bad-signature', forgery: true }])
    expect(r.head).toBe(4)
    expect(r.titles).toEqual(['Talk 8', 'Talk 9', 'Talk 10', 'Talk 11'])
  })

  it('an operation in the middle re-signed by another key, chain rebuilt after it: refused there', async () => {
    const { repo, f } = await source()
    // Mallory re-signs 5 (claiming alice) and re-links 6–10 to it with her own signatures: nothing from 5 on is alice's.
    const r = await catchUp(
      liar(repo, (ops) => {
        const out: Operation[] = []
        let prev: Uint8Array | null = null
        for (const op of ops) {
          if (op.seq < 5) {
            out.push(op)
            continue
          }
          const resigned = signOperation({ ...op, author: mallory.key, prev: prev ?? op.prev }, mallory)
          const forged = { ...resigned, author: alice.key }
          prev = new Uint8Array(32).fill(op.seq) // any link: the signatures fail first
          out.push(forged)
        }
        return out
      }),
      f,
    )
    expect(r.rejected).toEqual([{ seq: 5, reason: 'bad-signature', forgery: true }])
    expect(r.head).toBe(4)
  })

  it("a run whose newest signature is bad: every operation checked, all but the newest kept", async () => {
    const { repo, f } = await source()
    const r = await catchUp(
      liar(repo, (ops) =>
        ops.map((op) => {
          if (op.seq !== 10) return op
          const sig = op.sig.slice()
          sig[0]! ^= 1
          return { ...op, sig }
        }),
      ),
      f,
    )
    expect(r.rejected).toEqual([{ seq: 10, reason: 'bad-signature', forgery: true }])
    expect(r.head).toBe(9)
    expect(r.titles).toHaveLength(9)
  })

  it('a reordered run: a protocol violation, nothing of the batch stored', async () => {
    const { repo, f } = await source()
    const r = await catchUp(liar(repo, (ops) => (ops.length > 3 ? [ops[0]!, ops[2]!, ops[1]!, ...ops.slice(3)] : ops)), f)
    expect(r.received.status).toBe('rejected')
    expect((r.received as PromiseRejectedResult).reason).toBeInstanceOf(ProtocolViolationError)
    expect(r.head).toBe(0)
    expect(r.titles).toEqual([])
  })
})
