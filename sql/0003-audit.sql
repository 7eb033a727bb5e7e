-- 0003: the audit trail. Append-only below the application, and
-- tamper-evident by a hash chain; see steward-audit(7) for the exact
-- encoding an auditor can re-implement.

SET LOCAL ROLE steward_owner;

CREATE TABLE steward.audit_log (
	-- Gapless: assigned from the chain head under its row lock.
	seq		bigint PRIMARY KEY,
	at		timestamptz NOT NULL,
	-- Who: a staff member, an API key, or nobody yet (a failed sign-in,
	-- with the email that was tried). No foreign keys: the trail
	-- outlives what it talks about.
	actor_staff_id	bigint,
	actor_api_key_id bigint,
	actor_email	text,
	action		text NOT NULL CHECK (action ~ '^[a-z_]+\.[a-z_]+$'),
	target_type	text,
	target_id	text,
	before		jsonb,
	after		jsonb,
	ip		inet,
	user_agent	text,
	request_id	text,
	prev_hash	bytea NOT NULL CHECK (octet_length(prev_hash) = 32),
	hash		bytea NOT NULL CHECK (octet_length(hash) = 32)
);
CREATE INDEX audit_log_at_idx ON steward.audit_log (at);
CREATE INDEX audit_log_actor_idx ON steward.audit_log (actor_staff_id, seq);
CREATE INDEX audit_log_action_idx ON steward.audit_log (action, seq);
CREATE INDEX audit_log_target_idx ON steward.audit_log (target_type, target_id, seq);

-- The chain head: one row, locked by every insert until its transaction
-- ends, so concurrent writers form one linear chain.
CREATE TABLE steward.audit_head (
	one		boolean PRIMARY KEY DEFAULT true CHECK (one),
	seq		bigint NOT NULL,
	hash		bytea NOT NULL CHECK (octet_length(hash) = 32)
);
INSERT INTO steward.audit_head (seq, hash)
    VALUES (0, '\x0000000000000000000000000000000000000000000000000000000000000000');

-- The canonical encoding of a row (steward-audit(7)): every field in
-- this order as <byte length>:<text>; with NULL as -; and no separator
-- after the last field but its ';'.
CREATE FUNCTION steward.audit_field(v text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT octet_length(v)::text || ':' || v || ';' $$;

CREATE FUNCTION steward.audit_canonical(r steward.audit_log) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
	SELECT coalesce(steward.audit_field(r.seq::text), '-;')
	    || coalesce(steward.audit_field(to_char(r.at AT TIME ZONE 'UTC',
		'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')), '-;')
	    || coalesce(steward.audit_field(r.actor_staff_id::text), '-;')
	    || coalesce(steward.audit_field(r.actor_api_key_id::text), '-;')
	    || coalesce(steward.audit_field(r.actor_email), '-;')
	    || coalesce(steward.audit_field(r.action), '-;')
	    || coalesce(steward.audit_field(r.target_type), '-;')
	    || coalesce(steward.audit_field(r.target_id), '-;')
	    || coalesce(steward.audit_field(r.before::text), '-;')
	    || coalesce(steward.audit_field(r.after::text), '-;')
	    || coalesce(steward.audit_field(host(r.ip)), '-;')
	    || coalesce(steward.audit_field(r.user_agent), '-;')
	    || coalesce(steward.audit_field(r.request_id), '-;')
    $$;

-- Fills in seq, at, prev_hash and hash whatever the inserter said, and
-- moves the head. Runs as the owner: steward_app cannot touch the head.
CREATE FUNCTION steward.audit_chain() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, steward
    AS $$
DECLARE
	head	record;
BEGIN
	SELECT seq, hash INTO STRICT head FROM steward.audit_head
	    WHERE one FOR UPDATE;
	NEW.seq := head.seq + 1;
	-- Microseconds, as stored; the clock of the lock holder, so time
	-- follows the chain's order.
	NEW.at := date_trunc('microseconds', clock_timestamp());
	NEW.prev_hash := head.hash;
	NEW.hash := sha256(head.hash ||
	    convert_to(steward.audit_canonical(NEW), 'UTF8'));
	UPDATE steward.audit_head SET seq = NEW.seq, hash = NEW.hash
	    WHERE one;
	RETURN NEW;
END
$$;

CREATE TRIGGER audit_log_chain BEFORE INSERT ON steward.audit_log
    FOR EACH ROW EXECUTE FUNCTION steward.audit_chain();

-- Append-only for everyone, the owner included.
CREATE FUNCTION steward.audit_refuse() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
	RAISE EXCEPTION '%.% is append-only: % refused', TG_TABLE_SCHEMA,
	    TG_TABLE_NAME, TG_OP
	    USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON steward.audit_log
    FOR EACH ROW EXECUTE FUNCTION steward.audit_refuse();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON steward.audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION steward.audit_refuse();
-- The head moves only through audit_chain().
CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON steward.audit_head
    FOR EACH ROW EXECUTE FUNCTION steward.audit_refuse();
CREATE TRIGGER audit_head_no_truncate BEFORE TRUNCATE ON steward.audit_head
    FOR EACH STATEMENT EXECUTE FUNCTION steward.audit_refuse();

REVOKE ALL ON steward.audit_log, steward.audit_head FROM PUBLIC;
GRANT SELECT, INSERT ON steward.audit_log TO steward_app;
GRANT SELECT ON steward.audit_head TO steward_app;
REVOKE ALL ON FUNCTION steward.audit_chain() FROM PUBLIC;
