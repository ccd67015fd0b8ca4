import type { InspectorDom } from './dom.js';

/**
 * The exact count per event name: chips in name order (a click filters to that name, then
 * `picked` reloads the list) and the options of the event-name filter. Updated in place, so a
 * chip that has the keyboard focus keeps it while counts move. Served as source (see
 * bundle.ts): nothing outside its body.
 */
export function countsView(dom: InspectorDom, picked: () => void) {
  type Row = Record<string, any>;
  const { el, byId, button } = dom;
  const CHIPS_MAX = 100;
  const chips = new Map<string, HTMLButtonElement>();
  let names: string[] = [];
  const select = () => byId<HTMLSelectElement>('f-name')!;

  function render(s: Row): void {
    const byName = (s.counts?.byName ?? {}) as Record<string, number>;
    const box = byId('counts')!;
    const current = select().value;
    const all = Object.keys(byName).sort();
    for (const name of all.slice(0, CHIPS_MAX)) {
      let chip = chips.get(name);
      if (!chip) {
        chip = button('', 'chip', () => {
          select().value = select().value === name ? '' : name;
          picked();
        });
        chips.set(name, chip);
        const after = [...chips.keys()].sort().indexOf(name);
        box.insertBefore(chip, box.children[after] ?? null);
      }
      chip.textContent = `${name} ${byName[name].toLocaleString('en')}`;
      chip.classList.toggle('on', name === current);
      chip.setAttribute('aria-pressed', String(name === current));
    }
    if (all.length < chips.size) {
      for (const c of chips.values()) c.remove();
      chips.clear();
      if (all.length) return render(s);
    }
    if (all.join('\n') === names.join('\n')) return;
    names = all;
    const options = [el('option', undefined, 'all events', { value: '' }), ...names.map((n) => el('option', undefined, n, { value: n }))];
    if (current && !names.includes(current)) options.push(el('option', undefined, current, { value: current }));
    select().replaceChildren(...options);
    select().value = current;
  }

  return { render };
}
