/**
 * Communities, the mesh of city nodes: runs the intents of `intent-community.ts` (starting one, a
 * festival joining or leaving, a room following, the calendar across the mesh, members, the room's
 * switch of the mesh's announcements, festivals nearby). The membership rules are
 * `core/community.ts`; the announcements of new events in the other nodes are `commands/announce.ts`.
 *
 * @remarks
 * These run with or without a festival in the room: a room may follow a community it plans nothing
 * in. A join or leave is written by the speaker and only when they organise the festival; anything
 * else is refused with the reason, and nothing is written. A name that is not a community held here
 * is answered with the communities that are, never guessed.
 */
import { communitiesIn, communityMembers, findCommunity, isCommunity, meshEvents, setMembership } from '../core/community.ts'
import type { MeshEvent } from '../core/community.ts'
import type { Logger } from '../core/log.ts'
import type { Repo } from '../core/repo.ts'
import { addDays, dayOf, formatTime, offsetMinutes, startOfDay } from '../core/time.ts'
import type { FestivalId, FestivalMeta } from '../core/types.ts'
import type { Reply } from '../adapters/types.ts'
import type { Actor } from './context.ts'
import type { Lang } from './intent.ts'
import type { CommunityIntent } from './intent-community.ts'
import { COMMUNITY_TEXT } from './i18n-community.ts'
import type { CommunityText } from './i18n-community.ts'
import { describeEvent } from './format.ts'
import { matchName } from './resolve.ts'

/** What a room keeps about communities (part of the room's settings, `commands/bot.ts`). */
export interface RoomMesh {
  /** The communities this room follows, by id. */
  follows?: FestivalId[]
  /** Whether new events in the other nodes are announced here (default on). */
  meshAnnounce?: boolean
}

/** A festival a peer found on the LAN (mDNS) holds. */
export interface NearbyFestival {
  id: FestivalId
  name: string
  timezone: string
  /** A community's document rather than a festival. */
  community?: boolean
}

/** What the mesh commands need of the bot and of the peer. */
export interface CommunityContext {
  repo: Repo
  actor: Actor
  lang: Lang
  /** The zone replies are shown in: the room's, else its festival's. */
  tz: string
  /** The reference clock, UTC ms. */
  now: number
  /** The festival the room plans, if any. */
  festival?: FestivalMeta
  room: RoomMesh
  /** Saves a change of the room's settings. */
  saveRoom: (patch: RoomMesh) => Promise<void>
  /** Asks the peer to fetch festivals (members of a community followed or joined); absent: no peer. */
  fetch?: (ids: FestivalId[]) => void
  /** The join code of a document held here; absent: no peer. */
  share?: (id: FestivalId) => string
  /** The festivals peers on the LAN hold (mDNS); absent: no peer. */
  nearby?: () => Promise<NearbyFestival[]>
  log?: Logger
}

/** Most events a calendar reply lists; more are counted. */
export const MAX_LISTED = 30

const say = (text: string, tone: Reply['tone'] = 'ok'): Reply => ({ tone, blocks: [{ type: 'text', text }] })

