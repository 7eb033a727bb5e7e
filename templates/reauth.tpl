{{%AUTOESCAPE context="HTML"}}
<section class="card narrow">
  <h1>Confirm it is you</h1>
  {{#ASK}}
  <p>Signing in, staff, roles and API keys are sensitive, so Steward asks again for proof that you are {{EMAIL}}.</p>
  {{#REPLAY}}<p>Nothing you entered is lost: after this you get your form back, filled in, to send.</p>{{/REPLAY}}
  {{#ERROR}}<p class="alert" role="alert">{{MESSAGE}}</p>{{/ERROR}}
  <form method="post" action="/login/reauth" class="stack">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <input type="hidden" name="next" value="{{NEXT}}">
    {{#REPLAY}}<input type="hidden" name="replay" value="post">{{/REPLAY}}
    {{#CARRY}}<input type="hidden" name="{{NAME}}" value="{{VALUE}}">
    {{/CARRY}}
    <label for="password">Password</label>
    <input id="password" name="password" type="password" autocomplete="current-password" autofocus>
    {{#TOTP}}
    <label for="code">or a code from your authenticator app</label>
    <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="6">
    {{/TOTP}}
    <button type="submit" class="primary">Continue</button>
  </form>
  {{/ASK}}
  {{#CONTINUE}}
  <p>Confirmed. What you were doing has not been sent yet; send it now.</p>
  <form method="post" action="{{NEXT}}" class="stack" id="replay">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    {{#FIELD}}<input type="hidden" name="{{NAME}}" value="{{VALUE}}">
    {{/FIELD}}
    <button type="submit" class="primary">Send</button>
  </form>
  {{/CONTINUE}}
</section>
