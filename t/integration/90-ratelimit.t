# nginx limits sign-in attempts per address before steward hashes anything.
use strict;
use warnings;
use Test::More;
use Time::HiRes qw(time sleep);
use Steward::Test;

# Six clients at once, ten attempts each: far over the test stack's
# 20 requests a second with a burst of 10.
my $go = time + 0.5;
my @kids;
for my $k (1 .. 6) {
	pipe(my $r, my $w) or BAIL_OUT("pipe: $!");
	my $pid = fork() // BAIL_OUT("fork: $!");
	if ($pid == 0) {
		close $r;
		my $c = client();
		sleep(0.005) while time < $go;
		for (1 .. 10) {
			my $res = $c->post('/login', { email => 'x@steward.test', password => 'y' });
			my $nginx = defined header_of($res, 'x-request-id') ? 'steward' : 'nginx';
			print $w "$res->{status} $nginx\n";
		}
		exit 0;
	}
	close $w;
	push @kids, [$pid, $r];
}
my (%by, $from_nginx);
for my $k (@kids) {
	my $fh = $k->[1];
	while (my $line = <$fh>) {
		my ($status, $who) = split ' ', $line;
		$by{$status}++;
		$from_nginx++ if $status == 429 && $who eq 'nginx';
	}
	waitpid($k->[0], 0);
}
ok($by{429}, 'a burst of POST /login gets 429') or diag(explain \%by);
is($from_nginx, $by{429}, '... answered by nginx, never reaching steward');
is(client()->get('/login')->{status}, 200, 'GET /login is not limited');

# Let the bucket refill so later suites can sign in.
sleep 2;
done_testing();
