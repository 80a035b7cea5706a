-- The audit log becomes a hash chain (issue 12, DESIGN.md §4.4, docs/FORMAT.md §"Audit chain",
-- docs/ARCHITECTURE.md "How audit_events grows"):
--  1. Every event carries prev_hash and hash = SHA-256(prev_hash ‖ canonical encoding of the row), the account it
--     concerns, and for row changes the table, the key and the changed column NAMES (never values).
--     UNIQUE (prev_hash) guards against forks; indexes per Audit-view filter end with seq.
--  2. The chain is serialised by a row lock on art32.audit_head (one row, no grants): a BEFORE INSERT trigger
--     takes it as the event is written, reads the last event, and stamps seq (last + 1: gapless, so a missing row
--     shows as a gap), at (never below the last event's) and the hashes, for every inserter, the owner and
--     superusers included (READ COMMITTED only: an older snapshot would fork it). Advisory locks were rejected:
--     any login may take any advisory lock, so anyone could stall the chain. The lock is held to the end of the
--     writer's transaction; a writer kept waiting asks art32_warden.end_stalled_chain_holder() to end a holder that
--     sits idle in its transaction (or runs far too long) while holding it, so nobody stalls the chain for more
--     than the policy's seconds.
--  3. art32.audit_track(regclass) attaches ALWAYS row triggers writing row.insert/update/delete events. Attached to
--     every art32 table except the log itself, its lock row, and the per-request bookkeeping whose every write is
--     already an event of the function that makes it (unlocked_sessions, open_reads, unlock_outcomes,
--     totp_failures, searches).
--  4. Retention removes a prefix only, through art32.audit_retain (CTO, unlocked, itself an event), which records
--     the first surviving event (seq, prev_hash) as the anchor verify starts from. Nothing else deletes.
--  5. Checkpoints: CTOs publish Ed25519 public keys (art32.audit_publish_key); checkpoints and verify outcomes are
--     events (art32.audit_checkpointed, art32.audit_verified).

-- Superuser part: the warden, a NOLOGIN role that may signal backends and read their state, owns one function and
-- nothing else, and which only the owner may execute.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'art32_chainwarden') THEN
        CREATE ROLE art32_chainwarden NOLOGIN;
    END IF;
END
$$;
COMMENT ON ROLE art32_chainwarden IS 'Art32 Console: ends a backend that stalls the audit chain; owns one function';
GRANT pg_signal_backend, pg_read_all_stats TO art32_chainwarden;
GRANT USAGE ON SCHEMA art32 TO art32_chainwarden;

SET LOCAL ROLE art32_owner;

-- 1. The columns. Existing rows are renumbered 1..n in their order (an identity leaves gaps where a transaction
-- rolled back; from now on seq is gapless) and chained below.
ALTER TABLE art32.audit_events
    ADD COLUMN account_id bigint,
    ADD COLUMN tbl        text,
    ADD COLUMN row_key    text,
    ADD COLUMN columns    text[] CHECK (array_position(columns, NULL) IS NULL AND array_ndims(columns) < 2),
    ADD COLUMN prev_hash  bytea,
    ADD COLUMN hash       bytea;
ALTER TABLE art32.audit_events ALTER COLUMN seq DROP IDENTITY;
ALTER TABLE art32.audit_events ALTER COLUMN at DROP DEFAULT;

-- Canonical encoding (docs/FORMAT.md): each field as a 4-byte big-endian length and its bytes, NULL as length -1.
CREATE FUNCTION art32.audit_field(p bytea) RETURNS bytea
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
    SELECT CASE WHEN p IS NULL THEN '\xffffffff'::bytea ELSE pg_catalog.int4send(pg_catalog.length(p)) || p END
$$;

CREATE FUNCTION art32.audit_encode(p_seq bigint, p_at timestamptz, p_actor name, p_action text, p_object text,
                                   p_detail jsonb, p_account bigint, p_tbl text, p_row_key text, p_columns text[])
