-- Need-to-know as a workflow (issue 12; DESIGN.md §4.1):
--  1. art32.access_requests: a sysadmin asks for access to one account, with a reason and a duration (default
--     4 h, at most 24 h). A CTO approves (which creates the access_grants row, linked to the request) or refuses
--     it, with a comment; the requester may withdraw it while it is pending. Approved access expires on its own
--     (may_read_plaintext ignores expired grants); a CTO may revoke it early (revoke_access marks the request
--     revoked). A direct grant by a CTO (grant_access) stays, and is "granted without request": no request row
--     points at it. Every step is an audit event with the account in its detail.
--  2. Expiry is audited lazily: art32.note_expired_access() writes one `access.expired` event per grant that
--     has run out since (its detail carries the grant's expires_at, the event's own time is when it was noted),
--     and marks the request expired. Every function of this migration calls it first, so does a refused read,
--     and the console calls it when it lists grants or requests; a sysadmin whose grant ran out meets it at the
--     next read. The state shown is by the server's clock, whether the event was written yet or not.
--  3. A refused reveal or save is audited (`records.refused`) and returns no read instead of raising, so the
--     event is not rolled back with the refusal; the console shows its own translated message.
--  4. art32.access_status(accounts[]): for a page of accounts, whether the caller may read each now and until
--     when, or has a request pending (a sysadmin sees only their own; RLS shows a sysadmin only their requests).
--  5. Access management by a CTO, read by auditors: art32.admin_overview() (role, enrolled, last unlock, locked
--     until, key versions held), admin_set_role (the group membership changes through art32_rolemaker's second
--     function, art32_roles.set_admin_group), admin_revoke_keys.

SET LOCAL ROLE art32_owner;

-- 1. The requests.
CREATE TABLE art32.access_requests (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    admin_id     integer NOT NULL REFERENCES art32.admins (id) ON DELETE CASCADE,
    account_id   bigint NOT NULL REFERENCES art32.accounts (id) ON DELETE CASCADE,
    reason       text NOT NULL CHECK (length(reason) BETWEEN 5 AND 500),
    minutes      integer NOT NULL CHECK (minutes BETWEEN 1 AND 24 * 60),
    requested_at timestamptz NOT NULL,
    state        text NOT NULL DEFAULT 'pending'
                 CHECK (state IN ('pending', 'approved', 'refused', 'expired', 'revoked', 'withdrawn')),
    decided_by   name,
    decided_at   timestamptz,
    comment      text CHECK (comment IS NULL OR length(comment) <= 500),
    grant_id     bigint UNIQUE REFERENCES art32.access_grants (id) ON DELETE SET NULL,
    closed_at    timestamptz, -- withdrawn, expired or revoked
    CHECK ((state = 'pending') = (decided_at IS NULL) OR state = 'withdrawn'),
    CHECK ((state IN ('approved', 'expired', 'revoked')) = (grant_id IS NOT NULL) OR grant_id IS NULL)
);
-- One pending request per sysadmin and account.
CREATE UNIQUE INDEX access_requests_one_pending ON art32.access_requests (admin_id, account_id)
    WHERE state = 'pending';
CREATE INDEX access_requests_pending ON art32.access_requests (requested_at, id) WHERE state = 'pending';
CREATE INDEX access_requests_admin ON art32.access_requests (admin_id, id);
CREATE INDEX access_requests_account ON art32.access_requests (account_id, id);

ALTER TABLE art32.access_requests ENABLE ROW LEVEL SECURITY;
ALTER TABLE art32.access_requests FORCE ROW LEVEL SECURITY;
CREATE POLICY owner_all ON art32.access_requests TO art32_owner USING (true) WITH CHECK (true);
CREATE POLICY read_requests ON art32.access_requests FOR SELECT TO art32_cto, art32_sysadmin, art32_auditor
    USING ((SELECT art32.session_is_unlocked())
           AND (pg_has_role('art32_cto', 'member') OR pg_has_role('art32_auditor', 'member')
                OR admin_id = (SELECT a.id FROM art32.admins a WHERE a.login = session_user)));
GRANT SELECT ON art32.access_requests TO art32_cto, art32_sysadmin, art32_auditor;

