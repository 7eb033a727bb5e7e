# Runs every libFuzzer target (make fuzz) for a few seconds on a copy of
# its seed corpus, so a parser regression shows up in CI. For a long run:
#   t/fuzz/form-fuzz -dict=t/fuzz/form.dict -max_total_time=3600 CORPUS_DIR
use strict;
use warnings;
use Test::More;
use File::Temp qw(tempdir);
use File::Copy qw(copy);
use FindBin;

my $build = $ENV{STEWARD_BUILD} or plan skip_all => 'STEWARD_BUILD is not set';
my $secs = $ENV{STEWARD_FUZZ_SECONDS} // 4;
my $src = $FindBin::Bin;
for my $t (qw(form cookie request conf b64url jsonform catalog query)) {
	my $bin = "$build/t/fuzz/$t-fuzz";
	ok(-x $bin, "$t-fuzz is built") or next;
	my $corpus = tempdir(CLEANUP => 1);
	copy($_, $corpus) for glob("$src/corpus/$t/*");
	my $dict = -f "$src/$t.dict" ? "-dict=$src/$t.dict" : '';
	my $out = `$bin $dict -max_total_time=$secs -print_final_stats=1 $corpus 2>&1`;
	my $rc = $? >> 8;
	my ($runs) = $out =~ /stat::number_of_executed_units:\s*(\d+)/;
	is($rc, 0, sprintf('%s-fuzz: %s executions in %d s, no crash', $t, $runs // '?', $secs))
	    or diag(join("\n", (split /\n/, $out)[-25 .. -1]));
}
done_testing();