/** Runs one {@link CommunityIntent}. Never throws for expected outcomes. */
export async function executeCommunity(intent: CommunityIntent, ctx: CommunityContext): Promise<Reply> {
  const t = COMMUNITY_TEXT[ctx.lang]
  switch (intent.type) {
    case 'new-community': {
      const found = findCommunity(ctx.repo, intent.name)
      if (found.kind !== 'none') {
        const c = found.kind === 'found' ? found.community : found.communities[0]!
        await follow(ctx, c.id)
        return say(t.exists(c.name), 'info')
      }
      const meta = await ctx.repo.createFestival({ name: intent.name, timezone: ctx.festival?.timezone ?? ctx.tz, creator: ctx.actor.signer.key, kind: 'community' })
      await follow(ctx, meta.id)
      return say(t.created(meta.name))
    }
    case 'community-membership': {
      const c = community(intent.community, ctx)
      if ('reply' in c) return c.reply
      let festival = ctx.festival
      if (intent.festival !== undefined) {
        const named = ctx.repo.findFestivals(intent.festival)
        const festivals = named.filter((f) => !isCommunity(f))
        if (festivals.length === 0 && named.length > 0) return say(t.isCommunity(named[0]!.name), 'refusal')
        if (festivals.length !== 1) return say(t.unknownFestival(intent.festival, festivalNames(ctx.repo)), 'refusal')
        festival = festivals[0]
      }
      if (!festival) return say(t.noFestival, 'refusal')
      if (isCommunity(festival)) return say(t.isCommunity(festival.name), 'refusal')
      const done = await setMembership(ctx.repo, { community: c.community.id, festival: festival.id, signer: ctx.actor.signer, join: intent.join, now: ctx.now })
      if (!done.ok) {
        if (done.reason === 'not-organiser') {
          ctx.log?.info({ community: c.community.id, festival: festival.id, author: ctx.actor.signer.key }, 'community: refused a join or leave by someone who does not organise the festival')
          return say(t.notOrganiser(festival.name, c.community.name, intent.join), 'refusal')
        }
        if (done.reason === 'unchanged') return say(intent.join ? t.alreadyMember(festival.name, c.community.name) : t.notMember(festival.name, c.community.name), 'info')
        return say(t.isCommunity(festival.name), 'refusal')
      }
      if (!intent.join) return say(t.left(festival.name, c.community.name))
      if (ctx.festival?.id === festival.id) await follow(ctx, c.community.id)
      const m = await communityMembers(ctx.repo, c.community.id)
      return say(t.joined(festival.name, c.community.name, m.members.map((x) => x.name)))
    }
    case 'follow-community': {
      const c = community(intent.community, ctx)
      if ('reply' in c) return c.reply
      const follows = ctx.room.follows ?? []
      const has = follows.includes(c.community.id)
      if (intent.follow) {
        if (has) return say(t.alreadyFollowed(c.community.name), 'info')
        await follow(ctx, c.community.id)
        return say(t.followed(c.community.name))
      }
      if (!has) return say(t.notFollowed(c.community.name), 'info')
      await ctx.saveRoom({ follows: follows.filter((id) => id !== c.community.id) })
      return say(t.unfollowed(c.community.name))
    }
    case 'mesh-query': {
      const c = intent.community !== undefined ? community(intent.community, ctx) : await roomCommunity(ctx)
      if ('reply' in c) return c.reply
      const range = spanOf(intent.span, ctx.now, ctx.tz)
      const { events, membership } = await meshEvents(ctx.repo, c.community.id, { now: ctx.now, ...range })
      const blocks: Reply['blocks'] = []
      if (events.length === 0) blocks.push({ type: 'text', text: t.nothing(c.community.name, intent.span, membership.members.map((m) => m.name)) })
      else {
        blocks.push({
          type: 'list',
          heading: t.heading(c.community.name, intent.span, membership.members.length),
          items: events.slice(0, MAX_LISTED).map((e) => `${describeEvent(e.event, ctx.tz, ctx.lang)} — ${nodeNames(e, ctx, t)}`),
        })
        if (events.length > MAX_LISTED) blocks.push({ type: 'text', text: t.more(events.length - MAX_LISTED) })
      }
      if (membership.pending.length) blocks.push({ type: 'text', text: t.pending(membership.pending.map((p) => p.name)) })
      return { tone: 'info', blocks }
    }
    case 'community-members': {
      const c = intent.community !== undefined ? community(intent.community, ctx) : await roomCommunity(ctx)
      if ('reply' in c) return c.reply
      const m = await communityMembers(ctx.repo, c.community.id)
      if (m.members.length === 0 && m.pending.length === 0) return say(t.noMembers(c.community.name), 'info')
      const blocks: Reply['blocks'] = []
      if (m.members.length) blocks.push({ type: 'list', heading: t.members(c.community.name), items: m.members.map((x) => `${x.name}${x.timezone ? ` (${x.timezone})` : ''}`) })
      if (m.pending.length) blocks.push({ type: 'text', text: t.pending(m.pending.map((p) => p.name)) })
      return { tone: 'info', blocks }
    }
    case 'communities': {
      const all = communitiesIn(ctx.repo)
      if (all.length === 0) return say(t.noCommunities, 'info')
      const follows = new Set(ctx.room.follows ?? [])
      return { tone: 'info', blocks: [{ type: 'list', heading: t.communities, items: all.map((c) => `${c.name}${follows.has(c.id) ? ' ←' : ''}`) }] }
    }
    case 'mesh-announce': {
      await ctx.saveRoom({ meshAnnounce: intent.on })
      return say(intent.on ? t.announceOn : t.announceOff)
    }
    case 'meta-event':
      return metaEvent(intent, ctx)
    case 'share-community': {
      const c = community(intent.community, ctx)
      if ('reply' in c) return c.reply
      if (!ctx.share) return say(t.noNetwork, 'refusal')
      return { tone: 'info', blocks: [{ type: 'text', text: t.shareCode(c.community.name) }, { type: 'text', text: ctx.share(c.community.id) }] }
    }
    case 'nearby': {
      if (!ctx.nearby) return say(t.noNetwork, 'refusal')
      const found = await ctx.nearby()
      if (found.length === 0) return say(t.noneNearby, 'info')
      return { tone: 'info', blocks: [{ type: 'list', heading: t.nearby, items: found.map((f) => `${f.name} (${f.timezone})${f.community ? ' ★' : ''}`) }] }
    }
  }
}

