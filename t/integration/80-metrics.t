# /metrics in Prometheus text format, from this host only.
use strict;
use warnings;
use Test::More;
use Steward::Test;

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
(undef, $m) = metrics();
my $h1 = value($m, 'steward_requests_total{route="GET /healthz",code="200"}') // 0;
cmp_ok($h1 - $h0, '>=', 3, "requests by route and status count up ($h0 → $h1)");
like($m, qr/^steward_requests_total\{route="none",code="404"\} \d+$/m, 'unmatched paths are counted too');
is(value($m, 'steward_request_duration_seconds_bucket{le="+Inf"}'),
    value($m, 'steward_request_duration_seconds_count'), 'histogram +Inf bucket equals the count');
is(value($m, 'steward_workers{state="ready"}'), stack_env('WORKERS'), 'ready workers');
cmp_ok(value($m, 'steward_workers{state="busy"}'), '>=', 1, 'at least the one serving this is busy');
cmp_ok(value($m, 'steward_reloads_total'), '>=', 5, 'reloads counted');
cmp_ok(value($m, 'steward_reload_failures_total'), '>=', 2, 'refused and abandoned reloads counted');
cmp_ok(value($m, 'steward_worker_restarts_total'), '>=', 1, 'worker restarts counted');
cmp_ok(value($m, 'steward_database_errors_total'), '>=', 1, 'database errors counted');

done_testing();
