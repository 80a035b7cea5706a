-- Key versions with a life cycle the server enforces (issue 10, items 3 to 6):
--  1. art32.key_versions: every KEK and index-key version, usable or retired. A write of a wrapped DEK or a
--     blind index at a version that is not usable (retired by a rotation, or never created) is refused with
--     SQLSTATE A3201, for every writer: the platform, save_record, psql. Before this a console or a platform
--     that cached a key before a rotation kept writing with it after the rotation had deleted its sealed copies:
--     data nobody could read, and rotations that could never finish.
--  2. A rotation moves every row not at its new version (older versions too), and finishes only when none is
--     left; writers and the finish take locks on the version row, so a write racing the finish either lands
--     before it (and the finish refuses) or sees the version retired (and is refused). Sealed copies of a
--     version go only with its last row.
--  3. The platform (art32_platform, the SaaS backend) holds the keys like an admin: its X25519 public key is
--     registered by a CTO, every version is sealed to it, a rotation seals its new version to it (and cannot
--     finish before it has), and it reads its copies through art32.platform_keys(). docs/FORMAT.md §7.
--  4. Concurrent rotations: rotation_start (and keys_init) serialise on a table lock only the owner can take;
--     the loser is told who started the running rotation and when (SQLSTATE 55006), and joins it. A rotation
--     records who finished it, so a second run can say so.

SET LOCAL ROLE art32_owner;

-- 1. The versions. usable = retired_at IS NULL: one per kind, two while a rotation of that kind is open.
CREATE TABLE art32.key_versions (
    kind       text NOT NULL CHECK (kind IN ('kek', 'index')),
    version    integer NOT NULL CHECK (version > 0),
    created_at timestamptz NOT NULL DEFAULT now(),
    created_by name NOT NULL DEFAULT session_user,
    retired_at timestamptz,
    PRIMARY KEY (kind, version)
);
ALTER TABLE art32.key_versions ENABLE ROW LEVEL SECURITY;
ALTER TABLE art32.key_versions FORCE ROW LEVEL SECURITY;
CREATE POLICY owner_all ON art32.key_versions TO art32_owner USING (true) WITH CHECK (true);
-- Versions are no secret: an unlocked console compares them with the keys it holds (a stale key ring).
CREATE POLICY read_versions ON art32.key_versions FOR SELECT TO art32_cto, art32_sysadmin, art32_auditor
    USING ((SELECT art32.session_is_unlocked()));
GRANT SELECT ON art32.key_versions TO art32_cto, art32_sysadmin, art32_auditor;

ALTER TABLE art32.key_rotations ADD COLUMN finished_by name;

-- What exists today. Usable: the newest sealed version of each kind, and both versions of an open rotation;
-- every other version that a row, a sealed copy or a rotation names is retired (rows at such a version are
-- moved by the next rotation, where a key for them is still held).
DO $$
DECLARE
    at_now timestamptz := art32.now();
BEGIN
    INSERT INTO art32.key_versions (kind, version, created_at, created_by, retired_at)
    SELECT 'kek', v.version, v.created_at, v.created_by, v.retired_at FROM art32.kek_versions v;
    INSERT INTO art32.key_versions (kind, version, created_at, retired_at)
    SELECT x.kind, x.version, at_now, at_now
      FROM (SELECT 'index' AS kind, s.version FROM art32.sealed_keys s WHERE s.kind = 'index'
            UNION SELECT 'index', b.index_version FROM art32.blind_index b
            UNION SELECT 'kek', k.kek_version FROM art32.account_keys k
            UNION SELECT 'kek', s.version FROM art32.sealed_keys s WHERE s.kind = 'kek'
            UNION SELECT r.kind, r.from_version FROM art32.key_rotations r
            UNION SELECT r.kind, r.to_version FROM art32.key_rotations r) x
     WHERE x.version > 0
    ON CONFLICT (kind, version) DO NOTHING;
    UPDATE art32.key_versions v SET retired_at = NULL
     WHERE v.version = (SELECT max(s.version) FROM art32.sealed_keys s WHERE s.kind = v.kind)
        OR EXISTS (SELECT 1 FROM art32.key_rotations r WHERE r.kind = v.kind AND r.finished_at IS NULL
                                                          AND v.version IN (r.from_version, r.to_version));
    UPDATE art32.key_versions v SET retired_at = at_now
     WHERE v.retired_at IS NULL
       AND v.version <> (SELECT max(s.version) FROM art32.sealed_keys s WHERE s.kind = v.kind)
       AND NOT EXISTS (SELECT 1 FROM art32.key_rotations r WHERE r.kind = v.kind AND r.finished_at IS NULL
                                                              AND v.version IN (r.from_version, r.to_version));
