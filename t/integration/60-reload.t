# Rolling reloads lose no request: new templates, a refused configuration,
# an abandoned reload, and a re-exec of the master itself, all while a
# signed-in client keeps asking for a page.
use strict;
use warnings;
use Test::More;
use IO::Handle;
use POSIX qw(WNOHANG);
use Time::HiRes qw(sleep);
use Steward::Test;

my $log = stack_env('LOG');
my $conf = stack_env('CONF');
my $tpl = stack_env('TEMPLATES_DIR');
my $ctl = stack_env('CTL');
my $want = stack_env('WORKERS');

my ($c, $res) = sign_in(stack_env('EMAIL'), stack_env('PASSWORD'));
is($res->{status}, 303, 'signed in');
my $cookie = $c->cookie('__Host-steward');

# A client that asks for the signed-in page without pause, in a child.
my $stop = "/tmp/steward-reload-stop-$$";
my $result = "/tmp/steward-reload-result-$$";
unlink $stop, $result;
my $kid = fork() // BAIL_OUT("fork: $!");
if ($kid == 0) {
	my $k = client();
	$k->set_cookie('__Host-steward', $cookie);
	my ($ok, @bad) = (0);
	until (-e $stop) {
		my $r = $k->get('/admin');
		if ($r->{status} == 200) { $ok++ } else { push @bad, $r->{status} }
	}
	open(my $fh, '>', $result) or die;
	print $fh "$ok @bad\n";
	close $fh;
	exit 0;
}

sub reload_and_wait {
	my ($signal_cmd, $pattern, $what) = @_;
	my $before = count_matches($log, $pattern);
	is(system("$signal_cmd >/dev/null"), 0, "$what: signal sent");
	ok(wait_until(20, sub { count_matches($log, $pattern) > $before }),
	    "$what: the log says so");
}

sub edit {
	my ($path, $text) = @_;
	open(my $fh, '>>', $path) or BAIL_OUT("$path: $!");
	print $fh $text;
	close $fh;
}

# 1. New templates, served after the reload.
my @gen0 = worker_pids();
is(scalar @gen0, $want, "$want workers before");
my $marker = "reload-marker-$$";
my $orig_admin = slurp("$tpl/admin.tpl");
edit("$tpl/admin.tpl", "<p class=\"marker\">$marker</p>\n");
unlike($c->get('/admin')->{content}, qr/$marker/, 'a template edit is not live before the reload');
reload_and_wait("$ctl reload", qr/reload complete/, 'reload');
ok(wait_until(10, sub { my %old = map { $_ => 1 } @gen0; !grep { $old{$_} } worker_pids() }),
    'every old worker has gone');
is(scalar(worker_pids()), $want, "$want workers after");
like($c->get('/admin')->{content}, qr/$marker/, 'the new template text is served');

# Several more in a row.
reload_and_wait("$ctl reload", qr/reload complete/, "reload $_") for 2 .. 4;

# 2. A broken configuration is refused; the workers stay. stewardctl
# checks it before it signals; the master checks it again on SIGHUP.
my $orig_conf = slurp($conf);
edit($conf, "no_such_key = 1\n");
# The last reload's old workers may still be finishing a request: wait
# until only the new generation is left before taking its roll call.
ok(wait_until(10, sub { scalar(worker_pids()) == $want }),
    'the previous generation has drained');
my @kept = worker_pids();
my $out = `$ctl reload 2>&1`;
isnt($?, 0, 'stewardctl reload refuses a bad configuration');
like($out, qr/steward\.conf:\d+: unknown key "no_such_key"/, '... naming the line');
my $m = master_pid();
reload_and_wait("kill -HUP $m", qr/reload refused: .*no_such_key/, 'bad configuration');
is_deeply([worker_pids()], \@kept, 'the same workers keep serving');
is($c->get('/admin')->{status}, 200, 'and they answer');
open(my $fh, '>', $conf) or BAIL_OUT($!);
print $fh $orig_conf;
close $fh;

