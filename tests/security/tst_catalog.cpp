#include "SecuritySupport.h"

#include <QTest>
#include <QUuid>
#include <pqxx/nontransaction>
#include <pqxx/result>
#include <pqxx/transaction>
#include <set>

using namespace art32;
using test::kInsufficientPrivilege;

/**
 * The schema as an attacker reads it: the catalog (every function's path, every grant, every role an admin
 * can reach), then a walk of every function, table and sequence of the art32 schemas as each role, locked and
 * unlocked. Both read the catalog at run time, so a new function or table is covered without editing this file;
 * only what a locked login may call is listed here, and what an auditor may execute at all.
 */
class TestCatalog : public QObject
{
    Q_OBJECT

    const QString m_db = QStringLiteral("tst_catalog");
    Keychain m_keychain { QStringLiteral("Art32 Console catalog test %1").arg(QUuid::createUuid().toString()) };
    test::TestAdmin m_cto, m_sys, m_aud;
    qint64 m_offset = 0;
    std::string m_servicePassword;

    /** Functions a locked login may call; each is checked to give nothing away. */
    const std::set<std::string> m_lockedMayCall { "session_is_unlocked", "unlock_session", "unlock_outcome",
                                                  "lock_session", "keep_alive", "whoami", "enroll", "now",
                                                  "may_read_plaintext",
                                                  // issue 11: the caller's own tries left before the TOTP lock
                                                  "unlock_tries_left" };
    /** What a login of art32_backup (the timers: no TOTP) may call: the backup catalogue's writers (issue 13). */
    const std::set<std::string> m_backupMayCall { "backup_begin", "backup_finish", "backup_import",
                                                  "backup_check_begin", "backup_check_finish", "backup_pruned",
                                                  "backup_erasures", "now",
                                                  // i13-gui (0021): a run or check it stopped, pgBackRest's expiry
                                                  "backup_cancelled", "backup_check_cancelled", "backup_expire_missing",
                                                  // 0022 (i13-ledger)
                                                  "backup_ledger" };
    /** Everything an auditor may execute: it reads evidence and never personal data or keys. */
    const std::set<std::string> m_auditorMayExecute = withAuditorExtras(m_lockedMayCall);
    /** Plus what an unlocked auditor may execute: the Overview's count of locked-out admins (issue 11) and
     * recording a verify's outcome of the audit chain (issue 12). */
    static std::set<std::string> withAuditorExtras(std::set<std::string> s)
    {
        s.insert("admins_locked_out");
        s.insert("audit_verified");
        s.insert("admin_overview"); // the Admins tab: roles, enrollment, lockouts, key versions held; no key
        s.insert("audit_exported"); // i12-perf (0018): an export of the audit log is recorded as an event
        return s;
    }
    /** Tables with no secret that every console role reads even while locked. */
    const std::set<std::string> m_openTables { "schema_migrations", "policy" };
    /** Tables no admin reads directly, locked or not. */
    const std::set<std::string> m_neverRead { "admin_totp", "totp_failures", "unlocked_sessions", "unlock_outcomes",
                                              "test_clock", "open_reads",    "account_keys",      "records" };

    pqxx::result super(const std::string& sql)
    {
        pqxx::connection c(test::superuserProfile(m_db).connectionString());
        pqxx::nontransaction tx(c);
        return tx.exec(sql);
    }

    std::unique_ptr<Database> unlocked(const test::TestAdmin& admin)
    {
        return test::unlockedAs(m_db, admin, m_keychain, m_offset);
    }

    struct Function
    {
        std::string name; ///< proname
        std::string call; ///< SELECT of the function with a harmless value of each argument type
    };

