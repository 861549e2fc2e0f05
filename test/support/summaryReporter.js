// Prints jest's own counts as one plain line, `N passed, M failed`, at the end of every run,
// and writes the same line to .jest-summary for .ci/run to print last.
// A suite that fails to load (syntax error, missing module) counts as a failed test, so a
// broken file can never hide behind a green count.
import { writeFileSync } from 'node:fs';

export default class SummaryReporter {
  onRunComplete(_contexts, results) {
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    const line = `${results.numPassedTests} passed, ${failed} failed`;
    writeFileSync('.jest-summary', `${line}\n`);
    process.stdout.write(`\n${line}\n`);
  }
}
