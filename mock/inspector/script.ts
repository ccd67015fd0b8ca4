/**
 * The inspector page's script. Served as `(${inspectorScript})()` from its own path, so it
 * must not use anything outside its own body. Every value from the state reaches the page
 * through textContent: events carry whatever a site (or an attacker) sent.
 */
export function inspectorScript(): void {
  type Row = Record<string, unknown>;
  type Column = [title: string, value: (r: Row) => unknown];
  const SHOWN = 200;
  let last = '';

  const el = (tag: string, text?: string, cls?: string): HTMLElement => {
    const e = document.createElement(tag);
    if (text !== undefined) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  };
  const show = (v: unknown): string =>
    v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v, null, 1) : String(v);

  function table(id: string, rows: Row[], columns: Column[], newestFirst = true): void {
    const box = document.getElementById(id);
    if (!box) return;
    const count = document.getElementById(`count-${id}`);
    if (count) count.textContent = `(${rows.length})`;
    if (!rows.length) return void box.replaceChildren(el('p', 'nothing yet', 'empty'));
    const t = el('table');
    const head = el('tr');
    for (const [title] of columns) head.append(el('th', title));
    t.append(head);
    // Logs newest first, and only the latest few: the JSON has them all.
    const shown = rows.slice(-SHOWN);
    for (const r of newestFirst ? shown.reverse() : shown) {
      const tr = el('tr');
      for (const [, value] of columns) {
        const v = value(r);
        tr.append(el('td', show(v), typeof v === 'object' && v !== null ? 'json' : undefined));
      }
      t.append(tr);
    }
    box.replaceChildren(t);
  }

  /** `{project: {id: record}}` as rows with the project and id in front. */
  const flatten = (map: unknown, key: string): Row[] =>
    Object.entries((map ?? {}) as Record<string, Record<string, Row>>).flatMap(([projectId, byId]) =>
      Object.entries(byId).map(([id, r]) => ({ projectId, [key]: id, record: r })),
    );

  function render(s: Record<string, unknown>): void {
    const list = (k: string) => (Array.isArray(s[k]) ? (s[k] as Row[]) : []);
    const ev = (r: Row) => (r.event ?? {}) as Row;
    table('events', list('events'), [
      ['received', (r) => r.receivedAt],
      ['from', (r) => r.source],
      ['project', (r) => r.projectId],
      ['name', (r) => ev(r).name],
      ['userId', (r) => ev(r).userId],
      ['anonymousId', (r) => ev(r).anonymousId],
      ['messageId', (r) => ev(r).messageId],
      ['event', (r) => ev(r)],
    ]);
    table('faults', list('faults'), [
      ['id', (r) => r.id],
      ['method', (r) => r.method ?? 'any'],
      ['path', (r) => r.path],
      ['answer', (r) => (r.drop ? 'drop the connection' : r.status === undefined ? 'real answer, late' : r.status)],
      ['Retry-After', (r) => r.retryAfter],
      ['delay ms', (r) => r.delayMs],
      ['remaining', (r) => r.remaining],
    ], false);
    table('refused', list('refused'), [
      ['at', (r) => r.at],
      ['request', (r) => r.endpoint],
      ['status', (r) => r.status],
      ['name', (r) => r.name],
      ['messageId', (r) => r.messageId],
      ['reasons', (r) => (r.reasons as string[]).join('\n')],
    ]);
    table('users', flatten(s.users, 'userId'), [['project', (r) => r.projectId], ['userId', (r) => r.userId], ['user', (r) => r.record]], false);
    table('items', flatten(s.items, 'itemId'), [['project', (r) => r.projectId], ['itemId', (r) => r.itemId], ['item', (r) => r.record]], false);
    table('goals', list('goals'), [
      ['code', (r) => r.code],
      ['name', (r) => r.name],
      ['type', (r) => (r.event ? `${r.type} (${r.event})` : r.type)],
      ['segment (active, not completed, not timed out)', (r) => (r.segment as string[]).join(', ')],
    ], false);
    table('userGoals', list('userGoals'), [
      ['user', (r) => r.userId],
      ['goal', (r) => r.goalCode],
      ['created', (r) => r.createdAt],
      ['times out', (r) => r.timeoutAt],
      ['completed', (r) => r.completedAt],
      ['timed out', (r) => r.timedOutAt],
    ]);
    table('goalEvents', list('goalEvents'), [['at', (r) => r.at], ['event', (r) => r.type], ['user', (r) => r.userId], ['goal', (r) => r.goalCode]]);
    table('workflowRuns', list('workflowRuns'), [
      ['at', (r) => r.at],
      ['workflow', (r) => r.workflow],
      ['mode', (r) => (r.test ? 'test' : 'live')],
      ['event', (r) => r.eventName],
      ['user', (r) => r.userId ?? r.anonymousId],
    ]);
    const loyalty = Object.entries((s.loyalty ?? {}) as Record<string, Record<string, Record<string, number>>>).flatMap(([projectId, byUser]) =>
      Object.entries(byUser).flatMap(([user, totals]) => Object.entries(totals).map(([field, total]) => ({ projectId, user, field, total }))),
    );
    table('loyalty', loyalty, [['project', (r) => r.projectId], ['user', (r) => r.user], ['field', (r) => r.field], ['total', (r) => r.total]], false);
    table('pushSubscriptions', list('pushSubscriptions'), [
      ['since', (r) => r.createdAt],
      ['project', (r) => r.projectId],
      ['endpoint', (r) => r.endpoint],
      ['anonymousId', (r) => r.anonymousId],
      ['userId', (r) => r.userId],
    ]);
    const status = document.getElementById('status');
    if (status) status.textContent = `${list('events').length} events, ${String(s.requests)} API requests, clock ${String(s.now)}`;
  }

  async function poll(): Promise<void> {
    try {
      const rev = await (await fetch('/inspector/revision', { cache: 'no-store' })).text();
      if (rev !== last) {
        const res = await fetch('/inspector/state', { cache: 'no-store' });
        render((await res.json()) as Record<string, unknown>);
        last = rev;
      }
    } catch {
      const status = document.getElementById('status');
      if (status) status.textContent = 'mock server not reachable; retrying…';
      last = '';
    }
    setTimeout(() => void poll(), 700);
  }
  void poll();
}
