# The audit trail: one row per action in the same transaction, append-only
# for every role below the application, tamper-evident by its hash chain.
use strict;
use warnings;
use Test::More;
use Steward::Test;

my $email = stack_env('EMAIL');
my $password = stack_env('PASSWORD');
my $ctl = stack_env('CTL');

sub head { return psql_value('SELECT seq FROM steward.audit_head') }
sub row {
	my ($seq) = @_;
	my @f = split /\|/, psql_value("SELECT coalesce(actor_staff_id::text, ''), coalesce(actor_email, ''),"
	    . " action, coalesce(target_type, ''), coalesce(target_id, ''), coalesce(after::text, ''),"
	    . " coalesce(host(ip), ''), coalesce(user_agent, ''), coalesce(request_id, '')"
	    . " FROM steward.audit_log WHERE seq = $seq");
	my %r;
	@r{qw(staff email action ttype tid after ip ua rid)} = @f;
	return \%r;
}
# Every column of a row that the chain covers, NULL as undef.
sub cols {
	my ($seq) = @_;
	require JSON::PP;
	return JSON::PP->new->decode(psql_value("SELECT row_to_json(r) FROM (SELECT"
	    . " actor_staff_id::text AS staff, actor_api_key_id::text AS key, actor_email AS email,"
	    . " action, target_type AS ttype, target_id AS tid, before::text AS before,"
	    . " after::text AS after, host(ip) AS ip, user_agent AS ua, request_id AS rid"
	    . " FROM steward.audit_log WHERE seq = $seq) r"));
}
sub verify {
	my $out = `$ctl audit verify 2>&1`;
	return ($? >> 8, $out);
}
# psql as a given role; returns its exit status and output.
sub as_role {
	my ($role, $sql) = @_;
	my $cmd = stack_env('PSQL');
	local $ENV{SQL} = "SET ROLE $role; $sql";
	my $out = `$cmd -v ON_ERROR_STOP=1 -c "\$SQL" 2>&1`;
	return ($? >> 8, $out);
}

my $staff_id = psql_value("SELECT id FROM steward.staff WHERE email = '$email'");

# The owner devstack created is the first row, its password redacted.
my $first = row(1);
is($first->{action}, 'staff.create', 'creating the owner was recorded');
like($first->{after}, qr/"password_hash": "\[redacted\]"/, '... with the password hash redacted');
is(psql_value(q{SELECT count(*) FROM steward.audit_log WHERE before::text LIKE '%argon2%'
    OR after::text LIKE '%argon2%'}), '0', 'no argon2 hash anywhere in the trail');

# Sign-in, failed sign-in, sign-out: exactly one row each.
my $h = head();
my ($c, $res) = sign_in($email, $password);
is($res->{status}, 303, 'signed in');
is(head(), $h + 1, 'a sign-in adds exactly one row');
my $r = row($h + 1);
is($r->{action}, 'staff.sign_in', '... staff.sign_in');
is($r->{staff}, $staff_id, '... by that staff member');
is($r->{ttype} . '/' . $r->{tid}, "staff/$staff_id", '... about that account');
is($r->{ip}, '127.0.0.1', '... from the client address');
is($r->{ua}, 'steward-tests/1', '... with its user agent');
is($r->{rid}, header_of($res, 'x-request-id'), '... and the request id the client saw');
my $sid = psql_value("SELECT max(id) FROM steward.sessions WHERE staff_id = $staff_id");
is($r->{after}, qq({"session_id": $sid}), '... naming the session it started');

(undef, $res) = sign_in($email, 'wrong password, certainly');
is(head(), $h + 2, 'a failed sign-in adds exactly one row');
my $fc = cols($h + 2);
is($fc->{action}, 'staff.sign_in_failed', '... staff.sign_in_failed');
is($fc->{staff}, undef, '... by nobody (actor_staff_id NULL)');
is($fc->{key}, undef, '... with no API key');
is($fc->{email}, $email, '... with the email that was tried');
is($fc->{ttype}, 'staff', '... about a staff account');
is($fc->{tid}, $staff_id, '... the one that email belongs to');
is($fc->{before}, undef, '... before NULL');
is($fc->{after}, '{"reason": "wrong_password"}', '... and why, in after');
is($fc->{ip}, '127.0.0.1', '... from the client address');
is($fc->{ua}, 'steward-tests/1', '... with its user agent');
is($fc->{rid}, header_of($res, 'x-request-id'), '... and the request id the client saw');
unlike(psql_value("SELECT row_to_json(a)::text FROM steward.audit_log a WHERE seq = $h + 2"),
    qr/wrong password, certainly/, '... never the password');

