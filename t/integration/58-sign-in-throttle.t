# Sign-in throttling before any hashing: a lock after ten failures in a
# row, one answer for every kind of failure, a ceiling on stored hashes,
# rehashing weak ones, a pool-wide limit on argon2, and session expiry.
use strict;
use warnings;
use Test::More;
use Time::HiRes qw(time sleep);
use Steward::Test;

my $ctl = stack_env('CTL');
my $pw = 'a perfectly good passphrase';
sub make_account {
	my ($mail, $conf) = @_;
	my $c = $conf // stack_env('CONF');
	my $cmd = stack_env('CTL');
	$cmd =~ s/-c \S+/-c $c/;
	system("printf '%s\\n' '$pw' | $cmd create-owner --name 'Lock Test' $mail >/dev/null") == 0
	    or BAIL_OUT("create-owner $mail");
	return psql_value("SELECT id FROM steward.staff WHERE email = '$mail'");
}
sub last_reason {
	return psql_value("SELECT after->>'reason' FROM steward.audit_log"
	    . " WHERE action = 'staff.sign_in_failed' ORDER BY seq DESC LIMIT 1");
}
# A failure's response, normalised: what must not differ between kinds.
sub shape {
	my ($res) = @_;
	my %h = %{ $res->{headers} };
	delete @h{qw(x-request-id date set-cookie content-length)};
	(my $body = $res->{content}) =~ s/name="csrf" value="[^"]+"//;
	$body =~ s/value="[^"]*@[^"]*"//;
	return join("\n", $res->{status}, map({ "$_: $h{$_}" } sort keys %h), $body);
}

my $mail = "lock-$$\@steward.test";
my $id = make_account($mail);
my ($c, $res);
for my $n (1 .. 9) {
	(undef, $res) = sign_in($mail, "wrong $n");
}
is(psql_value("SELECT failed_logins FROM steward.staff WHERE id = $id"), '9', 'nine failures counted');
is(psql_value("SELECT locked_until IS NULL FROM steward.staff WHERE id = $id"), 't', 'not locked yet');
(undef, $res) = sign_in($mail, 'wrong 10');
is(psql_value("SELECT locked_until > now() FROM steward.staff WHERE id = $id"), 't',
    'the tenth failure in a row locks the account');
is(psql_value("SELECT after->>'locked' FROM steward.audit_log WHERE action = 'staff.sign_in_failed'"
    . " ORDER BY seq DESC LIMIT 1"), 'true', '... and the audit row says so');
my $t0 = time;
($c, $res) = sign_in($mail, $pw);
is($res->{status}, 200, 'the right password on a locked account: the form again');
like($res->{content}, qr/Incorrect email or password\./, '... with the usual message');
ok(!grep({ /^__Host-steward=/ } set_cookies($res)), '... and no session');
is(last_reason(), 'locked', '... recorded as locked');
my $locked_until = psql_value("SELECT locked_until FROM steward.staff WHERE id = $id");
sign_in($mail, 'wrong again');
is(psql_value("SELECT locked_until FROM steward.staff WHERE id = $id"), $locked_until,
    'failing while locked does not extend the lock');

# One answer for every kind of failure.
my $off = "off-$$\@steward.test";
my $off_id = make_account($off);
psql("UPDATE steward.staff SET status = 'disabled' WHERE id = $off_id");
my $ok_mail = "fine-$$\@steward.test";
make_account($ok_mail);
my %shape;
(undef, $res) = sign_in("nobody-$$\@steward.test", $pw); $shape{unknown} = shape($res);
(undef, $res) = sign_in($mail, $pw); $shape{locked} = shape($res);
(undef, $res) = sign_in($off, $pw); $shape{disabled} = shape($res);
(undef, $res) = sign_in($ok_mail, 'not it at all'); $shape{wrong} = shape($res);
is($shape{$_}, $shape{wrong}, "$_: same status, headers and page as a wrong password")
    for qw(unknown locked disabled);

