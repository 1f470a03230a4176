/**
 * Namespaced structured logging (pino), to stderr so that stdout stays the chat and the exports.
 *
 * @remarks The level comes from `YURT_LOG` (`debug`, `info`, `warn`, `error`, `silent`); default
 * `warn`, and `silent` under vitest unless `YURT_LOG` is set.
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
    const level = process.env.YURT_LOG ?? (process.env.VITEST ? 'silent' : 'warn')
    root = pino({ level, base: null }, destination(2)) as unknown as Logger
  }
  return root.child({ name })
}
