/** The shared ChatAdapter contract, run against the Rocket.Chat adapter on the Rocket.Chat server simulation. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { RocketChatAdapter } from '../../adapters/rocketchat.ts'
import { runChatAdapterContract } from './contract.ts'
import { RocketChatSim } from '../helpers/rocketchat-sim.ts'

const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} }

runChatAdapterContract('rocketchat', async () => {
  const sim = await RocketChatSim.start()
  const bot = sim.addUser({ username: 'yurt', password: 'secret', type: 'bot' }).user
  const alice = sim.addUser({ username: 'alice', name: 'Alice' }).user
  const bob = sim.addUser({ username: 'bob' }).user
  // The bot is added by a member (a private group), so that it is in the room before it starts.
  const room = sim.createRoom({ name: 'contract', type: 'p', owner: alice, members: [bob] })
  sim.addToRoom(room, bot, alice)
  const dataDir = mkdtempSync(join(tmpdir(), 'yurt-rc-contract-'))
  const adapter = new RocketChatAdapter({ serverUrl: sim.url, username: 'yurt', password: 'secret', dataDir, logger: quiet })
  return {
    adapter,
    room: room._id,
    async send(text, options = {}) {
      sim.say(alice, room, `@yurt ${text}`, options.thread ? { tmid: options.thread } : {})
    },
    async sendUnaddressed(text) {
      sim.say(alice, room, text)
    },
    async lastReplies() {
      return sim.messagesFrom(bot, room).map((m) => m.msg)
    },
    async teardown() {
      await sim.stop()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
})
