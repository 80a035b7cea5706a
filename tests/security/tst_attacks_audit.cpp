// Attacks on the audit chain (issue 12, migration 0012), each as the role an attacker holds: an unlocked
// sysadmin or auditor, the platform's login, a console login without its TOTP code.
#include "SecuritySupport.h"
#include "audit/Chain.h"

#include <QTest>
#include <QUuid>
#include <future>
#include <pqxx/pqxx>

using namespace art32;
using test::kInsufficientPrivilege;

class TestAttacksAudit : public QObject
{
    Q_OBJECT

    const QString m_db = QStringLiteral("tst_attacks_audit");
    Keychain m_keychain { QStringLiteral("Art32 Console audit attacks test %1").arg(QUuid::createUuid().toString()) };
    test::TestAdmin m_cto, m_sys, m_aud;
    qint64 m_offset = 0;
    std::string m_platformPassword;

    struct Attacker
    {
        std::string name;
        std::unique_ptr<Database> db;
    };

    std::vector<Attacker> attackers()
    {
        std::vector<Attacker> out;
        out.push_back({ "unlocked sysadmin", test::unlockedAs(m_db, m_sys, m_keychain, m_offset) });
        out.push_back({ "unlocked auditor", test::unlockedAs(m_db, m_aud, m_keychain, m_offset) });
        out.push_back({ "platform", test::loginAs(m_db, QStringLiteral("tst_aa_platform"), m_platformPassword) });
        out.push_back({ "locked CTO login", test::loginAs(m_cto, m_keychain) });
        return out;
    }

    std::string super1(const std::string& sql)
    {
        pqxx::connection c(test::superuserProfile(m_db).connectionString());
        pqxx::nontransaction tx(c);
        const pqxx::result r = tx.exec(sql);
        return r.empty() || r[0][0].is_null() ? std::string() : r[0][0].c_str();
    }

    audit::BreakKind chainState()
    {
        Database d(test::superuserProfile(m_db));
        if (!d.openWithoutPassword())
            return audit::BreakKind::MissingRow;
        auto r = audit::verify(d, 1, std::nullopt, {}, nullptr);
        return r ? r->kind : audit::BreakKind::MissingRow;
    }

private slots:
    void initTestCase()
    {
        ART32_REQUIRE_SERVICES();
        test::ThreeAdmins admins = test::threeAdmins(m_db, QStringLiteral("tst_aa"), m_keychain);
        m_cto = std::move(admins.cto);
        m_sys = std::move(admins.sysadmin);
        m_aud = std::move(admins.auditor);
        m_offset = admins.offset;
        m_platformPassword = "p-" + QUuid::createUuid().toString(QUuid::Id128).toStdString();
        test::createLoginRole(QStringLiteral("tst_aa_platform"), m_platformPassword, QStringLiteral("art32_platform"));
        QCOMPARE(chainState(), audit::BreakKind::None);
    }

    void cleanupTestCase() { test::forgetAdmins(m_keychain, { &m_cto, &m_sys, &m_aud }); }

    // No attacker writes the log but through the chain step, nor changes or removes any of it.
    void nobodyForgesChangesOrRemovesEvents()
    {
        for (auto& a : attackers()) {
            QVERIFY2(a.db, a.name.c_str());
            for (const std::string sql :
                 { "INSERT INTO art32.audit_events (action, prev_hash, hash) VALUES ('forged', '\\x00', '\\x00')",
                   "UPDATE art32.audit_events SET action = 'x'", "DELETE FROM art32.audit_events",
                   "TRUNCATE art32.audit_events", "SELECT art32.audit('forged', 'x', '{}')",
                   "INSERT INTO art32.audit_anchors VALUES (2, '\\x00', now())", "SELECT art32.audit_retain(2)" }) {
                QVERIFY2(test::sqlstate(*a.db, sql) == kInsufficientPrivilege, (a.name + ": " + sql).c_str());
            }
        }
        // A CTO that has not unlocked may not cut the log either.
        auto locked = test::loginAs(m_cto, m_keychain);
        QCOMPARE(test::sqlstate(*locked, "SELECT art32.audit_retain(2)"), kInsufficientPrivilege);
        QCOMPARE(test::sqlstate(*locked, "SELECT art32.audit_publish_key('\\x" + std::string(64, 'a') + "')"),
                 kInsufficientPrivilege);
        QCOMPARE(super1("SELECT count(*) FROM art32.audit_events WHERE action = 'forged'"), std::string("0"));
        QCOMPARE(chainState(), audit::BreakKind::None);
    }

