/**
 * The bot: what every chat adapter hands its messages to.
 *
 * @remarks
 * One message in, one reply out. Per message: room settings (which festival the room plans, its
 * language and zone), the speaker's author key (derived from the device key and their platform id,
 * DESIGN.md "Identities"), parse, execute, reply. This is the only catch-all in yurt: an unexpected
 * error is logged and the person gets a short answer saying nothing was changed; the bot carries on.
 */
import { deriveChatSeed, signerFromSeed } from '../core/identity.ts'
import type { Signer } from '../core/identity.ts'
import { open as openBox } from '../core/seal.ts'
import type { Repo } from '../core/repo.ts'
import { logger } from '../core/log.ts'
import type { Logger } from '../core/log.ts'
import { isValidTimeZone, systemTimeZone } from '../core/time.ts'
import type { AuthorKey, FestivalId, FestivalMeta, ScheduleView } from '../core/types.ts'
import type { IncomingMessage, IncomingReaction, MessageHandler, Reply } from '../adapters/types.ts'
import { LANGS } from './intent.ts'
import type { Intent, KnownNames, Lang, ParseContext } from './intent.ts'
import { parse } from './parse/index.ts'
import { knownNamesOf } from './known-names.ts'
import { execute } from './execute.ts'

export { knownNamesOf } from './known-names.ts'
import { reactionVote } from './proposals.ts'
import type { Actor, ExecContext } from './context.ts'
import { MESSAGES, SERIES_MESSAGES } from './i18n.ts'
import { isoDay, LimitError, type LimitProblem } from '../core/limits.ts'
import { READING } from './i18n-reading.ts'
import { UndoJournal } from './undo.ts'
import { diskProblemOf } from '../core/oplog.ts'
import type { KeyValueLike } from './undo.ts'
import { readRoomCommand } from './room.ts'
import { ROOM_TEXT } from './room-text.ts'
import { type Pending, readAnswer } from './conversation.ts'
import { BoundedMap } from '../core/bounded-map.ts'
import { calendarReply, myCalendarReply, readFeedCommand } from './feeds.ts'
import type { FeedHooks } from './feeds.ts'
import { executeCommunity } from './community.ts'
import { COMMUNITY_TEXT } from './i18n-community.ts'
import type { NearbyFestival, RoomMesh } from './community.ts'
import { isCommunityIntent } from './intent-community.ts'
import { isCommunity } from '../core/community.ts'
import { festivalNameFor, nothingPlannedYet, roomNameOf, startedLine, startsFestival } from './first-festival.ts'

/** A room's settings, kept in the data directory (with the communities it follows, `commands/community.ts`). */
export interface RoomSettings extends RoomMesh {
  festival?: FestivalId
  lang?: Lang
  timezone?: string
  /** Announce changes made elsewhere (default on). */
  announce?: boolean
}

/** What the bot needs of the peer for `share` and `join <code>` (bin/network.ts provides it). */
export interface NetworkHooks {
  /** The join code of a festival held here. */
  share(festival: FestivalId): string
  /** Follows the festival of a join code and fetches it; `reached` says whether a peer answered. */
  join(code: string): Promise<{ festival: FestivalMeta; reached: boolean }>
  /** The addresses of the festival's page (phones open it), when this process serves it. */
  pageUrls?(festival: FestivalId): string[]
  /** Fetches festivals known by id only (the members a community lists) from the peers that hold them. */
  fetch?(festivals: FestivalId[]): void
  /** The festivals held by peers found on the LAN (mDNS). */
  nearby?(): Promise<NearbyFestival[]>
}

export interface BotOptions {
  repo: Repo
  /** The device's Ed25519 seed: chat users' keys are derived from it. */
  deviceSeed: Uint8Array
  /** Where room settings and undo stacks live. */
  kv: KeyValueLike
  /** The reference clock, UTC ms (pinned by `--now`). */
  now?: () => number
  /** Language of rooms that set none. */
  defaultLang?: Lang
  /** Zone for festivals created from chat without one. */
  defaultTimezone?: string
  log?: Logger
  /** The peer, when this process runs one. */
  network?: NetworkHooks
  /** The feed links ("calendar", "my calendar"), when this process serves them. */
  feeds?: FeedHooks
}

