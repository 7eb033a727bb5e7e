# Runs every libFuzzer target (make fuzz) for a few seconds on a copy of
# its seed corpus, so a parser regression shows up in CI. The targets are
# the t/fuzz/*.c files that define LLVMFuzzerTestOneInput; an input that
# fails is kept in $STEWARD_BUILD/t/fuzz/crashes/TARGET/. For long runs,
# see t/fuzz/long-run.
use strict;
use warnings;
use Test::More;
use File::Basename qw(basename);
use File::Copy qw(copy);
use File::Path qw(make_path remove_tree);
use File::Temp qw(tempdir);
use FindBin;

my $build = $ENV{STEWARD_BUILD} or plan skip_all => 'STEWARD_BUILD is not set';
# Each target also takes about a second to start and read its corpus:
# 14 targets at 2 s are some 40 s in all.
my $secs = $ENV{STEWARD_FUZZ_SECONDS} // 2;
my $src = $FindBin::Bin;
my @targets;
for my $c (sort glob("$src/*.c")) {
	open(my $fh, '<', $c) or die "$c: $!";
	local $/;
	push @targets, basename($c, '.c') if <$fh> =~ /^LLVMFuzzerTestOneInput\(/m;
}
ok(@targets >= 14, scalar(@targets) . ' targets in t/fuzz');
for my $t (@targets) {
	my $bin = "$build/t/fuzz/$t-fuzz";
	ok(-x $bin, "$t-fuzz is built") or next;
	my $corpus = tempdir(CLEANUP => 1);
	copy($_, $corpus) for glob("$src/corpus/$t/*");
	my $crashes = "$build/t/fuzz/crashes/$t";
	remove_tree($crashes);
	make_path($crashes);
	my $dict = -f "$src/$t.dict" ? "-dict=$src/$t.dict" : '';
	my $out = `$bin $dict -max_total_time=$secs -print_final_stats=1 -artifact_prefix=$crashes/ $corpus 2>&1`;
	my $rc = $? >> 8;
	my ($runs) = $out =~ /stat::number_of_executed_units:\s*(\d+)/;
	my @kept = glob("$crashes/*");
	is($rc, 0, sprintf('%s-fuzz: %s executions in %d s, no crash', $t, $runs // '?', $secs))
	    or diag(join("\n", (split /\n/, $out)[-25 .. -1], "kept: @kept"));
	remove_tree($crashes) unless @kept;
}
rmdir("$build/t/fuzz/crashes");
done_testing();
