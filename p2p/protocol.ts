/**
 * The messages of the yurt sync protocol (`/yurt/sync/1.0.0`): their shapes and pure encoders and
 * decoders.
 *
 * @remarks
 * Nothing here knows a transport. Each message travels as one length-prefixed frame (an unsigned
 * varint length, then that many bytes) on a libp2p stream; the framing is done by `lpStream` in
 * `p2p/session.ts`. The byte layout of every message is written down in `p2p/PROTOCOL.md`, which is
 * what a compatible peer should be written from. Operations travel as opaque bytes (their encoding
 * is `core/operation.ts`'s), so this file does not depend on the operation format.
 *
 * Note, as y-protocols says of its own messages: a message does not say which connection it came
 * from; matching a reply to a request is the session's job (`p2p/session.ts`).
 */
import type { AuthorKey, FestivalId, FestivalMeta } from '../core/types.ts'
import { YurtError } from '../core/errors.ts'
import { fromHex, toHex } from '../core/bytes.ts'

/** The libp2p protocol id of the sync protocol. */
export const SYNC_PROTOCOL = '/yurt/sync/1.0.0'

/** The version number a HELLO carries; a peer closes the stream on any other. */
export const SYNC_VERSION = 1

/** Type bytes: the first byte of every message. */
export const MESSAGE_TYPE = {
  hello: 0x01,
  heads: 0x02,
  want: 0x03,
  ops: 0x04,
  done: 0x05,
  genesisRequest: 0x06,
  genesis: 0x07,
} as const

/** Limits a decoder enforces; a message past one of them is malformed. */
export const PROTOCOL_LIMITS = {
  /** Largest frame accepted on the stream (bytes). A batch of operations is kept well below it. */
  maxMessageBytes: 4 * 1024 * 1024,
  /** Most festivals listed in one HELLO. */
  maxFestivals: 4096,
  /** Most authors in one HEADS. */
  maxHeads: 65_536,
  /** Most operations in one OPS. */
  maxOpsPerMessage: 256,
  /** Target size of one OPS batch (bytes of encoded operations); a single larger operation travels alone. */
  maxBatchBytes: 1024 * 1024,
  /** Longest festival id (characters). */
  maxFestivalIdLength: 64,
  /** Largest genesis record (bytes of JSON). */
  maxGenesisBytes: 4096,
} as const

/** One author's latest operation as a peer holds it: sequence number and the operation's hash. */
export interface HeadEntry {
  author: AuthorKey
  seq: number
  /** 32-byte hash of the author's operation number `seq`. */
  hash: Uint8Array
}

/** A festival listed in a HELLO, and whether the sender holds its genesis record. */
export interface HelloFestival {
  id: FestivalId
  hasGenesis: boolean
}

/** Opens a session: protocol version and the festivals the sender holds or wants. */
export interface HelloMessage {
  type: 'hello'
  version: number
  festivals: HelloFestival[]
}

/** Each author's latest sequence number and hash in one festival, as the sender holds them. */
export interface HeadsMessage {
  type: 'heads'
  festival: FestivalId
  heads: HeadEntry[]
}

/** Asks for an author's operations after `afterSeq`, at most `limit` of them, in sequence order. */
export interface WantMessage {
  type: 'want'
  festival: FestivalId
  author: AuthorKey
  afterSeq: number
  limit: number
}

/** The answer to a WANT: encoded operations of one author in ascending sequence order (empty: none). */
export interface OpsMessage {
  type: 'ops'
  festival: FestivalId
  author: AuthorKey
  ops: Uint8Array[]
}

/** The sender has everything it asked for; it still answers WANTs until the stream closes. */
export interface DoneMessage {
  type: 'done'
}

/** Asks for the genesis record of a festival the sender follows but does not hold yet. */
export interface GenesisRequestMessage {
  type: 'genesis-request'
  festival: FestivalId
}

