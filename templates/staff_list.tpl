{{%AUTOESCAPE context="HTML"}}
<section class="card">
  <div class="heading">
    <h1>Staff</h1>
    <a class="button primary" href="/admin/staff/new">New staff member</a>
  </div>
  <form method="get" action="/admin/staff" class="filters">
    <label>Search <input type="search" name="q" value="{{Q}}" placeholder="email or name"></label>
    <label>Role
      <select name="role">
        <option value="">any</option>
        {{#ROLE_OPTION}}<option value="{{NAME}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>{{/ROLE_OPTION}}
      </select>
    </label>
    <label>Status
      <select name="status">
        <option value="">any</option>
        <option value="active"{{#STATUS_ACTIVE}} selected{{/STATUS_ACTIVE}}>active</option>
        <option value="disabled"{{#STATUS_DISABLED}} selected{{/STATUS_DISABLED}}>deactivated</option>
      </select>
    </label>
    <div class="filter-actions">
      <button type="submit" class="primary">Filter</button>
      <a href="/admin/staff">Clear</a>
    </div>
  </form>
  <table class="grid">
    <thead><tr><th>Name</th><th>Email</th><th>Role</th><th>Status</th><th>MFA</th><th>Last seen (UTC)</th></tr></thead>
    <tbody>
      {{#ROW}}<tr><td><a href="/admin/staff/{{ID}}">{{NAME}}</a></td><td>{{EMAIL}}</td><td><span class="badge-light">{{ROLE}}</span></td><td>{{STATUS}}{{#INVITED}} <span class="badge-light">invited</span>{{/INVITED}}</td><td>{{MFA}}</td><td>{{LAST_SEEN}}</td></tr>{{/ROW}}
      {{#EMPTY}}<tr><td colspan="6" class="empty">Nobody matches.</td></tr>{{/EMPTY}}
    </tbody>
  </table>
  {{#NEXT}}<p class="pager"><a href="{{HREF}}">Older →</a></p>{{/NEXT}}
</section>
