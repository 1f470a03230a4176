import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { signerFromSeed, type Signer } from '../../core/identity.ts'
import {
  chainedPrefix,
  decodeOperation,
  decodeOperations,
  encodeOperation,
  fromHex,
  hex,
  OPERATION_LIMITS,
  operationHash,
  signedBytes,
  signOperation,
  verifyOperationSignature,
  ZERO_HASH,
  type Operation,
} from '../../core/operation.ts'
import type { FestivalId } from '../../core/types.ts'

const festival = 'abcdefghijklmnopqrstuvwxyz234567' as FestivalId
const alice = signerFromSeed(new Uint8Array(32).fill(1))
const bob = signerFromSeed(new Uint8Array(32).fill(2))

/** A real Yjs update: `author` writes `value` under `key` in its own namespace. */
function yUpdate(author: Signer, key: string, value: string): Uint8Array {
  const doc = new Y.Doc()
  doc.clientID = author.clientId
  doc.getMap(author.key).set(key, value)
  return Y.encodeStateAsUpdate(doc)
}

function chain(author: Signer, n: number): Operation[] {
  const ops: Operation[] = []
  let prev = ZERO_HASH
  for (let seq = 1; seq <= n; seq++) {
    const op = signOperation(
      {
        festival,
        author: author.key,
        seq,
        prev,
        clientId: author.clientId,
        hlc: { wall: 1_780_000_000_000 + seq, counter: seq % 3 },
        update: yUpdate(author, `k${seq}`, `v${seq}`),
      },
      author,
    )
    ops.push(op)
    prev = operationHash(op)
  }
  return ops
}

describe('operation encoding', () => {
  it('round-trips through encode and decode', () => {
    for (const op of chain(alice, 3)) {
      const bytes = encodeOperation(op)
      expect(bytes[0]).toBe(1)
      const back = decodeOperation(bytes)
      expect(back).toEqual(op)
      expect(encodeOperation(back)).toEqual(bytes)
      expect(verifyOperationSignature(back)).toBe(true)
    }
  })

  it('round-trips extreme field values', () => {
    const op = signOperation(
      {
        festival: 'x' as FestivalId,
        author: alice.key,
        seq: Number.MAX_SAFE_INTEGER,
        prev: new Uint8Array(32).fill(0xff),
        clientId: 0xffffffff,
        hlc: { wall: Number.MAX_SAFE_INTEGER, counter: 0xffffffff },
        update: new Uint8Array(OPERATION_LIMITS.maxUpdateBytes).fill(7),
      },
      alice,
    )
    const bytes = encodeOperation(op)
    expect(bytes.length).toBeLessThanOrEqual(OPERATION_LIMITS.maxEncodedBytes)
    expect(decodeOperation(bytes)).toEqual(op)
  })

  it('refuses to sign for somebody else or out-of-range fields', () => {
    const [op] = chain(alice, 1) as [Operation]
    expect(() => signOperation({ ...op, author: bob.key }, alice)).toThrow(TypeError)
    const bad: Array<Partial<Operation>> = [
      { seq: 0 },
      { seq: 1.5 },
      { prev: new Uint8Array(31) },
      { prev: new Uint8Array(32).fill(1) }, // seq 1 must name the zero hash
      { clientId: -1 },
      { clientId: 2 ** 32 },
      { hlc: { wall: -1, counter: 0 } },
      { hlc: { wall: 1, counter: 2 ** 32 } },
      { festival: 'Has Space' as FestivalId },
      { festival: 'a!b' as FestivalId },
      { update: new Uint8Array(OPERATION_LIMITS.maxUpdateBytes + 1) },
    ]
    for (const change of bad) {
      expect(() => signOperation({ ...op, ...change }, alice), JSON.stringify(change)).toThrow(
        expect.objectContaining({ name: 'InvalidOperationError', reason: 'malformed' }),
      )
    }
  })

  it('a decoded operation owns its bytes: changing the input afterwards changes nothing of it', () => {
    const [, op] = chain(alice, 2) as [Operation, Operation]
    const input = new Uint8Array(encodeOperation(op))
    const back = decodeOperation(input)
    const encoded = new Uint8Array(encodeOperation(back))
    const signed = new Uint8Array(signedBytes(back))
    const hash = operationHash(op)
    input.fill(0)
    expect(back).toEqual(op)
    expect(encodeOperation(back)).toEqual(encoded)
    expect(signedBytes(back)).toEqual(signed)
    expect(signedBytes(back)).toEqual(signedBytes({ ...op }))
    expect(operationHash(back)).toEqual(hash)
    expect(verifyOperationSignature(back)).toBe(true)
  })

  it('a copy with one field changed is encoded afresh, not taken for the original', () => {
    const [, op] = chain(alice, 2) as [Operation, Operation]
    const back = decodeOperation(encodeOperation(op))
    const copy = { ...back, hlc: { ...back.hlc, counter: back.hlc.counter + 1 } }
    expect(decodeOperation(encodeOperation(copy)).hlc.counter).toBe(back.hlc.counter + 1)
    expect(operationHash(copy)).not.toEqual(operationHash(back))
    expect(verifyOperationSignature(copy)).toBe(false)
  })

  it('domain-separates the signed bytes', () => {
    const [op] = chain(alice, 1) as [Operation]
    const bytes = signedBytes(op)
    expect(new TextDecoder().decode(bytes.subarray(0, 10))).toBe('yurt/op/1\0')
    expect(bytes.subarray(10)).toEqual(encodeOperation(op).subarray(0, -64))
  })
})

