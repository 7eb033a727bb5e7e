# Run last in the sanitizer stage of contrib/devstack test: the stack's
# logs must hold no AddressSanitizer or UndefinedBehaviorSanitizer report.
# Workers are restarted by the master when one aborts, so the suite alone
# could pass over a report; this does not.
use strict;
use warnings;
use Test::More;
use Steward::Test;

for my $name (qw(LOG POOL2_LOG)) {
	my $path = stack_env($name);
	my @reports = grep { /ERROR: AddressSanitizer|runtime error:|ERROR: LeakSanitizer|SUMMARY: \w+Sanitizer/ }
	    split /\n/, slurp($path);
	is(scalar @reports, 0, "no sanitizer report in $path") or diag(join("\n", @reports[0 .. ($#reports < 20 ? $#reports : 20)]));
	ok(-s $path, "$path is not empty (the stack ran)");
}
done_testing();
