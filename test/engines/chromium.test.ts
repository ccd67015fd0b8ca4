// The cross-engine suite in Chromium.
import { runSuite } from './suite/index.js';

runSuite('chromium');