/** 🙋 and its variants (Rocket.Chat's shortcodes too): "I'm in for the rounds". */
const RAISED_HAND = /^(?:🙋|🙋‍♀️|🙋‍♂️|🙋🏻|🙋🏼|🙋🏽|🙋🏾|🙋🏿|🙋\u200d♀|🙋\u200d♂|:raising_hand(?:_(?:woman|man))?(?:_tone[1-5])?:|:raising_hand_(?:woman|man):)$/u

/** How long a question waits for its answer (ms). */
const CHOICE_TTL_MS = 10 * 60_000
/** How long "it" and "there" keep meaning the event last answered about (ms). */
const LAST_TTL_MS = 2 * 3_600_000
/** People whose conversation state (pending question, last event) is kept; the oldest are forgotten. */
const PEOPLE_KEPT = 10_000

/** Sentences {@link Bot.warmUp} reads: an add, a question, an RSVP and a move in each language. */
const WARM_UP: readonly (readonly [Lang, string])[] = [
  ['en', 'add workshop Saturday 3pm at Ground Control'],
  ['en', "what's on tonight?"],
  ['en', "I'm going to Mesh routing"],
  ['en', 'move Mesh routing to 16:00'],
  ['fr', 'ajoute un atelier samedi à 15h à Ground Control'],
  ['fr', 'je viens au concert de samedi'],
  ['de', 'verschieb den Workshop auf 16 Uhr'],
  ['de', 'was läuft heute abend?'],
]

/** Every example the help gives, in each language: what {@link Bot.warmUp} reads for `'help'`. */
function helpExamples(): (readonly [Lang, string])[] {
  const out: (readonly [Lang, string])[] = []
  for (const lang of ['en', 'fr', 'de'] as const) {
    for (const line of [...MESSAGES[lang].help, SERIES_MESSAGES[lang].help]) {
      // The last line of each help names the other languages in quotes: not a sentence.
      if (/[«„]/.test(line)) continue
      for (const text of line.split(' · ')) out.push([lang, text])
    }
  }
  return out
}

export class Bot implements MessageHandler {
  readonly repo: Repo
  readonly #seed: Uint8Array
  readonly #kv: KeyValueLike
  readonly #now: () => number
  readonly #defaultLang: Lang
  readonly #defaultTz: string
  readonly #log: Logger
  readonly #signers = new BoundedMap<string, Signer>(PEOPLE_KEPT)
  readonly #pending = new BoundedMap<string, Pending>(PEOPLE_KEPT)
  /** Room settings by `room/<platform>/<room>`, as stored (bounded: a bot in thousands of rooms reads the rest again). */
  readonly #rooms = new BoundedMap<string, RoomSettings>(PEOPLE_KEPT)
  /** {@link KnownNames} by view: a view lives until the next change of its festival. */
  readonly #namesOfView = new WeakMap<ScheduleView, KnownNames>()
  /** The event the bot last answered about, per person and room: what "it" and "there" mean. */
  readonly #last = new BoundedMap<string, { id: string; at: number }>(PEOPLE_KEPT)
  /** The room each author last spoke from (`platform\0room`), noted before anything they say is run. */
  readonly #lastRoom = new BoundedMap<AuthorKey, string>(PEOPLE_KEPT)
  readonly undo: UndoJournal
  network: NetworkHooks | undefined
  /**
   * Set while the peer and the page are starting (`yurt start` opens its rooms first): "share",
   * "join" and the calendar answers wait for it, so that none says the network is off meanwhile.
   */
  networkStarting: Promise<void> | null = null
  /** The feed links; absent: "calendar" says feeds are off. */
  feeds: FeedHooks | undefined
  /** Festivals being started for a room (`platform\0room`), so that two first changes at once start one. */
  readonly #starting = new Map<string, Promise<FestivalMeta>>()

  constructor(options: BotOptions) {
    this.repo = options.repo
    this.#seed = options.deviceSeed
    this.#kv = options.kv
    this.#now = options.now ?? Date.now
    this.#defaultLang = options.defaultLang ?? 'en'
    this.#defaultTz = options.defaultTimezone ?? systemTimeZone()
    this.#log = options.log ?? logger('commands:bot')
    this.undo = new UndoJournal(options.kv)
    this.network = options.network
    this.feeds = options.feeds
  }