# 3. A broken template: the new workers cannot start, the reload is
# abandoned, the old workers keep serving.
my $orig_err = slurp("$tpl/error.tpl");
edit("$tpl/error.tpl", "{{#UNCLOSED}}\n");
reload_and_wait("$ctl reload", qr/reload abandoned/, 'broken template');
is_deeply([worker_pids()], \@kept, 'the same workers keep serving');
like($c->get('/admin')->{content}, qr/$marker/, 'and they answer');
open($fh, '>', "$tpl/error.tpl") or BAIL_OUT($!);
print $fh $orig_err;
close $fh;

# 3b. New code on an old schema: a version whose migrations the database
# lacks (sql = a copy of the migrations and one more) does not start; the
# reload is abandoned until `stewardctl migrate` has run.
my $sqlnew = "/tmp/steward-reload-sql-$$";
mkdir $sqlnew or BAIL_OUT("$sqlnew: $!");
my ($sqldir) = $orig_conf =~ /^sql = (.*)$/m;
system('cp', glob("$sqldir/*.sql"), $sqlnew) == 0 or BAIL_OUT('cp');
open($fh, '>', "$sqlnew/9999-next-release.sql") or BAIL_OUT($!);
print $fh "SET LOCAL ROLE steward_owner;\n";
close $fh;
(my $newconf = $orig_conf) =~ s/^sql = .*$/sql = $sqlnew/m;
open($fh, '>', $conf) or BAIL_OUT($!);
print $fh $newconf;
close $fh;
reload_and_wait("$ctl reload", qr/reload abandoned/, 'a migration not yet run');
ok(count_matches($log, qr/cannot start: the database lacks 1 migration this version needs, from 9999-next-release\.sql: run stewardctl migrate/),
    '... the log names it');
is_deeply([worker_pids()], \@kept, 'the same workers keep serving');
is($c->get('/admin')->{status}, 200, 'and they answer');
open($fh, '>', $conf) or BAIL_OUT($!);
print $fh $orig_conf;
close $fh;
system('rm', '-rf', $sqlnew);

# 3c. The database refuses the new workers (here, it does not exist):
# they cannot start, the reload is abandoned and the old workers keep
# serving. With the configuration restored, a reload completes.
my $nodb = "steward_missing_$$";
(my $badconf = $orig_conf) =~ s/^(database = .*)dbname=\S+/$1dbname=$nodb/m
    or BAIL_OUT("no dbname in the database line of $conf");
open($fh, '>', $conf) or BAIL_OUT($!);
print $fh $badconf;
close $fh;
my $refused = count_matches($log, qr/cannot start: the database refused the connection/);
reload_and_wait("$ctl reload", qr/reload abandoned/, 'a database that refuses the new workers');
ok(count_matches($log, qr/cannot start: the database refused the connection/) > $refused,
    '... the log says the new workers cannot start: the database refused');
like(slurp($log), qr/database "$nodb" does not exist/, '... and what the database said');
ok(wait_until(5, sub { join(' ', worker_pids()) eq join(' ', @kept) }),
    'the same workers keep serving');
is($c->get('/admin')->{status}, 200, 'and they answer');
open($fh, '>', $conf) or BAIL_OUT($!);
print $fh $orig_conf;
close $fh;
reload_and_wait("$ctl reload", qr/reload complete/, 'the configuration restored');

# 3c'. Workers whose role could get round the audit trail's rules (a
# superuser, or a member of steward_owner) refuse to start: the reload is
# abandoned, the old workers keep serving. steward_app is given each
# power for the while, since the stack maps the workers' user to it.
for my $power (['SUPERUSER', 'NOSUPERUSER', qr/connected as steward_app, a superuser/],
    ['GRANT', 'REVOKE', qr/connected as steward_app, a member of steward_owner/]) {
	my ($give, $take, $why) = @$power;
	psql($give eq 'GRANT' ? 'GRANT steward_owner TO steward_app' : "ALTER ROLE steward_app $give");
	my $before = count_matches($log, $why);
	reload_and_wait("$ctl reload", qr/reload abandoned/, "workers whose role is given $give");
	psql($take eq 'REVOKE' ? 'REVOKE steward_owner FROM steward_app' : "ALTER ROLE steward_app $take");
	ok(count_matches($log, $why) > $before, "... refuse to start, saying why ($give)");
	is($c->get('/admin')->{status}, 200, '... and the old workers answer');
}
reload_and_wait("$ctl reload", qr/reload complete/, 'with the role as it was');

