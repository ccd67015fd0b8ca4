export const BUNDLES: Record<string, string>;
export const DEMO_FILES: string[];
export function buildMissing(options?: { wanted?: string[]; log?: (line: string) => void; root?: string }): Promise<string[]>;
