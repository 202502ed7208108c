/**
 * `npm run spec:diff -- <old> <new> [--json | --markdown]`
 * Prints the API changelog between two OpenAPI 3.x documents (YAML or JSON).
 * Exit codes: 0 no breaking change, 1 breaking changes found, 2 bad input or any other failure.
 */
import { readFile } from "node:fs/promises";
import { renderJson, renderMarkdown, renderText } from "../lib/changelog.js";
import { UsageError, argumentPath, errorCode, parseCommandLine, runCli } from "../lib/cli.js";
import { SpecInputError, diffSpecs } from "../lib/spec-diff.js";
import { parseOpenApiText } from "../lib/openapi-parse.js";

const USAGE = "usage: npm run spec:diff -- <old.yaml> <new.yaml> [--json | --markdown]";

interface Args {
  readonly oldFile: string;
  readonly newFile: string;
  readonly format: "text" | "json" | "markdown";
}

function argsOf(argv: string[]): Args {
  const { values, positionals } = parseCommandLine(
    {
      args: argv,
      options: { json: { type: "boolean", default: false }, markdown: { type: "boolean", default: false } },
      allowPositionals: true,
    },
    USAGE,
  );
  const [oldFile, newFile] = positionals;
  if (oldFile === undefined || newFile === undefined || positionals.length > 2) {
    throw new UsageError(`expected two files, got ${positionals.length}; ${USAGE}`);
  }
  if (values.json && values.markdown) throw new UsageError(`--json and --markdown exclude each other; ${USAGE}`);
  return { oldFile, newFile, format: values.json ? "json" : values.markdown ? "markdown" : "text" };
}

async function readSpec(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(argumentPath(file), "utf8");
  } catch (error) {
    const code = errorCode(error) ?? "";
    const reason = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory" : code || String(error);
    throw new SpecInputError(`cannot read ${file}: ${reason}`);
  }
  return parseOpenApiText(file, text).doc;
}

async function main(): Promise<number> {
  const args = argsOf(process.argv.slice(2));
  const [oldDoc, newDoc] = await Promise.all([readSpec(args.oldFile), readSpec(args.newFile)]);
  const diff = diffSpecs(oldDoc, newDoc);
  const render = { json: renderJson, markdown: renderMarkdown, text: renderText }[args.format];
  process.stdout.write(render(diff));
  return diff.breaking ? 1 : 0;
}

await runCli("spec:diff", main, 2);
