-- Security hardening after an adversarial review of 25b5baa, and two attacks on this migration while it was
-- written (docs/SECURITY.md has the threat model; tests/security/ runs every attack):
--  1. No temporary-object shadowing: every function's path ends with pg_temp, catalog objects are qualified, and
--     PUBLIC loses TEMP on the database.
--  2. The owner loses CREATEROLE. Admin logins are made by art32_rolemaker, a NOLOGIN role that owns one function
--     and nothing else, and takes only the exact verifier form libpq writes (anything else PostgreSQL would store
--     as a plaintext password).
--  3. Unlock guesses always count: a per-admin sequence (not rolled back with the transaction) counts attempts, so
--     attempts whose transaction or savepoint was rolled back are counted at the next one, before any code is
--     checked. Sweeps of dead backends' rows skip rows another transaction holds, so nobody can block an unlock.
--  4. Ciphertexts and wrapped DEKs reach an admin only through definer functions, behind a read that was opened
--     and audited in a committed transaction (who, why, which accounts, how many records). The read functions are
--     VOLATILE, so even a cursor declared earlier is checked as of its fetch. Exact search is a committed, audited
--     request, limited per hour for a sysadmin.
--  5. Permission checks refuse snapshots older than the statement (REPEATABLE READ, SERIALIZABLE).
--  6. The audit triggers fire ALWAYS (also under session_replication_role = replica).
--  7. save_record and delete_record check the permission first, lock nothing for a refused caller, and check
--     again on the locked row (it may have moved to another account meanwhile).

-- 1. TEMP only for who is given it (nobody of ours needs it). Superuser part, before SET ROLE.
DO $$
BEGIN
    EXECUTE format('REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
END
$$;

-- 2. The one role that can create logins. Cluster-wide, so created only when missing; it logs in never, has no
-- members, and owns only art32_roles.create_admin_login.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'art32_rolemaker') THEN
        CREATE ROLE art32_rolemaker NOLOGIN NOINHERIT CREATEROLE;
    END IF;
END
$$;
COMMENT ON ROLE art32_rolemaker IS 'Art32 Console: creates admin logins in one art32 group; owns one function, nothing else';
ALTER ROLE art32_owner NOCREATEROLE;

CREATE SCHEMA art32_roles AUTHORIZATION art32_rolemaker;
REVOKE ALL ON SCHEMA art32_roles FROM PUBLIC;
GRANT USAGE ON SCHEMA art32_roles TO art32_owner;