/** A festival's genesis record (the reply to a GENESIS-REQUEST). */
export interface GenesisMessage {
  type: 'genesis'
  festival: FestivalId
  /** The record as JSON; the receiver checks that it hashes to `festival`. */
  genesis: FestivalMeta
}

/** Any message of the sync protocol. */
export type SyncMessage =
  | HelloMessage
  | HeadsMessage
  | WantMessage
  | OpsMessage
  | DoneMessage
  | GenesisRequestMessage
  | GenesisMessage

/** Bytes from a peer are not a well-formed message; `reason` says what is wrong. */
export class MalformedMessageError extends YurtError {
  override name = 'MalformedMessageError'
  readonly reason: string
  constructor(reason: string, options?: { cause?: unknown }) {
    super(`malformed sync message: ${reason}`, options)
    this.reason = reason
  }
}

// ---------------------------------------------------------------------------------------------
// Primitive writers and readers

/** A festival id as operations carry it (`core/operation.ts`): ASCII `[a-z0-9_-]`, 1 to 64 characters. */
const FESTIVAL_ID_PATTERN = /^[a-z0-9_-]{1,64}$/
const HEX_PATTERN = /^[0-9a-f]{64}$/

class Writer {
  #chunks: Uint8Array[] = []
  #length = 0

  byte(b: number): this {
    return this.raw(Uint8Array.of(b))
  }

  varint(n: number): this {
    if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`varint out of range: ${n}`)
    let length = 1
    for (let v = n; v >= 0x80; v = Math.floor(v / 0x80)) length++
    // Written in place (not through an array and `Uint8Array.from`: an OPS writes one per operation).
    const out = new Uint8Array(length)
    let v = n
    for (let i = 0; i < length - 1; i++) {
      out[i] = (v % 0x80) | 0x80
      v = Math.floor(v / 0x80)
    }
    out[length - 1] = v
    return this.raw(out)
  }

  raw(bytes: Uint8Array): this {
    this.#chunks.push(bytes)
    this.#length += bytes.byteLength
    return this
  }

  bytes(bytes: Uint8Array): this {
    return this.varint(bytes.byteLength).raw(bytes)
  }

  string(s: string): this {
    return this.bytes(new TextEncoder().encode(s))
  }

  key(hex: string): this {
    if (!HEX_PATTERN.test(hex)) throw new RangeError(`not an author key: ${hex}`)
    return this.raw(fromHex(hex))
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.#length)
    let at = 0
    for (const c of this.#chunks) {
      out.set(c, at)
      at += c.byteLength
    }
    return out
  }
}

class Reader {
  readonly #bytes: Uint8Array
  #at = 0

  constructor(bytes: Uint8Array) {
    this.#bytes = bytes
  }

  get remaining(): number {
    return this.#bytes.byteLength - this.#at
  }

  byte(): number {
    if (this.remaining < 1) throw new MalformedMessageError('truncated')
    return this.#bytes[this.#at++] as number
  }

  varint(): number {
    let value = 0
    let scale = 1
    for (let i = 0; i < 8; i++) {
      const b = this.byte()
      value += (b & 0x7f) * scale
      if ((b & 0x80) === 0) {
        if (i > 0 && b === 0) throw new MalformedMessageError('non-minimal varint')
        if (!Number.isSafeInteger(value)) throw new MalformedMessageError('varint too large')
        return value
      }
      scale *= 0x80
    }
    throw new MalformedMessageError('varint too long')
  }

  raw(n: number): Uint8Array {
    if (this.remaining < n) throw new MalformedMessageError('truncated')
    const out = this.#bytes.slice(this.#at, this.#at + n)
    this.#at += n
    return out
  }

  /** Like {@link raw}, a view instead of a copy. */
  view(n: number): Uint8Array {
    if (this.remaining < n) throw new MalformedMessageError('truncated')
    const out = this.#bytes.subarray(this.#at, this.#at + n)
    this.#at += n
    return out
  }

  bytes(max: number): Uint8Array {
    const n = this.varint()
    if (n > max) throw new MalformedMessageError('field too long')
    return this.raw(n)
  }

