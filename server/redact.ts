/**
 * Finds the access token in text a server sent back, in every encoding that reader could undo:
 * as is, JSON-escaped (`\/`, `\u0073`), percent-encoded (also twice), HTML character
 * references, base64 (standard and URL-safe, at any byte alignment, e.g. inside Basic
 * credentials) and hex. Encodings may mix character by character, as JSON encoders do.
 */

const REDACTED = '[redacted]';
// Shorter secrets would make base64/hex fragments match ordinary text; they still get the
// character-wise forms.
const MIN_BINARY_FORMS = 8;

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
/** Two hex digits of a byte, either case: `2f` -> `2[fF]`. */
const hexOf = (code: number) =>
  code.toString(16).padStart(2, '0').replace(/[a-f]/g, (d) => `[${d}${d.toUpperCase()}]`);

const ENTITIES: Record<string, string> = { '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' };
// Backslashes before an escaped character: 1, 3, 7… for JSON nested 1, 2, 3… levels. Bounded,
// not `+`: a pattern tried at every position of a long run of backslashes would be quadratic.
const BACKSLASHES = '\\\\{1,64}';

/** Every way one character may be written: itself, or escaped by JSON, URLs or HTML. */
function characterForms(c: string): string {
  const code = c.charCodeAt(0);
  const forms = [
    escapeRegex(c),
    `${BACKSLASHES}u00${hexOf(code)}`,
    `%(?:25)*${hexOf(code)}`,
    `&#0*${code};`,
    `&#[xX]0*${hexOf(code)};`,
  ];
  // JSON escapes these with backslashes (and a JSON string inside JSON doubles them).
  if (c === '/' || c === '"' || c === '\\') forms.push(`${BACKSLASHES}${escapeRegex(c)}`);
  if (ENTITIES[c]) forms.push(`&${ENTITIES[c]};`);
  return `(?:${forms.join('|')})`;
}

/**
 * The base64 characters that depend on the token's bytes alone, for each of the three
 * alignments the token can start at inside a longer encoded string.
 */
function base64Cores(bytes: Uint8Array): string[] {
  const out: string[] = [];
  for (let pad = 0; pad < 3; pad++) {
    const all = new Uint8Array(pad + bytes.length);
    all.set(bytes, pad);
    const encoded = btoa(String.fromCharCode(...all)).replace(/=+$/, '');
    const total = all.length;
    // Characters before `skip` mix in the padding; after `keep`, the bytes that follow.
    const skip = [0, 2, 3][pad];
    const keep = Math.floor(total / 3) * 4 + [0, 1, 2][total % 3];
    const core = encoded.slice(skip, keep);
    out.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return out;
}

/** A function that replaces the token, in every form above, with `[redacted]`. */
export function redactor(token: string): (text: string) => string {
  if (!token) return (text) => text;
  const alternatives = [[...token].map(characterForms).join('')];
  if (token.length >= MIN_BINARY_FORMS) {
    const bytes = new TextEncoder().encode(token);
    alternatives.push(...[...new Set(base64Cores(bytes))].map(escapeRegex));
    alternatives.push([...bytes].map(hexOf).join(''));
  }
  const pattern = new RegExp(alternatives.join('|'), 'g');
  return (text) => text.replace(pattern, REDACTED);
}

/**
 * A copy of parsed JSON with the token removed from every string and key: what JSON escapes
 * hid from the text pass is plain here. Keys are defined, never assigned, so a `__proto__`
 * key stays data.
 */
export function redactDeep(value: unknown, redact: (text: string) => string): unknown {
  if (typeof value === 'string') return redact(value);
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, redact));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [redact(k), redactDeep(v, redact)]));
  return value;
}
