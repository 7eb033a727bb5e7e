{{%AUTOESCAPE context="HTML"}}
<section class="card">
  <p><a href="/admin/staff">← Staff</a></p>
  <h1>{{NAME}}</h1>
  {{#NOTICE}}<p class="notice" role="status">{{MESSAGE}}</p>{{/NOTICE}}
  {{#ERROR}}<p class="alert" role="alert">{{MESSAGE}}</p>{{/ERROR}}
  {{#INVITE_URL}}<p class="secret">Set-password link: <code id="invite-url">{{URL}}</code></p>{{/INVITE_URL}}
  <dl class="facts">
    <dt>Email</dt><dd id="staff-email">{{EMAIL}}</dd>
    <dt>Role</dt><dd id="staff-role">{{ROLE}}</dd>
    <dt>Status</dt><dd id="staff-status">{{STATUS}}{{#INVITED}} (invited: no password yet){{/INVITED}}</dd>
    <dt>Two-factor</dt><dd>{{MFA}}</dd>
    <dt>Created (UTC)</dt><dd>{{CREATED}}</dd>
  </dl>
  {{#MANAGE}}
  <h2>Edit</h2>
  <form method="post" action="/admin/staff/{{ID}}" class="stack narrow-form">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <label for="name">Name</label>
    <input id="name" name="name" type="text" value="{{NAME}}" required maxlength="200">
    <label for="role">Role</label>
    <select id="role" name="role">
      {{#ROLE_OPTION}}<option value="{{NAME}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>{{/ROLE_OPTION}}
    </select>
    <button type="submit" class="primary">Save</button>
  </form>
  <div class="actions">
    {{#CAN_DEACTIVATE}}<form method="post" action="/admin/staff/{{ID}}/deactivate" class="inline-form"><input type="hidden" name="csrf" value="{{CSRF}}"><button type="submit" class="danger">Deactivate (ends sessions and API keys)</button></form>{{/CAN_DEACTIVATE}}
    {{#CAN_REACTIVATE}}<form method="post" action="/admin/staff/{{ID}}/reactivate" class="inline-form"><input type="hidden" name="csrf" value="{{CSRF}}"><button type="submit">Reactivate</button></form>{{/CAN_REACTIVATE}}
    {{#CAN_RESET_MFA}}<form method="post" action="/admin/staff/{{ID}}/reset-mfa" class="inline-form"><input type="hidden" name="csrf" value="{{CSRF}}"><button type="submit">Reset two-factor sign-in</button></form>{{/CAN_RESET_MFA}}
    {{#CAN_INVITE}}<form method="post" action="/admin/staff/{{ID}}/invite" class="inline-form"><input type="hidden" name="csrf" value="{{CSRF}}"><button type="submit">New set-password link</button></form>{{/CAN_INVITE}}
  </div>
  {{/MANAGE}}

  <h2>Sessions</h2>
  <table class="grid">
    <thead><tr><th>Signed in (UTC)</th><th>Last seen</th><th>IP</th><th>Browser</th><th></th></tr></thead>
    <tbody>
      {{#SESSION}}<tr><td>{{CREATED}}</td><td>{{LAST_SEEN}}</td><td>{{IP}}</td><td>{{USER_AGENT}}</td><td><form method="post" action="/admin/sessions/{{ID}}/revoke" class="inline-form"><input type="hidden" name="csrf" value="{{CSRF}}"><button type="submit" class="link">Revoke</button></form></td></tr>{{/SESSION}}
      {{#NO_SESSIONS}}<tr><td colspan="5" class="empty">No live sessions.</td></tr>{{/NO_SESSIONS}}
    </tbody>
  </table>

  {{#HISTORY}}
  <h2>Recent audit rows</h2>
  <table class="grid">
    <thead><tr><th>#</th><th>Time (UTC)</th><th>Action</th><th>By</th></tr></thead>
    <tbody>
      {{#AUDIT}}<tr><td><a href="/admin/audit/{{SEQ}}">{{SEQ}}</a></td><td>{{AT}}</td><td>{{ACTION}}</td><td>{{ACTOR}}</td></tr>{{/AUDIT}}
      {{#NONE}}<tr><td colspan="4" class="empty">No audit rows yet.</td></tr>{{/NONE}}
    </tbody>
  </table>
  <p><a class="history" href="/admin/audit?target_type=staff&amp;target_id={{ID}}">History →</a></p>
  {{/HISTORY}}
</section>
