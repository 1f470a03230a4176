/** Boxes that hide their recipients (`sealHidden`, version 2): only a recipient opens, and the box names nobody. */
import { describe, expect, it } from 'vitest'
import { signerFromSeed } from '../../core/identity.ts'
import { open, recipientsOf, seal, sealHidden } from '../../core/seal.ts'
import { utf8 } from '../../core/bytes.ts'

const seed = (n: number) => new Uint8Array(32).fill(n)
const key = (n: number) => signerFromSeed(seed(n)).key

describe('sealHidden', () => {
  it('opens for each recipient, for nobody else, and only with its aad', () => {
    const aad = utf8('yurt/sealed/1\0f\0a\0r1')
    const box = sealHidden('{"name":"Bob"}', [key(1), key(2), key(3)], aad)
    expect(box[0]).toBe(2)
    for (const n of [1, 2, 3]) expect(open(box, seed(n), aad)).toBe('{"name":"Bob"}')
    expect(open(box, seed(4), aad)).toBeNull()
    expect(open(box, seed(1), utf8('yurt/sealed/1\0f\0a\0r2'))).toBeNull()
    expect(recipientsOf(box)).toEqual([])
    const hex = Array.from(box, (b) => b.toString(16).padStart(2, '0')).join('')
    for (const n of [1, 2, 3]) expect(hex).not.toContain(key(n))
  })

  it('is smaller than a box naming its recipients by 32 bytes each, and a damaged box does not open', () => {
    const aad = utf8('x')
    const hidden = sealHidden('hello', [key(1), key(2)], aad)
    expect(seal('hello', [key(1), key(2)], aad).length - hidden.length).toBe(64)
    const broken = hidden.slice()
    broken[broken.length - 1]! ^= 1
    expect(open(broken, seed(1), aad)).toBeNull()
    expect(open(hidden.subarray(0, 60), seed(1), aad)).toBeNull()
  })
})
