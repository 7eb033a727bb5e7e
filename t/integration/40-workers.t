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
# Started is not serving: the new worker must have reported ready (its
# database connected, templates loaded) within the second too, and must
# answer a request on its own, the others stopped meanwhile.
my %old = map { $_ => 1 } @before;
my ($fresh) = grep { !$old{$_} } workers();
my $ready = wait_until(1.0 - (time - $t0) > 0.05 ? 1.0 - (time - $t0) : 0.05, sub {
	slurp(stack_env('LOG')) =~ /worker $fresh ready/;
});
$elapsed = time - $t0;
ok($ready, sprintf('... and reported ready within a second of the kill (%.3f s)', $elapsed));
{
	my @others = grep { $_ != $fresh } workers();
	kill 'STOP', @others;
	my $r = eval { client()->get('/healthz') };
	kill 'CONT', @others;
	is($r && $r->{status}, 200, "the new worker $fresh alone answers a request");
}

# And it serves: every worker answers (more requests than workers).
my $c = client();
my $ok = 0;
$ok += $c->get('/healthz')->{status} == 200 for 1 .. 4 * $want;
is($ok, 4 * $want, 'every request after the kill answered 200');

{
	# Run as root by mistake (no spawn-fcgi -u, no User=): it refuses.
	my $bin = stack_env('BUILD') . '/src/steward';
	my $out = `$bin -c @{[stack_env('CONF')]} </dev/null 2>&1`;
	is($? >> 8, 1, 'steward started as root refuses to serve');
	like($out, qr/refusing to serve as root/, '... saying why');
}
my $log = do { local (@ARGV, $/) = stack_env('LOG'); <> };
like($log, qr/worker $victim killed by signal 9/, 'the master logged the death');

# An idle worker notices a stop at once: it polls the listening socket
# together with a self-pipe, so a SIGTERM cannot fall into a window just
# before a blocking accept(2) and wait there for the next request.
SKIP: {
	my ($idle) = grep { $_ != $victim } @before;
	skip('needs two workers or more', 3) unless defined $idle;
	# A zombie has exited too: the master may not have reaped it yet.
	my $gone = sub { my $st = slurp("/proc/$idle/stat"); $st eq '' || $st =~ /\) Z / };
	ok(!$gone->(), "worker $idle runs, idle");
	$t0 = time;
	kill 'TERM', $idle;
	my $exited = wait_until(0.5, $gone);
	$elapsed = time - $t0;
	ok($exited, sprintf('an idle worker exits within 0.5 s of SIGTERM (%.3f s)', $elapsed));
	ok(wait_until(2, sub { my @now = workers(); @now == $want && !grep { $_ == $idle } @now }),
	    '... and is replaced');
}

# A crash loop backs off instead of spinning. With a template that does
# not compile, the replacement of a killed worker exits at start-up, and
# so does each next one: the master waits longer before each start. Once
# the file is fixed the pool is whole again, and once the new worker has
# been ready for 2 s the back-off is over.
my $logfile = stack_env('LOG');
my $tpl = stack_env('TEMPLATES_DIR');
my $orig_err = slurp("$tpl/error.tpl");
ok(wait_until(5, sub { workers() == $want }), 'the pool is whole');
my $from = -s $logfile;
sub log_since { return substr(slurp($logfile), $from) }
my $broken = 0;
sub fix_template {
	open(my $fh, '>', "$tpl/error.tpl") or BAIL_OUT("$tpl/error.tpl: $!");
	print $fh $orig_err;
	close $fh;
	$broken = 0;
}
END { fix_template() if $broken }
open(my $fh, '>>', "$tpl/error.tpl") or BAIL_OUT("$tpl/error.tpl: $!");
print $fh "{{#UNCLOSED}}\n";
close $fh;
$broken = 1;
my ($doomed) = workers();
kill 'KILL', $doomed;
sleep 3;
my $during = log_since();
my @delays = $during =~ /workers keep dying; next start in (\d+) ms/g;
my $starts = () = $during =~ /worker \d+ started \(generation/g;
cmp_ok(scalar @delays, '>=', 3, "the master backs off (@delays ms)");
ok(!grep({ $delays[$_] <= $delays[$_ - 1] } 1 .. $#delays),
    '... with a growing delay');
cmp_ok($starts, '<=', 10, "$starts start attempts in 3 s: no spinning");
cmp_ok($starts, '>=', 3, '... but it keeps trying');
like($during, qr/worker \d+ exited with status 1/, 'each attempt exits at start-up');
fix_template();
# The next start may still be some seconds away (the delay it got), and
# then the new worker must stay ready for 2 s.
ok(wait_until(15, sub { log_since() =~ /has been ready for 2 s: crash back-off reset/ }),
    'once the template is fixed, a new worker stays ready: the back-off is reset');
is(scalar(workers()), $want, 'the pool is whole again');
$ok = 0;
$ok += $c->get('/healthz')->{status} == 200 for 1 .. 2 * $want;
is($ok, 2 * $want, 'and every worker serves');
# A crash now is a first crash again: replaced at once.
my ($next) = workers();
$t0 = time;
kill 'KILL', $next;
ok(wait_until(2, sub { my @now = workers(); @now == $want && !grep { $_ == $next } @now }),
    'a later crash is replaced');
$elapsed = time - $t0;
cmp_ok($elapsed, '<', 1.0, sprintf('... within a second (%.3f s)', $elapsed));

done_testing();
