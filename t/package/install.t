# The Debian package, as a sysadmin meets it: `contrib/devstack package`
# builds the .deb, apt installs it into this machine, and the shipped
# pieces are used as shipped: the unit's ExecStart (run by hand, as
# systemd would, since these machines have no systemd), the nginx site
# (only its listen ports and certificate changed) and stewardctl for the
# three set-up steps. Then a reload, an upgrade to a rebuilt package with
# a changed template while a client keeps asking (no request may fail),
# a removal that keeps the conffiles and a purge.
#
# It installs into the test machine itself: a clean Debian root
# (debootstrap) would cost minutes per run. The clean-up, done even when
# a test fails, is the purge, the test database dropped and the nginx
# instance stopped. It refuses to run where a steward package is already
# installed, since it would replace it.
use strict;
use warnings;
use Test::More;
use File::Basename qw(dirname);
use File::Path qw(make_path);
use Time::HiRes qw(sleep);
use Cwd qw(abs_path);
use POSIX ();
use Steward::Test;

plan skip_all => 'needs root and dpkg' unless $> == 0 && -x '/usr/bin/dpkg';
plan skip_all => 'a steward package is installed here; the test would replace it'
    if `dpkg-query -W -f '\${db:Status-Status}' steward 2>/dev/null` eq 'installed';

my $repo = abs_path(dirname(__FILE__) . '/../..');
my $state = dirname(stack_env('OUTPUT')) . '/package';
my ($port) = stack_env('URL') =~ /:(\d+)$/;
my ($https, $http) = ($port + 10, $port + 11);
my $url = "https://127.0.0.1:$https";
my ($pgsock) = stack_env('PSQL') =~ /-h (\S+)/;
my $psql_pkg = stack_env('PSQL') =~ s/ steward$/ steward_pkg/r;
my $unit = '/lib/systemd/system/steward.service';
my $conf = '/etc/steward/steward.conf';
my $marker = "upgraded-template-$$";
my ($master, $nginx_up);

system('rm', '-rf', $state);
make_path($state);

sub run_ok {
	my ($cmd, $what) = @_;
	my $out = `$cmd 2>&1`;
	is($?, 0, $what) or diag($out);
	return $out;
}

sub psql_pkg {
	my ($sql) = @_;
	local $ENV{SQL} = $sql;
	my $out = `$psql_pkg -tA -v ON_ERROR_STOP=1 -c "\$SQL"`;
	chomp $out;
	return $out;
}

# nginx is stopped by its pid: once the package is gone, its
# configuration (which includes the shipped snippet) no longer loads.
sub nginx_stop {
	my ($report) = @_;
	my $pid = -f "$state/nginx/nginx.pid" ? slurp("$state/nginx/nginx.pid") =~ s/\s+//gr : '';
	return unless $pid =~ /^\d+$/;
	kill('QUIT', $pid);
	my $gone = wait_until(10, sub { !kill(0, $pid) });
	ok($gone, 'nginx stopped') if $report;
	$nginx_up = 0;
}

sub cleanup {
	system("kill -TERM $master 2>/dev/null") if $master;
	nginx_stop() if $nginx_up;
	system('dpkg --purge steward >/dev/null 2>&1');
	system(stack_env('PSQL') . ' -c "DROP DATABASE IF EXISTS steward_pkg WITH (FORCE)" >/dev/null 2>&1');
}
END { cleanup() }

# ---- Build: the package, then a rebuild with a changed template.
my $built = run_ok("$repo/contrib/devstack package", 'contrib/devstack package builds the .deb');
my ($deb) = $built =~ m{^(/\S+\.deb)$}m;
ok($deb && -f $deb, "... and prints its path ($deb)") or BAIL_OUT('no package');
my ($tree) = glob(dirname($deb) . '/steward-*/debian');
$tree = dirname($tree);
my $tree2 = "$state/src";
system('cp', '-a', $tree, $tree2) == 0 or BAIL_OUT('cp');
open(my $fh, '>>', "$tree2/templates/login.tpl") or BAIL_OUT($!);
print $fh "<!-- $marker -->\n";
close $fh;
my $version = `dpkg-parsechangelog -l $tree/debian/changelog -S Version`;
chomp $version;
my $v2 = "$version+upgrade1";
my $log = do { local (@ARGV, $/) = "$tree2/debian/changelog"; <> };
open($fh, '>', "$tree2/debian/changelog") or BAIL_OUT($!);
print $fh "steward ($v2) unstable; urgency=medium\n\n  * A changed template, for the upgrade test.\n\n"
    . " -- Steward tests <tests\@steward.test>  " . `date -R` . "\n" . $log;
