// The host page's glue, in plain JavaScript (no build step). A real portal already knows its
// user and gets a doanflow token from its own identity provider; this demo asks the server's
// development endpoint instead (POST /auth/dev-token, only on a server with DOANFLOW_DEV_TOKENS=1).
(function () {
  'use strict';
  var inbox = document.getElementById('inbox');
  var approval = document.getElementById('approval');
  var timeline = document.getElementById('timeline');
  var widgets = [inbox, approval, timeline];
  var events = document.getElementById('events');
  var who = document.getElementById('who');
  var hint = document.getElementById('approval-hint');
  var form = document.getElementById('signin');
  var params = new URLSearchParams(location.search);

  function setAll(name, value) {
    widgets.forEach(function (element) {
      element.setAttribute(name, value);
    });
  }

  function show(instanceId) {
    approval.setAttribute('instance-id', instanceId);
    timeline.setAttribute('instance-id', instanceId);
    hint.hidden = Boolean(instanceId);
  }

  function signIn(personId, locale) {
    who.textContent = '…';
    return fetch('/auth/dev-token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ personId: personId }),
    })
      .then(function (response) {
        if (!response.ok) throw new Error('HTTP ' + response.status);
        return response.json();
      })
      .then(function (minted) {
        show('');
        setAll('locale', locale);
        setAll('token', minted.token);
        who.textContent = minted.name;
        document.documentElement.lang = locale;
      })
      .catch(function (error) {
        who.textContent = 'Không đăng nhập được: ' + error.message;
      });
  }

  // The inbox says which task the officer opened; the page shows it in the other two widgets.
  document.addEventListener('doanflow:open-task', function (event) {
    show(event.detail.instanceId);
  });

  // A decision was recorded: { instanceId, type, state }. A portal could refresh its own
  // counters here, or log it; this page lists it.
  document.addEventListener('doanflow:decision', function (event) {
    var item = document.createElement('li');
    item.textContent =
      new Date().toLocaleTimeString('vi-VN') +
      ' — ' +
      event.detail.type +
      ' → ' +
      event.detail.state +
      ' (' +
      event.detail.instanceId.slice(0, 8) +
      '…)';
    events.appendChild(item);
  });

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    signIn(form.person.value, form.locale.value);
  });

  var person = params.get('person');
  if (person) {
    if (
      !Array.prototype.some.call(form.person.options, function (o) {
        return o.value === person;
      })
    ) {
      form.person.add(new Option(person, person));
    }
    form.person.value = person;
    form.locale.value = params.get('locale') === 'en' ? 'en' : 'vi';
    signIn(person, form.locale.value).then(function () {
      if (params.get('instance')) show(params.get('instance'));
    });
  }
})();
