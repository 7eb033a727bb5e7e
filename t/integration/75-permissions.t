# The permission matrix, walked: every route of `steward --routes` that
# needs a signed-in staff member, asked by each built-in role (with a
# browser session, and for /api/v1 also with an API key of that role),
# must answer 403 exactly when the role lacks the route's permission (or,
# for routes that mint credentials, when asked with a key).
# A route missing from %expect below fails the test, so a new route
# cannot arrive without a decision about who may use it.
use strict;
use warnings;
use Test::More;
use Steward::Test;

# The matrix of the issue: which role has which permission.
my %grants = (
	viewer => [qw(view)],
	support => [qw(view users.suspend users.mfa_sessions users.impersonate)],
	ops => [qw(view settings.configure flags.manage)],
	billing => [qw(view credits.grant)],
	admin => [qw(view users.suspend users.mfa_sessions users.impersonate
	    credits.grant settings.configure flags.manage staff.manage
	    audit.read)],
	owner => [qw(view users.suspend users.mfa_sessions users.impersonate
	    credits.grant settings.configure flags.manage staff.manage
	    users.delete audit.read roles.manage)],
);
my @roles = qw(viewer support ops billing admin owner);

# Every route: its access and the permission it must declare ('-': none
# beyond the access).
my %expect = (
	'GET /' => 'public -',
	'GET /healthz' => 'public -',
	'GET /metrics' => 'loopback -',
	'GET /login' => 'public -',
	'POST /login' => 'public -',
	'POST /logout' => 'session -',
	'GET /login/totp' => 'mfa -',
	'POST /login/totp' => 'mfa -',
	'GET /login/reauth' => 'enrol -',
	'POST /login/reauth' => 'enrol -',
	'GET /admin/account/mfa' => 'enrol -',
	'POST /admin/account/mfa' => 'enrol -',
	'GET /invite' => 'public -',
	'POST /invite' => 'public -',
	'GET /admin' => 'staff view',
	'GET /admin/account' => 'staff -',
	'POST /admin/account/password' => 'staff -',
	'POST /admin/account/sessions/end-others' => 'staff -',
	'POST /admin/account/mfa/disable' => 'staff -',
	'GET /admin/audit' => 'staff audit.read',
	'GET /admin/audit.csv' => 'staff audit.read',
	'GET /admin/audit/:seq' => 'staff audit.read',
	'GET /api/v1/audit' => 'staff audit.read',
	'GET /api/v1/audit/:seq' => 'staff audit.read',
	'GET /admin/staff' => 'staff staff.manage',
	'GET /admin/staff/new' => 'staff staff.manage',
	'POST /admin/staff' => 'staff staff.manage',
	'GET /admin/staff/:id' => 'staff staff.manage',
	'POST /admin/staff/:id' => 'staff staff.manage',
	'POST /admin/staff/:id/deactivate' => 'staff staff.manage',
	'POST /admin/staff/:id/reactivate' => 'staff staff.manage',
	'POST /admin/staff/:id/reset-mfa' => 'staff staff.manage',
	'POST /admin/staff/:id/invite' => 'staff staff.manage',
	'GET /admin/roles' => 'staff view',
	'POST /admin/roles' => 'staff roles.manage',
	'GET /admin/roles/:name' => 'staff view',
	'POST /admin/roles/:name' => 'staff roles.manage',
	'POST /admin/roles/:name/delete' => 'staff roles.manage',
	'GET /admin/sessions' => 'staff -',
	'POST /admin/sessions/:id/revoke' => 'staff -',
	'GET /admin/api-keys' => 'staff staff.manage',
	'POST /admin/api-keys' => 'staff staff.manage',
	'POST /admin/api-keys/:id/rotate' => 'staff staff.manage',
	'POST /admin/api-keys/:id/revoke' => 'staff staff.manage',
	'GET /api/v1/me' => 'staff -',
	'GET /api/v1/staff' => 'staff staff.manage',
	'POST /api/v1/staff' => 'staff staff.manage',
	'GET /api/v1/staff/:id' => 'staff staff.manage',
	'PATCH /api/v1/staff/:id' => 'staff staff.manage',
	'POST /api/v1/staff/:id/deactivate' => 'staff staff.manage',
	'POST /api/v1/staff/:id/reactivate' => 'staff staff.manage',
	'POST /api/v1/staff/:id/reset-mfa' => 'staff staff.manage',
	'POST /api/v1/staff/:id/invite' => 'staff staff.manage',
	'GET /api/v1/roles' => 'staff view',
	'POST /api/v1/roles' => 'staff roles.manage',
	'GET /api/v1/roles/:name' => 'staff view',
	'PATCH /api/v1/roles/:name' => 'staff roles.manage',
	'DELETE /api/v1/roles/:name' => 'staff roles.manage',
	'GET /api/v1/sessions' => 'staff -',
	'DELETE /api/v1/sessions/:id' => 'staff -',
	'GET /api/v1/api-keys' => 'staff staff.manage',
	'POST /api/v1/api-keys' => 'staff staff.manage',
	'GET /api/v1/api-keys/:id' => 'staff staff.manage',
	'POST /api/v1/api-keys/:id/rotate' => 'staff staff.manage',
	'DELETE /api/v1/api-keys/:id' => 'staff staff.manage',
	# The resource engine: the route needs view; each operation then
	# needs what the catalogue says (t/integration/78-records.t).
	'GET /admin/r' => 'staff view',
	'GET /admin/r/:res' => 'staff view',
	'GET /admin/r/:res/export.csv' => 'staff view',
	'GET /admin/r/:res/new' => 'staff view',
	'POST /admin/r/:res' => 'staff view',
	'POST /admin/r/:res/bulk' => 'staff view',
	'GET /admin/r/:res/:id' => 'staff view',
	'GET /admin/r/:res/:id/edit' => 'staff view',
	'POST /admin/r/:res/:id' => 'staff view',
	'GET /admin/r/:res/:id/delete' => 'staff view',
	'POST /admin/r/:res/:id/delete' => 'staff view',
	'GET /api/v1/r/:res' => 'staff view',
	'POST /api/v1/r/:res' => 'staff view',
	'POST /api/v1/r/:res/bulk' => 'staff view',
	'GET /api/v1/r/:res/:id' => 'staff view',
	'PATCH /api/v1/r/:res/:id' => 'staff view',
	'DELETE /api/v1/r/:res/:id' => 'staff view',
	'GET /admin/explore' => 'staff settings.configure',
	'GET /admin/explore/:schema/:table' => 'staff settings.configure',
);

