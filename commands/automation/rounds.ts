/**
 * At each person-to-person round's start: the groups posted in every room bound to the festival
 * that this bot serves, and each person this bot speaks for told their partner by direct message.
 *
 * @remarks
 * What is due comes from the festival's document only (`core/rounds.ts`: the plans, the
 * participants as of the round's start, the pairs), so two bots serving rooms of the same festival
 * post the same pairs, each in its own rooms. Each post and each direct message is claimed durably
 * before it is sent (`automation/rounds` in the data directory, fsynced like the daily post's slot)
 * and released when the platform refused it, so a restart never sends one twice. A round is due
 * from its start until its end or the grace period, whichever comes first; later it is skipped.
 *
 * Who is told by direct message: a participant whose profile names a handle `<platform>:<user>` of
 * a platform this process runs and whose key is the one this bot derives for that user (so a
 * profile cannot make the bot write to someone else). Mentions in the room post are the same people.
 */
import { roundsOf, roundsPlans } from '../../core/rounds.ts'
import type { Round, RoundsPlan } from '../../core/rounds.ts'
import { formatTime, DAY } from '../../core/time.ts'
import type { AuthorKey, FestivalMeta, Instant, ScheduleView } from '../../core/types.ts'
import type { Namespace } from '../../core/doc.ts'
import type { ChatAdapter, Reply } from '../../adapters/types.ts'
import type { KeyValueLike } from '../undo.ts'
import type { Lang } from '../intent.ts'
import { ROUNDS_TEXT } from '../i18n-rounds.ts'
import type { Automation } from './index.ts'
import { RETRY_MS } from './due.ts'

const CLAIMS_KEY = 'automation/rounds'

/** Claimed sends, `<festival>/<target>/<round>@<where>` → the round's start (UTC ms); pruned a day later. */
type Claims = Record<string, Instant>

async function readClaims(kv: KeyValueLike): Promise<Claims> {
  const v = await kv.get(CLAIMS_KEY)
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Claims) : {}
}

/** One message of a round: where it goes and what it says. */
interface Send {
  claim: string
  start: Instant
  send: () => Promise<unknown>
}

/**
 * Posts and tells what is due at `now`; answers the next round start ahead, or null.
 *
 * @param retryAt claim → instant before which a refused send is not tried again (kept by the caller).
 */
export async function dueRounds(a: Automation, kv: KeyValueLike, now: Instant, graceMs: number, retryAt: Map<string, Instant>): Promise<Instant | null> {
  let next: Instant | null = null
  const soon = (t: Instant) => {
    if (next === null || t < next) next = t
  }
  const sends: Send[] = []
  for (const meta of a.bot.repo.festivals()) {
    // Only festivals a room here plans: the others are other bots' to post.
    if (!(await servedHere(a, meta.id))) continue
    const festival = await a.bot.repo.open(meta.id)
    const namespaces = festival.namespaces()
    if (!namespaces.some((ns) => ns.roundPlans.size > 0)) continue
    const view = festival.view(now)
    for (const plan of roundsPlans(meta, namespaces, view)) {
      const dueIdx: number[] = []
      plan.starts.forEach((start, i) => {
        if (start > now) soon(start)
        else if (now < start + Math.min(graceMs, plan.rounds.minutes * 60_000)) dueIdx.push(i)
      })
      if (dueIdx.length === 0) continue
      const rounds = roundsOf(plan, namespaces)
      for (const i of dueIdx) sends.push(...await roundSends(a, meta, view, namespaces, plan, rounds[i]!))
    }
  }
  if (sends.length === 0) return next
  const claims = await readClaims(kv)
  for (const s of sends) {
    if (claims[s.claim] !== undefined) continue
    const retry = retryAt.get(s.claim)
    if (retry !== undefined && retry > now) {
      soon(retry)
      continue
    }
    // Claim (fsynced) before sending; release when the platform refused it.
    const fresh = await a.locked(async () => {
      const c = await readClaims(kv)
      if (c[s.claim] !== undefined) return false
      c[s.claim] = s.start
      for (const [k, v] of Object.entries(c)) if (v < now - DAY) delete c[k]
      await kv.put(CLAIMS_KEY, c)
      return true
    })
    if (!fresh) continue
    try {
      await s.send()
      retryAt.delete(s.claim)
    } catch (err) {
      a.log.warn({ err, claim: s.claim }, 'could not send a round’s pairs; retrying')
      retryAt.set(s.claim, now + RETRY_MS)
      soon(now + RETRY_MS)
      await a.locked(async () => {
        const c = await readClaims(kv)
        delete c[s.claim]
        await kv.put(CLAIMS_KEY, c)
      })
    }
  }
  return next
}

