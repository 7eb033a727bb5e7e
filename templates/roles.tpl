{{%AUTOESCAPE context="HTML"}}
<section class="card">
  <h1>Roles</h1>
  <div class="scroll">
  <table class="grid matrix">
    <thead><tr><th>Role</th>{{#PERM_HEAD}}<th class="perm">{{LABEL}}</th>{{/PERM_HEAD}}<th>Staff</th></tr></thead>
    <tbody>
      {{#ROLE}}<tr><td><a href="/admin/roles/{{NAME}}">{{NAME}}</a>{{#BUILTIN}} <span class="badge-light">built in</span>{{/BUILTIN}}<br><small>{{DESCRIPTION}}</small></td>{{#CELL}}<td class="cell">{{#YES}}✓{{/YES}}</td>{{/CELL}}<td>{{STAFF}}</td></tr>{{/ROLE}}
    </tbody>
  </table>
  </div>
  {{#CREATE}}
  <h2>New custom role</h2>
  {{#ERROR}}<p class="alert" role="alert">{{MESSAGE}}</p>{{/ERROR}}
  <form method="post" action="/admin/roles" class="stack narrow-form">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <label for="name">Name (lower-case letters, digits, _)</label>
    <input id="name" name="name" type="text" value="{{NAME}}" required pattern="[a-z][a-z0-9_]{0,31}">
    <label for="description">Description</label>
    <input id="description" name="description" type="text" value="{{DESCRIPTION}}" maxlength="500">
    <fieldset><legend>Permissions</legend>
      <input type="hidden" name="permissions" value="">
      {{#PERM}}<label class="check"><input type="checkbox" name="permissions" value="{{NAME}}"{{#CHECKED}} checked{{/CHECKED}}{{#DISABLED}} disabled{{/DISABLED}}> {{LABEL}}</label>{{/PERM}}
    </fieldset>
    <button type="submit" class="primary">Create role</button>
  </form>
  {{/CREATE}}
</section>
