import { describe, expect, it } from 'vitest'
import { decodeJoinCode, encodeJoinCode, JOIN_CODE_PREFIX } from '../../p2p/joincode.ts'
import { PeerGuard } from '../../p2p/guard.ts'
import { Redialer } from '../../p2p/redial.ts'
import { checkGossip, festivalTopic, topicFestival } from '../../p2p/gossip.ts'
import { isForgery } from '../../p2p/host.ts'
import { encodeOperation } from '../../core/operation.ts'
import type { FestivalId } from '../../core/types.ts'
import { FakeHost, signer, testFestival } from './fake-host.ts'
import { until } from './helpers.ts'

const ADDR = '/ip4/127.0.0.1/tcp/4001/p2p/12D3KooWKhLxPtpJEYxgUKreZfMDi6zqsp8kH1CT7x2h93E4xSE2'

describe('join codes', () => {
  it('round-trips a festival and its addresses', () => {
    const festival = testFestival('Camp 2019')
    const code = encodeJoinCode({ festival, addrs: [ADDR, '/ip4/10.0.0.2/tcp/4002/ws'] })
    expect(code.startsWith(JOIN_CODE_PREFIX)).toBe(true)
    expect(code).toMatch(/^yurt1:[A-Za-z0-9_-]+$/)
    expect(decodeJoinCode(`  ${code}\n`)).toEqual({ festival, addrs: [ADDR, '/ip4/10.0.0.2/tcp/4002/ws'] })
    expect(decodeJoinCode(`<${code}>`).festival.id).toBe(festival.id)
  })

  const festival = testFestival('Camp 2019')
  const body = (o: unknown) => JOIN_CODE_PREFIX + Buffer.from(JSON.stringify(o)).toString('base64url')
  it.each([
    ['an empty string', ''],
    ['another prefix', 'yurt2:abc'],
    ['a cut code with a space', encodeJoinCode({ festival, addrs: [ADDR] }).slice(0, 40) + ' ' + 'abc'],
    ['a truncated code', encodeJoinCode({ festival, addrs: [ADDR] }).slice(0, 60)],
    ['no festival', body({ a: [ADDR] })],
    ['a festival whose name was changed', body({ f: { ...festival, name: 'Not Camp' }, a: [ADDR] })],
    ['an address that is no multiaddr', body({ f: festival, a: ['http://example.org'] })],
    ['too many addresses', body({ f: festival, a: new Array(17).fill(ADDR) })],
    ['a huge code', JOIN_CODE_PREFIX + 'a'.repeat(9000)],
  ])('refuses %s with InvalidJoinCodeError', (_what, code) => {
    expect(() => decodeJoinCode(code)).toThrow(expect.objectContaining({ name: 'InvalidJoinCodeError' }))
  })
})

describe('peer guard', () => {
  it('blocks after maxStrikes, for blockMs, then forgets', () => {
    let now = 1_000
    const guard = new PeerGuard({ maxStrikes: 3, blockMs: 500, now: () => now })
    expect(guard.strike('p', 'forgery')).toBe(false)
    expect(guard.strike('p', 'malformed')).toBe(false)
    expect(guard.isBlocked('p')).toBe(false)
    expect(guard.strike('p', 'forgery')).toBe(true)
    expect(guard.isBlocked('p')).toBe(true)
    expect(guard.strikes('p')).toEqual({ total: 3, forgery: 2, malformed: 1, violation: 0 })
    expect(guard.strike('p', 'forgery')).toBe(false) // already blocked
    expect(guard.blocked()).toEqual(['p'])
    now += 501
    expect(guard.isBlocked('p')).toBe(false)
    expect(guard.strikes('p').total).toBe(0)
    expect(guard.isBlocked('q')).toBe(false)
  })
})