describe('operation signature', () => {
  it('fails when any field is tampered with', () => {
    const [, op] = chain(alice, 2) as [Operation, Operation]
    const flip = (b: Uint8Array, i = 0): Uint8Array => {
      const c = new Uint8Array(b)
      c[i] = (c[i] as number) ^ 1
      return c
    }
    const tampered: Array<[string, Operation]> = [
      ['festival', { ...op, festival: 'abcdefghijklmnopqrstuvwxyz234568' as FestivalId }],
      ['author', { ...op, author: bob.key }],
      ['seq', { ...op, seq: 3 }],
      ['prev', { ...op, prev: flip(op.prev) }],
      ['clientId', { ...op, clientId: op.clientId ^ 1 }],
      ['hlc.wall', { ...op, hlc: { ...op.hlc, wall: op.hlc.wall + 1 } }],
      ['hlc.counter', { ...op, hlc: { ...op.hlc, counter: op.hlc.counter + 1 } }],
      ['update', { ...op, update: flip(op.update, op.update.length - 1) }],
      ['update length', { ...op, update: op.update.subarray(0, -1) }],
      ['sig', { ...op, sig: flip(op.sig, 5) }],
      ['sig s', { ...op, sig: flip(op.sig, 40) }],
    ]
    expect(verifyOperationSignature(op)).toBe(true)
    for (const [field, bad] of tampered) expect(verifyOperationSignature(bad), field).toBe(false)
  })

  it('fails when a byte of the encoding is flipped (or it no longer decodes)', () => {
    const [op] = chain(alice, 1) as [Operation]
    const bytes = encodeOperation(op)
    for (let i = 0; i < bytes.length; i++) {
      const copy = new Uint8Array(bytes)
      copy[i] = (copy[i] as number) ^ 0x10
      let decoded: Operation
      try {
        decoded = decodeOperation(copy)
      } catch (error) {
        expect(error).toMatchObject({ name: 'InvalidOperationError', reason: 'malformed' })
        continue
      }
      expect(verifyOperationSignature(decoded), `byte ${i}`).toBe(false)
    }
  })

  it('is false, not a throw, for a malformed operation', () => {
    const [op] = chain(alice, 1) as [Operation]
    expect(verifyOperationSignature({ ...op, sig: new Uint8Array(3) })).toBe(false)
    expect(verifyOperationSignature({ ...op, seq: -1 })).toBe(false)
  })
})

