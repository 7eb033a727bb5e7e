{{%AUTOESCAPE context="HTML"}}
<section class="card">
  <div class="heading">
    <h1>Audit trail</h1>
    <a class="button" href="{{CSV_LINK}}">Export CSV</a>
  </div>
  <form method="get" action="/admin/audit" class="filters">
    <label>Actor <input type="text" name="actor" value="{{F_ACTOR}}" placeholder="email or staff id"></label>
    <label>Action
      <select name="action">
        <option value="">any</option>
        {{#ACTION_OPTION}}<option value="{{NAME}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>{{/ACTION_OPTION}}
      </select>
    </label>
    <label>Target type <input type="text" name="target_type" value="{{F_TARGET_TYPE}}" placeholder="staff"></label>
    <label>Target id <input type="text" name="target_id" value="{{F_TARGET_ID}}"></label>
    <label>From <input type="date" name="from" value="{{F_FROM}}"></label>
    <label>To <input type="date" name="to" value="{{F_TO}}"></label>
    <label>Search <input type="search" name="q" value="{{F_Q}}" placeholder="in target id"></label>
    <div class="filter-actions">
      <button type="submit" class="primary">Filter</button>
      <a href="/admin/audit">Clear</a>
    </div>
  </form>
  <table class="grid">
    <thead>
      <tr><th>#</th><th>Time (UTC)</th><th>Actor</th><th>Action</th><th>Target</th><th>IP</th></tr>
    </thead>
    <tbody>
      {{#ROW}}
      <tr>
        <td><a href="/admin/audit/{{SEQ}}">{{SEQ}}</a></td>
        <td class="nowrap">{{AT}}</td>
        <td>{{ACTOR}}</td>
        <td><code>{{ACTION}}</code></td>
        <td>{{TARGET}}</td>
        <td>{{IP}}</td>
      </tr>
      {{/ROW}}
      {{#EMPTY}}<tr><td colspan="6" class="muted">No rows match.</td></tr>{{/EMPTY}}
    </tbody>
  </table>
  <nav class="pager">
    {{#NEWEST}}<a href="{{LINK}}">← Newest</a>{{/NEWEST}}
    {{#OLDER}}<a href="{{LINK}}" rel="next">Older →</a>{{/OLDER}}
  </nav>
</section>
