# contrib/bench/lib.sh: shared by contrib/bench/run and
# contrib/bench/reload-under-load. Sourced, not run.

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
STATE=${DEVSTACK_DIR:-$REPO/.devstack}/dev
PORT=${DEVSTACK_PORT:-8443}
URL=https://127.0.0.1:$PORT
NGX=$STATE/nginx
BUILD=${DEVSTACK_DIR:-$REPO/.devstack}/build
[ -f "$REPO/config.status" ] && BUILD=$REPO
CONF=$STATE/steward.conf
OUT=$STATE/bench
mkdir -p "$OUT"

say() { printf 'bench: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

[ "$(id -u)" -eq 0 ] || die "run me as root (like contrib/devstack)"

bench_setup() {
	command -v wrk >/dev/null || {
		apt-get update -qq >&2
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >&2
	}
	# The dev stack, started (or found running) by devstack itself.
	"$REPO/contrib/devstack" start >"$OUT/start.out"
	EMAIL=$(sed -n 's/^email: //p' "$OUT/start.out")
	PASSWORD=$(sed -n 's/^password: //p' "$OUT/start.out")
	CURL=(curl -sS --cacert "$NGX/tls/cert.pem")
}

# Signs in through the form; prints the Cookie header value.
bench_sign_in() {
	local jar=$OUT/jar token
	rm -f "$jar"
	token=$("${CURL[@]}" -c "$jar" -b "$jar" "$URL/login" |
		sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p')
	"${CURL[@]}" -c "$jar" -b "$jar" -o /dev/null \
		--data-urlencode "csrf=$token" --data-urlencode "email=$EMAIL" \
		--data-urlencode "password=$PASSWORD" "$URL/login"
	awk '$6 == "__Host-steward" { print "__Host-steward=" $7 }' "$jar"
	# A half session (TOTP due) would make every page a redirect.
	[ "$("${CURL[@]}" -b "$jar" -o /dev/null -w '%{http_code}' "$URL/admin")" = 200 ] ||
		die "signed in, but /admin does not answer 200: does $EMAIL have two-factor" \
			"sign-in on? (contrib/devstack ctl disable-mfa $EMAIL)"
}

master_pid() { cat "$STATE/run/steward.pid"; }

# Sum of the workers' resident memory, in KiB.
workers_rss() {
	ps -o rss= --ppid "$(master_pid)" | awk '{ s += $1 } END { print s + 0 }'
}

# wrk_run NAME URL [wrk args...]: runs wrk, leaves its report in
# $OUT/NAME.wrk and sets RPS, P50, P99 (ms), NON2XX and SOCKERR.
wrk_run() {
	local name=$1 url=$2
	shift 2
	wrk --latency "$@" "$url" >"$OUT/$name.wrk" 2>&1 || true
	RPS=$(awk '/^Requests\/sec:/ { print $2 }' "$OUT/$name.wrk")
	P50=$(awk '$1 == "50%" { print $2 }' "$OUT/$name.wrk" | to_ms)
	P99=$(awk '$1 == "99%" { print $2 }' "$OUT/$name.wrk" | to_ms)
	NON2XX=$(awk '/Non-2xx or 3xx responses:/ { print $5 }' "$OUT/$name.wrk")
	NON2XX=${NON2XX:-0}
	SOCKERR=$(awk '/Socket errors:/ {
		gsub(",", ""); print $4 + $6 + $8 + $10 }' "$OUT/$name.wrk")
	SOCKERR=${SOCKERR:-0}
}

# wrk's "1.23ms", "456.00us" or "1.02s" as milliseconds.
to_ms() {
	awk '{
		v = $1
		if (v ~ /us$/) { sub("us", "", v); v = v / 1000 }
		else if (v ~ /ms$/) { sub("ms", "", v) }
		else if (v ~ /s$/) { sub("s", "", v); v = v * 1000 }
		printf "%.2f\n", v
	}'
}
