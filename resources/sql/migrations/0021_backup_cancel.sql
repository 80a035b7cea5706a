-- Backups from the console (issue 13, i13-gui): what a Cancel leaves on the record, what pgBackRest expired itself,
-- and who asked the console for a job.
--  1. A run or a check that was cancelled is recorded as cancelled, not failed: a person stopping a backup is not
--     a failure of the backups, and a cancelled check proves nothing either way (no verdict: ok stays NULL, so no
--     reader counts it as a verification). Only the login that began it cancels it, and only while it runs.
--  2. pgBackRest expires sets by its own retention. A set the catalogue holds as complete but that `pgbackrest
--     info` no longer lists is gone: import marks it expired, so the status never counts a backup that is not
--     there (missing data is a failure, never an OK).
--  3. The console runs native jobs as the backup login (the demo's maintenance role, as `art32ctl backup` does);
--     before that, the admin's own unlocked session asks art32.backup_requested, which refuses anyone but a CTO or
--     sysadmin and puts the admin's name on the record.

SET LOCAL ROLE art32_owner;

ALTER TABLE art32.backups DROP CONSTRAINT backups_state_check;
ALTER TABLE art32.backups ADD CONSTRAINT backups_state_check
    CHECK (state IN ('running', 'complete', 'failed', 'pruned', 'cancelled', 'expired'));
ALTER TABLE art32.backups ADD COLUMN expired_at timestamptz;

ALTER TABLE art32.backup_checks ADD COLUMN cancelled boolean NOT NULL DEFAULT false;
ALTER TABLE art32.backup_checks DROP CONSTRAINT backup_checks_check;
ALTER TABLE art32.backup_checks ADD CONSTRAINT backup_checks_check
    CHECK (CASE WHEN cancelled THEN finished_at IS NOT NULL AND ok IS NULL AND restore_seconds IS NULL
                ELSE (finished_at IS NULL) = (ok IS NULL) END);

-- A native run that its login stopped: cancelled (its partial file was removed by the run itself).
CREATE FUNCTION art32.backup_cancelled(p_id bigint, p_reason text) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
DECLARE
    who name := art32.require_backup_operator();
    b art32.backups;
BEGIN
    UPDATE art32.backups SET state = 'cancelled', finished_at = art32.now(),
                             error = left(coalesce(p_reason, 'cancelled'), 2000)
     WHERE backups.id = p_id AND state = 'running' AND recorded_by = who AND backend = 'native'
    RETURNING * INTO b;
    IF b.id IS NULL THEN
        RAISE EXCEPTION 'backup % is not a native backup that % began and that is still running', p_id, who
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM art32.audit('backup.cancel', b.id::text, jsonb_build_object('label', b.label));
END
$$;

-- A verify, drill or restore that its login stopped: finished without a verdict.
CREATE FUNCTION art32.backup_check_cancelled(p_check bigint, p_reason text) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
DECLARE
    who name := art32.require_backup_operator();
    c art32.backup_checks;
BEGIN
    UPDATE art32.backup_checks k SET finished_at = art32.now(), cancelled = true,
                                     error = left(coalesce(p_reason, 'cancelled'), 2000)
     WHERE k.id = p_check AND k.finished_at IS NULL AND k.recorded_by = who
    RETURNING * INTO c;
    IF c.id IS NULL THEN
        RAISE EXCEPTION 'check % is not one % began and still runs', p_check, who
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM art32.audit('backup.check_cancel', c.backup_id::text, jsonb_build_object('check', c.id, 'kind', c.kind));
END
$$;

-- pgBackRest's sets that its `info` no longer lists (p_present: the labels it does list) are gone: expired. Only
-- complete sets change (a recorded failure stays a failure); returns how many were marked.
CREATE FUNCTION art32.backup_expire_missing(p_backend text, p_present text[]) RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
DECLARE
    who name := art32.require_backup_operator();
    n integer;
    labels jsonb;
BEGIN
    IF p_backend IS DISTINCT FROM 'pgbackrest' OR p_present IS NULL THEN
        RAISE EXCEPTION 'only pgBackRest sets expire, against the list of labels its info shows'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    WITH gone AS (
        UPDATE art32.backups b SET state = 'expired', expired_at = art32.now()
         WHERE b.backend = 'pgbackrest' AND b.state = 'complete' AND NOT (b.label = ANY (p_present))
        RETURNING b.label)
    SELECT count(*), coalesce(jsonb_agg(gone.label ORDER BY gone.label), '[]'::jsonb) INTO n, labels FROM gone;
    IF n > 0 THEN
        PERFORM art32.audit('backup.expired', NULL,
                            jsonb_build_object('backend', p_backend, 'labels', labels, 'by', who));
    END IF;
    RETURN n;
END
$$;

-- The console asks before it starts a native job as the backup login: an unlocked CTO or sysadmin only, on record.
CREATE FUNCTION art32.backup_requested(p_action text, p_backup bigint) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
BEGIN
    PERFORM art32.require_unlocked(ARRAY['cto', 'sysadmin']);
    IF p_action IS NULL OR p_action NOT IN ('run', 'verify', 'drill') THEN
        RAISE EXCEPTION 'the console asks to run, verify or drill' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM art32.audit('backup.requested', p_backup::text, jsonb_build_object('action', p_action));
END
$$;

REVOKE ALL ON FUNCTION art32.backup_cancelled(bigint, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION art32.backup_check_cancelled(bigint, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION art32.backup_expire_missing(text, text[]) FROM PUBLIC;
REVOKE ALL ON FUNCTION art32.backup_requested(text, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION art32.backup_cancelled(bigint, text), art32.backup_check_cancelled(bigint, text),
                          art32.backup_expire_missing(text, text[])
    TO art32_cto, art32_sysadmin, art32_backup;
GRANT EXECUTE ON FUNCTION art32.backup_requested(text, bigint) TO art32_cto, art32_sysadmin;
