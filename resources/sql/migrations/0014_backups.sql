-- Backups (issue 13, DESIGN.md §5): a catalogue of backup runs and of their verifications and restore drills, so
-- that status ("a good backup of every one of the last 30 days", "the last drill restored within the promise") is
-- read from records, not assumed. Missing records are a failure, never an OK: see app/backup/Status.cpp.
--  1. art32.backups: one row per backup (native art32bak file or pgBackRest label) with its header's facts.
--  2. art32.backup_checks: one row per verify, drill or restore of a backup, with the restore's duration.
--  3. Rows are written only by definer functions: an unlocked CTO or sysadmin, or a login of art32_backup (the
--     timers, no TOTP: a service). The server stamps every time itself (art32.now()), so nobody backdates a run
--     or a verification; a run or check is finished once, by the login that began it; nothing is ever deleted,
--     a pruned backup keeps its row marked pruned, and only once it is past retention.
--  4. Everybody reads the catalogue (it holds no personal data): the three admin groups when unlocked, and the
--     backup role, which prunes and reports from it.

SET LOCAL ROLE art32_owner;

CREATE TABLE art32.backups (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    backend        text NOT NULL CHECK (backend IN ('native', 'pgbackrest')),
    label          text NOT NULL CHECK (length(label) BETWEEN 1 AND 200),
    file           text CHECK (file IS NULL OR length(file) BETWEEN 1 AND 4096),
    started_at     timestamptz NOT NULL,
    finished_at    timestamptz,
    size_bytes     bigint CHECK (size_bytes IS NULL OR size_bytes >= 0),
    server_version text CHECK (server_version IS NULL OR length(server_version) <= 200),
    row_counts     jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(row_counts) = 'object'),
    state          text NOT NULL CHECK (state IN ('running', 'complete', 'failed', 'pruned')),
    error          text CHECK (error IS NULL OR length(error) <= 2000),
    recorded_by    name NOT NULL DEFAULT session_user,
    pruned_at      timestamptz,
    pruned_by      name,
    UNIQUE (backend, label),
    CHECK (finished_at IS NULL OR finished_at >= started_at)
);
CREATE INDEX backups_started ON art32.backups (started_at);

CREATE TABLE art32.backup_checks (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    backup_id          bigint NOT NULL REFERENCES art32.backups (id),
    kind               text NOT NULL CHECK (kind IN ('verify', 'drill', 'restore')),
    started_at         timestamptz NOT NULL,
    finished_at        timestamptz,
    restore_seconds    double precision CHECK (restore_seconds IS NULL OR restore_seconds >= 0),
    ok                 boolean,
    error              text CHECK (error IS NULL OR length(error) <= 2000),
    erasures_reapplied integer NOT NULL DEFAULT 0 CHECK (erasures_reapplied >= 0),
    recorded_by        name NOT NULL DEFAULT session_user,
    CHECK ((finished_at IS NULL) = (ok IS NULL))
);
CREATE INDEX backup_checks_backup ON art32.backup_checks (backup_id, started_at);

ALTER TABLE art32.backups ENABLE ROW LEVEL SECURITY;
ALTER TABLE art32.backups FORCE ROW LEVEL SECURITY;
ALTER TABLE art32.backup_checks ENABLE ROW LEVEL SECURITY;
ALTER TABLE art32.backup_checks FORCE ROW LEVEL SECURITY;
CREATE POLICY owner_all ON art32.backups TO art32_owner USING (true) WITH CHECK (true);
CREATE POLICY owner_all ON art32.backup_checks TO art32_owner USING (true) WITH CHECK (true);
CREATE POLICY read_catalogue ON art32.backups FOR SELECT TO art32_cto, art32_sysadmin, art32_auditor
    USING ((SELECT art32.session_is_unlocked()));
CREATE POLICY read_checks ON art32.backup_checks FOR SELECT TO art32_cto, art32_sysadmin, art32_auditor
    USING ((SELECT art32.session_is_unlocked()));
CREATE POLICY backup_read ON art32.backups FOR SELECT TO art32_backup USING (true);
CREATE POLICY backup_read ON art32.backup_checks FOR SELECT TO art32_backup USING (true);
GRANT SELECT ON art32.backups, art32.backup_checks TO art32_cto, art32_sysadmin, art32_auditor, art32_backup;

