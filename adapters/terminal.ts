/**
 * The terminal room: yurt's embedded default chat.
 *
 * @remarks
 * Interactive with line editing and history when stdin is a TTY. Otherwise it reads one message per
 * line, answers each in order (a line is handled only after the previous reply was stored and
 * printed), and {@link TerminalAdapter.finished} resolves at the end of input, so that scripts and
 * tests can drive it. Every line is addressed to the bot: the terminal is a one-to-one room.
 */
import { clearLine, createInterface, cursorTo } from 'node:readline'
import type { Interface } from 'node:readline'
import type { Readable, Writable } from 'node:stream'
import { replyToPlainText } from './types.ts'
import type { ChatAdapter, MessageHandler, Reply } from './types.ts'

export interface TerminalOptions {
  input?: Readable
  output?: Writable
  /** Who is speaking (`--as`). */
  user: string
  /** The room's name; one terminal is one room. */
  room?: string
  /** The clock for message timestamps, UTC ms. */
  now?: () => number
  /** Force interactive (prompt) or line mode; default: interactive when input is a TTY. */
  interactive?: boolean
}

const TONE_MARK: Record<Reply['tone'], string> = { ok: '✓', info: '·', question: '?', refusal: '✗', error: '!' }

export class TerminalAdapter implements ChatAdapter {
  readonly platform = 'terminal'
  readonly room: string
  readonly #input: Readable
  readonly #output: Writable
  readonly #user: string
  readonly #now: () => number
  readonly #interactive: boolean
  #rl: Interface | null = null
  #finished!: Promise<void>
  #resolveFinished!: () => void

  constructor(options: TerminalOptions) {
    this.#input = options.input ?? process.stdin
    this.#output = options.output ?? process.stdout
    this.#user = options.user
    this.room = options.room ?? 'terminal'
    this.#now = options.now ?? Date.now
    this.#interactive = options.interactive ?? Boolean((this.#input as { isTTY?: boolean }).isTTY)
    this.#finished = new Promise((resolve) => (this.#resolveFinished = resolve))
  }

  /** Resolves when input ended (or {@link stop} was called) and every line was answered. */
  get finished(): Promise<void> {
    return this.#finished
  }

  async start(handler: MessageHandler): Promise<void> {
    if (this.#rl) return
    const rl = createInterface({
      input: this.#input,
      output: this.#interactive ? this.#output : undefined,
      terminal: this.#interactive,
      historySize: 200,
    })
    this.#rl = rl
    if (this.#interactive) {
      rl.setPrompt(`${this.#user}> `)
      rl.prompt()
    }
    let chain = Promise.resolve()
    rl.on('line', (line) => {
      chain = chain.then(() => this.#handleLine(handler, line))
    })
    rl.on('close', () => {
      void chain.then(() => this.#resolveFinished())
    })
  }

  /** Set by "quit": lines already read after it are not run. */
  #quit = false

  async #handleLine(handler: MessageHandler, line: string): Promise<void> {
    if (this.#quit) return
    const text = line.replace(/\r$/, '')
    if (text.trim() === '') {
      if (this.#interactive) this.#rl?.prompt()
      return
    }
    // "quit" ends the room whether typed or piped (a script of the README's first steps ends with it).
    if (/^(quit|exit|\/quit)$/i.test(text.trim())) {
      this.#quit = true
      this.#rl?.close()
      return
    }
    let reply: Reply | null
    try {
      reply = await handler.onMessage({ platform: this.platform, room: this.room, user: this.#user, userName: this.#user, text, ts: this.#now(), direct: true })
    } catch {
      reply = { tone: 'error', blocks: [{ type: 'text', text: 'Something went wrong; nothing was changed.' }] }
    }
    if (reply) this.#write(reply)
    if (this.#interactive) this.#rl?.prompt()
  }

  #write(reply: Reply, prefix = ''): void {
    const text = replyToPlainText(reply)
    const mark = TONE_MARK[reply.tone]
    this.#output.write(`${prefix}${mark} ${text.replace(/\n/g, '\n  ')}\n`)
    // On a screen, the page's address as a QR code a phone can scan off it (not in piped output).
    if (reply.qr && this.#interactive) {
      void import('qrcode')
        .then((qr) => qr.toString(reply.qr!.text, { type: 'utf8', margin: 2 }))
        .then((drawn) => this.#output.write(drawn))
        .catch(() => undefined)
    }
  }

  async stop(): Promise<void> {
    this.#rl?.close()
    this.#rl = null
  }

  async post(_room: string, reply: Reply): Promise<string | undefined> {
    this.#writeUnasked(reply)
    return undefined
  }

  async sendDirect(user: string, reply: Reply): Promise<string | undefined> {
    this.#writeUnasked(reply, `@${user} `)
    return undefined
  }

  /**
   * Writes what nobody asked for (an announcement, the daily programme, a reminder). On a TTY it
   * goes above the prompt: the half-typed line is erased, the message written, and the prompt
   * redrawn with what was typed so far.
   */
  #writeUnasked(reply: Reply, prefix = ''): void {
    const rl = this.#interactive ? this.#rl : null
    if (rl) {
      clearLine(this.#output, 0)
      cursorTo(this.#output, 0)
    }
    this.#write(reply, prefix)
    rl?.prompt(true)
  }
}
