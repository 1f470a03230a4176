import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  clientIdOf,
  deriveChatSeed,
  NATIVE_ED25519,
  signerFromSeed,
  verifySignature,
  verifySignatureNoble,
  verifySignatureAsync,
  signerFromCryptoKeyPair,
  generateCryptoKeyPair,
  webCryptoEd25519,
} from '../../core/identity.ts'
import { loadOrCreateDeviceSeed } from '../../core/keyfile.ts'
import type { AuthorKey } from '../../core/types.ts'

const seed = (byte: number): Uint8Array => new Uint8Array(32).fill(byte)
const text = (s: string): Uint8Array => new TextEncoder().encode(s)

describe('signer', () => {
  it('runs natively on this Node', () => {
    expect(NATIVE_ED25519).toBe(true)
  })

  it('signs and verifies a round trip', () => {
    const alice = signerFromSeed(seed(1))
    const sig = alice.sign(text('hello'))
    expect(sig).toHaveLength(64)
    expect(alice.key).toMatch(/^[0-9a-f]{64}$/)
    expect(verifySignature(alice.key, text('hello'), sig)).toBe(true)
    expect(verifySignature(alice.publicKey, text('hello'), sig)).toBe(true)
    expect(verifySignature(alice.key, text('hellO'), sig)).toBe(false)
    const bob = signerFromSeed(seed(2))
    expect(verifySignature(bob.key, text('hello'), sig)).toBe(false)
  })

  it('gives the same keys and signatures natively and with @noble/ed25519', () => {
    for (const byte of [0, 7, 255]) {
      const native = signerFromSeed(seed(byte), { native: true })
      const noble = signerFromSeed(seed(byte), { native: false })
      expect(noble.key).toBe(native.key)
      expect(noble.clientId).toBe(native.clientId)
      const message = text(`message ${byte}`)
      const sig = native.sign(message)
      expect(noble.sign(message)).toEqual(sig)
      expect(verifySignatureNoble(native.publicKey, message, sig)).toBe(true)
    }
  })

  it('matches the RFC 8032 test vector 1', () => {
    const s = signerFromSeed(Buffer.from('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60', 'hex'))
    expect(s.key).toBe('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a')
    expect(Buffer.from(s.sign(new Uint8Array())).toString('hex')).toBe(
      'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
    )
  })

  it('returns false instead of throwing on bad input', () => {
    const alice = signerFromSeed(seed(1))
    const sig = alice.sign(text('x'))
    expect(verifySignature('nothex' as AuthorKey, text('x'), sig)).toBe(false)
    expect(verifySignature(alice.key.toUpperCase() as AuthorKey, text('x'), sig)).toBe(false)
    expect(verifySignature(new Uint8Array(31), text('x'), sig)).toBe(false)
    expect(verifySignature(alice.key, text('x'), sig.subarray(0, 63))).toBe(false)
    expect(verifySignature(alice.key, text('x'), new Uint8Array(64))).toBe(false)
    expect(verifySignature(new Uint8Array(32).fill(0xff), text('x'), sig)).toBe(false)
    expect(verifySignature(alice.key, 'x' as unknown as Uint8Array, sig)).toBe(false)
  })

  it('refuses a seed that is not 32 bytes', () => {
    expect(() => signerFromSeed(new Uint8Array(31))).toThrow(TypeError)
  })
})

describe('clientIdOf', () => {
  it('is stable, the same for hex and bytes, and a non-zero uint32', () => {
    const alice = signerFromSeed(seed(1))
    expect(clientIdOf(alice.key)).toBe(clientIdOf(alice.publicKey))
    expect(alice.clientId).toBe(clientIdOf(alice.key))
    // Pinned: changing the derivation would re-bind every author's items.
    expect(clientIdOf('0'.repeat(64) as AuthorKey)).toBe(clientIdOf(new Uint8Array(32)))
    expect(alice.key).toBe('8a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c')
    expect(clientIdOf(alice.key)).toBe(438949539)
    const id = clientIdOf(signerFromSeed(seed(3)).key)
    expect(Number.isInteger(id) && id > 0 && id <= 0xffffffff).toBe(true)
    expect(clientIdOf(signerFromSeed(seed(3)).key)).not.toBe(clientIdOf(alice.key))
  })

  it('is SHA-256("yurt/client-id/1" || key)[0..4] big-endian', async () => {
    const { createHash } = await import('node:crypto')
    const key = signerFromSeed(seed(9)).publicKey
    const digest = createHash('sha256').update('yurt/client-id/1').update(key).digest()
    expect(clientIdOf(key)).toBe(digest.readUInt32BE(0) || 1)
  })
})

