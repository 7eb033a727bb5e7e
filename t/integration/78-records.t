# The resource engine through the JSON API and the pages, on the demo
# platform (sql/demo, contrib/resources.json): lists with filters, search,
# sort and keyset pages both ways; create, edit with conflicts, delete
# with foreign keys; bulk actions over a filtered set with one audit row
# per record; CSV; secrets that never leave; hostile parameters.
use strict;
use warnings;
use Test::More;
use Steward::Test;

my ($oemail, $opw) = make_staff('owner', 'rec');
my $o = sign_in_staff($oemail, $opw);
my $key = $o->api('POST', '/api/v1/api-keys', { name => 'records', role => 'owner' })->{json}{key};
my $api = client();
$api->{bearer} = $key;

sub get_ok {
	my ($path, $what) = @_;
	my $res = $api->api('GET', $path);
	is($res->{status}, 200, $what // "GET $path") or diag($res->{content});
	return $res->{json};
}

# ---- Lists.
my $page = get_ok('/api/v1/r/users', 'the users list');
is(scalar @{ $page->{items} }, 50, 'fifty rows a page');
is($page->{total}, psql_value('SELECT reltuples::bigint FROM pg_class WHERE oid = \'app.users\'::regclass'),
    'a table of 10,000 rows without a filter is counted by the estimate');
is($page->{total_is}, 'estimate', '... and says so');
my $small = get_ok('/api/v1/r/tiers');
is($small->{total_is}, 'exact', 'a small table is counted exactly');
my $many = get_ok('/api/v1/r/users?role=member&limit=1');
is($many->{total_is}, 'at_least', 'a filter matching more than 1,000 rows says "at least"');
is($many->{total}, 1000, '... 1,000');
ok(!exists $page->{items}[0]{password_hash}, 'the secret column is not in the answer');
my @c = map { $_->{created_at} } @{ $page->{items} };
is_deeply(\@c, [sort { $b cmp $a } @c], 'newest first, the declared default');
like($page->{next}, qr{^/api/v1/r/users\?after=[^&]+&after_pk=\d+$}, 'a keyset next link');
is($page->{prev}, undef, 'no previous page on the first');

my $p2 = get_ok($page->{next}, 'page two');
my $p3 = get_ok($p2->{next}, 'page three');
my %seen = map { $_->{id} => 1 } @{ $page->{items} }, @{ $p2->{items} };
ok(!grep({ $seen{$_->{id}} } @{ $p3->{items} }), 'pages do not overlap');
my $back = get_ok($p3->{prev}, 'back from page three');
is_deeply([map { $_->{id} } @{ $back->{items} }], [map { $_->{id} } @{ $p2->{items} }], 'the previous page is page two again');

# A sort on a column with ties is made total by the key.
my $byname = get_ok('/api/v1/r/users?sort=display_name&limit=200');
my @pairs = map { [$_->{display_name}, $_->{id}] } @{ $byname->{items} };
my $ordered = 1;
for my $i (1 .. $#pairs) {
	my ($a, $b) = ($pairs[$i - 1], $pairs[$i]);
	$ordered = 0 if $a->[0] gt $b->[0] || ($a->[0] eq $b->[0] && $a->[1] >= $b->[1]);
}
ok($ordered, 'sorted by name, ties broken by id');
my $desc = get_ok('/api/v1/r/users?sort=-daily_limit&limit=5');
is($desc->{items}[0]{daily_limit}, 10000, 'descending sort');

# Filters of each kind.
my $f = get_ok('/api/v1/r/users?status=suspended&limit=500');
ok(@{ $f->{items} } && !grep({ $_->{status} ne 'suspended' } @{ $f->{items} }), 'equals (enum)');
is($f->{total}, psql_value("SELECT count(*) FROM app.users WHERE status = 'suspended'"), '... with its total');
$f = get_ok('/api/v1/r/users?id__in=3,5,7');
is_deeply([sort { $a <=> $b } map { $_->{id} } @{ $f->{items} }], [3, 5, 7], 'in (numbers)');
# Values with commas, quotes and backslashes: "\," is a comma inside a
# value, "\\" a backslash; each value is matched literally.
my $fu = psql_value('SELECT min(id) FROM app.users');
psql("INSERT INTO app.user_entitlements (user_id, feature) VALUES ($fu, 'in-$$ a,b'), ($fu, 'in-$$ c\"d\\e'), ($fu, 'in-$$ a')");
my $inq = "in-$$ a\\,b,in-$$ c\"d\\\\e";
(my $enc = $inq) =~ s/([^A-Za-z0-9_.-])/sprintf('%%%02X', ord $1)/ge;
$f = get_ok("/api/v1/r/entitlements?feature__in=$enc", 'an "in" filter with an escaped comma');
is_deeply([sort map { $_->{feature} } @{ $f->{items} }], ["in-$$ a,b", "in-$$ c\"d\\e"],
    '... matches exactly the two values, comma, quote and backslash included');
like($api->api('GET', "/api/v1/r/entitlements?feature__in=$enc&limit=1")->{json}{next},
    qr/feature__in=in-$$(?:\+|%20)a%5C%2Cb/, 'links keep the escaped list');
psql("DELETE FROM app.user_entitlements WHERE feature LIKE 'in-$$ %'");
$f = get_ok('/api/v1/r/users?role__in=admin&limit=500');
ok(!grep({ $_->{role} ne 'admin' } @{ $f->{items} }), 'in (enum)');
$f = get_ok('/api/v1/r/users?daily_limit__gte=1000&daily_limit__lte=5000&limit=500');
ok(!grep({ $_->{daily_limit} < 1000 || $_->{daily_limit} > 5000 } @{ $f->{items} }), 'a number range');
$f = get_ok('/api/v1/r/users?created_at__gte=2025-01-01&created_at__lte=2025-01-31&limit=500');
ok(@{ $f->{items} } && !grep({ $_->{created_at} !~ /^2025-01/ } @{ $f->{items} }), 'a date range');
$f = get_ok('/api/v1/r/users?last_seen_at__null=true&limit=500');
ok(@{ $f->{items} } && !grep({ defined $_->{last_seen_at} } @{ $f->{items} }), 'is null');
$f = get_ok('/api/v1/r/users?last_seen_at__null=false&limit=20');
ok(!grep({ !defined $_->{last_seen_at} } @{ $f->{items} }), 'is not null');
$f = get_ok('/api/v1/r/products?active=false');
ok(@{ $f->{items} } && !grep({ $_->{active} } @{ $f->{items} }), 'a boolean');
is(ref $f->{items}[0]{active}, 'JSON::PP::Boolean', '... shown as a JSON boolean');

# Search: literal, never a pattern and never SQL.
$f = get_ok('/api/v1/r/users?q=LOVELACE&limit=500');
ok(@{ $f->{items} } && !grep({ "$_->{email} $_->{display_name}" !~ /lovelace/i } @{ $f->{items} }), 'search, case-insensitive');
for my $q ('%', '_', '\\', "'", "' OR '1'='1", "x'; DROP TABLE app.users; --", '%_%') {
	(my $enc = $q) =~ s/([^A-Za-z0-9])/sprintf('%%%02X', ord $1)/ge;
	$f = get_ok("/api/v1/r/users?q=$enc", "searching for $q");
	is(scalar @{ $f->{items} }, 0, "... matches literally: nothing");
}
is(psql_value('SELECT count(*) > 0 FROM app.users'), 't', 'the table is still there');
my $long = 'a' x 10000;
is($api->api('GET', "/api/v1/r/users?q=$long")->{status}, 200, 'a 10,000-byte search is answered');
is($api->api('GET', "/api/v1/r/users?q=${long}a")->{status}, 422, 'a longer one is 422');

# Bad parameters.
my %bad = ('nope=1' => 400, 'email__gte=a' => 400, 'sort=password_hash' => 400, 'sort=nope' => 400,
    'password_hash=x' => 400, 'daily_limit=abc' => 422, 'created_at__gte=yesterday' => 422,
    'status=weird' => 422, 'id__in=1,x' => 422, 'last_seen_at__null=maybe' => 422, 'limit=0' => 422,
    'limit=501' => 422, 'after=2025-01-01' => 400, 'after=x&after_pk=1' => 400);
for my $qs (sort keys %bad) {
	my $res = $api->api('GET', "/api/v1/r/users?$qs");
	is($res->{status}, $bad{$qs}, "?$qs is $bad{$qs}");
	like($res->{json}{detail} // '', qr/\w+/, '... saying what is wrong');
}
is($api->api('GET', '/api/v1/r/users?created_at__gte=2025-02-30')->{status}, 422, 'an impossible date is 422');
$f = get_ok('/api/v1/r/users?id=5');
is_deeply([map { $_->{id} } @{ $f->{items} }], [5], 'a filter on a column called id');
is($api->api('GET', '/api/v1/r/nosuch')->{status}, 404, 'an unknown resource is 404');
is($api->api('GET', '/api/v1/r/users/abc')->{status}, 404, 'a key of the wrong type is 404');
is($api->api('DELETE', '/api/v1/r/discount_codes/abc')->{status}, 404, '... to DELETE too');
is($api->api('PATCH', '/api/v1/r/discount_codes/abc', { percent_off => 1 })->{status}, 404, '... and to PATCH');

# ---- Create, read, edit with conflicts, delete.
my $code = "TEST-$$";
my $res = $api->api('POST', '/api/v1/r/discount_codes', { code => $code, percent_off => 15, status => 'active' });
is($res->{status}, 201, 'create a discount code') or diag($res->{content});
my $dc = $res->{json};
is($dc->{percent_off}, 15, '... with its values');
my $audit = psql("SELECT after::text FROM steward.audit_log WHERE action = 'record.create' AND target_type = 'discount_codes' AND target_id = '$dc->{id}'");
like($audit, qr/"code": "\Q$code\E"/, 'audited with the new values');
$res = $api->api('POST', '/api/v1/r/discount_codes', { code => 'bad code', percent_off => 'lots' });
is($res->{status}, 422, 'bad values are 422');
my %fields = map { $_->{field} => 1 } @{ $res->{json}{errors} };
ok($fields{percent_off} && $fields{status}, 'naming each field (' . join(', ', sort keys %fields) . ')');
$res = $api->api('POST', '/api/v1/r/discount_codes', { code => "X$code", percent_off => 500, status => 'active' });
is($res->{status}, 422, 'a value the table refuses (CHECK) is 422');
$res = $api->api('POST', '/api/v1/r/discount_codes', { code => $code, percent_off => 5, status => 'active' });
is($res->{status}, 422, 'a duplicate (UNIQUE) is 422');
$res = $api->api('POST', '/api/v1/r/discount_codes', { code => "Y$code", percent_off => 5, status => 'active', redeemed => 99 });
is($res->{status}, 422, 'a column that is not editable is refused');
is($api->api('POST', '/api/v1/r/payments', { amount_cents => 1 })->{status}, 405, 'a resource without create says so');

my $one = get_ok("/api/v1/r/discount_codes/$dc->{id}");
like($one->{_version}, qr/^[0-9a-f]{32}$/, 'a record read carries its _version');
$res = $api->api('PATCH', "/api/v1/r/discount_codes/$dc->{id}", { percent_off => 20 });
is($res->{status}, 200, 'PATCH one field');
my $v1 = $res->{json}{_version};
ok($v1, '... the answer carries the new version');
$res = $api->api('PATCH', "/api/v1/r/discount_codes/$dc->{id}", { percent_off => 25, _version => $v1 });
is($res->{status}, 200, 'PATCH with the current version');
$res = $api->api('PATCH', "/api/v1/r/discount_codes/$dc->{id}", { percent_off => 30, _version => $v1 });
is($res->{status}, 409, 'PATCH with a stale version is a conflict');
is($res->{json}{current}{percent_off}, 25, '... showing the record as it is now');
$audit = psql("SELECT before::text || ' -> ' || after::text FROM steward.audit_log WHERE action = 'record.update' AND target_id = '$dc->{id}' ORDER BY seq DESC LIMIT 1");
like($audit, qr/^\{"percent_off": "20"\} -> \{"percent_off": "25"\}$/, 'the audit row holds only what changed');

# The page: a stale form gives 409 with what changed.
my $form = $o->get("/admin/r/discount_codes/$dc->{id}/edit");
my ($ver) = $form->{content} =~ /name="_version" value="([0-9a-f]{32})"/;
ok($ver, 'the edit form carries the version');
$api->api('PATCH', "/api/v1/r/discount_codes/$dc->{id}", { percent_off => 40 });
$res = $o->post("/admin/r/discount_codes/$dc->{id}", { csrf => $o->{csrf}, _version => $ver, code => $code,
    percent_off => 35, status => 'active', max_redemptions => '', expires_at => '' });
is($res->{status}, 409, 'saving a form after someone else did is 409');
like($res->{content}, qr/Now in the record: 40/, '... showing what the record says now');
like($res->{content}, qr/value="35"/, '... and keeping what was typed');

# The record page links to its whole history: the trail filtered on the
# target its audit rows carry (the resource's name and the key).
$res = $o->get("/admin/r/discount_codes/$dc->{id}");
like($res->{content}, qr{<a class="history" href="/admin/audit\?target_type=discount_codes&amp;target_id=$dc->{id}">History →</a>},
    'the record page links to its whole history');
my $hist = $o->get("/admin/audit?target_type=discount_codes&target_id=$dc->{id}");
is($hist->{status}, 200, '... which opens');
my @targets = $hist->{content} =~ m{<td>(discount_codes \d+)</td>}g;
is(scalar @targets, psql_value("SELECT count(*) FROM steward.audit_log WHERE target_type = 'discount_codes' AND target_id = '$dc->{id}'"),
    '... listing every audit row of the record');
ok(@targets && !grep({ $_ ne "discount_codes $dc->{id}" } @targets), '... and no other');
my @acts = $hist->{content} =~ m{<code>(record\.[a-z]+)</code>}g;
is_deeply([sort keys %{{ map { $_ => 1 } @acts }}], ['record.create', 'record.update'], '... its create and its edits');
my $akid = psql_value("SELECT actor_api_key_id FROM steward.audit_log WHERE action = 'record.create' AND target_type = 'discount_codes'"
    . " AND target_id = '$dc->{id}'");
like($hist->{content}, qr{&lt;\Q$oemail\E&gt; via API key #$akid</td>}, '... naming the API key the changes were made with');
my $nosy = sign_in_staff(make_staff('viewer', 'rechist'));
$res = $nosy->get("/admin/r/discount_codes/$dc->{id}");
is($res->{status}, 200, 'a viewer sees the record');
unlike($res->{content}, qr{<h2>History</h2>|target_type=}, '... but neither its audit rows nor the link, without audit.read');

# Delete: blocked by a reference, then allowed.
my $used = psql_value('SELECT discount_code_id FROM app.subscription_discounts LIMIT 1');
my $confirm = $o->get("/admin/r/discount_codes/$used/delete");
like($confirm->{content}, qr/Other records refer to this one/, 'the confirmation shows what depends on it');
$res = $api->api('DELETE', "/api/v1/r/discount_codes/$used");
is($res->{status}, 409, 'a delete a foreign key forbids is 409');
like($res->{json}{detail}, qr/refer to it/, '... saying why');
is($api->api('DELETE', "/api/v1/r/discount_codes/$dc->{id}")->{status}, 204, 'an unused one is deleted');
is($api->api('GET', "/api/v1/r/discount_codes/$dc->{id}")->{status}, 404, '... and gone');
like(psql("SELECT before::text FROM steward.audit_log WHERE action = 'record.delete' AND target_id = '$dc->{id}'"),
    qr/"code": "\Q$code\E"/, 'the delete is audited with what was there');

# ---- A delete the database cascades: every row it takes along is
# audited, and the role must be allowed to delete those too.
sub new_user {
	my ($tag) = @_;
	my $r = $api->api('POST', '/api/v1/r/users', { email => "$tag-$$\@example.com", display_name => $tag,
	    role => 'member', status => 'active', daily_limit => 10 });
	is($r->{status}, 201, "a user to delete ($tag)") or diag($r->{content});
	return $r->{json}{id};
}
my $cu = new_user('cascade');
psql("INSERT INTO app.user_entitlements (user_id, feature, note) VALUES ($cu, 'export', 'x'), ($cu, 'api', 'y')");
like($o->get("/admin/r/users/$cu/delete")->{content}, qr{<li>deletes 2 Entitlements</li>},
    'the confirmation says what the delete takes along');
psql("INSERT INTO steward.roles (name, description, permissions) VALUES ('deleter_$$', 'deletes users only', '{view,users.delete}')");
my $deleter = client();
$deleter->{bearer} = $o->api('POST', '/api/v1/api-keys', { name => 'd', role => "deleter_$$" })->{json}{key};
$res = $deleter->api('DELETE', "/api/v1/r/users/$cu");
is($res->{status}, 403, 'a role that may delete users but not entitlements: 403');
like($res->{json}{detail}, qr/also deletes 2 Entitlements, which your role may not delete/, '... saying why');
is(psql_value("SELECT count(*) FROM app.user_entitlements WHERE user_id = $cu"), 2, '... and nothing went');
$res = $api->api('DELETE', "/api/v1/r/users/$cu");
is($res->{status}, 204, 'the owner deletes the user');
is(psql_value("SELECT count(*) FROM app.user_entitlements WHERE user_id = $cu"), 0, '... and the database deleted the entitlements');
my $rid = psql_value("SELECT request_id FROM steward.audit_log WHERE action = 'record.delete' AND target_type = 'users' AND target_id = '$cu'");
ok($rid, 'the user\'s delete is audited');
is(psql_value("SELECT count(*) FROM steward.audit_log WHERE action = 'record.delete' AND target_type = 'entitlements'"
    . " AND request_id = '$rid' AND before->>'user_id' = '$cu'"), 2, '... and so is each entitlement, in the same request');
# A row reached first through ON DELETE SET NULL and then, by another
# path, through a cascade is deleted: it must be recorded as a delete, not
# taken for "changed" and then found gone. Here the walk goes users ->
# entitlements (cascade) -> users (set null) before users -> users
# (cascade) reaches the same user.
psql("ALTER TABLE app.users ADD COLUMN ent_$$ bigint REFERENCES app.user_entitlements (id) ON DELETE SET NULL,"
    . " ADD COLUMN parent_$$ bigint REFERENCES app.users (id) ON DELETE CASCADE");
my $gu = new_user('granter');
my $ou = new_user('other');
my $e1 = psql_value("INSERT INTO app.user_entitlements (user_id, feature) VALUES ($gu, 'parent-$$') RETURNING id");
psql("UPDATE app.users SET ent_$$ = $e1, parent_$$ = $gu WHERE id = $ou");
is($api->api('DELETE', "/api/v1/r/users/$gu")->{status}, 204, 'a user whose delete takes another user along by two paths is deleted');
is(psql_value("SELECT count(*) FROM app.users WHERE id = $ou"), 0, '... and the database deleted the other user too');
$rid = psql_value("SELECT request_id FROM steward.audit_log WHERE action = 'record.delete' AND target_type = 'users' AND target_id = '$gu'");
is(psql_value("SELECT count(*) FROM steward.audit_log WHERE action = 'record.delete' AND target_type = 'users'"
    . " AND target_id = '$ou' AND request_id = '$rid'"), '1', '... which is recorded as a delete');
is(psql_value("SELECT count(*) FROM steward.audit_log WHERE target_type = 'entitlements' AND target_id = '$e1'"
    . " AND action = 'record.delete' AND request_id = '$rid'"), '1', '... as is the entitlement');
psql("ALTER TABLE app.users DROP COLUMN parent_$$, DROP COLUMN ent_$$");

# A cascade into a table the catalogue does not describe: counted, and
# none of its values (it could hold anything) written down.
psql("CREATE TABLE app.notes_$$ (id serial PRIMARY KEY, user_id bigint REFERENCES app.users (id) ON DELETE CASCADE, body text);"
    . " GRANT SELECT ON app.notes_$$ TO steward_app");
my $cu2 = new_user('cascade2');
psql("INSERT INTO app.notes_$$ (user_id, body) VALUES ($cu2, 'private-$$'), ($cu2, 'private-$$'), ($cu2, 'private-$$')");
like($o->get("/admin/r/users/$cu2/delete")->{content}, qr{<li>deletes 3 rows of app\.notes_$$</li>}, 'the confirmation counts them');
is($api->api('DELETE', "/api/v1/r/users/$cu2")->{status}, 204, 'deleted');
like(psql("SELECT before::text FROM steward.audit_log WHERE action = 'record.delete' AND target_type = 'users' AND target_id = '$cu2'"),
    qr/"_dependents": \{"app\.notes_$$\.user_id deleted": 3\}/, 'the audit row counts the rows taken along');
is(psql_value("SELECT count(*) FROM steward.audit_log WHERE before::text LIKE '%private-$$%'"), 0, '... and holds none of their values');
# A cascade that goes on from such a table, where Steward knows no key to
# follow it by: refused, nothing deleted.
psql("CREATE TABLE app.notes_tags_$$ (note_id int REFERENCES app.notes_$$ (id) ON DELETE CASCADE, tag text);"
    . " GRANT SELECT ON app.notes_tags_$$ TO steward_app");
my $cu3 = new_user('cascade3');
psql("INSERT INTO app.notes_$$ (user_id, body) VALUES ($cu3, 'n')");
$res = $api->api('DELETE', "/api/v1/r/users/$cu3");
is($res->{status}, 409, 'a cascade that goes on through a table outside the catalogue: 409');
like($res->{json}{detail}, qr/goes on to other tables, and the catalogue does not describe app\.notes_$$/, '... saying where');
is(psql_value("SELECT count(*) FROM app.users WHERE id = $cu3"), 1, '... and nothing was deleted');
like($o->get("/admin/r/users/$cu3/delete")->{content}, qr/It cannot be deleted here/, 'the confirmation page says so first');
psql("DROP TABLE app.notes_tags_$$; DROP TABLE app.notes_$$");

# ---- Bulk actions.
my $uid = psql_value("SELECT user_id FROM app.subscriptions WHERE status = 'active' GROUP BY user_id HAVING count(*) >= 1 ORDER BY user_id LIMIT 1");
my $n = psql_value("SELECT count(*) FROM app.subscriptions WHERE user_id = $uid AND status = 'active'");
my $before = psql_value("SELECT count(*) FROM steward.audit_log WHERE action = 'record.bulk'");
$res = $o->post("/admin/r/subscriptions/bulk?user_id=$uid&status=active", { csrf => $o->{csrf}, action => 'cancel', all => 1 });
is($res->{status}, 200, 'a bulk action over the filter asks first');
like($res->{content}, qr{id="bulk-count">$n<}, "... counting the $n rows it would change");
is(psql_value("SELECT count(*) FROM app.subscriptions WHERE user_id = $uid AND status = 'active'"), $n, '... and changes nothing yet');
$res = $o->post("/admin/r/subscriptions/bulk?user_id=$uid&status=active", { csrf => $o->{csrf}, action => 'cancel', all => 1, confirm => 'yes' });
is($res->{status}, 303, 'confirmed');
is(psql_value("SELECT count(*) FROM app.subscriptions WHERE user_id = $uid AND status = 'active'"), 0, 'every matching row changed');
is(psql_value("SELECT count(*) FROM steward.audit_log WHERE action = 'record.bulk'") - $before, $n, 'one audit row per record');
like(psql("SELECT before::text || ' -> ' || after::text FROM steward.audit_log WHERE action = 'record.bulk' ORDER BY seq DESC LIMIT 1"),
    qr/"status": "active".*"status": "cancelled"/, '... with before and after');
# A set bigger than a batch (bulk_batch = 100 on the test stack) goes in
# batches: each one a transaction with its audit rows, the page saying how
# far it got and offering the next, until every matching row has changed.
my ($lo, $hi) = split /\|/, psql("SELECT min(created_at)::date, min(created_at)::date + 28 FROM app.users");
my $range = "created_at__gte=$lo&created_at__lte=$hi";
my $big = psql_value("SELECT count(*) FROM app.users WHERE created_at >= '$lo' AND created_at <= '$hi'");
cmp_ok($big, '>', 200, "a filter of $big users: three batches or more");
$before = psql_value("SELECT count(*) FROM steward.audit_log WHERE action = 'record.bulk'");
$res = $o->post("/admin/r/users/bulk?$range", { csrf => $o->{csrf}, action => 'suspend', all => 1 });
like($res->{content}, qr{id="bulk-count">more than 100<}, 'the confirmation says more than a batch');
like($res->{content}, qr/in batches of 100 rows/, '... and that it goes in batches');
my ($pages, $fields) = (0, { csrf => $o->{csrf}, action => 'suspend', all => 1, confirm => 'yes' });
for (;;) {
	$res = $o->post("/admin/r/users/bulk?$range", $fields);
	last unless $res->{status} == 200 && ++$pages < 50;
	my ($from) = $res->{content} =~ /name="from" value="([^"]+)"/;
	my ($so_far) = $res->{content} =~ /id="bulk-so-far">(\d+)</;
	is($so_far, 100 * $pages, "batch $pages: the page says how many so far") if $pages <= 2;
	$fields = { %$fields, from => $from, so_far => $so_far };
}
is($res->{status}, 303, 'the last batch ends like a small action');
is($pages, int(($big - 1) / 100), "... after $pages pages reporting a batch");
like($res->{headers}{location}, qr/done=$big$/, '... and the list says how many changed in all');
is(psql_value("SELECT count(*) FROM app.users WHERE created_at >= '$lo' AND created_at <= '$hi' AND status <> 'suspended'"), 0,
    'every matching row changed');
is(psql_value("SELECT count(*) FROM steward.audit_log WHERE action = 'record.bulk'") - $before, $big, 'one audit row per record, across the batches');
# The API: "more" and "from", posted back until done.
my ($calls, $total, %body) = (0, 0, (action => 'unsuspend', all => 1));
for (;;) {
	$res = $api->api('POST', "/api/v1/r/users/bulk?$range", \%body);
	is($res->{status}, 200, 'an API batch') if $calls == 0;
	$total += $res->{json}{changed} // 0;
	last unless $res->{json}{more} && ++$calls < 50;
	$body{from} = $res->{json}{from};
}
is($total, $big, "the API changed them back in batches ($calls more after the first)");
is($api->api('POST', "/api/v1/r/users/bulk?$range", { action => 'unsuspend', all => 1, from => "1;2" })->{status}, 422,
    'a malformed "from" is 422');

# Selected rows, from the page: each row's checkbox carries its key.
my $dpage = $o->get('/admin/r/discount_codes?status=active&sort=id&limit=5');
my @boxes = $dpage->{content} =~ /<input type="checkbox" name="id" value="([^"]*)"/g;
is(scalar @boxes, 5, 'the list page has a checkbox per row');
is_deeply(\@boxes, [split /\n/, psql("SELECT id FROM app.discount_codes WHERE status = 'active' ORDER BY id LIMIT 5")],
    '... each naming its row');