-- 2. Grants remember whether their expiry was audited; the sweep finds the ones that were not by this index.
ALTER TABLE art32.access_grants ADD COLUMN expiry_noted boolean NOT NULL DEFAULT false;
CREATE INDEX access_grants_unnoted ON art32.access_grants (expires_at) WHERE NOT expiry_noted AND revoked_at IS NULL;
CREATE INDEX access_grants_account ON art32.access_grants (account_id, id);
CREATE INDEX access_grants_granted ON art32.access_grants (granted_at, id);

CREATE FUNCTION art32.admin_login(p_admin integer) RETURNS name
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
    SELECT a.login FROM art32.admins a WHERE a.id = p_admin
$$;

-- Audits every grant that ran out and was not audited yet (one event each), and marks its request expired.
-- Rows another sweep holds are skipped: that sweep audits them.
CREATE FUNCTION art32.note_expired_access() RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
DECLARE
    g   record;
    req bigint;
    n   integer := 0;
BEGIN
    PERFORM art32.require_unlocked(ARRAY['cto', 'sysadmin']);
    FOR g IN
        UPDATE art32.access_grants x SET expiry_noted = true
         WHERE x.id IN (SELECT e.id FROM art32.access_grants e
                         WHERE NOT e.expiry_noted AND e.revoked_at IS NULL AND e.expires_at <= art32.now()
                         ORDER BY e.id FOR UPDATE SKIP LOCKED)
        RETURNING x.id, x.admin_id, x.account_id, x.expires_at
    LOOP
        req := NULL;
        UPDATE art32.access_requests r SET state = 'expired', closed_at = g.expires_at
         WHERE r.grant_id = g.id AND r.state = 'approved'
        RETURNING r.id INTO req;
        PERFORM art32.audit('access.expired', g.account_id::text,
                            jsonb_build_object('account', g.account_id, 'grant', g.id, 'request', req,
                                               'admin', art32.admin_login(g.admin_id), 'expired_at', g.expires_at));
        n := n + 1;
    END LOOP;
    RETURN n;
END
$$;

-- A sysadmin asks for access to one account. Audited.
CREATE FUNCTION art32.request_access(p_account bigint, p_reason text, p_minutes integer DEFAULT 240) RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
DECLARE
    me     art32.admins := art32.require_unlocked(ARRAY['sysadmin']);
    until  timestamptz;
    new_id bigint;
BEGIN
    PERFORM art32.note_expired_access();
    IF p_minutes IS NULL OR p_minutes NOT BETWEEN 1 AND 24 * 60 THEN
        RAISE EXCEPTION 'access is asked for between a minute and 24 hours' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_reason IS NULL OR length(btrim(p_reason)) NOT BETWEEN 5 AND 500 THEN
        RAISE EXCEPTION 'give a reason of 5 to 500 characters' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM art32.accounts a WHERE a.id = p_account AND a.status <> 'erased') THEN
        RAISE EXCEPTION 'account % does not exist or is erased', p_account USING ERRCODE = 'no_data_found';
    END IF;
    SELECT max(g.expires_at) INTO until FROM art32.access_grants g
     WHERE g.admin_id = me.id AND g.account_id = p_account AND g.revoked_at IS NULL AND g.expires_at > art32.now();
    IF until IS NOT NULL THEN
        RAISE EXCEPTION 'you may read account % already, until %', p_account, until
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    IF EXISTS (SELECT 1 FROM art32.access_requests r
                WHERE r.admin_id = me.id AND r.account_id = p_account AND r.state = 'pending') THEN
        RAISE EXCEPTION 'you asked for access to account % already; the request is pending', p_account
            USING ERRCODE = 'duplicate_object';
    END IF;
    INSERT INTO art32.access_requests (admin_id, account_id, reason, minutes, requested_at)
    VALUES (me.id, p_account, btrim(p_reason), p_minutes, art32.now())
    RETURNING id INTO new_id;
    PERFORM art32.audit('access.request', p_account::text,
                        jsonb_build_object('account', p_account, 'request', new_id, 'minutes', p_minutes,
                                           'reason', btrim(p_reason)));
    RETURN new_id;
END
$$;

-- The pending request, locked for a decision; refuses what a CTO may not decide.
CREATE FUNCTION art32.pending_request_for_decision(p_request bigint, p_me art32.admins) RETURNS art32.access_requests
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
DECLARE
    r art32.access_requests;
