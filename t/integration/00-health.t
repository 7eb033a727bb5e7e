# /healthz through nginx, and the headers every answer carries.
use strict;
use warnings;
use Test::More;
use JSON::PP;
use Steward::Test;

my $c = client();
my $res = $c->get('/healthz');
is($res->{status}, 200, 'GET /healthz answers 200');
like(header_of($res, 'content-type'), qr{^application/json}, 'as JSON');
is_deeply(decode_json($res->{content}), { status => 'ok', database => 'ok' },
    'status and database are ok');
like(header_of($res, 'x-request-id') // '', qr/^[0-9a-f]{32}$/,
    'nginx request id echoed as X-Request-Id');
like(header_of($res, 'strict-transport-security') // '', qr/max-age=\d+/,
    'HSTS from nginx');

# Plain HTTP only redirects to HTTPS.
my $plain = HTTP::Tiny->new(max_redirect => 0)->get(stack_env('HTTP_URL') . '/login');
is($plain->{status}, 301, 'plain HTTP answers 301');
like(header_of($plain, 'location') // '', qr{^https://}, '... to https');

# Static files come from nginx with a long cache lifetime.
$res = $c->get('/static/steward.css');
is($res->{status}, 200, 'stylesheet served');
like(header_of($res, 'cache-control') // '', qr/max-age=31536000/,
    'stylesheet cached for a year');
ok(!defined header_of($res, 'x-request-id'), 'static file never reaches steward');

# Security headers on a page, set in one place by steward.
$res = $c->get('/login');
my $csp = header_of($res, 'content-security-policy') // '';
like($csp, qr/frame-ancestors 'none'/, 'CSP forbids framing');
unlike($csp, qr/unsafe-inline/, 'CSP allows no inline script or style');
like($csp, qr/script-src 'self'/, 'CSP scripts only from us');
is(header_of($res, 'x-content-type-options'), 'nosniff', 'nosniff');
is(header_of($res, 'referrer-policy'), 'same-origin', 'Referrer-Policy');
is(header_of($res, 'cache-control'), 'no-store', 'Cache-Control: no-store');

done_testing();
