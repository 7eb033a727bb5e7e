// What every browser test shares: TAP output, the environment that
// contrib/devstack test exports, and Debian's Chromium, headless.
import { chromium } from 'playwright-core';

let n = 0;
let failed = 0;

export function ok(pass, what) {
	n++;
	if (!pass) failed++;
	console.log(`${pass ? '' : 'not '}ok ${n} - ${what}`);
}

// The STEWARD_* variables named, or a bail-out saying how to get them.
export function env(...names) {
	const v = {};
	for (const name of names) {
		v[name] = process.env[`STEWARD_${name}`];
		if (!v[name]) {
			console.log(`Bail out! STEWARD_${names.join(', _')} must be set: run contrib/devstack test`);
			process.exit(255);
		}
	}
	return v;
}

export function launch() {
	return chromium.launch({
		executablePath: '/usr/bin/chromium',
		args: ['--headless', '--no-sandbox', '--disable-gpu',
		    '--disable-background-networking', '--disable-component-update',
		    '--no-first-run', '--disable-quic', '--disable-sync'],
	});
}

// Ends the run: the plan, and the exit status.
export function done() {
	console.log(`1..${n}`);
	process.exit(failed ? 1 : 0);
}
