/**
 * The page a phone or a venue screen opens: served over HTTP by `yurt start` and `yurt peer`.
 *
 * @remarks
 * `web/` is bundled by esbuild when the server starts (in memory, about a second; nothing to run
 * beforehand). The page is a peer of its own: it learns from `/api/info` the festivals held here
 * and this bot's libp2p address, then syncs with it over `/yurt/sync/1.0.0` and gossip like any
 * other peer. The server never writes to the festival.
 *
 * The page dials the bot on the page's own port: a WebSocket upgrade (RFC 6455 §4) on this server
 * is piped, bytes as they are, to the peer's own WebSocket listener on loopback. So a phone at
 * `http://192.168.1.20:8088` dials `/ip4/192.168.1.20/tcp/8088/ws/p2p/<id>`: one port to open in a
 * firewall, and an address that stays the same when the bot restarts (its WebSocket port is chosen
 * anew at each start unless `--listen` fixes it). The peer's own WebSocket addresses follow as
 * fallbacks.
 *
 * `/sw.js` is a service worker (network first, the last good copy when the bot is unreachable), so
 * that a page on a secure origin (`http://localhost`, `https://`) opens with the bot down.
 *
 * With {@link WebSource.view}, it also serves the read-only calendar and JSON feeds under `/feeds/`
 * (`bin/feeds.ts`).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { connect, type Socket } from 'node:net'
import type { Duplex } from 'node:stream'
import { readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { sha256, toHex, utf8 } from '../core/bytes.ts'
import { ConfigError } from '../core/errors.ts'
import type { FestivalMeta } from '../core/types.ts'
import { handleFeed } from './feeds.ts'
import type { FeedSource } from './feeds.ts'

import { DEFAULT_HTTP } from './defaults.ts'

export { DEFAULT_HTTP }

const WEB_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'web')

/** What the server needs of the running bot; with `view`, it also serves the feeds of `bin/feeds.ts`. */
export interface WebSource extends Partial<FeedSource> {
  festivals(): FestivalMeta[]
  /** The peer's multiaddrs (each ending in `/p2p/<id>`); empty without a peer. */
  addresses(): string[]
}

export interface WebServer {
  /** The page's address, e.g. `http://127.0.0.1:8088/`. */
  url: string
  /** The addresses a phone on the LAN can open (one per non-loopback IPv4 interface), else {@link url}. */
  lanUrls: string[]
  /** The port the page is served on (the one asked for, or the one the system chose for port 0). */
  port: number
  close(): Promise<void>
}

/**
 * Reads `--http` / `$YURT_HTTP`: `HOST:PORT`, `:PORT` or `PORT` (host 0.0.0.0), or `off`.
 *
 * @throws ConfigError when it is none of those.
 */
export function parseHttp(value: string | undefined): { host: string; port: number } | null {
  const v = (value ?? DEFAULT_HTTP).trim()
  if (v === 'off' || v === 'no' || v === 'false') return null
  const m = /^(?:(\[[0-9a-fA-F:]+\]|[^:]*):)?(\d{1,5})$/.exec(v)
  const port = m ? Number(m[2]) : NaN
  if (!m || port > 65535) throw new ConfigError('--http', `"${v}" is not HOST:PORT, :PORT or off (default ${DEFAULT_HTTP})`)
  const host = (m[1] ?? '').replace(/^\[|\]$/g, '') || '0.0.0.0'
  return { host, port }
}

/** The page as served: script, style and service worker, and a version that changes with them. */
export interface BuiltPage {
  js: string
  css: string
  sw: string
  /** The script gzipped (RFC 1952), served to browsers that accept it. */
  jsGzip: Buffer
  /** First 16 hex digits of SHA-256 over script, style and page: the service worker's cache name. */
  version: string
}

let bundle: Promise<BuiltPage> | null = null

/**
 * The page's script, style and service worker, bundled once per process by esbuild from
 * `web/main.ts` and `web/sw.ts`.
 *
 * @remarks The browser tests' hooks (`window.yurt.forge`, which signs an operation into another
 * author's namespace) are compiled in only when `$YURT_WEB_TEST_HOOKS` is `1`; esbuild drops them
 * from every other build.
 */
