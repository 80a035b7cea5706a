-- Unlock: admins, server-verified TOTP, per-connection unlocked state, sealed keys, audit events.
-- DESIGN.md §4.1–4.3. The server is the TOTP verifier: a login that only knows its password can do nothing
-- but call art32.unlock_session(code); every policy on sensitive tables also requires an unlocked session.

-- pgcrypto in a schema of its own, so SECURITY DEFINER functions can pin search_path and still call it.
CREATE SCHEMA IF NOT EXISTS art32_crypto;
CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA art32_crypto;
REVOKE ALL ON SCHEMA art32_crypto FROM PUBLIC;
GRANT USAGE ON SCHEMA art32_crypto TO art32_owner;

-- Definer functions identify the caller's backend by (pid, backend_start); without this membership
-- pg_stat_activity hides backend_start of other roles' backends from the owner (DESIGN.md §10).
GRANT pg_read_all_stats TO art32_owner;
-- art32.admin_create makes the admins' LOGIN roles.
ALTER ROLE art32_owner CREATEROLE;

-- Everything below belongs to art32_owner, and its future functions are not executable by PUBLIC.
SET LOCAL ROLE art32_owner;
-- For every schema (a per-schema default cannot take away PostgreSQL's global EXECUTE for PUBLIC).
ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;

-- Policy settings (no secrets). Changed by a CTO through art32.set_policy.
CREATE TABLE art32.policy (
    key   text PRIMARY KEY,
    value integer NOT NULL CHECK (value > 0)
);
INSERT INTO art32.policy (key, value) VALUES
    ('idle_minutes', 10),
    ('totp_max_consecutive_failures', 5),
    ('totp_lock_minutes', 15),
    ('totp_max_failures_per_hour', 100);
GRANT SELECT ON art32.policy TO art32_cto, art32_sysadmin, art32_auditor;

-- Test hook for the server clock: an offset only the table's owner or a superuser can set (the test
-- harness, as superuser). No admin role has any privilege on it.
CREATE TABLE art32.test_clock (
    singleton  boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    offset_by  interval NOT NULL
);

CREATE FUNCTION art32.now() RETURNS timestamptz
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32 AS $$
    SELECT clock_timestamp() + coalesce((SELECT offset_by FROM art32.test_clock), interval '0')
$$;

CREATE FUNCTION art32.policy_value(p_key text) RETURNS integer
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, art32 AS $$
    SELECT value FROM art32.policy WHERE key = p_key
$$;

