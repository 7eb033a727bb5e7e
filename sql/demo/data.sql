-- Deterministic demo data for schema app (schema.sql): the same rows on
-- every run, from arithmetic on generate_series rather than random().
-- psql -v users=N sets the number of users (default 10000); each user has
-- related entitlements, subscriptions, payments and credit rows in
-- proportion. contrib/devstack passes DEVSTACK_USERS (10 million users
-- take several minutes to load).

\if :{?users}
\else
\set users 10000
\endif

BEGIN;

INSERT INTO app.tiers (name, requests_per_minute, daily_limit, features, created_at)
VALUES
	('Free', 20, 100, '["api"]', '2024-01-01T00:00:00Z'),
	('Starter', 60, 1000, '["api", "export"]', '2024-01-01T00:00:00Z'),
	('Pro', 300, 5000, '["api", "export", "webhooks"]', '2024-01-01T00:00:00Z'),
	('Enterprise', 2000, 10000, '["api", "export", "webhooks", "sso", "audit"]', '2024-01-01T00:00:00Z');

INSERT INTO app.products (kind, name, description, tier_id, credits, active, created_at)
VALUES
	('plan', 'Starter plan', 'For small teams getting going.', 2, NULL, true, '2024-01-01T00:00:00Z'),
	('plan', 'Pro plan', 'Webhooks and higher limits.', 3, NULL, true, '2024-01-01T00:00:00Z'),
	('plan', 'Enterprise plan', 'SSO, audit and the highest limits.', 4, NULL, true, '2024-01-01T00:00:00Z'),
	('addon', 'Extra seats', 'Five more seats.', NULL, NULL, true, '2024-02-01T00:00:00Z'),
	('addon', 'Priority support', 'Answers within four hours.', NULL, NULL, true, '2024-02-01T00:00:00Z'),
	('credit_pack', '1,000 credits', 'One thousand API credits.', NULL, 1000, true, '2024-03-01T00:00:00Z'),
	('credit_pack', '10,000 credits', 'Ten thousand API credits.', NULL, 10000, true, '2024-03-01T00:00:00Z'),
	('plan', 'Legacy plan', 'No longer sold.', 2, NULL, false, '2023-01-01T00:00:00Z');

-- Monthly and yearly prices for plans and add-ons, one-off for packs.
INSERT INTO app.prices (product_id, billing_interval, amount_cents, currency, active, created_at)
VALUES
	(1, 'month', 1900, 'EUR', true, '2024-01-01T00:00:00Z'),
	(1, 'year', 19000, 'EUR', true, '2024-01-01T00:00:00Z'),
	(2, 'month', 4900, 'EUR', true, '2024-01-01T00:00:00Z'),
	(2, 'year', 49000, 'EUR', true, '2024-01-01T00:00:00Z'),
	(3, 'month', 29900, 'EUR', true, '2024-01-01T00:00:00Z'),
	(3, 'year', 299000, 'EUR', true, '2024-01-01T00:00:00Z'),
	(4, 'month', 1000, 'EUR', true, '2024-02-01T00:00:00Z'),
	(5, 'month', 9900, 'EUR', true, '2024-02-01T00:00:00Z'),
	(6, 'once', 900, 'EUR', true, '2024-03-01T00:00:00Z'),
	(7, 'once', 7900, 'EUR', true, '2024-03-01T00:00:00Z'),
	(8, 'month', 900, 'EUR', false, '2023-01-01T00:00:00Z');

INSERT INTO app.discount_codes (code, percent_off, status, max_redemptions, redeemed, expires_at, created_at)
SELECT 'CODE-' || lpad(i::text, 4, '0'), 5 + (i * 7) % 46,
	CASE WHEN i % 5 = 0 THEN 'inactive' ELSE 'active' END,
	CASE WHEN i % 3 = 0 THEN NULL ELSE 100 + (i * 13) % 900 END,
	(i * 17) % 100,
	CASE WHEN i % 4 = 0 THEN '2027-01-01T00:00:00Z'::timestamptz + make_interval(days => i) END,
	'2024-01-01T00:00:00Z'::timestamptz + make_interval(days => i)
FROM generate_series(1, 200) AS i;

-- Users: names from two short lists, created over three years.
INSERT INTO app.users (email, display_name, role, status, daily_limit, tier_id,
    created_at, last_seen_at, updated_at)
