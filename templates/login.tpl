{{%AUTOESCAPE context="HTML"}}
<section class="card narrow">
  <h1>Sign in</h1>
  {{#ERROR}}<p class="alert" role="alert">{{MESSAGE}}</p>{{/ERROR}}
  <form method="post" action="/login" class="stack">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <label for="email">Email</label>
    <input id="email" name="email" type="email" value="{{EMAIL}}" autocomplete="username" required autofocus>
    <label for="password">Password</label>
    <input id="password" name="password" type="password" autocomplete="current-password" required>
    <button type="submit" class="primary">Sign in</button>
  </form>
</section>