SET LOCAL ROLE art32_rolemaker;
-- Creates a LOGIN role with a SCRAM verifier, member of exactly one of the three admin groups, and with no
-- other attribute. Everything it is given is checked here again: the owner is its only caller, but this is the
-- one place that can create roles, so it trusts nobody.
CREATE FUNCTION art32_roles.create_admin_login(p_login name, p_verifier text, p_group text) RETURNS void
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
REVOKE ALL ON FUNCTION art32_roles.create_admin_login(name, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION art32_roles.create_admin_login(name, text, text) TO art32_owner;
RESET ROLE;

SET LOCAL ROLE art32_owner;

-- 1. Catalog references qualified (pg_temp is also last on every path, set for all functions at the end).
CREATE OR REPLACE FUNCTION art32.my_backend_start() RETURNS timestamptz
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
    SELECT s.backend_start FROM pg_catalog.pg_stat_activity s WHERE s.pid = pg_catalog.pg_backend_pid()
$$;

-- 5. The unlocked state, as of now: a snapshot taken before this statement (REPEATABLE READ or SERIALIZABLE)
-- could still show a session, a grant or an admin that is gone, so such transactions are never unlocked.
CREATE OR REPLACE FUNCTION art32.session_is_unlocked() RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
    SELECT pg_catalog.current_setting('transaction_isolation') = 'read committed' AND EXISTS (
        SELECT 1
          FROM art32.unlocked_sessions u
          JOIN art32.admins a ON a.id = u.admin_id
         WHERE u.pid = pg_catalog.pg_backend_pid()
           AND u.backend_start = art32.my_backend_start()
           AND a.login = session_user
           AND a.disabled_at IS NULL
           AND u.expires_at > art32.now()
           AND art32.committed_before_this_transaction(u.xmin))
$$;

CREATE OR REPLACE FUNCTION art32.require_unlocked(p_roles text[]) RETURNS art32.admins
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
DECLARE
    me art32.admins;
BEGIN
    me := art32.caller();
    IF (SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname = session_user) THEN
        RETURN me;
    END IF;
    IF pg_catalog.current_setting('transaction_isolation') <> 'read committed' THEN
        RAISE EXCEPTION 'privileged calls run in READ COMMITTED transactions only: an older snapshot could still '
                        'show access that was revoked' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF me.id IS NULL OR NOT art32.session_is_unlocked() THEN
        RAISE EXCEPTION 'this session is locked: unlock it with a TOTP code first'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NOT me.role = ANY (p_roles) THEN
        RAISE EXCEPTION 'the role % may not do this', me.role USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN me;
END
$$;

-- 2. The owner checks the caller and keeps the admins table; art32_rolemaker makes the login.
CREATE OR REPLACE FUNCTION art32.admin_create(p_login name, p_display_name text, p_role text, p_password_verifier text)
RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
DECLARE
    new_id integer;
BEGIN
    PERFORM art32.require_unlocked(ARRAY['cto']);
    PERFORM art32_roles.create_admin_login(p_login, p_password_verifier, p_role);
    INSERT INTO art32.admins (login, display_name, role) VALUES (p_login, p_display_name, p_role)
        RETURNING id INTO new_id;
    PERFORM art32.audit('admin.create', p_login, jsonb_build_object('role', p_role));
    RETURN new_id;
END
$$;

-- 3. Every admin has an attempt counter that a rollback does not undo. admin_totp.guesses_counted is the value
-- the last committed attempt left; any difference was spent by attempts that never committed.
ALTER TABLE art32.admin_totp ADD COLUMN guesses_counted bigint NOT NULL DEFAULT 0;

CREATE FUNCTION art32.guess_sequence(p_admin integer) RETURNS regclass
LANGUAGE sql STABLE SET search_path = pg_catalog, art32, pg_temp AS $$
    SELECT pg_catalog.format('art32.unlock_guesses_%s', p_admin)::regclass
$$;

CREATE FUNCTION art32.admin_guess_sequence() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        EXECUTE pg_catalog.format('CREATE SEQUENCE art32.%I', 'unlock_guesses_' || NEW.id);
    ELSE
        EXECUTE pg_catalog.format('DROP SEQUENCE IF EXISTS art32.%I', 'unlock_guesses_' || OLD.id);
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER admins_guess_sequence AFTER INSERT OR DELETE ON art32.admins
    FOR EACH ROW EXECUTE FUNCTION art32.admin_guess_sequence();
DO $$
DECLARE
    a integer;
BEGIN
    FOR a IN SELECT id FROM art32.admins LOOP
        EXECUTE pg_catalog.format('CREATE SEQUENCE art32.%I', 'unlock_guesses_' || a);
    END LOOP;
END
$$;

-- The unlock itself: this backend's own earlier state goes, with the reads it opened; rows of backends that are
-- gone are swept, skipping any another transaction holds.
CREATE OR REPLACE FUNCTION art32.start_unlocked_session(p_admin integer, p_at timestamptz) RETURNS timestamptz
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, art32, pg_temp AS $$
DECLARE
    until timestamptz := p_at + make_interval(mins => art32.policy_value('idle_minutes'));
    mine  timestamptz := art32.my_backend_start();
BEGIN
    DELETE FROM art32.unlocked_sessions WHERE pid = pg_catalog.pg_backend_pid() AND backend_start = mine;
    DELETE FROM art32.open_reads WHERE pid = pg_catalog.pg_backend_pid() AND backend_start = mine;
    DELETE FROM art32.unlocked_sessions u
     WHERE u.ctid IN (SELECT s.ctid FROM art32.unlocked_sessions s
                       WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_stat_activity a
                                          WHERE a.pid = s.pid AND a.backend_start = s.backend_start)
                         FOR UPDATE SKIP LOCKED);
    INSERT INTO art32.unlocked_sessions (pid, backend_start, admin_id, unlocked_at, expires_at)
    VALUES (pg_catalog.pg_backend_pid(), mine, p_admin, p_at, until);
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