  string(max: number): string {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(this.bytes(max))
    } catch (err) {
      if (err instanceof MalformedMessageError) throw err
      throw new MalformedMessageError('invalid UTF-8', { cause: err })
    }
  }

  festival(): FestivalId {
    const id = this.string(PROTOCOL_LIMITS.maxFestivalIdLength)
    if (!FESTIVAL_ID_PATTERN.test(id)) throw new MalformedMessageError('bad festival id')
    return id as FestivalId
  }

  key(): AuthorKey {
    return toHex(this.raw(32)) as AuthorKey
  }

  count(max: number): number {
    const n = this.varint()
    if (n > max) throw new MalformedMessageError('too many entries')
    return n
  }

  end(): void {
    if (this.remaining !== 0) throw new MalformedMessageError('trailing bytes')
  }
}

// ---------------------------------------------------------------------------------------------
// Encoding

/**
 * Encodes one message to the bytes of one frame (without the length prefix).
 *
 * @throws RangeError if the message breaks a limit or holds a value that cannot be encoded (a
 * negative sequence number, a key that is not 64 hex digits): a bug in the caller.
 */
export function encodeMessage(msg: SyncMessage): Uint8Array {
  const w = new Writer()
  switch (msg.type) {
    case 'hello': {
      if (msg.festivals.length > PROTOCOL_LIMITS.maxFestivals) throw new RangeError('too many festivals')
      w.byte(MESSAGE_TYPE.hello).varint(msg.version).varint(msg.festivals.length)
      for (const f of msg.festivals) w.string(checkedId(f.id)).byte(f.hasGenesis ? 1 : 0)
      break
    }
    case 'heads': {
      if (msg.heads.length > PROTOCOL_LIMITS.maxHeads) throw new RangeError('too many heads')
      w.byte(MESSAGE_TYPE.heads).string(checkedId(msg.festival)).varint(msg.heads.length)
      for (const h of msg.heads) {
        if (h.hash.byteLength !== 32) throw new RangeError('a head hash has 32 bytes')
        w.key(h.author).varint(h.seq).raw(h.hash)
      }
      break
    }
    case 'want':
      w.byte(MESSAGE_TYPE.want).string(checkedId(msg.festival)).key(msg.author).varint(msg.afterSeq).varint(msg.limit)
      break
    case 'ops': {
      if (msg.ops.length > PROTOCOL_LIMITS.maxOpsPerMessage) throw new RangeError('too many operations')
      w.byte(MESSAGE_TYPE.ops).string(checkedId(msg.festival)).key(msg.author).varint(msg.ops.length)
      for (const op of msg.ops) w.bytes(op)
      break
    }
    case 'done':
      w.byte(MESSAGE_TYPE.done)
      break
    case 'genesis-request':
      w.byte(MESSAGE_TYPE.genesisRequest).string(checkedId(msg.festival))
      break
    case 'genesis': {
      const json = new TextEncoder().encode(JSON.stringify(msg.genesis))
      if (json.byteLength > PROTOCOL_LIMITS.maxGenesisBytes) throw new RangeError('genesis record too large')
      w.byte(MESSAGE_TYPE.genesis).string(checkedId(msg.festival)).bytes(json)
      break
    }
  }
  const out = w.finish()
  if (out.byteLength > PROTOCOL_LIMITS.maxMessageBytes) throw new RangeError('message too large')
  return out
}

function checkedId(id: string): string {
  if (id.length === 0 || id.length > PROTOCOL_LIMITS.maxFestivalIdLength || !FESTIVAL_ID_PATTERN.test(id)) {
    throw new RangeError(`not a festival id: ${id}`)
  }
  return id
}

// ---------------------------------------------------------------------------------------------
// Decoding