export function buildPage(): Promise<BuiltPage> {
  bundle ??= (async () => {
    const esbuild = await import('esbuild')
    const common = {
      bundle: true,
      platform: 'browser',
      target: 'es2022',
      minify: true,
      sourcemap: false,
      write: false,
      legalComments: 'none',
      logLevel: 'silent',
    } as const
    const testHooks = process.env.YURT_WEB_TEST_HOOKS === '1'
    const [app, worker, html] = await Promise.all([
      esbuild.build({
        ...common,
        entryPoints: [join(WEB_DIR, 'main.ts')],
        format: 'esm',
        outdir: '/out',
        define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis', __YURT_TEST_HOOKS__: String(testHooks) },
      }),
      esbuild.build({ ...common, entryPoints: [join(WEB_DIR, 'sw.ts')], format: 'iife', outdir: '/out' }),
      readFile(join(WEB_DIR, 'index.html'), 'utf8'),
    ])
    let js = ''
    let css = ''
    for (const f of app.outputFiles) {
      if (f.path.endsWith('.js')) js = f.text
      else if (f.path.endsWith('.css')) css = f.text
    }
    const version = toHex(sha256(utf8(js + css + html))).slice(0, 16)
    const sw = worker.outputFiles[0]!.text.replaceAll('__YURT_VERSION__', version)
    const { gzipSync } = await import('node:zlib')
    return { js, css, sw, version, jsGzip: gzipSync(js, { level: 9 }) }
  })()
  bundle.catch(() => (bundle = null))
  return bundle
}

const WS_ADDR = /^\/(ip4|ip6|dns4|dns6|dns)\/([^/]+)\/tcp\/(\d+)\/ws\/p2p\/(\w+)$/

/**
 * The libp2p addresses a page loaded from `host` (its `Host` header) dials: first the page's own
 * port (`ownPort`, piped to the peer's WebSocket listener), then each WebSocket port of the peer,
 * all with the host name the page was loaded from (a phone that reached `192.168.1.20` can reach
 * the bot there, whatever interfaces the bot lists).
 */
export function pageAddresses(addresses: string[], host: string, ownPort?: number): string[] {
  const out: string[] = []
  const hostname = host.replace(/:\d+$/, '').replace(/^\[|\]$/g, '')
  const proto = /^\d+\.\d+\.\d+\.\d+$/.test(hostname) ? 'ip4' : hostname.includes(':') ? 'ip6' : 'dns4'
  const direct: string[] = []
  for (const addr of addresses) {
    const m = WS_ADDR.exec(addr)
    if (!m) continue
    if (ownPort !== undefined) out.push(`/${proto}/${hostname}/tcp/${ownPort}/ws/p2p/${m[4]}`)
    direct.push(`/${proto}/${hostname}/tcp/${m[3]}/ws/p2p/${m[4]}`)
  }
  return [...new Set([...out, ...direct])]
}

/** Where this machine reaches the peer's WebSocket listener: loopback when it listens there, else its first IPv4 address. */
export function webSocketTarget(addresses: string[]): { host: string; port: number } | null {
  let first: { host: string; port: number } | null = null
  for (const addr of addresses) {
    const m = WS_ADDR.exec(addr)
    if (!m || m[1] !== 'ip4') continue
    if (m[2]!.startsWith('127.')) return { host: m[2]!, port: Number(m[3]) }
    first ??= { host: m[2]!, port: Number(m[3]) }
  }
  return first
}

const TYPES: Record<string, string> = { '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' }

/**
 * Pipes a WebSocket upgrade request to the peer's own listener at `target`: the request line and
 * headers as received, then both directions byte for byte (the handshake and frames are the
 * listener's business). Answers 503 when the peer has no WebSocket listener.
 */
function pipeUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, target: { host: string; port: number } | null, open: Set<Duplex>): void {
  if (!target || (req.headers.upgrade ?? '').toLowerCase() !== 'websocket') {
    socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
    return
  }
  const upstream: Socket = connect(target.port, target.host)
  // Sync is many small request/answer messages: Nagle's algorithm would hold each for the peer's delayed ACK.
  upstream.setNoDelay(true)
  ;(socket as Partial<Socket>).setNoDelay?.(true)
  open.add(socket)
  open.add(upstream)
  const done = () => {
    open.delete(socket)
    open.delete(upstream)
    socket.destroy()
    upstream.destroy()
  }
  socket.on('error', done).on('close', done)
  upstream.on('error', done).on('close', done)
  upstream.once('connect', () => {
    let headers = `${req.method} ${req.url} HTTP/1.1\r\n`
    for (let i = 0; i < req.rawHeaders.length; i += 2) headers += `${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}\r\n`
    upstream.write(headers + '\r\n')
    if (head.length > 0) upstream.write(head)
    socket.pipe(upstream)
    upstream.pipe(socket)
  })
}

/**
 * Serves the page on `host:port`.
 *
 * @throws when the port cannot be bound (in use, no permission).
 */
export async function startWebServer(source: WebSource, where: { host: string; port: number }): Promise<WebServer> {
  const page = buildPage()
  page.catch(() => undefined)
  const index = await readFile(join(WEB_DIR, 'index.html'), 'utf8')
  const server: Server = createServer((req, res) => void handle(req, res))
  const upgraded = new Set<Duplex>()
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => pipeUpgrade(req, socket, head, webSocketTarget(source.addresses()), upgraded))
  let port = where.port

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const url = new URL(req.url ?? '/', 'http://x')
      const send = (status: number, type: string, body: string, gzipped?: Buffer) => {
        const headers: Record<string, string> = { 'content-type': type, 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff', vary: 'accept-encoding' }
        // The script is a megabyte as text and a third of that gzipped: a phone on festival Wi-Fi feels it.
        if (gzipped && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
          res.writeHead(status, { ...headers, 'content-encoding': 'gzip' })
          return void res.end(gzipped)
        }
        res.writeHead(status, headers)
        res.end(body)
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'text/plain', 'method not allowed\n')
      if (url.pathname === '/' || url.pathname === '/display' || url.pathname.startsWith('/event/')) {
        return send(200, 'text/html; charset=utf-8', index)
      }
      if (url.pathname === '/app.js' || url.pathname === '/app.css') {
        const built = await page
        const ext = url.pathname.slice(url.pathname.lastIndexOf('.'))
        return ext === '.js' ? send(200, TYPES[ext]!, built.js, built.jsGzip) : send(200, TYPES[ext]!, built.css)
      }
      if (url.pathname === '/sw.js') {
        // The worker's scope is the whole origin; its script is checked for updates at each navigation.
        return send(200, TYPES['.js']!, (await page).sw)
      }
      if (url.pathname === '/api/info') {
        const info = {
          version: (await page).version,
          // A community's document (core/community.ts) has no programme for a phone to show.
          festivals: source.festivals().filter((f) => f.kind !== 'community'),
          peers: pageAddresses(source.addresses(), req.headers.host ?? '127.0.0.1', port),
        }
        return send(200, 'application/json', JSON.stringify(info))
      }
      if (source.view && (await handleFeed(source as FeedSource, req, res, url.pathname))) return
      return send(404, 'text/plain', 'not found\n')
    } catch (err) {
      res.writeHead(500, { 'content-type': 'text/plain' })
      res.end(`the page could not be built: ${(err as Error).message}\n`)
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(where.port, where.host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const address = server.address()
  port = typeof address === 'object' && address ? address.port : where.port
  const shown = where.host === '0.0.0.0' || where.host === '::' ? '127.0.0.1' : where.host
  const url = `http://${shown.includes(':') ? `[${shown}]` : shown}:${port}/`
  const { networkInterfaces } = await import('node:os')
  const lan: string[] = []
  if (where.host === '0.0.0.0' || where.host === '::') {
    for (const list of Object.values(networkInterfaces())) {
      for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) lan.push(`http://${a.address}:${port}/`)
    }
  }
  return {
    url,
    lanUrls: lan.length > 0 ? lan : [url],
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of upgraded) s.destroy()
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
