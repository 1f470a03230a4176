/**
 * Runs the intents of the call for proposals (commands/proposal-intent.ts) for one person.
 *
 * @remarks
 * Who may do what follows core/programme.ts, read from every namespace: the festival's creator
 * names organisers; organisers open and close the call; anyone proposes while the call takes
 * proposals (`callTakes` at the speaker's clock); the proposer edits or withdraws; anyone votes,
 * once; only the host of a venue accepts a proposal there, into a free slot (the conflict rules of
 * `add`); organisers and venue hosts decline. A reply about one proposal carries
 * `reply.event = { festival, id: proposalId }`, so that 👍 on it is a vote ({@link reactionVote}).
 * Expected outcomes are replies, never throws (a write over a limit throws `LimitError`, which the
 * bot answers).
 */
import type { Namespace } from '../core/doc.ts'
import { newEntityId } from '../core/ids.ts'
import { callTakes, type CallView, type ProposalView } from '../core/programme.ts'
import { programmeOf } from '../core/programme-of.ts'
import { freeGaps, venueIsFree } from '../core/slots.ts'
import { addDays, dayOf, formatDay, formatTime, instantAt, MINUTE } from '../core/time.ts'
import type { AuthorKey, EntityId, ProposalData, ScheduleView, VenueView } from '../core/types.ts'
import type { NamespaceWriter } from '../core/doc.ts'
import type { Reply } from '../adapters/types.ts'
import type { ExecContext, ExecResult } from './context.ts'
import type { Intent } from './intent.ts'
import type { ProposalIntent } from './proposal-intent.ts'
import { PROPOSAL_TEXT } from './proposals-text.ts'
import { MESSAGES } from './i18n.ts'
import { capitalise, describeEvent, kindName, listNames } from './format.ts'
import { matchName } from './resolve.ts'
import { DEFAULT_DURATION, checkTime, currentView, findVenue, ok, question, refuse, venueTakenReply } from './execute.ts'

/** The programme's state at the context's clock: the view, every namespace, organisers, proposals. */
interface Programme {
  view: ScheduleView
  namespaces: readonly Namespace[]
  organisers: Set<AuthorKey>
  call: CallView | null
  proposals: ProposalView[]
  /** The speaker, whose name the platform gives before any profile of theirs is stored. */
  speaker: { key: AuthorKey; name: string }
}

/** A person's display name: the speaker's own as the platform gives it, else their profile's. */
const nameOf = (pg: Programme, key: AuthorKey) => (key === pg.speaker.key ? pg.speaker.name : (pg.view.names.get(key) ?? key.slice(0, 8)))

async function programme(ctx: ExecContext): Promise<Programme> {
  const pg = programmeOf(await ctx.repo.open(ctx.festival.id), ctx.now)
  return { ...pg, speaker: { key: ctx.actor.signer.key, name: ctx.actor.name } }
}

/** "Sat 16 Jan 23:59" in the room's zone. */
function when(at: number, ctx: ExecContext): string {
  return `${formatDay(dayOf(at, ctx.tz), ctx.lang)} ${formatTime(at, ctx.tz)}`
}

/** Commits as the actor, with their profile when it changed (no undo entry: these records are undone by their own commands). */
async function commit(ctx: ExecContext, fn: (w: NamespaceWriter) => void): Promise<void> {
  const ns = (await ctx.repo.open(ctx.festival.id)).namespace(ctx.actor.signer.key)
  const needsProfile = !ns.profile || ns.profile.name !== ctx.actor.name
  await ctx.repo.commit(ctx.festival.id, ctx.actor.signer, (w) => {
    if (needsProfile) w.setProfile({ name: ctx.actor.name, handle: ctx.actor.handle })
    fn(w)
  })
}

/** A reply about one proposal: 👍 on it is a vote. */
function about(text: string, id: EntityId, ctx: ExecContext): Reply {
  return { ...ok(text), event: { festival: ctx.festival.id, id } }
}