END
$$;

-- The guard. A statement trigger (transition tables): one look-up per statement, not per row, so a rotation batch
-- of 20000 rows pays for one (a row trigger made a batch about 2.5 times as slow). FOR SHARE on the usable version
-- rows holds them against a rotation_finish until this transaction ends. The refusal is a function of its own,
-- called only on the way out, so the common path is one plpgsql call with no path to set.
CREATE FUNCTION art32.refuse_unusable_versions(p_kind text, p_wanted integer[]) RETURNS void
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, art32, pg_temp AS $$
DECLARE
    bad     integer;
    current integer;
BEGIN
    SELECT min(w) INTO bad FROM unnest(p_wanted) w
     WHERE NOT EXISTS (SELECT 1 FROM art32.key_versions v
                        WHERE v.kind = p_kind AND v.version = w AND v.retired_at IS NULL);
    SELECT max(v.version) INTO current FROM art32.key_versions v WHERE v.kind = p_kind AND v.retired_at IS NULL;
    RAISE EXCEPTION '% version % is retired or unknown: reload the sealed keys and write with version %',
                    CASE WHEN p_kind = 'kek' THEN 'KEK' ELSE 'index key' END, bad, current
        USING ERRCODE = 'A3201',
              DETAIL = pg_catalog.format('kind=%s version=%s current=%s', p_kind, bad, current),
              HINT = 'A rotation retired it; its sealed copies are gone once no row uses it. '
                     'The platform reads its keys again with art32.platform_keys().';
END
$$;

CREATE FUNCTION art32.account_keys_versions() RETURNS trigger
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
DECLARE
    wanted integer[] := ARRAY(SELECT DISTINCT n.kek_version FROM new_rows n);
    usable integer;
BEGIN
    PERFORM FROM art32.key_versions v
      WHERE v.kind = 'kek' AND v.version = ANY (wanted) AND v.retired_at IS NULL FOR SHARE;
    GET DIAGNOSTICS usable = ROW_COUNT;
    IF usable < cardinality(wanted) THEN
        PERFORM art32.refuse_unusable_versions('kek', wanted);
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION art32.blind_index_versions() RETURNS trigger
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
DECLARE
    wanted integer[] := ARRAY(SELECT DISTINCT n.index_version FROM new_rows n);
    usable integer;
BEGIN
    PERFORM FROM art32.key_versions v
      WHERE v.kind = 'index' AND v.version = ANY (wanted) AND v.retired_at IS NULL FOR SHARE;
    GET DIAGNOSTICS usable = ROW_COUNT;
    IF usable < cardinality(wanted) THEN
        PERFORM art32.refuse_unusable_versions('index', wanted);
    END IF;
    RETURN NULL;
END
$$;

-- Transition tables take one event per trigger. INSERT covers COPY and MERGE's inserts, UPDATE covers ON CONFLICT
-- DO UPDATE and MERGE's updates. ALWAYS: also under session_replication_role = replica.
CREATE TRIGGER account_keys_versions_insert AFTER INSERT ON art32.account_keys
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION art32.account_keys_versions();
CREATE TRIGGER account_keys_versions_update AFTER UPDATE ON art32.account_keys
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION art32.account_keys_versions();
CREATE TRIGGER blind_index_versions_insert AFTER INSERT ON art32.blind_index
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION art32.blind_index_versions();
CREATE TRIGGER blind_index_versions_update AFTER UPDATE ON art32.blind_index
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION art32.blind_index_versions();
ALTER TABLE art32.account_keys ENABLE ALWAYS TRIGGER account_keys_versions_insert;
ALTER TABLE art32.account_keys ENABLE ALWAYS TRIGGER account_keys_versions_update;
ALTER TABLE art32.blind_index ENABLE ALWAYS TRIGGER blind_index_versions_insert;
ALTER TABLE art32.blind_index ENABLE ALWAYS TRIGGER blind_index_versions_update;

