-- What an attack on 0009 found (tests/security/tst_attacks covers each):
--  1. A locked login could block every unlock: the sweeps of stale rows waited for rows another backend had
--     locked in a transaction it kept open. Sweeps now skip locked rows.
--  2. A cursor declared before a revocation kept reading: STABLE functions run with the snapshot of the cursor.
--     The read functions are VOLATILE, so each of their checks reads the state as of the fetch.
--  3. read_indexed ignored the range of the opened read.
--  4. A "verifier" that PostgreSQL does not parse as SCRAM was stored as a plaintext password. Only the exact
--     form libpq writes is accepted, and reserved role names are refused.
--  5. The blind index showed every record's account to any unlocked sysadmin: it is read through a function now.
--  6. save_record/delete_record checked the account before locking the row; a row moved to another account in
--     between was then changed without a grant. The check is repeated on the locked row.
--  7. A read opened before the session expired still worked after the next unlock: an unlock ends them.

-- 4. The role maker accepts exactly libpq's SCRAM-SHA-256 verifier (16-byte salt, 32-byte keys, in base64).
SET LOCAL ROLE art32_rolemaker;
CREATE OR REPLACE FUNCTION art32_roles.create_admin_login(p_login name, p_verifier text, p_group text) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    iterations bigint;
BEGIN
    IF p_login IS NULL OR p_login !~ '^[a-z_][a-z0-9_]{0,62}$' OR p_login ~ '^(pg_|art32_)'
       OR p_login IN ('public', 'none', 'current_user', 'current_role', 'session_user', 'user', 'postgres') THEN
        RAISE EXCEPTION 'an admin login uses lowercase letters, digits and _, does not start with pg_ or art32_, '
                        'and is no reserved name' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_group IS NULL OR p_group NOT IN ('cto', 'sysadmin', 'auditor') THEN
        RAISE EXCEPTION 'unknown role %', p_group USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_verifier IS NULL
       OR p_verifier !~ '^SCRAM-SHA-256\$[0-9]{4,6}:[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=:[A-Za-z0-9+/]{43}=$' THEN
        RAISE EXCEPTION 'the password must be given as a SCRAM-SHA-256 verifier' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    iterations := substring(p_verifier FROM '^SCRAM-SHA-256\$([0-9]+):')::bigint;
    IF iterations NOT BETWEEN 4096 AND 100000 THEN
        RAISE EXCEPTION 'a SCRAM verifier uses 4096 to 100000 iterations' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = p_login) THEN
        RAISE EXCEPTION 'a role named % exists already', p_login USING ERRCODE = 'duplicate_object';
    END IF;
    EXECUTE format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT '
                   'PASSWORD %L', p_login, p_verifier);
    EXECUTE format('GRANT %I TO %I', 'art32_' || p_group, p_login);
END
$$;
RESET ROLE;

SET LOCAL ROLE art32_owner;

-- 1. Sweeps of rows whose backend is gone skip rows another transaction holds.
CREATE OR REPLACE FUNCTION art32.unlock_session(code text) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
DECLARE
    r record;
BEGIN
    r := art32.check_unlock_code(code);
    INSERT INTO art32.unlock_outcomes (pid, backend_start, status, locked_until, expires_at)
    VALUES (pg_catalog.pg_backend_pid(), art32.my_backend_start(), r.status, r.locked_until, r.expires_at)
    ON CONFLICT (pid, backend_start) DO UPDATE
        SET status = EXCLUDED.status, locked_until = EXCLUDED.locked_until, expires_at = EXCLUDED.expires_at;
    DELETE FROM art32.unlock_outcomes o
     WHERE o.ctid IN (SELECT s.ctid FROM art32.unlock_outcomes s
                       WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_stat_activity a
                                          WHERE a.pid = s.pid AND a.backend_start = s.backend_start)
                         FOR UPDATE SKIP LOCKED);
END
$$;

-- The unlock itself: as in 0009, with the sweep of unlocked_sessions skipping locked rows, and an unlock
-- ending the reads this backend opened before (7).
CREATE OR REPLACE FUNCTION art32.start_unlocked_session(p_admin integer, p_at timestamptz) RETURNS timestamptz
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, art32, pg_temp AS $$
DECLARE
    until timestamptz := p_at + make_interval(mins => art32.policy_value('idle_minutes'));
