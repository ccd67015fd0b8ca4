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
export const FILES: Array<{ file: string; budget?: number; target?: number }>;
export function measure(root?: string): SizeRow[];
export function markdown(rows: SizeRow[]): string;
export const README_CLAIM: RegExp;
export function claim(row: SizeRow): string;
