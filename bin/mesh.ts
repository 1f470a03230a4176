/**
 * Finding each other across a community: a peer that holds a community fetches the member
 * festivals it lists (`core/community.ts`), unless that community was joined `--list-only`.
 *
 * @remarks
 * The members a community lists but this peer does not hold are *pending* (their joins cannot be
 * checked yet); each is followed by id (`YurtPeer.follow`), so that the first connected peer that
 * holds it hands over its genesis and operations. That runs at start, and again shortly after any
 * change to a community's document (a new member's join arriving from another node). A join record
 * whose author does not organise the festival is logged and ignored, never fetched for.
 */
import { communitiesIn, communityMembers } from '../core/community.ts'
import type { Membership } from '../core/community.ts'
import { logger } from '../core/log.ts'
import type { FestivalId } from '../core/types.ts'
import type { YurtPeer } from '../p2p/node.ts'
import type { Opened } from './app.ts'

/** The data directory's list of communities whose members are listed but not fetched. */
const LIST_ONLY = 'mesh/list-only'

/** Delay after a change to a community's document before its new members are fetched (ms). */
export const MESH_FETCH_DELAY_MS = 100

const log = logger('bin:mesh')

/** The communities joined with `--list-only`, by id. */
export async function listOnly(opened: Pick<Opened, 'data'>): Promise<Set<FestivalId>> {
  return new Set(((await opened.data.kv.get(LIST_ONLY)) as FestivalId[] | undefined) ?? [])
}

/** Marks a community as listed only (`true`: its members are not fetched) or fetched again (`false`). */
export async function setListOnly(opened: Pick<Opened, 'data'>, community: FestivalId, only: boolean): Promise<void> {
  const set = await listOnly(opened)
  if (only) set.add(community)
  else set.delete(community)
  await opened.data.kv.put(LIST_ONLY, [...set])
}

/**
 * Follows (and so fetches from the connected peers) every festival a community held here lists
 * but this peer does not hold; communities joined `--list-only` are skipped.
 *
 * @param only one community, else every community held.
 * @returns the ids asked for, once each was synced with the connected peers.
 */
export async function fetchMembers(opened: Opened, peer: YurtPeer, only?: FestivalId): Promise<FestivalId[]> {
  const skip = await listOnly(opened)
  const asked: FestivalId[] = []
  for (const c of communitiesIn(opened.repo)) {
    if ((only !== undefined && c.id !== only) || skip.has(c.id)) continue
    const m: Membership = await communityMembers(opened.repo, c.id, (r) => log.warn({ community: c.id, festival: r.festival, author: r.author }, 'community: ignored a join by someone who does not organise the festival'))
    for (const p of m.pending) asked.push(p.id)
  }
  await Promise.all(asked.map((id) => peer.follow(id)))
  return asked
}

/**
 * Keeps fetching new members: after every change to a community's document (local or from a
 * peer), {@link fetchMembers} runs once the burst settled. Returns the function that stops it.
 */
export function watchMembers(opened: Opened, peer: YurtPeer): () => void {
  let timer: NodeJS.Timeout | null = null
  const run = () => {
    timer = null
    fetchMembers(opened, peer).catch((err) => log.warn({ err: String(err) }, 'community: fetching members failed'))
  }
  run()
  return opened.repo.onOperation((op) => {
    if (timer || opened.repo.festival(op.festival)?.kind !== 'community') return
    timer = setTimeout(run, MESH_FETCH_DELAY_MS)
    timer.unref()
  })
}
