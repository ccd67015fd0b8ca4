/**
 * The cross-engine tier's global setup: starts from no reports, and once every engine's file
 * has run, writes test-output/engines.md.
 */
import { clearReports, TABLE, writeTable } from './results.js';

export default function setup(): () => void {
  clearReports();
  return () => {
    const summary = writeTable();
    if (summary) console.log(`${summary}\nengines: results in ${TABLE.replace(process.cwd() + '/', '')}`);
  };
}