BEGIN
    SELECT * INTO r FROM art32.access_requests WHERE id = p_request FOR UPDATE;
    IF r.id IS NULL THEN
        RAISE EXCEPTION 'there is no access request %', p_request USING ERRCODE = 'no_data_found';
    END IF;
    IF r.admin_id = p_me.id THEN
        RAISE EXCEPTION 'nobody decides on their own access request' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF r.state <> 'pending' THEN
        RAISE EXCEPTION 'access request % is % already', p_request, r.state
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    RETURN r;
END
$$;

-- A CTO approves: the grant starts now and lasts the minutes asked for. Audited.
CREATE FUNCTION art32.approve_access(p_request bigint, p_comment text DEFAULT NULL) RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
DECLARE
    me     art32.admins := art32.require_unlocked(ARRAY['cto']);
    r      art32.access_requests;
    target art32.admins;
    g_id   bigint;
    note   text := nullif(btrim(coalesce(p_comment, '')), '');
    at_now timestamptz := art32.now();
BEGIN
    PERFORM art32.note_expired_access();
    IF length(note) > 500 THEN
        RAISE EXCEPTION 'a comment has at most 500 characters' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    r := art32.pending_request_for_decision(p_request, me);
    SELECT * INTO target FROM art32.admins WHERE id = r.admin_id;
    IF target.role <> 'sysadmin' OR target.disabled_at IS NOT NULL THEN
        RAISE EXCEPTION '% is no active sysadmin any more: refuse the request instead', target.login
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM art32.accounts a WHERE a.id = r.account_id AND a.status <> 'erased') THEN
        RAISE EXCEPTION 'account % is erased: refuse the request instead', r.account_id
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    INSERT INTO art32.access_grants (admin_id, account_id, reason, granted_at, expires_at)
    VALUES (r.admin_id, r.account_id, r.reason, at_now, at_now + make_interval(mins => r.minutes))
    RETURNING id INTO g_id;
    UPDATE art32.access_requests SET state = 'approved', decided_by = session_user, decided_at = at_now,
                                     comment = note, grant_id = g_id
     WHERE id = r.id;
    PERFORM art32.audit('access.approve', r.account_id::text,
                        jsonb_build_object('account', r.account_id, 'request', r.id, 'grant', g_id,
                                           'admin', target.login, 'minutes', r.minutes, 'comment', note));
    RETURN g_id;
END
$$;

-- A CTO refuses, saying why. Audited.
CREATE FUNCTION art32.refuse_access(p_request bigint, p_comment text) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
DECLARE
    me   art32.admins := art32.require_unlocked(ARRAY['cto']);
    r    art32.access_requests;
    note text := btrim(coalesce(p_comment, ''));
BEGIN
    PERFORM art32.note_expired_access();
    IF length(note) NOT BETWEEN 5 AND 500 THEN
        RAISE EXCEPTION 'say why in 5 to 500 characters' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    r := art32.pending_request_for_decision(p_request, me);
    UPDATE art32.access_requests SET state = 'refused', decided_by = session_user, decided_at = art32.now(),
                                     comment = note
     WHERE id = r.id;
    PERFORM art32.audit('access.refuse', r.account_id::text,
                        jsonb_build_object('account', r.account_id, 'request', r.id,
                                           'admin', art32.admin_login(r.admin_id), 'comment', note));
END
$$;

-- The requester takes a pending request back; false when it was decided meanwhile. Audited.
CREATE FUNCTION art32.withdraw_access_request(p_request bigint) RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
DECLARE
    me art32.admins := art32.require_unlocked(ARRAY['sysadmin']);
    r  art32.access_requests;
BEGIN
    PERFORM art32.note_expired_access();
    UPDATE art32.access_requests SET state = 'withdrawn', closed_at = art32.now()
     WHERE id = p_request AND admin_id = me.id AND state = 'pending'
    RETURNING * INTO r;
    IF r.id IS NULL THEN
        IF NOT EXISTS (SELECT 1 FROM art32.access_requests WHERE id = p_request AND admin_id = me.id) THEN
            RAISE EXCEPTION 'you have no access request %', p_request USING ERRCODE = 'no_data_found';
        END IF;
        RETURN false;
    END IF;
    PERFORM art32.audit('access.withdraw', r.account_id::text,
                        jsonb_build_object('account', r.account_id, 'request', r.id));
    RETURN true;
END
$$;

-- Per account of a page: may the caller read it now, until when (and how many seconds that is by the server's
-- clock), or is a request of theirs pending.
CREATE FUNCTION art32.access_status(p_accounts bigint[])
RETURNS TABLE (account_id bigint, may_read boolean, until timestamptz, seconds_left bigint, request_id bigint,
               requested_minutes integer)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
