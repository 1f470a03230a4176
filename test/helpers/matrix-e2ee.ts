/**
 * A person whose client encrypts for real: matrix-js-sdk 43 with its Rust crypto (the same
 * `@matrix-org/matrix-sdk-crypto-wasm` Element Web runs), on an account of the test homeserver.
 *
 * @remarks
 * Its crypto store is in memory (`initRustCrypto({ useIndexedDB: false })`), so a person lives as
 * long as the test. It creates rooms encrypted from the start (`m.room.encryption` in the initial
 * state, as Element does for private rooms), sends what Element sends (messages encrypted,
 * reactions in the clear, as matrix-js-sdk does) and reads a room's events as the homeserver has them
 * (`/messages`), each decrypted by its client's crypto — independent of when the client's own
 * timeline catches up with a join.
 */
import { createClient, ClientEvent, MatrixEvent, type IEvent, type MatrixClient } from 'matrix-js-sdk'
import { logger as sdkLogger } from 'matrix-js-sdk/lib/logger.js'
import { waitFor, type Homeserver, type TestAccount } from './synapse.ts'

;(sdkLogger as unknown as { setLevel(level: string): void }).setLevel('silent')

/** matrix-js-sdk's logger interface, silent (its Rust crypto logs through it too). */
const silent = {
  trace: () => {},
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  getChild: () => silent,
}

/** A room event after decryption, as the person's client shows it. */
export interface ClearEvent {
  event_id: string
  sender: string
  /** The clear type (`m.room.message`), whatever was on the wire. */
  type: string
  /** The type on the wire: `m.room.encrypted` for an encrypted event. */
  wireType: string
  content: Record<string, any>
  /** True when the client could not decrypt it (then `content` is the client's error placeholder). */
  decryptionFailed: boolean
}

/** A person on matrix-js-sdk with end-to-end encryption; see the module remarks. */
export class EncryptingPerson {
  readonly client: MatrixClient
  readonly account: TestAccount
  readonly deviceId: string

  private constructor(client: MatrixClient, account: TestAccount, deviceId: string) {
    this.client = client
    this.account = account
    this.deviceId = deviceId
  }

  get userId(): string {
    return this.account.userId
  }

  /** Starts the client with Rust crypto; resolves once its first sync is done (at most 30 s). */
  static async start(hs: Homeserver, account: TestAccount): Promise<EncryptingPerson> {
    const who = (await (await fetch(`${hs.url}/_matrix/client/v3/account/whoami`, { headers: { authorization: `Bearer ${account.accessToken}` } })).json()) as { device_id: string }
    const client = createClient({ baseUrl: hs.url, accessToken: account.accessToken, userId: account.userId, deviceId: who.device_id, logger: silent })
    await client.initRustCrypto({ useIndexedDB: false })
    const prepared = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${account.userId}: no first sync within 30 s`)), 30_000)
      client.on(ClientEvent.Sync, (state) => {
        if (state === 'PREPARED' || state === 'SYNCING') {
          clearTimeout(timer)
          resolve()
        }
      })
    })
    await client.startClient({ initialSyncLimit: 50 })
    await prepared
    return new EncryptingPerson(client, account, who.device_id)
  }

  /** Creates a room that is encrypted from its first event (Megolm), inviting `invite`. */
  async createEncryptedRoom(options: { invite: string[]; name?: string; isDirect?: boolean }): Promise<string> {
    const { room_id } = await this.client.createRoom({
      preset: (options.isDirect ? 'trusted_private_chat' : 'private_chat') as never,
      invite: options.invite,
      ...(options.name ? { name: options.name } : {}),
      ...(options.isDirect ? { is_direct: true } : {}),
      initial_state: [{ type: 'm.room.encryption', state_key: '', content: { algorithm: 'm.megolm.v1.aes-sha2' } }],
    })
    await waitFor(() => this.client.getRoom(room_id)?.hasEncryptionStateEvent(), { what: `${room_id} in the client, encrypted` })
    return room_id
  }

  /** Joins a room the person was invited to; resolves once the homeserver has the join. */
  async join(roomId: string): Promise<void> {
    await this.client.joinRoom(roomId)
    await waitFor(
      async () => ((await this.client.getStateEvent(roomId, 'm.room.member', this.userId)) as { membership?: string }).membership === 'join',
      { what: `the join of ${roomId}` },
    )
  }

  /** Sends an `m.text` (encrypted when the room is), extra content merged in; resolves with its event id. */
  async say(roomId: string, body: string, extra: Record<string, unknown> = {}): Promise<string> {
    const { event_id } = await this.client.sendEvent(roomId, 'm.room.message' as never, { msgtype: 'm.text', body, ...extra } as never)
    return event_id
  }

  /** Reacts with `key` to `target` (matrix-js-sdk, like Element, sends reactions in the clear). */
  async react(roomId: string, target: string, key: string): Promise<string> {
    const { event_id } = await this.client.sendEvent(roomId, 'm.reaction' as never, { 'm.relates_to': { rel_type: 'm.annotation', event_id: target, key } } as never)
    return event_id
  }

  /** The room's latest 100 events as the homeserver has them, each decrypted by the client, oldest first. */
  async events(roomId: string): Promise<ClearEvent[]> {
    const path = `/rooms/${encodeURIComponent(roomId)}/messages`
    const { chunk } = await this.client.http.authedRequest<{ chunk: Partial<IEvent>[] }>('GET' as never, path, { dir: 'b', limit: '100' })
    const out: ClearEvent[] = []
    for (const raw of chunk.reverse()) {
      const ev = new MatrixEvent({ ...raw, room_id: roomId })
      await this.client.decryptEventIfNeeded(ev)
      out.push({
        event_id: ev.getId() ?? '',
        sender: ev.getSender() ?? '',
        type: ev.getType(),
        wireType: ev.getWireType(),
        content: ev.getContent() as Record<string, any>,
        decryptionFailed: ev.isDecryptionFailure(),
      })
    }
    return out
  }

  /** The messages `sender` sent in the room, decrypted, oldest first. */
  async messagesFrom(roomId: string, sender: string): Promise<ClearEvent[]> {
    return (await this.events(roomId)).filter((e) => e.sender === sender && e.type === 'm.room.message')
  }

  /** Stops syncing and releases the crypto machine. */
  stop(): void {
    this.client.stopClient()
  }
}
