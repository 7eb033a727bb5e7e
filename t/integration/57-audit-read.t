# Reading the trail: the page with filters and keyset pages, one row with
# its diff, the CSV export and the JSON API.
use strict;
use warnings;
use Test::More;
use JSON::PP;
use Steward::Test;

my $ctl = stack_env('CTL');

is(client()->get('/admin/audit')->{status}, 303, 'anonymous: sent to sign in');
my $res = client()->get('/api/v1/audit');
is($res->{status}, 401, 'anonymous API: 401');
like(header_of($res, 'content-type'), qr{^application/problem\+json}, '... as problem+json');

# A staff member whose name a spreadsheet would run as a formula.
my $name = '=HYPERLINK("http://evil.example","x")';
my $mail = "formula-$$\@steward.test";
system("printf '%s\\n' 'a long enough password' | $ctl create-owner --name '$name' $mail >/dev/null") == 0
    or BAIL_OUT('create-owner');
my ($f) = sign_in($mail, 'a long enough password');
my ($c) = sign_in(stack_env('EMAIL'), stack_env('PASSWORD'));

$res = $c->get('/admin/audit');
is($res->{status}, 200, 'GET /admin/audit');
like($res->{content}, qr{<h1>Audit trail</h1>}, 'the trail page');
my @seqs = $res->{content} =~ m{<a href="/admin/audit/(\d+)">}g;
is(scalar @seqs, 50, 'fifty rows a page');
is_deeply(\@seqs, [sort { $b <=> $a } @seqs], 'newest first');
my ($older) = $res->{content} =~ m{<a href="([^"]+)" rel="next">};
ok($older, 'a link to older rows');
$older =~ s/&amp;/&/g;
my $page2 = $c->get($older);
my @seqs2 = $page2->{content} =~ m{<a href="/admin/audit/(\d+)">}g;
ok(@seqs2 && $seqs2[0] < $seqs[-1], 'the next page starts below the last row of the first');
like($page2->{content}, qr{← Newest}, 'and links back to the newest');

$res = $c->get('/admin/audit?action=staff.create');
my @created = $res->{content} =~ m{<code>([a-z_.]+)</code>}g;
ok(@created >= 2 && !grep({ $_ ne 'staff.create' } @created), 'filtering by action');
like($res->{content}, qr{<option value="staff.create" selected>}, 'the filter stays selected');
is(scalar(() = $c->get("/admin/audit?actor=$mail")->{content} =~ m{<a href="/admin/audit/\d+">}g),
    psql_value("SELECT count(*) FROM steward.audit_log a LEFT JOIN steward.staff s ON s.id = a.actor_staff_id"
    . " WHERE lower(coalesce(s.email, a.actor_email)) = '$mail'"), 'filtering by actor email');
{
	# An address no account has: its failed sign-ins, found in any case.
	my $ghost = "Ghost-$$\@steward.test";
	sign_in($ghost, 'not a password at all') for 1 .. 2;
	is(scalar(() = $c->get('/admin/audit?actor=' . uc($ghost))->{content} =~ m{<a href="/admin/audit/\d+">}g),
	    2, 'filtering by an email only failed sign-ins typed');
}
my $sid = psql_value("SELECT id FROM steward.staff WHERE email = '$mail'");
$res = $c->get("/admin/audit?target_type=staff&target_id=$sid");
my @t = $res->{content} =~ m{<td>(staff \d+)</td>}g;
ok(@t >= 2 && !grep({ $_ ne "staff $sid" } @t), 'filtering by target');
my $today = psql_value("SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD')");
like($c->get("/admin/audit?from=$today&to=$today")->{content}, qr{/admin/audit/\d+}, 'a date range including today');
unlike($c->get("/admin/audit?to=2000-01-01")->{content}, qr{/admin/audit/\d+"}, 'a date range before everything');
like($c->get("/admin/audit?q=$sid")->{content}, qr{staff $sid}, 'free text over the target id');
is($c->get('/admin/audit?from=yesterday')->{status}, 400, 'a malformed date: 400');
is($c->get('/admin/audit?action=drop.table')->{status}, 400, 'an unknown action: 400');
is($c->get('/admin/audit?before=x')->{status}, 400, 'a malformed page: 400');

# One row, its diff, secrets redacted.
my $seq = psql_value("SELECT seq FROM steward.audit_log WHERE action = 'staff.create' AND target_id = '$sid'");
$res = $c->get("/admin/audit/$seq");
is($res->{status}, 200, "GET /admin/audit/$seq");
like($res->{content}, qr{<th scope="row">email</th><td class="before">—</td><td class="after">\Q$mail\E</td>},
    'the diff shows the new email');
like($res->{content}, qr{<th scope="row">password_hash</th><td class="before">—</td><td class="after">\[redacted\]</td>},
    'and the password hash redacted');
like($res->{content}, qr{<td class="after">=HYPERLINK\(&quot;http://evil\.example&quot;,&quot;x&quot;\)</td>},
    'the name is shown, escaped');
unlike($res->{content}, qr{\$argon2id}, 'no hash anywhere on the page');
like($res->{content}, qr{href="/admin/audit\?target_type=staff&amp;target_id=$sid&amp;"}, 'a link to the target\'s history');
is($c->get('/admin/audit/999999999')->{status}, 404, 'a row that does not exist: 404');
is($c->get('/admin/audit/abc')->{status}, 404, 'a sequence number that is not one: 404');

# CSV of everything filtered, streamed.
$res = $c->get("/admin/audit.csv?actor=$mail");
is($res->{status}, 200, 'CSV export');
like(header_of($res, 'content-type'), qr{^text/csv}, '... as text/csv');
like(header_of($res, 'content-disposition'), qr{attachment}, '... as a download');
my @lines = split /\r\n/, $res->{content};
like($lines[0], qr/^seq,at_utc,actor_staff_id,actor_email,actor_name,/, 'a header line');
is(scalar(@lines) - 1, psql_value("SELECT count(*) FROM steward.audit_log WHERE actor_staff_id = $sid"),
    'one line per filtered row');
like($res->{content}, qr{,"'=HYPERLINK\(""http://evil\.example"",""x""\)",}, 'a formula is defused and quoted');
my $all = $c->get('/admin/audit.csv');
is(scalar(split /\r\n/, $all->{content}) - 1, psql_value('SELECT count(*) FROM steward.audit_log'),
    'the unfiltered export has every row, not one page');
is($c->get('/admin/audit.csv?from=bad')->{status}, 400, 'a malformed CSV filter: 400');

# JSON.
$res = $c->get('/api/v1/audit?limit=3&action=staff.sign_in');
is($res->{status}, 200, 'GET /api/v1/audit');
my $j = decode_json($res->{content});
is(scalar @{ $j->{items} }, 3, 'limit honoured');
is($j->{items}[0]{action}, 'staff.sign_in', 'filtered');
ok($j->{items}[0]{seq} > $j->{items}[1]{seq}, 'newest first');
like($j->{items}[0]{at}, qr/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/, 'ISO 8601 UTC time');
like($j->{items}[0]{hash}, qr/^[0-9a-f]{64}$/, 'with its hash');
ok($j->{next}, 'a next link');
my $next = decode_json($c->get($j->{next})->{content});
ok($next->{items}[0]{seq} < $j->{items}[2]{seq}, 'the next page continues below');
$res = $c->get('/api/v1/audit?limit=0');
is($res->{status}, 400, 'limit=0: 400');
like(header_of($res, 'content-type'), qr{^application/problem\+json}, '... as problem+json');

done_testing();
