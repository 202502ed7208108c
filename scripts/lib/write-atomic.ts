import { randomBytes } from "node:crypto";
import { constants } from "node:fs";
import { access, mkdir, readdir, rename, rm, stat, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/**
 * Writes through a temporary file in the same directory and renames it into place, so a
 * failure half-way never leaves a truncated file where a good one was.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const dir = dirname(file);
  await mkdir(dir, { recursive: true });
  await removeStaleTempFiles(file);
  const temp = join(dir, `.${basename(file)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  try {
    await writeFile(temp, data);
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/**
 * Why `writeFileAtomic(file)` would fail, checked before a run changes anything: `file` is a
 * directory, its directory is missing or not one, or either cannot be written. Throws one line.
 */
export async function assertWritable(file: string): Promise<void> {
  const dir = dirname(file);
  const info = await stat(file).catch(() => undefined);
  if (info?.isDirectory()) throw new Error(`${file} is a directory`);
  const dirInfo = await stat(dir).catch(() => undefined);
  if (dirInfo === undefined) throw new Error(`${file}: directory ${dir} does not exist`);
  if (!dirInfo.isDirectory()) throw new Error(`${file}: ${dir} is not a directory`);
  // The file is written to a temporary one beside it and renamed: the directory must be writable.
  if (
    !(await access(dir, constants.W_OK).then(
      () => true,
      () => false,
    ))
  )
    throw new Error(`${file}: directory ${dir} is not writable`);
}

/** Whether a process with this id is running (one we may not signal still is). */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Removes the entries of `dir` named by `pidOf` (which returns the pid in a name, or undefined
 * for names that are not ours) whose process is gone: what a run killed by a signal left behind.
 */
export async function removeStaleEntries(dir: string, pidOf: (name: string) => number | undefined): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    const pid = pidOf(name);
    if (pid !== undefined && pid !== process.pid && !isProcessAlive(pid)) await rm(join(dir, name), { recursive: true, force: true });
  }
}

/** Temporary files of `file` (`.<name>.<pid>.<hex>.tmp`) left by a writer that was killed. */
function removeStaleTempFiles(file: string): Promise<void> {
  const prefix = `.${basename(file)}.`;
  return removeStaleEntries(dirname(file), (name) => {
    if (!name.startsWith(prefix)) return undefined;
    const match = /^(\d+)\.[0-9a-f]+\.tmp$/.exec(name.slice(prefix.length));
    return match ? Number(match[1]) : undefined;
  });
}
