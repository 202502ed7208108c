import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO_ROOT, bundlePath, lockPath } from "../../../scripts/lib/bundles.js";
import { argumentPath } from "../../../scripts/lib/cli.js";
import { fetchBundles } from "../../../scripts/lib/fetch-bundles.js";
import { writeLock } from "../../../scripts/lib/lock.js";
import { assertWritable } from "../../../scripts/lib/write-atomic.js";

const TSX = join(REPO_ROOT, "node_modules", ".bin", "tsx");
const scratch = mkdtempSync(join(tmpdir(), "pipeline-hostile-paths-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const minimal = (path: string): string =>
  `openapi: 3.1.0\ninfo:\n  title: synthetic\n  version: "1"\npaths:\n  ${path}:\n    get:\n      responses:\n        "200":\n          description: ok\n`;

function run(script: string, args: string[], env: NodeJS.ProcessEnv) {
  const result = spawnSync(TSX, [join(REPO_ROOT, "scripts", script), ...args], { cwd: REPO_ROOT, env, encoding: "utf8", timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("spec:update --changelog-file is checked before anything changes", () => {
  it("assertWritable names a directory, a missing parent, a parent that is a file", async () => {
    const file = join(scratch, "plain.txt");
    writeFileSync(file, "x");
    await expect(assertWritable(scratch)).rejects.toThrow(`${scratch} is a directory`);
    await expect(assertWritable(join(scratch, "nope", "changes.md"))).rejects.toThrow("does not exist");
    await expect(assertWritable(join(file, "changes.md"))).rejects.toThrow("is not a directory");
    await expect(assertWritable(join(scratch, "changes.md"))).resolves.toBeUndefined();
  });

  it("refuses a directory with exit 2 and one line naming --changelog-file, leaving openapi/ untouched", async () => {
    // The locked bundles are published but the stored copies are missing: an update would write them.
    const root = mkdtempSync(join(scratch, "update-"));
    const mirror = join(root, "mirror");
    const dir = join(root, "openapi");
    mkdirSync(mirror);
    writeFileSync(join(mirror, "b2b-v1.openapi.yaml"), minimal("/a"));
    writeFileSync(join(mirror, "b2b-v2.openapi.yaml"), minimal("/b"));
    await writeLock(await fetchBundles({ mirror }), lockPath(dir), new Date("2029-01-01T00:00:00.000Z"));
    const changelogDir = join(root, "changes.md");
    mkdirSync(changelogDir);
    const env = { ...process.env, ALTEGIO_OPENAPI_DIR: dir, ALTEGIO_OPENAPI_MIRROR: mirror, INIT_CWD: root };
    for (const [arg, reason] of [
      ["changes.md", `${changelogDir} is a directory`],
      [join("missing", "changes.md"), "does not exist"],
    ] as const) {
      const result = run("spec/update.ts", ["--changelog-file", arg], env);
      expect(result.status).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr).toContain(`spec:update: --changelog-file: `);
      expect(result.stderr).toContain(reason);
      expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
      expect(existsSync(bundlePath("b2b-v1", dir))).toBe(false);
      expect(existsSync(bundlePath("b2b-v2", dir))).toBe(false);
    }
  });
});

describe("relative file arguments are taken from where npm was run (INIT_CWD)", () => {
  it("argumentPath resolves against INIT_CWD when set, else the working directory", () => {
    expect(argumentPath("old.yaml", { INIT_CWD: "/somewhere/docs" })).toBe("/somewhere/docs/old.yaml");
    expect(argumentPath("/abs/old.yaml", { INIT_CWD: "/somewhere/docs" })).toBe("/abs/old.yaml");
    expect(argumentPath("old.yaml", {})).toBe(join(process.cwd(), "old.yaml"));
  });

  it("spec:diff finds files named relative to INIT_CWD although it runs in the package root", () => {
    const docs = mkdtempSync(join(scratch, "docs-"));
    writeFileSync(join(docs, "old-v2.yaml"), minimal("/a"));
    const result = run("spec/diff.ts", ["old-v2.yaml", "old-v2.yaml"], { ...process.env, INIT_CWD: docs });
    expect(result).toMatchObject({ status: 0, stderr: "", stdout: "API changes: no changes\n" });
  });
});
