{{%AUTOESCAPE context="HTML"}}
<section class="card">
  <h1>Database explorer</h1>
  <p class="muted">Read only; schemas: {{SCHEMAS}} (<code>explore_schemas</code> in steward.conf).</p>
  <table class="grid">
    <thead><tr><th>Table</th><th>Kind</th><th>Rows (estimate)</th><th>Size</th></tr></thead>
    <tbody>
      {{#TABLE}}<tr><td><a href="/admin/explore/{{SCHEMA}}/{{NAME}}">{{SCHEMA}}.{{NAME}}</a></td><td>{{KIND}}</td><td>{{ROWS}}</td><td>{{SIZE}}</td></tr>{{/TABLE}}
      {{#EMPTY}}<tr><td colspan="4" class="empty">No tables in these schemas.</td></tr>{{/EMPTY}}
    </tbody>
  </table>
</section>
