/**
 * vitest global setup: says once, in one line, that the Matrix tests are skipped and how to enable
 * them, when no homeserver is configured (see `synapse.ts`, {@link homeserverSource}).
 */
import { homeserverSource, SKIP_LINE } from './synapse.ts'

export default function setup(): void {
  if (homeserverSource().kind === 'none') console.log(SKIP_LINE)
}