(undef, $res) = sign_in('nobody-at-all@steward.test', 'whatever it is');
$fc = cols($h + 3);
is($fc->{after}, '{"reason": "unknown_email"}', 'an unknown email is recorded as such');
is($fc->{email}, 'nobody-at-all@steward.test', '... with the email as typed');
is($fc->{tid}, undef, '... and no target id, since no account has it');
is($fc->{staff}, undef, '... nor an actor');
is($fc->{rid}, header_of($res, 'x-request-id'), '... with its request id');

my $csrf = csrf_of($c->get('/admin')->{content});
$res = $c->post('/logout', { csrf => $csrf });
is($res->{status}, 303, 'signed out');
is(head(), $h + 4, 'a sign-out adds exactly one row');
my $oc = cols($h + 4);
is($oc->{action}, 'staff.sign_out', '... staff.sign_out');
is($oc->{staff}, $staff_id, '... by the staff member who was signed in');
is($oc->{key}, undef, '... with no API key');
is($oc->{email}, undef, '... and no typed email');
is($oc->{ttype} . '/' . $oc->{tid}, "staff/$staff_id", '... about that account');
is($oc->{before}, undef, '... before NULL');
is($oc->{after}, undef, '... after NULL');
is($oc->{ip}, '127.0.0.1', '... from the client address');
is($oc->{ua}, 'steward-tests/1', '... with its user agent');
is($oc->{rid}, header_of($res, 'x-request-id'), '... and the request id the client saw');

# A change that fails half-way leaves neither the change nor its row.
psql(q{ALTER TABLE steward.audit_log ADD CONSTRAINT test_fail CHECK (user_agent <> 'fail-me')});
my $sessions = psql_value('SELECT count(*) FROM steward.sessions');
$h = head();
my $f = client();
$f->{http}->agent('fail-me');
my $form = $f->get('/login');
$res = $f->post('/login', { csrf => csrf_of($form->{content}), email => $email, password => $password });
is($res->{status}, 503, 'when the audit row cannot be written, the sign-in fails');
ok(!grep({ /^__Host-steward=/ } set_cookies($res)), '... without a session cookie');
is(psql_value('SELECT count(*) FROM steward.sessions'), $sessions, '... and without a session row');
is(head(), $h, '... and without an audit row');
psql('ALTER TABLE steward.audit_log DROP CONSTRAINT test_fail');

# Append-only for the application and for the owner.
for my $role (qw(steward_app steward_owner)) {
	for my $sql ("UPDATE steward.audit_log SET action = 'x.y' WHERE seq = 1",
	    'DELETE FROM steward.audit_log WHERE seq = 1',
	    'TRUNCATE steward.audit_log') {
		my ($rc, $out) = as_role($role, $sql);
		isnt($rc, 0, "as $role: " . (split ' ', $sql)[0] . ' fails');
	}
}
my ($rc, $out) = as_role('steward_app', 'UPDATE steward.audit_head SET seq = 0');
isnt($rc, 0, 'steward_app cannot move the chain head');
$h = head();
($rc) = as_role('steward_app', q{INSERT INTO steward.audit_log (seq, action, hash, prev_hash)
    VALUES (1, 'staff.sign_out', '\x00', '\x00')});
is($rc, 0, 'steward_app may insert');
($rc) = as_role('steward_app', q{INSERT INTO steward.audit_log (action) VALUES ('staff.made_up')});
isnt($rc, 0, 'an action not on the enumerated list is refused by the database');
($rc) = as_role('steward_app', q{INSERT INTO steward.audit_actions (name) VALUES ('staff.made_up')});
isnt($rc, 0, '... and steward_app cannot add to the list');
is(head(), $h + 1, '... but the sequence number comes from the chain, not from it');
is(psql_value("SELECT octet_length(hash) FROM steward.audit_log WHERE seq = $h + 1"), '32',
    '... and so does the hash');

my ($vrc, $vout) = verify();
is($vrc, 0, 'stewardctl audit verify: intact') or diag($vout);
like($vout, qr/audit trail intact: \d+ rows/, '... and says so');

# A superuser can get around the triggers; the chain shows it.
sub superuser { psql("SET session_replication_role = replica; $_[0]") }

my $orig = psql_value('SELECT after::text FROM steward.audit_log WHERE seq = 2');
superuser(q{UPDATE steward.audit_log SET after = '{"session_id": 999}' WHERE seq = 2});
($vrc, $vout) = verify();
is($vrc, 1, 'an edited row: verify fails');
like($vout, qr/BROKEN at row 2: its content does not match its hash/, '... naming row 2');
superuser(qq{UPDATE steward.audit_log SET after = '$orig' WHERE seq = 2});
is((verify())[0], 0, 'put back: intact again');

