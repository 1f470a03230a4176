/**
 * The process that ties yurt's parts together: configuration in, data directory opened, bot and
 * adapters wired, signals handled. Kept small on purpose (DESIGN.md, "The parts").
 */
import { homedir } from 'node:os'
import { join } from 'node:path'
import { openDataDir } from '../core/store.ts'
import type { DataDir } from '../core/store.ts'
import { Repo } from '../core/repo.ts'
import { ConfigError, FestivalAmbiguousError, FestivalNotFoundError } from '../core/errors.ts'
import { shortFestivalId } from '../core/ids.ts'
import { isValidTimeZone, parseInstant, systemTimeZone } from '../core/time.ts'
import type { AuthorKey, FestivalMeta } from '../core/types.ts'
import { LANGS } from '../commands/intent.ts'
import type { Lang } from '../commands/intent.ts'

/** Options every command shares. */
export interface CommonOptions {
  data?: string
  festival?: string
  tz?: string
  as?: string
  now?: string
  lang?: string
}

/** The default data directory: `$YURT_DATA`, else `$XDG_DATA_HOME/yurt`, else `~/.local/share/yurt`. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.YURT_DATA) return env.YURT_DATA
  return join(env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'yurt')
}

/**
 * Checks the shared options. `now` is the bot's reference clock (fixed by `--now`); `pinned` is the
 * `--now` instant, from which the scheduler's clock advances with real time. `tz`, the zone of a
 * festival created now (by `--festival`, by a room's first change), is `--tz`, else
 * `$YURT_TIMEZONE`, else the machine's zone.
 *
 * @throws ConfigError naming the option (or `YURT_TIMEZONE`).
 */
export function readOptions(
  o: CommonOptions,
  env: NodeJS.ProcessEnv = process.env,
): { dataDir: string; now: () => number; pinned?: number; lang: Lang; tz: string; as: string } {
  let now: () => number = Date.now
  let pinned: number | undefined
  if (o.now !== undefined) {
    const t = parseInstant(o.now) ?? parseInstant(`${o.now}Z`)
    if (t === null) throw new ConfigError('--now', `"${o.now}" is not an ISO 8601 instant such as 2020-01-08T10:00:00+01:00`)
    now = () => t
    pinned = t
  }
  const lang = (o.lang ?? 'en') as Lang
  if (!LANGS.includes(lang)) throw new ConfigError('--lang', `"${o.lang}" is not one of ${LANGS.join(', ')}`)
  const fromEnv = env.YURT_TIMEZONE?.trim() || undefined
  const tz = o.tz ?? fromEnv ?? systemTimeZone()
  if (!isValidTimeZone(tz)) throw new ConfigError(o.tz !== undefined ? '--tz' : 'YURT_TIMEZONE', `"${tz}" is not an IANA time zone such as Europe/Paris`)
  return { dataDir: o.data ?? defaultDataDir(env), now, ...(pinned !== undefined ? { pinned } : {}), lang, tz, as: o.as ?? env.USER ?? 'me' }
}

/** An open data directory with its repo. */
export interface Opened {
  data: DataDir
  repo: Repo
  close(): Promise<void>
}

export async function openRepo(dataDir: string, now: () => number): Promise<Opened> {
  const data = await openDataDir(dataDir)
  const repo = await Repo.open(data, { now })
  try {
    // Every festival's Yjs state against the log, before anything is written: a cache that shows
    // operations the log lost is refused here (StoreCorruptError), not built upon.
    for (const f of repo.festivals()) await repo.open(f.id)
  } catch (error) {
    await repo.close().catch(() => undefined)
    throw error
  }
  return { data, repo, close: () => repo.close() }
}

/** `Camp (abcd2345), Camp (k7q2xm3a)`: festivals as people choose them. */
export function festivalList(festivals: FestivalMeta[]): string {
  return festivals.map((f) => `${f.name} (${shortFestivalId(f.id)})`).join(', ')
}

/**
 * Refuses a community's document (`core/community.ts`) where a festival is meant: it holds members,
 * not a programme.
 *
 * @throws ConfigError naming `--festival`, with what to do instead.
 */
export function festivalNotCommunity(meta: FestivalMeta, instead: string): FestivalMeta {
  if (meta.kind === 'community') throw new ConfigError('--festival', `“${meta.name}” is a community, not a festival: ${instead}`)
  return meta
}

/**
 * The festival a command works on: `--festival NAME` or `--festival SHORT-ID` (the first characters of
 * its id, as `yurt festivals` prints it), created when `create` allows it and nothing by that name or
 * id is held; else the only one held.
 *
 * @throws FestivalAmbiguousError when the name is held by several festivals (never creates another).
 * @throws FestivalNotFoundError listing what is held.
 */
export async function selectFestival(
  repo: Repo,
  name: string | undefined,
  /** How to create the festival when there is none of that name; `creator` is its first organiser. */
  create: { timezone: string; startDate?: string; endDate?: string; creator?: AuthorKey } | null,
): Promise<FestivalMeta> {
  const all = repo.festivals()
  if (name) {
    const found = repo.findFestivals(name)
    if (found.length === 1) return found[0]!
    if (found.length > 1) {
      throw new FestivalAmbiguousError(
        found.map((f) => f.id),
        `${found.length} festivals here are called "${name}": ${festivalList(found)}; choose one with --festival <short id>`,
      )
    }
    if (create) return repo.createFestival({ name, ...create })
    throw new FestivalNotFoundError(`no festival called "${name}" here${all.length ? `; festivals: ${festivalList(all)}` : ''}`)
  }
  // Without a name, a community's document (core/community.ts) is not "the festival".
  const festivals = all.filter((f) => f.kind !== 'community')
  if (festivals.length === 1) return festivals[0]!
  if (festivals.length === 0) {
    if (create) return repo.createFestival({ name: 'My festival', ...create })
    throw new FestivalNotFoundError('no festival here yet: import one (yurt import FILE) or create one (yurt chat --festival NAME)')
  }
  throw new FestivalNotFoundError(`several festivals here; choose one with --festival (a name or a short id): ${festivalList(festivals)}`)
}
