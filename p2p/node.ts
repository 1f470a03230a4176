/**
 * A yurt peer: the libp2p node of one instance, with the sync protocol, live gossip per festival,
 * discovery, reconnection and the handling of peers that send forgeries.
 *
 * @remarks
 * Transports: TCP and WebSockets (browsers dial the latter), noise, yamux, identify, ping,
 * gossipsub (`@libp2p/gossipsub`), mDNS on the LAN (can be switched off). The peer key lives in
 * `${dataDir}/peer.key` so the peer id survives restarts.
 *
 * Replication (DESIGN.md, "Operations and replication"):
 * - when this peer dials another, it runs a sync session (`p2p/session.ts`) on a new
 *   `/yurt/sync/1.0.0` stream; every `syncIntervalMs` it does so again with every connected peer,
 *   which catches up whatever gossip missed;
 * - every local operation the host stores is published on its festival's topic
 *   (`p2p/gossip.ts`); every gossiped one is checked and handed to the host before gossipsub
 *   forwards it; one the host keeps pending (a gap) starts a sync of that festival with the sender;
 * - a session that brought new operations starts one with the other connected peers, so changes
 *   that arrived by sync travel on without waiting for the periodic round;
 * - forgeries, malformed messages and protocol violations are struck against the sending peer
 *   (`p2p/guard.ts`); after `maxStrikes` it is disconnected and refused for `blockMs`.
 */
import { createLibp2p, type Libp2pOptions } from 'libp2p'
import { tcp } from '@libp2p/tcp'
import { webSockets } from '@libp2p/websockets'
import { noise } from '@libp2p/noise'
import { yamux } from '@libp2p/yamux'
import { identify } from '@libp2p/identify'
import { ping } from '@libp2p/ping'
import { mdns } from '@libp2p/mdns'
import { generateKeyPair } from '@libp2p/crypto/keys'
import type { PeerId } from '@libp2p/interface'
import { yurtGossipsub } from './gossip.ts'
import { PeerGuard } from './guard.ts'
import { loadOrCreatePeerKey } from './keys.ts'
import { YurtPeer, type PeerOptions, type Services } from './peer.ts'

export * from './peer.ts'

/** The default listen addresses of a bot: every interface, TCP and WebSockets. */
export const DEFAULT_LISTEN = ['/ip4/0.0.0.0/tcp/0', '/ip4/0.0.0.0/tcp/0/ws']

/**
 * Builds a peer (not started yet: call {@link YurtPeer.start}).
 *
 * @throws KeyFileError when `${dataDir}/peer.key` is unreadable or too open.
 */
export async function createPeer(options: PeerOptions): Promise<YurtPeer> {
  const privateKey =
    options.privateKey ?? (options.dataDir ? await loadOrCreatePeerKey(options.dataDir) : await generateKeyPair('Ed25519'))
  const guard = new PeerGuard({ maxStrikes: options.maxStrikes, blockMs: options.blockMs })
  const blocked = (peer: PeerId) => guard.isBlocked(peer.toString())
  const listen = [...(options.listen ?? DEFAULT_LISTEN)]
  const transports: NonNullable<Libp2pOptions['transports']> = [tcp(), webSockets()]
  if (options.webrtcDirect) {
    // Loaded only when asked for: it brings a native WebRTC stack.
    const { webRTCDirect } = await import('@libp2p/webrtc')
    transports.push(webRTCDirect())
    if (!listen.some((a) => a.includes('/webrtc-direct'))) listen.push('/ip4/0.0.0.0/udp/0/webrtc-direct')
  }
  const libp2p = await createLibp2p<Services>({
    start: false,
    privateKey,
    addresses: { listen },
    transports,
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    peerDiscovery: options.mdns === false ? [] : [mdns()],
    connectionGater: {
      denyDialPeer: blocked,
      denyInboundEncryptedConnection: blocked,
      denyOutboundEncryptedConnection: blocked,
      denyInboundUpgradedConnection: blocked,
    },
    services: {
      identify: identify(),
      ping: ping(),
      pubsub: yurtGossipsub(),
    },
  })
  return new YurtPeer(libp2p, guard, options)
}