-- 3. The platform's keys: one X25519 public key per platform login (a LOGIN role in art32_platform), registered
-- by a CTO, and the versions sealed to it.
CREATE TABLE art32.platform_keys (
    login         name PRIMARY KEY,
    public_key    bytea NOT NULL CHECK (length(public_key) = 32),
    registered_at timestamptz NOT NULL,
    registered_by name NOT NULL DEFAULT session_user
);
CREATE TABLE art32.platform_sealed_keys (
    login      name NOT NULL REFERENCES art32.platform_keys (login) ON DELETE CASCADE,
    kind       text NOT NULL CHECK (kind IN ('kek', 'index')),
    version    integer NOT NULL CHECK (version > 0),
    sealed     bytea NOT NULL CHECK (length(sealed) = 48 + 32),
    created_at timestamptz NOT NULL,
    created_by name NOT NULL DEFAULT session_user,
    PRIMARY KEY (login, kind, version)
);
ALTER TABLE art32.platform_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE art32.platform_keys FORCE ROW LEVEL SECURITY;
CREATE POLICY owner_all ON art32.platform_keys TO art32_owner USING (true) WITH CHECK (true);
CREATE POLICY read_platform_keys ON art32.platform_keys FOR SELECT TO art32_cto, art32_sysadmin, art32_auditor
    USING ((SELECT art32.session_is_unlocked()));
GRANT SELECT ON art32.platform_keys TO art32_cto, art32_sysadmin, art32_auditor;
ALTER TABLE art32.platform_sealed_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE art32.platform_sealed_keys FORCE ROW LEVEL SECURITY;
CREATE POLICY owner_all ON art32.platform_sealed_keys TO art32_owner USING (true) WITH CHECK (true);

-- A CTO registers (or replaces) a platform login's public key. A new key invalidates the copies sealed to the old
-- one: they go, and the CTO seals the usable versions to the new key (art32.seal_key_for_platform).
CREATE FUNCTION art32.platform_register(p_login name, p_public_key bytea) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
DECLARE
    me art32.admins := art32.require_unlocked(ARRAY['cto']);
BEGIN
    IF p_public_key IS NULL OR length(p_public_key) <> 32 THEN
        RAISE EXCEPTION 'a platform key is an X25519 public key of 32 bytes' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- A direct member that is nothing more: pg_has_role is true for every superuser, and a superuser (or a role
    -- that can grant itself roles) registered as "the platform" would receive every key version from then on.
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles r
                    WHERE r.rolname = p_login AND r.rolcanlogin AND NOT r.rolsuper AND NOT r.rolcreaterole
                      AND NOT r.rolbypassrls AND NOT r.rolreplication)
       OR NOT EXISTS (SELECT 1 FROM pg_catalog.pg_auth_members m
                       WHERE m.roleid = 'art32_platform'::pg_catalog.regrole
                         AND m.member = (SELECT r.oid FROM pg_catalog.pg_roles r WHERE r.rolname = p_login))
       OR EXISTS (SELECT 1 FROM art32.admins a WHERE a.login = p_login) THEN
        RAISE EXCEPTION '% is not a platform login (a LOGIN role in art32_platform, not an admin)', p_login
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    DELETE FROM art32.platform_sealed_keys s
     WHERE s.login = p_login
       AND EXISTS (SELECT 1 FROM art32.platform_keys k WHERE k.login = p_login AND k.public_key <> p_public_key);
    INSERT INTO art32.platform_keys (login, public_key, registered_at) VALUES (p_login, p_public_key, art32.now())
        ON CONFLICT (login) DO UPDATE SET public_key = EXCLUDED.public_key, registered_at = EXCLUDED.registered_at,
                                          registered_by = EXCLUDED.registered_by;
    PERFORM art32.audit('platform.register', p_login, jsonb_build_object('by', me.login));
END
$$;

