// An admin (two-factor sign-in, as the test stack requires of admins)
// creates a support-role staff member in headless Chromium; the member
// follows the one-time link, sets a password, signs in and sees only what
// the support role allows. Screenshots go to $STEWARD_OUTPUT. Prints TAP.
import { ok, env, launch, done } from './tap.mjs';
import path from 'node:path';
import { execFileSync, execSync } from 'node:child_process';

const { URL: url, OUTPUT: out, CTL: ctl, PSQL: psql } = env('URL', 'OUTPUT', 'CTL', 'PSQL');

// The admin: made with stewardctl, a TOTP secret set in the database.
const tag = process.pid;
const adminEmail = `browser-admin-${tag}@steward.test`;
const adminPw = `browser admin passphrase ${tag}`;
const hex = '3132333435363738393031323334353637383930';
execSync(`printf '%s\\n' '${adminPw}' | ${ctl} create-owner --name 'Ada Admin' ${adminEmail} >/dev/null`);
execSync(`${ctl} set-role ${adminEmail} admin >/dev/null`);
execSync(`${psql} -c "UPDATE steward.staff SET totp_secret = '\\\\x${hex}', totp_enabled = true WHERE email = '${adminEmail}'"`);
const totp = () => execFileSync('oathtool', ['--totp', hex]).toString().trim();

const memberEmail = `browser-support-${tag}@steward.test`;
const memberPw = `support member passphrase ${tag}`;

const browser = await launch();
const navTexts = async (page) => page.$$eval('nav.mainnav a', (els) => els.map((e) => e.textContent.trim()));
try {
	const admin = await (await browser.newContext({ ignoreHTTPSErrors: true })).newPage();
	const errors = [];
	admin.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
	await admin.goto(`${url}/login`);
	await admin.fill('#email', adminEmail);
	await admin.fill('#password', adminPw);
	await Promise.all([admin.waitForNavigation(), admin.click('button[type=submit]')]);
	ok(new URL(admin.url()).pathname === '/login/totp', 'the admin is asked for a code');
	await admin.fill('#code', totp());
	await Promise.all([admin.waitForNavigation(), admin.click('button.primary')]);
	ok(new URL(admin.url()).pathname === '/admin', 'the admin is signed in');
	const adminNav = await navTexts(admin);
	ok(['Staff', 'API keys', 'Audit'].every((t) => adminNav.includes(t)),
	    `the admin's menu offers Staff, API keys and Audit (${adminNav.join(', ')})`);

	await Promise.all([admin.waitForNavigation(), admin.click('nav >> text=Staff')]);
	await Promise.all([admin.waitForNavigation(), admin.click('text=New staff member')]);
	const roles = await admin.$$eval('#role option', (els) => els.map((e) => e.value));
	ok(roles.includes('support') && !roles.includes('owner'),
	    `the role list offers only roles no stronger than admin (${roles.join(', ')})`);
	await admin.fill('#email', memberEmail);
	await admin.fill('#name', 'Sam Support');
	await admin.selectOption('#role', 'support');
	await Promise.all([admin.waitForNavigation(), admin.click('button.primary')]);
	const link = (await admin.textContent('#invite-url')).trim();
	ok(/\/invite\?token=[A-Za-z0-9_-]{43}$/.test(link), 'the new member\'s page shows a one-time link');
	ok((await admin.textContent('#staff-role')).trim() === 'support', 'with the role support');
	await admin.screenshot({ path: path.join(out, 'staff-created.png'), fullPage: true });

	// The member, in a browser of their own.
	const member = await (await browser.newContext({ ignoreHTTPSErrors: true })).newPage();
	await member.goto(link.replace(/^https:\/\/[^/]+/, url));
	ok((await member.textContent('h1')).includes('Set your password'), 'the link opens the set-password form');
	await member.fill('#password', memberPw);
	await member.fill('#again', memberPw);
	await Promise.all([member.waitForNavigation(), member.click('button.primary')]);
	ok(new URL(member.url()).pathname === '/login', 'setting the password leads to the sign-in form');
	await member.fill('#email', memberEmail);
	await member.fill('#password', memberPw);
	await Promise.all([member.waitForNavigation(), member.click('button[type=submit]')]);
	ok(new URL(member.url()).pathname === '/admin', 'the member signs in');
	const nav = await navTexts(member);
	ok(nav.includes('Dashboard') && nav.includes('Roles') && nav.includes('Sessions'),
	    `the support menu has Dashboard, Roles, Sessions (${nav.join(', ')})`);
	ok(!nav.includes('Staff') && !nav.includes('API keys') && !nav.includes('Audit'),
	    'and not Staff, API keys or Audit');
	await member.screenshot({ path: path.join(out, 'support-admin.png'), fullPage: true });
	await member.goto(`${url}/admin/roles`);
	ok(await member.isHidden('form[action="/admin/roles"]'), 'the roles page offers support no form to make roles');
	const resp = await member.goto(`${url}/admin/staff`);
	ok(resp.status() === 403, `typing /admin/staff gets 403 (${resp.status()})`);
	ok((await member.textContent('main')).includes('Your role does not allow this'), '... on a page that says why');
	await member.screenshot({ path: path.join(out, 'support-denied.png'), fullPage: true });
	const audit = await member.goto(`${url}/admin/audit`);
	ok(audit.status() === 403, `and /admin/audit too (${audit.status()})`);

	// The admin sees them in the list.
	await admin.goto(`${url}/admin/staff?q=${encodeURIComponent(memberEmail)}`);
	const rows = await admin.$$eval('tbody tr', (els) => els.map((e) => e.textContent));
	ok(rows.length === 1 && rows[0].includes('Sam Support') && rows[0].includes('support'),
	    'the staff list finds the new member');
	await admin.goto(`${url}/admin/roles`);
	const cells = await admin.$$eval('table.matrix tbody tr', (trs) => trs.length);
	ok(cells >= 6, `the roles page shows the matrix (${cells} roles)`);
	await admin.screenshot({ path: path.join(out, 'roles.png'), fullPage: true });
	await admin.goto(`${url}/admin/api-keys`);
	await admin.fill('#key-name', 'browser test key');
	await admin.selectOption('#key-role', 'viewer');
	await Promise.all([admin.waitForNavigation(), admin.click('button.primary')]);
	const key = (await admin.textContent('#new-key')).trim();
	ok(/^stw_[a-z0-9]{12}_[A-Za-z0-9_-]{43}$/.test(key), 'making an API key shows it once');
	await admin.screenshot({ path: path.join(out, 'api-keys.png'), fullPage: true });
	await admin.goto(`${url}/admin/api-keys`);
	ok(!(await admin.content()).includes(key), 'and never again');
	ok(errors.length === 0, `no console errors (CSP violations included): ${errors.join('; ') || 'none'}`);
} catch (e) {
	ok(false, `browser flow: ${e.message}`);
} finally {
	await browser.close();
}
done();
