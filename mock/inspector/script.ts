import type { countsView } from './counts-view.js';
import type { InspectorDom, inspectorDom } from './dom.js';
import type { rowView } from './row-view.js';
import type { TablesView, tablesView } from './tables-view.js';
import type { TimelineView, timelineView } from './timeline-view.js';

/**
 * The inspector page's entry: tabs, the header (exact counts, what memory keeps), pause and
 * reset, and one poll loop that asks the timeline for what changed and refetches a table tab
 * only when its section moved. Served as source with its parts as arguments (see bundle.ts).
 */
export function inspectorScript(makeDom: typeof inspectorDom, makeTimeline: typeof timelineView, makeTables: typeof tablesView, makeRows: typeof rowView, makeCounts: typeof countsView): void {
  type Row = Record<string, any>;
  const POLL_MS = 700;
  const dom: InspectorDom = makeDom();
  const { byId } = dom;
  let tab = 'timeline';
  let sections: Row = {};
  let timeline: TimelineView;
  let tables: TablesView;
  let failing = false;

  const status = (text: string) => void (byId('status')!.textContent = text);
  const n = (v: unknown) => Number(v ?? 0).toLocaleString('en');

  function summary(s: Row): void {
    sections = { ...s.sections, faults: s.faults };
    for (const [name, size] of Object.entries((s.sizes ?? {}) as Record<string, number>)) {
      const count = byId(`count-${name}`);
      if (count) count.textContent = `(${n(size)})`;
    }
    const c = s.counts ?? {};
    const dropped = (s.dropped?.events ?? 0) + (s.dropped?.refused ?? 0);
    status(
      `${n(c.events)} events · ${n(c.refused)} refused · ${n(c.duplicates)} duplicates · ${n(c.warnings)} with warnings · ${n(s.requests)} API requests` +
        (dropped ? ` · memory keeps the newest ${n(s.maxEvents)} rows (${n(dropped)} dropped)` : '') +
        (s.sizes?.faults ? ` · ${n(s.sizes.faults)} fault(s) pending` : ''),
    );
  }

  function show(name: string): void {
    tab = name;
    for (const b of document.querySelectorAll<HTMLButtonElement>('nav.tabs button'))
      b.setAttribute('aria-current', b.dataset.tab === name ? 'page' : 'false');
    for (const sec of document.querySelectorAll<HTMLElement>('main > section')) sec.hidden = sec.id !== `tab-${name}`;
    if (name !== 'timeline') void tables.refresh(name, sections[name] ?? -1).catch(() => undefined);
    if (location.hash !== `#${name}`) history.replaceState(null, '', `#${name}`);
  }

  timeline = makeTimeline(dom, {
    summary,
    openTable(name, filter) {
      show(name);
      void tables.refresh(name, sections[name] ?? -1).then(() => tables.filter(name, filter), () => undefined);
    },
  }, makeRows, makeCounts);
  tables = makeTables(dom, (id) => {
    show('timeline');
    timeline.setVisitor(id);
  });

  for (const b of document.querySelectorAll<HTMLButtonElement>('nav.tabs button')) b.addEventListener('click', () => show(b.dataset.tab!));
  byId('pause')!.addEventListener('click', () => timeline.setPaused(!timeline.isPaused()));

  // Two steps instead of confirm(): a dialog would block the page (and tests).
  const reset = byId<HTMLButtonElement>('reset')!;
  let armed: ReturnType<typeof setTimeout> | undefined;
  reset.addEventListener('click', () => {
    if (!armed) {
      reset.textContent = 'Really forget everything?';
      reset.classList.add('armed');
      armed = setTimeout(() => {
        armed = undefined;
        reset.textContent = 'Reset';
        reset.classList.remove('armed');
      }, 4000);
      return;
    }
    clearTimeout(armed);
    armed = undefined;
    reset.textContent = 'Reset';
    reset.classList.remove('armed');
    void fetch('/inspector/reset', { method: 'POST' }).then(() => timeline.reload()).catch(() => undefined);
  });

  async function loop(): Promise<void> {
    try {
      await timeline.poll();
      if (tab !== 'timeline' && !timeline.isPaused()) await tables.refresh(tab, sections[tab] ?? -1);
      failing = false;
    } catch {
      if (!failing) status('mock server not reachable; retrying…');
      failing = true;
    }
    setTimeout(() => void loop(), document.hidden ? POLL_MS * 4 : POLL_MS);
  }

  const start = location.hash.slice(1);
  show(tables.names.includes(start) ? start : 'timeline');
  void timeline.reload().catch(() => status('mock server not reachable; retrying…')).finally(() => setTimeout(() => void loop(), POLL_MS));
}
