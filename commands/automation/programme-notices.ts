/**
 * Telling people what happened to the programme they help build: a direct message to a proposer
 * whose proposal was accepted or declined, to an applicant whose application was decided, and to a
 * person let in from a waiting list; and, in the rooms that plan the festival, the call for
 * proposals opening, its deadline 24 hours ahead, and its closing.
 *
 * @remarks
 * After every change to a festival (made here or received from a peer) and when the call's deadline
 * comes, {@link ProgrammeNotices} compares what it last saw — a small record per festival in the data
 * directory (`automation/programme/<festival id>`, JSON, fsynced) — with the state derived now
 * (`core/programme.ts` through `core/programme-of.ts`, the view's `going` and `waiting`). The record is
 * written before the messages are sent: a restart never tells anything twice, and a crash between the
 * write and the send loses those messages rather than doubling them; a message the platform refuses
 * is logged, not retried. The first time a festival is seen, its state is the baseline and nobody is
 * told; later, what changed while the bot was stopped is told at its next start.
 *
 * Who can be told: the people whose key this bot holds, that is whose author key is
 * `bot.signerFor(platform, user).key` for the `platform:user` of their profile's `handle`, or for a
 * person who set up personal reminders here; on a platform whose adapter sends direct messages.
 * Their language is that of the room they last spoke from, else of their reminders, else of a room
 * that plans the festival, else English; times are in that room's zone, else the festival's.
 *
 * The call is announced in the rooms bound to the festival with announcements on (`announcements
 * off` silences them), except the room the organiser opened it from, who got the reply there.
 */
import type { Festival } from '../../core/festival.ts'
import type { Logger } from '../../core/log.ts'
import { programmeOf } from '../../core/programme-of.ts'
import { applicationsOf, callTakes } from '../../core/programme.ts'
import type { CallView } from '../../core/programme.ts'
import { DAY, dayOf, formatDay, formatTime, HOUR } from '../../core/time.ts'
import type { AuthorKey, FestivalId, Instant, ScheduleView } from '../../core/types.ts'
import type { ChatAdapter, Reply } from '../../adapters/types.ts'
import type { Bot } from '../bot.ts'
import type { Lang } from '../intent.ts'
import type { KeyValueLike } from '../undo.ts'
import type { AutomationStore } from './store.ts'
import { whenWhere } from './programme.ts'

/** How long before the call's deadline the rooms are reminded, ms. */
export const CALL_REMINDER_MS = DAY
/** How late after the deadline its closing is still announced (the bot was down meanwhile), ms. */
export const CLOSING_GRACE_MS = DAY

/** What was last seen of one festival: the record kept at `automation/programme/<festival id>`. */
export interface ProgrammeRecord {
  v: 1
  /** Proposal id → `open`, `withdrawn`, `declined`, or `accepted <venue> <start> <end>` (UTC ms). */
  proposals: Record<string, string>
  /** `<event id>/<applicant key>` → the reviewers' decision (pending ones are absent). */
  decisions: Record<string, string>
  /** Event id → who waits for a place, first to be let in first (events without a queue absent). */
  waiting: Record<string, string[]>
  /** The call as last seen: which record (`<organiser>:<at>`), whether it took proposals, what was said. */
  call?: { key: string; taking: boolean; reminded: boolean; closed: boolean }
}

/** One direct message to send: to whom, and its text in a language with a zone. */
interface Direct {
  to: AuthorKey
  text: (lang: Lang, tz: string) => string
}

type CallNotice = 'opened' | 'reminder' | 'closed'

const Q: Record<Lang, (s: string) => string> = { en: (s) => `“${s}”`, fr: (s) => `« ${s} »`, de: (s) => `„${s}“` }

/** The sentences, in English, French and German. */
export const PROGRAMME_TEXT: Record<
  Lang,
  {
    accepted(title: string, slot: string): string
    declined(title: string, reason: string | undefined): string
    appAccepted(title: string, when: string): string
    appDeclined(title: string): string
    appWaitlisted(title: string): string
    promoted(title: string, when: string): string
    callOpen(until: string | null): string
    callReminder(hours: number, until: string): string
    callClosed(count: number): string
  }
