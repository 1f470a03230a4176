/**
 * A sentence as two aligned strings: the text as typed, and a folded copy that rules match on.
 *
 * @remarks
 * Rules are written in lowercase without accents (`deplace`, `buhne`, `evenements`) and run on the
 * folded copy; names are cut from the original at the same indices, so they keep the person's
 * spelling. Folding maps every UTF-16 code unit to exactly one code unit, which is what keeps the
 * two strings aligned (a character whose lowercase or base letter would change the length is kept).
 */

/** The typed text (`o`) and its folded copy (`f`), always of the same length. */
export interface Txt {
  readonly o: string
  readonly f: string
}

const COMBINING = /^[\u0300-\u036f]+$/

/** Lowercases and strips accents, one code unit for one code unit. */
export function fold(s: string): string {
  let out = ''
  for (let i = 0; i < s.length; i++) {
    const ch = s[i] as string
    const code = ch.charCodeAt(0)
    if (code < 0x80) {
      out += ch.toLowerCase()
      continue
    }
    if (code >= 0xd800 && code <= 0xdfff) {
      out += ch
      continue
    }
    let c = ch.toLowerCase()
    if (c.length !== 1) c = ch
    const nfd = c.normalize('NFD')
    if (nfd.length > 1 && COMBINING.test(nfd.slice(1))) c = nfd[0] as string
    out += c
  }
  return out
}

/** A {@link Txt} of a string. */
export function txt(o: string): Txt {
  return { o, f: fold(o) }
}

/** The part from `a` to `b`. */
export function sub(t: Txt, a: number, b: number = t.o.length): Txt {
  return { o: t.o.slice(a, b), f: t.f.slice(a, b) }
}

/** The text with `a`..`b` replaced by spaces (indices elsewhere stay valid). */
export function blank(t: Txt, a: number, b: number): Txt {
  const pad = ' '.repeat(b - a)
  return { o: t.o.slice(0, a) + pad + t.o.slice(b), f: t.f.slice(0, a) + pad + t.f.slice(b) }
}

/** Whether a UTF-16 code unit is whitespace as `\s` means it (WhiteSpace and LineTerminator). */
function isSpace(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13)
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
}

/** Whitespace collapsed to single spaces and trimmed, in both strings alike. */
export function squash(t: Txt): Txt {
  let o = ''
  let f = ''
  let space = true
  for (let i = 0; i < t.o.length; i++) {
    const ws = isSpace(t.f.charCodeAt(i))
    if (ws) {
      if (space) continue
      space = true
      o += ' '
      f += ' '
    } else {
      space = false
      o += t.o[i]
      f += t.f[i]
    }
  }
  if (o.endsWith(' ')) {
    o = o.slice(0, -1)
    f = f.slice(0, -1)
  }
  return { o, f }
}

/** A named group of a match made with the `d` flag on `t.f`, cut from `t`; undefined when it did not take part. */
export function group(t: Txt, m: RegExpExecArray, name: string): Txt | undefined {
  const span = m.indices?.groups?.[name]
  if (!span) return undefined
  return sub(t, span[0], span[1])
}

/**
 * The matches `s.matchAll(re)` yields for a global `re`, at once and without the copy of `re` that
 * `matchAll` makes on every call: `exec` from 0, past an empty match by one code point (unicode
 * flags) or unit, and `re.lastIndex` left at 0 as `matchAll` leaves it.
 */
export function allMatches(re: RegExp, s: string): RegExpExecArray[] {
  const out: RegExpExecArray[] = []
  re.lastIndex = 0
  for (let m = re.exec(s); m; m = re.exec(s)) {
    out.push(m)
    if (m[0] === '') {
      const i = re.lastIndex
      const wide = (re.unicode || re.unicodeSets) && i + 1 < s.length && s.charCodeAt(i) >= 0xd800 && s.charCodeAt(i) <= 0xdbff && s.charCodeAt(i + 1) >= 0xdc00 && s.charCodeAt(i + 1) <= 0xdfff
      re.lastIndex = i + (wide ? 2 : 1)
    }
  }
  re.lastIndex = 0
  return out
}

/** Matches `re` (which should carry the `d` flag) on the folded text. */
export function match(t: Txt, re: RegExp): RegExpExecArray | null {
  re.lastIndex = 0
  return re.exec(t.f)
}

/** The text with a regex's first match on the folded copy removed (blanked, then squashed). */
export function without(t: Txt, re: RegExp): Txt {
  const m = match(t, re)
  if (!m) return t
  return squash(blank(t, m.index, m.index + m[0].length))
}

/** Builds a case-folded whole-word regex source for a list of alternatives (longest first). */
export function alt(words: readonly string[]): string {
  return [...words].sort((a, b) => b.length - a.length).map(escape).join('|')
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+')
}

/** Left and right word boundaries that understand letters beyond ASCII. */
export const L = '(?<![\\p{L}\\p{N}_])'
export const R = '(?![\\p{L}\\p{N}_])'

/** The regexes {@link rx} made, per call site (its template), then per interpolated value in turn. */
const made = new WeakMap<TemplateStringsArray, Map<unknown, unknown>>()
/** One tag per set of flags. */
const tags = new Map<string, (strings: TemplateStringsArray, ...values: unknown[]) => RegExp>()

/**
 * A regex written as a raw template (as `String.raw`), made once per call site and interpolated
 * values: `rx('du')`^(?:${v.articles})\s+`` instead of `new RegExp(String.raw`…`, 'du')`, which
 * costs ~3 µs for a vocabulary's alternations on every call (and the parser builds about fifteen per
 * sentence). The values are the same strings sentence after sentence (a vocabulary's), so the lookup
 * is a few map gets.
 *
 * @remarks A regex with the `g` or `y` flag is shared by every caller of its site: it comes back with
 * `lastIndex` 0, for use through {@link allMatches}, {@link match} or one `exec`/`test` — never for an
 * `exec` loop that calls back into the parser.
 */
export function rx(flags = ''): (strings: TemplateStringsArray, ...values: unknown[]) => RegExp {
  let tag = tags.get(flags)
  if (!tag) {
    tag = (strings, ...values) => {
      let level = made.get(strings)
      if (!level) made.set(strings, (level = new Map()))
      for (let i = 0; i < values.length - 1; i++) {
        let next = level.get(values[i]) as Map<unknown, unknown> | undefined
        if (!next) {
          if (level.size >= 256) level.clear()
          level.set(values[i], (next = new Map()))
        }
        level = next
      }
      const last = values.length > 0 ? values[values.length - 1] : undefined
      let re = level.get(last) as RegExp | undefined
      if (!re) {
        // A cache of a site whose values keep changing would grow without end: start it again.
        if (level.size >= 256) level.clear()
        level.set(last, (re = new RegExp(String.raw(strings, ...values), flags)))
      }
      re.lastIndex = 0
      return re
    }
    tags.set(flags, tag)
  }
  return tag
}
