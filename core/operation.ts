/**
 * The signed operation: one Yjs update by one author, in that author's hash chain (DESIGN.md,
 * "Operations and replication").
 *
 * Byte layout of an encoded operation, version 1 (all of it is canonical: exactly one encoding per
 * operation, so that {@link operationHash} is well defined; `varuint` is lib0's unsigned LEB128 —
 * 7 bits per byte, least significant group first, high bit set on every byte but the last — and must be
 * minimal, i.e. no trailing `0x80`/`0x00` groups):
 *
 * ```
 * field        size            content
 * version      1 byte          0x01
 * festival     varuint n, n B  the festival id, ASCII [a-z0-9_-], 1 ≤ n ≤ 64
 * author       32 bytes        Ed25519 public key of the author
 * seq          varuint         1-based position in the author's chain for this festival, ≤ 2^53 − 1
 * prev         32 bytes        SHA-256 of the encoding of the author's operation seq − 1; 32 zero bytes when seq = 1
 * clientId     4 bytes         Yjs client id, uint32 big-endian
 * hlc.wall     varuint         hybrid logical clock, UTC ms, ≤ 2^53 − 1
 * hlc.counter  varuint         hybrid logical clock counter, ≤ 2^32 − 1
 * update       varuint n, n B  the Yjs update (v1 encoding), n ≤ 262,144 (256 KiB)
 * sig          64 bytes        Ed25519 signature of "yurt/op/1\0" ‖ every byte above (version to update)
 * ```
 *
 * Nothing may follow the signature, and the whole encoding is at most 266,240 bytes (260 KiB).
 * The hash of an operation (the next one's `prev`) is SHA-256 of all of it, signature included.
 */
import * as encoding from 'lib0/encoding'
import * as decoding from 'lib0/decoding'
import { InvalidOperationError } from './errors.ts'
import { isHlc, type Hlc } from './hlc.ts'
import { verifySignature, verifySignatureAsync, type AsyncSigner, type Signer } from './identity.ts'
import { fromHex as bytesFromHex, sha256, toHex } from './bytes.ts'
import type { AuthorKey, FestivalId } from './types.ts'

/** One author's signed change to one festival. */
export interface Operation {
  festival: FestivalId
  /** Hex of the author's 32-byte Ed25519 public key. */
  author: AuthorKey
  /** 1-based position in the author's chain for this festival. */
  seq: number
  /** 32 bytes: SHA-256 of the previous operation's encoding ({@link operationHash}); 32 zero bytes for seq 1. */
  prev: Uint8Array
  /** The Yjs client id the update's items carry (uint32). */
  clientId: number
  hlc: Hlc
  /** The Yjs update, v1 encoding. */
  update: Uint8Array
  /** 64 bytes: Ed25519 signature of {@link signedBytes}. */
  sig: Uint8Array
}

/** Size limits of an operation, in bytes. */
export const OPERATION_LIMITS = {
  /** Largest Yjs update one operation may carry. */
  maxUpdateBytes: 256 * 1024,
  /** Largest encoded operation. */
  maxEncodedBytes: 260 * 1024,
} as const

/** Version byte of the encoding this module writes. */
export const OPERATION_VERSION = 1

const DOMAIN = new TextEncoder().encode('yurt/op/1\0')
const FESTIVAL_ID = /^[a-z0-9_-]{1,64}$/
const AUTHOR_KEY = /^[0-9a-f]{64}$/
const MAX_COUNTER = 0xffffffff

/** 32 zero bytes: the `prev` of every author's first operation. */
export const ZERO_HASH: Uint8Array = new Uint8Array(32)

/** Lowercase hex of `bytes`. */
export function hex(bytes: Uint8Array): string {
  return toHex(bytes)
}

/**
 * The bytes that `s` spells in hex (either case, even length).
 *
 * @throws TypeError when `s` is not hex.
 */
export function fromHex(s: string): Uint8Array {
  return bytesFromHex(s)
}

function malformed(message: string, cause?: unknown): InvalidOperationError {
  return new InvalidOperationError('malformed', `malformed operation: ${message}`, cause === undefined ? undefined : { cause })
}

