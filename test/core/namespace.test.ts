import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { Festival, newGenesis } from '../../core/festival.ts'
import { checkDecoded, checkNamespace, isViolation, joinRegular } from '../../core/namespace.ts'
import { namespaceName } from '../../core/doc.ts'
import { newEntityId } from '../../core/ids.ts'
import type { AuthorKey, EventData } from '../../core/types.ts'

const alice = { key: 'a1'.repeat(32) as AuthorKey, clientId: 1111 }
const mallory = { key: 'b2'.repeat(32) as AuthorKey, clientId: 2222 }

function event(title: string): EventData {
  return {
    title,
    kind: 'talk',
    start: Date.UTC(2020, 0, 8, 18),
    end: Date.UTC(2020, 0, 8, 19),
    venue: null,
    resources: [],
    organizers: [],
    tags: [],
    state: 'scheduled',
    bookedAt: 1,
  }
}

function festival() {
  return new Festival(newGenesis({ name: 'Test', timezone: 'Europe/Paris', now: Date.UTC(2020, 0, 1) }))
}

/** An update made on a copy of `f`'s document by raw Yjs, as a forger would. */
function forge(f: Festival, clientId: number, fn: (doc: Y.Doc) => void): Uint8Array {
  const copy = new Y.Doc()
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(f.doc))
  copy.clientID = clientId
  const before = Y.encodeStateVector(copy)
  fn(copy)
  return Y.encodeStateAsUpdate(copy, before)
}

describe('the namespace rule', () => {
  it("accepts an author's own change and the view shows it", () => {
    const f = festival()
    const id = newEntityId(alice.key)
    const update = f.change(alice, (w) => w.setEvent(id, event('History of P2P')))
    expect(update).not.toBeNull()
    expect(isViolation(checkNamespace(update!, alice.key, alice.clientId))).toBe(false)
    expect(f.view().events.map((e) => e.title)).toEqual(['History of P2P'])
  })

  it("refuses an update that overwrites another author's event under the other's client id", () => {
    const f = festival()
    const id = newEntityId(alice.key)
    f.change(alice, (w) => w.setEvent(id, event('History of P2P')))
    // Mallory writes into Alice's map with Alice's client id, signing as Mallory.
    const forged = forge(f, alice.clientId, (doc) => doc.getMap(namespaceName(alice.key)).set(`e:${id}`, event('pwned')))
    expect(checkNamespace(forged, mallory.key, mallory.clientId)).toEqual({ violation: 'foreign-client-id' })
  })

  it("refuses an item created in another author's namespace with the author's own client id", () => {
    const f = festival()
    const id = newEntityId(alice.key)
    f.change(alice, (w) => w.setEvent(id, event('History of P2P')))
    const forged = forge(f, mallory.clientId, (doc) => doc.getMap(namespaceName(alice.key)).set(`e:${id}`, event('pwned')))
    // The overwrite anchors Mallory's item on Alice's item (its origin): it sits in Alice's map.
    expect(checkNamespace(forged, mallory.key, mallory.clientId)).toEqual({ violation: 'outside-namespace' })
    // A new key names Alice's map as its parent outright.
    const forged2 = forge(f, mallory.clientId, (doc) => doc.getMap(namespaceName(alice.key)).set('e:new', event('x')))
    expect(checkNamespace(forged2, mallory.key, mallory.clientId)).toEqual({ violation: 'outside-namespace' })
  })

  it("refuses a deletion of another author's item", () => {
    const f = festival()
    const id = newEntityId(alice.key)
    f.change(alice, (w) => w.setEvent(id, event('History of P2P')))
    const forged = forge(f, mallory.clientId, (doc) => doc.getMap(namespaceName(alice.key)).delete(`e:${id}`))
    expect(checkNamespace(forged, mallory.key, mallory.clientId)).toEqual({ violation: 'foreign-deletion' })
  })

  it('refuses nested shared types and other root types', () => {
    const f = festival()
    const nested = forge(f, mallory.clientId, (doc) => doc.getMap(namespaceName(mallory.key)).set('x', new Y.Map()))
    expect(checkNamespace(nested, mallory.key, mallory.clientId)).toEqual({ violation: 'forbidden-content' })
    const otherRoot = forge(f, mallory.clientId, (doc) => doc.getMap('festival').set('name', 'Hijacked'))
    expect(checkNamespace(otherRoot, mallory.key, mallory.clientId)).toEqual({ violation: 'outside-namespace' })
    const text = forge(f, mallory.clientId, (doc) => doc.getArray(namespaceName(mallory.key)).push(['x']))
    expect(checkNamespace(text, mallory.key, mallory.clientId)).toEqual({ violation: 'forbidden-content' })
  })

  it('refuses bytes that are not a Yjs update', () => {
    expect(checkNamespace(new Uint8Array([1, 2, 3, 250, 250]), alice.key, alice.clientId)).toEqual({
      violation: 'malformed-update',
    })
  })

  it("ignores entities whose id does not carry their author's key prefix (no shadowing)", () => {
    const f = festival()
    const aliceId = newEntityId(alice.key)
    f.change(alice, (w) => w.setEvent(aliceId, event('Real')))
    // Mallory writes, in Mallory's own namespace, an event under Alice's id.
    f.change(mallory, (w) => w.setEvent(aliceId, event('Shadow')))
    expect(f.view().events.map((e) => [e.title, e.author])).toEqual([['Real', alice.key]])
  })
})