async function servedHere(a: Automation, festival: FestivalMeta['id']): Promise<boolean> {
  for (const adapter of a.adapters) if ((await a.bot.boundRooms(adapter.platform, festival)).length > 0) return true
  return false
}

/** The people this process speaks for, by key: platform and user, from their profiles' handles. */
function reachable(a: Automation, namespaces: readonly Namespace[], keys: readonly AuthorKey[]): Map<AuthorKey, { platform: string; user: string }> {
  const wanted = new Set(keys)
  const out = new Map<AuthorKey, { platform: string; user: string }>()
  for (const ns of namespaces) {
    if (!wanted.has(ns.author) || !ns.profile?.handle) continue
    const colon = ns.profile.handle.indexOf(':')
    if (colon < 1) continue
    const platform = ns.profile.handle.slice(0, colon)
    const user = ns.profile.handle.slice(colon + 1)
    if (!a.adapter(platform)) continue
    if (a.bot.signerFor(platform, user).key !== ns.author) continue
    out.set(ns.author, { platform, user })
  }
  return out
}

async function roundSends(a: Automation, meta: FestivalMeta, view: ScheduleView, namespaces: readonly Namespace[], plan: RoundsPlan, round: Round): Promise<Send[]> {
  const out: Send[] = []
  const base = `${meta.id}/${plan.target}/${round.n}`
  const count = plan.rounds.count
  const title = `“${plan.event.title}”`
  const spots = view.venues.find((v) => v.id === plan.event.venue)?.spots ?? 0
  const spotOf = (i: number) => (i < spots ? i + 1 : null)
  const name = (k: AuthorKey) => view.names.get(k) ?? k.slice(0, 8)
  const people = reachable(a, namespaces, round.participants)
  let lang: Lang = 'en'
  for (const adapter of a.adapters) {
    for (const { room, settings } of await a.bot.boundRooms(adapter.platform, meta.id)) {
      const l: Lang = settings.lang ?? 'en'
      lang = l
      const t = ROUNDS_TEXT[l]
      const tz = settings.timezone ?? meta.timezone
      let reply: Reply
      if (round.groups.length === 0) {
        reply = { tone: 'info', blocks: [{ type: 'text', text: t.tooFew(round.n, count, title, round.participants.length) }], event: { festival: meta.id, id: plan.event.id } }
      } else {
        reply = {
          tone: 'info',
          blocks: [{ type: 'list', heading: t.heading(round.n, count, title, formatTime(round.start, tz), formatTime(round.end, tz)), items: round.groups.map((g, i) => t.group(g.map(name), spotOf(i))) }],
          event: { festival: meta.id, id: plan.event.id },
        }
        const mentions = round.participants.flatMap((k) => {
          const p = people.get(k)
          return p && p.platform === adapter.platform ? [p.user] : []
        })
        if (mentions.length) reply.mentions = mentions
      }
      out.push({ claim: `${base}@${adapter.platform}/${room}`, start: round.start, send: () => adapter.post(room, reply) })
    }
  }
  // Each person this bot speaks for, by direct message.
  const groupOf = new Map<AuthorKey, number>()
  round.groups.forEach((g, i) => g.forEach((k) => groupOf.set(k, i)))
  for (const [key, { platform, user }] of people) {
    const adapter: ChatAdapter | undefined = a.adapter(platform)
    if (!adapter?.sendDirect) continue
    const personal = await a.store.person(platform, user)
    const l: Lang = personal?.lang ?? lang
    const tz = personal?.timezone ?? meta.timezone
    const t = ROUNDS_TEXT[l]
    const i = groupOf.get(key)
    const text = i === undefined
      ? t.alone(round.n, count, title)
      : t.partner(round.n, count, title, formatTime(round.start, tz), formatTime(round.end, tz), round.groups[i]!.filter((k) => k !== key).map(name), spotOf(i))
    const reply: Reply = { tone: 'info', blocks: [{ type: 'text', text }], event: { festival: meta.id, id: plan.event.id } }
    out.push({ claim: `${base}@dm/${platform}/${user}`, start: round.start, send: () => adapter.sendDirect!(user, reply) })
  }
  return out
}
