# Staff management, sessions and API keys as staff and scripts see them:
# invitations, demotion and deactivation taking effect on the very next
# request, API keys shown once and honoured until revoked, expired or
# rotated out, the last owner kept, and escalation refused.
use strict;
use warnings;
use Test::More;
use Time::HiRes qw(sleep);
use Steward::Test;

my $ctl = stack_env('CTL');
my ($oemail, $opw) = make_staff('owner', 'mgr');
my $owner = sign_in_staff($oemail, $opw);
my $oid = psql_value("SELECT id FROM steward.staff WHERE email = '$oemail'");

# ---- Invitation: create, set a password through the link, sign in.
my $mail = "invited-$$\@steward.test";
my $res = $owner->api('POST', '/api/v1/staff', { email => $mail, name => 'In Vited', role => 'support' });
is($res->{status}, 201, 'POST /api/v1/staff creates an account');
my $sid = $res->{json}{id};
ok($res->{json}{invited}, '... invited, with no password yet');
like($res->{json}{invitation_url}, qr{^https://[^/]+/invite\?token=[A-Za-z0-9_-]{43}$}, '... and a set-password link');
my ($token) = $res->{json}{invitation_url} =~ /token=(.+)$/;
is(psql_value("SELECT count(*) FROM steward.invitations WHERE staff_id = $sid AND token_hash::text LIKE '%$token%'"),
    '0', 'the link is stored hashed');
my ($c0, $r0) = sign_in($mail, '');
is($r0->{status}, 200, 'an invited account cannot sign in before setting a password');
$res = $owner->api('POST', '/api/v1/staff', { email => uc($mail), name => 'Again', role => 'support' });
is($res->{status}, 422, 'the same email again (any case) is 422');
is($res->{json}{errors}[0]{field}, 'email', '... naming the field');
$res = $owner->api('POST', '/api/v1/staff', { email => 'not an email', name => '', role => 'nosuch' });
is($res->{status}, 422, 'bad fields are 422');
is_deeply([sort map { $_->{field} } @{ $res->{json}{errors} }], [qw(email name role)], '... naming each of them');
like($res->{headers}{'content-type'}, qr{^application/problem\+json}, '... as problem+json');

my $anon = client();
my $form = $anon->get("/invite?token=$token");
is($form->{status}, 200, 'the link opens a set-password form');
like($form->{content}, qr/In Vited/, '... for that account');
$res = $anon->post('/invite', { csrf => csrf_of($form->{content}), token => $token,
    password => 'winniethepooh', again => 'winniethepooh' });
is($res->{status}, 422, 'a common password is refused there too');
my $pw = 'a long invited passphrase';
$res = $anon->post('/invite', { csrf => csrf_of($form->{content}), token => $token, password => $pw, again => $pw });
is($res->{status}, 303, 'the password is set');
is($anon->get("/invite?token=$token")->{status}, 404, 'the link works once');
is($anon->get('/invite?token=x')->{status}, 404, 'a malformed token is 404');
my $sup = sign_in_staff($mail, $pw);
ok($sup, 'the new member signs in');
is(psql_value("SELECT count(*) FROM steward.audit_log WHERE action = 'staff.password_set' AND actor_staff_id = $sid"),
    '1', 'setting the password is audited as them');

# ---- Demotion applies to the next request, which renews the session's
# token (a role change is a privilege change); a promotion ends the
# account's sessions, so no token from before it inherits the new role.
my ($aemail, $apw) = make_staff('admin', 'demote');
my $adm = sign_in_staff($aemail, $apw);
my $aid = psql_value("SELECT id FROM steward.staff WHERE email = '$aemail'");
is($adm->get('/admin/staff')->{status}, 200, 'an admin sees /admin/staff');
my $before_tok = $adm->cookie('__Host-steward');
$res = $owner->api('PATCH', "/api/v1/staff/$aid", { role => 'support' });
is($res->{status}, 200, 'the owner demotes them to support');
is($res->{json}{role}, 'support', '... and the answer says so');
my $r403 = $adm->get('/admin/staff');
is($r403->{status}, 403, 'their very next request is 403');
like(join("\n", set_cookies($r403)), qr/^__Host-steward=[A-Za-z0-9_-]{43}; /m, '... and carries a new session token');
isnt($adm->cookie('__Host-steward'), $before_tok, '... which differs from the old one');
my $stale = client();
$stale->set_cookie('__Host-steward', $before_tok);
is($stale->get('/admin')->{status}, 303, '... and the old token no longer works');
is($adm->get('/admin')->{status}, 200, 'the session works under its new token for what support may do');
is($adm->get('/admin/staff')->{status}, 403, '... and stays support\'s');
is(psql_value("SELECT count(*) FROM steward.sessions WHERE staff_id = $aid AND stage = 'full' AND renew"), '0', 'the session in use is no longer marked for renewal');
# A form loaded before the renewal still posts (its CSRF token was made
# for the old token): demote again while a form is open, then submit it.
my $open = $adm->get('/admin/account');
$owner->api('PATCH', "/api/v1/staff/$aid", { role => 'viewer' });
my $renewed = $adm->post('/admin/account/sessions/end-others', { csrf => csrf_of($open->{content}) });
is($renewed->{status}, 303, 'a form from before the renewal is not refused as forged') or diag($renewed->{content});
my $row = psql("SELECT before::text || ' ' || after::text FROM steward.audit_log WHERE action = 'staff.update' AND target_id = '$aid' AND before::text LIKE '%admin%' ORDER BY seq DESC LIMIT 1");
like($row, qr/"role": "admin".*"role": "support"/, 'audited with before and after');
my $promoted_tok = $adm->cookie('__Host-steward');
$owner->api('PATCH', "/api/v1/staff/$aid", { role => 'admin' });
is($adm->get('/admin/staff')->{status}, 303, 'promoted back: the old session is over, sign in again');
is(psql_value("SELECT count(*) FROM steward.sessions WHERE staff_id = $aid"), '0', '... every session of the account ended');
$adm = sign_in_staff($aemail, $apw);
is($adm->get('/admin/staff')->{status}, 200, '... and after signing in, allowed again');
isnt($adm->cookie('__Host-steward'), $promoted_tok, '... under a token nobody held before the promotion');

# ---- API keys: shown once, stored hashed, used, rotated, revoked.
$res = $adm->api('POST', '/api/v1/api-keys', { name => 'deploy bot', role => 'owner' });
is($res->{status}, 422, 'an admin cannot make a key stronger than their role');
$res = $adm->api('POST', '/api/v1/api-keys', { name => 'deploy bot', role => 'viewer', expires => '2001-01-01' });
is($res->{status}, 422, 'an expiry in the past is 422');
is($res->{json}{errors}[0]{field}, 'expires', '... naming the field');
$res = $adm->api('POST', '/api/v1/api-keys', { name => 'deploy bot', role => 'admin' });
is($res->{status}, 201, 'an admin makes a key with the admin role');
my $key = $res->{json}{key};
my $kid = $res->{json}{id};
like($key, qr/^stw_[a-z0-9]{12}_[A-Za-z0-9_-]{43}$/, 'the key is stw_ + lookup + _ + secret');
my ($lookup, $secret) = $key =~ /^stw_([a-z0-9]{12})_(.+)$/;
is(psql_value("SELECT count(*) FROM steward.api_keys WHERE id = $kid AND lookup = '$lookup'"), '1', 'stored by its lookup id');
is(psql_value("SELECT count(*) FROM steward.api_keys WHERE secret_hash::text LIKE '%$secret%'"), '0', 'the secret is not stored');
$res = $adm->api('GET', "/api/v1/api-keys/$kid");
ok(!exists $res->{json}{key}, 'reading a key back never shows the secret');
my $bot = client();
$bot->{bearer} = $key;
$res = $bot->api('GET', '/api/v1/me');
is($res->{status}, 200, 'the key authenticates /api/v1');
is($res->{json}{api_key_id}, $kid, '... as the key');
is($res->{json}{email}, $aemail, '... on behalf of its owner');
is($bot->get('/admin')->{status}, 303, 'a key never works for pages');
ok(psql_value("SELECT last_used_at IS NOT NULL AND host(last_used_ip) = '127.0.0.1' FROM steward.api_keys WHERE id = $kid") eq 't',
    'its last use is recorded with the address');
$res = $bot->api('POST', '/api/v1/roles', { name => 'nope', permissions => ['view'] });
is($res->{status}, 403, 'an admin key cannot manage roles');
$res = $bot->api('PATCH', "/api/v1/staff/$sid", { name => 'Sue Support' });
is($res->{status}, 200, 'a key writes without a CSRF token (it is no ambient credential)');
is(psql_value("SELECT actor_api_key_id FROM steward.audit_log WHERE action = 'staff.update' AND target_id = '$sid' ORDER BY seq DESC LIMIT 1"),
    $kid, 'the change is audited with the key as the actor');
# The trail's pages name the key beside the staff member it acts for.
my $kseq = psql_value("SELECT seq FROM steward.audit_log WHERE action = 'staff.update' AND target_id = '$sid'"
    . " AND actor_api_key_id = $kid ORDER BY seq DESC LIMIT 1");
$res = $owner->get("/admin/audit?action=staff.update&target_type=staff&target_id=$sid");
like($res->{content}, qr{<a href="/admin/audit/$kseq">$kseq</a>(?:(?!</tr>).)*<td>[^<]*&lt;\Q$aemail\E&gt; via API key #$kid</td>}s,
    'the trail page shows the row as made by the staff member via the API key');
like($owner->get("/admin/audit/$kseq")->{content}, qr{<dt>Actor</dt><dd>[^<]*&lt;\Q$aemail\E&gt; via API key #$kid</dd>},
    '... and so does the row\'s own page');

for my $bad ("stw_${lookup}_" . ('A' x 43), "xyz_${lookup}_$secret", "stw_" . ('a' x 12) . "_$secret",
    substr($key, 0, -1), "${key}A", 'stw_') {
	my $b = client();
	$b->{bearer} = $bad;
	is($b->api('GET', '/api/v1/me')->{status}, 401, 'a wrong key is 401: ' . substr($bad, 0, 20));
}
$res = client()->api('GET', '/api/v1/me', undef, headers => { authorization => "Basic $key" });
is($res->{status}, 401, 'another scheme is 401');
like($res->{headers}{'www-authenticate'} // '', qr/^Bearer/, '... (no Bearer: sign-in needed)')
    if defined $res->{headers}{'www-authenticate'};

# A key cannot mint credentials, whatever its role.
my $okey = client();
$okey->{bearer} = $owner->api('POST', '/api/v1/api-keys', { name => 'owner bot', role => 'owner' })->{json}{key};
is($okey->api('GET', '/api/v1/me')->{json}{role}, 'owner', 'an owner key');
for my $try (['POST', '/api/v1/api-keys', { name => 'child', role => 'viewer' }],
    ['POST', "/api/v1/api-keys/$kid/rotate", {}], ['POST', '/api/v1/staff', { email => "k$$\@x.test", name => 'K', role => 'viewer' }],
    ['POST', "/api/v1/staff/$sid/invite", {}], ['POST', "/api/v1/staff/$sid/reset-mfa", {}]) {
	is($okey->api(@$try)->{status}, 403, "a key may not $try->[0] $try->[1]");
}

# Keys and sessions of stronger accounts are out of reach.
my $okid = $owner->api('GET', '/api/v1/api-keys')->{json}{items}[0]{id};
is($owner->api('GET', "/api/v1/api-keys/$okid")->{json}{staff_id}, $oid, 'the owner\'s newest key');
is($adm->api('POST', "/api/v1/api-keys/$okid/rotate", {})->{status}, 403,
    'an admin cannot rotate an owner\'s key (they would learn a secret that acts as the owner)');
is($adm->api('DELETE', "/api/v1/api-keys/$okid")->{status}, 403, 'nor revoke it');
my $osid = $owner->api('GET', '/api/v1/sessions')->{json}{items}[0]{id};
is($adm->api('DELETE', "/api/v1/sessions/$osid")->{status}, 403, 'nor end an owner\'s session');
is($owner->api('POST', "/api/v1/api-keys/$kid/rotate", {})->{status}, 403,
    'only its owner rotates a key, even for an owner');

# A viewer key reads but does not write.
$res = $owner->api('POST', '/api/v1/api-keys', { name => 'reader', role => 'viewer' });
my $reader = client();
$reader->{bearer} = $res->{json}{key};
is($reader->api('GET', '/api/v1/roles')->{status}, 200, 'a viewer key reads');
is($reader->api('PATCH', "/api/v1/staff/$sid", { name => 'x' })->{status}, 403, 'a viewer key cannot write (403)');

# Rotation: a new secret; the old one works for the grace period only.
$res = $adm->api('POST', "/api/v1/api-keys/$kid/rotate", { grace => 2 });
is($res->{status}, 200, 'rotate with a two-second grace');
my $new = $res->{json}{key};
isnt($new, $key, 'a new secret');
like($new, qr/^stw_${lookup}_/, '... under the same lookup id');
my $bot2 = client();
$bot2->{bearer} = $new;
is($bot2->api('GET', '/api/v1/me')->{status}, 200, 'the new secret works');
is($bot->api('GET', '/api/v1/me')->{status}, 200, 'the old one still works during the grace');
ok(wait_until(6, sub { $bot->api('GET', '/api/v1/me')->{status} == 401 }), 'and not after it');
is($bot2->api('GET', '/api/v1/me')->{status}, 200, 'the new one goes on');
$res = $adm->api('POST', "/api/v1/api-keys/$kid/rotate", { grace => 999999999 });
is($res->{status}, 422, 'a grace longer than a week is 422');

# Revocation.
$res = $adm->api('DELETE', "/api/v1/api-keys/$kid");
is($res->{status}, 204, 'DELETE revokes');
is($bot2->api('GET', '/api/v1/me')->{status}, 401, 'a revoked key is 401');
is($adm->api('DELETE', "/api/v1/api-keys/$kid")->{status}, 404, 'revoking twice is 404');
# The key list links each key to its history in the trail.
$res = $owner->get('/admin/api-keys?before=' . ($kid + 1));
like($res->{content}, qr{<a class="history" href="/admin/audit\?target_type=api_key&amp;target_id=$kid">History →</a>},
    'the API keys page links a key to its history');
$res = $owner->get("/admin/audit?target_type=api_key&target_id=$kid");
my @kt = $res->{content} =~ m{<td>(api_key \d+)</td>}g;
is(scalar @kt, psql_value("SELECT count(*) FROM steward.audit_log WHERE target_type = 'api_key' AND target_id = '$kid'"),
    '... which lists every audit row of the key');
ok(@kt && !grep({ $_ ne "api_key $kid" } @kt), '... and no other');
is_deeply([$res->{content} =~ m{<code>(api_key\.[a-z]+)</code>}g], ['api_key.revoke', 'api_key.rotate', 'api_key.create'],
    '... made, rotated and revoked, newest first');

# Expiry.
$res = $adm->api('POST', '/api/v1/api-keys', { name => 'short', role => 'viewer' });
my $short = client();
$short->{bearer} = $res->{json}{key};
is($short->api('GET', '/api/v1/me')->{status}, 200, 'a key works');
psql("UPDATE steward.api_keys SET expires_at = now() - interval '1 second' WHERE id = $res->{json}{id}");
is($short->api('GET', '/api/v1/me')->{status}, 401, 'once expired it is 401');

# ---- Deactivation: the next request is signed out; keys fail.
$res = $adm->api('POST', '/api/v1/api-keys', { name => 'doomed', role => 'viewer' });
my $doomed = client();
$doomed->{bearer} = $res->{json}{key};
is($doomed->api('GET', '/api/v1/me')->{status}, 200, 'the admin has a working key');
$res = $owner->post("/admin/staff/$aid/deactivate", { csrf => $owner->{csrf} });
is($res->{status}, 303, 'the owner deactivates the admin through the page');
is($adm->get('/admin')->{status}, 303, 'their next request is sent to sign in');
is(header_of($adm->get('/admin'), 'location'), '/login', '... to /login');
is($doomed->api('GET', '/api/v1/me')->{status}, 401, 'their API keys fail');
my ($x, $xr) = sign_in($aemail, $apw);
is($xr->{status}, 200, 'they cannot sign in');
$res = $owner->post("/admin/staff/$aid/reactivate", { csrf => $owner->{csrf} });
is($res->{status}, 303, 'reactivated');
is($doomed->api('GET', '/api/v1/me')->{status}, 401, 'their old keys stay revoked');

# ---- Promotion into a role that requires two-factor sign-in (admin,
# on the test stack) sends a session without it to set it up first.
my ($pe, $pp) = make_staff('viewer', 'promo');
my $promo = sign_in_staff($pe, $pp);
my $pid = psql_value("SELECT id FROM steward.staff WHERE email = '$pe'");
is($promo->get('/admin')->{status}, 200, 'a viewer without TOTP is signed in');
is($owner->api('PATCH', "/api/v1/staff/$pid", { role => 'admin' })->{status}, 200, 'promoted to admin');
$res = $promo->get('/admin/staff');
is($res->{status}, 303, 'a promotion ends their session');
is($res->{headers}{location}, '/login', '... back to the sign-in form');
my $r2;
($promo, $r2) = sign_in($pe, $pp);
is($r2->{headers}{location}, '/admin/account/mfa', 'signed in again, they must set up TOTP first');
is($promo->get('/admin/staff')->{headers}{location}, '/admin/account/mfa', '... before anything else');
is($promo->api('GET', '/api/v1/me')->{status}, 401, '... and the API does not take the session meanwhile');

# A set-password link is a way into an account: not for a peer's.
my ($pe2, $pp2) = make_staff('admin', 'peer');
my $peer = psql_value("SELECT id FROM steward.staff WHERE email = '$pe2'");
my $adm3 = sign_in_staff(make_staff('admin', 'peer3'));
is($adm3->api('POST', "/api/v1/staff/$peer/invite")->{status}, 403, 'an admin cannot make a link into another admin\'s account');
is($owner->api('POST', "/api/v1/staff/$peer/invite")->{status}, 200, 'an owner can');

# The database will not undo a revocation or a used link.
eval { psql("UPDATE steward.api_keys SET revoked_at = NULL WHERE id = $kid") };
is(psql_value("SELECT revoked_at IS NOT NULL FROM steward.api_keys WHERE id = $kid"), 't', 'a revoked key stays revoked, even by SQL');
eval { psql("UPDATE steward.invitations SET used_at = NULL WHERE staff_id = $sid") };
is(psql_value("SELECT bool_and(used_at IS NOT NULL) FROM steward.invitations WHERE staff_id = $sid"), 't', 'a used link stays used');

# ---- Last owner, and escalation.
my $sole = psql_value("SELECT count(*) FROM steward.staff WHERE role = 'owner' AND status = 'active'");
psql("UPDATE steward.staff SET status = 'disabled' WHERE role = 'owner' AND status = 'active' AND id <> $oid");
$res = $owner->api('PATCH', "/api/v1/staff/$oid", { role => 'admin' });
is($res->{status}, 409, 'the last active owner cannot demote themselves');
$res = $owner->api('POST', "/api/v1/staff/$oid/deactivate");
is($res->{status}, 409, 'nor deactivate themselves');
my $out = `$ctl set-role $oemail viewer 2>&1`;
isnt($?, 0, 'stewardctl set-role refuses too');
like($out, qr/last active owner/, '... saying why');
$out = `$ctl deactivate $oemail 2>&1`;
isnt($?, 0, 'stewardctl deactivate refuses too');
is(psql_value("SELECT role || ' ' || status FROM steward.staff WHERE id = $oid"), 'owner active', 'the owner is still an active owner');
eval { psql("DELETE FROM steward.staff WHERE id = $oid") };
is(psql_value("SELECT count(*) FROM steward.staff WHERE id = $oid"), '1', 'even SQL cannot delete the last owner');
psql("UPDATE steward.staff SET status = 'active' WHERE role = 'owner' AND id <> $oid AND email LIKE '%steward.test'");

my $adm2 = do {
	my ($e, $p) = make_staff('admin', 'esc');
	sign_in_staff($e, $p);
};
$res = $adm2->api('PATCH', "/api/v1/staff/$sid", { role => 'owner' });
is($res->{status}, 422, 'an admin cannot give the owner role');
$res = $adm2->api('PATCH', "/api/v1/staff/$oid", { name => 'Pwned' });
is($res->{status}, 403, 'an admin cannot edit an owner');
$res = $adm2->api('POST', "/api/v1/staff/$oid/deactivate");
is($res->{status}, 403, 'nor deactivate one');
$res = $adm2->api('POST', '/api/v1/roles', { name => 'mine', permissions => ['view'] });
is($res->{status}, 403, 'an admin cannot make roles');

# Custom roles: an owner makes one; nobody edits a built-in role.
$res = $owner->api('POST', '/api/v1/roles', { name => "auditor_$$", description => 'Reads the trail',
    permissions => ['view', 'audit.read'] });
is($res->{status}, 201, 'an owner makes a custom role');
is_deeply($res->{json}{permissions}, ['view', 'audit.read'], '... with exactly those permissions');
$res = $owner->api('PATCH', '/api/v1/roles/admin', { permissions => ['view'] });
is($res->{status}, 403, 'a built-in role cannot be changed');
eval { psql("UPDATE steward.roles SET permissions = '{}' WHERE name = 'admin'") };
is(psql_value("SELECT array_length(permissions, 1) FROM steward.roles WHERE name = 'admin'"), '9',
    '... not even with SQL');
$res = $owner->api('PATCH', "/api/v1/roles/auditor_$$", { permissions => ['view', 'no.such'] });
is($res->{status}, 422, 'an unknown permission is 422');
my ($ae, $ap) = make_staff('viewer', 'aud');
system("$ctl set-role $ae auditor_$$ >/dev/null");
my $aud = sign_in_staff($ae, $ap);
is($aud->get('/admin/audit')->{status}, 200, 'a member of the custom role reads the trail');
is($aud->get('/admin/staff')->{status}, 403, '... and nothing it does not grant');
my $rhist = qr{<a class="history" href="/admin/audit\?target_type=role&amp;target_id=auditor_$$">History →</a>};
like($aud->get("/admin/roles/auditor_$$")->{content}, $rhist, 'the role page links to the role\'s history');
$res = $aud->get("/admin/audit?target_type=role&target_id=auditor_$$");
like($res->{content}, qr{<td><code>role\.create</code></td>\s*<td>role auditor_$$</td>}, '... which lists its creation');
is(scalar(() = $res->{content} =~ m{<td>role auditor_$$</td>}g),
    psql_value("SELECT count(*) FROM steward.audit_log WHERE target_type = 'role' AND target_id = 'auditor_$$'"),
    '... and every other row of the role');
$res = $owner->api('PATCH', "/api/v1/roles/auditor_$$", { permissions => ['view'] });
is($res->{status}, 200, 'the owner takes audit.read away');
is($aud->get('/admin/audit')->{status}, 403, '... effective on the next request');
$res = $aud->get("/admin/roles/auditor_$$");
is($res->{status}, 200, '... the role page still opens');
unlike($res->{content}, qr{target_type=}, '... without the link to the trail');

# A staff account's page shows its audit rows only to those who may read
# the trail: staff.manage alone does not show them.
for my $r (["mgr_plain_$$", ['view', 'staff.manage']], ["mgr_audit_$$", ['view', 'staff.manage', 'audit.read']]) {
	is($owner->api('POST', '/api/v1/roles', { name => $r->[0], permissions => $r->[1] })->{status}, 201,
	    "a custom role with @{$r->[1]}");
}
my ($me1, $mp1) = make_staff('viewer', 'mgrplain');
system("$ctl set-role $me1 mgr_plain_$$ >/dev/null");
my $mgr = sign_in_staff($me1, $mp1);
$res = $mgr->get("/admin/staff/$sid");
is($res->{status}, 200, 'staff.manage without audit.read opens a staff page');
like($res->{content}, qr{<h2>Sessions</h2>}, '... with its sessions');
unlike($res->{content}, qr{Recent audit rows}, '... but not its audit rows');
unlike($res->{content}, qr{<td>staff\.create</td>|target_type=}, '... nor any of their actions, nor a link to the trail');
my ($me2, $mp2) = make_staff('viewer', 'mgraudit');
system("$ctl set-role $me2 mgr_audit_$$ >/dev/null");
my $mgra = sign_in_staff($me2, $mp2);
$res = $mgra->get("/admin/staff/$sid");
is($res->{status}, 200, 'staff.manage with audit.read opens it too');
like($res->{content}, qr{Recent audit rows}, '... with its audit rows');
like($res->{content}, qr{<td>staff\.create</td>}, '... the account\'s creation among them');
like($res->{content}, qr{<a class="history" href="/admin/audit\?target_type=staff&amp;target_id=$sid">History →</a>},
    '... and a link to its whole history');
$res = $mgra->get("/admin/audit?target_type=staff&target_id=$sid");
my @st = $res->{content} =~ m{<td>(staff \d+)</td>}g;
my $stn = psql_value("SELECT count(*) FROM steward.audit_log WHERE target_type = 'staff' AND target_id = '$sid'");
is(scalar @st, $stn > 50 ? 50 : $stn, 'which lists the account\'s audit rows');
ok(@st && !grep({ $_ ne "staff $sid" } @st), '... and no other');
is($owner->api('DELETE', "/api/v1/roles/auditor_$$")->{status}, 409, 'a role still held cannot be deleted');

# ---- Sessions: mine, everyone's, revoke one.
my ($ve, $vp) = make_staff('viewer', 'sess');
my $v1 = sign_in_staff($ve, $vp);
my $v2 = sign_in_staff($ve, $vp);
$res = $v1->api('GET', '/api/v1/sessions');
is(scalar @{ $res->{json}{items} }, 2, 'a viewer sees their two sessions');
my ($other) = grep { !$_->{current} } @{ $res->{json}{items} };
my $vid = psql_value("SELECT id FROM steward.staff WHERE email = '$ve'");
is($v1->api('GET', "/api/v1/sessions?staff=$oid")->{status}, 403, '... but not the owner\'s');
my $osess = $owner->api('GET', '/api/v1/sessions')->{json}{items}[0]{id};
is($v1->api('DELETE', "/api/v1/sessions/$osess")->{status}, 404, 'nor can they end someone else\'s');
is($v1->api('DELETE', "/api/v1/sessions/$other->{id}")->{status}, 204, 'they end their other one');
is($v2->get('/admin')->{status}, 303, 'which is signed out');
$res = $owner->api('GET', "/api/v1/sessions?staff=$vid");
is(scalar @{ $res->{json}{items} }, 1, 'an owner sees anyone\'s sessions');
$res = $owner->api('GET', '/api/v1/sessions?staff=0');
cmp_ok(scalar @{ $res->{json}{items} }, '>=', 3, '... or everyone\'s');
my $page = $owner->get('/admin/sessions');
like($page->{content}, qr/Everyone's sessions/, 'the page shows everyone to an owner');
like($page->{content}, qr/\Q$ve\E/, '... with each session\'s staff member');
$page = $owner->get("/admin/sessions?staff=$vid");
like($page->{content}, qr/Sessions of one staff member/, '... or one staff member\'s');
$page = $v1->get('/admin/sessions');
like($page->{content}, qr/Your sessions/, 'a viewer\'s page shows their own');
like($page->{content}, qr{action="/admin/account/sessions/end-others"}, '... with a way to end the others');
unlike($page->{content}, qr/name="staff"/, '... and no filter by staff');
is($v1->get("/admin/sessions?staff=$oid")->{status}, 403, 'the page will not show them the owner\'s');

# ---- Listing: filters and keyset pagination in one envelope.
$res = $owner->api('GET', '/api/v1/staff?status=active&limit=2');
is($res->{status}, 200, 'GET /api/v1/staff with a filter and a limit');
is(scalar @{ $res->{json}{items} }, 2, '... two items');
ok((!grep { $_->{status} ne 'active' } @{ $res->{json}{items} }), '... all active');
like($res->{json}{next}, qr{^/api/v1/staff\?status=active&limit=2&before=\d+$}, '... and a next link');
my $next = $owner->api('GET', $res->{json}{next});
my %ids = map { $_->{id} => 1 } @{ $res->{json}{items} };
ok(!grep({ $ids{$_->{id}} } @{ $next->{json}{items} }), 'the next page does not repeat');
$res = $owner->api('GET', '/api/v1/staff?role=support');
ok(@{ $res->{json}{items} } && !grep({ $_->{role} ne 'support' } @{ $res->{json}{items} }), 'a role filter');
is($owner->api('GET', '/api/v1/staff?limit=0')->{status}, 400, 'limit=0 is 400');
is($owner->api('GET', '/api/v1/staff?status=bogus')->{status}, 400, 'a bad status is 400');
$res = $owner->api('GET', '/api/v1/staff?q=%25');
is(scalar @{ $res->{json}{items} }, 0, 'search is literal: % matches nothing');

# ---- Hostile JSON bodies.
for my $body ('[1]', '{"name":{"a":1}}', '{"name":"a\u0000b"}', '{"name":', "{\"name\":\"\xff\"}") {
	$res = $owner->api('PATCH', "/api/v1/staff/$sid", $body);
	is($res->{status}, 400, "a hostile body is 400: $body");
}
$res = $owner->api('PATCH', "/api/v1/staff/$sid", '{"name":"x"}', headers => { 'content-type' => 'text/plain' });
is($res->{status}, 415, 'a text/plain body is 415');

# ---- stewardctl set-role and deactivate, audited as the system.
is(system("$ctl set-role $ve billing >/dev/null"), 0, 'stewardctl set-role');
is(psql_value("SELECT role FROM steward.staff WHERE id = $vid"), 'billing', '... changes the role');
is(system("$ctl deactivate $ve >/dev/null"), 0, 'stewardctl deactivate');
is($v1->get('/admin')->{status}, 303, '... signs them out');
is(psql_value("SELECT count(*) FROM steward.audit_log WHERE target_id = '$vid' AND actor_staff_id IS NULL"
    . " AND user_agent IN ('stewardctl set-role', 'stewardctl deactivate')"), '3',
    'both audited as the system (with the set-role that made the account)');

done_testing();
