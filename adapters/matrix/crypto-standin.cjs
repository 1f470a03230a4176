'use strict'
/**
 * A stand-in for `@matrix-org/matrix-sdk-crypto-nodejs`, used when neither its native binary nor
 * the WebAssembly build (`crypto-wasm.ts`, on `@matrix-org/matrix-sdk-crypto-wasm`) can load.
 *
 * matrix-bot-sdk requires the crypto package as soon as it is imported, but touches it only when
 * end-to-end encryption is set up. Every export here is a function that throws
 * `CryptoUnavailableError` when it is called or constructed, so unencrypted rooms keep working and
 * encrypted ones fail loudly instead of the whole bot failing to start. Installed by
 * `adapters/matrix/sdk.ts` through `module.registerHooks`, never by an npm override.
 */

const PACKAGE = '@matrix-org/matrix-sdk-crypto-nodejs'

class CryptoUnavailableError extends Error {
  constructor(what) {
    super(`${what}: end-to-end encryption is unavailable (${PACKAGE} could not load its native binary)`)
    this.name = 'CryptoUnavailableError'
  }
}

const PASSTHROUGH = new Set(['prototype', 'name', 'length', 'toString', 'valueOf', 'constructor', 'call', 'apply', 'bind'])

function standIn(name) {
  const target = function () {
    throw new CryptoUnavailableError(name)
  }
  Object.defineProperty(target, 'name', { value: name })
  return new Proxy(target, {
    apply() {
      throw new CryptoUnavailableError(name)
    },
    construct() {
      throw new CryptoUnavailableError(`new ${name}()`)
    },
    get(t, prop, receiver) {
      if (typeof prop === 'symbol' || PASSTHROUGH.has(prop)) return Reflect.get(t, prop, receiver)
      throw new CryptoUnavailableError(`${name}.${prop}`)
    },
  })
}

// The export names of @matrix-org/matrix-sdk-crypto-nodejs 0.4.
const NAMES = [
  'Attachment', 'EncryptedAttachment', 'BackupDecryptionKey', 'MegolmV1BackupKey', 'RoomKeyCounts', 'BackupKeys',
  'EncryptionAlgorithm', 'EncryptionSettings', 'ShieldColor', 'ShieldStateCode', 'ShieldState', 'HistoryVisibility',
  'UserId', 'DeviceId', 'DeviceKeyId', 'DeviceKeyAlgorithm', 'DeviceKeyAlgorithmName', 'RoomId', 'ServerName',
  'StoreType', 'OlmMachine', 'CrossSigningStatus', 'KeysUploadRequest', 'KeysQueryRequest', 'KeysClaimRequest',
  'ToDeviceRequest', 'SignatureUploadRequest', 'RoomMessageRequest', 'KeysBackupRequest', 'RequestType',
  'DecryptedRoomEvent', 'DeviceLists', 'Signatures', 'Signature', 'MaybeSignature', 'SignatureVerification',
  'SignatureState', 'Ed25519PublicKey', 'Ed25519Signature', 'Curve25519PublicKey', 'IdentityKeys', 'Versions',
  'getVersions',
]

for (const name of NAMES) module.exports[name] = standIn(name)
module.exports.CryptoUnavailableError = CryptoUnavailableError
module.exports.isYurtStandIn = true
