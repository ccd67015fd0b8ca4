/**
 * Everything the SDK reports to `onError`, and what a rejected `send()` carries.
 * - 'invalid': the body broke a catalog rule (never stored, never sent);
 * - 'warning': the event was accepted with properties the catalog does not know (kept as given);
 * - 'dropped': the collector refused events for good (400/413/422 or `rejected`), or a cap evicted them;
 * - 'delivery': a delivery attempt failed and will be retried;
 * - 'storage': IndexedDB failed and the SDK fell back to memory for this page.
 */
export type NovinErrorKind = 'invalid' | 'warning' | 'dropped' | 'delivery' | 'storage' | 'push';

export interface NovinError extends Error {
  name: 'NovinError';
  kind: NovinErrorKind;
  /** The event's name, when one event is concerned. */
  event?: string;
  /** Every problem found (or for a warning, every unknown field), each naming the event and the field. */
  errors?: string[];
  /** How many events this concerns (drops, failed batches). */
  count?: number;
  /** The collector's HTTP status, 0 for a network error. */
  status?: number;
}

export function novinError(kind: NovinErrorKind, message: string, extra?: Partial<NovinError>): NovinError {
  const e = new Error(message) as NovinError;
  e.name = 'NovinError';
  e.kind = kind;
  return Object.assign(e, extra);
}
