{{%AUTOESCAPE context="HTML"}}
<section class="card">
  <h1>{{#ALL}}Everyone's sessions{{/ALL}}{{#MINE}}Your sessions{{/MINE}}</h1>
  <table class="grid">
    <thead><tr>{{#ALL}}<th>Staff</th>{{/ALL}}<th>Signed in (UTC)</th><th>Last seen</th><th>IP</th><th>Browser</th><th></th></tr></thead>
    <tbody>
      {{#SESSION}}<tr>{{#ALL}}<td><a href="/admin/staff/{{STAFF_ID}}">{{STAFF}}</a><br><small>{{STAFF_EMAIL}}</small></td>{{/ALL}}<td>{{CREATED}}</td><td>{{LAST_SEEN}}</td><td>{{IP}}</td><td>{{USER_AGENT}}</td><td>{{#CURRENT}}<span class="badge-light">this one</span>{{/CURRENT}}{{#REVOKE}}<form method="post" action="/admin/sessions/{{ID}}/revoke" class="inline-form"><input type="hidden" name="csrf" value="{{CSRF}}"><button type="submit" class="link">Revoke</button></form>{{/REVOKE}}</td></tr>{{/SESSION}}
    </tbody>
  </table>
  <p><a href="/admin/account">Your account</a> can end every other session of yours at once.</p>
</section>