RETURNS bytea
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, art32, pg_temp AS $$
    SELECT art32.audit_field(pg_catalog.int8send(p_seq))
        || art32.audit_field(pg_catalog.int8send((EXTRACT(EPOCH FROM p_at) * 1000000)::bigint))
        || art32.audit_field(pg_catalog.convert_to(p_actor::text, 'UTF8'))
        || art32.audit_field(pg_catalog.convert_to(p_action, 'UTF8'))
        || art32.audit_field(pg_catalog.convert_to(p_object, 'UTF8'))
        || art32.audit_field(pg_catalog.convert_to(p_detail::text, 'UTF8'))
        || art32.audit_field(pg_catalog.int8send(p_account))
        || art32.audit_field(pg_catalog.convert_to(p_tbl, 'UTF8'))
        || art32.audit_field(pg_catalog.convert_to(p_row_key, 'UTF8'))
        || art32.audit_field(CASE WHEN p_columns IS NOT NULL THEN
               pg_catalog.int4send(coalesce(pg_catalog.cardinality(p_columns), 0))
               || coalesce((SELECT pg_catalog.string_agg(art32.audit_field(pg_catalog.convert_to(c, 'UTF8')), ''::bytea
                                                         ORDER BY o)
                              FROM pg_catalog.unnest(p_columns) WITH ORDINALITY AS u (c, o)), ''::bytea)
           END)
$$;

-- The account an event concerns (the contract of issue 12): detail's "account" when present, else the object
-- for actions about accounts, records and access.
CREATE FUNCTION art32.audit_account_of(p_action text, p_object text, p_detail jsonb) RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
    SELECT CASE
        WHEN p_detail ->> 'account' ~ '^-?[0-9]{1,18}$' THEN (p_detail ->> 'account')::bigint
        WHEN (p_action LIKE 'records.%' OR p_action LIKE 'account.%' OR p_action LIKE 'access.%')
             AND p_object ~ '^-?[0-9]{1,18}$' THEN p_object::bigint
    END
$$;

-- Backfill: renumber and chain what is there, with the append-only trigger off for this transaction only.
ALTER TABLE art32.audit_events DISABLE TRIGGER audit_events_no_update;
UPDATE art32.audit_events e SET seq = -n.rn
  FROM (SELECT seq, row_number() OVER (ORDER BY seq) AS rn FROM art32.audit_events) n WHERE n.seq = e.seq;
UPDATE art32.audit_events SET seq = -seq, account_id = art32.audit_account_of(action, object, detail);
DO $$
DECLARE
    prev bytea := '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea;
    last_at timestamptz := '-infinity';
    e record;
    h bytea;
BEGIN
    FOR e IN SELECT * FROM art32.audit_events ORDER BY seq LOOP
        -- at rises with seq from now on; older events keep theirs unless a clock step made them go back
        last_at := greatest(last_at, e.at);
        h := pg_catalog.sha256(prev || art32.audit_encode(e.seq, last_at, e.actor, e.action, e.object, e.detail,
                                                          e.account_id, e.tbl, e.row_key, e.columns));
        UPDATE art32.audit_events SET prev_hash = prev, hash = h, at = last_at WHERE seq = e.seq;
        prev := h;
    END LOOP;
END
$$;
ALTER TABLE art32.audit_events ENABLE ALWAYS TRIGGER audit_events_no_update;

ALTER TABLE art32.audit_events
    ALTER COLUMN prev_hash SET NOT NULL,
    ALTER COLUMN hash SET NOT NULL,
    ADD CONSTRAINT audit_events_hash_length CHECK (length(prev_hash) = 32 AND length(hash) = 32),
    ADD CONSTRAINT audit_events_no_fork UNIQUE (prev_hash);
DROP INDEX art32.audit_events_actor_at;
CREATE INDEX audit_events_actor_seq ON art32.audit_events (actor, seq);
CREATE INDEX audit_events_action_seq ON art32.audit_events (action, seq);
CREATE INDEX audit_events_account_seq ON art32.audit_events (account_id, seq) WHERE account_id IS NOT NULL;