# The lock ends with its window, and the count with it: one failure after
# it does not lock again (or one request a quarter-hour would lock for ever).
psql("UPDATE steward.staff SET locked_until = now() - interval '1 second' WHERE id = $id");
sign_in($mail, 'wrong after the window');
is(psql_value("SELECT failed_logins || '/' || (locked_until IS NULL) FROM steward.staff WHERE id = $id"),
    '1/true', 'a failure after an expired lock starts the count again');
(undef, $res) = sign_in($mail, $pw);
is($res->{status}, 303, 'after the lock window the right password works');
is(psql_value("SELECT failed_logins || '/' || (locked_until IS NULL) FROM steward.staff WHERE id = $id"),
    '0/true', 'and the count starts again');

# Failures older than every window are purged as new ones arrive.
psql("INSERT INTO steward.login_failures (ip, email, at) VALUES ('127.0.0.1', 'old\@steward.test',"
    . " now() - interval '2 days')");
sign_in('old@steward.test', 'anything at all');
is(psql_value("SELECT count(*) FROM steward.login_failures WHERE at < now() - interval '1 day'"), '0',
    'failures older than the windows are purged');

# Too many failures from one address: refused before hashing.
psql("INSERT INTO steward.login_failures (ip) SELECT '127.0.0.1' FROM generate_series(1, 100)");
(undef, $res) = sign_in($ok_mail, $pw);
is($res->{status}, 200, 'from an address with 100 recent failures the right password fails');
is(last_reason(), 'address_throttled', '... recorded as address_throttled');
psql("DELETE FROM steward.login_failures WHERE ip = '127.0.0.1' AND staff_id IS NULL");
(undef, $res) = sign_in($ok_mail, $pw);
is($res->{status}, 303, 'once they age out it works again');

# A hundred failures in the hour for one email: nothing is hashed, not
# even the right password. Rows from another address, so the per-address
# limit stays out of it.
psql("INSERT INTO steward.login_failures (ip, email) SELECT '192.0.2.7', lower('$ok_mail') FROM generate_series(1, 100)");
(undef, $res) = sign_in($ok_mail, $pw);
is($res->{status}, 200, 'after 100 failures in the hour for an email, the right password fails');
is(last_reason(), 'hourly_cap_not_checked', '... recorded as not checked');
psql("DELETE FROM steward.login_failures WHERE ip = '192.0.2.7'");
psql("UPDATE steward.staff SET failed_logins = 0, locked_until = NULL WHERE email = '$ok_mail'");
(undef, $res) = sign_in($ok_mail, $pw);
is($res->{status}, 303, '... and works again once they are gone');

# Too long to look up: a failure like the others, counted and recorded.
my $long = ('x' x 251) . "\x{e9}\x{e9}\x{e9}\@steward.test";
utf8::encode($long);
my $before_n = psql_value("SELECT count(*) FROM steward.login_failures WHERE ip = '127.0.0.1'");
(undef, $res) = sign_in($long, $pw);
is($res->{status}, 200, 'an email over 254 bytes gets the failure page');
like($res->{content}, qr/Incorrect email or password/, '... the same message');
is(last_reason(), 'too_long', '... recorded as too_long');
is(psql_value("SELECT octet_length(actor_email) || ' ' || (actor_email = convert_from(convert_to(actor_email, 'UTF8'), 'UTF8'))"
    . " FROM steward.audit_log WHERE action = 'staff.sign_in_failed' ORDER BY seq DESC LIMIT 1"), '253 true',
    '... with the address cut to 254 bytes on a character boundary');
is(psql_value("SELECT count(*) FROM steward.login_failures WHERE ip = '127.0.0.1'"), $before_n + 1, '... and counted');
(undef, $res) = sign_in($ok_mail, 'p' x 129);
is(last_reason(), 'too_long', 'a password over 128 bytes too');