describe('deriveChatSeed', () => {
  const device = seed(42)
  it('gives each chat user a distinct key and the same user the same key', () => {
    const alice = signerFromSeed(deriveChatSeed(device, 'matrix', '@alice:example.org'))
    const alice2 = signerFromSeed(deriveChatSeed(device, 'matrix', '@alice:example.org'))
    const bob = signerFromSeed(deriveChatSeed(device, 'matrix', '@bob:example.org'))
    const aliceRc = signerFromSeed(deriveChatSeed(device, 'rocketchat', '@alice:example.org'))
    const otherBot = signerFromSeed(deriveChatSeed(seed(43), 'matrix', '@alice:example.org'))
    expect(alice2.key).toBe(alice.key)
    expect(new Set([alice.key, bob.key, aliceRc.key, otherBot.key]).size).toBe(4)
  })

  it('separates platform from user id (a platform name with NUL is refused)', () => {
    expect(deriveChatSeed(device, 'ab', 'c')).not.toEqual(deriveChatSeed(device, 'a', 'bc'))
    expect(() => deriveChatSeed(device, 'a\0b', 'c')).toThrow(TypeError)
  })

  it('is HKDF-SHA256 with the documented salt and info', async () => {
    const { hkdfSync } = await import('node:crypto')
    const expected = new Uint8Array(hkdfSync('sha256', device, 'yurt/chat-user/1', 'matrix\0@alice:example.org', 32))
    expect(deriveChatSeed(device, 'matrix', '@alice:example.org')).toEqual(expected)
  })
})

describe('loadOrCreateDeviceSeed', () => {
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'yurt-identity-'))
  })
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('creates device.key with mode 0600 and reloads the same seed', async () => {
    const data = join(dir, 'data')
    const first = await loadOrCreateDeviceSeed(data)
    expect(first).toHaveLength(32)
    const info = await stat(join(data, 'device.key'))
    expect(info.mode & 0o777).toBe(0o600)
    expect((await stat(data)).mode & 0o777).toBe(0o700)
    expect(await readFile(join(data, 'device.key'), 'utf8')).toMatch(/^[0-9a-f]{64}\n$/)
    expect(await loadOrCreateDeviceSeed(data)).toEqual(first)
  })

  it('gives concurrent first starts one and the same seed', async () => {
    const seeds = await Promise.all([1, 2, 3, 4].map(() => loadOrCreateDeviceSeed(dir)))
    for (const s of seeds) expect(s).toEqual(seeds[0])
  })

  it('refuses a key file readable by group or others', async () => {
    await loadOrCreateDeviceSeed(dir)
    await chmod(join(dir, 'device.key'), 0o644)
    await expect(loadOrCreateDeviceSeed(dir)).rejects.toMatchObject({ name: 'KeyFileError', reason: 'permissions' })
    await chmod(join(dir, 'device.key'), 0o640)
    await expect(loadOrCreateDeviceSeed(dir)).rejects.toMatchObject({ name: 'KeyFileError', reason: 'permissions' })
  })

  it('refuses a malformed key file', async () => {
    for (const content of ['', 'abc\n', `${'g'.repeat(64)}\n`, `${'a'.repeat(64)}\n${'b'.repeat(64)}\n`]) {
      await writeFile(join(dir, 'device.key'), content, { mode: 0o600 })
      await expect(loadOrCreateDeviceSeed(dir)).rejects.toMatchObject({ name: 'KeyFileError', reason: 'malformed' })
    }
  })
})

describe('the asynchronous path (WebCrypto, as a page signs and verifies)', () => {
  it('WebCrypto Ed25519 signatures are byte-identical to @noble/ed25519 and node:crypto for the same key', async () => {
    const s = seed(7)
    const noble = signerFromSeed(s, { native: false })
    const native = signerFromSeed(s, { native: true })
    // Import the same seed into WebCrypto (PKCS #8 wrapping of the 32-byte seed).
    const pkcs8 = new Uint8Array([...Buffer.from('302e020100300506032b657004220420', 'hex'), ...s])
    const privateKey = await crypto.subtle.importKey('pkcs8', pkcs8, { name: 'Ed25519' }, false, ['sign'])
    const publicKey = await crypto.subtle.importKey('raw', noble.publicKey as Uint8Array<ArrayBuffer>, { name: 'Ed25519' }, true, ['verify'])
    const web = await signerFromCryptoKeyPair({ privateKey, publicKey })
    expect(web.key).toBe(noble.key)
    expect(web.clientId).toBe(noble.clientId)
    for (const message of [text(''), text('an operation'), new Uint8Array(1000).fill(3)]) {
      const sig = await web.signAsync(message)
      expect(sig).toEqual(noble.sign(message))
      expect(sig).toEqual(native.sign(message))
      expect(await verifySignatureAsync(web.key, message, sig)).toBe(true)
    }
  })

  it('a key generated in WebCrypto signs operations a bot accepts, and a changed byte is refused', async () => {
    expect(await webCryptoEd25519()).toBe(true)
    const web = await signerFromCryptoKeyPair(await generateCryptoKeyPair())
    const message = text('hello')
    const sig = await web.signAsync(message)
    expect(verifySignature(web.key, message, sig)).toBe(true)
    expect(verifySignatureNoble(web.publicKey, message, sig)).toBe(true)
    const bad = new Uint8Array(sig)
    bad[5]! ^= 1
    expect(verifySignature(web.key, message, bad)).toBe(false)
    expect(await verifySignatureAsync(web.key, message, bad)).toBe(false)
    expect(await verifySignatureAsync('nothex' as AuthorKey, message, sig)).toBe(false)
  })
})