$res = $o->post('/admin/r/discount_codes/bulk', { csrf => $o->{csrf}, action => 'deactivate', id => $boxes[0], confirm => 'yes' });
is($res->{status}, 303, 'a selected row sent from the page is changed');
is(psql_value("SELECT status FROM app.discount_codes WHERE id = $boxes[0]"), 'inactive', '... really');
# Selected rows, through the API.
my @ids = split /\n/, psql("SELECT id FROM app.discount_codes WHERE status = 'active' ORDER BY id LIMIT 3");
$res = $api->api('POST', '/api/v1/r/discount_codes/bulk', { action => 'deactivate', id => \@ids });
is($res->{status}, 200, 'bulk on selected keys');
is($res->{json}{changed}, 3, '... three changed');
is(psql_value("SELECT count(*) FROM app.discount_codes WHERE id IN (" . join(',', @ids) . ") AND status = 'inactive'"), 3, '... really');
is($api->api('POST', '/api/v1/r/discount_codes/bulk', { action => 'nope', id => \@ids })->{status}, 400, 'an unknown action is 400');
is($api->api('POST', '/api/v1/r/discount_codes/bulk', { action => 'deactivate', id => ['1;2'] })->{status}, 422, 'a malformed key is 422');
is($api->api('POST', '/api/v1/r/payments/bulk', { action => 'cancel', id => [1] })->{status}, 400, 'an action of another resource is 400');

