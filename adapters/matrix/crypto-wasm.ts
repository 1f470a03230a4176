/**
 * `@matrix-org/matrix-sdk-crypto-nodejs`, the part matrix-bot-sdk 0.8 uses, on top of
 * `@matrix-org/matrix-sdk-crypto-wasm` (the same Rust crypto, compiled to WebAssembly and shipped
 * inside its npm package).
 *
 * @remarks
 * matrix-bot-sdk's `CryptoClient` and `RustEngine` drive an `OlmMachine` of the native binding, which
 * cannot load where its binary download is blocked. `adapters/matrix/sdk.ts` then resolves the
 * native package's name to this module (`module.registerHooks`), so the sdk runs on the WebAssembly
 * build unchanged. What differs between the two bindings is mapped here, call by call:
 * - ids (`UserId`, `DeviceId`, `RoomId`) and `DeviceLists`, `EncryptionSettings` are plain JS values
 *   here, turned into WebAssembly objects when a machine method is called (the sdk builds them
 *   before the machine exists);
 * - `receiveSyncChanges` takes the one-time-key counts as an object and the unused fallback key
 *   algorithms as an array (the wasm build wants a `Map` and a `Set`) and returns the to-device
 *   events as a JSON string (wasm: objects);
 * - to-device requests carry `txn_id`/`event_type` inside `body` and `txnId`/`eventType` on
 *   `shareRoomKey`'s results, as the native binding has them;
 * - `decryptRoomEvent` decrypts whatever the sender's device is (`TrustRequirement.Untrusted`) and
 *   room keys are shared with every device of the room's members (`CollectStrategy.allDevices`):
 *   the bot verifies no one, as Element does for a device that was not verified.
 *
 * The store: the wasm machine keeps its state in IndexedDB, which Node lacks. Each machine gets its
 * own in-memory IndexedDB (fake-indexeddb), filled at start from `<storagePath>/olm-store.v8`
 * (`idb-snapshot.ts`) and written back there (mode 0600, atomically) after every machine call that
 * wrote to it, before that call's promise resolves. matrix-bot-sdk stores its sync token only after a
 * sync was processed, so what the token says was received is in the file first.
 *
 * Nothing here logs key material: the wasm library's own log goes to {@link setCryptoLogger}'s
 * `debug` with every long base64 run cut out (`redact.ts`: its spans name identity keys and session
 * ids), and the shim's own messages name files and devices only.
 */