  /**
   * Reads typical sentences in each language, storing nothing, so that the first person to write
   * does not wait while the grammars and chrono-node's parsers are built (60–80 ms cold, and 10–30 ms
   * for each rule or language met for the first time).
   *
   * @param which `'common'` (default): an add, a question, an RSVP and a move per language, the
   * sentences most people write first; `'help'`: every example of the help in the three languages
   * (75 sentences, about 300 ms of CPU cold), which reaches the rules the common ones do not.
   * One sentence per turn of the event loop: `yurt chat` and `yurt start` call it once their rooms
   * are listening (`'help'` once the network has started), and a message that arrives meanwhile
   * waits for one sentence, not for all.
   */
  async warmUp(which: 'common' | 'help' = 'common'): Promise<void> {
    const known: KnownNames = { venues: [{ name: 'Ground Control', aliases: [] }], resources: ['projector'], people: ['Alice'], events: [{ title: 'Mesh routing', kind: 'talk' }, { title: 'Intro to IPFS', kind: 'workshop' }] }
    const ctx = { now: this.#now(), timezone: this.#defaultTz, known }
    for (const [lang, text] of which === 'common' ? WARM_UP : helpExamples()) {
      parse(text, { ...ctx, lang })
      await new Promise((resolve) => setImmediate(resolve))
    }
  }

  /** The author key the bot writes with for a platform user. */
  signerFor(platform: string, user: string): Signer {
    const id = `${platform}\0${user}`
    let signer = this.#signers.get(id)
    if (!signer) {
      signer = signerFromSeed(deriveChatSeed(this.#seed, platform, user))
      this.#signers.set(id, signer)
    }
    return signer
  }

  /**
   * This bot's meetings key (`commands/meetings.ts`), derived from the device seed like a chat user's
   * under the platform name `yurt`, which no chat adapter uses.
   */
  matcherSigner(): Signer {
    return this.signerFor('yurt', 'matcher')
  }

  /**
   * Opens a box sealed to a chat user of this bot (`core/seal.ts`), with the key derived for them,
   * which never leaves the bot. `null` when the box is not sealed to them, damaged, or `aad` differs.
   */
  openSealedFor(platform: string, user: string, box: Uint8Array, aad: Uint8Array): string | null {
    return openBox(box, deriveChatSeed(this.#seed, platform, user), aad)
  }

  /**
   * A room's settings. Read from the key-value store once, then kept in memory (only this bot writes
   * them, through {@link setRoomSettings}); do not mutate the object returned.
   */
  async roomSettings(platform: string, room: string): Promise<RoomSettings> {
    const key = `room/${platform}/${room}`
    const known = this.#rooms.get(key)
    if (known) return known
    const stored = await this.#kv.get(key)
    const settings = (stored && typeof stored === 'object' ? stored : {}) as RoomSettings
    this.#rooms.set(key, settings)
    return settings
  }

  async setRoomSettings(platform: string, room: string, patch: RoomSettings): Promise<RoomSettings> {
    const next = { ...(await this.roomSettings(platform, room)), ...patch }
    await this.#kv.put(`room/${platform}/${room}`, next)
    this.#rooms.set(`room/${platform}/${room}`, next)
    const index = await this.#roomIndex(platform)
    if (!index.includes(room)) {
      index.push(room)
      await this.#kv.put(`rooms/${platform}`, index)
    }
    return next
  }

  async #roomIndex(platform: string): Promise<string[]> {
    const stored = await this.#kv.get(`rooms/${platform}`)
    return Array.isArray(stored) ? (stored as string[]) : []
  }

  /** The rooms of a platform that plan a festival, with their settings (announcements, automation). */
  async boundRooms(platform: string, festival: FestivalId): Promise<Array<{ room: string; settings: RoomSettings }>> {
    const out = []
    for (const room of await this.#roomIndex(platform)) {
      const settings = await this.roomSettings(platform, room)
      if (settings.festival === festival) out.push({ room, settings })
    }
    return out
  }

  /** The rooms of a platform that follow a community (`commands/community.ts`), with their settings. */
  async followingRooms(platform: string, community: FestivalId): Promise<Array<{ room: string; settings: RoomSettings }>> {
    const out = []
    for (const room of await this.#roomIndex(platform)) {
      const settings = await this.roomSettings(platform, room)
      if (settings.follows?.includes(community)) out.push({ room, settings })
    }
    return out
  }

  /** Handles one addressed message. Never throws. */
  async onMessage(message: IncomingMessage): Promise<Reply | null> {
    this.#noteRoom(message)
    let lang: Lang = this.#defaultLang
    try {
      const settings = await this.roomSettings(message.platform, message.room)
      lang = settings.lang ?? this.#defaultLang
      return await this.#handle(message, settings, lang)
    } catch (err) {
      if (err instanceof LimitError) return { tone: 'refusal', blocks: [{ type: 'text', text: limitReply(err.problem, lang) }] }
      // A change whose operation reached the log is acknowledged by the repo (core/repo.ts), so a store
      // error here means nothing was stored.
      const disk = diskProblemOf(err)
      if (disk) {
        this.#log.error({ err, platform: message.platform, room: message.room }, 'store write failed')
        return { tone: 'error', blocks: [{ type: 'text', text: MESSAGES[lang].storeFailed(disk) }] }
      }
      this.#log.error({ err, platform: message.platform, room: message.room }, 'message failed')
      return { tone: 'error', blocks: [{ type: 'text', text: MESSAGES[lang].error }] }
    }
  }

  async #handle(message: IncomingMessage, settings: RoomSettings, roomLang: Lang): Promise<Reply | null> {
    const now = this.#now()
    const who = speakerKey(message)
    const festival = settings.festival ? this.repo.festival(settings.festival) : undefined
    const tz = settings.timezone ?? festival?.timezone ?? this.#defaultTz
    const last = this.#last.get(who)
    const ctx: ParseContext = { now, timezone: festival?.timezone ?? tz, lang: roomLang }
    if (last && last.at + LAST_TTL_MS > now) ctx.last = `#${last.id}`

    // The answer to the question asked just before: "2", "the second one", "yes", "3pm".
    const pending = this.#pending.get(who)
    if (pending && pending.expires > now) {
      const answer = readAnswer(message.text, pending, { ...ctx, lang: pending.lang })
      if (answer.kind === 'run') {
        this.#pending.delete(who)
        return this.#run(answer.intent, message, settings, pending.lang, now)
      }
      if (answer.kind === 'dismiss') {
        this.#pending.delete(who)
        return { tone: 'info', blocks: [{ type: 'text', text: READING[pending.lang].dismissed }] }
      }
    }

    const feed = readFeedCommand(message.text)
    if (feed) {
      const lang = feed.lang !== 'en' ? feed.lang : roomLang
      if (!festival) return { tone: 'info', blocks: [{ type: 'text', text: nothingPlannedYet(lang, this.repo.festivals()) }] }
      if (this.networkStarting) await this.networkStarting
      if (feed.type === 'calendar') return calendarReply(lang, festival, this.feeds?.base ?? null)
      const who = { platform: message.platform, user: message.user, author: this.signerFor(message.platform, message.user).key, direct: message.direct === true }
      return myCalendarReply(lang, festival, who, this.feeds)
    }

    const room = readRoomCommand(message.text)
    if (room) return this.#roomCommand(room, message, settings, roomLang)

    if (festival) ctx.known = await this.#knownNames(festival.id, now)
    ctx.mesh = this.#meshNames()
    const parsed = parse(message.text, ctx)
    if (parsed.type === 'no-parse') {
      return { tone: 'info', blocks: [{ type: 'text', text: parsed.hint }] }
    }
    if (parsed.type === 'ask') {
      if (parsed.intents?.length) {
        this.#pending.set(who, { choices: parsed.intents, labels: parsed.choices, ...(parsed.answers ? { answers: parsed.answers } : {}), lang: parsed.lang, expires: now + CHOICE_TTL_MS })
      } else this.#pending.delete(who)
      const items = parsed.intents?.length ? parsed.choices.map((c, i) => `${i + 1}. ${c}`) : parsed.choices
      return { tone: 'question', blocks: [{ type: 'text', text: parsed.question }, ...(items.length ? [{ type: 'list' as const, items }] : [])] }
    }
    const { lang, ...intent } = parsed
    if (isCommunityIntent(intent)) return this.#community(intent, message, settings, festival, lang, now)
    return this.#run(intent as Intent, message, settings, lang, now)
  }

  /** The names of the communities and festivals held, for the mesh's sentences (`rules-community.ts`). */
  #meshNames(): { communities: string[]; festivals: string[] } {
    const communities: string[] = []
    const festivals: string[] = []
    for (const f of this.repo.festivals()) (isCommunity(f) ? communities : festivals).push(f.name)
    return { communities, festivals }
  }

  /** Runs a community's intent (`commands/community.ts`), with or without a festival in the room. */
  async #community(intent: Parameters<typeof executeCommunity>[0], message: IncomingMessage, settings: RoomSettings, festival: FestivalMeta | undefined, lang: Lang, now: number): Promise<Reply> {
    if (this.networkStarting && (intent.type === 'nearby' || intent.type === 'share-community' || intent.type === 'follow-community' || intent.type === 'community-membership')) await this.networkStarting
    const network = this.network
    this.#pending.delete(speakerKey(message))
    return executeCommunity(intent, {
      repo: this.repo,
      actor: this.actorOf(message),
      lang,
      tz: settings.timezone ?? festival?.timezone ?? this.#defaultTz,
      now,
      ...(festival ? { festival } : {}),
      room: settings,
      saveRoom: async (patch) => {
        await this.setRoomSettings(message.platform, message.room, patch)
      },
      ...(network?.fetch ? { fetch: (ids: FestivalId[]) => network.fetch!(ids) } : {}),
      ...(network ? { share: (id: FestivalId) => network.share(id) } : {}),
      ...(network?.nearby ? { nearby: () => network.nearby!() } : {}),
      log: this.#log,
    })
  }

  /** The names the parser finds anywhere in a sentence, from the festival's current view. */
  async #knownNames(festival: FestivalId, now: number): Promise<KnownNames> {
    const view = (await this.repo.open(festival)).view(now)
    // The view is rebuilt only by a change, so the names are gathered once per change.
    let known = this.#namesOfView.get(view)
    if (!known) this.#namesOfView.set(view, (known = knownNamesOf(view)))
    return known
  }

