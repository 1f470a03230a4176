/** The shared ChatAdapter contract, run against the Matrix adapter on a real Synapse. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'vitest'
import { MatrixAdapter } from '../../adapters/matrix.ts'
import { runChatAdapterContract } from './contract.ts'
import { ensureSynapse, MatrixUser, registerUser, waitFor } from '../helpers/synapse.ts'

const hs = await ensureSynapse()
const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} }

if (!hs) {
  describe.skip('ChatAdapter contract: matrix (no homeserver)', () => it('needs Synapse', () => {}))
} else {
  runChatAdapterContract('matrix', async () => {
    const [botAccount, aliceAccount, bobAccount] = await Promise.all([
      registerUser(hs, 'yurt'),
      registerUser(hs, 'alice'),
      registerUser(hs, 'bob'),
    ])
    const alice = new MatrixUser(hs, aliceAccount)
    const bob = new MatrixUser(hs, bobAccount)
    // Three members, so that the room is not a direct room and ordinary talk stays unaddressed.
    const room = await alice.createRoom({ invite: [botAccount.userId, bob.userId] })
    await bob.join(room)
    const dataDir = mkdtempSync(join(tmpdir(), 'yurt-matrix-contract-'))
    const adapter = new MatrixAdapter({ homeserverUrl: hs.url, accessToken: botAccount.accessToken, dataDir, logger: quiet })
    let joined = false
    return {
      adapter,
      room,
      async send(text) {
        if (!joined) {
          await waitFor(async () => (await alice.membership(room, botAccount.userId)) === 'join', { what: 'the bot to join' })
          joined = true
        }
        await alice.say(room, `!yurt ${text}`)
      },
      async sendUnaddressed(text) {
        await alice.say(room, text)
      },
      async lastReplies() {
        return (await alice.messagesFrom(room, botAccount.userId)).map((e) => String(e.content.body))
      },
      async teardown() {
        rmSync(dataDir, { recursive: true, force: true })
      },
    }
  })
}
