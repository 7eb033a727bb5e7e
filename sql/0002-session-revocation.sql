-- 0002: a session never outlives a change to the account behind it.
-- Disabling an account, changing its password or its role ends every
-- session it has, so re-enabling it cannot bring a stolen cookie back.

SET LOCAL ROLE steward_owner;

CREATE FUNCTION steward.staff_end_sessions() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, steward
    AS $$
BEGIN
	DELETE FROM steward.sessions WHERE staff_id = NEW.id;
	RETURN NEW;
END
$$;

CREATE TRIGGER staff_end_sessions AFTER UPDATE OF status, password_hash, role
    ON steward.staff FOR EACH ROW
    WHEN (OLD.status IS DISTINCT FROM NEW.status
	OR OLD.password_hash IS DISTINCT FROM NEW.password_hash
	OR OLD.role IS DISTINCT FROM NEW.role)
    EXECUTE FUNCTION steward.staff_end_sessions();
