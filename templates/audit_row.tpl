{{%AUTOESCAPE context="HTML"}}
<section class="card">
  <div class="heading">
    <h1>Audit row {{SEQ}}</h1>
    <a href="/admin/audit">All rows</a>
  </div>
  <dl class="facts">
    <dt>Time (UTC)</dt><dd>{{AT}}</dd>
    <dt>Actor</dt><dd>{{ACTOR}}</dd>
    <dt>Action</dt><dd><code>{{ACTION}}</code></dd>
    <dt>Target</dt><dd>{{TARGET}}{{#HISTORY}} · <a href="{{LINK}}">History</a>{{/HISTORY}}</dd>
    <dt>IP</dt><dd>{{IP}}</dd>
    <dt>User agent</dt><dd>{{USER_AGENT}}</dd>
    <dt>Request id</dt><dd><code>{{REQUEST_ID}}</code></dd>
  </dl>
  <h2>Changes</h2>
  <table class="grid diff">
    <thead><tr><th>Field</th><th>Before</th><th>After</th></tr></thead>
    <tbody>
      {{#DIFF}}<tr class="{{CLASS}}"><th scope="row">{{KEY}}</th><td class="before">{{BEFORE}}</td><td class="after">{{AFTER}}</td></tr>{{/DIFF}}
      {{#NO_DIFF}}<tr><td colspan="3" class="muted">This action changed no fields.</td></tr>{{/NO_DIFF}}
    </tbody>
  </table>
  <h2>Chain</h2>
  <dl class="facts hashes">
    <dt>Hash</dt><dd><code>{{HASH}}</code></dd>
    <dt>Previous</dt><dd><code>{{PREV_HASH}}</code></dd>
  </dl>
</section>
