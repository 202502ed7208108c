import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { createClient } from "redis";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { AltegioAbortError } from "../../../src/facade/errors.js";
import { createRedisRateLimiter } from "../../../src/redis/index.js";
import { rejectionOf } from "../../helpers/rejection.js";
import { freePort } from "../../helpers/free-port.js";

const KEY = "altegio:egress:203.0.113.7";

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = performance.now() + 20_000;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * In Redis Cluster the node serving a key's slot runs the script; any other key the script touches
 * may live on another node. This node serves KEY's slot only, as one node of a cluster would, so a
 * script touching a key in another slot fails ("non local key") as it would there.
 */
describe("createRedisRateLimiter on a Redis Cluster node (serving only its key's slot)", () => {
  let dir: string;
  let child: ChildProcess | undefined;
  let port: number;
  let redis: Redis;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "altegio-redis-cluster-"));
    port = await freePort();
    const args = ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", "", "--appendonly", "no"];
    args.push("--cluster-enabled", "yes", "--cluster-config-file", join(dir, "nodes.conf"), "--cluster-require-full-coverage", "no");
    child = spawn("redis-server", args, { stdio: "ignore" });
    redis = new Redis({ host: "127.0.0.1", port, retryStrategy: () => 50 });
    redis.on("error", () => undefined);
    await until(async () => redis.status === "ready", "redis-server");
    await redis.call("CLUSTER", "ADDSLOTS", String(await redis.call("CLUSTER", "KEYSLOT", KEY)));
    await until(async () => String(await redis.call("CLUSTER", "INFO")).includes("cluster_state:ok"), "cluster_state:ok");
  }, 60_000);

  afterAll(async () => {
    redis?.disconnect();
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child?.once("exit", resolve));
      child.kill("SIGKILL");
      await exited;
    }
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const limits = [{ requests: 2, perMs: 1_000 }];

  it("grants, makes the next wait and releases through ioredis, touching no key but its own", async () => {
    const outages: unknown[] = [];
    const limiter = createRedisRateLimiter({
      redis,
      key: KEY,
      limits,
      arrivalMarginMs: 0,
      unavailableTimeoutMs: 300,
      onUnavailable: (error) => outages.push(error),
    });
    const release = await limiter.acquire();
    await limiter.acquire();
    expect(await rejectionOf(limiter.acquire(AbortSignal.timeout(200)))).toBeInstanceOf(AltegioAbortError);
    if (typeof release === "function") release();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(outages).toEqual([]);
    expect(await redis.keys("*")).toEqual([KEY]);
    expect(await redis.zcard(KEY)).toBe(3); // two grants and the horizon
  });

  it("grants through node-redis on the same node", async () => {
    const outages: unknown[] = [];
    const nodeRedis = createClient({ url: `redis://127.0.0.1:${port}` });
    nodeRedis.on("error", () => undefined);
    await nodeRedis.connect();
    onTestFinished(async () => void (await nodeRedis.quit().catch(() => undefined)));
    const limiter = createRedisRateLimiter({
      redis: nodeRedis,
      key: KEY,
      limits: [{ requests: 10, perMs: 1_000 }],
      arrivalMarginMs: 0,
      unavailableTimeoutMs: 300,
      onUnavailable: (error) => outages.push(error),
    });
    const release = await limiter.acquire();
    if (typeof release === "function") release();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(outages).toEqual([]);
  });
});
