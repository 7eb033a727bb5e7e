{{%AUTOESCAPE context="HTML"}}
<section class="card">
  <p><a href="/admin/roles">← Roles</a></p>
  <h1>{{NAME}}{{#BUILTIN}} <span class="badge-light">built in</span>{{/BUILTIN}}</h1>
  {{#NOTICE}}<p class="notice" role="status">{{MESSAGE}}</p>{{/NOTICE}}
  <p>{{DESCRIPTION}}</p>
  <p>Held by {{STAFF}} staff members and {{KEYS}} active API keys.</p>
  <h2>Permissions</h2>
  <ul class="perms">{{#HAS}}<li>{{LABEL}}</li>{{/HAS}}</ul>
  {{#HISTORY}}<p><a class="history" href="{{LINK}}">History →</a></p>{{/HISTORY}}
  {{#EDIT}}
  <h2>Edit</h2>
  {{#ERROR}}<p class="alert" role="alert">{{MESSAGE}}</p>{{/ERROR}}
  <form method="post" action="/admin/roles/{{NAME}}" class="stack narrow-form">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <label for="description">Description</label>
    <input id="description" name="description" type="text" value="{{DESCRIPTION}}" maxlength="500">
    <fieldset><legend>Permissions</legend>
      <input type="hidden" name="permissions" value="">
      {{#PERM}}<label class="check"><input type="checkbox" name="permissions" value="{{NAME}}"{{#CHECKED}} checked{{/CHECKED}}{{#DISABLED}} disabled{{/DISABLED}}> {{LABEL}}</label>{{/PERM}}
    </fieldset>
    <button type="submit" class="primary">Save</button>
  </form>
  {{#CAN_DELETE}}<form method="post" action="/admin/roles/{{NAME}}/delete" class="inline-form"><input type="hidden" name="csrf" value="{{CSRF}}"><button type="submit" class="danger">Delete role</button></form>{{/CAN_DELETE}}
  {{/EDIT}}
</section>
