/**
 * What every example receives from the runner (scripts/demo.ts): client options for the API it talks
 * to (Prism mocks, or the real Altegio API), the credentials to log in with, a location, and a printer.
 */
import type { AltegioClientOptions } from "../src/index.js";

export type Credentials = { readonly login: string; readonly password: string } | { readonly userToken: string };

export interface ExampleContext {
  /** "prism": the local mock servers; "altegio": the real API (ALTEGIO_PARTNER_TOKEN set). */
  readonly target: "prism" | "altegio";
  /** partnerToken, baseUrl, and anything else the target needs. */
  readonly clientOptions: AltegioClientOptions;
  readonly credentials: Credentials;
  readonly locationId: number;
  /**
   * A location id that does not exist on the target. On Prism, which answers every id, pair it with
   * `failWith(404)`; the real API needs no help.
   */
  readonly missingLocationId: number;
  /** Headers that make Prism answer with `status` (its `Prefer: code=` convention); empty on the real API. */
  failWith(status: number): Record<string, string>;
  /** Base URL of a local server that fails the next requests with 503, then a gateway's 502 page, then succeeds. */
  readonly flakyBaseUrl: string;
  print(line?: string): void;
}

export interface Example {
  readonly title: string;
  run(context: ExampleContext): Promise<void>;
}
