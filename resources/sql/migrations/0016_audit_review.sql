-- Fixes from the attack review of the audit chain (tests/security/tst_attacks_chain_review.cpp, docs/SECURITY.md),
-- each separable from 0012 (no function of 0012 is replaced):
--  1. TRUNCATE of a tracked table is a change: a statement trigger, ALWAYS, writes row.truncate (table name only).
--  2. Retention keeps recent history: no event younger than the policy's audit_keep_days (at least 30) may be
--     deleted, by anyone but a superuser (who could disable the trigger anyway; verify and checkpoints cover that).
--     Without it a CTO acting alone could cut the log up to its last event, their own reads included.
--  3. The warden's policy stays within bounds, so a CTO cannot make it end every running writer after a second, nor
--     switch stall protection off: audit_idle_hold_seconds 1..300, audit_hold_seconds 10..3600. The default hold
--     drops from 600 to 60 s: any login that can write an event (a locked login's unlock attempt, the platform's
--     write) can hold the chain with a running statement (pg_sleep) until then, again and again.

SET LOCAL ROLE art32_owner;

-- 1. TRUNCATE events.
CREATE FUNCTION art32.audit_truncate() RETURNS trigger
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
BEGIN
    INSERT INTO art32.audit_events (action, object, tbl) VALUES ('row.truncate', TG_TABLE_NAME, TG_TABLE_NAME);
    RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION art32.audit_truncate() FROM PUBLIC;

DO $$
DECLARE
    t regclass;
BEGIN
    FOR t IN SELECT DISTINCT tg.tgrelid::regclass FROM pg_catalog.pg_trigger tg
              WHERE tg.tgname = 'audit_changes' AND NOT tg.tgisinternal LOOP
        EXECUTE format('CREATE TRIGGER audit_truncate AFTER TRUNCATE ON %s FOR EACH STATEMENT '
                       'EXECUTE FUNCTION art32.audit_truncate()', t);
        EXECUTE format('ALTER TABLE %s ENABLE ALWAYS TRIGGER audit_truncate', t);
    END LOOP;
END
$$;

-- 2. Recent events stay.
INSERT INTO art32.policy (key, value) VALUES ('audit_keep_days', 365);

CREATE FUNCTION art32.refuse_recent_audit_delete() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, art32, pg_temp AS $$
BEGIN
    IF OLD.at > art32.now() - pg_catalog.make_interval(days => art32.policy_value('audit_keep_days'))
       AND NOT (SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname = session_user) THEN
        RAISE EXCEPTION 'audit event % is younger than the retention policy (% days): it is kept', OLD.seq,
                        art32.policy_value('audit_keep_days') USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN OLD;
END
$$;
REVOKE ALL ON FUNCTION art32.refuse_recent_audit_delete() FROM PUBLIC;
CREATE TRIGGER audit_events_keep_recent BEFORE DELETE ON art32.audit_events
    FOR EACH ROW EXECUTE FUNCTION art32.refuse_recent_audit_delete();
ALTER TABLE art32.audit_events ENABLE ALWAYS TRIGGER audit_events_keep_recent;

-- 3. Bounds (a CHECK, so set_policy and every other writer are held to them).
ALTER TABLE art32.policy ADD CONSTRAINT policy_audit_bounds CHECK (
    CASE key
        WHEN 'audit_idle_hold_seconds' THEN value BETWEEN 1 AND 300
        WHEN 'audit_hold_seconds' THEN value BETWEEN 10 AND 3600
        WHEN 'audit_keep_days' THEN value >= 30
        ELSE true
    END);
UPDATE art32.policy SET value = 60 WHERE key = 'audit_hold_seconds';