/** A title in the language's quotes: “…”, « … », „…“. */
function quoted(title: string, ctx: ExecContext): string {
  return ctx.lang === 'fr' ? `« ${title} »` : ctx.lang === 'de' ? `„${title}“` : `“${title}”`
}

/** “Mesh networks” (talk, 30 min) by Alice. */
function describe(p: ProposalView | (ProposalData & { author: AuthorKey }), pg: Programme, ctx: ExecContext): string {
  const extra = [p.language, p.wish].filter(Boolean).join(', ')
  return `${quoted(p.title, ctx)} (${kindName(p.kind, ctx.lang)}, ${p.minutes} min${extra ? `, ${extra}` : ''}) ${ctx.lang === 'fr' ? 'par' : ctx.lang === 'de' ? 'von' : 'by'} ${nameOf(pg, p.author)}`
}

/** Runs one intent of the call for proposals. */
export async function executeProposal(intent: ProposalIntent, ctx: ExecContext): Promise<ExecResult> {
  const t = PROPOSAL_TEXT[ctx.lang]
  const pg = await programme(ctx)
  const me = ctx.actor.signer.key
  const names = (keys: Iterable<AuthorKey>) => listNames([...keys].map((k) => nameOf(pg, k)).sort(), ctx.lang)
  const say = (text: string) => ({ reply: ok(text) })
  const no = (text: string) => ({ reply: refuse(text) })
  switch (intent.type) {
    case 'organisers': {
      const creator = ctx.festival.creator
      if (!creator) return { reply: { tone: 'info', blocks: [{ type: 'text', text: t.organisedByHosts(names(pg.organisers)) }] } }
      return { reply: { tone: 'info', blocks: [{ type: 'text', text: t.organisedBy(nameOf(pg, creator), names([...pg.organisers].filter((k) => k !== creator))) }] } }
    }
    case 'name-organiser': {
      const creator = ctx.festival.creator
      if (!creator) return no(t.noCreator(names(pg.organisers)))
      if (creator !== me) return no(t.onlyCreator(nameOf(pg, creator)))
      const people = [...pg.view.names].map(([key, name]) => ({ key, name }))
      const match = matchName(intent.person, people, (p) => [p.name])
      if (match.kind === 'unsure') return { reply: question(MESSAGES[ctx.lang].whichOne(intent.person)), choices: match.candidates.map((c) => ({ ...intent, person: c.name })), labels: match.candidates.map((c) => c.name) }
      if (match.kind === 'none' || match.score < 0.9) return no(t.unknownPerson(capitalise(intent.person), listNames(people.map((p) => p.name).slice(0, 8), ctx.lang)))
      const who = match.item
      if (pg.organisers.has(who.key)) return say(t.alreadyOrganiser(who.name))
      await commit(ctx, (w) => w.setOrganiser(who.key, true))
      return say(t.organiserNamed(who.name, names([...pg.organisers, who.key])))
    }
    case 'open-call':
    case 'close-call': {
      if (!pg.organisers.has(me)) return no(t.onlyOrganisers(names(pg.organisers)))
      if (intent.type === 'open-call' && intent.until !== undefined && intent.until <= ctx.now) return no(t.deadlinePast(when(intent.until, ctx)))
      const until = intent.type === 'open-call' ? (intent.until ?? null) : (pg.call?.until ?? null)
      await commit(ctx, (w) => w.setCall({ open: intent.type === 'open-call', until, at: ctx.now }))
      return say(intent.type === 'open-call' ? t.callOpen(until === null ? null : `${when(until, ctx)} (${ctx.tz})`) : t.callClosedNow)
    }
    case 'call-status':
      return { reply: { tone: 'info', blocks: [{ type: 'text', text: callState(pg.call, ctx) }] } }
    case 'propose': {
      if (!callTakes(pg.call, ctx.now)) return no(pg.call ? callState(pg.call, ctx) : t.noCall)
      const minutes = intent.minutes ?? DEFAULT_DURATION[intent.kind] / MINUTE
      if (minutes < 5 || minutes > 1440) return no(t.badLength)
      const mine = pg.proposals.find((p) => p.author === me && p.state !== 'withdrawn' && p.title.toLowerCase() === intent.title.toLowerCase())
      if (mine) return { reply: refuse(t.alreadyProposed(mine.title)) }
      const id = newEntityId(me)
      const data: ProposalData = { title: intent.title, kind: intent.kind, minutes, at: ctx.now }
      if (intent.pitch) data.pitch = intent.pitch
      if (intent.language) data.language = intent.language
      if (intent.wish) data.wish = intent.wish
      await commit(ctx, (w) => w.setProposal(id, data))
      return { reply: about(t.proposed(describe({ ...data, author: me }, pg, ctx), intent.minutes === undefined), id, ctx) }
    }
    case 'proposals':
      return { reply: listReply(pg, ctx) }
    case 'edit-proposal':
    case 'withdraw-proposal': {
      const found = findProposal(pg, intent.proposal, ctx, intent, true)
      if ('result' in found) return found.result
      const p = found.item
      if (p.author !== me) return no(t.notYours(p.title, nameOf(pg, p.author)))
      if (p.state === 'accepted' && intent.type === 'edit-proposal' && (intent.minutes !== undefined)) return no(t.editAccepted(p.title))
      const before = pg.namespaces.find((ns) => ns.author === me)!.proposals.get(p.id)!
      const next: ProposalData = { ...before }
      if (intent.type === 'withdraw-proposal') next.withdrawn = true
      else {
        if (intent.minutes !== undefined) {
          if (intent.minutes < 5 || intent.minutes > 1440) return no(t.badLength)
          next.minutes = intent.minutes
        }
        if (intent.title) next.title = intent.title
        if (intent.pitch) next.pitch = intent.pitch
      }
      await commit(ctx, (w) => w.setProposal(p.id, next))
      if (intent.type === 'withdraw-proposal') return say(t.withdrew(p.title))
      return { reply: about(t.edited(describe({ ...next, author: me }, pg, ctx)), p.id, ctx) }
    }
    case 'vote': {
      const found = findProposal(pg, intent.proposal, ctx, intent, false)
      if ('result' in found) return found.result
      return { reply: await vote(found.item, intent.vote, ctx) }
    }
    case 'accept-proposal':
      return acceptProposal(intent, pg, ctx)
    case 'decline-proposal': {
      const hosts = new Set(pg.view.venues.map((v) => v.host))
      if (!pg.organisers.has(me) && !hosts.has(me)) return no(t.mayNotDecline(names(pg.organisers)))
      const found = findProposal(pg, intent.proposal, ctx, intent, false)
      if ('result' in found) return found.result
      const p = found.item
      await commit(ctx, (w) => w.setDecline(p.id, { at: ctx.now, ...(intent.reason ? { reason: intent.reason } : {}) }))
      return { reply: about(t.declined(p.title, intent.reason), p.id, ctx) }
    }
    case 'plan-proposals':
      return planProposals(intent, pg, ctx)
    case 'accept-plan':
      return acceptPlan(intent, ctx)
  }
}

