-- 0005: two-factor sign-in (TOTP, RFC 6238) with one-time recovery
-- codes, and the stage of a session: 'full', 'mfa' (password right, code
-- still due: grants nothing else) or 'enrol' (must set up TOTP first).

SET LOCAL ROLE steward_owner;

ALTER TABLE steward.staff
    ADD COLUMN totp_secret bytea CHECK (octet_length(totp_secret) = 20),
    ADD COLUMN totp_enabled boolean NOT NULL DEFAULT false,
    -- The last time step whose code was accepted: no code from it or an
    -- earlier one is accepted again (no replay).
    ADD COLUMN totp_last_step bigint NOT NULL DEFAULT 0,
    ADD CONSTRAINT staff_totp_enabled_has_secret
	CHECK (NOT totp_enabled OR totp_secret IS NOT NULL);

CREATE TABLE steward.recovery_codes (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	staff_id	bigint NOT NULL
			REFERENCES steward.staff (id) ON DELETE CASCADE,
	-- SHA-256 of the code; the code is shown once and never stored.
	code_hash	bytea NOT NULL CHECK (octet_length(code_hash) = 32),
	created_at	timestamptz NOT NULL DEFAULT now(),
	used_at		timestamptz,
	UNIQUE (staff_id, code_hash)
);
GRANT SELECT, INSERT, UPDATE, DELETE ON steward.recovery_codes TO steward_app;

ALTER TABLE steward.sessions
    ADD COLUMN stage text NOT NULL DEFAULT 'full'
	CHECK (stage IN ('full', 'mfa', 'enrol'));