CREATE FUNCTION art32.platform_unregister(p_login name) RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
BEGIN
    PERFORM art32.require_unlocked(ARRAY['cto']);
    DELETE FROM art32.platform_keys WHERE login = p_login;
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    PERFORM art32.audit('platform.unregister', p_login);
    RETURN true;
END
$$;

-- A CTO seals a usable key version to a registered platform key (client-side, as for an admin).
CREATE FUNCTION art32.seal_key_for_platform(p_login name, p_kind text, p_version integer, p_sealed bytea)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
BEGIN
    PERFORM art32.require_unlocked(ARRAY['cto']);
    IF NOT EXISTS (SELECT 1 FROM art32.platform_keys k WHERE k.login = p_login) THEN
        RAISE EXCEPTION '% has no registered platform key', p_login USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM art32.key_versions v
                    WHERE v.kind = p_kind AND v.version = p_version AND v.retired_at IS NULL) THEN
        RAISE EXCEPTION '% version % is not in use', p_kind, p_version USING ERRCODE = 'invalid_parameter_value';
    END IF;
    INSERT INTO art32.platform_sealed_keys (login, kind, version, sealed, created_at)
    VALUES (p_login, p_kind, p_version, p_sealed, art32.now())
        ON CONFLICT (login, kind, version) DO UPDATE SET sealed = EXCLUDED.sealed, created_at = EXCLUDED.created_at,
                                                         created_by = EXCLUDED.created_by;
    PERFORM art32.audit('keys.seal_platform', p_login, jsonb_build_object('kind', p_kind, 'version', p_version));
END
$$;

-- The registered platform keys that hold no copy of this version yet (a rotation seals its new version to them).
CREATE FUNCTION art32.platform_keys_without(p_kind text, p_version integer)
RETURNS TABLE (login name, public_key bytea)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
BEGIN
    PERFORM art32.require_unlocked(ARRAY['cto']);
    RETURN QUERY SELECT k.login, k.public_key FROM art32.platform_keys k
                  WHERE NOT EXISTS (SELECT 1 FROM art32.platform_sealed_keys s
                                     WHERE s.login = k.login AND s.kind = p_kind AND s.version = p_version)
                  ORDER BY k.login;
END
$$;

-- The platform's own sealed copies, for the login calling (no TOTP: a service; the copies open only with its
-- private key). It writes with the newest version of each kind; after a refusal (A3201) it calls this again.
CREATE FUNCTION art32.platform_keys() RETURNS TABLE (kind text, version integer, sealed bytea)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
BEGIN
    IF NOT pg_catalog.pg_has_role(session_user, 'art32_platform', 'MEMBER')
       OR NOT EXISTS (SELECT 1 FROM art32.platform_keys k WHERE k.login = session_user) THEN
        RAISE EXCEPTION 'no platform key is registered for %', session_user USING ERRCODE = 'insufficient_privilege';
    END IF;
    PERFORM art32.audit('platform.keys', session_user::text);
    RETURN QUERY SELECT s.kind, s.version, s.sealed FROM art32.platform_sealed_keys s
                  JOIN art32.key_versions v ON v.kind = s.kind AND v.version = s.version AND v.retired_at IS NULL
                 WHERE s.login = session_user
                 ORDER BY s.kind, s.version;
END
$$;

-- 4. keys_init and rotation_start serialise on this lock: SHARE ROW EXCLUSIVE conflicts with itself and with
-- writers of key_rotations, not with the console's reads; nobody but the owner may take it (LOCK needs a write
-- privilege), so no login can hold it to block rotations.
CREATE OR REPLACE FUNCTION art32.keys_init(p_sealed_kek bytea, p_sealed_index bytea) RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
DECLARE
    me art32.admins := art32.require_unlocked(ARRAY['cto']);
