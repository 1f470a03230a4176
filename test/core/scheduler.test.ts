/** The one-timer scheduler and wall-clock slots across daylight-saving changes. */
import { describe, expect, it } from 'vitest'
import { ManualClock, MAX_SLEEP_MS, nextWallSlot, Scheduler } from '../../core/scheduler.ts'

const at = (iso: string) => Date.parse(iso)
const iso = (ms: number) => new Date(ms).toISOString().replace('.000', '')

describe('nextWallSlot', () => {
  it('gives the same 9:00 whichever instant of the day before it is asked from, across both changes in Europe/Paris', () => {
    for (const [from, expected] of [
      ['2027-03-27T07:00:00Z', '2027-03-27T08:00:00Z'],
      ['2027-03-27T08:00:00Z', '2027-03-28T07:00:00Z'],
      ['2027-03-28T00:59:59Z', '2027-03-28T07:00:00Z'],
      ['2027-03-28T01:00:00Z', '2027-03-28T07:00:00Z'],
      ['2027-10-31T00:30:00Z', '2027-10-31T08:00:00Z'],
      ['2027-10-31T01:30:00Z', '2027-10-31T08:00:00Z'],
    ]) expect(iso(nextWallSlot({ time: '09:00' }, 'Europe/Paris', at(from!))), from).toBe(expected)
  })

  it('moves a time in the spring gap forward by the gap and runs an autumn time that occurs twice once, wherever it is asked from', () => {
    for (const from of ['2027-03-27T12:00:00Z', '2027-03-28T00:00:00Z', '2027-03-28T01:00:00Z', '2027-03-28T01:29:59Z']) {
      expect(iso(nextWallSlot({ time: '02:30' }, 'Europe/Paris', at(from))), from).toBe('2027-03-28T01:30:00Z')
    }
    expect(iso(nextWallSlot({ time: '02:30' }, 'Europe/Paris', at('2027-10-30T12:00:00Z')))).toBe('2027-10-31T00:30:00Z')
    expect(iso(nextWallSlot({ time: '02:30' }, 'Europe/Paris', at('2027-10-31T00:30:00Z')))).toBe('2027-11-01T01:30:00Z')
  })

  it('finds the weekday: Mondays at 9:00 in America/New_York across its March change', () => {
    expect(iso(nextWallSlot({ time: '09:00', weekday: 1 }, 'America/New_York', at('2027-03-09T12:00:00Z')))).toBe('2027-03-15T13:00:00Z')
    expect(iso(nextWallSlot({ time: '09:00', weekday: 1 }, 'America/New_York', at('2027-03-01T13:59:59Z')))).toBe('2027-03-01T14:00:00Z')
  })
})

describe('Scheduler', () => {
  it('runs at the instant asked for, never sleeps longer than a minute, and does not overlap runs', async () => {
    const clock = new ManualClock(at('2027-05-01T00:00:00Z'))
    const runs: string[] = []
    let running = 0
    let overlapped = false
    const due = at('2027-05-01T00:05:00Z')
    const scheduler = new Scheduler({
      clock,
      run: async (now) => {
        if (running++ > 0) overlapped = true
        runs.push(iso(now))
        await new Promise((r) => setTimeout(r, 1))
        running--
        return now < due ? due : null
      },
    })
    scheduler.start()
    scheduler.wake()
    scheduler.wake()
    await scheduler.idle()
    await clock.advanceTo(at('2027-05-01T00:07:00Z'), () => scheduler.idle())
    await scheduler.stop()
    expect(overlapped).toBe(false)
    // start (+ one coalesced wake), then once a minute until 00:05, then once a minute with nothing due.
    expect(runs).toEqual([
      '2027-05-01T00:00:00Z', '2027-05-01T00:00:00Z',
      '2027-05-01T00:01:00Z', '2027-05-01T00:02:00Z', '2027-05-01T00:03:00Z', '2027-05-01T00:04:00Z', '2027-05-01T00:05:00Z',
      '2027-05-01T00:06:00Z', '2027-05-01T00:07:00Z',
    ])
    expect(MAX_SLEEP_MS).toBe(60_000)
    expect(clock.pending).toBe(0)
  })
})
