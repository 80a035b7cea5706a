-- Review fixes (0023): a change of the key versions is announced, so a console checks the server's usable versions
-- once per change instead of before every request (app/session/Session.cpp caches them per unlock).
--  * A statement trigger on art32.key_versions (a rotation's start adds a version, its finish retires one, keys_init
--    creates the first) sends NOTIFY art32_key_versions at commit; it fires ALWAYS, also in replica mode, like the
--    other key-version triggers (0010).
--  * The notification carries nothing. Any login may NOTIFY any channel, so a forged one only makes a console read
--    the versions once more; the server still refuses a write at a retired version (A3201, 0010), so a console that
--    has not heard of a change yet cannot use a retired key either.

SET LOCAL ROLE art32_owner;

CREATE FUNCTION art32.key_versions_changed() RETURNS trigger
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, art32, pg_temp AS $$
BEGIN
    PERFORM pg_catalog.pg_notify('art32_key_versions', '');
    RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION art32.key_versions_changed() FROM PUBLIC;

CREATE TRIGGER key_versions_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON art32.key_versions
    FOR EACH STATEMENT EXECUTE FUNCTION art32.key_versions_changed();
ALTER TABLE art32.key_versions ENABLE ALWAYS TRIGGER key_versions_changed;