/**
 * Makes an event of the room's festival a meta event co-organised by other festivals (city nodes):
 * the author's own record gains `nodes` (one signed operation). Only the event's author writes it
 * (the namespace rule); the festivals named must be held here and not be the room's own.
 */
async function metaEvent(intent: Extract<CommunityIntent, { type: 'meta-event' }>, ctx: CommunityContext): Promise<Reply> {
  const t = COMMUNITY_TEXT[ctx.lang]
  if (!ctx.festival) return say(t.noFestival, 'refusal')
  const nodes: FestivalMeta[] = []
  for (const typed of intent.festivals) {
    const found = ctx.repo.findFestivals(typed).filter((f) => !isCommunity(f))
    if (found.length !== 1) return say(t.unknownFestival(typed, festivalNames(ctx.repo)), 'refusal')
    if (found[0]!.id === ctx.festival.id) return say(t.ownNode(found[0]!.name), 'refusal')
    if (!nodes.some((n) => n.id === found[0]!.id)) nodes.push(found[0]!)
  }
  const festival = await ctx.repo.open(ctx.festival.id)
  const view = festival.view(ctx.now)
  const match = matchName(intent.event, view.events.filter((e) => !e.occurrence), (e) => [e.title])
  if (match.kind === 'none') return say(t.noSuchEvent(intent.event), 'refusal')
  if (match.kind === 'unsure') return say(t.whichEvent(intent.event, match.candidates.slice(0, 5).map((e) => e.title)), 'question')
  const ev = match.item
  if (ev.author !== ctx.actor.signer.key) return say(t.notAuthor(ev.title, ev.authorName), 'refusal')
  const stored = festival.namespace(ev.author).events.get(ev.id)
  if (!stored) return say(t.noSuchEvent(intent.event), 'refusal')
  await ctx.repo.commit(ctx.festival.id, ctx.actor.signer, (w) => w.setEvent(ev.id, { ...stored, nodes: nodes.map((n) => n.id), editedAt: ctx.now }))
  return say(t.metaEvent(ev.title, ctx.festival.name, nodes.map((n) => n.name)))
}