my $saved = psql_value('SELECT row_to_json(a)::text FROM steward.audit_log a WHERE seq = 3');
superuser('DELETE FROM steward.audit_log WHERE seq = 3');
($vrc, $vout) = verify();
is($vrc, 1, 'a deleted row: verify fails');
like($vout, qr/BROKEN at row 3: row 3 is missing/, '... naming row 3');
$saved =~ s/'/''/g;
superuser("INSERT INTO steward.audit_log SELECT * FROM json_populate_record(NULL::steward.audit_log, '$saved')");
is((verify())[0], 0, 'put back: intact again');

superuser(q{UPDATE steward.audit_log SET seq = -seq WHERE seq IN (2, 3);
    UPDATE steward.audit_log SET seq = 3 WHERE seq = -2;
    UPDATE steward.audit_log SET seq = 2 WHERE seq = -3});
($vrc, $vout) = verify();
is($vrc, 1, 'two rows swapped: verify fails');
like($vout, qr/BROKEN at row 2:/, '... naming row 2');
superuser(q{UPDATE steward.audit_log SET seq = -seq WHERE seq IN (2, 3);
    UPDATE steward.audit_log SET seq = 3 WHERE seq = -2;
    UPDATE steward.audit_log SET seq = 2 WHERE seq = -3});
is((verify())[0], 0, 'swapped back: intact again');

my $last = head();
$saved = psql_value("SELECT row_to_json(a)::text FROM steward.audit_log a WHERE seq = $last");
superuser("DELETE FROM steward.audit_log WHERE seq = $last");
($vrc, $vout) = verify();
is($vrc, 1, 'the newest row removed: verify fails');
like($vout, qr/head says $last rows/, '... because the head remembers it');
$saved =~ s/'/''/g;
superuser("INSERT INTO steward.audit_log SELECT * FROM json_populate_record(NULL::steward.audit_log, '$saved')");
is((verify())[0], 0, 'put back: intact again');

# Rows past the head (the head moved back): the first of them is named.
my $lasthash = psql_value("SELECT encode(hash, 'hex') FROM steward.audit_log WHERE seq = $last - 1");
superuser("UPDATE steward.audit_head SET seq = $last - 1, hash = decode('$lasthash', 'hex')");
($vrc, $vout) = verify();
is($vrc, 1, 'the head moved back one row: verify fails');
like($vout, qr/BROKEN at row $last: rows beyond the head \(the head says @{[$last - 1]} rows, the table ends at $last\)/,
    '... naming the first row past the head') or diag($vout);
superuser("UPDATE steward.audit_head SET seq = $last,"
    . " hash = (SELECT hash FROM steward.audit_log WHERE seq = $last)");
is((verify())[0], 0, 'head put back: intact again');

# An anchor kept outside the database.
my ($aseq, $ahash) = split ' ', `$ctl audit head`;
is($aseq, $last, 'stewardctl audit head prints the sequence number');
like($ahash, qr/^[0-9a-f]{64}$/, '... and the hash');
($vrc, $vout) = (`$ctl audit verify --from $aseq --hash $ahash 2>&1`, $? >> 8)[1, 0];
is($vrc, 0, 'verify from the anchor: intact') or diag($vout);
my $wrong = ('0' x 63) . '1';
$vout = `$ctl audit verify --from $aseq --hash $wrong 2>&1`;
isnt($? >> 8, 0, 'verify from a wrong anchor fails');
like($vout, qr/not the anchor given/, '... and says so');
($vrc, $vout) = (`$ctl audit verify --from $aseq --hash @{[uc $ahash]} 2>&1`, $? >> 8)[1, 0];
is($vrc, 0, 'the anchor in upper case: intact too') or diag($vout);
# Only 64 hex digits are a hash: what sscanf("%2x") let through is a
# usage error (exit 2), as stewardctl(8) says.
for my $bad ('-1' . '0' x 62, '+f' . '0' x 62, ' f' . '0' x 62, '0x' . '0' x 62,
    '0' x 63 . 'g', '0' x 63, '0' x 65) {
	$vout = `$ctl audit verify --from $aseq --hash '$bad' 2>&1`;
	is($? >> 8, 2, "--hash '$bad' is a usage error");
	like($vout, qr/^usage: stewardctl/, '... with the usage');
}

done_testing();