-- 2. The chain lock: one row nobody but the owner can see or lock.
CREATE TABLE art32.audit_head (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton)
);
INSERT INTO art32.audit_head VALUES (true);
ALTER TABLE art32.audit_head ENABLE ROW LEVEL SECURITY;
ALTER TABLE art32.audit_head FORCE ROW LEVEL SECURITY;
CREATE POLICY owner_all ON art32.audit_head TO art32_owner USING (true) WITH CHECK (true);
CREATE POLICY warden_read ON art32.audit_head FOR SELECT TO art32_chainwarden USING (true);
GRANT SELECT ON art32.audit_head TO art32_chainwarden;

INSERT INTO art32.policy (key, value) VALUES
    ('audit_idle_hold_seconds', 10),   -- a chain holder idle in its transaction this long is ended when blocking
    ('audit_hold_seconds', 600);       -- and one whose transaction runs this long
GRANT SELECT ON art32.policy TO art32_chainwarden;

-- Retention anchors: the first surviving event of each prefix cut.
CREATE TABLE art32.audit_anchors (
    first_seq bigint PRIMARY KEY CHECK (first_seq > 1),
    prev_hash bytea NOT NULL CHECK (length(prev_hash) = 32),
    cut_at    timestamptz NOT NULL,
    cut_by    name NOT NULL DEFAULT session_user
);
ALTER TABLE art32.audit_anchors ENABLE ROW LEVEL SECURITY;
ALTER TABLE art32.audit_anchors FORCE ROW LEVEL SECURITY;
CREATE POLICY owner_all ON art32.audit_anchors TO art32_owner USING (true) WITH CHECK (true);
CREATE POLICY read_anchors ON art32.audit_anchors FOR SELECT TO art32_cto, art32_sysadmin, art32_auditor
    USING ((SELECT art32.session_is_unlocked()));
GRANT SELECT ON art32.audit_anchors TO art32_cto, art32_sysadmin, art32_auditor;

-- Ed25519 public keys that sign checkpoints (docs/FORMAT.md): public, so anyone can check a note.
CREATE TABLE art32.audit_signing_keys (
    public_key   bytea PRIMARY KEY CHECK (length(public_key) = 32),
    login        name NOT NULL DEFAULT session_user,
    published_at timestamptz NOT NULL
);
ALTER TABLE art32.audit_signing_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE art32.audit_signing_keys FORCE ROW LEVEL SECURITY;
CREATE POLICY owner_all ON art32.audit_signing_keys TO art32_owner USING (true) WITH CHECK (true);
CREATE POLICY read_keys ON art32.audit_signing_keys FOR SELECT TO art32_cto, art32_sysadmin, art32_auditor
    USING ((SELECT art32.session_is_unlocked()));
GRANT SELECT ON art32.audit_signing_keys TO art32_cto, art32_sysadmin, art32_auditor;

-- The warden: called by a writer the chain lock kept waiting. Ends the holder if it sits idle in its transaction
-- longer than audit_idle_hold_seconds, or its transaction is older than audit_hold_seconds. Superusers are never
-- ended (pg_signal_backend cannot). Returns the login it ended, or NULL.
RESET ROLE;
CREATE SCHEMA art32_warden AUTHORIZATION art32_chainwarden;
REVOKE ALL ON SCHEMA art32_warden FROM PUBLIC;
GRANT USAGE ON SCHEMA art32_warden TO art32_owner;
SET LOCAL ROLE art32_chainwarden;
CREATE FUNCTION art32_warden.end_stalled_chain_holder() RETURNS name
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    holder record;
BEGIN
    SELECT a.pid, a.usename, a.state, a.state_change, a.xact_start INTO holder
      FROM pg_catalog.pg_locks l JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid
     WHERE l.locktype = 'transactionid' AND l.mode = 'ExclusiveLock' AND l.granted
       AND l.database IS NULL AND l.pid <> pg_catalog.pg_backend_pid()
       AND l.transactionid = (SELECT h.xmax FROM art32.audit_head h)
       AND NOT (SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.oid = a.usesysid)
     LIMIT 1;
    IF holder.pid IS NULL THEN
        RETURN NULL;
    END IF;
    IF (holder.state LIKE 'idle in transaction%'
        AND holder.state_change < pg_catalog.clock_timestamp()
              - pg_catalog.make_interval(secs => (SELECT p.value FROM art32.policy p
                                                   WHERE p.key = 'audit_idle_hold_seconds')))
       OR holder.xact_start < pg_catalog.clock_timestamp()
              - pg_catalog.make_interval(secs => (SELECT p.value FROM art32.policy p WHERE p.key = 'audit_hold_seconds'))
    THEN
        IF pg_catalog.pg_terminate_backend(holder.pid) THEN
            RETURN holder.usename;
        END IF;
    END IF;
    RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION art32_warden.end_stalled_chain_holder() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION art32_warden.end_stalled_chain_holder() TO art32_owner;
