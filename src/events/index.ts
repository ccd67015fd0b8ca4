export { catalog, itemsListFields, CUSTOM_NAME, WORKFLOW_PATH } from './catalog.js';
export { eventDocs } from './docs.js';
export type { CatalogEntry, CatalogName, FieldKind } from './catalog.js';
export { checkEvent, isPlainObject, LIMITS } from './validate.js';
export type { Checked, Mode } from './validate.js';
export type * from './types.js';
