/**
 * Announces changes made elsewhere — another room, another peer — in the rooms that plan the
 * festival: “alice added “Workshop: IPFS basics” (workshop), Sat 11 Jan 15:00–17:00 at Ground Control”.
 *
 * @remarks
 * The announcer keeps a snapshot of every author's events and series and, for each stored operation,
 * diffs the author's namespace against it: added, changed, cancelled (a series is named by its
 * rule). A room hears about a change unless the change was made from that very room (the person
 * already got a reply) or the room turned announcements off (`announcements off`). A large batch (an
 * import) is summarised in one line.
 *
 * Across the mesh: a new event in a festival that is a verified member of a community
 * (`core/community.ts`) is also told, briefly and naming its festival (the city node), in the rooms
 * that follow that community and plan another festival (or none), unless the room said `mesh
 * announcements off`. Changes and cancellations stay within the festival's own rooms.
 */
import type { Operation } from '../core/operation.ts'
import type { AuthorKey, EventData, FestivalId, SeriesData } from '../core/types.ts'
import type { ChatAdapter, IncomingMessage, IncomingReaction, MessageHandler, Reply } from '../adapters/types.ts'
import { logger } from '../core/log.ts'
import type { Bot } from './bot.ts'
import { describeEvent } from './format.ts'
import { describeSeries } from './series-view.ts'
import type { Lang } from './intent.ts'
import { communitiesIn, communityMembers, isCommunity } from '../core/community.ts'
import type { Festival } from '../core/festival.ts'
import type { ScheduleView } from '../core/types.ts'
import { COMMUNITY_TEXT } from './i18n-community.ts'

/** Most events named one by one in an announcement; more are counted. */
export const MAX_ANNOUNCED = 3

const TEXT: Record<Lang, { added: string; changed: string; cancelled: string; many: (n: number) => string }> = {
  en: { added: 'added', changed: 'changed', cancelled: 'cancelled', many: (n) => `changed ${n} events` },
  fr: { added: 'a ajouté', changed: 'a modifié', cancelled: 'a annulé', many: (n) => `a modifié ${n} événements` },
  de: { added: 'hat hinzugefügt:', changed: 'hat geändert:', cancelled: 'hat abgesagt:', many: (n) => `hat ${n} Veranstaltungen geändert` },
}

type Change = { id: string; what: 'added' | 'changed' | 'cancelled' }

export class Announcer {
  readonly #bot: Bot
  readonly #adapters: ChatAdapter[]
  readonly #snapshots = new Map<string, Map<string, string>>()
  readonly #log = logger('commands:announce')
  #chain: Promise<void> = Promise.resolve()

  constructor(bot: Bot, adapters: ChatAdapter[]) {
    this.#bot = bot
    this.#adapters = adapters
  }

  /** The handler to give the adapters: the bot, noting which room each person speaks from. */
  handler(): MessageHandler {
    return {
      onMessage: async (message: IncomingMessage) => {
        await this.#ensureSnapshots()
        return this.#bot.onMessage(message)
      },
      onReaction: async (reaction: IncomingReaction) => {
        await this.#ensureSnapshots()
        return this.#bot.onReaction(reaction)
      },
    }
  }

  /** Takes the snapshot every later change is compared with; call before operations can arrive. */
  start(): Promise<void> {
    return this.#ensureSnapshots()
  }

