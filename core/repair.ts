/**
 * `yurt check` and `yurt repair`: what is damaged in a data directory, and getting back everything
 * that can still be read.
 *
 * @remarks
 * The operation log (`ops/`) is the source of truth; the Yjs state (`ydoc/`) is a cache derived from
 * it. Repair never deletes or overwrites a damaged database: it copies it aside first
 * (`ops.damaged-<time>/`, `ydoc.damaged-<time>/`), then
 *
 * 1. when the log cannot be opened or read, runs LevelDB's own repair (`RepairDB`, through
 *    classic-level) on it, which salvages every record its files still hold;
 * 2. keeps each author's chain up to its first missing, undecodable or wrongly chained operation
 *    (what comes after cannot be verified by anyone; peers send it again) and rewrites the heads to
 *    match;
 * 3. sets the Yjs state aside, so that the next start rebuilds it from the log.
 *
 * A log that even LevelDB's repair cannot open is set aside whole and a new, empty one is started:
 * `yurt join` with a festival's code fetches it again from a peer.
 */
import { cp, readdir, rename, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { ClassicLevel } from 'classic-level'
import { StoreCorruptError } from './errors.ts'
import { decodeOperation, hashEncoded, ZERO_HASH } from './operation.ts'
import { encodeHead, OpLog } from './oplog.ts'
import type { ChainProblem } from './oplog.ts'
import { openDataDir } from './store.ts'
import type { DataDir } from './store.ts'
import { Repo } from './repo.ts'
import type { FestivalId } from './types.ts'

/** What `yurt check` found. */
export interface CheckReport {
  ok: boolean
  /** One line per thing checked that was sound. */
  checked: string[]
  /** One line per damage, naming the file or the operation. */
  problems: string[]
}

/**
 * Checks a data directory without changing it: both databases open, every operation's hash chain
 * and head, and every festival's Yjs state against the log.
 */
export async function checkDataDir(dir: string): Promise<CheckReport> {
  const report: CheckReport = { ok: true, checked: [], problems: [] }
  let data: DataDir
  try {
    data = await openDataDir(dir, { skipCheck: true })
  } catch (error) {
    report.ok = false
    report.problems.push((error as Error).message)
    return report
  }
  try {
    const problems: ChainProblem[] = await data.ops.verify()
    const festivals = data.ops.festivals()
    const operations = festivals.reduce((n, f) => n + data.ops.count(f.id), 0)
    if (problems.length === 0) report.checked.push(`operation log ${join(dir, 'ops')}: ${festivals.length} festival(s), ${operations} operations, every hash chain and head sound`)
    for (const p of problems) report.problems.push(`operation log ${join(dir, 'ops')}: ${p.problem}`)
    if (problems.length === 0) {
      const repo = await Repo.open(data)
      for (const f of festivals) {
        try {
          const view = (await repo.open(f.id)).view()
          report.checked.push(`“${f.name}” (${f.id.slice(0, 8)}): Yjs state consistent with the log, ${view.events.length} events`)
        } catch (error) {
          report.problems.push((error as Error).message)
        }
      }
    }
  } finally {
    await data.close().catch(() => undefined)
  }
  report.ok = report.problems.length === 0
  return report
}

/** What `yurt repair` did. */
export interface RepairReport {
  /** One line per step taken. */
  steps: string[]
  /** Operations in the log afterwards. */
  operations: number
  /** Operations that were in readable records but had to be left out (after a break in their chain). */
  dropped: number
}

const stamp = () => new Date().toISOString().replace(/[:.]/g, '-')

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path)
    return true
  } catch {
    return false
  }
}

/**
 * Repairs a data directory (see the module remarks). The directory must not be in use.
 *
 * @throws DataDirLockedError when another process holds it
 */
