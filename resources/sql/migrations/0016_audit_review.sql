-- Fixes from the attack review of the audit chain (tests/security/tst_attacks_chain_review.cpp, docs/SECURITY.md),
-- 1-3 separable from 0012; from 4 on they replace functions of 0012 (CREATE OR REPLACE; 0012 itself is not edited):
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

-- 4. The warden sees every holder of the chain. The row lock on audit_head names, as xmax, the (sub)transaction that
-- took it; once that subtransaction commits (RELEASE SAVEPOINT, or audit_chain_wait's EXCEPTION block returning) its
-- own lock is gone while the row stays locked for the top-level transaction, and the warden found no holder: any
-- login that can write an event stalled the chain for good. So the chain step also takes a marker, the advisory lock
-- (1098019891, 12) in shared mode, transaction-level: a subtransaction's commit hands it to its parent (its abort
-- drops it, together with the row lock), so it lives exactly as long as the chain is held. The warden's candidates
-- are the non-superuser backends holding the xmax lock or the marker; each is ended by the same idle/age rules.
-- Why a login cannot abuse the marker (anyone may take any advisory lock):
--  * a backend holds only the advisory locks it took itself: taking the marker makes only yourself a candidate,
--    judged by the idle/age rules that already applied to you as a chain holder (self-harm, nothing more);
--  * the warden judges every candidate, not the first it finds, so a decoy holding the marker does not shield the
--    real holder;
--  * the marker in ExclusiveLock, held or waited for, would keep writers from their shared marker (a waiting
--    exclusive request blocks new shared ones): nothing legitimate asks for it, so the warden always ends such a
--    backend, again only the one that asked; writers take the marker with the try form and call the warden
--    between tries, so it never makes them wait for more than that;
--  * the marker alone is no chain: the row lock still serialises the chain, the marker only makes its holder visible.
RESET ROLE;
SET LOCAL ROLE art32_chainwarden;
CREATE OR REPLACE FUNCTION art32_warden.end_stalled_chain_holder() RETURNS name
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    holder record;
    ended name;
    idle_before timestamptz := pg_catalog.clock_timestamp() - pg_catalog.make_interval(
        secs => (SELECT p.value FROM art32.policy p WHERE p.key = 'audit_idle_hold_seconds'));
    start_before timestamptz := pg_catalog.clock_timestamp() - pg_catalog.make_interval(
        secs => (SELECT p.value FROM art32.policy p WHERE p.key = 'audit_hold_seconds'));
    head xid := (SELECT h.xmax FROM art32.audit_head h);
    db oid := (SELECT d.oid FROM pg_catalog.pg_database d WHERE d.datname = pg_catalog.current_database());
BEGIN
    FOR holder IN
        SELECT a.pid, a.usename, a.state, a.state_change, a.xact_start,
               EXISTS (SELECT 1 FROM pg_catalog.pg_locks x
                        WHERE x.pid = a.pid AND x.locktype = 'advisory' AND x.database = db
                          AND x.classid = 1098019891::oid AND x.objid = 12::oid AND x.objsubid = 2
                          AND x.mode = 'ExclusiveLock') AS usurper
          FROM pg_catalog.pg_stat_activity a
         WHERE a.pid <> pg_catalog.pg_backend_pid()
           AND NOT (SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.oid = a.usesysid)
           AND EXISTS (SELECT 1 FROM pg_catalog.pg_locks l
                        WHERE l.pid = a.pid
                          AND ((l.locktype = 'transactionid' AND l.mode = 'ExclusiveLock' AND l.granted
                                AND l.database IS NULL AND l.transactionid = head)
                               OR (l.locktype = 'advisory' AND l.database = db AND l.classid = 1098019891::oid
                                   AND l.objid = 12::oid AND l.objsubid = 2
                                   AND (l.granted OR l.mode = 'ExclusiveLock'))))
    LOOP
        IF holder.usurper
           OR (holder.state LIKE 'idle in transaction%' AND holder.state_change < idle_before)
           OR holder.xact_start < start_before THEN
            IF pg_catalog.pg_terminate_backend(holder.pid) THEN
                ended := holder.usename;
            END IF;
        END IF;
    END LOOP;
    RETURN ended;
END
$$;
RESET ROLE;
SET LOCAL ROLE art32_owner;

CREATE OR REPLACE FUNCTION art32.audit_chain() RETURNS trigger
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
DECLARE
    ended name;
    tries int := 0;
    last_seq bigint;
    last_hash bytea;
    last_at timestamptz;