BEGIN
    IF me.id IS NULL THEN
        RAISE EXCEPTION 'keys are sealed to an admin: run this as an enrolled CTO' USING ERRCODE = 'insufficient_privilege';
    END IF;
    LOCK TABLE art32.key_rotations IN SHARE ROW EXCLUSIVE MODE;
    IF EXISTS (SELECT 1 FROM art32.kek_versions) OR EXISTS (SELECT 1 FROM art32.key_versions) THEN
        RAISE EXCEPTION 'the keys exist already' USING ERRCODE = 'duplicate_object';
    END IF;
    INSERT INTO art32.kek_versions (version) VALUES (1);
    INSERT INTO art32.key_versions (kind, version) VALUES ('kek', 1), ('index', 1);
    INSERT INTO art32.sealed_keys (admin_id, kind, version, sealed) VALUES
        (me.id, 'kek', 1, p_sealed_kek), (me.id, 'index', 1, p_sealed_index);
    PERFORM art32.audit('keys.init', NULL, '{"kek_version": 1}');
    RETURN 1;
END
$$;

-- An admin gets a copy of a version in use only (a copy of a retired or unknown version is no key of anything).
CREATE OR REPLACE FUNCTION art32.seal_key_for(p_login name, p_kind text, p_version integer, p_sealed bytea)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
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
    IF NOT EXISTS (SELECT 1 FROM art32.key_versions v
                    WHERE v.kind = p_kind AND v.version = p_version AND v.retired_at IS NULL) THEN
        RAISE EXCEPTION '% version % is not in use', p_kind, p_version USING ERRCODE = 'invalid_parameter_value';
    END IF;
    INSERT INTO art32.sealed_keys (admin_id, kind, version, sealed) VALUES (target.id, p_kind, p_version, p_sealed)
        ON CONFLICT (admin_id, kind, version) DO UPDATE SET sealed = EXCLUDED.sealed, created_at = now(),
                                                             created_by = session_user;
    PERFORM art32.audit('keys.seal', p_login, jsonb_build_object('kind', p_kind, 'version', p_version));
END
$$;

CREATE OR REPLACE FUNCTION art32.rotation_start(p_kind text, p_sealed_for_me bytea) RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
DECLARE
    me        art32.admins := art32.require_unlocked(ARRAY['cto']);
    running   art32.key_rotations;
    v_current integer;
    v_next    integer;
BEGIN
    IF me.id IS NULL THEN
        RAISE EXCEPTION 'keys are sealed to an admin: rotate as an enrolled CTO' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF p_kind IS NULL OR p_kind NOT IN ('kek', 'index') THEN
        RAISE EXCEPTION 'unknown key kind %', p_kind USING ERRCODE = 'invalid_parameter_value';
    END IF;
    LOCK TABLE art32.key_rotations IN SHARE ROW EXCLUSIVE MODE;
    SELECT * INTO running FROM art32.key_rotations r WHERE r.kind = p_kind AND r.finished_at IS NULL;
    IF running.kind IS NOT NULL THEN
        RAISE EXCEPTION 'a % rotation is already running, started by % at %: resume it to join', p_kind,
                        running.started_by, running.started_at
            USING ERRCODE = 'object_in_use',
                  DETAIL = pg_catalog.format('from=%s to=%s started_by=%s', running.from_version, running.to_version,
                                             running.started_by);
    END IF;
    SELECT max(v.version) INTO v_current FROM art32.key_versions v WHERE v.kind = p_kind AND v.retired_at IS NULL;
    IF v_current IS NULL THEN
        RAISE EXCEPTION 'there is no % yet: run keys init', p_kind USING ERRCODE = 'no_data_found';
    END IF;
    -- A version number is never used twice, not even one retired long ago.
    SELECT max(v.version) + 1 INTO v_next FROM art32.key_versions v WHERE v.kind = p_kind;
    IF p_kind = 'kek' THEN
        INSERT INTO art32.kek_versions (version) VALUES (v_next);
    END IF;
    INSERT INTO art32.key_versions (kind, version) VALUES (p_kind, v_next);
    INSERT INTO art32.sealed_keys (admin_id, kind, version, sealed) VALUES (me.id, p_kind, v_next, p_sealed_for_me);
    INSERT INTO art32.key_rotations (kind, from_version, to_version, started_at)
    VALUES (p_kind, v_current, v_next, art32.now());
    PERFORM art32.audit('keys.rotation_start', p_kind, jsonb_build_object('from', v_current, 'to', v_next));
    RETURN v_next;
END
$$;

