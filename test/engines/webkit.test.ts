// The cross-engine suite in WebKitGTK (MiniBrowser).
import { runSuite } from './suite/index.js';

runSuite('webkit');