# ---- Permissions per operation, from the catalogue.
my $viewer = client();
$viewer->{bearer} = $o->api('POST', '/api/v1/api-keys', { name => 'v', role => 'viewer' })->{json}{key};
is($viewer->api('GET', '/api/v1/r/users?limit=1')->{status}, 200, 'a viewer lists users');
is($viewer->api('PATCH', '/api/v1/r/users/1', { display_name => 'x' })->{status}, 403, 'but cannot edit them');
is($viewer->api('POST', '/api/v1/r/subscriptions/bulk', { action => 'cancel', id => [1] })->{status}, 403, 'nor cancel subscriptions');
my $billing = client();
$billing->{bearer} = $o->api('POST', '/api/v1/api-keys', { name => 'b', role => 'billing' })->{json}{key};
my $sub = psql_value("SELECT id FROM app.subscriptions WHERE status = 'active' ORDER BY id LIMIT 1");
is($billing->api('POST', '/api/v1/r/subscriptions/bulk', { action => 'cancel', id => [$sub] })->{status}, 200, 'billing cancels a subscription');
is($billing->api('DELETE', '/api/v1/r/users/1')->{status}, 403, 'but cannot delete a user');

# ---- Secrets: a password column is hashed and never shown.
my $mail = "pw-$$\@example.com";
$res = $api->api('POST', '/api/v1/r/users', { email => $mail, display_name => 'Pass Word', role => 'member',
    status => 'active', daily_limit => 10, password_hash => 'a fine long passphrase' });
