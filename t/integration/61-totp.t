# Two-factor sign-in: enrolment, the second step, replay, recovery codes,
# failures counting toward the lock, enrolment enforced by role, and
# stewardctl disable-mfa. Codes come from oathtool, an independent oracle.
use strict;
use warnings;
use Test::More;
use Time::HiRes qw(time sleep);
use Steward::Test;

my $ctl = stack_env('CTL');
my $pw = 'two factor passphrase';
my $mail = "totp-$$\@steward.test";
system("printf '%s\\n' '$pw' | $ctl create-owner --name 'TOTP Test' $mail >/dev/null") == 0
    or BAIL_OUT('create-owner');
my $id = psql_value("SELECT id FROM steward.staff WHERE email = '$mail'");
sub code { my ($secret, $at) = @_;
	my $out = `oathtool --totp -b $secret` . ''; chomp $out; return $out }
sub code_at { my ($secret, $t) = @_;
	my $out = `oathtool --totp -b --now '\@$t' $secret`; chomp $out; return $out }
# Waits until the current 30-second step has at least $need seconds left.
sub fresh_step { my ($need) = @_; sleep(0.2) while 30 - (time % 30) < $need }

my ($c, $res) = sign_in($mail, $pw);
is($res->{status}, 303, 'signed in (owner: TOTP optional here)');
$res = $c->get('/admin/account/mfa');
is($res->{status}, 200, 'GET /admin/account/mfa');
my ($secret) = $res->{content} =~ m{id="totp-secret">([A-Z2-7]{32})<};
ok($secret, 'a 160-bit secret shown as base32');
like($res->{content}, qr{<svg xmlns="http://www.w3.org/2000/svg"[^>]*aria-label="QR code">}, 'and as a QR code (SVG)');
is(psql_value("SELECT totp_secret IS NULL FROM steward.staff WHERE id = $id"), 't', 'nothing stored before a code proves it');
my ($sig) = $res->{content} =~ m{name="sig" value="([0-9a-f]{64})"};
my $csrf = csrf_of($res->{content});

$res = $c->post('/admin/account/mfa', { csrf => $csrf, secret => $secret, sig => $sig, code => '000000' });
is($res->{status}, 422, 'a wrong code does not turn it on');
is(psql_value("SELECT after->>'reason' FROM steward.audit_log WHERE action = 'staff.mfa_failed' AND target_id = '$id' ORDER BY seq DESC LIMIT 1"),
    'enrolment_code', '... recorded in the audit trail as a failed enrolment code');
is(psql_value("SELECT failed_logins FROM steward.staff WHERE id = $id"), '0', '... without counting toward the sign-in lock');
like($res->{content}, qr{id="totp-secret">$secret<}, '... and keeps the secret already scanned');
my $other = 'A' x 32;
$res = $c->post('/admin/account/mfa', { csrf => $csrf, secret => $other, sig => $sig, code => code($other) });
is($res->{status}, 400, 'a secret the page did not show is refused');
# Another session opens the enrolment page too, before the first enrols.
my ($x) = sign_in($mail, $pw);
my $xpage = $x->get('/admin/account/mfa')->{content};
my ($xsecret) = $xpage =~ m{id="totp-secret">([A-Z2-7]{32})<};
my ($xsig) = $xpage =~ m{name="sig" value="([0-9a-f]{64})"};
my $xcsrf = csrf_of($xpage);
fresh_step(5);
my $old_token = $c->cookie('__Host-steward');
$res = $c->post('/admin/account/mfa', { csrf => $csrf, secret => $secret, sig => $sig, code => code($secret) });
is($res->{status}, 200, 'the right code turns it on');
my @codes = $res->{content} =~ m{<li><code>([a-z2-9]{5}-[a-z2-9]{5})</code></li>}g;
is(scalar @codes, 10, 'ten recovery codes shown once');
isnt($c->cookie('__Host-steward'), $old_token, 'a privilege change: new token');
is($x->get('/admin')->{status}, 303, 'enabling ended every other session');
is(psql_value("SELECT totp_enabled FROM steward.staff WHERE id = $id"), 't', 'stored as on');
is(psql_value("SELECT count(*) FROM steward.recovery_codes WHERE staff_id = $id AND octet_length(code_hash) = 32"),
    '10', 'recovery codes stored hashed');
