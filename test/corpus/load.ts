/**
 * The corpus files and the languages their sentences are written in.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { Lang } from '../../commands/intent.ts'
import { type Case, loadCorpus } from './format.ts'

const DIR = import.meta.dirname

/** Every case of every language file, in file order. */
export function allCases(): Case[] {
  return casesIn(DIR)
}

/**
 * The held-out cases (`fresh/*.txt`): written by someone who read only the README of the corpus,
 * never the parser nor the tuned files, to measure how the parser does on sentences nobody tuned it
 * on. The bench reports them apart; the test's thresholds do not apply to them.
 */
export function freshCases(round = 1): Case[] {
  return casesIn(join(DIR, round === 1 ? 'fresh' : `fresh${round}`))
}

function casesIn(dir: string): Case[] {
  const out: Case[] = []
  for (const lang of ['en', 'fr', 'de'] as Lang[]) {
    const path = join(dir, `${lang}.txt`)
    if (existsSync(path)) out.push(...loadCorpus(path, lang))
  }
  return out
}