is($res->{status}, 201, 'a user with a password') or diag($res->{content});
my $pwid = $res->{json}{id};
like(psql_value("SELECT password_hash FROM app.users WHERE id = $pwid"), qr/^\$argon2id\$/, 'stored as an argon2id hash');
my $everything = join '', $api->api('GET', "/api/v1/r/users/$pwid")->{content},
    $o->get("/admin/r/users/$pwid")->{content}, $o->get("/admin/r/users/$pwid/edit")->{content},
    $o->get("/admin/r/users/export.csv?email=$mail")->{content},
    psql("SELECT after::text FROM steward.audit_log WHERE target_type = 'users' AND target_id = '$pwid'");
unlike($everything, qr/argon2id|a fine long passphrase/, 'the hash and the password appear nowhere: API, pages, CSV, audit');

$res = $api->api('PATCH', "/api/v1/r/users/$pwid", { password_hash => 'another long passphrase' });
is($res->{status}, 200, 'a new password through PATCH');
my $pwrow = psql("SELECT before::text || ' -> ' || after::text FROM steward.audit_log WHERE action = 'record.update'"
    . " AND target_type = 'users' AND target_id = '$pwid' ORDER BY seq DESC LIMIT 1");
like($pwrow, qr/"password_hash": "\[redacted\]".* -> .*"password_hash": "\[redacted\]"/, 'the audit row says the password changed');
unlike($pwrow, qr/argon2id|another long passphrase/, '... never what it is');

