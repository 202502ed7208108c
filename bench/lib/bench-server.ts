import { join } from "node:path";
import type { BenchServerConfig } from "../server/main.js";
import { REPO_ROOT } from "../../scripts/lib/bundles.js";
import { spawnTs } from "./child.js";

export type { BenchServerConfig };

export interface BenchServer {
  readonly url: string;
  /** GET a path on the server itself (outside the SDK), parsed as JSON. */
  getJson(path: string): Promise<unknown>;
  close(): Promise<void>;
}

/** Starts bench/server/main.ts in a child process on 127.0.0.1 and waits until it listens. */
export async function startBenchServer(config: BenchServerConfig): Promise<BenchServer> {
  const child = spawnTs(join(REPO_ROOT, "bench", "server", "main.ts"), [JSON.stringify(config)]);
  let url: string;
  try {
    const message = (await child.firstMessage) as { url?: unknown };
    if (typeof message.url !== "string") throw new Error("bench server reported no url");
    url = message.url;
  } catch (error) {
    await child.stop();
    throw error;
  }
  return {
    url,
    getJson: async (path) => (await fetch(`${url}${path}`)).json() as Promise<unknown>,
    close: async () => {
      await child.stop();
    },
  };
}
