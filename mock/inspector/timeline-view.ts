import type { InspectorDom } from './dom.js';
import type { countsView } from './counts-view.js';
import type { RowView, rowView } from './row-view.js';

/** What the timeline view needs from the page around it. */
export interface TimelineHost {
  /** Opens a table tab, filtered to this text. */
  openTable(name: string, filter: string): void;
  /** The header's summary arrived (counts, retained, dropped, sections). */
  summary(s: Record<string, unknown>): void;
}

/**
 * The timeline: one compact row per event or refusal, newest first, fetched incrementally
 * (`?after=` the newest row seen, `?since=` the revision seen, so only what changed comes);
 * older rows on demand. Rows never re-render: new ones are inserted above (or held while
 * paused), changed ones patched in place, so reading and selecting are never disturbed.
 * Served as source (see bundle.ts): nothing outside its body.
 */
export function timelineView(dom: InspectorDom, host: TimelineHost, makeRows: typeof rowView, makeCounts: typeof countsView) {
  type Row = Record<string, any>;
  type View = ReturnType<RowView['make']>;
  const { el, byId, button, clock, jsonBlock, facts } = dom;
  const PAGE = 100;
  // Rows held while paused, at most; beyond, resume reloads the newest page instead.
  const HELD_MAX = 5 * PAGE;
  const list = byId<HTMLOListElement>('timeline')!;
  const views = new Map<number, View>();
  let epoch = '';
  let since = -1;
  let mark = '';
  // Newest seq already considered, oldest seq loaded; rows held back while paused.
  let top = 0;
  let bottom = Infinity;
  let held: Row[] = [];
  let heldOverflow = false;
  // While paused, nothing above or in the list is redrawn: row changes, the counts and the
  // visitor card wait for resume, since any of them can move rows or drop a text selection.
  const heldPatches = new Map<number, Row>();
  let heldVisitor = false;
  let paused = false;
  let selected: number | undefined;
  // One fetch at a time: a poll must not interleave with a reload the filters started.
  let chain: Promise<void> = Promise.resolve();
  const serial = (fn: () => Promise<void>): Promise<void> => (chain = chain.then(fn, fn));
  // A click or keystroke starts a fetch nobody awaits: a failure shows in the header, via the poll loop.
  const quietly = (p: Promise<void>) => void p.catch(() => undefined);
  const rowViews: RowView = makeRows(dom, {
    openTable: (name, filter) => host.openTable(name, filter),
    setVisitor: (id) => setVisitor(id),
    toggled(seq, open) {
      if (open) selected = seq;
      else if (selected === seq) selected = undefined;
    },
  });

  // A chip filters to its event name: the select changed, the list reloads.
  const counts = makeCounts(dom, () => quietly(reload()));

  const input = (id: string) => byId<HTMLInputElement | HTMLSelectElement>(id)!;
  const FILTERS: Array<[param: string, id: string]> = [['name', 'f-name'], ['visitor', 'f-visitor'], ['source', 'f-source'], ['status', 'f-status'], ['q', 'f-q']];
  function query(extra: Record<string, string | number>): string {
    const p = new URLSearchParams();
    for (const [param, id] of FILTERS) if (input(id).value.trim()) p.set(param, input(id).value.trim());
    for (const [k, v] of Object.entries(extra)) p.set(k, String(v));
    return `/inspector/timeline?${p}`;
  }

  function insertTop(rows: Row[]): void {
    const frag = document.createDocumentFragment();
    for (const r of rows) {
      if (views.has(r.seq)) continue;
      const v = rowViews.make(r);
      views.set(r.seq, v);
      frag.append(v.li);
    }
    list.prepend(frag);
  }

  function appendBottom(rows: Row[]): void {
    for (const r of rows) {
      if (views.has(r.seq)) continue;
      const v = rowViews.make(r);
      views.set(r.seq, v);
      list.append(v.li);
      bottom = Math.min(bottom, r.seq);
    }
  }

  function endNote(more: boolean, s?: Row): void {
    const older = byId<HTMLButtonElement>('older')!;
    older.hidden = !more;
    const note = byId('timeline-end')!;
    if (more) return void (note.textContent = '');
    const dropped = s?.dropped as Row | undefined;
    const lost = (dropped?.events ?? 0) + (dropped?.refused ?? 0);
    note.textContent = lost
      ? `Older rows are not in memory: ${dropped!.events} events and ${dropped!.refused} refusals were dropped (the mock keeps the newest ${s!.maxEvents}; start it with --max-events to keep more). Counts above are exact; with --data the journal keeps everything.`
      : views.size ? 'Start of the session.' : 'Nothing matches yet.';
  }

  let lastSummary: Row | undefined;
  function takeSummary(s: Row | undefined, at: string): void {
    if (!s) return;
    mark = at;
    lastSummary = s;
    host.summary(s);
    if (!paused) counts.render(s);
  }

  /** Drops what is shown and loads the newest page for the current filters (keeping an open row open). */
  const reload = () => serial(load);
  async function load(): Promise<void> {
    const keep = selected;
    const res = await dom.getJson<Row>(query({ limit: PAGE }));
    epoch = res.epoch;
    since = res.revision;
    top = res.last;
    bottom = Infinity;
    held = [];
    heldOverflow = false;
    heldPatches.clear();
    heldVisitor = false;
    views.clear();
    list.replaceChildren();
    appendBottom(res.rows);
    if (keep !== undefined) views.get(keep)?.toggle.set(true);
    takeSummary(res.summary, res.mark);
    endNote(res.more, lastSummary);
    updatePause();
    quietly(refreshVisitor());
  }

  const poll = () => serial(next);
  async function next(): Promise<void> {
    const res = await dom.getJson<Row>(query({ after: top, since, mark, limit: 200 }));
    if (res.epoch !== epoch || res.stale || (res.more && !paused)) return load();
    const moved = res.revision !== since;
    since = res.revision;
    if (res.rows.length) {
      top = Math.max(top, res.rows[0].seq);
      if (paused) held = [...res.rows, ...held];
      else insertTop(res.rows);
    }
    if (res.more || held.length > HELD_MAX) {
      heldOverflow = true;
      held = [];
    }
    top = Math.max(top, res.last);
    for (const r of res.updated) {
      // A held row is replaced, so it shows the change once it goes in.
      const h = held.findIndex((x) => x.seq === r.seq);
      if (h >= 0) held[h] = r;
      else if (paused) heldPatches.set(r.seq, r);
      else views.get(r.seq)?.patch(r);
    }
    takeSummary(res.summary, res.mark);
    updatePause();
    if (moved && input('f-visitor').value.trim()) {
      if (paused) heldVisitor = true;
      else quietly(refreshVisitor());
    }
  }

  const older = () => serial(loadOlder);
  async function loadOlder(): Promise<void> {
    if (bottom === Infinity) return;
    const res = await dom.getJson<Row>(query({ before: bottom, limit: PAGE }));
    appendBottom(res.rows);
    endNote(res.more, lastSummary);
  }

  function updatePause(): void {
    const b = byId<HTMLButtonElement>('pause')!;
    b.setAttribute('aria-pressed', String(paused));
    b.textContent = paused ? `Resume${held.length || heldOverflow ? ` (${heldOverflow ? 'many' : held.length} new)` : ''}` : 'Pause';
  }

  function setPaused(p: boolean): void {
    paused = p;
    if (!p && heldOverflow) return quietly(reload());
    if (!p) {
      // Rows held while paused go in above; what the reader looked at stays where it was.
      insertTop(held);
      held = [];
      for (const [seq, r] of heldPatches) views.get(seq)?.patch(r);
      heldPatches.clear();
      if (lastSummary) counts.render(lastSummary);
      if (heldVisitor) quietly(refreshVisitor());
      heldVisitor = false;
    }
    updatePause();
  }

  function setVisitor(id: string): void {
    input('f-visitor').value = id;
    quietly(reload());
    byId('timeline')?.scrollIntoView?.({ block: 'start' });
  }

  /** The visitor card: the ids tied together, where the anonymous visitor became a user, and their totals. */
  async function refreshVisitor(): Promise<void> {
    const id = input('f-visitor').value.trim();
    const card = byId('visitor')!;
    if (!id) return void (card.hidden = true);
    const v = await dom.getJson<Row>(`/inspector/visitor?id=${encodeURIComponent(id)}`);
    // The reader moved on to another visitor (or none) while this answer was on its way.
    if (input('f-visitor').value.trim() !== id) return;
    const steps = el('ol', 'steps');
    for (const t of v.transitions as Row[]) {
      const li = el('li', undefined, `${clock(t.at)} anonymous ${t.anonymousId} became user ${t.userId} (${t.name}) `);
      li.append(button('show', 'link', () => quietly(jumpTo(t.seq))));
      steps.append(li);
    }
    const loyalty = (v.loyalty as Row[]).map((l) => `${l.user}: ${Object.entries(l.totals).map(([f, n]) => `${f} ${n}`).join(', ')}`).join('; ');
    const goals = (v.goals as Row[]).map((g) => `${g.goalCode} ${g.completedAt ? 'completed' : g.timedOutAt ? 'timed out' : 'open'}`).join(', ');
    card.replaceChildren(
      el('h2', undefined, `Visitor ${id}`),
      facts([
        ['anonymous ids', (v.anonymousIds as string[]).join(', ') || undefined],
        ['user ids', (v.userIds as string[]).join(', ') || undefined],
        ['became a user', v.transitions.length ? steps : 'not yet: every event so far is anonymous'],
        ['loyalty', loyalty || undefined],
        ['goals', goals || undefined],
        ['user record', (v.users as Row[]).length ? jsonBlock((v.users as Row[]).map((u) => u.record), 'Copy record') : undefined],
        ['push', (v.pushSubscriptions as Row[]).length ? `${v.pushSubscriptions.length} subscription(s)` : undefined],
      ]),
      button('Close visitor view', 'link', () => {
        input('f-visitor').value = '';
        quietly(reload());
      }),
    );
    card.hidden = false;
  }

  /** Opens a row by seq, paging back to it when it is older than what is loaded. */
  async function jumpTo(seq: number): Promise<void> {
    for (let i = 0; i < 20 && !views.has(seq) && bottom !== Infinity && bottom > seq; i++) await older();
    await chain;
    const v = views.get(seq);
    if (!v) return;
    v.toggle.set(true);
    v.li.scrollIntoView?.({ block: 'center' });
    (v.li.firstElementChild as HTMLElement).focus();
  }

  let debounce: ReturnType<typeof setTimeout> | undefined;
  for (const [, id] of FILTERS)
    input(id).addEventListener('input', () => {
      clearTimeout(debounce);
      debounce = setTimeout(() => quietly(reload()), 250);
    });
  byId('f-clear')?.addEventListener('click', () => {
    for (const [, id] of FILTERS) input(id).value = '';
    quietly(reload());
  });
  byId('older')?.addEventListener('click', () => quietly(older()));
  dom.arrowKeys(list, 'button.sum');

  return { poll, reload, setPaused, isPaused: () => paused, setVisitor };
}

export type TimelineView = ReturnType<typeof timelineView>;