is(psql_value("SELECT count(DISTINCT salt) FROM steward.recovery_codes WHERE staff_id = $id AND octet_length(salt) = 16"),
    '10', '... each under a 16-byte salt of its own');
{
	# The stored hash is SHA-256(salt || code), not of the code alone.
	my ($code0) = $codes[0] =~ s/-//r;
	is(psql_value("SELECT count(*) FROM steward.recovery_codes WHERE staff_id = $id"
	    . " AND code_hash = sha256(salt || convert_to('$code0', 'UTF8'))"), '1', '... as SHA-256(salt || code)');
	is(psql_value("SELECT count(*) FROM steward.recovery_codes WHERE staff_id = $id"
	    . " AND code_hash = sha256(convert_to('$code0', 'UTF8'))"), '0', '... never the plain SHA-256');
}
my $stored = psql_value("SELECT code_hash::text FROM steward.recovery_codes WHERE staff_id = $id LIMIT 1");
unlike($stored, qr/\Q$codes[0]\E/, 'never in clear');
unlike(psql_value("SELECT after::text FROM steward.audit_log WHERE action = 'staff.mfa_enable' AND target_id = '$id'"),
    qr/\Q$secret\E/, 'the audit row redacts the secret');

# Sign-in is now two steps; the first grants nothing else.
my ($d, $r1) = sign_in($mail, $pw);
is($r1->{status}, 303, 'password accepted');
is(header_of($r1, 'location'), '/login/totp', '... and sent on to the code');
is($d->get('/admin')->{status}, 303, 'the half session cannot see /admin');
is(header_of($d->get('/admin'), 'location'), '/login/totp', '... it is sent back to the code');
is($d->get('/api/v1/audit')->{status}, 401, 'nor the API');
my $form = $d->get('/login/totp');
is($form->{status}, 200, 'GET /login/totp');
my $tcsrf = csrf_of($form->{content});
$res = $d->post('/login/totp', { csrf => $tcsrf, code => '123456' });
like($res->{content}, qr/That code did not work/, 'a wrong code fails');
is(psql_value("SELECT failed_logins FROM steward.staff WHERE id = $id"), '1', '... and counts toward the lock');
sign_in($mail, $pw);
is(psql_value("SELECT failed_logins FROM steward.staff WHERE id = $id"), '1',
    'the right password alone does not reset the count while a code is due');
# The step the enrolment used was taken: wait for the next one.
sleep(0.2) while int(time / 30) == int(psql_value("SELECT totp_last_step FROM steward.staff WHERE id = $id"));
fresh_step(3);
my $now_code = code($secret);
my $half = $d->cookie('__Host-steward');
$res = $d->post('/login/totp', { csrf => $tcsrf, code => $now_code });
is($res->{status}, 303, 'the current code completes the sign-in');
isnt($d->cookie('__Host-steward'), $half, '... under a new token');
{
	my $stale = client();
	$stale->set_cookie('__Host-steward', $half);
	is($stale->get('/admin')->{status}, 303, '... and the half-signed-in token is refused after it');
	is($stale->get('/login/totp')->{status}, 303, '... even at the code page');
}
is($d->get('/admin')->{status}, 200, 'a full session now');
is(psql_value("SELECT count(*) FROM steward.audit_log WHERE action = 'staff.mfa_verified' AND target_id = '$id'"
    . " AND actor_staff_id = $id AND after->>'method' = 'totp'") > 0, 1, 'the completed sign-in is recorded as staff.mfa_verified');
is(psql_value("SELECT failed_logins FROM steward.staff WHERE id = $id"), '0', 'the count starts again');

# Replay: the same code again, in the same step, on a new sign-in.
my ($e) = sign_in($mail, $pw);
my $ecsrf = csrf_of($e->get('/login/totp')->{content});
$res = $e->post('/login/totp', { csrf => $ecsrf, code => $now_code });
like($res->{content}, qr/That code did not work/, 'a code used once is refused (no replay)');
is(psql_value("SELECT after->>'reason' FROM steward.audit_log WHERE action = 'staff.mfa_failed'"
    . " ORDER BY seq DESC LIMIT 1"), 'replayed', '... recorded as a replay');
# A code two steps old is refused too.
$res = $e->post('/login/totp', { csrf => $ecsrf, code => code_at($secret, time - 65) });
like($res->{content}, qr/That code did not work/, 'a code two steps old is refused');

# A recovery code works once.
$res = $e->post('/login/totp', { csrf => $ecsrf, code => uc $codes[0] });
is($res->{status}, 303, 'a recovery code works (in any case)');
my ($f) = sign_in($mail, $pw);
my $fcsrf = csrf_of($f->get('/login/totp')->{content});
$res = $f->post('/login/totp', { csrf => $fcsrf, code => $codes[0] });
like($res->{content}, qr/That code did not work/, 'but only once');
is(psql_value("SELECT count(*) FROM steward.recovery_codes WHERE staff_id = $id AND used_at IS NOT NULL"), '1',
    'one code spent');
