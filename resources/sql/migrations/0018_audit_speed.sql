-- Audit chain speed (issue 12, i12-perf; bench/bench_audit.cpp, docs/ARCHITECTURE.md). CREATE OR REPLACE of
-- functions of 0012/0013/0016; nothing about what the chain guarantees changes (serialised by the audit_head row lock,
-- gapless seq, UNIQUE (prev_hash), ALWAYS triggers, every inserter stamped by the BEFORE INSERT trigger).
--  1. open_read cleaned up the reads of ended backends with `ctid IN (SELECT ... FOR UPDATE SKIP LOCKED)`, which the
--     planner (open_reads is tiny in its statistics) ran as a nested loop: for every row of open_reads it scanned
--     open_reads again, each joined with pg_stat_activity. A session keeps one row per reveal or save until it locks,
--     so every save cost O(n^2) in the saves before it: ~0.7 s after 250 saves (auto_explain in the harness). Now
--     the live backends are read once and the rows to delete collected once.
--  2. The chain step encodes the event in place instead of through art32.audit_encode (same bytes; see below).
--  3. A superuser's bulk seed writes one event per seed transaction, not one per row (see below).
--  4. art32.audit_exported: an export of the audit log is an event.

SET LOCAL ROLE art32_owner;

-- 1. open_read with a one-pass cleanup (the rest as 0013 wrote it).
CREATE OR REPLACE FUNCTION art32.open_read(p_why text, p_first bigint, p_last bigint, OUT read_id bigint,
                                           OUT accounts bigint, OUT records bigint)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
DECLARE
    me art32.admins := art32.require_unlocked(CASE WHEN p_why = 'rotation' THEN ARRAY['cto']
                                                   ELSE ARRAY['cto', 'sysadmin'] END);
    everything boolean;
BEGIN
    IF p_why IS NULL OR p_why NOT IN ('reveal', 'save', 'scan', 'export', 'rotation') THEN
        RAISE EXCEPTION 'unknown reason for a read: %', p_why USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_first IS NULL OR p_last IS NULL OR p_first > p_last THEN
        RAISE EXCEPTION 'a read covers a range of account ids, first to last' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_why IN ('reveal', 'save') AND p_first <> p_last THEN
        RAISE EXCEPTION 'you may not read account %''s personal data', p_first USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF p_why IN ('reveal', 'save') AND NOT art32.may_read_plaintext(p_first) THEN
        IF me.id IS NOT NULL AND me.role = 'sysadmin' THEN
            PERFORM art32.note_expired_access();
        END IF;
        PERFORM art32.audit('records.refused', p_first::text,
                            jsonb_build_object('account', p_first, 'why', p_why));
        read_id := NULL;
        accounts := 0;
        records := 0;
        RETURN;
    END IF;
    everything := me.id IS NULL OR me.role = 'cto';
    SELECT count(*) INTO accounts FROM art32.account_keys k
     WHERE k.account_id BETWEEN p_first AND p_last
       AND (everything OR k.account_id IN (SELECT art32.granted_accounts(me.id)));
    -- A rotation reads keys (and, for the index, indexed records): its batches are audited with their row counts
    -- (keys.rotation_batch), so counting every record of the database here first would only slow it down.
    IF p_why = 'rotation' THEN
        records := 0;
    ELSE
        SELECT count(*) INTO records FROM art32.records r
         WHERE r.account_id BETWEEN p_first AND p_last
           AND (everything OR r.account_id IN (SELECT art32.granted_accounts(me.id)));
    END IF;
    -- The reads of ended backends go (one pass: the live backends once, the rows to delete once, by ctid).
    DELETE FROM art32.open_reads o
     WHERE o.ctid = ANY (ARRAY(
               WITH live AS MATERIALIZED (SELECT a.pid, a.backend_start FROM pg_catalog.pg_stat_activity a)
               SELECT s.ctid FROM art32.open_reads s
                WHERE NOT EXISTS (SELECT 1 FROM live l WHERE l.pid = s.pid AND l.backend_start = s.backend_start)
                  FOR UPDATE OF s SKIP LOCKED));
    INSERT INTO art32.open_reads (pid, backend_start, why, first_account, last_account, accounts, records, opened_at)
    VALUES (pg_catalog.pg_backend_pid(), art32.my_backend_start(), p_why, p_first, p_last, accounts, records,
            art32.now())
    RETURNING id INTO read_id;
    PERFORM art32.audit(CASE WHEN p_why = 'reveal' THEN 'records.reveal' ELSE 'records.read' END,
                        CASE WHEN p_first = p_last THEN p_first::text END,
                        jsonb_build_object('why', p_why, 'read', read_id, 'first', p_first, 'last', p_last,
                                           'accounts', accounts, 'records', records)
                        || CASE WHEN p_first = p_last THEN jsonb_build_object('account', p_first) ELSE '{}' END);
