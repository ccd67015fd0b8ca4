/** The inspector's stylesheet (`/inspector/app.css`): compact rows, readable at 375 px, visible focus. */
export const INSPECTOR_CSS = `
:root { --ink: #1d2430; --muted: #5f6874; --line: #e3e6eb; --bg: #f6f7f9; --bad: #b3261e; --bad-bg: #fdecea; --warn: #7a4d00; --warn-bg: #fff4d6; --ok: #1e6b3a; --accent: #2456c7; }
* { box-sizing: border-box; }
body { font: 14px/1.4 system-ui, sans-serif; margin: 0; color: var(--ink); background: var(--bg); }
button, input, select { font: inherit; color: inherit; }
:focus-visible { outline: 2px solid var(--accent); outline-offset: 1px; }
.top { padding: 8px 16px; background: var(--ink); color: #fff; display: flex; gap: 8px 20px; align-items: center; flex-wrap: wrap; }
.top h1 { font-size: 17px; margin: 0; }
.top p { margin: 0; flex: 1 1 20em; opacity: .9; }
.top a { color: #9cc4ff; }
.actions { display: flex; gap: 8px; align-items: center; }
.actions button { background: #fff; color: var(--ink); border: 0; border-radius: 4px; padding: 4px 10px; cursor: pointer; }
.actions button[aria-pressed="true"] { background: #ffd86b; }
.actions button.armed { background: var(--bad); color: #fff; }
.tabs { display: flex; gap: 2px; padding: 0 16px; background: #fff; border-bottom: 1px solid var(--line); overflow-x: auto; }
.tabs button { background: none; border: 0; border-bottom: 3px solid transparent; padding: 8px 10px; cursor: pointer; white-space: nowrap; color: var(--muted); }
.tabs button[aria-current="page"] { border-bottom-color: var(--accent); color: var(--ink); font-weight: 600; }
main { padding: 8px 16px 40px; }
.filters { display: flex; flex-wrap: wrap; gap: 6px 12px; align-items: end; margin: 4px 0 8px; }
.filters label, .table-filter-label { display: flex; flex-direction: column; font-size: 12px; color: var(--muted); gap: 2px; }
.filters .wide { flex: 1 1 14em; }
.filters input, .filters select, .table-filter { padding: 4px 6px; border: 1px solid #c8cdd4; border-radius: 4px; background: #fff; min-width: 0; }
.filters button, #older { padding: 4px 10px; border: 1px solid #c8cdd4; border-radius: 4px; background: #fff; cursor: pointer; }
.counts { display: flex; flex-wrap: wrap; gap: 4px; margin: 0 0 8px; }
.chip { border: 1px solid var(--line); background: #fff; border-radius: 12px; padding: 1px 8px; font-size: 12px; cursor: pointer; }
.chip.on { background: var(--accent); color: #fff; border-color: var(--accent); }
.visitor { background: #fff; border: 1px solid #b9c9ef; border-radius: 6px; padding: 8px 12px; margin: 0 0 8px; }
.visitor h2 { font-size: 15px; margin: 0 0 4px; word-break: break-all; }
.steps { margin: 0; padding-left: 1.2em; }
.timeline, .table { list-style: none; margin: 0; padding: 0; background: #fff; border: 1px solid var(--line); border-radius: 6px; }
.row { border-bottom: 1px solid var(--line); }
.row:last-child { border-bottom: 0; }
.sum { display: grid; width: 100%; text-align: left; background: none; border: 0; padding: 4px 8px; gap: 8px; cursor: pointer; align-items: center; }
.sum:hover { background: #f0f3f8; }
.sum > span { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; min-width: 0; }
.list-head, .table-head { display: grid; gap: 8px; padding: 2px 8px; font-size: 12px; color: var(--muted); }
.timeline .sum, .list-head { grid-template-columns: 6.5rem minmax(7rem, 1.3fr) minmax(5rem, 1fr) minmax(5rem, 1fr) 2rem 4rem minmax(9rem, 1.4fr); }
.list-head { padding: 2px 9px; }
.c-time, .c-user, .c-anon { font-family: ui-monospace, monospace; font-size: 12px; }
.c-name { font-weight: 600; }
.c-reason { grid-column: span 2; color: var(--bad); }
.c-status { display: flex; gap: 4px; flex-wrap: wrap; white-space: normal !important; }
.why { flex: 1 1 0; min-width: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; color: var(--bad); font-size: 12px; }
.row.refusal { background: var(--bad-bg); }
.row.became { box-shadow: inset 4px 0 0 var(--ok); }
.row.refusal .c-name { color: var(--bad); }
.row.open > .sum { background: #e8eefb; }
.badge { font-size: 11px; border-radius: 3px; padding: 0 5px; border: 1px solid transparent; white-space: nowrap; }
.badge.ok { color: var(--ok); border-color: #b7dcc3; }
.badge.bad { color: #fff; background: var(--bad); }
.badge.dup { background: #e9e3fb; color: #4b2a9a; }
.badge.warn { background: var(--warn-bg); color: var(--warn); border-color: #f0d48a; }
.badge.skew { background: #ffe3cc; color: #8a3a00; }
.badge.became { background: #dff3e6; color: var(--ok); }
.badge.goal { background: #e0efff; color: #1b4f9c; }
.detail { padding: 6px 12px 10px; border-top: 1px dashed var(--line); background: #fcfcfd; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 0 0 6px; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; min-width: 0; overflow-wrap: anywhere; }
.warnings, .reasons { margin: 0; padding-left: 1.2em; }
.warnings li { color: var(--warn); }
.reasons li { color: var(--bad); font-weight: 600; }
.link { background: none; border: 0; padding: 0 4px; color: var(--accent); text-decoration: underline; cursor: pointer; }
.json-tools { display: flex; gap: 8px; align-items: center; margin: 4px 0; }
.copy { padding: 2px 8px; border: 1px solid #c8cdd4; border-radius: 4px; background: #fff; cursor: pointer; }
.copy-note { color: var(--muted); font-size: 12px; }
.json { font-family: ui-monospace, monospace; font-size: 12px; background: #f3f5f8; border-radius: 4px; padding: 8px; margin: 0; max-height: 24em; overflow: auto; white-space: pre-wrap; overflow-wrap: anywhere; }
.end { color: var(--muted); font-size: 13px; }
.empty { color: #7a828c; font-style: italic; }
.tables h2 { font-size: 15px; margin: 14px 0 6px; }
.count { color: var(--muted); font-weight: normal; font-size: 13px; }
.table .sum, .table-head { grid-template-columns: repeat(var(--n, 4), minmax(0, 1fr)); }
.cols-2 { --n: 2; } .cols-3 { --n: 3; } .cols-4 { --n: 4; } .cols-5 { --n: 5; } .cols-6 { --n: 6; } .cols-7 { --n: 7; } .cols-8 { --n: 8; }
.hint code { font-size: 12px; overflow-wrap: anywhere; }
.table-filter-label { max-width: 24em; margin-top: 8px; }
@media (max-width: 700px) {
  .top { padding: 8px 10px; }
  main { padding: 6px 8px 32px; }
  .tabs { padding: 0 4px; }
  .list-head, .table-head { display: none; }
  .filters label { flex: 1 1 45%; }
  .timeline .sum { grid-template-columns: minmax(0, 1fr) auto; grid-template-areas: "name status" "user anon" "time src"; row-gap: 0; }
  .c-name { grid-area: name; } .c-status { grid-area: status; justify-content: end; } .c-user { grid-area: user; } .c-anon { grid-area: anon; }
  .c-time { grid-area: time; } .c-src { grid-area: src; text-align: right; color: var(--muted); } .c-ab { display: none; }
  .c-reason { grid-area: user / user / anon / anon; white-space: normal !important; }
  .table .sum { grid-template-columns: 1fr 1fr; }
  .facts { grid-template-columns: 1fr; }
  .facts dt { margin-top: 4px; }
}
`;
