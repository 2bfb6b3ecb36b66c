// The test portal's glue: the token goes in the `token` attribute of every element (?token= or
// set by the test), opening a task shows it in the panel, timeline and diagram.
(function () {
  'use strict';
  var script = document.querySelector('script[src*="doanflow-elements"]');
  var server = new URL(script.src).origin;
  var elements = document.querySelectorAll('.df');
  elements.forEach(function (element) {
    element.setAttribute('base-url', server);
  });
  document.addEventListener('doanflow:open-task', function (event) {
    ['approval', 'timeline', 'progress'].forEach(function (id) {
      document.getElementById(id).setAttribute('instance-id', event.detail.instanceId);
    });
  });
  document.addEventListener('doanflow:token-expired', function () {
    var counter = document.getElementById('expired');
    counter.dataset.count = String(Number(counter.dataset.count) + 1);
  });
  var token = new URLSearchParams(location.search).get('token');
  if (token) {
    elements.forEach(function (element) {
      element.setAttribute('token', token);
    });
  }
})();