-- A new enrollment starts counting from where the admin's attempt counter stands.
CREATE OR REPLACE FUNCTION art32.enroll(p_public_key bytea, p_totp_secret bytea, p_first_code text) RETURNS text
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
DECLARE
    me art32.admins := art32.caller();
    m  record;
    counted bigint;
BEGIN
    IF me.id IS NULL THEN
        RAISE EXCEPTION 'no admin account for %', session_user USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF me.disabled_at IS NOT NULL THEN
        RETURN 'disabled';
    END IF;
    IF me.enrolled_at IS NOT NULL THEN
        PERFORM art32.audit('enroll.refused', me.login, '{"reason": "already enrolled"}');
        RETURN 'already_enrolled';
    END IF;
    IF length(p_public_key) <> 32 OR length(p_totp_secret) NOT BETWEEN 16 AND 64 THEN
        RAISE EXCEPTION 'malformed enrollment data' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    m := art32.totp_match(p_totp_secret, p_first_code, -1, art32.now());
    IF m.counter IS NULL THEN
        PERFORM art32.audit('enroll.wrong_code', me.login);
        RETURN 'wrong';
    END IF;
    counted := coalesce(pg_catalog.pg_sequence_last_value(art32.guess_sequence(me.id)), 0);
    INSERT INTO art32.admin_totp (admin_id, secret, last_counter, guesses_counted)
    VALUES (me.id, p_totp_secret, m.counter, counted)
        ON CONFLICT (admin_id) DO UPDATE SET secret = EXCLUDED.secret, last_counter = EXCLUDED.last_counter,
                                             consecutive_failures = 0, locked_until = NULL,
                                             guesses_counted = EXCLUDED.guesses_counted;
    UPDATE art32.admins SET public_key = p_public_key, enrolled_at = art32.now() WHERE id = me.id;
    PERFORM art32.audit('enroll.ok', me.login);
    RETURN 'ok';
END
$$;

-- 7. Permission before anything else; the row is locked only for a caller who may change it.
-- The record locked for a change by the caller (id NULL when it went meanwhile). Internal.
CREATE OR REPLACE FUNCTION art32.lock_record_for_change(p_record bigint) RETURNS art32.records
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

-- 4. Reads of ciphertext. A read is opened in a transaction of its own, which must commit before any byte is
-- returned: the audit event (who, why, which accounts, how many of them and of their records) cannot be rolled
-- back to hide the read. The reads then name the opened read; a read belongs to the backend that opened it and
-- ends with the session (lock, expiry, disconnect).
CREATE TABLE art32.open_reads (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    login         name NOT NULL DEFAULT session_user,
    pid           integer NOT NULL,
    backend_start timestamptz NOT NULL,
    why           text NOT NULL CHECK (why IN ('reveal', 'save', 'scan', 'export', 'rotation')),
    first_account bigint NOT NULL,
    last_account  bigint NOT NULL,
    accounts      bigint NOT NULL,
    records       bigint NOT NULL,
    opened_at     timestamptz NOT NULL,
    CHECK (first_account <= last_account)
);
ALTER TABLE art32.open_reads ENABLE ROW LEVEL SECURITY;
ALTER TABLE art32.open_reads FORCE ROW LEVEL SECURITY;
CREATE POLICY owner_all ON art32.open_reads TO art32_owner USING (true) WITH CHECK (true);

-- The accounts a sysadmin holds an active grant for (the CTO reads every account).
CREATE FUNCTION art32.granted_accounts(p_admin integer) RETURNS SETOF bigint
LANGUAGE sql STABLE SET search_path = pg_catalog, art32, pg_temp AS $$
    SELECT g.account_id FROM art32.access_grants g
     WHERE g.admin_id = p_admin AND g.revoked_at IS NULL AND g.expires_at > art32.now()
