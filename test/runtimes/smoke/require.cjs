// CommonJS: require() of the ESM-only package (Node >= 20.19 / 22.12, Bun, Deno).
const sdk = require("altegio-sdk");

const ok = typeof sdk.createAltegioClient === "function" && typeof sdk.AltegioNotFoundError === "function";
console.log(JSON.stringify([{ check: "CommonJS require", ok, detail: ok ? 'require("altegio-sdk") works' : "exports missing" }]));
