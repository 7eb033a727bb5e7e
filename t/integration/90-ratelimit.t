# nginx limits sign-in attempts per address before steward hashes anything.
use strict;
use warnings;
use Test::More;
use Steward::Test;

my $c = client();
my (%by, $from_nginx);
for (1 .. 40) {
	my $res = $c->post('/login', { email => 'x@steward.test', password => 'y' });
	$by{ $res->{status} }++;
	$from_nginx++ if $res->{status} == 429 && !defined header_of($res, 'x-request-id');
}
ok($by{429}, 'a burst of POST /login gets 429') or diag(explain \%by);
is($from_nginx, $by{429}, '... answered by nginx, never reaching steward');
is($c->get('/login')->{status}, 200, 'GET /login is not limited');

# Let the bucket refill so later suites can sign in.
sleep 3;
done_testing();