-- Audit events: append-only. A later migration adds the hash chain.
CREATE TABLE art32.audit_events (
    seq    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at     timestamptz NOT NULL DEFAULT clock_timestamp(),
    actor  name NOT NULL DEFAULT session_user,
    action text NOT NULL,
    object text,
    detail jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX audit_events_actor_at ON art32.audit_events (actor, at);

CREATE FUNCTION art32.refuse_audit_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'art32.audit_events is append-only' USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON art32.audit_events
    FOR EACH ROW EXECUTE FUNCTION art32.refuse_audit_change();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON art32.audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION art32.refuse_audit_change();

CREATE FUNCTION art32.audit(p_action text, p_object text, p_detail jsonb DEFAULT '{}'::jsonb) RETURNS void
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32 AS $$
    INSERT INTO art32.audit_events (at, action, object, detail) VALUES (art32.now(), p_action, p_object, p_detail)
$$;

-- Admins: one row per person; the person is the LOGIN role named in `login`, member of one group.
CREATE TABLE art32.admins (
    id           integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    login        name NOT NULL UNIQUE,
    display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
    role         text NOT NULL CHECK (role IN ('cto', 'sysadmin', 'auditor')),
    public_key   bytea CHECK (public_key IS NULL OR length(public_key) = 32),
    created_at   timestamptz NOT NULL DEFAULT now(),
    created_by   name NOT NULL DEFAULT session_user,
    enrolled_at  timestamptz,
    disabled_at  timestamptz
);

-- TOTP secrets and attempt state: no admin role has any privilege here.
CREATE TABLE art32.admin_totp (
    admin_id             integer PRIMARY KEY REFERENCES art32.admins (id) ON DELETE CASCADE,
    secret               bytea NOT NULL CHECK (length(secret) BETWEEN 16 AND 64),
    last_counter         bigint NOT NULL DEFAULT -1,
    consecutive_failures integer NOT NULL DEFAULT 0,
    locked_until         timestamptz
);
CREATE TABLE art32.totp_failures (
    admin_id integer NOT NULL REFERENCES art32.admins (id) ON DELETE CASCADE,
    at       timestamptz NOT NULL
);
CREATE INDEX totp_failures_admin_at ON art32.totp_failures (admin_id, at);

-- Unlocked backends. Keyed on (pid, backend_start): a reused pid is a different backend.
CREATE TABLE art32.unlocked_sessions (
    pid           integer NOT NULL,
    backend_start timestamptz NOT NULL,
    admin_id      integer NOT NULL REFERENCES art32.admins (id) ON DELETE CASCADE,
    unlocked_at   timestamptz NOT NULL,
    expires_at    timestamptz NOT NULL,
    PRIMARY KEY (pid, backend_start)
);

-- The outcome of each backend's last unlock attempt. It is only told once the attempt has committed, so an
-- attempt rolled back (to escape the failure count) teaches the caller nothing.
CREATE TABLE art32.unlock_outcomes (
    pid           integer NOT NULL,
    backend_start timestamptz NOT NULL,
    status        text NOT NULL,
    locked_until  timestamptz,
    expires_at    timestamptz,
    PRIMARY KEY (pid, backend_start)
);

-- Key hierarchy (DESIGN.md §4.3): KEK versions, and each admin's copies sealed to their public key.
CREATE TABLE art32.kek_versions (
    version    integer PRIMARY KEY CHECK (version > 0),
    created_at timestamptz NOT NULL DEFAULT now(),
    created_by name NOT NULL DEFAULT session_user,
    retired_at timestamptz
);
CREATE TABLE art32.sealed_keys (
    admin_id   integer NOT NULL REFERENCES art32.admins (id) ON DELETE CASCADE,
    kind       text NOT NULL CHECK (kind IN ('kek', 'index')),
    version    integer NOT NULL CHECK (version > 0),
    sealed     bytea NOT NULL CHECK (length(sealed) = 48 + 32), -- crypto_box_SEALBYTES + 256-bit key
    created_at timestamptz NOT NULL DEFAULT now(),
    created_by name NOT NULL DEFAULT session_user,
    PRIMARY KEY (admin_id, kind, version)
);

-- Who is calling: the admin row of session_user (never current_user: inside a definer it is the owner).
CREATE FUNCTION art32.caller() RETURNS art32.admins
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, art32 AS $$
    SELECT * FROM art32.admins WHERE login = session_user
$$;

CREATE FUNCTION art32.my_backend_start() RETURNS timestamptz
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, art32 AS $$
    SELECT backend_start FROM pg_stat_activity WHERE pid = pg_backend_pid()
$$;

-- Was the row version with this xmin committed by an earlier transaction (not written by this one, or by one
-- of its subtransactions)? Rows written by this transaction must not count before it commits.
CREATE FUNCTION art32.committed_before_this_transaction(p_xmin xid) RETURNS boolean
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, art32 AS $$
DECLARE
    current_id bigint := txid_current_if_assigned();
    low        bigint := p_xmin::text::bigint;
    epoch      bigint;
BEGIN
    IF current_id IS NULL THEN
        RETURN true; -- this transaction wrote nothing, so every row it sees is committed
    END IF;
    epoch := current_id >> 32;
    IF low > (current_id & 4294967295) THEN
        epoch := epoch - 1; -- written before the last xid wraparound
    END IF;
    RETURN coalesce(txid_status((epoch << 32) | low), 'committed') = 'committed';
END
$$;

CREATE FUNCTION art32.session_is_unlocked() RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, art32 AS $$
    SELECT EXISTS (
        SELECT 1
          FROM art32.unlocked_sessions u
          JOIN art32.admins a ON a.id = u.admin_id
         WHERE u.pid = pg_backend_pid()
           AND u.backend_start = art32.my_backend_start()
           AND a.login = session_user
           AND a.disabled_at IS NULL
           AND u.expires_at > art32.now()
           AND art32.committed_before_this_transaction(u.xmin))
$$;

-- Refuses unless the caller is an unlocked admin of one of the given roles (a superuser always may).
CREATE FUNCTION art32.require_unlocked(p_roles text[]) RETURNS art32.admins
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, art32 AS $$
DECLARE
    me art32.admins;
BEGIN
    me := art32.caller();
    IF (SELECT rolsuper FROM pg_roles WHERE rolname = session_user) THEN
        RETURN me;
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

-- RFC 4226 HOTP value for one counter (RFC 6238 TOTP with counter = floor(unix time / step)).
CREATE FUNCTION art32.totp_code(p_secret bytea, p_counter bigint, p_digits integer DEFAULT 6,
                                p_algorithm text DEFAULT 'sha1') RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT SET search_path = pg_catalog, art32 AS $$
DECLARE
    h   bytea := art32_crypto.hmac(int8send(p_counter), p_secret, p_algorithm);
    o   integer := get_byte(h, length(h) - 1) & 15;
    bin bigint := ((get_byte(h, o) & 127)::bigint << 24) | (get_byte(h, o + 1)::bigint << 16)
                | (get_byte(h, o + 2)::bigint << 8) | get_byte(h, o + 3)::bigint;
BEGIN
    RETURN lpad((bin % (10::numeric ^ p_digits)::bigint)::text, p_digits, '0');
END
$$;

-- Which counter in now ± 1 step a code belongs to: the highest unused one, else the highest used one
-- (a replay), else NULL.
CREATE FUNCTION art32.totp_match(p_secret bytea, p_code text, p_last_counter bigint, p_at timestamptz,
                                 OUT counter bigint, OUT replayed boolean)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, art32 AS $$
DECLARE
    now_counter integer := floor(extract(epoch FROM p_at) / 30)::integer;
BEGIN
    counter := NULL;
    replayed := false;
    IF p_code !~ '^[0-9]{6}$' THEN
        RETURN;
    END IF;
    FOR c IN REVERSE now_counter + 1 .. now_counter - 1 LOOP
        IF art32.totp_code(p_secret, c) = p_code THEN
            IF c > p_last_counter THEN
                counter := c;
                replayed := false;
                RETURN;
            ELSIF counter IS NULL THEN
                counter := c;
                replayed := true;
            END IF;
        END IF;
    END LOOP;
END
$$;

-- Checks a TOTP code for the calling admin and records the attempt. Internal: art32.unlock_session wraps it.
--   ok, wrong, replayed, locked, disabled, not_enrolled
CREATE FUNCTION art32.check_unlock_code(code text,
                                        OUT status text, OUT locked_until timestamptz, OUT expires_at timestamptz)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32 AS $$
DECLARE
    me        art32.admins;
    t         art32.admin_totp;
    at_now    timestamptz := art32.now();
    m         record;
    failures  integer;
    cap       integer := art32.policy_value('totp_max_failures_per_hour');
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

    IF t.locked_until IS NOT NULL AND t.locked_until > at_now THEN
        status := 'locked';
        locked_until := t.locked_until;
        PERFORM art32.audit('unlock.locked', me.login, jsonb_build_object('until', t.locked_until));
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
        -- Forget this backend's earlier state and rows of backends that no longer exist.
        DELETE FROM art32.unlocked_sessions u
         WHERE (u.pid = pg_backend_pid())
            OR NOT EXISTS (SELECT 1 FROM pg_stat_activity s WHERE s.pid = u.pid AND s.backend_start = u.backend_start);
        expires_at := at_now + make_interval(mins => art32.policy_value('idle_minutes'));
        INSERT INTO art32.unlocked_sessions (pid, backend_start, admin_id, unlocked_at, expires_at)
        VALUES (pg_backend_pid(), art32.my_backend_start(), me.id, at_now, check_unlock_code.expires_at);
        status := 'ok';
        PERFORM art32.audit('unlock.ok', me.login, jsonb_build_object('pid', pg_backend_pid()));
        RETURN;
    END IF;

    -- Wrong or replayed: both count as failures.
    status := CASE WHEN m.replayed THEN 'replayed' ELSE 'wrong' END;
    INSERT INTO art32.totp_failures (admin_id, at) VALUES (me.id, at_now);
    UPDATE art32.admin_totp SET consecutive_failures = consecutive_failures + 1 WHERE admin_id = me.id
        RETURNING * INTO t;
    IF t.consecutive_failures >= art32.policy_value('totp_max_consecutive_failures') THEN
        locked_until := at_now + make_interval(mins => art32.policy_value('totp_lock_minutes'));
        UPDATE art32.admin_totp SET locked_until = check_unlock_code.locked_until, consecutive_failures = 0
         WHERE admin_id = me.id;
    END IF;
    PERFORM art32.audit('unlock.' || status, me.login,
                        jsonb_build_object('consecutive', t.consecutive_failures, 'locked_until', locked_until));
END
$$;

-- Unlock this backend with a TOTP code. Never raises for a wrong code (that would roll back the attempt's
-- audit row and failure count), and does not tell the outcome either: the caller commits, then asks
-- art32.unlock_outcome(). Until the attempt is committed it unlocks nothing and tells nothing, so rolling
-- attempts back cannot be used to guess codes without being counted.
CREATE FUNCTION art32.unlock_session(code text) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32 AS $$
DECLARE
    r record;
BEGIN
    r := art32.check_unlock_code(code);
    INSERT INTO art32.unlock_outcomes (pid, backend_start, status, locked_until, expires_at)
    VALUES (pg_backend_pid(), art32.my_backend_start(), r.status, r.locked_until, r.expires_at)
    ON CONFLICT (pid, backend_start) DO UPDATE
        SET status = EXCLUDED.status, locked_until = EXCLUDED.locked_until, expires_at = EXCLUDED.expires_at;
    DELETE FROM art32.unlock_outcomes o
     WHERE NOT EXISTS (SELECT 1 FROM pg_stat_activity s WHERE s.pid = o.pid AND s.backend_start = o.backend_start);
END
$$;

-- The outcome of this backend's last committed unlock attempt; 'pending' while it is not committed yet.
CREATE FUNCTION art32.unlock_outcome(OUT status text, OUT locked_until timestamptz, OUT expires_at timestamptz)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, art32 AS $$
DECLARE
    o record;
BEGIN
    SELECT u.*, u.xmin AS row_xmin INTO o FROM art32.unlock_outcomes u
     WHERE u.pid = pg_backend_pid() AND u.backend_start = art32.my_backend_start();
    IF o.status IS NULL THEN
        status := 'none';
    ELSIF NOT art32.committed_before_this_transaction(o.row_xmin) THEN
        status := 'pending';
    ELSE
        status := o.status;
        locked_until := o.locked_until;
        expires_at := o.expires_at;
    END IF;
END
$$;

CREATE FUNCTION art32.lock_session() RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32 AS $$
BEGIN
    DELETE FROM art32.unlocked_sessions WHERE pid = pg_backend_pid();
    IF FOUND THEN
        PERFORM art32.audit('lock', session_user::text);
    END IF;
END
$$;

-- Extends the idle expiry of an unlocked session; NULL when the session is (no longer) unlocked.
CREATE FUNCTION art32.keep_alive() RETURNS timestamptz
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32 AS $$
DECLARE
    until timestamptz;
BEGIN
    IF NOT art32.session_is_unlocked() THEN
        RETURN NULL;
    END IF;
    UPDATE art32.unlocked_sessions
       SET expires_at = art32.now() + make_interval(mins => art32.policy_value('idle_minutes'))
     WHERE pid = pg_backend_pid() AND backend_start = art32.my_backend_start()
    RETURNING expires_at INTO until;
    RETURN until;
END
$$;

-- What the console needs to know about its own login before unlocking (never a secret).
CREATE FUNCTION art32.whoami(OUT login name, OUT display_name text, OUT role text, OUT enrolled boolean,
                             OUT disabled boolean, OUT public_key bytea)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, art32 AS $$
    SELECT a.login, a.display_name, a.role, a.enrolled_at IS NOT NULL, a.disabled_at IS NOT NULL, a.public_key
      FROM art32.admins a WHERE a.login = session_user
$$;

-- Creates an admin: the LOGIN role (password given as a SCRAM verifier, never in plaintext), membership of
-- its group, and the admins row. For an unlocked CTO, or a superuser (bootstrap of the first CTO).
CREATE FUNCTION art32.admin_create(p_login name, p_display_name text, p_role text, p_password_verifier text)
RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32 AS $$
DECLARE
    new_id integer;
BEGIN
    PERFORM art32.require_unlocked(ARRAY['cto']);
    IF p_login !~ '^[a-z_][a-z0-9_]{0,62}$' THEN
        RAISE EXCEPTION 'an admin login uses lowercase letters, digits and _' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_role NOT IN ('cto', 'sysadmin', 'auditor') THEN
        RAISE EXCEPTION 'unknown role %', p_role USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_password_verifier !~ '^SCRAM-SHA-256\$' THEN
        RAISE EXCEPTION 'the password must be given as a SCRAM-SHA-256 verifier' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_login) THEN
        RAISE EXCEPTION 'a role named % exists already', p_login USING ERRCODE = 'duplicate_object';
    END IF;
    EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L IN ROLE %I', p_login, p_password_verifier, 'art32_' || p_role);
    INSERT INTO art32.admins (login, display_name, role) VALUES (p_login, p_display_name, p_role)
        RETURNING id INTO new_id;
    PERFORM art32.audit('admin.create', p_login, jsonb_build_object('role', p_role));
    RETURN new_id;
