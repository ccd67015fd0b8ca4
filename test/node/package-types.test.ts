/**
 * What TypeScript users see of the types, through the compiler's own language service (as an
 * editor would): completions for `name`, the messages of type errors, and `window.novin` typed
 * through `novin-sdk/global`. test/unit/event-types.test.ts holds what compiles and what does not.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { catalog } from '../../src/events/catalog.js';
import { ROOT } from './helpers/mock-process.js';

const FILE = join(ROOT, 'test/node/__typed.ts');
const HEADER = `import { createNovin } from '../../src/index.js';\nconst novin = createNovin();\n`;
// The internal encodings the catalog's types are derived from; users must never see them.
const ENCODED = /Fields<|Kind<|PropsOf<|Top<|Entry<|BodyOf<|: "(s|n|ids|items)"/;

let source = '';
let service: ts.LanguageService;

beforeAll(() => {
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
    types: [],
    skipLibCheck: true,
  };
  service = ts.createLanguageService({
    getScriptFileNames: () => [FILE],
    getScriptVersion: () => String(source.length) + source.slice(-40),
    getScriptSnapshot: (f) => {
      const text = f === FILE ? source : ts.sys.readFile(f);
      return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
    },
    getCurrentDirectory: () => ROOT,
    getCompilationSettings: () => options,
    getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
    fileExists: (f) => f === FILE || ts.sys.fileExists(f),
    readFile: (f) => (f === FILE ? source : ts.sys.readFile(f)),
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
  });
});

/** Type errors by line of `body` (after the header), each with its whole message chain. */
function errorsByLine(body: string): string[][] {
  source = HEADER + body;
  const lines: string[][] = body.split('\n').map(() => []);
  const offset = HEADER.split('\n').length - 1;
  for (const d of service.getSemanticDiagnostics(FILE)) {
    const line = ts.getLineAndCharacterOfPosition(d.file!, d.start!).line - offset;
    lines[line].push(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  }
  return lines;
}

// One program for all cases: each line is one case, its errors are looked up by line.
const CASES = {
  "novin.event.send({ name: 'itemView' });": "Property 'itemId' is missing",
  "novin.event.send({ name: 'itemView', itemId: 'x', properties: { itemNme: 'a' } });": 'itemName?: string',
  "novin.event.send({ name: 'itemView', itemId: 'x', properties: { itemName: 3 } });": "Type 'number' is not assignable to type 'string'",
  "novin.event.send({ name: 'checkOut', itemIdList: ['a'], properties: { itemsList: [{ itemCount: 2 }] } });": "Property 'itemId' is missing",
  "novin.event.send({ name: 'signIn' });": "required in type '{ userId: string; }'",
  "novin.event.send({ name: 'categoryView', categoryId: 7 });": "Type 'number' is not assignable to type 'string'",
};
const PURCHASE = "novin.event.send({ name: 'purchaseComplete', itemIdList: ['sku-1'] });";
const COMPLETE = "novin.event.send({ name: '' });";
const HOVER = "novin.event.send({ name: 'itemView', itemId: 'x', properties: { itemName: 'a' } });";
const WINDOW = "window.novin?.event.send({ name: 'itemView', itemId: 'x' });\nwindow.novinConfig = { projectId: 'p' };";
const BODY = [COMPLETE, PURCHASE, HOVER, ...Object.keys(CASES), WINDOW].join('\n') + '\n';
const lineOf = (text: string) => BODY.split('\n').indexOf(text);

describe('novin.event.send in an editor', () => {
  let found: string[][];
  beforeAll(() => {
    found = errorsByLine(BODY);
  });

  it("completes `name` with the catalog's 20 event names", () => {
    const at = source.indexOf(COMPLETE) + COMPLETE.indexOf("'") + 1;
    const names = service.getCompletionsAtPosition(FILE, at, {})?.entries.map((e) => e.name) ?? [];
    expect(Object.keys(catalog)).toHaveLength(20);
    for (const name of Object.keys(catalog)) expect(names, name).toContain(name);
  });

  it('says purchaseComplete is backend only, and where to send it from', () => {
    const [message, ...rest] = found[lineOf(PURCHASE)];
    expect(rest).toEqual([]);
    expect(message).toContain('"purchaseComplete is backend only: send it from your server with novin-sdk/server"');
  });

  it('shows plain field types in errors, never the catalog encoding', () => {
    for (const [line, expected] of Object.entries(CASES)) {
      const messages = found[lineOf(line)];
      expect(messages, line).toHaveLength(1);
      expect(messages[0], line).toContain(expected);
      expect(messages[0], line).not.toMatch(ENCODED);
    }
  });

  it('shows the properties of an event as plain types on hover', () => {
    expect(found[lineOf(HOVER)]).toEqual([]);
    const info = service.getQuickInfoAtPosition(FILE, source.indexOf(HOVER) + HOVER.indexOf('properties'));
    const text = ts.displayPartsToString(info?.displayParts);
    expect(text).toContain('itemName?: string');
    expect(text).not.toMatch(ENCODED);
  });

  it('has no window.novin without novin-sdk/global', () => {
    expect(found[lineOf(WINDOW.split('\n')[0])].join('\n')).toMatch(/Property 'novin' does not exist on type 'Window/);
  });
});

describe('novin-sdk/global', () => {
  it('types window.novin and window.novinConfig for pages that use the script tag', () => {
    const found = errorsByLine(`import type {} from '../../src/global-types.js';\n${WINDOW}\nwindow.novin?.event.send({ name: 'itemView' });\n`);
    expect(found.slice(0, 3).flat()).toEqual([]);
    // Typed, not any: a broken event is an error.
    expect(found[3]).toHaveLength(1);
  });

  it('is the entry point package.json exports as novin-sdk/global', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.exports['./global']).toEqual({ types: './dist/global.d.ts', default: './dist/global.mjs' });
  });
});
