# Signing in through the form, as a person would.
use strict;
use warnings;
use Test::More;
use Digest::SHA qw(sha256_hex);
use MIME::Base64 qw(decode_base64url);
use Steward::Test;

my $email = stack_env('EMAIL');
my $password = stack_env('PASSWORD');

# The form.
my $c = client();
my $res = $c->get('/login');
is($res->{status}, 200, 'GET /login renders');
like($res->{content}, qr/<form method="post" action="\/login"/, 'with the sign-in form');
ok(csrf_of($res->{content}), 'carrying a CSRF token');
my ($pre) = grep { /^__Host-steward-csrf=/ } set_cookies($res);
like($pre // '', qr/^__Host-steward-csrf=[A-Za-z0-9_-]{43}; Path=\/; Secure; HttpOnly; SameSite=Strict$/,
    'pre-session CSRF cookie is __Host-, Secure, HttpOnly, Strict');
unlike($res->{content}, qr/\Q$c->{jar}{'__Host-steward-csrf'}\E/,
    'the page never shows the cookie value');

# Anonymous visitors are sent to the form.
$res = client()->get('/admin');
is($res->{status}, 303, 'anonymous GET /admin redirects');
is(header_of($res, 'location'), '/login', '... to /login');

# The right password.
($c, $res) = sign_in($email, $password);
is($res->{status}, 303, 'right password: 303');
is(header_of($res, 'location'), '/admin', '... to /admin');
my ($sc) = grep { /^__Host-steward=/ } set_cookies($res);
like($sc // '', qr/^__Host-steward=[A-Za-z0-9_-]{43}; Path=\/; Secure; HttpOnly; SameSite=Strict$/,
    'session cookie: __Host-steward with Path=/; Secure; HttpOnly; SameSite=Strict');
$res = $c->get('/admin');
is($res->{status}, 200, 'GET /admin signed in');
like($res->{content}, qr/Demo Owner/, 'shows who is signed in');
like($res->{content}, qr/\Q$email\E/, '... with the email');

# Only the SHA-256 of the token is stored.
my $token = $c->cookie('__Host-steward');
my $hash = sha256_hex(decode_base64url($token));
is(psql_value("SELECT count(*) FROM steward.sessions WHERE token_hash = '\\x$hash'"),
    '1', 'sessions holds the SHA-256 of the token');
is(psql_value("SELECT count(*) FROM steward.sessions s WHERE s::text LIKE '%$token%'"),
    '0', 'the token itself is stored nowhere');

# Email is case-insensitive.
(undef, $res) = sign_in(uc $email, $password);
is($res->{status}, 303, 'email matches case-insensitively');

# Wrong password, unknown email, disabled account: one message.
my %page;
(undef, $res) = sign_in($email, 'not-the-password-at-all');
is($res->{status}, 200, 'wrong password: the form again');
$page{wrong} = $res->{content};
(undef, $res) = sign_in('nobody@steward.test', 'not-the-password-at-all');
$page{unknown} = $res->{content};
like($page{wrong}, qr/Incorrect email or password\./, 'wrong password says so');
like($page{unknown}, qr/Incorrect email or password\./, 'unknown email says the same');
ok(!grep({ /^__Host-steward=/ } set_cookies($res)),
    'no session cookie for a failed sign-in');
# Apart from the token and the echoed email, the pages are identical.
s/name="csrf" value="[^"]+"//, s/value="[^"]*@[^"]*"// for values %page;
is($page{unknown}, $page{wrong}, 'unknown email and wrong password: same page');

my $ctl = stack_env('CTL');
my $xss = '<script>alert(1)</script>';
my $xemail = 'xss-' . $$ . '@steward.test';
my $xpw = 'correct horse battery staple';
system("echo '$xpw' | $ctl create-owner --name '$xss' $xemail >/dev/null") == 0
    or BAIL_OUT('stewardctl create-owner failed');
my ($xc, $xres) = sign_in($xemail, $xpw);
is($xres->{status}, 303, 'second account signs in');
$xres = $xc->get('/admin');
like($xres->{content}, qr/&lt;script&gt;alert\(1\)&lt;\/script&gt;/, 'a name with <script> is escaped');
unlike($xres->{content}, qr/<script>alert/, '... and never raw');

psql("UPDATE steward.staff SET status = 'disabled' WHERE email = '$xemail'");
(undef, $res) = sign_in($xemail, $xpw);
is($res->{status}, 200, 'disabled account cannot sign in');
like($res->{content}, qr/Incorrect email or password\./, '... and gets the same message');
$xres = $xc->get('/admin');
is($xres->{status}, 303, 'its existing session stops working at once');
psql("UPDATE steward.staff SET status = 'active' WHERE email = '$xemail'");
is($xc->get('/admin')->{status}, 303, 're-enabling the account does not revive the old session');
is(psql_value("SELECT count(*) FROM steward.sessions s JOIN steward.staff st ON st.id = s.staff_id"
    . " WHERE st.email = '$xemail'"), '0', 'disabling it deleted its sessions');

done_testing();
