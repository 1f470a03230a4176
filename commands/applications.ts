/**
 * Application rounds and capacity: runs the intents of `intent-applications.ts`, and says how full
 * an event is in the replies to RSVPs and to "who's going".
 *
 * @remarks
 * The rules are the core's (`core/programme.ts`): a round counts when the event's author wrote it;
 * its reviewers are the event's author and co-organisers at the time it opened; an applicant's answer
 * is sealed to those reviewers (`core/seal.ts`, bound with `applicationAad`) before it enters the
 * document, so no peer that is not a reviewer can read it. A reviewer reads the answers only in a
 * direct message, with the key this bot derives for them ({@link ExecContext.openSealed}); in a
 * room, the list shows names and counts. Accepted applicants count as going (`core/view.ts`).
 */
import { eventIn } from '../core/view.ts'
import type { Namespace } from '../core/doc.ts'
import { applicationsOf, roundOf, type ApplicationView } from '../core/programme.ts'
import { MAX_RECIPIENTS, applicationAad, fromBase64, seal, toBase64 } from '../core/seal.ts'
import type { ApplicationDecision, ApplicationRoundData, AuthorKey, EventView, ScheduleView } from '../core/types.ts'
import type { Reply } from '../adapters/types.ts'
import type { ExecContext, ExecResult } from './context.ts'
import type { Intent, Lang } from './intent.ts'
import type { ApplicationIntent } from './intent-applications.ts'
import { APPLICATION_TEXT, EXAMPLES } from './i18n-applications.ts'
import { describeEvent, listNames, nameIn } from './format.ts'
import { fold, matchName } from './resolve.ts'
import { commitChange, currentView, findEvent, findVenue, lookupVenue, mayChange, ok, refuse, writeEvent } from './execute.ts'

/** Longest answer an applicant may give (characters); the sealed box of it fits the document's limit. */
export const MAX_ANSWER = 2000
/** Largest capacity an event or venue may be given. */
const MAX_CAPACITY = 100_000

const info = (text: string, ev?: EventView, festival?: string): Reply => ({ ...ok(text, ev, festival), tone: 'info' })

/** Runs one {@link ApplicationIntent}. Never throws for expected outcomes. */
export async function executeApplications(intent: ApplicationIntent, ctx: ExecContext): Promise<ExecResult> {
  if (intent.type === 'venue-capacity') return venueCapacity(intent.venue, intent.capacity, ctx)
  const t = APPLICATION_TEXT[ctx.lang]
  const view = await currentView(ctx)
  if (intent.type === 'set-capacity') {
    // "Atelier is for 30 people": a venue's name that is no event's title names the venue.
    const venue = lookupVenue(view, intent.event, ctx)
    if (venue.kind === 'found' && !view.events.some((e) => fold(e.title) === fold(intent.event))) return venueCapacity(intent.event, intent.capacity, ctx)
  }
  const found = findEvent(view, intent.event, ctx, intent as Intent & { event: string }, { includeCancelled: intent.type === 'list-applications' })
  if ('result' in found) return found.result
  const ev = found.item
  const title = `“${ev.title}”`
  if (ev.occurrence) return { reply: refuse(t.occurrence(title)) }
  const festival = await ctx.repo.open(ctx.festival.id)
  const namespaces = festival.namespaces()
  const round = roundOf(namespaces, ev.id, ev.author)
  switch (intent.type) {
    case 'open-applications':
      return openRound(intent, ev, round, view, ctx)
    case 'close-applications':
      return closeRound(ev, round, namespaces, ctx)
    case 'apply':
      return applyTo(intent.answer, ev, round, namespaces, view, ctx)
    case 'withdraw-application':
      return withdraw(ev, namespaces, ctx)
    case 'list-applications':
      return listApplications(ev, round, namespaces, view, ctx)
    case 'decide-application':
      return decide(intent.people, intent.decision, ev, round, namespaces, view, ctx)
    case 'set-capacity':
      return setCapacity(intent.capacity, ev, ctx)
  }
}

function namesOf(keys: readonly AuthorKey[], view: ScheduleView, lang: Lang): string {
  return listNames(keys.map((k) => nameIn(view, k)), lang)
}

