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
import type * as NodeCrypto from 'node:crypto'
import * as ed from '@noble/ed25519'
import { sha256 as nobleSha256, sha512 } from '@noble/hashes/sha2.js'
import { hkdf } from '@noble/hashes/hkdf.js'
import { fromHex, sha256, toHex, utf8 } from './bytes.ts'
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

/**
 * Something that signs for one author only asynchronously: a WebCrypto key in a page, whose private half
 * never leaves the browser. `Repo.commit` takes either kind.
 */
export interface AsyncSigner {
  readonly key: AuthorKey
  readonly publicKey: Uint8Array
  readonly clientId: number
  /** An Ed25519 signature (64 bytes) of `message`. */
  signAsync(message: Uint8Array): Promise<Uint8Array>
}

/**
 * `node:crypto` where the runtime has it (Node, through `process.getBuiltinModule`, so that nothing here
 * imports a `node:` module and a bundler for the browser finds none), else `undefined`.
 */
const nodeCrypto: typeof NodeCrypto | undefined = (() => {
  try {
    const p = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process
    return p?.getBuiltinModule?.('node:crypto') as typeof NodeCrypto | undefined
  } catch {
    return undefined
  }
})()

// DER prefixes of an Ed25519 private key (PKCS #8, RFC 8410) and public key (SPKI), followed by the 32 key bytes.
const PKCS8_PREFIX = fromHex('302e020100300506032b657004220420')
const SPKI_PREFIX = fromHex('302a300506032b6570032100')

/** DER bytes for `node:crypto` (which takes any Uint8Array there; its types name only Buffer). */
const der = (bytes: Uint8Array) => bytes as unknown as Buffer

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length)
  out.set(a)
  out.set(b, a.length)
  return out
}

/** Whether this runtime signs and verifies Ed25519 natively (probed once at load). */
export const NATIVE_ED25519: boolean = (() => {
  if (!nodeCrypto) return false
  try {
    const { createPrivateKey, createPublicKey, sign, verify } = nodeCrypto
    const key = createPrivateKey({ key: der(concat(PKCS8_PREFIX, new Uint8Array(32).fill(1))), format: 'der', type: 'pkcs8' })
    const probe = utf8('probe')
    return verify(null, probe, createPublicKey(key), sign(null, probe, key))
  } catch {
    return false
  }
})()

