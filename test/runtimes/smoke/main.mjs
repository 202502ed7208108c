// Node, Bun and Deno: `<runtime> smoke/main.mjs <baseUrl> <runtime name>`; prints one JSON line of outcomes.
import * as sdk from "altegio-sdk";
import { runChecks, smokeChecks } from "./checks.mjs";

const args = globalThis.Deno ? Deno.args : process.argv.slice(2);
const [baseUrl, runtime] = args;
console.log(JSON.stringify(await runChecks(smokeChecks(sdk, baseUrl, runtime))));