describe('redialer', () => {
  it('retries with growing delays until the dial succeeds, then again after a disconnect', async () => {
    const attempts: number[] = []
    let connected = false
    const start = Date.now()
    const r = new Redialer({
      minMs: 20,
      maxMs: 80,
      isConnected: () => connected,
      dial: async () => {
        attempts.push(Date.now() - start)
        if (attempts.length < 4) throw new Error('unreachable')
        connected = true
        return 'peer-b'
      },
    })
    try {
      r.add('/ip4/127.0.0.1/tcp/1')
      await until(() => connected, 'connected', 3_000, 5)
      expect(attempts).toHaveLength(4)
      const gaps = attempts.slice(1).map((t, i) => t - attempts[i]!)
      expect(gaps[0]).toBeGreaterThanOrEqual(14) // 20 ms − 25 % jitter
      expect(gaps[2]).toBeGreaterThanOrEqual(gaps[0]! - 5)
      connected = false
      r.disconnected('peer-b')
      await until(() => attempts.length === 5, 'redial after disconnect', 3_000, 5)
    } finally {
      r.stop()
    }
  })

  it('does not dial an address that was just dialled until its peer disconnects', async () => {
    let dials = 0
    const r = new Redialer({ minMs: 10, isConnected: () => false, dial: async () => (dials++, 'x') })
    r.add('/ip4/127.0.0.1/tcp/2', 'x')
    await new Promise((res) => setTimeout(res, 50))
    expect(dials).toBe(0)
    r.disconnected('x')
    await until(() => dials === 1, 'one redial', 2_000, 5)
    r.stop()
  })
})

describe('gossip', () => {
  it('names one topic per festival and reads it back', () => {
    expect(festivalTopic('abc' as FestivalId)).toBe('yurt/festival/abc/1')
    expect(topicFestival('yurt/festival/abc/1')).toBe('abc')
    expect(topicFestival('yurt/festival/ABC/1')).toBeNull()
    expect(topicFestival('other')).toBeNull()
  })

  it('accepts applied, ignores duplicates and gaps, rejects garbage, forgeries and operations of another festival', async () => {
    const fest = testFestival()
    const other = testFestival('Other')
    const src = new FakeHost('src')
    const dst = new FakeHost('dst')
    src.create(fest)
    src.create(other)
    dst.create(fest)
    const alice = signer('alice')
    const [op1, op2, op3] = src.write(fest.id, alice, 3)
    const topic = festivalTopic(fest.id)
    expect((await checkGossip(dst, topic, encodeOperation(op1!))).verdict).toBe('accept')
    expect((await checkGossip(dst, topic, encodeOperation(op1!))).verdict).toBe('ignore')
    expect(await checkGossip(dst, topic, encodeOperation(op3!))).toMatchObject({ verdict: 'ignore', needsSync: true })
    expect(await checkGossip(dst, topic, Uint8Array.of(1, 2, 3))).toMatchObject({ verdict: 'reject', strike: { kind: 'malformed' } })
    const forged = { ...op2!, update: Uint8Array.of(9) }
    expect(await checkGossip(dst, topic, encodeOperation(forged))).toMatchObject({ verdict: 'reject', strike: { kind: 'forgery', reason: 'bad-signature' } })
    const elsewhere = src.write(other.id, alice, 1)[0]!
    expect(await checkGossip(dst, topic, encodeOperation(elsewhere))).toMatchObject({ verdict: 'reject', strike: { kind: 'violation' } })
    expect(await checkGossip(dst, festivalTopic(other.id), encodeOperation(elsewhere))).toMatchObject({ verdict: 'ignore' }) // not held: no forgery
    expect((await checkGossip(dst, topic, encodeOperation(op2!))).verdict).toBe('accept')
    expect(dst.size(fest.id)).toBe(3) // op3 was pending and applied after op2
  })

  it('counts as forgeries only what an honest sender would have caught', () => {
    expect(isForgery({ status: 'rejected', reason: 'bad-signature' })).toBe(true)
    expect(isForgery({ status: 'rejected', reason: 'outside-namespace' })).toBe(true)
    expect(isForgery({ status: 'rejected', reason: 'fork' })).toBe(false)
    expect(isForgery({ status: 'rejected', reason: 'unknown-festival' })).toBe(false)
    expect(isForgery({ status: 'applied' })).toBe(false)
  })
})

describe('peer rate limiter', () => {
  it('allows a burst of perSecond, then refills over time', async () => {
    const { PeerRateLimiter } = await import('../../p2p/guard.ts')
    let now = 0
    const r = new PeerRateLimiter(10, () => now)
    let allowed = 0
    for (let i = 0; i < 25; i++) if (r.allow('p')) allowed++
    expect(allowed).toBe(10)
    expect(r.allow('q')).toBe(true) // per peer
    now += 500
    allowed = 0
    for (let i = 0; i < 25; i++) if (r.allow('p')) allowed++
    expect(allowed).toBe(5)
  })
})
