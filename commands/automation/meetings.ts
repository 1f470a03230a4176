/**
 * Random meetings by direct message: who was matched with whom and where, who was not, and the
 * serendipity switch's meetings; run with the automation's other scheduled work.
 *
 * @remarks
 * Only a festival where this bot declared its meetings key (`matcher`, `commands/meetings.ts`) is
 * looked at. Every sealed record of the festival is opened with that key; the meetings are then
 * pure functions of the opened records and the schedule (`core/meetings.ts`), so every matcher
 * computes the same ones. A bot tells only the people it speaks for (whose author key it derives
 * from their platform id), and writes a meeting's sealed record only when it speaks for the
 * meeting's first person, so two bots never write the same meeting twice.
 *
 * Each message is claimed in the data directory's key-value store (fsynced) before it is sent, and
 * the claim is taken back when the platform refused it: a restart never tells anyone twice.
 * Keys, JSON `true` while claimed:
 *
 * ```
 * meetings/told/<festival>/<meeting id>/<author>   told where to go (a match or a switch's meeting)
 * meetings/alone/<festival>/<author>/<request id>  told that nobody else asked
 * ```
 *
 * Someone still alone at the start of the last hour their request covers is told so then (within
 * the grace period after a restart); a switch's meeting is told {@link SERENDIPITY_LEAD_MS} before it.
 */
import { fromBase64, sealHidden, toBase64 } from '../../core/seal.ts'
import {
  freePlaces,
  hoursOf,
  matchRequests,
  MEETING_MS,
  meetingId,
  readSealed,
  sealedAad,
  serendipityGroups,
  serendipityLength,
  serendipityOf,
  serendipitySlots,
  type MeetingRequest,
  type SealedContent,
} from '../../core/meetings.ts'
import { organisersOf } from '../../core/programme.ts'
import { addDays, dayOf, formatDay, formatTime, MINUTE } from '../../core/time.ts'
import type { AuthorKey, FestivalMeta, Instant } from '../../core/types.ts'
import type { Namespace } from '../../core/doc.ts'
import type { Reply } from '../../adapters/types.ts'
import type { Bot } from '../bot.ts'
import type { KeyValueLike } from '../undo.ts'
import type { Logger } from '../../core/log.ts'
import { LANGS, type Lang } from '../intent.ts'
import { listNames } from '../format.ts'
import { MEETING_TEXT } from '../meetings-text.ts'
import { matchersOf } from '../meetings.ts'

/** Wait before a refused message is tried again, ms. */
const RETRY_MS = MINUTE

/** How long before one of the switch's meetings its people are told, ms. */
export const SERENDIPITY_LEAD_MS = 15 * MINUTE

export interface MeetingNoticesOptions {
  bot: Bot
  kv: KeyValueLike
  /** The adapter serving a platform here, if any. */
  adapter: (platform: string) => { sendDirect?(user: string, reply: Reply): Promise<string | undefined> } | undefined
  graceMs: number
  log: Logger
}

/** A person as their sealed record says, with the author key it was written under. */
interface Person {
  author: AuthorKey
  platform: string
  user: string
  name: string
  lang: Lang
  tz: string | undefined
}

/** The random meetings' direct messages (see the module notes). */
export class MeetingNotices {
  readonly #o: MeetingNoticesOptions
  /** `<author>\0<id>\0<box>` → what it holds (`null`: not sealed to this bot). */
  readonly #opened = new Map<string, SealedContent | null>()

  constructor(options: MeetingNoticesOptions) {
    this.#o = options
  }

  /** Sends what is due at `now`; answers the next instant something will be, or `null`. */
  async due(now: Instant): Promise<Instant | null> {
    let next: Instant | null = null
    const soon = (t: Instant) => {
      if (next === null || t < next) next = t
    }
    for (const meta of this.#o.bot.repo.festivals()) {
      try {
        await this.#festival(meta, now, soon)
      } catch (err) {
        this.#o.log.error({ err, festival: meta.id }, 'random meetings failed')
      }
    }
    return next
  }

