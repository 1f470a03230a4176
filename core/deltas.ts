/**
 * How kept lists change, version by version, without holding the old lists.
 *
 * @remarks A {@link LiveView} hands out a new `events` array per change: the last one's, with the
 * objects a change replaced taken out and the new ones put in. What is derived from a view (the
 * parser's known titles, the name index, the series pools, the longest event) can follow those
 * changes instead of passing over thousands of events again — if it can learn them. A
 * {@link DeltaLog} numbers the lists its maker makes and keeps the changes of the last few
 * ({@link KEPT_CHANGES}); {@link changesBetween} answers with the changes from a list a consumer saw
 * last to the one it has now. No change refers to the list before it, so a list nobody holds can go:
 * holding a chain of every list since the last rebuild made them all survive into the old generation.
 */

/** What a list took out of the list before it and put in (objects, compared by identity). */
export interface ListChange<T> {
  removed: readonly T[]
  added: readonly T[]
}

/** How many changes a {@link DeltaLog} keeps: consumers further behind start again from the list whole. */
export const KEPT_CHANGES = 16

const logOf = new WeakMap<readonly object[], DeltaLog<object>>()

/** The numbered lists of one maker (one festival's kept view) and the changes of the last {@link KEPT_CHANGES}. */
export class DeltaLog<T extends object> {
  #seq = 0
  readonly #versions = new WeakMap<readonly T[], number>()
  /** The changes that made versions `#first` … `#seq`, oldest first. */
  #changes: ListChange<T>[] = []
  #first = 1

  /** `list` is made whole: no change leads to it. */
  whole(list: readonly T[]): void {
    this.#register(list)
    this.#changes = []
    this.#first = this.#seq + 1
  }

  /** `list` is the last registered list with `change` made. */
  next(list: readonly T[], change: ListChange<T>): void {
    this.#register(list)
    this.#changes.push(change)
    if (this.#changes.length > KEPT_CHANGES) {
      this.#changes.shift()
      this.#first++
    }
  }

  /** The changes from `from` to `to`, oldest first (none: the same list); `null` when they are not kept. */
  between(from: readonly T[], to: readonly T[]): readonly ListChange<T>[] | null {
    const a = this.#versions.get(from)
    const b = this.#versions.get(to)
    if (a === undefined || b === undefined || a > b) return null
    if (a === b) return []
    // Version v was made by change v; the changes kept make versions #first … #seq.
    if (a + 1 < this.#first) return null
    return this.#changes.slice(a + 1 - this.#first, b + 1 - this.#first)
  }

  #register(list: readonly T[]): void {
    this.#versions.set(list, ++this.#seq)
    logOf.set(list, this as unknown as DeltaLog<object>)
  }
}

/**
 * The changes that lead from list `from` to list `to` (oldest first), when one {@link DeltaLog} made
 * both and still keeps them; else `null` (made by different makers, whole in between, or too far).
 */
export function changesBetween<T extends object>(from: readonly T[], to: readonly T[]): readonly ListChange<T>[] | null {
  if (from === to) return []
  const log = logOf.get(to)
  if (!log || logOf.get(from) !== log) return null
  return (log as unknown as DeltaLog<T>).between(from, to)
}
