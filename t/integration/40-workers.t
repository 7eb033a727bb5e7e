# The master replaces a worker killed with SIGKILL within a second.
use strict;
use warnings;
use Test::More;
use Time::HiRes qw(time sleep);
use Steward::Test;

my $master = do { local (@ARGV) = stack_env('PIDFILE'); my $p = <>; chomp $p; $p };
ok(kill(0, $master), "master $master is running");
my $want = stack_env('WORKERS');

sub workers {
	my @kids = grep { length } split /\s+/, `pgrep -P $master`;
	return @kids;
}

my @before = workers();
is(scalar @before, $want, "master has $want workers");
for my $w (@before) {
	my $status = slurp("/proc/$w/status");
	like($status, qr/^NoNewPrivs:\s+1$/m, "worker $w runs with no_new_privs");
	my ($uid) = $status =~ /^Uid:\s+(\d+)/m;
	isnt($uid, 0, "worker $w does not run as root");
}
my $victim = $before[0];
my $t0 = time;
kill 'KILL', $victim;
my $back = wait_until(2, sub {
	my @now = workers();
	return @now == $want && !grep { $_ == $victim } @now;
});
my $elapsed = time - $t0;
ok($back, 'a replacement worker was started');
cmp_ok($elapsed, '<', 1.0, sprintf('... within a second (%.3f s)', $elapsed));

# And it serves: every worker answers (more requests than workers).
my $c = client();
my $ok = 0;
$ok += $c->get('/healthz')->{status} == 200 for 1 .. 4 * $want;
is($ok, 4 * $want, 'every request after the kill answered 200');

my $log = do { local (@ARGV, $/) = stack_env('LOG'); <> };
like($log, qr/worker $victim killed by signal 9/, 'the master logged the death');

done_testing();