    /** Every function of the art32 schemas this role may execute, with a call that passes a value of each type. */
    std::vector<Function> executableBy(const std::string& role)
    {
        std::vector<Function> out;
        const std::string sql
            = "SELECT p.proname, p.oid::regproc::text, coalesce(string_agg(CASE format_type(t.type, NULL) "
              "WHEN 'integer' THEN '1' WHEN 'bigint' THEN '1' WHEN 'smallint' THEN '1::smallint' WHEN 'boolean' THEN "
              "'false' "
              "WHEN 'bytea' THEN '''\\x00''::bytea' WHEN 'timestamp with time zone' THEN 'now()' "
              "WHEN 'text[]' THEN '''{}''::text[]' WHEN 'bigint[]' THEN '''{1}''::bigint[]' "
              "WHEN 'bytea[]' THEN '''{}''::bytea[]' WHEN 'integer[]' THEN '''{1}''::integer[]' "
              "WHEN 'double precision' THEN '1::float8' WHEN 'jsonb' THEN '''{}''::jsonb' "
              "ELSE '''x''::' || format_type(t.type, NULL) END, ', ' ORDER BY t.ord), '') "
              "FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
              "LEFT JOIN LATERAL unnest(p.proargtypes::oid[]) WITH ORDINALITY AS t (type, ord) ON true "
              "WHERE n.nspname IN ('art32', 'art32_roles') AND p.prokind = 'f' AND p.prorettype <> 'trigger'::regtype "
              "AND has_function_privilege("
            + test::literal(role) + ", p.oid, 'EXECUTE') GROUP BY p.oid, p.proname ORDER BY p.proname";
        for (const auto& row : super(sql)) {
            const std::string args = row[2].as<std::string>();
            out.push_back({ row[0].as<std::string>(), "SELECT " + row[1].as<std::string>() + "(" + args + ")" });
        }
        return out;
    }

    std::vector<std::string> relations(const char* kinds)
    {
        std::vector<std::string> out;
        for (const auto& row : super(std::string("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = "
                                                 "c.relnamespace WHERE n.nspname = 'art32' AND position(c.relkind IN '")
                                     + kinds + "') > 0 ORDER BY 1"))
            out.push_back(row[0].as<std::string>());
        return out;
    }

    /** Runs statement in a transaction that is rolled back whatever happens; the SQLSTATE, or "" on success. */
    static std::string tryRolledBack(Database& db, const std::string& statement, long long* rows = nullptr)
    {
        std::string state;
        db.run([&](pqxx::connection_base& c) {
            c.set_verbosity(pqxx::connection_base::verbose); // the SQLSTATE in the message (test::stateOf)
            pqxx::nontransaction tx(c);
            tx.exec("BEGIN");
            try {
                const pqxx::result r = tx.exec(statement);
                if (rows) // a count(*) gives its value, anything else the rows it touched
                    *rows = r.columns() == 1 && r.size() == 1 ? r[0][0].as<long long>(0)
                                                              : static_cast<long long>(r.affected_rows());
            } catch (const pqxx::sql_error& e) {
                state = test::stateOf(e);
            }
            tx.exec("ROLLBACK");
        });
        return state;
    }

private slots:
    void initTestCase()
    {
        ART32_REQUIRE_SERVICES();
        test::ThreeAdmins admins = test::threeAdmins(m_db, QStringLiteral("tst_c"), m_keychain);
        m_cto = std::move(admins.cto);
        m_sys = std::move(admins.sysadmin);
        m_aud = std::move(admins.auditor);
        m_offset = admins.offset;
        m_servicePassword = "svc-" + QUuid::createUuid().toString(QUuid::Id128).toStdString();
        test::createLoginRole(QStringLiteral("tst_c_platform"), m_servicePassword, QStringLiteral("art32_platform"));
        test::createLoginRole(QStringLiteral("tst_c_backup"), m_servicePassword, QStringLiteral("art32_backup"));
        // Some rows everywhere, so "no rows" means refused and not empty.
        super("INSERT INTO art32.accounts (company_name, plan) VALUES ('Walk BV', 'free')");
    }

    void cleanupTestCase() { test::forgetAdmins(m_keychain, { &m_cto, &m_sys, &m_aud }); }

    void definerFunctionsPinTheirPathWithPgTempLast()
    {
        const pqxx::result r
            = super("SELECT p.oid::regprocedure::text, p.prosecdef, coalesce((SELECT c FROM unnest(p.proconfig) c "
                    "WHERE c LIKE 'search_path=%'), '') FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
                    "WHERE n.nspname IN ('art32', 'art32_roles', 'art32_warden')");
        QVERIFY(r.size() > 40);
        int definers = 0;
        for (const auto& row : r) {
            const std::string name = row[0].as<std::string>();
            const std::string path = row[2].as<std::string>();
            definers += row[1].as<bool>() ? 1 : 0;
            // Every function, definer or not (an invoker function runs with its definer caller's rights).
            QVERIFY2(path.rfind("search_path=pg_catalog, ", 0) == 0, (name + ": " + path).c_str());
            QVERIFY2(path.size() > 9 && path.compare(path.size() - 9, 9, ", pg_temp") == 0,
                     (name + ": " + path).c_str());
        }
        QVERIFY(definers > 30);
    }

