-- 0009: a role change is a privilege change, so the sessions of the
-- account it happens to do not carry on under the same token.
--
-- A change that grants any permission the old role lacked ends every
-- session of the account: nobody holding one of its tokens (planted
-- before, or copied) inherits the new permissions; its owner signs in
-- again. A change that only takes permissions away marks the sessions
-- for renewal: the next request under each old token gets a new token
-- (and already the smaller role, so a demoted admin sees 403 rather than
-- the sign-in page), and the old token stops working there and then.

SET LOCAL ROLE steward_owner;

ALTER TABLE steward.sessions
    ADD COLUMN renew boolean NOT NULL DEFAULT false;

CREATE FUNCTION steward.staff_role_sessions() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, steward
    AS $$
BEGIN
	IF EXISTS (SELECT FROM steward.roles n, steward.roles o
	    WHERE n.name = NEW.role AND o.name = OLD.role
	    AND NOT n.permissions <@ o.permissions) THEN
		DELETE FROM steward.sessions WHERE staff_id = NEW.id;
	ELSE
		UPDATE steward.sessions SET renew = true
		    WHERE staff_id = NEW.id;
	END IF;
	RETURN NEW;
END
$$;
CREATE TRIGGER staff_role_sessions AFTER UPDATE OF role
    ON steward.staff FOR EACH ROW
    WHEN (OLD.role IS DISTINCT FROM NEW.role)
    EXECUTE FUNCTION steward.staff_role_sessions();