-- Who may write the catalogue: a superuser (the demo's maintenance role), an unlocked CTO or sysadmin, or a login
-- that is a member of art32_backup and no admin (the timers). Returns the caller's login.
CREATE FUNCTION art32.require_backup_operator() RETURNS name
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
BEGIN
    IF (SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname = session_user) THEN
        RETURN session_user;
    END IF;
    IF EXISTS (SELECT 1 FROM art32.admins a WHERE a.login = session_user) THEN
        PERFORM art32.require_unlocked(ARRAY['cto', 'sysadmin']);
        RETURN session_user;
    END IF;
    IF pg_catalog.pg_has_role(session_user, 'art32_backup', 'MEMBER') THEN
        IF pg_catalog.current_setting('transaction_isolation') <> 'read committed' THEN
            RAISE EXCEPTION 'backup calls run in READ COMMITTED transactions only' USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN session_user;
    END IF;
    RAISE EXCEPTION '% may not record backups', session_user USING ERRCODE = 'insufficient_privilege';
END
$$;

-- A native backup starts: its row, stamped by the server, whose start time names the file and fills its header.
CREATE FUNCTION art32.backup_begin(p_label text, p_file text) RETURNS TABLE (id bigint, started_at timestamptz)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
DECLARE
    who name := art32.require_backup_operator();
    b art32.backups;
BEGIN
    INSERT INTO art32.backups (backend, label, file, started_at, state, recorded_by)
    VALUES ('native', p_label, p_file, art32.now(), 'running', who)
    RETURNING * INTO b;
    PERFORM art32.audit('backup.begin', b.id::text, jsonb_build_object('label', p_label));
    RETURN QUERY SELECT b.id, b.started_at;
END
$$;

-- A native backup ends, once, finished by the login that began it: complete with its header's facts, or failed.
CREATE FUNCTION art32.backup_finish(p_id bigint, p_ok boolean, p_size bigint, p_server_version text,
                                    p_row_counts jsonb, p_error text) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
DECLARE
    who name := art32.require_backup_operator();
    b art32.backups;
BEGIN
    IF p_ok IS NULL OR (p_ok AND (p_size IS NULL OR p_row_counts IS NULL)) THEN
        RAISE EXCEPTION 'a complete backup has a size and row counts' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    UPDATE art32.backups SET state = CASE WHEN p_ok THEN 'complete' ELSE 'failed' END, finished_at = art32.now(),
                             size_bytes = p_size, server_version = p_server_version,
                             row_counts = coalesce(p_row_counts, '{}'::jsonb),
                             error = CASE WHEN p_ok THEN NULL ELSE left(coalesce(p_error, 'failed'), 2000) END
     WHERE backups.id = p_id AND state = 'running' AND recorded_by = who AND backend = 'native'
    RETURNING * INTO b;
    IF b.id IS NULL THEN
        RAISE EXCEPTION 'backup % is not a native backup that % began and that is still running', p_id, who
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM art32.audit('backup.finish', b.id::text,
                        jsonb_build_object('state', b.state, 'size', b.size_bytes, 'error', b.error));
END
$$;

-- A backup another tool made (pgBackRest, read from `pgbackrest info`): its times come from that tool's record,
-- never from the future; imported once per label (the same label again updates a row that is not pruned).
CREATE FUNCTION art32.backup_import(p_backend text, p_label text, p_started timestamptz, p_finished timestamptz,
                                    p_size bigint, p_server_version text, p_ok boolean, p_error text) RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
DECLARE
    who name := art32.require_backup_operator();
    new_id bigint;
BEGIN
    IF p_backend IS DISTINCT FROM 'pgbackrest' THEN
        RAISE EXCEPTION 'only pgBackRest backups are imported; native backups record themselves'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_started IS NULL OR p_ok IS NULL OR p_started > art32.now() OR p_finished > art32.now() THEN
        RAISE EXCEPTION 'an imported backup has a start time and an outcome, none in the future'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    INSERT INTO art32.backups AS b (backend, label, started_at, finished_at, size_bytes, server_version, state, error,
                                    recorded_by)
    VALUES (p_backend, p_label, p_started, p_finished, p_size, p_server_version,
            CASE WHEN p_ok THEN 'complete' ELSE 'failed' END, left(p_error, 2000), who)
    ON CONFLICT (backend, label) DO UPDATE
        SET finished_at = EXCLUDED.finished_at, size_bytes = EXCLUDED.size_bytes,
            server_version = EXCLUDED.server_version, state = EXCLUDED.state, error = EXCLUDED.error
        WHERE b.state <> 'pruned' AND b.started_at = EXCLUDED.started_at
    RETURNING b.id INTO new_id;
    IF new_id IS NULL THEN
        SELECT b.id INTO new_id FROM art32.backups b WHERE b.backend = p_backend AND b.label = p_label;
    ELSE
        PERFORM art32.audit('backup.import', new_id::text, jsonb_build_object('backend', p_backend, 'label', p_label));
    END IF;
    RETURN new_id;
END
$$;

-- A verify, drill or restore of a complete backup begins (server time) ...
CREATE FUNCTION art32.backup_check_begin(p_backup bigint, p_kind text) RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
DECLARE
    who name := art32.require_backup_operator();
    new_id bigint;
BEGIN
    IF p_kind IS NULL OR p_kind NOT IN ('verify', 'drill', 'restore') THEN
        RAISE EXCEPTION 'a check is a verify, a drill or a restore' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM art32.backups b WHERE b.id = p_backup AND b.state = 'complete') THEN
        RAISE EXCEPTION 'backup % is not a complete backup that is still kept', p_backup
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    INSERT INTO art32.backup_checks (backup_id, kind, started_at, recorded_by)
    VALUES (p_backup, p_kind, art32.now(), who)
    RETURNING id INTO new_id;
    PERFORM art32.audit('backup.check_begin', p_backup::text, jsonb_build_object('check', new_id, 'kind', p_kind));
    RETURN new_id;
