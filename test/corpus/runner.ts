/**
 * Runs corpus cases through the real {@link Bot} on a real (in-memory) repository and judges each
 * by what it stored: the JSON export (`exportJson`, what `yurt export --format json` prints) and
 * the RSVPs and series of the festival, before and after every message.
 *
 * @remarks Verdicts, per message and then per case (the worst of its messages):
 * - `meant`: exactly the expected change was stored (or, for a question, the reply matched and
 *   nothing was stored); `asked-ok` when it asked back where the case allows that (`? or ask`);
 * - `asked`: it asked back where a change was expected; `missed`: nothing stored, or the wrong reply;
 * - `wrong`: something was stored that the case does not expect. This is the count that must be 0.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Bot } from '../../commands/bot.ts'
import { Repo } from '../../core/repo.ts'
import { openDataDir } from '../../core/store.ts'
import type { DataDir } from '../../core/store.ts'
import { exportJson } from '../../core/formats/export-json.ts'
import type { ScheduleJson } from '../../core/formats/export-json.ts'
import { toRfc3339 } from '../../core/time.ts'
import type { FestivalMeta } from '../../core/types.ts'
import { replyToPlainText } from '../../adapters/types.ts'
import type { Reply } from '../../adapters/types.ts'
import type { Case, EventFields, Expect, Step } from './format.ts'
import { buildFixture, PEOPLE, PLATFORM, ROOM, ZONE } from './fixture.ts'

export type Verdict = 'meant' | 'asked-ok' | 'asked' | 'missed' | 'wrong'
const RANK: Record<Verdict, number> = { meant: 0, 'asked-ok': 1, asked: 2, missed: 3, wrong: 4 }

interface EventSnap {
  title: string
  kind: string
  start: number | null
  end: number | null
  venue: string | null
  capacity: number | null
  organizers: string[]
  resources: string[]
  description: string | null
  cancelled: boolean
  series: string | null
}

interface Snapshot {
  events: Map<string, EventSnap>
  venues: Map<string, { name: string; capacity: number | null; concurrent: number | null }>
  resources: Map<string, { name: string; count: number }>
  series: Map<string, { title: string; kind: string; rrule: string; start: string; duration: number; venue: string | null }>
  /** `person name\0event id` → answer. */
  rsvps: Map<string, string>
}

/** One thing that changed between two snapshots. */
type Change =
  | { on: 'event'; id: string; before: EventSnap | null; after: EventSnap | null }
  | { on: 'venue'; id: string; before: unknown; after: { name: string; capacity: number | null; concurrent: number | null } | null }
  | { on: 'resource'; id: string; before: unknown; after: { name: string; count: number } | null }
  | { on: 'series'; id: string; before: unknown; after: Snapshot['series'] extends Map<string, infer S> ? S | null : never }
  | { on: 'rsvp'; person: string; event: string; before: string | null; after: string | null }

/** What one message did. */
export interface StepResult {
  step: Step
  verdict: Verdict
  reply: string
  tone: Reply['tone'] | 'none'
  /** Why it is not `meant`, for the report. */
  why?: string
}

export interface CaseResult {
  case: Case
  verdict: Verdict
  steps: StepResult[]
}

