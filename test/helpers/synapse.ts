/**
 * A Matrix homeserver for tests, users registered with unique names, and a small fetch-based client
 * that plays the humans.
 *
 * @remarks
 * Where the homeserver comes from ({@link homeserverSource}), first match wins:
 * 1. the environment: `YURT_TEST_HOMESERVER_URL`, with `YURT_TEST_HOMESERVER_SECRET` (the server's
 *    `registration_shared_secret`) for registering users when it has no open registration;
 * 2. the loopback Synapse of `../shared/matrix-homeserver/synapse.sh` (or `YURT_SYNAPSE_SH`), started
 *    when it is not running;
 * 3. none: the Matrix test files skip, and `homeserver-setup.ts` says once how to enable them.
 * When a homeserver is configured but cannot be reached or started, {@link ensureSynapse} throws
 * when `CI` is set (the Matrix tests must fail loudly there) and otherwise returns null with a clear
 * message. Only a `synapse.sh` homeserver can be restarted by a test ({@link Homeserver.restartable}).
 */
import { execFile } from 'node:child_process'
import { createHmac, randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const run = promisify(execFile)

/** The homeserver script. */
export const SYNAPSE_SH =
  process.env.YURT_SYNAPSE_SH ?? fileURLToPath(new URL('../../../shared/matrix-homeserver/synapse.sh', import.meta.url))

/** Where the Matrix tests find their homeserver. */
export type HomeserverSource =
  | { kind: 'env'; url: string; secret?: string }
  | { kind: 'script'; path: string }
  | { kind: 'none' }

/** The one line printed when the Matrix tests are skipped for want of a homeserver. */
export const SKIP_LINE =
  '[matrix tests] skipped: no homeserver. Enable them with YURT_TEST_HOMESERVER_URL and YURT_TEST_HOMESERVER_SECRET (README, "Tests"), or with ../shared/matrix-homeserver/synapse.sh beside the repository.'

/** Which homeserver the tests use, from the environment and the files beside the repository. */
export function homeserverSource(
  env: Record<string, string | undefined> = process.env,
  exists: (path: string) => boolean = existsSync,
  script: string = SYNAPSE_SH,
): HomeserverSource {
  const url = env.YURT_TEST_HOMESERVER_URL?.trim()
  if (url) {
    const secret = env.YURT_TEST_HOMESERVER_SECRET
    return { kind: 'env', url: url.replace(/\/+$/, ''), ...(secret ? { secret } : {}) }
  }
  if (exists(script)) return { kind: 'script', path: script }
  return { kind: 'none' }
}

/** A running homeserver. */
export interface Homeserver {
  url: string
  serverName: string
  /** The environment `synapse.sh` runs with (port and data directory of this instance); empty for one from the environment. */
  env: Record<string, string>
  /** True when this call started it (so the caller may stop it when done). */
  startedHere: boolean
  /** Whether a test may stop and start it ({@link stopSynapse}, {@link startSynapse}): only a `synapse.sh` one. */
  restartable: boolean
  /** The registration shared secret, when known (users are registered with it when open registration is off). */
  secret?: string
}

/** Which Synapse: the shared default one, or a private one on its own port and data directory. */
export interface SynapseInstance {
  port?: number
  /** Data directory (config, SQLite, pid file) of a private instance. */
  data?: string
}

function instanceEnv(instance: SynapseInstance): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v
  if (instance.port) env.SYNAPSE_PORT = String(instance.port)
  if (instance.data) env.SYNAPSE_DATA = instance.data
  return env
}

async function synapse(env: Record<string, string>, args: string[], timeoutMs = 240_000): Promise<string> {
  const { stdout } = await run(SYNAPSE_SH, args, { env, timeout: timeoutMs, maxBuffer: 4 << 20 })
  return stdout
}

/** Starts the `synapse.sh` instance unless it runs; resolves with its address. */
export async function startSynapse(instance: SynapseInstance = {}): Promise<Homeserver> {
  const env = instanceEnv(instance)
  const running = await synapse(env, ['status'], 30_000).then(
    () => true,
    () => false,
  )
  if (!running) await synapse(env, ['start'])
  const lines = await synapse(env, ['env'], 30_000)
  const vars: Record<string, string> = {}
  for (const match of lines.matchAll(/^export (\w+)=['"]?([^'"\n]*)['"]?$/gm)) vars[match[1]!] = match[2]!
  const url = vars.MATRIX_HOMESERVER_URL
  if (!url) throw new Error(`synapse.sh env printed no MATRIX_HOMESERVER_URL:\n${lines}`)
  const hs: Homeserver = { url, serverName: vars.MATRIX_SERVER_NAME ?? 'localhost', env, startedHere: !running, restartable: true }
  if (vars.MATRIX_REGISTRATION_SECRET) hs.secret = vars.MATRIX_REGISTRATION_SECRET
  return hs
}