-- 2. Rotation batches move every row not at the new version (p_from names the open rotation, as before).
CREATE OR REPLACE FUNCTION art32.rewrap_deks(p_accounts bigint[], p_wrapped bytea[], p_old bytea[], p_from integer,
                                             p_to integer) RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
DECLARE
    n  integer;
    -- An unsorted batch is no risk: rows outside this range are left at the old version for the next pass.
    lo bigint := p_accounts[1];
    hi bigint := p_accounts[cardinality(p_accounts)];
BEGIN
    PERFORM art32.require_unlocked(ARRAY['cto']);
    PERFORM art32.require_rotation_batch('kek', p_from, p_to, cardinality(p_accounts), cardinality(p_wrapped),
                                         cardinality(p_old));
    UPDATE art32.account_keys k SET kek_version = p_to, wrapped_dek = b.wrapped
      FROM (SELECT unnest(p_accounts) AS account_id, unnest(p_wrapped) AS wrapped, unnest(p_old) AS old) b
     WHERE k.account_id = b.account_id AND k.kek_version <> p_to AND k.wrapped_dek = b.old
       AND k.account_id BETWEEN lo AND hi;
    GET DIAGNOSTICS n = ROW_COUNT;
    PERFORM art32.audit('keys.rotation_batch', 'kek',
                        jsonb_build_object('to', p_to, 'first', lo, 'last', hi, 'rows', n));
    RETURN n;
END
$$;

CREATE OR REPLACE FUNCTION art32.reindex(p_records bigint[], p_digests bytea[], p_old bytea[], p_from integer,
                                         p_to integer) RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
DECLARE
    n       integer;
    dropped integer;
BEGIN
    PERFORM art32.require_unlocked(ARRAY['cto']);
    PERFORM art32.require_rotation_batch('index', p_from, p_to, cardinality(p_records), cardinality(p_digests),
                                         cardinality(p_old));
    DELETE FROM art32.blind_index i USING unnest(p_records, p_digests, p_old) AS b (record_id, digest, old)
     WHERE i.record_id = b.record_id AND i.index_version <> p_to AND i.digest = b.old AND b.digest IS NULL;
    GET DIAGNOSTICS dropped = ROW_COUNT;
    UPDATE art32.blind_index i SET index_version = p_to, digest = b.digest
      FROM unnest(p_records, p_digests, p_old) AS b (record_id, digest, old)
     WHERE i.record_id = b.record_id AND i.index_version <> p_to AND i.digest = b.old AND b.digest IS NOT NULL
       AND i.record_id BETWEEN (SELECT min(r) FROM unnest(p_records) r) AND (SELECT max(r) FROM unnest(p_records) r);
    GET DIAGNOSTICS n = ROW_COUNT;
    PERFORM art32.audit('keys.rotation_batch', 'index',
                        jsonb_build_object('to', p_to, 'rows', n, 'dropped', dropped));
    RETURN n + dropped;
END
$$;

-- The open rotation of a kind (kind NULL when none is open). Internal.
CREATE FUNCTION art32.open_rotation(p_kind text) RETURNS art32.key_rotations
LANGUAGE sql STABLE SET search_path = pg_catalog, art32, pg_temp AS $$
    SELECT * FROM art32.key_rotations r WHERE r.kind = p_kind AND r.finished_at IS NULL
$$;

-- The rows the open KEK rotation still has to move: every wrapped DEK not at its new version, with the version it
-- is at (the client unwraps each with the KEK it names), after p_after in id order.
CREATE FUNCTION art32.rotation_keys(p_read bigint, p_after bigint, p_limit integer)
RETURNS TABLE (account_id bigint, kek_version integer, wrapped_dek bytea)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
DECLARE
    o record := art32.require_open_read(p_read);
    r art32.key_rotations := art32.open_rotation('kek');
BEGIN
    IF o.why <> 'rotation' THEN
        RAISE EXCEPTION 'keys to move are read for a rotation only' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF r.kind IS NULL THEN
        RAISE EXCEPTION 'no kek rotation is in progress' USING ERRCODE = 'no_data_found';
    END IF;
    RETURN QUERY
    SELECT k.account_id, k.kek_version, k.wrapped_dek FROM art32.account_keys k
     WHERE k.account_id > p_after AND k.account_id BETWEEN o.first_account AND o.last_account
       AND k.kek_version <> r.to_version
     ORDER BY k.account_id
     LIMIT p_limit;
