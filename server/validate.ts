import { novinError, type NovinError } from '../src/errors.js';
import { LIMITS, checkEvent } from '../src/events/index.js';
import { checkRecord, checkRecords, type RecordKind } from '../src/events/records.js';

/** One error for the caller, naming the first problem and counting the rest; all are in `errors`. */
export function invalid(errors: string[]): NovinError {
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more problem${errors.length > 2 ? 's' : ''})` : '';
  return novinError('invalid', `${errors[0]}${more}`, { errors, count: errors.length });
}

/**
 * A clean copy of a server event, stamped with `messageId` (so a retried request cannot count
 * twice: the collector de-duplicates on it) and `time` when the caller gave none.
 */
function stamp(event: Record<string, unknown>, now: () => Date): Record<string, unknown> {
  return { ...event, time: event.time ?? now().toISOString(), messageId: event.messageId ?? crypto.randomUUID() };
}

/** An event's remarks: kept, but with unknown properties (SPEC §4). `index`: its place in a bulk call's list. */
export interface EventWarning {
  messageId: string;
  index?: number;
  warnings: string[];
}

export function checkServerEvent(body: unknown, now: () => Date): { event: Record<string, unknown>; warnings: string[] } {
  const { event, errors, warnings = [] } = checkEvent(body, 'server');
  if (!event) throw invalid(errors);
  return { event: stamp(event, now), warnings };
}

export function checkServerEvents(list: unknown, now: () => Date): { events: Record<string, unknown>[]; warnings: EventWarning[] } {
  if (!Array.isArray(list)) throw invalid(['events must be an array']);
  const events: Record<string, unknown>[] = [];
  const warned: EventWarning[] = [];
  const errors: string[] = [];
  for (let i = 0; i < list.length; i++) {
    const checked = checkEvent(list[i], 'server');
    if (checked.event) {
      const event = stamp(checked.event, now);
      events.push(event);
      if (checked.warnings?.length) warned.push({ index: i, messageId: event.messageId as string, warnings: checked.warnings });
    }
    errors.push(...checked.errors.map((e) => `events[${i}]: ${e}`));
  }
  if (errors.length) throw invalid(errors);
  return { events, warnings: warned };
}

export function checkOne<K extends RecordKind>(kind: K, value: unknown) {
  const { record, errors } = checkRecord(kind, value);
  if (!record) throw invalid(errors);
  return record;
}

export function checkMany<K extends RecordKind>(kind: K, list: unknown) {
  const { records, errors } = checkRecords(kind, list);
  if (!records) throw invalid(errors);
  return records;
}

/** An id headed for a URL path: a non-empty string the collector could have stored. */
export function checkId(kind: RecordKind, id: unknown): string {
  const field = kind === 'item' ? 'itemId' : 'userId';
  if (typeof id !== 'string' || !id.trim() || id.length > LIMITS.id)
    throw invalid([`${field} must be a non-empty string of at most ${LIMITS.id} characters`]);
  return id;
}