DECLARE
    me art32.admins := art32.require_unlocked(ARRAY['cto', 'sysadmin']);
BEGIN
    IF cardinality(p_accounts) > 1000 THEN
        RAISE EXCEPTION 'ask for at most 1000 accounts at a time' USING ERRCODE = 'program_limit_exceeded';
    END IF;
    PERFORM art32.note_expired_access();
    IF me.role = 'cto' THEN
        RETURN QUERY SELECT DISTINCT a, true, NULL::timestamptz, NULL::bigint, NULL::bigint, NULL::integer
                       FROM unnest(p_accounts) a ORDER BY 1;
        RETURN;
    END IF;
    RETURN QUERY
    SELECT a, g.until IS NOT NULL, g.until, floor(extract(epoch FROM g.until - art32.now()))::bigint, r.id, r.minutes
      FROM (SELECT DISTINCT x FROM unnest(p_accounts) x) AS ids (a)
      LEFT JOIN LATERAL (SELECT max(ag.expires_at) AS until FROM art32.access_grants ag
                          WHERE ag.admin_id = me.id AND ag.account_id = ids.a AND ag.revoked_at IS NULL
                            AND ag.expires_at > art32.now()
                         HAVING max(ag.expires_at) IS NOT NULL) g ON true
      LEFT JOIN art32.access_requests r ON r.admin_id = me.id AND r.account_id = ids.a AND r.state = 'pending'
     ORDER BY 1;
END
$$;

-- The direct grant stays: "granted without request" (no request row points at it). Audited with the account.
CREATE OR REPLACE FUNCTION art32.grant_access(p_login name, p_account bigint, p_reason text, p_minutes integer)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
DECLARE
    target art32.admins;
    new_id bigint;
    at_now timestamptz := art32.now();
BEGIN
    PERFORM art32.require_unlocked(ARRAY['cto']);
    PERFORM art32.note_expired_access();
    SELECT * INTO target FROM art32.admins WHERE login = p_login;
    IF target.id IS NULL OR target.role <> 'sysadmin' THEN
        RAISE EXCEPTION 'access grants are for sysadmins' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_minutes NOT BETWEEN 1 AND 7 * 24 * 60 THEN
        RAISE EXCEPTION 'a grant lasts between a minute and a week' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    INSERT INTO art32.access_grants (admin_id, account_id, reason, granted_at, expires_at)
    VALUES (target.id, p_account, p_reason, at_now, at_now + make_interval(mins => p_minutes))
    RETURNING id INTO new_id;
    PERFORM art32.audit('access.grant', p_account::text,
                        jsonb_build_object('account', p_account, 'grant', new_id, 'admin', p_login,
                                           'minutes', p_minutes, 'reason', p_reason, 'without_request', true));
    RETURN new_id;
END
$$;

-- Revocation also closes the request it came from.
CREATE OR REPLACE FUNCTION art32.revoke_access(p_grant bigint) RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
DECLARE
    g   art32.access_grants;
    req bigint;
BEGIN
    PERFORM art32.require_unlocked(ARRAY['cto']);
    PERFORM art32.note_expired_access();
    UPDATE art32.access_grants SET revoked_at = art32.now()
     WHERE id = p_grant AND revoked_at IS NULL AND expires_at > art32.now()
    RETURNING * INTO g;
    IF g.id IS NULL THEN
        IF NOT EXISTS (SELECT 1 FROM art32.access_grants WHERE id = p_grant) THEN
            RAISE EXCEPTION 'there is no access grant %', p_grant USING ERRCODE = 'no_data_found';
        END IF;
        RETURN false;
    END IF;
    UPDATE art32.access_requests r SET state = 'revoked', closed_at = g.revoked_at
     WHERE r.grant_id = g.id AND r.state = 'approved'
    RETURNING r.id INTO req;
    PERFORM art32.audit('access.revoke', g.account_id::text,
                        jsonb_build_object('account', g.account_id, 'grant', g.id, 'request', req,
                                           'admin', art32.admin_login(g.admin_id)));
    RETURN true;
END
$$;

