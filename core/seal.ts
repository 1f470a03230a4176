/**
 * Sealed answers: text that only some authors can read, inside a document every peer holds whole
 * (DESIGN.md, "Private data in a replicated document"; an application's answer for its reviewers).
 *
 * @remarks
 * An author key is an Ed25519 public key; its X25519 twin (RFC 7748, the birational map of RFC 8032's
 * curve, as libsodium's `crypto_sign_ed25519_pk_to_curve25519`) receives. Sealing, for recipients
 * R₁…Rₙ (at most {@link MAX_RECIPIENTS}):
 *
 * 1. a random 32-byte content key `k` and 24-byte nonce; `c = XChaCha20-Poly1305(k, nonce, text, aad)`;
 * 2. one ephemeral X25519 key pair `(e, E)`; for each Rᵢ: `sᵢ = X25519(e, Xᵢ)` (Xᵢ its X25519 key),
 *    `wᵢ = HKDF-SHA256(ikm = sᵢ, salt = E ‖ Xᵢ, info = "yurt/seal/1", 32)`, and
 *    `kᵢ = ChaCha20-Poly1305(wᵢ, nonce = 12 zero bytes, k, aad)` (each `wᵢ` is used once);
 * 3. the box: `0x01 ‖ E (32) ‖ nonce (24) ‖ n (1) ‖ n × (Rᵢ (32) ‖ kᵢ (48)) ‖ c`.
 *
 * `aad` binds the box to where it is stored (festival, event, applicant): a box copied into another
 * application does not open. A recipient opens with its Ed25519 seed (the secret X25519 scalar is
 * derived from it as RFC 8032 §5.1.5 does). Every failure to open is `null`, never a throw.
 * Everything here is @noble (pure JavaScript): the page holds the same code.
 *
 * A box may also hide who may open it ({@link sealHidden}, version 2, for random meetings): the
 * same construction with the slots' keys left out, `0x02 ‖ E ‖ nonce ‖ n ‖ n × kᵢ (48) ‖ c`; a
 * recipient tries each slot with its own key (at most {@link MAX_RECIPIENTS} trials of 48 bytes).
 * What such a box still says is its size, and so `n` and the text's length.
 */
import { ed25519, x25519 } from '@noble/curves/ed25519.js'
import { chacha20poly1305, xchacha20poly1305 } from '@noble/ciphers/chacha.js'
import { hkdf } from '@noble/hashes/hkdf.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { fromHex, randomBytes, toHex, utf8 } from './bytes.ts'
import type { AuthorKey } from './types.ts'

/** Most recipients one box is sealed to. */
export const MAX_RECIPIENTS = 50
const VERSION = 1
const HIDDEN = 2
const WRAPPED = 48
const INFO = utf8('yurt/seal/1')
const ZERO_NONCE = new Uint8Array(12)

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

function wrapKey(shared: Uint8Array, ephemeral: Uint8Array, recipient: Uint8Array): Uint8Array {
  return hkdf(sha256, shared, concat(ephemeral, recipient), INFO, 32)
}

/**
 * Seals `text` to `recipients` (author keys), bound to `aad`.
 *
 * @returns the box (bytes, see the module notes)
 * @throws TypeError for no recipient, more than {@link MAX_RECIPIENTS}, or a key that is not a point of the curve.
 */
export function seal(text: string, recipients: readonly AuthorKey[], aad: Uint8Array): Uint8Array {
  const { unique, E, nonce, wrapped, c } = sealParts(text, recipients, aad)
  const slots = unique.flatMap((r, i) => [fromHex(r), wrapped[i]!])
  return concat(Uint8Array.of(VERSION), E, nonce, Uint8Array.of(unique.length), ...slots, c)
}

/**
 * What both box versions hold: the distinct recipients, the ephemeral X25519 public key `E`, the
 * nonce, the content key wrapped for each recipient (in the recipients' order) and the ciphertext.
 *
 * @throws TypeError for no recipient, more than {@link MAX_RECIPIENTS}, or a key that is not a point of the curve.
 */
function sealParts(text: string, recipients: readonly AuthorKey[], aad: Uint8Array) {
  const unique = [...new Set(recipients)]
  if (unique.length === 0 || unique.length > MAX_RECIPIENTS) throw new TypeError(`a sealed box needs 1 to ${MAX_RECIPIENTS} recipients`)
  const k = randomBytes(32)
  const nonce = randomBytes(24)
  const e = x25519.utils.randomSecretKey()
  const E = x25519.getPublicKey(e)
  const wrapped = unique.map((r) => {
    const X = ed25519.utils.toMontgomery(fromHex(r))
    return chacha20poly1305(wrapKey(x25519.getSharedSecret(e, X), E, X), ZERO_NONCE, aad).encrypt(k)
  })
  const c = xchacha20poly1305(k, nonce, aad).encrypt(utf8(text))
  return { unique, E, nonce, wrapped, c }
}

/**
 * Seals `text` to `recipients` like {@link seal}, but the box does not name them (version 2, see the
 * module notes): {@link recipientsOf} answers `[]` for it, and only a recipient learns that it is one.
 *
 * @throws TypeError as {@link seal} does.
 */
