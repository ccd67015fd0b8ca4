export { INSPECTOR_CSS } from './style.js';

/** The inspector's static shell, the same at `/` and `/inspector/`; `/inspector/app.js` fills it. */
export const INSPECTOR_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>novin-mock inspector</title>
<link rel="icon" href="/inspector/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/inspector/app.css">
<script src="/inspector/app.js" defer></script>
</head>
<body>
<header class="top">
  <h1>novin-mock</h1>
  <p id="status">connecting…</p>
  <div class="actions">
    <button id="pause" type="button" aria-pressed="false">Pause</button>
    <button id="reset" type="button" class="danger">Reset</button>
    <a href="/inspector/state">JSON</a>
  </div>
</header>
<nav class="tabs" aria-label="Sections">
  <button type="button" data-tab="timeline" aria-current="page">Timeline</button>
  <button type="button" data-tab="users">Users <span class="n" id="count-users"></span></button>
  <button type="button" data-tab="items">Items <span class="n" id="count-items"></span></button>
  <button type="button" data-tab="goals">Goals <span class="n" id="count-goals"></span></button>
  <button type="button" data-tab="workflowRuns">Workflows <span class="n" id="count-workflowRuns"></span></button>
  <button type="button" data-tab="loyalty">Loyalty <span class="n" id="count-loyalty"></span></button>
  <button type="button" data-tab="pushSubscriptions">Push <span class="n" id="count-pushSubscriptions"></span></button>
  <button type="button" data-tab="faults">Faults <span class="n" id="count-faults"></span></button>
</nav>
<main>
<section id="tab-timeline" aria-label="Timeline">
  <form class="filters" role="search" aria-label="Filter the timeline">
    <label>Event <select id="f-name"><option value="">all events</option></select></label>
    <label>Visitor <input id="f-visitor" type="search" placeholder="anonymousId or userId" autocomplete="off" spellcheck="false"></label>
    <label>Source <select id="f-source"><option value="">all</option><option value="browser">browser</option><option value="server">server</option></select></label>
    <label>Status <select id="f-status"><option value="">all</option><option value="accepted">accepted</option><option value="refused">refused</option><option value="duplicated">duplicated</option><option value="warned">with warnings</option><option value="skewed">clock skew</option></select></label>
    <label class="wide">Search <input id="f-q" type="search" placeholder="any text in the event" autocomplete="off" spellcheck="false"></label>
    <button id="f-clear" type="button">Clear</button>
  </form>
  <div id="counts" class="counts" aria-label="Events per name (click to filter)"></div>
  <section id="visitor" class="visitor" aria-label="Visitor" hidden></section>
  <div class="list-head" aria-hidden="true"><span>received</span><span>event</span><span>userId</span><span>anonymousId</span><span>AB</span><span>source</span><span>status</span></div>
  <ol id="timeline" class="timeline" aria-label="Events and refusals, newest first"></ol>
  <p id="timeline-end" class="end"></p>
  <button id="older" type="button" hidden>Load older rows</button>
</section>
<section id="tab-users" aria-label="Users" hidden></section>
<section id="tab-items" aria-label="Items" hidden></section>
<section id="tab-goals" aria-label="Goals" hidden></section>
<section id="tab-workflowRuns" aria-label="Workflow runs" hidden></section>
<section id="tab-loyalty" aria-label="Loyalty totals" hidden></section>
<section id="tab-pushSubscriptions" aria-label="Push subscriptions" hidden></section>
<section id="tab-faults" aria-label="Pending faults" hidden>
  <p class="hint">Faults make the mock fail on purpose: <code>curl -X POST localhost:8787/inspector/faults -d '{"path": "/api/sdk/events", "status": 503, "count": 3}'</code></p>
</section>
</main>
</body>
</html>
`;

/** A small mark for the tab, so browsers do not ask for /favicon.ico and log a 404. */
export const FAVICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#1d2430"/><path d="M4 12V4l8 8V4" stroke="#9cc4ff" stroke-width="2" fill="none"/></svg>
`;