export async function repairDataDir(dir: string): Promise<RepairReport> {
  const report: RepairReport = { steps: [], operations: 0, dropped: 0 }
  const ops = join(dir, 'ops')
  const ydoc = join(dir, 'ydoc')
  const when = stamp()

  // 1. The log: open it as it is; else copy it aside and let LevelDB salvage it.
  let data: DataDir | null = await openDataDir(dir, { skipCheck: true }).catch((error: unknown) => {
    if (!(error instanceof StoreCorruptError)) throw error
    return null
  })
  if (data === null && (await logOpens(ops))) {
    // The log is sound; the Yjs state did not open: it is only a cache.
    await setAside(ydoc, when, report)
    data = await openDataDir(dir, { skipCheck: true })
  }
  if (data === null && (await exists(ops))) {
    const aside = `${ops}.damaged-${when}`
    await cp(ops, aside, { recursive: true })
    report.steps.push(`copied the damaged operation log to ${aside}`)
    try {
      await ClassicLevel.repair(ops)
      report.steps.push(`salvaged the records of ${ops} (LevelDB repair)`)
    } catch (error) {
      report.steps.push(`LevelDB could not salvage ${ops} (${(error as Error).message})`)
    }
    // The Yjs state goes aside whatever its state: it is rebuilt from what the log holds now.
    await setAside(ydoc, when, report)
    data = await openDataDir(dir, { skipCheck: true }).catch(async (error: unknown) => {
      if (!(error instanceof StoreCorruptError)) throw error
      // Nothing readable: keep the copy, start a new log (a join fetches festivals again).
      await rm(ops, { recursive: true, force: true })
      report.steps.push(`the log could not be opened even after salvage; started an empty one (the damaged copy is in ${aside}); \`yurt join CODE\` fetches a festival again from a peer`)
      return openDataDir(dir, { skipCheck: true })
    })
  }
  if (data === null) {
    // The log opened; the Yjs state did not: it is only a cache.
    await setAside(ydoc, when, report)
    data = await openDataDir(dir, { skipCheck: true })
  }

  // 2. Each chain up to its first break, heads rewritten to match.
  try {
    let problems = await data.ops.verify()
    if (problems.length > 0) {
      // The log is changed from here on: its damaged form is kept aside first (once).
      if (!report.steps.some((s) => s.startsWith('copied the damaged operation log'))) {
        await data.close()
        const aside = `${ops}.damaged-${when}`
        await cp(ops, aside, { recursive: true })
        report.steps.push(`copied the damaged operation log to ${aside}`)
        if (problems.some((p) => p.festival === undefined)) {
          // Records LevelDB cannot read: let it salvage the rest.
          await ClassicLevel.repair(ops)
          report.steps.push(`salvaged the records of ${ops} (LevelDB repair)`)
        }
        // The Yjs state may show what the log lost: rebuilt from the log.
        await setAside(ydoc, when, report)
        data = await openDataDir(dir, { skipCheck: true })
        problems = await data.ops.verify()
      }
    }
    if (problems.length > 0) {
      const fixed = await truncateChains(data)
      report.dropped = fixed.dropped
      report.steps.push(`kept every author's operations up to the first break (${problems.length} problem(s): ${problems[0]!.problem}); ${fixed.dropped} operation(s) after a break left out — peers that hold them send them again`)
    }
  } finally {
    await data.close()
  }

  // 3. The Yjs state against the (repaired) log.
  const check = await checkDataDir(dir)
  if (!check.ok) {
    await setAside(ydoc, when, report)
    const again = await checkDataDir(dir)
    if (!again.ok) throw new StoreCorruptError(`repair could not make ${dir} sound: ${again.problems[0]}`)
  }
  const reopened = await openDataDir(dir)
  try {
    report.operations = reopened.ops.festivals().reduce((n, f) => n + reopened.ops.count(f.id as FestivalId), 0)
    // Rebuild the Yjs state now, so that the next start is fast.
    const repo = await Repo.open(reopened)
    for (const f of reopened.ops.festivals()) await repo.open(f.id)
  } finally {
    await reopened.close()
  }
  if (report.steps.length === 0) report.steps.push('nothing to repair: the operation log and the Yjs state are sound')
  return report
}

/** Whether the operation log alone opens and its heads and festival records read. */
async function logOpens(ops: string): Promise<boolean> {
  const db = new ClassicLevel<string, Uint8Array>(ops, { keyEncoding: 'utf8', valueEncoding: 'view', createIfMissing: false })
  try {
    await db.open()
    const log = await OpLog.open(db.sublevel<string, Uint8Array>('log', { keyEncoding: 'utf8', valueEncoding: 'view' }))
    await log.close()
    return true
  } catch {
    return false
  } finally {
    await db.close().catch(() => undefined)
  }
}

async function setAside(path: string, when: string, report: RepairReport): Promise<void> {
  if (!(await exists(path))) return
  const names = await readdir(path).catch(() => [])
  if (names.length === 0) return
  const aside = `${path}.damaged-${when}`
  await rename(path, aside)
  report.steps.push(`set the Yjs state aside in ${aside} (rebuilt from the operation log)`)
}

/**
 * Rewrites the log so that every chain is whole: each author's operations up to the first that is
 * missing, undecodable or wrongly chained; the rest deleted from the working log (the damaged copy
 * keeps them); heads set to the last kept operation.
 */
async function truncateChains(data: DataDir): Promise<{ dropped: number }> {
  const db = new ClassicLevel<string, Uint8Array>(join(data.dir, 'ops'), { keyEncoding: 'utf8', valueEncoding: 'view' })
  // The data directory's own handle holds LevelDB's lock: close it first (the caller's close is then a no-op).
  await data.close()
  await db.open()
  let dropped = 0
  try {
    const log = db.sublevel<string, Uint8Array>('log', { keyEncoding: 'utf8', valueEncoding: 'view' })
    const heads = new Map<string, { seq: number; hash: Uint8Array }>()
    const deletions: string[] = []
    let chain = ''
    let last = { seq: 0, hash: ZERO_HASH }
    let broken = false
    for await (const [key, value] of log.iterator({ gte: 'op!', lt: 'op"' })) {
      const [, festival, author, seqText] = key.split('!')
      const here = `${festival}!${author}`
      if (here !== chain) {
        if (chain !== '' && last.seq > 0) heads.set(chain, last)
        chain = here
        last = { seq: 0, hash: ZERO_HASH }
        broken = false
      }
      let ok = !broken
      if (ok) {
        try {
          const op = decodeOperation(value)
          ok = op.seq === Number(seqText) && op.seq === last.seq + 1 && Buffer.from(op.prev).equals(Buffer.from(last.hash))
          if (ok) last = { seq: op.seq, hash: hashEncoded(value) }
        } catch {
          ok = false
        }
      }
      if (!ok) {
        broken = true
        deletions.push(key)
      }
    }
    if (chain !== '' && last.seq > 0) heads.set(chain, last)
    dropped = deletions.length
    const batch = log.batch()
    for (const key of deletions) batch.del(key)
    for await (const key of log.keys({ gte: 'head!', lt: 'head"' })) {
      const [, festival, author] = key.split('!')
      if (!heads.has(`${festival}!${author}`)) batch.del(key)
    }
    for (const [chainKey, head] of heads) batch.put(`head!${chainKey}`, encodeHead(head))
    await batch.write({ sync: true })
  } finally {
    await db.close()
  }
  return { dropped }
}