/** Stops the `synapse.sh` instance (its own pid file only). */
export async function stopSynapse(hs: Homeserver): Promise<void> {
  if (!hs.restartable) throw new Error(`${hs.url} comes from YURT_TEST_HOMESERVER_URL: the tests cannot stop it`)
  await synapse(hs.env, ['stop'], 60_000)
}

/** The homeserver of `YURT_TEST_HOMESERVER_URL`, once it answers `GET /_matrix/client/versions`. */
async function reachHomeserver(url: string, secret: string | undefined): Promise<Homeserver> {
  let res: Response
  try {
    res = await fetch(`${url}/_matrix/client/versions`, { signal: AbortSignal.timeout(10_000) })
  } catch (err) {
    throw new Error(`YURT_TEST_HOMESERVER_URL=${url} does not answer: ${err instanceof Error ? err.message : String(err)}`)
  }
  if (!res.ok) throw new Error(`YURT_TEST_HOMESERVER_URL=${url} answers ${res.status} to /_matrix/client/versions`)
  const hs: Homeserver = { url, serverName: new URL(url).hostname, env: {}, startedHere: false, restartable: false }
  if (secret) hs.secret = secret
  return hs
}

/**
 * Makes sure a homeserver runs: the one of the environment, else the `synapse.sh` instance
 * (`instance` picks a private one; it is ignored for a homeserver from the environment).
 *
 * @returns null when there is none: silently when none is configured (the global setup says so once),
 * after a warning when the configured one cannot be reached or started outside CI.
 * @throws when a configured homeserver cannot be reached or started and `process.env.CI` is set.
 */
export async function ensureSynapse(instance: SynapseInstance = {}): Promise<Homeserver | null> {
  const source = homeserverSource()
  if (source.kind === 'none') return null
  try {
    return source.kind === 'env' ? await reachHomeserver(source.url, source.secret) : await startSynapse(instance)
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err)
    if (process.env.CI) throw new Error(`CI: no Matrix homeserver could be started, so the Matrix tests cannot run: ${why}`)
    console.warn(`\n[matrix tests] SKIPPED: the Matrix homeserver could not be reached or started (${why.split('\n')[0]}).\n`)
    return null
  }
}

/** A registered user with an access token. */
export interface TestAccount {
  userId: string
  accessToken: string
  password: string
}

/**
 * Registers a user through Synapse's shared-secret admin API (`POST /_synapse/admin/v1/register`):
 * a nonce, then an HMAC-SHA1 over nonce, user, password and `notadmin`, keyed with the secret.
 *
 * @see https://element-hq.github.io/synapse/latest/admin_api/register_api.html
 */
async function registerWithSecret(hs: Homeserver, secret: string, name: string, password: string): Promise<TestAccount> {
  const endpoint = `${hs.url}/_synapse/admin/v1/register`
  const { nonce } = (await (await fetch(endpoint)).json()) as { nonce: string }
  const mac = createHmac('sha1', secret).update(`${nonce}\0${name}\0${password}\0notadmin`).digest('hex')
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ nonce, username: name, password, admin: false, mac }),
  })
  const json = (await res.json()) as { user_id?: string; access_token?: string; error?: string }
  if (!res.ok || !json.user_id || !json.access_token) throw new Error(`registering ${name} with the shared secret: ${res.status} ${json.error ?? ''}`)
  return { userId: json.user_id, accessToken: json.access_token, password }
}

/** Registers a user named `${base}-<unique>`. */
export async function registerUser(hs: Homeserver, base: string): Promise<TestAccount> {
  const name = `${base}-${Date.now().toString(36)}${randomBytes(3).toString('hex')}`
  const password = randomBytes(12).toString('hex')
  // Open registration (m.login.dummy) is fast; the shared secret (over HTTP, else through synapse.sh) is the fallback.
  try {
    const res = await fetch(`${hs.url}/_matrix/client/v3/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: name, password, auth: { type: 'm.login.dummy' }, initial_device_display_name: 'test' }),
    })
    const json = (await res.json()) as { user_id?: string; access_token?: string }
    if (res.ok && json.user_id && json.access_token) return { userId: json.user_id, accessToken: json.access_token, password }
  } catch {
    // fall back to the shared secret
  }
  if (hs.secret) return registerWithSecret(hs, hs.secret, name, password)
  if (!hs.restartable) throw new Error(`${hs.url} has no open registration: set YURT_TEST_HOMESERVER_SECRET to its registration shared secret`)
  const out = await synapse(hs.env, ['register', name, password], 60_000)
  const parsed = JSON.parse(out.trim().split('\n').pop()!) as { user_id: string; access_token: string }
  return { userId: parsed.user_id, accessToken: parsed.access_token, password }
}

/** A room event as the tests read it back. */
export interface TestEvent {
  event_id: string
  type: string
  sender: string
  content: Record<string, any>
  origin_server_ts: number
}

/** Waits until `check` returns a value other than undefined/false, polling every `intervalMs`. */
export async function waitFor<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  { timeoutMs = 15_000, intervalMs = 150, what = 'a condition' } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let lastError: unknown
  for (;;) {
    try {
      const value = await check()
      if (value !== undefined && value !== false) return value as T
    } catch (err) {
      lastError = err
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`)
    }
    await new Promise((r) => setTimeout(r, intervalMs))
  }
}

