/**
 * Communities: a mesh of autonomous city nodes. A community is a document like a festival (its
 * genesis says `kind: 'community'`), with the same signed operations, namespaces, sync, join codes
 * and storage; what it holds is who is a member.
 *
 * @remarks
 * A festival joins by a record `member:<festival id>` ({@link MembershipData}) that one of **its own
 * organisers** writes in their own namespace of the community's document, and leaves by a later
 * record of the same kind with `left: true` (by that organiser or another of the festival's). Nobody
 * else can make a festival a member: a record counts only when its author is an organiser of that
 * festival (`organisersOf`, `core/programme.ts`) as the festival's own replicated data says. So:
 * - a festival held here: the latest counted record (by `at`, then author key) decides; a record by
 *   anyone else is a **forged join**, ignored (and reported in {@link Membership.refused});
 * - a festival not held here yet: its claims cannot be checked, so it is listed as **pending**
 *   (never as a member) until its data arrives; the record carries its genesis so that it can be
 *   named and fetched.
 * Every replica with the same operations computes the same members.
 */
import { checkGenesis } from './festival.ts'
import type { Festival } from './festival.ts'
import type { Namespace } from './doc.ts'
import { organisersOf } from './programme.ts'
import type { Repo } from './repo.ts'
import type { Signer } from './identity.ts'
import type { AuthorKey, EventView, FestivalId, FestivalMeta, Instant, MembershipData } from './types.ts'
import { YurtError } from './errors.ts'

/** Whether a genesis is a community's. */
export function isCommunity(meta: Pick<FestivalMeta, 'kind'> | undefined): boolean {
  return meta?.kind === 'community'
}

/** One festival of a community, as the records say. */
export interface MemberView {
  id: FestivalId
  /** The festival's name (its city node), from its genesis; its short id when unknown. */
  name: string
  /** The festival's IANA zone, when its genesis is known. */
  timezone?: string
  /** The organiser whose record decided. */
  by: AuthorKey
  /** That record's time, UTC ms. */
  at: Instant
}

/** A claim that did not count: its author does not organise the festival. */
export interface RefusedClaim {
  festival: FestivalId
  author: AuthorKey
  reason: 'not-organiser'
}

/** Who is in a community, as this replica can tell (see the module notes). */
export interface Membership {
  /** Verified members, by name then id. */
  members: MemberView[]
  /** Festivals named by a join this replica cannot check yet (their data is not held), by name then id. */
  pending: MemberView[]
  /** Records ignored because their author does not organise the festival they name. */
  refused: RefusedClaim[]
}

/** What {@link membersOf} needs of a member festival held here: its genesis and validated namespaces. */
export interface HeldFestival {
  meta: FestivalMeta
  namespaces: readonly Namespace[]
}

interface Claim {
  author: AuthorKey
  record: MembershipData
}

const later = (a: Claim, b: Claim) => (a.record.at !== b.record.at ? a.record.at > b.record.at : a.author > b.author)

/**
 * The membership of a community from its namespaces.
 *
 * @param namespaces the community document's namespaces (`Festival.namespaces()`).
 * @param held a festival held here by id (its genesis and namespaces), or `undefined` when not held.
 * @param onRefused told of each record that does not count (for the log).
 */
export function membersOf(
  namespaces: readonly Namespace[],
  held: (id: FestivalId) => HeldFestival | undefined,
  onRefused?: (claim: RefusedClaim) => void,
): Membership {
  const claims = new Map<FestivalId, Claim[]>()
  for (const ns of namespaces) {
    for (const [id, record] of ns.members) {
      let list = claims.get(id)
      if (!list) claims.set(id, (list = []))
      list.push({ author: ns.author, record })
    }
  }
  const out: Membership = { members: [], pending: [], refused: [] }
  for (const [id, list] of claims) {
    const h = held(id)
    let counted = list
    if (h) {
      const organisers = organisersOf(h.meta, h.namespaces)
      counted = []
      for (const c of list) {
        if (organisers.has(c.author)) counted.push(c)
        else {
          const r: RefusedClaim = { festival: id, author: c.author, reason: 'not-organiser' }
          out.refused.push(r)
          onRefused?.(r)
        }
      }
    }
    let last: Claim | undefined
    for (const c of counted) if (!last || later(c, last)) last = c
    if (!last || last.record.left) continue
    const genesis = h?.meta ?? genesisIn(id, list)
    const view: MemberView = { id, name: genesis?.name ?? id.slice(0, 8), by: last.author, at: last.record.at }
    if (genesis) view.timezone = genesis.timezone
    ;(h ? out.members : out.pending).push(view)
  }
  const order = (a: MemberView, b: MemberView) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  out.members.sort(order)
  out.pending.sort(order)
  return out
}

/** The genesis of festival `id` carried by one of the records, checked against the id; `undefined` when none is good. */
export function genesisIn(id: FestivalId, claims: readonly { record: MembershipData }[]): FestivalMeta | undefined {
  for (const c of claims) {
    if (!c.record.genesis) continue
    const g = checkGenesis(c.record.genesis)
    if (typeof g !== 'string' && g.id === id && !isCommunity(g)) return g
  }
  return undefined
}

/** Every community held here, by name then id. */
export function communitiesIn(repo: Pick<Repo, 'festivals'>): FestivalMeta[] {
  return repo.festivals().filter(isCommunity).sort((a, b) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1))
}