BEGIN
    -- An older snapshot cannot see the end of the chain: it would fork it (UNIQUE (prev_hash) would refuse it).
    IF pg_catalog.current_setting('transaction_isolation') <> 'read committed' THEN
        RAISE EXCEPTION 'audited changes run in READ COMMITTED transactions only: this snapshot cannot see the end '
                        'of the audit chain' USING ERRCODE = 'serialization_failure';
    END IF;
    PERFORM FROM art32.audit_head FOR UPDATE SKIP LOCKED; -- free, or already ours
    IF NOT FOUND THEN
        ended := art32.audit_chain_wait();
    END IF;
    -- The marker that shows the warden who holds the chain (see above); only a usurper's exclusive request refuses it.
    WHILE NOT pg_catalog.pg_try_advisory_xact_lock_shared(1098019891, 12) LOOP
        tries := tries + 1;
        IF tries > 100 THEN
            RAISE EXCEPTION 'the audit chain marker is held exclusively by a backend the warden cannot end'
                USING ERRCODE = 'lock_not_available';
        END IF;
        ended := coalesce(art32_warden.end_stalled_chain_holder(), ended);
        PERFORM pg_catalog.pg_sleep(0.05);
    END LOOP;
    IF ended IS NOT NULL THEN
        INSERT INTO art32.audit_events (action, object, detail)
        VALUES ('audit.holder_ended', ended, jsonb_build_object('reason', 'held the audit chain while stalled'));
    END IF;
    SELECT e.seq, e.hash, e.at INTO last_seq, last_hash, last_at
      FROM art32.audit_events e ORDER BY e.seq DESC LIMIT 1;
    IF last_seq IS NULL THEN -- empty log: genesis
        last_seq := 0;
        last_hash := '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea;
    END IF;
    NEW.seq := last_seq + 1;
    NEW.at := greatest(art32.now(), last_at);
    NEW.actor := session_user;
    NEW.detail := coalesce(NEW.detail, '{}'::jsonb);
    NEW.account_id := coalesce(NEW.account_id, art32.audit_account_of(NEW.action, NEW.object, NEW.detail));
    NEW.prev_hash := last_hash;
    NEW.hash := pg_catalog.sha256(last_hash || art32.audit_encode(NEW.seq, NEW.at, NEW.actor, NEW.action, NEW.object,
                                                                   NEW.detail, NEW.account_id, NEW.tbl, NEW.row_key,
                                                                   NEW.columns));
    RETURN NEW;
END
$$;

-- 5. An UPDATE is recorded under the old row's key and account, the ones it changed: a record moved to another
-- account shows under the account it was taken from ("who changed this customer's data?"), and the new key or
-- account, when they changed, in detail as key_to/account_to (identifiers, never values).
CREATE OR REPLACE FUNCTION art32.audit_row() RETURNS trigger
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
DECLARE
    n jsonb := CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) END;
    o jsonb := CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) END;
    r jsonb := coalesce(o, n);
    k text;
    k_to text;
    acct bigint;
    acct_to bigint;
    d jsonb := '{}'::jsonb;
    cols text[];
BEGIN
    SELECT string_agg(r ->> a.name, ',' ORDER BY a.i) INTO k FROM unnest(TG_ARGV) WITH ORDINALITY AS a (name, i);
    acct := CASE WHEN r ->> 'account_id' ~ '^-?[0-9]{1,18}$' THEN (r ->> 'account_id')::bigint
                 WHEN TG_TABLE_NAME = 'accounts' AND r ->> 'id' ~ '^-?[0-9]{1,18}$' THEN (r ->> 'id')::bigint END;
    IF TG_OP = 'UPDATE' THEN
        SELECT coalesce(array_agg(e.key ORDER BY e.key), '{}') INTO cols
          FROM jsonb_each(n) e WHERE e.value IS DISTINCT FROM o -> e.key;
        SELECT string_agg(n ->> a.name, ',' ORDER BY a.i) INTO k_to
          FROM unnest(TG_ARGV) WITH ORDINALITY AS a (name, i);
        acct_to := CASE WHEN n ->> 'account_id' ~ '^-?[0-9]{1,18}$' THEN (n ->> 'account_id')::bigint
                        WHEN TG_TABLE_NAME = 'accounts' AND n ->> 'id' ~ '^-?[0-9]{1,18}$' THEN (n ->> 'id')::bigint END;
        IF k_to IS DISTINCT FROM k THEN
            d := d || jsonb_build_object('key_to', k_to);
        END IF;
        IF acct_to IS DISTINCT FROM acct THEN
            d := d || jsonb_build_object('account_to', acct_to);
        END IF;
    ELSE
        SELECT coalesce(array_agg(e.key ORDER BY e.key), '{}') INTO cols
          FROM jsonb_each(r) e WHERE e.value <> 'null'::jsonb;
    END IF;
    INSERT INTO art32.audit_events (action, object, detail, account_id, tbl, row_key, columns)
    VALUES ('row.' || lower(TG_OP), k, d, acct, TG_TABLE_NAME, k, cols);
    RETURN NULL;
END
$$;

