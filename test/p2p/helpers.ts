/**
 * Helpers for multi-peer tests on loopback: start peers over fake or real hosts, wait for a
 * condition with a bound, stop everything.
 */
import { createPeer, type PeerOptions, type YurtPeer } from '../../p2p/node.ts'
import type { SyncHost } from '../../p2p/host.ts'

/** Loopback TCP on a port the system chooses. */
export const LOOPBACK = ['/ip4/127.0.0.1/tcp/0']

/** Peers started by a test, stopped by {@link stopAll}. */
export const started: YurtPeer[] = []

/** Starts a peer on loopback, without mDNS, with a long periodic sync unless told otherwise. */
export async function startPeer(host: SyncHost, options: Partial<PeerOptions> = {}): Promise<YurtPeer> {
  const peer = await createPeer({ host, listen: LOOPBACK, mdns: false, syncIntervalMs: 60_000, ...options })
  started.push(peer)
  await peer.start()
  return peer
}

/** Stops every peer started by {@link startPeer}. */
export async function stopAll(): Promise<void> {
  const peers = started.splice(0)
  await Promise.allSettled(peers.map((p) => p.stop()))
}

/**
 * Waits until `condition` holds, checking every `everyMs`, at most `timeoutMs`.
 *
 * @throws Error naming `what` when the time is up.
 */
export async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000, everyMs = 20): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (await condition()) return
    await new Promise((r) => setTimeout(r, everyMs))
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
}

/** Connects `a` to `b` (a dials b's first address) and returns b's peer id. */
export async function connect(a: YurtPeer, b: YurtPeer, keep = true): Promise<string> {
  return a.dial(b.addresses()[0]!, { keep })
}
