/**
 * Person-to-person rounds ("P2P – Person-to-person, 10 minutes, 5 meetings"): when each round of an
 * event starts, who takes part, and who meets whom. Pure and deterministic: a function of the
 * festival's signed data only, so every peer computes the same pairs.
 *
 * @remarks
 * Data (`core/doc.ts`): an organiser writes {@link RoundsData} under `rp:<event or series id>` in
 * their own namespace; it counts when the writer is the event's (or series') author, one of its
 * co-organisers, or an organiser of the festival (`organisersOf`), and the latest by `at` among those
 * wins. A participant writes {@link RoundsOptIn} under `ri:<event or occurrence id>` in theirs.
 *
 * Who takes part in round k (starting at T, UTC ms): everyone going to the event (whose answer, when
 * its time is recorded, was given by T) and everyone who opted in by T, minus everyone who opted
 * out by T. So a person who joins during round 2 enters at round 3, and one who leaves drops out of
 * the next round.
 *
 * Pairing ({@link pairRounds}): the participants are ordered by SHA-256(seed ‖ key), where the seed
 * is SHA-256 of `yurt-rounds`, the event's id and the sorted keys of the first round's participants
 * (so a later joiner changes no round already held); each round is the circle method's (Kirkman's round-robin) round of that order; with an odd
 * count, a ghost makes the count even, and whoever the ghost draws joins the pair they met least
 * (one trio; nobody alone). Then the round is repaired: a pair that met before swaps partners with
 * another pair when both new pairs are new.
 *
 * Guarantees: while the set of participants stays the same and is even, no two people meet twice in
 * the first n − 1 rounds (the circle method is a 1-factorisation of the complete graph). With an odd
 * count the circle never pairs two people twice; a repeat comes only from a trio (the trio's
 * member meeting someone again, or a later pair being someone's trio partner before, when no swap
 * avoids it), and some are forced: 7 people in 5 rounds make 25 meetings among 21 possible ones. When the set changes
 * (joiners, leavers), every round still puts everyone in exactly one group of two (one of three when
 * the count is odd), and a repeat survives only when no swap of two partners removes it; the tests
 * check that 10 people, 2 joining and 1 leaving after round 2, meet nobody twice in 5 rounds.
 * Fewer than 2 participants: no groups.
 */
import { sha256, toHex, utf8 } from './bytes.ts'
import { addDays, dayOf, instantAt, MINUTE } from './time.ts'
import type { AuthorKey, EntityId, EventView, FestivalMeta, Instant, ScheduleView } from './types.ts'
import type { Namespace } from './doc.ts'
import { organisersOf } from './programme.ts'

/** Rounds set on an event or a series (`rp:<id>`), by an organiser. */
export interface RoundsData {
  /** When the first round starts: a wall time `HH:MM` (24 h) in the festival's zone, on the event's (occurrence's) day. */
  clock: string
  /** How many rounds (1 … {@link MAX_ROUNDS}); 0 = the rounds were called off. */
  count: number
  /** Length of each round, minutes (1 … {@link MAX_ROUND_MINUTES}). */
  minutes: number
  /** When it was written, UTC ms of the writer's clock: the latest counts. */
  at: Instant
}

/** One person's yes or no to an event's rounds (`ri:<event or occurrence id>`). */
export interface RoundsOptIn {
  /** When they said "I'm in", UTC ms of their clock. */
  joined?: Instant
  /** When they said "I'm out", UTC ms; set only while they are out. */
  left?: Instant
}

export const MAX_ROUNDS = 20
export const MAX_ROUND_MINUTES = 120

/** One group of a round: two people, or three when the count was odd. Keys in their order of the round. */
export type Group = AuthorKey[]

/** One round of an event, with its groups. */
export interface Round {
  /** 1-based. */
  n: number
  /** Start and end, UTC ms. */
  start: Instant
  end: Instant
  participants: AuthorKey[]
  groups: Group[]
}

/** An event (or an occurrence of a series) that has rounds. */
export interface RoundsPlan {
  /** What opt-ins and RSVPs are keyed by: the event's id, or the occurrence's id. */
  target: EntityId
  /** The event of the view it belongs to (for an occurrence with a programme: its first part). */
  event: EventView
  rounds: RoundsData
  /** Who wrote the rounds. */
  by: AuthorKey
  /** Start of each round, UTC ms (round k at index k − 1). */
  starts: Instant[]
}

