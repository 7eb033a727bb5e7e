-- 0001: the foundation: database roles, schema steward, staff roles,
-- staff accounts, sessions and the migrations ledger.
--
-- Runs inside the transaction stewardctl migrate opens. The first block
-- needs a role that may create roles (a superuser on a fresh cluster);
-- where a DBA made both roles beforehand it creates nothing.

DO $$
BEGIN
	IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'steward_owner') THEN
		-- Owns the schema and runs migrations; nobody logs in as it.
		CREATE ROLE steward_owner NOLOGIN;
	END IF;
	IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'steward_app') THEN
		-- What the workers log in as: data, never schema.
		CREATE ROLE steward_app LOGIN;
	END IF;
END
$$;

CREATE SCHEMA steward AUTHORIZATION steward_owner;

-- From here on every object belongs to steward_owner.
SET LOCAL ROLE steward_owner;

REVOKE ALL ON SCHEMA steward FROM PUBLIC;
GRANT USAGE ON SCHEMA steward TO steward_app;

CREATE TABLE steward.schema_migrations (
	version		integer PRIMARY KEY,
	name		text NOT NULL,
	applied_at	timestamptz NOT NULL DEFAULT now()
);
GRANT SELECT ON steward.schema_migrations TO steward_app;

-- Roles of staff (not database roles). The permission matrix arrives in
-- a later migration; the six built-in names are fixed here.
CREATE TABLE steward.roles (
	name		text PRIMARY KEY CHECK (name ~ '^[a-z][a-z0-9_]{0,31}$'),
	description	text NOT NULL,
	builtin		boolean NOT NULL DEFAULT false
);
INSERT INTO steward.roles (name, description, builtin) VALUES
	('viewer', 'Sees dashboards, records and logs.', true),
	('support', 'Helps platform users: suspends, resets MFA, impersonates.', true),
	('ops', 'Runs the platform: settings, maintenance, feature flags.', true),
	('billing', 'Grants and adjusts credits.', true),
	('admin', 'Manages staff, API keys and reads the audit trail.', true),
	('owner', 'Everything, including roles and deleting user data.', true);
GRANT SELECT ON steward.roles TO steward_app;

CREATE TABLE steward.staff (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	email		text NOT NULL
			CHECK (length(email) BETWEEN 3 AND 254
			    AND email ~ '^[^@[:space:]]+@[^@[:space:]]+$'),
	display_name	text NOT NULL
			CHECK (length(display_name) BETWEEN 1 AND 200),
	password_hash	text NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
	role		text NOT NULL REFERENCES steward.roles (name),
	status		text NOT NULL DEFAULT 'active'
			CHECK (status IN ('active', 'disabled')),
	created_at	timestamptz NOT NULL DEFAULT now(),
	updated_at	timestamptz NOT NULL DEFAULT now()
);
-- One account per address, whatever its case.
CREATE UNIQUE INDEX staff_email_key ON steward.staff (lower(email));
GRANT SELECT, INSERT, UPDATE, DELETE ON steward.staff TO steward_app;

CREATE TABLE steward.sessions (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	-- SHA-256 of the cookie's token; the token itself is never stored.
	token_hash	bytea NOT NULL UNIQUE
			CHECK (octet_length(token_hash) = 32),
	staff_id	bigint NOT NULL
			REFERENCES steward.staff (id) ON DELETE CASCADE,
	created_at	timestamptz NOT NULL DEFAULT now(),
	last_seen_at	timestamptz NOT NULL DEFAULT now(),
	expires_at	timestamptz NOT NULL,
	ip		inet,
	user_agent	text NOT NULL DEFAULT ''
);
CREATE INDEX sessions_staff_idx ON steward.sessions (staff_id);
CREATE INDEX sessions_expires_idx ON steward.sessions (expires_at);
GRANT SELECT, INSERT, UPDATE, DELETE ON steward.sessions TO steward_app;
