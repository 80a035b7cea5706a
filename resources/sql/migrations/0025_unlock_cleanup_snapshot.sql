-- Security review 18, continued (tst_attacks_review18::aWrongCodeDoesNotCleanUpAnothersUnlockOutcome).
-- The flaw 0024 fixed in open_read is also in the unlock's two cleanups: PostgreSQL snapshots pg_stat_activity at
-- its first use in a transaction, so a login that read it, waited, and then called these functions in the same
-- transaction took backends started meanwhile for ended ones:
--   start_unlocked_session: an unlocked admin's next unlock ended the unlocked sessions of admins that connected
--     meanwhile;
--   unlock_session: a locked login's wrong code deleted the unlock outcomes of backends that connected meanwhile.
-- Both bodies are 0011's, with the snapshot cleared before the cleanup.

CREATE OR REPLACE FUNCTION art32.start_unlocked_session(p_admin integer, p_at timestamp with time zone) RETURNS timestamp with time zone
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'art32', 'pg_temp'
    AS $$
DECLARE
    until timestamptz := p_at + make_interval(mins => art32.policy_value('idle_minutes'));
    mine  timestamptz := art32.my_backend_start();
BEGIN
    DELETE FROM art32.unlocked_sessions WHERE pid = pg_catalog.pg_backend_pid() AND backend_start = mine;
    DELETE FROM art32.open_reads WHERE pid = pg_catalog.pg_backend_pid() AND backend_start = mine;
    PERFORM pg_catalog.pg_stat_clear_snapshot(); -- the backends as they are now (0025)
    DELETE FROM art32.unlocked_sessions u
     WHERE u.ctid IN (SELECT s.ctid FROM art32.unlocked_sessions s
                       WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_stat_activity a
                                          WHERE a.pid = s.pid AND a.backend_start = s.backend_start)
                         FOR UPDATE SKIP LOCKED);
    INSERT INTO art32.unlocked_sessions (pid, backend_start, admin_id, unlocked_at, expires_at)
    VALUES (pg_catalog.pg_backend_pid(), mine, p_admin, p_at, until);
    RETURN until;
END
$$;

CREATE OR REPLACE FUNCTION art32.unlock_session(code text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'art32', 'pg_temp'
    AS $$
DECLARE
    r record;
BEGIN
    r := art32.check_unlock_code(code);
    INSERT INTO art32.unlock_outcomes (pid, backend_start, status, locked_until, expires_at)
    VALUES (pg_catalog.pg_backend_pid(), art32.my_backend_start(), r.status, r.locked_until, r.expires_at)
    ON CONFLICT (pid, backend_start) DO UPDATE
        SET status = EXCLUDED.status, locked_until = EXCLUDED.locked_until, expires_at = EXCLUDED.expires_at;
    PERFORM pg_catalog.pg_stat_clear_snapshot(); -- the backends as they are now (0025)
    DELETE FROM art32.unlock_outcomes o
     WHERE o.ctid IN (SELECT s.ctid FROM art32.unlock_outcomes s
                       WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_stat_activity a
                                          WHERE a.pid = s.pid AND a.backend_start = s.backend_start)
                         FOR UPDATE SKIP LOCKED);
END
$$;