$$;

CREATE FUNCTION art32.open_read(p_why text, p_first bigint, p_last bigint,
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
    -- A rotation reads keys (and, for the index, indexed records): its batches are audited with their row counts
    -- (keys.rotation_batch), so counting every record of the database here first would only slow it down.
    IF p_why = 'rotation' THEN
        records := 0;
    ELSE
        SELECT count(*) INTO records FROM art32.records r
         WHERE r.account_id BETWEEN p_first AND p_last
           AND (everything OR r.account_id IN (SELECT art32.granted_accounts(me.id)));
    END IF;
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

-- The opened read, if it is this backend's, committed, and its session still unlocked; everything = no grant
-- filter (a CTO, or a superuser).
CREATE FUNCTION art32.require_open_read(p_read bigint, OUT first_account bigint, OUT last_account bigint,
                                        OUT why text, OUT admin_id integer, OUT everything boolean)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
DECLARE
    o  record;
    me art32.admins;
BEGIN
    SELECT r.*, r.xmin AS row_xmin INTO o FROM art32.open_reads r
     WHERE r.id = p_read AND r.login = session_user AND r.pid = pg_catalog.pg_backend_pid()
       AND r.backend_start = art32.my_backend_start();
    IF o.id IS NULL OR NOT art32.committed_before_this_transaction(o.row_xmin) THEN
        RAISE EXCEPTION 'open the read with art32.open_read and commit it first' USING ERRCODE = 'insufficient_privilege';
    END IF;
    me := art32.require_unlocked(CASE WHEN o.why = 'rotation' THEN ARRAY['cto'] ELSE ARRAY['cto', 'sysadmin'] END);
    first_account := o.first_account;
    last_account := o.last_account;
    why := o.why;
    admin_id := me.id;
    everything := me.id IS NULL OR me.role = 'cto';
END
$$;

-- Wrapped DEKs of the accounts after p_after up to p_last (within the opened read), in id order; only those at
-- one KEK version when p_kek_version is given (rotation).
CREATE FUNCTION art32.read_keys(p_read bigint, p_after bigint, p_last bigint, p_limit integer,
                                p_kek_version integer DEFAULT NULL)
RETURNS TABLE (account_id bigint, kek_version integer, dek_version integer, wrapped_dek bytea)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
DECLARE
    o record := art32.require_open_read(p_read);
BEGIN
    RETURN QUERY
    SELECT k.account_id, k.kek_version, k.dek_version, k.wrapped_dek FROM art32.account_keys k
     WHERE k.account_id > p_after AND k.account_id >= o.first_account AND k.account_id <= least(p_last, o.last_account)
       AND (p_kek_version IS NULL OR k.kek_version = p_kek_version)
       AND (o.everything OR k.account_id IN (SELECT art32.granted_accounts(o.admin_id)))
     ORDER BY k.account_id
     LIMIT p_limit;
END
$$;

-- Record envelopes of the accounts after p_after up to p_last (within the opened read), by account and id.
CREATE FUNCTION art32.read_records(p_read bigint, p_after bigint, p_last bigint)
RETURNS TABLE (id bigint, account_id bigint, contact smallint, kind smallint, version integer, ciphertext bytea)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
DECLARE
    o record := art32.require_open_read(p_read);
BEGIN
    RETURN QUERY
    SELECT r.id, r.account_id, r.contact, r.kind, r.version, r.ciphertext FROM art32.records r
     WHERE r.account_id > p_after AND r.account_id >= o.first_account AND r.account_id <= least(p_last, o.last_account)
       AND (o.everything OR r.account_id IN (SELECT art32.granted_accounts(o.admin_id)))
     ORDER BY r.account_id, r.id;
END
$$;

-- Indexed records at one index version with their account's wrapped DEK (index rotation, CTO only).
CREATE FUNCTION art32.read_indexed(p_read bigint, p_index_version integer, p_after bigint, p_limit integer)
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

-- How many rows a rotation still has to move (no key material).
CREATE FUNCTION art32.rotation_remaining(p_kind text, p_version integer) RETURNS bigint
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
BEGIN
    PERFORM art32.require_unlocked(ARRAY['cto']);
    IF p_kind = 'kek' THEN
        RETURN (SELECT count(*) FROM art32.account_keys WHERE kek_version = p_version);
    ELSIF p_kind = 'index' THEN
        RETURN (SELECT count(*) FROM art32.blind_index WHERE index_version = p_version);
    END IF;
    RAISE EXCEPTION 'unknown key kind %', p_kind USING ERRCODE = 'invalid_parameter_value';
END
$$;

-- Exact search. Every sysadmin holds the index key, so it could compute the digest of any guessed phone number or
-- e-mail address: a search is requested in a transaction of its own, which commits and is audited before it is
-- answered, and a sysadmin may make only so many an hour (policy sysadmin_searches_per_hour).
INSERT INTO art32.policy (key, value) VALUES ('sysadmin_searches_per_hour', 60);

CREATE TABLE art32.searches (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    login         name NOT NULL DEFAULT session_user,
    pid           integer NOT NULL,
    backend_start timestamptz NOT NULL,
    kind          smallint NOT NULL,
    index_versions integer[] NOT NULL,
    digests       bytea[] NOT NULL,
    at            timestamptz NOT NULL
);
CREATE INDEX searches_login_at ON art32.searches (login, at);
ALTER TABLE art32.searches ENABLE ROW LEVEL SECURITY;
ALTER TABLE art32.searches FORCE ROW LEVEL SECURITY;
CREATE POLICY owner_all ON art32.searches TO art32_owner USING (true) WITH CHECK (true);

-- Requests one exact search: the value's blind index at each index version the caller holds (two during an index
-- rotation). Audited (who, which kind; never the digest); refused past the sysadmin's hourly limit.
CREATE FUNCTION art32.request_search(p_kind smallint, p_index_versions integer[], p_digests bytea[]) RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
DECLARE
    me     art32.admins := art32.require_unlocked(ARRAY['cto', 'sysadmin']);
    cap    integer := art32.policy_value('sysadmin_searches_per_hour');
    new_id bigint;
