# A request stuck past request_timeout (3 s in the test stack) costs its
# worker, which is replaced; the log names the request.
use strict;
use warnings;
use Test::More;
use Time::HiRes qw(time sleep);
use Steward::Test;

my $log = stack_env('LOG');
my ($c, $res) = sign_in(stack_env('EMAIL'), stack_env('PASSWORD'));
is($res->{status}, 303, 'signed in');

# Hold the sessions table so that loading the session blocks.
my $psql = stack_env('PSQL');
my $holder = fork() // BAIL_OUT("fork: $!");
if ($holder == 0) {
	exec("$psql -c 'BEGIN; LOCK TABLE steward.sessions IN ACCESS EXCLUSIVE MODE;"
	    . " SELECT pg_sleep(6); COMMIT;' >/dev/null 2>&1");
	exit 1;
}
ok(wait_until(5, sub { psql_value("SELECT count(*) FROM pg_locks WHERE mode = 'AccessExclusiveLock'"
    . " AND relation = 'steward.sessions'::regclass") eq '1' }), 'the table is locked');

my $before = count_matches($log, qr/ran past request_timeout/);
my $t0 = time;
$res = $c->get('/admin');
my $took = time - $t0;
is($res->{status}, 502, 'the stuck request ends (nginx: 502) once its worker is killed');
cmp_ok($took, '>=', 2.9, sprintf('... after request_timeout (%.1f s)', $took));
cmp_ok($took, '<', 5.5, '... not after the lock was released');
ok(wait_until(2, sub { count_matches($log, qr/ran past request_timeout/) > $before }),
    'the log says why');
like(slurp($log), qr/request [0-9a-f]{32} \/admin ran past request_timeout \(3 s\)/,
    '... naming the request id and path');
waitpid($holder, 0);
ok(wait_until(3, sub { scalar(worker_pids()) == stack_env('WORKERS') }), 'the worker was replaced');
is($c->get('/admin')->{status}, 200, 'and the page works again');

done_testing();
