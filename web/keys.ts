/**
 * The page's author key, made in the browser and kept there (IndexedDB, database `yurt-keys`): a
 * non-extractable WebCrypto Ed25519 key pair where the page is a secure context, else a 32-byte seed
 * signed with by `@noble/ed25519` (a phone at a plain-HTTP LAN address has no `crypto.subtle`).
 */
import {
  generateCryptoKeyPair,
  signerFromCryptoKeyPair,
  signerFromSeed,
  webCryptoEd25519,
  type AsyncSigner,
  type Signer,
} from '../core/identity.ts'
import { randomBytes } from '../core/bytes.ts'

function idb<T>(run: (store: IDBObjectStore) => IDBRequest<T>, mode: IDBTransactionMode): Promise<T> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('yurt-keys', 1)
    open.onupgradeneeded = () => open.result.createObjectStore('keys')
    open.onerror = () => reject(open.error)
    open.onsuccess = () => {
      const db = open.result
      const tx = db.transaction('keys', mode)
      const req = run(tx.objectStore('keys'))
      req.onsuccess = () => resolve(req.result)
      req.onerror = () => reject(req.error)
      tx.oncomplete = () => db.close()
    }
  })
}

/** The page's signer and how it signs. */
export async function pageSigner(): Promise<{ signer: Signer | AsyncSigner; kind: 'webcrypto' | 'noble' }> {
  const stored = (await idb((s) => s.get('author'), 'readonly')) as { pair?: CryptoKeyPair; seed?: Uint8Array } | undefined
  if (stored?.pair && (await webCryptoEd25519())) return { signer: await signerFromCryptoKeyPair(stored.pair as never), kind: 'webcrypto' }
  if (stored?.seed) return { signer: signerFromSeed(stored.seed, { native: false }), kind: 'noble' }
  if (await webCryptoEd25519()) {
    const pair = await generateCryptoKeyPair()
    await idb((s) => s.put({ pair }, 'author'), 'readwrite')
    return { signer: await signerFromCryptoKeyPair(pair), kind: 'webcrypto' }
  }
  const seed = randomBytes(32)
  await idb((s) => s.put({ seed }, 'author'), 'readwrite')
  return { signer: signerFromSeed(seed, { native: false }), kind: 'noble' }
}
