{{%AUTOESCAPE context="HTML"}}
<section class="card narrow">
  <h1>Confirm it is you</h1>
  <p>This page changes how you sign in, so Steward asks again for proof that you are {{EMAIL}}.</p>
  {{#ERROR}}<p class="alert" role="alert">{{MESSAGE}}</p>{{/ERROR}}
  <form method="post" action="/login/reauth" class="stack">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <input type="hidden" name="next" value="{{NEXT}}">
    <label for="password">Password</label>
    <input id="password" name="password" type="password" autocomplete="current-password" autofocus>
    {{#TOTP}}
    <label for="code">or a code from your authenticator app</label>
    <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="6">
    {{/TOTP}}
    <button type="submit" class="primary">Continue</button>
  </form>
</section>
