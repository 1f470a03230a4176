/**
 * A pair of in-memory {@link MessageChannel}s joined back to back, for running sync sessions without
 * a network. Every message goes through `encodeMessage`/`decodeMessage`, so the codec is exercised too.
 */
import { decodeMessage, encodeMessage, type SyncMessage } from '../../p2p/protocol.ts'
import type { MessageChannel } from '../../p2p/session.ts'

class End implements MessageChannel {
  peer!: End
  readonly #queue: Uint8Array[] = []
  #waiter: (() => void) | null = null
  #closedByRemote = false
  #error: Error | null = null
  /** Raw frames to deliver instead of the next messages (tests inject malformed bytes). */
  sent = 0

  deliver(frame: Uint8Array): void {
    this.#queue.push(frame)
    this.#wake()
  }

  remoteClosed(): void {
    this.#closedByRemote = true
    this.#wake()
  }

  fail(err: Error): void {
    this.#error = err
    this.#wake()
  }

  #wake(): void {
    const w = this.#waiter
    this.#waiter = null
    w?.()
  }

  async send(msg: SyncMessage): Promise<void> {
    if (this.#error) throw this.#error
    this.sent++
    this.peer.deliver(encodeMessage(msg))
  }

  async receive(options?: { signal?: AbortSignal }): Promise<SyncMessage | null> {
    for (;;) {
      if (this.#error) throw this.#error
      const frame = this.#queue.shift()
      if (frame) return decodeMessage(frame)
      if (this.#closedByRemote) return null
      await new Promise<void>((resolve, reject) => {
        this.#waiter = resolve
        options?.signal?.addEventListener('abort', () => reject(options.signal?.reason), { once: true })
      })
    }
  }

  async close(): Promise<void> {
    this.peer.remoteClosed()
  }

  abort(err: Error): void {
    this.fail(err)
    this.peer.fail(err)
  }
}

/** Two channel ends: what one sends, the other receives. */
export function channelPair(): [MessageChannel & { deliver(frame: Uint8Array): void }, MessageChannel & { deliver(frame: Uint8Array): void }] {
  const a = new End()
  const b = new End()
  a.peer = b
  b.peer = a
  return [a, b]
}
