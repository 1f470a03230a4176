/**
 * Where the Matrix tests find their homeserver (test/helpers/synapse.ts): the environment first,
 * then the loopback Synapse script beside the repository, else none — and then one line says how
 * to enable them.
 */
import { describe, expect, it } from 'vitest'
import { homeserverSource, SKIP_LINE } from '../helpers/synapse.ts'

const SCRIPT = '/somewhere/shared/matrix-homeserver/synapse.sh'
const present = (path: string) => path === SCRIPT
const absent = () => false

describe('homeserverSource', () => {
  it('takes YURT_TEST_HOMESERVER_URL and its secret before the script', () => {
    const env = { YURT_TEST_HOMESERVER_URL: 'https://matrix.example.org/', YURT_TEST_HOMESERVER_SECRET: 's3cret' }
    expect(homeserverSource(env, present, SCRIPT)).toEqual({ kind: 'env', url: 'https://matrix.example.org', secret: 's3cret' })
    expect(homeserverSource({ YURT_TEST_HOMESERVER_URL: 'http://127.0.0.1:8008' }, absent, SCRIPT)).toEqual({ kind: 'env', url: 'http://127.0.0.1:8008' })
  })

  it('falls back to the synapse.sh script when it exists', () => {
    expect(homeserverSource({}, present, SCRIPT)).toEqual({ kind: 'script', path: SCRIPT })
    expect(homeserverSource({ YURT_TEST_HOMESERVER_URL: '  ' }, present, SCRIPT)).toEqual({ kind: 'script', path: SCRIPT })
  })

  it('is none with neither, and the skip line says what to set', () => {
    expect(homeserverSource({}, absent, SCRIPT)).toEqual({ kind: 'none' })
    expect(SKIP_LINE).not.toContain('\n')
    expect(SKIP_LINE).toMatch(/YURT_TEST_HOMESERVER_URL.*YURT_TEST_HOMESERVER_SECRET.*synapse\.sh/)
  })
})
