/**
 * Live operations over gossipsub: one topic per festival, and the check every message passes
 * before gossipsub delivers or forwards it.
 *
 * @remarks
 * A message's data is one encoded operation (`core/operation.ts`). Messages are unsigned at the
 * gossipsub level (`StrictNoSign`) and identified by the SHA-256 of their data, so the same
 * operation published by two peers is one message: the operation carries its author's own
 * signature, and gossipsub's would only prove who relayed it.
 */
import { gossipsub, StrictNoSign } from '@libp2p/gossipsub'
import { decodeOperation, type Operation } from '../core/operation.ts'
import type { FestivalId } from '../core/types.ts'
import { isForgery, type SyncHost, type SyncReceiveResult } from './host.ts'

/** The gossipsub topic of a festival's live operations. */
export function festivalTopic(id: FestivalId): string {
  return `yurt/festival/${id}/1`
}

/** The festival a topic belongs to, or `null` for any other topic. */
export function topicFestival(topic: string): FestivalId | null {
  const m = /^yurt\/festival\/([a-z0-9_-]{1,64})\/1$/.exec(topic)
  return m ? (m[1] as FestivalId) : null
}

/** What to tell gossipsub about a message (the values of its `TopicValidatorResult`). */
export type GossipVerdict = 'accept' | 'ignore' | 'reject'

/** The outcome of checking one gossiped message. */
export interface GossipCheck {
  verdict: GossipVerdict
  /** The decoded operation, when the bytes were one. */
  op?: Operation
  /** What the host made of it, when it got that far. */
  result?: SyncReceiveResult
  /** Why the sender is struck, when it is. */
  strike?: { kind: 'malformed' | 'forgery' | 'violation'; reason: string }
  /** The host keeps the operation until its predecessors arrive: sync with the sender. */
  needsSync?: boolean
}

/**
 * Checks a gossiped message on `topic` and hands its operation to the host.
 *
 * @remarks Accepted (delivered and forwarded) only when the host applied it; a duplicate, an
 * operation kept pending, or one refused for a reason that is no forgery is ignored (neither
 * forwarded nor held against the sender); bytes that are no operation, an operation of another
 * festival, or a forgery are rejected and struck.
 */
export async function checkGossip(host: SyncHost, topic: string, data: Uint8Array): Promise<GossipCheck> {
  const festival = topicFestival(topic)
  if (festival === null) return { verdict: 'ignore' }
  let op: Operation
  try {
    op = decodeOperation(data)
  } catch {
    return { verdict: 'reject', strike: { kind: 'malformed', reason: 'not an operation' } }
  }
  if (op.festival !== festival) return { verdict: 'reject', op, strike: { kind: 'violation', reason: 'operation of another festival' } }
  const result = await host.receive(op)
  switch (result.status) {
    case 'applied':
      return { verdict: 'accept', op, result }
    case 'duplicate':
      return { verdict: 'ignore', op, result }
    case 'pending':
      return { verdict: 'ignore', op, result, needsSync: true }
    case 'rejected':
      return isForgery(result)
        ? { verdict: 'reject', op, result, strike: { kind: 'forgery', reason: result.reason } }
        : { verdict: 'ignore', op, result }
  }
}

/**
 * The gossipsub service every yurt peer runs, bot and page alike: operations carry their own Ed25519
 * signatures, so gossipsub's own signing is off (`StrictNoSign`); a peer alone on the topic still
 * publishes (the operation is in its log, and sync sessions carry it later).
 */
export function yurtGossipsub(): ReturnType<typeof gossipsub> {
  return gossipsub({
    allowPublishToZeroTopicPeers: true,
    ignoreDuplicatePublishError: true,
    emitSelf: false,
    globalSignaturePolicy: StrictNoSign,
    fallbackToFloodsub: false,
  })
}
