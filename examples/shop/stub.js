// Records novin calls made before novinSDK.js has loaded; the SDK replays them in order.
// Each call answers a promise that settles when the real SDK has run it.
(function (w) {
  if (w.novin) return;
  var q = [];
  var record = function (path) {
    return function () {
      var args = [].slice.call(arguments), ok, fail;
      var p = new Promise(function (a, b) { ok = a; fail = b; });
      p['catch'](function () {}); // a refused event must not become an unhandled rejection
      q.push([path, args, ok, fail, Date.now(), location.href]); // when and where: kept by the event
      return p;
    };
  };
  w.novin = { q: q, event: { send: record('event.send') }, identify: record('identify'),
    optOut: record('optOut'), optIn: record('optIn'), flush: record('flush'), ready: record('ready'), reset: record('reset') };
})(window);
