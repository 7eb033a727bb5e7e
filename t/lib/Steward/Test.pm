package Steward::Test;

# Helpers for Steward's black-box integration tests: an HTTPS client with
# a cookie jar that talks to nginx exactly as a browser would, and SQL
# against the stack's database as its superuser. The stack comes from
# `contrib/devstack test`, which exports the STEWARD_* variables.

use strict;
use warnings;

use Exporter 'import';
use HTTP::Tiny;
use IO::Socket::SSL;
use Test::More;

our @EXPORT = qw(client psql psql_value stack_env sign_in csrf_of
    header_of set_cookies wait_until slurp count_matches master_pid
    worker_pids);

# The value of a STEWARD_* variable; bails out if the stack did not set it.
sub stack_env {
	my ($name) = @_;
	my $v = $ENV{"STEWARD_$name"};
	BAIL_OUT("STEWARD_$name is not set: run the suite with contrib/devstack test")
	    unless defined $v && length $v;
	return $v;
}

sub client { return Steward::Test::Client->new(@_) }

# Runs SQL through psql as the superuser; returns its unaligned output.
sub psql {
	my ($sql) = @_;
	my $cmd = stack_env('PSQL');
	local $ENV{SQL} = $sql;
	open(my $fh, '-|', "$cmd -tA -v ON_ERROR_STOP=1 -c \"\$SQL\"")
	    or BAIL_OUT("psql: $!");
	my $out = do { local $/; <$fh> };
	close($fh);
	$out //= '';
	chomp $out;
	return $out;
}

sub psql_value { return (split /\n/, psql($_[0]))[0] // '' }

# The CSRF token in a page's form.
sub csrf_of {
	my ($html) = @_;
	return $1 if $html =~ /name="csrf" value="([^"]+)"/;
	return undef;
}

# A header as one string (HTTP::Tiny gives an array for repeated ones).
sub header_of {
	my ($res, $name) = @_;
	my $v = $res->{headers}{lc $name};
	return ref $v ? join("\n", @$v) : $v;
}

sub set_cookies {
	my ($res) = @_;
	my $v = $res->{headers}{'set-cookie'};
	return () unless defined $v;
	return ref $v ? @$v : ($v);
}

# Signs a new client in through the form; returns (client, response).
sub sign_in {
	my ($email, $password) = @_;
	my $c = client();
	my $form = $c->get('/login');
	my $res = $c->post('/login', {
		csrf => csrf_of($form->{content}) // '',
		email => $email,
		password => $password,
	});
	return ($c, $res);
}

# Polls $check every 50 ms for up to $seconds; true if it came true.
sub wait_until {
	my ($seconds, $check) = @_;
	my $until = time + $seconds;
	while (time < $until) {
		return 1 if $check->();
		select(undef, undef, undef, 0.05);
	}
	return $check->();
}

sub slurp {
	my ($path) = @_;
	open(my $fh, '<', $path) or return '';
	local $/;
	return scalar <$fh>;
}

# How many times $re matches in the file at $path.
sub count_matches {
	my ($path, $re) = @_;
	my $n = () = slurp($path) =~ /$re/g;
	return $n;
}

sub master_pid {
	my $p = slurp(stack_env('PIDFILE'));
	chomp $p;
	return $p;
}

# The master's children: its workers, sorted.
sub worker_pids {
	my $m = master_pid();
	my @pids = sort { $a <=> $b } grep { length } split /\s+/, `pgrep -P $m`;
	return @pids;
}

package Steward::Test::Client;

use strict;
use warnings;

use HTTP::Tiny;

sub new {
	my ($class, %opt) = @_;
	my $self = bless {
		base => $opt{base} // Steward::Test::stack_env('URL'),
		jar => {},
		http => HTTP::Tiny->new(
		    max_redirect => 0,
		    timeout => 15,
		    verify_SSL => 1,
		    SSL_options => { SSL_ca_file => Steward::Test::stack_env('CA') },
		    agent => 'steward-tests/1',
		),
	}, $class;
	return $self;
}

sub cookie { $_[0]{jar}{$_[1]} }
sub set_cookie { $_[0]{jar}{$_[1]} = $_[2] }
sub forget_cookie { delete $_[0]{jar}{$_[1]} }

# Sends a request with the jar's cookies and stores the ones set.
sub request {
	my ($self, $method, $path, $opt) = @_;
	my %o = %{ $opt // {} };
	my %h = %{ $o{headers} // {} };
	if (%{ $self->{jar} } && !exists $h{cookie}) {
		$h{cookie} = join('; ', map { "$_=$self->{jar}{$_}" }
		    sort keys %{ $self->{jar} });
	}
	$o{headers} = \%h;
	my $res = $self->{http}->request($method, $self->{base} . $path, \%o);
	for my $sc (Steward::Test::set_cookies($res)) {
		my ($pair) = split /;/, $sc, 2;
		my ($n, $v) = split /=/, $pair, 2;
		if ($sc =~ /;\s*Max-Age=0\b/i) {
			delete $self->{jar}{$n};
		} else {
			$self->{jar}{$n} = $v;
		}
	}
	return $res;
}

sub get { my ($s, $p, %o) = @_; return $s->request('GET', $p, \%o) }

# POSTs a form (application/x-www-form-urlencoded).
sub post {
	my ($self, $path, $fields, %o) = @_;
	my $body = ref $fields ? $self->{http}->www_form_urlencode($fields)
	    : $fields;
	$o{headers} //= {};
	$o{headers}{'content-type'} //= 'application/x-www-form-urlencoded';
	$o{content} = $body;
	return $self->request('POST', $path, \%o);
}

1;
