{{%AUTOESCAPE context="HTML"}}
<section class="card">
  <p><a href="/admin/r/{{NAME}}">← {{LABEL}}</a></p>
  <div class="heading">
    <h1>{{SINGULAR}} {{PK}}</h1>
    <div class="actions">
      {{#CAN_EDIT}}<a class="button" href="/admin/r/{{NAME}}/{{PK}}/edit">Edit</a>{{/CAN_EDIT}}
      {{#CAN_DELETE}}<a class="button danger" href="/admin/r/{{NAME}}/{{PK}}/delete">Delete</a>{{/CAN_DELETE}}
    </div>
  </div>
  {{#NOTICE}}<p class="notice" role="status">{{MESSAGE}}</p>{{/NOTICE}}
  <dl class="facts">
    {{#FIELD}}<dt>{{LABEL}}</dt><dd>{{VALUE}}{{#HELP}}<br><small class="muted">{{TEXT}}</small>{{/HELP}}</dd>{{/FIELD}}
  </dl>
  {{#RELATION}}
  <h2>{{LABEL}} <small class="muted">({{TOTAL}})</small></h2>
  <table class="grid">
    <thead><tr>{{#HEAD}}<th>{{LABEL}}</th>{{/HEAD}}<th></th></tr></thead>
    <tbody>
      {{#ROW}}<tr>{{#CELL}}<td>{{VALUE}}</td>{{/CELL}}<td><a href="/admin/r/{{RESOURCE}}/{{PK}}">open</a></td></tr>{{/ROW}}
      {{#EMPTY}}<tr><td colspan="20" class="empty">None.</td></tr>{{/EMPTY}}
    </tbody>
  </table>
  <p><a href="/admin/r/{{RESOURCE}}?{{COLUMN}}={{PK}}">All of them →</a></p>
  {{/RELATION}}
  {{#HISTORY}}
  <h2>History</h2>
  <table class="grid">
    <thead><tr><th>#</th><th>Time (UTC)</th><th>Action</th><th>By</th></tr></thead>
    <tbody>
      {{#ENTRY}}<tr><td><a href="/admin/audit/{{SEQ}}">{{SEQ}}</a></td><td>{{AT}}</td><td>{{ACTION}}</td><td>{{ACTOR}}</td></tr>{{/ENTRY}}
      {{#NONE}}<tr><td colspan="4" class="empty">No changes through Steward yet.</td></tr>{{/NONE}}
    </tbody>
  </table>
  <p>{{#MORE}}<small class="muted">The latest {{N}} only.</small> {{/MORE}}<a class="history" href="{{LINK}}">History →</a></p>
  {{/HISTORY}}
</section>
