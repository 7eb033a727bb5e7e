# Workers keep no state: a second pool on the same database serves a
# session made by the first, and one nginx upstream can hold both.
use strict;
use warnings;
use Test::More;
use Steward::Test;

my ($one, $res) = sign_in(stack_env('EMAIL'), stack_env('PASSWORD'));
is($res->{status}, 303, 'signed in through pool one');
my $cookie = $one->cookie('__Host-steward');

my $two = client(base => stack_env('POOL2_URL'));
$two->set_cookie('__Host-steward', $cookie);
$res = $two->get('/admin');
is($res->{status}, 200, "pool two accepts pool one's session");
like($res->{content}, qr/Demo Owner/, '... and knows who it is');
like(slurp(stack_env('POOL2_LOG')), qr/GET \/admin 200 [\d.]+ms staff=\d+/,
    "pool two's own log shows the signed-in request");

my $pair = client(base => stack_env('PAIR_URL'));
$pair->set_cookie('__Host-steward', $cookie);
my $log1 = count_matches(stack_env('LOG'), qr/GET \/admin 200/);
my $log2 = count_matches(stack_env('POOL2_LOG'), qr/GET \/admin 200/);
my $ok = 0;
$ok += $pair->get('/admin')->{status} == 200 for 1 .. 20;
is($ok, 20, 'twenty requests through one upstream over both pools all succeed');
cmp_ok(count_matches(stack_env('LOG'), qr/GET \/admin 200/), '>', $log1, 'pool one served some');
cmp_ok(count_matches(stack_env('POOL2_LOG'), qr/GET \/admin 200/), '>', $log2, 'pool two served some');

# Signing out on pool two ends the session on pool one.
my $csrf = csrf_of($two->get('/admin')->{content});
is($two->post('/logout', { csrf => $csrf })->{status}, 303, 'signed out through pool two');
is($one->get('/admin')->{status}, 303, 'pool one no longer accepts the session');

done_testing();