END
$$;

-- Enrollment, by the new admin's own login (the session cannot be unlocked yet): the X25519 public key and
-- the TOTP secret, proven by a first code. A wrong code changes nothing (but is audited).
CREATE FUNCTION art32.enroll(p_public_key bytea, p_totp_secret bytea, p_first_code text) RETURNS text
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32 AS $$
DECLARE
    me art32.admins := art32.caller();
    m  record;
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
    INSERT INTO art32.admin_totp (admin_id, secret, last_counter) VALUES (me.id, p_totp_secret, m.counter)
        ON CONFLICT (admin_id) DO UPDATE SET secret = EXCLUDED.secret, last_counter = EXCLUDED.last_counter,
                                             consecutive_failures = 0, locked_until = NULL;
    UPDATE art32.admins SET public_key = p_public_key, enrolled_at = art32.now() WHERE id = me.id;
    PERFORM art32.audit('enroll.ok', me.login);
    RETURN 'ok';
END
$$;

-- A CTO resets an admin's enrollment (lost device or keychain): TOTP secret, public key and sealed keys go.
CREATE FUNCTION art32.admin_reset_enrollment(p_login name) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32 AS $$
DECLARE
    target art32.admins;
BEGIN
    PERFORM art32.require_unlocked(ARRAY['cto']);
    SELECT * INTO target FROM art32.admins WHERE login = p_login;
    IF target.id IS NULL THEN
        RAISE EXCEPTION 'no admin named %', p_login USING ERRCODE = 'no_data_found';
    END IF;
    DELETE FROM art32.admin_totp WHERE admin_id = target.id;
    DELETE FROM art32.sealed_keys WHERE admin_id = target.id;
    DELETE FROM art32.unlocked_sessions WHERE admin_id = target.id;
    UPDATE art32.admins SET public_key = NULL, enrolled_at = NULL WHERE id = target.id;
    PERFORM art32.audit('admin.reset_enrollment', p_login);
