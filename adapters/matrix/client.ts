/**
 * A matrix-bot-sdk `MatrixClient` whose sync loop awaits the adapter.
 *
 * @remarks
 * The sdk's `EventEmitter` does not wait for listeners, and by default stores the next sync token
 * before the batch is handled. Here the sync token is persisted only after every event of the batch
 * went through the adapter (`persistTokenAfterSync`), events are handed over in order and awaited,
 * and a sync that returns after {@link SyncHooks.isStopped} is dropped without storing its token, so
 * a restart neither loses nor repeats a batch. The first sync does not long-poll, so that start
 * resolves once the catch-up is handled. The sdk's own retry loop (5–15 s backoff) is kept: it is
 * what carries the bot over a homeserver restart.
 *
 * In an encrypted room the sdk's crypto asks `getJoinedRoomMembers` whose devices get the room key;
 * here invited members are counted too unless the room's history visibility is `joined` (Element
 * does the same), so that a person invited into a direct room the bot just created can read what
 * the bot said before they joined.
 */
import type { ICryptoStorageProvider, IStorageProvider, MatrixClient } from 'matrix-bot-sdk'
import type { MatrixSdk } from './sdk.ts'

/** What the adapter plugs into the sync loop. */
export interface SyncHooks {
  /** Sees each raw `/sync` response before it is processed; `since` is null for an initial sync. */
  onSyncResponse(raw: SyncResponse, since: string | null): void
  /** Handles one emitted sdk event (`room.event`, `room.invite`, …); awaited, in order. */
  onEmit(name: string, payload: unknown[]): Promise<void>
  /** Runs after a batch was handled and before its token is stored. */
  afterSync(): void
  /** True once the adapter was stopped: later syncs are dropped. */
  isStopped(): boolean
  /** Told when the sdk's crypto fails on a room event or join it was not awaited for (`what`: which). */
  onCryptoError?(what: string, roomId: string, err: unknown): void
}

/** The parts of a `/sync` response the adapter reads (Matrix client-server spec, `GET /sync`). */
export interface SyncResponse {
  next_batch?: string
  rooms?: {
    join?: Record<string, { state?: { events?: RawEvent[] }; timeline?: { events?: RawEvent[]; limited?: boolean } }>
  }
}

/** A room event as it arrives from the homeserver. */
export interface RawEvent {
  event_id: string
  type: string
  sender: string
  origin_server_ts: number
  state_key?: string
  content?: Record<string, unknown>
  redacts?: string
  unsigned?: Record<string, unknown>
}

/** Thrown inside the sync loop to drop a batch that arrived after stop. */
export class SyncStoppedError extends Error {
  override name = 'SyncStoppedError'
  constructor() {
    super('the Matrix adapter was stopped; this sync batch is dropped')
  }
}

/** Creates a client whose sync loop feeds `hooks` (see the module remarks). */
export function createSyncClient(
  sdk: MatrixSdk,
  homeserverUrl: string,
  accessToken: string,
  storage: IStorageProvider,
  cryptoStore: ICryptoStorageProvider | undefined,
  hooks: SyncHooks,
): MatrixClient {
  class YurtMatrixClient extends sdk.MatrixClient {
    constructor() {
      super(homeserverUrl, accessToken, storage, cryptoStore)
      this.persistTokenAfterSync = true
      // The sdk calls these from its own listeners without awaiting them: a failure (a key query the
      // homeserver refused, a stop in between) would be an unhandled rejection, which ends the process.
      const crypto = this.crypto as unknown as Record<'onRoomEvent' | 'onRoomJoin', (...args: unknown[]) => Promise<void>> | undefined
      if (crypto) {
        for (const name of ['onRoomEvent', 'onRoomJoin'] as const) {
          const original = crypto[name].bind(crypto)
          crypto[name] = (...args: unknown[]) => original(...args).catch((err: unknown) => hooks.onCryptoError?.(name, args[0] as string, err))
        }
      }
    }

    protected override startSyncInternal(): Promise<any> {
      return this.startSync(async (name: string, ...payload: unknown[]) => {
        if (hooks.isStopped()) throw new SyncStoppedError()
        this.emit(name, ...payload)
        await hooks.onEmit(name, payload)
      })
    }

    private caughtUp = false

    /** Joined members, and invited ones unless history is visible to joined members only (see the module remarks). */
    override async getJoinedRoomMembers(roomId: string): Promise<string[]> {
      const joined = await super.getJoinedRoomMembers(roomId)
      const visibility = await this.getRoomStateEvent(roomId, 'm.room.history_visibility', '')
        .then((c: { history_visibility?: string }) => c?.history_visibility)
        .catch(() => undefined)
      if (visibility === 'joined') return joined
      const invited = await this.getRoomMembers(roomId, undefined, ['invite']).catch(() => [])
      return [...new Set([...joined, ...invited.map((m) => m.membershipFor)])]
    }

    protected override async doSync(token: string): Promise<any> {
      // The first sync of a session returns at once with what happened meanwhile (no long-poll),
      // so that start() can resolve as soon as the catch-up is handled.
      const longPoll = this.syncingTimeout
      if (!this.caughtUp) this.syncingTimeout = 0
      let raw: SyncResponse
      try {
        raw = (await super.doSync(token)) as SyncResponse
      } finally {
        this.syncingTimeout = longPoll
      }
      this.caughtUp = true
      if (hooks.isStopped()) throw new SyncStoppedError()
      hooks.onSyncResponse(raw, token || null)
      return raw
    }

    protected override async processSync(raw: any, emitFn?: (name: string, ...payload: any[]) => Promise<any>): Promise<any> {
      await super.processSync(raw, emitFn)
      if (hooks.isStopped()) throw new SyncStoppedError()
      hooks.afterSync()
    }
  }
  return new YurtMatrixClient()
}
