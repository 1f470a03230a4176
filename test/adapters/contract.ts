/**
 * The contract every {@link ChatAdapter} passes: run it from the adapter's own test file with a
 * `setup` that connects the adapter to a room with one person in it.
 *
 * @example
 * runChatAdapterContract('terminal', async () => ({ adapter, room, send, sendUnaddressed, lastReplies, teardown }))
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { replyToPlainText, type ChatAdapter, type IncomingMessage, type MessageHandler, type Reply } from '../../adapters/types.ts'

/** One adapter connected to a room with a person who can talk to it. */
export interface ContractHarness {
  adapter: ChatAdapter
  /** The room the person talks in (for `post`). */
  room: string
  /** The person sends a message addressed to the bot (mention, prefix, …) saying `text`. */
  send(text: string, options?: { thread?: string }): Promise<void>
  /** The person sends ordinary conversation, not addressed to the bot. */
  sendUnaddressed(text: string): Promise<void>
  /** The plain text of what the bot said in the room, oldest first. */
  lastReplies(): Promise<string[]>
  /** Stops everything `setup` started (the suite stops the adapter itself first). */
  teardown(): Promise<void>
}

/** Options for slow platforms. */
export interface ContractOptions {
  /** How long to wait for a reply to show up, ms (default 20 000). */
  replyTimeoutMs?: number
  /**
   * The room is one-to-one and every message in it is for the bot (the terminal): there is no
   * ordinary conversation to ignore, and `sendUnaddressed` is never called.
   */
  everyMessageAddressed?: boolean
}

/** An echo bot that records what it heard; it throws on `boom`. */
export class RecordingHandler implements MessageHandler {
  readonly heard: IncomingMessage[] = []
  async onMessage(message: IncomingMessage): Promise<Reply | null> {
    this.heard.push(message)
    if (message.text.includes('boom')) throw new Error('the handler failed on purpose')
    return { tone: 'ok', blocks: [{ type: 'text', text: `echo: ${message.text}` }], event: { festival: 'f', id: 'e1' } }
  }
}

function unique(word: string): string {
  return `${word}-${Math.random().toString(36).slice(2, 8)}`
}

async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

/** Registers the ChatAdapter contract tests for `name`. */
export function runChatAdapterContract(
  name: string,
  setup: () => Promise<ContractHarness>,
  options: ContractOptions = {},
): void {
  const timeout = options.replyTimeoutMs ?? 20_000

  describe(`ChatAdapter contract: ${name}`, () => {
    let h: ContractHarness
    let handler: RecordingHandler

    const replied = (text: string) =>
      eventually(async () => (await h.lastReplies()).find((r) => r.includes(text)), timeout, `a reply containing "${text}"`)

    beforeEach(async () => {
      h = await setup()
      handler = new RecordingHandler()
    })

    afterEach(async () => {
      await h.adapter.stop()
      await h.teardown()
    })

    it('start and stop are idempotent', async () => {
      await h.adapter.start(handler)
      await h.adapter.start(handler)
      await h.adapter.stop()
      await h.adapter.stop()
    })

    it('an addressed message reaches the handler and its reply comes back', async () => {
      await h.adapter.start(handler)
      const text = unique('ping')
      await h.send(text)
      await replied(`echo: ${text}`)
      const heard = handler.heard.find((m) => m.text.includes(text))
      expect(heard).toBeDefined()
      expect(heard!.text).toBe(text)
      expect(heard!.platform).toBe(h.adapter.platform)
      expect(heard!.room).toBe(h.room)
      expect(typeof heard!.user).toBe('string')
      expect(typeof heard!.ts).toBe('number')
    })

    it.skipIf(options.everyMessageAddressed)('ordinary conversation never reaches the handler', async () => {
      await h.adapter.start(handler)
      const chatter = unique('chatter')
      const marker = unique('marker')
      await h.sendUnaddressed(`just talking among ourselves ${chatter}`)
      await h.send(marker)
      await replied(`echo: ${marker}`)
      expect(handler.heard.some((m) => m.text.includes(chatter))).toBe(false)
      expect((await h.lastReplies()).some((r) => r.includes(chatter))).toBe(false)
    })

    it('a handler that throws does not stop the adapter', async () => {
      await h.adapter.start(handler)
      await h.send(unique('boom'))
      const after = unique('after')
      await h.send(after)
      await replied(`echo: ${after}`)
    })

    it('post() delivers a message nobody asked for', async () => {
      await h.adapter.start(handler)
      const text = unique('announcement')
      const reply: Reply = { tone: 'info', blocks: [{ type: 'list', heading: 'Saturday', items: [`15:00 ${text}`] }] }
      const id = await h.adapter.post(h.room, reply)
      expect(id === undefined || typeof id === 'string').toBe(true)
      const seen = await replied(text)
      expect(seen).toContain('Saturday')
      expect(replyToPlainText(reply)).toContain(text)
    })
  })
}