# A code made before salts (migration 0010) still works, once.
psql("INSERT INTO steward.recovery_codes (staff_id, code_hash) VALUES ($id, sha256('abcde23456'))");
my ($lg) = sign_in($mail, $pw);
my $lgcsrf = csrf_of($lg->get('/login/totp')->{content});
is($lg->post('/login/totp', { csrf => $lgcsrf, code => 'ABCDE-23456' })->{status}, 303, 'an unsalted code from before 0010 works');
($lg) = sign_in($mail, $pw);
$lgcsrf = csrf_of($lg->get('/login/totp')->{content});
like($lg->post('/login/totp', { csrf => $lgcsrf, code => 'abcde23456' })->{content}, qr/That code did not work/, '... once');
# A form saved by another session before enrolment cannot replace it.
my $stored_secret = psql_value("SELECT encode(totp_secret, 'hex') FROM steward.staff WHERE id = $id");
$res = $x->post('/admin/account/mfa', { csrf => $xcsrf, secret => $xsecret, sig => $xsig,
    code => code($xsecret) });
isnt($res->{status}, 200, 'a second enrolment form from another session is refused');
is(psql_value("SELECT encode(totp_secret, 'hex') FROM steward.staff WHERE id = $id"), $stored_secret,
    '... and the secret stays the one enrolled');

# stewardctl disable-mfa for the locked out.
my $out = `$ctl disable-mfa $mail 2>&1`;
is($? >> 8, 0, 'stewardctl disable-mfa') or diag($out);
is(psql_value("SELECT count(*) FROM steward.audit_log WHERE action = 'staff.mfa_disable' AND target_id = '$id'"
    . " AND user_agent = 'stewardctl disable-mfa'"), '1', '... recorded as staff.mfa_disable, by stewardctl');
is($d->get('/admin')->{status}, 303, 'it ended the sessions');
(undef, $res) = sign_in($mail, $pw);
is(header_of($res, 'location'), '/admin', 'sign-in is one step again');

# Enrolment is enforced for roles that require it (admin in this stack).
my $adm = "admin-$$\@steward.test";
system("printf '%s\\n' '$pw' | $ctl create-owner --name 'Admin Test' $adm >/dev/null") == 0 or BAIL_OUT;
psql("UPDATE steward.staff SET role = 'admin' WHERE email = '$adm'");
my ($g, $gr) = sign_in($adm, $pw);
is(header_of($gr, 'location'), '/admin/account/mfa', 'an admin without TOTP is sent to enrol');
is(header_of($g->get('/admin'), 'location'), '/admin/account/mfa', '... and can reach nothing else');
is($g->get('/admin/audit')->{status}, 303, '... not even the audit trail');
# A slow enrolment meets step-up: it must lead back, not loop.
psql("UPDATE steward.sessions SET reauth_at = now() - interval '6 minutes'"
    . " WHERE staff_id = (SELECT id FROM steward.staff WHERE email = '$adm')");
$res = $g->get('/admin/account/mfa');
is(header_of($res, 'location'), '/login/reauth?next=%2Fadmin%2Faccount%2Fmfa', 'a stale enrolment asks for the password');
my $rform = $g->get(header_of($res, 'location'));
is($rform->{status}, 200, '... with a form it can reach');
$res = $g->post('/login/reauth', { csrf => csrf_of($rform->{content}), next => '/admin/account/mfa', password => $pw });
is(header_of($res, 'location'), '/admin/account/mfa', '... and leads back');
is(header_of($g->get('/admin'), 'location'), '/admin/account/mfa', 'step-up did not skip enrolment');
$res = $g->get('/admin/account/mfa');
like($res->{content}, qr/Your role requires two-factor sign-in/, 'the enrolment page says why');
my ($gsecret) = $res->{content} =~ m{id="totp-secret">([A-Z2-7]{32})<};
my ($gsig) = $res->{content} =~ m{name="sig" value="([0-9a-f]{64})"};
fresh_step(5);
$res = $g->post('/admin/account/mfa', { csrf => csrf_of($res->{content}), secret => $gsecret,
    sig => $gsig, code => code($gsecret) });
is($res->{status}, 200, 'once enrolled');
is($g->get('/admin')->{status}, 200, 'the admin may use the panel');

done_testing();