SELECT
	lower(f.n || '.' || l.n || i) || '@example.com',
	f.n || ' ' || l.n,
	CASE WHEN i % 50 = 0 THEN 'admin' ELSE 'member' END,
	CASE WHEN i % 37 = 0 THEN 'suspended' ELSE 'active' END,
	(ARRAY[100, 100, 100, 1000, 5000, 10000])[1 + i % 6],
	1 + (i * 7) % 4,
	'2023-01-01T00:00:00Z'::timestamptz + make_interval(secs => (i::double precision * 94608000 / :users)::bigint),
	CASE WHEN i % 9 = 0 THEN NULL ELSE '2026-01-01T00:00:00Z'::timestamptz + make_interval(mins => ((i::bigint * 7919) % 460000)::int) END,
	'2026-01-01T00:00:00Z'::timestamptz
FROM generate_series(1, :users) AS i,
	LATERAL (SELECT (ARRAY['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Frances',
	    'Ken', 'Margaret', 'Dennis', 'Radia', 'Linus', 'Hedy', 'Niklaus', 'Sophie', 'Tim'])[1 + (i * 7) % 16] AS n) f,
	LATERAL (SELECT (ARRAY['Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov', 'Knuth', 'Allen',
	    'Thompson', 'Hamilton', 'Ritchie', 'Perlman', 'Torvalds', 'Lamarr', 'Wirth', 'Wilson', 'Berners-Lee',
	    'Kay', 'Backus', 'Goldberg', 'Wing'])[1 + (i * 13) % 20] AS n) l;

INSERT INTO app.user_entitlements (user_id, feature, granted_at, expires_at, note)
SELECT u, (ARRAY['beta', 'bulk_export', 'priority_queue'])[1 + u % 3],
	'2025-01-01T00:00:00Z'::timestamptz + make_interval(hours => u % 8760),
	CASE WHEN u % 2 = 0 THEN '2027-01-01T00:00:00Z'::timestamptz END,
	'granted by support'
FROM generate_series(1, :users, 4) AS u;

-- Two in three users subscribe; one in five of those cancelled.
INSERT INTO app.subscriptions (user_id, price_id, status, started_at, current_period_end, cancelled_at)
SELECT u, 1 + (u * 11) % 8,
	CASE WHEN u % 5 = 0 THEN 'cancelled' ELSE 'active' END,
	'2024-01-01T00:00:00Z'::timestamptz + make_interval(days => u % 700),
	'2026-12-01T00:00:00Z'::timestamptz + make_interval(days => u % 30),
	CASE WHEN u % 5 = 0 THEN '2026-06-01T00:00:00Z'::timestamptz + make_interval(days => u % 100) END
FROM generate_series(1, :users) AS u
WHERE u % 3 <> 0;

INSERT INTO app.subscription_discounts (subscription_id, discount_code_id, applied_at)
SELECT s.id, 1 + (s.id * 7) % 200, s.started_at
FROM app.subscriptions s
WHERE s.id % 10 = 0;

-- Three payments for each subscription.
INSERT INTO app.payments (user_id, subscription_id, amount_cents, currency, status, reference, paid_at)
SELECT s.user_id, s.id, p.amount_cents,
	'EUR',
	CASE WHEN (s.id + k) % 29 = 0 THEN 'failed' WHEN (s.id + k) % 97 = 0 THEN 'refunded' ELSE 'succeeded' END,
	'PAY-' || s.id || '-' || k,
	s.started_at + make_interval(days => 30 * k)
FROM app.subscriptions s JOIN app.prices p ON p.id = s.price_id,
	generate_series(0, 2) AS k;

INSERT INTO app.credit_ledger (user_id, kind, amount, reason, created_at)
SELECT u, 'grant', 1000, 'welcome credits', '2025-01-01T00:00:00Z'::timestamptz + make_interval(hours => u % 8760)
FROM generate_series(1, :users, 2) AS u
UNION ALL
SELECT u, 'usage', -(1 + (u * 31) % 400), 'API calls', '2025-06-01T00:00:00Z'::timestamptz + make_interval(hours => u % 4000)
FROM generate_series(1, :users, 2) AS u;

COMMIT;

-- Search indexes, built once the rows are in.
CREATE INDEX IF NOT EXISTS users_email_trgm ON app.users USING gin (email gin_trgm_ops);
CREATE INDEX IF NOT EXISTS users_name_trgm ON app.users USING gin (display_name gin_trgm_ops);
CREATE INDEX IF NOT EXISTS payments_reference_trgm ON app.payments USING gin (reference gin_trgm_ops);

ANALYZE app.tiers, app.users, app.user_entitlements, app.products, app.prices,
    app.subscriptions, app.payments, app.discount_codes,
    app.subscription_discounts, app.credit_ledger;
