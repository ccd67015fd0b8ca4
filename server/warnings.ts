import type { EventWarning } from './validate.js';

/** The collector's `warnings` (`[{index, messageId, warnings}]`), moved to positions in the caller's list. */
export function warningsIn(body: unknown, from: number, count: number): EventWarning[] {
  const list = (body as { warnings?: unknown } | undefined)?.warnings;
  if (!Array.isArray(list)) return [];
  return list.flatMap((w: { index?: unknown; messageId?: unknown; warnings?: unknown }) => {
    const index = Number.isInteger(w?.index) && (w.index as number) >= 0 && (w.index as number) < count ? from + (w.index as number) : undefined;
    if (!Array.isArray(w?.warnings) || (index === undefined && typeof w.messageId !== 'string')) return [];
    return [{ messageId: String(w.messageId ?? ''), ...(index === undefined ? {} : { index }), warnings: w.warnings.map(String) }];
  });
}

/**
 * One entry per event, the remarks of our own check and the collector's together (the same
 * table says the same thing twice: each remark once), in the order of the caller's list.
 */
export function mergeWarnings(...lists: EventWarning[][]): EventWarning[] {
  const byKey = new Map<string, EventWarning>();
  for (const w of lists.flat()) {
    const key = w.index === undefined ? `m:${w.messageId}` : `i:${w.index}`;
    const had = byKey.get(key);
    if (had) had.warnings = [...new Set([...had.warnings, ...w.warnings])];
    else byKey.set(key, { ...w, warnings: [...new Set(w.warnings)] });
  }
  return [...byKey.values()].sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
}
