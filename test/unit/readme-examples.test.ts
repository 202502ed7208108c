import { execFile } from "node:child_process";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../scripts/lib/bundles.js";

/**
 * Every ```ts block in the README is compiled against the SDK's source, so the examples users
 * copy keep type-checking as the API and the generated types change. Each block becomes its own
 * module; names the prose leaves to the reader (tokens, a request body, ...) are declared once.
 */

const WORK_DIR = join(REPO_ROOT, "test", ".readme-examples");
const TSC = join(REPO_ROOT, "node_modules", ".bin", "tsc");

const AMBIENT = `
import type { AltegioClient } from "altegio-sdk";
declare global {
  const partnerToken: string;
  const userToken: string;
  const password: string;
  const token: string;
  /** A request body of whatever type the call expects. */
  const body: never;
  const altegio: AltegioClient;
  const vault: { currentUserToken(): Promise<string> };
  function saveClient(id: number | undefined, name: string | undefined): Promise<void>;
  const metrics: {
    histogram(name: string, value: number): void;
    timing(name: string, value: number, tags?: Record<string, unknown>): void;
  };
}
export {};
`;

export function typescriptBlocks(markdown: string): { line: number; code: string }[] {
  const blocks: { line: number; code: string }[] = [];
  const pattern = /^```ts\n([\s\S]*?)^```$/gm;
  for (let match = pattern.exec(markdown); match; match = pattern.exec(markdown)) {
    blocks.push({ line: markdown.slice(0, match.index).split("\n").length, code: match[1] ?? "" });
  }
  return blocks;
}

/** Every Markdown file we ship or point users and contributors at. */
async function documentationFiles(): Promise<string[]> {
  const docs = (await readdir(join(REPO_ROOT, "docs"))).filter((name) => name.endsWith(".md")).map((name) => `docs/${name}`);
  return ["README.md", "CONTRIBUTING.md", ...docs];
}

async function allBlocks(): Promise<{ file: string; line: number; code: string }[]> {
  const files = await documentationFiles();
  const perFile = await Promise.all(
    files.map(async (file) => typescriptBlocks(await readFile(join(REPO_ROOT, file), "utf8")).map((block) => ({ file, ...block }))),
  );
  return perFile.flat();
}

describe("README examples", () => {
  it("finds the TypeScript examples", async () => {
    const blocks = typescriptBlocks(await readFile(join(REPO_ROOT, "README.md"), "utf8"));
    expect(blocks.length).toBeGreaterThanOrEqual(10);
  });

  it("type-check against the SDK (README.md, CONTRIBUTING.md and docs/)", async () => {
    const blocks = await allBlocks();
    await rm(WORK_DIR, { recursive: true, force: true });
    await mkdir(WORK_DIR, { recursive: true });
    await writeFile(join(WORK_DIR, "ambient.d.ts"), AMBIENT);
    await Promise.all(
      blocks.map(({ file, line, code }) =>
        writeFile(join(WORK_DIR, `${file.replace(/[^A-Za-z0-9]+/g, "-")}-line-${line}.ts`), `${code}\nexport {};\n`),
      ),
    );
    await writeFile(
      join(WORK_DIR, "tsconfig.json"),
      JSON.stringify({
        extends: "../../tsconfig.json",
        compilerOptions: {
          noEmit: true,
          noUnusedLocals: false,
          paths: { "altegio-sdk": ["../../src/index.ts"], "altegio-sdk/*": ["../../src/*/index.ts"] },
        },
        include: ["./*.ts"],
      }),
    );
    const result = await promisify(execFile)(TSC, ["-p", join(WORK_DIR, "tsconfig.json")], { cwd: REPO_ROOT }).then(
      ({ stdout, stderr }) => ({ code: 0, output: stdout + stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, output: error.stdout + error.stderr }),
    );
    expect(result).toEqual({ code: 0, output: "" });
  }, 240_000);
});