    void noFunctionIsExecutableByPublic()
    {
        const pqxx::result r
            = super("SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
                    "WHERE n.nspname IN ('art32', 'art32_roles', 'art32_warden') AND (p.proacl IS NULL OR EXISTS "
                    "(SELECT 1 FROM aclexplode(p.proacl) a WHERE a.grantee = 0 AND a.privilege_type = 'EXECUTE'))");
        for (const auto& row : r)
            QFAIL(("PUBLIC may execute " + row[0].as<std::string>()).c_str());
        // pgcrypto keeps PostgreSQL's defaults, but its schema is the owner's alone.
        QCOMPARE(super("SELECT count(*) FROM aclexplode((SELECT nspacl FROM pg_namespace WHERE nspname = "
                       "'art32_crypto')) a WHERE a.grantee <> 'art32_owner'::regrole AND a.grantee <> "
                       "(SELECT nspowner FROM pg_namespace WHERE nspname = 'art32_crypto')")[0][0]
                     .as<long long>(),
                 0LL);
    }

    void nobodyOfOursMayCreateTemporaryObjects()
    {
        QCOMPARE(super("SELECT count(*) FROM aclexplode((SELECT datacl FROM pg_database WHERE datname = "
                       "current_database())) a WHERE a.grantee = 0 AND a.privilege_type = 'TEMPORARY'")[0][0]
                     .as<long long>(),
                 0LL);
        for (const char* role : { "art32_cto", "art32_sysadmin", "art32_auditor", "art32_platform", "art32_backup",
                                  "art32_owner", "tst_c_cto", "tst_c_platform" })
            QVERIFY2(
                !super(std::string("SELECT has_database_privilege('") + role + "', current_database(), 'TEMP')")[0][0]
                     .as<bool>(),
                role);
    }

    void noReachableRoleCanGrantOtherRoles()
    {
        // Every role an admin login reaches: its group, what the group is a member of, the owners of the
        // definer functions it may execute, and so on until nothing new turns up.
        const pqxx::result reach = super(R"(
            WITH RECURSIVE reach (oid) AS (
                SELECT oid FROM pg_roles WHERE rolname IN ('art32_cto', 'art32_sysadmin', 'art32_auditor',
                                                          'art32_platform', 'art32_backup')
              UNION
                SELECT x.oid FROM reach r, LATERAL (
                    SELECT m.roleid AS oid FROM pg_auth_members m WHERE m.member = r.oid
                    UNION
                    SELECT p.proowner FROM pg_proc p WHERE p.prosecdef AND has_function_privilege(r.oid, p.oid, 'EXECUTE')
                ) x
            )
            SELECT r.rolname, r.rolsuper, r.rolcreaterole, r.rolcreatedb, r.rolreplication, r.rolbypassrls, r.rolcanlogin
              FROM reach JOIN pg_roles r ON r.oid = reach.oid ORDER BY 1)");
        std::set<std::string> names;
        for (const auto& row : reach) {
            const std::string name = row[0].as<std::string>();
            names.insert(name);
            QVERIFY2(!row[1].as<bool>() && !row[3].as<bool>() && !row[4].as<bool>() && !row[5].as<bool>(),
                     name.c_str());
            // CREATEROLE (on PostgreSQL 15: grant nearly any role) only for the role maker.
            QVERIFY2(!row[2].as<bool>() || name == "art32_rolemaker", name.c_str());
            QVERIFY2(!row[6].as<bool>(), name.c_str()); // none of them logs in
        }
        QVERIFY(names.count("art32_owner") && names.count("art32_rolemaker"));
        QVERIFY(!names.count("pg_execute_server_program") && !names.count("pg_write_server_files"));
        // The only predefined roles reached: the owner's pg_read_all_stats (DESIGN.md §10), and the chain
        // warden's pg_signal_backend (migration 0012), checked below.
        for (const auto& n : names)
            QVERIFY2(n.rfind("pg_", 0) != 0 || n == "pg_read_all_stats" || n == "pg_signal_backend", n.c_str());
        QCOMPARE(super("SELECT string_agg(m.member::regrole::text, ',') FROM pg_auth_members m WHERE m.roleid = "
                       "'pg_signal_backend'::regrole AND m.member::regrole::text LIKE 'art32%'")[0][0]
                     .as<std::string>(),
                 std::string("art32_chainwarden"));
        // The warden: no members, no tables, one function, which only the owner may execute.
        QCOMPARE(super("SELECT count(*) FROM pg_auth_members WHERE roleid = 'art32_chainwarden'::regrole")[0][0]
                     .as<long long>(),
                 0LL);
        QCOMPARE(super("SELECT string_agg(oid::regprocedure::text, ',') FROM pg_proc WHERE proowner = "
                       "'art32_chainwarden'::regrole")[0][0]
                     .as<std::string>(),
                 std::string("art32_warden.end_stalled_chain_holder()"));
        QCOMPARE(
            super("SELECT count(*) FROM pg_class WHERE relowner = 'art32_chainwarden'::regrole")[0][0].as<long long>(),
            0LL);
        QCOMPARE(super("SELECT string_agg(grantee::regrole::text, ',') FROM aclexplode((SELECT proacl FROM pg_proc "
                       "WHERE proname = 'end_stalled_chain_holder')) WHERE grantee <> "
                       "'art32_chainwarden'::regrole")[0][0]
                     .as<std::string>(),
                 std::string("art32_owner"));
        // Nobody reached may pass a membership on.
        QCOMPARE(
            super("SELECT count(*) FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.member WHERE m.admin_option "
                  "AND r.rolname LIKE 'art32%'")[0][0]
                .as<long long>(),
            0LL);
        // The role maker: no members, and two objects, functions only the owner may execute (0013 added the
        // change of an admin's group).
        QCOMPARE(super("SELECT count(*) FROM pg_auth_members WHERE roleid = 'art32_rolemaker'::regrole")[0][0]
                     .as<long long>(),
                 0LL);
        QCOMPARE(super("SELECT string_agg(oid::regprocedure::text, ',' ORDER BY proname) FROM pg_proc WHERE proowner = "
                       "'art32_rolemaker'::regrole")[0][0]
                     .as<std::string>(),
                 std::string("art32_roles.create_admin_login(name,text,text),art32_roles.set_admin_group(name,text)"));
        QCOMPARE(
            super("SELECT count(*) FROM pg_class WHERE relowner = 'art32_rolemaker'::regrole")[0][0].as<long long>(),
            0LL);
        for (const char* f : { "create_admin_login", "set_admin_group" })
            QCOMPARE(super(std::string("SELECT string_agg(grantee::regrole::text, ',') FROM aclexplode((SELECT proacl "
                                       "FROM pg_proc WHERE proname = '")
                           + f + "')) WHERE grantee <> 'art32_rolemaker'::regrole")[0][0]
                         .as<std::string>(),
                     std::string("art32_owner"));
    }