/** Whether the call is open, until when, or closed. */
function callState(call: CallView | null, ctx: ExecContext): string {
  const t = PROPOSAL_TEXT[ctx.lang]
  if (!call) return t.callNone
  if (!call.open) return t.callClosed
  if (call.until !== null && call.until < ctx.now) return t.callEnded(`${when(call.until, ctx)} (${ctx.tz})`)
  return t.callOpen(call.until === null ? null : `${when(call.until, ctx)} (${ctx.tz})`)
}

/** The ranked list with votes and states. */
function listReply(pg: Programme, ctx: ExecContext): Reply {
  const t = PROPOSAL_TEXT[ctx.lang]
  const shown = pg.proposals.filter((p) => p.state !== 'withdrawn')
  if (shown.length === 0) return { tone: 'info', blocks: [{ type: 'text', text: shown.length === 0 && pg.call === null ? `${t.noProposals} ${t.callNone}` : t.noProposals }] }
  const venue = (id: EntityId) => pg.view.venues.find((v) => v.id === id)?.name ?? '?'
  const items = shown.map((p, i) => {
    let s = `${i + 1}. ${describe(p, pg, ctx)} — ${t.votes(p.votes.length)}`
    if (p.state === 'accepted' && p.acceptance) s += ` — ${t.acceptedAt(`${when(p.acceptance.start, ctx)}–${formatTime(p.acceptance.end, ctx.tz)} ${venue(p.acceptance.venue)}`)}`
    else if (p.state === 'declined') s += ` — ${t.declinedState(p.decline?.reason)}`
    else if (p.late) s += ` — ${t.late}`
    return s
  })
  return { tone: 'info', blocks: [{ type: 'text', text: callState(pg.call, ctx) }, { type: 'list', heading: t.proposalsHeading, items }] }
}

