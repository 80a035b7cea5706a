-- The read functions are planned for the values of each call. After five calls PL/pgSQL may switch to a generic
-- plan, which knows neither the batch's first id nor whether the caller is a CTO; for the keyset reads of a scan
-- or a rotation that can mean reading far more of the table than the batch.

SET LOCAL ROLE art32_owner;

ALTER FUNCTION art32.read_keys(bigint, bigint, bigint, integer, integer) SET plan_cache_mode = force_custom_plan;
ALTER FUNCTION art32.read_records(bigint, bigint, bigint) SET plan_cache_mode = force_custom_plan;
ALTER FUNCTION art32.read_indexed(bigint, integer, bigint, integer) SET plan_cache_mode = force_custom_plan;