  #open(festival: string, ns: Namespace, id: string, box64: string): SealedContent | null {
    const key = `${ns.author}\0${id}\0${box64}`
    if (this.#opened.has(key)) return this.#opened.get(key)!
    const box = fromBase64(box64)
    const c = box ? readSealed(this.#o.bot.openSealedFor('yurt', 'matcher', box, sealedAad(festival, ns.author, id))) : null
    if (this.#opened.size > 10_000) this.#opened.clear()
    this.#opened.set(key, c)
    return c
  }

  /** Whether this bot speaks for `p` (their key is the one it derives from their platform id). */
  #serves(p: { author: AuthorKey; platform: string; user: string }): boolean {
    return this.#o.bot.signerFor(p.platform, p.user).key === p.author && this.#o.adapter(p.platform)?.sendDirect !== undefined
  }

  async #festival(meta: FestivalMeta, now: Instant, soon: (t: Instant) => void): Promise<void> {
    const bot = this.#o.bot
    const festival = await bot.repo.open(meta.id)
    const matcher = bot.matcherSigner()
    if (!festival.namespace(matcher.key).matcher) return
    const namespaces = festival.namespaces()
    const requests: MeetingRequest[] = []
    const optIns: Array<Person & { at: Instant }> = []
    for (const ns of namespaces) {
      for (const [id, r] of ns.sealed) {
        const c = this.#open(meta.id, ns, id, r.box)
        if (!c) continue
        if (c.kind === 'meeting') continue
        const lang = langOf(c.lang)
        if (c.kind === 'request') requests.push({ author: ns.author, id, at: r.at, from: c.from, to: c.to, platform: c.platform, user: c.user, name: c.name, lang, ...(c.tz ? { tz: c.tz } : {}) })
        else optIns.push({ author: ns.author, at: r.at, platform: c.platform, user: c.user, name: c.name, lang, tz: c.tz })
      }
    }
    const view = festival.view(now)
    const matchers = matchersOf(namespaces)

    // Requests: matched, or alone at the start of their last hour.
    const { meetings, alone } = matchRequests(meta.id, requests, (h) => freePlaces(view.venues, view.events, h))
    for (const m of meetings) {
      if (m.hour + MEETING_MS <= now) continue
      const people = [m.first, m.second].map((r) => toPerson(r))
      await this.#tell(meta, soon, now, m.hour, people, m.place, matchers, (p, others) => {
        const t = MEETING_TEXT[p.lang]
        const zone = p.tz ?? meta.timezone
        return t.matched(t.at(formatDay(dayOf(m.hour, zone), p.lang), formatTime(m.hour, zone)), m.place.name, others)
      })
    }
    for (const r of alone) {
      const last = hoursOf(r).at(-1)
      if (last === undefined) continue
      if (last > now) {
        soon(last)
        continue
      }
      if (last <= now - this.#o.graceMs || !this.#serves(r)) continue
      const p = toPerson(r)
      const t = MEETING_TEXT[p.lang]
      const zone = p.tz ?? meta.timezone
      const when = r.to - r.from <= MEETING_MS ? t.at(formatDay(dayOf(r.from, zone), p.lang), formatTime(r.from, zone)) : t.between(formatDay(dayOf(r.from, zone), p.lang), formatTime(r.from, zone), formatTime(r.to, zone))
      if (!(await this.#send(`meetings/alone/${meta.id}/${r.author}/${r.id}`, p, t.unmatched(when)))) soon(now + RETRY_MS)
    }

    // The serendipity switch: only people who opted in before the message goes out.
    const s = serendipityOf(namespaces, organisersOf(meta, namespaces))
    if (!s?.on) return
    const zone = meta.timezone
    const today = dayOf(now, zone)
    for (const day of [addDays(today, -1), today, addDays(today, 1)]) {
      const length = serendipityLength(s, day, zone)
      for (const at of serendipitySlots(s, day, zone)) {
        const tell = at - SERENDIPITY_LEAD_MS
        if (tell <= s.at) continue
        if (tell > now) {
          soon(tell)
          continue
        }
        if (tell <= now - this.#o.graceMs) continue
        const opted = optIns.filter((o) => o.at < tell)
        const byKey = new Map(opted.map((o) => [o.author, o]))
        const groups = serendipityGroups(meta.id, at, [...byKey.keys()], freePlaces(view.venues, view.events, at, length))
        for (const g of groups) {
          const people = g.people.map((k) => byKey.get(k)!)
          await this.#tell(meta, soon, now, at, people, g.place, matchers, (p, others) => {
            const t = MEETING_TEXT[p.lang]
            const z = p.tz ?? zone
            return t.proposed(t.at(formatDay(dayOf(at, z), p.lang), formatTime(at, z)), g.place.name, others, Math.round(length / MINUTE))
          })
        }
      }
    }
  }

  /** Writes the meeting's sealed record (when this bot speaks for its first person) and tells the people it speaks for. */
  async #tell(
    meta: FestivalMeta,
    soon: (t: Instant) => void,
    now: Instant,
    at: Instant,
    people: Person[],
    place: { id: string; name: string },
    matchers: AuthorKey[],
    text: (p: Person, others: string) => string,
  ): Promise<void> {
    const keys = people.map((p) => p.author)
    const id = meetingId(at, keys)
    const bot = this.#o.bot
    if (this.#serves(people[0]!)) {
      const festival = await bot.repo.open(meta.id)
      const matcher = bot.matcherSigner()
      if (!festival.namespace(matcher.key).sealed.has(id)) {
        const content: SealedContent = { kind: 'meeting', at, people: keys, place: place.id }
        const box = sealHidden(JSON.stringify(content), [...keys, ...matchers].slice(0, 50), sealedAad(meta.id, matcher.key, id))
        await bot.repo.commit(meta.id, matcher, (w) => w.setSealed(id, { box: toBase64(box), at: now }))
      }
    }
    for (const p of people) {
      if (!this.#serves(p)) continue
      const others = listNames(people.filter((o) => o !== p).map((o) => o.name), p.lang)
      if (!(await this.#send(`meetings/told/${meta.id}/${id}/${p.author}`, p, text(p, others)))) soon(now + RETRY_MS)
    }
  }

  /** Claims `key` (fsynced), sends, and takes the claim back when the platform refused. Answers `false` when it was refused. */
  async #send(key: string, p: Person, text: string): Promise<boolean> {
    if ((await this.#o.kv.get(key)) === true) return true
    await this.#o.kv.put(key, true, { sync: true })
    try {
      await this.#o.adapter(p.platform)!.sendDirect!(p.user, { tone: 'info', blocks: [{ type: 'text', text }] })
      return true
    } catch (err) {
      this.#o.log.warn({ err, platform: p.platform }, 'could not send a random meeting message; retrying in a minute')
      await this.#o.kv.put(key, false, { sync: true })
      return false
    }
  }
}

/** A language the replies have, else English. */
function langOf(s: string | undefined): Lang {
  return (LANGS as readonly string[]).includes(s ?? '') ? (s as Lang) : 'en'
}

function toPerson(r: MeetingRequest): Person {
  return { author: r.author, platform: r.platform, user: r.user, name: r.name, lang: langOf(r.lang), tz: r.tz }
}
