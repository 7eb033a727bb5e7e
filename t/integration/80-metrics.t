# /metrics in Prometheus text format, from this host only. The pool's
# counters are checked by what this test does to them (one reload, one
# refused, one worker killed), not by what earlier tests left.
use strict;
use warnings;
use Test::More;
use Steward::Test;

my $log = stack_env('LOG');
my $conf = stack_env('CONF');
my $ctl = stack_env('CTL');
my $want = stack_env('WORKERS');

my $c = client();
sub metrics { my $r = $c->get('/metrics'); return ($r, $r->{content} // '') }
sub value {
	my ($text, $name) = @_;
	return $1 if $text =~ /^\Q$name\E (\S+)$/m;
	return undef;
}

my ($res, $m) = metrics();
is($res->{status}, 200, 'GET /metrics from loopback: 200');
like(header_of($res, 'content-type'), qr{^text/plain; version=0\.0\.4}, 'Prometheus text format');
like($m, qr/^# TYPE steward_requests_total counter$/m, 'requests counter declared');
my $h0 = value($m, 'steward_requests_total{route="GET /healthz",code="200"}') // 0;
$c->get('/healthz') for 1 .. 3;
is($c->get("/no/such/page-$$")->{status}, 404, 'a path no route matches');
(undef, $m) = metrics();
my $h1 = value($m, 'steward_requests_total{route="GET /healthz",code="200"}') // 0;
cmp_ok($h1 - $h0, '>=', 3, "requests by route and status count up ($h0 → $h1)");
like($m, qr/^steward_requests_total\{route="none",code="404"\} \d+$/m, 'unmatched paths are counted too');
is(value($m, 'steward_request_duration_seconds_bucket{le="+Inf"}'),
    value($m, 'steward_request_duration_seconds_count'), 'histogram +Inf bucket equals the count');
is(value($m, 'steward_workers{state="ready"}'), $want, 'ready workers');
cmp_ok(value($m, 'steward_workers{state="busy"}'), '>=', 1, 'at least the one serving this is busy');
for my $name (qw(steward_reloads_total steward_reload_failures_total
    steward_worker_restarts_total steward_database_errors_total)) {
	like($m, qr/^# TYPE $name counter$/m, "$name declared a counter");
	like(value($m, $name) // '', qr/^\d+$/, "$name has a value");
}

# What the pool's counters say about what happens next.
my %before = map { $_ => value($m, $_) // 0 } qw(steward_reloads_total
    steward_reload_failures_total steward_worker_restarts_total
    steward_generation);
sub log_says {
	my ($cmd, $pattern, $what) = @_;
	my $n = count_matches($log, $pattern);
	is(system("$cmd >/dev/null 2>&1"), 0, "$what: signal sent");
	ok(wait_until(20, sub { count_matches($log, $pattern) > $n }), "$what: the log says so");
}
log_says($ctl . ' reload', qr/reload complete/, 'a reload');
ok(wait_until(10, sub { scalar(worker_pids()) == $want }), '... and the old workers are gone');

my $orig_conf = slurp($conf);
open(my $fh, '>>', $conf) or BAIL_OUT("$conf: $!");
print $fh "no_such_key = 1\n";
close $fh;
log_says('kill -HUP ' . master_pid(), qr/reload refused/, 'a reload with a bad configuration');
open($fh, '>', $conf) or BAIL_OUT("$conf: $!");
print $fh $orig_conf;
close $fh;

my ($victim) = worker_pids();
kill 'KILL', $victim;
ok(wait_until(5, sub { my @now = worker_pids(); @now == $want && !grep { $_ == $victim } @now }),
    'a killed worker is replaced');
ok(wait_until(5, sub { (value((metrics())[1], 'steward_workers{state="ready"}') // 0) == $want }),
    '... and ready');

(undef, $m) = metrics();
is(value($m, 'steward_reloads_total') - $before{steward_reloads_total}, 1,
    'the reload is counted');
# Not exactly one more: a reload abandoned earlier (another test's) used
# up a generation number without ever serving it.
cmp_ok(value($m, 'steward_generation') - $before{steward_generation}, '>=', 1,
    '... and a new generation serves');
is(value($m, 'steward_reload_failures_total') - $before{steward_reload_failures_total}, 1,
    'so is the refused one');
is(value($m, 'steward_worker_restarts_total') - $before{steward_worker_restarts_total}, 1,
    'and the restart of the killed worker');

done_testing();
