/** The Matrix adapter's pure parts: addressing, rendering, retries, state, configuration, the crypto stand-in. */
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'
import { MatrixAdapter, MatrixNotStartedError } from '../../adapters/matrix.ts'
import { address, hasPillLink, stripReplyFallback, type BotIdentity } from '../../adapters/matrix/addressing.ts'
import type { RawEvent } from '../../adapters/matrix/client.ts'
import { allowedInviter, historicEvents, readAnnotation, readTextMessage, redactedEventId } from '../../adapters/matrix/inbound.ts'
import { escapeHtml, noticeContent, replyToHtml } from '../../adapters/matrix/render.ts'
import { loadMatrixSdk } from '../../adapters/matrix/sdk.ts'
import { isTransient, rateLimitWait, withRetries, type RetryPolicy } from '../../adapters/matrix/send.ts'
import { prefixReply, readPrefixCommand } from '../../adapters/matrix/prefix.ts'
import { MODERATOR_LEVEL, powerLevelOf, readCreation } from '../../adapters/matrix/rooms.ts'
import { AdapterState } from '../../adapters/matrix/state.ts'
import { replyToPlainText, type Reply } from '../../adapters/types.ts'

const bot: BotIdentity = { userId: '@yurt:example.org', displayName: 'Yurt Bot', prefix: '!yurt' }
const room = { direct: false, replyToBot: false }

describe('address', () => {
  const addressed: [string, boolean, string, string][] = [
    // body, pill, via, text
    ['!yurt add workshop Saturday 3pm', false, 'prefix', 'add workshop Saturday 3pm'],
    ['!YURT: what is on', false, 'prefix', 'what is on'],
    ['!yurt', false, 'prefix', ''],
    ['Yurt Bot: add workshop', false, 'mention', 'add workshop'],
    ['yurt bot, what is on today?', false, 'mention', 'what is on today?'],
    ['yurt: list venues', false, 'mention', 'list venues'],
    ['@yurt: list venues', false, 'mention', 'list venues'],
    ['@yurt:example.org: help', false, 'mention', 'help'],
    ['Yurt Bot what is on', true, 'mention', 'what is on'],
    ["what's on Saturday, Yurt Bot?", true, 'mention', "what's on Saturday?"],
    ['> <@alice:example.org> earlier\n\n!yurt add talk', false, 'prefix', 'add talk'],
  ]
  it.each(addressed)('%j (pill %s) is addressed by %s', (body, pill, via, text) => {
    expect(address(body, bot, room, pill)).toEqual({ addressed: true, via, text })
  })

  const ordinary = [
    'shall we add a workshop?',
    'Yurt is a nice word',
    'I think !yurt is the command',
    '!yurtle add',
    'yurts: are tents',
    'hello yurt: not at the start',
    '',
  ]
  it.each(ordinary)('%j is not addressed', (body) => {
    expect(address(body, bot, room, false)).toEqual({ addressed: false })
  })

  it('a reply to the bot and a direct room are addressed, text without the fallback', () => {
    expect(address('> <@yurt:example.org> echo\n\nand Sunday?', bot, { direct: false, replyToBot: true }, false)).toEqual({
      addressed: true,
      via: 'reply',
      text: 'and Sunday?',
    })
    expect(address('hello', bot, { direct: true, replyToBot: false }, false)).toEqual({ addressed: true, via: 'direct', text: 'hello' })
  })

  it('strips only a leading reply fallback', () => {
    expect(stripReplyFallback('> <@a:b> x\n> more\n\nreal text')).toBe('real text')
    expect(stripReplyFallback('real\n> quoted later')).toBe('real\n> quoted later')
  })

  it('finds a matrix.to pill, encoded or not', () => {
    expect(hasPillLink('<a href="https://matrix.to/#/@yurt:example.org">Yurt</a>: hi', bot.userId)).toBe(true)
    expect(hasPillLink("<a href='https://matrix.to/#/%40yurt%3Aexample.org'>Yurt</a>", bot.userId)).toBe(true)
    expect(hasPillLink('<a href="https://matrix.to/#/@alice:example.org">A</a>', bot.userId)).toBe(false)
    expect(hasPillLink(undefined, bot.userId)).toBe(false)
  })
})

