# With PostgreSQL down, Steward answers 503 instead of guessing, and
# recovers by itself when the database is back.
use strict;
use warnings;
use Test::More;
use JSON::PP;
use Steward::Test;

my $c = client();
is($c->get('/healthz')->{status}, 200, 'healthy before');

# Signed in before the outage: a browser session, and an API key.
my $staff = sign_in_staff(stack_env('EMAIL'), stack_env('PASSWORD'));
is($staff->get('/admin')->{status}, 200, 'signed in before');
my $res = $staff->api('POST', '/api/v1/api-keys', { name => "outage $$", role => 'viewer' });
is($res->{status}, 201, 'an API key made before') or diag($res->{content});
my $bot = client();
$bot->{bearer} = $res->{json}{key};
my $key_id = $res->{json}{id};
is($bot->api('GET', '/api/v1/me')->{status}, 200, '... which works');

system(stack_env('PG_STOP')) == 0 or BAIL_OUT('cannot stop PostgreSQL');
$res = $c->get('/healthz');
is($res->{status}, 503, 'database down: /healthz answers 503');
is_deeply(eval { decode_json($res->{content}) }, { status => 'degraded',
    database => 'unavailable' }, '... saying the database is unavailable');
my ($s, $r) = sign_in(stack_env('EMAIL'), stack_env('PASSWORD'));
is($r->{status}, 503, 'sign-in with the database down: 503, nobody let in');
ok(!grep({ /^__Host-steward=/ } set_cookies($r)), '... and no session cookie');

# A valid session cannot be checked either: neither the page (which would
# be guessing) nor a redirect to /login (which would be wrong).
$res = $staff->get('/admin');
is($res->{status}, 503, 'a signed-in page with the database down: 503');
ok(!defined $res->{headers}{location}, '... not a redirect');
like($res->{content} // '', qr/The database is unavailable/, '... but the error page saying why');
for my $who ([ 'an API key', $bot ], [ 'a session', $staff ]) {
	my ($what, $client) = @$who;
	$res = $client->api('GET', '/api/v1/me');
	is($res->{status}, 503, "the JSON API with $what and the database down: 503");
	like(header_of($res, 'content-type'), qr{^application/problem\+json},
	    '... as problem+json');
	is(ref $res->{json} ? $res->{json}{status} : undef, 503, '... saying 503');
}

system(stack_env('PG_START')) == 0 or BAIL_OUT('cannot start PostgreSQL');
ok(wait_until(5, sub { $c->get('/healthz')->{status} == 200 }),
    'healthy again once PostgreSQL is back');
my $ok = 0;
$ok += $c->get('/healthz')->{status} == 200 for 1 .. 2 * stack_env('WORKERS');
is($ok, 2 * stack_env('WORKERS'), 'every worker reconnected');
($s, $r) = sign_in(stack_env('EMAIL'), stack_env('PASSWORD'));
is($r->{status}, 303, 'sign-in works again');
is($staff->get('/admin')->{status}, 200, 'the session from before the outage works again');
is($bot->api('GET', '/api/v1/me')->{status}, 200, 'so does the API key');
ok($staff->api('DELETE', "/api/v1/api-keys/$key_id")->{status} =~ /^20[04]$/,
    'the key is revoked again');

done_testing();
