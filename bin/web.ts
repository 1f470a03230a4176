/**
 * The page a phone or a venue screen opens: served over HTTP by `yurt start` and `yurt peer`.
 *
 * @remarks
 * `web/` is bundled by esbuild when the server starts (in memory, about a second; nothing to run
 * beforehand). The page is a peer of its own: it learns from `/api/info` the festivals held here
 * and this bot's libp2p WebSocket address (with the host name the page was loaded from, so a phone
 * at `http://192.168.1.20:8088` dials `/ip4/192.168.1.20/tcp/<port>/ws`), then syncs with it over
 * `/yurt/sync/1.0.0` and gossip like any other peer. The server never writes to the festival.
 * With {@link WebSource.view}, it also serves the read-only calendar and JSON feeds under `/feeds/`
 * (`bin/feeds.ts`).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ConfigError } from '../core/errors.ts'
import type { FestivalMeta } from '../core/types.ts'
import { handleFeed } from './feeds.ts'
import type { FeedSource } from './feeds.ts'

/** Where the page is served when `--http` and `$YURT_HTTP` say nothing: every interface, port 8088. */
export const DEFAULT_HTTP = '0.0.0.0:8088'

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

let bundle: Promise<{ js: string; css: string }> | null = null

/** The page's script and style, bundled once per process by esbuild from `web/main.ts`. */
export function buildPage(): Promise<{ js: string; css: string }> {
  bundle ??= (async () => {
    const esbuild = await import('esbuild')
    const result = await esbuild.build({
      entryPoints: [join(WEB_DIR, 'main.ts')],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      minify: true,
      sourcemap: false,
      write: false,
      outdir: '/out',
      legalComments: 'none',
      logLevel: 'silent',
      define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
    })
    let js = ''
    let css = ''
    for (const f of result.outputFiles) {
      if (f.path.endsWith('.js')) js = f.text
      else if (f.path.endsWith('.css')) css = f.text
    }
    return { js, css }
  })()
  bundle.catch(() => (bundle = null))
  return bundle
}

/** The libp2p WebSocket addresses of the bot as a page loaded from `host` dials them. */
export function pageAddresses(addresses: string[], host: string): string[] {
  const out: string[] = []
  const hostname = host.replace(/:\d+$/, '').replace(/^\[|\]$/g, '')
  for (const addr of addresses) {
    const m = /^\/(ip4|ip6|dns4|dns6|dns)\/([^/]+)\/tcp\/(\d+)\/ws\/p2p\/(\w+)$/.exec(addr)
    if (!m) continue
    const proto = /^\d+\.\d+\.\d+\.\d+$/.test(hostname) ? 'ip4' : hostname.includes(':') ? 'ip6' : 'dns4'
    out.push(`/${proto}/${hostname}/tcp/${m[3]}/ws/p2p/${m[4]}`)
  }
  return [...new Set(out)]
}

const TYPES: Record<string, string> = { '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' }

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

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const url = new URL(req.url ?? '/', 'http://x')
      const send = (status: number, type: string, body: string) => {
        res.writeHead(status, { 'content-type': type, 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' })
        res.end(body)
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'text/plain', 'method not allowed\n')
      if (url.pathname === '/' || url.pathname === '/display' || url.pathname.startsWith('/event/')) {
        return send(200, 'text/html; charset=utf-8', index)
      }
      if (url.pathname === '/app.js' || url.pathname === '/app.css') {
        const built = await page
        const ext = url.pathname.slice(url.pathname.lastIndexOf('.'))
        return send(200, TYPES[ext]!, ext === '.js' ? built.js : built.css)
      }
      if (url.pathname === '/api/info') {
        const info = { festivals: source.festivals(), peers: pageAddresses(source.addresses(), req.headers.host ?? '127.0.0.1') }
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
  const port = typeof address === 'object' && address ? address.port : where.port
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
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
