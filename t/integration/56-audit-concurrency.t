# Fifty writers at once, plus sign-ins through nginx: one linear chain,
# no gap, no fork.
use strict;
use warnings;
use Test::More;
use File::Temp qw(tempfile);
use Steward::Test;

my $ctl = stack_env('CTL');
my $before = psql_value('SELECT seq FROM steward.audit_head');

my ($fh, $script) = tempfile(SUFFIX => '.sql', UNLINK => 1);
print $fh q{INSERT INTO steward.audit_log (action, actor_email, user_agent)
    VALUES ('staff.sign_in_failed', 'concurrency@steward.test', 'pgbench');
};
close $fh;
chmod 0644, $script;

# A client signing in and out through nginx meanwhile, in a child.
my $kid = fork() // BAIL_OUT("fork: $!");
if ($kid == 0) {
	for (1 .. 5) {
		my ($c) = sign_in(stack_env('EMAIL'), stack_env('PASSWORD'));
		my $csrf = csrf_of($c->get('/admin')->{content});
		$c->post('/logout', { csrf => $csrf });
	}
	exit 0;
}
my $pgbench = stack_env('PGBENCH');
my $out = `$pgbench -n -c 50 -j 2 -t 20 -f $script 2>&1`;
is($? >> 8, 0, 'pgbench: 50 clients x 20 inserts as steward_app') or diag($out);
waitpid($kid, 0);

my $after = psql_value('SELECT seq FROM steward.audit_head');
cmp_ok($after - $before, '>=', 1000 + 10, 'every insert got a row (' . ($after - $before) . ')');
is(psql_value('SELECT count(*) = max(seq) AND min(seq) = 1 FROM steward.audit_log'), 't',
    'the sequence has no gap');
is(psql_value('SELECT count(DISTINCT prev_hash) = count(*) FROM steward.audit_log'), 't',
    'no two rows share a predecessor: no fork');
my $v = `$ctl audit verify 2>&1`;
is($? >> 8, 0, 'stewardctl audit verify: intact') or diag($v);
diag($v);

done_testing();
