/**
 * A `Map` that forgets its oldest entries beyond `limit` (insertion order; setting a key again
 * makes it the newest). The adapters keep what they handled and sent in these, so their state
 * files stay bounded however long a bot runs; the bot keeps per-person conversation state in them.
 */
export class BoundedMap<K, V> extends Map<K, V> {
  /** Most entries kept. */
  readonly limit: number
  constructor(limit: number, entries?: Iterable<[K, V]>) {
    super()
    this.limit = limit
    if (entries) for (const [k, v] of entries) this.set(k, v)
  }
  override set(key: K, value: V): this {
    if (this.has(key)) this.delete(key)
    super.set(key, value)
    while (this.size > this.limit) {
      const oldest = this.keys().next()
      if (oldest.done) break
      this.delete(oldest.value)
    }
    return this
  }
}