close $fh;
# -nc: the objects of the first build are current; only data changed.
run_ok("cd $tree2 && dpkg-buildpackage -us -uc -b -nc", "a rebuilt package, $v2");
my $deb2 = dirname($tree2) . "/steward_${v2}_" . `dpkg --print-architecture`;
chomp $deb2;
$deb2 .= '.deb';
ok(-f $deb2, '... exists');

# ---- Install.
my $out = run_ok("apt-get install -y --no-install-recommends $deb", 'apt-get install ./steward.deb');
like($out, qr/stewardctl migrate/, 'the first install says the set-up steps');
ok(-x '/usr/sbin/steward' && -x '/usr/bin/stewardctl', 'steward and stewardctl are installed');
ok(-d '/usr/share/steward/templates' && -f '/usr/share/steward/static/steward.css'
    && -f '/usr/share/steward/sql/0001-foundation.sql', 'templates, static files and migrations');
ok(-f '/etc/nginx/sites-available/steward' && !-e '/etc/nginx/sites-enabled/steward',
    'the nginx site is available, not enabled');
ok(-f $unit, 'the systemd unit');
SKIP: {
	skip 'no systemd-analyze here', 1 unless -x '/usr/bin/systemd-analyze';
	is(`systemd-analyze verify $unit 2>&1`, '', 'systemd-analyze verify says nothing of it');
}
like(`dpkg-query -W -f '\${Conffiles}' steward`, qr{/etc/steward/steward\.conf}, 'steward.conf is a conffile');
ok(scalar(getpwnam('steward')), 'a steward system user');
my @st = stat($conf);
is(sprintf('%04o', $st[2] & 07777), '0640', 'steward.conf is 0640');
is(scalar(getgrgid($st[5])), 'steward', '... group steward');
is(`man -w steward 2>/dev/null` =~ m{/usr/share/man/man8/steward\.8} ? 1 : 0, 1, 'man steward finds the page')
    if -x '/usr/bin/man';

# ---- The three set-up steps, against a database of its own on the
# suite's PostgreSQL (the roles are the cluster's, made already).
ok(system(stack_env('PSQL') . ' -c "CREATE DATABASE steward_pkg ENCODING \'UTF8\'" >/dev/null') == 0,
    '1. a database');
# The one file an admin edits: where the database is.
my $text = slurp($conf);
ok($text =~ s/^database = .*$/database = host=$pgsock dbname=steward_pkg user=steward_app/m
    && $text =~ s/^#?migrate_database = .*$/migrate_database = host=$pgsock dbname=steward_pkg user=postgres/m,
    'steward.conf names the database and the role migrations run as');
open($fh, '>', $conf) or BAIL_OUT($!);
print $fh $text;
close $fh;
like(run_ok('stewardctl migrate', '2. stewardctl migrate'), qr/0001-foundation/, '... applies the migrations');
my $email = "pkg-owner-$$\@steward.test";
my $pw = 'a long package password';
run_ok("printf '%s\\n%s\\n' '$pw' '$pw' | stewardctl create-owner $email", '3. stewardctl create-owner');
like(run_ok('stewardctl check-config', 'stewardctl check-config'), qr/valid/, '... the shipped configuration is valid');

# ---- Start it with the unit's own command line, as its user and groups.
my $u = do { local (@ARGV, $/) = $unit; <> };
$u =~ s/\\\n\s*/ /g;
my %k = map { /^(\w+)=(.*)$/ ? ($1 => $2) : () } split /\n/, $u;
like($k{ExecStart}, qr{^/usr/bin/spawn-fcgi -n .*-- /usr/sbin/steward -c /etc/steward/steward\.conf$}, 'ExecStart runs spawn-fcgi -n, execing steward');
is($k{Type}, 'notify', 'Type=notify');
ok(-d '/run/steward', '/run/steward (made by the postinst where systemd does not run)');
my $start = "runuser -u $k{User} -g $k{Group} -G $k{SupplementaryGroups} -- $k{ExecStart}";
$master = fork() // BAIL_OUT("fork: $!");
if ($master == 0) {
	open(STDOUT, '>', "$state/steward.log");
	open(STDERR, '>&', \*STDOUT);
	exec('setsid', 'sh', '-c', "exec $start") or POSIX::_exit(127);
}
ok(wait_until(20, sub { -S '/run/steward/steward.sock' && -s '/run/steward/steward.pid' }),
    'the service starts: socket and pid file') or diag(slurp("$state/steward.log"));
