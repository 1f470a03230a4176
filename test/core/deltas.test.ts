/**
 * The log of a kept list's changes (`core/deltas.ts`): from any list it made to a later one it
 * answers the changes in between, oldest first, while it keeps them; never across a list made whole,
 * lists of another log, or backwards.
 */
import { describe, expect, it } from 'vitest'
import { changesBetween, DeltaLog, KEPT_CHANGES } from '../../core/deltas.ts'

describe('a delta log', () => {
  it('answers the changes between two of its lists, and null where it cannot', () => {
    const log = new DeltaLog<{ n: number }>()
    const a = { n: 1 }
    const b = { n: 2 }
    const c = { n: 3 }
    const l0 = [a]
    log.whole(l0)
    const l1 = [a, b]
    log.next(l1, { removed: [], added: [b] })
    const l2 = [b, c]
    log.next(l2, { removed: [a], added: [c] })
    expect(changesBetween(l0, l2)).toEqual([{ removed: [], added: [b] }, { removed: [a], added: [c] }])
    expect(changesBetween(l1, l2)).toEqual([{ removed: [a], added: [c] }])
    expect(changesBetween(l2, l2)).toEqual([])
    expect(changesBetween(l2, l0)).toBeNull()
    // Another log's list, a list nobody logged.
    const other = new DeltaLog<{ n: number }>()
    const m0 = [c]
    other.whole(m0)
    expect(changesBetween(m0, l2)).toBeNull()
    expect(changesBetween([a], l2)).toBeNull()
    // Made whole: nothing leads from before it.
    const l3 = [c]
    log.whole(l3)
    expect(changesBetween(l2, l3)).toBeNull()
    const l4 = [c, a]
    log.next(l4, { removed: [], added: [a] })
    expect(changesBetween(l3, l4)).toEqual([{ removed: [], added: [a] }])
  })

  it(`keeps the last ${KEPT_CHANGES} changes only`, () => {
    const log = new DeltaLog<{ n: number }>()
    const lists: { n: number }[][] = [[]]
    log.whole(lists[0]!)
    for (let i = 1; i <= KEPT_CHANGES + 3; i++) {
      const item = { n: i }
      lists.push([...lists[i - 1]!, item])
      log.next(lists[i]!, { removed: [], added: [item] })
    }
    const last = lists.at(-1)!
    expect(changesBetween(lists[3]!, last)).toHaveLength(KEPT_CHANGES)
    expect(changesBetween(lists[2]!, last)).toBeNull()
    expect(changesBetween(lists[3]!, last)![0]!.added[0]!.n).toBe(4)
  })
})
