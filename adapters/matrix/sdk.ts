/**
 * Loads matrix-bot-sdk, with or without end-to-end encryption.
 *
 * @remarks
 * matrix-bot-sdk requires `@matrix-org/matrix-sdk-crypto-nodejs` as soon as it is imported, and that
 * package throws when its native binary was not downloaded (as on machines without access to its
 * download host). Three builds are tried, first that loads wins:
 * 1. the native package itself (a machine that has the binary is not affected);
 * 2. `crypto-wasm.ts`, the same API on `@matrix-org/matrix-sdk-crypto-wasm` (the Rust crypto as
 *    WebAssembly, inside its npm package), when its module instantiates here;
 * 3. `crypto-standin.cjs`, whose exports throw only when used: the bot works in unencrypted rooms
 *    and the log says once that encrypted rooms are unavailable.
 * For 2 and 3 a module hook (`module.registerHooks`, Node ≥ 22.15) resolves that one specifier to
 * the chosen file for every later `require` and `import`. This is the only file that loads the sdk.
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
const WASM_SHIM = fileURLToPath(new URL('./crypto-wasm.ts', import.meta.url))

/** Which crypto build matrix-bot-sdk runs on: see the module remarks. */
export type CryptoBuild = 'native' | 'wasm' | 'none'

let loaded: { sdk: MatrixSdk; crypto: unknown | null; build: CryptoBuild } | undefined
let hookInstalled = false

/**
 * Whether end-to-end encryption can work: `true` (the native package or the WebAssembly build
 * loaded), `false` (the stand-in is in place), or `undefined` before {@link loadMatrixSdk} ran.
 */
export function cryptoAvailable(): boolean | undefined {
  if (!loaded) return undefined
  return loaded.crypto !== null
}

/** The crypto build in use, or `undefined` before {@link loadMatrixSdk} ran. */
export function cryptoBuild(): CryptoBuild | undefined {
  return loaded?.build
}

/** Resolves {@link CRYPTO_PACKAGE} to `file` for every later `require` and `import`. */
function resolveCryptoTo(file: string, format: 'commonjs' | 'module-typescript'): void {
  if (hookInstalled) return
  hookInstalled = true
  const url = pathToFileURL(file).href
  registerHooks({
    resolve(specifier, context, nextResolve) {
      if (specifier === CRYPTO_PACKAGE) return { url, format, shortCircuit: true }
      return nextResolve(specifier, context)
    },
  })
}

/** The WebAssembly build, once its module instantiated here; null (and why) otherwise. */
function loadWasmShim(): { module: unknown } | { error: unknown } {
  try {
    const shim = require(WASM_SHIM) as { probeWasm(): void }
    shim.probeWasm()
    return { module: shim }
  } catch (error) {
    return { error }
  }
}

/**
 * Loads matrix-bot-sdk once per process and returns its exports, the crypto module it runs on
 * (`null` when the stand-in is used) and which build that is.
 *
 * @throws only when matrix-bot-sdk itself is missing or broken; a crypto build that cannot load is
 * logged (`info` when the WebAssembly build takes over, `warn` once when none loads), never thrown.
 */
export function loadMatrixSdk(logger: MatrixLogger): { sdk: MatrixSdk; crypto: unknown | null; build: CryptoBuild } {
  if (loaded) return loaded
  let crypto: unknown | null = null
  let build: CryptoBuild = 'native'
  try {
    crypto = require(CRYPTO_PACKAGE)
  } catch (nativeError) {
    const native = describeError(nativeError).split('\n')[0]
    const shim = loadWasmShim()
    if ('module' in shim) {
      resolveCryptoTo(WASM_SHIM, 'module-typescript')
      crypto = require(CRYPTO_PACKAGE)
      build = 'wasm'
      logger.info(`end-to-end encryption runs on @matrix-org/matrix-sdk-crypto-wasm (${CRYPTO_PACKAGE} could not load: ${native})`)
    } else {
      resolveCryptoTo(STAND_IN, 'commonjs')
      build = 'none'
      logger.warn(
        `end-to-end encryption is unavailable: ${CRYPTO_PACKAGE} could not load (${native}), nor its WebAssembly build ` +
          `(${describeError(shim.error).split('\n')[0]}); the bot works in unencrypted rooms only`,
      )
    }
  }
  const sdk = require('matrix-bot-sdk') as MatrixSdk
  if (crypto) queryKeysBeforeClaiming()
  loaded = { sdk, crypto, build }
  return loaded
}

/** The part of matrix-bot-sdk's (internal, unexported) `RustEngine` that {@link queryKeysBeforeClaiming} replaces. */
interface RustEngineInternals {
  lock: { acquire<T>(key: string, fn: () => Promise<T>): Promise<T> }
  machine: {
    updateTrackedUsers(users: unknown[]): Promise<void>
    getMissingSessions(users: unknown[]): Promise<unknown>
  }
  runOnly(...types: number[]): Promise<void>
  processKeysClaimRequest(request: unknown): Promise<void>
}

/**
 * Makes matrix-bot-sdk's `RustEngine.addTrackedUsers` send the key query for the users it starts
 * tracking before it asks which Olm sessions are missing.
 *
 * @remarks
 * The sdk calls it for every member event, under the lock that the sync also takes, and asks
 * `getMissingSessions` straight after `updateTrackedUsers`; the Rust machine then waits up to 5 s
 * for the key query that nobody sends yet (both builds, native and WebAssembly), so each member
 * event held the sync for 5 s. `prepareEncrypt` already runs the key query first; this does the
 * same here. Patched once per process, on the sdk's own module.
 */
function queryKeysBeforeClaiming(): void {
  const engine = require('matrix-bot-sdk/lib/e2ee/RustEngine.js') as {
    RustEngine: { prototype: RustEngineInternals & { addTrackedUsers(userIds: string[]): Promise<void> } }
    SYNC_LOCK_NAME: string
  }
  const { UserId } = require(CRYPTO_PACKAGE) as { UserId: new (id: string) => unknown }
  const KEYS_QUERY = 1 // RequestType.KeysQuery, the same number in both bindings
  engine.RustEngine.prototype.addTrackedUsers = async function (this: RustEngineInternals, userIds: string[]): Promise<void> {
    await this.lock.acquire(engine.SYNC_LOCK_NAME, async () => {
      const users = userIds.map((u) => new UserId(u))
      await this.machine.updateTrackedUsers(users)
      await this.runOnly(KEYS_QUERY)
      const claim = await this.machine.getMissingSessions(users)
      if (claim) await this.processKeysClaimRequest(claim)
    })
  }
}

let sdkLoggerInstalled = false

/** Routes matrix-bot-sdk's global `LogService` to a yurt logger: sync failures warn, the rest is debug. */
export function installSdkLogger(sdk: MatrixSdk, logger: MatrixLogger): void {
  if (sdkLoggerInstalled) return
  sdkLoggerInstalled = true
  const debug = (module: string, ...parts: unknown[]) => {
    const text = parts.map(String).join(' ')
    // The crypto client logs the device's identity keys at debug: only its device id goes to yurt's log.
    if (module === 'CryptoClient' && /identity|key/i.test(text)) return
    logger.debug?.(`[sdk ${module}] ${text}`)
  }
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
