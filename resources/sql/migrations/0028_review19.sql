-- Review 19 (attack review of 0026). backup_import kept a label's first report time on every re-import, whatever
-- the re-import changed: a backup operator re-imported a set reported in time days ago with its finish moved to "a
-- minute ago" (or a failed placeholder turned complete), and it became the last good backup and cleared the age
-- warning, audited late = false. A re-import that changes the finish or the outcome is a new report: reported_at is
-- the server's now again, so such a set is reported late (unproven until verified) and audited late = true. An
-- unchanged re-import (the next `pgbackrest info`) keeps the first report time. tst_attacks_backup::
-- aReimportCannotMoveAnOldSetsFinish fails without it.
-- The same for a native run: one begun days ago and left running (a stale run, a failure on its day) and finished
-- later turned that past day Present. A run finished more than 26 h after its start is reported at its finish, so it
-- is reported late until verified. tst_attacks_backup::aStaleRunFinishedLateProvesNothing fails without it.

SET LOCAL ROLE art32_owner;

CREATE OR REPLACE FUNCTION art32.backup_import(p_backend text, p_label text, p_started timestamptz,
                                               p_finished timestamptz, p_size bigint, p_server_version text,
                                               p_ok boolean, p_error text) RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
DECLARE
    who name := art32.require_backup_operator();
    r art32.backups;
    existing bigint;
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
                                    recorded_by, reported_at)
    VALUES (p_backend, p_label, p_started, p_finished, p_size, p_server_version,
            CASE WHEN p_ok THEN 'complete' ELSE 'failed' END, left(p_error, 2000), who, art32.now())
    ON CONFLICT (backend, label) DO UPDATE
        SET finished_at = EXCLUDED.finished_at, size_bytes = EXCLUDED.size_bytes,
            server_version = EXCLUDED.server_version, state = EXCLUDED.state, error = EXCLUDED.error,
            reported_at = CASE WHEN (b.finished_at, b.state) IS DISTINCT FROM (EXCLUDED.finished_at, EXCLUDED.state)
                               THEN art32.now() ELSE b.reported_at END
        WHERE b.state <> 'pruned' AND b.started_at = EXCLUDED.started_at
    RETURNING b.* INTO r;
    IF r.id IS NULL THEN
        SELECT b.id INTO existing FROM art32.backups b WHERE b.backend = p_backend AND b.label = p_label;
        RETURN existing;
    END IF;
    PERFORM art32.audit('backup.import', r.id::text,
                        jsonb_build_object('backend', p_backend, 'label', p_label, 'started', r.started_at,
                                           'finished', r.finished_at, 'reported', r.reported_at,
                                           'late', r.reported_at - r.started_at > interval '26 hours'));
    RETURN r.id;
END
$$;

-- 0026's finish; a run finished more than 26 h after its start is reported at its finish (late).
CREATE OR REPLACE FUNCTION art32.backup_finish(p_id bigint, p_ok boolean, p_size bigint, p_server_version text,
                                    p_row_counts jsonb, p_error text, p_ledger_entries integer DEFAULT NULL,
                                    p_ledger_head text DEFAULT NULL, p_ledger_key text DEFAULT NULL) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
DECLARE
    who name := art32.require_backup_operator();
    anchored boolean := coalesce(p_ledger_entries, 0) > 0;
    b art32.backups;
BEGIN
    IF p_ok IS NULL OR (p_ok AND (p_size IS NULL OR p_row_counts IS NULL)) THEN
        RAISE EXCEPTION 'a complete backup has a size and row counts' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF coalesce(p_ledger_entries, 0) < 0
       OR (anchored AND (p_ledger_head IS NULL OR p_ledger_head !~ '^[0-9a-f]{64}$'
                         OR p_ledger_key IS NULL OR p_ledger_key !~ '^[0-9a-f]{32}$')) THEN
        RAISE EXCEPTION 'a ledger anchor is a positive length, a 64-digit chain value and a 32-digit key id'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    UPDATE art32.backups SET state = CASE WHEN p_ok THEN 'complete' ELSE 'failed' END, finished_at = art32.now(),
                             size_bytes = p_size, server_version = p_server_version,
                             row_counts = coalesce(p_row_counts, '{}'::jsonb),
                             error = CASE WHEN p_ok THEN NULL ELSE left(coalesce(p_error, 'failed'), 2000) END,
                             ledger_entries = coalesce(backups.ledger_entries, CASE WHEN anchored THEN p_ledger_entries END),
                             ledger_head = coalesce(backups.ledger_head, CASE WHEN anchored THEN p_ledger_head END),
                             ledger_key = coalesce(backups.ledger_key, CASE WHEN anchored THEN p_ledger_key END),
                             reported_at = CASE WHEN art32.now() - backups.started_at > interval '26 hours'
                                                THEN art32.now() ELSE backups.reported_at END
     WHERE backups.id = p_id AND state = 'running' AND recorded_by = who AND backend = 'native'
    RETURNING * INTO b;
    IF b.id IS NULL THEN
        RAISE EXCEPTION 'backup % is not a native backup that % began and that is still running', p_id, who
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM art32.audit('backup.finish', b.id::text,
                        jsonb_build_object('state', b.state, 'size', b.size_bytes, 'error', b.error,
                                           'ledger_entries', b.ledger_entries, 'ledger_head', b.ledger_head,
                                           'ledger_key', b.ledger_key));
END
$$;
