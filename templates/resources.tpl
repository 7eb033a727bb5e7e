{{%AUTOESCAPE context="HTML"}}
<section class="card">
  <h1>Platform</h1>
  <ul class="links">
    {{#RESOURCE}}<li><a href="/admin/r/{{NAME}}">{{LABEL}}</a> <small class="muted">{{TABLE}}</small></li>{{/RESOURCE}}
  </ul>
  {{#CAN_EXPLORE}}<p><a href="/admin/explore">Database explorer</a>: every table, read only.</p>{{/CAN_EXPLORE}}
  {{#EMPTY}}<p class="muted">No resources are declared (see <code>resources</code> in steward.conf(5)).</p>{{/EMPTY}}
</section>
