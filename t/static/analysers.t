# The static analysers find nothing: cppcheck (warning, portability and
# performance checks) over the C sources, and clang's analyser (scan-build)
# over a build of steward and stewardctl. A finding that is a false
# positive gets an inline suppression with a comment saying why.
use strict;
use warnings;
use Test::More;
use File::Temp qw(tempdir);
use FindBin;

my $repo = "$FindBin::Bin/../..";
my $build = $ENV{STEWARD_BUILD} or plan skip_all => 'STEWARD_BUILD is not set';

SKIP: {
	skip 'cppcheck is not installed', 1 if system('command -v cppcheck >/dev/null') != 0;
	my $out = `cppcheck --quiet --enable=warning,portability,performance --std=c11 --inline-suppr -I $repo/src -I $build --error-exitcode=1 $repo/src/*.c $repo/src/handlers/*.c 2>&1`;
	is($? >> 8, 0, 'cppcheck: no findings') or diag($out);
}
SKIP: {
	skip 'scan-build is not installed', 1 if system('command -v scan-build >/dev/null') != 0;
	skip 'the checkout is configured in place (no second build possible)', 1 if -f "$repo/config.status";
	my $dir = tempdir(CLEANUP => 1);
	my $out = `cd $dir && $repo/configure -q >/dev/null 2>&1 && scan-build --status-bugs -o $dir/report make -s -j2 src/steward src/stewardctl 2>&1`;
	is($? >> 8, 0, 'scan-build (clang static analyser): no findings') or diag(join("\n", grep { /warning:|bugs found/ } split /\n/, $out));
}
done_testing();
