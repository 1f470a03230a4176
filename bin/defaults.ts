/**
 * Defaults the command line prints in its help, in a module of their own: `yurt --help` and the
 * start of `yurt start` need them without loading the page server (`bin/web.ts`) and its exporters.
 */

/** Where the page is served when `--http` and `$YURT_HTTP` say nothing: every interface, port 8088. */
export const DEFAULT_HTTP = '0.0.0.0:8088'