# ---- CSV: every filtered row, RFC 4180, formulas neutralised.
$api->api('POST', '/api/v1/r/users', { email => "csv-$$\@example.com", display_name => '=HYPERLINK("http://x","y"), "quoted"',
    role => 'member', status => 'active', daily_limit => 1 });
my $csv = $o->get("/admin/r/users/export.csv?email=csv-$$\@example.com");
is($csv->{status}, 200, 'CSV export');
like($csv->{headers}{'content-type'}, qr{^text/csv; charset=utf-8}, '... as UTF-8 CSV');
like($csv->{content}, qr/^"id","email","display_name",/, '... with a header row');
like($csv->{content}, qr/"'=HYPERLINK\(""http:\/\/x"",""y""\), ""quoted"""/, '... quoting and neutralising a formula');
my $listed = $o->get("/admin/r/users?email=csv-$$\@example.com");
like($listed->{content}, qr/<td>=HYPERLINK\(&quot;http:\/\/x&quot;,&quot;y&quot;\), &quot;quoted&quot;<\/td>/,
    'the list page escapes what it shows');
$api->api('POST', '/api/v1/r/users', { email => "xss-$$\@example.com", display_name => '<img src=x onerror=alert(1)>',
    role => 'member', status => 'active', daily_limit => 1 });
