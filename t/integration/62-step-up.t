# Step-up: sensitive pages and forms (sign-in settings, staff, roles, API
# keys) ask for the password (or a
# TOTP code) again when the last proof is older than stepup_window, then
# return to where the staff member was going.
use strict;
use warnings;
use Test::More;
use Steward::Test;

my $ctl = stack_env('CTL');
my $pw = 'step up passphrase';
my $mail = "stepup-$$\@steward.test";
system("printf '%s\\n' '$pw' | $ctl create-owner --name 'Step Up' $mail >/dev/null") == 0 or BAIL_OUT;
my $id = psql_value("SELECT id FROM steward.staff WHERE email = '$mail'");

my ($c, $res) = sign_in($mail, $pw);
is($c->get('/admin/account/mfa')->{status}, 200, 'right after sign-in the MFA page opens');
psql("UPDATE steward.sessions SET reauth_at = now() - interval '6 minutes' WHERE staff_id = $id");
is($c->get('/admin')->{status}, 200, 'ordinary pages need no step-up');
$res = $c->get('/admin/account/mfa');
is($res->{status}, 303, 'six minutes later the MFA page asks again');
is(header_of($res, 'location'), '/login/reauth?next=%2Fadmin%2Faccount%2Fmfa', '... and remembers where to return');
$res = $c->get(header_of($res, 'location'));
is($res->{status}, 200, 'the step-up form');
like($res->{content}, qr{name="next" value="/admin/account/mfa"}, '... carries the way back');
my $csrf = csrf_of($res->{content});

$res = $c->post('/login/reauth', { csrf => $csrf, next => '/admin/account/mfa', password => 'wrong one here' });
like($res->{content}, qr/did not match/, 'a wrong password fails');
is(psql_value("SELECT after->>'method' FROM steward.audit_log WHERE action = 'staff.step_up_failed' AND target_id = '$id' ORDER BY seq DESC LIMIT 1"),
    'password', '... recorded as staff.step_up_failed');
is(psql_value("SELECT failed_logins FROM steward.staff WHERE id = $id"), '1', '... and counts toward the lock');
my $old = $c->cookie('__Host-steward');
$res = $c->post('/login/reauth', { csrf => $csrf, next => '/admin/account/mfa', password => $pw });
is($res->{status}, 303, 'the right password passes');
is(header_of($res, 'location'), '/admin/account/mfa', '... back to the page');
isnt($c->cookie('__Host-steward'), $old, '... under a new token');
{
	my $stale = client();
	$stale->set_cookie('__Host-steward', $old);
	is($stale->get('/admin')->{status}, 303, '... and the token from before the step-up is refused');
}
is($c->get('/admin/account/mfa')->{status}, 200, 'the page opens now');
is(psql_value("SELECT count(*) FROM steward.audit_log WHERE action = 'staff.step_up' AND target_id = '$id'"),
    '1', 'recorded in the audit trail');

psql("UPDATE steward.sessions SET reauth_at = now() - interval '6 minutes' WHERE staff_id = $id");
$csrf = csrf_of($c->get('/admin')->{content});
# A form posted with a stale proof is not lost: the step-up form comes at
# once, carrying what was typed, and after the proof the same form comes
# back filled in, one click from done.
my $role = "stepped_$$";
$res = $c->post('/admin/roles', { csrf => $csrf, name => $role, description => 'Typed <before> step-up',
    permissions => ['view', 'audit.read'] });