END
$$;

CREATE FUNCTION art32.admin_set_disabled(p_login name, p_disabled boolean) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32 AS $$
BEGIN
    PERFORM art32.require_unlocked(ARRAY['cto']);
    UPDATE art32.admins SET disabled_at = CASE WHEN p_disabled THEN art32.now() END WHERE login = p_login;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no admin named %', p_login USING ERRCODE = 'no_data_found';
    END IF;
    IF p_disabled THEN
        DELETE FROM art32.unlocked_sessions u USING art32.admins a WHERE a.id = u.admin_id AND a.login = p_login;
    END IF;
    PERFORM art32.audit(CASE WHEN p_disabled THEN 'admin.disable' ELSE 'admin.enable' END, p_login);
END
$$;

-- The first KEK and index key, sealed to the calling CTO (art32ctl keys init).
CREATE FUNCTION art32.keys_init(p_sealed_kek bytea, p_sealed_index bytea) RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32 AS $$
DECLARE
    me art32.admins := art32.require_unlocked(ARRAY['cto']);
BEGIN
    IF me.id IS NULL THEN
        RAISE EXCEPTION 'keys are sealed to an admin: run this as an enrolled CTO' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF EXISTS (SELECT 1 FROM art32.kek_versions) THEN
        RAISE EXCEPTION 'the keys exist already' USING ERRCODE = 'duplicate_object';
    END IF;
    INSERT INTO art32.kek_versions (version) VALUES (1);
    INSERT INTO art32.sealed_keys (admin_id, kind, version, sealed) VALUES
        (me.id, 'kek', 1, p_sealed_kek), (me.id, 'index', 1, p_sealed_index);
    PERFORM art32.audit('keys.init', NULL, '{"kek_version": 1}');
    RETURN 1;