describe('decodeOperations (an OPS batch, read in place)', () => {
  /** The encodings of `ops` one after the other in one buffer, as views of it (as in a received frame). */
  function frameOf(ops: Operation[]): Uint8Array[] {
    const parts = ops.map((op) => encodeOperation(op))
    const frame = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
    let at = 0
    return parts.map((p) => {
      frame.set(p, at)
      return frame.subarray(at, (at += p.length))
    })
  }

  it('decodes each as decodeOperation does: same fields, hash, signed bytes and signature', () => {
    const ops = chain(alice, 4)
    const back = decodeOperations(frameOf(ops))
    expect(back).toEqual(ops)
    back.forEach((op, i) => {
      expect(operationHash(op)).toEqual(operationHash(ops[i]!))
      expect(signedBytes(op)).toEqual(signedBytes(ops[i]!))
      expect(verifyOperationSignature(op)).toBe(true)
      // Chained as signed: each names the hash of the one before.
      if (i > 0) expect(op.prev).toEqual(operationHash(back[i - 1]!))
    })
    expect(chainedPrefix(back, undefined)).toHaveLength(4)
  })

  it('reads in place: the updates are views of the frame, not copies', () => {
    const list = frameOf(chain(alice, 2))
    const [a, b] = decodeOperations(list) as [Operation, Operation]
    expect(a.update.buffer).toBe(list[0]!.buffer)
    expect(b.update.buffer).toBe(list[0]!.buffer)
    expect(encodeOperation(b)).toBe(list[1])
  })

  it('a forged signature is still found out (the signed bytes are made from the bytes received)', () => {
    const ops = chain(alice, 2)
    const list = frameOf(ops)
    list[1]![list[1]!.length - 1]! ^= 1
    const [, forged] = decodeOperations(list) as [Operation, Operation]
    expect(verifyOperationSignature(forged)).toBe(false)
  })

  it('names the operation that does not decode, and never reads past its end into the next one', () => {
    const ops = chain(alice, 2)
    const list = frameOf(ops)
    const first = list[0]!
    // Every truncation of the first, with the second's bytes right behind it in the same buffer.
    for (let n = 0; n < first.length; n++) {
      expect(() => decodeOperations([first.subarray(0, n), list[1]!]), `${n}`).toThrow(
        expect.objectContaining({ name: 'InvalidOperationError', reason: 'malformed', message: expect.stringContaining('operation 1 of 2') }),
      )
    }
    expect(() => decodeOperations([list[0]!, new Uint8Array([2])])).toThrow(/operation 2 of 2: unknown version 2/)
  })
})

