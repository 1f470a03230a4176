/**
 * Loads matrix-bot-sdk, with or without end-to-end encryption.
 *
 * @remarks
 * matrix-bot-sdk requires `@matrix-org/matrix-sdk-crypto-nodejs` as soon as it is imported, and that
 * package throws when its native binary was not downloaded (as on machines without access to its
 * download host). Here the real package is tried first; when it cannot load, a module hook
 * (`module.registerHooks`, Node ≥ 22.15) resolves that one specifier to `crypto-standin.cjs`, whose
 * exports throw only when used, and the log says once that encrypted rooms are unavailable. A
 * machine that has the binary is not affected. This is the only file that loads the sdk.
 */
import { createRequire, registerHooks } from 'node:module'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type * as MatrixBotSdk from 'matrix-bot-sdk'
import { describeError, type MatrixLogger } from './logger.ts'

/** The matrix-bot-sdk module's exports. */
export type MatrixSdk = typeof MatrixBotSdk

/** The crypto package that matrix-bot-sdk requires on import. */
export const CRYPTO_PACKAGE = '@matrix-org/matrix-sdk-crypto-nodejs'

const require = createRequire(import.meta.url)
const STAND_IN = fileURLToPath(new URL('./crypto-standin.cjs', import.meta.url))

let loaded: { sdk: MatrixSdk; crypto: unknown | null } | undefined
let hookInstalled = false

/**
 * Whether the real crypto package loaded: `true`, `false` (the stand-in is in place), or
 * `undefined` before {@link loadMatrixSdk} ran.
 */
export function cryptoAvailable(): boolean | undefined {
  if (!loaded) return undefined
  return loaded.crypto !== null
}

/** Resolves {@link CRYPTO_PACKAGE} to the stand-in for every later `require` and `import`. */
function installCryptoStandIn(): void {
  if (hookInstalled) return
  hookInstalled = true
  const url = pathToFileURL(STAND_IN).href
  registerHooks({
    resolve(specifier, context, nextResolve) {
      if (specifier === CRYPTO_PACKAGE) return { url, format: 'commonjs', shortCircuit: true }
      return nextResolve(specifier, context)
    },
  })
}

/**
 * Loads matrix-bot-sdk once per process and returns its exports, plus the real crypto module when it
 * loaded (`null` when the stand-in is used).
 *
 * @throws only when matrix-bot-sdk itself is missing or broken; a missing crypto binary is logged
 * once at `warn` and never thrown.
 */
export function loadMatrixSdk(logger: MatrixLogger): { sdk: MatrixSdk; crypto: unknown | null } {
  if (loaded) return loaded
  let crypto: unknown | null = null
  try {
    crypto = require(CRYPTO_PACKAGE)
  } catch (err) {
    installCryptoStandIn()
    logger.warn(
      `end-to-end encryption is unavailable: ${CRYPTO_PACKAGE} could not load (${describeError(err).split('\n')[0]}); ` +
        'the bot works in unencrypted rooms only',
    )
  }
  const sdk = require('matrix-bot-sdk') as MatrixSdk
  loaded = { sdk, crypto }
  return loaded
}

let sdkLoggerInstalled = false

/** Routes matrix-bot-sdk's global `LogService` to a yurt logger: sync failures warn, the rest is debug. */
export function installSdkLogger(sdk: MatrixSdk, logger: MatrixLogger): void {
  if (sdkLoggerInstalled) return
  sdkLoggerInstalled = true
  const debug = (module: string, ...parts: unknown[]) => logger.debug?.(`[sdk ${module}] ${parts.map(String).join(' ')}`)
  sdk.LogService.setLevel(sdk.LogLevel.INFO)
  sdk.LogService.setLogger({
    trace: () => {},
    debug,
    info: debug,
    warn: debug,
    error: (module: string, ...parts: unknown[]) => {
      // The sync loop's failures (homeserver down) are worth a line; HTTP details stay at debug.
      if (module === 'MatrixClientLite') logger.warn(`[sdk] ${parts.map((p) => describeError(p)).join(' ')}`)
      else debug(module, ...parts.map((p) => (p instanceof Error ? p.message : typeof p === 'object' ? JSON.stringify(p) : p)))
    },
  })
}
