# Many writers at once: fifty in SQL (pgbench as steward_app) with a
# client signing in and out through nginx meanwhile, then 24 HTTP writers
# through nginx, each with an API key of its own, changing records. One
# linear chain, no gap, no fork, and exactly one row per write that
# succeeded.
use strict;
use warnings;
use Test::More;
use File::Temp qw(tempfile tempdir);
use POSIX ();
use Steward::Test;

my $ctl = stack_env('CTL');
sub head { return psql_value('SELECT seq FROM steward.audit_head') }
sub verify_ok {
	my ($what) = @_;
	my $v = `$ctl audit verify 2>&1`;
	is($? >> 8, 0, "$what: stewardctl audit verify exits 0") or diag($v);
	like($v, qr/^audit trail intact: \d+ rows checked/m, '... and says the trail is intact');
}
sub no_gap_no_fork {
	is(psql_value('SELECT count(*) = max(seq) AND min(seq) = 1 FROM steward.audit_log'), 't',
	    'the sequence has no gap');
	is(psql_value('SELECT count(DISTINCT prev_hash) = count(*) FROM steward.audit_log'), 't',
	    'no two rows share a predecessor: no fork');
}

# ---- Fifty SQL writers and a client signing in and out.
my $before = head();
my ($fh, $script) = tempfile(SUFFIX => '.sql', UNLINK => 1);
print $fh q{INSERT INTO steward.audit_log (action, actor_email, user_agent)
    VALUES ('staff.sign_in_failed', 'concurrency@steward.test', 'pgbench');
};
close $fh;
chmod 0644, $script;

