# The last integration test: after everything the suite did, the whole
# audit trail holds no secret in target_id, before or after, and its hash
# chain is intact.
#
# Secrets are looked for the ways they can be: by shape (an argon2 PHC
# string, an API key, a set-password link, a session cookie, the suite's
# own passwords), and by value, for every secret whose hash or value the
# database still holds (session tokens, set-password links, API key
# secrets, recovery codes, TOTP secrets), in hexadecimal, base64,
# base64url and, for TOTP, base32. Values already gone (sessions that
# ended, codes never stored) cannot be looked for.
use strict;
use warnings;
use Test::More;
use MIME::Base64 qw(encode_base64);
use Steward::Test;

my $ctl = stack_env('CTL');

# seq => "target_id before after", one line each.
my %text;
for (split /\n/, psql(q{SELECT seq, translate(concat_ws(' ', target_id, before::text,
    after::text), E'\n\r', '  ') FROM steward.audit_log ORDER BY seq})) {
	my ($seq, $t) = split /\|/, $_, 2;
	$text{$seq} = $t // '';
}
my $rows = keys %text;
is($rows, psql_value('SELECT count(*) FROM steward.audit_log'), "every row read ($rows)");
cmp_ok($rows, '>', 1000, '... the suite\'s whole trail');

# The rows whose text $match accepts, reported by number.
sub none_ok {
	my ($what, $match) = @_;
	my @bad = grep { $match->($text{$_}) } sort { $a <=> $b } keys %text;
	ok(!@bad, "no $what in the trail")
	    or diag('rows ' . join(' ', @bad[0 .. ($#bad < 9 ? $#bad : 9)]));
}

# ---- By shape.
none_ok('argon2 hash ($argon2...)', sub { $_[0] =~ /\$argon2/ });
# apikey.c: "stw_" + 12 of [a-z0-9] + "_" + 43 of base64url.
none_ok('API key', sub { $_[0] =~ /stw_[a-z0-9]{12}_[A-Za-z0-9_-]{43}/ });
none_ok('set-password link', sub { $_[0] =~ /invite\?token=/ });
none_ok('session cookie', sub { $_[0] =~ /__Host-steward=/ });
my $pw = stack_env('PASSWORD');
none_ok('password of the suite\'s owner', sub { index($_[0], $pw) >= 0 });
# Steward::Test::make_staff's passwords.
none_ok('password of the suite\'s staff', sub { $_[0] =~ /passphrase for \w+ \d+/ });

# ---- By value: every secret the database holds a hash or the value of.
sub base32 {
	my ($bytes) = @_;
	my $bits = unpack('B*', $bytes);
	$bits .= '0' x ((5 - length($bits) % 5) % 5);
	return join '', map { ('A' .. 'Z', '2' .. '7')[oct("0b$_")] } $bits =~ /(.{5})/g;
}
sub encodings {
	my ($hex, $with_base32) = @_;
	my $raw = pack('H*', $hex);
	(my $b64 = encode_base64($raw, '')) =~ s/=+$//;
	(my $url = $b64) =~ tr{+/}{-_};
	my @e = ([lc $hex, 1], [$b64, 0], [$url, 0]);
	push @e, [lc base32($raw), 1] if $with_base32;
	return @e;	# [text, matched ignoring case]
}
my %secrets = (
	'session token hash' => q{SELECT encode(token_hash, 'hex') FROM steward.sessions},
	'set-password link hash' => q{SELECT encode(token_hash, 'hex') FROM steward.invitations},
	'API key secret hash' => q{SELECT encode(secret_hash, 'hex') FROM steward.api_keys
	    UNION ALL SELECT encode(previous_hash, 'hex') FROM steward.api_keys
	    WHERE previous_hash IS NOT NULL},
	'recovery code hash' => q{SELECT encode(code_hash, 'hex') FROM steward.recovery_codes},
	'TOTP secret' => q{SELECT encode(totp_secret, 'hex') FROM steward.staff
	    WHERE totp_secret IS NOT NULL},
);
# Each needle is looked for in the whole trail at once, then row by row
# where it was found.
my @seqs = sort { $a <=> $b } keys %text;
my $all = join "\n", map { $text{$_} } @seqs;
my $all_lc = lc $all;
for my $what (sort keys %secrets) {
	my @hex = grep { /^[0-9a-f]+$/ } split /\n/, psql($secrets{$what});
	my @found = grep { index($_->[1] ? $all_lc : $all, $_->[0]) >= 0 }
	    map { encodings($_, $what eq 'TOTP secret') } @hex;
	my @bad = grep {
		my $seq = $_;
		grep { index($_->[1] ? lc $text{$seq} : $text{$seq}, $_->[0]) >= 0 } @found
	} @seqs;
	ok(!@found, "no $what in the trail (" . scalar(@hex) . ' held, each in '
	    . ($what eq 'TOTP secret' ? 'hex, base64, base64url and base32)' : 'hex, base64 and base64url)'))
	    or diag('rows ' . join(' ', @bad[0 .. ($#bad < 9 ? $#bad : 9)]));
}
my @hashes = split /\n/, psql('SELECT password_hash FROM steward.staff WHERE password_hash IS NOT NULL');
none_ok('staff password hash (' . scalar(@hashes) . ' held)', sub {
	my $t = $_[0];
	return grep { index($t, $_) >= 0 } @hashes;
});

# ---- By name: a top-level field that holds a secret says only that it
# changed (audit.c's "[redacted]", the resource engine's "(secret...)").
is(psql_value(q{SELECT count(*) FROM steward.audit_log a,
    LATERAL (SELECT key, value FROM jsonb_each_text(CASE jsonb_typeof(a.before)
	WHEN 'object' THEN a.before ELSE '{}' END)
    UNION ALL SELECT key, value FROM jsonb_each_text(CASE jsonb_typeof(a.after)
	WHEN 'object' THEN a.after ELSE '{}' END)) f
    WHERE f.key IN ('password', 'password_hash', 'totp_secret', 'token', 'token_hash',
	'key_hash', 'secret', 'secret_hash', 'previous_hash', 'code_hash')
    AND f.value NOT IN ('[redacted]', '(secret)', '(secret, changed)')}), 0,
    'every field named as a secret is redacted');

# ---- The chain, over everything.
my $v = `$ctl audit verify 2>&1`;
is($? >> 8, 0, 'stewardctl audit verify exits 0') or diag($v);
like($v, qr/^audit trail intact: $rows rows checked \(1 to $rows\)/m,
    "... and says the trail is intact, all $rows rows") or diag($v);
is(psql_value('SELECT seq FROM steward.audit_head'), $rows, 'the head is the last row');

done_testing();