END
$$;

-- The indexed records the open index rotation still has to move, with their account's wrapped DEK.
CREATE FUNCTION art32.rotation_indexed(p_read bigint, p_after bigint, p_limit integer)
RETURNS TABLE (record_id bigint, account_id bigint, kind smallint, ciphertext bytea, kek_version integer,
               wrapped_dek bytea, digest bytea)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
DECLARE
    o record := art32.require_open_read(p_read);
    rot art32.key_rotations := art32.open_rotation('index');
BEGIN
    IF o.why <> 'rotation' THEN
        RAISE EXCEPTION 'indexed records are read for a rotation only' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF rot.kind IS NULL THEN
        RAISE EXCEPTION 'no index rotation is in progress' USING ERRCODE = 'no_data_found';
    END IF;
    RETURN QUERY
    SELECT i.record_id, r.account_id, r.kind, r.ciphertext, k.kek_version, k.wrapped_dek, i.digest
      FROM art32.blind_index i JOIN art32.records r ON r.id = i.record_id
      JOIN art32.account_keys k ON k.account_id = r.account_id
     WHERE i.index_version <> rot.to_version AND i.record_id > p_after
       AND r.account_id BETWEEN o.first_account AND o.last_account
     ORDER BY i.record_id
     LIMIT p_limit;
END
$$;
ALTER FUNCTION art32.rotation_keys(bigint, bigint, integer) SET plan_cache_mode = force_custom_plan;
ALTER FUNCTION art32.rotation_indexed(bigint, bigint, integer) SET plan_cache_mode = force_custom_plan;

-- How many rows the open rotation of a kind still has to move (0 when none is open; no key material).
DROP FUNCTION art32.rotation_remaining(text, integer);
CREATE FUNCTION art32.rotation_remaining(p_kind text) RETURNS bigint
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
DECLARE
    r art32.key_rotations;
BEGIN
    PERFORM art32.require_unlocked(ARRAY['cto']);
    IF p_kind IS NULL OR p_kind NOT IN ('kek', 'index') THEN
        RAISE EXCEPTION 'unknown key kind %', p_kind USING ERRCODE = 'invalid_parameter_value';
    END IF;
    r := art32.open_rotation(p_kind);
    IF r.kind IS NULL THEN
        RETURN 0;
    ELSIF p_kind = 'kek' THEN
        RETURN (SELECT count(*) FROM art32.account_keys k WHERE k.kek_version <> r.to_version);
    END IF;
    RETURN (SELECT count(*) FROM art32.blind_index i WHERE i.index_version <> r.to_version);
END
$$;

-- Finishes a rotation once no row is at any other version and every registered platform key holds the new one.
-- The version rows are locked first: a writer still using an old version holds its row (FOR SHARE, in the
-- trigger) until it commits, and is counted; a writer after this sees the version retired and is refused.
CREATE OR REPLACE FUNCTION art32.rotation_finish(p_kind text) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
DECLARE
    r         art32.key_rotations;
    left_over bigint;
    missing   text;