describe('the shape of an update', () => {
  it('says where an update starts and ends, and whether its clocks follow from it alone', () => {
    const f = festival()
    const ids = [0, 1, 2].map(() => newEntityId(alice.key))
    const updates = ids.map((id, i) => f.change(alice, (w) => w.setEvent(id, event(`Talk ${i}`)))!)
    const shapes = updates.map((u) => checkNamespace(u, alice.key, alice.clientId))
    const first = shapes[0]!
    if (isViolation(first)) throw new Error(first.violation)
    expect(first).toMatchObject({ firstClock: 0, regular: true, deletedEnd: null })
    // Each starts where the one before ended.
    for (let i = 1; i < shapes.length; i++) {
      expect(shapes[i]).toMatchObject({ firstClock: (shapes[i - 1] as { endClock: number }).endClock, regular: true })
    }
    // A rename deletes the item it replaces, which lies before it.
    const rename = checkNamespace(f.change(alice, (w) => w.setEvent(ids[0]!, event('Talk 0, renamed')))!, alice.key, alice.clientId)
    expect(rename).toMatchObject({ regular: true, firstClock: (shapes[2] as { endClock: number }).endClock })
    expect((rename as { deletedEnd: number }).deletedEnd).toBeLessThanOrEqual((rename as { firstClock: number }).firstClock)
    // Updates 1 and 3 merged, 2 missing in between: a hole, so not regular (applied alone by the repo).
    const holed = checkNamespace(Y.mergeUpdates([updates[0]!, updates[2]!]), alice.key, alice.clientId)
    expect(holed).toMatchObject({ firstClock: 0, endClock: (shapes[2] as { endClock: number }).endClock, regular: false })
  })
})

describe('the fast scan of an update', () => {
  /** Updates of every kind the rule sees: honest changes, renames, deletions, merged runs, forgeries. */
  function corpus(): Array<{ update: Uint8Array; author: typeof alice }> {
    const f = festival()
    const out: Array<{ update: Uint8Array; author: typeof alice }> = []
    const ids = [0, 1, 2, 3].map(() => newEntityId(alice.key))
    ids.forEach((id, i) => out.push({ update: f.change(alice, (w) => w.setEvent(id, { ...event(`Talk ${i} — café ☕`), description: 'x'.repeat(i * 40) }))!, author: alice }))
    out.push({ update: f.change(alice, (w) => w.setEvent(ids[0]!, event('Talk 0, renamed')))!, author: alice })
    out.push({ update: f.change(alice, (w) => w.deleteEvent(ids[1]!))!, author: alice })
    out.push({ update: Y.mergeUpdates([out[0]!.update, out[2]!.update]), author: alice })
    const m = newEntityId(mallory.key)
    out.push({ update: f.change(mallory, (w) => w.setEvent(m, event('Mallory')))!, author: mallory })
    const forgeries = [
      forge(f, alice.clientId, (doc) => doc.getMap(namespaceName(alice.key)).set(`e:${ids[0]}`, event('pwned'))),
      forge(f, mallory.clientId, (doc) => doc.getMap(namespaceName(alice.key)).set(`e:${ids[0]}`, event('pwned'))),
      forge(f, mallory.clientId, (doc) => doc.getMap(namespaceName(alice.key)).set('e:new', event('x'))),
      forge(f, mallory.clientId, (doc) => doc.getMap(namespaceName(alice.key)).delete(`e:${ids[2]}`)),
      forge(f, mallory.clientId, (doc) => doc.getMap(namespaceName(mallory.key)).set('x', new Y.Map())),
      forge(f, mallory.clientId, (doc) => doc.getMap('festival').set('name', 'Hijacked')),
      forge(f, mallory.clientId, (doc) => doc.getArray(namespaceName(mallory.key)).push(['x'])),
      forge(f, mallory.clientId, (doc) => doc.getText(namespaceName(mallory.key)).insert(0, 'x')),
      forge(f, mallory.clientId, (doc) => doc.getMap(namespaceName(mallory.key)).set('b', new Uint8Array([1, 2]))),
      forge(f, mallory.clientId, (doc) => doc.getMap(namespaceName(mallory.key)).set('n', { a: [1, 2.5, -3, null, true, false, 2 ** 40, 'é'] })),
    ]
    for (const update of forgeries) out.push({ update, author: mallory })
    return out
  }

  it('gives the same answer as decoding the update, on honest, forged, damaged and truncated updates', () => {
    let compared = 0
    const same = (update: Uint8Array, author: typeof alice) => {
      expect(checkNamespace(update, author.key, author.clientId)).toEqual(checkDecoded(update, author.key, author.clientId))
      compared++
    }
    for (const { update, author } of corpus()) {
      same(update, author)
      same(update, author === alice ? mallory : alice) // signed by the wrong author
      for (let n = 0; n < update.length; n++) same(update.subarray(0, n), author)
      for (let i = 0; i < update.length; i++) {
        for (const value of [0, 1, 0x7f, 0x80, 0xff, update[i]! ^ 1, update[i]! ^ 0x40]) {
          const damaged = update.slice()
          damaged[i] = value
          same(damaged, author)
        }
      }
      // Not UTF-8 inside a string: lib0 refuses it, so the scan must too.
      const text = new TextEncoder().encode('Talk')
      for (let i = 0; i + text.length <= update.length; i++) {
        if (text.every((b, k) => update[i + k] === b)) {
          const damaged = update.slice()
          damaged[i + 1] = 0xc3
          same(damaged, author)
        }
      }
    }
    expect(compared).toBeGreaterThan(10_000)
  })
})

