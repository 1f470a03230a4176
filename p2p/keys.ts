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
import { chmod, link, mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import { KeyFileError } from '../core/identity.ts'

/** Name of the peer key file inside a data directory. */
export const PEER_KEY_FILE = 'peer.key'

/**
 * The peer's Ed25519 private key from `${dataDir}/peer.key`, created (mode 0600) on first use.
 *
 * @remarks The file holds the key as libp2p's protobuf encoding (`privateKeyToProtobuf`). It is
 * written to a temporary file, synced and published with a hard link, so that two processes starting
 * at once agree on one key.
 * @throws KeyFileError `permissions` when the file is readable by group or others, `malformed` when it
 * does not hold a key.
 */
export async function loadOrCreatePeerKey(dataDir: string): Promise<PrivateKey> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 })
  const path = join(dataDir, PEER_KEY_FILE)
  const existing = await readKeyFile(path)
  if (existing) return existing
  const key = await generateKeyPair('Ed25519')
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`
  const handle = await open(tmp, 'wx', 0o600)
  try {
    await handle.writeFile(privateKeyToProtobuf(key))
    await handle.sync()
  } finally {
    await handle.close()
  }
  await chmod(tmp, 0o600)
  try {
    await link(tmp, path)
    await unlink(tmp)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      await unlink(tmp)
      const winner = await readKeyFile(path)
      if (winner) return winner
      throw new KeyFileError('malformed', path, `the peer key file ${path} vanished while it was being created`)
    }
    await rename(tmp, path)
  }
  return key
}

async function readKeyFile(path: string): Promise<PrivateKey | undefined> {
  let info
  try {
    info = await stat(path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
  if (process.platform !== 'win32' && (info.mode & 0o077) !== 0) {
    const mode = (info.mode & 0o777).toString(8).padStart(4, '0')
    throw new KeyFileError(
      'permissions',
      path,
      `the peer key file ${path} has mode ${mode}: it must not be readable by group or others (chmod 600 ${path})`,
    )
  }
  if (!info.isFile() || info.size > 4096) throw new KeyFileError('malformed', path, `the peer key file ${path} does not hold a key`)
  try {
    return privateKeyFromProtobuf(new Uint8Array(await readFile(path)))
  } catch (error) {
    throw new KeyFileError('malformed', path, `the peer key file ${path} does not hold a key`, { cause: error })
  }
}
