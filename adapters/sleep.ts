/**
 * A wait that can be cut short: the adapters' reconnect loops sleep between attempts (backoff), and
 * `stop()` wakes them so that stopping never waits out a backoff of up to 30 s.
 *
 * @param ms how long to sleep, ms.
 * @returns `slept`, which resolves after `ms` or at `wake()`, whichever comes first.
 */
export function wakeableSleep(ms: number): { slept: Promise<void>; wake: () => void } {
  let wake: () => void = () => undefined
  const slept = new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms)
    wake = () => {
      clearTimeout(timer)
      resolve()
    }
  })
  return { slept, wake }
}
