-- 0008: indexes for the audit trail's filters (/admin/audit, its CSV
-- and /api/v1/audit), so that each stays an index scan at millions of
-- rows: an actor's email, a target id without its type, and the search
-- within target ids. See steward-audit(7), THE TABLE.
--
-- Building them takes a lock that holds up audited changes until it is
-- done: some seconds for a trail of millions of rows.

-- The search within target_id (ILIKE '%text%') needs pg_trgm's GIN
-- operator class. pg_trgm is one of PostgreSQL's contrib modules (on
-- Debian they come with the postgresql package) and is "trusted" since
-- PostgreSQL 13: a role with CREATE on the database may create it, so it
-- is made here, before the role switch, by the role that runs migrations
-- (a superuser, or a member of steward_owner when steward_owner owns the
-- database, as stewardctl(8) sets it up). Where the platform already has
-- it, in whatever schema, it is used as it is.
DO $$
BEGIN
	IF EXISTS (SELECT FROM pg_extension WHERE extname = 'pg_trgm') THEN
		RETURN;
	END IF;
	IF NOT EXISTS (SELECT FROM pg_available_extensions
	    WHERE name = 'pg_trgm') THEN
		RAISE EXCEPTION 'the extension pg_trgm is not installed on the database server'
		    USING HINT = 'Install PostgreSQL''s contrib modules (on'
			|| ' Debian, the postgresql package has them), then run'
			|| ' stewardctl migrate again.';
	END IF;
	BEGIN
		CREATE EXTENSION pg_trgm;
	EXCEPTION WHEN insufficient_privilege THEN
		RAISE EXCEPTION 'cannot create the extension pg_trgm as %: %',
		    current_user, SQLERRM
		    USING HINT = 'A superuser can run CREATE EXTENSION pg_trgm;'
			|| ' in this database first, then stewardctl migrate'
			|| ' again.';
	END;
END
$$;

SET LOCAL ROLE steward_owner;

-- actor=EMAIL: the account with that address is found by its own unique
-- index, and its rows by audit_log_actor_idx (actor_staff_id, seq); the
-- rows with nobody signed in (failed sign-ins) by the address typed.
CREATE INDEX audit_log_actor_email_idx ON steward.audit_log
    (lower(actor_email), seq) WHERE actor_staff_id IS NULL;

-- target_id=ID without target_type: audit_log_target_idx starts with the
-- type, so it cannot serve this one.
CREATE INDEX audit_log_target_id_idx ON steward.audit_log (target_id, seq);

-- q=TEXT: trigrams of target_id, case-folded, for ILIKE '%TEXT%'. The
-- operator class is named with the schema pg_trgm lives in.
DO $$
DECLARE
	ns	text;
BEGIN
	SELECT n.nspname INTO ns
	    FROM pg_opclass c
	    JOIN pg_am m ON m.oid = c.opcmethod
	    JOIN pg_namespace n ON n.oid = c.opcnamespace
	    WHERE c.opcname = 'gin_trgm_ops' AND m.amname = 'gin'
	    ORDER BY n.nspname = 'public' DESC, n.nspname
	    LIMIT 1;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'pg_trgm is installed, but its operator class gin_trgm_ops is missing';
	END IF;
	EXECUTE format('CREATE INDEX audit_log_target_id_trgm_idx ON'
	    || ' steward.audit_log USING gin (target_id %I.gin_trgm_ops)', ns);
END
$$;
