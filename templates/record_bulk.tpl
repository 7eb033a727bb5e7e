{{%AUTOESCAPE context="HTML"}}
<section class="card">
  <p><a href="/admin/r/{{NAME}}?{{QUERY}}">← {{LABEL}}</a></p>
  {{#NEXT}}<p class="notice" id="bulk-batch">Batch done: <strong id="bulk-so-far">{{SO_FAR}}</strong> rows changed so far, each batch committed with its audit rows. More rows match the filter.</p>{{/NEXT}}
  <h1>{{ACTION_LABEL}}: {{COUNT}} {{LABEL}}?</h1>
  <p>{{#ALL}}Every row matching the current filter: {{/ALL}}<strong id="bulk-count">{{COUNT}}</strong> rows will change, each recorded in the audit trail{{#BATCHES}}, in batches of {{MAX}} rows: each batch is one transaction, and this page reports after each one and offers the next{{/BATCHES}}:</p>
  <ul>{{#SET}}<li>{{COLUMN}} becomes <code>{{VALUE}}</code></li>{{/SET}}</ul>
  <form method="post" action="/admin/r/{{NAME}}/bulk?{{QUERY}}" class="inline-form">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <input type="hidden" name="action" value="{{ACTION}}">
    <input type="hidden" name="confirm" value="yes">
    {{#ALL}}<input type="hidden" name="all" value="1">{{/ALL}}
    {{#NEXT}}<input type="hidden" name="from" value="{{FROM}}"><input type="hidden" name="so_far" value="{{SO_FAR}}">{{/NEXT}}
    {{#ID}}<input type="hidden" name="id" value="{{VALUE}}">{{/ID}}
    <button type="submit" class="primary">{{ACTION_LABEL}} {{COUNT}} rows</button>
  </form>
</section>
