// A person signs in through the form in headless Chromium (Debian's
// package, driven by playwright-core) and lands on /admin; the screenshot
// is saved under $STEWARD_OUTPUT. Prints TAP.
import { ok, env, launch, done } from './tap.mjs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';

const { URL: url, EMAIL: email, PASSWORD: password, OUTPUT: out } = env('URL', 'EMAIL', 'PASSWORD', 'OUTPUT');

const totp = (secret) => execFileSync('oathtool', ['--totp', '-b', secret]).toString().trim();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const browser = await launch();
try {
	const context = await browser.newContext({ ignoreHTTPSErrors: true });
	const page = await context.newPage();
	const errors = [];
	page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });

	const resp = await page.goto(`${url}/admin`);
	ok(resp.ok() && new URL(page.url()).pathname === '/login',
	    'an anonymous visit to /admin lands on the sign-in form');
	await page.screenshot({ path: path.join(out, 'login.png') });

	await page.fill('#email', email);
	await page.fill('#password', 'a wrong password, surely');
	await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
	ok((await page.textContent('.alert')).includes('Incorrect email or password.'),
	    'a wrong password shows the error');

	await page.fill('#email', email);
	await page.fill('#password', password);
	await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
	ok(new URL(page.url()).pathname === '/admin', 'signing in lands on /admin');
	const heading = await page.textContent('h1');
	ok(heading.includes('Demo Owner'), `the page greets the owner ("${heading.trim()}")`);
	const bg = await page.evaluate(() => getComputedStyle(document.querySelector('.topbar')).backgroundColor);
	ok(bg !== 'rgba(0, 0, 0, 0)', `the stylesheet is applied (top bar ${bg})`);
	const cookies = await context.cookies();
	const session = cookies.find((c) => c.name === '__Host-steward');
	ok(session && session.httpOnly && session.secure && session.sameSite === 'Strict',
	    'the browser holds an HttpOnly, Secure, SameSite=Strict session cookie');
	ok(errors.length === 0, `no console errors (CSP violations included): ${errors.join('; ') || 'none'}`);
	const shot = path.join(out, 'admin.png');
	await page.screenshot({ path: shot, fullPage: true });
	console.log(`# screenshot: ${shot}`);

	// The audit trail: filter, open a row, read its diff.
	await Promise.all([page.waitForNavigation(), page.click('nav >> text=Audit')]);
	ok((await page.textContent('h1')).includes('Audit trail'), 'the Audit link opens the trail');
	await page.selectOption('select[name=action]', 'staff.create');
	await Promise.all([page.waitForNavigation(), page.click('form.filters button[type=submit]')]);
	const actions = await page.$$eval('tbody code', (els) => els.map((e) => e.textContent));
	ok(actions.length > 0 && actions.every((a) => a === 'staff.create'),
	    `filtering by action shows only staff.create rows (${actions.length})`);
	await Promise.all([page.waitForNavigation(), page.click('tbody tr:last-child td a')]);
	const diff = await page.textContent('table.diff');
	ok(diff.includes('owner@steward.test') && diff.includes('[redacted]'),
	    'the row shows its diff, with the password hash redacted');
	await page.screenshot({ path: path.join(out, 'audit-row.png'), fullPage: true });

	// Two-factor sign-in: enrol by reading the key off the page.
	await page.goto(`${url}/admin/account/mfa`);
	const secret = (await page.textContent('#totp-secret')).trim();
	ok(/^[A-Z2-7]{32}$/.test(secret), 'the enrolment page shows a base32 key');
	ok(await page.isVisible('.qr svg'), 'and a QR code');
	await page.screenshot({ path: path.join(out, 'mfa-enrol.png'), fullPage: true });
	while (30 - (Date.now() / 1000) % 30 < 4) await sleep(200);
	const enrolStep = Math.floor(Date.now() / 30000);
	await page.fill('#code', totp(secret));
	await Promise.all([page.waitForNavigation(), page.click('button.primary')]);
	const codes = await page.$$eval('.codes code', (els) => els.length);
	ok(codes === 10, `enrolment shows ten recovery codes (${codes})`);

	await Promise.all([page.waitForNavigation(), page.click('text=Sign out')]);
	await page.fill('#email', email);
	await page.fill('#password', password);
	await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
	ok(new URL(page.url()).pathname === '/login/totp', 'with TOTP on, the password leads to the code form');
	// The enrolment used this step's code; a fresh one comes with the next.
	while (Math.floor(Date.now() / 30000) === enrolStep || 30 - (Date.now() / 1000) % 30 < 3) await sleep(250);
	await page.fill('#code', totp(secret));
	await Promise.all([page.waitForNavigation(), page.click('button.primary')]);
	ok(new URL(page.url()).pathname === '/admin', 'password and code sign in');

	await Promise.all([page.waitForNavigation(), page.click('text=Sign out')]);
	ok(new URL(page.url()).pathname === '/login', 'signing out returns to the form');
	await page.goto(`${url}/admin`);
	ok(new URL(page.url()).pathname === '/login', 'after signing out /admin needs a sign-in again');
} catch (e) {
	ok(false, `browser flow: ${e.message}`);
} finally {
	await browser.close();
}
done();