END
$$;

-- A CTO gives an admin a key: the key sealed (client-side) to that admin's public key. Auditors never hold keys.
CREATE FUNCTION art32.seal_key_for(p_login name, p_kind text, p_version integer, p_sealed bytea) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32 AS $$
DECLARE
    target art32.admins;
BEGIN
    PERFORM art32.require_unlocked(ARRAY['cto']);
    SELECT * INTO target FROM art32.admins WHERE login = p_login;
    IF target.id IS NULL OR target.enrolled_at IS NULL OR target.disabled_at IS NOT NULL THEN
        RAISE EXCEPTION '% is not an enrolled, active admin', p_login USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF target.role = 'auditor' THEN
        RAISE EXCEPTION 'auditors never hold the encryption keys' USING ERRCODE = 'insufficient_privilege';
    END IF;
    INSERT INTO art32.sealed_keys (admin_id, kind, version, sealed) VALUES (target.id, p_kind, p_version, p_sealed)
        ON CONFLICT (admin_id, kind, version) DO UPDATE SET sealed = EXCLUDED.sealed, created_at = now(),
                                                             created_by = session_user;
    PERFORM art32.audit('keys.seal', p_login, jsonb_build_object('kind', p_kind, 'version', p_version));
END
$$;

CREATE FUNCTION art32.set_policy(p_key text, p_value integer) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32 AS $$
BEGIN
    PERFORM art32.require_unlocked(ARRAY['cto']);
    UPDATE art32.policy SET value = p_value WHERE key = p_key;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'unknown policy %', p_key USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM art32.audit('policy.set', p_key, jsonb_build_object('value', p_value));
