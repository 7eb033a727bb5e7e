# Sessions end on the server, and POSTs need their CSRF token.
use strict;
use warnings;
use Test::More;
use Steward::Test;

my $email = stack_env('EMAIL');
my $password = stack_env('PASSWORD');

my ($c, $res) = sign_in($email, $password);
is($res->{status}, 303, 'signed in');
my $token = $c->cookie('__Host-steward');
my $page = $c->get('/admin');
my $csrf = csrf_of($page->{content});
ok($csrf, 'the signed-in page has a sign-out form with a token');

# POST without, or with someone else's, token.
$res = $c->post('/logout', {});
is($res->{status}, 403, 'POST /logout without a CSRF token: 403');
like($res->{content}, qr/expired or did not come from Steward/, '... with a clear message');
my ($other) = sign_in($email, $password);
my $other_csrf = csrf_of($other->get('/admin')->{content});
$res = $c->post('/logout', { csrf => $other_csrf });
is($res->{status}, 403, "POST /logout with another session's token: 403");
$res = $c->post('/logout', { csrf => $csrf },
    headers => { origin => 'https://evil.example' });
is($res->{status}, 403, 'POST from a foreign Origin: 403');
is($c->get('/admin')->{status}, 200, 'the session survived all of that');

my $anon = client();
$res = $anon->post('/login', { email => $email, password => $password });
is($res->{status}, 403, 'POST /login without a CSRF token: 403');
ok(!grep({ /^__Host-steward=/ } set_cookies($res)), '... and no session');

# Session fixation: a planted cookie does not survive sign-in.
my $f = client();
$f->set_cookie('__Host-steward', 'A' x 43);
my $form = $f->get('/login');
$res = $f->post('/login', { csrf => csrf_of($form->{content}), email => $email,
    password => $password });
isnt($f->cookie('__Host-steward'), 'A' x 43, 'sign-in issues a fresh token');
# The same with a real token: an attacker signs in with their own account
# and plants that session's token (with a CSRF token made for it, which
# they can read off their own pages) in the victim's browser, who then
# signs in. The victim must end up in a new session, and the planted one
# must be over.
my ($me, $mp) = make_staff('viewer', 'fixer');
my ($att) = sign_in($me, $mp);
my $planted = $att->cookie('__Host-steward');
my $att_csrf = csrf_of($att->get('/admin/account')->{content});
my $victim = client();
$victim->set_cookie('__Host-steward', $planted);
$res = $victim->post('/login', { csrf => $att_csrf, email => $email, password => $password });
is($res->{status}, 303, 'the victim signs in over a planted, valid session');
isnt($victim->cookie('__Host-steward'), $planted, '... and gets a fresh token');
is($victim->api('GET', '/api/v1/me')->{json}{email}, $email, '... which is their own session');
my $probe = client();
$probe->set_cookie('__Host-steward', $planted);
is($probe->api('GET', '/api/v1/me')->{status}, 401, 'the planted token was ended by the sign-in, not promoted');

# last_seen_at is refreshed at most once a minute, not written by every
# request: 30 s old it stays, 2 minutes old it moves to now.
{
	my ($le, $lp) = make_staff('viewer', 'seen');
	my ($l) = sign_in($le, $lp);
	my $lid = psql_value("SELECT id FROM steward.staff WHERE email = '$le'");
	psql("UPDATE steward.sessions SET last_seen_at = now() - interval '30 seconds' WHERE staff_id = $lid");
	my $was = psql_value("SELECT last_seen_at FROM steward.sessions WHERE staff_id = $lid");
	$l->get('/admin') for 1 .. 3;
	is(psql_value("SELECT last_seen_at FROM steward.sessions WHERE staff_id = $lid"), $was,
	    'requests within a minute of the last refresh write nothing');
	psql("UPDATE steward.sessions SET last_seen_at = now() - interval '2 minutes' WHERE staff_id = $lid");
	$l->get('/admin');
	is(psql_value("SELECT last_seen_at > now() - interval '10 seconds' FROM steward.sessions WHERE staff_id = $lid"), 't',
	    '... and the first request a minute later refreshes it');
}

# Sign out.
$res = $c->post('/logout', { csrf => $csrf });
is($res->{status}, 303, 'POST /logout: 303');
is(header_of($res, 'location'), '/login', '... to /login');
my ($clear) = grep { /^__Host-steward=/ } set_cookies($res);
like($clear // '', qr/^__Host-steward=; Path=\/; Secure; HttpOnly; SameSite=Strict; Max-Age=0$/,
    'the cookie is cleared');

# The old cookie no longer works: the session is gone server-side.
my $replay = client();
$replay->set_cookie('__Host-steward', $token);
$res = $replay->get('/admin');
is($res->{status}, 303, 'replaying the old cookie redirects to sign-in');
is(header_of($res, 'location'), '/login', '... at /login');
my $hash = psql_value("SELECT count(*) FROM steward.sessions WHERE expires_at > now()"
    . " AND token_hash = sha256(decode(translate('$token', '-_', '+/') || '=', 'base64'))");
is($hash, '0', 'the session row is gone');

# Expired sessions do not work either.
my ($e) = sign_in($email, $password);
my $etok = $e->cookie('__Host-steward');
psql("UPDATE steward.sessions SET expires_at = now() - interval '1 second'"
    . " WHERE token_hash = sha256(decode(translate('$etok', '-_', '+/') || '=', 'base64'))");
is($e->get('/admin')->{status}, 303, 'an expired session is refused');

# The log never holds a password, a token or a cookie value.
my $log = do { local (@ARGV, $/) = stack_env('LOG'); <> };
unlike($log, qr/\Q$password\E/, 'log has no password');
unlike($log, qr/\Q$token\E/, 'log has no session token');
like($log, qr/POST \/logout 303 [\d.]+ms staff=\d+/, 'log has one line per request with the staff id');

done_testing();
