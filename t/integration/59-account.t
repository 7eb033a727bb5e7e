# Your own account: sessions, signing the others out, changing the
# password (current one required, policy applied), and stewardctl
# reset-password.
use strict;
use warnings;
use Test::More;
use Steward::Test;

my $ctl = stack_env('CTL');
my $mail = "account-$$\@steward.test";
my $pw = 'the first passphrase';
system("printf '%s\\n' '$pw' | $ctl create-owner --name 'Account Test' $mail >/dev/null") == 0
    or BAIL_OUT('create-owner');
my $id = psql_value("SELECT id FROM steward.staff WHERE email = '$mail'");
sub rows_for { psql_value("SELECT count(*) FROM steward.audit_log WHERE action = '$_[0]' AND target_id = '$id'") }

my ($a) = sign_in($mail, $pw);
my ($b) = sign_in($mail, $pw);
my $res = $a->get('/admin/account');
is($res->{status}, 200, 'GET /admin/account');
like($res->{content}, qr/\Q$mail\E/, 'shows the account');
is(scalar(() = $res->{content} =~ /<tr><td>\d{4}-/g), 2, 'lists both sessions');
like($res->{content}, qr/this one/, 'marks the current one');
my $csrf = csrf_of($res->{content});

$res = $a->post('/admin/account/sessions/end-others', { csrf => $csrf });
is($res->{status}, 303, 'sign out of all other sessions');
is($b->get('/admin')->{status}, 303, 'the other session has ended');
is($a->get('/admin')->{status}, 200, 'this one goes on');
is(rows_for('staff.sessions_end_others'), 1, 'recorded in the audit trail');

sub change {
	my ($cur, $new, $again) = @_;
	return $a->post('/admin/account/password', { csrf => $csrf, current => $cur,
	    password => $new, again => $again // $new });
}
$res = change('not my password', 'a brand new passphrase');
is($res->{status}, 422, 'a wrong current password: 422');
like($res->{content}, qr/current password is not right/, '... says so');
is(psql_value("SELECT failed_logins FROM steward.staff WHERE id = $id"), '1',
    '... and counts toward the sign-in lock');
$res = change($pw, 'short');
is($res->{status}, 422, 'too short: 422');
like($res->{content}, qr/too short/, '... says so');
$res = change($pw, 'winniethepooh');
like($res->{content}, qr/commonly used passwords/, 'a common password is refused');
for my $padded ('Monkey2024!!!', '!!qwertyqwerty!!', 'dragondragondragon', 'zzzzzzzzzzzzzzzz') {
	like(change($pw, $padded)->{content}, qr/commonly used passwords/, "... and so is $padded, a listed word padded or repeated");
}
$res = change($pw, $mail);
like($res->{content}, qr/must not be the email/, 'the email is refused');
$res = change($pw, 'a brand new passphrase', 'a different passphrase');
like($res->{content}, qr/passwords differ/, 'a mismatch is refused');

($b) = sign_in($mail, $pw);
my $old_token = $a->cookie('__Host-steward');
$res = change($pw, 'a brand new passphrase');
is($res->{status}, 303, 'a good change: 303');
isnt($a->cookie('__Host-steward'), $old_token, 'this session got a new token');
is($a->get('/admin')->{status}, 200, 'and goes on under it');
my $replay = client();
$replay->set_cookie('__Host-steward', $old_token);
is($replay->get('/admin')->{status}, 303, 'the old token no longer works');
is($b->get('/admin')->{status}, 303, 'the other session has ended');
is((sign_in($mail, $pw))[1]{status}, 200, 'the old password fails');
is((sign_in($mail, 'a brand new passphrase'))[1]{status}, 303, 'the new one works');
is(rows_for('staff.password_change'), 1, 'recorded in the audit trail');
like(psql_value("SELECT before::text || after::text FROM steward.audit_log WHERE action = 'staff.password_change'"
    . " AND target_id = '$id'"), qr/^\{"password_hash": "\[redacted\]"\}\{"password_hash": "\[redacted\]"\}$/,
    '... with both hashes redacted');

# stewardctl reset-password: for the locked out.
psql("UPDATE steward.staff SET failed_logins = 12, locked_until = now() + interval '10 minutes' WHERE id = $id");
my $out = `printf '%s\\n' 'a reset passphrase here' | $ctl reset-password $mail 2>&1`;
is($? >> 8, 0, 'stewardctl reset-password') or diag($out);
is($a->get('/admin')->{status}, 303, 'it ended the sessions');
is((sign_in($mail, 'a reset passphrase here'))[1]{status}, 303, 'the reset password works, the lock lifted');
$out = `printf '%s\\n' 'short' | $ctl reset-password $mail 2>&1`;
isnt($? >> 8, 0, 'reset-password applies the policy');
$out = `printf '%s\\n' 'a fine passphrase' | $ctl reset-password nobody-$$\@steward.test 2>&1`;
like($out, qr/no account has that email/, 'an unknown email is reported');
is(rows_for('staff.password_reset'), 1, 'the reset is in the audit trail');

done_testing();
