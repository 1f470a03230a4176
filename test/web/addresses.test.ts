import { describe, expect, it } from 'vitest'
import { pageAddresses, webSocketTarget } from '../../bin/web.ts'
import { dialAddresses } from '../../web/addresses.ts'

const ID = '12D3KooWQYhTNQdmr3ArTeUHRYzFg94BKyTkoWBDWez9kSCVe2Xo'
const bot = [`/ip4/127.0.0.1/tcp/40001/ws/p2p/${ID}`, `/ip4/192.168.1.20/tcp/40001/ws/p2p/${ID}`, `/ip4/192.168.1.20/tcp/40000/p2p/${ID}`]

describe('where a page dials the bot', () => {
  it("lists the page's own port first, with the host name the phone used, then the peer's WebSocket port", () => {
    expect(pageAddresses(bot, '192.168.1.20:8088', 8088)).toEqual([`/ip4/192.168.1.20/tcp/8088/ws/p2p/${ID}`, `/ip4/192.168.1.20/tcp/40001/ws/p2p/${ID}`])
    expect(pageAddresses(bot, 'fest.local:8088', 8088)[0]).toBe(`/dns4/fest.local/tcp/8088/ws/p2p/${ID}`)
  })

  it('pipes upgrades to the loopback listener when there is one', () => {
    expect(webSocketTarget(bot)).toEqual({ host: '127.0.0.1', port: 40001 })
    expect(webSocketTarget([`/ip4/192.168.1.20/tcp/40001/ws/p2p/${ID}`])).toEqual({ host: '192.168.1.20', port: 40001 })
    expect(webSocketTarget([`/ip4/127.0.0.1/tcp/40000/p2p/${ID}`])).toBeNull()
  })

  it('a page loaded over https dials wss on its own host and port only (ws:// would be mixed content)', () => {
    const peers = pageAddresses(bot, 'fest.example.org', 8088)
    expect(dialAddresses(peers, { protocol: 'https:', hostname: 'fest.example.org', port: '' })).toEqual([`/dns4/fest.example.org/tcp/443/tls/ws/p2p/${ID}`])
    expect(dialAddresses(peers, { protocol: 'http:', hostname: 'fest.example.org', port: '8088' })).toEqual(peers)
  })
})