-- 3. A refused reveal or save is audited and returns no read (read_id NULL) instead of raising: the event stays.
CREATE OR REPLACE FUNCTION art32.open_read(p_why text, p_first bigint, p_last bigint, OUT read_id bigint,
                                           OUT accounts bigint, OUT records bigint)
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
    IF p_why IN ('reveal', 'save') AND p_first <> p_last THEN
        RAISE EXCEPTION 'you may not read account %''s personal data', p_first USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF p_why IN ('reveal', 'save') AND NOT art32.may_read_plaintext(p_first) THEN
        IF me.id IS NOT NULL AND me.role = 'sysadmin' THEN
            PERFORM art32.note_expired_access();
        END IF;
        PERFORM art32.audit('records.refused', p_first::text,
                            jsonb_build_object('account', p_first, 'why', p_why));
        read_id := NULL;
        accounts := 0;
        records := 0;
        RETURN;
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
                                           'accounts', accounts, 'records', records)
                        || CASE WHEN p_first = p_last THEN jsonb_build_object('account', p_first) ELSE '{}' END);
END
$$;

-- 5. Access management. What the Admins tab shows (CTO and auditor): nothing secret, no key material.
CREATE FUNCTION art32.admin_overview()
RETURNS TABLE (login name, display_name text, role text, enrolled_at timestamptz, disabled_at timestamptz,
               last_unlock timestamptz, locked_until timestamptz, kek_versions integer[], index_versions integer[])
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
BEGIN
    PERFORM art32.require_unlocked(ARRAY['cto', 'auditor']);
    RETURN QUERY
    SELECT a.login, a.display_name, a.role, a.enrolled_at, a.disabled_at,
           (SELECT e.at FROM art32.audit_events e WHERE e.actor = a.login AND e.action = 'unlock.ok'
             ORDER BY e.seq DESC LIMIT 1),
           (SELECT t.locked_until FROM art32.admin_totp t WHERE t.admin_id = a.id AND t.locked_until > art32.now()),
           ARRAY(SELECT s.version FROM art32.sealed_keys s WHERE s.admin_id = a.id AND s.kind = 'kek' ORDER BY 1),
           ARRAY(SELECT s.version FROM art32.sealed_keys s WHERE s.admin_id = a.id AND s.kind = 'index' ORDER BY 1)
      FROM art32.admins a
     ORDER BY a.login;
END
$$;

-- Takes an admin's sealed key copies away (not the caller's own). A key they opened before stays in their
-- memory until they lock; a rotation is what makes the old key useless.
CREATE FUNCTION art32.admin_revoke_keys(p_login name) RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
DECLARE
    me     art32.admins := art32.require_unlocked(ARRAY['cto']);
    target art32.admins;
    n      integer;
BEGIN
    SELECT * INTO target FROM art32.admins WHERE login = p_login;
    IF target.id IS NULL THEN
        RAISE EXCEPTION 'no admin named %', p_login USING ERRCODE = 'no_data_found';
    END IF;
    IF target.id = me.id THEN
        RAISE EXCEPTION 'you cannot take your own keys away' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    DELETE FROM art32.sealed_keys WHERE admin_id = target.id;
    GET DIAGNOSTICS n = ROW_COUNT;
    IF EXISTS (SELECT 1 FROM art32.key_versions v WHERE v.retired_at IS NULL
                AND NOT EXISTS (SELECT 1 FROM art32.sealed_keys s JOIN art32.admins a ON a.id = s.admin_id
                                 WHERE s.kind = v.kind AND s.version = v.version AND a.disabled_at IS NULL)) THEN
        RAISE EXCEPTION 'nobody active would hold the keys any more' USING ERRCODE = 'object_in_use';
    END IF;
    PERFORM art32.audit('keys.revoke', p_login, jsonb_build_object('copies', n));
    RETURN n;
END
$$;

RESET ROLE;
SET LOCAL ROLE art32_rolemaker;
-- Moves an admin login from its group to another of the three. Trusts nobody, like create_admin_login: only a
-- plain LOGIN role that is a member of exactly one admin group, and of no other role.
CREATE FUNCTION art32_roles.set_admin_group(p_login name, p_group text) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    target oid;
    g      text;
