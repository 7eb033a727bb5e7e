# Handlers cannot change data except through the modules that take an
# open audited transaction (struct audit_txn, checked with audit_live):
# no handler runs SQL that writes, and none calls the write entry points
# of db.c. The only SQL a handler runs itself is the explorer's, inside a
# READ ONLY transaction.
use strict;
use warnings;
use Test::More;
use FindBin;

my $repo = "$FindBin::Bin/../..";
my @files = glob("$repo/src/handlers/*.c");
ok(@files > 5, 'handlers found');
for my $f (@files) {
	open(my $fh, '<', $f) or die "$f: $!";
	my $src = do { local $/; <$fh> };
	(my $name = $f) =~ s{.*/}{};
	# String literals only: words in comments do not count.
	my @strings = $src =~ /"((?:[^"\\\n]|\\.)*)"/g;
	my @writes = grep { /\b(INSERT\s+INTO|UPDATE\s+\S+\s+SET|DELETE\s+FROM|TRUNCATE|ALTER\s|DROP\s|CREATE\s|GRANT\s|COPY\s)/ } @strings;
	is(scalar @writes, 0, "$name: no writing SQL") or diag(join("\n", @writes));
	my @calls = $src =~ /\b(db_affected|db_command)\s*\(__func__,\s*"([^"]*)"/g;
	my %bad;
	while (my ($fn, $sql) = splice(@calls, 0, 2)) {
		$bad{"$fn: $sql"} = 1 unless $name eq 'explore.c' && $sql =~ /^SET TRANSACTION READ$/;
	}
	is(scalar keys %bad, 0, "$name: no db_command/db_affected but the explorer's READ ONLY") or diag(join("\n", keys %bad));
}
done_testing();
