-- The rotation's batch UPDATE, shaped after a profile of the server at a million keys: the batch is unnested in
-- the select list (values stream through, where unnest in FROM copied every row into a tuplestore first), and
-- the id range comes from the batch's ends (the client sends ids ascending; the min/max sub-selects unnested
-- the ids twice more). Measured in the server alone on 1M keys in batches of 20000: 3.3 s instead of 3.8 s.
-- (A hash join instead of one index descent per row measured no better.)

SET LOCAL ROLE art32_owner;

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
    UPDATE art32.account_keys k SET kek_version = p_to, wrapped_dek = b.wrapped
      FROM (SELECT unnest(p_accounts) AS account_id, unnest(p_wrapped) AS wrapped, unnest(p_old) AS old) b
     WHERE k.account_id = b.account_id AND k.kek_version = p_from AND k.wrapped_dek = b.old
       AND k.account_id BETWEEN lo AND hi;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END
$$;
