/**
 * Tables of delivery figures for people to read (test-output/<name>-table.md): each test adds
 * the row it measured; the first row of a run starts the file afresh.
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { outputPath } from './browser.js';

export const HEADER = '| scenario | events sent | unique delivered | raw deliveries | requests | notes |\n|---|---|---|---|---|---|\n';
const started = new Set<string>();

export function recordRow(name: string, row: string): void {
  const path = outputPath(`${name}-table.md`);
  if (!started.has(name)) started.add(name), writeFileSync(path, HEADER);
  appendFileSync(path, row + '\n');
}