RESET ROLE;
SET LOCAL ROLE art32_owner;

-- Waits for the chain lock in steps of a second; between steps, asks the warden to end a stalled holder.
CREATE FUNCTION art32.audit_chain_wait() RETURNS name
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp SET lock_timeout = '1s' AS $$
DECLARE
    ended name;
BEGIN
    LOOP
        BEGIN
            PERFORM FROM art32.audit_head FOR UPDATE;
            RETURN ended;
        EXCEPTION WHEN lock_not_available THEN
            ended := coalesce(art32_warden.end_stalled_chain_holder(), ended);
        END;
    END LOOP;
END
$$;

-- The chain step, for every insert into the log: lock, read the last event, stamp and hash.
CREATE FUNCTION art32.audit_chain() RETURNS trigger
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
DECLARE
    ended name;
    last_seq bigint;
    last_hash bytea;
    last_at timestamptz;
BEGIN
    -- An older snapshot cannot see the end of the chain: it would fork it (UNIQUE (prev_hash) would refuse it).
    IF pg_catalog.current_setting('transaction_isolation') <> 'read committed' THEN
        RAISE EXCEPTION 'audited changes run in READ COMMITTED transactions only: this snapshot cannot see the end '
                        'of the audit chain' USING ERRCODE = 'serialization_failure';
    END IF;
    PERFORM FROM art32.audit_head FOR UPDATE SKIP LOCKED; -- free, or already ours
    IF NOT FOUND THEN
        ended := art32.audit_chain_wait();
        IF ended IS NOT NULL THEN
            INSERT INTO art32.audit_events (action, object, detail)
            VALUES ('audit.holder_ended', ended, jsonb_build_object('reason', 'held the audit chain while stalled'));
        END IF;
    END IF;
    SELECT e.seq, e.hash, e.at INTO last_seq, last_hash, last_at
      FROM art32.audit_events e ORDER BY e.seq DESC LIMIT 1;
    IF last_seq IS NULL THEN -- empty log: genesis
        last_seq := 0;
        last_hash := '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea;
    END IF;
    NEW.seq := last_seq + 1;
    NEW.at := greatest(art32.now(), last_at);
    NEW.actor := session_user;
    NEW.detail := coalesce(NEW.detail, '{}'::jsonb);
    NEW.account_id := coalesce(NEW.account_id, art32.audit_account_of(NEW.action, NEW.object, NEW.detail));
    NEW.prev_hash := last_hash;
    NEW.hash := pg_catalog.sha256(last_hash || art32.audit_encode(NEW.seq, NEW.at, NEW.actor, NEW.action, NEW.object,
                                                                   NEW.detail, NEW.account_id, NEW.tbl, NEW.row_key,
                                                                   NEW.columns));
    RETURN NEW;
END
$$;
CREATE TRIGGER audit_events_chain BEFORE INSERT ON art32.audit_events
    FOR EACH ROW EXECUTE FUNCTION art32.audit_chain();
ALTER TABLE art32.audit_events ENABLE ALWAYS TRIGGER audit_events_chain;

CREATE OR REPLACE FUNCTION art32.audit(p_action text, p_object text, p_detail jsonb DEFAULT '{}'::jsonb) RETURNS void
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
    INSERT INTO art32.audit_events (action, object, detail) VALUES (p_action, p_object, coalesce(p_detail, '{}'))
$$;