function checkFields(op: Omit<Operation, 'sig'>): void {
  if (typeof op !== 'object' || op === null) throw malformed('not an object')
  if (typeof op.festival !== 'string' || !FESTIVAL_ID.test(op.festival)) throw malformed('bad festival id')
  if (typeof op.author !== 'string' || !AUTHOR_KEY.test(op.author)) throw malformed('bad author key')
  if (!Number.isSafeInteger(op.seq) || op.seq < 1) throw malformed('seq must be an integer ≥ 1')
  if (!(op.prev instanceof Uint8Array) || op.prev.length !== 32) throw malformed('prev must be 32 bytes')
  if (op.seq === 1 && !isZero(op.prev)) throw malformed('prev of seq 1 must be 32 zero bytes')
  if (!Number.isInteger(op.clientId) || op.clientId < 0 || op.clientId > 0xffffffff) {
    throw malformed('clientId must be a uint32')
  }
  if (!isHlc(op.hlc)) throw malformed('bad hybrid logical clock')
  if (!(op.update instanceof Uint8Array)) throw malformed('update must be bytes')
  if (op.update.length > OPERATION_LIMITS.maxUpdateBytes) {
    throw malformed(`update of ${op.update.length} bytes exceeds ${OPERATION_LIMITS.maxUpdateBytes}`)
  }
}

function isZero(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i] !== 0) return false
  return true
}

/**
 * `"yurt/op/1\0"` ‖ everything but the signature, in the layout above: the signed message, written
 * once (the body is not encoded and then copied behind the prefix).
 */
function encodeSigned(op: Omit<Operation, 'sig'>): Uint8Array {
  checkFields(op)
  const encoder = encoding.createEncoder()
  encoding.writeUint8Array(encoder, DOMAIN)
  encoding.writeUint8(encoder, OPERATION_VERSION)
  encoding.writeVarString(encoder, op.festival)
  encoding.writeUint8Array(encoder, bytesFromHex(op.author))
  encoding.writeVarUint(encoder, op.seq)
  encoding.writeUint8Array(encoder, op.prev)
  encoding.writeUint32BigEndian(encoder, op.clientId)
  encoding.writeVarUint(encoder, op.hlc.wall)
  encoding.writeVarUint(encoder, op.hlc.counter)
  encoding.writeVarUint8Array(encoder, op.update)
  if (encoding.length(encoder) - DOMAIN.length + 64 > OPERATION_LIMITS.maxEncodedBytes) throw malformed('encoding too large')
  return encoding.toUint8Array(encoder)
}

/**
 * The bytes an operation's signature covers: `"yurt/op/1\0"` followed by the encoding of every field
 * but the signature (the domain prefix keeps these signatures apart from any other yurt signature).
 *
 * @remarks For an operation that was decoded or encoded, these are a view of the bytes it already
 * holds (no encoding, no copy); do not write to them.
 * @throws InvalidOperationError `malformed` when a field is out of range.
 */
export function signedBytes(op: Omit<Operation, 'sig'>): Uint8Array {
  const known = KNOWN.get(op as Operation)
  if (known) {
    // Decoded in place by decodeOperations: the signed bytes are made the first time they are asked for.
    known.signed ??= joined(DOMAIN, known.encoded.subarray(0, known.encoded.length - 64))
    return known.signed
  }
  return encodeSigned(op)
}

/**
 * Signs `fields` as `signer`.
 *
 * @throws TypeError when `fields.author` is not the signer's key.
 * @throws InvalidOperationError `malformed` when a field is out of range or the operation too large.
 */
export function signOperation(fields: Omit<Operation, 'sig'>, signer: Signer): Operation {
  if (fields.author !== signer.key) throw new TypeError('the signer is not the author of this operation')
  const message = encodeSigned(fields)
  return withSignature(fields, message, signer.sign(message))
}

/**
 * Like {@link signOperation}, for a signer that may sign only asynchronously (WebCrypto in a page):
 * `signer.signAsync` when it has one, else `signer.sign`. Same bytes either way (Ed25519 is deterministic).
 */
