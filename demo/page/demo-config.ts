/** What the demo server tells its pages (`/demo/config.json`). */
export interface DemoConfig {
  /** Announce URL to use by default; null: the demo's own tracker at `/announce` on the page's host. */
  readonly tracker: string | null;
  /** Packagings the origin serves as `/vod/<variant>/master.m3u8` and `/live/<variant>/master.m3u8`. */
  readonly variants: readonly string[];
  /** URL paths of the example pages. */
  readonly examples: readonly string[];
}