async function snapshot(repo: Repo, festival: FestivalMeta, now: number): Promise<Snapshot> {
  const f = await repo.open(festival.id)
  const view = f.view(now)
  const json = JSON.parse(exportJson(view)) as ScheduleJson
  const events = new Map<string, EventSnap>()
  for (const e of json.events) {
    const extra = e.organizers.slice(1)
    events.set(e.id, {
      title: e.title,
      kind: e.kind,
      start: e.start === null ? null : Date.parse(e.start),
      end: e.end === null ? null : Date.parse(e.end),
      venue: e.venue,
      capacity: e.capacity ?? null,
      organizers: extra.sort(),
      resources: [...e.resources].sort(),
      description: e.description ?? null,
      cancelled: e.status === 'cancelled',
      series: e.series,
    })
  }
  const venues = new Map(json.venues.map((v) => [v.id, { name: v.name, capacity: v.capacity, concurrent: v.concurrent }]))
  const resources = new Map(json.resources.map((r) => [r.id, { name: r.name, count: r.count }]))
  const series = new Map(
    view.series.map((s) => [s.id, { title: s.title, kind: s.kind, rrule: s.rrule, start: s.start, duration: s.duration, venue: s.venueName }]),
  )
  const rsvps = new Map<string, string>()
  for (const author of [...view.names.keys()]) {
    const name = view.names.get(author)!
    for (const [event, answer] of f.namespace(author).rsvps) rsvps.set(`${name}\0${event}`, answer)
  }
  return { events, venues, resources, series, rsvps }
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)

function diff(a: Snapshot, b: Snapshot): Change[] {
  const out: Change[] = []
  const ids = <T>(x: Map<string, T>, y: Map<string, T>) => new Set([...x.keys(), ...y.keys()])
  for (const id of ids(a.events, b.events)) {
    const before = a.events.get(id) ?? null
    const after = b.events.get(id) ?? null
    if (!same(before, after)) out.push({ on: 'event', id, before, after })
  }
  for (const id of ids(a.venues, b.venues)) {
    if (!same(a.venues.get(id), b.venues.get(id))) out.push({ on: 'venue', id, before: a.venues.get(id) ?? null, after: b.venues.get(id) ?? null })
  }
  for (const id of ids(a.resources, b.resources)) {
    if (!same(a.resources.get(id), b.resources.get(id))) out.push({ on: 'resource', id, before: a.resources.get(id) ?? null, after: b.resources.get(id) ?? null })
  }
  for (const id of ids(a.series, b.series)) {
    if (!same(a.series.get(id), b.series.get(id))) out.push({ on: 'series', id, before: a.series.get(id) ?? null, after: b.series.get(id) ?? null })
  }
  for (const key of ids(a.rsvps, b.rsvps)) {
    const before = a.rsvps.get(key) ?? null
    const after = b.rsvps.get(key) ?? null
    if (before !== after) {
      const [person, event] = key.split('\0') as [string, string]
      out.push({ on: 'rsvp', person, event, before, after })
    }
  }
  return out
}

/** The fields of an event a change touched, compared with what was expected. */
function fieldsMatch(before: EventSnap, after: EventSnap, want: EventFields): string | null {
  const expected: EventSnap = { ...before }
  if (want.title !== undefined) expected.title = want.title
  if (want.kind !== undefined) expected.kind = want.kind
  if (want.start !== undefined) expected.start = want.start
  if (want.end !== undefined) expected.end = want.end
  if (want.venue !== undefined) expected.venue = want.venue
  if (want.capacity !== undefined) expected.capacity = want.capacity
  if (want.organizers !== undefined) expected.organizers = [...want.organizers].sort()
  if (want.resources !== undefined) expected.resources = [...want.resources].sort()
  if (want.description !== undefined) expected.description = want.description
  if (want.cancelled !== undefined) expected.cancelled = want.cancelled
  const wrong = (Object.keys(expected) as (keyof EventSnap)[]).filter((k) => !same(expected[k], after[k]))
  return wrong.length ? wrong.map((k) => `${k}: ${show(after[k])}, meant ${show(expected[k])}`).join('; ') : null
}

function show(v: unknown): string {
  if (typeof v === 'number' && v > 1e12) return toRfc3339(v, ZONE).slice(0, 16)
  return JSON.stringify(v)
}

