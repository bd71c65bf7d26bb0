// Live updates of the notifications: the header's unread count and, on the inbox, a notice that
// new items arrived (the page reloads only when the person chooses to: nothing moves under them).
// Server-sent events through the edge, which checks the session at every (re)connection.
'use strict';

(function () {
  var badge = document.getElementById('unread-count');
  if (!badge || typeof EventSource === 'undefined') return;
  var plural = new Intl.PluralRules(document.documentElement.lang || 'fr-BE');

  var showCount = function (total) {
    var words = plural.select(total) === 'one' ? badge.dataset.one : badge.dataset.other;
    badge.textContent = (words || '{n}').replace('{n}', String(total));
  };

  var source = new EventSource('/notifications/stream');
  source.addEventListener('unread-count', function (event) {
    var counts = JSON.parse(event.data);
    if (typeof counts.total === 'number') showCount(counts.total);
  });
  source.addEventListener('notification', function () {
    var notice = document.getElementById('new-notifications');
    if (notice) notice.hidden = false;
  });
})();
