#include "SecuritySupport.h"

#include <QTest>
#include <QUuid>
#include <pqxx/nontransaction>
#include <vector>

using namespace art32;
using test::kInsufficientPrivilege;

/**
 * Attacks on the incident register (migration 0015), each as the role an attacker holds: an auditor who writes, a
 * sysadmin who records the CTO's notify decision or smuggles columns into an update, anyone who edits the timeline
 * or a frozen report, and a login with only its password.
 */
class TestAttacksIncidents : public QObject
{
    Q_OBJECT

    const QString m_db = QStringLiteral("tst_attacks_incidents");
    Keychain m_keychain { QStringLiteral("Art32 Console incident attacks %1").arg(QUuid::createUuid().toString()) };
    test::TestAdmin m_cto, m_sys, m_aud;
    qint64 m_offset = 0;
    std::string m_id; ///< an incident with a note, decisions and a frozen report

    std::unique_ptr<Database> unlocked(const test::TestAdmin& admin)
    {
        return test::unlockedAs(m_db, admin, m_keychain, m_offset);
    }
    long long count(const std::string& sql) { return test::superuserCount(m_db, sql); }

private slots:
    void initTestCase()
    {
        ART32_REQUIRE_SERVICES();
        test::ThreeAdmins admins = test::threeAdmins(m_db, QStringLiteral("tst_ai"), m_keychain);
        m_cto = std::move(admins.cto);
        m_sys = std::move(admins.sysadmin);
        m_aud = std::move(admins.auditor);
        m_offset = admins.offset;
        auto cto = unlocked(m_cto);
        QVERIFY(cto);
        const auto id = test::scalar(*cto,
                                     "SELECT art32.incident_open('Laptop stolen', art32.now() - interval '1 hour', "
                                     "art32.now() - interval '1 hour')");
        QVERIFY(id);
        m_id = *id;
        QCOMPARE(test::sqlstate(*cto, "SELECT art32.incident_note(" + m_id + ", 'police informed')"), std::string());
        QCOMPARE(test::sqlstate(
                     *cto, "SELECT art32.incident_decide(" + m_id + ", 'notify_authority', true, 'customers at risk')"),
                 std::string());
        QCOMPARE(test::sqlstate(*cto, "SELECT art32.incident_report(" + m_id + ", 'AP-1', art32.now())"),
                 std::string());
    }

    void cleanupTestCase() { test::forgetAdmins(m_keychain, { &m_cto, &m_sys, &m_aud }); }

    // An unlocked auditor reads the register and changes nothing of it, through functions or tables.
    void auditorCannotWrite()
    {
        auto aud = unlocked(m_aud);
        QVERIFY(aud);
        QVERIFY(test::rowsOf(*aud, "SELECT * FROM art32.incidents WHERE id = " + m_id) == 1);
        for (const std::string& sql : std::vector<std::string> {
                 std::string("SELECT art32.incident_open('mine', now(), now())"),
                 "SELECT art32.incident_update(" + m_id + ", 1, '{\"title\": \"nothing\"}')",
                 "SELECT art32.incident_note(" + m_id + ", 'forged')",
                 "SELECT art32.incident_set_state(" + m_id + ", 1, 'closed')",
                 "SELECT art32.incident_decide(" + m_id + ", 'inform_subjects', false, 'not needed at all')",
                 "SELECT art32.incident_link_accounts(" + m_id + ", '{1}')",
                 "UPDATE art32.incidents SET title = 'nothing' WHERE id = " + m_id,
                 "INSERT INTO art32.incident_timeline (incident_id, at, kind, what) VALUES (" + m_id
                     + ", now(), 'note', 'forged')",
                 std::string("DELETE FROM art32.incident_decisions"),
             })
            QVERIFY2(test::sqlstate(*aud, sql) == kInsufficientPrivilege, sql.c_str());
        QCOMPARE(count("SELECT count(*) FROM art32.incident_timeline WHERE what = 'forged'"), 0LL);
    }

    // Only a CTO records whether the authority is told; the sysadmin's attempt leaves no decision behind.
    void sysadminCannotRecordTheNotifyDecision()
    {
        auto sys = unlocked(m_sys);
        QVERIFY(sys);
        const long long before = count("SELECT count(*) FROM art32.incident_decisions");
        QCOMPARE(test::sqlstate(*sys,
                                "SELECT art32.incident_decide(" + m_id
                                    + ", 'notify_authority', false, 'we would rather not')"),
                 std::string(kInsufficientPrivilege));
        QCOMPARE(count("SELECT count(*) FROM art32.incident_decisions"), before);
        // The sysadmin may record the other decision.
        QCOMPARE(test::sqlstate(*sys,
                                "SELECT art32.incident_decide(" + m_id
                                    + ", 'inform_subjects', true, 'customers must change passwords')"),
                 std::string());
    }