> = {
  en: {
    accepted: (t, slot) => `Your proposal ${Q.en(t)} was accepted: ${slot}.`,
    declined: (t, reason) => (reason ? `Your proposal ${Q.en(t)} was declined: ${reason}` : `Your proposal ${Q.en(t)} was declined.`),
    appAccepted: (t, when) => `Your application to ${Q.en(t)} was accepted: you're going (${when}).`,
    appDeclined: (t) => `Your application to ${Q.en(t)} was declined.`,
    appWaitlisted: (t) => `Your application to ${Q.en(t)} is on the waiting list: you'll hear if a place opens.`,
    promoted: (t, when) => `A place opened: you're going to ${Q.en(t)}, ${when}.`,
    callOpen: (until) => (until ? `The call for proposals is open until ${until}: propose a talk, a workshop… and vote for the ones you like.` : 'The call for proposals is open: propose a talk, a workshop… and vote for the ones you like.'),
    callReminder: (h, until) => `The call for proposals closes in ${h} ${h === 1 ? 'hour' : 'hours'} (${until}).`,
    callClosed: (n) => `The call for proposals is closed: ${n} ${n === 1 ? 'proposal' : 'proposals'}.`,
  },
  fr: {
    accepted: (t, slot) => `Votre proposition ${Q.fr(t)} est acceptée : ${slot}.`,
    declined: (t, reason) => (reason ? `Votre proposition ${Q.fr(t)} est refusée : ${reason}` : `Votre proposition ${Q.fr(t)} est refusée.`),
    appAccepted: (t, when) => `Votre candidature pour ${Q.fr(t)} est acceptée : vous y allez (${when}).`,
    appDeclined: (t) => `Votre candidature pour ${Q.fr(t)} est refusée.`,
    appWaitlisted: (t) => `Votre candidature pour ${Q.fr(t)} est sur liste d’attente : vous serez prévenu·e si une place se libère.`,
    promoted: (t, when) => `Une place s’est libérée : vous allez à ${Q.fr(t)}, ${when}.`,
    callOpen: (until) => (until ? `L’appel à propositions est ouvert jusqu’au ${until} : proposez un exposé, un atelier… et votez pour ceux qui vous plaisent.` : 'L’appel à propositions est ouvert : proposez un exposé, un atelier… et votez pour ceux qui vous plaisent.'),
    callReminder: (h, until) => `L’appel à propositions se termine dans ${h} ${h === 1 ? 'heure' : 'heures'} (${until}).`,
    callClosed: (n) => `L’appel à propositions est clos : ${n} ${n === 1 ? 'proposition' : 'propositions'}.`,
  },
  de: {
    accepted: (t, slot) => `Dein Vorschlag ${Q.de(t)} wurde angenommen: ${slot}.`,
    declined: (t, reason) => (reason ? `Dein Vorschlag ${Q.de(t)} wurde abgelehnt: ${reason}` : `Dein Vorschlag ${Q.de(t)} wurde abgelehnt.`),
    appAccepted: (t, when) => `Deine Bewerbung für ${Q.de(t)} wurde angenommen: du bist dabei (${when}).`,
    appDeclined: (t) => `Deine Bewerbung für ${Q.de(t)} wurde abgelehnt.`,
    appWaitlisted: (t) => `Deine Bewerbung für ${Q.de(t)} steht auf der Warteliste: du hörst von uns, wenn ein Platz frei wird.`,
    promoted: (t, when) => `Ein Platz ist frei geworden: du bist bei ${Q.de(t)} dabei, ${when}.`,
    callOpen: (until) => (until ? `Vorschläge sind bis ${until} offen: schlag einen Vortrag, einen Workshop… vor und stimm für die, die dir gefallen.` : 'Vorschläge sind offen: schlag einen Vortrag, einen Workshop… vor und stimm für die, die dir gefallen.'),
    callReminder: (h, until) => `Die Frist für Vorschläge endet in ${h} ${h === 1 ? 'Stunde' : 'Stunden'} (${until}).`,
    callClosed: (n) => `Die Frist für Vorschläge ist vorbei: ${n} ${n === 1 ? 'Vorschlag' : 'Vorschläge'}.`,
  },
}

export interface ProgrammeNoticesOptions {
  bot: Bot
  kv: KeyValueLike
  store: AutomationStore
  adapter: (platform: string) => ChatAdapter | undefined
  adapters: readonly ChatAdapter[]
  now: () => Instant
  log: Logger
  /** Called when the next instant a call needs looking at changed (the scheduler re-plans). */
  wake: () => void
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** The programme watcher of one bot (see the module notes). */
export class ProgrammeNotices {
  readonly #o: ProgrammeNoticesOptions
  #chain: Promise<unknown> = Promise.resolve()
  /** Festivals with a check queued, and the room the latest local change came from. */
  readonly #queued = new Map<FestivalId, { fromRoom: string | undefined }>()
  /** Festival → the next instant its call needs looking at (reminder, deadline). */
  readonly #next = new Map<FestivalId, Instant>()

