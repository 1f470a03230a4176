import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Says once when the Matrix tests skip for want of a homeserver.
    globalSetup: ['test/helpers/homeserver-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores on CI: keep worker count small so timing-sensitive network tests stay stable.
    maxWorkers: 2,
  },
})