describe('joining a run of updates', () => {
  /** A document's content and clocks, to compare two documents. */
  function state(doc: Y.Doc) {
    const map = doc.getMap(namespaceName(alice.key))
    const entries = [...map.keys()].sort().map((k) => [k, map.get(k)])
    return { entries, sv: [...Y.decodeStateVector(Y.encodeStateVector(doc))], ds: [...Y.createDeleteSetFromStructStore(doc.store).clients] }
  }

  it("applies an author's run as one update with the same effect as one by one", () => {
    const f = festival()
    const ids = [0, 1, 2, 3, 4].map(() => newEntityId(alice.key))
    const updates = ids.map((id, i) => f.change(alice, (w) => w.setEvent(id, event(`Talk ${i}`)))!)
    updates.push(f.change(alice, (w) => w.setEvent(ids[0]!, event('Talk 0, renamed')))!)
    updates.push(f.change(alice, (w) => w.deleteEvent(ids[1]!))!)
    updates.push(f.change(alice, (w) => w.setEvent(ids[2]!, event('Talk 2, renamed')))!)
    for (const u of updates) expect(isViolation(checkNamespace(u, alice.key, alice.clientId))).toBe(false)
    const joined = joinRegular(updates)
    expect(joined).toHaveLength(1)
    const one = new Y.Doc()
    for (const u of updates) Y.applyUpdate(one, u)
    const all = new Y.Doc()
    for (const u of joined) Y.applyUpdate(all, u)
    expect(all.store.pendingStructs).toBeNull()
    expect(all.store.pendingDs).toBeNull()
    expect(state(all)).toEqual(state(one))
    expect(state(all)).toEqual(state(f.doc))
    expect(state(all).entries).toHaveLength(4)
    // And the document goes on the same way afterwards.
    const next = f.change(alice, (w) => w.setEvent(ids[3]!, event('Talk 3, renamed')))!
    Y.applyUpdate(one, next)
    Y.applyUpdate(all, next)
    expect(state(all)).toEqual(state(one))
  })

  it('leaves alone what does not follow on: a clock gap, another client, an update not checked, an irregular one', () => {
    const f = festival()
    const a = [0, 1, 2, 3].map((i) => f.change(alice, (w) => w.setEvent(newEntityId(alice.key), event(`A${i}`)))!)
    const m = f.change(mallory, (w) => w.setEvent(newEntityId(mallory.key), event('M')))!
    const holed = Y.mergeUpdates([a[0]!, a[2]!])
    for (const u of [...a, holed]) checkNamespace(u, alice.key, alice.clientId)
    checkNamespace(m, mallory.key, mallory.clientId)
    // a1 is missing between a0 and a2: two runs, not one.
    expect(joinRegular([a[0]!, a[2]!, a[3]!])).toHaveLength(2)
    expect(joinRegular([a[0]!, a[1]!, m])).toHaveLength(2)
    const unchecked = a[3]!.slice()
    expect(joinRegular([a[0]!, a[1]!, a[2]!, unchecked])).toHaveLength(2)
    expect(joinRegular([holed, a[3]!])).toEqual([holed, a[3]!])
  })
})