/**
 * The proposal a person names (`#<id>` exactly): own proposals first when `own`, withdrawn ones left
 * out. Several close names become a numbered question re-running `intent` with the id.
 */
function findProposal(pg: Programme, typed: string, ctx: ExecContext, intent: Extract<ProposalIntent, { proposal: string }>, own: boolean): { item: ProposalView } | { result: ExecResult } {
  const t = PROPOSAL_TEXT[ctx.lang]
  const live = pg.proposals.filter((p) => p.state !== 'withdrawn')
  if (typed.startsWith('#')) {
    const p = live.find((x) => x.id === typed.slice(1))
    if (p) return { item: p }
  }
  const mine = live.filter((p) => p.author === ctx.actor.signer.key)
  if (own) {
    const m = matchName(typed, mine, (p) => [p.title])
    if (m.kind === 'sure') return { item: m.item }
  }
  const m = matchName(typed, live, (p) => [p.title])
  if (m.kind === 'sure') return { item: m.item }
  if (m.kind === 'unsure') {
    return {
      result: {
        reply: { tone: 'question', blocks: [{ type: 'text', text: t.whichProposal(typed) }, { type: 'list', items: m.candidates.map((p, i) => `${i + 1}. ${describe(p, pg, ctx)}`) }] },
        choices: m.candidates.map((p) => ({ ...intent, proposal: `#${p.id}` }) as Intent),
        labels: m.candidates.map((p) => p.title),
      },
    }
  }
  return { result: { reply: refuse(t.unknownProposal(typed, listNames(live.slice(0, 6).map((p) => quoted(p.title, ctx)), ctx.lang))) } }
}

async function vote(p: ProposalView, yes: boolean, ctx: ExecContext): Promise<Reply> {
  const t = PROPOSAL_TEXT[ctx.lang]
  const me = ctx.actor.signer.key
  const has = p.votes.includes(me)
  if (yes && has) return about(t.alreadyVoted(p.title, p.votes.length), p.id, ctx)
  if (!yes && !has) return { ...refuse(t.notVoted(p.title)), event: { festival: ctx.festival.id, id: p.id } }
  await commit(ctx, (w) => w.setVote(p.id, yes))
  const n = p.votes.length + (yes ? 1 : -1)
  return about(yes ? t.voted(p.title, n) : t.unvoted(p.title, n), p.id, ctx)
}

/**
 * 👍 on the bot's message about a proposal: a vote (taking the 👍 back takes the vote back).
 * Returns `false` when `id` is no proposal, or one accepted into the programme (an event: the
 * reaction is an RSVP then).
 */
