// CommonJS users on Node >= 20.19 load the ESM-only package with require() (require(esm)).
const assert = require("node:assert/strict");
const sdk = require("altegio-sdk");

assert.equal(typeof sdk.createAltegioClient, "function");
assert.equal(typeof sdk.unwrap, "function");
console.log(`consumer: require("altegio-sdk") works on Node ${process.version}`);