/** Whether a value read from the document is {@link RoundsData}. */
export function isRoundsData(v: unknown): v is RoundsData {
  if (typeof v !== 'object' || v === null) return false
  const r = v as Record<string, unknown>
  return typeof r.clock === 'string' && /^(?:[01]\d|2[0-3]):[0-5]\d$/.test(r.clock) &&
    Number.isInteger(r.count) && (r.count as number) >= 0 && (r.count as number) <= MAX_ROUNDS &&
    Number.isInteger(r.minutes) && (r.minutes as number) >= 1 && (r.minutes as number) <= MAX_ROUND_MINUTES &&
    typeof r.at === 'number' && Number.isFinite(r.at)
}

/** Whether a value read from the document is {@link RoundsOptIn}. */
export function isRoundsOptIn(v: unknown): v is RoundsOptIn {
  if (typeof v !== 'object' || v === null) return false
  const r = v as Record<string, unknown>
  const t = (x: unknown) => x === undefined || (typeof x === 'number' && Number.isFinite(x))
  return t(r.joined) && t(r.left) && (r.joined !== undefined || r.left !== undefined)
}

/**
 * The start instants of `count` rounds: the first at `clock` on `day` in `zone` (RFC 5545's
 * `compatible` reading of a wall time), the next ones `minutes` of elapsed time apart.
 */
export function roundStarts(day: string, rounds: Pick<RoundsData, 'clock' | 'count' | 'minutes'>, zone: string): Instant[] {
  const first = instantAt(day, rounds.clock, zone)
  return Array.from({ length: rounds.count }, (_, i) => first + i * rounds.minutes * MINUTE)
}

/**
 * The local day (`YYYY-MM-DD` in `zone`) the first round of an event starting at `start` (UTC ms)
 * falls on: the event's day, or the next one for a clock more than 12 hours before the start (an
 * evening that goes past midnight, rounds at 00:30).
 */
export function roundsDay(start: Instant, clock: string, zone: string): string {
  const day = dayOf(start, zone)
  return instantAt(day, clock, zone) < start - 12 * 60 * MINUTE ? addDays(day, 1) : day
}

/** The rounds in force for `id` (an event or a series): the latest record by a writer `may` accepts. */
function latestRounds(namespaces: readonly Namespace[], id: EntityId, may: (a: AuthorKey) => boolean): { data: RoundsData; by: AuthorKey } | null {
  let best: { data: RoundsData; by: AuthorKey } | null = null
  for (const ns of namespaces) {
    const r = ns.roundPlans.get(id)
    if (!r || !may(ns.author)) continue
    if (!best || r.at > best.data.at || (r.at === best.data.at && ns.author < best.by)) best = { data: r, by: ns.author }
  }
  return best
}

/**
 * Every event and occurrence of the view that has rounds (count ≥ 1), by the first round's start.
 * An occurrence takes its own record (`rp:<occurrence id>`) when there is one, else its series'.
 */
export function roundsPlans(meta: FestivalMeta, namespaces: readonly Namespace[], view: ScheduleView): RoundsPlan[] {
  const organisers = organisersOf(meta, namespaces)
  const seriesById = new Map(view.series.map((s) => [s.id as string, s]))
  const out: RoundsPlan[] = []
  const seen = new Set<string>()
  const any = namespaces.some((ns) => ns.roundPlans.size > 0)
  if (!any) return out
  for (const ev of view.events) {
    if (ev.start === null || ev.status === 'cancelled') continue
    const target = (ev.occurrence?.id ?? ev.id) as EntityId
    if (seen.has(target)) continue
    let found: { data: RoundsData; by: AuthorKey } | null
    if (ev.occurrence) {
      const s = seriesById.get(ev.occurrence.series)
      if (!s) continue
      const may = (a: AuthorKey) => a === s.author || organisers.has(a)
      found = latestRounds(namespaces, target, may) ?? latestRounds(namespaces, s.id as EntityId, may)
    } else {
      found = latestRounds(namespaces, ev.id, (a) => a === ev.author || (ev.coOrganizers?.includes(a) ?? false) || organisers.has(a))
    }
    if (!found || found.data.count < 1) continue
    seen.add(target)
    const zone = meta.timezone
    out.push({ target, event: ev, rounds: found.data, by: found.by, starts: roundStarts(roundsDay(ev.start, found.data.clock, zone), found.data, zone) })
  }
  return out.sort((a, b) => a.starts[0]! - b.starts[0]! || (a.target < b.target ? -1 : 1))
}

/**
 * Who takes part in a round starting at `at` (see the module notes): going ∪ opted in, minus opted
 * out, each as of `at`. Sorted by key.
 */
export function participantsAt(plan: Pick<RoundsPlan, 'target' | 'event'>, namespaces: readonly Namespace[], at: Instant): AuthorKey[] {
  const going = new Set(plan.event.going)
  const out: AuthorKey[] = []
  for (const ns of namespaces) {
    const opt = ns.roundsOptIns.get(plan.target)
    if (opt?.left !== undefined && opt.left <= at) continue
    const rsvpAt = ns.rsvpAt.get(plan.target)
    const isGoing = going.has(ns.author) && (rsvpAt === undefined || rsvpAt <= at)
    const joined = opt?.joined !== undefined && opt.joined <= at
    if (isGoing || joined) out.push(ns.author)
  }
  return out.sort()
}

