{{%AUTOESCAPE context="HTML"}}
<section class="card">
  <p><a href="/admin/explore">← Explorer</a></p>
  <h1>{{SCHEMA}}.{{NAME}}</h1>
  <p class="muted">About {{ROWS}} rows. Read only; secret columns are masked.</p>
  <h2>Columns</h2>
  <table class="grid">
    <thead><tr><th>Name</th><th>Type</th><th></th><th>Default</th></tr></thead>
    <tbody>{{#COLUMN}}<tr><td>{{NAME}}{{#SECRET}} <span class="badge-light">masked</span>{{/SECRET}}</td><td><code>{{TYPE}}</code></td><td>{{NULL}}</td><td><code>{{DEFAULT}}</code></td></tr>{{/COLUMN}}</tbody>
  </table>
  <h2>Indexes</h2>
  <ul>{{#INDEX}}<li><code>{{DEF}}</code></li>{{/INDEX}}</ul>
  <h2>Rows</h2>
  {{#UNORDERED}}<p class="muted">Without a primary key, this {{! view or big table }}relation's rows come in no set order: pages may overlap. Filter instead.</p>{{/UNORDERED}}
  <form method="get" action="/admin/explore/{{SCHEMA}}/{{NAME}}" class="filters">
    <label>Column <select name="column"><option value="">—</option>{{#OPTION}}<option value="{{NAME}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>{{/OPTION}}</select></label>
    <label>equals <input type="text" name="value" value="{{VALUE}}"></label>
    <div class="filter-actions"><button type="submit" class="primary">Filter</button><a href="/admin/explore/{{SCHEMA}}/{{NAME}}">Clear</a></div>
  </form>
  <div class="scroll">
  <table class="grid records">
    <thead><tr>{{#HEAD}}<th>{{NAME}}</th>{{/HEAD}}</tr></thead>
    <tbody>{{#ROW}}<tr>{{#CELL}}<td>{{VALUE}}</td>{{/CELL}}</tr>{{/ROW}}</tbody>
  </table>
  </div>
  <p class="pager">{{#PREV}}<a href="{{HREF}}">← Previous</a>{{/PREV}} {{#NEXT}}<a href="{{HREF}}">Next →</a>{{/NEXT}}</p>
</section>
