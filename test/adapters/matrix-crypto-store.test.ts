/**
 * The WebAssembly crypto build's store: IndexedDB snapshots in a 0600 file, an Olm machine that
 * keeps its device keys across a reopen, and key material kept out of the log. No homeserver.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { IDBFactory } from 'fake-indexeddb'
import { afterEach, describe, expect, it } from 'vitest'
import {
  readSnapshotFile,
  restoreSnapshot,
  SnapshotReadError,
  takeSnapshot,
  writeSnapshotFile,
  type IdbFactory,
} from '../../adapters/matrix/idb-snapshot.ts'
import { redactKeys } from '../../adapters/matrix/redact.ts'

const dirs: string[] = []
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'yurt-crypto-store-'))
  dirs.push(dir)
  return dir
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

const request = <T>(r: { result: T; error: unknown; onsuccess: unknown; onerror: unknown }): Promise<T> =>
  new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result)
    r.onerror = () => reject(r.error)
  })

describe('IndexedDB snapshots', () => {
  it('write every store (key paths, out-of-line keys, indexes, typed arrays) to a 0600 file and put them back', async () => {
    const factory = new IDBFactory() as unknown as IdbFactory
    const open: any = factory.open('store::crypto', 3)
    open.onupgradeneeded = () => {
      const db = open.result
      const inline = db.createObjectStore('sessions', { keyPath: 'id' })
      inline.createIndex('by_room', 'room', { unique: false, multiEntry: false })
      db.createObjectStore('core')
    }
    const db = await request<any>(open)
    const tx = db.transaction(['sessions', 'core'], 'readwrite')
    tx.objectStore('sessions').put({ id: 's1', room: '!a', pickle: new Uint8Array([1, 2, 3]) })
    tx.objectStore('sessions').put({ id: 's2', room: '!b', pickle: new Uint8Array([4]) })
    tx.objectStore('core').put(new Map([['account', 'pickled']]), 'account')
    await new Promise((resolve) => (tx.oncomplete = resolve))
    db.close()

    const file = join(tempDir(), 'olm-store.v8')
    writeSnapshotFile(file, await takeSnapshot(factory))
    expect(statSync(file).mode & 0o777).toBe(0o600)

    const fresh = new IDBFactory() as unknown as IdbFactory
    await restoreSnapshot(fresh, readSnapshotFile(file)!)
    const back = await request<any>(fresh.open('store::crypto', 3) as any)
    expect(back.version).toBe(3)
    const read = back.transaction(['sessions', 'core'], 'readonly')
    expect(await request(read.objectStore('sessions').get('s1'))).toEqual({ id: 's1', room: '!a', pickle: new Uint8Array([1, 2, 3]) })
    expect(await request(read.objectStore('sessions').index('by_room').getAllKeys('!b'))).toEqual(['s2'])
    expect(await request(read.objectStore('core').get('account'))).toEqual(new Map([['account', 'pickled']]))
    back.close()
  })

  it('a missing file is no snapshot; a damaged one is an error and is left as it is', () => {
    const dir = tempDir()
    expect(readSnapshotFile(join(dir, 'none.v8'))).toBeNull()
    const damaged = join(dir, 'damaged.v8')
    writeFileSync(damaged, 'not a snapshot')
    expect(() => readSnapshotFile(damaged)).toThrow(SnapshotReadError)
    expect(statSync(damaged).size).toBe(14)
  })
})

describe('the WebAssembly Olm machine', () => {
  it('keeps its device keys in its directory (0700, files 0600) and opens with the same keys again', async () => {
    const shim = await import('../../adapters/matrix/crypto-wasm.ts')
    const dir = join(tempDir(), 'DEVICE1')
    const first = await shim.OlmMachine.initialize(new shim.UserId('@yurt:localhost'), new shim.DeviceId('DEVICE1'), dir)
    const keys = { curve: first.identityKeys.curve25519.toBase64(), ed: first.identityKeys.ed25519.toBase64() }
    const upload = (await first.outgoingRequests()).find((r) => r.type === shim.RequestType.KeysUpload)
    expect(JSON.parse(upload!.body).device_keys.device_id).toBe('DEVICE1')
    await first.close()
    expect(statSync(dir).mode & 0o777).toBe(0o700)
    expect(statSync(join(dir, shim.STORE_FILE)).mode & 0o777).toBe(0o600)

    const again = await shim.OlmMachine.initialize(new shim.UserId('@yurt:localhost'), new shim.DeviceId('DEVICE1'), dir)
    expect({ curve: again.identityKeys.curve25519.toBase64(), ed: again.identityKeys.ed25519.toBase64() }).toEqual(keys)
    expect(String(again.deviceId)).toBe('DEVICE1')
    await again.close()
  })

  it('gives a decrypted event the relation its sender kept in the clear (threads, replies, reactions)', async () => {
    const { withClearRelation } = await import('../../adapters/matrix/crypto-wasm.ts')
    const relation = { rel_type: 'm.annotation', event_id: '$answer', key: '👍' }
    const encrypted = JSON.stringify({ type: 'm.room.encrypted', content: { algorithm: 'm.megolm.v1.aes-sha2', ciphertext: 'x', 'm.relates_to': relation } })
    const clear = JSON.stringify({ type: 'm.reaction', content: {} })
    expect(JSON.parse(withClearRelation(encrypted, clear))).toEqual({ type: 'm.reaction', content: { 'm.relates_to': relation } })
    // A relation inside the encrypted content is left as it is.
    const own = JSON.stringify({ type: 'm.room.message', content: { body: 'q', 'm.relates_to': { rel_type: 'm.thread', event_id: '$root' } } })
    expect(withClearRelation(encrypted, own)).toBe(own)
    expect(withClearRelation(JSON.stringify({ content: { ciphertext: 'x' } }), clear)).toBe(clear)
  })

  it('keeps key material out of log lines and leaves ids readable', () => {
    const line =
      'from_builder with user_id=@yurt:localhost device_id=YKDLQAVXUH ed25519_key=RqKw2qY+l4gjmQKm0XniswCSXUQy8bsmxLkJiD/JvUg curve25519_key=3r1bQP3Eat8NM4i3y3b9VIpHzb4o0rh1Jpp+EZulL2Q'
    expect(redactKeys(line)).toBe('from_builder with user_id=@yurt:localhost device_id=YKDLQAVXUH ed25519_key=… curve25519_key=…')
  })
})