/** The rounds of a plan, each with its participants and groups. */
export function roundsOf(plan: RoundsPlan, namespaces: readonly Namespace[]): Round[] {
  const sets = plan.starts.map((start) => participantsAt(plan, namespaces, start))
  const groups = pairRounds(plan.target, sets)
  return plan.starts.map((start, i) => ({ n: i + 1, start, end: start + plan.rounds.minutes * MINUTE, participants: sets[i]!, groups: groups[i]! }))
}

const pairKey = (a: string, b: string) => (a < b ? `${a} ${b}` : `${b} ${a}`)

/**
 * The groups of each round, given who takes part in each (a set: the order of the keys does not
 * matter). Round i of the result holds the groups of `participants[i]`.
 *
 * @param id the event's (or occurrence's) id: part of the seed.
 */
export function pairRounds(id: string, participants: readonly (readonly string[])[]): AuthorKey[][][] {
  // The first round's set fixes the seed: later joiners do not change the rounds already held.
  const first = [...new Set(participants[0] ?? [])].sort()
  const seedHex = toHex(sha256(utf8(['yurt-rounds', id, ...first].join('\0'))))
  const rank = new Map<string, string>()
  for (const k of new Set(participants.flat())) rank.set(k, toHex(sha256(utf8(`${seedHex}\0${k}`))))
  const met = new Map<string, number>()
  const out: AuthorKey[][][] = []
  for (let r = 0; r < participants.length; r++) {
    const people = [...new Set(participants[r])].sort((a, b) => (rank.get(a)! < rank.get(b)! ? -1 : rank.get(a)! > rank.get(b)! ? 1 : a < b ? -1 : 1))
    const groups = pairOne(people, r, met)
    for (const g of groups) for (let i = 0; i < g.length; i++) for (let j = i + 1; j < g.length; j++) {
      const k = pairKey(g[i]!, g[j]!)
      met.set(k, (met.get(k) ?? 0) + 1)
    }
    out.push(groups as AuthorKey[][])
  }
  return out
}

/** One round: the circle method's round `r` of `people` (in seeded order), then the trio, then repairs. */
function pairOne(people: string[], r: number, met: Map<string, number>): string[][] {
  if (people.length < 2) return []
  const ghost = people.length % 2 === 1
  const slots: (string | null)[] = ghost ? [...people, null] : [...people]
  const n = slots.length
  // Circle method: slot 0 fixed, the others rotate by r.
  const at = (i: number) => (i === 0 ? slots[0]! : slots[1 + ((i - 1 + r) % (n - 1))]!)
  const pairs: string[][] = []
  let alone: string | null = null
  for (let i = 0; i < n / 2; i++) {
    const a = at(i)
    const b = at(n - 1 - i)
    if (a === null) alone = b
    else if (b === null) alone = a
    else pairs.push([a, b])
  }
  const seen = (a: string, b: string) => met.get(pairKey(a, b)) ?? 0
  repair(pairs, seen)
  if (alone !== null) {
    // The trio: the pair the ghost's partner met least, the first such in the round's order.
    let best = 0
    let score = Infinity
    pairs.forEach((p, i) => {
      const s = seen(alone!, p[0]!) + seen(alone!, p[1]!)
      if (s < score) {
        score = s
        best = i
      }
    })
    pairs[best]!.push(alone)
  }
  return pairs
}

/** Swaps partners between two pairs while that lowers the number of repeated meetings. */
function repair(pairs: string[][], seen: (a: string, b: string) => number): void {
  const cost = (p: string[]) => seen(p[0]!, p[1]!)
  for (let pass = 0; pass < 20; pass++) {
    let improved = false
    for (let i = 0; i < pairs.length; i++) {
      if (cost(pairs[i]!) === 0) continue
      for (let j = 0; j < pairs.length && cost(pairs[i]!) > 0; j++) {
        if (j === i) continue
        const [a, b] = pairs[i]!
        const [c, d] = pairs[j]!
        const before = cost(pairs[i]!) + cost(pairs[j]!)
        for (const [x, y] of [[[a!, c!], [b!, d!]], [[a!, d!], [b!, c!]]] as const) {
          if (seen(x[0], x[1]) + seen(y[0], y[1]) < before) {
            pairs[i] = [...x]
            pairs[j] = [...y]
            improved = true
            break
          }
        }
      }
    }
    if (!improved) return
  }
}