/** A person on the homeserver, speaking the client-server API directly (no sdk). */
export class MatrixUser {
  readonly hs: Homeserver
  readonly account: TestAccount
  private txn = 0
  constructor(hs: Homeserver, account: TestAccount) {
    this.hs = hs
    this.account = account
  }

  get userId(): string {
    return this.account.userId
  }

  /** Calls the client-server API; throws with the errcode on a non-2xx answer. */
  async api<T = any>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.hs.url}/_matrix/client/v3${path}`, {
      method,
      headers: { authorization: `Bearer ${this.account.accessToken}`, 'content-type': 'application/json' },
      body: body === undefined ? null : JSON.stringify(body),
    })
    const json = (await res.json().catch(() => ({}))) as any
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${json.errcode ?? ''} ${json.error ?? ''}`)
    return json as T
  }

  /** Creates a room; `alias` is the local part of a canonical alias to give it (`#alias:server`). */
  async createRoom(options: { invite?: string[]; isDirect?: boolean; name?: string; alias?: string } = {}): Promise<string> {
    const body: Record<string, unknown> = { preset: 'private_chat', invite: options.invite ?? [] }
    if (options.isDirect) body.is_direct = true
    if (options.name) body.name = options.name
    if (options.alias) body.room_alias_name = options.alias
    return (await this.api<{ room_id: string }>('POST', '/createRoom', body)).room_id
  }

  async invite(room: string, user: string): Promise<void> {
    await this.api('POST', `/rooms/${encodeURIComponent(room)}/invite`, { user_id: user })
  }

  async join(room: string): Promise<void> {
    await this.api('POST', `/join/${encodeURIComponent(room)}`, {})
  }

  async kick(room: string, user: string): Promise<void> {
    await this.api('POST', `/rooms/${encodeURIComponent(room)}/kick`, { user_id: user })
  }

  /** Sends an event; resolves with its id. */
  async sendEvent(room: string, type: string, content: Record<string, unknown>): Promise<string> {
    const txn = `t${Date.now()}.${this.txn++}`
    const path = `/rooms/${encodeURIComponent(room)}/send/${encodeURIComponent(type)}/${txn}`
    return (await this.api<{ event_id: string }>('PUT', path, content)).event_id
  }

  /** Sends a plain `m.text`, with extra content fields merged in. */
  async say(room: string, body: string, extra: Record<string, unknown> = {}): Promise<string> {
    return this.sendEvent(room, 'm.room.message', { msgtype: 'm.text', body, ...extra })
  }

  /** Sends a pill mention of `user` as Element does (`m.mentions` plus a matrix.to link). */
  async mention(room: string, user: { userId: string; name: string }, text: string): Promise<string> {
    return this.say(room, `${user.name}: ${text}`, {
      format: 'org.matrix.custom.html',
      formatted_body: `<a href="https://matrix.to/#/${user.userId}">${user.name}</a>: ${text}`,
      'm.mentions': { user_ids: [user.userId] },
    })
  }

  async react(room: string, target: string, key: string): Promise<string> {
    return this.sendEvent(room, 'm.reaction', { 'm.relates_to': { rel_type: 'm.annotation', event_id: target, key } })
  }

  async redact(room: string, eventId: string): Promise<void> {
    const txn = `r${Date.now()}.${this.txn++}`
    await this.api('PUT', `/rooms/${encodeURIComponent(room)}/redact/${encodeURIComponent(eventId)}/${txn}`, {})
  }

  /** The room's latest `limit` events, oldest first. */
  async events(room: string, limit = 100): Promise<TestEvent[]> {
    const res = await this.api<{ chunk: TestEvent[] }>(
      'GET',
      `/rooms/${encodeURIComponent(room)}/messages?dir=b&limit=${limit}`,
    )
    return res.chunk.reverse()
  }

  /** Messages from `sender` in the room, oldest first. */
  async messagesFrom(room: string, sender: string): Promise<TestEvent[]> {
    return (await this.events(room)).filter((e) => e.type === 'm.room.message' && e.sender === sender)
  }

  async joinedRooms(): Promise<string[]> {
    return (await this.api<{ joined_rooms: string[] }>('GET', '/joined_rooms')).joined_rooms
  }

  async membership(room: string, user: string): Promise<string | undefined> {
    try {
      const ev = await this.api<{ membership: string }>(
        'GET',
        `/rooms/${encodeURIComponent(room)}/state/m.room.member/${encodeURIComponent(user)}`,
      )
      return ev.membership
    } catch {
      return undefined
    }
  }
}
