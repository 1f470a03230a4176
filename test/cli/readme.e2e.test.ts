/**
 * The README's first steps, typed as they stand, print what the README shows: `yurt import` of the
 * shipped Paris P2P programme, then "what's on tonight?" in the terminal room. Read from README.md
 * itself, so that the README cannot drift from what the commands print.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROOT, tempDir, yurt } from '../helpers/cli.ts'

const README = readFileSync(join(ROOT, 'README.md'), 'utf8')
const section = README.slice(README.indexOf('## First steps'), README.indexOf('## What the bot understands'))
/** The fenced blocks of the first-steps section, in order. */
const blocks = [...section.matchAll(/```[a-z]*\n([\s\S]*?)```/g)].map((m) => m[1]!.replace(/\n$/, '').split('\n'))

describe("the README's first steps", () => {
  let data: string
  let cleanup: () => Promise<void>
  beforeAll(async () => {
    ;({ dir: data, cleanup } = await tempDir())
  })
  afterAll(() => cleanup())

  it('import the shipped programme as shown', async () => {
    const command = blocks[0]!.find((l) => l.startsWith('npm run yurt -- import '))!
    const args = command.replace('npm run yurt -- ', '').split(' ')
    const r = await yurt([...args, '--data', data])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout.trimEnd().split('\n')).toEqual(blocks[1])
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(20)
  })

  it('ask what is on, and get the answer shown', async () => {
    const transcript = blocks.find((b) => b[0]!.startsWith('$ npm run yurt -- chat'))!
    const args = transcript[0]!.replace('$ npm run yurt -- ', '').split(' ')
    const said = transcript.slice(1).filter((l) => l.startsWith('alice> ') && l !== 'alice> quit').map((l) => l.slice('alice> '.length))
    const shown = transcript.slice(1).filter((l) => !l.startsWith('alice> '))
    expect(said).toEqual(["what's on tonight?"])
    const r = await yurt([...args, '--data', data], said.join('\n') + '\n')
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout.trimEnd().split('\n')).toEqual(shown)
  })
})
