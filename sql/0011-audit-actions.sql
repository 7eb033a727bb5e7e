-- 0011: the audit trail's actions are an enumerated list in the database
-- too, not only in src/audit.c: a row whose action is not on it is
-- refused, whoever inserts it. A release that adds an action adds it here
-- (t/static/audit-actions.t checks that the two lists agree).

SET LOCAL ROLE steward_owner;

CREATE TABLE steward.audit_actions (
	name	text PRIMARY KEY CHECK (name ~ '^[a-z_]+\.[a-z_]+$')
);
INSERT INTO steward.audit_actions (name) VALUES
	('staff.sign_in'),
	('staff.sign_in_failed'),
	('staff.sign_out'),
	('staff.create'),
	('staff.password_change'),
	('staff.password_reset'),
	('staff.sessions_end_others'),
	('staff.mfa_verified'),
	('staff.mfa_failed'),
	('staff.mfa_enable'),
	('staff.mfa_disable'),
	('staff.step_up'),
	('staff.step_up_failed'),
	('staff.update'),
	('staff.deactivate'),
	('staff.reactivate'),
	('staff.mfa_reset'),
	('staff.invite'),
	('staff.password_set'),
	('staff.session_revoke'),
	('role.create'),
	('role.update'),
	('role.delete'),
	('api_key.create'),
	('api_key.rotate'),
	('api_key.revoke'),
	('record.create'),
	('record.update'),
	('record.delete'),
	('record.bulk');
GRANT SELECT ON steward.audit_actions TO steward_app;

ALTER TABLE steward.audit_log ADD CONSTRAINT audit_log_action_known
    FOREIGN KEY (action) REFERENCES steward.audit_actions (name);