    // The update takes the form's fields only: no state, version, stamps or author through the JSON.
    void sysadminCannotSmuggleColumnsIntoAnUpdate()
    {
        auto sys = unlocked(m_sys);
        QVERIFY(sys);
        const auto version = test::scalar(*sys, "SELECT version FROM art32.incidents WHERE id = " + m_id);
        QVERIFY(version);
        for (const char* json : { R"({"state": "closed"})", R"({"version": 1})", R"({"created_by": "tst_ai_cto"})",
                                  R"({"closed_at": "2026-01-01T00:00:00Z"})" })
            QCOMPARE(test::sqlstate(*sys,
                                    "SELECT art32.incident_update(" + m_id + ", " + *version + ", "
                                        + test::literal(json) + ")"),
                     std::string("22023"));
        // The report number stays once a report was sent under it.
        QCOMPARE(test::sqlstate(*sys,
                                "SELECT art32.incident_update(" + m_id + ", " + *version
                                    + ", '{\"report_number\": \"AP-2\"}')"),
                 std::string("55000"));
        QCOMPARE(count("SELECT count(*) FROM art32.incidents WHERE report_number = 'AP-1' AND state = 'detected'"),
                 1LL);
        // An older snapshot is refused too (the privileged calls run in READ COMMITTED only).
        QCOMPARE(test::sqlstate(*sys,
                                "BEGIN ISOLATION LEVEL REPEATABLE READ; SELECT art32.incident_note(" + m_id
                                    + ", 'from the past'); COMMIT"),
                 std::string(kInsufficientPrivilege));
    }

    // Nobody rewrites what happened or what the authority was told: not the CTO, not the superuser.
    void timelineAndFrozenReportsCannotBeEdited()
    {
        auto cto = unlocked(m_cto);
        QVERIFY(cto);
        for (const std::string& sql : std::vector<std::string> {
                 "UPDATE art32.incident_timeline SET what = 'nothing' WHERE incident_id = " + m_id,
                 "DELETE FROM art32.incident_timeline WHERE incident_id = " + m_id,
                 "UPDATE art32.incident_reports SET snapshot = '{}' WHERE incident_id = " + m_id,
                 std::string("DELETE FROM art32.incident_reports"),
                 std::string("UPDATE art32.incident_decisions SET decision = false"),
                 std::string("TRUNCATE art32.incident_reports"),
             })
            QVERIFY2(test::sqlstate(*cto, sql) == kInsufficientPrivilege, sql.c_str());
        // The superuser is stopped by the ALWAYS triggers (a rewrite needs DDL, which is visible).
        for (const std::string& sql : std::vector<std::string> {
                 "UPDATE art32.incident_reports SET snapshot = '{}' WHERE incident_id = " + m_id,
                 "DELETE FROM art32.incident_timeline WHERE incident_id = " + m_id,
             }) {
            pqxx::connection super(test::superuserProfile(m_db).connectionString());
            try {
                pqxx::nontransaction(super).exec("SET session_replication_role = replica; " + sql);
                QFAIL(sql.c_str());
            } catch (const pqxx::sql_error& e) {
                QCOMPARE(test::stateOf(e), std::string(kInsufficientPrivilege));
            }
        }
        QCOMPARE(
            count("SELECT count(*) FROM art32.incident_reports WHERE snapshot ? 'title' AND incident_id = " + m_id),
            1LL);
        QVERIFY(count("SELECT count(*) FROM art32.incident_timeline WHERE incident_id = " + m_id) >= 4);
    }

    // A login with only its password (no TOTP code) sees no incident and calls no function of the register.
    void lockedLoginReachesNothing()
    {
        for (const test::TestAdmin* admin : { &m_cto, &m_sys, &m_aud }) {
            auto locked = test::loginAs(*admin, m_keychain);
            QVERIFY(locked);
            QCOMPARE(test::rowsOf(*locked, "SELECT * FROM art32.incidents"), std::optional<long long>(0));
            QCOMPARE(test::rowsOf(*locked, "SELECT * FROM art32.incident_timeline"), std::optional<long long>(0));
            for (const std::string& sql : std::vector<std::string> {
                     std::string("SELECT art32.incident_open('x', now(), now())"),
                     "SELECT art32.incident_note(" + m_id + ", 'x')",
                     "SELECT art32.incident_decide(" + m_id + ", 'notify_authority', false, 'no risk at all')",
                     "SELECT art32.incident_account_counts(" + m_id + ")",
                 })
                QVERIFY2(test::sqlstate(*locked, sql) == kInsufficientPrivilege, sql.c_str());
        }
    }
};

QTEST_GUILESS_MAIN(TestAttacksIncidents)
#include "tst_attacks_incidents.moc"
