/** The inspector's static shell; `/inspector/app.js` fills each section from `/inspector/state`. */
export const INSPECTOR_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>novin-mock inspector</title>
<link rel="stylesheet" href="/inspector/app.css">
<script src="/inspector/app.js" defer></script>
</head>
<body>
<header>
  <h1>novin-mock</h1>
  <p id="status">connecting…</p>
  <p class="hint">JSON for tests: <a href="/inspector/state">/inspector/state</a></p>
</header>
<main>
  <section><h2>Pending faults <span class="count" id="count-faults"></span></h2><div id="faults"></div></section>
  <section><h2>Events <span class="count" id="count-events"></span></h2><div id="events"></div></section>
  <section><h2>Refused <span class="count" id="count-refused"></span></h2><div id="refused"></div></section>
  <section><h2>Users</h2><div id="users"></div></section>
  <section><h2>Items</h2><div id="items"></div></section>
  <section><h2>Goals</h2><div id="goals"></div></section>
  <section><h2>User goals</h2><div id="userGoals"></div></section>
  <section><h2>Goal events</h2><div id="goalEvents"></div></section>
  <section><h2>Workflow runs</h2><div id="workflowRuns"></div></section>
  <section><h2>Loyalty totals</h2><div id="loyalty"></div></section>
  <section><h2>Push subscriptions</h2><div id="pushSubscriptions"></div></section>
</main>
</body>
</html>
`;

export const INSPECTOR_CSS = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 0; color: #1d2430; background: #f6f7f9; }
header { padding: 12px 20px; background: #1d2430; color: #fff; display: flex; gap: 24px; align-items: baseline; flex-wrap: wrap; }
header h1 { font-size: 18px; margin: 0; }
header p { margin: 0; }
header a { color: #9cc4ff; }
.hint { opacity: .8; }
main { padding: 12px 20px; display: grid; gap: 16px; }
section { background: #fff; border: 1px solid #dde1e7; border-radius: 6px; padding: 8px 12px; overflow-x: auto; }
h2 { font-size: 15px; margin: 4px 0 8px; }
.count { color: #6b7480; font-weight: normal; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 3px 8px; border-bottom: 1px solid #eef0f3; vertical-align: top; }
th { color: #6b7480; font-weight: 600; }
td.json { font-family: ui-monospace, monospace; font-size: 12px; white-space: pre-wrap; word-break: break-all; max-width: 60ch; }
.empty { color: #8a929c; font-style: italic; }
.bad { color: #b3261e; }
.test { color: #8a5a00; }
`;
