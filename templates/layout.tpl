{{%AUTOESCAPE context="HTML"}}<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{TITLE}} · Steward</title>
<link rel="icon" href="/static/favicon.svg?v={{VERSION}}" type="image/svg+xml">
<link rel="stylesheet" href="/static/steward.css?v={{VERSION}}">
</head>
<body>
<header class="topbar">
  <a class="brand" href="/admin">Steward</a>
  {{#SIGNED_IN}}
  <nav class="mainnav" aria-label="Main">
    {{#CAN_VIEW}}<a href="/admin">Dashboard</a>{{/CAN_VIEW}}
    {{#CAN_VIEW}}<a href="/admin/r">Platform</a>{{/CAN_VIEW}}
    {{#CAN_STAFF}}<a href="/admin/staff">Staff</a>{{/CAN_STAFF}}
    {{#CAN_VIEW}}<a href="/admin/roles">Roles</a>{{/CAN_VIEW}}
    <a href="/admin/sessions">Sessions</a>
    {{#CAN_STAFF}}<a href="/admin/api-keys">API keys</a>{{/CAN_STAFF}}
    {{#CAN_AUDIT}}<a href="/admin/audit">Audit</a>{{/CAN_AUDIT}}
  </nav>
  <div class="who">
    <a class="who-name" href="/admin/account">{{STAFF_NAME}}</a>
    <span class="badge">{{STAFF_ROLE}}</span>
    <form method="post" action="/logout" class="inline">
      <input type="hidden" name="csrf" value="{{CSRF}}">
      <button type="submit" class="link">Sign out</button>
    </form>
  </div>
  {{/SIGNED_IN}}
</header>
<main class="content">
{{>CONTENT}}
</main>
</body>
</html>