import { chmodSync, existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import * as wasm from '@matrix-org/matrix-sdk-crypto-wasm'
import * as fakeIndexedDb from 'fake-indexeddb'
import { readSnapshotFile, restoreSnapshot, takeSnapshot, writeSnapshotFile, type IdbFactory } from './idb-snapshot.ts'
import { redactKeys } from './redact.ts'

/** Marks this module (the sdk's crypto package is this shim, not the native binding). */
export const isYurtWasmShim = true

/** The file, in the sdk's crypto storage directory, that holds the machine's store. */
export const STORE_FILE = 'olm-store.v8'

/** Where the wasm library's log and the shim's own notes go; silent until set. */
export interface CryptoLogger {
  debug(message: string): void
  warn(message: string): void
}

let logger: CryptoLogger = { debug: () => {}, warn: () => {} }

/** Routes the crypto log (`debug` for the library, `warn` for a store that cannot be written). */
export function setCryptoLogger(next: CryptoLogger): void {
  logger = next
}

/**
 * Loads the WebAssembly module now (synchronously, from the package's own `.wasm` file) and runs
 * one call on it.
 *
 * @throws when the module cannot be loaded or instantiated on this runtime.
 */
export function probeWasm(): void {
  const id = new wasm.UserId('@probe:localhost')
  id.free()
}

// ── the native binding's value types ───────────────────────────────────────────────────────

/** An identifier the binding wraps in a class of its own, read back with `toString()`. */
class StringId {
  readonly #value: string
  constructor(value: string) {
    this.#value = value
  }
  toString(): string {
    return this.#value
  }
}

/** A Matrix user id (`@user:server`). */
export class UserId extends StringId {}

/** A device id. */
export class DeviceId extends StringId {}

/** A room id (`!room:server`). */
export class RoomId extends StringId {}

/** The users whose device lists changed, and those no longer shared with, from a `/sync`. */
export class DeviceLists {
  readonly changed: UserId[]
  readonly left: UserId[]
  constructor(changed: UserId[] = [], left: UserId[] = []) {
    this.changed = changed
    this.left = left
  }
}

/** Kinds of outgoing request (`Request.type`); the native binding's numbers, the same as the wasm build's. */
export const RequestType = { KeysUpload: 0, KeysQuery: 1, KeysClaim: 2, ToDevice: 3, SignatureUpload: 4, RoomMessage: 5, KeysBackup: 6 } as const
/** Encryption algorithms (`EncryptionSettings.algorithm`), numbered as in both bindings. */
export const EncryptionAlgorithm = { OlmV1Curve25519AesSha2: 0, MegolmV1AesSha2: 1 } as const
/** A room's `m.room.history_visibility` (`EncryptionSettings.historyVisibility`), numbered as in both bindings. */
export const HistoryVisibility = { Invited: 0, Joined: 1, Shared: 2, WorldReadable: 3 } as const
/** The native binding's store types; this build has one store whatever is asked. */
export const StoreType = { Sled: 0, Sqlite: 1 } as const

/** How a room's Megolm session is made: algorithm, history visibility, rotation (ms, messages). */
export class EncryptionSettings {
  algorithm: number | undefined = EncryptionAlgorithm.MegolmV1AesSha2
  historyVisibility: number = HistoryVisibility.Shared
  /**
   * Rotation period, milliseconds. The native binding documents microseconds, but matrix-bot-sdk
   * passes the room's `rotation_period_ms` unchanged (so the native build rotates 1000× too often);
   * this build converts to microseconds, so a room's period is kept (default one week).
   */
  rotationPeriod = 604_800_000n
  rotationPeriodMessages = 100n
}

/** Thrown by an {@link OlmMachine} call that needs the machine after it was closed (encrypting, decrypting, signing). */
export class OlmMachineClosedError extends Error {
  override name = 'OlmMachineClosedError'
  constructor() {
    super('the Olm machine is closed (the Matrix adapter was stopped)')
  }
}

/** Encrypting and decrypting attachments (the wasm classes have the native binding's API). */
export const Attachment = wasm.Attachment
export const EncryptedAttachment = wasm.EncryptedAttachment

// ── conversions ───────────────────────────────────────────────────────────────────────────

const wasmUser = (u: UserId | string) => new wasm.UserId(String(u))
const wasmRoom = (r: RoomId | string) => new wasm.RoomId(String(r))

function wasmSettings(settings: EncryptionSettings): wasm.EncryptionSettings {
  const out = new wasm.EncryptionSettings()
  out.algorithm = settings.algorithm ?? wasm.EncryptionAlgorithm.MegolmV1AesSha2
  out.historyVisibility = settings.historyVisibility
  out.rotationPeriod = BigInt(settings.rotationPeriod) * 1000n // ms → µs
  out.rotationPeriodMessages = BigInt(settings.rotationPeriodMessages)
  out.sharingStrategy = wasm.CollectStrategy.allDevices()
  return out
}

/** An outgoing request as matrix-bot-sdk reads it: `id`, `type`, `body` (JSON). */
export interface Request {
  id: string
  type: number
  body: string
}

function nativeRequest(request: { id?: string; type: number; body: string; event_type?: string; txn_id?: string }): Request {
  if (request.type !== RequestType.ToDevice) return { id: request.id ?? '', type: request.type, body: request.body }
  // The native binding puts the event type and transaction id into the body.
  const body = JSON.parse(request.body) as { messages?: unknown }
  return {
    id: request.id ?? '',
    type: request.type,
    body: JSON.stringify({ txn_id: request.id, event_type: request.event_type, messages: body.messages ?? body }),
  }
}

/**
 * The clear event (JSON) with the encrypted event's `m.relates_to` when it has none of its own:
 * clients keep relations (threads, replies, reactions) in the unencrypted part of the content
 * (Matrix spec, "Mixing relations and encryption"), and the sdk reads the clear content only.
 */
export function withClearRelation(encrypted: string, clear: string): string {
  const relation = (JSON.parse(encrypted) as { content?: Record<string, unknown> }).content?.['m.relates_to']
  if (!relation) return clear
  const event = JSON.parse(clear) as { content?: Record<string, unknown> }
  if (!event.content || typeof event.content !== 'object' || event.content['m.relates_to']) return clear
  event.content['m.relates_to'] = relation
  return JSON.stringify(event)
}

// ── the store ─────────────────────────────────────────────────────────────────────────────

const { IDBDatabase: FakeIDBDatabase, IDBFactory: FakeIDBFactory } = fakeIndexedDb

/**
 * The IndexedDB classes, in the global scope where none are (Node): the wasm library checks every
 * object it gets back against them (`instanceof IDBFactory`, `IDBDatabase`, …). `indexedDB` itself
 * is set only while a machine opens its store (see {@link OlmMachine.initialize}).
 */
function installIndexedDbClasses(): void {
  const scope = globalThis as Record<string, unknown>
  for (const [name, value] of Object.entries(fakeIndexedDb)) {
    if (name.startsWith('IDB') && scope[name] === undefined) scope[name] = value
  }
}
installIndexedDbClasses()

/** Counts the read-write transactions opened on any fake IndexedDB, so unchanged stores are not rewritten. */
let writes = 0
{
  const proto = (FakeIDBDatabase as unknown as { prototype: { transaction: (names: unknown, mode?: string, ...rest: unknown[]) => unknown } }).prototype
  const transaction = proto.transaction
  proto.transaction = function (this: unknown, names: unknown, mode?: string, ...rest: unknown[]) {
    if (mode === 'readwrite' || mode === 'versionchange') writes++
    return transaction.call(this, names, mode, ...rest)
  }
}

/** One machine's IndexedDB and the file it is kept in. */
class PersistedStore {
  readonly factory: IdbFactory
  readonly file: string
  private savedAt = -1
  private chain: Promise<void> = Promise.resolve()

  constructor(factory: IdbFactory, file: string) {
    this.factory = factory
    this.file = file
  }

  /** Writes the store when anything was written to any fake IndexedDB since the last save; never throws. */
  save(): Promise<void> {
    this.chain = this.chain.then(async () => {
      const at = writes
      if (at === this.savedAt) return
      try {
        writeSnapshotFile(this.file, await takeSnapshot(this.factory))
        this.savedAt = at
      } catch (err) {
        logger.warn(`the crypto store could not be written to ${this.file}: ${err instanceof Error ? err.message : String(err)}`)
      }
    })
    return this.chain
  }
}

/** Machines are opened one at a time: the wasm library finds its IndexedDB in the global scope while it opens. */
let opening: Promise<unknown> = Promise.resolve()

const wasmLog = (data: unknown) => logger.debug(`[crypto] ${redactKeys(String(data))}`)
const wasmLogger = { debug: wasmLog, info: wasmLog, warn: wasmLog, error: wasmLog }

/**
 * An Olm machine: the bot's device keys, its Olm sessions with other devices and the rooms' Megolm
 * sessions, with the native binding's API as matrix-bot-sdk 0.8 calls it.
 */
export class OlmMachine {
  readonly #inner: wasm.OlmMachine
  readonly #store: PersistedStore
  #closed = false
  /** Calls under way: {@link close} frees the machine only after them (a freed machine under a running call corrupts the module's memory). */
  readonly #inflight = new Set<Promise<unknown>>()

  private constructor(inner: wasm.OlmMachine, store: PersistedStore) {
    this.#inner = inner
    this.#store = store
  }

  /**
   * Opens the machine of `deviceId` kept in `storagePath` (a directory; created with mode 0700), or
   * makes a new device account there.
   *
   * @param passphrase unused (the store file is protected by its mode, 0600).
   * @param storeType unused (there is one store).
   * @throws {SnapshotReadError} when the store file exists but cannot be read (it is left as it is);
   * the wasm library's errors when the store belongs to another user or device.
   */
  static async initialize(userId: UserId, deviceId: DeviceId, storagePath: string, passphrase?: string, storeType?: number): Promise<OlmMachine> {
    void passphrase
    void storeType
    mkdirSync(storagePath, { recursive: true, mode: 0o700 })
    chmodSync(storagePath, 0o700)
    const sdkFile = join(storagePath, 'bot-sdk.json')
    if (existsSync(sdkFile)) chmodSync(sdkFile, 0o600)
    const file = join(storagePath, STORE_FILE)
    const snapshot = readSnapshotFile(file)
    const factory = new FakeIDBFactory() as unknown as IdbFactory
    if (snapshot) await restoreSnapshot(factory, snapshot)
    const open = opening.then(async () => {
      const scope = globalThis as Record<string, unknown>
      const before = scope.indexedDB
      scope.indexedDB = factory
      try {
        return await wasm.OlmMachine.initialize(wasmUser(userId), new wasm.DeviceId(String(deviceId)), 'yurt', undefined, wasmLogger)
      } finally {
        if (before === undefined) delete scope.indexedDB
        else scope.indexedDB = before
      }
    })
    opening = open.catch(() => {})
    const inner = await open
    const machine = new OlmMachine(inner, new PersistedStore(factory, file))
    await machine.#store.save()
    return machine
  }

  /**
   * Runs one machine call, then saves the store if the call wrote to it. After {@link close} the
   * call is not made and `whenClosed` is returned instead: the sdk fires some calls without awaiting
   * them (a member event's key query), and one that lands after the bot stopped must neither touch
   * freed memory nor become an unhandled rejection.
   *
   * @throws {OlmMachineClosedError} after close, for calls without a harmless answer (`whenClosed` undefined).
   */
  async #run<T>(call: () => Promise<T>, whenClosed?: () => T): Promise<T> {
    if (this.#closed) {
      if (whenClosed) return whenClosed()
      throw new OlmMachineClosedError()
    }
    const running = call()
    this.#inflight.add(running)
    try {
      return await running
    } finally {
      this.#inflight.delete(running)
      await this.#store.save()
    }
  }

  /** The device's Curve25519 and Ed25519 public keys (`.toBase64()` on each). */
  get identityKeys(): wasm.IdentityKeys {
    return this.#inner.identityKeys
  }

  get userId(): UserId {
    return new UserId(this.#inner.userId.toString())
  }

  get deviceId(): DeviceId {
    return new DeviceId(this.#inner.deviceId.toString())
  }

  /** The requests to send to the homeserver (keys upload, query, claim, to-device). */
  outgoingRequests(): Promise<Request[]> {
    return this.#run(async () => (await this.#inner.outgoingRequests()).map(nativeRequest), () => [])
  }

  /** Tells the machine the homeserver's answer (`response`: its JSON) to request `id`. */
  markRequestAsSent(id: string, type: number, response: string): Promise<boolean> {
    return this.#run(() => this.#inner.markRequestAsSent(id, type, response), () => false)
  }

  updateTrackedUsers(users: UserId[]): Promise<void> {
    return this.#run(() => this.#inner.updateTrackedUsers(users.map(wasmUser)), () => undefined)
  }

  /** A `/keys/claim` request for the devices of `users` without an Olm session, or null. */
  getMissingSessions(users: UserId[]): Promise<Request | null> {
    return this.#run(async () => {
      const request = await this.#inner.getMissingSessions(users.map(wasmUser))
      return request ? nativeRequest(request) : null
    }, () => null)
  }

  /**
   * Takes a `/sync`'s to-device events (JSON), device list changes, one-time key counts (algorithm
   * → count) and unused fallback key algorithms.
   *
   * @returns the to-device events after decryption, as a JSON array.
   */
  receiveSyncChanges(toDeviceEvents: string, lists: DeviceLists, counts: Record<string, number> | Map<string, number>, unusedFallbackKeys?: string[]): Promise<string> {
    return this.#run(async () => {
      const countMap = counts instanceof Map ? counts : new Map(Object.entries(counts ?? {}))
      const wasmLists = new wasm.DeviceLists(lists.changed.map(wasmUser), lists.left.map(wasmUser))
      const processed = await this.#inner.receiveSyncChanges(
        toDeviceEvents,
        wasmLists,
        countMap,
        unusedFallbackKeys ? new Set(unusedFallbackKeys) : undefined,
        new wasm.DecryptionSettings(wasm.TrustRequirement.Untrusted),
      )
      const events: unknown[] = []
      for (const event of processed) {
        if (event.type === wasm.ProcessedToDeviceEventType.Decrypted || event.type === wasm.ProcessedToDeviceEventType.PlainText) {
          events.push(JSON.parse(event.rawEvent))
        }
      }
      return JSON.stringify(events)
    }, () => '[]')
  }

  /**
   * Room-key messages (to-device requests) that give `users`' devices this room's Megolm session.
   * Each has `txnId`, `eventType` and `body` (JSON with `messages`).
   */
  shareRoomKey(room: RoomId, users: UserId[], settings: EncryptionSettings): Promise<{ txnId: string; eventType: string; body: string }[]> {
    return this.#run(async () => {
      const requests = await this.#inner.shareRoomKey(wasmRoom(room), users.map(wasmUser), wasmSettings(settings))
      return requests.map((r) => ({ txnId: r.id, eventType: r.event_type, body: r.body }))
    })
  }

  /** Encrypts `content` (JSON) as an `m.room.encrypted` content (JSON); the room key must be shared first. */
  encryptRoomEvent(room: RoomId, eventType: string, content: string): Promise<string> {
    return this.#run(() => this.#inner.encryptRoomEvent(wasmRoom(room), eventType, content))
  }

  /**
   * Decrypts an `m.room.encrypted` event (JSON).
   *
   * @returns `event`: the clear event (JSON), and who sent it from which device.
   * @throws the library's `MegolmDecryptionError` when the room key is missing or the event is damaged.
   */
  decryptRoomEvent(event: string, room: RoomId): Promise<{ event: string; sender: UserId; senderDevice: DeviceId | undefined }> {
    return this.#run(async () => {
      const decrypted = await this.#inner.decryptRoomEvent(event, wasmRoom(room), new wasm.DecryptionSettings(wasm.TrustRequirement.Untrusted))
      const senderDevice = decrypted.senderDevice ? new DeviceId(decrypted.senderDevice.toString()) : undefined
      return { event: withClearRelation(event, decrypted.event), sender: new UserId(decrypted.sender.toString()), senderDevice }
    })
  }

  /**
   * Signs `message` (JSON) with the device key.
   *
   * @returns a container whose `get(user)` maps key ids to `{ isValid, signature: { toBase64() } }`.
   */
  async sign(message: string): Promise<{ get(user: UserId): Record<string, { isValid: boolean; signature: { toBase64(): string } | undefined }> }> {
    const signatures = await this.#run(() => this.#inner.sign(message))
    return {
      get(user: UserId) {
        const out: Record<string, { isValid: boolean; signature: { toBase64(): string } | undefined }> = {}
        for (const [key, maybe] of signatures.get(wasmUser(user)) ?? new Map()) {
          const signature = maybe.signature
          out[key] = { isValid: maybe.isValid(), signature: signature ? { toBase64: () => signature.toBase64() } : undefined }
        }
        return out
      },
    }
  }

  /** Saves the store (if changed) and releases the machine; later calls do nothing (see `#run`). Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    await Promise.allSettled([...this.#inflight])
    await this.#store.save()
    this.#inner.close()
  }
}
