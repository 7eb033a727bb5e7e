{{%AUTOESCAPE context="HTML"}}
<section class="card">
  <h1>Two-factor sign-in</h1>
  {{#REQUIRED}}<p class="notice" role="status">Your role requires two-factor sign-in. Set it up to continue.</p>{{/REQUIRED}}
  {{#ERROR}}<p class="alert" role="alert">{{MESSAGE}}</p>{{/ERROR}}
  {{#CODES}}
  <p class="notice" role="status">Two-factor sign-in is on.</p>
  <h2>Recovery codes</h2>
  <p>Each works once, in place of a code from your app. Store them somewhere safe now: they are not shown again.</p>
  <ul class="codes">{{#CODE}}<li><code>{{VALUE}}</code></li>{{/CODE}}</ul>
  <p><a class="button" href="/admin">Continue</a></p>
  {{/CODES}}
  {{#ENABLED}}
  <p>Two-factor sign-in is on: after your password, Steward asks for a code from your authenticator app.</p>
  <h2>Turn it off</h2>
  <form method="post" action="/admin/account/mfa/disable" class="stack narrow-form">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <label for="password">Your password</label>
    <input id="password" name="password" type="password" autocomplete="current-password" required>
    <button type="submit">Turn off two-factor sign-in</button>
  </form>
  {{/ENABLED}}
  {{#ENROL}}
  <p>Scan this with an authenticator app (any TOTP app), or type the key in by hand, then enter the code it shows.</p>
  <div class="qr">{{QR:none}}</div>
  <p>Key: <code class="secret" id="totp-secret">{{SECRET}}</code></p>
  <form method="post" action="/admin/account/mfa" class="stack narrow-form">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <input type="hidden" name="secret" value="{{SECRET}}">
    <input type="hidden" name="sig" value="{{SIG}}">
    <label for="code">Code from the app</label>
    <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="6" required>
    <button type="submit" class="primary">Turn on two-factor sign-in</button>
  </form>
  {{/ENROL}}
</section>
