// The SDKs under test. Each one is the file its vendor's own snippet or CDN would load,
// served from bench/node_modules; ours is the built dist/novinSDK.js.
import { readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
export const ROOT = join(HERE, '..');
const require = createRequire(import.meta.url);

function pkgFile(pkg, rel) {
  const dir = join(HERE, 'node_modules', pkg);
  return { file: join(dir, rel), version: existsSync(join(dir, 'package.json')) ? JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version : null };
}

// RudderStack publishes its bundled build unminified and its CDN build is not on npm;
// minifying it (nothing else) stands in for what a site would load.
function minify(buf) {
  const { transformSync } = require('esbuild');
  return Buffer.from(transformSync(buf.toString('utf8'), { minify: true, target: 'es2020' }).code);
}

export function allSlots() {
  const novinDist = join(ROOT, 'dist', 'novinSDK.js');
  const novinPkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  return [
    { name: 'blank', label: 'blank page', page: 'blank.html', baseline: true },
    { name: 'novin', label: 'novin', src: '/novinSDK.js', file: novinDist, version: novinPkg.version, ours: true },
    { name: 'segment', label: 'Segment', src: '/sdk/segment.js', ...pkgFile('@segment/analytics-next', 'dist/umd/standalone.js') },
    { name: 'rudderstack', label: 'RudderStack', src: '/sdk/rudderstack.js', transform: minify, ...pkgFile('@rudderstack/analytics-js', 'dist/npm/modern/bundled/umd/index.js') },
    { name: 'snowplow', label: 'Snowplow', src: '/sdk/snowplow.js', ...pkgFile('@snowplow/browser-tracker', 'dist/index.umd.min.js') },
    { name: 'posthog', label: 'PostHog', src: '/sdk/posthog.js', ...pkgFile('posthog-js', 'dist/array.js') },
    { name: 'mixpanel', label: 'Mixpanel', src: '/sdk/mixpanel.js', ...pkgFile('mixpanel-browser', 'dist/mixpanel.min.js') },
    { name: 'amplitude', label: 'Amplitude', src: '/sdk/amplitude.js', ...pkgFile('@amplitude/analytics-browser', 'lib/scripts/amplitude-min.js') },
  ].map((s) => ({ page: `${s.name}.html`, ...s, available: !s.file || existsSync(s.file) }));
}