    void auditTriggersFireAlways()
    {
        const pqxx::result r = super("SELECT tgname, tgenabled FROM pg_trigger WHERE tgrelid = "
                                     "'art32.audit_events'::regclass AND NOT tgisinternal");
        QVERIFY(r.size() >= 2);
        for (const auto& row : r)
            QVERIFY2(row[1].as<std::string>() == "A", row[0].as<std::string>().c_str());
    }

    void lockedLoginsReachNothing()
    {
        struct Who
        {
            std::string role;
            std::unique_ptr<Database> db;
        };
        std::vector<Who> who;
        who.push_back({ "tst_c_cto", test::loginAs(m_cto, m_keychain) });
        who.push_back({ "tst_c_sys", test::loginAs(m_sys, m_keychain) });
        who.push_back({ "tst_c_aud", test::loginAs(m_aud, m_keychain) });
        who.push_back({ "tst_c_platform", test::loginAs(m_db, QStringLiteral("tst_c_platform"), m_servicePassword) });
        who.push_back({ "tst_c_backup", test::loginAs(m_db, QStringLiteral("tst_c_backup"), m_servicePassword) });
        const bool isAdmin[] = { true, true, true, false, false };
        const std::vector<std::string> tables = relations("rp");
        const std::vector<std::string> sequences = relations("S");
        QVERIFY(tables.size() > 15 && sequences.size() >= 3);
        for (std::size_t w = 0; w < who.size(); ++w) {
            QVERIFY2(who[w].db, who[w].role.c_str());
            Database& db = *who[w].db;
            int walked = 0;
            for (const Function& f : executableBy(who[w].role)) {
                ++walked;
                const std::string state = tryRolledBack(db, f.call);
                const std::string what = who[w].role + ": " + f.call + " -> " + state;
                if (!m_lockedMayCall.count(f.name) && !(who[w].role == "tst_c_backup" && m_backupMayCall.count(f.name)))
                    QVERIFY2(state == kInsufficientPrivilege, what.c_str());
            }
            QVERIFY(!isAdmin[w] || walked + 1 >= static_cast<int>(m_lockedMayCall.size()));
            // What a locked login may call tells it nothing.
            if (isAdmin[w]) {
                QCOMPARE(test::scalar(db, "SELECT art32.session_is_unlocked()::text"),
                         std::optional<std::string>("false"));
                QVERIFY(test::scalar(db, "SELECT art32.may_read_plaintext(1)::text")
                        != std::optional<std::string>("true"));
                QCOMPARE(test::scalar(db, "SELECT art32.keep_alive()::text"), std::optional<std::string>(""));
            }
            for (const std::string& t : tables) {
                const std::string what = who[w].role + " on art32." + t;
                long long rows = -1;
                const std::string read = tryRolledBack(db, "SELECT count(*) FROM art32." + t, &rows);
                const bool platformTable = !isAdmin[w] && who[w].role == "tst_c_platform"
                    && (t == "accounts" || t == "account_keys" || t == "records" || t == "blind_index");
                if (!m_openTables.count(t) && !platformTable)
                    QVERIFY2(read == kInsufficientPrivilege || (read.empty() && rows == 0), (what + " read").c_str());
                if (platformTable)
                    continue; // the platform's own write path
                QVERIFY2(tryRolledBack(db, "DELETE FROM art32." + t) == kInsufficientPrivilege,
                         (what + " delete").c_str());
                QVERIFY2(tryRolledBack(db, "INSERT INTO art32." + t + " DEFAULT VALUES") == kInsufficientPrivilege,
                         (what + " insert").c_str());
                QVERIFY2(tryRolledBack(db, "TRUNCATE art32." + t) == kInsufficientPrivilege,
                         (what + " truncate").c_str());
            }
            for (const std::string& s : sequences) {
                if (!isAdmin[w] && (s == "accounts_id_seq" || s == "records_id_seq"))
                    continue; // the platform draws ids
                QVERIFY2(tryRolledBack(db, "SELECT nextval('art32." + s + "')") == kInsufficientPrivilege,
                         (who[w].role + " nextval " + s).c_str());
            }
        }
    }

