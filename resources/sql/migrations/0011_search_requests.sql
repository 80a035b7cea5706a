-- Exact search without a dictionary attack (a second attack, on 0010, found it): every sysadmin holds the index
-- key, so it can compute the digest of any guessed phone number or e-mail, and art32.find_accounts told it which
-- accounts hold that value, unaudited and as often as it liked. A search is now requested in a transaction of its
-- own, which commits and is audited before the answer is given, and a sysadmin may make only so many an hour
-- (policy sysadmin_searches_per_hour). A CTO reads every account anyway; its searches are audited too.
-- Also: the unlock and the lock delete this backend's own rows by (pid, backend_start), never a row of a dead
-- backend with the same pid that another transaction may hold.

SET LOCAL ROLE art32_owner;

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

DROP FUNCTION art32.find_accounts(smallint, integer, bytea);
GRANT EXECUTE ON FUNCTION art32.request_search(smallint, integer[], bytea[]), art32.search_result(bigint)
    TO art32_cto, art32_sysadmin;

-- This backend's own rows only, by (pid, backend_start).
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

REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA art32 FROM PUBLIC;
