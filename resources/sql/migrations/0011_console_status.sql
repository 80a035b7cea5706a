-- What the console shows about itself (issue 11, items 10, 12 and 14):
--  1. art32.unlock_tries_left(): the calling login's own TOTP budget before the lock ("2 tries left"), or when its
--     lock ends. No argument: a login can ask about itself only. A locked login learns when the lock ends and
--     nothing else; a login that is no enrolled, enabled admin learns nothing.
--  2. Company search ignores case: the accounts list orders and filters by lower(company_name) (C collation, so a
--     prefix LIKE is an index range), with an index that serves both the keyset order and the prefix.
--  3. art32.admins_locked_out(): how many admins are locked out by wrong codes now (CTO and auditor, counts only).
--  4. art32.scan_finished(...): a finished integrity scan records what it covered and found as an audit event
--     (records.scan_result), which the Overview's scan tile reads.

SET LOCAL ROLE art32_owner;

-- 1. Tries left before the lock, for the caller only.
CREATE FUNCTION art32.unlock_tries_left(OUT tries_left integer, OUT locked_until timestamptz,
                                        OUT lock_minutes integer)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, art32, pg_temp
AS $$
DECLARE
    me       art32.admins;
    t        art32.admin_totp;
    at_now   timestamptz := art32.now();
    pending  bigint;
    failures bigint;
BEGIN
    me := art32.caller();
    IF me.id IS NULL OR me.enrolled_at IS NULL OR me.disabled_at IS NOT NULL THEN
        RETURN; -- nothing to say to a login that cannot unlock anyway
    END IF;
    SELECT * INTO t FROM art32.admin_totp WHERE admin_id = me.id;
    IF t.admin_id IS NULL THEN
        RETURN;
    END IF;
    IF t.locked_until IS NOT NULL AND t.locked_until > at_now THEN
        locked_until := t.locked_until; -- when it ends, and nothing else
        RETURN;
    END IF;
    -- Guesses whose transaction was rolled back count as failures at the next attempt (0009): count them now too.
    pending := greatest(0, coalesce(pg_catalog.pg_sequence_last_value(art32.guess_sequence(me.id)), 0)
                           - t.guesses_counted);
    SELECT count(*) INTO failures FROM art32.totp_failures f
     WHERE f.admin_id = me.id AND f.at > at_now - interval '1 hour';
    tries_left := greatest(0, least(art32.policy_value('totp_max_consecutive_failures') - t.consecutive_failures
                                        - pending,
                                    art32.policy_value('totp_max_failures_per_hour') - failures - pending))::integer;
    lock_minutes := art32.policy_value('totp_lock_minutes');
END
$$;

-- 2. Case-insensitive company search and the order it pages in.
CREATE INDEX accounts_company_lower ON art32.accounts ((pg_catalog.lower(company_name) COLLATE "C"), id);
-- The list no longer orders by the name as written; its old index would only cost writes.
DROP INDEX art32.accounts_company_name;

-- 3. Admins locked out now, as a count.
CREATE FUNCTION art32.admins_locked_out() RETURNS integer
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, art32, pg_temp
AS $$
BEGIN
    PERFORM art32.require_unlocked(ARRAY['cto', 'auditor']);
    RETURN (SELECT count(*) FROM art32.admin_totp t JOIN art32.admins a ON a.id = t.admin_id
             WHERE t.locked_until > art32.now() AND a.disabled_at IS NULL)::integer;
END
$$;

-- 4. The outcome of an integrity scan, as the console that ran it saw it. Who may scan (a CTO, or a sysadmin over
-- granted accounts) records it; the numbers are the scanning console's report, audited under its login.
CREATE FUNCTION art32.scan_finished(p_accounts bigint, p_records bigint, p_failed bigint, p_accounts_in_database bigint,
                                    p_cancelled boolean) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, art32, pg_temp
AS $$
BEGIN
    PERFORM art32.require_unlocked(ARRAY['cto', 'sysadmin']);
    IF p_accounts IS NULL OR p_records IS NULL OR p_failed IS NULL OR p_accounts_in_database IS NULL
       OR p_cancelled IS NULL OR p_accounts < 0 OR p_records < 0 OR p_failed < 0 OR p_accounts_in_database < 0 THEN
        RAISE EXCEPTION 'a scan result has counts of zero or more' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM art32.audit('records.scan_result', NULL,
                        jsonb_build_object('accounts', p_accounts, 'records', p_records, 'failed', p_failed,
                                           'accounts_in_database', p_accounts_in_database,
                                           'cancelled', p_cancelled));
END
$$;

REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA art32 FROM PUBLIC;
GRANT EXECUTE ON FUNCTION art32.unlock_tries_left() TO art32_cto, art32_sysadmin, art32_auditor;
GRANT EXECUTE ON FUNCTION art32.admins_locked_out() TO art32_cto, art32_auditor;
GRANT EXECUTE ON FUNCTION art32.scan_finished(bigint, bigint, bigint, bigint, boolean) TO art32_cto, art32_sysadmin;
