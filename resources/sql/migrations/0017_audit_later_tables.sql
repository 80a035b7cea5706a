-- The audit chain's change tracking for the tables that migrations 0013-0015 added after 0012 attached it to
-- every table there was (access requests, the backup catalogue, the incident register), and the index the Audit
-- view's "who saw this customer's data?" needs for the range reads of scans, exports and rotations.
--  1. art32.audit_track (0012, with 0016's TRUNCATE trigger) on every art32 table that has no change trigger yet,
--     with the same exceptions as 0012: the log, its lock and the per-request bookkeeping.
--  2. A partial index of range reads (records.read events that name no single account): the account filter
--     walks these to find the reads whose first..last covers the account, and without it walked every
--     records.read event.

SET LOCAL ROLE art32_owner;

DO $$
DECLARE
    t regclass;
BEGIN
    FOR t IN SELECT c.oid::regclass FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE n.nspname = 'art32' AND c.relkind IN ('r', 'p')
                AND c.relname NOT IN ('audit_events', 'audit_head', 'unlocked_sessions', 'open_reads',
                                      'unlock_outcomes', 'totp_failures', 'searches')
                AND NOT EXISTS (SELECT 1 FROM pg_trigger g WHERE g.tgrelid = c.oid AND g.tgname = 'audit_changes')
              ORDER BY c.relname LOOP
        PERFORM art32.audit_track(t);
    END LOOP;
END
$$;

CREATE INDEX audit_events_range_reads ON art32.audit_events (seq)
    WHERE action = 'records.read' AND account_id IS NULL;