export async function reactionVote(ctx: ExecContext, id: string, added: boolean): Promise<boolean> {
  const pg = await programme(ctx)
  const p = pg.proposals.find((x) => x.id === id)
  if (!p || p.state === 'accepted') return false
  if (p.state === 'withdrawn') return true
  if (p.votes.includes(ctx.actor.signer.key) !== added) await commit(ctx, (w) => w.setVote(p.id, added))
  return true
}

/** The venue typed, when the speaker hosts it; else the reply (which venue, or the refusal naming its host). */
function hostedVenue(typed: string, pg: Programme, ctx: ExecContext): { venue: VenueView } | { result: ExecResult } {
  const fv = findVenue(pg.view, typed, ctx)
  if ('result' in fv) return fv
  const notHost = hostCheck(fv.item, pg, ctx)
  return notHost ? { result: { reply: notHost } } : { venue: fv.item }
}

/** The venue's host check, with the refusal naming the host. */
function hostCheck(venue: VenueView, pg: Programme, ctx: ExecContext): Reply | null {
  if (venue.host === ctx.actor.signer.key) return null
  return refuse(PROPOSAL_TEXT[ctx.lang].notHost(venue.name, nameOf(pg, venue.host)))
}

async function acceptProposal(intent: Extract<ProposalIntent, { type: 'accept-proposal' }>, pg: Programme, ctx: ExecContext): Promise<ExecResult> {
  const t = PROPOSAL_TEXT[ctx.lang]
  const hosted = hostedVenue(intent.venue, pg, ctx)
  if ('result' in hosted) return hosted.result
  const venue = hosted.venue
  const found = findProposal(pg, intent.proposal, ctx, intent, false)
  if ('result' in found) return found.result
  const p = found.item
  if (p.state === 'accepted') {
    const ev = pg.view.events.find((e) => e.id === p.id)
    return { reply: about(t.alreadyAccepted(ev ? describeEvent(ev, ctx.tz, ctx.lang) : quoted(p.title, ctx)), p.id, ctx) }
  }
  if (p.late) return { reply: refuse(t.lateProposal(p.title)) }
  const tz = ctx.festival.timezone
  const start = intent.time.timeOnly && intent.time.clock ? instantAt(dayOf(ctx.now, tz), intent.time.clock, tz) : intent.time.start
  const span = { start, end: start + p.minutes * MINUTE }
  const bad = checkTime(span.start, span.end, ctx)
  if (bad) return { reply: bad }
  const free = venueIsFree(pg.view, venue, span)
  if (free !== true) return { reply: venueTakenReply(pg.view, venue, free, span, ctx) }
  await commit(ctx, (w) => w.setAcceptance(p.id, { venue: venue.id, start: span.start, end: span.end, at: ctx.now }))
  const ev = (await currentView(ctx)).events.find((e) => e.id === p.id)
  const said = ev ? describeEvent(ev, ctx.tz, ctx.lang) : quoted(p.title, ctx)
  return { reply: about(t.accepted(said, nameOf(pg, p.author)), p.id, ctx) }
}

/** The venue's open window on `day` (UTC ms): its opening hours, else 10:00–22:00, from now on. */
function dayWindow(venue: VenueView, day: string, ctx: ExecContext): { start: number; end: number } | null {
  const tz = ctx.festival.timezone
  const hours = venue.hours ? /^(\d{2}:\d{2})-(\d{2}:\d{2})$/u.exec(venue.hours) : null
  const start = instantAt(day, hours?.[1] ?? '10:00', tz)
  let end = hours?.[2] && hours[2] <= hours[1]! ? instantAt(addDays(day, 1), hours[2], tz) : instantAt(day, hours?.[2] ?? '22:00', tz)
  if (hours?.[2] === '24:00') end = instantAt(addDays(day, 1), '00:00', tz)
  const from = Math.max(start, Math.ceil(ctx.now / (5 * MINUTE)) * 5 * MINUTE)
  return from < end ? { start: from, end } : null
}

