{{%AUTOESCAPE context="HTML"}}
<section class="card">
  <div class="heading">
    <h1>{{LABEL}}</h1>
    <div class="actions">
      <a class="button" href="/admin/r/{{NAME}}/export.csv?{{QUERY}}">Export CSV</a>
      {{#CAN_CREATE}}<a class="button primary" href="/admin/r/{{NAME}}/new">New</a>{{/CAN_CREATE}}
    </div>
  </div>
  <form method="get" action="/admin/r/{{NAME}}" class="filters" id="filters">
    <label>Search <input type="search" name="q" value="{{Q}}" maxlength="10000"></label>
    {{#FILTER}}<label>{{LABEL}}
      {{#SELECT}}<select name="{{NAME}}"><option value="">any</option>{{#OPTION}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{VALUE}}</option>{{/OPTION}}</select>{{/SELECT}}
      {{#INPUT}}<input type="text" name="{{NAME}}" value="{{VALUE}}">{{/INPUT}}
      {{#RANGE}}<span class="range"><input type="{{TYPE}}" name="{{NAME}}__gte" value="{{LO}}" placeholder="from" aria-label="from"> <input type="{{TYPE}}" name="{{NAME}}__lte" value="{{HI}}" placeholder="to" aria-label="to"></span>{{/RANGE}}
      {{#ISNULL}}<select name="{{NAME}}__null" aria-label="empty or not"><option value="">any</option><option value="true"{{#NULL_TRUE}} selected{{/NULL_TRUE}}>empty</option><option value="false"{{#NULL_FALSE}} selected{{/NULL_FALSE}}>set</option></select>{{/ISNULL}}
    </label>{{/FILTER}}
    <div class="filter-actions">
      <button type="submit" class="primary">Filter</button>
      <a href="/admin/r/{{NAME}}">Clear</a>
    </div>
  </form>
  <p class="muted" id="total">{{TOTAL}} matching</p>
  <form method="post" action="/admin/r/{{NAME}}/bulk?{{QUERY}}" id="bulk">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    {{#HAS_BULK}}<div class="bulkbar">
      <select name="action" aria-label="Bulk action">{{#BULK}}<option value="{{NAME}}">{{LABEL}}</option>{{/BULK}}</select>
      <button type="submit" name="scope" value="selected">Apply to selected</button>
      <button type="submit" name="all" value="1">Apply to every matching row</button>
    </div>{{/HAS_BULK}}
    <div class="scroll">
    <table class="grid records">
      <thead><tr>{{#HAS_BULK}}<th></th>{{/HAS_BULK}}{{#HEAD}}<th>{{#SORT}}<a href="{{HREF}}">{{/SORT}}{{LABEL}}{{#SORT}}{{ARROW}}</a>{{/SORT}}</th>{{/HEAD}}</tr></thead>
      <tbody>
        {{! The rows come as escaped markup, built in records_list(). }}{{ROWS:none}}
        {{#EMPTY}}<tr><td colspan="20" class="empty">Nothing matches.</td></tr>{{/EMPTY}}
      </tbody>
    </table>
    </div>
  </form>
  <p class="pager">{{#PREV}}<a href="{{HREF}}" rel="prev">← Previous</a>{{/PREV}} {{#NEXT}}<a href="{{HREF}}" rel="next">Next →</a>{{/NEXT}}</p>
</section>
