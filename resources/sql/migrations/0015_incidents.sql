-- Incident register (GDPR Art. 33/34, DESIGN.md §6, issue 14): every breach, notified or not (Art. 33(5)).
-- The fields follow the Dutch Autoriteit Persoonsgegevens' notification form chapter by chapter (columns qN_…
-- are its chapter N), so a report can be typed into the AP's online form in order. Decisions, the timeline
-- and the reports sent are records of their own, append-only. Writes only through the definer functions
-- below (unlocked CTO or sysadmin; the notify decision a CTO only); auditors read the tables (RLS, unlocked).
-- The audit chain's change tracking is attached to these tables by the audit issue, not here.

SET LOCAL ROLE art32_owner;

CREATE TABLE art32.incidents (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    title         text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    state         text NOT NULL DEFAULT 'detected'
                  CHECK (state IN ('detected', 'investigating', 'contained', 'closed')),
    assignee      name REFERENCES art32.admins (login),
    report_number text CHECK (length(report_number) BETWEEN 1 AND 100), -- the AP's meldingsnummer
    version       integer NOT NULL DEFAULT 1,
    created_at    timestamptz NOT NULL,
    created_by    name NOT NULL DEFAULT session_user,
    updated_at    timestamptz NOT NULL,
    updated_by    name NOT NULL DEFAULT session_user,
    closed_at     timestamptz,
    -- 1. introduction
    q1_report_type       text CHECK (q1_report_type IN ('new', 'supplement', 'withdrawal')),
    q1_legal_basis       text CHECK (q1_legal_basis IN ('gdpr', 'telecom')),
    q1_other_supervisors text CHECK (length(q1_other_supervisors) <= 10000),
    -- 2. international
    q2_subjects_abroad   boolean,
    q2_countries         text CHECK (length(q2_countries) <= 10000),
    q2_other_authorities text CHECK (length(q2_other_authorities) <= 10000),
    -- 3. controller and contact
    q3_organisation text CHECK (length(q3_organisation) <= 10000),
    q3_reporter     text CHECK (length(q3_reporter) <= 10000),
    q3_contact      text CHECK (length(q3_contact) <= 10000),
    q3_dpo          text CHECK (length(q3_dpo) <= 10000),
    -- 4. timeline; q4_aware_at starts the 72-hour clock
    q4_started_at      timestamptz,
    q4_ended_at        timestamptz,
    q4_detected_at     timestamptz NOT NULL,
    q4_how_discovered  text CHECK (length(q4_how_discovered) <= 10000),
    q4_aware_at        timestamptz,
    q4_delay_reason    text CHECK (length(q4_delay_reason) <= 10000),
    -- 5. the breach
    q5_nature        text[] CHECK (q5_nature <@ ARRAY['read', 'copied', 'changed', 'lost_temporarily',
                                                      'lost_permanently']::text[]),
    q5_incident_type text CHECK (q5_incident_type IN ('device_lost', 'device_stolen', 'hacking', 'malware',
                                                      'phishing', 'misdirected', 'wrongly_disclosed', 'disposal',
                                                      'other')),
    q5_description   text CHECK (length(q5_description) <= 10000),
    -- 6. personal data; exact counts have min = max
    q6_categories  text[] CHECK (q6_categories <@ ARRAY['name_address', 'phone', 'email', 'login', 'financial',
                                                        'bsn', 'identity_documents', 'birth_date', 'special',
                                                        'other']::text[]),
    q6_records_min bigint CHECK (q6_records_min >= 0),
    q6_records_max bigint CHECK (q6_records_max >= 0),
    -- 7. affected people
    q7_groups     text[] CHECK (q7_groups <@ ARRAY['customers', 'employees', 'users', 'minors', 'vulnerable',
                                                   'other']::text[]),
    q7_people_min bigint CHECK (q7_people_min >= 0),
    q7_people_max bigint CHECK (q7_people_max >= 0),
    -- 8. measures beforehand
    q8_protection      text CHECK (q8_protection IN ('encrypted', 'hashed', 'other', 'none')),
    q8_key_compromised boolean,
    q8_details         text CHECK (length(q8_details) <= 10000),
    -- 9. consequences; the severity is the person's choice, the ENISA factors below advise
    q9_consequences_controller text CHECK (length(q9_consequences_controller) <= 10000),
    q9_consequences_subjects   text CHECK (length(q9_consequences_subjects) <= 10000),
    q9_severity                text CHECK (q9_severity IN ('negligible', 'limited', 'considerable', 'very_large')),
    -- 10. follow-up
    q10_subjects_informed_at    timestamptz,
    q10_subjects_informed_how   text CHECK (length(q10_subjects_informed_how) <= 10000),
    q10_subjects_informed_count bigint CHECK (q10_subjects_informed_count >= 0),
    q10_measures_taken          text CHECK (length(q10_measures_taken) <= 10000),
    q10_measures_proposed       text CHECK (length(q10_measures_proposed) <= 10000),
    -- ENISA (2013), "Recommendations for a methodology of the assessment of severity of personal data
    -- breaches": SE = DPC x EI + CB, every factor kept (app/incidents/Enisa.h explains them).
    enisa_dpc_base           smallint CHECK (enisa_dpc_base BETWEEN 1 AND 4),
    enisa_dpc_adjust         smallint NOT NULL DEFAULT 0 CHECK (enisa_dpc_adjust BETWEEN -3 AND 3),
    enisa_ei                 numeric(3, 2) CHECK (enisa_ei IN (0.25, 0.5, 0.75, 1)),
    enisa_cb_confidentiality numeric(3, 2) NOT NULL DEFAULT 0 CHECK (enisa_cb_confidentiality IN (0, 0.25, 0.5)),
    enisa_cb_integrity       numeric(3, 2) NOT NULL DEFAULT 0 CHECK (enisa_cb_integrity IN (0, 0.25, 0.5)),
    enisa_cb_availability    numeric(3, 2) NOT NULL DEFAULT 0 CHECK (enisa_cb_availability IN (0, 0.25, 0.5)),
    enisa_cb_malicious       numeric(3, 2) NOT NULL DEFAULT 0 CHECK (enisa_cb_malicious IN (0, 0.5)),
    CHECK (q4_ended_at >= q4_started_at),
    CHECK (q6_records_max >= q6_records_min),
    CHECK (q7_people_max >= q7_people_min),
    CHECK (q8_key_compromised IS NULL OR q8_protection IN ('encrypted', 'hashed'))
);
CREATE INDEX incidents_state ON art32.incidents (state, id);

