#include "SecuritySupport.h"
#include "store/Migrator.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>
#include <pqxx/connection>
#include <pqxx/nontransaction>

using namespace art32;
using test::kInsufficientPrivilege;

/**
 * Security review 18: attacks on what today's branches added (0018's open_read cleanup, 0022's append-only ledger,
 * the migrator's lock), each as the role an attacker holds. Each test failed while its hole was open (migration
 * 0024, Migrator.cpp); docs/SECURITY.md "Review 18" lists them.
 */
class TestAttacksReview18 : public QObject
{
    Q_OBJECT

    const QString m_db = QStringLiteral("tst_attacks_review18");
    Keychain m_keychain { QStringLiteral("Art32 Console review 18 attacks %1").arg(QUuid::createUuid().toString()) };
    test::ThreeAdmins m_admins;

    long long count(const std::string& sql) { return test::superuserCount(m_db, sql); }

private slots:
    void initTestCase()
    {
        ART32_REQUIRE_SERVICES();
        m_admins = test::threeAdmins(m_db, QStringLiteral("tst_r18"), m_keychain);
        test::superuserExec(m_db,
                            "INSERT INTO art32.accounts (id, company_name, plan) VALUES (1801, 'R18 A', 'free'), "
                            "(1802, 'R18 B', 'free')");
    }

    void cleanupTestCase() { test::forgetAdmins(m_keychain, { &m_admins.cto, &m_admins.sysadmin, &m_admins.auditor }); }

    // 0018 (and 0013 before it) cleaned up the open reads of "ended" backends by the caller's pg_stat_activity, a
    // snapshot PostgreSQL takes at its first use in a transaction. A sysadmin that looked at pg_stat_activity, then
    // opened a read in the same transaction, deleted the open read of a CTO that had connected meanwhile: the CTO's
    // scan or reveal ended (the read functions check open_reads at each fetch).
    void oneLoginCannotCleanUpAnothersLiveRead()
    {
        auto sys = test::unlockedAs(m_db, m_admins.sysadmin, m_keychain, m_admins.offset);
        QVERIFY(sys);
        QCOMPARE(test::sqlstate(*sys, "BEGIN; SELECT count(*) FROM pg_catalog.pg_stat_activity"), std::string());
        // The victim connects after the attacker's snapshot, and opens a read (committed at once).
        auto cto = test::unlockedAs(m_db, m_admins.cto, m_keychain, m_admins.offset);
        QVERIFY(cto);
        const std::string read
            = test::scalar(*cto, "SELECT read_id FROM art32.open_read('scan', 1801, 1802)").value_or("");
        QVERIFY(!read.empty());
        QCOMPARE(count("SELECT count(*) FROM art32.open_reads WHERE id = " + read), 1LL);
        // The attacker's own read runs the cleanup.
        QCOMPARE(test::sqlstate(*sys, "SELECT * FROM art32.open_read('scan', 1801, 1801); COMMIT"), std::string());
        QCOMPARE(count("SELECT count(*) FROM art32.open_reads WHERE id = " + read), 1LL);
        // A read of a backend that did end still goes.
        const std::string pid = test::scalar(*cto, "SELECT pg_backend_pid()").value_or("");
        cto.reset();
        QTRY_COMPARE(count("SELECT count(*) FROM pg_stat_activity WHERE pid = " + pid), 0LL);
        QCOMPARE(test::sqlstate(*sys, "SELECT * FROM art32.open_read('scan', 1801, 1801)"), std::string());
        QCOMPARE(count("SELECT count(*) FROM art32.open_reads WHERE id = " + read), 0LL);
    }

