import { describe, expect, it } from 'vitest'
import { compareHlc, HLC_MAX_DRIFT_MS, HybridClock } from '../../core/hlc.ts'

const NOW = 1_780_000_000_000

describe('HybridClock', () => {
  it('follows the wall clock and counts within one millisecond', () => {
    let now = NOW
    const clock = new HybridClock(() => now)
    expect(clock.tick()).toEqual({ wall: NOW, counter: 0 })
    expect(clock.tick()).toEqual({ wall: NOW, counter: 1 })
    now += 5
    expect(clock.tick()).toEqual({ wall: NOW + 5, counter: 0 })
  })

  it('never goes backwards when the wall clock does', () => {
    let now = NOW
    const clock = new HybridClock(() => now)
    const a = clock.tick()
    now -= 10_000
    const b = clock.tick()
    expect(compareHlc(b, a)).toBeGreaterThan(0)
  })

  it('resumes after a restart from the last timestamp', () => {
    const clock = new HybridClock(() => NOW - 1, { wall: NOW, counter: 4 })
    expect(clock.tick()).toEqual({ wall: NOW, counter: 5 })
  })

  it('ticks after an observed remote timestamp', () => {
    const clock = new HybridClock(() => NOW)
    clock.observe({ wall: NOW + 1000, counter: 7 })
    expect(clock.tick()).toEqual({ wall: NOW + 1000, counter: 8 })
    clock.observe({ wall: NOW - 5, counter: 99 }) // older: no effect
    expect(clock.tick()).toEqual({ wall: NOW + 1000, counter: 9 })
  })

  it('clamps a remote clock far in the future instead of following it', () => {
    const clock = new HybridClock(() => NOW)
    clock.observe({ wall: NOW + 24 * 3600_000, counter: 3 })
    expect(clock.tick()).toEqual({ wall: NOW + HLC_MAX_DRIFT_MS, counter: 1 })
  })

  it('ignores malformed remote timestamps', () => {
    const clock = new HybridClock(() => NOW)
    clock.observe({ wall: Number.NaN, counter: 0 })
    clock.observe({ wall: NOW + 10, counter: -1 })
    expect(clock.tick()).toEqual({ wall: NOW, counter: 0 })
  })
})

describe('compareHlc', () => {
  it('orders by wall, then counter', () => {
    expect(compareHlc({ wall: 1, counter: 9 }, { wall: 2, counter: 0 })).toBeLessThan(0)
    expect(compareHlc({ wall: 2, counter: 1 }, { wall: 2, counter: 0 })).toBeGreaterThan(0)
    expect(compareHlc({ wall: 2, counter: 1 }, { wall: 2, counter: 1 })).toBe(0)
  })
})
