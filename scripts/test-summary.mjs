// Adds up the vitest and Playwright JSON reports into one closing line: "tests: N passed, N failed".
// Arguments: vitest's report, Playwright's, then the fault tests' (vitest's, when they ran).
import fs from "node:fs";

const [vitestFile, playwrightFile, faultsFile] = process.argv.slice(2);
const read = (file) => (file && fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : null);
const vitest = read(vitestFile);
const playwright = read(playwrightFile);

let passed = 0;
let failed = 0;
let skipped = 0;
if (vitest) {
  passed += vitest.numPassedTests;
  failed += vitest.numFailedTests + (vitest.success || vitest.numFailedTests > 0 ? 0 : 1);
  skipped += vitest.numPendingTests + vitest.numTodoTests;
} else failed += 1; // the runner did not even report

// The fault tests run only when given a report file; given one that is missing, they failed to run.
if (faultsFile) {
  const faults = read(faultsFile);
  if (faults) {
    passed += faults.numPassedTests;
    failed += faults.numFailedTests + (faults.success || faults.numFailedTests > 0 ? 0 : 1);
    skipped += faults.numPendingTests + faults.numTodoTests;
  } else failed += 1;
}

if (playwright) {
  passed += playwright.stats.expected + playwright.stats.flaky;
  failed += playwright.stats.unexpected + (playwright.errors?.length ?? 0);
  skipped += playwright.stats.skipped;
} else failed += 1;

console.log(`\ntests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
