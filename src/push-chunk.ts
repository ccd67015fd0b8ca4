/** The script-tag build's push module (dist/novin-push.js), loaded on demand by push-lazy.ts. */
import { createPush } from './push.js';

window.novinPushFactory = createPush;
