/**
 * The terminal room: yurt's embedded default chat.
 *
 * @remarks
 * Interactive with line editing and history when stdin is a TTY. Otherwise it reads one message per
 * line, answers each in order (a line is handled only after the previous reply was stored and
 * printed), and {@link TerminalAdapter.finished} resolves at the end of input, so that scripts and
 * tests can drive it. Every line is addressed to the bot: the terminal is a one-to-one room.
 *
 * Only LF (or CRLF) ends a message: a bare CR, U+2028, U+2029, U+0085, a vertical tab or a form
 * feed inside a line is read as a space (readline would split there, and a `cancel` hidden after a
 * U+2028 would run as a message of its own). A line of only spaces gets the bot's hint. When the
 * output is gone (`yurt chat | head -2`: EPIPE), the room stops reading and ends quietly once the
 * change in flight is stored. {@link TerminalAdapter.stop} (SIGTERM) lets the change in flight
 * finish and answers each line read but not yet run "not done, I'm stopping".
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

/** Separators that end a line for readline or Unicode but not for the terminal room: read as spaces. */
const INNER_BREAKS = /[\r\u2028\u2029\u0085\v\f]/g

/** A line as one message: a trailing CR (CRLF) dropped, any other line separator inside it a space. */
export function oneMessage(line: string): string {
  return line.replace(/\r$/, '').replace(INNER_BREAKS, ' ')
}

/** What a line read but not run is answered when the room stops (SIGTERM). */
export const STOPPING_TEXT = "Not done, I'm stopping"

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
    if (this.#rl || this.#reading) return
    this.#handler = handler
    // A closed pipe (EPIPE) is the reader going away: stop quietly, never crash.
    this.#output.on('error', () => this.#outputGone())
    if (this.#interactive) {
      const rl = createInterface({ input: this.#input, output: this.#output, terminal: true, historySize: 200 })
      this.#rl = rl
      rl.setPrompt(`${this.#user}> `)
      rl.prompt()
      rl.on('line', (line) => this.#enqueue(line))
      rl.on('close', () => this.#inputEnded())
      // Ctrl-C on a TTY reaches readline, not the process: stop as on SIGINT.
      rl.on('SIGINT', () => void this.stop())
      return
    }
    // Piped input: our own split on LF alone (see the file's remarks).
    this.#reading = true
    let rest = ''
    const input = this.#input
    input.setEncoding('utf8')
    const onData = (chunk: string) => {
      rest += chunk
      let nl: number
      while ((nl = rest.indexOf('\n')) >= 0) {
        const line = rest.slice(0, nl)
        rest = rest.slice(nl + 1)
        this.#enqueue(line)
      }
    }
    const onEnd = () => {
      if (rest !== '') this.#enqueue(rest)
      rest = ''
      this.#inputEnded()
    }
    input.on('data', onData)
    input.once('end', onEnd)
    input.once('error', onEnd)
    this.#stopReading = () => {
      input.off('data', onData)
      input.off('end', onEnd)
      input.off('error', onEnd)
      input.pause()
      this.#reading = false
    }
  }

  #handler: MessageHandler | null = null
  #reading = false
  #stopReading: () => void = () => undefined
  /** Lines read and not yet run, in order. */
  readonly #queue: string[] = []
  /** The line being run, until its reply is written. */
  #running: Promise<void> | null = null
  #ended = false
  /** Set by {@link stop}: nothing more is run. */
  #stopping = false
  /** Set when the output went away (EPIPE): nothing more is run or written. */
  #gone = false
  /** Set by "quit": lines already read after it are not run. */
  #quit = false

  #enqueue(line: string): void {
    if (this.#quit || this.#gone) return
    if (this.#stopping) {
      this.#writeSafe(`✗ ${STOPPING_TEXT}: ${oneMessage(line).slice(0, 80)}\n`)
      return
    }
    this.#queue.push(line)
    void this.#pump()
  }

  /** Runs queued lines one after the other; resolves {@link finished} when input ended and all were run. */
  async #pump(): Promise<void> {
    if (this.#running) return
    const run = (async () => {
      while (this.#queue.length > 0 && !this.#stopping && !this.#gone && !this.#quit) {
        await this.#handleLine(this.#handler!, this.#queue.shift()!)
      }
    })()
    this.#running = run
    await run
    this.#running = null
    if (this.#stopping || this.#gone || this.#quit || (this.#ended && this.#queue.length === 0)) this.#finish()
  }

  #inputEnded(): void {
    this.#ended = true
    if (!this.#running) this.#finish()
  }

  #finish(): void {
    this.#resolveFinished()
  }

  #outputGone(): void {
    if (this.#gone) return
    this.#gone = true
    this.#queue.length = 0
    this.#closeInput()
    if (!this.#running) this.#finish()
  }

  #closeInput(): void {
    this.#stopReading()
    const rl = this.#rl
    this.#rl = null
    rl?.close()
  }

  async #handleLine(handler: MessageHandler, line: string): Promise<void> {
    if (this.#quit) return
    const text = oneMessage(line)
    if (text === '') {
      if (this.#interactive) this.#rl?.prompt()
      return
    }
    // "quit" ends the room whether typed or piped (a script of the README's first steps ends with it).
    if (/^(quit|exit|\/quit)$/i.test(text.trim())) {
      this.#quit = true
      this.#closeInput()
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

  /** Writes unless the output is gone; a write that throws (a closed descriptor) counts as gone. */
  #writeSafe(text: string): void {
    if (this.#gone) return
    try {
      this.#output.write(text)
    } catch {
      this.#outputGone()
    }
  }

  #write(reply: Reply, prefix = ''): void {
    const text = replyToPlainText(reply)
    const mark = TONE_MARK[reply.tone]
    this.#writeSafe(`${prefix}${mark} ${text.replace(/\n/g, '\n  ')}\n`)
    // On a screen, the page's address as a QR code a phone can scan off it (not in piped output).
    if (reply.qr && this.#interactive) {
      void import('qrcode')
        .then((qr) => qr.toString(reply.qr!.text, { type: 'utf8', margin: 2 }))
        .then((drawn) => this.#writeSafe(drawn))
        .catch(() => undefined)
    }
  }

  /**
   * Stops reading: the line in flight is run to its end (its change stored and answered), and each
   * line read but not yet run is answered "not done, I'm stopping". Resolves when that is written.
   */
  async stop(): Promise<void> {
    if (this.#stopping) return
    this.#stopping = true
    this.#closeInput()
    await this.#running
    for (const line of this.#queue.splice(0)) this.#writeSafe(`✗ ${STOPPING_TEXT}: ${oneMessage(line).slice(0, 80)}\n`)
    this.#finish()
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
