// The SDK's settings for this site, read by novinSDK.js when it loads. A file rather than an
// inline script, so a strict Content-Security-Policy needs no exception for it. The project id
// still comes from the header snippet's novinProjectId cookie.
window.novinConfig = {
  push: {
    // The project's VAPID public key. Demo only: the matching private key was thrown away, so
    // no push service will deliver to these subscriptions.
    vapidPublicKey: 'BMHslWES6pwTD0G6b1pWY_x1UWWRdiM1BW0diILvbJvx_Q3skleNgUM71kd1iZE3Rlz8YzDlpC1fcyLI17t_AIw',
  },
};