BEGIN
    DELETE FROM art32.unlocked_sessions WHERE pid = pg_catalog.pg_backend_pid();
    DELETE FROM art32.open_reads WHERE pid = pg_catalog.pg_backend_pid();
    DELETE FROM art32.unlocked_sessions u
     WHERE u.ctid IN (SELECT s.ctid FROM art32.unlocked_sessions s
                       WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_stat_activity a
                                          WHERE a.pid = s.pid AND a.backend_start = s.backend_start)
                         FOR UPDATE SKIP LOCKED);
    INSERT INTO art32.unlocked_sessions (pid, backend_start, admin_id, unlocked_at, expires_at)
    VALUES (pg_catalog.pg_backend_pid(), art32.my_backend_start(), p_admin, p_at, until);
    RETURN until;
END
$$;

CREATE OR REPLACE FUNCTION art32.check_unlock_code(code text,
                                                   OUT status text, OUT locked_until timestamptz, OUT expires_at timestamptz)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
DECLARE
    me          art32.admins;
    t           art32.admin_totp;
    at_now      timestamptz := art32.now();
    m           record;
    failures    integer;
    cap         integer := art32.policy_value('totp_max_failures_per_hour');
    max_row     integer := art32.policy_value('totp_max_consecutive_failures');
    attempt     bigint;
    uncommitted bigint;
BEGIN
    me := art32.caller();
    locked_until := NULL;
    expires_at := NULL;
    IF me.id IS NULL OR me.enrolled_at IS NULL THEN
        status := 'not_enrolled';
        PERFORM art32.audit('unlock.not_enrolled', session_user);
        RETURN;
    END IF;
    IF me.disabled_at IS NOT NULL THEN
        status := 'disabled';
        PERFORM art32.audit('unlock.disabled', me.login);
        RETURN;
    END IF;

    -- One attempt at a time per admin, across all connections.
    SELECT * INTO t FROM art32.admin_totp WHERE admin_id = me.id FOR UPDATE;
    IF t.admin_id IS NULL THEN
        status := 'not_enrolled';
        PERFORM art32.audit('unlock.not_enrolled', me.login);
        RETURN;
    END IF;

    -- Attempts since the last committed one were rolled back: each counts as a failure before any code is read.
    attempt := pg_catalog.nextval(art32.guess_sequence(me.id));
    uncommitted := attempt - 1 - t.guesses_counted;
    IF uncommitted > 0 THEN
        INSERT INTO art32.totp_failures (admin_id, at)
        SELECT me.id, at_now FROM pg_catalog.generate_series(1, least(uncommitted, cap));
        t.consecutive_failures := least(t.consecutive_failures + uncommitted, 1000000);
        PERFORM art32.audit('unlock.uncommitted', me.login, jsonb_build_object('attempts', uncommitted));
    END IF;
    UPDATE art32.admin_totp SET guesses_counted = attempt, consecutive_failures = t.consecutive_failures
     WHERE admin_id = me.id;

    IF t.locked_until IS NOT NULL AND t.locked_until > at_now THEN
        status := 'locked';
        locked_until := t.locked_until;
        PERFORM art32.audit('unlock.locked', me.login, jsonb_build_object('until', t.locked_until));
        RETURN;
    END IF;

    IF t.consecutive_failures >= max_row THEN
        locked_until := at_now + make_interval(mins => art32.policy_value('totp_lock_minutes'));
        UPDATE art32.admin_totp SET locked_until = check_unlock_code.locked_until, consecutive_failures = 0
         WHERE admin_id = me.id;
        status := 'locked';
        PERFORM art32.audit('unlock.locked', me.login,
                            jsonb_build_object('until', locked_until, 'consecutive', t.consecutive_failures));
        RETURN;
    END IF;

    SELECT count(*) INTO failures FROM art32.totp_failures f
     WHERE f.admin_id = me.id AND f.at > at_now - interval '1 hour';
    IF failures >= cap THEN
        SELECT min(f.at) + interval '1 hour' INTO locked_until FROM art32.totp_failures f
         WHERE f.admin_id = me.id AND f.at > at_now - interval '1 hour';
        UPDATE art32.admin_totp SET locked_until = check_unlock_code.locked_until WHERE admin_id = me.id;
        status := 'locked';
        PERFORM art32.audit('unlock.locked', me.login, jsonb_build_object('until', locked_until, 'hourly_cap', cap));
        RETURN;
    END IF;

    m := art32.totp_match(t.secret, code, t.last_counter, at_now);
    IF m.counter IS NOT NULL AND NOT m.replayed THEN
        UPDATE art32.admin_totp SET last_counter = m.counter, consecutive_failures = 0, locked_until = NULL
         WHERE admin_id = me.id;
        expires_at := art32.start_unlocked_session(me.id, at_now);
        status := 'ok';
        PERFORM art32.audit('unlock.ok', me.login, jsonb_build_object('pid', pg_catalog.pg_backend_pid()));
        RETURN;
    END IF;

    -- Wrong or replayed: both count as failures.
    status := CASE WHEN m.replayed THEN 'replayed' ELSE 'wrong' END;
    INSERT INTO art32.totp_failures (admin_id, at) VALUES (me.id, at_now);
    UPDATE art32.admin_totp SET consecutive_failures = consecutive_failures + 1 WHERE admin_id = me.id
        RETURNING * INTO t;
    IF t.consecutive_failures >= max_row THEN
        locked_until := at_now + make_interval(mins => art32.policy_value('totp_lock_minutes'));
        UPDATE art32.admin_totp SET locked_until = check_unlock_code.locked_until, consecutive_failures = 0
         WHERE admin_id = me.id;
    END IF;
    PERFORM art32.audit('unlock.' || status, me.login,
                        jsonb_build_object('consecutive', t.consecutive_failures, 'locked_until', locked_until));
