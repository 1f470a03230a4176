/**
 * Writes the static archive (`core/formats/archive.ts`) to a directory: `yurt archive --out DIR`,
 * and kept current by `yurt peer --archive DIR`.
 */
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'
import { YurtError } from '../core/errors.ts'
import type { Repo } from '../core/repo.ts'
import type { FestivalId, ScheduleView } from '../core/types.ts'
import { renderArchive } from '../core/formats/archive.ts'
import type { ArchiveOptions } from '../core/formats/archive.ts'

/**
 * Writes `files` as the directory `dir`, atomically as far as readers see: everything is written
 * into a temporary directory beside `dir` first, then renamed into place (an older `dir` is moved
 * aside and removed). A failure leaves the older `dir` as it was.
 *
 * Because `dir` is replaced whole, a directory that is not empty and holds no `index.html` (not an
 * archive), the current directory or one of its parents, and `/` are refused.
 *
 * @throws YurtError naming `dir` when it cannot be written, exists and is not a directory, or is refused.
 */
export async function writeArchiveDir(dir: string, files: ReadonlyMap<string, string>): Promise<void> {
  if (!dir.trim()) throw new YurtError('--out: give the directory to write the archive to')
  const target = resolve(dir)
  const parent = dirname(target)
  if (parent === target || process.cwd() === target || process.cwd().startsWith(target + '/')) {
    throw new YurtError(`--out ${dir}: is the current directory or one of its parents; give a directory of its own (it is replaced whole)`)
  }
  const existing = await stat(target).catch(() => null)
  if (existing && !existing.isDirectory()) throw new YurtError(`--out ${dir}: exists and is not a directory`)
  if (existing) {
    const entries = await readdir(target)
    if (entries.length > 0 && !entries.includes('index.html')) {
      throw new YurtError(`--out ${dir}: holds files and no index.html, so it is not an archive; it would be replaced whole, so give an empty or new directory`)
    }
  }
  const stamp = `${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`
  const tmp = join(parent, `.${basename(target)}.tmp-${stamp}`)
  const old = join(parent, `.${basename(target)}.old-${stamp}`)
  try {
    await mkdir(parent, { recursive: true })
    await mkdir(tmp)
    for (const [path, content] of files) {
      const file = join(tmp, path)
      if (!file.startsWith(tmp + '/')) throw new Error(`bad path ${path}`)
      await mkdir(dirname(file), { recursive: true })
      await writeFile(file, content)
    }
    if (existing) await rename(target, old)
    await rename(tmp, target)
  } catch (err) {
    await rm(tmp, { recursive: true, force: true }).catch(() => undefined)
    if (existing) await rename(old, target).catch(() => undefined)
    throw new YurtError(`--out ${dir}: cannot write the archive (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`)
  }
  await rm(old, { recursive: true, force: true }).catch(() => undefined)
}

/** The extra files (frab exports, when that module exists) to put beside the archive's pages. */
export type ExtraFiles = (view: ScheduleView) => Promise<Map<string, string>>

/** Renders the festival's archive and writes it to `dir` ({@link writeArchiveDir}). */
export async function writeArchive(repo: Repo, festival: FestivalId, dir: string, options: ArchiveOptions & { extraFiles?: ExtraFiles } = {}): Promise<void> {
  const view = (await repo.open(festival)).view()
  const extra = options.extraFiles ? await options.extraFiles(view) : undefined
  await writeArchiveDir(dir, renderArchive(view, { ...options, ...(extra ? { extra } : {}) }))
}

/** A running {@link keepArchive}. */
export interface ArchiveKeeper {
  /** Resolves when no rewrite is waiting or running. */
  idle(): Promise<void>
  stop(): Promise<void>
}

/**
 * Keeps `dir` current: writes it now, then again `debounceMs` (default 2000 ms) after the last
 * change to the festival (from here or from a peer). Bounded: one write at a time, and changes
 * during a write cause one more write, not one each. A failed write is reported to `onError` and
 * retried at the next change.
 */
export function keepArchive(
  repo: Repo,
  festival: FestivalId,
  dir: string,
  options: ArchiveOptions & { extraFiles?: ExtraFiles; debounceMs?: number; onError?: (err: unknown) => void; onWritten?: () => void } = {},
): ArchiveKeeper {
  const debounceMs = options.debounceMs ?? 2000
  let timer: ReturnType<typeof setTimeout> | null = null
  let running: Promise<void> | null = null
  let again = false
  let stopped = false
  const write = (): Promise<void> => {
    if (running) {
      again = true
      return running
    }
    running = (async () => {
      do {
        again = false
        try {
          await writeArchive(repo, festival, dir, options)
          options.onWritten?.()
        } catch (err) {
          options.onError?.(err)
        }
      } while (again && !stopped)
    })().finally(() => (running = null))
    return running
  }
  const unsubscribe = repo.onOperation((op) => {
    if (stopped || op.festival !== festival) return
    if (timer) clearTimeout(timer)
    timer = setTimeout(() => {
      timer = null
      void write()
    }, debounceMs)
  })
  void write()
  return {
    async idle() {
      while (timer || running) {
        if (running) await running
        else await new Promise((r) => setTimeout(r, 20))
      }
    },
    async stop() {
      stopped = true
      unsubscribe()
      if (timer) clearTimeout(timer)
      timer = null
      await running
    },
  }
}
