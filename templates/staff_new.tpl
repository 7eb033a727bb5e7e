{{%AUTOESCAPE context="HTML"}}
<section class="card">
  <h1>New staff member</h1>
  {{#ERROR}}<p class="alert" role="alert">{{MESSAGE}}</p>{{/ERROR}}
  <p>They get a one-time link to set their own password; it works for three days.</p>
  <form method="post" action="/admin/staff" class="stack narrow-form">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <label for="email">Email</label>
    <input id="email" name="email" type="email" value="{{EMAIL}}" required autocomplete="off">
    <label for="name">Name</label>
    <input id="name" name="name" type="text" value="{{NAME}}" required maxlength="200">
    <label for="role">Role</label>
    <select id="role" name="role" required>
      {{#ROLE_OPTION}}<option value="{{NAME}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>{{/ROLE_OPTION}}
    </select>
    <button type="submit" class="primary">Create and make a link</button>
  </form>
</section>