END
$$;

CREATE OR REPLACE FUNCTION art32.open_read(p_why text, p_first bigint, p_last bigint,
                                           OUT read_id bigint, OUT accounts bigint, OUT records bigint)
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
    IF p_why IN ('reveal', 'save') AND (p_first <> p_last OR NOT art32.may_read_plaintext(p_first)) THEN
        RAISE EXCEPTION 'you may not read account %''s personal data', p_first USING ERRCODE = 'insufficient_privilege';
    END IF;
    everything := me.id IS NULL OR me.role = 'cto';
    SELECT count(*) INTO accounts FROM art32.account_keys k
     WHERE k.account_id BETWEEN p_first AND p_last
       AND (everything OR k.account_id IN (SELECT art32.granted_accounts(me.id)));
    SELECT count(*) INTO records FROM art32.records r
     WHERE r.account_id BETWEEN p_first AND p_last
       AND (everything OR r.account_id IN (SELECT art32.granted_accounts(me.id)));
    DELETE FROM art32.open_reads o
     WHERE o.ctid IN (SELECT s.ctid FROM art32.open_reads s
                       WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_stat_activity a
                                          WHERE a.pid = s.pid AND a.backend_start = s.backend_start)
                         FOR UPDATE SKIP LOCKED);
    INSERT INTO art32.open_reads (pid, backend_start, why, first_account, last_account, accounts, records, opened_at)
    VALUES (pg_catalog.pg_backend_pid(), art32.my_backend_start(), p_why, p_first, p_last, accounts, records,
            art32.now())
    RETURNING id INTO read_id;
    PERFORM art32.audit(CASE WHEN p_why = 'reveal' THEN 'records.reveal' ELSE 'records.read' END,
                        CASE WHEN p_first = p_last THEN p_first::text END,
                        jsonb_build_object('why', p_why, 'read', read_id, 'first', p_first, 'last', p_last,
                                           'accounts', accounts, 'records', records));
END
$$;

-- 2. VOLATILE: every statement in these functions takes a snapshot of its own, also inside a cursor declared
-- long before, so the grant, the admin and the session are checked as they are when the rows are read.
ALTER FUNCTION art32.require_open_read(bigint) VOLATILE;
ALTER FUNCTION art32.read_keys(bigint, bigint, bigint, integer, integer) VOLATILE;
ALTER FUNCTION art32.read_records(bigint, bigint, bigint) VOLATILE;

-- 3. Within the opened read's range.
CREATE OR REPLACE FUNCTION art32.read_indexed(p_read bigint, p_index_version integer, p_after bigint, p_limit integer)
RETURNS TABLE (record_id bigint, account_id bigint, kind smallint, ciphertext bytea, kek_version integer,
               wrapped_dek bytea, digest bytea)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