function noRound(ev: EventView, ctx: ExecContext): ExecResult {
  return { reply: refuse(APPLICATION_TEXT[ctx.lang].noRound(`“${ev.title}”`, EXAMPLES[ctx.lang].open(ev.title))) }
}

async function openRound(intent: Extract<ApplicationIntent, { type: 'open-applications' }>, ev: EventView, before: ApplicationRoundData | null, view: ScheduleView, ctx: ExecContext): Promise<ExecResult> {
  const t = APPLICATION_TEXT[ctx.lang]
  if (ev.author !== ctx.actor.signer.key) return { reply: refuse(t.notOrganiser(`“${ev.title}”`, ev.authorName)) }
  if (intent.limit !== undefined && (intent.limit < 1 || intent.limit > MAX_CAPACITY)) return { reply: refuse(t.badCapacity) }
  const reviewers = [...new Set([ev.author, ...(ev.coOrganizers ?? [])])].slice(0, MAX_RECIPIENTS)
  // Opening again keeps what was said before unless it is said anew.
  const round: ApplicationRoundData = { open: true, limit: intent.limit ?? before?.limit ?? null, reviewers, at: ctx.now }
  const question = intent.question ?? before?.question
  if (question) round.question = question
  await commitChange(ctx, `applications ${ev.title}`, [], (w) => w.setRound(ev.id, round))
  const said = describeEvent(ev, ctx.tz, ctx.lang)
  return { reply: ok(t.opened(said, round.limit, round.question, EXAMPLES[ctx.lang].apply(ev.title), namesOf(reviewers, view, ctx.lang)), ev, ctx.festival.id) }
}

async function closeRound(ev: EventView, round: ApplicationRoundData | null, namespaces: readonly Namespace[], ctx: ExecContext): Promise<ExecResult> {
  const t = APPLICATION_TEXT[ctx.lang]
  const title = `“${ev.title}”`
  if (ev.author !== ctx.actor.signer.key) return { reply: refuse(t.notOrganiser(title, ev.authorName)) }
  if (!round) return noRound(ev, ctx)
  if (!round.open) return { reply: refuse(t.alreadyClosed(title)) }
  await commitChange(ctx, `close applications ${ev.title}`, [], (w) => w.setRound(ev.id, { ...round, open: false, at: ctx.now }))
  return { reply: ok(t.closed(title, applicationsOf(namespaces, ev.id, round).length), ev, ctx.festival.id) }
}

async function applyTo(answer: string, ev: EventView, round: ApplicationRoundData | null, namespaces: readonly Namespace[], view: ScheduleView, ctx: ExecContext): Promise<ExecResult> {
  const t = APPLICATION_TEXT[ctx.lang]
  const title = `“${ev.title}”`
  if (!round) return noRound(ev, ctx)
  if (!round.open) return { reply: refuse(t.roundClosed(title)) }
  if (!answer && round.question) return { reply: { tone: 'question', blocks: [{ type: 'text', text: t.needAnswer(title, round.question, EXAMPLES[ctx.lang].apply(ev.title)) }] } }
  if ([...answer].length > MAX_ANSWER) return { reply: refuse(t.answerTooLong(MAX_ANSWER)) }
  const me = ctx.actor.signer.key
  const mine = namespaces.find((ns) => ns.author === me)?.applications.get(ev.id)
  const updated = !!mine && !mine.withdrawn
  const box = seal(answer, round.reviewers, applicationAad(ctx.festival.id, ev.id, me))
  await commitChange(ctx, `apply ${ev.title}`, [], (w) => w.setApplication(ev.id, { sealed: toBase64(box), at: ctx.now }))
  const lines = [t.applied(title, namesOf(round.reviewers, view, ctx.lang), updated)]
  if (answer && !ctx.direct) lines.push(t.saidInRoom)
  return { reply: ok(lines.join(' '), ev, ctx.festival.id) }
}

async function withdraw(ev: EventView, namespaces: readonly Namespace[], ctx: ExecContext): Promise<ExecResult> {
  const t = APPLICATION_TEXT[ctx.lang]
  const title = `“${ev.title}”`
  const mine = namespaces.find((ns) => ns.author === ctx.actor.signer.key)?.applications.get(ev.id)
  if (!mine || mine.withdrawn) return { reply: refuse(t.notApplied(title)) }
  await commitChange(ctx, `withdraw ${ev.title}`, [], (w) => w.setApplication(ev.id, { ...mine, withdrawn: true, at: ctx.now }))
  return { reply: ok(t.withdrawn(title), ev, ctx.festival.id) }
}

