{{%AUTOESCAPE context="HTML"}}
<section class="card">
  <h1>Welcome, {{STAFF_NAME}}</h1>
  <dl class="facts">
    <dt>Signed in as</dt><dd>{{STAFF_EMAIL}}</dd>
    <dt>Role</dt><dd>{{STAFF_ROLE}}</dd>
  </dl>
  <p><a href="/admin/audit?actor={{STAFF_ID}}">Your activity in the audit trail</a></p>
</section>
