/**
 * Random meetings and the serendipity switch: runs the intents of `intent-meetings.ts`.
 *
 * @remarks
 * A request or an opt-in is a sealed record in the speaker's own namespace (`core/meetings.ts`),
 * sealed with hidden recipients to the speaker and to every matcher of the festival (the bots'
 * meetings keys, each declared by a `matcher` record; this bot declares its own before the first
 * request it stores). Inside: the hours, and the speaker's platform, user id and name, so that a
 * matcher can tell them by direct message; outside, a peer sees only that the speaker wrote a sealed
 * record, when, and its size (p2p/PROTOCOL.md, "Random meetings"). Matching and the messages are the
 * automation's (`automation/meetings.ts`). The switch is an organiser's record, readable by all.
 */
import { randomBytes, toHex } from '../core/bytes.ts'
import { fromBase64, MAX_RECIPIENTS, sealHidden, toBase64 } from '../core/seal.ts'
import { hoursOf, OPT_IN_ID, readSealed, sealedAad, serendipitySlots, type SealedContent } from '../core/meetings.ts'
import type { Namespace } from '../core/doc.ts'
import { organisersOf } from '../core/programme.ts'
import { addDays, dayOf, formatDay, formatTime, HOUR, instantAt } from '../core/time.ts'
import type { AuthorKey, Instant } from '../core/types.ts'
import type { ExecContext, ExecResult } from './context.ts'
import type { MeetingIntent } from './intent-meetings.ts'
import { MEETING_TEXT } from './meetings-text.ts'
import { commitChange, ok, refuse } from './execute.ts'

/** Most requests one person may have waiting. */
export const MAX_WAITING_REQUESTS = 10

/** The authors that declared a `matcher` record: the keys requests are sealed to (at most 49, smallest first). */
export function matchersOf(namespaces: readonly Namespace[]): AuthorKey[] {
  return namespaces
    .filter((ns) => ns.matcher)
    .map((ns) => ns.author)
    .sort()
    .slice(0, MAX_RECIPIENTS - 1)
}

/** The speaker's platform and user id, from their handle (`matrix:@alice:example.org`). */
function whoOf(handle: string): { platform: string; user: string } {
  const colon = handle.indexOf(':')
  return colon < 0 ? { platform: handle, user: handle } : { platform: handle.slice(0, colon), user: handle.slice(colon + 1) }
}

/** A window in words: "Sat 11 Jul between 14:00 and 18:00" or "Sat 11 Jul at 15:00". */
export function describeWindow(from: Instant, to: Instant, tz: string, lang: ExecContext['lang']): string {
  const t = MEETING_TEXT[lang]
  const day = formatDay(dayOf(from, tz), lang)
  return to - from <= HOUR ? t.at(day, formatTime(from, tz)) : t.between(day, formatTime(from, tz), formatTime(to, tz))
}

/** The speaker's own sealed records, opened with their key: id → content. */
function ownRecords(ns: Namespace | undefined, ctx: ExecContext): Map<string, SealedContent> {
  const out = new Map<string, SealedContent>()
  if (!ns || !ctx.openSealed) return out
  for (const [id, r] of ns.sealed) {
    const box = fromBase64(r.box)
    const c = box ? readSealed(ctx.openSealed(box, sealedAad(ctx.festival.id, ns.author, id))) : null
    if (c) out.set(id, c)
  }
  return out
}

/** Declares this bot's meetings key in the festival, once. Answers the keys to seal to. */
async function recipients(ctx: ExecContext): Promise<AuthorKey[] | null> {
  if (!ctx.matcher) return null
  const festival = await ctx.repo.open(ctx.festival.id)
  if (!festival.namespace(ctx.matcher.key).matcher) {
    await ctx.repo.commit(ctx.festival.id, ctx.matcher, (w) => {
      w.setProfile({ name: 'yurt (random meetings)', handle: 'yurt:matcher' })
      w.setMatcher({ at: ctx.now })
    })
  }
  return [ctx.actor.signer.key, ...matchersOf(festival.namespaces())]
}