# 3d. A reload abandoned while a new worker already serves: a new worker
# accepts as soon as it has reported ready, so the master must let it
# finish its request (SIGTERM), not kill it. The new workers are held
# before they are ready by a lock on the ledger their start-up check
# reads; one is stopped, the other let through until it is ready and,
# like the old workers, busy with a request that waits on a second lock;
# then the stopped one is killed, which abandons the reload.
my $psql = stack_env('PSQL');
sub lock_table {
	my ($table) = @_;
	open(my $h, '|-', "$psql -v ON_ERROR_STOP=1 >/dev/null")
	    or BAIL_OUT("psql: $!");
	$h->autoflush(1);
	print $h "BEGIN;\nLOCK TABLE $table IN ACCESS EXCLUSIVE MODE;\n";
	wait_until(5, sub { psql_value("SELECT count(*) FROM pg_locks WHERE"
	    . " mode = 'AccessExclusiveLock' AND granted"
	    . " AND relation = '$table'::regclass") eq '1' })
	    or BAIL_OUT("cannot lock $table");
	return $h;
}
sub unlock_table {
	my ($h) = @_;
	local $SIG{PIPE} = 'IGNORE';	# if psql is gone, so is its lock
	print $h "COMMIT;\n";
	close($h);
}
# Steward's connections waiting on a lock: each is one worker's request.
sub waiting_on_locks {
	return psql_value("SELECT count(*) FROM pg_stat_activity"
	    . " WHERE usename = 'steward_app' AND wait_event_type = 'Lock'");
}
SKIP: {
	skip('needs two workers or more', 10) if $want < 2;
	ok(wait_until(10, sub { scalar(worker_pids()) == $want }),
	    'only the serving workers are left');
	@kept = worker_pids();
	my $ledger = lock_table('steward.schema_migrations');
	is(system("$ctl reload >/dev/null"), 0, 'reload: signal sent');
	my @new;
	my $held = wait_until(10, sub {
		my %old = map { $_ => 1 } @kept;
		@new = grep { !$old{$_} } worker_pids();
		return @new == $want && waiting_on_locks() == $want;
	});
	ok($held, "the $want new workers wait at start-up");
	unless ($held) {
		unlock_table($ledger);
		skip('the new workers were not held', 7);
	}
	my ($stopped, $ready) = @new;
	kill 'STOP', $stopped;
	unlock_table($ledger);
	ok(wait_until(5, sub { count_matches($log, qr/worker $ready ready\b/) }),
	    "new worker $ready is ready, and accepting, while $stopped is not");

	# Every accepting worker, the ready new one included, takes one of
	# these (or the client loop's) requests and waits on the lock.
	my $sessions = lock_table('steward.sessions');
	my @slow;
	for my $i (1 .. $want + 1) {
		my $pid = fork() // BAIL_OUT("fork: $!");
		if ($pid == 0) {
			my $k = client();
			$k->set_cookie('__Host-steward', $cookie);
			my $st = $k->get('/admin')->{status};
			open(my $o, '>', "$result.slow$i") or die;
			print $o "$st\n";
			close $o;
			exit 0;
		}
		push @slow, $pid;
	}
	# Short waits: the lock must go before request_timeout (3 s).
	ok(wait_until(1.5, sub { waiting_on_locks() >= $want + 1 }),
	    'every accepting worker is in the middle of a request');
	my $abandoned = count_matches($log, qr/reload abandoned:/);
	kill 'KILL', $stopped;
	my $gone = wait_until(1, sub { count_matches($log, qr/reload abandoned:/) > $abandoned });
	unlock_table($sessions);
	ok($gone, 'a new worker that dies abandons the reload');
	ok(count_matches($log, qr/reload abandoned: asking 1 ready new worker to finish its current request and exit/),
	    '... and the ready new worker is asked to finish its request, not killed');
	waitpid($_, 0) for @slow;
	my @st = map { my $x = slurp("$result.slow$_"); chomp $x; $x } 1 .. @slow;
	unlink map { "$result.slow$_" } 1 .. @slow;
	is_deeply(\@st, [(200) x @slow], 'the requests in flight all got their page')
	    or diag("statuses: @st");
	ok(wait_until(10, sub { !grep { $_ == $ready } worker_pids() }),
	    'the ready new worker then exits');
	is_deeply([worker_pids()], \@kept, 'the old workers keep serving');
}

