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
  var signOut = document.getElementById('signout');
  var params = new URLSearchParams(location.search);
  // The doanflow server is where the elements script came from ("" when it is this page's origin).
  var script = document.querySelector('script[src*="doanflow-elements"]');
  var origin = new URL(script.src).origin;
  var server = origin === location.origin ? '' : origin;
  var person = null;

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

  function mintToken(personId) {
    return fetch(server + '/auth/dev-token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ personId: personId }),
    }).then(function (response) {
      if (!response.ok) throw new Error('HTTP ' + response.status);
      return response.json();
    });
  }

  // The token goes in the `token` property: unlike the attribute it never shows in the DOM.
  function useToken(token) {
    widgets.forEach(function (element) {
      element.token = token;
    });
  }

  function signIn(personId, locale) {
    who.textContent = '…';
    return mintToken(personId)
      .then(function (minted) {
        person = personId;
        show('');
        setAll('base-url', server);
        setAll('locale', locale);
        useToken(minted.token);
        who.textContent = minted.name;
        signOut.hidden = false;
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

  // The token expired (the server refused it): a portal asks its identity provider for a new one.
  // The widgets keep what the officer typed and reload with the new token.
  document.addEventListener('doanflow:token-expired', function () {
    if (!person) return;
    mintToken(person).then(function (minted) {
      useToken(minted.token);
    });
  });

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    signIn(form.person.value, form.locale.value);
  });

  // Signing out: without a token the widgets stop every request and clear the screen.
  signOut.addEventListener('click', function () {
    person = null;
    useToken(null);
    show('');
    who.textContent = '';
    signOut.hidden = true;
  });

  var requested = params.get('person');
  if (requested) {
    if (
      !Array.prototype.some.call(form.person.options, function (o) {
        return o.value === requested;
      })
    ) {
      form.person.add(new Option(requested, requested));
    }
    form.person.value = requested;
    form.locale.value = params.get('locale') === 'en' ? 'en' : 'vi';
    signIn(requested, form.locale.value).then(function () {
      if (params.get('instance')) show(params.get('instance'));
    });
  }
})();
