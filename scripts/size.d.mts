export interface SizeRow {
  file: string;
  budget?: number;
  target?: number;
  missing?: boolean;
  raw: number;
  gzip: number;
  brotli: number;
  over?: boolean;
}
/** `bundle` rows measure esbuild's bundle of the npm build instead of a file: what the page loads up front, or the push chunk. */
export const FILES: Array<{ file: string; budget?: number; target?: number; bundle?: 'page' | 'push' }>;
export function measure(root?: string): SizeRow[];
export function markdown(rows: SizeRow[]): string;
export const README_CLAIM: RegExp;
export function claim(row: SizeRow): string;
