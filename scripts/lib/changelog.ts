import type { Change, SpecDiff } from "./spec-diff-types.js";

export interface RenderOptions {
  /** Names the document the diff is about, e.g. `b2b-v1`. */
  readonly title?: string;
}

export interface MarkdownOptions extends RenderOptions {
  /**
   * Longest text to produce; changes past it are counted, not listed. GitHub refuses pull request
   * bodies over 65,536 characters, and a change to a shared schema can touch hundreds of operations.
   */
  readonly maxLength?: number;
}

const DEFAULT_MARKDOWN_LENGTH = 60_000;

/**
 * Control, line-separator and bidirectional-formatting characters, and the backslash that would
 * make their escapes ambiguous: what could break a line or reorder what a reader sees.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
const UNSAFE_CHARACTERS = /[\\\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const NAMED_ESCAPES: Record<string, string> = { "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/** A name from the spec on one line: control characters (newlines included) shown escaped, `\n`, `\u2028`. */
export function escapeControls(name: string): string {
  return name.replace(UNSAFE_CHARACTERS, (char) => NAMED_ESCAPES[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/**
 * A name from the spec as a Markdown code span it cannot break out of: on one line (see
 * `escapeControls`), fenced by more backticks than its longest run of them, so backticks, HTML,
 * links or mentions in it stay literal text. Reads the same in the plain-text changelog.
 */
export function codeSpan(name: string): string {
  const text = escapeControls(name);
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longestRun + 1);
  // CommonMark strips one space from each side, so a name starting or ending with a backtick or space keeps its own.
  const pad = text === "" || /^[` ]|[` ]$/.test(text) ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** A spec-provided word shown as it is when it cannot carry markup or break a line, else as a code span. */
export function specWord(name: string): string {
  return /^[A-Za-z0-9][A-Za-z0-9.-]*$/.test(name) ? name : codeSpan(name);
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

/** One line: `2 breaking, 3 non-breaking changes; operations: 1 added, 1 removed, 0 deprecated`. */
export function summaryLine(diff: SpecDiff): string {
  const { summary } = diff;
  if (diff.changes.length === 0) return "no changes";
  const counts = `${summary.breaking} breaking, ${plural(summary.nonBreaking, "non-breaking change")}`;
  return `${counts}; operations: ${summary.added} added, ${summary.removed} removed, ${summary.deprecated} deprecated`;
}

interface OperationGroup {
  readonly operation: string;
  readonly operationId: string | undefined;
  readonly changes: readonly Change[];
}

/** Changes of one operation together, in the diff's order. */
function groupByOperation(changes: readonly Change[]): OperationGroup[] {
  const groups = new Map<string, Change[]>();
  for (const change of changes) {
    const group = groups.get(change.operation) ?? [];
    group.push(change);
    groups.set(change.operation, group);
  }
  return [...groups.entries()].map(([operation, group]) => ({
    operation,
    operationId: group.find((change) => change.operationId !== undefined)?.operationId,
    changes: group,
  }));
}

export function renderText(diff: SpecDiff, options: RenderOptions = {}): string {
  const lines = [`${options.title ?? "API changes"}: ${summaryLine(diff)}`];
  for (const group of groupByOperation(diff.changes)) {
    const operation = escapeControls(group.operation);
    lines.push("", group.operationId === undefined ? operation : `${operation} (${escapeControls(group.operationId)})`);
    for (const change of group.changes) lines.push(`  ${change.breaking ? "BREAKING" : "        "}  ${change.detail}`);
  }
  return `${lines.join("\n")}\n`;
}

/** Markdown for a pull request body: breaking changes first, each section grouped by operation. */
export function renderMarkdown(diff: SpecDiff, options: MarkdownOptions = {}): string {
  const maxLength = options.maxLength ?? DEFAULT_MARKDOWN_LENGTH;
  const summary = `${diff.breaking ? "**Breaking:** " : ""}${summaryLine(diff)}`;
  const head = [`### ${options.title ?? "API changes"}`, "", summary];
  const sections: [string, Change[]][] = [
    ["#### Breaking changes", diff.changes.filter((change) => change.breaking)],
    ["#### Other changes", diff.changes.filter((change) => !change.breaking)],
  ];
  const out = [...head];
  let length = out.join("\n").length;
  let omitted = 0;
  let full = false;
  const push = (line: string): boolean => {
    // Room is kept for the closing "… not listed" line.
    full ||= length + line.length + 1 > maxLength - 200;
    if (full) return false;
    out.push(line);
    length += line.length + 1;
    return true;
  };
  for (const [heading, changes] of sections) {
    if (changes.length === 0) continue;
    if (!push("") || !push(heading)) {
      omitted += changes.length;
      continue;
    }
    for (const group of groupByOperation(changes)) {
      const id = group.operationId === undefined ? "" : ` (${codeSpan(group.operationId)})`;
      const headed = push(`- ${codeSpan(group.operation)}${id}`);
      const listed = headed ? group.changes.filter((change) => push(`  - ${change.detail}`)) : [];
      omitted += group.changes.length - listed.length;
    }
  }
  if (omitted > 0) {
    out.push("", `_${plural(omitted, "more change")} not listed; run \`npm run spec:diff\` for all of them._`);
  }
  return `${out.join("\n")}\n`;
}

export function renderJson(diff: SpecDiff): string {
  return `${JSON.stringify(diff, null, 2)}\n`;
}
