#!/usr/bin/env -S node --max-semi-space-size=8
/**
 * The `yurt` executable: turns on Node's on-disk compile cache (module.enableCompileCache, Node ≥ 22.1)
 * before anything else is loaded, then runs the command line in `cli.ts`. With the cache warm,
 * start-up skips recompiling yurt's and its dependencies' modules.
 */
import module from 'node:module'

module.enableCompileCache?.()
await import('./cli.ts')