BEGIN
    IF cardinality(p_index_versions) NOT BETWEEN 1 AND 2 OR cardinality(p_digests) <> cardinality(p_index_versions) THEN
        RAISE EXCEPTION 'a search names one or two index versions, each with its digest'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF me.role = 'sysadmin' AND (SELECT count(*) FROM art32.searches s
                                  WHERE s.login = session_user AND s.at > art32.now() - interval '1 hour') >= cap THEN
        RAISE EXCEPTION 'you made % searches in the last hour, the most a sysadmin may: ask a CTO, or wait', cap
            USING ERRCODE = 'program_limit_exceeded';
    END IF;
    INSERT INTO art32.searches (pid, backend_start, kind, index_versions, digests, at)
    VALUES (pg_catalog.pg_backend_pid(), art32.my_backend_start(), p_kind, p_index_versions, p_digests, art32.now())
    RETURNING id INTO new_id;
    PERFORM art32.audit('records.search', NULL, jsonb_build_object('search', new_id, 'kind', p_kind));
    RETURN new_id;
END
$$;

-- The answer to a committed search request of this backend: the accounts holding the value.
CREATE FUNCTION art32.search_result(p_search bigint) RETURNS SETOF bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
DECLARE
    s record;
BEGIN
    PERFORM art32.require_unlocked(ARRAY['cto', 'sysadmin']);
    SELECT r.*, r.xmin AS row_xmin INTO s FROM art32.searches r
     WHERE r.id = p_search AND r.login = session_user AND r.pid = pg_catalog.pg_backend_pid()
       AND r.backend_start = art32.my_backend_start() AND r.at > art32.now() - interval '5 minutes';
    IF s.id IS NULL OR NOT art32.committed_before_this_transaction(s.row_xmin) THEN
        RAISE EXCEPTION 'request the search with art32.request_search and commit it first'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN QUERY SELECT DISTINCT i.account_id FROM art32.blind_index i
                  JOIN unnest(s.index_versions, s.digests) AS w (version, digest)
                    ON i.index_version = w.version AND i.digest = w.digest
                 WHERE i.kind = s.kind
                 ORDER BY 1;
