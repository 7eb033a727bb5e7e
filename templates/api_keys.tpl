{{%AUTOESCAPE context="HTML"}}
<section class="card">
  <h1>API keys</h1>
  {{#NOTICE}}<p class="notice" role="status">{{MESSAGE}}</p>{{/NOTICE}}
  {{#NEW_KEY}}<p class="secret">Key: <code id="new-key">{{KEY}}</code></p>{{/NEW_KEY}}
  {{#ERROR}}<p class="alert" role="alert">{{MESSAGE}}</p>{{/ERROR}}
  <table class="grid">
    <thead><tr><th>Name</th><th>Id</th><th>Owner</th><th>Role</th><th>Created (UTC)</th><th>Expires</th><th>Last used</th><th></th></tr></thead>
    <tbody>
      {{#KEY}}<tr><td>{{NAME}}</td><td><code>stw_{{LOOKUP}}_…</code></td><td>{{OWNER}}</td><td>{{ROLE}}</td><td>{{CREATED}}</td><td>{{EXPIRES}}</td><td>{{LAST_USED}}{{#GRACE}}<br><small>old secret valid until {{UNTIL}}</small>{{/GRACE}}</td><td>{{#ACTIVE}}<form method="post" action="/admin/api-keys/{{ID}}/rotate" class="inline-form"><input type="hidden" name="csrf" value="{{CSRF}}"><input type="hidden" name="grace" value="86400"><button type="submit" class="link">Rotate</button></form> <form method="post" action="/admin/api-keys/{{ID}}/revoke" class="inline-form"><input type="hidden" name="csrf" value="{{CSRF}}"><button type="submit" class="link danger">Revoke</button></form>{{/ACTIVE}}{{STATE}}{{#HISTORY}} <a class="history" href="/admin/audit?target_type=api_key&amp;target_id={{ID}}">History →</a>{{/HISTORY}}</td></tr>{{/KEY}}
      {{#EMPTY}}<tr><td colspan="8" class="empty">No keys yet.</td></tr>{{/EMPTY}}
    </tbody>
  </table>
  {{#NEXT}}<p class="pager"><a href="{{HREF}}">Older →</a></p>{{/NEXT}}
  <h2>New key</h2>
  <form method="post" action="/admin/api-keys" class="stack narrow-form">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <label for="key-name">Name</label>
    <input id="key-name" name="name" type="text" value="{{NAME}}" required maxlength="100">
    <label for="key-role">Role (no stronger than yours)</label>
    <select id="key-role" name="role" required>
      {{#ROLE_OPTION}}<option value="{{NAME}}">{{NAME}}</option>{{/ROLE_OPTION}}
    </select>
    <label for="key-expires">Expires (optional, UTC date)</label>
    <input id="key-expires" name="expires" type="date">
    <button type="submit" class="primary">Make key</button>
  </form>
</section>
