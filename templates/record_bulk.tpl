{{%AUTOESCAPE context="HTML"}}
<section class="card">
  <p><a href="/admin/r/{{NAME}}?{{QUERY}}">← {{LABEL}}</a></p>
  <h1>{{ACTION_LABEL}}: {{COUNT}} {{LABEL}}?</h1>
  <p>{{#ALL}}Every row matching the current filter: {{/ALL}}<strong id="bulk-count">{{COUNT}}</strong> rows will change, each recorded in the audit trail:</p>
  <ul>{{#SET}}<li>{{COLUMN}} becomes <code>{{VALUE}}</code></li>{{/SET}}</ul>
  <form method="post" action="/admin/r/{{NAME}}/bulk?{{QUERY}}" class="inline-form">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <input type="hidden" name="action" value="{{ACTION}}">
    <input type="hidden" name="confirm" value="yes">
    {{#ALL}}<input type="hidden" name="all" value="1">{{/ALL}}
    {{#ID}}<input type="hidden" name="id" value="{{VALUE}}">{{/ID}}
    <button type="submit" class="primary">{{ACTION_LABEL}} {{COUNT}} rows</button>
  </form>
</section>
