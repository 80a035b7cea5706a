-- Foundation: the group roles of DESIGN.md §4.1 and the schema's ownership.
--
-- Roles are cluster-wide, so they are created only when missing. None of them can log in: people are
-- LOGIN roles that are members of exactly one group; tables belong to art32_owner.

DO $$
DECLARE
    r text;
BEGIN
    FOREACH r IN ARRAY ARRAY['art32_owner', 'art32_cto', 'art32_sysadmin', 'art32_auditor',
                             'art32_platform', 'art32_backup']
    LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
            EXECUTE format('CREATE ROLE %I NOLOGIN', r);
        END IF;
    END LOOP;
END
$$;

COMMENT ON ROLE art32_owner IS 'Art32 Console: owns the art32 schema and its objects; nobody logs in as it';
COMMENT ON ROLE art32_cto IS 'Art32 Console: CTO, manages access, keys and authorisations';
COMMENT ON ROLE art32_sysadmin IS 'Art32 Console: system administrator';
COMMENT ON ROLE art32_auditor IS 'Art32 Console: auditor, reads evidence, never personal data';
COMMENT ON ROLE art32_platform IS 'Art32 Console: the SaaS backend, writes encrypted records';
COMMENT ON ROLE art32_backup IS 'Art32 Console: scheduled backups, reads ciphertext only';

ALTER SCHEMA art32 OWNER TO art32_owner;
ALTER TABLE art32.schema_migrations OWNER TO art32_owner;

-- Nothing in the schema is reachable by default; each later object grants exactly what a group needs.
REVOKE ALL ON SCHEMA art32 FROM PUBLIC;
GRANT USAGE ON SCHEMA art32 TO art32_cto, art32_sysadmin, art32_auditor, art32_platform, art32_backup;

-- Every console role may see which schema version it talks to (About dialog, compatibility check).
REVOKE ALL ON art32.schema_migrations FROM PUBLIC;
GRANT SELECT ON art32.schema_migrations TO art32_cto, art32_sysadmin, art32_auditor;
