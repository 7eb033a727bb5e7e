# Runs the browser test (records.mjs) under prove: node prints the TAP.
use strict;
use warnings;
use FindBin;
exec('node', "$FindBin::Bin/records.mjs") or die "cannot run node: $!";
