/**
 * What the p2p layer needs from the festivals a peer holds: the {@link SyncHost} interface.
 *
 * @remarks
 * `core/repo.ts`'s `Repo` satisfies it structurally; tests pass a small in-memory fake
 * (`test/p2p/fake-host.ts`). The host owns every rule about operations: it verifies (signature, hash
 * chain, namespace rule, size), keeps out-of-order operations until their predecessors arrive,
 * ignores duplicates and stores durably. The p2p layer only moves bytes, decodes them, and counts
 * what the host refused against the peer that sent it.
 */
import type { Operation } from '../core/operation.ts'
import type { AuthorKey, FestivalId, FestivalMeta } from '../core/types.ts'

/** One author's latest operation in a festival: its sequence number (1-based) and 32-byte hash. */
export interface SyncHead {
  seq: number
  hash: Uint8Array
}

/** What became of a received operation (`core/repo.ts`'s `ReceiveResult`). */
export type SyncReceiveResult =
  | { status: 'applied' }
  | { status: 'duplicate' }
  | { status: 'pending' }
  | { status: 'rejected'; reason: string }

/** Where an operation came from, as the host reports it to its listeners. */
export type OperationOrigin = 'local' | 'remote'

/** The festivals a peer holds, as the sync protocol and the gossip see them. */
export interface SyncHost {
  /** Every festival held, with its genesis. */
  festivals(): FestivalMeta[]
  /** One festival held, or `undefined`. */
  festival(id: FestivalId): FestivalMeta | undefined
  /**
   * Registers a festival learned from another peer (a join code, a sync).
   *
   * @throws when the record is malformed or its id does not match its genesis.
   */
  adoptFestival(meta: FestivalMeta): Promise<unknown>
  /** Each author's latest sequence number and hash in a festival (empty when none). */
  heads(id: FestivalId): Map<AuthorKey, SyncHead>
  /** Up to `limit` operations of `author` with a sequence number above `afterSeq`, in ascending order. */
  opsAfter(id: FestivalId, author: AuthorKey, afterSeq: number, limit: number): Promise<Operation[]>
  /**
   * Optional form of {@link SyncHost.opsAfter} for sending: the encodings of those operations (seq
   * `afterSeq + 1`, `afterSeq + 2`, … without a gap, at most `limit`), as stored, so that an OPS is
   * built without decoding and encoding each operation again.
   */
  encodedAfter?(id: FestivalId, author: AuthorKey, afterSeq: number, limit: number): Promise<Uint8Array[]>
  /** Verifies, stores and applies an operation from another peer. Never throws on bad input. */
  receive(op: Operation): Promise<SyncReceiveResult>
  /**
   * Optional batch form of {@link SyncHost.receive}, used for the OPS of a sync session when present:
   * operations of one author of one festival, in ascending sequence order. Same outcome as calling
   * `receive` on each in turn and stopping after the first one refused; returns the results of the
   * operations handled (a prefix of `ops`, one result each).
   *
   * @remarks Lets a host verify a whole batch first and store it in one durable write, which is what
   * makes a fresh peer's catch-up fast.
   */
  receiveMany?(ops: Operation[]): Promise<SyncReceiveResult[]>
  /**
   * Optional: loads a festival's document ahead of the operations a session is about to receive for it,
   * so that the first batch does not wait for the load (a hint: a failure is the first batch's to report).
   */
  open?(id: FestivalId): Promise<unknown>
  /** Registers a listener for every operation stored; returns the function that removes it. */
  onOperation(listener: (op: Operation, origin: OperationOrigin) => void): () => void
}

/**
 * Rejection reasons that do not show the sending peer misbehaved: they depend on what this peer
 * happens to hold (a festival it does not follow, a fork whose other branch it saw first, a full
 * pending queue). Every other rejection is a forgery the sender should have caught itself, since an
 * honest peer verifies an operation before it stores or forwards it.
 */
export const NOT_A_FORGERY: ReadonlySet<string> = new Set(['unknown-festival', 'fork', 'pending-overflow'])

/** Whether a rejection counts against the peer that sent the operation. */
export function isForgery(result: SyncReceiveResult): boolean {
  return result.status === 'rejected' && !NOT_A_FORGERY.has(result.reason)
}
