import { appendFileSync, closeSync, existsSync, ftruncateSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Journal } from './backend.js';
import type { Op } from './state.js';

/**
 * An append-only file of state changes, one JSON line per op. Appends are synchronous, so a
 * 2xx answer is only sent after the kernel has the bytes: killing the process right after the
 * answer loses nothing (a machine crash still could: we do not fsync every request).
 */
export function fileJournal(dir: string): Journal {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'journal.ndjson');
  return {
    load() {
      if (!existsSync(file)) return [];
      const text = readFileSync(file, 'utf8');
      // A kill in the middle of a write leaves a partial last line: cut it off, or the next
      // append would glue a good record onto it.
      const end = text.lastIndexOf('\n') + 1;
      if (end < text.length) {
        const fd = openSync(file, 'r+');
        ftruncateSync(fd, Buffer.byteLength(text.slice(0, end)));
        closeSync(fd);
      }
      const ops: Op[] = [];
      for (const line of text.slice(0, end).split('\n')) {
        if (!line) continue;
        try {
          ops.push(JSON.parse(line) as Op);
        } catch {
          // A damaged line is skipped rather than refusing to start; the rest still counts.
        }
      }
      return ops;
    },
    append(ops) {
      appendFileSync(file, ops.map((op) => JSON.stringify(op)).join('\n') + '\n');
    },
    clear() {
      writeFileSync(file, '');
    },
  };
}
