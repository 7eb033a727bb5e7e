// A person signs in through the form in headless Chromium (Debian's
// package, driven by playwright-core) and lands on /admin; the screenshot
// is saved under $STEWARD_OUTPUT. Prints TAP.
import { chromium } from 'playwright-core';
import path from 'node:path';

const url = process.env.STEWARD_URL;
const email = process.env.STEWARD_EMAIL;
const password = process.env.STEWARD_PASSWORD;
const out = process.env.STEWARD_OUTPUT;

let n = 0;
let failed = 0;
function ok(pass, what) {
	n++;
	if (!pass) failed++;
	console.log(`${pass ? '' : 'not '}ok ${n} - ${what}`);
}

if (!url || !email || !password || !out) {
	console.log('Bail out! STEWARD_URL, _EMAIL, _PASSWORD and _OUTPUT must be set: run contrib/devstack test');
	process.exit(255);
}

const browser = await chromium.launch({
	executablePath: '/usr/bin/chromium',
	args: ['--headless', '--no-sandbox', '--disable-gpu',
	    '--disable-background-networking', '--disable-component-update',
	    '--no-first-run', '--disable-quic', '--disable-sync'],
});
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

	await Promise.all([page.waitForNavigation(), page.click('text=Sign out')]);
	ok(new URL(page.url()).pathname === '/login', 'signing out returns to the form');
	await page.goto(`${url}/admin`);
	ok(new URL(page.url()).pathname === '/login', 'after signing out /admin needs a sign-in again');
} catch (e) {
	ok(false, `browser flow: ${e.message}`);
} finally {
	await browser.close();
}
console.log(`1..${n}`);
process.exit(failed ? 1 : 0);