/**
 * Decodes the bytes of one frame into a message.
 *
 * @remarks Checks structure and limits only: whether a message makes sense at this point of a
 * session (an OPS nobody asked for, a second HELLO) is the session's concern. Every field is a copy,
 * except the operations of an OPS: views of `bytes`, which the session decodes in place
 * (`decodeOperations`): a received frame is its own buffer, kept while its operations are.
 * @throws MalformedMessageError when the bytes are not one well-formed message.
 */
export function decodeMessage(bytes: Uint8Array): SyncMessage {
  if (bytes.byteLength > PROTOCOL_LIMITS.maxMessageBytes) throw new MalformedMessageError('message too large')
  const r = new Reader(bytes)
  const type = r.byte()
  let msg: SyncMessage
  switch (type) {
    case MESSAGE_TYPE.hello: {
      const version = r.varint()
      const n = r.count(PROTOCOL_LIMITS.maxFestivals)
      const festivals: HelloFestival[] = []
      const seen = new Set<string>()
      for (let i = 0; i < n; i++) {
        const id = r.festival()
        const flag = r.byte()
        if (flag > 1) throw new MalformedMessageError('bad genesis flag')
        if (seen.has(id)) throw new MalformedMessageError('festival listed twice')
        seen.add(id)
        festivals.push({ id, hasGenesis: flag === 1 })
      }
      msg = { type: 'hello', version, festivals }
      break
    }
    case MESSAGE_TYPE.heads: {
      const festival = r.festival()
      const n = r.count(PROTOCOL_LIMITS.maxHeads)
      const heads: HeadEntry[] = []
      const seen = new Set<string>()
      for (let i = 0; i < n; i++) {
        const author = r.key()
        const seq = r.varint()
        const hash = r.raw(32)
        if (seen.has(author)) throw new MalformedMessageError('author listed twice')
        seen.add(author)
        heads.push({ author, seq, hash })
      }
      msg = { type: 'heads', festival, heads }
      break
    }
    case MESSAGE_TYPE.want: {
      const festival = r.festival()
      const author = r.key()
      const afterSeq = r.varint()
      const limit = r.varint()
      msg = { type: 'want', festival, author, afterSeq, limit }
      break
    }
    case MESSAGE_TYPE.ops: {
      const festival = r.festival()
      const author = r.key()
      const n = r.count(PROTOCOL_LIMITS.maxOpsPerMessage)
      const ops: Uint8Array[] = []
      for (let i = 0; i < n; i++) {
        const length = r.varint()
        if (length > PROTOCOL_LIMITS.maxMessageBytes) throw new MalformedMessageError('field too long')
        const op = r.view(length)
        if (op.byteLength === 0) throw new MalformedMessageError('empty operation')
        ops.push(op)
      }
      msg = { type: 'ops', festival, author, ops }
      break
    }
    case MESSAGE_TYPE.done:
      msg = { type: 'done' }
      break
    case MESSAGE_TYPE.genesisRequest:
      msg = { type: 'genesis-request', festival: r.festival() }
      break
    case MESSAGE_TYPE.genesis: {
      const festival = r.festival()
      const json = r.string(PROTOCOL_LIMITS.maxGenesisBytes)
      let genesis: unknown
      try {
        genesis = JSON.parse(json)
      } catch (err) {
        throw new MalformedMessageError('genesis is not JSON', { cause: err })
      }
      if (typeof genesis !== 'object' || genesis === null || Array.isArray(genesis)) {
        throw new MalformedMessageError('genesis is not an object')
      }
      // The shape and the id are checked by the session against core's rules (checkGenesis).
      msg = { type: 'genesis', festival, genesis: genesis as FestivalMeta }
      break
    }
    default:
      throw new MalformedMessageError(`unknown message type 0x${type.toString(16).padStart(2, '0')}`)
  }
  r.end()
  return msg
}

/** Whether a message is of one type: a guard for readers of {@link SyncMessage}. */
export function isMessage<T extends SyncMessage['type']>(
  msg: SyncMessage,
  type: T,
): msg is Extract<SyncMessage, { type: T }> {
  return msg.type === type
}