  async #run(intent: Intent, message: IncomingMessage, settings: RoomSettings, lang: Lang, now: number): Promise<Reply> {
    let festival = settings.festival ? this.repo.festival(settings.festival) : undefined
    let started: FestivalMeta | undefined
    if (!festival) {
      // A room that plans no festival: its first change starts one; anything else is told how to begin.
      if (intent.type === 'help') return (await import('./queries.ts')).help({ lang })
      if (!startsFestival(intent)) return { tone: 'info', blocks: [{ type: 'text', text: nothingPlannedYet(lang, this.repo.festivals()) }] }
      festival = started = await this.#startFestival(message, settings)
      settings = { ...settings, festival: festival.id }
    }
    let result: Awaited<ReturnType<typeof execute>>
    try {
      result = await execute(intent, { ...this.#context(festival, settings, this.actorOf(message), lang, now), direct: message.direct === true, openSealed: (box, aad) => this.openSealedFor(message.platform, message.user, box, aad) })
    } catch (err) {
      // The writer refused a value over a limit (core/limits.ts): nothing of the change was stored.
      if (!(err instanceof LimitError)) throw err
      this.#pending.delete(speakerKey(message))
      result = { reply: { tone: 'refusal', blocks: [{ type: 'text', text: limitReply(err.problem, lang) }] } }
    }
    if (started) result.reply = { ...result.reply, blocks: [{ type: 'text', text: startedLine(started, lang) }, ...result.reply.blocks] }
    const who = speakerKey(message)
    if ((result.choices && result.choices.length > 0) || result.awaiting) {
      this.#pending.set(who, {
        choices: result.choices ?? [],
        labels: result.labels ?? [],
        ...(result.answers ? { answers: result.answers } : {}),
        ...(result.yesNo ? { yesNo: true } : {}),
        ...(result.awaiting ? { awaiting: result.awaiting } : {}),
        lang,
        expires: now + CHOICE_TTL_MS,
      })
    } else {
      this.#pending.delete(who)
    }
    if (result.reply.event) this.#last.set(who, { id: result.reply.event.id, at: now })
    return result.reply
  }

  /**
   * Starts the festival of a room that plans none and binds the room to it: named after the room
   * (see `first-festival.ts`), in the room's zone, else the bot's default (`YURT_TIMEZONE`, else
   * the machine's). Two first changes in one room at once start one festival.
   */
  async #startFestival(message: IncomingMessage, settings: RoomSettings): Promise<FestivalMeta> {
    const key = `${message.platform}\0${message.room}`
    let starting = this.#starting.get(key)
    if (!starting) {
      starting = (async () => {
        const name = festivalNameFor(await roomNameOf(message), this.repo.festivals())
        const creator = this.signerFor(message.platform, message.user).key
        const meta = await this.repo.createFestival({ name, timezone: settings.timezone ?? this.#defaultTz, creator })
        await this.bindRoom(message.platform, message.room, meta)
        this.#log.info({ platform: message.platform, room: message.room, festival: meta.id, name }, 'started a festival for a room that planned none')
        return meta
      })().finally(() => this.#starting.delete(key))
      this.#starting.set(key, starting)
    }
    return starting
  }

  /** What the executor needs to run one intent for `actor` in a room. */
  #context(festival: FestivalMeta, settings: RoomSettings, actor: Actor, lang: Lang, now: number): ExecContext {
    return { repo: this.repo, festival, actor, lang, tz: settings.timezone ?? festival.timezone, now, undo: this.undo, matcher: this.matcherSigner() }
  }

  /** The author a message speaks for. */
  actorOf(message: Pick<IncomingMessage, 'platform' | 'user' | 'userName'>): Actor {
    return {
      signer: this.signerFor(message.platform, message.user),
      name: (message.userName ?? message.user).slice(0, 100),
      handle: `${message.platform}:${message.user}`,
    }
  }

  /**
   * The room `author` last spoke from, as `platform\0room`: a change they make is announced
   * everywhere but there, where they already got a reply.
   */
  lastRoomOf(author: AuthorKey): string | undefined {
    return this.#lastRoom.get(author)
  }

  #noteRoom(from: { platform: string; room: string; user: string }): void {
    this.#lastRoom.set(this.signerFor(from.platform, from.user).key, `${from.platform}\0${from.room}`)
  }

  /**
   * 👍 on a message about one event means going; taking it back means not going. 🙋 on it means
   * "I'm in for the rounds" of that event (`commands/rounds.ts`); taking it back, "I'm out".
   */
  async onReaction(reaction: IncomingReaction): Promise<void> {
    this.#noteRoom(reaction)
    if (reaction.about && RAISED_HAND.test(reaction.key)) return this.#roundsReaction(reaction)
    if (!reaction.about || !/^(👍|👍️|\+1|:\+1:|👍🏻|👍🏼|👍🏽|👍🏾|👍🏿)$/u.test(reaction.key)) return
    try {
      const festival = this.repo.festival(reaction.about.festival as FestivalId)
      if (!festival) return
      const settings = await this.roomSettings(reaction.platform, reaction.room)
      const ctx = this.#context(festival, settings, this.actorOf(reaction), settings.lang ?? this.#defaultLang, this.#now())
      if (await reactionVote(ctx, reaction.about.id, reaction.added)) return
      await execute({ type: 'rsvp', event: `#${reaction.about.id}`, answer: reaction.added ? 'going' : 'not-going' }, ctx)
    } catch (err) {
      this.#log.error({ err, room: reaction.room }, 'reaction failed')
    }
  }

  async #roundsReaction(reaction: IncomingReaction): Promise<void> {
    try {
      const festival = this.repo.festival(reaction.about!.festival as FestivalId)
      if (!festival) return
      const settings = await this.roomSettings(reaction.platform, reaction.room)
      const ctx = this.#context(festival, settings, this.actorOf(reaction), settings.lang ?? this.#defaultLang, this.#now())
      await execute({ type: 'rounds-answer', event: `#${reaction.about!.id}`, join: reaction.added }, ctx)
    } catch (err) {
      this.#log.error({ err, room: reaction.room }, 'reaction failed')
    }
  }

  /** Binds a room to a festival (the terminal's `--festival`, `this room plans …`). */
  async bindRoom(platform: string, room: string, festival: FestivalMeta): Promise<void> {
    await this.setRoomSettings(platform, room, { festival: festival.id })
  }

  async #roomCommand(cmd: NonNullable<ReturnType<typeof readRoomCommand>>, message: IncomingMessage, settings: RoomSettings, lang: Lang): Promise<Reply> {
    const say = (text: string, tone: Reply['tone'] = 'ok'): Reply => ({ tone, blocks: [{ type: 'text', text }] })
    const t = ROOM_TEXT[cmd.lang ?? lang]
    switch (cmd.type) {
      case 'new-festival': {
        const tz = cmd.timezone ?? settings.timezone ?? this.#defaultTz
        if (!isValidTimeZone(tz)) return say(t.badZone(tz), 'refusal')
        const existing = this.repo.findFestivals(cmd.name).filter((f) => !isCommunity(f))[0]
        const creator = this.signerFor(message.platform, message.user).key
        const meta = existing ?? (await this.repo.createFestival({ name: cmd.name, timezone: tz, creator, ...(cmd.startDate ? { startDate: cmd.startDate } : {}), ...(cmd.endDate ? { endDate: cmd.endDate } : {}) }))
        await this.bindRoom(message.platform, message.room, meta)
        return say(existing ? t.bound(meta.name) : t.created(meta.name, meta.timezone))
      }
      case 'bind': {
        const meta = this.repo.findFestival(cmd.name)
        if (!meta) return say(t.noSuchFestival(cmd.name, this.repo.festivals().filter((f) => !isCommunity(f)).map((f) => f.name).join(', ')), 'refusal')
        // A community is followed, not planned (commands/community.ts).
        if (isCommunity(meta)) return say(COMMUNITY_TEXT[cmd.lang ?? lang].notPlanned(meta.name), 'refusal')
        await this.bindRoom(message.platform, message.room, meta)
        return say(t.bound(meta.name))
      }
      case 'language': {
        if (!LANGS.includes(cmd.value as Lang)) return say(t.badLang, 'refusal')
        await this.setRoomSettings(message.platform, message.room, { lang: cmd.value as Lang })
        return say(ROOM_TEXT[cmd.value as Lang].langSet)
      }
      case 'timezone': {
        if (!isValidTimeZone(cmd.value)) return say(t.badZone(cmd.value), 'refusal')
        await this.setRoomSettings(message.platform, message.room, { timezone: cmd.value })
        return say(t.zoneSet(cmd.value))
      }
      case 'announce': {
        await this.setRoomSettings(message.platform, message.room, { announce: cmd.on })
        return say(cmd.on ? t.announceOn : t.announceOff)
      }
      case 'share': {
        const festival = settings.festival ? this.repo.festival(settings.festival) : undefined
        if (!festival) return say(nothingPlannedYet(cmd.lang ?? lang, this.repo.festivals()), 'info')
        if (this.networkStarting) await this.networkStarting
        if (!this.network) return say(t.noNetwork, 'refusal')
        const pages = this.network.pageUrls?.(festival.id) ?? []
        return {
          tone: 'info',
          blocks: [
            { type: 'text', text: t.shareCode(festival.name) },
            { type: 'text', text: this.network.share(festival.id) },
            ...(pages.length ? [{ type: 'text' as const, text: t.sharePage(pages.join('  ')) }] : []),
          ],
          ...(pages.length ? { qr: { text: pages[0]!, alt: t.shareQr(festival.name) } } : {}),
        }
      }
      case 'join': {
        if (this.networkStarting) await this.networkStarting
        if (!this.network) return say(t.noNetwork, 'refusal')
        try {
          const { festival, reached } = await this.network.join(cmd.code)
          if (isCommunity(festival)) {
            // A community's code: the room follows it (its own festival stays); its members are fetched (bin/mesh.ts).
            const follows = settings.follows ?? []
            if (!follows.includes(festival.id)) await this.setRoomSettings(message.platform, message.room, { follows: [...follows, festival.id] })
            return say(COMMUNITY_TEXT[cmd.lang ?? lang].followed(festival.name))
          }
          await this.bindRoom(message.platform, message.room, festival)
          return say(reached ? t.joined(festival.name) : t.joinedOffline(festival.name))
        } catch (err) {
          if ((err as Error).name === 'InvalidJoinCodeError') return say(t.badCode((err as Error).message), 'refusal')
          throw err
        }
      }
      case 'festivals': {
        const all = this.repo.festivals().filter((f) => !isCommunity(f))
        if (all.length === 0) return say(t.noFestivals, 'info')
        return { tone: 'info', blocks: [{ type: 'list', heading: t.festivals, items: all.map((f) => `${f.name} (${f.timezone})${f.id === settings.festival ? ' ←' : ''}`) }] }
      }
    }
  }
}

/** The refusal of a write over a limit of `core/limits.ts`, in `lang`: nothing was stored. */
export function limitReply(p: LimitProblem, lang: Lang): string {
  const m = MESSAGES[lang]
  if (p.kind === 'length') return m.tooLong(p.field, p.length, p.max)
  if (p.kind === 'count') return m.tooMany(p.field, p.count, p.max)
  return m.dateTooFar(isoDay(p.at), isoDay(p.window.from), isoDay(p.window.to))
}

/** One person in one room: the key of their pending numbered choices. */
function speakerKey(m: Pick<IncomingMessage, 'platform' | 'room' | 'user'>): string {
  return `${m.platform}\0${m.room}\0${m.user}`
}