END
$$;

-- 2. The chain step computes the canonical encoding (docs/FORMAT.md §8) in place: 0012's art32.audit_encode calls
--    art32.audit_field ten times and more, each a function with its own SET search_path, which PostgreSQL can neither
--    inline nor run without switching the setting twice: ~1.4 ms of every event's ~2 ms in the chain step
--    (pg_stat_statements in the harness). The bytes are the same: audit_encode stays, as the reference the tests and
--    FORMAT.md use, and verify rechecks every hash written here against the client's encoding. The lock, its
--    marker, the warden and what the trigger stamps are 0016's, unchanged.
CREATE OR REPLACE FUNCTION art32.audit_chain() RETURNS trigger
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
DECLARE
    ended name;
    tries int := 0;
    last_seq bigint;
    last_hash bytea;
    last_at timestamptz;
    enc bytea;
    f bytea;
    c text;
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
    -- The marker that shows the warden who holds the chain (0016); only a usurper's exclusive request refuses it.
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
    -- art32.audit_encode, field by field: a 4-byte big-endian length and the bytes, NULL as length -1.
    enc := '\x00000008'::bytea || pg_catalog.int8send(NEW.seq)
        || '\x00000008'::bytea || pg_catalog.int8send((EXTRACT(EPOCH FROM NEW.at) * 1000000)::bigint);
    f := pg_catalog.convert_to(NEW.actor::text, 'UTF8');
    enc := enc || CASE WHEN f IS NULL THEN '\xffffffff'::bytea ELSE pg_catalog.int4send(pg_catalog.length(f)) || f END;
    f := pg_catalog.convert_to(NEW.action, 'UTF8');
    enc := enc || CASE WHEN f IS NULL THEN '\xffffffff'::bytea ELSE pg_catalog.int4send(pg_catalog.length(f)) || f END;
    f := pg_catalog.convert_to(NEW.object, 'UTF8');
    enc := enc || CASE WHEN f IS NULL THEN '\xffffffff'::bytea ELSE pg_catalog.int4send(pg_catalog.length(f)) || f END;
    f := pg_catalog.convert_to(NEW.detail::text, 'UTF8');
    enc := enc || CASE WHEN f IS NULL THEN '\xffffffff'::bytea ELSE pg_catalog.int4send(pg_catalog.length(f)) || f END;
    enc := enc || CASE WHEN NEW.account_id IS NULL THEN '\xffffffff'::bytea
                       ELSE '\x00000008'::bytea || pg_catalog.int8send(NEW.account_id) END;
    f := pg_catalog.convert_to(NEW.tbl, 'UTF8');
    enc := enc || CASE WHEN f IS NULL THEN '\xffffffff'::bytea ELSE pg_catalog.int4send(pg_catalog.length(f)) || f END;
    f := pg_catalog.convert_to(NEW.row_key, 'UTF8');
    enc := enc || CASE WHEN f IS NULL THEN '\xffffffff'::bytea ELSE pg_catalog.int4send(pg_catalog.length(f)) || f END;
    IF NEW.columns IS NULL THEN
        enc := enc || '\xffffffff'::bytea;
    ELSE
        f := pg_catalog.int4send(coalesce(pg_catalog.cardinality(NEW.columns), 0));
        FOREACH c IN ARRAY NEW.columns LOOP
            f := f || CASE WHEN c IS NULL THEN '\xffffffff'::bytea
                           ELSE pg_catalog.int4send(pg_catalog.length(pg_catalog.convert_to(c, 'UTF8')))
                                || pg_catalog.convert_to(c, 'UTF8') END;
        END LOOP;
        enc := enc || pg_catalog.int4send(pg_catalog.length(f)) || f;
    END IF;
    NEW.hash := pg_catalog.sha256(last_hash || enc);
    RETURN NEW;
END
$$;