function counts(apps: readonly ApplicationView[]): Record<ApplicationDecision | 'pending', number> {
  const out = { accepted: 0, declined: 0, waitlisted: 0, pending: 0 }
  for (const a of apps) out[a.decision]++
  return out
}

function listApplications(ev: EventView, round: ApplicationRoundData | null, namespaces: readonly Namespace[], view: ScheduleView, ctx: ExecContext): ExecResult {
  const t = APPLICATION_TEXT[ctx.lang]
  const title = `“${ev.title}”`
  if (!round) return noRound(ev, ctx)
  const apps = applicationsOf(namespaces, ev.id, round)
  if (apps.length === 0) return { reply: info(t.noApplications(title), ev, ctx.festival.id) }
  const c = counts(apps)
  const summary = t.summary(title, apps.length, c.accepted, round.limit, c.waitlisted, c.declined, c.pending)
  const me = ctx.actor.signer.key
  if (!round.reviewers.includes(me)) return { reply: info(`${summary} ${t.countsOnly}`, ev, ctx.festival.id) }
  const line = (a: ApplicationView) => `${nameIn(view, a.applicant)} — ${t.decision[a.decision]}`
  if (!ctx.direct) {
    const reply = info(summary, ev, ctx.festival.id)
    reply.blocks.push({ type: 'list', items: apps.map(line) }, { type: 'text', text: t.askInDirect })
    return { reply }
  }
  const items = apps.map((a) => {
    const box = fromBase64(a.sealed)
    const answer = box && ctx.openSealed ? ctx.openSealed(box, applicationAad(ctx.festival.id, ev.id, a.applicant)) : null
    return `${line(a)}: ${answer === null ? t.sealedToOthers : answer || '—'}`
  })
  const reply = info(summary, ev, ctx.festival.id)
  reply.blocks.push({ type: 'list', heading: t.readableHere, items })
  return { reply }
}

async function decide(people: readonly string[], decision: ApplicationDecision, ev: EventView, round: ApplicationRoundData | null, namespaces: readonly Namespace[], view: ScheduleView, ctx: ExecContext): Promise<ExecResult> {
  const t = APPLICATION_TEXT[ctx.lang]
  const title = `“${ev.title}”`
  if (!round) return noRound(ev, ctx)
  if (!round.reviewers.includes(ctx.actor.signer.key)) return { reply: refuse(t.notReviewer(title, namesOf(round.reviewers, view, ctx.lang))) }
  const apps = applicationsOf(namespaces, ev.id, round)
  const applicants: AuthorKey[] = []
  for (const typed of people) {
    const same = apps.filter((a) => fold(nameIn(view, a.applicant)) === fold(typed))
    if (same.length > 1) return { reply: refuse(t.twoApplicants(typed)) }
    let who = same[0]
    if (!who) {
      const near = matchName(typed, apps, (a) => [nameIn(view, a.applicant)])
      if (near.kind === 'sure' && near.score >= 0.9) who = near.item
    }
    if (!who) return { reply: refuse(t.noSuchApplicant(typed, title, listNames(apps.slice(0, 8).map((a) => nameIn(view, a.applicant)), ctx.lang))) }
    if (!applicants.includes(who.applicant)) applicants.push(who.applicant)
  }
  const accepted = new Set(apps.filter((a) => a.decision === 'accepted').map((a) => a.applicant))
  if (decision === 'accepted' && round.limit !== null) {
    const after = new Set([...accepted, ...applicants])
    if (after.size > round.limit) return { reply: refuse(t.roundFull(title, round.limit)) }
  }
  await commitChange(ctx, `${decision} ${ev.title}`, [], (w) => {
    for (const a of applicants) w.setDecision(ev.id, a, decision)
  })
  // Another reviewer's "accepted" still lets the person in (core/programme.ts): count as everybody sees it.
  const now = await ctx.repo.open(ctx.festival.id)
  const fresh = applicationsOf(now.namespaces(), ev.id, round)
  const acceptedNow = fresh.filter((a) => a.decision === 'accepted').length
  const lines = applicants.map((a) => {
    const shown = fresh.find((x) => x.applicant === a)?.decision ?? decision
    return t.decided(nameIn(view, a), shown === 'pending' ? decision : shown, title, acceptedNow, round.limit)
  })
  const after = eventIn(await currentView(ctx), ev.id) ?? ev
  return { reply: ok(lines.join('\n'), after, ctx.festival.id) }
}

