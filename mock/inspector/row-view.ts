import type { InspectorDom } from './dom.js';

/** What a row's links and toggles do in the page around it. */
export interface RowActions {
  openTable(name: string, filter: string): void;
  setVisitor(id: string): void;
  toggled(seq: number, open: boolean): void;
}

/**
 * One timeline row: the compact summary (time, name, ids, AB, source, status and badges) and
 * the details built on first open (facts, warnings, loyalty and goal links, the JSON; for a
 * refusal its reasons and payload). Served as source (see bundle.ts): nothing outside its body.
 */
export function rowView(dom: InspectorDom, go: RowActions) {
  type Row = Record<string, any>;
  const { el, button, show, clock, duration, jsonBlock, facts, expandable } = dom;
  const SKEW_NOTABLE_MS = 60_000;

  const isEvent = (r: Row) => r.kind === 'event';
  const nameOf = (r: Row): string => (isEvent(r) ? r.event?.name : r.name ?? r.endpoint) ?? '(no name)';
  const idsOf = (r: Row): Row => (isEvent(r) ? r.event : r.payload && typeof r.payload === 'object' ? r.payload : {}) ?? {};

  function statusText(r: Row): string {
    if (isEvent(r)) return 'ok';
    if (r.status === 0) return 'dropped';
    return r.status === 200 ? 'refused' : `refused ${r.status}`;
  }

  function badgesOf(r: Row): HTMLElement[] {
    const out = [el('span', `badge status ${isEvent(r) ? 'ok' : 'bad'}`, statusText(r))];
    if (r.duplicates) out.push(el('span', 'badge dup', `×${r.duplicates + 1}`, { title: `received ${r.duplicates + 1} times; counted once` }));
    if (r.warnings?.length) out.push(el('span', 'badge warn', `⚠ ${r.warnings.length}`, { title: r.warnings.join('\n') }));
    if (Math.abs(r.skewMs ?? 0) >= SKEW_NOTABLE_MS) out.push(el('span', 'badge skew', `clock ${skewText(r.skewMs)}`, { title: 'the sending device\'s clock, by its sentAt against our receive time' }));
    if (r.became) out.push(el('span', 'badge became', `→ ${r.became}`, { title: `the anonymous visitor became user ${r.became} here` }));
    if (r.goalsCompleted?.length) out.push(el('span', 'badge goal', '✓ goal', { title: `completed ${r.goalsCompleted.join(', ')}` }));
    // A refusal whose ids fill their columns names its first reason here.
    if (!isEvent(r) && (idsOf(r).userId !== undefined || idsOf(r).anonymousId !== undefined)) out.push(el('span', 'why', show(r.reasons?.[0])));
    return out;
  }

  /** received − sentAt as people say it: how far the sending device's clock is ahead or behind. */
  function skewText(skewMs: number): string {
    const d = duration(Math.abs(skewMs)).slice(1);
    return skewMs < 0 ? `${d} ahead` : `${d} behind`;
  }

  /** A button that jumps elsewhere in the page (a table, a visitor). */
  const link = (label: string, go: () => void) => button(label, 'link', go);

  function eventFacts(r: Row): HTMLElement {
    const e = r.event ?? {};
    const when = Date.parse(e.time);
    const sent = Date.parse(r.sentAt);
    const warnings = r.warnings?.length ? el('ul', 'warnings') : undefined;
    for (const w of r.warnings ?? []) warnings!.append(el('li', undefined, w));
    const points = r.points?.length ? el('span') : undefined;
    if (points) {
      points.append(`${r.points.map((p: Row) => `${p.field} ${p.delta >= 0 ? '+' : ''}${p.delta}`).join(', ')} for ${r.loyaltyKey} `);
      points.append(link('totals', () => go.openTable('loyalty', r.loyaltyKey)));
    }
    const goals = r.goalsCompleted?.length ? el('span', undefined, `completed ${r.goalsCompleted.join(', ')} `) : undefined;
    goals?.append(link('goals', () => go.openTable('goals', e.userId)));
    const flow = typeof e.workFlowPath === 'string' ? el('span', undefined, `${e.workFlowPath} `) : undefined;
    flow?.append(link('runs', () => go.openTable('workflowRuns', e.messageId)));
    const who = el('span', 'who');
    for (const id of [e.anonymousId, e.userId]) if (typeof id === 'string') who.append(link(`visitor ${id}`, () => go.setVisitor(id)));
    return facts([
        ['received', `${r.receivedAt} (${r.source}, project ${r.projectId})`],
        ['time', e.time === undefined ? undefined : `${e.time}${!isNaN(when) && !isNaN(sent) ? ` (sent ${duration(sent - when).replace(/^\+/, '')} later)` : ''}`],
        ['sentAt', r.sentAt === undefined ? undefined : `${r.sentAt}: ${Math.abs(r.skewMs) < SKEW_NOTABLE_MS ? `the clocks agree (${duration(Math.abs(r.skewMs)).slice(1)} apart, network time included)` : `the device clock is ${skewText(r.skewMs)} of ours`}`],
        ['messageId', `${show(e.messageId)}${r.duplicates ? ` (received ${r.duplicates + 1} times, counted once)` : ''}`],
        ['became', r.became === undefined ? undefined : `anonymous until here; from now on user ${r.became}`],
        ['warnings', warnings],
        ['loyalty', points],
        ['goals', goals],
        ['workflow', flow],
        ['visitor', who.childNodes.length ? who : undefined],
    ]);
  }

  function eventDetail(r: Row): Node {
    const frag = document.createDocumentFragment();
    frag.append(eventFacts(r), jsonBlock(r.event ?? {}));
    return frag;
  }

  function refusalDetail(r: Row): Node {
    const frag = document.createDocumentFragment();
    const reasons = el('ul', 'reasons');
    for (const reason of r.reasons ?? []) reasons.append(el('li', undefined, reason));
    frag.append(
      facts([
        ['at', r.at],
        ['request', `${r.endpoint} → ${r.status === 0 ? 'connection dropped' : r.status}${r.projectId ? ` (project ${r.projectId})` : ''}`],
        ['reasons', reasons],
        ['messageId', r.messageId],
      ]),
      r.payload === undefined ? el('p', 'empty', 'no payload (the request was refused before its body was read)') : jsonBlock(r.payload, 'Copy payload'),
    );
    return frag;
  }

  function make(r: Row) {
    const ids = idsOf(r);
    // The sign-in / sign-up where an anonymous visitor became a user is marked on the row itself.
    const li = el('li', `row ${isEvent(r) ? 'event' : 'refusal'}${r.became ? ' became' : ''}`, undefined, { 'data-seq': String(r.seq) });
    const sum = el('button', 'sum', undefined, { type: 'button' });
    const badges = el('span', 'c-status');
    badges.append(...badgesOf(r));
    const cell = (cls: string, text: string, title?: string) => el('span', cls, text, { title: title ?? (text || undefined) });
    // A refusal without ids shows its first reason where the ids would be.
    const who = isEvent(r) || ids.userId !== undefined || ids.anonymousId !== undefined
      ? [cell('c-user', show(ids.userId)), cell('c-anon', show(ids.anonymousId))]
      : [cell('c-reason', show(r.reasons?.[0]), (r.reasons ?? []).join('\n'))];
    sum.append(
      cell('c-time', clock(isEvent(r) ? r.receivedAt : r.at), isEvent(r) ? r.receivedAt : r.at),
      cell('c-name', nameOf(r)),
      ...who,
      cell('c-ab', show(ids.novinAB)),
      cell('c-src', show(r.source)),
      badges,
    );
    li.append(sum);
    const toggle = expandable(li, sum, () => (isEvent(r) ? eventDetail(r) : refusalDetail(r)), (open) => go.toggled(r.seq, open));
    const view = {
      li,
      row: r,
      badges,
      toggle,
      patch(next: Row): void {
        view.row = next;
        badges.replaceChildren(...badgesOf(next));
        // Only the facts change (a duplicate arrived); the JSON and any selection in it stay.
        if (isEvent(next)) li.querySelector('.detail .facts')?.replaceWith(eventFacts(next));
      },
    };
    return view;
  }

  return { make };
}

export type RowView = ReturnType<typeof rowView>;