# A stored hash over the ceiling is refused without hashing.
my $greedy = "greedy-$$\@steward.test";
my $gid = make_account($greedy);
psql("UPDATE steward.staff SET password_hash = regexp_replace(password_hash, 'm=\\d+', 'm=4194304')"
    . " WHERE id = $gid");
(undef, $res) = sign_in($greedy, $pw);
is($res->{status}, 200, 'a hash demanding 4 GiB is refused');
is(last_reason(), 'stored_hash_over_ceiling', '... recorded as such');

# A weak hash is upgraded at the next sign-in, sessions kept.
(my $weakconf = stack_env('CONF')) =~ s/steward\.conf$/weak.conf/;
open(my $fh, '<', stack_env('CONF')) or BAIL_OUT($!);
my $text = do { local $/; <$fh> };
close $fh;
open($fh, '>', $weakconf) or BAIL_OUT($!);
print $fh $text, "argon2_memory = 4096\nargon2_iterations = 1\n";
close $fh;
my $weak = "weak-$$\@steward.test";
my $wid = make_account($weak, $weakconf);
my $weakhash = psql_value("SELECT password_hash FROM steward.staff WHERE id = $wid");
like($weakhash, qr/m=4096,t=1,/, 'a weak hash stored');
# The first sign-in upgrades it; put the weak hash back (as a rehash, so
# the session stays) to see a second session survive the next upgrade.
my ($w1) = sign_in($weak, $pw);
psql("BEGIN; SELECT set_config('steward.rehash', 'on', true);"
    . " UPDATE steward.staff SET password_hash = '$weakhash' WHERE id = $wid; COMMIT;");
is($w1->get('/admin')->{status}, 200, 'a session is open while the hash is weak');
my ($w2, $wres) = sign_in($weak, $pw);
is($wres->{status}, 303, 'signing in with it works');
like(psql_value("SELECT password_hash FROM steward.staff WHERE id = $wid"), qr/m=19456,t=2,p=1\$/,
    'and upgrades it to the configured cost');
is($w1->get('/admin')->{status}, 200, 'the upgrade ended no session');
is(psql_value("SELECT after->>'password_rehashed' FROM steward.audit_log WHERE action = 'staff.sign_in'"
    . " AND target_id = '$wid' ORDER BY seq LIMIT 1"), 'true', 'the sign-in row records the rehash');
unlink $weakconf;

# Idle timeout on the server.
my ($idle) = sign_in($ok_mail, $pw);
my $tok = $idle->cookie('__Host-steward');
is($idle->get('/admin')->{status}, 200, 'a fresh session works');
psql("UPDATE steward.sessions SET last_seen_at = now() - interval '31 minutes'"
    . " WHERE token_hash = sha256(decode(translate('$tok', '-_', '+/') || '=', 'base64'))");
is($idle->get('/admin')->{status}, 303, 'a session idle for 31 minutes is refused');

# The argon2 semaphore: a burst of sign-ins gets 503 + Retry-After while
# other pages keep answering.
my $go = time + 1;
my @kids;
for my $k (1 .. 6) {
	my $pid = fork() // BAIL_OUT('fork');
	if ($pid == 0) {
		my $cl = client();
		my $form = $cl->get('/login');
		sleep(0.01) while time < $go;
		my $r = $cl->post('/login', { csrf => csrf_of($form->{content}),
		    email => "flood-$k\@steward.test", password => 'x' x 20 });
		exit($r->{status} == 503 && (header_of($r, 'retry-after') // '') eq '1' ? 3
		    : $r->{status} == 200 ? 2 : 1);
	}
	push @kids, $pid;
}
sleep(0.01) while time < $go;
my $health = client()->get('/healthz')->{status};
my %ends;
for (@kids) { waitpid($_, 0); $ends{ $? >> 8 }++ }
ok($ends{3}, 'some of six simultaneous sign-ins got 503 with Retry-After: 1')
    or diag(explain \%ends);
ok(($ends{2} // 0) + ($ends{3} // 0) == 6, 'the others were answered normally');
is($health, 200, '/healthz answered meanwhile');

done_testing();
