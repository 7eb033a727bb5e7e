-- 0007: permissions on roles, custom roles, invitations, API keys, and
-- the rules no application bug may break: built-in roles are fixed, the
-- last active owner stays, and a deactivated account's sessions and keys
-- end with it.

SET LOCAL ROLE steward_owner;

-- The permission names are src/perm.c's table; a name this list does not
-- know cannot be stored.
CREATE FUNCTION steward.permissions_known(p text[]) RETURNS boolean
    LANGUAGE sql IMMUTABLE
    SET search_path = pg_catalog
    AS $$
	SELECT p <@ ARRAY['view', 'users.suspend', 'users.mfa_sessions',
	    'users.impersonate', 'credits.grant', 'settings.configure',
	    'flags.manage', 'staff.manage', 'users.delete', 'audit.read',
	    'roles.manage']::text[]
$$;

ALTER TABLE steward.roles
    ADD COLUMN permissions text[] NOT NULL DEFAULT '{}'
	CHECK (steward.permissions_known(permissions)
	    AND array_position(permissions, NULL) IS NULL),
    ADD COLUMN created_at timestamptz NOT NULL DEFAULT now(),
    ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE steward.roles
    ADD CONSTRAINT roles_description_check
	CHECK (length(description) <= 500);

UPDATE steward.roles SET permissions = CASE name
	WHEN 'viewer' THEN ARRAY['view']
	WHEN 'support' THEN ARRAY['view', 'users.suspend',
	    'users.mfa_sessions', 'users.impersonate']
	WHEN 'ops' THEN ARRAY['view', 'settings.configure', 'flags.manage']
	WHEN 'billing' THEN ARRAY['view', 'credits.grant']
	WHEN 'admin' THEN ARRAY['view', 'users.suspend', 'users.mfa_sessions',
	    'users.impersonate', 'credits.grant', 'settings.configure',
	    'flags.manage', 'staff.manage', 'audit.read']
	WHEN 'owner' THEN ARRAY['view', 'users.suspend', 'users.mfa_sessions',
	    'users.impersonate', 'credits.grant', 'settings.configure',
	    'flags.manage', 'staff.manage', 'users.delete', 'audit.read',
	    'roles.manage']
	END
    WHERE builtin;

-- Built-in roles are the matrix of the documentation: nobody edits,
-- renames or deletes them, and nobody makes a new one built in.
CREATE FUNCTION steward.roles_guard() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, steward
    AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		IF NEW.builtin THEN
			RAISE EXCEPTION 'a new role cannot be built in'
			    USING ERRCODE = 'SW001';
		END IF;
		RETURN NEW;
	END IF;
	IF OLD.builtin THEN
		RAISE EXCEPTION 'role "%" is built in and cannot be changed',
		    OLD.name USING ERRCODE = 'SW001';
	END IF;
	IF TG_OP = 'DELETE' THEN
		RETURN OLD;
	END IF;
	IF NEW.builtin OR NEW.name <> OLD.name THEN
		RAISE EXCEPTION 'a role cannot be renamed or made built in'
		    USING ERRCODE = 'SW001';
	END IF;
	RETURN NEW;
END
$$;
CREATE TRIGGER roles_guard BEFORE INSERT OR UPDATE OR DELETE
    ON steward.roles FOR EACH ROW EXECUTE FUNCTION steward.roles_guard();
GRANT INSERT, UPDATE, DELETE ON steward.roles TO steward_app;

-- Invited accounts have no password until they set one.
ALTER TABLE steward.staff ALTER COLUMN password_hash DROP NOT NULL;

-- A role change now takes effect on the next request through the
-- permission check, with the session kept (a demoted admin sees 403, not
-- the sign-in page). Disabling an account or changing its password still
-- ends every session, and disabling it also revokes its API keys.
DROP TRIGGER staff_end_sessions ON steward.staff;
CREATE TRIGGER staff_end_sessions AFTER UPDATE OF status, password_hash
    ON steward.staff FOR EACH ROW
    WHEN (OLD.status IS DISTINCT FROM NEW.status
	OR OLD.password_hash IS DISTINCT FROM NEW.password_hash)
    EXECUTE FUNCTION steward.staff_end_sessions();

-- At least one active owner at all times. The active owners' rows are
-- locked first, so two transactions demoting the last two owners at
-- once cannot both see the other one still there.
CREATE FUNCTION steward.staff_keep_owner() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, steward
    AS $$