function assertSeed(seed: Uint8Array, what: string): void {
  if (!(seed instanceof Uint8Array) || seed.length !== 32) throw new TypeError(`${what} must be 32 bytes`)
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
  if (native && nodeCrypto) {
    const { createPrivateKey, createPublicKey, sign } = nodeCrypto
    const privateKey = createPrivateKey({ key: der(concat(PKCS8_PREFIX, seed)), format: 'der', type: 'pkcs8' })
    const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' })
    const publicKey = new Uint8Array(spki.subarray(spki.length - 32))
    return makeSigner(publicKey, (message) => new Uint8Array(sign(null, message, privateKey)))
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
/** Hex author key → its `KeyObject`, least recently used first. Only well-formed keys get in. */
const keyCache = new Map<string, NodeCrypto.KeyObject>()

/** The `KeyObject` of a public key (`hexKey` its lowercase hex, `raw` its 32 bytes), made once. */
function newPublicKeyObject(hexKey: string, raw: Uint8Array): NodeCrypto.KeyObject {
  const obj = nodeCrypto!.createPublicKey({ key: der(concat(SPKI_PREFIX, raw)), format: 'der', type: 'spki' })
  if (keyCache.size >= VERIFY_KEY_CACHE_SIZE) keyCache.delete(keyCache.keys().next().value as string)
  keyCache.set(hexKey, obj)
  return obj
}

/** The cached `KeyObject` of a hex key, marked most recently used, or `undefined`. */
function cachedKeyObject(hexKey: string): NodeCrypto.KeyObject | undefined {
  const obj = keyCache.get(hexKey)
  if (obj !== undefined) {
    keyCache.delete(hexKey)
    keyCache.set(hexKey, obj)
  }
  return obj
}

const HEX_KEY = /^[0-9a-f]{64}$/

/**
 * Whether `signature` is a valid Ed25519 signature of `message` by `key` (hex author key or 32 raw bytes).
 *
 * @remarks Never throws: a malformed key or signature is simply `false`. On the native path a hex key
 * already seen is looked up before anything else (no pattern test, no hex decoding: only well-formed
 * keys enter the cache). The fallback path uses `@noble/ed25519` with `zip215: false` (RFC 8032 rules),
 * closer to OpenSSL than noble's ZIP 215 default, so that peers with and without native Ed25519 agree
 * on what is valid.
 */
export function verifySignature(key: AuthorKey | Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  try {
    if (!(message instanceof Uint8Array) || !(signature instanceof Uint8Array) || signature.length !== 64) return false
    if (NATIVE_ED25519 && typeof key === 'string') {
      const known = cachedKeyObject(key)
      if (known !== undefined) return nodeCrypto!.verify(null, message, known, signature)
    }
    let raw: Uint8Array
    let hexKey: string
    if (typeof key === 'string') {
      if (!HEX_KEY.test(key)) return false
      hexKey = key
      raw = fromHex(key)
    } else if (key instanceof Uint8Array && key.length === 32) {
      raw = key
      hexKey = toHex(key)
    } else {
      return false
    }
    if (NATIVE_ED25519) return nodeCrypto!.verify(null, message, cachedKeyObject(hexKey) ?? newPublicKeyObject(hexKey, raw), signature)
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

const CLIENT_ID_DOMAIN = utf8('yurt/client-id/1')

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
    raw = fromHex(key)
  } else {
    if (!(key instanceof Uint8Array) || key.length !== 32) throw new TypeError('public key must be 32 bytes')
    raw = key
  }
  const digest = sha256(CLIENT_ID_DOMAIN, raw)
  const id = new DataView(digest.buffer, digest.byteOffset, 4).getUint32(0, false)
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
  const info = utf8(`${platform}\0${userId}`)
  return hkdf(nobleSha256, deviceSeed, utf8('yurt/chat-user/1'), info, 32)
}

// ---- WebCrypto (a page) ----------------------------------------------------------------------

/** A WebCrypto key (typed loosely: Node's and the DOM's declarations of `CryptoKey` differ). */
export type WebKey = object
/** A WebCrypto key pair. */
export interface WebKeyPair {
  publicKey: WebKey
  privateKey: WebKey
}
/** The part of `crypto.subtle` used here, for Ed25519. */
interface Subtle {
  generateKey(alg: { name: 'Ed25519' }, extractable: boolean, usages: string[]): Promise<unknown>
  importKey(format: 'raw', key: Uint8Array, alg: { name: 'Ed25519' }, extractable: boolean, usages: string[]): Promise<WebKey>
  exportKey(format: 'raw', key: WebKey): Promise<ArrayBuffer>
  sign(alg: { name: 'Ed25519' }, key: WebKey, data: Uint8Array): Promise<ArrayBuffer>
  verify(alg: { name: 'Ed25519' }, key: WebKey, signature: Uint8Array | ArrayBuffer, data: Uint8Array): Promise<boolean>
}
const subtleOf = (): Subtle | undefined => (globalThis as { crypto?: { subtle?: unknown } }).crypto?.subtle as Subtle | undefined

let webCryptoProbe: Promise<boolean> | undefined

/**
 * Whether this runtime's WebCrypto signs and verifies Ed25519 (`crypto.subtle` exists only in a secure
 * context: a page at a plain-HTTP LAN address has none and falls back to `@noble/ed25519`). Probed once.
 */
export function webCryptoEd25519(): Promise<boolean> {
  webCryptoProbe ??= (async () => {
    try {
      const subtle = subtleOf()
      if (!subtle) return false
      const pair = (await subtle.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify'])) as unknown as WebKeyPair
      const probe = utf8('probe')
      const sig = await subtle.sign({ name: 'Ed25519' }, pair.privateKey, probe)
      return await subtle.verify({ name: 'Ed25519' }, pair.publicKey, sig, probe)
    } catch {
      return false
    }
  })()
  return webCryptoProbe
}

/**
 * An asynchronous signer for a WebCrypto Ed25519 key pair (its private key may be non-extractable and kept
 * in IndexedDB; only the public key is exported).
 */
export async function signerFromCryptoKeyPair(pair: WebKeyPair): Promise<AsyncSigner> {
  const publicKey = new Uint8Array(await subtleOf()!.exportKey('raw', pair.publicKey))
  const key = toHex(publicKey) as AuthorKey
  const signAsync = async (message: Uint8Array) =>
    new Uint8Array(await subtleOf()!.sign({ name: 'Ed25519' }, pair.privateKey, message))
  return Object.freeze({ key, publicKey, clientId: clientIdOf(publicKey), signAsync })
}

/** A new non-extractable WebCrypto Ed25519 key pair. @throws when the runtime has no WebCrypto Ed25519. */
export async function generateCryptoKeyPair(): Promise<WebKeyPair> {
  return (await subtleOf()!.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify'])) as unknown as WebKeyPair
}

const webKeyCache = new Map<string, Promise<WebKey>>()

/**
 * {@link verifySignature} on the asynchronous path: `node:crypto` where it exists (synchronous, fastest),
 * else WebCrypto Ed25519 when the runtime has it, else `@noble/ed25519`. Never throws.
 *
 * @remarks WebCrypto and noble (with `zip215: false`) agree on every signature an honest signer makes;
 * for a hostile non-canonical encoding both follow RFC 8032's checks.
 */
export async function verifySignatureAsync(key: AuthorKey | Uint8Array, message: Uint8Array, signature: Uint8Array): Promise<boolean> {
  if (NATIVE_ED25519 || !(await webCryptoEd25519())) return verifySignature(key, message, signature)
  try {
    if (!(message instanceof Uint8Array) || !(signature instanceof Uint8Array) || signature.length !== 64) return false
    let raw: Uint8Array
    if (typeof key === 'string') {
      if (!HEX_KEY.test(key)) return false
      raw = fromHex(key)
    } else if (key instanceof Uint8Array && key.length === 32) {
      raw = key
    } else {
      return false
    }
    const hexKey = toHex(raw)
    let cryptoKey = webKeyCache.get(hexKey)
    if (!cryptoKey) {
      cryptoKey = subtleOf()!.importKey('raw', raw, { name: 'Ed25519' }, false, ['verify'])
      if (webKeyCache.size >= VERIFY_KEY_CACHE_SIZE) webKeyCache.delete(webKeyCache.keys().next().value as string)
      webKeyCache.set(hexKey, cryptoKey)
      cryptoKey.catch(() => webKeyCache.delete(hexKey))
    }
    return await subtleOf()!.verify({ name: 'Ed25519' }, await cryptoKey, signature, message)
  } catch {
    return false
  }
}