BEGIN
    PERFORM art32.require_unlocked(ARRAY['cto']);
    SELECT * INTO r FROM art32.key_rotations WHERE kind = p_kind AND finished_at IS NULL FOR UPDATE;
    IF r.kind IS NULL THEN
        RAISE EXCEPTION 'no % rotation is in progress', p_kind USING ERRCODE = 'no_data_found';
    END IF;
    -- Writers hold a share lock on the versions they write at until they commit. A transaction left open (by the
    -- platform, or by a sysadmin through psql) must not keep the finish waiting unseen: after 5 s it gives up and
    -- names who holds the lock, and the next run finishes (the rotation's rows are moved already).
    BEGIN
        IF pg_catalog.current_setting('lock_timeout') IN ('0', '0ms') THEN
            PERFORM pg_catalog.set_config('lock_timeout', '5s', true);
        END IF;
        PERFORM FROM art32.key_versions v WHERE v.kind = p_kind AND v.version <> r.to_version AND v.retired_at IS NULL
            FOR UPDATE;
    EXCEPTION WHEN lock_not_available THEN
        SELECT pg_catalog.string_agg(DISTINCT pg_catalog.format('%s (pid %s, transaction open since %s)', a.usename,
                                                                  a.pid, a.xact_start), ', ')
          INTO missing
          FROM pg_catalog.pg_locks l JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid
         WHERE l.locktype = 'relation' AND l.relation = 'art32.key_versions'::pg_catalog.regclass AND l.granted
           AND l.pid <> pg_catalog.pg_backend_pid();
        RAISE EXCEPTION 'a write at the old % version is still open: %; finish again once it has ended',
                        p_kind, coalesce(missing, 'another transaction') USING ERRCODE = 'lock_not_available';
    END;
    IF p_kind = 'kek' THEN
        SELECT count(*) INTO left_over FROM art32.account_keys WHERE kek_version <> r.to_version;
    ELSE
        SELECT count(*) INTO left_over FROM art32.blind_index WHERE index_version <> r.to_version;
    END IF;
    IF left_over > 0 THEN
        RAISE EXCEPTION '% rows still use an older % version', left_over, p_kind USING ERRCODE = 'object_in_use';
    END IF;
    -- Every enabled admin who held an older version must hold the new one before the old copies go: a CTO who
    -- rotated through psql and sealed the new key to nobody else would otherwise take everyone else's key away.
    SELECT a.login INTO missing FROM art32.admins a
     WHERE a.disabled_at IS NULL
       AND EXISTS (SELECT 1 FROM art32.sealed_keys s
                    WHERE s.admin_id = a.id AND s.kind = p_kind AND s.version <> r.to_version)
       AND NOT EXISTS (SELECT 1 FROM art32.sealed_keys s
                        WHERE s.admin_id = a.id AND s.kind = p_kind AND s.version = r.to_version)
     ORDER BY a.login LIMIT 1;
    IF missing IS NOT NULL THEN
        RAISE EXCEPTION 'the admin % holds no copy of % version %: seal it (art32ctl admin seal-keys %) or resume the rotation',
                        missing, p_kind, r.to_version, missing USING ERRCODE = 'object_in_use';
    END IF;
    SELECT k.login INTO missing FROM art32.platform_keys k
     WHERE NOT EXISTS (SELECT 1 FROM art32.platform_sealed_keys s
                        WHERE s.login = k.login AND s.kind = p_kind AND s.version = r.to_version)
     ORDER BY k.login LIMIT 1;
    IF missing IS NOT NULL THEN
        RAISE EXCEPTION 'the platform login % holds no copy of % version %: resume the rotation to seal it',
                        missing, p_kind, r.to_version USING ERRCODE = 'object_in_use';
    END IF;
    UPDATE art32.key_rotations SET finished_at = art32.now(), finished_by = session_user
     WHERE kind = p_kind AND to_version = r.to_version;
    UPDATE art32.key_versions SET retired_at = art32.now()
     WHERE kind = p_kind AND version <> r.to_version AND retired_at IS NULL;
    IF p_kind = 'kek' THEN
        UPDATE art32.kek_versions SET retired_at = art32.now() WHERE version <> r.to_version AND retired_at IS NULL;
    END IF;
    DELETE FROM art32.sealed_keys WHERE kind = p_kind AND version <> r.to_version;
    DELETE FROM art32.platform_sealed_keys WHERE kind = p_kind AND version <> r.to_version;
    PERFORM art32.audit('keys.rotation_finish', p_kind, jsonb_build_object('from', r.from_version, 'to', r.to_version));
END
$$;

REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA art32 FROM PUBLIC;
GRANT EXECUTE ON FUNCTION art32.platform_register(name, bytea), art32.platform_unregister(name),
                          art32.seal_key_for_platform(name, text, integer, bytea),
                          art32.platform_keys_without(text, integer),
                          art32.rotation_keys(bigint, bigint, integer), art32.rotation_indexed(bigint, bigint, integer),
                          art32.rotation_remaining(text)
    TO art32_cto;
GRANT EXECUTE ON FUNCTION art32.platform_keys() TO art32_platform;
