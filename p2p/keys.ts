/**
 * The libp2p peer key of an instance, kept in its data directory so that its peer id survives
 * restarts.
 *
 * @remarks This is the transport identity (noise handshakes, the peer id in addresses), distinct from
 * the device's author key (`core/identity.ts`): an author signs operations, a peer id only says who
 * is at the other end of a connection.
 */
import { generateKeyPair, privateKeyFromProtobuf, privateKeyToProtobuf } from '@libp2p/crypto/keys'
import type { PrivateKey } from '@libp2p/interface'
import { loadOrCreateSecretFile } from '../core/keyfile.ts'

/** Name of the peer key file inside a data directory. */
export const PEER_KEY_FILE = 'peer.key'

/**
 * The peer's Ed25519 private key from `${dataDir}/peer.key`, created (mode 0600) on first use.
 *
 * @remarks The file holds the key as libp2p's protobuf encoding (`privateKeyToProtobuf`); it is
 * created and checked by `loadOrCreateSecretFile` (core/keyfile.ts), so that two processes starting
 * at once agree on one key.
 * @throws KeyFileError `permissions` when the file is readable by group or others, `malformed` when it
 * does not hold a key.
 */
export function loadOrCreatePeerKey(dataDir: string): Promise<PrivateKey> {
  return loadOrCreateSecretFile(dataDir, {
    name: PEER_KEY_FILE,
    what: 'peer key file',
    maxBytes: 4096,
    malformed: 'does not hold a key',
    create: async () => {
      const key = await generateKeyPair('Ed25519')
      return { value: key, bytes: privateKeyToProtobuf(key) }
    },
    parse: (bytes) => privateKeyFromProtobuf(bytes),
  })
}
