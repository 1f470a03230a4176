/**
 * The page as a peer: js-libp2p over WebSockets (noise, yamux, identify, gossipsub), running the same
 * `YurtPeer` as a bot (`p2p/peer.ts`: `/yurt/sync/1.0.0` sessions and the festival's gossip topic),
 * every received operation verified by the page's own `Repo`.
 */
import { createLibp2p } from 'libp2p'
import { webSockets } from '@libp2p/websockets'
import { noise } from '@libp2p/noise'
import { yamux } from '@libp2p/yamux'
import { identify } from '@libp2p/identify'
import { ping } from '@libp2p/ping'
import { yurtGossipsub } from '../p2p/gossip.ts'
import { PeerGuard } from '../p2p/guard.ts'
import { YurtPeer, type Services } from '../p2p/peer.ts'
import type { SyncHost } from '../p2p/host.ts'

/** A started peer that keeps `bootstrap` (the bot's WebSocket addresses) connected. */
export async function startPagePeer(host: SyncHost, bootstrap: string[]): Promise<YurtPeer> {
  const guard = new PeerGuard({})
  const blocked = (peer: { toString(): string }) => guard.isBlocked(peer.toString())
  const libp2p = await createLibp2p<Services>({
    start: false,
    addresses: { listen: [] },
    transports: [webSockets()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    // The browser build refuses ws:// and private addresses unless told otherwise: the bot is on the LAN.
    connectionGater: {
      denyDialMultiaddr: () => false,
      denyDialPeer: blocked,
      denyInboundEncryptedConnection: blocked,
      denyOutboundEncryptedConnection: blocked,
    },
    services: {
      identify: identify(),
      ping: ping(),
      pubsub: yurtGossipsub(),
    },
  })
  // A page that just joined is not yet in the topic's mesh, and a phone's radio drops messages: what gossip
  // missed, a sync session with the bot fetches within 3 s (a session with nothing new costs one round trip).
  const peer = new YurtPeer(libp2p, guard, { host, bootstrap, syncIntervalMs: 3_000, redial: { minMs: 500, maxMs: 5_000 } })
  await peer.start()
  return peer
}