DECLARE
    o record := art32.require_open_read(p_read);
BEGIN
    IF o.why <> 'rotation' THEN
        RAISE EXCEPTION 'indexed records are read for a rotation only' USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN QUERY
    SELECT i.record_id, r.account_id, r.kind, r.ciphertext, k.kek_version, k.wrapped_dek, i.digest
      FROM art32.blind_index i JOIN art32.records r ON r.id = i.record_id
      JOIN art32.account_keys k ON k.account_id = r.account_id
     WHERE i.index_version = p_index_version AND i.record_id > p_after
       AND r.account_id BETWEEN o.first_account AND o.last_account
     ORDER BY i.record_id
     LIMIT p_limit;
END
$$;

-- 5. Exact search: the accounts with a record of this kind whose blind index is this digest, nothing else.
CREATE FUNCTION art32.find_accounts(p_kind smallint, p_index_version integer, p_digest bytea) RETURNS SETOF bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
BEGIN
    PERFORM art32.require_unlocked(ARRAY['cto', 'sysadmin']);
    RETURN QUERY SELECT DISTINCT i.account_id FROM art32.blind_index i
                  WHERE i.kind = p_kind AND i.index_version = p_index_version AND i.digest = p_digest
                  ORDER BY 1;
END
$$;
REVOKE SELECT ON art32.blind_index FROM art32_cto, art32_sysadmin;
DROP POLICY console_search ON art32.blind_index;
GRANT EXECUTE ON FUNCTION art32.find_accounts(smallint, integer, bytea) TO art32_cto, art32_sysadmin;

-- 6. The permission is checked before any lock, and again on the locked row (it may have moved meanwhile).
-- The record locked for a change by the caller; its id is NULL when it went meanwhile. Internal.
CREATE FUNCTION art32.lock_record_for_change(p_record bigint) RETURNS art32.records
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
DECLARE
    owner_account bigint;
    r art32.records;
BEGIN
    PERFORM art32.require_unlocked(ARRAY['cto', 'sysadmin']);
    SELECT account_id INTO owner_account FROM art32.records WHERE id = p_record;
    IF owner_account IS NULL OR NOT art32.may_read_plaintext(owner_account) THEN
        RAISE EXCEPTION 'record % does not exist, or you may not change it', p_record
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    SELECT * INTO r FROM art32.records WHERE id = p_record FOR UPDATE;
    IF r.id IS NOT NULL AND r.account_id <> owner_account AND NOT art32.may_read_plaintext(r.account_id) THEN
        RAISE EXCEPTION 'record % does not exist, or you may not change it', p_record
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN r;
END
$$;

CREATE OR REPLACE FUNCTION art32.save_record(p_record bigint, p_expected_version integer, p_ciphertext bytea,
                                             p_index_version integer, p_digest bytea) RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
DECLARE
    r art32.records := art32.lock_record_for_change(p_record);
BEGIN
    IF r.id IS NULL OR r.version <> p_expected_version THEN
        RETURN 0;
    END IF;
    UPDATE art32.records SET ciphertext = p_ciphertext, version = version + 1, updated_at = art32.now()
     WHERE id = p_record;
    IF p_digest IS NOT NULL THEN
        INSERT INTO art32.blind_index (record_id, account_id, kind, index_version, digest)
        VALUES (p_record, r.account_id, r.kind, p_index_version, p_digest)
        ON CONFLICT (record_id) DO UPDATE SET index_version = EXCLUDED.index_version, digest = EXCLUDED.digest;
    END IF;
    PERFORM art32.audit('records.update', r.account_id::text, jsonb_build_object('record', p_record, 'kind', r.kind));
    RETURN r.version + 1;
END
$$;

CREATE OR REPLACE FUNCTION art32.delete_record(p_record bigint, p_expected_version integer) RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
DECLARE
    r art32.records := art32.lock_record_for_change(p_record);
BEGIN
    IF r.id IS NULL OR r.version <> p_expected_version THEN
        RETURN false;
    END IF;
    DELETE FROM art32.records WHERE id = p_record;
    PERFORM art32.audit('records.delete', r.account_id::text, jsonb_build_object('record', p_record, 'kind', r.kind));
    RETURN true;
END
$$;

REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA art32 FROM PUBLIC;
