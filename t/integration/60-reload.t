# Rolling reloads lose no request: new templates, a refused configuration,
# an abandoned reload, and a re-exec of the master itself, all while a
# signed-in client keeps asking for a page.
use strict;
use warnings;
use Test::More;
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

# 4. The master re-execs itself; pid, socket and service carry over.
my $master = master_pid();
reload_and_wait("$ctl upgrade", qr/upgrade: new master .* took over/, 'master upgrade');
ok(wait_until(20, sub { count_matches($log, qr/reload complete/) >= 5 }),
    'the workers were rolled onto the new binary');
is(master_pid(), $master, 'the master kept its pid');
ok(kill(0, $master), 'and runs');

open($fh, '>', "$tpl/admin.tpl") or BAIL_OUT($!);
print $fh $orig_admin;
close $fh;
reload_and_wait("$ctl reload", qr/reload complete/, 'reload back to the original template');

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
