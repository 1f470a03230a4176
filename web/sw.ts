/**
 * The page's service worker (`/sw.js`): the page opens when the bot is unreachable.
 *
 * @remarks Network first, with the last good copy as the fallback: the page, its script and style,
 * and `/api/info` (which festivals are held here and where the bot listens). Every navigation
 * (`/`, `/display?venue=…`, `/event/…`) is the same `index.html`, kept under `/`. A request the
 * network does not answer within {@link NETWORK_MS} is answered from the cache when it holds one,
 * so a phone on a flaky festival network does not wait for a timeout of minutes.
 *
 * The festival itself is not here: the page keeps it in IndexedDB. Browsers run service workers
 * only in secure contexts (`https://`, `http://localhost`, `http://127.0.0.1`); a page at a LAN
 * address over plain HTTP still works while the bot is reachable, and keeps what it held in
 * IndexedDB, but does not open without the bot (README, "Phones").
 *
 * The cache is named after the build (`yurt-<version>`, written in by `bin/web.ts`); a new build
 * installs a new worker, which drops the old caches.
 */

/** The part of the service worker scope used here (the WebWorker lib clashes with the page's DOM lib). */
interface WorkerScope {
  addEventListener(type: 'install' | 'activate', fn: (e: { waitUntil(p: Promise<unknown>): void }) => void): void
  addEventListener(type: 'fetch', fn: (e: { request: Request; respondWith(r: Promise<Response>): void }) => void): void
  skipWaiting(): Promise<void>
  clients: { claim(): Promise<void> }
  location: Location
}

const scope = self as unknown as WorkerScope
const CACHE = 'yurt-__YURT_VERSION__'
/** How long a request waits for the network before the cached copy answers, ms. */
const NETWORK_MS = 3_000
const SHELL = ['/', '/app.js', '/app.css']
const KEPT = new Set(['/app.js', '/app.css', '/api/info'])
const PAGES = /^\/(?:display|event\/.*)?$/

scope.addEventListener('install', (e) => {
  e.waitUntil(
    caches
      .open(CACHE)
      .then((c) => c.addAll(SHELL))
      .then(() => scope.skipWaiting()),
  )
})

scope.addEventListener('activate', (e) => {
  e.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith('yurt-') && n !== CACHE).map((n) => caches.delete(n))))
      .then(() => scope.clients.claim()),
  )
})

scope.addEventListener('fetch', (e) => {
  const url = new URL(e.request.url)
  if (e.request.method !== 'GET' || url.origin !== scope.location.origin) return
  const key = e.request.mode === 'navigate' && PAGES.test(url.pathname) ? '/' : KEPT.has(url.pathname) ? url.pathname : null
  if (key === null) return
  e.respondWith(networkFirst(e.request, key))
})

async function networkFirst(request: Request, key: string): Promise<Response> {
  const cache = await caches.open(CACHE)
  const network = fetch(request).then(async (res) => {
    if (res.ok) await cache.put(key, res.clone())
    return res
  })
  const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), NETWORK_MS))
  const first = await Promise.race([network.catch(() => null), timeout])
  if (first) return first
  const cached = await cache.match(key)
  if (cached) return cached
  // Nothing kept: wait for the network after all, and let its error through.
  return network
}