describe('render', () => {
  const reply: Reply = {
    tone: 'info',
    blocks: [
      { type: 'text', text: 'Programme for <Saturday> & "more"\nsecond line' },
      { type: 'list', heading: 'Sat 14 June', items: ['15:00 Workshop <IPFS>', '18:00 Concert'] },
      { type: 'list', items: ['no heading'] },
    ],
  }

  it('escapes HTML', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;')
  })

  it('renders paragraphs, a bold heading over a list, and escapes', () => {
    expect(replyToHtml(reply)).toBe(
      '<p>Programme for &lt;Saturday&gt; &amp; &quot;more&quot;<br>second line</p>\n' +
        '<p><strong>Sat 14 June</strong></p>\n<ul><li>15:00 Workshop &lt;IPFS&gt;</li><li>18:00 Concert</li></ul>\n' +
        '<ul><li>no heading</li></ul>',
    )
  })

  it('builds an m.notice: reply, thread, plain', () => {
    const asReply = noticeContent(reply, { inReplyTo: '$q', mention: ['@alice:example.org'] })
    expect(asReply).toMatchObject({
      msgtype: 'm.notice',
      format: 'org.matrix.custom.html',
      'm.relates_to': { 'm.in_reply_to': { event_id: '$q' } },
      'm.mentions': { user_ids: ['@alice:example.org'] },
    })
    expect(asReply.body).toBe('Programme for <Saturday> & "more"\nsecond line\nSat 14 June\n  15:00 Workshop <IPFS>\n  18:00 Concert\n  no heading')
    expect(noticeContent(reply, { inReplyTo: '$q', thread: '$root' })['m.relates_to']).toEqual({
      rel_type: 'm.thread',
      event_id: '$root',
      is_falling_back: true,
      'm.in_reply_to': { event_id: '$q' },
    })
    const posted = noticeContent(reply)
    expect(posted['m.relates_to']).toBeUndefined()
    expect(posted['m.mentions']).toEqual({})
  })
})

describe('withRetries', () => {
  const { sdk } = loadMatrixSdk({ info() {}, warn() {}, error() {} })
  const waits: number[] = []
  const policy: RetryPolicy = { attempts: 4, maxWaitMs: 10_000, baseBackoffMs: 100, sleep: async (ms) => void waits.push(ms) }
  afterEach(() => void waits.splice(0))

  it('honours M_LIMIT_EXCEEDED retry_after_ms, then succeeds', async () => {
    let calls = 0
    const limited = new sdk.MatrixError({ errcode: 'M_LIMIT_EXCEEDED', error: 'Too many requests', retry_after_ms: 1234 }, 429)
    expect(rateLimitWait(limited)).toBe(1234)
    const result = await withRetries(async () => {
      if (++calls < 3) throw limited
      return '$sent'
    }, policy)
    expect(result).toBe('$sent')
    expect(waits).toEqual([1234, 1234])
  })

  it('gives up after the attempts, caps the wait, and never retries other errors', async () => {
    const slow = new sdk.MatrixError({ errcode: 'M_LIMIT_EXCEEDED', error: 'slow down', retry_after_ms: 999_999 }, 429)
    await expect(withRetries(() => Promise.reject(slow), policy)).rejects.toBe(slow)
    expect(waits).toEqual([10_000, 10_000, 10_000])
    waits.splice(0)
    const forbidden = new sdk.MatrixError({ errcode: 'M_FORBIDDEN', error: 'no' }, 403)
    await expect(withRetries(() => Promise.reject(forbidden), policy)).rejects.toBe(forbidden)
    expect(waits).toEqual([])
  })

  it('backs off on an unreachable homeserver, unless told not to', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })
    expect(isTransient(refused)).toBe(true)
    await expect(withRetries(() => Promise.reject(refused), policy)).rejects.toBe(refused)
    expect(waits).toEqual([100, 200, 400])
    waits.splice(0)
    await expect(withRetries(() => Promise.reject(refused), { ...policy, retryTransient: false })).rejects.toBe(refused)
    expect(waits).toEqual([])
  })
})