function describeChange(c: Change): string {
  if (c.on === 'event') {
    const e = c.after ?? c.before!
    const when = e.start === null ? 'unscheduled' : `${show(e.start)}–${show(e.end).slice(11)}`
    const head = c.before === null ? '+event' : c.after === null ? '-event' : '~event'
    return `${head} "${e.title}" ${e.kind} ${when}${e.venue ? ` at ${e.venue}` : ''}${e.capacity ? ` cap ${e.capacity}` : ''}${e.organizers.length ? ` org ${e.organizers.join('; ')}` : ''}${e.cancelled ? ' cancelled' : ''}`
  }
  if (c.on === 'rsvp') return `rsvp ${c.person} ${c.event}: ${c.before} → ${c.after}`
  return `${c.on} ${JSON.stringify(c.before)} → ${JSON.stringify(c.after)}`
}

/**
 * Matches the changes a message made against its expectations; returns null when they are
 * exactly what was expected, else the reason.
 */
function judgeChanges(changes: Change[], expects: Expect[], before: Snapshot, speaker: string): string | null {
  let left = [...changes]
  const take = (pred: (c: Change) => boolean): Change[] => {
    const hit = left.filter(pred)
    left = left.filter((c) => !pred(c))
    return hit
  }
  const problems: string[] = []
  const titled = (title: string) => [...before.events.entries()].filter(([, e]) => e.title === title)
  for (const x of expects) {
    switch (x.type) {
      case 'add-event': {
        const hit = take((c) => c.on === 'event' && c.before === null && c.after?.series === null && c.after.title === x.title)
        const ev = hit[0]
        if (hit.length !== 1 || ev?.on !== 'event' || !ev.after) {
          problems.push(`no new event "${x.title}"`)
          break
        }
        const bad = fieldsMatch(
          { ...ev.after, kind: x.kind, start: x.start, end: x.end, venue: x.venue, capacity: x.capacity, organizers: [...x.organizers].sort(), resources: [...x.resources].sort(), description: x.description, cancelled: false },
          ev.after,
          {},
        )
        if (bad) problems.push(`new "${x.title}": ${bad}`)
        break
      }
      case 'change-event': {
        const known = titled(x.title)
        if (known.length === 0) {
          problems.push(`corpus error: no event "${x.title}" before`)
          break
        }
        const ids = new Set(known.map(([id]) => id))
        const hit = take((c) => c.on === 'event' && ids.has(c.id) && c.before !== null && c.after !== null)
        if (hit.length !== 1 || hit[0]!.on !== 'event') {
          problems.push(hit.length === 0 ? `"${x.title}" unchanged` : `${hit.length} events "${x.title}" changed`)
          break
        }
        const c = hit[0] as Extract<Change, { on: 'event' }>
        const bad = fieldsMatch(c.before!, c.after!, x.fields)
        if (bad) problems.push(`"${x.title}": ${bad}`)
        break
      }
      case 'rsvp': {
        const name = PEOPLE[speaker]!
        const ids = new Set(titled(x.title).map(([id]) => id))
        const series = new Set([...before.events.entries()].filter(([, e]) => e.title === x.title && e.series).map(([id]) => id.replace(/#\d+$/, '')))
        const hit = take((c) => c.on === 'rsvp' && c.person === name && (ids.has(c.event) || series.has(c.event)))
        if (hit.length !== 1) {
          problems.push(`no RSVP of ${name} to "${x.title}"`)
          break
        }
        const c = hit[0] as Extract<Change, { on: 'rsvp' }>
        if (x.day && !c.event.includes(`@${x.day}`)) problems.push(`RSVP to ${c.event}, meant the one of ${x.day}`)
        // Saying "not going" removes the answer or stores not-going; both mean not going.
        const got = c.after ?? 'not-going'
        if (got !== x.answer) problems.push(`RSVP "${x.title}" ${got}, meant ${x.answer}`)
        break
      }
      case 'add-venue': {
        const hit = take((c) => c.on === 'venue' && c.before === null && c.after?.name === x.name)
        const v = hit[0]
        if (hit.length !== 1 || v?.on !== 'venue' || !v.after) {
          problems.push(`no new venue "${x.name}"`)
          break
        }
        if (x.capacity !== undefined && v.after.capacity !== x.capacity) problems.push(`venue capacity ${v.after.capacity}, meant ${x.capacity}`)
        if (x.concurrent !== undefined && v.after.concurrent !== x.concurrent) problems.push(`venue concurrent ${v.after.concurrent}, meant ${x.concurrent}`)
        break
      }
      case 'remove-venue': {
        const hit = take((c) => c.on === 'venue' && c.after === null && (c.before as { name?: string } | null)?.name === x.name)
        if (hit.length !== 1) problems.push(`venue "${x.name}" not removed`)
        break
      }
      case 'add-resource': {
        const hit = take((c) => c.on === 'resource' && c.before === null && c.after?.name === x.name)
        const r = hit[0]
        if (hit.length !== 1 || r?.on !== 'resource') problems.push(`no new resource "${x.name}"`)
        else if (x.count !== undefined && r.after?.count !== x.count) problems.push(`resource count ${r.after?.count}, meant ${x.count}`)
        break
      }
      case 'add-series': {
        const hit = take((c) => c.on === 'series' && c.before === null && c.after?.title === x.title)
        const s = hit[0]
        if (hit.length !== 1 || s?.on !== 'series' || !s.after) {
          problems.push(`no new series "${x.title}"`)
          break
        }
        const occurrences = take((c) => c.on === 'event' && c.before === null && c.after?.series === s.id)
        const first = occurrences.map((c) => (c as Extract<Change, { on: 'event' }>).after!).sort((a, b) => (a.start ?? 0) - (b.start ?? 0))[0]
        const bad: string[] = []
        if (s.after.kind !== x.kind) bad.push(`kind ${s.after.kind}, meant ${x.kind}`)
        if (s.after.rrule !== x.rrule) bad.push(`rrule ${s.after.rrule}, meant ${x.rrule}`)
        if (s.after.venue !== x.venue) bad.push(`venue ${s.after.venue}, meant ${x.venue}`)
        if (!first || first.start !== x.first) bad.push(`first ${first ? show(first.start) : 'none'}, meant ${show(x.first)}`)
        if (first && first.end !== x.end) bad.push(`end ${show(first.end)}, meant ${show(x.end)}`)
        if (bad.length) problems.push(`series "${x.title}": ${bad.join('; ')}`)
        break
      }
      default:
        break
    }
  }
  if (left.length > 0) problems.push(`also stored: ${left.slice(0, 4).map(describeChange).join(', ')}${left.length > 4 ? ` (+${left.length - 4})` : ''}`)
  return problems.length ? problems.join(' | ') : null
}

const CHANGES = new Set<Expect['type']>(['add-event', 'change-event', 'rsvp', 'add-venue', 'remove-venue', 'add-resource', 'add-series'])

function judge(step: Step, changes: Change[], before: Snapshot, reply: Reply | null): StepResult {
  const text = reply ? replyToPlainText(reply) : ''
  const tone: StepResult['tone'] = reply?.tone ?? 'none'
  const base = { step, reply: text, tone }
  const wantsChange = step.expects.some((x) => CHANGES.has(x.type))
  if (wantsChange) {
    if (changes.length === 0) {
      if (tone === 'question') return { ...base, verdict: step.askOk ? 'asked-ok' : 'asked', why: 'asked back' }
      return { ...base, verdict: 'missed', why: 'nothing stored' }
    }
    const why = judgeChanges(changes, step.expects, before, step.speaker)
    return why ? { ...base, verdict: 'wrong', why } : { ...base, verdict: 'meant' }
  }
  if (changes.length > 0) return { ...base, verdict: 'wrong', why: `stored: ${changes.slice(0, 4).map(describeChange).join(', ')}` }
  for (const x of step.expects) {
    if (x.type === 'ask' && (tone !== 'question' || (x.re && !x.re.test(text)))) return { ...base, verdict: 'missed', why: 'expected a question' }
    if (x.type === 'reply' && (!x.re.test(text) || tone === 'question' || tone === 'error')) {
      return { ...base, verdict: tone === 'question' && step.askOk ? 'asked-ok' : 'missed', why: `reply does not match ${x.re}` }
    }
    if (x.type === 'refuse' && ((tone !== 'refusal' && tone !== 'info') || (x.re && !x.re.test(text)))) return { ...base, verdict: 'missed', why: 'expected a refusal' }
  }
  return { ...base, verdict: 'meant' }
}

/** A repository with the fixture, reused by resetting: cases start from the same operations. */
export class CorpusRunner {
  #dir = ''

  static async create(): Promise<CorpusRunner> {
    const r = new CorpusRunner()
    r.#dir = await mkdtemp(join(tmpdir(), 'yurt-corpus-'))
    return r
  }

  /** Runs one case on a fresh in-memory repository built from the fixture. */
  async run(c: Case): Promise<CaseResult> {
    let clock = c.now
    const data: DataDir = await openDataDir(this.#dir, { memory: true, sync: false })
    let repo: Repo | null = null
    try {
      repo = await Repo.open(data, { now: () => clock })
      const bot = new Bot({ repo, deviceSeed: new Uint8Array(32).fill(7), kv: data.kv, now: () => clock, defaultTimezone: ZONE, defaultLang: 'en' })
      const festival = await buildFixture(repo, bot)
      await bot.setRoomSettings(PLATFORM, ROOM, { lang: c.room })
      const steps: StepResult[] = []
      for (const step of c.steps) {
        const before = await snapshot(repo, festival, clock)
        let reply: Reply | null = null
        try {
          reply = await bot.onMessage({ platform: PLATFORM, room: ROOM, user: step.speaker, userName: PEOPLE[step.speaker]!, text: step.text, ts: clock })
        } catch (err) {
          reply = { tone: 'error', blocks: [{ type: 'text', text: `threw: ${(err as Error).message}` }] }
        }
        const after = await snapshot(repo, festival, clock)
        steps.push(judge(step, diff(before, after), before, reply))
        clock += 30_000
      }
      const verdict = steps.reduce<Verdict>((w, s) => (RANK[s.verdict] > RANK[w] ? s.verdict : w), 'meant')
      return { case: c, verdict, steps }
    } finally {
      // The repo's close waits for its Yjs cache writes, then closes the data directory.
      if (repo) await repo.close()
      else await data.close()
    }
  }

  async close(): Promise<void> {
    await rm(this.#dir, { recursive: true, force: true })
  }
}

/** Counts by verdict. */
export interface Tally {
  cases: number
  meant: number
  askedOk: number
  asked: number
  missed: number
  wrong: number
}

export function tally(results: CaseResult[]): Tally {
  const t: Tally = { cases: 0, meant: 0, askedOk: 0, asked: 0, missed: 0, wrong: 0 }
  for (const r of results) {
    t.cases++
    if (r.verdict === 'meant') t.meant++
    else if (r.verdict === 'asked-ok') t.askedOk++
    else if (r.verdict === 'asked') t.asked++
    else if (r.verdict === 'missed') t.missed++
    else t.wrong++
  }
  return t
}

/** Share of cases read as meant or reasonably asked back, 0…1. */
export function shareMeant(t: Tally): number {
  return t.cases === 0 ? 1 : (t.meant + t.askedOk) / t.cases
}

/** One line per case that is not as meant: where, verdict, what was typed, why, and the reply. */
export function report(results: CaseResult[]): string {
  const lines: string[] = []
  for (const r of results) {
    if (r.verdict === 'meant' || r.verdict === 'asked-ok') continue
    for (const s of r.steps) {
      if (s.verdict === 'meant' || s.verdict === 'asked-ok') continue
      lines.push(`${s.step.where} [${s.verdict}] ${s.step.speaker}> ${s.step.text}\n    ${s.why ?? ''}\n    reply (${s.tone}): ${s.reply.replace(/\n/g, ' ⏎ ').slice(0, 300)}`)
    }
  }
  return lines.join('\n')
}