-- 3. Bulk seeding (demo seed, benchmarks): the Seeder's COPY fired a chained row.insert event for every account,
--    key, record and index row (~10 per account; minutes for the 1M-account benchmarks). A superuser's seed now
--    writes ONE records.seeded event per seed transaction, with the counts of each table, in the same transaction as
--    the rows (committed together, or not at all), and the change trigger skips the INSERTs of the four seeded
--    tables while the transaction-local setting art32.bulk_seed is 'on' AND session_user is a superuser.
--    Anyone may set a custom setting, so the superuser test is what guards it: an admin login, the platform, or a
--    login holding art32_owner (SET ROLE changes current_user, never session_user) gets every event as before
--    (tests/security/tst_attacks_audit_bulk.cpp). A superuser could disable the triggers anyway (docs/SECURITY.md).
--    Updates, deletes, truncates and every other table stay evented for superusers too.
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
    -- A superuser's bulk seed (art32.seed_bulk wrote its one event in this transaction): no event per seeded row.
    IF TG_OP = 'INSERT' AND TG_TABLE_NAME IN ('accounts', 'account_keys', 'records', 'blind_index')
       AND pg_catalog.current_setting('art32.bulk_seed', true) = 'on'
       AND (SELECT s.rolsuper FROM pg_catalog.pg_roles s WHERE s.rolname = session_user) THEN
        RETURN NULL;
    END IF;
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

CREATE FUNCTION art32.seed_bulk(p_accounts bigint, p_records bigint, p_index_rows bigint) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
BEGIN
    IF NOT coalesce((SELECT s.rolsuper FROM pg_catalog.pg_roles s WHERE s.rolname = session_user), false) THEN
        RAISE EXCEPTION 'only a superuser seeds in bulk; other logins write an event per row'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF p_accounts IS NULL OR p_records IS NULL OR p_index_rows IS NULL
       OR p_accounts < 0 OR p_records < 0 OR p_index_rows < 0 THEN
        RAISE EXCEPTION 'a seed has counts of zero or more' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM art32.audit('records.seeded', NULL,
                        jsonb_build_object('accounts', p_accounts, 'account_keys', p_accounts, 'records', p_records,
                                           'blind_index', p_index_rows));
END
$$;
REVOKE ALL ON FUNCTION art32.seed_bulk(bigint, bigint, bigint) FROM PUBLIC;

-- 4. An export of the audit log is itself an event (issue 12): the filter, the range it covers, how many events.
--    The console records it once the file is written (app/audit/AuditLog.cpp exportEvents); a failure to record it
--    fails the export, whose file is then removed.
CREATE FUNCTION art32.audit_exported(p_format text, p_filter jsonb, p_first bigint, p_last bigint, p_up_to bigint,
                                     p_count bigint) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
DECLARE
    last_seq bigint;
BEGIN
    PERFORM art32.require_unlocked(ARRAY['cto', 'sysadmin', 'auditor']);
    SELECT coalesce(max(e.seq), 0) INTO last_seq FROM art32.audit_events e;
    IF p_format IS NULL OR p_format NOT IN ('csv', 'json') OR p_filter IS NULL
       OR pg_catalog.jsonb_typeof(p_filter) <> 'object' OR pg_catalog.length(p_filter::text) > 4096
       OR p_count IS NULL OR p_count < 0 OR p_up_to IS NULL OR p_up_to < 0 OR p_up_to > last_seq
       OR p_first < 1 OR p_last < p_first OR p_last > p_up_to
       OR (p_count > 0 AND (p_first IS NULL OR p_last IS NULL OR p_count > p_last - p_first + 1))
       OR (p_count = 0 AND (p_first IS NOT NULL OR p_last IS NOT NULL)) THEN
        RAISE EXCEPTION 'this export does not fit the audit log, which ends at event %', last_seq
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM art32.audit('audit.exported', p_format,
                        jsonb_strip_nulls(jsonb_build_object('filter', p_filter, 'first', p_first, 'last', p_last,
                                                             'up_to', p_up_to, 'count', p_count)));
END
$$;
REVOKE ALL ON FUNCTION art32.audit_exported(text, jsonb, bigint, bigint, bigint, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION art32.audit_exported(text, jsonb, bigint, bigint, bigint, bigint)
    TO art32_cto, art32_sysadmin, art32_auditor;
