/**
 * The peer every yurt process runs beside its chat: configuration from options and environment,
 * addresses learned from join codes kept in the data directory.
 */
import { ConfigError } from '../core/errors.ts'
import type { FestivalId, FestivalMeta } from '../core/types.ts'
import type { Opened } from './app.ts'
import type { YurtPeer } from '../p2p/node.ts'

/** Peer options as the command line and the environment give them. */
export interface NetworkOptions {
  /** `--listen`, repeatable; else `$YURT_LISTEN` (comma-separated); else every interface, TCP and WebSockets. */
  listen?: string[]
  /** `--bootstrap`, repeatable; plus `$YURT_BOOTSTRAP` (comma-separated). */
  bootstrap?: string[]
  /** `--no-mdns` sets false; `$YURT_MDNS=off` too. */
  mdns?: boolean
  /** `--no-p2p` sets false: no peer at all (`$YURT_P2P=off` too). */
  p2p?: boolean
}

const list = (s: string | undefined) => (s ?? '').split(',').map((x) => x.trim()).filter(Boolean)

/** Where addresses from join codes are remembered, so that a restarted peer dials them again. */
const KNOWN_ADDRS = 'p2p/known-addrs'

export function networkEnabled(o: NetworkOptions, env = process.env): boolean {
  return o.p2p !== false && env.YURT_P2P !== 'off'
}

/**
 * Starts the peer for an open data directory and follows every festival it holds.
 *
 * @throws ConfigError when a multiaddr is malformed.
 */
export async function startPeer(opened: Opened, o: NetworkOptions, env = process.env): Promise<YurtPeer> {
  const { createPeer } = await import('../p2p/node.ts')
  const listen = o.listen?.length ? o.listen : list(env.YURT_LISTEN)
  const known = ((await opened.data.kv.get(KNOWN_ADDRS)) as string[] | undefined) ?? []
  const bootstrap = [...new Set([...(o.bootstrap ?? []), ...list(env.YURT_BOOTSTRAP), ...known])]
  const mdns = o.mdns !== false && env.YURT_MDNS !== 'off'
  let peer: YurtPeer
  try {
    peer = await createPeer({
      host: opened.repo,
      dataDir: opened.data.dir,
      ...(listen.length ? { listen } : {}),
      bootstrap,
      mdns,
    })
  } catch (err) {
    throw new ConfigError('--listen/--bootstrap', `the peer could not start: ${(err as Error).message}`, { cause: err })
  }
  await peer.start()
  for (const f of opened.repo.festivals()) await peer.follow(f.id)
  // The member festivals of the communities held (bin/mesh.ts), now and as new members join.
  const { watchMembers } = await import('./mesh.ts')
  watchMembers(opened, peer)
  // Gossip reaches peers once the mesh has formed (about a heartbeat after connecting); a sync
  // shortly after each burst of local changes covers that gap and any peer that missed the message.
  // (A sync asked of a stopped peer is a no-op, so the listener may outlive the peer.)
  let timer: NodeJS.Timeout | null = null
  opened.repo.onOperation((_op, origin) => {
    if (origin !== 'local' || timer) return
    timer = setTimeout(() => {
      timer = null
      void peer.syncAll().catch(() => undefined)
    }, CATCH_UP_DELAY_MS)
    timer.unref()
  })
  return peer
}

/** Delay of the catch-up sync after local changes (ms). */
export const CATCH_UP_DELAY_MS = 300

/** What the bot needs of the network for the `share` and `join <code>` chat commands. */
export interface BotNetwork {
  share(festival: FestivalId): string
  join(code: string): Promise<{ festival: FestivalMeta; reached: boolean }>
  /** Fetches festivals known by id only (the members of a community) from the connected peers. */
  fetch(festivals: FestivalId[]): void
  /** What the peers found on the LAN (mDNS) hold. */
  nearby(): Promise<Array<{ id: FestivalId; name: string; timezone: string; community?: boolean }>>
}

/** The bot's view of a running peer; joined codes' addresses are remembered. */
export function botNetwork(peer: YurtPeer, opened: Opened): BotNetwork {
  return {
    share: (festival) => peer.shareCode(festival),
    nearby: async () => (await peer.nearby()).map((f) => ({ id: f.id, name: f.name, timezone: f.timezone, ...(f.kind === 'community' ? { community: true } : {}) })),
    fetch: (festivals) => {
      for (const id of festivals) void peer.follow(id).catch(() => undefined)
    },
    join: async (code) => {
      const { decodeJoinCode } = await import('../p2p/joincode.ts')
      const { addrs } = decodeJoinCode(code)
      const { festival, reached } = await peer.join(code)
      const known = ((await opened.data.kv.get(KNOWN_ADDRS)) as string[] | undefined) ?? []
      await opened.data.kv.put(KNOWN_ADDRS, [...new Set([...known, ...addrs])].slice(-64))
      return { festival, reached: reached !== null }
    },
  }
}