    void unlockedAdminsStayWithinTheirGroup()
    {
        struct Who
        {
            std::string role;
            std::unique_ptr<Database> db;
        };
        std::vector<Who> who;
        who.push_back({ "tst_c_cto", unlocked(m_cto) });
        who.push_back({ "tst_c_sys", unlocked(m_sys) });
        who.push_back({ "tst_c_aud", unlocked(m_aud) });
        const std::vector<std::string> tables = relations("rp");
        for (auto& w : who) {
            QVERIFY2(w.db, w.role.c_str());
            QCOMPARE(test::scalar(*w.db, "SELECT art32.session_is_unlocked()::text"),
                     std::optional<std::string>("true"));
            // The auditor executes only what reads nothing personal.
            if (w.role == "tst_c_aud") {
                for (const Function& f : executableBy(w.role))
                    QVERIFY2(m_auditorMayExecute.count(f.name), ("the auditor may execute " + f.name).c_str());
            }
            // No admin writes a table directly, and nobody reads secrets or ciphertexts directly.
            for (const std::string& t : tables) {
                const std::string what = w.role + " on art32." + t;
                if (m_neverRead.count(t))
                    QVERIFY2(tryRolledBack(*w.db, "SELECT count(*) FROM art32." + t) == kInsufficientPrivilege,
                             (what + " read").c_str());
                QVERIFY2(tryRolledBack(*w.db, "DELETE FROM art32." + t) == kInsufficientPrivilege,
                         (what + " delete").c_str());
                QVERIFY2(tryRolledBack(*w.db, "INSERT INTO art32." + t + " DEFAULT VALUES") == kInsufficientPrivilege,
                         (what + " insert").c_str());
            }
            // CTO-only functions refuse the other groups even when they are unlocked.
            if (w.role != "tst_c_cto") {
                for (const char* call :
                     { "SELECT art32.set_policy('idle_minutes', 99)", "SELECT art32.erase_account(1, '1')",
                       "SELECT art32.grant_access('tst_c_sys', 1, 'reason long enough', 5)",
                       "SELECT art32.admin_set_disabled('tst_c_cto', true)", "SELECT art32.rotation_remaining('kek')",
                       "SELECT art32.open_read('rotation', 1, 2)" })
                    QVERIFY2(tryRolledBack(*w.db, call) == kInsufficientPrivilege, (w.role + ": " + call).c_str());
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestCatalog)
#include "tst_catalog.moc"
