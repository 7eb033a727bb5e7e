# The audit trail's actions are one list: src/audit.c's names and the rows
# the migrations put in steward.audit_actions, which the database holds
# every audit row to, must agree.
use strict;
use warnings;
use Test::More;
use FindBin;

my $repo = "$FindBin::Bin/../..";
sub slurp { my ($f) = @_; open(my $fh, '<', $f) or die "$f: $!"; local $/; return <$fh> }

my ($table) = slurp("$repo/src/audit.c") =~ /audit_names\[AUDIT__MAX\] = \{(.*?)\};/s
    or BAIL_OUT('no audit_names table in src/audit.c');
my %code = map { $_ => 1 } $table =~ /"([a-z_]+\.[a-z_]+)"/g;
my %db;
for my $f (glob("$repo/sql/[0-9]*.sql")) {
	for my $ins (slurp($f) =~ /INSERT INTO steward\.audit_actions \(name\) VALUES(.*?);/gs) {
		$db{$_} = 1 for $ins =~ /\('([a-z_]+\.[a-z_]+)'\)/g;
	}
}
ok(keys %code > 20, scalar(keys %code) . ' actions in src/audit.c');
is_deeply([sort keys %db], [sort keys %code], 'the migrations list exactly the same actions');
done_testing();