# 3e. A reload asked for while one is under way is not lost: it follows
# (the files may have changed after the first one read them).
ok(wait_until(10, sub { scalar(worker_pids()) == $want }),
    'only the serving workers are left');
my $done = count_matches($log, qr/reload complete/);
my $queued = count_matches($log, qr/SIGHUP: a reload is under way; another will follow it/);
my $ledger = lock_table('steward.schema_migrations');
is(system("$ctl reload >/dev/null"), 0, 'reload: signal sent');
ok(wait_until(10, sub { waiting_on_locks() == $want }),
    'its new workers wait at start-up: the reload is under way');
is(system("$ctl reload >/dev/null"), 0, 'a second reload meanwhile: signal sent');
my $said = wait_until(5, sub {
	count_matches($log, qr/SIGHUP: a reload is under way; another will follow it/) > $queued });
unlock_table($ledger);
ok($said, '... the master says another will follow');
ok(wait_until(20, sub { count_matches($log, qr/reload complete/) >= $done + 2 }),
    'both reloads complete, one after the other');
like(slurp($log), qr/reload: starting the reload asked for during the last one/,
    '... the second one said so');

# 4. The master re-execs itself; pid, socket and service carry over.
my $master = master_pid();
my $completed = count_matches($log, qr/reload complete/);
reload_and_wait("$ctl upgrade", qr/upgrade: new master .* took over/, 'master upgrade');
ok(wait_until(20, sub { count_matches($log, qr/reload complete/) > $completed }),
    'the workers were rolled onto the new binary');
is(master_pid(), $master, 'the master kept its pid');
ok(kill(0, $master), 'and runs');

open($fh, '>', "$tpl/admin.tpl") or BAIL_OUT($!);
print $fh $orig_admin;
close $fh;
reload_and_wait("$ctl reload", qr/reload complete/, 'reload back to the original template');

# 5. stewardctl signals only a steward: a pid file naming another process
# (left behind, the pid reused) is refused. The stack's own pid file is
# not touched: a copy of the configuration names another one.
my $sleeper = fork() // BAIL_OUT("fork: $!");
if ($sleeper == 0) {
	exec('sleep', '60');
	exit 127;
}
my $bogus_pid = "/tmp/steward-reload-pid-$$";
my $bogus_conf = "/tmp/steward-reload-conf-$$";
open($fh, '>', $bogus_pid) or BAIL_OUT($!);
print $fh "$sleeper\n";
close $fh;
(my $text = $orig_conf) =~ s/^pid_file = .*$/pid_file = $bogus_pid/m
    or BAIL_OUT("no pid_file in $conf");
open($fh, '>', $bogus_conf) or BAIL_OUT($!);
print $fh $text;
close $fh;
for my $cmd (qw(reload upgrade)) {
	$out = `${\ stack_env('BUILD')}/src/stewardctl -c $bogus_conf $cmd 2>&1`;
	is($? >> 8, 1, "stewardctl $cmd refuses a pid file that names sleep");
	like($out, qr/names process $sleeper, which runs \S*sleep, not steward: not signalling it/,
	    '... saying why');
}
is(waitpid($sleeper, WNOHANG), 0, 'and sleep was not signalled');
kill 'KILL', $sleeper;
waitpid($sleeper, 0);
unlink $bogus_pid, $bogus_conf;

# The client saw nothing of all that.
open($fh, '>', $stop) or BAIL_OUT($!);
close $fh;
waitpid($kid, 0);
my ($ok, @bad) = split ' ', slurp($result);
cmp_ok($ok // 0, '>', 50, "the client kept being served ($ok pages)");
is(scalar(@bad), 0, 'not one failed request during reloads and the upgrade')
    or diag("statuses: @bad");
unlink $stop, $result;

done_testing();
