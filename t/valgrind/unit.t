# Every unit test once more under valgrind's memcheck: no invalid read or
# write, no use of uninitialised memory, and no definite leak.
use strict;
use warnings;
use Test::More;

my $build = $ENV{STEWARD_BUILD} or plan skip_all => 'STEWARD_BUILD is not set';
my @tests = sort glob("$build/t/unit/*-t");
ok(@tests >= 10, scalar(@tests) . ' unit tests found') or BAIL_OUT('no unit tests built');
for my $t (@tests) {
	my $out = `valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite $t 2>&1 >/dev/null`;
	my $rc = $? >> 8;
	(my $name = $t) =~ s{.*/}{};
	is($rc, 0, "$name: memcheck clean") or diag($out);
}
done_testing();