BEGIN
    IF p_group IS NULL OR p_group NOT IN ('cto', 'sysadmin', 'auditor') THEN
        RAISE EXCEPTION 'unknown role %', p_group USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT r.oid INTO target FROM pg_catalog.pg_roles r
     WHERE r.rolname = p_login AND r.rolcanlogin AND NOT r.rolsuper AND NOT r.rolcreaterole AND NOT r.rolcreatedb
       AND NOT r.rolbypassrls AND NOT r.rolreplication;
    IF target IS NULL
       OR (SELECT count(*) FROM pg_catalog.pg_auth_members m WHERE m.member = target) <> 1
       OR NOT EXISTS (SELECT 1 FROM pg_catalog.pg_auth_members m JOIN pg_catalog.pg_roles grp ON grp.oid = m.roleid
                       WHERE m.member = target AND grp.rolname IN ('art32_cto', 'art32_sysadmin', 'art32_auditor')) THEN
        RAISE EXCEPTION '% is not an admin login', p_login USING ERRCODE = 'invalid_parameter_value';
    END IF;
    FOREACH g IN ARRAY ARRAY['cto', 'sysadmin', 'auditor'] LOOP
        IF g <> p_group AND pg_catalog.pg_has_role(p_login, 'art32_' || g, 'MEMBER') THEN
            EXECUTE pg_catalog.format('REVOKE %I FROM %I', 'art32_' || g, p_login);
        END IF;
    END LOOP;
    EXECUTE pg_catalog.format('GRANT %I TO %I', 'art32_' || p_group, p_login);
END
$$;
REVOKE ALL ON FUNCTION art32_roles.set_admin_group(name, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION art32_roles.set_admin_group(name, text) TO art32_owner;
RESET ROLE;
SET LOCAL ROLE art32_owner;

-- A CTO changes another admin's role. What the old role had ends: unlocked sessions (the next unlock has the new
-- rights), a sysadmin's grants and pending requests, an auditor's... nothing (auditors hold no keys); a new
-- auditor loses every sealed key copy. Audited.
CREATE FUNCTION art32.admin_set_role(p_login name, p_role text) RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
DECLARE
    me     art32.admins := art32.require_unlocked(ARRAY['cto']);
    target art32.admins;
    ended  integer := 0;
BEGIN
    IF p_role IS NULL OR p_role NOT IN ('cto', 'sysadmin', 'auditor') THEN
        RAISE EXCEPTION 'unknown role %', p_role USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT * INTO target FROM art32.admins WHERE login = p_login FOR UPDATE;
    IF target.id IS NULL THEN
        RAISE EXCEPTION 'no admin named %', p_login USING ERRCODE = 'no_data_found';
    END IF;
    IF target.id = me.id THEN
        RAISE EXCEPTION 'you cannot change your own role' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF target.role = p_role THEN
        RETURN false;
    END IF;
    PERFORM art32_roles.set_admin_group(p_login, p_role);
    UPDATE art32.admins SET role = p_role WHERE id = target.id;
    DELETE FROM art32.unlocked_sessions WHERE admin_id = target.id;
    IF p_role = 'auditor' THEN
        DELETE FROM art32.sealed_keys WHERE admin_id = target.id;
    END IF;
    IF target.role = 'sysadmin' THEN
        UPDATE art32.access_requests r SET state = 'revoked', closed_at = art32.now()
          FROM art32.access_grants g
         WHERE g.id = r.grant_id AND r.state = 'approved' AND g.revoked_at IS NULL AND g.expires_at > art32.now()
           AND g.admin_id = target.id;
        UPDATE art32.access_grants SET revoked_at = art32.now()
         WHERE admin_id = target.id AND revoked_at IS NULL AND expires_at > art32.now();
        GET DIAGNOSTICS ended = ROW_COUNT;
        UPDATE art32.access_requests SET state = 'refused', decided_by = session_user, decided_at = art32.now(),
                                         comment = 'role changed'
         WHERE admin_id = target.id AND state = 'pending';
    END IF;
    PERFORM art32.audit('admin.role', p_login,
                        jsonb_build_object('from', target.role, 'to', p_role, 'grants_revoked', ended));
    RETURN true;
END
$$;

GRANT EXECUTE ON FUNCTION art32.request_access(bigint, text, integer), art32.withdraw_access_request(bigint)
    TO art32_sysadmin;
GRANT EXECUTE ON FUNCTION art32.approve_access(bigint, text), art32.refuse_access(bigint, text),
                          art32.admin_set_role(name, text), art32.admin_revoke_keys(name)
    TO art32_cto;
GRANT EXECUTE ON FUNCTION art32.access_status(bigint[]), art32.note_expired_access() TO art32_cto, art32_sysadmin;
GRANT EXECUTE ON FUNCTION art32.admin_overview() TO art32_cto, art32_auditor;