# The binary's own table.
my $build = stack_env('BUILD');
my @table;
for (split /\n/, `$build/src/steward --routes`) {
	my ($method, $pattern, $access, $perm, $flags) = split /\t/;
	push @table, { method => $method, pattern => $pattern,
	    access => $access, perm => $perm, json => ($flags =~ /^json/ ? 1 : 0),
	    person => ($flags =~ /\bperson\b/ ? 1 : 0) };
}
cmp_ok(scalar @table, '>', 0, 'steward --routes lists the routes');
my %seen;
for my $r (@table) {
	my $k = "$r->{method} $r->{pattern}";
	$seen{$k} = 1;
	ok(exists $expect{$k}, "$k has a row in this test's matrix") or next;
	is("$r->{access} $r->{perm}", $expect{$k}, "$k: access and permission as decided");
}
ok($seen{$_}, "$_ is still a route") for sort keys %expect;

# One account and one API key per role. Keys are made by an owner, so a
# key's permissions are exactly its role's.
my (%browser, %key);
my ($oemail, $opw) = make_staff('owner', 'keymaker');
my $maker = sign_in_staff($oemail, $opw);
for my $role (@roles) {
	my ($email, $pw) = make_staff($role, 'matrix');
	$browser{$role} = sign_in_staff($email, $pw);
	my $res = $maker->api('POST', '/api/v1/api-keys', { name => "matrix $role", role => $role });
	is($res->{status}, 201, "an API key with role $role") or diag($res->{content});
	$key{$role} = client();
	$key{$role}{bearer} = $res->{json}{key};
}

# A request that reaches the handler: ids and names that do not exist, and
# empty bodies, so nothing changes and the handler answers 404 or 422.
sub concrete {
	my ($pattern) = @_;
	(my $p = $pattern) =~ s{:id\b}{999999999}g;
	$p =~ s{:name\b}{nosuchrole}g;
	$p =~ s{:seq\b}{1}g;
	# A resource that offers only viewing: every other operation is the
	# handler's 405, whoever asks.
	$p =~ s{:res\b}{payments}g;
	$p =~ s{:schema\b}{app}g;
	$p =~ s{:table\b}{tiers}g;
	return $p;
}