END
$$;

-- Row-level security. The owner's own policy lets definer functions work under FORCE; every other policy
-- requires an unlocked session (evaluated once per statement through the sub-select).
ALTER TABLE art32.admins ENABLE ROW LEVEL SECURITY;
ALTER TABLE art32.admins FORCE ROW LEVEL SECURITY;
CREATE POLICY owner_all ON art32.admins TO art32_owner USING (true) WITH CHECK (true);
CREATE POLICY read_admins ON art32.admins FOR SELECT TO art32_cto, art32_sysadmin, art32_auditor
    USING ((SELECT art32.session_is_unlocked())
           AND (pg_has_role('art32_cto', 'member') OR pg_has_role('art32_auditor', 'member') OR login = session_user));

ALTER TABLE art32.admin_totp ENABLE ROW LEVEL SECURITY;
ALTER TABLE art32.admin_totp FORCE ROW LEVEL SECURITY;
CREATE POLICY owner_all ON art32.admin_totp TO art32_owner USING (true) WITH CHECK (true);

ALTER TABLE art32.totp_failures ENABLE ROW LEVEL SECURITY;
ALTER TABLE art32.totp_failures FORCE ROW LEVEL SECURITY;
CREATE POLICY owner_all ON art32.totp_failures TO art32_owner USING (true) WITH CHECK (true);