-- Affected accounts, linked to real accounts (an erased account keeps its row, status 'erased').
CREATE TABLE art32.incident_accounts (
    incident_id bigint NOT NULL REFERENCES art32.incidents (id),
    account_id  bigint NOT NULL REFERENCES art32.accounts (id),
    linked_at   timestamptz NOT NULL,
    linked_by   name NOT NULL DEFAULT session_user,
    PRIMARY KEY (incident_id, account_id)
);

-- Decisions as records (EDPB Guidelines 9/2022: the reasoning documented for every breach). The latest of a
-- kind counts; earlier ones stay. inform_subjects = false may name the Art. 34(3) ground: a (unintelligible),
-- b (high risk no longer likely), c (disproportionate effort: a public communication instead).
CREATE TABLE art32.incident_decisions (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    incident_id  bigint NOT NULL REFERENCES art32.incidents (id),
    kind         text NOT NULL CHECK (kind IN ('notify_authority', 'inform_subjects')),
    decision     boolean NOT NULL,
    rationale    text NOT NULL CHECK (length(btrim(rationale)) BETWEEN 5 AND 10000),
    art34_ground text CHECK (art34_ground IN ('a', 'b', 'c')),
    public_communication text CHECK (length(btrim(public_communication)) BETWEEN 5 AND 10000),
    decided_by   name NOT NULL DEFAULT session_user,
    decided_at   timestamptz NOT NULL,
    CHECK (art34_ground IS NULL OR (kind = 'inform_subjects' AND NOT decision)),
    CHECK (art34_ground IS DISTINCT FROM 'c' OR public_communication IS NOT NULL),
    CHECK (public_communication IS NULL OR art34_ground = 'c')
);
CREATE INDEX incident_decisions_incident ON art32.incident_decisions (incident_id, kind, id);

