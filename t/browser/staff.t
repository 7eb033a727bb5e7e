# Runs the browser test (staff.mjs) under prove: node prints the TAP.
use strict;
use warnings;
use FindBin;
exec('node', "$FindBin::Bin/staff.mjs") or die "cannot run node: $!";
