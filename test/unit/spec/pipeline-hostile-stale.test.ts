import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { StagedOutput } from "../../../scripts/lib/staged-output.js";
import { writeFileAtomic } from "../../../scripts/lib/write-atomic.js";

const scratch = mkdtempSync(join(tmpdir(), "pipeline-hostile-stale-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The id of a process that has exited (a run killed by a signal). */
function deadPid(): number {
  const pid = spawnSync(process.execPath, ["-e", ""]).pid;
  if (pid === undefined) throw new Error("could not start a process");
  return pid;
}

describe("leftovers of a run that was killed", () => {
  it("StagedOutput.stage removes .staging-<pid> directories whose process is gone, keeps live ones", async () => {
    const out = mkdtempSync(join(scratch, "out-"));
    const dead = join(out, `.staging-${deadPid()}`);
    const live = join(out, `.staging-${process.ppid}`);
    for (const stage of [dead, live]) {
      mkdirSync(stage);
      writeFileSync(join(stage, "v1.ts"), "half-written");
    }
    writeFileSync(join(out, "v1.ts"), "previous output");
    const staged = new StagedOutput();
    await staged.stage(out);
    expect(existsSync(dead)).toBe(false);
    expect(existsSync(live)).toBe(true);
    expect(existsSync(join(out, "v1.ts"))).toBe(true);
    await staged.discard();
    expect(readdirSync(out).sort()).toEqual([`.staging-${process.ppid}`, "v1.ts"]);
  });

  it("writeFileAtomic removes the temp files of the same file a dead writer left, keeps others", async () => {
    const dir = mkdtempSync(join(scratch, "bundles-"));
    const stale = `.b2b-v1.openapi.yaml.${deadPid()}.eaed03a5.tmp`;
    const live = `.b2b-v1.openapi.yaml.${process.ppid}.0badcafe.tmp`;
    const unrelated = ".b2b-v1.openapi.yaml.notes";
    for (const name of [stale, live, unrelated]) writeFileSync(join(dir, name), "partial");
    await writeFileAtomic(join(dir, "b2b-v1.openapi.yaml"), "openapi: 3.1.0\n");
    expect(readdirSync(dir).sort()).toEqual([live, unrelated, "b2b-v1.openapi.yaml"].sort());
  });
});