    // An old snapshot would see an old end of the chain and fork it: refused (40001), not forked.
    void anOldSnapshotCannotForkTheChain()
    {
        auto platform = test::loginAs(m_db, QStringLiteral("tst_aa_platform"), m_platformPassword);
        QVERIFY(platform);
        QCOMPARE(test::sqlstate(*platform,
                                "BEGIN ISOLATION LEVEL REPEATABLE READ; SELECT count(*) FROM "
                                "art32.accounts"),
                 std::string());
        test::superuserExec(m_db, "SELECT art32.audit('test.meanwhile', NULL, '{}')");
        std::string state;
        platform->run([&](pqxx::connection_base& c) {
            try {
                pqxx::nontransaction tx(c);
                tx.exec("INSERT INTO art32.accounts (company_name, plan) VALUES ('Fork BV', 'free')");
            } catch (const std::exception& e) {
                state = e.what();
            }
        });
        QVERIFY2(state.find("READ COMMITTED") != std::string::npos, state.c_str());
        test::sqlstate(*platform, "ROLLBACK");
        QCOMPARE(chainState(), audit::BreakKind::None);
    }

    // The chain lock is a row lock on a table nobody may read or lock; the warden and the wait are the owner's.
    // Advisory locks, which every login may take, play no part.
    void nobodyTakesTheChainLock()
    {
        for (auto& a : attackers()) {
            QVERIFY2(a.db, a.name.c_str());
            for (const std::string sql :
                 { "SELECT 1 FROM art32.audit_head FOR UPDATE", "LOCK TABLE art32.audit_head IN ACCESS EXCLUSIVE MODE",
                   "LOCK TABLE art32.audit_events IN ACCESS EXCLUSIVE MODE",
                   "SELECT art32_warden.end_stalled_chain_holder()", "SELECT art32.audit_chain_wait()" }) {
                QVERIFY2(test::sqlstate(*a.db, "BEGIN; " + sql + "; ROLLBACK") == kInsufficientPrivilege,
                         (a.name + ": " + sql).c_str());
                test::sqlstate(*a.db, "ROLLBACK");
            }
        }
        auto platform = test::loginAs(m_db, QStringLiteral("tst_aa_platform"), m_platformPassword);
        QCOMPARE(test::sqlstate(*platform, "SELECT pg_advisory_lock(k) FROM generate_series(-5, 5) k"), std::string());
        test::superuserExec(m_db, "SELECT art32.audit('test.advisory_held', NULL, '{}')"); // does not wait
        QCOMPARE(test::sqlstate(*platform, "SELECT pg_advisory_unlock_all()"), std::string());
    }

    // Holding the chain lock by sitting in a transaction that wrote an event stalls the others only for the
    // policy's seconds: the next writer ends the holder, and says so in the log. For the platform and for a
    // login without its code (whose failed unlock attempt is an event).
    void aStalledHolderIsEnded_data()
    {
        QTest::addColumn<QString>("who");
        QTest::newRow("platform") << QStringLiteral("platform");
        QTest::newRow("locked login") << QStringLiteral("locked");
    }

    void aStalledHolderIsEnded()
    {
        QFETCH(QString, who);
        test::superuserExec(m_db, "UPDATE art32.policy SET value = 1 WHERE key = 'audit_idle_hold_seconds'");
        std::unique_ptr<Database> holder = who == QLatin1String("platform")
            ? test::loginAs(m_db, QStringLiteral("tst_aa_platform"), m_platformPassword)
            : test::loginAs(m_cto, m_keychain);
        QVERIFY(holder);
        const std::string login = *test::scalar(*holder, "SELECT session_user");
        const std::string pid = *test::scalar(*holder, "SELECT pg_backend_pid()");
        const std::string stall = who == QLatin1String("platform")
            ? "BEGIN; INSERT INTO art32.accounts (company_name, plan) VALUES ('Stall BV', 'free')"
            : "BEGIN; SELECT art32.unlock_session('000000')";
        QCOMPARE(test::sqlstate(*holder, stall), std::string());
        QCOMPARE(test::superuserCount(m_db,
                                      "SELECT count(*) FROM pg_stat_activity WHERE pid = " + pid
                                          + " AND state = 'idle in transaction'"),
                 1LL);
        const std::string before = super1("SELECT max(seq) FROM art32.audit_events");
        // A writer that waits; it gets through (ctest's timeout is the bound, no clock here).
        auto writer = std::async(std::launch::async, [&] {
            test::superuserExec(m_db, "SELECT art32.audit('test.after_stall', NULL, '{}')");
            return true;
        });
        QVERIFY(writer.get());
        QCOMPARE(super1("SELECT count(*) FROM art32.audit_events WHERE seq > " + before
                        + " AND action = 'audit.holder_ended' AND object = " + test::literal(login)),
                 std::string("1"));
        QVERIFY(test::sqlstate(*holder, "COMMIT") != std::string()); // its session was ended
        QCOMPARE(super1("SELECT count(*) FROM art32.accounts WHERE company_name = 'Stall BV'"), std::string("0"));
        test::superuserExec(m_db, "UPDATE art32.policy SET value = 10 WHERE key = 'audit_idle_hold_seconds'");
        QCOMPARE(chainState(), audit::BreakKind::None);
    }
};

QTEST_GUILESS_MAIN(TestAttacksAudit)
#include "tst_attacks_audit.moc"
