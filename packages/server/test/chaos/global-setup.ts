import { writeFileSync } from 'node:fs';
import { formatReport, freshReport, readReport, REPORT_PATH, totals } from './report.ts';

/** Starts a fresh report; prints and stamps it when the run ends (passed or not). */
export function setup(): () => void {
  writeFileSync(REPORT_PATH, `${JSON.stringify(freshReport(), null, 2)}\n`);
  return () => {
    const report = readReport();
    report.finishedAt = new Date().toISOString();
    report.totals = totals(report);
    writeFileSync(REPORT_PATH, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`\n${formatReport(report)}\n(written to ${REPORT_PATH})\n`);
  };
}