/** Adds a community to the room's follows (if missing) and asks the peer for its member festivals. */
async function follow(ctx: CommunityContext, id: FestivalId): Promise<void> {
  const follows = ctx.room.follows ?? []
  if (!follows.includes(id)) {
    ctx.room = { ...ctx.room, follows: [...follows, id] }
    await ctx.saveRoom({ follows: ctx.room.follows! })
  }
  if (ctx.fetch) {
    const m = await communityMembers(ctx.repo, id)
    const missing = m.pending.map((p) => p.id)
    if (missing.length) ctx.fetch(missing)
  }
}

/** The festival an event of the mesh lives in, with the nodes that co-organise it (a meta event). */
function nodeNames(e: MeshEvent, ctx: CommunityContext, t: CommunityText): string {
  const others = (e.event.nodes ?? []).map((id) => ctx.repo.festival(id)?.name ?? id.slice(0, 8))
  const names = others.length ? t.withNodes(e.festival.name, others) : e.festival.name
  // A node in another zone: its own local time too (the line's times are the room's).
  const zone = e.festival.timezone
  if (e.event.start === null || zone === ctx.tz || offsetMinutes(zone, e.event.start) === offsetMinutes(ctx.tz, e.event.start)) return names
  return `${names} (${t.localTime(formatTime(e.event.start, zone), zone)})`
}

function festivalNames(repo: Repo): string[] {
  return repo.festivals().filter((f) => !isCommunity(f)).map((f) => f.name).sort((a, b) => a.localeCompare(b))
}

/** A community by the name typed, or the reply naming those that exist. */
function community(typed: string, ctx: CommunityContext): { community: FestivalMeta } | { reply: Reply } {
  const t = COMMUNITY_TEXT[ctx.lang]
  const found = findCommunity(ctx.repo, typed)
  if (found.kind === 'found') return { community: found.community }
  if (found.kind === 'several') return { reply: say(t.several(typed, found.communities.map((c) => c.id)), 'question') }
  return { reply: say(t.unknown(typed, found.known), found.known.length ? 'question' : 'refusal') }
}

/**
 * The community a room means when it names none: the one it follows, else the one its festival is
 * a member of, else the only one held; otherwise the question naming them.
 */
async function roomCommunity(ctx: CommunityContext): Promise<{ community: FestivalMeta } | { reply: Reply }> {
  const all = communitiesIn(ctx.repo)
  const followed = all.filter((c) => ctx.room.follows?.includes(c.id))
  if (followed.length === 1) return { community: followed[0]! }
  if (followed.length === 0 && ctx.festival) {
    const of: FestivalMeta[] = []
    for (const c of all) if ((await communityMembers(ctx.repo, c.id)).members.some((m) => m.id === ctx.festival!.id)) of.push(c)
    if (of.length === 1) return { community: of[0]! }
  }
  if (followed.length === 0 && all.length === 1) return { community: all[0]! }
  return { reply: say(COMMUNITY_TEXT[ctx.lang].whichCommunity((followed.length ? followed : all).map((c) => c.name)), all.length ? 'question' : 'info') }
}

/**
 * The instants a span covers, from `now` (UTC ms): the rest of the calendar month in `tz`, the next
 * 7 days, the rest of today, or (no span) the next 31 days.
 */
export function spanOf(span: 'month' | 'week' | 'today' | undefined, now: number, tz: string): { from: number; to: number } {
  const day = dayOf(now, tz)
  if (span === 'today') return { from: now, to: startOfDay(addDays(day, 1), tz) }
  if (span === 'week') return { from: now, to: now + 7 * 86_400_000 }
  if (span === 'month') {
    const [y, m] = day.split('-').map(Number) as [number, number]
    const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`
    return { from: now, to: startOfDay(next, tz) }
  }
  return { from: now, to: now + 31 * 86_400_000 }
}