export async function signOperationAsync(fields: Omit<Operation, 'sig'>, signer: Signer | AsyncSigner): Promise<Operation> {
  if (fields.author !== signer.key) throw new TypeError('the signer is not the author of this operation')
  const message = encodeSigned(fields)
  const sig = 'signAsync' in signer && signer.signAsync ? await signer.signAsync(message) : (signer as Signer).sign(message)
  return withSignature(fields, message, sig)
}

/** The operation of `fields` and `sig`, its encoding made from `message` (its signed bytes). */
function withSignature(fields: Omit<Operation, 'sig'>, message: Uint8Array, sig: Uint8Array): Operation {
  const op: Operation = {
    festival: fields.festival,
    author: fields.author,
    seq: fields.seq,
    prev: fields.prev,
    clientId: fields.clientId,
    hlc: { wall: fields.hlc.wall, counter: fields.hlc.counter },
    update: fields.update,
    sig,
  }
  if (sig instanceof Uint8Array && sig.length === 64) remember(op, joined(message, sig))
  return op
}

/** `a` followed by `b`, in one buffer (signed bytes ‖ signature; domain ‖ encoding without it). */
function joined(a: Uint8Array, b: Uint8Array): Uint8Array {
  const all = new Uint8Array(a.length + b.length)
  all.set(a)
  all.set(b, a.length)
  return all
}

/**
 * Records the bytes of `op`: `all` is `"yurt/op/1\0"` ‖ its encoding, so that both the encoding and the
 * signed bytes are views of it.
 */
function remember(op: Operation, all: Uint8Array): void {
  KNOWN.set(op, { encoded: all.subarray(DOMAIN.length), signed: all.subarray(0, all.length - 64), hash: null })
}

/** Records `encoded` as the bytes of `op`, its signed bytes to be made when first asked for ({@link signedBytes}). */
function rememberEncoded(op: Operation, encoded: Uint8Array): void {
  KNOWN.set(op, { encoded, signed: null, hash: null })
}

/**
 * The canonical encoding of `op` (layout at the top of this file).
 *
 * @throws InvalidOperationError `malformed` when a field is out of range or the result would exceed
 * {@link OPERATION_LIMITS}.
 */
export function encodeOperation(op: Operation): Uint8Array {
  const known = KNOWN.get(op)
  if (known) return known.encoded
  if (!(op.sig instanceof Uint8Array) || op.sig.length !== 64) throw malformed('sig must be 64 bytes')
  remember(op, joined(encodeSigned(op), op.sig))
  return KNOWN.get(op)!.encoded
}

/**
 * The bytes of each operation object, once encoded or as decoded (the protocol carries operations as
 * these exact bytes, never re-encoded), the bytes its signature covers (a view of the same buffer,
 * `"yurt/op/1\0"` in front), and their hashes: a received operation is encoded once, not once per
 * check. Operations are values: never change one in place (copy it, as the forgery tests do).
 */
const KNOWN = new WeakMap<Operation, { encoded: Uint8Array; signed: Uint8Array | null; hash: Uint8Array | null }>()

/** A bounds-checked reader over `bytes` from `start`: lib0's decoder reads past the end silently. */
class Reader {
  readonly decoder: decoding.Decoder
  readonly bytes: Uint8Array
  /** Where the operation's bytes end in `bytes` (exclusive). */
  readonly end: number
  constructor(bytes: Uint8Array, start: number, end = bytes.length) {
    this.bytes = bytes
    this.end = end
    this.decoder = decoding.createDecoder(bytes)
    this.decoder.pos = start
  }
  need(n: number, what: string): void {
    if (this.end - this.decoder.pos < n) throw malformed(`truncated in ${what}`)
  }
  u8(what: string): number {
    this.need(1, what)
    return decoding.readUint8(this.decoder)
  }
  u32be(what: string): number {
    this.need(4, what)
    return decoding.readUint32BigEndian(this.decoder)
  }
  /** A view of the next `n` bytes (no copy: the reader's bytes are the operation's own). */
  fixed(n: number, what: string): Uint8Array {
    this.need(n, what)
    const at = this.decoder.pos
    this.decoder.pos += n
    return this.bytes.subarray(at, at + n)
  }
  varUint(what: string, max: number): number {
    const start = this.decoder.pos
    let value: number
    try {
      value = decoding.readVarUint(this.decoder)
    } catch (error) {
      throw malformed(`truncated or oversized integer in ${what}`, error)
    }
    // The bytes may go on past the operation's end (the next one of a batch): an integer may not.
    if (this.decoder.pos > this.end) throw malformed(`truncated in ${what}`)
    const used = this.decoder.pos - start
    if (used > 1 && this.bytes[this.decoder.pos - 1] === 0) throw malformed(`non-minimal integer in ${what}`)
    if (!Number.isSafeInteger(value) || value > max) throw malformed(`${what} out of range`)
    return value
  }
}