-- The timeline: who, when, what. Append-only.
CREATE TABLE art32.incident_timeline (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    incident_id bigint NOT NULL REFERENCES art32.incidents (id),
    at          timestamptz NOT NULL,
    actor       name NOT NULL DEFAULT session_user,
    kind        text NOT NULL CHECK (kind IN ('opened', 'note', 'fields', 'state', 'decision', 'report',
                                              'accounts')),
    what        text NOT NULL CHECK (length(what) BETWEEN 1 AND 10000),
    detail      jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX incident_timeline_incident ON art32.incident_timeline (incident_id, id);

-- Phased reports (Art. 33(4)): what the authority was told, frozen, numbered per incident, under its
-- report number. Append-only.
CREATE TABLE art32.incident_reports (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    incident_id   bigint NOT NULL REFERENCES art32.incidents (id),
    seq           integer NOT NULL CHECK (seq > 0),
    kind          text NOT NULL CHECK (kind IN ('initial', 'supplement')),
    report_number text NOT NULL CHECK (length(report_number) BETWEEN 1 AND 100),
    sent_at       timestamptz NOT NULL,
    recorded_at   timestamptz NOT NULL,
    recorded_by   name NOT NULL DEFAULT session_user,
    snapshot      jsonb NOT NULL,
    UNIQUE (incident_id, seq),
    CHECK ((seq = 1) = (kind = 'initial'))
);

CREATE FUNCTION art32.refuse_incident_record_change() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, art32, pg_temp AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER incident_timeline_append_only BEFORE UPDATE OR DELETE ON art32.incident_timeline
    FOR EACH ROW EXECUTE FUNCTION art32.refuse_incident_record_change();
CREATE TRIGGER incident_timeline_no_truncate BEFORE TRUNCATE ON art32.incident_timeline
    FOR EACH STATEMENT EXECUTE FUNCTION art32.refuse_incident_record_change();
CREATE TRIGGER incident_reports_append_only BEFORE UPDATE OR DELETE ON art32.incident_reports
    FOR EACH ROW EXECUTE FUNCTION art32.refuse_incident_record_change();
CREATE TRIGGER incident_reports_no_truncate BEFORE TRUNCATE ON art32.incident_reports
    FOR EACH STATEMENT EXECUTE FUNCTION art32.refuse_incident_record_change();
CREATE TRIGGER incident_decisions_append_only BEFORE UPDATE OR DELETE ON art32.incident_decisions
    FOR EACH ROW EXECUTE FUNCTION art32.refuse_incident_record_change();
CREATE TRIGGER incident_decisions_no_truncate BEFORE TRUNCATE ON art32.incident_decisions
    FOR EACH STATEMENT EXECUTE FUNCTION art32.refuse_incident_record_change();
ALTER TABLE art32.incident_timeline ENABLE ALWAYS TRIGGER incident_timeline_append_only;
ALTER TABLE art32.incident_timeline ENABLE ALWAYS TRIGGER incident_timeline_no_truncate;
ALTER TABLE art32.incident_reports ENABLE ALWAYS TRIGGER incident_reports_append_only;
ALTER TABLE art32.incident_reports ENABLE ALWAYS TRIGGER incident_reports_no_truncate;
ALTER TABLE art32.incident_decisions ENABLE ALWAYS TRIGGER incident_decisions_append_only;
ALTER TABLE art32.incident_decisions ENABLE ALWAYS TRIGGER incident_decisions_no_truncate;

-- The fields art32.incident_update may set (everything of the form; not id, state, version or the stamps).
CREATE FUNCTION art32.incident_editable_fields() RETURNS text[]
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, art32, pg_temp AS $$
    SELECT ARRAY['title', 'assignee', 'report_number',
                 'q1_report_type', 'q1_legal_basis', 'q1_other_supervisors',
                 'q2_subjects_abroad', 'q2_countries', 'q2_other_authorities',
                 'q3_organisation', 'q3_reporter', 'q3_contact', 'q3_dpo',
                 'q4_started_at', 'q4_ended_at', 'q4_detected_at', 'q4_how_discovered', 'q4_aware_at',
                 'q4_delay_reason',
                 'q5_nature', 'q5_incident_type', 'q5_description',
                 'q6_categories', 'q6_records_min', 'q6_records_max',
                 'q7_groups', 'q7_people_min', 'q7_people_max',
                 'q8_protection', 'q8_key_compromised', 'q8_details',
                 'q9_consequences_controller', 'q9_consequences_subjects', 'q9_severity',
                 'q10_subjects_informed_at', 'q10_subjects_informed_how', 'q10_subjects_informed_count',
                 'q10_measures_taken', 'q10_measures_proposed',
                 'enisa_dpc_base', 'enisa_dpc_adjust', 'enisa_ei', 'enisa_cb_confidentiality',
                 'enisa_cb_integrity', 'enisa_cb_availability', 'enisa_cb_malicious']::text[]
$$;

CREATE FUNCTION art32.incident_timeline_add(p_incident bigint, p_kind text, p_what text,
                                            p_detail jsonb DEFAULT '{}'::jsonb) RETURNS bigint
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
    INSERT INTO art32.incident_timeline (incident_id, at, kind, what, detail)
    VALUES (p_incident, art32.now(), p_kind, p_what, p_detail) RETURNING id
$$;

-- What is missing before an incident may be closed, as field keys (app/incidents/Rules.cpp has the same list
-- for the GUI; tests/integration/tst_incidents checks they agree). After 72 hours from awareness without a
-- notification the reason for the delay is required (Art. 33(1)).
CREATE FUNCTION art32.incident_missing_of(i art32.incidents) RETURNS text[]
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
DECLARE
    m         text[] := ARRAY[]::text[];
    notify    art32.incident_decisions;
    inform    art32.incident_decisions;
    first_at  timestamptz;
    reports   integer;
BEGIN
    SELECT * INTO notify FROM art32.incident_decisions
     WHERE incident_id = i.id AND kind = 'notify_authority' ORDER BY id DESC LIMIT 1;
    SELECT * INTO inform FROM art32.incident_decisions
     WHERE incident_id = i.id AND kind = 'inform_subjects' ORDER BY id DESC LIMIT 1;
    SELECT min(sent_at), count(*) INTO first_at, reports FROM art32.incident_reports WHERE incident_id = i.id;
    IF coalesce(btrim(i.q3_organisation), '') = '' THEN m := m || 'q3_organisation'::text; END IF;
    IF coalesce(btrim(i.q3_contact), '') = '' THEN m := m || 'q3_contact'::text; END IF;
    IF i.q4_aware_at IS NULL THEN m := m || 'q4_aware_at'::text; END IF;
    IF coalesce(btrim(i.q4_how_discovered), '') = '' THEN m := m || 'q4_how_discovered'::text; END IF;
    IF i.q4_aware_at IS NOT NULL AND coalesce(btrim(i.q4_delay_reason), '') = ''
       AND (first_at > i.q4_aware_at + interval '72 hours'
            OR (first_at IS NULL AND notify.decision IS DISTINCT FROM false
                AND art32.now() > i.q4_aware_at + interval '72 hours')) THEN
        m := m || 'q4_delay_reason'::text;
    END IF;
    IF coalesce(cardinality(i.q5_nature), 0) = 0 THEN m := m || 'q5_nature'::text; END IF;
    IF i.q5_incident_type IS NULL THEN m := m || 'q5_incident_type'::text; END IF;
    IF coalesce(btrim(i.q5_description), '') = '' THEN m := m || 'q5_description'::text; END IF;
    IF coalesce(cardinality(i.q6_categories), 0) = 0 THEN m := m || 'q6_categories'::text; END IF;
    IF i.q6_records_min IS NULL OR i.q6_records_max IS NULL THEN m := m || 'q6_records'::text; END IF;
    IF coalesce(cardinality(i.q7_groups), 0) = 0 THEN m := m || 'q7_groups'::text; END IF;
    IF i.q7_people_min IS NULL OR i.q7_people_max IS NULL THEN m := m || 'q7_people'::text; END IF;
    IF i.q8_protection IS NULL THEN m := m || 'q8_protection'::text; END IF;
    IF i.q8_protection IN ('encrypted', 'hashed') AND i.q8_key_compromised IS NULL THEN
        m := m || 'q8_key_compromised'::text;
    END IF;
    IF coalesce(btrim(i.q9_consequences_subjects), '') = '' THEN m := m || 'q9_consequences_subjects'::text; END IF;
    IF i.q9_severity IS NULL THEN m := m || 'q9_severity'::text; END IF;
    IF coalesce(btrim(i.q10_measures_taken), '') = '' THEN m := m || 'q10_measures_taken'::text; END IF;
    IF inform.decision THEN
        IF i.q10_subjects_informed_at IS NULL THEN m := m || 'q10_subjects_informed_at'::text; END IF;
        IF coalesce(btrim(i.q10_subjects_informed_how), '') = '' THEN m := m || 'q10_subjects_informed_how'::text; END IF;
        IF i.q10_subjects_informed_count IS NULL THEN m := m || 'q10_subjects_informed_count'::text; END IF;
    END IF;
    IF notify.id IS NULL THEN m := m || 'decision_notify'::text; END IF;
    IF inform.id IS NULL THEN m := m || 'decision_inform'::text; END IF;
    IF notify.decision THEN
        IF i.report_number IS NULL THEN m := m || 'report_number'::text; END IF;
        IF reports = 0 THEN m := m || 'report'::text; END IF;
    END IF;
    RETURN m;
END
$$;

CREATE FUNCTION art32.incident_locked(p_incident bigint) RETURNS art32.incidents
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
DECLARE
    i art32.incidents;
BEGIN
    SELECT * INTO i FROM art32.incidents WHERE id = p_incident FOR UPDATE;
    IF i.id IS NULL THEN
        RAISE EXCEPTION 'there is no incident %', p_incident USING ERRCODE = 'no_data_found';
    END IF;
    RETURN i;
END
$$;

CREATE FUNCTION art32.incident_open(p_title text, p_detected_at timestamptz, p_aware_at timestamptz DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
DECLARE
    new_id bigint;
BEGIN
    PERFORM art32.require_unlocked(ARRAY['cto', 'sysadmin']);
    INSERT INTO art32.incidents (title, q4_detected_at, q4_aware_at, created_at, updated_at)
    VALUES (btrim(p_title), p_detected_at, p_aware_at, art32.now(), art32.now()) RETURNING id INTO new_id;
    PERFORM art32.incident_timeline_add(new_id, 'opened', 'opened: ' || btrim(p_title),
                                        jsonb_build_object('detected_at', p_detected_at, 'aware_at', p_aware_at));
    PERFORM art32.audit('incident.open', new_id::text, jsonb_build_object('incident', new_id));
    RETURN new_id;
END
$$;

-- Optimistic locking as art32.save_record: 0 when the row moved on since the caller read p_version.
-- p_fields is JSON text, parsed after the caller is checked (a locked login learns nothing from a parse error).
CREATE FUNCTION art32.incident_update(p_incident bigint, p_version integer, p_json text) RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
DECLARE
    cur      art32.incidents;
    n        art32.incidents;
    bad      text[];
    changed  text[];
    p_fields jsonb;
BEGIN
    PERFORM art32.require_unlocked(ARRAY['cto', 'sysadmin']);
    p_fields := p_json::jsonb;
    IF p_fields IS NULL OR jsonb_typeof(p_fields) <> 'object' THEN
        RAISE EXCEPTION 'the fields are a JSON object' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT array_agg(k ORDER BY k) INTO bad FROM jsonb_object_keys(p_fields) k
     WHERE k <> ALL (art32.incident_editable_fields());
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION 'not fields of an incident: %', array_to_string(bad, ', ')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    cur := art32.incident_locked(p_incident);
    IF cur.version <> p_version THEN
        RETURN 0;
    END IF;
    IF cur.state = 'closed' THEN
        RAISE EXCEPTION 'incident % is closed' , p_incident USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    n := jsonb_populate_record(cur, p_fields);
    IF n.report_number IS DISTINCT FROM cur.report_number
       AND EXISTS (SELECT 1 FROM art32.incident_reports WHERE incident_id = p_incident) THEN
        RAISE EXCEPTION 'incident % has reports under number %: the number stays', p_incident, cur.report_number
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    SELECT array_agg(k ORDER BY k) INTO changed FROM jsonb_object_keys(p_fields) k
     WHERE to_jsonb(cur) -> k IS DISTINCT FROM to_jsonb(n) -> k;
    IF changed IS NULL THEN
        RETURN cur.version;
    END IF;
    UPDATE art32.incidents SET
        title = btrim(n.title), assignee = n.assignee, report_number = nullif(btrim(n.report_number), ''),
        q1_report_type = n.q1_report_type, q1_legal_basis = n.q1_legal_basis,
        q1_other_supervisors = n.q1_other_supervisors,
        q2_subjects_abroad = n.q2_subjects_abroad, q2_countries = n.q2_countries,
        q2_other_authorities = n.q2_other_authorities,
        q3_organisation = n.q3_organisation, q3_reporter = n.q3_reporter, q3_contact = n.q3_contact,
        q3_dpo = n.q3_dpo,
        q4_started_at = n.q4_started_at, q4_ended_at = n.q4_ended_at, q4_detected_at = n.q4_detected_at,
        q4_how_discovered = n.q4_how_discovered, q4_aware_at = n.q4_aware_at, q4_delay_reason = n.q4_delay_reason,
        q5_nature = n.q5_nature, q5_incident_type = n.q5_incident_type, q5_description = n.q5_description,
        q6_categories = n.q6_categories, q6_records_min = n.q6_records_min, q6_records_max = n.q6_records_max,
        q7_groups = n.q7_groups, q7_people_min = n.q7_people_min, q7_people_max = n.q7_people_max,
        q8_protection = n.q8_protection, q8_key_compromised = n.q8_key_compromised, q8_details = n.q8_details,
        q9_consequences_controller = n.q9_consequences_controller,
        q9_consequences_subjects = n.q9_consequences_subjects, q9_severity = n.q9_severity,
        q10_subjects_informed_at = n.q10_subjects_informed_at,
        q10_subjects_informed_how = n.q10_subjects_informed_how,
        q10_subjects_informed_count = n.q10_subjects_informed_count,
        q10_measures_taken = n.q10_measures_taken, q10_measures_proposed = n.q10_measures_proposed,
        enisa_dpc_base = n.enisa_dpc_base, enisa_dpc_adjust = coalesce(n.enisa_dpc_adjust, 0),
        enisa_ei = n.enisa_ei, enisa_cb_confidentiality = coalesce(n.enisa_cb_confidentiality, 0),
        enisa_cb_integrity = coalesce(n.enisa_cb_integrity, 0),
        enisa_cb_availability = coalesce(n.enisa_cb_availability, 0),
        enisa_cb_malicious = coalesce(n.enisa_cb_malicious, 0),
        version = cur.version + 1, updated_at = art32.now(), updated_by = session_user
     WHERE id = p_incident;
    PERFORM art32.incident_timeline_add(p_incident, 'fields', 'changed: ' || array_to_string(changed, ', '),
                                        jsonb_build_object('fields', to_jsonb(changed),
                                                           'version', cur.version + 1));
    PERFORM art32.audit('incident.update', p_incident::text,
                        jsonb_build_object('incident', p_incident, 'fields', to_jsonb(changed)));
    RETURN cur.version + 1;
END
$$;

-- States move forward only: detected -> investigating -> contained -> closed (steps may be skipped). Closing
-- is refused while fields are missing (SQLSTATE A3215, the keys listed). 0 on a conflicting version.
CREATE FUNCTION art32.incident_set_state(p_incident bigint, p_version integer, p_state text) RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
DECLARE
    cur     art32.incidents;
    missing text[];
    states  constant text[] := ARRAY['detected', 'investigating', 'contained', 'closed'];
BEGIN
    PERFORM art32.require_unlocked(ARRAY['cto', 'sysadmin']);
    IF NOT p_state = ANY (states) THEN
        RAISE EXCEPTION 'no such state: %', p_state USING ERRCODE = 'invalid_parameter_value';
    END IF;
    cur := art32.incident_locked(p_incident);
    IF cur.version <> p_version THEN
        RETURN 0;
    END IF;
    IF array_position(states, p_state) <= array_position(states, cur.state) THEN
        RAISE EXCEPTION 'incident % is %: it cannot become %', p_incident, cur.state, p_state
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    IF p_state = 'closed' THEN
        missing := art32.incident_missing_of(cur);
        IF cardinality(missing) > 0 THEN
            RAISE EXCEPTION 'incident % cannot be closed; missing: %', p_incident, array_to_string(missing, ', ')
                USING ERRCODE = 'A3215', DETAIL = array_to_string(missing, ',');
        END IF;
    END IF;
    UPDATE art32.incidents SET state = p_state, version = cur.version + 1, updated_at = art32.now(),
           updated_by = session_user, closed_at = CASE WHEN p_state = 'closed' THEN art32.now() END
     WHERE id = p_incident;
    PERFORM art32.incident_timeline_add(p_incident, 'state', cur.state || ' -> ' || p_state,
                                        jsonb_build_object('from', cur.state, 'to', p_state));
    PERFORM art32.audit('incident.state', p_incident::text,
                        jsonb_build_object('incident', p_incident, 'from', cur.state, 'to', p_state));
    RETURN cur.version + 1;
END
$$;

CREATE FUNCTION art32.incident_missing(p_incident bigint) RETURNS text[]
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
DECLARE
    i art32.incidents;
BEGIN
    PERFORM art32.require_unlocked(ARRAY['cto', 'sysadmin']);
    SELECT * INTO i FROM art32.incidents WHERE id = p_incident;
    IF i.id IS NULL THEN
        RAISE EXCEPTION 'there is no incident %', p_incident USING ERRCODE = 'no_data_found';
    END IF;
    RETURN art32.incident_missing_of(i);
END
$$;

CREATE FUNCTION art32.incident_note(p_incident bigint, p_text text) RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
DECLARE
    entry bigint;
BEGIN
    PERFORM art32.require_unlocked(ARRAY['cto', 'sysadmin']);
    PERFORM art32.incident_locked(p_incident);
    IF coalesce(btrim(p_text), '') = '' THEN
        RAISE EXCEPTION 'a note needs text' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    entry := art32.incident_timeline_add(p_incident, 'note', btrim(p_text));
    PERFORM art32.audit('incident.note', p_incident::text, jsonb_build_object('incident', p_incident, 'entry', entry));
    RETURN entry;
END
$$;

-- Only a CTO records whether the authority is notified; the CTO or a sysadmin records whether the subjects are.
CREATE FUNCTION art32.incident_decide(p_incident bigint, p_kind text, p_decision boolean, p_rationale text,
                                      p_ground text DEFAULT NULL, p_public text DEFAULT NULL) RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
DECLARE
    me  art32.admins := art32.require_unlocked(ARRAY['cto', 'sysadmin']);
    cur art32.incidents;
    d   bigint;
BEGIN
    IF p_kind = 'notify_authority' AND me.role IS DISTINCT FROM 'cto'
       AND NOT (SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname = session_user) THEN
        RAISE EXCEPTION 'only a CTO records whether the authority is notified' USING ERRCODE = 'insufficient_privilege';
    END IF;
    cur := art32.incident_locked(p_incident);
    IF cur.state = 'closed' THEN
        RAISE EXCEPTION 'incident % is closed', p_incident USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    INSERT INTO art32.incident_decisions (incident_id, kind, decision, rationale, art34_ground, public_communication,
                                          decided_at)
    VALUES (p_incident, p_kind, p_decision, btrim(p_rationale), p_ground, nullif(btrim(p_public), ''), art32.now())
    RETURNING id INTO d;
    PERFORM art32.incident_timeline_add(p_incident, 'decision',
                                        p_kind || ': ' || CASE WHEN p_decision THEN 'yes' ELSE 'no' END
                                            || coalesce(' (Art. 34(3)(' || p_ground || '))', ''),
                                        jsonb_build_object('decision', d));
    PERFORM art32.audit('incident.decide', p_incident::text,
                        jsonb_build_object('incident', p_incident, 'decision', d, 'kind', p_kind, 'value', p_decision));
    RETURN d;
END
$$;

-- A report sent to the authority, frozen as it stood: the incident's fields, affected accounts and decisions.
-- The first is the initial notification, later ones supplements (Art. 33(4)), all under one report number.
CREATE FUNCTION art32.incident_report(p_incident bigint, p_report_number text, p_sent_at timestamptz)
RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
DECLARE
    cur    art32.incidents;
    number text := nullif(btrim(p_report_number), '');
    n      integer;
    snap   jsonb;
BEGIN
    PERFORM art32.require_unlocked(ARRAY['cto', 'sysadmin']);
    cur := art32.incident_locked(p_incident);
    IF number IS NULL THEN
        RAISE EXCEPTION 'a report needs the authority''s report number' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF cur.report_number IS NOT NULL AND cur.report_number <> number THEN
        RAISE EXCEPTION 'incident % is reported under number %', p_incident, cur.report_number
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    IF (SELECT decision FROM art32.incident_decisions WHERE incident_id = p_incident AND kind = 'notify_authority'
         ORDER BY id DESC LIMIT 1) IS NOT TRUE THEN
        RAISE EXCEPTION 'incident %: the CTO has not decided to notify the authority', p_incident
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    IF p_sent_at IS NULL OR p_sent_at > art32.now() + interval '5 minutes' THEN
        RAISE EXCEPTION 'a report is recorded once it was sent' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF cur.q4_aware_at IS NOT NULL AND p_sent_at > cur.q4_aware_at + interval '72 hours'
       AND coalesce(btrim(cur.q4_delay_reason), '') = '' THEN
        RAISE EXCEPTION 'incident %: sent more than 72 hours after awareness; missing: q4_delay_reason', p_incident
            USING ERRCODE = 'A3215', DETAIL = 'q4_delay_reason';
    END IF;
    UPDATE art32.incidents SET report_number = number WHERE id = p_incident AND report_number IS NULL;
    SELECT coalesce(max(seq), 0) + 1 INTO n FROM art32.incident_reports WHERE incident_id = p_incident;
    SELECT to_jsonb(i) - 'version' - 'updated_at' - 'updated_by' || jsonb_build_object(
               'report_number', number,
               'accounts', coalesce((SELECT jsonb_agg(account_id ORDER BY account_id) FROM art32.incident_accounts
                                      WHERE incident_id = p_incident), '[]'::jsonb),
               'decisions', coalesce((SELECT jsonb_agg(to_jsonb(d) ORDER BY d.id) FROM art32.incident_decisions d
                                       WHERE d.incident_id = p_incident), '[]'::jsonb))
      INTO snap FROM art32.incidents i WHERE i.id = p_incident;
    INSERT INTO art32.incident_reports (incident_id, seq, kind, report_number, sent_at, recorded_at, snapshot)
    VALUES (p_incident, n, CASE WHEN n = 1 THEN 'initial' ELSE 'supplement' END, number, p_sent_at, art32.now(), snap);
    PERFORM art32.incident_timeline_add(p_incident, 'report',
                                        CASE WHEN n = 1 THEN 'initial notification' ELSE 'supplement ' || (n - 1) END
                                            || ' under ' || number,
                                        jsonb_build_object('seq', n, 'sent_at', p_sent_at));
    PERFORM art32.audit('incident.report', p_incident::text,
                        jsonb_build_object('incident', p_incident, 'seq', n, 'report_number', number));
    RETURN n;
END
$$;

CREATE FUNCTION art32.incident_link_accounts(p_incident bigint, p_accounts bigint[]) RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
DECLARE
    cur   art32.incidents;
    added bigint[];
    a     bigint;
BEGIN
    PERFORM art32.require_unlocked(ARRAY['cto', 'sysadmin']);
    cur := art32.incident_locked(p_incident);
    IF cur.state = 'closed' THEN
        RAISE EXCEPTION 'incident % is closed', p_incident USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    IF cardinality(p_accounts) > 100000 THEN
        RAISE EXCEPTION 'at most 100000 accounts at once' USING ERRCODE = 'program_limit_exceeded';
    END IF;
    WITH ins AS (
        INSERT INTO art32.incident_accounts (incident_id, account_id, linked_at)
        SELECT p_incident, x, art32.now() FROM (SELECT DISTINCT unnest(p_accounts) AS x) u
        ON CONFLICT DO NOTHING RETURNING account_id)
    SELECT coalesce(array_agg(account_id ORDER BY account_id), ARRAY[]::bigint[]) INTO added FROM ins;
    IF cardinality(added) > 0 THEN
        PERFORM art32.incident_timeline_add(p_incident, 'accounts',
                                            'linked ' || cardinality(added) || ' account(s)',
                                            jsonb_build_object('linked', to_jsonb(added)));
        FOREACH a IN ARRAY added LOOP
            PERFORM art32.audit('incident.link', p_incident::text,
                                jsonb_build_object('incident', p_incident, 'account', a));
        END LOOP;
    END IF;
    RETURN cardinality(added);
END
$$;

CREATE FUNCTION art32.incident_unlink_account(p_incident bigint, p_account bigint) RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
DECLARE
    cur art32.incidents;
BEGIN
    PERFORM art32.require_unlocked(ARRAY['cto', 'sysadmin']);
    cur := art32.incident_locked(p_incident);
    IF cur.state = 'closed' THEN
        RAISE EXCEPTION 'incident % is closed', p_incident USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    DELETE FROM art32.incident_accounts WHERE incident_id = p_incident AND account_id = p_account;
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    PERFORM art32.incident_timeline_add(p_incident, 'accounts', 'unlinked account ' || p_account,
                                        jsonb_build_object('unlinked', p_account));
    PERFORM art32.audit('incident.unlink', p_incident::text,
                        jsonb_build_object('incident', p_incident, 'account', p_account));
    RETURN true;
END
$$;

-- Counts for questions 6 and 7 from the linked accounts: people are the distinct contacts of their records.
-- Counts only, never a record's content.
CREATE FUNCTION art32.incident_account_counts(p_incident bigint, OUT accounts bigint, OUT people bigint,
                                              OUT records bigint)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, art32, pg_temp AS $$
BEGIN
    PERFORM art32.require_unlocked(ARRAY['cto', 'sysadmin']);
    SELECT count(*) INTO accounts FROM art32.incident_accounts WHERE incident_id = p_incident;
    SELECT count(DISTINCT (r.account_id, r.contact)), count(*) INTO people, records
      FROM art32.incident_accounts l JOIN art32.records r ON r.account_id = l.account_id
     WHERE l.incident_id = p_incident;
END
$$;

-- Row-level security: the owner's policy lets the definer functions work under FORCE; the console roles read
-- while unlocked. Nobody writes a table directly.
ALTER TABLE art32.incidents ENABLE ROW LEVEL SECURITY;
ALTER TABLE art32.incidents FORCE ROW LEVEL SECURITY;
ALTER TABLE art32.incident_accounts ENABLE ROW LEVEL SECURITY;
ALTER TABLE art32.incident_accounts FORCE ROW LEVEL SECURITY;
ALTER TABLE art32.incident_decisions ENABLE ROW LEVEL SECURITY;
ALTER TABLE art32.incident_decisions FORCE ROW LEVEL SECURITY;
ALTER TABLE art32.incident_timeline ENABLE ROW LEVEL SECURITY;
ALTER TABLE art32.incident_timeline FORCE ROW LEVEL SECURITY;
ALTER TABLE art32.incident_reports ENABLE ROW LEVEL SECURITY;
ALTER TABLE art32.incident_reports FORCE ROW LEVEL SECURITY;
CREATE POLICY owner_all ON art32.incidents TO art32_owner USING (true) WITH CHECK (true);
CREATE POLICY owner_all ON art32.incident_accounts TO art32_owner USING (true) WITH CHECK (true);
CREATE POLICY owner_all ON art32.incident_decisions TO art32_owner USING (true) WITH CHECK (true);
CREATE POLICY owner_all ON art32.incident_timeline TO art32_owner USING (true) WITH CHECK (true);
CREATE POLICY owner_all ON art32.incident_reports TO art32_owner USING (true) WITH CHECK (true);
CREATE POLICY read_incidents ON art32.incidents FOR SELECT TO art32_cto, art32_sysadmin, art32_auditor
    USING ((SELECT art32.session_is_unlocked()));
CREATE POLICY read_incident_accounts ON art32.incident_accounts FOR SELECT TO art32_cto, art32_sysadmin, art32_auditor
    USING ((SELECT art32.session_is_unlocked()));
CREATE POLICY read_incident_decisions ON art32.incident_decisions FOR SELECT
    TO art32_cto, art32_sysadmin, art32_auditor USING ((SELECT art32.session_is_unlocked()));
CREATE POLICY read_incident_timeline ON art32.incident_timeline FOR SELECT TO art32_cto, art32_sysadmin, art32_auditor
    USING ((SELECT art32.session_is_unlocked()));
CREATE POLICY read_incident_reports ON art32.incident_reports FOR SELECT TO art32_cto, art32_sysadmin, art32_auditor
    USING ((SELECT art32.session_is_unlocked()));
GRANT SELECT ON art32.incidents, art32.incident_accounts, art32.incident_decisions, art32.incident_timeline,
    art32.incident_reports TO art32_cto, art32_sysadmin, art32_auditor;

REVOKE ALL ON FUNCTION art32.refuse_incident_record_change(), art32.incident_editable_fields(),
    art32.incident_timeline_add(bigint, text, text, jsonb), art32.incident_missing_of(art32.incidents),
    art32.incident_locked(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION
    art32.incident_open(text, timestamptz, timestamptz), art32.incident_update(bigint, integer, text),
    art32.incident_set_state(bigint, integer, text), art32.incident_missing(bigint),
    art32.incident_note(bigint, text), art32.incident_decide(bigint, text, boolean, text, text, text),
    art32.incident_report(bigint, text, timestamptz), art32.incident_link_accounts(bigint, bigint[]),
    art32.incident_unlink_account(bigint, bigint), art32.incident_account_counts(bigint)
    TO art32_cto, art32_sysadmin;
