-- A rotation batch may only move rows of the rotation that is open, from its old version to its new one, with
-- arrays that line up, and each batch is audited. Before this, any unlocked CTO could write arbitrary bytes and
-- versions into wrapped DEKs, or drop blind indexes, outside a rotation and without a trace.

SET LOCAL ROLE art32_owner;

-- The open rotation of this kind must go from p_from to p_to; the arrays must have one entry per row.
CREATE FUNCTION art32.require_rotation_batch(p_kind text, p_from integer, p_to integer, VARIADIC p_sizes integer[])
RETURNS void
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, art32 AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM art32.key_rotations
                    WHERE kind = p_kind AND finished_at IS NULL AND from_version = p_from AND to_version = p_to) THEN
        RAISE EXCEPTION 'no open % rotation from version % to %', p_kind, p_from, p_to
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF (SELECT count(DISTINCT coalesce(s, 0)) FROM unnest(p_sizes) s) <> 1 THEN
        RAISE EXCEPTION 'the arrays of a rotation batch differ in length' USING ERRCODE = 'invalid_parameter_value';
    END IF;
END
$$;

CREATE OR REPLACE FUNCTION art32.rewrap_deks(p_accounts bigint[], p_wrapped bytea[], p_old bytea[], p_from integer,
                                             p_to integer) RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32 AS $$
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
     WHERE k.account_id = b.account_id AND k.kek_version = p_from AND k.wrapped_dek = b.old
       AND k.account_id BETWEEN lo AND hi;
    GET DIAGNOSTICS n = ROW_COUNT;
    PERFORM art32.audit('keys.rotation_batch', 'kek',
                        jsonb_build_object('to', p_to, 'first', lo, 'last', hi, 'rows', n));
    RETURN n;
END
$$;

CREATE OR REPLACE FUNCTION art32.reindex(p_records bigint[], p_digests bytea[], p_old bytea[], p_from integer,
                                         p_to integer) RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32 AS $$
DECLARE
    n       integer;
    dropped integer;
BEGIN
    PERFORM art32.require_unlocked(ARRAY['cto']);
    PERFORM art32.require_rotation_batch('index', p_from, p_to, cardinality(p_records), cardinality(p_digests),
                                         cardinality(p_old));
    DELETE FROM art32.blind_index i USING unnest(p_records, p_digests, p_old) AS b (record_id, digest, old)
     WHERE i.record_id = b.record_id AND i.index_version = p_from AND i.digest = b.old AND b.digest IS NULL;
    GET DIAGNOSTICS dropped = ROW_COUNT;
    UPDATE art32.blind_index i SET index_version = p_to, digest = b.digest
      FROM unnest(p_records, p_digests, p_old) AS b (record_id, digest, old)
     WHERE i.record_id = b.record_id AND i.index_version = p_from AND i.digest = b.old AND b.digest IS NOT NULL
       AND i.record_id BETWEEN (SELECT min(r) FROM unnest(p_records) r) AND (SELECT max(r) FROM unnest(p_records) r);
    GET DIAGNOSTICS n = ROW_COUNT;
    -- Dropped indexes belong to records that no longer decrypt: the audit names how many, for the scan to follow.
    PERFORM art32.audit('keys.rotation_batch', 'index',
                        jsonb_build_object('to', p_to, 'rows', n, 'dropped', dropped));
    RETURN n + dropped;
END
$$;