# The client, in a child: five sign-ins and sign-outs, one row each. It
# exits with the number it made, or 255 at the first that did not go
# through (nothing here should stop one: it signs in one at a time).
my $kid = fork() // BAIL_OUT("fork: $!");
if ($kid == 0) {
	my $writes = 0;
	for (1 .. 5) {
		my ($c, $res) = sign_in(stack_env('EMAIL'), stack_env('PASSWORD'));
		POSIX::_exit(255) unless $res->{status} == 303
		    && ($res->{headers}{location} // '') !~ m{^/login};
		$writes++;
		my $csrf = csrf_of($c->get('/admin')->{content});
		POSIX::_exit(255) unless $c->post('/logout', { csrf => $csrf })->{status} == 303;
		$writes++;
	}
	POSIX::_exit($writes);
}
my $pgbench = stack_env('PGBENCH');
my $out = `$pgbench -n -c 50 -j 2 -t 20 -f $script 2>&1`;
is($? >> 8, 0, 'pgbench: 50 clients x 20 inserts as steward_app') or diag($out);
like($out, qr/number of transactions actually processed: 1000\/1000/, '... all 1000 of them')
    or diag($out);
waitpid($kid, 0);
my $kid_writes = $? >> 8;
is($kid_writes, 10, 'the client signed in and out five times meanwhile');

my $after = head();
is($after - $before, 1000 + $kid_writes, 'exactly one row per insert and per sign-in or sign-out');
is(psql_value("SELECT count(*) FROM steward.audit_log WHERE seq > $before AND user_agent = 'pgbench'"),
    1000, '... 1000 of them from pgbench');
no_gap_no_fork();
verify_ok('after the SQL writers');

# ---- HTTP writers: 24 processes, an API key each, ten changes each to a
# record of their own, all let go at once.
my $writers = 24;
my $each = 10;
my $o = sign_in_staff(stack_env('EMAIL'), stack_env('PASSWORD'));
my (@keys, @key_ids);
for my $i (1 .. $writers) {
	my $res = $o->api('POST', '/api/v1/api-keys', { name => "concurrency $i $$", role => 'owner' });
	BAIL_OUT("cannot make API key $i: $res->{status} $res->{content}")
	    unless $res->{status} == 201 && $res->{json}{key};
	push @keys, $res->{json}{key};
	push @key_ids, $res->{json}{id};
}
my @users = map { [split /\|/] } split /\n/,
    psql("SELECT id, daily_limit FROM app.users ORDER BY id OFFSET 500 LIMIT $writers");
BAIL_OUT("fewer than $writers platform users") unless @users == $writers;

my $dir = tempdir(CLEANUP => 1);
pipe(my $go_r, my $go_w) or BAIL_OUT("pipe: $!");
my $h0 = head();
my @kids;
for my $i (0 .. $writers - 1) {
	my $pid = fork() // BAIL_OUT("fork: $!");
	if ($pid == 0) {
		close $go_w;
		my $api = client();
		$api->{bearer} = $keys[$i];
		# A connection open before the start, so that the writes race.
		$api->api('GET', '/api/v1/me');
		my $go = <$go_r>;	# end of file: the parent let go
		my ($ok, %status) = (0);
		for my $j (1 .. $each) {
			my $res = $api->api('PATCH', "/api/v1/r/users/$users[$i][0]",
			    { daily_limit => 1000 + 20 * $i + $j });
			$status{$res->{status}}++;
			$ok++ if $res->{status} == 200;
		}
		open(my $r, '>', "$dir/$i") or POSIX::_exit(1);
		print $r "$ok " . join(',', map { "$_:$status{$_}" } sort keys %status) . "\n";
		close $r;
		POSIX::_exit(0);
	}
	push @kids, $pid;
}
close $go_r;
close $go_w;	# go
waitpid($_, 0) for @kids;
my $h1 = head();

my ($ok, %status, @ok_of) = (0);
for my $i (0 .. $writers - 1) {
	my ($n, $st) = split ' ', slurp("$dir/$i");
	BAIL_OUT("writer $i left no result") unless defined $n;
	$ok += $n;
	$ok_of[$i] = $n;
	for (split /,/, $st // '') {
		my ($code, $count) = split /:/;
		$status{$code} += $count;
	}
}
diag('answers to ' . ($writers * $each) . ' writes: '
    . join(', ', map { "$_ x $status{$_}" } sort keys %status));
cmp_ok($ok, '>=', $writers, "most writes went through ($ok of " . ($writers * $each) . ')');
is($h1 - $h0, $ok, 'exactly one audit row per write that succeeded, none for the others');
is(psql_value("SELECT count(*) FROM steward.audit_log WHERE seq > $h0 AND seq <= $h1"
    . " AND action = 'record.update' AND target_type = 'users'"
    . ' AND actor_api_key_id IN (' . join(',', @key_ids) . ')'), $ok,
    '... each a record.update by one of the writers\' keys');
is(psql_value("SELECT count(*) = $h1 - $h0 AND min(seq) = $h0 + 1 AND max(seq) = $h1"
    . " FROM steward.audit_log WHERE seq > $h0"), 't', '... numbered without a gap');
my %rows_of = map { split /\|/ } split /\n/, psql("SELECT target_id, count(*) FROM steward.audit_log"
    . " WHERE seq > $h0 AND seq <= $h1 GROUP BY target_id");
my @wrong = grep { ($rows_of{$users[$_][0]} // 0) != $ok_of[$_] } 0 .. $writers - 1;
ok(!@wrong, 'each writer\'s record has as many rows as it had writes go through')
    or diag("writers @wrong");
# The trail agrees with the data: each record's last row is its value now.
my @disagree = grep {
	my $id = $users[$_][0];
	psql_value("SELECT coalesce((SELECT after->>'daily_limit' FROM steward.audit_log"
	    . " WHERE seq > $h0 AND target_type = 'users' AND target_id = '$id' ORDER BY seq DESC LIMIT 1),"
	    . " '$users[$_][1]') = (SELECT daily_limit::text FROM app.users WHERE id = $id)") ne 't'
} 0 .. $writers - 1;
ok(!@disagree, 'each record holds the value its last audit row says') or diag("writers @disagree");
no_gap_no_fork();
verify_ok('after the HTTP writers');

# Put the records back and revoke the keys, both through the API (audited).
my $api = client();
$api->{bearer} = $keys[0];
is(scalar(grep { $api->api('PATCH', "/api/v1/r/users/$_->[0]",
    { daily_limit => 0 + $_->[1] })->{status} == 200 } @users), $writers, 'the records are put back');
$o->api('DELETE', "/api/v1/api-keys/$_") for @key_ids;
is(psql_value('SELECT count(*) FROM steward.api_keys WHERE id IN (' . join(',', @key_ids) . ')'
    . ' AND revoked_at IS NULL'), 0, 'the writers\' keys are revoked');

done_testing();