async function planProposals(intent: Extract<ProposalIntent, { type: 'plan-proposals' }>, pg: Programme, ctx: ExecContext): Promise<ExecResult> {
  const t = PROPOSAL_TEXT[ctx.lang]
  const hosted = hostedVenue(intent.venue, pg, ctx)
  if ('result' in hosted) return hosted.result
  const venue = hosted.venue
  const dayName = formatDay(intent.day, ctx.lang)
  const window = dayWindow(venue, intent.day, ctx)
  const open = pg.proposals.filter((p) => p.state === 'open' && !p.late)
  const gaps = window ? freeGaps(pg.view, venue, window, 5 * MINUTE).map((g) => ({ ...g })) : []
  const items: { proposal: EntityId; start: number; end: number }[] = []
  const lines: string[] = []
  const left: string[] = []
  for (const p of open) {
    const length = p.minutes * MINUTE
    const gap = gaps.find((g) => g.end - g.start >= length)
    if (!gap) {
      left.push(quoted(p.title, ctx))
      continue
    }
    items.push({ proposal: p.id, start: gap.start, end: gap.start + length })
    lines.push(`${items.length}. ${formatTime(gap.start, ctx.tz)}–${formatTime(gap.start + length, ctx.tz)} ${describe(p, pg, ctx)} — ${t.votes(p.votes.length)}`)
    gap.start += length
  }
  if (items.length === 0) return { reply: refuse(t.planNothing(venue.name, dayName)) }
  const blocks: Reply['blocks'] = [{ type: 'list', heading: t.planHeading(venue.name, dayName), items: lines }]
  if (left.length) blocks.push({ type: 'text', text: t.planLeftOver(listNames(left, ctx.lang)) })
  blocks.push({ type: 'text', text: t.planAsk })
  return {
    reply: { tone: 'question', blocks },
    choices: [{ type: 'accept-plan', venue: venue.id, items }],
    labels: [ctx.lang === 'fr' ? 'oui' : ctx.lang === 'de' ? 'ja' : 'yes'],
    yesNo: true,
  }
}

/** The plan confirmed: every slot still free and every proposal still open is accepted, in one change. */
async function acceptPlan(intent: Extract<ProposalIntent, { type: 'accept-plan' }>, ctx: ExecContext): Promise<ExecResult> {
  const t = PROPOSAL_TEXT[ctx.lang]
  const pg = await programme(ctx)
  const venue = pg.view.venues.find((v) => v.id === intent.venue)
  if (!venue) return { reply: refuse(t.planNothing('?', '?')) }
  const notHost = hostCheck(venue, pg, ctx)
  if (notHost) return { reply: notHost }
  const take: typeof intent.items = []
  const skipped: string[] = []
  for (const item of intent.items) {
    const p = pg.proposals.find((x) => x.id === item.proposal)
    const fits = p && p.state === 'open' && !p.late && p.minutes * MINUTE === item.end - item.start && checkTime(item.start, item.end, ctx) === null && venueIsFree(pg.view, venue, item) === true
    if (fits) take.push(item)
    else skipped.push(quoted(p?.title ?? '?', ctx))
  }
  if (take.length === 0) return { reply: refuse(t.planSkipped(listNames(skipped, ctx.lang))) }
  await commit(ctx, (w) => {
    for (const item of take) w.setAcceptance(item.proposal, { venue: venue.id, start: item.start, end: item.end, at: ctx.now })
  })
  const view = await currentView(ctx)
  const items = take.map((item) => view.events.find((e) => e.id === item.proposal)).filter((e) => e !== undefined).map((e) => describeEvent(e, ctx.tz, ctx.lang))
  const blocks: Reply['blocks'] = [{ type: 'list', heading: t.planDone(take.length, venue.name), items }]
  if (skipped.length) blocks.push({ type: 'text', text: t.planSkipped(listNames(skipped, ctx.lang)) })
  return { reply: { tone: 'ok', blocks } }
}
