/**
 * The terminal room: the shared ChatAdapter contract over stdin/stdout streams, and what a person at
 * an interactive prompt sees when the bot speaks unasked (an announcement, a reminder).
 */
import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { TerminalAdapter } from '../../adapters/terminal.ts'
import { runChatAdapterContract } from './contract.ts'

/** Collects everything written to a stream as text. */
function sink(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough()
  let out = ''
  stream.on('data', (d) => (out += d))
  return { stream, text: () => out }
}

runChatAdapterContract(
  'terminal',
  async () => {
    const input = new PassThrough()
    const output = sink()
    const adapter = new TerminalAdapter({ input, output: output.stream, user: 'alice', interactive: false })
    return {
      adapter,
      room: adapter.room,
      async send(text) {
        input.write(`${text}\n`)
      },
      async sendUnaddressed() {
        throw new Error('the terminal has no ordinary conversation')
      },
      async lastReplies() {
        // One reply per tone mark at the start of a line; its further lines are indented.
        return output.text().split(/\n(?=\S)/)
      },
      async teardown() {
        input.end()
      },
    }
  },
  { replyTimeoutMs: 5_000, everyMessageAddressed: true },
)

describe('terminal room at an interactive prompt', () => {
  it('writes a reminder above the prompt and gives back the half-typed line', async () => {
    const input = new PassThrough()
    const output = sink()
    const adapter = new TerminalAdapter({ input, output: output.stream, user: 'alice', interactive: true })
    await adapter.start({ onMessage: async (m) => ({ tone: 'ok', blocks: [{ type: 'text', text: `heard ${m.text}` }] }) })
    input.write('add works')
    await new Promise((r) => setImmediate(r))
    const before = output.text().length
    await adapter.sendDirect('alice', { tone: 'info', blocks: [{ type: 'text', text: 'Starting in 15 min at Ground Control: History of P2P' }] })
    const after = output.text().slice(before)
    // The half-typed line is erased (ESC [2K), the reminder written, the prompt redrawn with the text.
    expect(after).toMatch(/\x1b\[2K[\s\S]*@alice · Starting in 15 min at Ground Control: History of P2P\n[\s\S]*alice> add works/)
    input.write('hop\r')
    for (let i = 0; i < 100 && !output.text().includes('✓ heard add workshop'); i++) await new Promise((r) => setTimeout(r, 20))
    expect(output.text()).toContain('✓ heard add workshop')
    await adapter.stop()
  })
})
