import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { bundlePath, lockPath, type BundleName } from "../../../scripts/lib/bundles.js";
import { fetchBundles, writeBundle } from "../../../scripts/lib/fetch-bundles.js";
import { writeLock } from "../../../scripts/lib/lock.js";
import { updateSpecs, type UpdateOptions } from "../../../scripts/lib/spec-update.js";

const minimal = (path: string): string =>
  `openapi: 3.1.0\ninfo:\n  title: synthetic\n  version: "1"\npaths:\n  ${path}:\n    get:\n      responses:\n        "200":\n          description: ok\n`;

let root: string;
let dir: string;
let mirror: string;

async function publish(name: BundleName, text: string): Promise<void> {
  await writeFile(join(mirror, `${name}.openapi.yaml`), text);
}

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "pipeline-hostile-update-"));
  dir = join(root, "openapi");
  mirror = join(root, "mirror");
  await mkdir(mirror, { recursive: true });
  await publish("b2b-v1", minimal("/a"));
  await publish("b2b-v2", minimal("/b"));
  const bundles = await fetchBundles({ mirror });
  for (const bundle of bundles) await writeBundle(bundle, dir);
  await writeLock(bundles, lockPath(dir), new Date("2029-01-01T00:00:00.000Z"));
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("spec:update interrupted by SIGINT/SIGTERM", () => {
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    it(`${signal} during generation stops it, puts the previous bundles back, keeps the lock, and fails`, async () => {
      const before = { v1: await readFile(bundlePath("b2b-v1", dir), "utf8"), lock: await readFile(lockPath(dir), "utf8") };
      await publish("b2b-v1", `${minimal("/a")}# republished\n`);
      let stopped = false;
      const options: UpdateOptions = {
        dir,
        fetch: { mirror },
        frozen: false,
        // A generation that takes a while; the signal arrives while it runs.
        generate: (abort?: AbortSignal) =>
          new Promise<void>((resolve, reject) => {
            const timer = setTimeout(resolve, 1_000);
            abort?.addEventListener("abort", () => {
              clearTimeout(timer);
              stopped = true;
              reject(new Error("generate stopped"));
            });
            process.emit(signal, signal);
          }),
      };
      const listeners = process.listenerCount(signal);
      await expect(updateSpecs(options)).rejects.toMatchObject({
        message: `interrupted by ${signal}; previous bundles restored, lock unchanged`,
        exitCode: signal === "SIGINT" ? 130 : 143,
      });
      expect(stopped).toBe(true);
      expect(await readFile(bundlePath("b2b-v1", dir), "utf8")).toBe(before.v1);
      expect(await readFile(lockPath(dir), "utf8")).toBe(before.lock);
      expect(process.listenerCount(signal)).toBe(listeners);
    });
  }
});
