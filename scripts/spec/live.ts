import { BUNDLE_NAMES } from "../lib/bundles.js";
import { runCli } from "../lib/cli.js";
import { checkLiveDrift, formatLiveReport, liveOptionsFrom } from "../lib/live-drift.js";
import { loadBundle } from "../lib/load-bundle.js";
import { normalizeSpec } from "../lib/normalize.js";

/**
 * `npm run test:live` (opt-in): validates real replies of the Altegio API against the normalised
 * schemas. Needs ALTEGIO_PARTNER_TOKEN, ALTEGIO_USER_TOKEN and ALTEGIO_LOCATION_ID; read-only GETs
 * only, at most `--max-calls=N` (default 20), the SDK's default rate limit on. Another server only
 * when named: `--base-url=URL` or ALTEGIO_LIVE_BASE_URL. Exit 1 when a reply disagrees, 2 on a bad
 * set-up.
 */
async function main(): Promise<number> {
  const options = liveOptionsFrom(process.env, process.argv.slice(2));
  const [v1, v2] = await Promise.all(BUNDLE_NAMES.map(async (name) => normalizeSpec(await loadBundle(name)).doc));
  const report = await checkLiveDrift({ v1: v1!, v2: v2! }, options);
  console.log(formatLiveReport(report));
  return report.findings.length === 0 ? 0 : 1;
}

await runCli("test:live", main);