$listed = $o->get("/admin/r/users?email=xss-$$\@example.com");
like($listed->{content}, qr/&lt;img src=x onerror=alert\(1\)&gt;/, '... markup in a cell is text');
unlike($listed->{content}, qr/<img src=x/, '... never an element');
my $all = $o->get('/admin/r/users/export.csv?status=suspended');
my $lines = () = $all->{content} =~ /\r\n/g;
is($lines - 1, psql_value("SELECT count(*) FROM app.users WHERE status = 'suspended'"), 'every matching row, not one page');

# ---- The record page: relations and history.
my $upage = $o->get("/admin/r/users/$uid");
like($upage->{content}, qr/Subscriptions/, 'a user page lists their subscriptions');
like($o->get("/admin/r/subscriptions/" . psql_value("SELECT id FROM app.subscriptions WHERE user_id = $uid LIMIT 1"))->{content},
    qr/record\.bulk/, 'a subscription page shows its bulk change in its history');

# ---- The database explorer: read only, masked secrets, names checked.
my $ex = $o->get('/admin/explore');
is($ex->{status}, 200, 'the explorer lists tables');
like($ex->{content}, qr{href="/admin/explore/app/users"}, '... of the allowed schemas');
unlike($ex->{content}, qr{/admin/explore/steward/}, '... and not Steward\'s own');
$ex = $o->get("/admin/explore/app/users?column=email&value=$mail");
is($ex->{status}, 200, 'a table page with a filter');
like($ex->{content}, qr/\Q$mail\E/, '... finds the row');
like($ex->{content}, qr/users_email_key/, '... lists the indexes');
like($ex->{content}, qr/••••/, '... masks the password hash');
unlike($ex->{content}, qr/argon2id/, '... which never appears');
is($o->get('/admin/explore/steward/staff')->{status}, 404, 'a schema not allowed is 404');
is($o->get('/admin/explore/app/nosuch')->{status}, 404, 'an unknown table is 404');
is($o->get('/admin/explore/app/users%22%3B%20DROP%20TABLE%20x%3B--')->{status}, 404, 'an SQL-looking name is just unknown');
is($o->get('/admin/explore/app/users?column=nope&value=1')->{status}, 400, 'an unknown column is 400');
is($o->get('/admin/explore/app/users?column=password_hash&value=x')->{status}, 400, 'a masked column cannot be filtered on');
is($o->get('/admin/explore/app/users?page=999')->{status}, 400, 'paging is bounded');
# Pages follow the primary key, so page two starts where page one ended.
my @ids0 = $o->get('/admin/explore/app/users?page=0')->{content} =~ m{<tr><td>(\d+)</td><td>[^<]*\@}g;
my @ids1 = $o->get('/admin/explore/app/users?page=1')->{content} =~ m{<tr><td>(\d+)</td><td>[^<]*\@}g;
is(scalar(@ids0) + scalar(@ids1), 100, 'two explorer pages of 50 rows');
is_deeply([@ids0, @ids1], [split /\n/, psql('SELECT id FROM app.users ORDER BY id LIMIT ' . (@ids0 + @ids1))],
    'explorer pages run in key order, without gaps or repeats');
