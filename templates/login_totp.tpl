{{%AUTOESCAPE context="HTML"}}
<section class="card narrow">
  <h1>Two-factor sign-in</h1>
  {{#ERROR}}<p class="alert" role="alert">{{MESSAGE}}</p>{{/ERROR}}
  <form method="post" action="/login/totp" class="stack">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <label for="code">Code from your authenticator app</label>
    <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="16" required autofocus>
    <p class="muted">Lost your phone? Enter one of your recovery codes instead.</p>
    <button type="submit" class="primary">Verify</button>
  </form>
  <form method="post" action="/logout" class="inline-form">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <button type="submit">Cancel</button>
  </form>
</section>
