/**
 * Keeping key material out of the log.
 */

/**
 * `line` with every run of 32 or more base64 characters replaced by `…`. The Rust crypto library's
 * log spans name the device's identity keys (`ed25519_key=…`, `curve25519_key=…`), sender keys and
 * session ids, each 43 characters of unpadded base64; user, device and room ids stay readable.
 */
export function redactKeys(line: string): string {
  return line.replace(/[A-Za-z0-9+/]{32,}={0,2}/g, '…')
}
