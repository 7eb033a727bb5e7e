# Step-up: pages that change how one signs in ask for the password (or a
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
$res = $c->post('/admin/account/mfa/disable', { csrf => $csrf, password => $pw });
is($res->{status}, 303, 'a form posted with a stale proof is sent to step up');
is(header_of($res, 'location'), '/login/reauth?next=%2Fadmin%2Faccount', '... returning to a page that exists');
$res = $c->get('/login/reauth?next=//evil.example/');
like($res->{content}, qr{name="next" value="/admin/account"}, 'a way back off the site is refused');

done_testing();