-- 6. A verify outcome must fit the log it claims to have checked: nothing beyond the last event (a checkpoint beyond
-- it only as the mismatch it is: the tail was cut), a break named for every broken outcome and for no intact one.
CREATE OR REPLACE FUNCTION art32.audit_verified(p_from bigint, p_checked bigint, p_intact_up_to bigint, p_kind text,
                                                p_broken bigint, p_checkpoint bigint) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
DECLARE
    last_seq bigint;
BEGIN
    PERFORM art32.require_unlocked(ARRAY['cto', 'sysadmin', 'auditor']);
    IF p_kind IS NULL OR p_kind NOT IN ('intact', 'edited_row', 'missing_row', 'checkpoint_mismatch', 'cancelled') THEN
        RAISE EXCEPTION 'unknown verify outcome %', p_kind USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT coalesce(max(e.seq), 0) INTO last_seq FROM art32.audit_events e;
    IF p_from IS NULL OR p_from < 0
       OR p_checked IS NULL OR p_checked < 0 OR p_checked > last_seq
       OR p_intact_up_to IS NULL OR p_intact_up_to < 0 OR p_intact_up_to > last_seq
       OR p_broken < 1 OR p_broken > last_seq + 1
       OR p_checkpoint < 1 OR (p_checkpoint > last_seq AND p_kind <> 'checkpoint_mismatch')
       OR (p_kind = 'intact' AND (p_broken IS NOT NULL OR p_checkpoint > p_intact_up_to))
       OR (p_kind IN ('edited_row', 'missing_row', 'checkpoint_mismatch') AND p_broken IS NULL) THEN
        RAISE EXCEPTION 'this verify outcome does not fit the audit log, which ends at event %', last_seq
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM art32.audit('audit.verify', p_kind,
                        jsonb_strip_nulls(jsonb_build_object('from', p_from, 'checked', p_checked,
                                                             'intact_up_to', p_intact_up_to, 'broken', p_broken,
                                                             'checkpoint', p_checkpoint)));
END
$$;

-- 7. Retention works inside a savepoint too. 0012 let a DELETE through when an anchor's xmin was the top-level xid,
-- which is not the anchor's xid when audit_retain runs in a subtransaction. Now audit_retain says what it cuts in a
-- transaction-local setting (art32.audit_cut_before, scoped to the function by its SET clause, so gone when it
-- returns) and the trigger lets through the events before it when an anchor for that cut exists. Anyone may set a
-- custom setting, so this is safe only because nobody but the owner (and superusers, who could disable the trigger)
-- may DELETE from audit_events at all; refuse_recent_audit_delete still keeps the recent events.
CREATE OR REPLACE FUNCTION art32.refuse_audit_change() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, art32, pg_temp AS $$
DECLARE
    cut text := pg_catalog.current_setting('art32.audit_cut_before', true);
BEGIN
    IF TG_OP = 'DELETE' AND cut ~ '^[0-9]{1,18}$' AND OLD.seq < cut::bigint
       AND EXISTS (SELECT 1 FROM art32.audit_anchors a WHERE a.first_seq = cut::bigint) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'art32.audit_events is append-only' USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE OR REPLACE FUNCTION art32.audit_retain(p_keep_from bigint) RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
DECLARE
    first_seq bigint;
    anchor bytea;
    done bigint := 0;
    n bigint;
    lo bigint;
BEGIN
    PERFORM art32.require_unlocked(ARRAY['cto']);
    PERFORM FROM art32.audit_head FOR UPDATE; -- no event may slip in while the prefix is cut
    SELECT min(e.seq) INTO first_seq FROM art32.audit_events e;
    SELECT e.prev_hash INTO anchor FROM art32.audit_events e WHERE e.seq = p_keep_from;
    IF anchor IS NULL THEN
        RAISE EXCEPTION 'there is no event % to keep from', p_keep_from USING ERRCODE = 'no_data_found';
    END IF;
    IF p_keep_from <= first_seq THEN
        RETURN 0;
    END IF;
    INSERT INTO art32.audit_anchors (first_seq, prev_hash, cut_at) VALUES (p_keep_from, anchor, art32.now());
    PERFORM art32.audit('audit.retention', p_keep_from::text,
                        jsonb_build_object('first_seq', first_seq, 'anchor_prev_hash', encode(anchor, 'hex')));
    PERFORM pg_catalog.set_config('art32.audit_cut_before', p_keep_from::text, true);
    lo := first_seq;
    WHILE lo < p_keep_from LOOP
        DELETE FROM art32.audit_events e WHERE e.seq >= lo AND e.seq < least(lo + 10000, p_keep_from);
        GET DIAGNOSTICS n = ROW_COUNT;
        done := done + n;
        lo := lo + 10000;
    END LOOP;
    PERFORM pg_catalog.set_config('art32.audit_cut_before', '', true);
    RETURN done;
END
$$;