const ASCII = new TextDecoder('ascii', { fatal: true })

/**
 * The operation that `bytes` encodes (layout at the top of this file).
 *
 * @remarks Checks the structure only (lengths, ranges, canonical form), not the signature, the hash
 * chain or the namespace rule. `bytes` is copied once, into one buffer of `"yurt/op/1\0"` ‖ `bytes`:
 * `prev`, `update` and `sig` are views of that copy (never of `bytes`, so a large input buffer is not
 * kept alive), and so are the operation's encoding ({@link encodeOperation}) and its signed bytes
 * ({@link signedBytes}), which are thus neither re-encoded nor copied again.
 * @throws InvalidOperationError `malformed` on a wrong version, truncated input, trailing bytes, a field of
 * the wrong length or out of range, a non-canonical integer, or input larger than
 * {@link OPERATION_LIMITS}.`maxEncodedBytes`.
 */
export function decodeOperation(bytes: Uint8Array): Operation {
  checkInput(bytes)
  const all = new Uint8Array(DOMAIN.length + bytes.length)
  all.set(DOMAIN)
  all.set(bytes, DOMAIN.length)
  const op = decodeAt(all, DOMAIN.length, all.length)
  remember(op, all)
  return op
}

/**
 * The operations that `list` encodes, in order, as {@link decodeOperation} decodes each, but read in
 * place: their fields and encodings are views of `list`'s bytes, not copies. A sync session's OPS
 * (`p2p/session.ts`) is decoded so, from the frame it arrived in: copying each operation into a buffer of
 * its own cost a catch-up of Camp 2019 (670 operations, 574 KB) 670 allocations of about 850 bytes and
 * their garbage collection. The bytes an operation's signature covers are made only when a signature is
 * checked ({@link signedBytes}); a catch-up checks one per author's run.
 *
 * @remarks The operations keep `list`'s buffers alive, and read whatever is written to them later: hand
 * over bytes nobody writes to or keeps otherwise (a received frame), not a buffer that is reused.
 * @throws InvalidOperationError `malformed`, as {@link decodeOperation} on the first that does not
 * decode, its message prefixed with its place (`operation 3 of 101: …`); nothing is returned then.
 */
export function decodeOperations(list: readonly Uint8Array[]): Operation[] {
  const ops: Operation[] = []
  for (let i = 0; i < list.length; i++) {
    const bytes = list[i]!
    let op: Operation
    try {
      checkInput(bytes)
      op = decodeAt(bytes, 0, bytes.length)
    } catch (error) {
      if (error instanceof InvalidOperationError) {
        throw malformed(`operation ${i + 1} of ${list.length}: ${error.message.replace(/^malformed operation: /, '')}`, error)
      }
      throw error
    }
    rememberEncoded(op, bytes)
    ops.push(op)
  }
  return ops
}

function checkInput(bytes: Uint8Array): void {
  if (!(bytes instanceof Uint8Array)) throw malformed('not bytes')
  if (bytes.length > OPERATION_LIMITS.maxEncodedBytes) {
    throw malformed(`${bytes.length} bytes exceeds ${OPERATION_LIMITS.maxEncodedBytes}`)
  }
}

