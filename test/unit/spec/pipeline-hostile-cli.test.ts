import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../../scripts/lib/bundles.js";

const TSX = join(REPO_ROOT, "node_modules", ".bin", "tsx");
const scratch = mkdtempSync(join(tmpdir(), "pipeline-hostile-cli-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Environment pointing every input and output of the scripts at empty scratch directories. */
function isolatedEnv(name: string): NodeJS.ProcessEnv {
  const root = mkdtempSync(join(scratch, `${name}-`));
  return {
    ...process.env,
    ALTEGIO_OPENAPI_DIR: join(root, "openapi"),
    ALTEGIO_GENERATED_DIR: join(root, "generated"),
    ALTEGIO_EXAMPLE_TYPES_DIR: join(root, "example-types"),
    ALTEGIO_OPENAPI_MIRROR: join(root, "no-mirror"),
  };
}

function run(script: string, args: string[], env: NodeJS.ProcessEnv) {
  const result = spawnSync(TSX, [join(REPO_ROOT, "scripts", script), ...args], { cwd: REPO_ROOT, env, encoding: "utf8", timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("generate and spec:audit command lines", () => {
  it("generate refuses an unknown flag or an argument with exit 2 and one usage line, before doing anything", () => {
    const env = isolatedEnv("generate");
    for (const args of [["--dry-run"], ["v9"]]) {
      const result = run("generate.ts", args, env);
      expect(result.status).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr).toMatch(/^generate: .*'(--dry-run|v9)'.*; usage: npm run generate\n$/);
    }
  });

  it("spec:audit refuses an unknown flag or an argument with exit 2 and one usage line", () => {
    const env = isolatedEnv("audit-args");
    for (const args of [["--bogus"], ["--readme", "extra"]]) {
      const result = run("spec/audit.ts", args, env);
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(/^spec:audit: .*; usage: npm run spec:audit -- \[--summary \| --readme\]\n$/);
    }
  });

  it("spec:audit exits 2, not 1 (which means findings), when it cannot run", () => {
    const result = run("spec/audit.ts", [], isolatedEnv("audit-missing"));
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^spec:audit: .*is missing.*\n$/);
  });
});

describe("runCli and a closed stdout pipe (EPIPE)", () => {
  it("lets the script finish and exit as it would have, without a stack trace", async () => {
    const done = join(scratch, "epipe-done.txt");
    const script = join(scratch, "epipe.mts");
    writeFileSync(
      script,
      [
        `import { writeFileSync } from "node:fs";`,
        `import { runCli } from ${JSON.stringify(join(REPO_ROOT, "scripts", "lib", "cli.js"))};`,
        `await runCli("epipe", async () => {`,
        `  for (let i = 0; i < 300; i++) {`,
        `    console.log("progress " + i + " ".repeat(500));`,
        `    process.stdout.write("more " + i + "\\n");`,
        `    await new Promise((resolve) => setTimeout(resolve, 2));`,
        `  }`,
        `  writeFileSync(${JSON.stringify(done)}, "finished");`,
        `  return 3;`,
        `});`,
      ].join("\n"),
    );
    const child = spawn(TSX, [script], { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdout.once("data", () => child.stdout.destroy());
    const status = await new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
    expect(stderr).toBe("");
    expect(status).toBe(3);
    expect(readFileSync(done, "utf8")).toBe("finished");
    expect(readdirSync(scratch)).toContain("epipe.mts");
  }, 60_000);
});
