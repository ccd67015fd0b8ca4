/**
 * DOM helpers of the inspector page, shared by its views. Served as source (see bundle.ts):
 * nothing here may use anything outside its own body. All text reaches the page through
 * textContent: events carry whatever a site (or an attacker) sent.
 */
export function inspectorDom() {
  type Attrs = Record<string, string | undefined>;

  function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string, attrs: Attrs = {}): HTMLElementTagNameMap[K] {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    for (const [k, v] of Object.entries(attrs)) if (v !== undefined) e.setAttribute(k, v);
    return e;
  }

  const byId = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T | null;

  /** A plain button with a label (type=button: never submits anything). */
  function button(label: string, cls: string | undefined, onClick: (b: HTMLButtonElement) => void, attrs: Attrs = {}): HTMLButtonElement {
    const b = el('button', cls, label, { type: 'button', ...attrs });
    b.addEventListener('click', () => onClick(b));
    return b;
  }

  const show = (v: unknown): string => (v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));
  const pretty = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v, null, 2) ?? String(v));

  /** `12:03:04.567` in local time, the date in the title. */
  function clock(iso: unknown): string {
    const d = new Date(String(iso));
    if (isNaN(d.getTime())) return show(iso);
    const p = (n: number, w = 2) => String(n).padStart(w, '0');
    return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
  }

  /** A signed duration for people: `+850 ms`, `-42 s`, `+3 min`, `+5 h`, `-2 d`. */
  function duration(ms: number): string {
    const sign = ms < 0 ? '-' : '+';
    const a = Math.abs(ms);
    if (a < 1000) return `${sign}${Math.round(a)} ms`;
    if (a < 120_000) return `${sign}${Math.round(a / 1000)} s`;
    if (a < 7_200_000) return `${sign}${Math.round(a / 60_000)} min`;
    if (a < 172_800_000) return `${sign}${Math.round(a / 3_600_000)} h`;
    return `${sign}${Math.round(a / 86_400_000)} d`;
  }

  /**
   * Pretty JSON with a copy button. The clipboard API needs a secure context (localhost is
   * one); elsewhere the text is selected for Ctrl+C instead.
   */
  function jsonBlock(value: unknown, label = 'Copy JSON'): HTMLElement {
    const box = el('div', 'json-box');
    const pre = el('pre', 'json', pretty(value), { tabindex: '0' });
    const note = el('span', 'copy-note', '', { role: 'status' });
    const select = () => {
      const range = document.createRange();
      range.selectNodeContents(pre);
      const sel = getSelection();
      sel?.removeAllRanges();
      sel?.addRange(range);
      note.textContent = 'selected: press Ctrl+C';
    };
    const copy = button(label, 'copy', () => {
      const text = typeof value === 'string' ? value : JSON.stringify(value, null, 2);
      if (navigator.clipboard?.writeText) navigator.clipboard.writeText(text).then(() => void (note.textContent = 'copied'), select);
      else select();
    });
    box.append(el('div', 'json-tools'), pre);
    box.firstElementChild!.append(copy, note);
    return box;
  }

  /** A definition list of facts: [term, text or element] pairs; empty ones are left out. */
  function facts(pairs: Array<[string, string | Node | undefined]>): HTMLElement {
    const dl = el('dl', 'facts');
    for (const [term, value] of pairs) {
      if (value === undefined || value === '') continue;
      const dd = el('dd');
      dd.append(value);
      dl.append(el('dt', undefined, term), dd);
    }
    return dl;
  }

  let details = 0;
  /**
   * A list row: a summary button that expands a detail built on first open (so a thousand
   * rows cost a thousand buttons, not a thousand JSON trees).
   */
  function expandable(li: HTMLElement, summary: HTMLButtonElement, detail: () => Node, onToggle?: (open: boolean) => void) {
    let box: HTMLElement | undefined;
    const set = (open: boolean) => {
      if (open && !box) {
        box = el('div', 'detail', undefined, { id: `detail-${++details}` });
        box.append(detail());
        li.append(box);
        summary.setAttribute('aria-controls', box.id);
      }
      if (box) box.hidden = !open;
      summary.setAttribute('aria-expanded', String(open));
      li.classList.toggle('open', open);
      onToggle?.(open);
    };
    summary.setAttribute('aria-expanded', 'false');
    summary.addEventListener('click', () => set(summary.getAttribute('aria-expanded') !== 'true'));
    return { set, isOpen: () => summary.getAttribute('aria-expanded') === 'true' };
  }

  /** Arrow keys move between the row buttons of a list; Home and End jump to its ends. */
  function arrowKeys(list: HTMLElement, selector: string): void {
    list.addEventListener('keydown', (ev) => {
      const keys = ['ArrowDown', 'ArrowUp', 'Home', 'End'];
      if (!keys.includes(ev.key) || !(ev.target instanceof HTMLElement) || !ev.target.matches(selector)) return;
      const all = [...list.querySelectorAll<HTMLElement>(selector)];
      const i = all.indexOf(ev.target);
      const next = ev.key === 'Home' ? all[0] : ev.key === 'End' ? all[all.length - 1] : all[i + (ev.key === 'ArrowDown' ? 1 : -1)];
      if (next) {
        ev.preventDefault();
        next.focus();
      }
    });
  }

  async function getJson<T>(path: string): Promise<T> {
    const res = await fetch(path, { cache: 'no-store' });
    if (!res.ok) throw new Error(`${path}: ${res.status}`);
    return (await res.json()) as T;
  }

  return { el, byId, button, show, pretty, clock, duration, jsonBlock, facts, expandable, arrowKeys, getJson };
}

export type InspectorDom = ReturnType<typeof inspectorDom>;
