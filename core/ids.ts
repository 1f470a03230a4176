/**
 * Ids: generation, parsing and the short forms shown to people.
 */
import { randomBytes } from './bytes.ts'
import type { AuthorKey, EntityId } from './types.ts'

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567'

/** Lowercase RFC 4648 base32 without padding. */
export function base32(bytes: Uint8Array): string {
  let out = ''
  let bits = 0
  let value = 0
  for (const byte of bytes) {
    value = (value << 8) | byte
    bits += 8
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31]
  return out
}

/** Length of the author-key prefix every entity id starts with (hex digits). */
export const AUTHOR_PREFIX_LENGTH = 12

/**
 * A new entity id for `author`: `<12 hex digits of the key>.<8 random base32 characters>`.
 *
 * @remarks The prefix makes ids unique across authors by structure: the view ignores an entity
 * whose id does not start with its author's prefix, so nobody can shadow another author's id.
 */
export function newEntityId(author: AuthorKey): EntityId {
  return `${author.slice(0, AUTHOR_PREFIX_LENGTH)}.${base32(randomBytes(5))}` as EntityId
}

/** Whether `id` is a well-formed entity id that belongs to `author`. */
export function isEntityIdOf(id: string, author: AuthorKey): id is EntityId {
  return /^[0-9a-f]{12}\.[a-z2-7]{8}$/.test(id) && id.startsWith(author.slice(0, AUTHOR_PREFIX_LENGTH))
}

/** The short form of a key shown to people: its first 8 hex digits. */
export function shortKey(key: AuthorKey | string): string {
  return key.slice(0, 8)
}

/** Whether `s` is 64 lowercase hex digits (an Ed25519 public key). */
export function isAuthorKey(s: unknown): s is AuthorKey {
  return typeof s === 'string' && /^[0-9a-f]{64}$/.test(s)
}

/** Length of a festival's short id: the first characters of its id, shown by `yurt festivals`. */
export const SHORT_FESTIVAL_ID_LENGTH = 8

/** The short form of a festival id shown to people and accepted by `--festival`: its first 8 characters. */
export function shortFestivalId(id: string): string {
  return id.slice(0, SHORT_FESTIVAL_ID_LENGTH)
}