describe('decodeOperation refuses malformed bytes', () => {
  const [op] = chain(alice, 1) as [Operation]
  const bytes = encodeOperation(op)
  const malformed = { name: 'InvalidOperationError', reason: 'malformed' }

  it('every truncation', () => {
    for (let n = 0; n < bytes.length; n++) expect(() => decodeOperation(bytes.subarray(0, n)), `${n}`).toThrow(expect.objectContaining(malformed))
  })

  it('trailing bytes', () => {
    const longer = new Uint8Array(bytes.length + 1)
    longer.set(bytes)
    expect(() => decodeOperation(longer)).toThrow(expect.objectContaining(malformed))
  })

  it('a wrong version', () => {
    const copy = new Uint8Array(bytes)
    copy[0] = 2
    expect(() => decodeOperation(copy)).toThrow(expect.objectContaining(malformed))
  })

  it('oversized input, even before parsing', () => {
    expect(() => decodeOperation(new Uint8Array(OPERATION_LIMITS.maxEncodedBytes + 1))).toThrow(
      expect.objectContaining(malformed),
    )
  })

  it('an update length beyond the limit', () => {
    // version, festival, author, seq, prev, clientId, hlc, then a varuint length of maxUpdateBytes + 1
    const head = bytes.subarray(0, 1 + 1 + festival.length + 32 + 1 + 32 + 4)
    const tail = [0x80, 0x80, 0x10, 0x00, 0x81, 0x80, 0x10] // wall 262144, counter 0, update length 262145
    const crafted = new Uint8Array([...head, ...tail, ...new Uint8Array(100)])
    expect(() => decodeOperation(crafted)).toThrow(/update length out of range/)
  })

  it('non-minimal integers (one operation, one encoding)', () => {
    // seq 1 written as 0x81 0x00 instead of 0x01
    const seqAt = 1 + 1 + festival.length + 32
    expect(bytes[seqAt]).toBe(1)
    const crafted = new Uint8Array([...bytes.subarray(0, seqAt), 0x81, 0x00, ...bytes.subarray(seqAt + 1)])
    expect(() => decodeOperation(crafted)).toThrow(expect.objectContaining(malformed))
  })

  it('a festival id that is not [a-z0-9_-]', () => {
    const copy = new Uint8Array(bytes)
    copy[2] = '!'.charCodeAt(0)
    expect(() => decodeOperation(copy)).toThrow(expect.objectContaining(malformed))
    copy[2] = 0xc3
    expect(() => decodeOperation(copy)).toThrow(expect.objectContaining(malformed))
  })

  it('garbage', () => {
    expect(() => decodeOperation(new Uint8Array(0))).toThrow(expect.objectContaining(malformed))
    expect(() => decodeOperation('x' as unknown as Uint8Array)).toThrow(expect.objectContaining(malformed))
  })
})

describe('hash chain', () => {
  it('links each operation to the hash of its predecessor', () => {
    const ops = chain(alice, 4)
    expect(ops[0]?.prev).toEqual(ZERO_HASH)
    for (let i = 1; i < ops.length; i++) expect(ops[i]?.prev).toEqual(operationHash(ops[i - 1] as Operation))
    const hashes = new Set(ops.map((op) => hex(operationHash(op))))
    expect(hashes.size).toBe(4)
  })

  it('hashes the encoding, signature included', async () => {
    const { createHash } = await import('node:crypto')
    const [op] = chain(alice, 1) as [Operation]
    expect(hex(operationHash(op))).toBe(createHash('sha256').update(encodeOperation(op)).digest('hex'))
  })
})

describe('chainedPrefix (the run a catch-up vouches for with one signature)', () => {
  it('takes a whole chain that continues the stored head', () => {
    const ops = chain(alice, 6)
    expect(chainedPrefix(ops, undefined)).toEqual(ops)
    const head = { seq: 2, hash: operationHash(ops[1]!) }
    expect(chainedPrefix(ops.slice(2), head)).toEqual(ops.slice(2))
  })

  it('stops at a gap, a reordering, a wrong prev or a foreign chain', () => {
    const ops = chain(alice, 5)
    expect(chainedPrefix([ops[0]!, ops[1]!, ops[3]!, ops[4]!], undefined)).toEqual(ops.slice(0, 2))
    expect(chainedPrefix([ops[0]!, ops[2]!, ops[1]!], undefined)).toEqual(ops.slice(0, 1))
    // A forged third operation: same seq, prev of someone else's chain.
    const forged = { ...ops[2]!, prev: operationHash(chain(bob, 2)[1]!) }
    expect(chainedPrefix([ops[0]!, ops[1]!, forged, ops[3]!], undefined)).toEqual(ops.slice(0, 2))
    // Not continuing the head: nothing.
    expect(chainedPrefix(ops.slice(2), { seq: 2, hash: ZERO_HASH })).toEqual([])
    expect(chainedPrefix(ops, { seq: 1, hash: operationHash(ops[0]!) })).toEqual([])
  })
})

describe('hex', () => {
  it('round-trips and refuses non-hex', () => {
    expect(hex(fromHex('00ff10Ab'))).toBe('00ff10ab')
    expect(() => fromHex('abc')).toThrow(TypeError)
    expect(() => fromHex('zz')).toThrow(TypeError)
  })
})