/** The operation encoded at `[start, end)` of `all`; its fields are views of `all`. */
function decodeAt(all: Uint8Array, start: number, end: number): Operation {
  const r = new Reader(all, start, end)
  const version = r.u8('version')
  if (version !== OPERATION_VERSION) throw malformed(`unknown version ${version}`)
  const festivalLength = r.varUint('festival length', 64)
  const festivalBytes = r.fixed(festivalLength, 'festival')
  let festival: string
  try {
    festival = ASCII.decode(festivalBytes)
  } catch (error) {
    throw malformed('festival id is not ASCII', error)
  }
  if (!FESTIVAL_ID.test(festival)) throw malformed('bad festival id')
  const author = hex(r.fixed(32, 'author')) as AuthorKey
  const seq = r.varUint('seq', Number.MAX_SAFE_INTEGER)
  if (seq < 1) throw malformed('seq must be ≥ 1')
  const prev = r.fixed(32, 'prev')
  if (seq === 1 && !isZero(prev)) throw malformed('prev of seq 1 must be 32 zero bytes')
  const clientId = r.u32be('clientId')
  const wall = r.varUint('hlc.wall', Number.MAX_SAFE_INTEGER)
  const counter = r.varUint('hlc.counter', MAX_COUNTER)
  const updateLength = r.varUint('update length', OPERATION_LIMITS.maxUpdateBytes)
  const update = r.fixed(updateLength, 'update')
  const sig = r.fixed(64, 'sig')
  if (r.decoder.pos !== end) throw malformed(`${end - r.decoder.pos} trailing bytes`)
  return { festival: festival as FestivalId, author, seq, prev, clientId, hlc: { wall, counter }, update, sig }
}

/** SHA-256 of the canonical encoding of `op`: what the author's next operation names as `prev`. */
export function operationHash(op: Operation): Uint8Array {
  const encoded = encodeOperation(op)
  const known = KNOWN.get(op)!
  let hash = known.hash
  if (!hash) known.hash = hash = hashEncoded(encoded)
  return hash
}

/** SHA-256 of an already encoded operation (saves re-encoding when the bytes are at hand). */
export function hashEncoded(encoded: Uint8Array): Uint8Array {
  return sha256(encoded)
}

/**
 * Whether `op.sig` is the author's valid signature of {@link signedBytes}.
 *
 * @remarks Never throws: a malformed operation is simply not validly signed.
 */
export function verifyOperationSignature(op: Operation): boolean {
  let message: Uint8Array
  try {
    message = signedBytes(op)
  } catch {
    return false
  }
  return verifySignature(op.author, message, op.sig)
}

/**
 * Like {@link verifyOperationSignature}, through {@link verifySignatureAsync} (WebCrypto in a page when it
 * has Ed25519; the same answer as the synchronous check).
 */
export async function verifyOperationSignatureAsync(op: Operation): Promise<boolean> {
  let message: Uint8Array
  try {
    message = signedBytes(op)
  } catch {
    return false
  }
  return verifySignatureAsync(op.author, message, op.sig)
}

/**
 * The longest prefix of `ops` (one author's operations of one festival, in the order received) that
 * continues the chain from `head` (the author's newest stored operation, `undefined`: none yet)
 * without a gap: each operation's `seq` one more than the one before and its `prev` the hash of the
 * one before, the first's those of `head`; none larger than {@link OPERATION_LIMITS}.`maxUpdateBytes`.
 *
 * @remarks The signature of the prefix's newest operation covers its `prev`, that is the hash of its
 * predecessor with that one's signature, and so on back to `head`: when it verifies, the author vouched
 * for every byte of the prefix, and the others need no signature check of their own (`p2p/PROTOCOL.md`,
 * "Catch-up"). Only hashes are computed here; nothing is verified.
 */
export function chainedPrefix(ops: readonly Operation[], head: { seq: number; hash: Uint8Array } | undefined): Operation[] {
  const prefix: Operation[] = []
  let seq = head?.seq ?? 0
  let hash = head?.hash ?? ZERO_HASH
  for (const op of ops) {
    if (op.seq !== seq + 1 || !bytesEqual(op.prev, hash) || op.update.length > OPERATION_LIMITS.maxUpdateBytes) break
    prefix.push(op)
    seq = op.seq
    hash = operationHash(op)
  }
  return prefix
}

/** Whether two byte arrays are equal. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}
