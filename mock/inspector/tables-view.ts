import type { InspectorDom } from './dom.js';

/**
 * The inspector's other tabs: users, items, goals, workflow runs, loyalty totals, push
 * subscriptions and pending faults, each a compact table with a filter box, one row per
 * record, its JSON on click. A tab refetches only when its section changed (the summary's
 * `sections` revisions). Served as source (see bundle.ts): nothing outside its body.
 */
export function tablesView(dom: InspectorDom, showVisitor: (id: string) => void) {
  type Row = Record<string, any>;
  type Column = [title: string, value: (r: Row) => unknown];
  interface Table {
    title: string;
    columns: Column[];
    /** The rows of this table out of the section's JSON. */
    rows(data: Row): Row[];
    total?(data: Row): number;
    /** An id to open the visitor view with. */
    visitor?(r: Row): unknown;
  }
  const { el, byId, button, show, jsonBlock, expandable } = dom;
  const SHOWN = 500;
  const list = (k: string) => (d: Row) => (d[k]?.rows ?? []) as Row[];
  const fields = (o: Row | undefined) => Object.entries(o ?? {}).map(([k, v]) => `${k} ${v}`).join(', ');

  const TABLES: Record<string, Table[]> = {
    users: [{ title: 'Users', columns: [['userId', (r) => r.userId], ['name', (r) => [r.record.firstName, r.record.lastName].filter(Boolean).join(' ')], ['email', (r) => r.record.email], ['mobile', (r) => r.record.mobile], ['type', (r) => r.record.userType], ['project', (r) => r.projectId], ['updated', (r) => r.record.updatedAt]], rows: (d) => d.rows, total: (d) => d.total, visitor: (r) => r.userId }],
    items: [{ title: 'Items', columns: [['itemId', (r) => r.itemId], ['name', (r) => r.record.name], ['price', (r) => r.record.price], ['quantity', (r) => r.record.quantity], ['project', (r) => r.projectId], ['updated', (r) => r.record.updatedAt]], rows: (d) => d.rows, total: (d) => d.total }],
    goals: [
      { title: 'Goals', columns: [['code', (r) => r.code], ['name', (r) => r.name], ['type', (r) => (r.event ? `${r.type}: ${r.event}` : r.type)], ['segment', (r) => `${r.segment.length} active`]], rows: (d) => d.goals ?? [] },
      { title: 'User goals', columns: [['user', (r) => r.userId], ['goal', (r) => r.goalCode], ['created', (r) => r.createdAt], ['state', (r) => (r.completedAt ? `completed ${r.completedAt}` : r.timedOutAt ? `timed out ${r.timedOutAt}` : r.timeoutAt ? `open until ${r.timeoutAt}` : 'open')]], rows: list('userGoals'), total: (d) => d.userGoals?.total, visitor: (r) => r.userId },
      { title: 'Assignments', columns: [['user', (r) => r.userId], ['goals', (r) => r.goals.join(', ')], ['created', (r) => r.createdAt], ['outcome', (r) => r.outcome], ['decided', (r) => r.decidedAt]], rows: list('assignments'), total: (d) => d.assignments?.total, visitor: (r) => r.userId },
      { title: 'Goal events', columns: [['at', (r) => r.at], ['event', (r) => r.type], ['user', (r) => r.userId], ['goal', (r) => r.goalCode]], rows: list('goalEvents'), total: (d) => d.goalEvents?.total, visitor: (r) => r.userId },
    ],
    workflowRuns: [{ title: 'Workflow runs', columns: [['at', (r) => r.at], ['workflow', (r) => r.workflow], ['mode', (r) => (r.test ? 'test' : 'live')], ['event', (r) => r.eventName], ['user', (r) => r.userId ?? r.anonymousId], ['messageId', (r) => r.messageId]], rows: (d) => d.rows, total: (d) => d.total, visitor: (r) => r.userId ?? r.anonymousId }],
    loyalty: [{ title: 'Loyalty totals', columns: [['user', (r) => r.user], ['totals', (r) => fields(r.totals)], ['project', (r) => r.projectId]], rows: (d) => d.rows, total: (d) => d.total, visitor: (r) => String(r.user).replace(/^anonymousId:/, '') }],
    pushSubscriptions: [{ title: 'Push subscriptions', columns: [['since', (r) => r.createdAt], ['endpoint', (r) => r.endpoint], ['anonymousId', (r) => r.anonymousId], ['userId', (r) => r.userId], ['project', (r) => r.projectId]], rows: (d) => d.rows, total: (d) => d.total, visitor: (r) => r.userId ?? r.anonymousId }],
    faults: [{ title: 'Pending faults', columns: [['id', (r) => r.id], ['method', (r) => r.method ?? 'any'], ['path', (r) => r.path], ['answer', (r) => (r.drop ? 'drop the connection' : r.status === undefined ? 'real answer, late' : r.status)], ['Retry-After', (r) => r.retryAfter], ['delay ms', (r) => r.delayMs], ['remaining', (r) => r.remaining]], rows: (d) => d.rows, total: (d) => d.total }],
  };

  const seen: Record<string, number> = {};
  const data: Record<string, Row> = {};
  // Rows a reader opened, by table and first two cells: they stay open across refreshes.
  const open = new Set<string>();

  function renderTable(box: HTMLElement, t: Table, d: Row, filter: string): void {
    const all = t.rows(d) ?? [];
    const needle = filter.trim().toLowerCase();
    // Newest first, as in the timeline.
    const rows = (needle ? all.filter((r) => JSON.stringify(r).toLowerCase().includes(needle)) : all).slice(-SHOWN).reverse();
    const total = t.total?.(d) ?? all.length;
    const head = el('h2', undefined, `${t.title} `);
    head.append(el('span', 'count', `${rows.length}${needle ? ` matching of ${all.length}` : ''}${total > all.length ? ` (newest ${all.length} of ${total}; all in /inspector/state)` : ''}`));
    const ol = el('ol', `table cols-${t.columns.length}`);
    const header = el('li', 'table-head', undefined, { 'aria-hidden': 'true' });
    for (const [title] of t.columns) header.append(el('span', undefined, title));
    ol.append(header);
    for (const r of rows) {
      const li = el('li', 'row');
      const sum = el('button', 'sum', undefined, { type: 'button' });
      for (const [title, value] of t.columns) {
        const text = show(value(r));
        sum.append(el('span', undefined, text, { title: text ? `${title}: ${text}` : undefined }));
      }
      li.append(sum);
      const key = `${t.title}\n${show(t.columns[0][1](r))}\n${show(t.columns[1][1](r))}`;
      sum.dataset.key = key;
      const toggle = expandable(li, sum, () => {
        const frag = document.createDocumentFragment();
        const id = t.visitor?.(r);
        if (typeof id === 'string' && id) frag.append(button(`visitor ${id} in the timeline`, 'link', () => showVisitor(id)));
        frag.append(jsonBlock(r));
        return frag;
      }, (isOpen) => void (isOpen ? open.add(key) : open.delete(key)));
      if (open.has(key)) toggle.set(true);
      ol.append(li);
    }
    box.append(head, rows.length ? ol : el('p', 'empty', needle ? 'nothing matches' : 'nothing yet'));
    dom.arrowKeys(ol, 'button.sum');
  }

  function render(name: string): void {
    const section = byId(`tab-${name}`);
    const d = data[name];
    if (!section || !d) return;
    const input = section.querySelector<HTMLInputElement>('input.table-filter');
    const box = section.querySelector<HTMLElement>('.tables')!;
    // The row with the keyboard focus gets it back after the redraw.
    const focused = box.contains(document.activeElement) ? (document.activeElement as HTMLElement).dataset.key : undefined;
    box.replaceChildren();
    for (const t of TABLES[name]) renderTable(box, t, d, input?.value ?? '');
    if (focused) [...box.querySelectorAll<HTMLElement>('button.sum')].find((b) => b.dataset.key === focused)?.focus();
  }

  /** Builds the tab's filter box once. */
  function setUp(name: string): void {
    const section = byId(`tab-${name}`);
    if (!section || section.querySelector('.tables')) return;
    const label = el('label', 'table-filter-label', 'Filter ');
    const input = el('input', 'table-filter', undefined, { type: 'search', placeholder: 'any text', 'aria-label': `Filter ${name}` });
    input.addEventListener('input', () => render(name));
    label.append(input);
    section.append(label, el('div', 'tables'));
  }

  return {
    names: Object.keys(TABLES),
    /** Fetches the tab's data when its section moved (or it was never fetched), then draws it. */
    async refresh(name: string, revision: number, force = false): Promise<void> {
      setUp(name);
      if (!force && seen[name] === revision) return;
      data[name] = await dom.getJson<Row>(`/inspector/table/${name}`);
      seen[name] = revision;
      render(name);
    },
    /** Opens with the filter box set (from a link in the timeline). */
    filter(name: string, text: string): void {
      setUp(name);
      const input = byId(`tab-${name}`)?.querySelector<HTMLInputElement>('input.table-filter');
      if (input) input.value = text;
      render(name);
    },
  };
}

export type TablesView = ReturnType<typeof tablesView>;