my ($ve, $vp) = make_staff('viewer', 'explore');
is(sign_in_staff($ve, $vp)->get('/admin/explore')->{status}, 403, 'a viewer may not explore');

# ---- Catalogue errors stop a worker: checked by stewardctl, and a reload
# with a bad catalogue is abandoned while the old workers keep serving.
my $conf = stack_env('CONF');
my $ctl = stack_env('CTL');
my $good = slurp($conf);
my ($path) = $good =~ /^resources = (.+)$/m;
my $catalogue = slurp($path);
my %broken = (
	'a misspelt column' => [sub { $_[0] =~ s/"name": "display_name"/"name": "display_nme"/ },
	    qr/resource users: column display_nme: no such column in app\.users/],
	'a wrong type' => [sub { $_[0] =~ s/("name": "daily_limit", "type": )"integer"/$1"numeric"/ },
	    qr/resource users: column daily_limit: declared numeric, but app\.users\.daily_limit is integer/],
	'an unknown table' => [sub { $_[0] =~ s/"app\.tiers"/"app.tierz"/ },
	    qr/resource tiers: there is no table app\.tierz/],
	'an unknown key' => [sub { $_[0] =~ s/"listed": true, "searchable"/"listd": true, "searchable"/ },
	    qr/unknown key "listd"/],
	'a nullable sortable column' => [sub { $_[0] =~ s/("name": "last_seen_at", "type": "timestamptz", "label": "Last seen",)/$1 "sortable": true,/ },
	    qr/last_seen_at: a sortable column must be NOT NULL/],
	'not JSON' => [sub { $_[0] .= ',' }, qr/bytes after the JSON value|not valid JSON/],
);
my $bad = "$path.bad-$$";
(my $badconf = $conf) =~ s/steward\.conf$/bad-$$.conf/;
for my $what (sort keys %broken) {
	my $text = $catalogue;
	$broken{$what}[0]->($text);
	open(my $fh, '>', $bad) or BAIL_OUT($!);
	print $fh $text;
	close $fh;
	open($fh, '>', $badconf) or BAIL_OUT($!);
	(my $c2 = $good) =~ s/^resources = .+$/resources = $bad/m;
	print $fh $c2;
	close $fh;
	(my $bctl = $ctl) =~ s/\Q$conf\E/$badconf/;
	my $out = `$bctl check-config 2>&1`;
	isnt($?, 0, "check-config refuses $what");
	like($out, $broken{$what}[1], '... naming the file\'s resource and field') or diag($out);
	like($out, qr/\Q$bad\E/, '... and the file');
}
# A reload onto a catalogue with a misspelt column: abandoned.
my $text = $catalogue;
$broken{'a misspelt column'}[0]->($text);
open(my $fh, '>', $bad) or BAIL_OUT($!);
print $fh $text;
close $fh;
open($fh, '>', $conf) or BAIL_OUT($!);
(my $c3 = $good) =~ s/^resources = .+$/resources = $bad/m;
print $fh $c3;
close $fh;
my $log = stack_env('LOG');
my $was = count_matches($log, qr/reload abandoned/);
system('kill', '-HUP', master_pid());
ok(wait_until(20, sub { count_matches($log, qr/reload abandoned/) > $was }), 'a reload onto it is abandoned');
like(slurp($log), qr/display_nme: no such column/, '... the log says why');
is($api->api('GET', '/api/v1/r/users?limit=1')->{status}, 200, 'and the old workers keep serving');
open($fh, '>', $conf) or BAIL_OUT($!);
print $fh $good;
close $fh;
unlink $bad, $badconf;

done_testing();
