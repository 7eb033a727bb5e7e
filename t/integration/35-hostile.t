# Hostile input through nginx over TLS: every case gets a clear answer (the
# expected status, or at least a 4xx), never a 5xx, the workers stay up,
# and nothing sent is reflected unescaped. Table-driven: each case is
# [method, path, body, headers, expected] where expected is a status or
# '4xx'.
use strict;
use warnings;
use Test::More;
use Steward::Test;

my ($c, $res) = sign_in(stack_env('EMAIL'), stack_env('PASSWORD'));
is($res->{status}, 303, 'signed in') or BAIL_OUT('cannot sign in');
my $anon = client();
my $form = $anon->get('/login');
my $csrf = csrf_of($form->{content});
my @cases;
sub case { push @cases, [@_] }

# Malformed and truncated percent-escapes, and %00, in query strings.
my @bad_escapes = ('%', '%4', '%G0', '%%', '%0', '%zz', '%00', 'a%00b', '%C0%AF', '%ED%A0%80', '%FF');
for my $route ('/login', '/admin/audit', '/api/v1/audit', '/healthz') {
	case('GET', "$route?x=$_", undef, {}, 400) for @bad_escapes;
	case('GET', "$route?$_=1", undef, {}, 400) for ('%', '%0', '%00');
}
# %00 and bad escapes in paths; traversal.
case('GET', $_, undef, {}, '4xx') for ('/%00', '/admin%00', '/admin/%00audit', '/login%00.css',
    '/%zz', '/adm%G1in', '/%2e%2e/etc/passwd', '/admin/%2e%2e/login', '/admin/./audit',
    '/admin/../admin', '/static/..%2f..%2fsrc%2fserve.c', '/%2e%2e%2f%2e%2e%2f', '/admin/audit/%2e%2e');
# Overlong names and values, thousands of fields, duplicates.
case('GET', '/login?' . ('n' x 200) . '=1', undef, {}, 400);
# nginx may refuse a 70 kB request line by closing the connection.
case('GET', '/login?x=' . ('v' x 70000), undef, {}, 'refused');
case('GET', '/login?' . join('&', map { "f$_=1" } 1 .. 300), undef, {}, 400);
case('GET', '/login?' . join('&', map { "f$_" } 1 .. 3000), undef, {}, '4xx');
case('GET', '/admin/audit?action=staff.create&action=drop', undef, {}, 200, 'signed');
case('GET', '/admin/audit?before=5&before=x', undef, {}, 200, 'signed');
# Content-Length, body size, Content-Type.
my $login = "csrf=$csrf&email=a%40b.example&password=x";
case('POST', '/login', 'e=' . ('a' x (1536 * 1024)), {}, 413);
case('POST', '/login', $login, { 'content-type' => 'text/plain' }, 415);
case('POST', '/login', $login, { 'content-type' => 'multipart/form-data; boundary=x' }, 415);
case('POST', '/login', $login, { 'content-type' => 'application/json' }, 415);
case('POST', '/login', $login, { 'content-type' => 'application/x-www-form-urlencodedx' }, 415);
case('POST', '/login', ('[' x 100000), { 'content-type' => 'application/json' }, 415);
case('POST', '/login', '{"a":1} trailing', { 'content-type' => 'application/json' }, 415);
case('POST', '/login', '{"a":1,"a":2}', { 'content-type' => 'application/json' }, 415);
case('POST', '/login', join('&', map { "f$_=1" } 1 .. 300), {}, 413);
# Invalid UTF-8 and NULs in every sign-in field.
for my $f ('email', 'password', 'csrf') {
	for my $v ('%FF', '%C0%AF', '%ED%A0%80', '%F5%80%80%80', 'a%00b', '%E2%82') {
		my %b = (csrf => $csrf, email => 'a%40b.example', password => 'x');
		$b{$f} = $v;
		case('POST', '/login', join('&', map { "$_=$b{$_}" } sort keys %b), {}, 400);
	}
}
# Huge headers and odd cookies.
case('GET', '/login', undef, { 'x-big' => 'h' x (1024 * 1024) }, '4xx');
case('GET', '/login', undef, { cookie => 'c=' . ('k' x (1024 * 1024)) }, '4xx');
for my $ck ('__Host-steward="abc"', '__Host-steward=;;;', ';;;;', '=x; =y', '__Host-steward=a"b;c',
    'a=b; __Host-steward=' . ('A' x 43) . '; __Host-steward=' . ('B' x 43), '__Host-steward=%00',
    '__Host-steward-csrf="' . ('A' x 43) . '"', join('; ', map { "k$_=v" } 1 .. 400)) {
	case('GET', '/admin', undef, { cookie => $ck }, $ck =~ /k400/ ? 400 : 303);
}
# SQL-looking values in every filter of the audit page and API.
my @sqlish = ("' OR 1=1 --", '1; DROP TABLE steward.staff', '$1', "\\'", "1' OR '1'='1",
    'staff) UNION SELECT password_hash FROM steward.staff --');