is($res->{status}, 200, 'a form posted with a stale proof gets the step-up form');
like($res->{content}, qr{action="/login/reauth"}, '... asking for the password');
like($res->{content}, qr{name="next" value="/admin/roles"}, '... to go on to the form\'s own address');
like($res->{content}, qr{name="carry:description" value="Typed &lt;before&gt; step-up"}, '... carrying what was typed, escaped');
is(psql_value("SELECT count(*) FROM steward.roles WHERE name = '$role'"), '0', '... and nothing is done yet');
my ($ask) = $res->{content} =~ m{action="/login/reauth"(.*?)</form>}s;
my @fields = ($ask // '') =~ m{<input type="hidden" name="([^"]+)" value="([^"]*)">}g;
my @pairs;
while (my ($k, $v) = splice(@fields, 0, 2)) {
	$v =~ s/&lt;/</g; $v =~ s/&gt;/>/g; $v =~ s/&quot;/"/g; $v =~ s/&#39;/'/g; $v =~ s/&amp;/&/g;
	push @pairs, $k, $v;
}
is(scalar(grep { $_ eq 'carry:permissions' } @pairs), 2, '... both permissions');
$res = $c->post('/login/reauth', [@pairs, password => 'not it at all']);
like($res->{content}, qr/did not match/, 'a wrong password keeps the form');
like($res->{content}, qr{name="carry:description" value="Typed &lt;before&gt; step-up"}, '... and what was typed');
$res = $c->post('/login/reauth', [@pairs, password => $pw]);
is($res->{status}, 200, 'the right password gives the form back');
like($res->{content}, qr{<form method="post" action="/admin/roles"}, '... posting to where it was going');
my ($signout_csrf) = $res->{content} =~ m{action="/logout".*?name="csrf" value="([^"]+)"}s;
my ($replay_csrf) = $res->{content} =~ m{id="replay">.*?name="csrf" value="([^"]+)"}s;
is($signout_csrf, $replay_csrf, '... and every form on the page has the renewed session\'s CSRF token');
my ($replay) = $res->{content} =~ m{id="replay">(.*?)</form>}s;
@fields = ($replay // '') =~ m{<input type="hidden" name="([^"]+)" value="([^"]*)">}g;
@pairs = ();
while (my ($k, $v) = splice(@fields, 0, 2)) {
	$v =~ s/&lt;/</g; $v =~ s/&gt;/>/g; $v =~ s/&quot;/"/g; $v =~ s/&#39;/'/g; $v =~ s/&amp;/&/g;
	push @pairs, $k, $v;
}
ok(!grep({ /^carry:|^password$/ } @pairs), '... with the fields under their own names, and no step-up password');
$res = $c->post('/admin/roles', \@pairs);
is($res->{status}, 303, 'sending it does what was asked') or diag($res->{content});
is(psql_value("SELECT description || ' ' || array_to_string(permissions, ',') FROM steward.roles WHERE name = '$role'"),
    'Typed <before> step-up view,audit.read', '... exactly as typed');
# Granting credits (stepup_permissions' default, credits.grant) asks too:
# the form's page first, and a form posted with a stale proof is carried.
sub hidden_pairs {
	my ($html) = @_;
	my @f = $html =~ m{<input type="hidden" name="([^"]+)" value="([^"]*)">}g;
	my @pairs;
	while (my ($k, $v) = splice(@f, 0, 2)) {
		$v =~ s/&lt;/</g; $v =~ s/&gt;/>/g; $v =~ s/&quot;/"/g; $v =~ s/&#39;/'/g; $v =~ s/&amp;/&/g;
		push @pairs, $k, $v;
	}
	return @pairs;
}
my $uid = psql_value('SELECT min(id) FROM app.users');
psql("UPDATE steward.sessions SET reauth_at = now() - interval '6 minutes' WHERE staff_id = $id");
$res = $c->get('/admin/r/credit_ledger/new');
is($res->{status}, 303, 'the form to grant credits asks for step-up first');
is(header_of($res, 'location'), '/login/reauth?next=%2Fadmin%2Fr%2Fcredit_ledger%2Fnew', '... and comes back to it');
$csrf = csrf_of($c->get('/admin')->{content});
my $reason = "step-up grant $$";
$res = $c->post('/admin/r/credit_ledger', { csrf => $csrf, user_id => $uid, kind => 'grant', amount => 25, reason => $reason });
is($res->{status}, 200, 'a grant posted with a stale proof gets the step-up form');
is(psql_value("SELECT count(*) FROM app.credit_ledger WHERE reason = '$reason'"), '0', '... and grants nothing yet');
my ($ask2) = $res->{content} =~ m{action="/login/reauth"(.*?)</form>}s;
$res = $c->post('/login/reauth', [hidden_pairs($ask2 // ''), password => $pw]);
my ($replay2) = $res->{content} =~ m{id="replay">(.*?)</form>}s;
$res = $c->post('/admin/r/credit_ledger', [hidden_pairs($replay2 // '')]);
is($res->{status}, 303, '... and after it, the grant goes through') or diag($res->{content});
is(psql_value("SELECT amount FROM app.credit_ledger WHERE reason = '$reason'"), '25', '... as typed');
is($c->get('/admin/r/credit_ledger/new')->{status}, 200, 'the form opens now');
{
	# A role with credits.grant but a fresh session is not asked; a
	# viewer is refused before step-up is even considered.
	my ($ve, $vp) = make_staff('viewer', 'noask');
	my $v = sign_in_staff($ve, $vp);
	is($v->get('/admin/r/credit_ledger/new')->{status}, 403, 'a role without credits.grant gets 403, not step-up');
}

# A bulk action's filter is in its query string: step-up carries the
# whole target, so the form comes back to the same filter, not the table.
{
	my $uid2 = psql_value("SELECT user_id FROM app.subscriptions WHERE status = 'active' ORDER BY user_id LIMIT 1");
	my $others = psql_value("SELECT count(*) FROM app.subscriptions WHERE status = 'active' AND user_id <> $uid2");
	psql("UPDATE steward.sessions SET reauth_at = now() - interval '6 minutes' WHERE staff_id = $id");
	my $target = "/admin/r/subscriptions/bulk?user_id=$uid2&status=active";
	$csrf = csrf_of($c->get('/admin')->{content});
	$res = $c->post($target, { csrf => $csrf, action => 'cancel', all => 1, confirm => 'yes' });
	is($res->{status}, 200, 'a confirmed bulk action with a stale proof gets the step-up form');
	(my $esc = $target) =~ s/&/&amp;/g;
	like($res->{content}, qr{name="next" value="\Q$esc\E"}, '... going back to the same filter');
	my ($a3) = $res->{content} =~ m{action="/login/reauth"(.*?)</form>}s;
	$res = $c->post('/login/reauth', [hidden_pairs($a3 // ''), password => $pw]);
	like($res->{content}, qr{<form method="post" action="\Q$esc\E"}, '... and the form comes back to it');
	my ($r3) = $res->{content} =~ m{id="replay">(.*?)</form>}s;
	$res = $c->post($target, [hidden_pairs($r3 // '')]);
	is($res->{status}, 303, 'sent, the bulk action is done');
	is(psql_value("SELECT count(*) FROM app.subscriptions WHERE status = 'active' AND user_id = $uid2"), '0',
	    '... on the filtered rows');
	is(psql_value("SELECT count(*) FROM app.subscriptions WHERE status = 'active' AND user_id <> $uid2"), $others,
	    '... and on no other');
}
# Only a form that came from Steward is carried: a stale proof and a bad
# CSRF token is 403, not a step-up form holding someone else's fields.
psql("UPDATE steward.sessions SET reauth_at = now() - interval '6 minutes' WHERE staff_id = $id");
$res = $c->post('/admin/roles', { csrf => 'forged', name => "forged_$$", permissions => ['view'] });
is($res->{status}, 403, 'a forged form with a stale proof is refused, not carried');
unlike($res->{content}, qr/carry:/, '... and nothing of it is echoed');

$res = $c->get('/login/reauth?next=//evil.example/');
like($res->{content}, qr{name="next" value="/admin/account"}, 'a way back off the site is refused');

done_testing();
