/**
 * Which of the bot's addresses a page dials, from where the page was loaded.
 *
 * @remarks `/api/info` lists the page's own port first (the HTTP server pipes WebSocket upgrades to
 * the peer), then the peer's own WebSocket ports. A page loaded over `https://` (behind a TLS proxy
 * that forwards WebSocket upgrades, as Caddy does by default and nginx with `proxy_set_header
 * Upgrade`) may only open `wss://` (mixed content is blocked): it dials `/tls/ws` on the host and
 * port it was loaded from, and nothing else.
 */
export function dialAddresses(peers: readonly string[], page: { protocol: string; hostname: string; port: string }): string[] {
  if (page.protocol !== 'https:') return [...peers]
  const host = page.hostname.replace(/^\[|\]$/g, '')
  const proto = /^\d+\.\d+\.\d+\.\d+$/.test(host) ? 'ip4' : host.includes(':') ? 'ip6' : 'dns4'
  const port = page.port || '443'
  const ids = new Set<string>()
  for (const p of peers) {
    const id = /\/p2p\/(\w+)$/.exec(p)?.[1]
    if (id) ids.add(id)
  }
  return [...ids].map((id) => `/${proto}/${host}/tcp/${port}/tls/ws/p2p/${id}`)
}
