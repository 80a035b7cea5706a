-- Access grants can be listed with their state and revoked before they expire (DESIGN.md §4.1: the CTO
-- manages grants, the auditor reads them, a sysadmin sees their own). Revoking takes effect at once:
-- art32.may_read_plaintext() already ignores revoked grants.

SET LOCAL ROLE art32_owner;

-- The server's clock (with the test offset) for the state of a grant; it reveals nothing else.
GRANT EXECUTE ON FUNCTION art32.now() TO art32_cto, art32_sysadmin, art32_auditor;

-- Revokes a grant still in force; false when it had already ended (revoked or expired). Audited.
CREATE FUNCTION art32.revoke_access(p_grant bigint) RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32 AS $$
DECLARE
    g art32.access_grants;
BEGIN
    PERFORM art32.require_unlocked(ARRAY['cto']);
    UPDATE art32.access_grants SET revoked_at = art32.now()
     WHERE id = p_grant AND revoked_at IS NULL AND expires_at > art32.now()
    RETURNING * INTO g;
    IF g.id IS NULL THEN
        IF NOT EXISTS (SELECT 1 FROM art32.access_grants WHERE id = p_grant) THEN
            RAISE EXCEPTION 'there is no access grant %', p_grant USING ERRCODE = 'no_data_found';
        END IF;
        RETURN false;
    END IF;
    PERFORM art32.audit('access.revoke', g.account_id::text,
                        jsonb_build_object('grant', g.id, 'admin', (SELECT login FROM art32.admins WHERE id = g.admin_id)));
    RETURN true;
END
$$;

GRANT EXECUTE ON FUNCTION art32.revoke_access(bigint) TO art32_cto;
