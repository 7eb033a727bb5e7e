# With PostgreSQL down, Steward answers 503 instead of guessing, and
# recovers by itself when the database is back.
use strict;
use warnings;
use Test::More;
use JSON::PP;
use Steward::Test;

my $c = client();
is($c->get('/healthz')->{status}, 200, 'healthy before');

system(stack_env('PG_STOP')) == 0 or BAIL_OUT('cannot stop PostgreSQL');
my $res = $c->get('/healthz');
is($res->{status}, 503, 'database down: /healthz answers 503');
is_deeply(eval { decode_json($res->{content}) }, { status => 'degraded',
    database => 'unavailable' }, '... saying the database is unavailable');
my ($s, $r) = sign_in(stack_env('EMAIL'), stack_env('PASSWORD'));
is($r->{status}, 503, 'sign-in with the database down: 503, nobody let in');
ok(!grep({ /^__Host-steward=/ } set_cookies($r)), '... and no session cookie');

system(stack_env('PG_START')) == 0 or BAIL_OUT('cannot start PostgreSQL');
ok(wait_until(5, sub { $c->get('/healthz')->{status} == 200 }),
    'healthy again once PostgreSQL is back');
my $ok = 0;
$ok += $c->get('/healthz')->{status} == 200 for 1 .. 2 * stack_env('WORKERS');
is($ok, 2 * stack_env('WORKERS'), 'every worker reconnected');
($s, $r) = sign_in(stack_env('EMAIL'), stack_env('PASSWORD'));
is($r->{status}, 303, 'sign-in works again');

done_testing();