    // 0022 made the ledger append-only with ordinary triggers, which replica mode skips (session_replication_role,
    // as a superuser or a logical replication apply may run): an erasure's row could be deleted or emptied there.
    void theLedgerStaysAppendOnlyInReplicaMode()
    {
        test::superuserExec(m_db, "SELECT art32.erase_account(1802, '1802')");
        QCOMPARE(count("SELECT count(*) FROM art32.erasure_ledger WHERE account_id = 1802"), 1LL);
        for (const std::string sql :
             { "DELETE FROM art32.erasure_ledger WHERE account_id = 1802",
               "UPDATE art32.erasure_ledger SET backups_until = erased_at WHERE account_id = 1802",
               "TRUNCATE art32.erasure_ledger" }) {
            std::string state;
            try {
                pqxx::connection c(test::superuserProfile(m_db).connectionString());
                pqxx::nontransaction tx(c);
                tx.exec("SET session_replication_role = replica");
                tx.exec(sql);
            } catch (const pqxx::sql_error& e) {
                state = test::stateOf(e);
            }
            QCOMPARE(state, std::string(kInsufficientPrivilege));
        }
        QCOMPARE(count("SELECT count(*) FROM art32.erasure_ledger WHERE account_id = 1802"), 1LL);
    }
    // The migrator's lock (review branch) keeps logins from stalling the migrators' serialisation, but a migration's
    // own ALTER TABLE waited without a limit for any reader: a locked admin (its password only) that holds ACCESS
    // SHARE on a table in an open transaction stalled the migration for as long as it liked, and every session's
    // use of that table queued behind the ALTER. Now the migration gives up after a few seconds, names the holder,
    // and goes through once the holder is gone (the DBA ends it, as for rotation_finish).
    void aReaderCannotStallAMigrationUnseen()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QDir embedded(QStringLiteral(":/sql/migrations"));
        for (const QString& file : embedded.entryList({ QStringLiteral("*.sql") }, QDir::Files))
            QVERIFY(QFile::copy(embedded.filePath(file), dir.filePath(file)));
        QFile probe(dir.filePath(QStringLiteral("0990_r18_probe.sql")));
        QVERIFY(probe.open(QIODevice::WriteOnly));
        probe.write("SET LOCAL ROLE art32_owner;\nALTER TABLE art32.accounts ADD COLUMN r18_probe integer;\n");
        probe.close();

        auto attacker = test::loginAs(m_admins.sysadmin, m_keychain); // locked: no code
        QVERIFY(attacker);
        QCOMPARE(test::sqlstate(*attacker, "BEGIN; LOCK TABLE art32.accounts IN ACCESS SHARE MODE"), std::string());

        pqxx::connection conn(test::superuserProfile(m_db).connectionString());
        {
            // While the hole was open the migration waited this long, then failed without naming anyone.
            pqxx::nontransaction tx(conn);
            tx.exec("SET lock_timeout = '60s'");
        }
        const auto stalled = Migrator(dir.path()).migrate(conn);
        QVERIFY(!stalled);
        QCOMPARE(stalled.error().code, QStringLiteral("migrate.locked"));
        QVERIFY2(stalled.error().message.contains(m_admins.sysadmin.profile.user), qPrintable(stalled.error().message));
        QCOMPARE(count("SELECT count(*) FROM art32.schema_migrations WHERE version = 990"), 0LL);

        QCOMPARE(test::sqlstate(*attacker, "ROLLBACK"), std::string());
        const auto migrated = Migrator(dir.path()).migrate(conn);
        QVERIFY2(migrated, migrated ? "" : qPrintable(migrated.error().message));
        QCOMPARE(count("SELECT count(*) FROM art32.schema_migrations WHERE version = 990"), 1LL);
    }
    // The same stale snapshot in unlock_session's cleanup (0011), reachable with a password alone: a locked login's
    // wrong code deleted the unlock outcome (status, tries left) of an admin that had connected meanwhile; and in
    // start_unlocked_session, an unlocked admin's next unlock ended those admins' unlocked sessions.
    void aWrongCodeDoesNotCleanUpAnothersUnlockOutcome()
    {
        auto attacker = test::loginAs(m_admins.auditor, m_keychain); // locked: no code
        QVERIFY(attacker);
        QCOMPARE(test::sqlstate(*attacker, "BEGIN; SELECT count(*) FROM pg_catalog.pg_stat_activity"), std::string());
        auto victim = test::loginAs(m_admins.sysadmin, m_keychain);
        QVERIFY(victim);
        QCOMPARE(test::sqlstate(*victim, "SELECT art32.unlock_session('000000')"), std::string());
        const std::string pid = test::scalar(*victim, "SELECT pg_backend_pid()").value_or("");
        QCOMPARE(count("SELECT count(*) FROM art32.unlock_outcomes WHERE pid = " + pid), 1LL);
        QCOMPARE(test::sqlstate(*attacker, "SELECT art32.unlock_session('000000'); COMMIT"), std::string());
        QCOMPARE(count("SELECT count(*) FROM art32.unlock_outcomes WHERE pid = " + pid), 1LL);
    }
};

QTEST_GUILESS_MAIN(TestAttacksReview18)
#include "tst_attacks_review18.moc"