-- Append-only, with one exception: the prefix before an anchor that this very transaction recorded
-- (art32.audit_retain).
CREATE OR REPLACE FUNCTION art32.refuse_audit_change() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, art32, pg_temp AS $$
BEGIN
    IF TG_OP = 'DELETE' AND EXISTS (
        SELECT 1 FROM art32.audit_anchors a
         WHERE a.first_seq > OLD.seq AND a.xmin = pg_catalog.xid(pg_catalog.pg_current_xact_id_if_assigned())) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'art32.audit_events is append-only' USING ERRCODE = 'insufficient_privilege';
END
$$;

-- 3. Change triggers.
CREATE FUNCTION art32.audit_row() RETURNS trigger
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
DECLARE
    n jsonb := CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) END;
    o jsonb := CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) END;
    r jsonb := coalesce(n, o);
    k text;
    cols text[];
BEGIN
    SELECT string_agg(r ->> a.name, ',' ORDER BY a.i) INTO k FROM unnest(TG_ARGV) WITH ORDINALITY AS a (name, i);
    IF TG_OP = 'UPDATE' THEN
        SELECT coalesce(array_agg(e.key ORDER BY e.key), '{}') INTO cols
          FROM jsonb_each(n) e WHERE e.value IS DISTINCT FROM o -> e.key;
    ELSE
        SELECT coalesce(array_agg(e.key ORDER BY e.key), '{}') INTO cols
          FROM jsonb_each(r) e WHERE e.value <> 'null'::jsonb;
    END IF;
    INSERT INTO art32.audit_events (action, object, account_id, tbl, row_key, columns)
    VALUES ('row.' || lower(TG_OP), k,
            CASE WHEN r ->> 'account_id' ~ '^-?[0-9]{1,18}$' THEN (r ->> 'account_id')::bigint
                 WHEN TG_TABLE_NAME = 'accounts' THEN (r ->> 'id')::bigint END,
            TG_TABLE_NAME, k, cols);
    RETURN NULL;
END
$$;