ALTER TABLE art32.unlocked_sessions ENABLE ROW LEVEL SECURITY;
ALTER TABLE art32.unlocked_sessions FORCE ROW LEVEL SECURITY;
CREATE POLICY owner_all ON art32.unlocked_sessions TO art32_owner USING (true) WITH CHECK (true);

ALTER TABLE art32.unlock_outcomes ENABLE ROW LEVEL SECURITY;
ALTER TABLE art32.unlock_outcomes FORCE ROW LEVEL SECURITY;
CREATE POLICY owner_all ON art32.unlock_outcomes TO art32_owner USING (true) WITH CHECK (true);

ALTER TABLE art32.sealed_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE art32.sealed_keys FORCE ROW LEVEL SECURITY;
CREATE POLICY owner_all ON art32.sealed_keys TO art32_owner USING (true) WITH CHECK (true);
CREATE POLICY own_keys ON art32.sealed_keys FOR SELECT TO art32_cto, art32_sysadmin
    USING ((SELECT art32.session_is_unlocked())
           AND admin_id = (SELECT id FROM art32.admins WHERE login = session_user));

ALTER TABLE art32.kek_versions ENABLE ROW LEVEL SECURITY;
ALTER TABLE art32.kek_versions FORCE ROW LEVEL SECURITY;
CREATE POLICY owner_all ON art32.kek_versions TO art32_owner USING (true) WITH CHECK (true);
CREATE POLICY read_versions ON art32.kek_versions FOR SELECT TO art32_cto, art32_sysadmin, art32_auditor
    USING ((SELECT art32.session_is_unlocked()));

ALTER TABLE art32.audit_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE art32.audit_events FORCE ROW LEVEL SECURITY;
CREATE POLICY owner_all ON art32.audit_events TO art32_owner USING (true) WITH CHECK (true);
CREATE POLICY read_audit ON art32.audit_events FOR SELECT TO art32_cto, art32_sysadmin, art32_auditor
    USING ((SELECT art32.session_is_unlocked()));

-- Privileges: tables only through the grants above and below; functions only for who needs them.
GRANT SELECT ON art32.admins, art32.audit_events, art32.kek_versions TO art32_cto, art32_sysadmin, art32_auditor;
GRANT SELECT ON art32.sealed_keys TO art32_cto, art32_sysadmin;

REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA art32 FROM PUBLIC;
GRANT EXECUTE ON FUNCTION art32.session_is_unlocked(), art32.unlock_session(text), art32.unlock_outcome(),
                          art32.lock_session(),
                          art32.keep_alive(), art32.whoami(), art32.enroll(bytea, bytea, text)
    TO art32_cto, art32_sysadmin, art32_auditor;
GRANT EXECUTE ON FUNCTION art32.admin_create(name, text, text, text), art32.admin_reset_enrollment(name),
                          art32.admin_set_disabled(name, boolean), art32.keys_init(bytea, bytea),
                          art32.seal_key_for(name, text, integer, bytea), art32.set_policy(text, integer)
    TO art32_cto;
