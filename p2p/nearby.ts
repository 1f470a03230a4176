/**
 * `/yurt/nearby/1.0.0`: what a peer found on the LAN (mDNS) holds, so that "festivals nearby" can
 * name them before anyone has a join code.
 *
 * @remarks
 * The dialling side opens a stream and reads one varint-length-prefixed frame: UTF-8 JSON
 * `{ "festivals": [<genesis record with its id>, …] }`, at most {@link NEARBY_LIMITS}.maxFestivals
 * records and {@link NEARBY_LIMITS}.maxBytes bytes; the answering side writes it and closes. Each
 * record is checked like any genesis (its id is its hash, `checkGenesis`); a bad one is dropped. Only
 * genesis records are told — names, zones, dates, creator keys, what a join code carries anyway —
 * never operations. A peer that does not want to be found runs with `--no-mdns`.
 */
import { lpStream } from '@libp2p/utils'
import type { Stream } from '@libp2p/interface'
import { checkGenesis } from '../core/festival.ts'
import type { FestivalMeta } from '../core/types.ts'

export const NEARBY_PROTOCOL = '/yurt/nearby/1.0.0'

export const NEARBY_LIMITS = {
  /** Most genesis records told (the first by id). */
  maxFestivals: 200,
  /** Largest answer, bytes. */
  maxBytes: 256 * 1024,
} as const

/** Answers one request: writes the genesis records held here (see the module notes) and closes. */
export async function answerNearby(stream: Stream, held: readonly FestivalMeta[]): Promise<void> {
  const lp = lpStream(stream, { maxDataLength: NEARBY_LIMITS.maxBytes })
  const festivals: FestivalMeta[] = []
  let bytes = 20
  for (const f of held.slice(0, NEARBY_LIMITS.maxFestivals)) {
    const size = JSON.stringify(f).length + 1
    if (bytes + size > NEARBY_LIMITS.maxBytes) break
    bytes += size
    festivals.push(f)
  }
  await lp.write(new TextEncoder().encode(JSON.stringify({ festivals })))
  await stream.close()
}

/**
 * Reads the answer on a stream opened with {@link NEARBY_PROTOCOL}: the checked genesis records.
 *
 * @throws when the answer is not one frame of JSON within the limits.
 */
export async function readNearby(stream: Stream, signal?: AbortSignal): Promise<FestivalMeta[]> {
  const lp = lpStream(stream, { maxDataLength: NEARBY_LIMITS.maxBytes })
  const frame = await lp.read(signal ? { signal } : undefined)
  const parsed = JSON.parse(new TextDecoder().decode(frame.subarray())) as { festivals?: unknown }
  const out: FestivalMeta[] = []
  if (!Array.isArray(parsed.festivals)) return out
  for (const r of parsed.festivals.slice(0, NEARBY_LIMITS.maxFestivals)) {
    const g = checkGenesis(r)
    if (typeof g !== 'string') out.push(g)
  }
  await stream.close().catch(() => undefined)
  return out
}
