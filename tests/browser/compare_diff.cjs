// The browser's comparison (docs/assets/compare/compare.js) run by node on versions' data that
// Python exported (compare_data.py), for tests/test_compare_any.py to hold it to the engine's ops.
//   node compare_diff.cjs CASES.json RESULT.json   CASES: [[old data, new data], ...]
//   node compare_diff.cjs --lines                  one case a line on stdin, one result a line out
// A result: for each section, its id, status, ops and moves ([old op, new op, old line, new line]).
const { readFileSync, writeFileSync } = require("node:fs");
const path = require("node:path");
const readline = require("node:readline");
const { compare } = require(path.join(__dirname, "..", "..", "docs", "assets", "compare", "compare.js"));

function run([old, now]) {
  try {
    return compare(old, now).sections.map((change) => ({
      id: change.id, status: change.status, ops: change.ops,
      moves: change.moves.map((m) => [m.old, m.new, m.oldLine, m.newLine]),
    }));
  } catch (error) {
    return { error: String(error.stack || error) };
  }
}

if (process.argv[2] === "--lines") {
  const lines = readline.createInterface({ input: process.stdin });
  lines.on("line", (line) => process.stdout.write(JSON.stringify(run(JSON.parse(line))) + "\n"));
} else {
  const [casesFile, resultFile] = process.argv.slice(2);
  writeFileSync(resultFile, JSON.stringify(JSON.parse(readFileSync(casesFile, "utf8")).map(run)));
}
