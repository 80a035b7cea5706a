-- Review of today's branches (security review 18, tests/security/tst_attacks_review18.cpp, docs/SECURITY.md).
--  1. open_read's cleanup judged "ended" by the caller's pg_stat_activity, which PostgreSQL reads once per
--     transaction and keeps: a login that had looked at pg_stat_activity (or called any function that does) earlier
--     in its transaction did not see backends started after that, and deleted their open reads. One unlocked admin
--     ended another's reads (a scan or reveal of a CTO that connected later), by design of 0013/0018's cleanup, not
--     by a privilege. The cleanup now clears that snapshot first.
--  2. The erasure ledger's append-only triggers (0022) fire ALWAYS, as the audit log's do: replica mode
--     (session_replication_role, a superuser's or a logical replication apply) skipped them.

SET LOCAL ROLE art32_owner;

-- 1. open_read, as 0018 wrote it, with the snapshot cleared before the cleanup.
CREATE OR REPLACE FUNCTION art32.open_read(p_why text, p_first bigint, p_last bigint, OUT read_id bigint,
                                           OUT accounts bigint, OUT records bigint)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
DECLARE
    me art32.admins := art32.require_unlocked(CASE WHEN p_why = 'rotation' THEN ARRAY['cto']
                                                   ELSE ARRAY['cto', 'sysadmin'] END);
    everything boolean;
BEGIN
    IF p_why IS NULL OR p_why NOT IN ('reveal', 'save', 'scan', 'export', 'rotation') THEN
        RAISE EXCEPTION 'unknown reason for a read: %', p_why USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_first IS NULL OR p_last IS NULL OR p_first > p_last THEN
        RAISE EXCEPTION 'a read covers a range of account ids, first to last' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_why IN ('reveal', 'save') AND p_first <> p_last THEN
        RAISE EXCEPTION 'you may not read account %''s personal data', p_first USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF p_why IN ('reveal', 'save') AND NOT art32.may_read_plaintext(p_first) THEN
        IF me.id IS NOT NULL AND me.role = 'sysadmin' THEN
            PERFORM art32.note_expired_access();
        END IF;
        PERFORM art32.audit('records.refused', p_first::text,
                            jsonb_build_object('account', p_first, 'why', p_why));
        read_id := NULL;
        accounts := 0;
        records := 0;
        RETURN;
    END IF;
    everything := me.id IS NULL OR me.role = 'cto';
    SELECT count(*) INTO accounts FROM art32.account_keys k
     WHERE k.account_id BETWEEN p_first AND p_last
       AND (everything OR k.account_id IN (SELECT art32.granted_accounts(me.id)));
    -- A rotation reads keys (and, for the index, indexed records): its batches are audited with their row counts
    -- (keys.rotation_batch), so counting every record of the database here first would only slow it down.
    IF p_why = 'rotation' THEN
        records := 0;
    ELSE
        SELECT count(*) INTO records FROM art32.records r
         WHERE r.account_id BETWEEN p_first AND p_last
           AND (everything OR r.account_id IN (SELECT art32.granted_accounts(me.id)));
    END IF;
    -- The reads of ended backends go (one pass: the live backends once, the rows to delete once, by ctid). The
    -- backends are read afresh: pg_stat_activity is a snapshot taken at its first use in the transaction, and a
    -- backend that started since is missing from it (0024).
    PERFORM pg_catalog.pg_stat_clear_snapshot();
    DELETE FROM art32.open_reads o
     WHERE o.ctid = ANY (ARRAY(
               WITH live AS MATERIALIZED (SELECT a.pid, a.backend_start FROM pg_catalog.pg_stat_activity a)
               SELECT s.ctid FROM art32.open_reads s
                WHERE NOT EXISTS (SELECT 1 FROM live l WHERE l.pid = s.pid AND l.backend_start = s.backend_start)
                  FOR UPDATE OF s SKIP LOCKED));
    INSERT INTO art32.open_reads (pid, backend_start, why, first_account, last_account, accounts, records, opened_at)
    VALUES (pg_catalog.pg_backend_pid(), art32.my_backend_start(), p_why, p_first, p_last, accounts, records,
            art32.now())
    RETURNING id INTO read_id;
    PERFORM art32.audit(CASE WHEN p_why = 'reveal' THEN 'records.reveal' ELSE 'records.read' END,
                        CASE WHEN p_first = p_last THEN p_first::text END,
                        jsonb_build_object('why', p_why, 'read', read_id, 'first', p_first, 'last', p_last,
                                           'accounts', accounts, 'records', records)
                        || CASE WHEN p_first = p_last THEN jsonb_build_object('account', p_first) ELSE '{}' END);
END
$$;

-- 2. The ledger refuses UPDATE, DELETE and TRUNCATE in replica mode too.
ALTER TABLE art32.erasure_ledger ENABLE ALWAYS TRIGGER erasure_ledger_append_only;
ALTER TABLE art32.erasure_ledger ENABLE ALWAYS TRIGGER erasure_ledger_no_truncate;
