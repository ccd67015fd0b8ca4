// The cross-engine suite in Firefox ESR.
import { runSuite } from './suite/index.js';

runSuite('firefox');