my $mpid = slurp('/run/steward/steward.pid') =~ s/\s+//gr;
ok(wait_until(20, sub { count_matches("$state/steward.log", qr/ready/) > 0 }), 'workers are ready');
my @sock = stat('/run/steward/steward.sock');
is(sprintf('%04o', $sock[2] & 0777), '0660', 'the socket is 0660');
is(scalar(getgrgid($sock[5])), 'www-data', '... group www-data, for nginx');
is((getpwuid((stat("/proc/$mpid"))[4]))[0], 'steward', 'the master runs as steward');

# ---- The shipped nginx site: only the ports and the certificate change.
my ($cert) = stack_env('CA');
(my $key = $cert) =~ s/cert\.pem$/key.pem/;
my $site = slurp('/etc/nginx/sites-available/steward');
$site =~ s/^\s*listen \[::\].*\n//mg;
$site =~ s/listen 80;/listen 127.0.0.1:$http;/;
$site =~ s/listen 443 ssl/listen 127.0.0.1:$https ssl/;
$site =~ s/ssl_certificate (\S+);/ssl_certificate $cert;/;
$site =~ s/ssl_certificate_key (\S+);/ssl_certificate_key $key;/;
$site =~ s{include snippets/}{include /etc/nginx/snippets/};
make_path("$state/nginx/logs", "$state/nginx/tmp");
open($fh, '>', "$state/nginx/site.conf") or BAIL_OUT($!);
print $fh $site;
close $fh;
open($fh, '>', "$state/nginx/nginx.conf") or BAIL_OUT($!);
print $fh <<"EOF";
user www-data;
worker_processes 1;
pid $state/nginx/nginx.pid;
error_log $state/nginx/logs/error.log;
events { worker_connections 256; }
http {
	include /etc/nginx/mime.types;
	access_log $state/nginx/logs/access.log;
	client_body_temp_path $state/nginx/tmp/body;
	fastcgi_temp_path $state/nginx/tmp/fastcgi;
	proxy_temp_path $state/nginx/tmp/proxy;
	uwsgi_temp_path $state/nginx/tmp/uwsgi;
	scgi_temp_path $state/nginx/tmp/scgi;
	include $state/nginx/site.conf;
}
EOF
close $fh;
run_ok("nginx -p $state/nginx -c $state/nginx/nginx.conf", 'nginx serves the shipped site');
$nginx_up = 1;