-- Attaches the change trigger to a table of the art32 schema (again: replaces it). The key is the primary key's
-- columns, comma-joined. Only the owner may run it (at migration time; the lead calls it for other branches' tables).
CREATE FUNCTION art32.audit_track(p_table regclass) RETURNS void
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, art32, pg_temp AS $$
DECLARE
    keys text;
    rel record;
BEGIN
    SELECT c.relname, n.nspname INTO rel FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.oid = p_table;
    IF rel.nspname <> 'art32' OR rel.relname IN ('audit_events', 'audit_head') THEN
        RAISE EXCEPTION 'audit_track: % is not a trackable art32 table', p_table USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT string_agg(quote_literal(a.attname), ', ' ORDER BY k.i) INTO keys
      FROM pg_index x
      CROSS JOIN LATERAL unnest(x.indkey::int2[]) WITH ORDINALITY AS k (attnum, i)
      JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum
     WHERE x.indrelid = p_table AND x.indisprimary;
    EXECUTE format('DROP TRIGGER IF EXISTS audit_changes ON %s', p_table);
    EXECUTE format('CREATE TRIGGER audit_changes AFTER INSERT OR UPDATE OR DELETE ON %s FOR EACH ROW '
                   'EXECUTE FUNCTION art32.audit_row(%s)', p_table, coalesce(keys, ''));
    EXECUTE format('ALTER TABLE %s ENABLE ALWAYS TRIGGER audit_changes', p_table);
END
$$;

DO $$
DECLARE
    t regclass;
BEGIN
    FOR t IN SELECT c.oid::regclass FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE n.nspname = 'art32' AND c.relkind IN ('r', 'p')
                AND c.relname NOT IN ('audit_events', 'audit_head', 'unlocked_sessions', 'open_reads',
                                      'unlock_outcomes', 'totp_failures', 'searches')
              ORDER BY c.relname LOOP
        PERFORM art32.audit_track(t);
    END LOOP;
END
$$;

-- 4. Retention: deletes the events before p_keep_from, records the anchor, and is itself an event.
CREATE FUNCTION art32.audit_retain(p_keep_from bigint) RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
DECLARE
    first_seq bigint;
    anchor bytea;
    done bigint := 0;
    n bigint;
    lo bigint;
BEGIN
    PERFORM art32.require_unlocked(ARRAY['cto']);
    PERFORM FROM art32.audit_head FOR UPDATE; -- no event may slip in while the prefix is cut
    SELECT min(e.seq) INTO first_seq FROM art32.audit_events e;
    SELECT e.prev_hash INTO anchor FROM art32.audit_events e WHERE e.seq = p_keep_from;
    IF anchor IS NULL THEN
        RAISE EXCEPTION 'there is no event % to keep from', p_keep_from USING ERRCODE = 'no_data_found';
    END IF;
    IF p_keep_from <= first_seq THEN
        RETURN 0;
    END IF;
    INSERT INTO art32.audit_anchors (first_seq, prev_hash, cut_at) VALUES (p_keep_from, anchor, art32.now());
    PERFORM art32.audit('audit.retention', p_keep_from::text,
                        jsonb_build_object('first_seq', first_seq, 'anchor_prev_hash', encode(anchor, 'hex')));
    lo := first_seq;
    WHILE lo < p_keep_from LOOP
        DELETE FROM art32.audit_events e WHERE e.seq >= lo AND e.seq < least(lo + 10000, p_keep_from);
        GET DIAGNOSTICS n = ROW_COUNT;
        done := done + n;
        lo := lo + 10000;
    END LOOP;
    RETURN done;
END
$$;

-- 5. Checkpoint keys, checkpoints and verify outcomes.
CREATE FUNCTION art32.audit_publish_key(p_public_key bytea) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
BEGIN
    PERFORM art32.require_unlocked(ARRAY['cto']);
    IF p_public_key IS NULL OR length(p_public_key) <> 32 THEN
        RAISE EXCEPTION 'an Ed25519 public key has 32 bytes' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    INSERT INTO art32.audit_signing_keys (public_key, published_at) VALUES (p_public_key, art32.now())
        ON CONFLICT (public_key) DO NOTHING;
    IF FOUND THEN
        PERFORM art32.audit('audit.key_published', session_user,
                            jsonb_build_object('public_key', encode(p_public_key, 'hex')));
    END IF;
END
$$;

CREATE FUNCTION art32.audit_checkpointed(p_seq bigint, p_hash bytea) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
BEGIN
    PERFORM art32.require_unlocked(ARRAY['cto']);
    IF NOT EXISTS (SELECT 1 FROM art32.audit_events e WHERE e.seq = p_seq AND e.hash = p_hash) THEN
        RAISE EXCEPTION 'event % does not have that hash', p_seq USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM art32.audit('audit.checkpoint', p_seq::text, jsonb_build_object('hash', encode(p_hash, 'hex')));
END
$$;

-- What a verify found, as the client reports it (the chain itself is the evidence; this says who looked and when).
CREATE FUNCTION art32.audit_verified(p_from bigint, p_checked bigint, p_intact_up_to bigint, p_kind text,
                                     p_broken bigint, p_checkpoint bigint) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
BEGIN
    PERFORM art32.require_unlocked(ARRAY['cto', 'sysadmin', 'auditor']);
    IF p_kind IS NULL OR p_kind NOT IN ('intact', 'edited_row', 'missing_row', 'checkpoint_mismatch', 'cancelled') THEN
        RAISE EXCEPTION 'unknown verify outcome %', p_kind USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM art32.audit('audit.verify', p_kind,
                        jsonb_strip_nulls(jsonb_build_object('from', p_from, 'checked', p_checked,
                                                             'intact_up_to', p_intact_up_to, 'broken', p_broken,
                                                             'checkpoint', p_checkpoint)));
END
$$;

REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA art32 FROM PUBLIC;
GRANT EXECUTE ON FUNCTION art32.audit_verified(bigint, bigint, bigint, text, bigint, bigint)
    TO art32_cto, art32_sysadmin, art32_auditor;
GRANT EXECUTE ON FUNCTION art32.audit_retain(bigint), art32.audit_publish_key(bytea),
                          art32.audit_checkpointed(bigint, bytea) TO art32_cto;