/** Runs one {@link MeetingIntent}. Never throws for expected outcomes. */
export async function executeMeeting(intent: MeetingIntent, ctx: ExecContext): Promise<ExecResult> {
  const t = MEETING_TEXT[ctx.lang]
  const me = ctx.actor.signer.key
  const festival = await ctx.repo.open(ctx.festival.id)
  switch (intent.type) {
    case 'random-meeting': {
      const hours = hoursOf({ from: intent.from, to: intent.to, at: ctx.now })
      if (hours.length === 0) return { reply: refuse(t.noHour) }
      const to = await recipients(ctx)
      if (!to) return { reply: refuse(t.noMatcher) }
      const mine = ownRecords(festival.namespace(me), ctx)
      const waiting = [...mine.values()].filter((c) => c.kind === 'request' && c.to > ctx.now)
      if (waiting.length >= MAX_WAITING_REQUESTS) return { reply: refuse(t.tooMany(waiting.length)) }
      const id = 'r' + toHex(randomBytes(12))
      const content: SealedContent = { kind: 'request', from: intent.from, to: intent.to, ...whoOf(ctx.actor.handle), name: ctx.actor.name, lang: ctx.lang, tz: ctx.tz }
      const box = sealHidden(JSON.stringify(content), to, sealedAad(ctx.festival.id, me, id))
      await commitChange(ctx, 'random meeting', [{ kind: 'sealed', id, value: null }], (w) => w.setSealed(id, { box: toBase64(box), at: ctx.now }))
      const last = hours.at(-1)!
      const said = t.asked(describeWindow(intent.from, intent.to, ctx.tz, ctx.lang), formatTime(last, ctx.tz))
      return { reply: ok(ctx.direct ? said : `${said} ${t.saidInRoom}`) }
    }
    case 'cancel-random-meeting': {
      const mine = ownRecords(festival.namespace(me), ctx)
      const ids = [...mine].filter(([, c]) => c.kind === 'request' && c.to > ctx.now).map(([id]) => id)
      if (ids.length === 0) return { reply: refuse(t.nothingToCancel) }
      const ns = festival.namespace(me)
      await commitChange(ctx, 'cancel random meeting', ids.map((id) => ({ kind: 'sealed' as const, id, value: ns.sealed.get(id) ?? null })), (w) => {
        for (const id of ids) w.setSealed(id, null)
      })
      return { reply: ok(t.cancelled(ids.length)) }
    }
    case 'meetings-opt': {
      const had = festival.namespace(me).sealed.has(OPT_IN_ID)
      if (!intent.on) {
        if (!had) return { reply: ok(t.notOptedIn) }
        await commitChange(ctx, 'random meetings off', [{ kind: 'sealed', id: OPT_IN_ID, value: festival.namespace(me).sealed.get(OPT_IN_ID) ?? null }], (w) => w.setSealed(OPT_IN_ID, null))
        return { reply: ok(t.optedOut) }
      }
      const to = await recipients(ctx)
      if (!to) return { reply: refuse(t.noMatcher) }
      const content: SealedContent = { kind: 'optin', ...whoOf(ctx.actor.handle), name: ctx.actor.name, lang: ctx.lang, tz: ctx.tz }
      const box = sealHidden(JSON.stringify(content), to, sealedAad(ctx.festival.id, me, OPT_IN_ID))
      await commitChange(ctx, 'random meetings on', [{ kind: 'sealed', id: OPT_IN_ID, value: festival.namespace(me).sealed.get(OPT_IN_ID) ?? null }], (w) => w.setSealed(OPT_IN_ID, { box: toBase64(box), at: ctx.now }))
      return { reply: ok(t.optedIn) }
    }
    case 'serendipity': {
      if (!organisersOf(ctx.festival, festival.namespaces()).has(me)) return { reply: refuse(t.notOrganiser) }
      const before = festival.namespace(me).serendipity
      const value = { on: intent.on, perDay: intent.perDay ?? before?.perDay ?? 3, from: intent.from ?? before?.from ?? '14:00', to: intent.to ?? before?.to ?? '18:00', at: ctx.now }
      if (intent.on) await recipients(ctx) // the matcher is declared before anyone opts in
      await commitChange(ctx, `serendipity ${intent.on ? 'on' : 'off'}`, [], (w) => w.setSerendipity(value))
      if (!value.on) return { reply: ok(t.switchOff) }
      const zone = ctx.festival.timezone
      const today = dayOf(ctx.now, zone)
      const day = instantAt(today, value.to, zone) > ctx.now ? today : addDays(today, 1)
      const times = serendipitySlots(value, day, zone).map((s) => formatTime(s, ctx.tz)).join(', ')
      return { reply: ok(t.switchOn(value.perDay, value.from, value.to, times)) }
    }
  }
}