END
$$;

-- A lock ends this backend's reads (and its unlocked state).
CREATE OR REPLACE FUNCTION art32.lock_session() RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
DECLARE
    mine timestamptz := art32.my_backend_start();
BEGIN
    DELETE FROM art32.open_reads WHERE pid = pg_catalog.pg_backend_pid() AND backend_start = mine;
    DELETE FROM art32.searches WHERE pid = pg_catalog.pg_backend_pid() AND backend_start = mine
                                 AND at < art32.now() - interval '1 hour';
    DELETE FROM art32.unlocked_sessions WHERE pid = pg_catalog.pg_backend_pid() AND backend_start = mine;
    IF FOUND THEN
        PERFORM art32.audit('lock', session_user::text);
    END IF;
END
$$;

-- Direct reads of ciphertext, wrapped DEKs and blind indexes end for the admin groups; the platform keeps its
-- write path.
REVOKE SELECT ON art32.account_keys, art32.records FROM art32_cto, art32_sysadmin;
DROP POLICY cto_all ON art32.account_keys;
DROP POLICY granted_read ON art32.account_keys;
DROP POLICY cto_read ON art32.records;
DROP POLICY granted_read ON art32.records;

GRANT EXECUTE ON FUNCTION art32.open_read(text, bigint, bigint),
                          art32.read_keys(bigint, bigint, bigint, integer, integer),
                          art32.read_records(bigint, bigint, bigint)
    TO art32_cto, art32_sysadmin;
GRANT EXECUTE ON FUNCTION art32.read_indexed(bigint, integer, bigint, integer), art32.rotation_remaining(text, integer)
    TO art32_cto;
GRANT EXECUTE ON FUNCTION art32.request_search(smallint, integer[], bytea[]), art32.search_result(bigint)
    TO art32_cto, art32_sysadmin;
REVOKE SELECT ON art32.blind_index FROM art32_cto, art32_sysadmin;
DROP POLICY console_search ON art32.blind_index;

-- The keyset reads are planned for each call's values: a generic plan knows neither the batch's first id nor
-- whether the caller is a CTO. VOLATILE (above): every statement in them takes its own snapshot, also inside a
-- cursor declared long before, so the grant, the admin and the session are checked as of the fetch.
ALTER FUNCTION art32.read_keys(bigint, bigint, bigint, integer, integer) SET plan_cache_mode = force_custom_plan;
ALTER FUNCTION art32.read_records(bigint, bigint, bigint) SET plan_cache_mode = force_custom_plan;
ALTER FUNCTION art32.read_indexed(bigint, integer, bigint, integer) SET plan_cache_mode = force_custom_plan;

-- 6. Append-only even for a session in replica mode (a superuser's trick); the owner could still disable them,
-- and no admin can reach the owner. The hash chain (audit issue) is the answer to a superuser.
ALTER TABLE art32.audit_events ENABLE ALWAYS TRIGGER audit_events_no_update;
ALTER TABLE art32.audit_events ENABLE ALWAYS TRIGGER audit_events_no_truncate;

-- 1. Every function of ours, old and new, ends its path with pg_temp (tests/security/tst_catalog checks it).
DO $$
DECLARE
    f regprocedure;
BEGIN
    FOR f IN SELECT p.oid FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
              WHERE n.nspname = 'art32' AND p.proowner = 'art32_owner'::regrole
    LOOP
        EXECUTE pg_catalog.format('ALTER FUNCTION %s SET search_path = pg_catalog, art32, pg_temp', f);
    END LOOP;
END
$$;
REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA art32 FROM PUBLIC;
