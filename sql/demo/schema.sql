-- The demo platform: schema "app", the SaaS whose data Steward's resource
-- engine manages in development and in the test suite. Not one of
-- Steward's migrations (stewardctl migrate never reads this directory):
-- contrib/devstack loads it, then data.sql. A real deployment points the
-- catalogue (resources.json) at its own platform's tables instead.
--
-- Run as a superuser; steward_app gets exactly the rights the catalogue
-- needs.

CREATE SCHEMA app;
-- Trigram indexes serve the lists' search (ILIKE '%text%') on big tables;
-- data.sql makes them after loading, cheaper than row by row.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE app.tiers (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	name		text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 60),
	requests_per_minute integer NOT NULL CHECK (requests_per_minute > 0),
	daily_limit	integer NOT NULL CHECK (daily_limit BETWEEN 1 AND 10000),
	features	jsonb NOT NULL DEFAULT '[]',
	created_at	timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE app.users (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	email		text NOT NULL CHECK (email ~ '^[^@[:space:]]+@[^@[:space:]]+$'),
	display_name	text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
	role		text NOT NULL DEFAULT 'member' CHECK (role IN ('member', 'admin')),
	status		text NOT NULL DEFAULT 'active'
			CHECK (status IN ('active', 'suspended')),
	daily_limit	integer NOT NULL DEFAULT 100
			CHECK (daily_limit BETWEEN 1 AND 10000),
	tier_id		bigint REFERENCES app.tiers (id),
	password_hash	text,
	created_at	timestamptz NOT NULL DEFAULT now(),
	last_seen_at	timestamptz,
	updated_at	timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email_key ON app.users (lower(email));
CREATE INDEX users_created_idx ON app.users (created_at, id);
CREATE INDEX users_status_idx ON app.users (status, id);
CREATE INDEX users_tier_idx ON app.users (tier_id);

CREATE TABLE app.user_entitlements (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	user_id		bigint NOT NULL REFERENCES app.users (id) ON DELETE CASCADE,
	feature		text NOT NULL CHECK (length(feature) BETWEEN 1 AND 60),
	granted_at	timestamptz NOT NULL DEFAULT now(),
	expires_at	timestamptz,
	note		text NOT NULL DEFAULT '',
	UNIQUE (user_id, feature)
);

CREATE TABLE app.products (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	kind		text NOT NULL CHECK (kind IN ('plan', 'addon', 'credit_pack')),
	name		text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 100),
	description	text NOT NULL DEFAULT '',
	tier_id		bigint REFERENCES app.tiers (id),
	credits		integer CHECK (credits > 0),
	active		boolean NOT NULL DEFAULT true,
	created_at	timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE app.prices (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	product_id	bigint NOT NULL REFERENCES app.products (id),
	billing_interval text NOT NULL CHECK (billing_interval IN ('month', 'year', 'once')),
	amount_cents	integer NOT NULL CHECK (amount_cents >= 0),
	currency	text NOT NULL DEFAULT 'EUR' CHECK (currency ~ '^[A-Z]{3}$'),
	active		boolean NOT NULL DEFAULT true,
	created_at	timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX prices_product_idx ON app.prices (product_id);

CREATE TABLE app.subscriptions (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	user_id		bigint NOT NULL REFERENCES app.users (id),
	price_id	bigint NOT NULL REFERENCES app.prices (id),
	status		text NOT NULL DEFAULT 'active'
			CHECK (status IN ('active', 'cancelled')),
	started_at	timestamptz NOT NULL DEFAULT now(),
	current_period_end timestamptz NOT NULL,
	cancelled_at	timestamptz,
	CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL))
);
CREATE INDEX subscriptions_user_idx ON app.subscriptions (user_id);
CREATE INDEX subscriptions_status_idx ON app.subscriptions (status, id);

CREATE TABLE app.payments (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	user_id		bigint NOT NULL REFERENCES app.users (id),
	subscription_id	bigint REFERENCES app.subscriptions (id),
	amount_cents	integer NOT NULL CHECK (amount_cents >= 0),
	currency	text NOT NULL DEFAULT 'EUR' CHECK (currency ~ '^[A-Z]{3}$'),
	status		text NOT NULL CHECK (status IN ('succeeded', 'failed', 'refunded')),
	reference	text NOT NULL UNIQUE,
	paid_at		timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX payments_user_idx ON app.payments (user_id);
CREATE INDEX payments_subscription_idx ON app.payments (subscription_id);
CREATE INDEX payments_paid_idx ON app.payments (paid_at, id);

CREATE TABLE app.discount_codes (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	code		text NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9-]{3,32}$'),
	percent_off	integer NOT NULL CHECK (percent_off BETWEEN 1 AND 100),
	status		text NOT NULL DEFAULT 'active'
			CHECK (status IN ('active', 'inactive')),
	max_redemptions	integer CHECK (max_redemptions > 0),
	redeemed	integer NOT NULL DEFAULT 0 CHECK (redeemed >= 0),
	expires_at	timestamptz,
	created_at	timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE app.subscription_discounts (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	subscription_id	bigint NOT NULL REFERENCES app.subscriptions (id),
	discount_code_id bigint NOT NULL REFERENCES app.discount_codes (id),
	applied_at	timestamptz NOT NULL DEFAULT now(),
	UNIQUE (subscription_id, discount_code_id)
);
CREATE INDEX subscription_discounts_code_idx ON app.subscription_discounts (discount_code_id);

-- Credits: grants (positive) and usage (negative), append-mostly.
CREATE TABLE app.credit_ledger (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	user_id		bigint NOT NULL REFERENCES app.users (id),
	kind		text NOT NULL CHECK (kind IN ('grant', 'usage')),
	amount		integer NOT NULL
			CHECK ((kind = 'grant') = (amount > 0) AND amount <> 0),
	reason		text NOT NULL DEFAULT '',
	created_at	timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX credit_ledger_user_idx ON app.credit_ledger (user_id, id);

GRANT USAGE ON SCHEMA app TO steward_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA app TO steward_app;
