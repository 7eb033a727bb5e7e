{{%AUTOESCAPE context="HTML"}}
<section class="card">
  <h1>{{#ALL}}Everyone's sessions{{/ALL}}{{#MINE}}Your sessions{{/MINE}}{{#ONE}}Sessions of one staff member{{/ONE}}</h1>
  <table class="grid">
    <thead><tr>{{#STAFF_COL}}<th>Staff</th>{{/STAFF_COL}}<th>Signed in (UTC)</th><th>Last seen</th><th>IP</th><th>Browser</th><th></th></tr></thead>
    <tbody>
      {{#SESSION}}<tr>{{#STAFF_COL}}<td><a href="/admin/staff/{{STAFF_ID}}">{{STAFF}}</a><br><small>{{STAFF_EMAIL}}</small></td>{{/STAFF_COL}}<td>{{CREATED}}</td><td>{{LAST_SEEN}}</td><td>{{IP}}</td><td>{{USER_AGENT}}</td><td>{{#CURRENT}}<span class="badge-light">this one</span>{{/CURRENT}}{{#REVOKE}}<form method="post" action="/admin/sessions/{{ID}}/revoke" class="inline-form"><input type="hidden" name="csrf" value="{{CSRF}}"><button type="submit" class="link">Revoke</button></form>{{/REVOKE}}</td></tr>{{/SESSION}}
    </tbody>
  </table>
  {{#MINE}}
  <form method="post" action="/admin/account/sessions/end-others" class="inline-form">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <button type="submit">Sign out of all other sessions</button>
  </form>
  {{/MINE}}
  {{#FILTER}}
  <form method="get" action="/admin/sessions" class="filters">
    <label>Staff id <input type="text" name="staff" inputmode="numeric" value="{{STAFF_FILTER}}" placeholder="everyone"></label>
    <div class="filter-actions"><button type="submit" class="primary">Filter</button><a href="/admin/sessions">Everyone</a> <a href="/admin/sessions?staff={{SELF}}">Only mine</a></div>
  </form>
  {{/FILTER}}
</section>
