# contrib/bench/fcgi.pl: a minimal FastCGI client (FastCGI 1.0
# specification, responder role) for the benchmarks that talk to steward's
# socket directly. Required, not run.
package Steward::Bench;
use strict;
use warnings;
use IO::Socket::UNIX;
use Socket qw(SOCK_STREAM);

# One request on the socket at $path; returns steward's whole answer
# (headers and body).
sub fcgi {
	my ($path, $params, $body) = @_;
	my $s = IO::Socket::UNIX->new(Type => SOCK_STREAM, Peer => $path) or die "connect $path: $!";
	my $rec = sub { my ($type, $data) = @_;
		return pack('CCnnCx', 1, $type, 1, length $data, 0) . $data };
	my $enc = sub { my $l = length $_[0];
		return $l < 128 ? pack('C', $l) : pack('N', $l | 0x80000000) };
	my $p = '';
	$p .= $enc->($_) . $enc->($params->{$_}) . $_ . $params->{$_} for keys %$params;
	print $s $rec->(1, pack('nCx5', 1, 0)) . $rec->(4, $p) . $rec->(4, '')
	    . $rec->(5, $body) . $rec->(5, '');
	my $out = '';
	while (1) {
		read($s, my $h, 8) == 8 or last;
		my ($v, $type, $id, $len, $pad) = unpack('CCnnC', $h);
		read($s, my $d, $len + $pad);
		last if $type == 3;
		$out .= substr($d, 0, $len) if $type == 6;
	}
	close $s;
	return $out;
}

1;
