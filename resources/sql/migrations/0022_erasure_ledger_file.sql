-- The erasure ledger outside the database (issue 13, DESIGN.md §5): a restore after the live database is lost must
-- still re-apply every erasure, so the backup jobs keep an authenticated, append-only copy of the ledger in the
-- backup directory (docs/FORMAT.md "Erasure ledger file"). What the database adds for it:
--  1. art32.backup_ledger(): what that file holds for each erasure — the account id, the erasure time, until when
--     backups still hold its ciphertext, and the audit event (seq) that recorded it. No names, no personal data,
--     not even who erased (that stays in the audit log). Backup operators only, as art32.backup_erasures().
--  2. The ledger table becomes append-only for everybody, its owner included: an erasure is never undone by
--     deleting its row (the restored copy of an erased account would otherwise stay readable after a restore).

SET LOCAL ROLE art32_owner;

CREATE FUNCTION art32.backup_ledger()
RETURNS TABLE (account_id bigint, erased_at timestamptz, backups_until timestamptz, audit_seq bigint)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
BEGIN
    PERFORM art32.require_backup_operator();
    RETURN QUERY
        SELECT l.account_id, l.erased_at, l.backups_until,
               coalesce((SELECT max(e.seq) FROM art32.audit_events e
                          WHERE e.account_id = l.account_id AND e.action = 'account.erase'), 0)::bigint
          FROM art32.erasure_ledger l ORDER BY l.erased_at, l.account_id;
END
$$;

REVOKE ALL ON FUNCTION art32.backup_ledger() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION art32.backup_ledger() TO art32_cto, art32_sysadmin, art32_backup;

CREATE FUNCTION art32.refuse_ledger_change() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, art32, pg_temp AS $$
BEGIN
    RAISE EXCEPTION 'art32.erasure_ledger is append-only: an erasure is never undone' USING ERRCODE = 'insufficient_privilege';
END
$$;
REVOKE ALL ON FUNCTION art32.refuse_ledger_change() FROM PUBLIC;

CREATE TRIGGER erasure_ledger_append_only BEFORE UPDATE OR DELETE ON art32.erasure_ledger
    FOR EACH ROW EXECUTE FUNCTION art32.refuse_ledger_change();
CREATE TRIGGER erasure_ledger_no_truncate BEFORE TRUNCATE ON art32.erasure_ledger
    FOR EACH STATEMENT EXECUTE FUNCTION art32.refuse_ledger_change();