describe('AdapterState', () => {
  it('persists bounded maps in a 0600 file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'yurt-matrix-state-'))
    try {
      const state = new AdapterState(dir, 3)
      for (const id of ['$1', '$2', '$3', '$4']) state.markHandled(id)
      state.recordSent('$a', { festival: 'f', id: 'e1' })
      state.recordSent('$b', undefined)
      state.recordReaction('$r', { room: '!r', target: '$a', key: '👍', user: '@alice:x' })
      state.flush()
      expect(statSync(state.file).mode & 0o777).toBe(0o600)
      const again = new AdapterState(dir, 3)
      expect([...again.handled.keys()]).toEqual(['$2', '$3', '$4'])
      expect(again.sent.get('$a')).toEqual({ festival: 'f', id: 'e1' })
      expect(again.sent.get('$b')).toBeNull()
      expect(again.reactions.get('$r')?.target).toBe('$a')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('MatrixAdapter configuration', () => {
  it('fromEnv returns null unless Matrix is configured', () => {
    expect(MatrixAdapter.fromEnv({}, '/tmp/x')).toBeNull()
    expect(MatrixAdapter.fromEnv({ YURT_MATRIX_HOMESERVER_URL: 'https://m.org' }, '/tmp/x')).toBeNull()
    expect(MatrixAdapter.fromEnv({ YURT_MATRIX_HOMESERVER_URL: 'https://m.org', YURT_MATRIX_USER_ID: '@y:m.org' }, '/tmp/x')).toBeNull()
  })

  it('fromEnv reads a token, or a user id and password, and the options', () => {
    const byToken = MatrixAdapter.fromEnv({ YURT_MATRIX_HOMESERVER_URL: 'https://m.org', YURT_MATRIX_ACCESS_TOKEN: 'tok' }, '/d')!
    expect(byToken.options).toMatchObject({ homeserverUrl: 'https://m.org', accessToken: 'tok', dataDir: '/d' })
    const byPassword = MatrixAdapter.fromEnv(
      {
        YURT_MATRIX_HOMESERVER_URL: 'https://m.org',
        YURT_MATRIX_USER_ID: '@y:m.org',
        YURT_MATRIX_PASSWORD: 'pw',
        YURT_MATRIX_PREFIX: '!fest',
        YURT_MATRIX_ALLOW_INVITERS: ':m.org, @alice:other.org',
      },
      '/d',
    )!
    expect(byPassword.options).toMatchObject({ userId: '@y:m.org', password: 'pw', prefix: '!fest', allowInviters: [':m.org', '@alice:other.org'] })
    expect(byPassword.platform).toBe('matrix')
    expect(byPassword.options.encryption).toBeUndefined()
    const off = MatrixAdapter.fromEnv({ YURT_MATRIX_HOMESERVER_URL: 'https://m.org', YURT_MATRIX_ACCESS_TOKEN: 'tok', YURT_MATRIX_ENCRYPTION: 'off' }, '/d')!
    expect(off.options.encryption).toBe(false)
  })

  it('with waitForHomeserver false, an unreachable homeserver rejects start with a named error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'yurt-matrix-unreachable-'))
    try {
      const quiet = { info() {}, warn() {}, error() {} }
      const adapter = new MatrixAdapter({ homeserverUrl: 'http://127.0.0.1:9', accessToken: 't', dataDir: dir, waitForHomeserver: false, logger: quiet })
      await expect(adapter.start({ onMessage: async () => null })).rejects.toMatchObject({ name: 'MatrixStartError' })
      await adapter.stop()
      // By default start resolves and keeps trying; stop ends the attempts.
      const patient = new MatrixAdapter({ homeserverUrl: 'http://127.0.0.1:9', accessToken: 't', dataDir: dir, logger: quiet })
      await patient.start({ onMessage: async () => null })
      await patient.stop()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('post before start is a named error', async () => {
    const adapter = new MatrixAdapter({ homeserverUrl: 'http://127.0.0.1:9', accessToken: 't', dataDir: '/tmp/none' })
    await expect(adapter.post('!r:x', { tone: 'ok', blocks: [] })).rejects.toBeInstanceOf(MatrixNotStartedError)
    await adapter.stop()
  })
})

describe('the crypto builds: native, WebAssembly, stand-in', () => {
  const node = process.execPath
  const sdkFile = fileURLToPath(new URL('../../adapters/matrix/sdk.ts', import.meta.url))
  const script = `
    import { loadMatrixSdk, cryptoAvailable, cryptoBuild } from ${JSON.stringify(sdkFile)}
    const warnings = []
    const infos = []
    const logger = { info: (m) => infos.push(m), warn: (m) => warnings.push(m), error() {} }
    const first = loadMatrixSdk(logger)
    loadMatrixSdk(logger)
    const out = { available: cryptoAvailable(), build: cryptoBuild(), warnings: warnings.length, infos: infos.length, client: typeof first.sdk.MatrixClient }
    const c = require('node:module').createRequire(import.meta.url)('@matrix-org/matrix-sdk-crypto-nodejs')
    out.shim = c.isYurtWasmShim === true
    try {
      new c.OlmMachine()
    } catch (e) { out.used = e.name }
    console.log(JSON.stringify(out))
  `.replace("require('node:module')", '(await import("node:module"))')
  const run = promisify(execFile)
  /** A `--import` hook that makes `specifier` fail to load, as a missing binary or a broken package does. */
  const blocking = (dir: string, specifier: string) => {
    const broken = join(dir, 'broken.cjs')
    writeFileSync(broken, `throw new Error('blocked for the test: ${specifier}')`)
    const hook = join(dir, 'block.mjs')
    writeFileSync(
      hook,
      `import { registerHooks } from 'node:module'
       registerHooks({ resolve(s, c, next) { return s === ${JSON.stringify(specifier)} ? { url: ${JSON.stringify('file://' + broken)}, format: 'commonjs', shortCircuit: true } : next(s, c) } })`,
    )
    return hook
  }

  it('without the native binary, runs on the WebAssembly build and says so at info', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'yurt-wasm-'))
    try {
      const file = join(dir, 'probe.mts')
      writeFileSync(file, script)
      const { stdout } = await run(node, [file], { cwd: process.cwd() })
      const out = JSON.parse(stdout.trim().split('\n').pop()!)
      // On a machine with the binary the real package loads and nothing is replaced.
      if (out.build === 'native') expect(out).toMatchObject({ available: true, warnings: 0, client: 'function', shim: false })
      else expect(out).toMatchObject({ available: true, build: 'wasm', warnings: 0, infos: 1, client: 'function', shim: true })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('when neither the native binary nor the WebAssembly build loads, lets matrix-bot-sdk load, warns once, throws only when used', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'yurt-standin-'))
    try {
      const file = join(dir, 'probe.mts')
      writeFileSync(file, script)
      const hook = blocking(dir, '@matrix-org/matrix-sdk-crypto-wasm')
      const { stdout } = await run(node, ['--import', hook, file], { cwd: process.cwd() })
      const out = JSON.parse(stdout.trim().split('\n').pop()!)
      if (out.build === 'native') expect(out).toMatchObject({ available: true, warnings: 0 })
      else expect(out).toEqual({ available: false, build: 'none', warnings: 1, infos: 0, client: 'function', shim: false, used: 'CryptoUnavailableError' })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('leaves a loadable crypto package alone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'yurt-realcrypto-'))
    try {
      // Pretend the binary exists: the package resolves to a module that loads.
      const fake = join(dir, 'fake-crypto.cjs')
      writeFileSync(fake, 'module.exports = { StoreType: { Sqlite: 1 }, fake: true }')
      const hook = join(dir, 'hook.mjs')
      writeFileSync(
        hook,
        `import { registerHooks } from 'node:module'
         registerHooks({ resolve(s, c, next) { return s === '@matrix-org/matrix-sdk-crypto-nodejs' ? { url: ${JSON.stringify('file://' + fake)}, format: 'commonjs', shortCircuit: true } : next(s, c) } })`,
      )
      const file = join(dir, 'probe.mts')
      writeFileSync(file, script)
      const { stdout } = await run(node, ['--import', hook, file], { cwd: process.cwd() })
      const out = JSON.parse(stdout.trim().split('\n').pop()!)
      expect(out).toMatchObject({ available: true, build: 'native', warnings: 0, client: 'function', shim: false })
      expect(out.used).toBeDefined() // the fake has no OlmMachine: a TypeError, not the stand-in's error
      expect(out.used).not.toBe('CryptoUnavailableError')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('inbound events', () => {
  const me = '@yurt:example.org'
  const ev = (over: Partial<RawEvent>): RawEvent => ({ event_id: '$e', type: 'm.room.message', sender: '@alice:example.org', origin_server_ts: 1000, ...over })

  it('reads a text message: thread, real reply, pill; drops notices and edits', () => {
    expect(readTextMessage(ev({ content: { msgtype: 'm.notice', body: '!yurt x' } }), me)).toBeNull()
    expect(readTextMessage(ev({ content: { msgtype: 'm.text', body: '* x', 'm.new_content': {}, 'm.relates_to': { rel_type: 'm.replace', event_id: '$o' } } }), me)).toBeNull()
    const inThread = readTextMessage(
      ev({ content: { msgtype: 'm.text', body: 'q', 'm.relates_to': { rel_type: 'm.thread', event_id: '$root', is_falling_back: true, 'm.in_reply_to': { event_id: '$last' } } } }),
      me,
    )
    expect(inThread).toEqual({ body: 'q', thread: '$root', pill: false })
    const realReplyInThread = readTextMessage(
      ev({ content: { msgtype: 'm.text', body: 'q', 'm.relates_to': { rel_type: 'm.thread', event_id: '$root', is_falling_back: false, 'm.in_reply_to': { event_id: '$bot' } } } }),
      me,
    )
    expect(realReplyInThread).toEqual({ body: 'q', thread: '$root', inReplyTo: '$bot', pill: false })
    expect(readTextMessage(ev({ content: { msgtype: 'm.text', body: 'hi', 'm.mentions': { user_ids: [me] } } }), me)?.pill).toBe(true)
  })

  it('reads annotations and redactions (room v11 keeps redacts in content)', () => {
    expect(readAnnotation(ev({ type: 'm.reaction', content: { 'm.relates_to': { rel_type: 'm.annotation', event_id: '$m', key: '👍' } } }))).toEqual({ target: '$m', key: '👍' })
    expect(readAnnotation(ev({ type: 'm.reaction', content: {} }))).toBeNull()
    expect(redactedEventId(ev({ type: 'm.room.redaction', redacts: '$r' }))).toBe('$r')
    expect(redactedEventId(ev({ type: 'm.room.redaction', content: { redacts: '$r11' } }))).toBe('$r11')
  })

  it('marks history: before start in an initial sync, before the join in a fresh room', () => {
    const join = ev({ event_id: '$join', type: 'm.room.member', sender: me, state_key: me, content: { membership: 'join' } })
    const raw = {
      rooms: {
        join: {
          '!a': { timeline: { events: [ev({ event_id: '$old' }), join, ev({ event_id: '$new' })], limited: true } },
          '!b': { timeline: { events: [ev({ event_id: '$b' })], limited: true } },
        },
      },
    }
    const later = historicEvents(raw, 'since', 0, me)
    expect([...later.historic]).toEqual(['$old'])
    expect(later.gaps).toEqual(['!b'])
    const initial = historicEvents(raw, null, 1001, me)
    expect([...initial.historic].sort()).toEqual(['$b', '$join', '$new', '$old'])
  })

  // Regression: Synapse left a room the bot had been kicked from and joined again out of a fresh bot's
  // initial sync, then handed its old messages over one incremental sync at a time, and the bot answered them.
  it('in a session that began with an initial sync, what was said before the start stays history', () => {
    const raw = { rooms: { join: { '!a': { timeline: { events: [ev({ event_id: '$before', origin_server_ts: 500 }), ev({ event_id: '$after', origin_server_ts: 1500 })] } } } } }
    expect([...historicEvents(raw, 'since', 1000, me, true).historic]).toEqual(['$before'])
    expect([...historicEvents(raw, 'since', 1000, me, false).historic]).toEqual([])
  })

  it('allows inviters by user id, server suffix or *, by default the own server', () => {
    expect(allowedInviter('@alice:example.org', me)).toBe(true)
    expect(allowedInviter('@mallory:evil.org', me)).toBe(false)
    expect(allowedInviter('@mallory:evil.org', me, ['@alice:example.org', ':friends.org'])).toBe(false)
    expect(allowedInviter('@bob:friends.org', me, ['@alice:example.org', ':friends.org'])).toBe(true)
    expect(allowedInviter('@anyone:any.org', me, ['*'])).toBe(true)
  })
})

describe('moderators from m.room.power_levels', () => {
  it('a user’s own level, else users_default, else 0; not the levels that guard events', () => {
    const levels = { users: { '@mod:x': 50, '@admin:x': 100, '@odd:x': 'high' }, users_default: 10, state_default: 50, events: { 'm.room.name': 0 } }
    expect(powerLevelOf(levels, '@mod:x')).toBe(50)
    expect(powerLevelOf(levels, '@admin:x')).toBe(100)
    expect(powerLevelOf(levels, '@someone:x')).toBe(10)
    expect(powerLevelOf(levels, '@odd:x')).toBe(0)
    expect(powerLevelOf({}, '@someone:x')).toBe(0)
    expect(powerLevelOf({ users_default: 50 }, '@someone:x')).toBeGreaterThanOrEqual(MODERATOR_LEVEL)
  })

  it('room version 12 creators outrank power levels; older rooms name their creator only', () => {
    expect(readCreation({ sender: '@a:x', content: { room_version: '12', additional_creators: ['@b:x', 7] } })).toEqual({
      privileged: ['@a:x', '@b:x'],
      creator: '@a:x',
    })
    expect(readCreation({ sender: '@a:x', content: { room_version: '10' } })).toEqual({ privileged: [], creator: '@a:x' })
    expect(readCreation({ content: { creator: '@old:x' } })).toEqual({ privileged: [], creator: '@old:x' })
  })
})

describe('the room prefix command', () => {
  it.each([
    ['prefix !fest', { prefix: '!fest', lang: 'en' }],
    ['Préfixe `!fête`', { prefix: '!fête', lang: 'fr' }],
    ['Präfix "?yurt"', { prefix: '?yurt', lang: 'de' }],
    ['prefix', { prefix: '', lang: 'en' }],
    ['prefix two words', { prefix: '', lang: 'en' }],
    ['prefix !averyveryverylongprefix', { prefix: '', lang: 'en' }],
  ])('%j', (text, expected) => {
    expect(readPrefixCommand(text)).toEqual(expected)
  })

  it.each(['what is the prefix?', 'add workshop prefix', 'prefixes are nice', ''])('%j is not a prefix command', (text) => {
    expect(readPrefixCommand(text)).toBeNull()
  })

  it('answers in the language it was asked in', () => {
    expect(prefixReply('de', 'set', '!fest').blocks[0]).toEqual({ type: 'text', text: expect.stringContaining('!fest') })
    expect(prefixReply('fr', 'notModerator').tone).toBe('refusal')
    expect(replyToPlainText(prefixReply('fr', 'bad'))).toContain('préfixe')
  })
})
