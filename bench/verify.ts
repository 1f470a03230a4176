/**
 * Benchmarks of the signed-operation path: verifying operations and appending them to the op log.
 *
 * @example
 * ```ts
 * import { benchVerify, benchAppend } from './verify.ts'
 * console.log(await benchVerify(), 'verified ops/s')
 * ```
 * Run alone: `node bench/verify.ts`.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { signerFromSeed, type Signer } from '../core/identity.ts'
import { decodeOperation, encodeOperation, operationHash, signOperation, verifyOperationSignature, ZERO_HASH, type Operation } from '../core/operation.ts'
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

/**
 * Operations per second that are decoded from bytes and signature-verified (native Ed25519), over
 * `count` operations by `authors` authors with `updateBytes`-byte updates.
 */
export async function benchVerify(options?: { count?: number; authors?: number; updateBytes?: number }): Promise<number> {
  const count = options?.count ?? 5000
  const authors = options?.authors ?? 10
  const updateBytes = options?.updateBytes ?? 200
  const encoded: Uint8Array[] = []
  for (let a = 0; a < authors; a++) {
    const signer = signerFromSeed(new Uint8Array(32).fill(a + 1))
    for (const op of makeChain(signer, Math.ceil(count / authors), updateBytes)) encoded.push(encodeOperation(op))
  }
  const start = performance.now()
  for (const bytes of encoded) {
    if (!verifyOperationSignature(decodeOperation(bytes))) throw new Error('bench: a valid operation failed to verify')
  }
  return Math.round(encoded.length / ((performance.now() - start) / 1000))
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
  console.log(`verify: ${await benchVerify()} ops/s`)
  console.log(`append (sync): ${await benchAppend()} ops/s`)
  console.log(`append (no sync): ${await benchAppend({ sync: false })} ops/s`)
}