END
$$;

-- ... and ends once, by the login that began it (server time). The restore took no longer than the check itself.
CREATE FUNCTION art32.backup_check_finish(p_check bigint, p_ok boolean, p_restore_seconds double precision,
                                          p_erasures integer, p_error text) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
DECLARE
    who name := art32.require_backup_operator();
    c art32.backup_checks;
BEGIN
    IF p_ok IS NULL OR coalesce(p_erasures, 0) < 0 OR coalesce(p_restore_seconds, 0) < 0 THEN
        RAISE EXCEPTION 'a check ends with an outcome, a restore time and erasures that are not negative'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    UPDATE art32.backup_checks k SET finished_at = art32.now(), ok = p_ok, erasures_reapplied = coalesce(p_erasures, 0),
                                     error = CASE WHEN p_ok THEN NULL ELSE left(coalesce(p_error, 'failed'), 2000) END,
                                     restore_seconds = p_restore_seconds
     WHERE k.id = p_check AND k.finished_at IS NULL AND k.recorded_by = who
       AND (p_restore_seconds IS NULL
            OR p_restore_seconds <= extract(epoch FROM art32.now() - k.started_at) + 1)
    RETURNING * INTO c;
    IF c.id IS NULL THEN
        RAISE EXCEPTION 'check % is not one % began and still runs, or its restore time is longer than the check', p_check, who
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM art32.audit('backup.check', c.backup_id::text,
                        jsonb_build_object('check', c.id, 'kind', c.kind, 'ok', c.ok, 'restore_seconds', c.restore_seconds,
                                           'erasures', c.erasures_reapplied, 'error', c.error));
END
$$;

-- A backup past retention was deleted: its row stays, marked pruned. Refused for a backup still within retention
-- (policy backup_retention_days), so nobody removes recent backups from the record.
CREATE FUNCTION art32.backup_pruned(p_id bigint) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
DECLARE
    who name := art32.require_backup_operator();
    b art32.backups;
BEGIN
    UPDATE art32.backups SET state = 'pruned', pruned_at = art32.now(), pruned_by = who
     WHERE backups.id = p_id AND state IN ('complete', 'failed')
       AND started_at < art32.now() - make_interval(days => art32.policy_value('backup_retention_days'))
    RETURNING * INTO b;
    IF b.id IS NULL THEN
        RAISE EXCEPTION 'backup % is not a kept backup past retention', p_id USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM art32.audit('backup.prune', b.id::text,
                        jsonb_build_object('label', b.label, 'started_at', b.started_at, 'backend', b.backend));
END
$$;

-- The retention policy and the server's clock, for the backup role's prune and status (no secrets).
GRANT SELECT ON art32.policy TO art32_backup;
GRANT EXECUTE ON FUNCTION art32.now() TO art32_backup;

-- The erasure ledger for a restore, which re-applies it to the restored copy (account ids, times, counts).
CREATE FUNCTION art32.backup_erasures()
RETURNS TABLE (account_id bigint, erased_at timestamptz, erased_by name, records_deleted integer, backups_until timestamptz)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
BEGIN
    PERFORM art32.require_backup_operator();
    RETURN QUERY SELECT l.account_id, l.erased_at, l.erased_by, l.records_deleted, l.backups_until
                   FROM art32.erasure_ledger l ORDER BY l.account_id;
END
$$;

REVOKE ALL ON FUNCTION art32.require_backup_operator() FROM PUBLIC;
REVOKE ALL ON FUNCTION art32.backup_begin(text, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION art32.backup_finish(bigint, boolean, bigint, text, jsonb, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION art32.backup_import(text, text, timestamptz, timestamptz, bigint, text, boolean, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION art32.backup_check_begin(bigint, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION art32.backup_check_finish(bigint, boolean, double precision, integer, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION art32.backup_pruned(bigint) FROM PUBLIC;
REVOKE ALL ON FUNCTION art32.backup_erasures() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION art32.backup_begin(text, text),
                          art32.backup_finish(bigint, boolean, bigint, text, jsonb, text),
                          art32.backup_import(text, text, timestamptz, timestamptz, bigint, text, boolean, text),
                          art32.backup_check_begin(bigint, text),
                          art32.backup_check_finish(bigint, boolean, double precision, integer, text),
                          art32.backup_pruned(bigint), art32.backup_erasures()
    TO art32_cto, art32_sysadmin, art32_backup;
