import { countsView } from './counts-view.js';
import { inspectorDom } from './dom.js';
import { rowView } from './row-view.js';
import { inspectorScript } from './script.js';
import { tablesView } from './tables-view.js';
import { timelineView } from './timeline-view.js';

/**
 * `/inspector/app.js`: the page's parts as source, the entry called with the others as
 * arguments. Each part is a self-contained function, so the page gets exactly this code
 * with no bundler or framework in between.
 */
export const INSPECTOR_SCRIPT = `(${inspectorScript.toString()})(${inspectorDom.toString()}, ${timelineView.toString()}, ${tablesView.toString()}, ${rowView.toString()}, ${countsView.toString()});\n`;
