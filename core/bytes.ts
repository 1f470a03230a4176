/**
 * Bytes helpers that run the same in Node and in a browser: hex, UTF-8, SHA-256 and randomness, with
 * no `node:` module and no global `Buffer` (issue 12: the page bundles `core/` as it is).
 */
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js'

const HEX_DIGITS = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))

/** Lowercase hex of `bytes`. */
export function toHex(bytes: Uint8Array): string {
  let out = ''
  for (let i = 0; i < bytes.length; i++) out += HEX_DIGITS[bytes[i]!]
  return out
}

/**
 * The bytes that `s` spells in hex (either case, even length).
 *
 * @throws TypeError when `s` is not hex.
 */
export function fromHex(s: string): Uint8Array {
  if (typeof s !== 'string' || s.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(s)) throw new TypeError('not a hex string')
  const out = new Uint8Array(s.length / 2)
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(s.slice(2 * i, 2 * i + 2), 16)
  return out
}

const encoder = new TextEncoder()
const decoder = new TextDecoder()

/** UTF-8 bytes of `s`. */
export function utf8(s: string): Uint8Array {
  return encoder.encode(s)
}

/** The string that UTF-8 `bytes` spell (malformed sequences become U+FFFD). */
export function fromUtf8(bytes: Uint8Array): string {
  return decoder.decode(bytes)
}

/** `n` cryptographically random bytes (`crypto.getRandomValues`, in Node and in browsers). */
export function randomBytes(n: number): Uint8Array {
  const out = new Uint8Array(n)
  // getRandomValues fills at most 65536 bytes a call.
  for (let i = 0; i < n; i += 65536) crypto.getRandomValues(out.subarray(i, Math.min(n, i + 65536)))
  return out
}

/**
 * `node:crypto`'s one-shot hash where the runtime has it (Node, through `process.getBuiltinModule`, so
 * that the page's bundle finds no `node:` import), else `undefined`: native SHA-256 is 3–5× faster than
 * noble's on an operation (a few hundred bytes to a few KiB).
 */
const nativeHash = (() => {
  try {
    const p = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process
    const c = p?.getBuiltinModule?.('node:crypto') as { hash?: (alg: string, data: Uint8Array, enc: 'buffer') => Uint8Array } | undefined
    return typeof c?.hash === 'function' ? c.hash : undefined
  } catch {
    return undefined
  }
})()

/** SHA-256 of the concatenation of `parts`: 32 bytes (a plain `Uint8Array`, never a `Buffer`). */
export function sha256(...parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) {
    if (nativeHash) {
      const b = nativeHash('sha256', parts[0]!, 'buffer')
      return new Uint8Array(b.buffer, b.byteOffset, b.byteLength)
    }
    return nobleSha256(parts[0]!)
  }
  const h = nobleSha256.create()
  for (const p of parts) h.update(p)
  return h.digest()
}

/** base64url (no padding) of `bytes`. */
export function toBase64Url(bytes: Uint8Array): string {
  let bin = ''
  for (let i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]!)
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

/**
 * The bytes of a base64url (or base64) string; characters outside the alphabet are an error.
 *
 * @throws TypeError when `s` is not base64url.
 */
export function fromBase64Url(s: string): Uint8Array {
  if (!/^[A-Za-z0-9_\-+/]*={0,2}$/.test(s)) throw new TypeError('not base64url')
  const b64 = s.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '')
  if (b64.length % 4 === 1) throw new TypeError('not base64url')
  const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4))
  const out = new Uint8Array(bin.length)
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i)
  return out
}
