{{%AUTOESCAPE context="HTML"}}
<section class="card">
  <p><a href="{{BACK}}">← Back</a></p>
  <h1>{{TITLE}}</h1>
  {{#CONFLICT}}<p class="alert" role="alert">Someone changed this record after you opened the form. Your values are kept below; where the record now says something else, it is shown beside the field. Save again to overwrite, or go back.</p>{{/CONFLICT}}
  {{#ERRORS}}<p class="alert" role="alert">Some values need fixing.</p>{{/ERRORS}}
  <form method="post" action="{{ACTION}}" class="stack narrow-form" novalidate>
    <input type="hidden" name="csrf" value="{{CSRF}}">
    {{#VERSION}}<input type="hidden" name="_version" value="{{VALUE}}">{{/VERSION}}
    {{#FIELD}}
    <label for="f-{{NAME}}">{{LABEL}}{{#REQUIRED}} *{{/REQUIRED}}</label>
    {{#W_INPUT}}<input id="f-{{NAME}}" name="{{NAME}}" type="{{TYPE}}" value="{{VALUE}}" placeholder="{{PLACEHOLDER}}">{{/W_INPUT}}
    {{#W_TEXTAREA}}<textarea id="f-{{NAME}}" name="{{NAME}}" rows="4">{{VALUE}}</textarea>{{/W_TEXTAREA}}
    {{#W_PASSWORD}}<input id="f-{{NAME}}" name="{{NAME}}" type="password" autocomplete="new-password">{{/W_PASSWORD}}
    {{#W_SELECT}}<select id="f-{{NAME}}" name="{{NAME}}">{{#BLANK}}<option value="">—</option>{{/BLANK}}{{#OPTION}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{VALUE}}</option>{{/OPTION}}</select>{{/W_SELECT}}
    {{#HELP}}<small class="muted">{{TEXT}}</small>{{/HELP}}
    {{#CHANGED}}<small class="changed">Now in the record: {{NOW}}</small>{{/CHANGED}}
    {{#ERROR}}<small class="field-error" role="alert">{{LABEL}} {{MESSAGE}}</small>{{/ERROR}}
    {{/FIELD}}
    <button type="submit" class="primary">Save</button>
  </form>
</section>
