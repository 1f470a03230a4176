/**
 * Namespaced structured logging (pino), to stderr so that stdout stays the chat and the exports.
 *
 * @remarks The level comes from `YURT_LOG` (`debug`, `info`, `warn`, `error`, `silent`); default
 * `warn`, and `silent` under vitest unless `YURT_LOG` is set. In a page (no `process`) pino's browser
 * build logs to the console at `warn`.
 */
import { pino, destination } from 'pino'

/** The subset of pino's logger yurt uses; tests may pass any object of this shape. */
export interface Logger {
  debug(obj: object | string, msg?: string): void
  info(obj: object | string, msg?: string): void
  warn(obj: object | string, msg?: string): void
  error(obj: object | string, msg?: string): void
  child(bindings: Record<string, unknown>): Logger
}

let root: Logger | null = null

/** The logger for one part of yurt, e.g. `logger('p2p:sync')`. */
export function logger(name: string): Logger {
  if (!root) {
    const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {}
    const level = env.YURT_LOG ?? (env.VITEST ? 'silent' : 'warn')
    // pino's browser build has no `destination`: it writes to the console.
    root = (typeof destination === 'function' ? pino({ level, base: null }, destination(2)) : pino({ level, base: null })) as unknown as Logger
  }
  return root.child({ name })
}
