-- 0010: recovery codes carry about 50 bits each, under the 112 that
-- would make a plain hash enough (OWASP ASVS 2.6.2), so each new code
-- gets its own 16-byte random salt and code_hash becomes
-- SHA-256(salt || code). Codes made before this have no salt (NULL) and
-- keep their plain SHA-256, which the check still accepts.

SET LOCAL ROLE steward_owner;

ALTER TABLE steward.recovery_codes
    ADD COLUMN salt bytea CHECK (octet_length(salt) = 16);
