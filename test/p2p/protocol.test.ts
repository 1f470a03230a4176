import { describe, expect, it } from 'vitest'
import {
  decodeMessage,
  encodeMessage,
  MalformedMessageError,
  MESSAGE_TYPE,
  PROTOCOL_LIMITS,
  type SyncMessage,
} from '../../p2p/protocol.ts'
import type { AuthorKey, FestivalId } from '../../core/types.ts'
import { testFestival } from './fake-host.ts'

const F = 'abcdefghijklmnopqrstuvwxyz234567' as FestivalId
const A = 'aa'.repeat(32) as AuthorKey
const B = '0123456789abcdef'.repeat(4) as AuthorKey
const hash = (n: number) => new Uint8Array(32).fill(n)

const samples: SyncMessage[] = [
  { type: 'hello', version: 1, festivals: [] },
  { type: 'hello', version: 1, festivals: [{ id: F, hasGenesis: true }, { id: 'other-fest' as FestivalId, hasGenesis: false }] },
  { type: 'heads', festival: F, heads: [] },
  { type: 'heads', festival: F, heads: [{ author: A, seq: 1, hash: hash(1) }, { author: B, seq: 2 ** 40, hash: hash(2) }] },
  { type: 'want', festival: F, author: A, afterSeq: 0, limit: 256 },
  { type: 'want', festival: F, author: B, afterSeq: Number.MAX_SAFE_INTEGER, limit: 1 },
  { type: 'ops', festival: F, author: A, ops: [] },
  { type: 'ops', festival: F, author: A, ops: [Uint8Array.of(1, 2, 3), new Uint8Array(300).fill(7)] },
  { type: 'done' },
  { type: 'genesis-request', festival: F },
  { type: 'genesis', festival: F, genesis: testFestival() },
]

describe('sync protocol messages', () => {
  it.each(samples.map((m) => [m.type, m] as const))('round-trips %s', (_type, msg) => {
    const bytes = encodeMessage(msg)
    expect(bytes[0]).toBe(
      { hello: 1, heads: 2, want: 3, ops: 4, done: 5, 'genesis-request': 6, genesis: 7 }[msg.type],
    )
    expect(decodeMessage(bytes)).toEqual(msg)
  })

  it('encodes the documented bytes (PROTOCOL.md examples)', () => {
    expect(Buffer.from(encodeMessage({ type: 'done' })).toString('hex')).toBe('05')
    expect(Buffer.from(encodeMessage({ type: 'hello', version: 1, festivals: [{ id: 'ab' as FestivalId, hasGenesis: true }] })).toString('hex')).toBe(
      '0101010261620' + '1',
    )
    const want = encodeMessage({ type: 'want', festival: 'ab' as FestivalId, author: A, afterSeq: 300, limit: 256 })
    expect(Buffer.from(want).toString('hex')).toBe('03' + '026162' + 'aa'.repeat(32) + 'ac02' + '8002')
  })

  const bad: Array<[string, Uint8Array]> = [
    ['empty', new Uint8Array(0)],
    ['unknown type', Uint8Array.of(0x42)],
    ['type 0', Uint8Array.of(0)],
    ['trailing bytes after done', Uint8Array.of(MESSAGE_TYPE.done, 0)],
    ['truncated hello', Uint8Array.of(MESSAGE_TYPE.hello, 1, 1, 2, 0x61)],
    ['hello with bad flag', Uint8Array.of(MESSAGE_TYPE.hello, 1, 1, 2, 0x61, 0x62, 2)],
    ['hello with a festival twice', Uint8Array.of(MESSAGE_TYPE.hello, 1, 2, 1, 0x61, 1, 1, 0x61, 1)],
    ['festival id with capitals', Uint8Array.of(MESSAGE_TYPE.genesisRequest, 2, 0x41, 0x42)],
    ['empty festival id', Uint8Array.of(MESSAGE_TYPE.genesisRequest, 0)],
    ['festival id too long', Uint8Array.of(MESSAGE_TYPE.genesisRequest, 65, ...new Array(65).fill(0x61))],
    ['invalid UTF-8 id', Uint8Array.of(MESSAGE_TYPE.genesisRequest, 2, 0xc3, 0x28)],
    ['non-minimal varint', Uint8Array.of(MESSAGE_TYPE.hello, 0x81, 0x00, 0)],
    ['varint too long', Uint8Array.of(MESSAGE_TYPE.hello, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 0)],
    ['too many heads', Uint8Array.of(MESSAGE_TYPE.heads, 1, 0x61, 0x81, 0x80, 0x04)],
    ['heads truncated in a hash', Uint8Array.of(MESSAGE_TYPE.heads, 1, 0x61, 1, ...new Array(32).fill(1), 1, 1, 2)],
    ['want without limit', Uint8Array.of(MESSAGE_TYPE.want, 1, 0x61, ...new Array(32).fill(1), 0)],
    ['ops with too many entries', Uint8Array.of(MESSAGE_TYPE.ops, 1, 0x61, ...new Array(32).fill(1), 0x81, 0x02)],
    ['ops with an empty operation', Uint8Array.of(MESSAGE_TYPE.ops, 1, 0x61, ...new Array(32).fill(1), 1, 0)],
    ['ops whose length runs past the end', Uint8Array.of(MESSAGE_TYPE.ops, 1, 0x61, ...new Array(32).fill(1), 1, 5, 1, 2)],
    ['genesis that is not JSON', Uint8Array.of(MESSAGE_TYPE.genesis, 1, 0x61, 2, 0x7b, 0x7b)],
    ['genesis that is an array', Uint8Array.of(MESSAGE_TYPE.genesis, 1, 0x61, 2, 0x5b, 0x5d)],
  ]

  it.each(bad)('refuses %s with MalformedMessageError', (_what, bytes) => {
    expect(() => decodeMessage(bytes)).toThrow(expect.objectContaining({ name: 'MalformedMessageError' }))
  })

  it('never throws anything but MalformedMessageError on random bytes (seeded)', () => {
    let seed = 12345
    const next = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff
    for (let i = 0; i < 5000; i++) {
      const len = next() % 80
      const bytes = new Uint8Array(len)
      for (let j = 0; j < len; j++) bytes[j] = next()
      if (len > 0) bytes[0] = (bytes[0]! % 8) // mostly known types
      try {
        decodeMessage(bytes)
      } catch (err) {
        expect(err).toBeInstanceOf(MalformedMessageError)
      }
    }
  })

  it('refuses to encode what it could not decode', () => {
    expect(() => encodeMessage({ type: 'want', festival: F, author: 'xyz' as AuthorKey, afterSeq: 0, limit: 1 })).toThrow(RangeError)
    expect(() => encodeMessage({ type: 'want', festival: F, author: A, afterSeq: -1, limit: 1 })).toThrow(RangeError)
    expect(() =>
      encodeMessage({ type: 'ops', festival: F, author: A, ops: new Array(PROTOCOL_LIMITS.maxOpsPerMessage + 1).fill(Uint8Array.of(1)) }),
    ).toThrow(RangeError)
    expect(() => encodeMessage({ type: 'genesis-request', festival: 'Not An Id' as FestivalId })).toThrow(RangeError)
  })
})