sub ask {
	my ($c, $r) = @_;
	my $path = concrete($r->{pattern});
	if ($r->{json}) {
		return $c->api($r->{method}, $path,
		    $r->{method} =~ /^(POST|PATCH)$/ ? {} : undef);
	}
	return $c->get($path) if $r->{method} eq 'GET';
	return $c->post($path, { csrf => $c->{csrf} // '' });
}

my @staff_routes = grep { $_->{access} eq 'staff' } @table;
my (@lines, %allowed_of);
for my $r (@staff_routes) {
	my $k = "$r->{method} $r->{pattern}";
	my @cells;
	for my $role (@roles) {
		my $may = $r->{perm} eq '-' || grep { $_ eq $r->{perm} } @{ $grants{$role} };
		my @ways = (['session', $browser{$role}]);
		push @ways, ['key', $key{$role}] if $r->{json};
		my @got;
		for my $w (@ways) {
			my $res = ask($w->[1], $r);
			push @got, $res->{status};
			if ($r->{person} && $w->[0] eq 'key') {
				# Minting credentials needs a person, never a key.
				is($res->{status}, 403, "$k as $role ($w->[0]): 403, a key may not");
			} elsif ($may) {
				ok($res->{status} != 403 && $res->{status} != 401
				    && !($res->{status} == 303 && ($res->{headers}{location} // '') =~ m{^/login}),
				    "$k as $role ($w->[0]): allowed ($res->{status})")
				    or diag($res->{content});
			} else {
				is($res->{status}, 403, "$k as $role ($w->[0]): 403");
			}
		}
		push @cells, join('/', @got);
	}
	# Nobody signed in.
	my $anon = client();
	my $res = $r->{json} ? $anon->api($r->{method}, concrete($r->{pattern}),
	    $r->{method} =~ /^(POST|PATCH)$/ ? {} : undef)
	    : $r->{method} eq 'GET' ? $anon->get(concrete($r->{pattern}))
	    : $anon->post(concrete($r->{pattern}), {});
	if ($r->{json}) {
		is($res->{status}, 401, "$k anonymous: 401");
		like($res->{headers}{'content-type'}, qr{^application/problem\+json}, '... as problem+json');
	} elsif ($r->{method} eq 'GET') {
		is($res->{status}, 303, "$k anonymous: 303");
		is($res->{headers}{location}, '/login', '... to the sign-in form');
	} else {
		# A POST without a session fails its CSRF check or is sent away.
		ok($res->{status} == 403 || $res->{status} == 303, "$k anonymous: refused ($res->{status})");
	}
	push @lines, sprintf('%-40s %-18s %s %s', $k, $r->{perm}, join(' ', map { sprintf '%-7s', $_ } @cells), $res->{status});
}

# Denied as HTML is a page; as JSON, problem+json.
my $res = $browser{viewer}->get('/admin/staff');
like($res->{headers}{'content-type'}, qr{^text/html}, 'a 403 for a browser is an HTML page');
like($res->{content}, qr/Your role does not allow this/, '... saying why');
$res = $key{viewer}->api('GET', '/api/v1/staff');
like($res->{headers}{'content-type'}, qr{^application/problem\+json}, 'a 403 for a script is problem+json');
is($res->{json}{status}, 403, '... with its status');

# Menus offer what the role allows, nothing more.
my $page = $browser{viewer}->get('/admin')->{content};
unlike($page, qr{href="/admin/staff"}, 'a viewer is not offered the staff pages');
unlike($page, qr{href="/admin/audit"}, '... nor the audit trail');
$page = $browser{admin}->get('/admin')->{content};
like($page, qr{href="/admin/staff"}, 'an admin is offered the staff pages');
like($page, qr{href="/admin/audit"}, '... and the audit trail');

my $head = sprintf('%-40s %-18s %s %s', 'route', 'permission', join(' ', map { sprintf '%-7s', $_ } @roles), 'anon');
my $table = join("\n", $head, @lines) . "\n";
note($table);
if (my $out = $ENV{STEWARD_OUTPUT}) {
	open(my $fh, '>', "$out/permission-matrix.txt") or die;
	print $fh "status per route and role (session/key; ids that do not exist, empty bodies)\n", $table;
	close $fh;
}
done_testing();
