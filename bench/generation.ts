/**
 * Generation time: `scripts/generate.ts` (normalise both bundles, openapi-typescript, operation
 * tables) run as a user runs it, into a temporary directory, against the time it takes merely to
 * parse the two YAML bundles it starts from.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { BUNDLE_NAMES, REPO_ROOT, bundlePath, bundlesDir } from "../scripts/lib/bundles.js";
import { row, type BenchResult } from "./lib/report.js";
import { median } from "./lib/stats.js";

export interface GenerationBenchOptions {
  readonly runs: number;
}

function runGenerate(openapiDir: string, generatedDir: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ["--import", "tsx", join(REPO_ROOT, "scripts", "generate.ts")], {
      cwd: REPO_ROOT,
      env: { ...process.env, ALTEGIO_OPENAPI_DIR: openapiDir, ALTEGIO_GENERATED_DIR: generatedDir },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.once("exit", (code) =>
      code === 0 ? resolve(performance.now() - started) : reject(new Error(`generate failed: ${stderr.trim()}`)),
    );
  });
}

export async function runGenerationBench(options: GenerationBenchOptions): Promise<BenchResult> {
  const started = performance.now();
  const missing = BUNDLE_NAMES.map((name) => bundlePath(name)).find((file) => !existsSync(file));
  if (missing) throw new Error(`${missing} is missing: run \`npm run setup\` first`);

  const texts = await Promise.all(BUNDLE_NAMES.map((name) => readFile(bundlePath(name), "utf8")));
  const parseSamples: number[] = [];
  for (let run = 0; run < options.runs; run++) {
    const parseStarted = performance.now();
    for (const text of texts) parseYaml(text, { maxAliasCount: -1 });
    parseSamples.push(performance.now() - parseStarted);
  }

  const workDir = await mkdtemp(join(tmpdir(), "altegio-bench-generate-"));
  try {
    // The temporary openapi/ directory reads the repository's bundles; outputs stay in workDir.
    await mkdir(join(workDir, "openapi"));
    await symlink(bundlesDir(), join(workDir, "openapi", "bundles"), "dir");
    const generateSamples: number[] = [];
    for (let run = 0; run < options.runs; run++) {
      generateSamples.push(await runGenerate(join(workDir, "openapi"), join(workDir, "generated")));
    }
    for (const file of ["v1.ts", "v2.ts", "operations.ts"]) {
      if (!existsSync(join(workDir, "generated", file))) throw new Error(`generate did not write ${file}`);
    }
    return {
      name: "generation",
      durationMs: performance.now() - started,
      rows: [
        row(
          "Generation: normalise + generate both bundles (`npm run generate`, whole process)",
          { label: "generate", value: median(generateSamples) / 1000, unit: "s" },
          { label: "YAML parse of both bundles", value: median(parseSamples) / 1000, unit: "s" },
        ),
      ],
    };
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
