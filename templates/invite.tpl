{{%AUTOESCAPE context="HTML"}}
<section class="card narrow">
  <h1>Set your password</h1>
  <p>{{NAME}} &lt;{{EMAIL}}&gt;</p>
  {{#ERROR}}<p class="alert" role="alert">{{MESSAGE}}</p>{{/ERROR}}
  <form method="post" action="/invite" class="stack">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <input type="hidden" name="token" value="{{TOKEN}}">
    <input type="text" name="username" value="{{EMAIL}}" autocomplete="username" hidden>
    <label for="password">Password (at least {{MIN_LENGTH}} characters)</label>
    <input id="password" name="password" type="password" autocomplete="new-password" required>
    <label for="again">Password again</label>
    <input id="again" name="again" type="password" autocomplete="new-password" required>
    <button type="submit" class="primary">Set password</button>
  </form>
</section>
