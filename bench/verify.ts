/**
 * Benchmarks of the signed-operation path: verifying operations and appending them to the op log.
 *
 * @example
 * ```ts
 * import { benchVerify, benchAppend } from './verify.ts'
 * console.log((await benchVerify()).runs, 'ops/s verified as a catch-up verifies them')
 * ```
 * Run alone: `node bench/verify.ts`.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { signerFromSeed, verifySignature, type Signer } from '../core/identity.ts'
import { chainedPrefix, decodeOperation, encodeOperation, operationHash, signedBytes, signOperation, verifyOperationSignature, ZERO_HASH, type Operation } from '../core/operation.ts'
import { PROTOCOL_LIMITS } from '../p2p/protocol.ts'
import { openDataDir } from '../core/store.ts'
import type { FestivalId } from '../core/types.ts'

const festival = 'abcdefghijklmnopqrstuvwxyz234567' as FestivalId

function makeChain(signer: Signer, n: number, updateBytes: number): Operation[] {
  const ops: Operation[] = []
  let prev = ZERO_HASH
  for (let seq = 1; seq <= n; seq++) {
    const op = signOperation(
      {
        festival,
        author: signer.key,
        seq,
        prev,
        clientId: signer.clientId,
        hlc: { wall: Date.now(), counter: seq },
        update: new Uint8Array(updateBytes).fill(seq & 0xff),
      },
      signer,
    )
    ops.push(op)
    prev = operationHash(op)
  }
  return ops
}

/** `count` operations by `authors` authors with `updateBytes`-byte updates, encoded, each author's in order. */
function encodedChains(count: number, authors: number, updateBytes: number): Uint8Array[][] {
  const chains: Uint8Array[][] = []
  for (let a = 0; a < authors; a++) {
    const signer = signerFromSeed(new Uint8Array(32).fill(a + 1))
    chains.push(makeChain(signer, Math.ceil(count / authors), updateBytes).map(encodeOperation))
  }
  return chains
}

/** Verification rates, operations per second on the main thread. */
export interface VerifyRates {
  /** Each operation decoded from bytes and its own signature verified (native Ed25519): live sync's path. */
  each: number
  /**
   * Catch-up's path (`Repo.receiveMany`): decoded, in batches of {@link PROTOCOL_LIMITS}.maxOpsPerMessage,
   * each batch's hash chain checked ({@link chainedPrefix}) and only its newest signature verified.
   */
  runs: number
  /** This machine's bare `node:crypto` Ed25519 verifications per second (no decoding), for scale. */
  bare: number
}

/**
 * Operations per second that are decoded and verified, over `count` operations by `authors` authors
 * with `updateBytes`-byte updates, one at a time and as a catch-up verifies them.
 */
export async function benchVerify(options?: { count?: number; authors?: number; updateBytes?: number }): Promise<VerifyRates> {
  const count = options?.count ?? 5000
  const chains = encodedChains(count, options?.authors ?? 10, options?.updateBytes ?? 200)
  const total = chains.reduce((n, c) => n + c.length, 0)
  const rate = (ms: number) => Math.round(total / (ms / 1000))

  let start = performance.now()
  for (const chain of chains) {
    for (const bytes of chain) {
      if (!verifyOperationSignature(decodeOperation(bytes))) throw new Error('bench: a valid operation failed to verify')
    }
  }
  const each = rate(performance.now() - start)

  start = performance.now()
  for (const chain of chains) {
    let head: { seq: number; hash: Uint8Array } | undefined
    for (let at = 0; at < chain.length; at += PROTOCOL_LIMITS.maxOpsPerMessage) {
      const batch = chain.slice(at, at + PROTOCOL_LIMITS.maxOpsPerMessage).map(decodeOperation)
      const run = chainedPrefix(batch, head)
      if (run.length !== batch.length || !verifyOperationSignature(run.at(-1)!)) throw new Error('bench: a valid run failed to verify')
      head = { seq: run.at(-1)!.seq, hash: operationHash(run.at(-1)!) }
    }
  }
  const runs = rate(performance.now() - start)

  const sample = decodeOperation(chains[0]![0]!)
  const message = signedBytes(sample)
  start = performance.now()
  for (let i = 0; i < total; i++) verifySignature(sample.author, message, sample.sig)
  const bare = rate(performance.now() - start)
  return { each, runs, bare }
}

/**
 * Operations per second appended one at a time (each awaited, so each durable) to a fresh on-disk
 * op log; `sync: true` (the default, as in production) fsyncs every append.
 */
export async function benchAppend(options?: { count?: number; sync?: boolean; updateBytes?: number }): Promise<number> {
  const count = options?.count ?? 2000
  const dir = await mkdtemp(join(tmpdir(), 'yurt-bench-'))
  try {
    const data = await openDataDir(dir, { sync: options?.sync ?? true })
    try {
      const ops = makeChain(signerFromSeed(data.deviceSeed), count, options?.updateBytes ?? 200)
      const start = performance.now()
      for (const op of ops) await data.ops.append(op)
      return Math.round(count / ((performance.now() - start) / 1000))
    } finally {
      await data.close()
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

if (import.meta.main) {
  const verify = await benchVerify()
  console.log(`verify: ${verify.each} ops/s one by one, ${verify.runs} ops/s in catch-up runs, bare Ed25519 ${verify.bare}/s`)
  console.log(`append (sync): ${await benchAppend()} ops/s`)
  console.log(`append (no sync): ${await benchAppend({ sync: false })} ops/s`)
}