for my $p (qw(actor action target_type target_id from to q before)) {
	for my $v (@sqlish) {
		my $expect = $p =~ /^(action|from|to|before)$/ ? 400 : 200;
		my $qs = $anon->{http}->www_form_urlencode({ $p => $v });
		case('GET', "/admin/audit?$qs", undef, {}, $expect, 'signed');
		case('GET', "/api/v1/audit?$qs", undef, {}, $expect, 'signed');
	}
}
case('GET', "/api/v1/audit?limit=$_", undef, {}, 400, 'signed') for ('-1', '0', '501', 'x', '1e3', '');
case('GET', "/admin/audit/$_", undef, {}, 404, 'signed') for ("1'", '1;2', '-1', '0', '99999999999999999999');
# Methods and oddities.
case('PUT', '/admin', 'x=1', {}, 405);
case('DELETE', '/admin/audit', undef, {}, 405, 'signed');
case('PATCH', '/login', 'x=1', {}, 405);
case('GET', '/login/', undef, {}, 404);
case('GET', '/ADMIN', undef, {}, 404);

my %client = (anon => $anon, signed => $c);
my ($bad5xx, $n) = (0, 0);
for my $k (@cases) {
	my ($method, $path, $body, $headers, $expect, $who) = @$k;
	my $cl = $client{ $who // 'anon' };
	my %o = (headers => { %$headers });
	if (defined $body) {
		$o{content} = $body;
		$o{headers}{'content-type'} //= 'application/x-www-form-urlencoded';
	}
	my $r = $cl->request($method, $path, \%o);
	$n++;
	my $label = sprintf('%s %.60s%s', $method, $path, defined $body ? sprintf(' (%d-byte body)', length $body) : '');
	if ($expect eq '4xx') {
		ok($r->{status} >= 400 && $r->{status} < 500, "$label: $r->{status} is a 4xx");
	} elsif ($expect eq 'refused') {
		# 599 is HTTP::Tiny's own code for a connection the server closed.
		ok(($r->{status} >= 400 && $r->{status} < 500) || $r->{status} == 599,
		    "$label: refused ($r->{status})");
		next;
	} else {
		is($r->{status}, $expect, "$label: $expect");
	}
	$bad5xx++ if $r->{status} >= 500;
}
cmp_ok($n, '>=', 200, "$n hostile cases sent");
is($bad5xx, 0, 'not one 5xx');

# Script in every text field comes back escaped: the filters echoed in the
# audit page, and an email tried at sign-in, shown in the trail.
my $xss = '<script>alert(1)</script>';
(my $enc = $xss) =~ s/([^A-Za-z0-9])/sprintf('%%%02X', ord $1)/ge;
for my $p (qw(actor target_type target_id q)) {
	my $page = $c->get("/admin/audit?$p=$enc")->{content};
	unlike($page, qr/<script>alert/, "$p is echoed escaped");
}
$anon->post('/login', { csrf => $csrf, email => "$xss\@evil.example", password => 'whatever it is' });
my $page = $c->get('/admin/audit?action=staff.sign_in_failed')->{content};
like($page, qr/&lt;script&gt;alert\(1\)&lt;\/script&gt;\@evil\.example/, 'a hostile email is listed escaped');
unlike($page, qr/<script>alert/, '... and never raw');
my $seq = psql_value("SELECT max(seq) FROM steward.audit_log WHERE action = 'staff.sign_in_failed'");
unlike($c->get("/admin/audit/$seq")->{content}, qr/<script>alert/, '... nor on its row page');

# CRLF in values that could reach a header.
$res = $c->get('/login/reauth?next=/admin%0d%0aSet-Cookie:%20x=1');
ok(!grep({ /^x=1/ } set_cookies($res)), 'CRLF in next never becomes a header');
$res = $anon->get('/login?x=%0d%0aX-Injected:%201');
ok(!defined header_of($res, 'x-injected'), 'nor in a query value');

# Every worker still serves.
my $ok = 0;
$ok += client()->get('/healthz')->{status} == 200 for 1 .. 4 * stack_env('WORKERS');
is($ok, 4 * stack_env('WORKERS'), 'the workers are all still serving');

done_testing();
