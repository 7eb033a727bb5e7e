# Bad requests get clear errors, and the worker keeps serving.
use strict;
use warnings;
use Test::More;
use Steward::Test;

my $c = client();

sub still_serving {
	my ($what) = @_;
	is($c->get('/healthz')->{status}, 200, "still serving after $what");
}

# Steward's own answers carry X-Request-Id; nginx's do not.
sub from_steward { ok(defined header_of($_[0], 'x-request-id'), "$_[1] came from steward") }

my $res = $c->get('/no/such/page');
is($res->{status}, 404, 'unknown path: 404');
like($res->{content}, qr/404 Not Found/, '... an HTML page saying so');
like(header_of($res, 'content-type'), qr{^text/html}, '... as HTML');

$res = $c->post('/admin', { csrf => 'x' });
is($res->{status}, 405, 'POST /admin: 405');
is(header_of($res, 'allow'), 'GET, HEAD', '... with Allow: GET, HEAD');
$res = $c->request('DELETE', '/login');
is($res->{status}, 405, 'DELETE /login: 405');
is(header_of($res, 'allow'), 'GET, HEAD, POST', '... with Allow: GET, HEAD, POST');

$res = $c->request('HEAD', '/login');
is($res->{status}, 200, 'HEAD /login: 200');
is(length($res->{content} // ''), 0, '... without a body');

for my $bad ('/login?x=%00', '/login?x=%G1', '/login?x=%4', '/login?%zz=1',
    '/login?x=%C0%AF') {
	$res = $c->get($bad);
	is($res->{status}, 400, "GET $bad: 400");
	from_steward($res, "400 for $bad");
}
for my $bad ('/adm%00in', '/%zz', '/admin/../login') {
	$res = $c->get($bad);
	is($res->{status}, 400, "GET $bad: 400");
}
still_serving('bad query strings');

my $form = $c->get('/login');
my $csrf = csrf_of($form->{content});
$res = $c->post('/login', "csrf=$csrf&email=a%00b&password=x");
is($res->{status}, 400, 'form body with %00: 400');
$res = $c->post('/login', "csrf=$csrf&email=%E0%80%80");
is($res->{status}, 400, 'form body with overlong UTF-8: 400');
$res = $c->post('/login', "csrf=$csrf&" . ('n' x 200) . '=1');
is($res->{status}, 400, 'overlong field name: 400');
$res = $c->post('/login', join('&', map { "f$_=1" } 1 .. 300));
is($res->{status}, 413, 'too many fields: 413');
$res = $c->post('/login', 'email=' . ('a' x (1536 * 1024)));
is($res->{status}, 413, 'body over max_body_size: 413');
from_steward($res, 'the 413');
$res = $c->post('/login', '{"email":"x"}', headers => { 'content-type' => 'application/json' });
is($res->{status}, 415, 'a JSON body on a form route: 415');
still_serving('bad bodies');

# A raw request line nginx passes through with a control byte in the query.
$res = $c->get('/login?next=%0d%0aSet-Cookie:%20x=1');
is($res->{status}, 200, 'CRLF in a query value is just data');
ok(!grep({ /^x=1/ } set_cookies($res)), '... and never becomes a header');

done_testing();
