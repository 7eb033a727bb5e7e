package Steward::Test;

# Helpers for Steward's black-box integration tests: an HTTPS client with
# a cookie jar that talks to nginx exactly as a browser would, and SQL
# against the stack's database as its superuser. The stack comes from
# `contrib/devstack test`, which exports the STEWARD_* variables.

use strict;
use warnings;

use Exporter 'import';
use HTTP::Tiny;
use Time::HiRes ();
use IO::Socket::SSL;
use Test::More;

our @EXPORT = qw(client psql psql_value stack_env sign_in csrf_of
    header_of set_cookies wait_until slurp count_matches master_pid
    worker_pids make_staff sign_in_staff totp_code);

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
	my $until = Time::HiRes::time() + $seconds;
	while (Time::HiRes::time() < $until) {
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

# Makes an active account with role $role through stewardctl (create-owner,
# then set-role, both audited); returns (email, password).
sub make_staff {
	my ($role, $tag) = @_;
	my $ctl = stack_env('CTL');
	my $email = sprintf('%s-%s-%d@steward.test', $role, $tag // 't', $$);
	my $pw = "passphrase for $role $$";
	system("printf '%s\\n' '$pw' | $ctl create-owner --name 'Test \u$role' $email >/dev/null") == 0
	    or BAIL_OUT("create-owner $email");
	if ($role ne 'owner') {
		system("$ctl set-role $email $role >/dev/null") == 0
		    or BAIL_OUT("set-role $email $role");
	}
	return ($email, $pw);
}

# The current TOTP code for a hex secret (oathtool, an independent oracle).
sub totp_code {
	my ($hex) = @_;
	my $out = `oathtool --totp $hex`;
	chomp $out;
	return $out;
}

# Signs in all the way: where the role requires two-factor sign-in, a
# TOTP secret is set in the database first and its code given. Returns
# the client, with its CSRF token in {csrf} for API calls.
sub sign_in_staff {
	my ($email, $pw) = @_;
	my ($c, $res) = sign_in($email, $pw);
	if (($res->{headers}{location} // '') eq '/admin/account/mfa') {
		my $hex = '3132333435363738393031323334353637383930';
		psql("UPDATE steward.staff SET totp_secret = '\\x$hex',"
		    . " totp_enabled = true WHERE email = '$email'");
		($c, $res) = sign_in($email, $pw);
		my $form = $c->get('/login/totp');
		$res = $c->post('/login/totp', { csrf => csrf_of($form->{content}),
		    code => totp_code($hex) });
	}
	# Two-factor sign-in already set up (by the branch above, earlier):
	# wait for a step the account has not used yet, then give its code.
	if (($res->{headers}{location} // '') eq '/login/totp') {
		my $hex = psql_value("SELECT encode(totp_secret, 'hex') FROM"
		    . " steward.staff WHERE email = '$email'");
		my $last = psql_value("SELECT coalesce(totp_last_step, 0) FROM"
		    . " steward.staff WHERE email = '$email'");
		Time::HiRes::sleep(0.2) while int(time / 30) <= $last;
		my $form = $c->get('/login/totp');
		$res = $c->post('/login/totp', { csrf => csrf_of($form->{content}),
		    code => totp_code($hex) });
	}
	BAIL_OUT("cannot sign $email in: $res->{status} "
	    . ($res->{headers}{location} // '')) unless $res->{status} == 303
	    && ($res->{headers}{location} // '') !~ m{^/login};
	$c->{csrf} = csrf_of($c->get('/admin/account')->{content});
	return $c;
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

# A JSON API call: $body (a hash or array ref) is sent as JSON; the
# client's API key (bearer) or its session's CSRF token (csrf) goes along.
# The decoded answer, if any, is in $res->{json}.
sub api {
	my ($self, $method, $path, $body, %o) = @_;
	require JSON::PP;
	my %h = %{ $o{headers} // {} };
	$h{authorization} //= "Bearer $self->{bearer}" if defined $self->{bearer};
	$h{'x-csrf-token'} //= $self->{csrf} if defined $self->{csrf};
	if (defined $body) {
		$h{'content-type'} //= 'application/json';
		$o{content} = ref $body ? JSON::PP->new->canonical->encode($body)
		    : $body;
	}
	$o{headers} = \%h;
	my $res = $self->request($method, $path, \%o);
	$res->{json} = eval { JSON::PP->new->decode($res->{content}) }
	    if ($res->{headers}{'content-type'} // '') =~ /json/
	    && length($res->{content} // '');
	return $res;
}

1;