BEGIN
	IF OLD.role <> 'owner' OR OLD.status <> 'active' THEN
		RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
	END IF;
	IF TG_OP = 'UPDATE' AND NEW.role = 'owner'
	    AND NEW.status = 'active' THEN
		RETURN NEW;
	END IF;
	PERFORM 1 FROM steward.staff
	    WHERE role = 'owner' AND status = 'active' FOR UPDATE;
	IF NOT EXISTS (SELECT FROM steward.staff WHERE role = 'owner'
	    AND status = 'active' AND id <> OLD.id) THEN
		RAISE EXCEPTION 'the last active owner cannot be demoted, '
		    'deactivated or deleted' USING ERRCODE = 'SW002';
	END IF;
	RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
END
$$;
CREATE TRIGGER staff_keep_owner BEFORE UPDATE OF role, status OR DELETE
    ON steward.staff FOR EACH ROW EXECUTE FUNCTION steward.staff_keep_owner();

-- One-time links to set a first password (or a new one after a reset).
CREATE TABLE steward.invitations (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	-- SHA-256 of the token in the link; the link is shown once.
	token_hash	bytea NOT NULL UNIQUE
			CHECK (octet_length(token_hash) = 32),
	staff_id	bigint NOT NULL
			REFERENCES steward.staff (id) ON DELETE CASCADE,
	created_by	bigint REFERENCES steward.staff (id) ON DELETE SET NULL,
	created_at	timestamptz NOT NULL DEFAULT now(),
	expires_at	timestamptz NOT NULL,
	used_at		timestamptz
);
CREATE INDEX invitations_staff_idx ON steward.invitations (staff_id);
GRANT SELECT, INSERT, UPDATE, DELETE ON steward.invitations TO steward_app;

-- API keys: "stw_" + lookup + "_" + secret. Only the SHA-256 of the
-- secret is kept (it is 256 random bits: a slow hash adds nothing).
CREATE TABLE steward.api_keys (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	lookup		text NOT NULL UNIQUE CHECK (lookup ~ '^[a-z0-9]{12}$'),
	staff_id	bigint NOT NULL
			REFERENCES steward.staff (id) ON DELETE CASCADE,
	name		text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
	role		text NOT NULL REFERENCES steward.roles (name)
			ON UPDATE CASCADE,
	secret_hash	bytea NOT NULL CHECK (octet_length(secret_hash) = 32),
	-- The secret before the last rotation, honoured until its time.
	previous_hash	bytea CHECK (octet_length(previous_hash) = 32),
	previous_expires_at timestamptz,
	created_at	timestamptz NOT NULL DEFAULT now(),
	expires_at	timestamptz,
	revoked_at	timestamptz,
	rotated_at	timestamptz,
	last_used_at	timestamptz,
	last_used_ip	inet
);
CREATE INDEX api_keys_staff_idx ON steward.api_keys (staff_id);
GRANT SELECT, INSERT, UPDATE ON steward.api_keys TO steward_app;

-- 0004's rule stays: re-hashing at sign-in (steward.rehash) keeps the
-- password and so the sessions.
CREATE OR REPLACE FUNCTION steward.staff_end_sessions() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, steward
    AS $$
BEGIN
	IF OLD.status IS NOT DISTINCT FROM NEW.status
	    AND coalesce(current_setting('steward.rehash', true), '') = 'on' THEN
		RETURN NEW;
	END IF;
	DELETE FROM steward.sessions WHERE staff_id = NEW.id;
	IF NEW.status <> 'active' THEN
		UPDATE steward.api_keys SET revoked_at = now()
		    WHERE staff_id = NEW.id AND revoked_at IS NULL;
		DELETE FROM steward.invitations
		    WHERE staff_id = NEW.id AND used_at IS NULL;
	END IF;
	RETURN NEW;
END
$$;

-- What is revoked stays revoked and a used link stays used, whatever the
-- application asks: steward_app may update these tables, not undo them.
CREATE FUNCTION steward.api_keys_no_undo() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, steward
    AS $$
BEGIN
	IF OLD.revoked_at IS NOT NULL
	    AND NEW.revoked_at IS DISTINCT FROM OLD.revoked_at THEN
		RAISE EXCEPTION 'a revoked API key cannot be restored'
		    USING ERRCODE = 'SW003';
	END IF;
	RETURN NEW;
END
$$;
CREATE TRIGGER api_keys_no_undo BEFORE UPDATE ON steward.api_keys
    FOR EACH ROW EXECUTE FUNCTION steward.api_keys_no_undo();

CREATE FUNCTION steward.invitations_no_undo() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, steward
    AS $$
BEGIN
	IF OLD.used_at IS NOT NULL
	    AND NEW.used_at IS DISTINCT FROM OLD.used_at THEN
		RAISE EXCEPTION 'a used invitation cannot be used again'
		    USING ERRCODE = 'SW003';
	END IF;
	RETURN NEW;
END
$$;
CREATE TRIGGER invitations_no_undo BEFORE UPDATE ON steward.invitations
    FOR EACH ROW EXECUTE FUNCTION steward.invitations_no_undo();
