{{%AUTOESCAPE context="HTML"}}
<section class="card">
  <h1>Welcome, {{STAFF_NAME}}</h1>
  <dl class="facts">
    <dt>Signed in as</dt><dd>{{STAFF_EMAIL}}</dd>
    <dt>Role</dt><dd>{{STAFF_ROLE}}</dd>
  </dl>
  <ul class="links">
    {{#CAN_AUDIT}}<li><a href="/admin/audit?actor={{STAFF_ID}}">Your activity in the audit trail</a></li>{{/CAN_AUDIT}}
    {{#CAN_STAFF}}<li><a href="/admin/staff">Staff</a> and <a href="/admin/api-keys">API keys</a></li>{{/CAN_STAFF}}
    <li><a href="/admin/roles">What each role may do</a></li>
    <li><a href="/admin/sessions">Where you are signed in</a></li>
  </ul>
</section>