async function setCapacity(capacity: number, ev: EventView, ctx: ExecContext): Promise<ExecResult> {
  const t = APPLICATION_TEXT[ctx.lang]
  if (!Number.isInteger(capacity) || capacity < 1 || capacity > MAX_CAPACITY) return { reply: refuse(t.badCapacity) }
  if (!mayChange(ev, ctx)) return { reply: refuse(t.notYourEvent(`“${ev.title}”`, ev.authorName)) }
  await writeEvent(ev, { capacity }, ctx, `capacity ${ev.title}`)
  const after = eventIn(await currentView(ctx), ev.id)!
  return { reply: ok(t.capacitySet(describeEvent(after, ctx.tz, ctx.lang), capacity, t.attendance(after.going.length, after.limit, after.waiting.length)), after, ctx.festival.id) }
}

async function venueCapacity(typed: string, capacity: number, ctx: ExecContext): Promise<ExecResult> {
  const t = APPLICATION_TEXT[ctx.lang]
  if (!Number.isInteger(capacity) || capacity < 1 || capacity > MAX_CAPACITY) return { reply: refuse(t.badCapacity) }
  const view = await currentView(ctx)
  const found = findVenue(view, typed, ctx)
  if ('result' in found) return found.result
  const venue = found.item
  if (venue.host !== ctx.actor.signer.key) return { reply: refuse(t.notVenueHost(venue.name, nameIn(view, venue.host))) }
  const before = (await ctx.repo.open(ctx.festival.id)).namespace(ctx.actor.signer.key).venues.get(venue.id)!
  await commitChange(ctx, `capacity ${venue.name}`, [{ kind: 'venue', id: venue.id, value: before }], (w) => w.setVenue(venue.id, { ...before, capacity }))
  return { reply: ok(t.venueCapacitySet(venue.name, capacity)) }
}

// ---- hooks for RSVPs and "who's going" ----------------------------------------------------------

/**
 * The signed time to store with an RSVP (`setRsvp(id, answer, at)`): the speaker's clock for a new
 * "going", the time already stored for someone who was going (saying it again keeps their place in
 * the waiting list), none for other answers.
 */
export function rsvpAt(answer: string, before: string | null, storedAt: number | undefined, now: number): number | undefined {
  if (answer !== 'going') return undefined
  return before === 'going' ? storedAt : now
}

/**
 * What an RSVP's reply says beyond "you're going": the waiting-list place when the event is full,
 * and who got in when the speaker's leaving freed a place. `null` when there is nothing to add.
 */
export function rsvpNote(before: EventView, after: EventView, me: AuthorKey, view: ScheduleView, lang: Lang): { text: string; replaces: boolean } | null {
  const t = APPLICATION_TEXT[lang]
  const title = `“${after.title}”`
  const place = after.waiting.indexOf(me)
  if (place >= 0 && after.limit !== null) return { text: t.full(title, after.going.length, after.limit, place + 1), replaces: true }
  const promoted = before.waiting.filter((k) => after.going.includes(k))
  if (promoted.length > 0) return { text: promoted.map((k) => t.promoted(nameIn(view, k), title)).join(' '), replaces: false }
  return null
}

/** "12/20 going, 3 waiting. Waiting list: …" for "who's going", or `''` for an event without a limit or a waiting list. */
export function attendanceNote(ev: EventView, view: ScheduleView, lang: Lang): string {
  if (ev.limit === null && ev.waiting.length === 0) return ''
  const t = APPLICATION_TEXT[lang]
  const head = t.attendance(ev.going.length, ev.limit, ev.waiting.length)
  return ev.waiting.length ? `${head}. ${t.waitingNames(ev.waiting.map((k) => nameIn(view, k)).join(', '))}` : `${head}.`
}