export function sealHidden(text: string, recipients: readonly AuthorKey[], aad: Uint8Array): Uint8Array {
  const { unique, E, nonce, wrapped, c } = sealParts(text, recipients, aad)
  // Slots in a random order: their order would otherwise say which slot is whose.
  const slots = wrapped
    .map((slot) => ({ slot, order: toHex(randomBytes(8)) }))
    .sort((a, b) => (a.order < b.order ? -1 : 1))
    .map((s) => s.slot)
  return concat(Uint8Array.of(HIDDEN), E, nonce, Uint8Array.of(unique.length), ...slots, c)
}

function openHidden(box: Uint8Array, seed: Uint8Array, aad: Uint8Array): string | null {
  if (box.length < 58 || seed.length !== 32) return null
  const n = box[57]!
  if (n === 0 || n > MAX_RECIPIENTS || box.length < 58 + n * WRAPPED + 16) return null
  try {
    const E = box.subarray(1, 33)
    const nonce = box.subarray(33, 57)
    const x = ed25519.utils.toMontgomerySecret(seed)
    const X = ed25519.utils.toMontgomery(ed25519.getPublicKey(seed))
    const w = wrapKey(x25519.getSharedSecret(x, E), E, X)
    const c = box.subarray(58 + n * WRAPPED)
    for (let i = 0; i < n; i++) {
      let k: Uint8Array
      try {
        k = chacha20poly1305(w, ZERO_NONCE, aad).decrypt(box.subarray(58 + i * WRAPPED, 58 + (i + 1) * WRAPPED))
      } catch {
        continue
      }
      return new TextDecoder('utf-8', { fatal: true }).decode(xchacha20poly1305(k, nonce, aad).decrypt(c))
    }
    return null
  } catch {
    return null
  }
}

/** The author keys a box is sealed to (readable by anyone: the box does not hide who may open it); `[]` for a {@link sealHidden} box. */
export function recipientsOf(box: Uint8Array): AuthorKey[] {
  const parsed = parse(box)
  return parsed ? parsed.slots.map((s) => toHex(s.key) as AuthorKey) : []
}

/**
 * Opens a box (either version) with a recipient's Ed25519 seed (32 bytes).
 *
 * @returns the text, or `null` when the seed is not a recipient's, the box is damaged, or `aad` differs.
 */
export function open(box: Uint8Array, seed: Uint8Array, aad: Uint8Array): string | null {
  if (box[0] === HIDDEN) return openHidden(box, seed, aad)
  const parsed = parse(box)
  if (!parsed || seed.length !== 32) return null
  try {
    const edPub = ed25519.getPublicKey(seed)
    const slot = parsed.slots.find((s) => s.key.every((b, i) => b === edPub[i]))
    if (!slot) return null
    const x = ed25519.utils.toMontgomerySecret(seed)
    const X = ed25519.utils.toMontgomery(edPub)
    const w = wrapKey(x25519.getSharedSecret(x, parsed.E), parsed.E, X)
    const k = chacha20poly1305(w, ZERO_NONCE, aad).decrypt(slot.wrapped)
    return new TextDecoder('utf-8', { fatal: true }).decode(xchacha20poly1305(k, parsed.nonce, aad).decrypt(parsed.c))
  } catch {
    return null
  }
}

function parse(box: Uint8Array): { E: Uint8Array; nonce: Uint8Array; slots: Array<{ key: Uint8Array; wrapped: Uint8Array }>; c: Uint8Array } | null {
  if (box.length < 1 + 32 + 24 + 1 || box[0] !== VERSION) return null
  const E = box.subarray(1, 33)
  const nonce = box.subarray(33, 57)
  const n = box[57]!
  let at = 58
  if (n === 0 || n > MAX_RECIPIENTS || box.length < at + n * (32 + WRAPPED) + 16) return null
  const slots: Array<{ key: Uint8Array; wrapped: Uint8Array }> = []
  for (let i = 0; i < n; i++) {
    slots.push({ key: box.subarray(at, at + 32), wrapped: box.subarray(at + 32, at + 32 + WRAPPED) })
    at += 32 + WRAPPED
  }
  return { E, nonce, slots, c: box.subarray(at) }
}

/** What a box stored in an application is bound to: `yurt/application/1 ‖ 0 ‖ festival ‖ 0 ‖ event ‖ 0 ‖ applicant`. */
export function applicationAad(festival: string, event: string, applicant: AuthorKey): Uint8Array {
  return utf8(`yurt/application/1\0${festival}\0${event}\0${applicant}`)
}

/** Base64 of bytes (how a box is stored in the document). */
export function toBase64(bytes: Uint8Array): string {
  let s = ''
  for (const b of bytes) s += String.fromCharCode(b)
  return btoa(s)
}

/** Bytes of base64; `null` when it is not base64. */
export function fromBase64(text: string): Uint8Array | null {
  try {
    const s = atob(text)
    const out = new Uint8Array(s.length)
    for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i)
    return out
  } catch {
    return null
  }
}
