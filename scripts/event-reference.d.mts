// Types for scripts/event-reference.mjs, so TypeScript tests can import it.
export declare const START: string;
export declare const END: string;
export declare function renderEventReference(catalog: Record<string, unknown>, docs: Record<string, string>): string;
export declare function replaceSection(readme: string, body: string): string;