my $c = client(base => $url);
is($c->get('/healthz')->{status}, 200, '/healthz through the site');
is($c->get('/static/steward.css')->{status}, 200, 'static files from /usr/share/steward');
my $form = $c->get('/login');
my $res = $c->post('/login', { csrf => csrf_of($form->{content}), email => $email, password => $pw });
is($res->{status}, 303, 'the owner signs in');
# Owners must use two-factor sign-in (the packaged default): set a TOTP
# secret in the database, as an enrolment would, and sign in with it.
if (($res->{headers}{location} // '') eq '/admin/account/mfa') {
	my $hex = '3132333435363738393031323334353637383930';
	psql_pkg("UPDATE steward.staff SET totp_secret = '\\x$hex', totp_enabled = true WHERE email = '$email'");
	$c = client(base => $url);
	$form = $c->get('/login');
	$c->post('/login', { csrf => csrf_of($form->{content}), email => $email, password => $pw });
	$form = $c->get('/login/totp');
	$res = $c->post('/login/totp', { csrf => csrf_of($form->{content}), code => totp_code($hex) });
}
is($res->{status}, 303, '... with a second factor where required');
like($c->get('/admin')->{content}, qr/\Q$email\E/, 'the signed-in page');

# ---- Reload, as ExecReload does (kill -HUP $MAINPID).
is(system("kill -HUP $mpid"), 0, 'a reload');
ok(wait_until(20, sub { count_matches("$state/steward.log", qr/reload complete/) > 0 }), '... completes');
is($c->get('/admin')->{status}, 200, '... and the session still works');

# ---- Upgrade under load: no request may fail.
my $stop = "$state/stop";
my $kid = fork() // BAIL_OUT("fork: $!");
if ($kid == 0) {
	my $k = client(base => $url);
	$k->set_cookie('__Host-steward', $c->cookie('__Host-steward'));
	my ($ok, @bad) = (0);
	until (-e $stop) {
		my $r = $k->get($ok % 2 ? '/admin' : '/login');
		if ($r->{status} == 200 || $r->{status} == 303) { $ok++ } else { push @bad, $r->{status} }
	}
	open(my $o, '>', "$state/loop") or die;
	print $o "$ok @bad\n";
	close $o;
	POSIX::_exit(0);	# not exit: the END block's clean-up is the parent's
}
sleep 1;
$out = run_ok("apt-get install -y --no-install-recommends $deb2", "apt-get install ./steward_$v2.deb, under load");
like($out, qr/now run the new version/, 'the postinst switched the running service over');
like(client(base => $url)->get('/login')->{content}, qr/\Q$marker\E/, 'the new template is served');
is(slurp('/run/steward/steward.pid') =~ s/\s+//gr, $mpid, 'by the same master process');
sleep 1;
open($fh, '>', $stop) or BAIL_OUT($!);
close $fh;
waitpid($kid, 0);
my ($n, @bad) = split ' ', slurp("$state/loop");
cmp_ok($n // 0, '>', 20, "the client kept being served ($n requests)");
is(scalar(@bad), 0, 'not one request failed during the upgrade') or diag("statuses: @bad");
diag("upgrade under load: $n requests, " . scalar(@bad) . ' failed');

# ---- An upgrade that brings a migration: named, never run, and the
# running version keeps serving until the admin has migrated.
my $tree3 = "$state/src3";
system('cp', '-a', $tree2, $tree3) == 0 or BAIL_OUT('cp');
open($fh, '>', "$tree3/9999-next-release.sql") or BAIL_OUT($!);
print $fh "SET LOCAL ROLE steward_owner;\nCREATE TABLE steward.next_release (id int);\n";
close $fh;
# Makefile.am names every migration; the test's extra one goes in by rules.
my $rules = slurp("$tree3/debian/rules");
$rules =~ s{(\tinstall -D -m 0644 nginx/steward\.conf)}{\tinstall -m 0644 9999-next-release.sql debian/steward/usr/share/steward/sql/\n$1};
open($fh, '>', "$tree3/debian/rules") or BAIL_OUT($!);
print $fh $rules;
close $fh;
my $v3 = "$version+upgrade2";
$log = slurp("$tree3/debian/changelog");
open($fh, '>', "$tree3/debian/changelog") or BAIL_OUT($!);
print $fh "steward ($v3) unstable; urgency=medium\n\n  * A migration, for the upgrade test.\n\n"
    . " -- Steward tests <tests\@steward.test>  " . `date -R` . "\n" . $log;
close $fh;
run_ok("cd $tree3 && dpkg-buildpackage -us -uc -b -nc", "a package that brings a migration, $v3");
(my $deb3 = $deb2) =~ s/\Q$v2\E/$v3/;
my $reloads = count_matches("$state/steward.log", qr/reload complete/);
$out = run_ok("apt-get install -y --no-install-recommends $deb3", "apt-get install ./steward_$v3.deb");
like($out, qr/brings new database migrations:\s+9999-next-release\.sql/, 'the postinst names the new migration');
unlike($out, qr/switching the running master/, '... and does not switch the service over');
is(psql_pkg("SELECT to_regclass('steward.next_release') IS NULL"), 't', '... nor run it');
is(client(base => $url)->get('/healthz')->{status}, 200, 'the running version keeps serving');
like(run_ok('stewardctl migrate', 'then the admin migrates'), qr/9999-next-release/, '... applying it');
run_ok('stewardctl upgrade', '... and switches over');
ok(wait_until(30, sub { count_matches("$state/steward.log", qr/reload complete/) > $reloads }),
    'the new version serves') or diag(slurp("$state/steward.log"));
is(client(base => $url)->get('/healthz')->{status}, 200, '... and answers');

nginx_stop(1);

# ---- Remove: the service stops, the conffiles stay; purge takes them.
run_ok('apt-get remove -y steward', 'apt-get remove steward');
ok(wait_until(40, sub { !kill(0, $mpid) }), 'the service stopped');
waitpid($master, 0);
$master = undef;
ok(!-e '/usr/sbin/steward', 'the binary is gone');
ok(-f $conf, 'the configuration is kept');
like(slurp($conf), qr/dbname=steward_pkg/, '... with the admin\'s changes');
run_ok('dpkg --purge steward', 'dpkg --purge steward');
ok(!-e '/etc/steward', '/etc/steward is gone after a purge');
is(psql_pkg('SELECT count(*) FROM steward.staff'), 1, 'the database is untouched: nothing ever drops it');

done_testing();
