/** The logger the Matrix adapter writes to; `console` and pino both fit. */
export interface MatrixLogger {
  debug?(message: string, ...details: unknown[]): void
  info(message: string, ...details: unknown[]): void
  warn(message: string, ...details: unknown[]): void
  error(message: string, ...details: unknown[]): void
}

/** A logger that prefixes `yurt:matrix` and writes warnings and errors to stderr. */
export const consoleLogger: MatrixLogger = {
  info: (message, ...details) => console.info(`yurt:matrix ${message}`, ...details),
  warn: (message, ...details) => console.warn(`yurt:matrix ${message}`, ...details),
  error: (message, ...details) => console.error(`yurt:matrix ${message}`, ...details),
}

/** Renders an unknown thrown value briefly, for a log line. */
export function describeError(err: unknown): string {
  if (err && typeof err === 'object') {
    const e = err as { errcode?: string; error?: string; statusCode?: number; message?: string; code?: string }
    if (e.errcode) return `${e.errcode}${e.statusCode ? ` (${e.statusCode})` : ''}: ${e.error ?? ''}`
    if (e.code && e.message) return `${e.code}: ${e.message}`
    if (e.message) return e.message
  }
  return String(err)
}
