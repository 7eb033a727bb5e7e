# Runs the browser test (signin.mjs) under prove: node prints the TAP.
use strict;
use warnings;
use FindBin;
exec('node', "$FindBin::Bin/signin.mjs") or die "cannot run node: $!";
