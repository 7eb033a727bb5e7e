# The curl examples of steward-api(7), run as written against the stack:
# documentation that no longer works fails the suite.
use strict;
use warnings;
use Test::More;
use FindBin;
use Steward::Test;

my $man = "$FindBin::Bin/../../src/steward-api.7";
my @examples = map { /^\$ (curl .*)$/ ? $1 : () } split /\n/, slurp($man);
cmp_ok(scalar @examples, '>=', 20, scalar(@examples) . ' curl examples in steward-api(7)');

# What the examples assume: an owner's key and things to act on.
my ($oemail, $opw) = make_staff('owner', 'doc');
my $owner = sign_in_staff($oemail, $opw);
my $res = $owner->api('POST', '/api/v1/api-keys', { name => 'docs', role => 'owner' });
my $key = $res->{json}{key};
my ($semail, $spw) = make_staff('support', 'doc');
my $id = psql_value("SELECT id FROM steward.staff WHERE email = '$semail'");
my $victim = $owner->api('POST', '/api/v1/api-keys', { name => 'to rotate', role => 'viewer' })->{json}{id};
# A session of someone else (the staff examples deactivate $ID, which ends
# every session of theirs).
my ($vemail, $vpw) = make_staff('viewer', 'doc');
sign_in_staff($vemail, $vpw);
my $session = psql_value("SELECT s.id FROM steward.sessions s JOIN steward.staff t ON t.id = s.staff_id"
    . " WHERE t.email = '$vemail' ORDER BY s.id DESC LIMIT 1");
psql("DELETE FROM steward.staff WHERE email = 'ada\@example.com'");

local $ENV{STEWARD} = stack_env('URL');
local $ENV{KEY} = $key;
local $ENV{ID} = $id;
local $ENV{KEY_ID} = $victim;
local $ENV{SESSION_ID} = $session;
local $ENV{SESSION} = $owner->cookie('__Host-steward');
local $ENV{TOKEN} = $owner->{csrf};
local $ENV{CURL_CA_BUNDLE} = stack_env('CA');
for my $cmd (@examples) {
	my $out = `$cmd 2>&1`;
	is($?, 0, "runs: " . substr($cmd, 0, 110)) or diag($out);
	# Every answer with a body is JSON.
	like($out, qr/^\s*(\{.*\}|\[.*\])\s*$/s, '... and answers JSON') if length $out;
}
done_testing();