  #ready: Promise<void> | null = null
  #ensureSnapshots(): Promise<void> {
    this.#ready ??= (async () => {
      for (const f of this.#bot.repo.festivals()) {
        const festival = await this.#bot.repo.open(f.id)
        const view = festival.view()
        for (const ev of view.events) this.#snapshot(f.id, ev.author).set(ev.id, snapshotOf(festival.namespace(ev.author).events.get(ev.id)))
        for (const sr of view.series) this.#snapshot(f.id, sr.author).set(sr.id, snapshotOf(festival.namespace(sr.author).series.get(sr.id)))
      }
    })()
    return this.#ready
  }

  #snapshot(festival: FestivalId, author: AuthorKey): Map<string, string> {
    const key = `${festival}\0${author}`
    let s = this.#snapshots.get(key)
    if (!s) this.#snapshots.set(key, (s = new Map()))
    return s
  }

  /** Called for every stored operation. Announcements go out in order, one operation at a time. */
  onOperation(op: Operation, origin: 'local' | 'remote'): void {
    this.#chain = this.#chain.then(() => this.#announce(op, origin)).catch((err) => this.#log.error({ err }, 'announcement failed'))
  }

  /** Resolves when every announcement so far was posted (tests). */
  idle(): Promise<void> {
    return this.#chain
  }

  async #announce(op: Operation, origin: 'local' | 'remote'): Promise<void> {
    await this.#ensureSnapshots()
    const festival = await this.#bot.repo.open(op.festival)
    const ns = festival.namespace(op.author)
    const snap = this.#snapshot(op.festival, op.author)
    const changes: Change[] = []
    for (const [id, data] of [...ns.events, ...ns.series]) {
      const now = snapshotOf(data)
      const before = snap.get(id)
      if (before === now) continue
      snap.set(id, now)
      if (before === undefined) changes.push({ id, what: 'added' })
      else if ('state' in data && data.state === 'cancelled' && !before.includes('"state":"cancelled"')) changes.push({ id, what: 'cancelled' })
      else changes.push({ id, what: 'changed' })
    }
    if (changes.length === 0) return
    const from = origin === 'local' ? this.#bot.lastRoomOf(op.author) : undefined
    const view = festival.view()
    const author = view.names.get(op.author) ?? op.author.slice(0, 8)
    for (const adapter of this.#adapters) {
      for (const room of await this.#bot.boundRooms(adapter.platform, op.festival)) {
        if (room.settings.announce === false || `${adapter.platform}\0${room.room}` === from) continue
        if (origin === 'local' && adapter.platform === 'terminal') continue // one room: the reply said it
        const lang = room.settings.lang ?? 'en'
        const tz = room.settings.timezone ?? festival.meta.timezone
        const t = TEXT[lang]
        const lines =
          changes.length > MAX_ANNOUNCED
            ? [`${author} ${t.many(changes.length)}.`]
            : changes.map((c) => {
                const ev = view.events.find((e) => e.id === c.id)
                if (ev) return `${author} ${t[c.what]} ${describeEvent(ev, tz, lang)}`
                const series = view.series.find((sr) => sr.id === c.id)
                return series ? `${author} ${t[c.what]} ${describeSeries(series, lang)}` : ''
              })
        const reply: Reply = { tone: 'info', blocks: lines.filter(Boolean).map((text) => ({ type: 'text' as const, text })) }
        if (changes.length === 1 && view.events.some((e) => e.id === changes[0]!.id)) reply.event = { festival: op.festival, id: changes[0]!.id }
        if (reply.blocks.length > 0) await adapter.post(room.room, reply).catch((err) => this.#log.warn({ err, room: room.room }, 'could not announce'))
      }
    }
    const added = changes.filter((c) => c.what === 'added')
    if (added.length > 0 && !isCommunity(festival.meta)) await this.#announceMesh(festival, view, added.map((c) => c.id), from)
  }

  /** Tells the rooms that follow a community this festival is a member of of its new events (see the module notes). */
  async #announceMesh(festival: Festival, view: ScheduleView, added: string[], from: string | undefined): Promise<void> {
    const repo = this.#bot.repo
    const communities: FestivalId[] = []
    for (const c of communitiesIn(repo)) {
      if ((await communityMembers(repo, c.id)).members.some((m) => m.id === festival.id)) communities.push(c.id)
    }
    if (communities.length === 0) return
    for (const adapter of this.#adapters) {
      const told = new Set<string>()
      for (const c of communities) {
        for (const room of await this.#bot.followingRooms(adapter.platform, c)) {
          if (told.has(room.room) || room.settings.festival === festival.id || room.settings.meshAnnounce === false) continue
          if (`${adapter.platform}\0${room.room}` === from) continue
          told.add(room.room)
          const lang = room.settings.lang ?? 'en'
          const tz = room.settings.timezone ?? festival.meta.timezone
          const t = COMMUNITY_TEXT[lang]
          const events = added.map((id) => view.events.find((e) => e.id === id)).filter((e) => e !== undefined)
          if (events.length === 0) continue
          const lines = events.length > MAX_ANNOUNCED ? [t.announcedMany(festival.meta.name, events.length)] : events.map((e) => t.announced(festival.meta.name, describeEvent(e, tz, lang)))
          const reply: Reply = { tone: 'info', blocks: lines.map((text) => ({ type: 'text' as const, text })) }
          if (events.length === 1) reply.event = { festival: festival.id, id: events[0]!.id }
          await adapter.post(room.room, reply).catch((err) => this.#log.warn({ err, room: room.room }, 'could not announce across the mesh'))
        }
      }
    }
  }
}

function snapshotOf(e: EventData | SeriesData | undefined): string {
  return e === undefined ? '' : JSON.stringify(e)
}
