/**
 * Identities: Ed25519 key pairs for devices and for the chat users a bot speaks for.
 *
 * @remarks
 * A device (bot, laptop, phone) keeps a 32-byte seed in `device.key` in its data directory; a chat user
 * who only talks to a bot gets a seed the bot derives from its own seed and the user's platform id
 * (DESIGN.md, "Identities"). Signing and verifying use `node:crypto` (about 14× faster than
 * `@noble/ed25519` here, STACK.md); `@noble/ed25519` is the fallback where the runtime lacks native
 * Ed25519. Both produce the same signatures (Ed25519 is deterministic, RFC 8032).
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  hkdfSync,
  randomBytes,
  sign as nativeSign,
  verify as nativeVerify,
  type KeyObject,
} from 'node:crypto'
import * as ed from '@noble/ed25519'
import { sha512 } from '@noble/hashes/sha2.js'
import { loadOrCreateSecretFile } from './keyfile.ts'
import type { AuthorKey } from './types.ts'

ed.hashes.sha512 = sha512

/** Something that signs for one author. */
export interface Signer {
  /** The author key: hex of the 32-byte public key. */
  readonly key: AuthorKey
  /** The 32-byte Ed25519 public key. */
  readonly publicKey: Uint8Array
  /** The Yjs client id bound to this author ({@link clientIdOf}). */
  readonly clientId: number
  /** An Ed25519 signature (64 bytes) of `message`. */
  sign(message: Uint8Array): Uint8Array
}

/** The device key file is unusable; `reason` is `permissions` (group or world readable) or `malformed`. */
export { KeyFileError } from './keyfile.ts'

// DER prefixes of an Ed25519 private key (PKCS #8, RFC 8410) and public key (SPKI), followed by the 32 key bytes.
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex')
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex')

/** Whether this runtime signs and verifies Ed25519 natively (probed once at load). */
export const NATIVE_ED25519: boolean = (() => {
  try {
    const key = createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, Buffer.alloc(32, 1)]), format: 'der', type: 'pkcs8' })
    const sig = nativeSign(null, Buffer.from('probe'), key)
    return nativeVerify(null, Buffer.from('probe'), createPublicKey(key), sig)
  } catch {
    return false
  }
})()

function assertSeed(seed: Uint8Array, what: string): void {
  if (!(seed instanceof Uint8Array) || seed.length !== 32) throw new TypeError(`${what} must be 32 bytes`)
}

function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex')
}

/**
 * A signer for the Ed25519 key pair whose 32-byte seed (RFC 8032 private key) is `seed`.
 *
 * @param options.native - force (`true`) or forbid (`false`) the `node:crypto` path; for tests and benches.
 * @throws TypeError when `seed` is not 32 bytes.
 */
export function signerFromSeed(seed: Uint8Array, options?: { native?: boolean }): Signer {
  assertSeed(seed, 'seed')
  const native = options?.native ?? NATIVE_ED25519
  if (native) {
    const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' })
    const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' })
    const publicKey = new Uint8Array(spki.subarray(spki.length - 32))
    return makeSigner(publicKey, (message) => new Uint8Array(nativeSign(null, message, privateKey)))
  }
  const secret = new Uint8Array(seed)
  const publicKey = ed.getPublicKey(secret)
  return makeSigner(publicKey, (message) => ed.sign(message, secret))
}

function makeSigner(publicKey: Uint8Array, sign: (message: Uint8Array) => Uint8Array): Signer {
  const key = toHex(publicKey) as AuthorKey
  return Object.freeze({ key, publicKey, clientId: clientIdOf(publicKey), sign })
}

/** How many public `KeyObject`s {@link verifySignature} keeps (least recently used ones are dropped). */
export const VERIFY_KEY_CACHE_SIZE = 4096
const keyCache = new Map<string, KeyObject>()

function publicKeyObject(hexKey: string, raw: Uint8Array): KeyObject {
  let obj = keyCache.get(hexKey)
  if (obj) {
    keyCache.delete(hexKey)
  } else {
    obj = createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: 'der', type: 'spki' })
    if (keyCache.size >= VERIFY_KEY_CACHE_SIZE) keyCache.delete(keyCache.keys().next().value as string)
  }
  keyCache.set(hexKey, obj)
  return obj
}

const HEX_KEY = /^[0-9a-f]{64}$/

/**
 * Whether `signature` is a valid Ed25519 signature of `message` by `key` (hex author key or 32 raw bytes).
 *
 * @remarks Never throws: a malformed key or signature is simply `false`. The fallback path uses
 * `@noble/ed25519` with `zip215: false` (RFC 8032 rules), closer to OpenSSL than noble's ZIP 215 default,
 * so that peers with and without native Ed25519 agree on what is valid.
 */
