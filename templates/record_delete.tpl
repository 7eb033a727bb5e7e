{{%AUTOESCAPE context="HTML"}}
<section class="card">
  <p><a href="/admin/r/{{NAME}}/{{PK}}">← Back</a></p>
  <h1>Delete {{SINGULAR}} {{PK}}?</h1>
  <dl class="facts">{{#FIELD}}<dt>{{LABEL}}</dt><dd>{{VALUE}}</dd>{{/FIELD}}</dl>
  {{#HAS_DEPENDENTS}}<p class="alert" role="alert">Other records refer to this one:</p>
  <ul>{{#DEPENDENT}}<li>{{LABEL}}: {{COUNT}}</li>{{/DEPENDENT}}</ul>
  <p>The database refuses the deletion while they do, unless they are deleted with it.</p>{{/HAS_DEPENDENTS}}
  {{#HAS_ALSO}}<p class="alert" role="alert" id="delete-also">Deleting it also does this, by the database's own rules (each catalogued row gets its audit row):</p>
  <ul>{{#ALSO}}<li>{{WHAT}}</li>{{/ALSO}}</ul>{{/HAS_ALSO}}
  {{#REFUSED}}<p class="alert" role="alert">{{WHY}}</p>{{/REFUSED}}
  <form method="post" action="/admin/r/{{NAME}}/{{PK}}/delete" class="inline-form">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <button type="submit" class="danger">Delete</button>
  </form>
</section>
