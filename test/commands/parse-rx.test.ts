/**
 * The parser's regexes made from a vocabulary (`rx` in `commands/parse/text.ts`): one regex per call
 * site and values, reused sentence after sentence, reading exactly what `new RegExp` of the same
 * source reads, and handed out with `lastIndex` 0 even when its last user left it elsewhere.
 */
import { describe, expect, it } from 'vitest'
import { allMatches, rx } from '../../commands/parse/text.ts'

const site = (words: string) => rx('gu')`(?<![\p{L}])(?:${words})(?![\p{L}])`

describe('rx', () => {
  it('makes one regex per site and values, and another for other values', () => {
    expect(site('at|in')).toBe(site('at|in'))
    expect(site('at|in')).not.toBe(site('um|im'))
    expect(site('at|in').source).toBe(new RegExp(String.raw`(?<![\p{L}])(?:at|in)(?![\p{L}])`, 'gu').source)
    expect(allMatches(site('at|in'), 'talk in the barn at noon').map((m) => m[0])).toEqual(['in', 'at'])
  })

  it('hands a global regex out from the start', () => {
    const re = site('at|in')
    re.exec('in the barn at noon')
    expect(re.lastIndex).toBeGreaterThan(0)
    expect(site('at|in').lastIndex).toBe(0)
  })
})
