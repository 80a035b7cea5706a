-- Review 20 (attack review of the backup catalogue's paths and anchors, docs/SECURITY.md "Review 20").
--  1. backup_begin took any label and file from its caller. Prune (the timer's login) deleted <its directory>/<label>
--     past retention, so a backup operator who began a run labelled "../x" or "/abs/x" had a later prune delete a
--     file outside the backup directory; verify, drill and the view opened the recorded file wherever it pointed.
--     A native run's label is now a plain file name (a letter or digit, then letters, digits, '.', '_' or '-',
--     ending in .art32bak), and its file is an absolute path without '.', '..' or empty components whose last one is
--     the label: the directory the run wrote into, which names the ledger anchor's directory (0026) and is never
--     opened. The client joins the label with its own backup directory (backup::fileIn) and refuses rows recorded
--     before this migration that break the rule. tst_attacks_backup::aRecordedPathCannotLeaveTheBackupDirectory
--     fails without it.
--  2. The backup.finish event names how many erasures the server's own ledger held when an anchor was recorded
--     (live_entries), so an anchor longer than that (an invented one, or a ledger file that held erasures the
--     database lacked, as after a restore of an older backup) shows in the audit log. It is not refused: after such
--     a restore the file legitimately holds more than the live ledger, and refusing would fail every run after it.

SET LOCAL ROLE art32_owner;

CREATE OR REPLACE FUNCTION art32.backup_begin(p_label text, p_file text) RETURNS TABLE (id bigint, started_at timestamptz)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
DECLARE
    who name := art32.require_backup_operator();
    b art32.backups;
BEGIN
    IF p_label IS NULL OR p_label !~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,190}\.art32bak$' THEN
        RAISE EXCEPTION 'a native backup''s label is a plain file name ending in .art32bak'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_file IS NULL OR length(p_file) > 4096 OR left(p_file, 1) <> '/' OR p_file ~ '[[:cntrl:]]'
       OR p_file ~ '(^|/)\.\.?(/|$)' OR p_file ~ '//'
       OR right(p_file, length(p_label) + 1) <> '/' || p_label THEN
        RAISE EXCEPTION 'a native backup''s file is an absolute path, without . or .. components, ending in its label'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    INSERT INTO art32.backups (backend, label, file, started_at, state, recorded_by)
    VALUES ('native', p_label, p_file, art32.now(), 'running', who)
    RETURNING * INTO b;
    PERFORM art32.audit('backup.begin', b.id::text, jsonb_build_object('label', p_label));
    RETURN QUERY SELECT b.id, b.started_at;
END
$$;

-- 0028's finish; its event also names the length of the server's own erasure ledger at the anchor's recording.
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
                                           'ledger_key', b.ledger_key,
                                           'live_entries', (SELECT count(*) FROM art32.erasure_ledger)));
END
$$;
