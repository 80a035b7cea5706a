-- Backups (issue 13, i13-sec): the two holes docs/SECURITY.md left open after review 18.
--  1. Backfilled fake pgBackRest sets. The server cannot see a pgBackRest repository: an imported set's start and
--     finish are the caller's word, so a backup operator could import a set that never existed for any past day,
--     and that day showed Present. What the server can stamp, it now stamps: art32.backups.reported_at, the moment
--     it first recorded the backup by its own clock (art32.now()): a native run at its start (backup_begin, whose
--     start is the server's too), a pgBackRest set at its first import (later imports of the same label keep it).
--     The status model (backup::reportedLate in app/backup/Status.cpp, the one rule) treats a set first reported
--     more than 26 h after its start, and so long after it finished, as unproven ("reported late"): never Present
--     and never the last good backup until a verify or drill of it succeeds. Every import is audited with that same
--     test as `late` (kept in step with Status.cpp by tst_attacks_backup::aBackfilledSetProvesNothing).
--  2. The erasure ledger file cut back past an older backup's anchor. A restore checked the file against the anchor
--     of the backup it restores only. Each native run now records its anchor (the ledger file's length, its chain
--     value there, and the ledger key's id) in its catalogue row when it finishes, once, by the login that began it,
--     in the backup.finish event; a restore checks the file against the newest anchor of the backup directory it
--     knows: these rows while the live database is reachable, the authenticated headers of the directory's
--     backups when it is not (app/backup/Native.cpp).
-- Existing rows: a native row was reported at its start; an imported one at its first backup.import event (the
-- audit log's server time), or now when retention has cut that event (unknown is not on time). Anchors of earlier
-- runs stay in their files' headers only.

SET LOCAL ROLE art32_owner;

ALTER TABLE art32.backups ADD COLUMN reported_at timestamptz;
UPDATE art32.backups b
   SET reported_at = CASE WHEN b.backend = 'native' THEN b.started_at
                          ELSE coalesce((SELECT min(e.at) FROM art32.audit_events e
                                          WHERE e.action = 'backup.import' AND e.object = b.id::text),
                                        art32.now()) END;
ALTER TABLE art32.backups ALTER COLUMN reported_at SET DEFAULT art32.now();
ALTER TABLE art32.backups ALTER COLUMN reported_at SET NOT NULL;

ALTER TABLE art32.backups ADD COLUMN ledger_entries integer;
ALTER TABLE art32.backups ADD COLUMN ledger_head text;
ALTER TABLE art32.backups ADD COLUMN ledger_key text;
ALTER TABLE art32.backups ADD CONSTRAINT backups_ledger_anchor CHECK (
    (ledger_entries IS NULL AND ledger_head IS NULL AND ledger_key IS NULL)
    OR (backend = 'native' AND ledger_entries > 0 AND ledger_head ~ '^[0-9a-f]{64}$' AND ledger_key ~ '^[0-9a-f]{32}$'));

-- 0014's import, stamping the first report and auditing whether it came late (more than 26 h after the set's start).
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
            server_version = EXCLUDED.server_version, state = EXCLUDED.state, error = EXCLUDED.error
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

-- 0014's finish, with the run's ledger anchor (NULL: the ledger was empty, or a caller of before 0026).
DROP FUNCTION art32.backup_finish(bigint, boolean, bigint, text, jsonb, text);
CREATE FUNCTION art32.backup_finish(p_id bigint, p_ok boolean, p_size bigint, p_server_version text,
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
                             ledger_key = coalesce(backups.ledger_key, CASE WHEN anchored THEN p_ledger_key END)
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

REVOKE ALL ON FUNCTION art32.backup_finish(bigint, boolean, bigint, text, jsonb, text, integer, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION art32.backup_finish(bigint, boolean, bigint, text, jsonb, text, integer, text, text)
    TO art32_cto, art32_sysadmin, art32_backup;
