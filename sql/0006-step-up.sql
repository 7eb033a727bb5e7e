-- 0006: step-up. When the staff member last proved who they are in this
-- session (sign-in counts), so sensitive pages can ask again after a few
-- minutes.

SET LOCAL ROLE steward_owner;

ALTER TABLE steward.sessions
    ADD COLUMN reauth_at timestamptz NOT NULL DEFAULT now();
