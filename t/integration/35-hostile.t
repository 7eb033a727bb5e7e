# Hostile input through nginx over TLS (issue 8). Every case states the
# status the code determines, next to it (nginx's where nginx answers,
# steward's where steward does); never a 5xx. Around each block the
# master's live children (its workers, from /proc) and steward's log are
# compared: a block in which a worker died, was replaced, or a sanitizer
# spoke fails. Nothing sent comes back as markup, and no value splits a
# response header.
#
# Blocks: query strings and paths; bodies, limits and media types; JSON
# bodies on the API; SQL-looking values in every filter, sort and page
# parameter (every table counted before and after); raw requests over TLS
# (Content-Length, missing Content-Type, bytes HTTP::Tiny will not send);
# invalid UTF-8 in every field; markup stored and reflected; CRLF;
# cookies and methods.
#
# Limits on the test stack are the steward.conf(5) defaults (conf.c):
# max_body_size 1048576, max_fields 256, max_name_length 128,
# max_value_length 65536; nginx allows 8 MiB bodies and 32 KiB request
# lines (nginx/steward-locations.conf).
use strict;
use warnings;
use IO::Socket::SSL;
use Test::More;
use Time::HiRes qw(sleep);
use Steward::Test;

my $xss = q{<script>alert(1)</script>"'><img src=x onerror=alert(1)>};

sub enc {
	my ($s) = @_;
	$s =~ s/([^A-Za-z0-9_.~-])/sprintf('%%%02X', ord $1)/ge;
	return $s;
}

sub printable {
	my ($s) = @_;
	$s =~ s/[^\x20-\x7e]/?/g;
	return $s;
}

# ---- Who asks: anonymous (with the sign-in form's CSRF cookie), the
# demo owner, an owner of our own (session and CSRF token), an owner API
# key, and a client whose cookie jar may be spoilt.
my ($c, $res) = sign_in(stack_env('EMAIL'), stack_env('PASSWORD'));
is($res->{status}, 303, 'signed in') or BAIL_OUT('cannot sign in');
$c->{csrf} = csrf_of($c->get('/admin/account')->{content});
my $anon = client();
my $csrf = csrf_of($anon->get('/login')->{content});
my $junk = client();

my ($oemail, $opw) = make_staff('owner', 'hostile');
my $o = sign_in_staff($oemail, $opw);
my $oid = psql_value("SELECT id FROM steward.staff WHERE email = '$oemail'");
$res = $o->api('POST', '/api/v1/api-keys', { name => 'hostile suite', role => 'owner' });
is($res->{status}, 201, 'an owner API key') or BAIL_OUT('no API key');
my $api = client();
$api->{bearer} = $res->{json}{key};
my ($vemail) = make_staff('viewer', 'hostile');
my $vid = psql_value("SELECT id FROM steward.staff WHERE email = '$vemail'");
my $role = "hostile_$$";
is($api->api('POST', '/api/v1/roles', { name => $role, description => 'for the hostile suite',
    permissions => ['view'] })->{status}, 201, "a custom role $role") or BAIL_OUT('no role');
my $umail = "hostile-$$\@example.com";
$res = $api->api('POST', '/api/v1/r/users', { email => $umail, display_name => 'Hostile User',
    role => 'member', status => 'active', daily_limit => 10 });
is($res->{status}, 201, 'a user record to edit') or BAIL_OUT('no user');
my $uid = $res->{json}{id};
my ($rhost, $rport) = stack_env('URL') =~ m{^https://([^/:]+):(\d+)}
    or BAIL_OUT('STEWARD_URL has no host and port');

my %client = (anon => $anon, signed => $c, owner => $o, api => $api, junk => $junk);

# ---- The runner. A case is [method, path, body, headers, expected, who,
# check]; expected is a status, an array of statuses (only where the
# answer is json-c's or nginx's to choose), '4xx' or 'refused' (nginx
# may close the connection: HTTP::Tiny's 599). In a body, __CSRF__
# becomes the client's CSRF token when it is sent.
my (@queue, %distinct);
my ($n, $n5xx) = (0, 0);

sub case { push @queue, [@_] }

sub jcase {
	my ($method, $path, $json, $expect, $who, $check) = @_;
	case($method, $path, $json, { 'content-type' => 'application/json' }, $expect, $who // 'api', $check);
}

sub status_ok {
	my ($got, $expect, $label) = @_;
	return ok((grep { $_ == $got } @$expect), "$label: $got, one of @$expect") if ref $expect;
	return ok($got >= 400 && $got < 500, "$label: $got is a 4xx") if $expect eq '4xx';
	return ok(($got >= 400 && $got < 500) || $got == 599, "$label: refused ($got)") if $expect eq 'refused';
	return is($got, $expect, "$label: $expect");
}

sub send_case {
	my ($method, $path, $body, $headers, $expect, $who, $check) = @_;
	$who //= 'anon';
	my $cl = $client{$who} or BAIL_OUT("no client $who");
	my $token = $who eq 'anon' ? $csrf : $cl->{csrf};
	my %h = %{ $headers // {} };
	my %o;
	if (defined $body) {
		$body =~ s/__CSRF__/$token/g if defined $token;
		$h{'content-type'} //= 'application/x-www-form-urlencoded';
		$o{content} = $body;
	}
	$h{authorization} //= "Bearer $cl->{bearer}" if defined $cl->{bearer};
	$h{'x-csrf-token'} //= $token if $who eq 'owner' && $path =~ m{^/api/} && defined $token;
	# nginx limits sign-in posts (20 a second, a burst of 10, here).
	sleep(0.06) if $method eq 'POST' && $path =~ m{^/(?:login|invite)(?:\?|$)};
	$o{headers} = \%h;
	my $r = $cl->request($method, $path, \%o);
	$n++;
	$distinct{join("\0", $method, $path, $body // '', map { "$_=$h{$_}" } sort keys %h)} = 1;
	my $label = printable(sprintf('%s %.70s%s', $method, $path,
	    defined $body ? sprintf(' (%d-byte body)', length $body) : ''));
	status_ok($r->{status}, $expect, $label) or diag(printable(substr($r->{content} // '', 0, 300)));
	$n5xx++ if $r->{status} >= 500 && $r->{status} != 599;
	$check->($r, $label) if $check;
	return $r;
}

sub flush { send_case(@$_) for splice(@queue) }

# Runs one case now and returns its response.
sub now { flush(); return send_case(@_) }

# The master's live children: its workers (a zombie is a dead worker).
sub workers_now {
	my $m = master_pid();
	my @w;
	opendir(my $d, '/proc') or BAIL_OUT("/proc: $!");
	for my $p (grep { /^\d+$/ } readdir $d) {
		my $st = slurp("/proc/$p/stat");
		push @w, $p if $st =~ /.*\)\s+(\S)\s+(\d+)\s/s && $2 == $m && $1 ne 'Z';
	}
	closedir $d;
	return sort { $a <=> $b } @w;
}

# Lines in steward's log that say a worker went, or a sanitizer spoke.
sub trouble {
	return count_matches(stack_env('LOG'), qr/worker \d+ (?:killed by signal|exited with status)|ran past request_timeout|AddressSanitizer|LeakSanitizer|runtime error:/);
}

sub block {
	my ($name, $code) = @_;
	my @before = workers_now();
	my $t = trouble();
	cmp_ok(scalar @before, '>', 0, "$name: workers up (@before)");
	$code->();
	flush();
	is_deeply([workers_now()], \@before, "$name: the same workers after the block, none died or was replaced");
	is(trouble(), $t, "$name: no worker exit, timeout or sanitizer report in the log");
}

# ---- Raw requests over TLS, for what HTTP::Tiny will not send.
sub raw_complete {
	my ($in) = @_;
	return 0 unless $in =~ /\r\n\r\n/;
	my ($head, $body) = split /\r\n\r\n/, $in, 2;
	return length($body) >= $1 if $head =~ /^content-length:\s*(\d+)/im;
	return $body =~ /(?:\A|\r\n)0\r\n\r\n\z/ if $head =~ /^transfer-encoding:\s*chunked/im;
	return 0;
}

sub raw {
	my ($bytes) = @_;
	my %r = (status => 0, headers => {}, raw => '');
	my $s = IO::Socket::SSL->new(PeerHost => $rhost, PeerPort => $rport, Timeout => 10,
	    SSL_ca_file => stack_env('CA'), SSL_verifycn_scheme => 'http', SSL_verifycn_name => $rhost);
	unless ($s) {
		$r{error} = "connect: $IO::Socket::SSL::SSL_ERROR";
		return \%r;
	}
	my $ok = eval {
		local $SIG{ALRM} = sub { die "timeout\n" };
		alarm 15;
		my $off = 0;
		while ($off < length $bytes) {
			my $w = syswrite($s, $bytes, 16384, $off);
			last unless $w;		# the server may answer and close first
			$off += $w;
		}
		for (;;) {
			my $got = sysread($s, my $chunk, 65536);
			last unless $got;
			$r{raw} .= $chunk;
			last if raw_complete($r{raw});
		}
		alarm 0;
		1;
	};
	alarm 0;
	$r{error} = $@ unless $ok;
	close $s;
	if ($r{raw} =~ /\AHTTP\/1\.[01] (\d{3})[^\r\n]*\r\n(.*?)\r\n\r\n/s) {
		$r{status} = $1;
		for my $line (split /\r\n/, $2) {
			my ($k, $v) = split /:\s*/, $line, 2;
			push @{ $r{headers}{lc $k} }, $v;
		}
	}
	return \%r;
}

sub rawreq {
	my ($method, $target, $lines, $body) = @_;
	my $r = "$method $target HTTP/1.1\r\nHost: $rhost:$rport\r\n";
	$r .= "$_\r\n" for @{ $lines // [] };
	return $r . "Connection: close\r\n\r\n" . ($body // '');
}

# by: 'nginx' (its own answers carry no X-Request-Id) or 'steward'.
sub rcase {
	my ($label, $bytes, $expect, $by, $check) = @_;
	flush();
	sleep(0.06) if $bytes =~ m{\APOST /login[ ?]};
	my $r = raw($bytes);
	$n++;
	$distinct{"raw\0$bytes"} = 1;
	$label = printable("raw: $label");
	status_ok($r->{status}, $expect, $label) or diag(printable($r->{error} // substr($r->{raw}, 0, 300)));
	$n5xx++ if $r->{status} >= 500;
	if (defined $by) {
		my $rid = $r->{headers}{'x-request-id'};
		ok($by eq 'steward' ? defined $rid : !defined $rid, "$label: answered by $by");
	}
	ok(!exists $r->{headers}{'x-injected'}, "$label: no injected header") if $bytes =~ /injected/i;
	$check->($r, $label) if $check;
	return $r;
}

# ---- Checks.

# Markup shown as text, never as markup; where given, in its place.
sub escaped {
	my ($r, $what, $where) = @_;
	like($r->{content}, qr/&lt;script&gt;alert\(1\)&lt;\/script&gt;&quot;&#39;&gt;&lt;img src=x onerror=alert\(1\)&gt;/,
	    "$what: the markup is shown as text");
	like($r->{content}, $where, "$what: where it belongs") if defined $where;
	unlike($r->{content}, qr/<script>alert|<img src=x|"'>/, "$what: never as markup");
}

# No response header split by a value sent.
sub no_split {
	my ($r, $label) = @_;
	ok(!grep({ /injected|^evil/i } keys %{ $r->{headers} }), "$label: no injected header line");
	ok(!grep({ /injected|evil/i } set_cookies($r)), "$label: no injected cookie");
	my $loc = $r->{headers}{location};
	ok(!defined $loc || $loc !~ /[\x00-\x20\x7f]/, "$label: Location without control bytes or spaces")
	    if defined $loc;
}

sub refresh_csrf {
	$o->{csrf} = csrf_of($o->get('/admin/account')->{content}) or BAIL_OUT('lost the owner session');
}

# A form body of exactly $size bytes: $b, then fields of up to 60,000 bytes.
sub sized {
	my ($b, $size) = @_;
	my $i = 0;
	while ($size - length($b) > 60100) {
		$b .= "&g$i=" . ('a' x 60000);
		$i++;
	}
	my $tail = "&g$i=";
	$b .= $tail . ('a' x ($size - length($b) - length $tail));
	BAIL_OUT("sized: not $size bytes") unless length $b == $size;
	return $b;
}

my @sqlish = ("' OR 1=1 --", '1; DROP TABLE steward.staff', '$1', "\\'", "1' OR '1'='1",
    'staff) UNION SELECT password_hash FROM steward.staff --', "'; SELECT pg_sleep(10); --",
    '1 OR 1=1', "' UNION SELECT NULL, NULL --", "%' AND '1'='1", "admin'--", '1) OR (1=1');

# =====================================================================
block('query strings and paths', sub {
	# form_parse(): any malformed escape, NUL or invalid UTF-8, in a name
	# or a value, is 400 before routing (request.c).
	my @bad_escapes = ('%', '%4', '%G0', '%%', '%0', '%zz', '%00', 'a%00b', '%C0%AF', '%ED%A0%80', '%FF',
	    '%E2%82', '%F4%90%80%80', 'x%0', '%%41', '%C3%28');
	for my $route ('/login', '/admin/audit', '/api/v1/audit', '/healthz', '/api/v1/r/users', '/admin/staff') {
		case('GET', "$route?x=$_", undef, {}, 400) for @bad_escapes;
		case('GET', "$route?$_=1", undef, {}, 400) for ('%', '%0', '%00', '%FF', 'a%G1');
	}
	# Dot segments, NULs, control bytes and invalid UTF-8 in paths:
	# request_path_ok() refuses what nginx passes on (400); nginx itself
	# answers 400 for escapes it cannot decode and paths above the root.
	case('GET', $_, undef, {}, 400) for ('/%00', '/admin%00', '/admin/%00audit', '/login%00.css',
	    '/%zz', '/adm%G1in', '/%2e%2e/etc/passwd', '/admin/%2e%2e/login', '/admin/./audit',
	    '/admin/../admin', '/%2e%2e%2f%2e%2e%2f', '/admin/audit/%2e%2e', '/admin/r/users/%00',
	    '/api/v1/r/users/1%00', '/admin/r/%2e%2e/staff', '/admin/r/users%2f..%2f..%2fstaff',
	    '/api/v1/r/..%2fstaff', '/admin/explore/app/..', '/admin/explore/app/users%2f..',
	    '/admin/audit/1%2f..', '/%C0%AE%C0%AE/', '/admin/r/users/%ED%A0%80', '/admin/r/users/%FF',
	    '/admin/%0d%0a', "/admin/staff/$oid%00", '/api/v1/roles/%2e', '/admin/r/users/%2e');
	# nginx resolves this one against its root (400, or 404 from try_files).
	case('GET', '/static/..%2f..%2fsrc%2fserve.c', undef, {}, '4xx');
	# No such route (404 before any sign-in), or no such thing.
	case('GET', '/admin/r/users/1%2f2', undef, {}, 404);
	case('GET', '/' . ('a' x 5000), undef, {}, 404);
	case('GET', '/login/', undef, {}, 404);
	case('GET', '/ADMIN', undef, {}, 404);
	case('GET', '/admin/r/' . ('x' x 3000), undef, {}, 404, 'owner');
	case('GET', "/api/v1/r/users/$_", undef, {}, 404, 'api') for ('9' x 30, '-1', '0x10', '1e3', "%20$uid", "$uid%20", "+$uid");
	case('GET', $_, undef, {}, 404, 'owner') for ('/admin/explore/pg_catalog/pg_authid', '/admin/explore/app/pg_class',
	    '/admin/explore/app/USERS', '/admin/staff/' . ('9' x 25), '/admin/staff/0', "/admin/staff/0$oid",
	    '/admin/roles/' . enc("' OR '1'='1"), '/admin/roles/' . enc('admin;'));
	case('GET', '/api/v1/staff/-5', undef, {}, 404, 'api');
	case('GET', $_, undef, {}, 404, 'signed') for ('/admin/audit/' . enc('1 OR 1=1'), '/api/v1/audit/0',
	    '/api/v1/audit/%2B1', '/api/v1/audit/%201', "/admin/audit/1'", '/admin/audit/1;2', '/admin/audit/-1',
	    '/admin/audit/0', '/admin/audit/99999999999999999999');
	# Names and values at steward's limits: 128 bytes a name, 256 fields;
	# nginx takes request lines up to 32 KiB.
	case('GET', '/login?' . ('n' x 128) . '=1', undef, {}, 200);
	case('GET', '/login?' . ('n' x 129) . '=1', undef, {}, 400);
	case('GET', '/login?' . ('n' x 200) . '=1', undef, {}, 400);
	case('GET', '/login?x=' . ('v' x 32000), undef, {}, 200);
	case('GET', '/login?x=' . ('v' x 33000), undef, {}, 'refused');
	case('GET', '/login?x=' . ('v' x 70000), undef, {}, 'refused');
	case('GET', '/login?' . join('&', map { "f$_=1" } 1 .. 256), undef, {}, 200);
	case('GET', '/login?' . join('&', map { "f$_=1" } 1 .. 257), undef, {}, 400);
	case('GET', '/login?' . join('&', map { "f$_=1" } 1 .. 300), undef, {}, 400);
	case('GET', '/login?' . join('&', map { "f$_" } 1 .. 3000), undef, {}, 400);
	# A search is at most 10,000 bytes once decoded (RS_SEARCH_MAX): 422.
	case('GET', '/api/v1/r/users?q=' . ('%61' x 10000), undef, {}, 200, 'api');
	case('GET', '/api/v1/r/users?q=' . ('%61' x 10001), undef, {}, 422, 'api');
	# Duplicated and empty parameters: the audit filters, staff, explorer
	# and audit API take the first; a list takes each filter (and the
	# last q, sort, limit); an empty name is no column.
	case('GET', '/admin/audit?action=staff.create&action=drop', undef, {}, 200, 'signed');
	case('GET', '/admin/audit?before=5&before=x', undef, {}, 200, 'signed');
	case('GET', '/api/v1/audit?limit=1&limit=0', undef, {}, 200, 'signed');
	case('GET', '/api/v1/staff?status=active&status=bogus', undef, {}, 200, 'api');
	case('GET', '/api/v1/staff?limit=1&limit=0', undef, {}, 200, 'api');
	case('GET', '/admin/explore/app/users?page=1&page=x', undef, {}, 200, 'owner');
	case('GET', "/admin/explore/app/users?column=id&column=nope&value=$uid", undef, {}, 200, 'owner');
	case('GET', '/api/v1/r/users?status=active&status=suspended&limit=5', undef, {}, 200, 'api');
	case('GET', '/api/v1/r/users?q=a&q=b&limit=1', undef, {}, 200, 'api');
	case('GET', '/api/v1/r/users?&&&limit=1&&', undef, {}, 200, 'api');
	case('GET', '/api/v1/r/users?limit=5&limit=x', undef, {}, 422, 'api');
	case('GET', '/api/v1/r/users?id=1&id=x', undef, {}, 422, 'api');
	case('GET', '/api/v1/r/users?sort=email&sort=nope', undef, {}, 400, 'api');
	case('GET', '/api/v1/r/users?after=x&after=y&after_pk=1', undef, {}, 400, 'api');
	case('GET', '/api/v1/r/users?=1', undef, {}, 400, 'api');
	case('GET', '/api/v1/r/users?==', undef, {}, 400, 'api');
	case('GET', '/login?=', undef, {}, 200);
});

# =====================================================================
block('bodies, limits and media types', sub {
	my $login = "csrf=$csrf&email=a%40b.example&password=x";
	# Over max_body_size: 413 from steward (nginx allows 8 MiB).
	case('POST', '/login', 'e=' . ('a' x (1536 * 1024)), {}, 413);
	# A page route takes application/x-www-form-urlencoded only (415),
	# JSON included, whatever JSON it is.
	case('POST', '/login', $login, { 'content-type' => $_ }, 415) for ('text/plain',
	    'multipart/form-data; boundary=x', 'application/json', 'application/x-www-form-urlencodedx',
	    'application/octet-stream', 'application/x-www-form-urlencoded , text/plain', 'text/html',
	    'application/xml', 'x-www-form-urlencoded');
	case('POST', '/login', $_, { 'content-type' => 'application/json' }, 415) for ('[' x 100000,
	    '{"a":1} trailing', '{"a":1,"a":2}');
	# The limits, just under and just over. An email longer than 254
	# bytes shows the form again (200) before any hashing or counting.
	my $long = "csrf=$csrf&password=x&email=";
	case('POST', '/login', $long . ('x' x 65536), {}, 200);
	case('POST', '/login', $long . ('x' x 65537), {}, 400);
	case('POST', '/login', $long . ('%78' x 65536), {}, 200);
	case('POST', '/login', $long . ('%78' x 65537), {}, 400);
	my $base = "csrf=$csrf&password=x&email=" . ('x' x 255);
	case('POST', '/login', "$base&" . ('n' x 128) . '=1', {}, 200);
	case('POST', '/login', "$base&" . ('n' x 129) . '=1', {}, 400);
	case('POST', '/login', join('&', $base, map { "f$_=1" } 1 .. 253), {}, 200);
	case('POST', '/login', join('&', $base, map { "f$_=1" } 1 .. 254), {}, 413);
	case('POST', '/login', join('&', map { "f$_=1" } 1 .. 300), {}, 413);
	case('POST', '/login', sized($base, 1048576), {}, 200);
	case('POST', '/login', sized($base, 1048577), {}, 413);
	# Media type parameters and case (request_media_type()).
	case('POST', '/login', $base, { 'content-type' => $_ }, 200) for (
	    'application/x-www-form-urlencoded; charset=UTF-8', 'APPLICATION/X-WWW-FORM-URLENCODED',
	    'application/x-www-form-urlencoded;', "application/x-www-form-urlencoded\t; a=b");

	# The same limits in JSON (jsonform.c): a value, a name, the fields
	# (an array's elements count), the body.
	my $staff = "/api/v1/staff/$vid";
	my $ok = '{"name":"Hostile Viewer"}';
	jcase('PATCH', $staff, '{"name":"' . ('a' x 65536) . '"}', 422);	# parsed; a name is 1 to 200 characters
	jcase('PATCH', $staff, '{"name":"' . ('a' x 65537) . '"}', 400);
	jcase('PATCH', $staff, '{"' . ('k' x 128) . '":1}', 422);	# parsed; neither name nor role
	jcase('PATCH', $staff, '{"' . ('k' x 129) . '":1}', 400);
	jcase('PATCH', $staff, '{' . join(',', map { "\"k$_\":1" } 1 .. 256) . '}', 422);
	jcase('PATCH', $staff, '{' . join(',', map { "\"k$_\":1" } 1 .. 257) . '}', 413);
	jcase('PATCH', "/api/v1/roles/$role", '{"permissions":[' . join(',', ('"view"') x 256) . ']}', 200);
	jcase('PATCH', "/api/v1/roles/$role", '{"permissions":[' . join(',', ('"view"') x 257) . ']}', 413);
	jcase('PATCH', "/api/v1/roles/$role", '{"description":"' . ('d' x 500) . '"}', 200);
	jcase('PATCH', "/api/v1/roles/$role", '{"description":"' . ('d' x 501) . '"}', 422);
	jcase('PATCH', $staff, $ok . (' ' x (1048576 - length $ok)), 200);
	jcase('PATCH', $staff, $ok . (' ' x (1048577 - length $ok)), 413);
	# A record's text column: the form takes 65,536 bytes, the table's
	# CHECK (1 to 200 characters) refuses them (422).
	case('POST', "/admin/r/users/$uid", 'csrf=__CSRF__&display_name=' . ('a' x 65536), {}, 422, 'owner');
	case('POST', "/admin/r/users/$uid", 'csrf=__CSRF__&display_name=' . ('a' x 65537), {}, 400, 'owner');

	# JSON routes: application/json with any parameters, or a form.
	case('PATCH', $staff, $ok, { 'content-type' => $_ }, 200, 'api') for ('application/json; charset=utf-8',
	    'APPLICATION/JSON', 'application/json ; x=y', 'Application/Json;charset=UTF-8');
	case('PATCH', $staff, $ok, { 'content-type' => $_ }, 415, 'api') for ('application/jsonx',
	    'application/json-patch+json', 'text/json', 'text/plain', 'application/octet-stream',
	    'multipart/form-data; boundary=x', 'application/problem+json', 'json', 'application/ json');
	# JSON sent as a form is one field with an odd name: nothing to change.
	case('PATCH', $staff, $ok, { 'content-type' => 'application/x-www-form-urlencoded' }, 422, 'api');
	case('PATCH', $staff, 'name=First&name=Second', {}, 200, 'api', sub {
		is(psql_value("SELECT display_name FROM steward.staff WHERE id = $vid"), 'First',
		    '... of two values the first counts');
	});
	# Two CSRF tokens: the first counts (403 when forged; else the
	# handler runs and finds no name: 422). A forged token in a JSON
	# body counts over a good header (403); a foreign Origin is refused.
	case('POST', '/admin/roles', 'csrf=forged&csrf=__CSRF__&name=dupcsrf', {}, 403, 'owner');
	case('POST', '/admin/roles', 'csrf=__CSRF__&csrf=forged', {}, 422, 'owner');
	jcase('PATCH', $staff, '{"csrf":"forged","name":"Hostile Viewer"}', 403, 'owner');
	jcase('PATCH', $staff, $ok, 200, 'owner');
	case('PATCH', $staff, $ok, { 'content-type' => 'application/json', origin => $_ }, 403, 'owner')
	    for ('https://evil.example', 'null', "http://$rhost:$rport", "https://$rhost:$rport.evil.example");
	case('PATCH', $staff, $ok, { 'content-type' => 'application/json', origin => "https://$rhost:$rport" }, 200, 'owner');
});

# =====================================================================
block('JSON bodies on the API', sub {
	my $staff = "/api/v1/staff/$vid";
	my @routes = (['PATCH', $staff, 'api'], ['POST', '/api/v1/roles', 'api'],
	    ['PATCH', "/api/v1/roles/$role", 'api'], ['POST', '/api/v1/staff', 'owner'],
	    ['POST', '/api/v1/api-keys', 'owner'], ['POST', '/api/v1/r/users', 'api'],
	    ['PATCH', "/api/v1/r/users/$uid", 'api'], ['POST', '/api/v1/r/users/bulk', 'api']);
	# Refused by the parser on every route before anything else: 400.
	# 100,000 levels deep, trailing garbage, truncated, not an object, an
	# invalid byte, a NUL in a value, a NUL in a key, a key twice.
	my @core = ('[' x 100000, '{"a":' . ('[' x 100000), '{"name":"x"} trailing', '{"name":"x"}{"name":"y"}',
	    '{"name":"x"', '[{"name":"x"}]', "{\"name\":\"\xff\"}", '{"name":"a\u0000b"}',
	    '{"role\u0000x":"owner"}', '{"name":"a","name":"b"}');
	for my $r (@routes) {
		jcase($r->[0], $r->[1], $_, 400, $r->[2]) for @core;
	}
	# More shapes, on two routes: all 400.
	my @more = (('{"a":' x 100000) . '1' . ('}' x 100000), '{"a":{"b":{"c":{}}}}', '{"name":{"first":"a"}}',
	    '{"name":["a",["b"]]}', '{"name":[{"a":1}]}', '[[[]]]', '{"name":"x"}]', '{"name":"x"},',
	    "{\"name\":\"x\"}\0", "{\"name\":\"x\"}\0{\"role\":\"owner\"}", "{\"name\":\"x\"}\x0b",
	    '{"name":"x"} // comment', '{"name":"x"} /* comment */', "{\"name\":\"x\"}\r\n\t x",
	    "\xef\xbb\xbf{\"name\":\"x\"}", '{"name":', '{"name"', '{"na', '{', '"', '{"name":"x\\',
	    '{"name":"\\u12"}', '{"name":"\\uZZZZ"}', '{"name":"\\x41"}', '"a string"', '123', 'null',
	    'true', '[]', q({'name':'x'}), '{name:"x"}', '{"name":"x",}', '{"name":"x" "role":"y"}',
	    '{"name"="x"}', '{,}', '{"name":undefined}', '{"name":0x10}', "{\"name\":\"\xc3\x28\"}",
	    "{\"name\":\"\xc0\xaf\"}", "{\"name\":\"\xed\xa0\x80\"}", "{\"\xff\":1}", "{\"na\xc0\xafme\":1}",
	    '{"name":"a\u0000"}', '{"\u0000":"x"}', '{"name\u0000":"x"}', '{"name":"ok","role\u0000":"owner"}',
	    '{"name":"a","role":"viewer","name":"b"}', '{"name":"a","na\u006de":"b"}');
	for my $r (@routes[0, 1]) {
		jcase($r->[0], $r->[1], $_, 400, $r->[2]) for @more;
	}
	# Duplicate keys (json-c keeps the last) and keys with a NUL (a C
	# string ends there): each is 400, whatever it would have done.
	jcase('PATCH', $staff, '{"role":"viewer","role":"owner"}', 400);
	jcase('POST', '/api/v1/roles', "{\"name\":\"dupa_$$\",\"name\":\"dupb_$$\",\"permissions\":[\"view\"]}", 400);
	jcase('POST', '/api/v1/roles', "{\"name\":\"dupc_$$\",\"permissions\":[\"view\"],\"permissions\":[\"staff.manage\"]}", 400);
	jcase('POST', '/api/v1/roles', "{\"name\":\"nul_$$\",\"permissions\\u0000\":[\"staff.manage\"]}", 400);
	jcase('PATCH', "/api/v1/roles/$role", '{"description":"a","description":"b"}', 400);
	jcase('PATCH', "/api/v1/roles/$role", '{"permissions":["view"],"permissions":["view","audit.read"]}', 400);
	jcase('POST', '/api/v1/staff', "{\"email\":\"d1-$$\@steward.test\",\"email\":\"d2-$$\@steward.test\",\"name\":\"D\",\"role\":\"viewer\"}", 400, 'owner');
	jcase('POST', '/api/v1/api-keys', '{"name":"dup","role":"viewer","role":"owner"}', 400, 'owner');
	jcase('POST', '/api/v1/api-keys', '{"name":"nul","role\u0000":"owner","role":"viewer"}', 400, 'owner');
	jcase('POST', '/api/v1/r/users', "{\"email\":\"dup-$$\@example.com\",\"email\":\"dup2-$$\@example.com\",\"display_name\":\"D\",\"role\":\"member\",\"status\":\"active\",\"daily_limit\":1}", 400);
	jcase('PATCH', "/api/v1/r/users/$uid", '{"display_name":"a","display_name":"b"}', 400);
	jcase('PATCH', "/api/v1/r/users/$uid", '{"_version":"x","_version":"y","display_name":"z"}', 400);
	jcase('PATCH', "/api/v1/r/users/$uid", '{"display_name\u0000evil":"x"}', 400);
	jcase('POST', '/api/v1/r/users/bulk', "{\"action\":\"unsuspend\",\"action\":\"unsuspend\",\"id\":[$uid]}", 400);
	# What is valid, with the answer the handler gives.
	jcase('PATCH', $staff, '{"NAME":"x","name":"Hostile Viewer"}', 200);	# keys differ in case
	jcase('PATCH', $staff, "{\"name\":\"Hostile Viewer\"} \r\n\t", 200);	# white space may follow
	jcase('PATCH', $staff, '{"name":["First","Second"]}', 200);		# the first value counts
	jcase('PATCH', $staff, $_, 422) for ('{"name":[]}', '{"name":[null]}', '{"name":null}', '{"name":""}');
	# An unpaired surrogate escape: json-c writes U+FFFD (200) or refuses
	# it (400); never a lone surrogate stored.
	jcase('PATCH', $staff, $_, [200, 400]) for ('{"name":"\ud800"}', '{"name":"x\udc00"}');
	my $user = "/api/v1/r/users/$uid";
	jcase('PATCH', $user, '{"tier_id":null}', 200);
	jcase('PATCH', $user, $_, 422) for ('{"daily_limit":-0}', '{"daily_limit":1.5}', '{"daily_limit":true}',
	    '{"daily_limit":null}', '{"daily_limit":"1; DROP TABLE app.users"}', '{"daily_limit":20000}',
	    '{"role":"owner"}', '{"password_hash":"short"}', '{"nope":1}', '{"created_at":"2025-01-01"}');
	jcase('PATCH', $user, $_, [400, 422]) for ('{"daily_limit":99999999999999999999}', '{"daily_limit":1e400}');
	jcase('PATCH', $user, '{"_version":"\' OR 1=1 --","display_name":"x"}', 409);	# a stale version
	jcase('PATCH', $user, '{"display_name":"Hostile User"}', 200);
	flush();
	is(psql_value("SELECT role FROM steward.staff WHERE id = $vid"), 'viewer', 'no body made the viewer anything else');
	is(psql_value("SELECT count(*) FROM steward.roles WHERE name IN ('dupa_$$', 'dupb_$$', 'dupc_$$', 'nul_$$')"), 0,
	    'no refused body made a role');
	is(psql_value("SELECT array_to_string(permissions, ',') FROM steward.roles WHERE name = '$role'"), 'view',
	    '... or changed one');
	is(psql_value("SELECT count(*) FROM steward.staff WHERE email IN ('d1-$$\@steward.test', 'd2-$$\@steward.test')"), 0,
	    '... or an account');
	is(psql_value("SELECT count(*) FROM steward.api_keys WHERE name IN ('dup', 'nul') AND staff_id = $oid"), 0,
	    '... or an API key');
	is(psql_value("SELECT count(*) FROM app.users WHERE email IN ('dup-$$\@example.com', 'dup2-$$\@example.com')"), 0,
	    '... or a record');
});

# =====================================================================
my $tables = "SELECT count(*) FROM pg_tables WHERE schemaname IN ('app', 'steward')";
my $counts = "SELECT concat_ws(' ', (SELECT count(*) FROM app.users), (SELECT count(*) FROM app.subscriptions),"
    . " (SELECT count(*) FROM app.tiers), (SELECT count(*) FROM app.discount_codes),"
    . " (SELECT count(*) FROM steward.staff), (SELECT count(*) FROM steward.roles),"
    . " (SELECT count(*) FROM steward.api_keys), (SELECT count(*) FROM steward.audit_log))";
block('SQL-looking values in every filter, sort and page parameter', sub {
	my $ntables = psql_value($tables);
	my $before = psql_value($counts);
	# The users list (rs_query_parse()): searches and text filters are
	# bound values (200); sort and cursor names must exist and cursors
	# match their column (400); typed filters and limit are checked (422).
	my @list = (['q=V', 200], ['email=V', 200], ['done=V', 200], ['sort=email&after=V&after_pk=1', 200],
	    ['sort=-display_name&before=V&before_pk=1', 200], ['sort=V', 400], ['display_name=V', 400],
	    ['email__in=V', 400], ['V=1', 400], ['after=V', 400], ['after_pk=V', 400], ['before=V&before_pk=1', 400],
	    ['after=V&after_pk=1', 400], ['after=2025-01-01T00:00:00Z&after_pk=V', 400],
	    ['before_pk=V&before=2025-01-01T00:00:00Z', 400], ['limit=V', 422], ['id=V', 422], ['id__in=V', 422],
	    ['id__in=1,V', 422], ['role=V', 422], ['role__in=V', 422], ['status__in=active,V', 422],
	    ['daily_limit=V', 422], ['daily_limit__gte=V', 422], ['daily_limit__lte=V', 422], ['tier_id=V', 422],
	    ['tier_id__null=V', 422], ['created_at__gte=V', 422], ['created_at__lte=V', 422],
	    ['last_seen_at__gte=V', 422], ['last_seen_at__null=V', 422]);
	for my $t (@list) {
		my ($tpl, $st) = @$t;
		for my $i (0 .. $#sqlish) {
			(my $qs = $tpl) =~ s/V/enc($sqlish[$i])/e;
			case('GET', "/api/v1/r/users?$qs", undef, {}, $st, 'api');
			# The page: the first six (the list of old), to keep it quick.
			case('GET', "/admin/r/users?$qs", undef, {}, $st, 'owner') if $i < 6;
		}
		# The export: the same answers; a search keeps it to no rows.
		for my $v (@sqlish[0, 1]) {
			(my $qs = $tpl) =~ s/V/enc($v)/e;
			case('GET', "/admin/r/users/export.csv?$qs&q=no-such-$$", undef, {}, $st, 'owner');
		}
	}
	# Staff: q and role are bound (200); status is active or disabled,
	# before and limit numbers (400).
	for my $t (['q', 200], ['role', 200], ['status', 400], ['before', 400], ['limit', 400]) {
		for my $v (@sqlish) {
			case('GET', "/admin/staff?$t->[0]=" . enc($v), undef, {}, $t->[1], 'owner');
			case('GET', "/api/v1/staff?$t->[0]=" . enc($v), undef, {}, $t->[1], 'api');
		}
	}
	for my $v (@sqlish) {
		# Sessions: staff is an id (400).
		case('GET', '/admin/sessions?staff=' . enc($v), undef, {}, 400, 'owner');
		case('GET', '/api/v1/sessions?staff=' . enc($v), undef, {}, 400, 'api');
		# The explorer: a column must be one of the table's (400), the
		# value is bound (200), the page a number (400).
		case('GET', '/admin/explore/app/users?column=' . enc($v), undef, {}, 400, 'owner');
		case('GET', '/admin/explore/app/users?column=email&value=' . enc($v), undef, {}, 200, 'owner');
		case('GET', '/admin/explore/app/users?column=id&value=' . enc($v), undef, {}, 200, 'owner');
		case('GET', '/admin/explore/app/users?value=' . enc($v), undef, {}, 200, 'owner');
		case('GET', '/admin/explore/app/users?page=' . enc($v), undef, {}, 400, 'owner');
	}
	# The trail (audit_filter_parse()): actor, target and q are bound
	# (200); action must be known, dates and before well formed (400).
	for my $p (qw(actor action target_type target_id from to q before)) {
		my $st = $p =~ /^(action|from|to|before)$/ ? 400 : 200;
		for my $i (0 .. $#sqlish) {
			case('GET', "/admin/audit?$p=" . enc($sqlish[$i]), undef, {}, $st, 'signed') if $i < 6;
			case('GET', "/api/v1/audit?$p=" . enc($sqlish[$i]), undef, {}, $st, 'signed');
		}
		case('GET', "/admin/audit.csv?$p=" . enc($_), undef, {}, $st, 'signed') for @sqlish[0, 1];
	}
	case('GET', "/api/v1/audit?limit=$_", undef, {}, 400, 'signed') for ('-1', '0', '501', 'x', '1e3', '', enc($sqlish[0]));
	# Values of the right shape that PostgreSQL refuses (30 February, an
	# integer over int4): a list says 422; the export, the trail and a
	# bulk action must not answer 503 either.
	case('GET', '/api/v1/r/users?created_at__gte=2025-02-30', undef, {}, 422, 'api');
	case('GET', '/admin/r/users?daily_limit=99999999999', undef, {}, 422, 'owner');
	case('GET', '/admin/r/users/export.csv?created_at__gte=2025-02-30', undef, {}, 422, 'owner');
	case('GET', '/admin/r/users/export.csv?daily_limit__lte=99999999999', undef, {}, 422, 'owner');
	jcase('POST', '/api/v1/r/users/bulk?daily_limit=99999999999', '{"action":"suspend","all":"1"}', 422);
	jcase('POST', '/api/v1/r/users/bulk?created_at__lte=2025-02-30', '{"action":"suspend","all":"1"}', 422);
	case('GET', '/admin/audit?from=2025-02-30', undef, {}, 400, 'signed');
	case('GET', '/api/v1/audit?to=2025-04-31', undef, {}, 400, 'signed');
	case('GET', '/admin/audit.csv?from=2025-02-30', undef, {}, 400, 'signed');
	flush();
	is(psql_value($tables), $ntables, 'every table is still there');
	is(psql_value($counts), $before, '... with as many rows as before (users, subscriptions, tiers, codes, staff, roles, keys, trail)');
});

# =====================================================================
block('raw requests over TLS', sub {
	my $ck = 'Cookie: __Host-steward=' . $o->cookie('__Host-steward');
	my $bearer = "Authorization: Bearer $api->{bearer}";
	my $form = 'Content-Type: application/x-www-form-urlencoded';
	# Content-Length nginx cannot read as a length: 400 from nginx, as
	# is a second one, and one together with Transfer-Encoding.
	for my $cl ('99999999999999999999', '-1', 'abc', '+3', '0x3', '', '18446744073709551616',
	    '9223372036854775808', '-0', '3.0', '1e3', '3, 3', '3 3') {
		rcase("Content-Length: $cl", rawreq('POST', '/api/v1/roles', [$form, "Content-Length: $cl"], 'x=1'), 400, 'nginx');
	}
	for my $route ('/login', '/admin/roles', "/admin/r/users/$uid") {
		rcase("$route, Content-Length: $_", rawreq('POST', $route, [$form, $ck, "Content-Length: $_"], 'x=1'), 400, 'nginx')
		    for ('99999999999999999999', '-1', 'abc');
	}
	rcase('two Content-Length', rawreq('POST', '/api/v1/roles', [$form, 'Content-Length: 3', 'Content-Length: 10'], 'x=1'), 400, 'nginx');
	rcase('two equal Content-Length', rawreq('POST', '/api/v1/roles', [$form, 'Content-Length: 3', 'Content-Length: 3'], 'x=1'), 400, 'nginx');
	rcase('Content-Length and chunked', rawreq('POST', '/api/v1/roles', [$form, 'Content-Length: 3',
	    'Transfer-Encoding: chunked'], "3\r\nx=1\r\n0\r\n\r\n"), 400, 'nginx');
	rcase('chunked in HTTP/1.0', "POST /api/v1/roles HTTP/1.0\r\nHost: $rhost:$rport\r\n$form\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nx=1\r\n0\r\n\r\n", 400, 'nginx');
	# Beyond client_max_body_size (8 MiB): 413 from nginx, before a body.
	rcase("Content-Length: $_", rawreq('POST', '/api/v1/roles', [$form, "Content-Length: $_"]), 413, 'nginx')
	    for ('9223372036854775807', '8388609');
	# Lengths nginx accepts reach steward, who reads them and asks for a
	# sign-in (401): leading zeros; a length shorter than what follows
	# (the rest is never read as a request, the connection closing).
	rcase('Content-Length: 0003', rawreq('POST', '/api/v1/roles', [$form, 'Content-Length: 0003'], 'x=1'), 401, 'steward');
	rcase('Content-Length: 1, more sent', rawreq('POST', '/api/v1/roles', [$form, 'Content-Length: 1'], 'x=1'), 401, 'steward');
	# Chunked bodies: nginx reads them whole and passes a length (401),
	# or passes none and steward asks for one (411). Bad chunk sizes are
	# nginx's 400; one beyond 8 MiB its 413.
	rcase('chunked', rawreq('POST', '/api/v1/roles', [$form, 'Transfer-Encoding: chunked'], "3\r\nx=1\r\n0\r\n\r\n"), [401, 411], 'steward');
	rcase('chunk size zz', rawreq('POST', '/api/v1/roles', [$form, 'Transfer-Encoding: chunked'], "zz\r\nx=1\r\n0\r\n\r\n"), 400, 'nginx');
	rcase('chunk size overflowing', rawreq('POST', '/api/v1/roles', [$form, 'Transfer-Encoding: chunked'], ('f' x 21) . "\r\nx=1\r\n0\r\n\r\n"), 400, 'nginx');
	rcase('a 16 MiB chunk', rawreq('POST', '/api/v1/roles', [$form, 'Transfer-Encoding: chunked'], "1000000\r\nx=1"), 413, 'nginx');

	# A body without Content-Type (nginx passes an empty CONTENT_TYPE):
	# 415 from request_read_body(), before any sign-in is looked at. An
	# empty body needs none (401: sign in first).
	rcase('no Content-Type, API', rawreq('POST', '/api/v1/roles', ['Content-Length: 3'], 'x=1'), 415, 'steward');
	rcase('no Content-Type, page', rawreq('POST', '/admin/roles', ['Content-Length: 3'], 'x=1'), 415, 'steward');
	rcase('no Content-Type, sign-in', rawreq('POST', '/login', ['Content-Length: 3'], 'x=1'), 415, 'steward');
	rcase('no Content-Type, with a key', rawreq('PATCH', "/api/v1/staff/$vid", [$bearer, 'Content-Length: 12'], '{"name":"x"}'), 415, 'steward');
	rcase('no Content-Type, JSON body', rawreq('POST', '/api/v1/r/users', [$bearer, 'Content-Length: 2'], '{}'), 415, 'steward');
	rcase('no Content-Type, a session', rawreq('POST', "/admin/r/users/$uid", [$ck, 'Content-Length: 14'], 'display_name=x'), 415, 'steward');
	rcase('empty Content-Type', rawreq('POST', '/api/v1/roles', ['Content-Type:', 'Content-Length: 3'], 'x=1'), 415, 'steward');
	rcase('Content-Type ;', rawreq('POST', '/api/v1/roles', ['Content-Type: ;', 'Content-Length: 3'], 'x=1'), 415, 'steward');
	rcase('no Content-Type, no body', rawreq('POST', '/api/v1/roles', ['Content-Length: 0']), 401, 'steward');

	# Bytes in the request line and headers that nginx refuses (400).
	rcase('bare CR in a header value', rawreq('GET', '/healthz', ["X-Request-Id: a\rX-Injected: 1"]), 400, 'nginx');
	rcase('NUL in a header value', rawreq('GET', '/healthz', ["X-Foo: a\0b"]), 400, 'nginx');
	rcase('NUL in a cookie', rawreq('GET', '/admin', ["Cookie: __Host-steward=a\0b"]), 400, 'nginx');
	rcase('space in a header name', rawreq('GET', '/healthz', ['X Injected: 1']), 400, 'nginx');
	rcase('control byte in a header name', rawreq('GET', '/healthz', ["X\x01Foo: 1"]), 400, 'nginx');
	rcase('space in the target', rawreq('GET', '/log in', []), 400, 'nginx');
	rcase('control byte in the target', rawreq('GET', "/login\x01", []), 400, 'nginx');
	rcase('NUL in the target', rawreq('GET', "/lo\0gin", []), 400, 'nginx');
	rcase('lower-case method', rawreq('get', '/healthz', []), 400, 'nginx');
	rcase('two Host headers', rawreq('GET', '/healthz', ['Host: evil.example']), 400, 'nginx');
	rcase('a slash in Host', "GET /healthz HTTP/1.1\r\nHost: evil/x\r\nConnection: close\r\n\r\n", 400, 'nginx');
	# Raw invalid UTF-8 in the target reaches steward: 400.
	rcase('raw \xff in a query', rawreq('GET', "/admin/audit?q=\xff", [$ck]), 400, 'steward');
	rcase('raw \xc3\x28 in a query', rawreq('GET', "/api/v1/r/users?q=\xc3\x28", [$bearer]), 400, 'steward');
	rcase('raw \xc0\xaf in a query', rawreq('GET', "/login?email=\xc0\xaf", []), 400, 'steward');
	rcase('raw surrogate in a path', rawreq('GET', "/admin/r/users/\xed\xa0\x80", [$ck]), 400, 'steward');
	rcase('raw \xff in a parameter name', rawreq('GET', "/api/v1/r/users?\xff=1", [$bearer]), 400, 'steward');
	# Bare LF ends a header line for nginx: what follows is a request
	# header of its own, never one of the response. Nor does a header
	# with an underscore (nginx drops it) reach anything.
	rcase('bare LF in a header', rawreq('GET', '/healthz', ["X-Request-Id: abc\nX-Injected: 1"]), 200, 'steward', sub {
		like($_[0]{headers}{'x-request-id'}[0] // '', qr/^(?:[0-9a-f]{24}|[0-9a-f]{32})$/, "$_[1]: the request id is one of ours");
	});
	rcase('LF line ends', "GET /healthz HTTP/1.1\nHost: $rhost:$rport\nConnection: close\n\n", 200, 'steward');
	rcase('underscore in a header name', rawreq('GET', '/healthz', ['X_Injected: 1']), 200, 'steward');
});

# =====================================================================
block('invalid UTF-8 in every field', sub {
	my @bad = ('%FF', '%C3%28', '%C0%AF', '%ED%A0%80', "\xff", "\xc3\x28", "\xc0\xaf", "\xed\xa0\x80");
	# Forms: refused by form_parse() before the handler (400), so no
	# account, role, key, password or record changes.
	my @forms = (['/login', 'anon', [csrf => $csrf, email => 'a%40b.example', password => 'x']],
	    ['/admin/account/password', 'owner', [csrf => '__CSRF__', current => 'x', password => 'a%20long%20new%20passphrase', again => 'a%20long%20new%20passphrase']],
	    ['/admin/staff', 'owner', [csrf => '__CSRF__', email => "u8-$$%40steward.test", name => 'U8', role => 'viewer']],
	    ['/admin/roles', 'owner', [csrf => '__CSRF__', name => "u8_$$", description => 'd', permissions => 'view']],
	    ['/admin/api-keys', 'owner', [csrf => '__CSRF__', name => 'u8', role => 'viewer', expires => '2099-01-01']],
	    ["/admin/r/users/$uid", 'owner', [csrf => '__CSRF__', _version => 'x', display_name => 'U8', email => enc($umail)]]);
	for my $f (@forms) {
		my ($path, $who, $fields) = @$f;
		my @names = map { $fields->[2 * $_] } 0 .. @$fields / 2 - 1;
		for my $i (0 .. $#names) {
			for my $b (@bad) {
				# The sign-in fields with %FF, %C0%AF and %ED%A0%80 are above.
				next if $path eq '/login' && $b =~ /^%(?:FF|C0|ED)/;
				my @kv = @$fields;
				$kv[2 * $i + 1] = "x$b";
				my %h = @kv;
				case('POST', $path, join('&', map { "$_=$h{$_}" } @names), {}, 400, $who);
			}
		}
		# In a field's name, too.
		case('POST', $path, join('&', (map { "$fields->[2 * $_]=$fields->[2 * $_ + 1]" } 0 .. $#names), "na${_}me=1"), {}, 400, $who)
		    for ('%FF', "\xed\xa0\x80");
	}
	# The sign-in: every field, with the rest of the bad list.
	for my $f ('email', 'password', 'csrf') {
		for my $v ('%FF', '%C0%AF', '%ED%A0%80', '%F5%80%80%80', 'a%00b', '%E2%82') {
			my %b = (csrf => $csrf, email => 'a%40b.example', password => 'x');
			$b{$f} = $v;
			case('POST', '/login', join('&', map { "$_=$b{$_}" } sort keys %b), {}, 400);
		}
	}
	# JSON: the strings are checked again after json-c (jsonform.c): 400.
	my @raw = ("\xff", "\xc3\x28", "\xc0\xaf", "\xed\xa0\x80");
	my @json = (['POST', '/api/v1/staff', 'owner', [email => "u8-$$\@steward.test", name => 'U8', role => 'viewer']],
	    ['POST', '/api/v1/roles', 'api', [name => "u8_$$", description => 'd', permissions => 'view']],
	    ['POST', '/api/v1/api-keys', 'owner', [name => 'u8', role => 'viewer', expires => '2099-01-01']],
	    ['PATCH', "/api/v1/r/users/$uid", 'api', [display_name => 'U8', email => $umail]],
	    ['PATCH', "/api/v1/staff/$vid", 'api', [name => 'U8', role => 'viewer']]);
	for my $j (@json) {
		my ($m, $path, $who, $fields) = @$j;
		my @names = map { $fields->[2 * $_] } 0 .. @$fields / 2 - 1;
		for my $i (0 .. $#names) {
			for my $b (@raw) {
				my @kv = @$fields;
				$kv[2 * $i + 1] = "x$b";
				my %h = @kv;
				jcase($m, $path, '{' . join(',', map { $_ eq 'permissions' ? "\"$_\":[\"$h{$_}\"]" : "\"$_\":\"$h{$_}\"" } @names) . '}', 400, $who);
			}
		}
		jcase($m, $path, "{\"na${_}me\":\"x\"}", 400, $who) for @raw;
	}
	# Query strings: the resource filters, search, sort and cursor; the
	# staff list; the explorer; the trail and the exports (400).
	for my $b (@bad[0 .. 3]) {
		for my $p (qw(q email sort after id__in role)) {
			case('GET', "/api/v1/r/users?$p=x$b", undef, {}, 400, 'api');
			case('GET', "/admin/r/users?$p=x$b", undef, {}, 400, 'owner');
		}
		case('GET', "/admin/r/users/export.csv?q=$b", undef, {}, 400, 'owner');
		case('GET', "/api/v1/r/users?x$b=1", undef, {}, 400, 'api');
		case('GET', "/admin/staff?$_=$b", undef, {}, 400, 'owner') for qw(q role);
		case('GET', "/admin/explore/app/users?column=email&value=$b", undef, {}, 400, 'owner');
		case('GET', "/admin/sessions?staff=$b", undef, {}, 400, 'owner');
		for my $p (qw(actor action target_type target_id from to q before)) {
			case('GET', "/admin/audit?$p=$b", undef, {}, 400, 'signed');
			case('GET', "/api/v1/audit?$p=$b", undef, {}, 400, 'signed');
		}
		case('GET', "/admin/audit.csv?actor=$b", undef, {}, 400, 'signed');
	}
	flush();
	is(psql_value("SELECT count(*) FROM steward.staff WHERE email LIKE 'u8-$$%'"), 0, 'no account was made');
	is(psql_value("SELECT count(*) FROM steward.roles WHERE name = 'u8_$$'"), 0, 'no role');
	is(psql_value("SELECT count(*) FROM steward.api_keys WHERE name LIKE 'u8%' AND staff_id = $oid"), 0, 'no key');
	is(psql_value("SELECT display_name FROM app.users WHERE id = $uid"), 'Hostile User', 'the record is unchanged');
});

# =====================================================================
block('markup stored and reflected', sub {
	my $esc = qr/&lt;script&gt;alert\(1\)&lt;\/script&gt;&quot;&#39;&gt;&lt;img src=x onerror=alert\(1\)&gt;/;
	my $box = qr/value="$esc"/;
	# An owner renames themselves to markup, through the page and with
	# markup as their browser: their name is in the layout of every page
	# they see, and in the trail as the actor of what they do next.
	my $r = now('POST', "/admin/staff/$oid", 'csrf=__CSRF__&name=' . enc($xss), { 'user-agent' => $xss }, 303, 'owner');
	is($r->{headers}{location}, "/admin/staff/$oid?done=updated", '... back to the account');
	escaped(now('GET', $_, undef, {}, 200, 'owner'), "$_ (the layout)", qr{class="who-name" href="/admin/account">$esc</a>})
	    for ("/admin/staff/$oid", '/admin', '/admin/account', '/admin/roles', '/admin/r', '/admin/audit');
	# From here the pages are read by the demo owner, whose name is plain:
	# the markup on them is the field's own.
	escaped(now('GET', "/admin/staff/$oid", undef, {}, 200, 'signed'), 'the renamed account', qr{<h1>$esc</h1>});
	escaped(now('GET', '/admin/staff?q=' . enc($oemail), undef, {}, 200, 'signed'), 'the staff list', qr{">$esc</a></td>});
	# A session whose browser is markup: the sessions pages show it.
	my $ua = client();
	my $form = $ua->get('/login');
	sleep(0.06);
	$r = $ua->post('/login', { csrf => csrf_of($form->{content}), email => $oemail, password => $opw },
	    headers => { 'user-agent' => $xss });
	is($r->{status}, 303, 'signed in with markup as the user agent');
	escaped(now('GET', $_, undef, {}, 200, 'signed'), $_, qr{<td>$esc</td>}) for ('/admin/sessions', "/admin/sessions?staff=$oid");
	escaped(now('GET', '/admin/account', undef, {}, 200, 'owner'), 'their own sessions', qr{<td>$esc</td>});

	# A staff member named with markup, and the form shown again.
	my $smail = "xss-$$\@steward.test";
	escaped(now('POST', '/admin/staff', 'csrf=__CSRF__&email=' . enc($smail) . '&name=' . enc($xss) . '&role=viewer',
	    {}, 201, 'owner'), 'the new account (201)', qr{<h1>$esc</h1>});
	my $sid = psql_value("SELECT id FROM steward.staff WHERE email = '$smail'");
	escaped(now('GET', "/admin/staff/$sid", undef, {}, 200, 'signed'), 'its page', qr{<h1>$esc</h1>});
	escaped(now('GET', '/admin/staff?q=' . enc($smail), undef, {}, 200, 'signed'), 'the staff list', qr{">$esc</a></td>});
	escaped(now('POST', '/admin/staff', 'csrf=__CSRF__&email=' . enc($xss) . '&name=' . enc($xss) . '&role=viewer',
	    {}, 422, 'owner'), 'a refused account form, shown again', $box);
	like(now('GET', "/api/v1/staff/$sid", undef, {}, 200, 'api')->{headers}{'content-type'}, qr{^application/json},
	    '... and as JSON, never HTML');

	# A role: the name cannot hold markup (422, shown again); the
	# description can.
	escaped(now('POST', '/admin/roles', 'csrf=__CSRF__&name=' . enc($xss) . '&description=' . enc($xss), {}, 422, 'owner'),
	    'a refused role name, shown again', qr{name="name" type="text" value="$esc"});
	my $xrole = "xss_$$";
	$r = now('POST', '/admin/roles', "csrf=__CSRF__&name=$xrole&description=" . enc($xss) . '&permissions=view', {}, 303, 'owner');
	is($r->{headers}{location}, "/admin/roles/$xrole?done=saved", '... a role with markup in its description');
	escaped(now('GET', '/admin/roles', undef, {}, 200, 'signed'), 'the role list', qr{<small>$esc</small>});
	escaped(now('GET', "/admin/roles/$xrole", undef, {}, 200, 'signed'), 'the role page', qr{<p>$esc</p>});
	escaped(now('GET', "/admin/roles/$xrole", undef, {}, 200, 'signed'), 'its edit form', $box);

	# An API key named with markup; a name too long, shown again.
	escaped(now('POST', '/admin/api-keys', 'csrf=__CSRF__&name=' . enc($xss) . '&role=viewer', {}, 201, 'owner'),
	    'the key list with the new key (201)', qr{<td>$esc</td>});
	escaped(now('GET', '/admin/api-keys', undef, {}, 200, 'signed'), 'the key list', qr{<td>$esc</td>});
	escaped(now('POST', '/admin/api-keys', 'csrf=__CSRF__&name=' . enc($xss x 2) . '&role=viewer', {}, 422, 'owner'),
	    'a refused key name, shown again', qr/value="$esc$esc"/);

	# A record's text column, through the edit form.
	my ($ver) = now('GET', "/admin/r/users/$uid/edit", undef, {}, 200, 'owner')->{content}
	    =~ /name="_version" value="([0-9a-f]+)"/;
	$r = now('POST', "/admin/r/users/$uid", 'csrf=__CSRF__&_version=' . ($ver // '') . '&display_name=' . enc($xss),
	    {}, 303, 'owner');
	is($r->{headers}{location}, "/admin/r/users/$uid?done=saved", '... the record saved');
	escaped(now('GET', '/admin/r/users?email=' . enc($umail), undef, {}, 200, 'signed'), 'the list', qr{<td>$esc</td>});
	escaped(now('GET', "/admin/r/users/$uid", undef, {}, 200, 'signed'), 'the record', qr{<dd>$esc</dd>});
	escaped(now('GET', "/admin/r/users/$uid/edit", undef, {}, 200, 'signed'), 'the edit form', $box);
	escaped(now('GET', "/admin/r/users/$uid/delete", undef, {}, 200, 'signed'), 'the delete confirmation', qr{<dd>$esc</dd>});
	escaped(now('GET', '/admin/r/users?q=' . enc($xss), undef, {}, 200, 'signed'), 'a search that finds it', qr{<td>$esc</td>});
	escaped(now('GET', "/admin/explore/app/users?column=id&value=$uid", undef, {}, 200, 'signed'), 'the explorer',
	    qr{<td>$esc</td>});
	escaped(now('POST', "/admin/r/users/$uid", 'csrf=__CSRF__&display_name=' . enc($xss) . '&daily_limit=abc', {}, 422, 'owner'),
	    'a refused record form, shown again', $box);
	$r = now('GET', '/admin/r/users/export.csv?email=' . enc($umail), undef, {}, 200, 'signed');
	like($r->{headers}{'content-type'}, qr{^text/csv}, 'the export is CSV, not HTML');
	like($r->{headers}{'content-disposition'}, qr/^attachment/, '... a download');
	like(now('GET', "/api/v1/r/users/$uid", undef, {}, 200, 'api')->{headers}{'content-type'}, qr{^application/json},
	    'the record as JSON is JSON');

	# The trail: each row whose diff (or browser) holds the markup, and
	# the lists where the renamed owner is the actor.
	for my $w (['staff.update', "target_type = 'staff' AND target_id = '$oid'", qr{<td class="after">$esc</td>}],
	    ['staff.update', "target_type = 'staff' AND target_id = '$oid'", qr{<dt>User agent</dt><dd>$esc</dd>}],
	    ['staff.sign_in', "target_type = 'staff' AND target_id = '$oid'", qr{<dt>User agent</dt><dd>$esc</dd>}],
	    ['staff.create', "target_type = 'staff' AND target_id = '$sid'", qr{<td class="after">$esc</td>}],
	    ['role.create', "target_type = 'role' AND target_id = '$xrole'", qr{<td class="after">$esc</td>}],
	    ['api_key.create', "actor_staff_id = $oid AND after->>'name' LIKE '<script>alert(1)</script>%'",
	    qr{<td class="after">$esc</td>}],
	    ['record.update', "target_type = 'users' AND target_id = '$uid'", qr{<td class="after">$esc</td>}]) {
		my $seq = psql_value("SELECT max(seq) FROM steward.audit_log WHERE action = '$w->[0]' AND $w->[1]");
		ok($seq, "an audit row for $w->[0]") or next;
		escaped(now('GET', "/admin/audit/$seq", undef, {}, 200, 'signed'), "audit row $seq ($w->[0])", $w->[2]);
	}
	escaped(now('GET', $_, undef, {}, 200, 'signed'), "$_ (the actor)", qr{<td>$esc &lt;}) for ('/admin/audit?actor=' . enc($oemail),
	    "/admin/audit?target_type=users&target_id=$uid", '/admin/audit?action=role.create',
	    "/admin/audit?target_type=staff&target_id=$sid");
	like(now('GET', '/api/v1/audit?actor=' . enc($oemail), undef, {}, 200, 'api')->{headers}{'content-type'},
	    qr{^application/json}, 'the trail as JSON is JSON');

	# Reflected: what a request names comes back escaped, in errors and
	# in the boxes that keep a filter.
	escaped(now('GET', '/admin/r/users?sort=' . enc($xss), undef, {}, 400, 'signed'), 'an unknown sort, named in the error',
	    qr{<p>sort: $esc is not a sortable column</p>});
	escaped(now('GET', '/admin/r/users?' . enc($xss) . '=1', undef, {}, 400, 'signed'), 'an unknown parameter, named in the error',
	    qr{<p>$esc: there is no such column or parameter</p>});
	escaped(now('GET', '/admin/r/users?email=' . enc($xss), undef, {}, 200, 'signed'), 'a filter kept in its box', $box);
	escaped(now('GET', '/admin/staff?q=' . enc($xss), undef, {}, 200, 'signed'), 'a staff search kept in its box', $box);
	escaped(now('GET', '/admin/explore/app/users?column=email&value=' . enc($xss), undef, {}, 200, 'signed'),
	    'an explorer value kept in its box', $box);
	{
		# A next address with spaces in it is no local path: the
		# form goes back to the account page, and shows none of it.
		my $rr = now('GET', '/login/reauth?next=/' . enc($xss), undef, {}, 200, 'signed');
		like($rr->{content}, qr{name="next" value="/admin/account"}, 'a next address in the step-up form: refused for the account page');
		unlike($rr->{content}, qr/<script>alert|<img src=x|"'>/, 'a next address in the step-up form: never as markup');
	}
	like(now('GET', '/api/v1/r/users?sort=' . enc($xss), undef, {}, 400, 'api')->{headers}{'content-type'},
	    qr{^application/problem\+json}, 'an API error naming markup is problem+json');
	for my $p (qw(actor target_type target_id q)) {
		escaped(now('GET', "/admin/audit?$p=" . enc($xss), undef, {}, 200, 'signed'), "the trail's $p filter", $box);
	}
	# An email tried at sign-in, shown in the trail.
	sleep(0.06);
	is($anon->post('/login', { csrf => $csrf, email => "$xss\@evil.example", password => 'whatever it is' })->{status},
	    200, 'a sign-in with markup as the email fails');
	escaped(now('GET', '/admin/audit?action=staff.sign_in_failed', undef, {}, 200, 'signed'), 'the failed sign-ins',
	    qr{<td>$esc\@evil\.example</td>});
	my $seq = psql_value("SELECT max(seq) FROM steward.audit_log WHERE action = 'staff.sign_in_failed'");
	escaped(now('GET', "/admin/audit/$seq", undef, {}, 200, 'signed'), '... and its row page', qr{<dd>$esc\@evil\.example</dd>});
	is($api->api('DELETE', "/api/v1/roles/$xrole")->{status}, 204, "the role $xrole deleted");
});

# =====================================================================
block('CRLF in values that could reach a header', sub {
	my $ns = \&no_split;
	# next after step-up: a local path or the account page; a value
	# with control bytes is no local path, so the account page.
	case('GET', '/login/reauth?next=/admin%0d%0aSet-Cookie:%20evil=1', undef, {}, 200, 'signed', $ns);
	case('GET', '/login/reauth?next=%0d%0aLocation:%20//evil.example', undef, {}, 200, 'owner', $ns);
	for my $t (["/admin\r\nX-Injected: 1", '/admin/account'], ["/\r\nSet-Cookie: evil=1", '/admin/account'], ['//evil.example', '/admin/account'],
	    ["/\\evil.example", '/admin/account'], ["/admin\rLocation: //evil.example", '/admin/account']) {
		case('POST', '/login/reauth', 'csrf=__CSRF__&password=' . enc($opw) . '&next=' . enc($t->[0]), {}, 303, 'owner', sub {
			my ($r, $label) = @_;
			no_split($r, $label);
			is($r->{headers}{location}, $t->[1], "$label: Location $t->[1]");
			refresh_csrf();
		});
	}
	# The page after a bulk action keeps the filter, encoded.
	case('POST', '/admin/r/users/bulk?q=%0d%0aX-Injected:%201', 'csrf=__CSRF__&action=suspend&all=1&confirm=yes', {}, 303, 'owner', sub {
		no_split(@_);
		is($_[0]{headers}{location}, '/admin/r/users?q=%0D%0AX-Injected%3A%201&done=0', "$_[1]: the filter encoded");
	});
	case('POST', '/admin/r/users/bulk?email=x%0d%0aSet-Cookie:%20evil=1', 'csrf=__CSRF__&action=suspend&all=1&confirm=yes', {}, 303, 'owner', $ns);
	case('POST', '/admin/r/users/bulk?q=%0d%0aX-Injected:%201', 'csrf=__CSRF__&action=suspend&all=1', {}, 200, 'owner', $ns);
	# A record saved with CRLF in a text column; its pages after.
	case('POST', "/admin/r/users/$uid", 'csrf=__CSRF__&display_name=' . enc("Line\r\nX-Injected: 1"), {}, 303, 'owner', sub {
		no_split(@_);
		is($_[0]{headers}{location}, "/admin/r/users/$uid?done=saved", "$_[1]: back to the record");
	});
	case('GET', $_, undef, {}, 200, 'owner', $ns) for ("/admin/r/users/$uid", '/admin/r/users?email=' . enc($umail));
	# Exports: the file name is fixed, whatever the query says.
	my $csv = sub {
		my ($want) = @_;
		return sub {
			no_split(@_);
			is($_[0]{headers}{'content-disposition'}, "attachment; filename=\"$want\"", "$_[1]: $want");
		};
	};
	case('GET', '/admin/r/users/export.csv?q=%0d%0aContent-Disposition:%20inline', undef, {}, 200, 'owner', $csv->('users.csv'));
	case('GET', '/admin/r/users/export.csv?email=a%0d%0aX-Injected:%201', undef, {}, 200, 'owner', $csv->('users.csv'));
	case('GET', '/admin/r/users/export.csv?filename=%0d%0aX-Injected:%201', undef, {}, 400, 'owner', $ns);
	case('GET', '/admin/audit.csv?actor=%0d%0aX-Injected:%201', undef, {}, 200, 'signed', $csv->('steward-audit.csv'));
	case('GET', "/admin/audit.csv?actor=nobody-$$&filename=evil.html%0d%0aX-Injected:%201", undef, {}, 200, 'signed',
	    $csv->('steward-audit.csv'));
	# Query values, paths, cookies and the request id header.
	case('GET', '/login?x=%0d%0aX-Injected:%201', undef, {}, 200, 'junk', $ns);
	case('GET', '/admin?x=%0d%0aX-Injected:%201', undef, {}, 200, 'owner', $ns);
	case('GET', '/admin/account?done=%0d%0aX-Injected:%201', undef, {}, 200, 'owner', $ns);
	case('GET', "/admin/staff/$oid?done=%0d%0aX-Injected:%201", undef, {}, 200, 'owner', $ns);
	case('GET', '/invite?token=%0d%0aX-Injected:%201', undef, {}, 404, 'junk', $ns);
	case('GET', $_, undef, {}, 400, 'junk', $ns) for ('/admin%0d%0aX-Injected:%201', '/login%0aSet-Cookie:%20evil=1',
	    '/api/v1/r/users%0d%0a', '/admin/staff/1%0d%0aX-Injected:%201', '/admin/r/users/1%0dX-Injected:%201');
	case('GET', '/healthz', undef, { 'x-request-id' => 'abc%0d%0aX-Injected: 1' }, 200, 'junk', sub {
		no_split(@_);
		like($_[0]{headers}{'x-request-id'}, qr/^(?:[0-9a-f]{24}|[0-9a-f]{32})$/, "$_[1]: the request id is one of ours");
	});
	case('GET', '/admin', undef, { cookie => '__Host-steward=%0d%0aSet-Cookie:%20evil=1' }, 303, 'junk', $ns);
	case('GET', '/login', undef, { cookie => '__Host-steward-csrf=x%0d%0aX-Injected:%201' }, 200, 'junk', $ns);
	case('GET', '/login', undef, { cookie => 'a%0d%0aX-Injected=1' }, 200, 'junk', $ns);
	case('GET', '/admin', undef, { 'user-agent' => 'ua%0d%0aX-Injected: 1' }, 200, 'owner', $ns);
});

# =====================================================================
block('cookies and methods', sub {
	# Huge headers and cookies: nginx's 400 ("Request Header Or Cookie
	# Too Large").
	case('GET', '/login', undef, { 'x-big' => 'h' x (1024 * 1024) }, 400, 'junk');
	case('GET', '/login', undef, { cookie => 'c=' . ('k' x (1024 * 1024)) }, 400, 'junk');
	# Odd cookies are no session (303 to sign in); over max_fields
	# cookies, 400.
	for my $ck ('__Host-steward="abc"', '__Host-steward=;;;', ';;;;', '=x; =y', '__Host-steward=a"b;c',
	    'a=b; __Host-steward=' . ('A' x 43) . '; __Host-steward=' . ('B' x 43), '__Host-steward=%00',
	    '__Host-steward-csrf="' . ('A' x 43) . '"', '__Host-steward=' . ('A' x 5000),
	    "__Host-steward='; DROP TABLE steward.sessions; --", '__Host-steward=' . $o->cookie('__Host-steward') . 'x',
	    '__Host-steward=' . enc($xss), join('; ', map { "k$_=v" } 1 .. 256)) {
		case('GET', '/admin', undef, { cookie => $ck }, 303, 'junk');
	}
	case('GET', '/admin', undef, { cookie => join('; ', map { "k$_=v" } 1 .. $_) }, 400, 'junk') for (257, 400);
	# A forged pre-session secret: the form's token no longer matches (403).
	case('POST', '/login', "csrf=$csrf&email=a%40b.example&password=x", { cookie => '__Host-steward-csrf=' . ('A' x 43) }, 403, 'junk');
	# Methods: 405 where the path exists, 404 where it does not.
	case('PUT', '/admin', 'x=1', {}, 405);
	case('DELETE', '/admin/audit', undef, {}, 405, 'signed');
	case('PATCH', '/login', 'x=1', {}, 405);
	case('OPTIONS', '/admin', undef, {}, 405);
	case('FOO', '/admin', undef, {}, 405);
	case('TRACE', '/admin', undef, {}, 405);
	case('OPTIONS', '/nope', undef, {}, 404);
	case('PUT', "/api/v1/staff/$vid", '{}', { 'content-type' => 'application/json' }, 405, 'api');
	case('DELETE', '/api/v1/r/users', undef, {}, 405, 'api');
	case('PATCH', '/api/v1/r/users', '{}', { 'content-type' => 'application/json' }, 405, 'api');
	case('POST', "/api/v1/r/users/$uid", '{}', { 'content-type' => 'application/json' }, 405, 'api');
	case('HEAD', '/login', undef, {}, 200);
	case('HEAD', '/admin/r/users/export.csv?q=nothing', undef, {}, 200, 'owner');
});

# ---- Totals, and every worker still serves.
cmp_ok($n, '>=', 250, "$n hostile cases sent");
cmp_ok(scalar(keys %distinct), '>=', 200, scalar(keys %distinct) . ' distinct requests among them');
is($n5xx, 0, 'not one 5xx');
my $ok = 0;
$ok += client()->get('/healthz')->{status} == 200 for 1 .. 4 * stack_env('WORKERS');
is($ok, 4 * stack_env('WORKERS'), 'the workers are all still serving');
is($api->api('DELETE', "/api/v1/r/users/$uid")->{status}, 204, 'the user record deleted');
is($api->api('DELETE', "/api/v1/roles/$role")->{status}, 204, "the role $role deleted");
is($api->api('PATCH', "/api/v1/staff/$oid", { name => 'Hostile Owner' })->{status}, 200, 'the owner named plainly again');

done_testing();