-- 8. A prepared transaction that holds the chain has no backend the warden could end: waiting would last until a
-- superuser rolls it back, so the writer is refused at once, naming the transaction. The server must keep
-- max_prepared_transactions = 0 (the default; docs/SECURITY.md): then nobody can prepare one.
CREATE OR REPLACE FUNCTION art32.audit_chain_wait() RETURNS name
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp SET lock_timeout = '1s' AS $$
DECLARE
    ended name;
    prepared text;
BEGIN
    LOOP
        BEGIN
            PERFORM FROM art32.audit_head FOR UPDATE;
            RETURN ended;
        EXCEPTION WHEN lock_not_available THEN
            -- The xmax is the top-level xid, or a subxid whose marker (the advisory lock) the prepared one holds.
            SELECT p.gid INTO prepared FROM pg_catalog.pg_prepared_xacts p
             WHERE p.transaction = (SELECT h.xmax FROM art32.audit_head h)
                OR EXISTS (SELECT 1 FROM pg_catalog.pg_locks l
                            WHERE l.pid IS NULL AND l.virtualtransaction = '-1/' || p.transaction::text
                              AND l.locktype = 'advisory' AND l.classid = 1098019891::oid AND l.objid = 12::oid
                              AND l.objsubid = 2)
             LIMIT 1;
            IF prepared IS NOT NULL THEN
                RAISE EXCEPTION 'the audit chain is held by the prepared transaction %, which nothing ends but '
                                'ROLLBACK PREPARED', prepared
                    USING ERRCODE = 'lock_not_available',
                          HINT = 'A superuser rolls it back; keep max_prepared_transactions = 0.';
            END IF;
            ended := coalesce(art32_warden.end_stalled_chain_holder(), ended);
        END;
    END LOOP;
END
$$;

-- 9. Publishing a key another login already published is refused (0012 did nothing, silently: the caller believed
-- their checkpoints would verify under their name).
CREATE OR REPLACE FUNCTION art32.audit_publish_key(p_public_key bytea) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
BEGIN
    PERFORM art32.require_unlocked(ARRAY['cto']);
    IF p_public_key IS NULL OR length(p_public_key) <> 32 THEN
        RAISE EXCEPTION 'an Ed25519 public key has 32 bytes' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    INSERT INTO art32.audit_signing_keys (public_key, published_at) VALUES (p_public_key, art32.now())
        ON CONFLICT (public_key) DO NOTHING;
    IF FOUND THEN
        PERFORM art32.audit('audit.key_published', session_user,
                            jsonb_build_object('public_key', encode(p_public_key, 'hex')));
    ELSIF NOT EXISTS (SELECT 1 FROM art32.audit_signing_keys k
                       WHERE k.public_key = p_public_key AND k.login = session_user) THEN
        RAISE EXCEPTION 'this key was published by another login' USING ERRCODE = 'unique_violation';
    END IF;
END
$$;

-- 10. audit_track attaches the TRUNCATE trigger of section 1 too, so a table tracked later (the lead's merge) has it.
CREATE OR REPLACE FUNCTION art32.audit_track(p_table regclass) RETURNS void
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, art32, pg_temp AS $$
DECLARE
    keys text;
    rel record;
BEGIN
    SELECT c.relname, n.nspname INTO rel FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.oid = p_table;
    IF rel.nspname <> 'art32' OR rel.relname IN ('audit_events', 'audit_head') THEN
        RAISE EXCEPTION 'audit_track: % is not a trackable art32 table', p_table USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT string_agg(quote_literal(a.attname), ', ' ORDER BY k.i) INTO keys
      FROM pg_index x
      CROSS JOIN LATERAL unnest(x.indkey::int2[]) WITH ORDINALITY AS k (attnum, i)
      JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum
     WHERE x.indrelid = p_table AND x.indisprimary;
    EXECUTE format('DROP TRIGGER IF EXISTS audit_changes ON %s', p_table);
    EXECUTE format('CREATE TRIGGER audit_changes AFTER INSERT OR UPDATE OR DELETE ON %s FOR EACH ROW '
                   'EXECUTE FUNCTION art32.audit_row(%s)', p_table, coalesce(keys, ''));
    EXECUTE format('ALTER TABLE %s ENABLE ALWAYS TRIGGER audit_changes', p_table);
    EXECUTE format('DROP TRIGGER IF EXISTS audit_truncate ON %s', p_table);
    EXECUTE format('CREATE TRIGGER audit_truncate AFTER TRUNCATE ON %s FOR EACH STATEMENT '
                   'EXECUTE FUNCTION art32.audit_truncate()', p_table);
    EXECUTE format('ALTER TABLE %s ENABLE ALWAYS TRIGGER audit_truncate', p_table);
END
$$;
REVOKE ALL ON FUNCTION art32.audit_track(regclass) FROM PUBLIC;
