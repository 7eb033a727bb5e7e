-- 0004: sign-in throttling kept in PostgreSQL, so every worker and every
-- host agrees: consecutive failures and a lock per account, and recent
-- failures per account and per client address.

SET LOCAL ROLE steward_owner;

ALTER TABLE steward.staff
    ADD COLUMN failed_logins integer NOT NULL DEFAULT 0
	CHECK (failed_logins >= 0),
    ADD COLUMN locked_until timestamptz;

CREATE TABLE steward.login_failures (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	at		timestamptz NOT NULL DEFAULT now(),
	staff_id	bigint REFERENCES steward.staff (id) ON DELETE CASCADE,
	-- The address tried, lower case, known account or not: the hourly
	-- cap on hashing must treat both alike, or it would tell them apart.
	email		text NOT NULL DEFAULT '',
	ip		inet
);
CREATE INDEX login_failures_staff_idx ON steward.login_failures (staff_id, at);
CREATE INDEX login_failures_email_idx ON steward.login_failures (email, at);
CREATE INDEX login_failures_ip_idx ON steward.login_failures (ip, at);
GRANT SELECT, INSERT, DELETE ON steward.login_failures TO steward_app;

-- Re-hashing a password with stronger parameters at sign-in keeps the
-- password: it must not end the account's sessions. The sign-in says so
-- for its own transaction only.
CREATE OR REPLACE FUNCTION steward.staff_end_sessions() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, steward
    AS $$
BEGIN
	IF OLD.status IS NOT DISTINCT FROM NEW.status
	    AND OLD.role IS NOT DISTINCT FROM NEW.role
	    AND coalesce(current_setting('steward.rehash', true), '') = 'on' THEN
		RETURN NEW;
	END IF;
	DELETE FROM steward.sessions WHERE staff_id = NEW.id;
	RETURN NEW;
END
$$;
