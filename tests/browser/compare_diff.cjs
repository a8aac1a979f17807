// The browser's comparison (docs/assets/compare/compare.js) run by node on versions' data that
// Python exported (comparedata.py), for tests/test_compare_any.py to hold it to the engine's ops:
//   node compare_diff.cjs CASES.json RESULT.json
// CASES.json: [[old data, new data], ...]; RESULT.json: for each, the sections' id, status, ops, moves.
const { readFileSync, writeFileSync } = require("node:fs");
const path = require("node:path");
const { compare } = require(path.join(__dirname, "..", "..", "docs", "assets", "compare", "compare.js"));

const [casesFile, resultFile] = process.argv.slice(2);
const cases = JSON.parse(readFileSync(casesFile, "utf8"));
const results = cases.map(([old, now]) => {
  try {
    return compare(old, now).sections.map((change) => ({
      id: change.id, status: change.status, ops: change.ops,
      moves: change.moves.map((m) => [m.old, m.new, m.oldLine, m.newLine]),
    }));
  } catch (error) {
    return { error: String(error.stack || error) };
  }
});
writeFileSync(resultFile, JSON.stringify(results));
