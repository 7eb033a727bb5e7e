{{%AUTOESCAPE context="HTML"}}
<section class="card">
  <h1>Your account</h1>
  {{#NOTICE}}<p class="notice" role="status">{{MESSAGE}}</p>{{/NOTICE}}
  {{#ERROR}}<p class="alert" role="alert">{{MESSAGE}}</p>{{/ERROR}}
  <dl class="facts">
    <dt>Name</dt><dd>{{NAME}}</dd>
    <dt>Email</dt><dd>{{EMAIL}}</dd>
    <dt>Role</dt><dd>{{ROLE}}</dd>
  </dl>

  <p><a href="/admin/account/mfa">Two-factor sign-in</a></p>

  <h2>Sessions</h2>
  <table class="grid">
    <thead><tr><th>Signed in (UTC)</th><th>Last seen</th><th>Expires</th><th>IP</th><th>Browser</th><th></th></tr></thead>
    <tbody>
      {{#SESSION}}<tr><td>{{CREATED}}</td><td>{{LAST_SEEN}}</td><td>{{EXPIRES}}</td><td>{{IP}}</td><td>{{USER_AGENT}}</td><td>{{#CURRENT}}<span class="badge-light">this one</span>{{/CURRENT}}</td></tr>{{/SESSION}}
    </tbody>
  </table>
  {{#OTHERS}}
  <form method="post" action="/admin/account/sessions/end-others" class="inline-form">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <button type="submit">Sign out of all other sessions</button>
  </form>
  {{/OTHERS}}

  <h2>Change password</h2>
  <form method="post" action="/admin/account/password" class="stack narrow-form">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <label for="current">Current password</label>
    <input id="current" name="current" type="password" autocomplete="current-password" required>
    <label for="password">New password (at least {{MIN_LENGTH}} characters)</label>
    <input id="password" name="password" type="password" autocomplete="new-password" required>
    <label for="again">New password again</label>
    <input id="again" name="again" type="password" autocomplete="new-password" required>
    <button type="submit" class="primary">Change password</button>
  </form>
</section>
