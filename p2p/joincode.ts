/**
 * Join codes: one copy-pasteable token that names a festival and where to fetch it.
 *
 * @remarks
 * A code is `yurt1:` followed by the unpadded base64url (RFC 4648 §5) of a UTF-8 JSON object:
 *
 * ```json
 * {"f": {"v":1,"name":"…","timezone":"Europe/Paris","createdAt":…,"nonce":"…","id":"…"}, "a": ["/ip4/…/tcp/…/p2p/…"]}
 * ```
 *
 * `f` is the festival's genesis record with its id, `a` the multiaddrs of a peer that holds it
 * (with `/p2p/<peer id>`). The genesis travels whole so that the joining peer can check the id
 * itself (the id is the hash of the genesis, `core/festival.ts`) and knows the festival's name and
 * zone before it has fetched a single operation.
 */
import { multiaddr } from '@multiformats/multiaddr'
import { fromBase64Url, fromUtf8, toBase64Url, utf8 } from '../core/bytes.ts'
import { YurtError } from '../core/errors.ts'
import { checkGenesis } from '../core/festival.ts'
import type { FestivalMeta } from '../core/types.ts'

/** What a join code holds. */
export interface JoinCode {
  festival: FestivalMeta
  /** Multiaddrs to dial, as strings. */
  addrs: string[]
}

/** The prefix that says "a yurt join code, format 1". */
export const JOIN_CODE_PREFIX = 'yurt1:'

/** Limits of a join code. */
export const JOIN_CODE_LIMITS = {
  /** Longest code accepted (characters). */
  maxLength: 8192,
  /** Most addresses in one code. */
  maxAddrs: 16,
  /** Longest address (characters). */
  maxAddrLength: 512,
} as const

/** A join code cannot be read; `reason` says why, in words for the person who pasted it. */
export class InvalidJoinCodeError extends YurtError {
  override name = 'InvalidJoinCodeError'
  readonly reason: string
  constructor(reason: string, options?: { cause?: unknown }) {
    super(`not a valid join code: ${reason}`, options)
    this.reason = reason
  }
}

/**
 * The join code for a festival and addresses (keeps at most {@link JOIN_CODE_LIMITS}.maxAddrs).
 *
 * @throws InvalidJoinCodeError when the festival record is not a valid genesis with its id.
 */
export function encodeJoinCode(code: JoinCode): string {
  const festival = checkGenesis(code.festival)
  if (typeof festival === 'string') throw new InvalidJoinCodeError(festival)
  if (festival.id !== code.festival.id) throw new InvalidJoinCodeError('id does not match the genesis record')
  const addrs = code.addrs.filter((a) => a.length <= JOIN_CODE_LIMITS.maxAddrLength).slice(0, JOIN_CODE_LIMITS.maxAddrs)
  const json = JSON.stringify({ f: festival, a: addrs })
  return JOIN_CODE_PREFIX + toBase64Url(utf8(json))
}

/**
 * Reads a join code (surrounding white space and a `<…>` wrapping are ignored).
 *
 * @throws InvalidJoinCodeError when it is not a code, is damaged, its festival id does not match its
 * genesis record, or an address is not a multiaddr.
 */
export function decodeJoinCode(input: string): JoinCode {
  const code = input.trim().replace(/^<(.*)>$/s, '$1').trim()
  if (code.length > JOIN_CODE_LIMITS.maxLength) throw new InvalidJoinCodeError('too long')
  if (!code.startsWith(JOIN_CODE_PREFIX)) throw new InvalidJoinCodeError(`a join code starts with "${JOIN_CODE_PREFIX}"`)
  const body = code.slice(JOIN_CODE_PREFIX.length)
  if (!/^[A-Za-z0-9_-]+$/.test(body)) throw new InvalidJoinCodeError('it holds characters a code never has (was it cut or wrapped?)')
  let parsed: unknown
  try {
    parsed = JSON.parse(fromUtf8(fromBase64Url(body)))
  } catch (err) {
    throw new InvalidJoinCodeError('it is damaged (was it cut short?)', { cause: err })
  }
  if (typeof parsed !== 'object' || parsed === null) throw new InvalidJoinCodeError('it is damaged')
  const { f, a } = parsed as { f?: unknown; a?: unknown }
  if (typeof f !== 'object' || f === null || typeof (f as { id?: unknown }).id !== 'string') {
    throw new InvalidJoinCodeError('it names no festival')
  }
  const festival = checkGenesis(f)
  if (typeof festival === 'string') throw new InvalidJoinCodeError(`its festival record is refused (${festival})`)
  if (!Array.isArray(a) || a.length > JOIN_CODE_LIMITS.maxAddrs) throw new InvalidJoinCodeError('bad address list')
  const addrs: string[] = []
  for (const addr of a) {
    if (typeof addr !== 'string' || addr.length > JOIN_CODE_LIMITS.maxAddrLength) throw new InvalidJoinCodeError('bad address')
    try {
      addrs.push(multiaddr(addr).toString())
    } catch (err) {
      throw new InvalidJoinCodeError(`"${addr}" is not a multiaddr`, { cause: err })
    }
  }
  return { festival, addrs }
}