export function verifySignature(key: AuthorKey | Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  try {
    if (!(message instanceof Uint8Array) || !(signature instanceof Uint8Array) || signature.length !== 64) return false
    let raw: Uint8Array
    let hexKey: string
    if (typeof key === 'string') {
      if (!HEX_KEY.test(key)) return false
      hexKey = key
      raw = Buffer.from(key, 'hex')
    } else if (key instanceof Uint8Array && key.length === 32) {
      raw = key
      hexKey = toHex(key)
    } else {
      return false
    }
    if (NATIVE_ED25519) return nativeVerify(null, message, publicKeyObject(hexKey, raw), signature)
    return ed.verify(signature, message, raw, { zip215: false })
  } catch {
    return false
  }
}

/** Like {@link verifySignature}, always through `@noble/ed25519` (for tests and benches). */
export function verifySignatureNoble(key: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  try {
    return ed.verify(signature, message, key, { zip215: false })
  } catch {
    return false
  }
}

const CLIENT_ID_DOMAIN = Buffer.from('yurt/client-id/1', 'utf8')

/**
 * The Yjs client id bound to an author: the first 4 bytes (big-endian uint32) of
 * SHA-256(`"yurt/client-id/1"` ‖ public key bytes), or 1 when those are 0.
 *
 * @remarks The namespace rule checks that every item an author's update creates carries this id.
 * @throws TypeError when `key` is neither 64 hex digits nor 32 bytes.
 */
export function clientIdOf(key: AuthorKey | Uint8Array): number {
  let raw: Uint8Array
  if (typeof key === 'string') {
    if (!HEX_KEY.test(key)) throw new TypeError('author key must be 64 lowercase hex digits')
    raw = Buffer.from(key, 'hex')
  } else {
    if (!(key instanceof Uint8Array) || key.length !== 32) throw new TypeError('public key must be 32 bytes')
    raw = key
  }
  const digest = createHash('sha256').update(CLIENT_ID_DOMAIN).update(raw).digest()
  const id = digest.readUInt32BE(0)
  return id === 0 ? 1 : id
}

/**
 * The seed of the key a bot holds for one chat user:
 * HKDF-SHA256(ikm = device seed, salt = `"yurt/chat-user/1"`, info = `platform ‖ 0x00 ‖ userId`), 32 bytes (RFC 5869).
 *
 * @param platform - the adapter's platform name, such as `matrix`.
 * @param userId - the platform's user id, such as `@alice:example.org`.
 * @throws TypeError when `deviceSeed` is not 32 bytes, or `platform` is empty or contains NUL (which would
 * make `platform ‖ 0 ‖ userId` ambiguous).
 */
export function deriveChatSeed(deviceSeed: Uint8Array, platform: string, userId: string): Uint8Array {
  assertSeed(deviceSeed, 'device seed')
  if (platform.length === 0 || platform.includes('\0')) throw new TypeError('platform must be non-empty and contain no NUL')
  const info = Buffer.from(`${platform}\0${userId}`, 'utf8')
  return new Uint8Array(hkdfSync('sha256', deviceSeed, Buffer.from('yurt/chat-user/1', 'utf8'), info, 32))
}

/** Name of the device key file inside a data directory. */
export const DEVICE_KEY_FILE = 'device.key'

/**
 * The device's 32-byte seed from `${dataDir}/device.key`, created on first use.
 *
 * @remarks The file holds the seed as 64 hex digits and a newline, mode 0600; it is created and
 * checked by `loadOrCreateSecretFile` (core/keyfile.ts).
 * @throws KeyFileError `permissions` when the file is readable by group or others (not checked on Windows),
 * `malformed` when it does not hold exactly one 64-hex-digit seed.
 */
export function loadOrCreateDeviceSeed(dataDir: string): Promise<Uint8Array> {
  return loadOrCreateSecretFile(dataDir, {
    name: DEVICE_KEY_FILE,
    what: 'device key file',
    maxBytes: 1024,
    malformed: 'is not a 64-hex-digit key',
    create: () => {
      const seed = new Uint8Array(randomBytes(32))
      return { value: seed, bytes: Buffer.from(`${toHex(seed)}\n`, 'utf8') }
    },
    parse: (bytes) => {
      const match = /^([0-9a-f]{64})\r?\n?$/.exec(Buffer.from(bytes).toString('utf8'))
      if (!match) throw new Error('not 64 hex digits')
      return new Uint8Array(Buffer.from(match[1] as string, 'hex'))
    },
  })
}
