const HEX = Array.from({ length: 256 }, (_, i) => (i + 256).toString(16).slice(1));
let pool: Uint8Array | undefined;
let used = 4096;

/**
 * RFC 4122 version 4. crypto.randomUUID exists only in secure contexts, so plain-http pages
 * build it from getRandomValues, drawn in blocks: one call per 256 ids keeps send() cheap.
 */
export function uuid(): string {
  const id = crypto.randomUUID?.();
  if (id) return id;
  if (used + 16 > 4096) {
    pool = crypto.getRandomValues(new Uint8Array(4096));
    used = 0;
  }
  const b = pool!;
  const o = used;
  used += 16;
  b[o + 6] = (b[o + 6] & 0x0f) | 0x40;
  b[o + 8] = (b[o + 8] & 0x3f) | 0x80;
  let s = '';
  for (let i = 0; i < 16; i++) s += (i === 4 || i === 6 || i === 8 || i === 10 ? '-' : '') + HEX[b[o + i]];
  return s;
}
