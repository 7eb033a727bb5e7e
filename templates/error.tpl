{{%AUTOESCAPE context="HTML"}}
<section class="card narrow">
  <h1>{{STATUS}} {{REASON}}</h1>
  <p>{{MESSAGE}}</p>
  <p><a href="/admin">Back to Steward</a></p>
</section>