/** The outcome of looking a community up by what someone typed. */
export type CommunityLookup =
  | { kind: 'found'; community: FestivalMeta }
  /** Several communities have that name (one was joined from elsewhere). */
  | { kind: 'several'; communities: FestivalMeta[] }
  /** None: `known` lists the names of the communities held here (perhaps none). */
  | { kind: 'none'; known: string[] }

/**
 * A community by id, by name (case and accents aside) or by a short id (at least 4 characters).
 * Festivals are never found here, even by id.
 */
export function findCommunity(repo: Pick<Repo, 'festivals' | 'findFestivals'>, nameOrId: string): CommunityLookup {
  const matches = repo.findFestivals(nameOrId.trim()).filter(isCommunity)
  if (matches.length === 1) return { kind: 'found', community: matches[0]! }
  if (matches.length > 1) return { kind: 'several', communities: matches }
  return { kind: 'none', known: communitiesIn(repo).map((c) => c.name) }
}

/** The membership of a community held in `repo`, opening the member festivals held (see {@link membersOf}). */
export async function communityMembers(repo: Repo, community: FestivalId, onRefused?: (claim: RefusedClaim) => void): Promise<Membership> {
  const doc = await repo.open(community)
  const held = new Map<FestivalId, HeldFestival>()
  for (const ns of doc.namespaces()) {
    for (const id of ns.members.keys()) {
      if (held.has(id)) continue
      const meta = repo.festival(id)
      if (!meta || isCommunity(meta)) continue
      held.set(id, { meta, namespaces: (await repo.open(id)).namespaces() })
    }
  }
  return membersOf(doc.namespaces(), (id) => held.get(id), onRefused)
}

/** Why {@link setMembership} wrote nothing. */
export type MembershipRefusal =
  /** The community is not a community's document (or not held). */
  | 'not-a-community'
  /** The festival is not held here, so its organisers cannot be checked. */
  | 'unknown-festival'
  /** A community cannot be a member of a community. */
  | 'is-a-community'
  /** The signer does not organise the festival: the join (or leave) would be forged. */
  | 'not-organiser'
  /** Joining a festival already a member, or leaving one that is not. */
  | 'unchanged'

/**
 * Makes a festival join (`join: true`) or leave a community, by one of the festival's organisers:
 * one signed operation in the signer's namespace of the community's document.
 *
 * @param now the author's clock, UTC ms (the record's `at`).
 * @returns `{ ok: true }` once the operation is durably stored, or the reason nothing was written.
 * @throws what `Repo.commit` throws (a store failure).
 */
export async function setMembership(
  repo: Repo,
  input: { community: FestivalId; festival: FestivalId; signer: Signer; join: boolean; now: Instant },
): Promise<{ ok: true } | { ok: false; reason: MembershipRefusal }> {
  const community = repo.festival(input.community)
  if (!isCommunity(community)) return { ok: false, reason: 'not-a-community' }
  const festival = repo.festival(input.festival)
  if (!festival) return { ok: false, reason: 'unknown-festival' }
  if (isCommunity(festival)) return { ok: false, reason: 'is-a-community' }
  const organisers = organisersOf(festival, (await repo.open(festival.id)).namespaces())
  if (!organisers.has(input.signer.key)) return { ok: false, reason: 'not-organiser' }
  const current = await communityMembers(repo, community!.id)
  const isMember = current.members.some((m) => m.id === festival.id)
  if (isMember === input.join) return { ok: false, reason: 'unchanged' }
  const { id: _id, ...genesis } = festival
  const record: MembershipData = input.join ? { at: input.now, genesis: { ...genesis, id: festival.id } } : { at: input.now, left: true }
  await repo.commit(community!.id, input.signer, (w) => w.setMember(festival.id, record))
  return { ok: true }
}

/** One event of a community's calendar: the event as its own festival's view shows it, and that festival. */
export interface MeshEvent {
  event: EventView
  /** The member festival (its city node): its name and its IANA zone are how the event is shown. */
  festival: FestivalMeta
}

/**
 * The events of every verified member festival held here (pending ones are not held), each tagged
 * with its festival, in start order (then festival name, then the festival's own order); cancelled
 * ones included (their status says so) and unscheduled ones left out.
 *
 * @param range when given, only events that overlap `[from, to)` (UTC ms).
 * @throws YurtError when `community` is not a community held here.
 */
export async function meshEvents(repo: Repo, community: FestivalId, options: { now?: Instant; from?: Instant; to?: Instant } = {}): Promise<{ events: MeshEvent[]; membership: Membership }> {
  if (!isCommunity(repo.festival(community))) throw new YurtError(`${community} is not a community held here`)
  const membership = await communityMembers(repo, community)
  const now = options.now ?? repo.now()
  const events: MeshEvent[] = []
  for (const m of membership.members) {
    const f: Festival = await repo.open(m.id)
    for (const event of f.view(now).events) {
      if (event.start === null || event.end === null) continue
      if (options.from !== undefined && event.end <= options.from) continue
      if (options.to !== undefined && event.start >= options.to) continue
      events.push({ event, festival: f.meta })
    }
  }
  events.sort((a, b) => a.event.start! - b.event.start! || a.festival.name.localeCompare(b.festival.name))
  return { events, membership }
}

