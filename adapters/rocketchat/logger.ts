/** The logger the Rocket.Chat adapter writes to; `console` and pino both fit. */
export interface RocketChatLogger {
  debug?(message: string, ...details: unknown[]): void
  info(message: string, ...details: unknown[]): void
  warn(message: string, ...details: unknown[]): void
  error(message: string, ...details: unknown[]): void
}

/** A logger that prefixes `yurt:rocketchat` and writes warnings and errors to stderr. */
export const consoleLogger: RocketChatLogger = {
  info: (message, ...details) => console.info(`yurt:rocketchat ${message}`, ...details),
  warn: (message, ...details) => console.warn(`yurt:rocketchat ${message}`, ...details),
  error: (message, ...details) => console.error(`yurt:rocketchat ${message}`, ...details),
}

/** Renders an unknown thrown value briefly, for a log line (a DDP error's `reason`, an Error's message). */
export function describeError(err: unknown): string {
  if (err && typeof err === 'object') {
    const e = err as { reason?: string; error?: unknown; message?: string; code?: string; cause?: { code?: string; message?: string } }
    if (typeof e.reason === 'string') return `${e.reason} [${String(e.error)}]`
    const code = e.code ?? e.cause?.code
    if (code && e.message) return `${code}: ${e.message}`
    if (e.message) return e.cause?.message && !e.message.includes(e.cause.message) ? `${e.message} (${e.cause.message})` : e.message
  }
  return String(err)
}
