-- Key rotation (DESIGN.md §4.3): a new KEK version with every DEK re-wrapped, or a new index key with every
-- blind index recomputed. Batched and resumable: until a rotation finishes both versions stay sealed to their
-- holders, so every record remains readable wherever an interruption happens.

SET LOCAL ROLE art32_owner;

CREATE TABLE art32.key_rotations (
    kind         text NOT NULL CHECK (kind IN ('kek', 'index')),
    from_version integer NOT NULL,
    to_version   integer NOT NULL,
    started_at   timestamptz NOT NULL,
    started_by   name NOT NULL DEFAULT session_user,
    finished_at  timestamptz,
    PRIMARY KEY (kind, to_version)
);
CREATE UNIQUE INDEX key_rotations_one_open ON art32.key_rotations (kind) WHERE finished_at IS NULL;

ALTER TABLE art32.key_rotations ENABLE ROW LEVEL SECURITY;
ALTER TABLE art32.key_rotations FORCE ROW LEVEL SECURITY;
CREATE POLICY owner_all ON art32.key_rotations TO art32_owner USING (true) WITH CHECK (true);
CREATE POLICY read_rotations ON art32.key_rotations FOR SELECT TO art32_cto, art32_sysadmin, art32_auditor
    USING ((SELECT art32.session_is_unlocked()));
GRANT SELECT ON art32.key_rotations TO art32_cto, art32_sysadmin, art32_auditor;

-- Who holds a key version (to seal its successor to the same people).
CREATE FUNCTION art32.key_holders(p_kind text, p_version integer) RETURNS SETOF name
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, art32 AS $$
BEGIN
    PERFORM art32.require_unlocked(ARRAY['cto']);
    RETURN QUERY SELECT a.login FROM art32.sealed_keys s JOIN art32.admins a ON a.id = s.admin_id
                  WHERE s.kind = p_kind AND s.version = p_version AND a.disabled_at IS NULL ORDER BY a.login;
END
$$;

-- Starts a rotation: the new version, sealed to the calling CTO. Returns the new version.
CREATE FUNCTION art32.rotation_start(p_kind text, p_sealed_for_me bytea) RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32 AS $$
DECLARE
    me      art32.admins := art32.require_unlocked(ARRAY['cto']);
    v_current integer;
    v_next    integer;
BEGIN
    IF me.id IS NULL THEN
        RAISE EXCEPTION 'keys are sealed to an admin: rotate as an enrolled CTO' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF p_kind NOT IN ('kek', 'index') THEN
        RAISE EXCEPTION 'unknown key kind %', p_kind USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF EXISTS (SELECT 1 FROM art32.key_rotations WHERE kind = p_kind AND finished_at IS NULL) THEN
        RAISE EXCEPTION 'a % rotation is in progress: resume it', p_kind USING ERRCODE = 'object_in_use';
    END IF;
    SELECT max(version) INTO v_current FROM art32.sealed_keys WHERE kind = p_kind;
    IF v_current IS NULL THEN
        RAISE EXCEPTION 'there is no % yet: run keys init', p_kind USING ERRCODE = 'no_data_found';
    END IF;
    v_next := v_current + 1;
    IF p_kind = 'kek' THEN
        INSERT INTO art32.kek_versions (version) VALUES (v_next);
    END IF;
    INSERT INTO art32.sealed_keys (admin_id, kind, version, sealed) VALUES (me.id, p_kind, v_next, p_sealed_for_me);
    INSERT INTO art32.key_rotations (kind, from_version, to_version, started_at) VALUES (p_kind, v_current, v_next, art32.now());
    PERFORM art32.audit('keys.rotation_start', p_kind, jsonb_build_object('from', v_current, 'to', v_next));
    RETURN v_next;
END
$$;

-- One batch of re-wrapped DEKs; rows already moved on (or erased) are skipped. Returns the rows updated.
CREATE FUNCTION art32.rewrap_deks(p_accounts bigint[], p_wrapped bytea[], p_from integer, p_to integer) RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32 AS $$
DECLARE
    n integer;
BEGIN
    PERFORM art32.require_unlocked(ARRAY['cto']);
    -- The id range lets the planner read just this batch's rows through the primary key instead of the table.
    UPDATE art32.account_keys k SET kek_version = p_to, wrapped_dek = b.wrapped
      FROM unnest(p_accounts, p_wrapped) AS b (account_id, wrapped)
     WHERE k.account_id = b.account_id AND k.kek_version = p_from
       AND k.account_id BETWEEN (SELECT min(a) FROM unnest(p_accounts) a) AND (SELECT max(a) FROM unnest(p_accounts) a);
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END
$$;

-- One batch of recomputed blind indexes. A NULL digest drops the index of a record that no longer decrypts
-- (the integrity scan reports it); it could not be found correctly anyway.
CREATE FUNCTION art32.reindex(p_records bigint[], p_digests bytea[], p_from integer, p_to integer) RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32 AS $$
DECLARE
    n integer;
BEGIN
    PERFORM art32.require_unlocked(ARRAY['cto']);
    DELETE FROM art32.blind_index i USING unnest(p_records, p_digests) AS b (record_id, digest)
     WHERE i.record_id = b.record_id AND i.index_version = p_from AND b.digest IS NULL;
    UPDATE art32.blind_index i SET index_version = p_to, digest = b.digest
      FROM unnest(p_records, p_digests) AS b (record_id, digest)
     WHERE i.record_id = b.record_id AND i.index_version = p_from AND b.digest IS NOT NULL
       AND i.record_id BETWEEN (SELECT min(r) FROM unnest(p_records) r) AND (SELECT max(r) FROM unnest(p_records) r);
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END
$$;

-- Finishes a rotation once nothing uses the old version any more; the old version's sealed copies go.
CREATE FUNCTION art32.rotation_finish(p_kind text) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32 AS $$
DECLARE
    r art32.key_rotations;
    left_over bigint;
BEGIN
    PERFORM art32.require_unlocked(ARRAY['cto']);
    SELECT * INTO r FROM art32.key_rotations WHERE kind = p_kind AND finished_at IS NULL FOR UPDATE;
    IF r.kind IS NULL THEN
        RAISE EXCEPTION 'no % rotation is in progress', p_kind USING ERRCODE = 'no_data_found';
    END IF;
    IF p_kind = 'kek' THEN
        SELECT count(*) INTO left_over FROM art32.account_keys WHERE kek_version < r.to_version;
    ELSE
        SELECT count(*) INTO left_over FROM art32.blind_index WHERE index_version < r.to_version;
    END IF;
    IF left_over > 0 THEN
        RAISE EXCEPTION '% rows still use the old % version', left_over, p_kind USING ERRCODE = 'object_in_use';
    END IF;
    UPDATE art32.key_rotations SET finished_at = art32.now() WHERE kind = p_kind AND to_version = r.to_version;
    IF p_kind = 'kek' THEN
        UPDATE art32.kek_versions SET retired_at = art32.now() WHERE version < r.to_version AND retired_at IS NULL;
    END IF;
    DELETE FROM art32.sealed_keys WHERE kind = p_kind AND version < r.to_version;
    PERFORM art32.audit('keys.rotation_finish', p_kind, jsonb_build_object('to', r.to_version));
END
$$;

GRANT EXECUTE ON FUNCTION art32.key_holders(text, integer), art32.rotation_start(text, bytea),
                          art32.rewrap_deks(bigint[], bytea[], integer, integer),
                          art32.reindex(bigint[], bytea[], integer, integer), art32.rotation_finish(text)
    TO art32_cto;