  constructor(options: ProgrammeNoticesOptions) {
    this.#o = options
  }

  /** Looks at every festival held here: a baseline for those never seen, the news for the others. */
  async start(): Promise<void> {
    for (const f of this.#o.bot.repo.festivals()) await this.check(f.id, undefined)
  }

  /**
   * Compares `festival` with its record and tells what changed. Checks of one festival queued while
   * another runs are merged (the state read is the latest anyway). Never throws.
   *
   * @param fromRoom `platform\0room` a local change was made from (not told of the call there).
   */
  check(festival: FestivalId, fromRoom: string | undefined): Promise<void> {
    const queued = this.#queued.get(festival)
    if (queued) {
      queued.fromRoom = fromRoom ?? queued.fromRoom
      return this.#chain.then(() => undefined)
    }
    const entry = { fromRoom }
    this.#queued.set(festival, entry)
    const task = this.#chain.then(async () => {
      this.#queued.delete(festival)
      try {
        await this.#check(festival, entry.fromRoom)
      } catch (err) {
        this.#o.log.error({ err, festival }, 'programme notice failed')
      }
    })
    this.#chain = task
    return task
  }

  /** The scheduler's part: checks the festivals whose call is due; answers the next instant, or null. */
  async due(now: Instant): Promise<Instant | null> {
    for (const [festival, at] of [...this.#next]) if (at <= now) await this.check(festival, undefined)
    let next: Instant | null = null
    for (const at of this.#next.values()) if (next === null || at < next) next = at
    return next
  }

  /** Resolves when no check is in progress (tests). */
  async idle(): Promise<void> {
    await this.#chain
  }

  async #check(id: FestivalId, fromRoom: string | undefined): Promise<void> {
    const meta = this.#o.bot.repo.festival(id)
    if (!meta) return
    const festival = await this.#o.bot.repo.open(id)
    const now = this.#o.now()
    const state = programmeOf(festival, now)
    const current = recordOf(festival, state.view, state.proposals)
    const before = await this.#load(id)
    const taking = callTakes(state.call, now)
    const callKey = state.call ? `${state.call.by}:${state.call.at}` : null

    const directs: Direct[] = []
    const notices: CallNotice[] = []
    if (before === null) {
      // First sight: the baseline. What is already past is taken as said.
      if (callKey) current.call = { key: callKey, taking, reminded: !taking || remindAt(state.call!) <= now, closed: !taking }
    } else {
      directs.push(...this.#proposalNews(before, current, state.proposals, state.view))
      directs.push(...applicationNews(before, current, state.view))
      directs.push(...promotionNews(before, current, state.view, now))
      const was = before.call
      if (callKey && taking) {
        if (was?.key !== callKey || !was.taking) {
          notices.push('opened')
          current.call = { key: callKey, taking, reminded: remindAt(state.call!) <= now, closed: false }
        } else {
          current.call = { ...was }
          if (!was.reminded && remindAt(state.call!) <= now) {
            notices.push('reminder')
            current.call.reminded = true
          }
        }
      } else if (callKey) {
        const closedNow = was?.taking === true && !was.closed
        const late = state.call!.open && state.call!.until !== null && now - state.call!.until > CLOSING_GRACE_MS
        if (closedNow && !late) notices.push('closed')
        current.call = { key: callKey, taking: false, reminded: true, closed: true }
      }
    }
    // Written (fsynced) before anything is sent; not at all when nothing changed (most operations).
    if (before === null || JSON.stringify(before) !== JSON.stringify(current)) await this.#o.kv.put(`automation/programme/${id}`, current)

    const previous = this.#next.get(id)
    if (state.call && taking && state.call.until !== null) {
      const reminded = current.call?.reminded ?? true
      this.#next.set(id, reminded ? state.call.until + 1 : Math.max(remindAt(state.call), now))
    } else this.#next.delete(id)
    if (this.#next.get(id) !== previous) this.#o.wake()

    for (const d of directs) await this.#tell(festival, d)
    if (notices.length > 0) await this.#announce(festival, state.call!, notices, state.proposals.filter((p) => p.state !== 'withdrawn').length, fromRoom, now)
  }

  #proposalNews(before: ProgrammeRecord, current: ProgrammeRecord, proposals: ReturnType<typeof programmeOf>['proposals'], view: ScheduleView): Direct[] {
    const out: Direct[] = []
    for (const p of proposals) {
      const was = before.proposals[p.id]
      const now = current.proposals[p.id]!
      if (was === now) continue
      if (p.state === 'accepted' && p.acceptance && p.acceptance.by !== p.author) {
        const a = p.acceptance
        const venue = view.venues.find((v) => v.id === a.venue)?.name ?? null
        out.push({ to: p.author, text: (lang, tz) => PROGRAMME_TEXT[lang].accepted(p.title, whenLong(a.start, venue, tz, lang)) })
      } else if (p.state === 'declined' && !was?.startsWith('declined') && p.decline?.by !== p.author) {
        const reason = p.decline?.reason
        out.push({ to: p.author, text: (lang) => PROGRAMME_TEXT[lang].declined(p.title, reason) })
      }
    }
    return out
  }

  async #load(id: FestivalId): Promise<ProgrammeRecord | null> {
    const v = await this.#o.kv.get(`automation/programme/${id}`)
    if (!isObject(v) || v.v !== 1 || !isObject(v.proposals) || !isObject(v.decisions) || !isObject(v.waiting)) return null
    const rec = v as unknown as ProgrammeRecord
    if (rec.call !== undefined && !(isObject(rec.call) && typeof rec.call.key === 'string')) delete rec.call
    return rec
  }

  /** Where `author` can be reached here: a platform user whose key is theirs, on an adapter that sends direct messages. */
  async #reach(festival: Festival, author: AuthorKey): Promise<{ platform: string; user: string; adapter: ChatAdapter } | null> {
    const candidates: Array<[string, string]> = []
    const handle = festival.namespace(author).profile?.handle
    if (handle) {
      const colon = handle.indexOf(':')
      if (colon > 0) candidates.push([handle.slice(0, colon), handle.slice(colon + 1)])
    }
    for (const pair of await this.#o.store.people()) candidates.push(pair)
    for (const [platform, user] of candidates) {
      const adapter = this.#o.adapter(platform)
      if (!adapter?.sendDirect) continue
      if (this.#o.bot.signerFor(platform, user).key === author) return { platform, user, adapter }
    }
    return null
  }

  /** The language and zone to write to `author` on `platform` in (see the module notes). */
  async #voiceOf(festival: Festival, author: AuthorKey, platform: string, user: string): Promise<{ lang: Lang; tz: string }> {
    const last = this.#o.bot.lastRoomOf(author)
    if (last?.startsWith(`${platform}\0`)) {
      const s = await this.#o.bot.roomSettings(platform, last.slice(platform.length + 1))
      if (s.lang) return { lang: s.lang, tz: s.timezone ?? festival.meta.timezone }
    }
    const person = await this.#o.store.person(platform, user)
    if (person) return { lang: person.lang, tz: person.timezone ?? festival.meta.timezone }
    for (const { settings } of await this.#o.bot.boundRooms(platform, festival.id)) {
      if (settings.lang) return { lang: settings.lang, tz: settings.timezone ?? festival.meta.timezone }
    }
    return { lang: 'en', tz: festival.meta.timezone }
  }

  async #tell(festival: Festival, d: Direct): Promise<void> {
    const where = await this.#reach(festival, d.to)
    if (!where) return
    const { lang, tz } = await this.#voiceOf(festival, d.to, where.platform, where.user)
    const reply: Reply = { tone: 'info', blocks: [{ type: 'text', text: d.text(lang, tz) }] }
    await where.adapter.sendDirect!(where.user, reply).catch((err) => this.#o.log.warn({ err, platform: where.platform }, 'could not send a programme notice'))
  }

  async #announce(festival: Festival, call: CallView, notices: CallNotice[], count: number, fromRoom: string | undefined, now: Instant): Promise<void> {
    for (const adapter of this.#o.adapters) {
      for (const { room, settings } of await this.#o.bot.boundRooms(adapter.platform, festival.id)) {
        if (settings.announce === false) continue
        const here = `${adapter.platform}\0${room}` === fromRoom
        const lang = settings.lang ?? 'en'
        const tz = settings.timezone ?? festival.meta.timezone
        const t = PROGRAMME_TEXT[lang]
        const until = call.until === null ? null : whenLong(call.until, null, tz, lang)
        const lines = notices
          .filter((n) => !(here && n !== 'reminder')) // the organiser got the reply in that room
          .map((n) => (n === 'opened' ? t.callOpen(until) : n === 'reminder' ? t.callReminder(Math.max(1, Math.round((call.until! - now) / HOUR)), until!) : t.callClosed(count)))
        if (lines.length === 0) continue
        const reply: Reply = { tone: 'info', blocks: lines.map((text) => ({ type: 'text' as const, text })) }
        await adapter.post(room, reply).catch((err) => this.#o.log.warn({ err, platform: adapter.platform, room }, 'could not announce the call for proposals'))
      }
    }
  }
}

/** When the rooms are reminded of `call`'s deadline (UTC ms); never for a call without one. */
function remindAt(call: CallView): Instant {
  return call.until === null ? Infinity : call.until - CALL_REMINDER_MS
}

/** `Sat 5 Jun 15:00 at Atelier`, as the rest of the automation writes it. */
function whenLong(start: Instant, venue: string | null, tz: string, lang: Lang): string {
  return venue === null ? `${formatDay(dayOf(start, tz), lang)} ${formatTime(start, tz)}` : whenWhere(start, venue, tz, lang)
}

/** The festival's state as a {@link ProgrammeRecord} (without the call). */
function recordOf(festival: Festival, view: ScheduleView, proposals: ReturnType<typeof programmeOf>['proposals']): ProgrammeRecord {
  const rec: ProgrammeRecord = { v: 1, proposals: {}, decisions: {}, waiting: {} }
  for (const p of [...proposals].sort((x, y) => (x.id < y.id ? -1 : 1))) {
    rec.proposals[p.id] = p.state === 'accepted' && p.acceptance ? `accepted ${p.acceptance.venue} ${p.acceptance.start} ${p.acceptance.end}` : p.state
  }
  const authors = new Map<string, AuthorKey>()
  for (const ev of view.events) {
    if (ev.waiting.length > 0) rec.waiting[ev.id] = [...ev.waiting]
    authors.set(ev.id, ev.author)
  }
  // Only the events with an application round (the round is its author's: `roundOf`).
  const namespaces = festival.namespaces()
  for (const ns of namespaces) {
    for (const [event, round] of ns.rounds) {
      if (authors.get(event) !== ns.author) continue
      for (const a of applicationsOf(namespaces, event, round)) if (a.decision !== 'pending') rec.decisions[`${event}/${a.applicant}`] = a.decision
    }
  }
  return rec
}

function applicationNews(before: ProgrammeRecord, current: ProgrammeRecord, view: ScheduleView): Direct[] {
  const out: Direct[] = []
  const byId = new Map(view.events.map((e) => [e.id as string, e]))
  for (const [key, decision] of Object.entries(current.decisions)) {
    if (before.decisions[key] === decision) continue
    const slash = key.indexOf('/')
    const ev = byId.get(key.slice(0, slash))
    if (!ev) continue
    const to = key.slice(slash + 1) as AuthorKey
    if (decision === 'accepted') {
      out.push({ to, text: (lang, tz) => PROGRAMME_TEXT[lang].appAccepted(ev.title, ev.start === null ? '—' : whenLong(ev.start, ev.venueName, tz, lang)) })
    } else if (decision === 'declined') out.push({ to, text: (lang) => PROGRAMME_TEXT[lang].appDeclined(ev.title) })
    else if (decision === 'waitlisted') out.push({ to, text: (lang) => PROGRAMME_TEXT[lang].appWaitlisted(ev.title) })
  }
  return out
}

/**
 * People who waited for an event still to come and are now going (not those whose application was
 * just accepted: they hear that).
 */
function promotionNews(before: ProgrammeRecord, current: ProgrammeRecord, view: ScheduleView, now: Instant): Direct[] {
  const out: Direct[] = []
  for (const ev of view.events) {
    const waited = before.waiting[ev.id]
    if (!waited || ev.status === 'cancelled' || (ev.start !== null && ev.start <= now)) continue
    const going = new Set(ev.going)
    for (const who of waited) {
      if (!going.has(who as AuthorKey)) continue
      if (current.decisions[`${ev.id}/${who}`] === 'accepted' && before.decisions[`${ev.id}/${who}`] !== 'accepted') continue
      out.push({ to: who as AuthorKey, text: (lang, tz) => PROGRAMME_TEXT[lang].promoted(ev.title, ev.start === null ? '—' : whenLong(ev.start, ev.venueName, tz, lang)) })
    }
  }
  return out
}
