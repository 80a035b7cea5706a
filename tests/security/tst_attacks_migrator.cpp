#include "SecuritySupport.h"
#include "store/Migrator.h"

#include <QTest>
#include <QUuid>
#include <pqxx/connection>
#include <pqxx/nontransaction>

using namespace art32;

/**
 * The schema migrator's serialisation, attacked with what an attacker holds: an admin login's password (locked, no
 * code) and psql, or any login that may connect. Migrators used to serialise on an advisory lock, which any login may
 * take: holding its key stalled every migration for as long as the attacker liked. They now lock the bookkeeping table
 * art32.schema_migrations, which only its owner (art32_owner) and superusers may lock in a mode that conflicts.
 */
class TestAttacksMigrator : public QObject
{
    Q_OBJECT

    const QString m_db = QStringLiteral("tst_attacks_migrator");
    const QString m_cto = QStringLiteral("tst_mig_cto");
    const QString m_nobody = QStringLiteral("tst_mig_nobody");
    const std::string m_password = "pw-" + QUuid::createUuid().toString(QUuid::Id128).toStdString();

    /** The key the migrator of before this fix took with pg_advisory_xact_lock ("Art32Mig"). */
    static constexpr const char* kOldLockKey = "4715959523046418791";

    /**
     * Runs the migrator as the superuser that applies migrations. A lock it waits for gives up after a few seconds
     * (lock_timeout), so a blocked migrator is a failure, not a hang; an unblocked one does not wait at all.
     */
    Result<SchemaStatus> migrateNow()
    {
        pqxx::connection conn(test::superuserProfile(m_db).connectionString());
        {
            pqxx::nontransaction tx(conn);
            tx.exec("SET lock_timeout = '3s'");
        }
        return Migrator().migrate(conn);
    }

private slots:
    void initTestCase()
    {
        ART32_REQUIRE_SERVICES();
        test::freshDatabase(m_db);
        test::migrate(m_db);
        test::createLoginRole(m_cto, m_password, QStringLiteral("art32_cto"));
        test::createLoginRole(m_nobody, m_password);
        test::superuserExec(m_db, "GRANT CONNECT ON DATABASE " + m_db.toStdString() + " TO " + m_nobody.toStdString());
    }

    void cleanupTestCase()
    {
        test::superuserExec(QStringLiteral("postgres"),
                            "DROP DATABASE IF EXISTS " + m_db.toStdString() + " WITH (FORCE)");
        test::superuserExec(QStringLiteral("postgres"),
                            "DROP ROLE IF EXISTS " + m_cto.toStdString() + ", " + m_nobody.toStdString());
    }

    /** An admin login holds the advisory lock the migrator used to take: migrations go on regardless. */
    void advisoryLockDoesNotStallMigrations()
    {
        for (const QString& role : { m_cto, m_nobody }) {
            auto attacker = test::loginAs(m_db, role, m_password);
            QVERIFY(attacker);
            QCOMPARE(test::sqlstate(*attacker, std::string("SELECT pg_advisory_lock(") + kOldLockKey + ")"),
                     std::string());
            // Also a transaction-level hold of the same key, left open.
            QCOMPARE(test::sqlstate(*attacker,
                                    std::string("BEGIN; SELECT pg_advisory_xact_lock_shared(") + kOldLockKey + ")"),
                     std::string());
            const auto r = migrateNow();
            QVERIFY2(r, qPrintable(QStringLiteral("%1 stalled the migrator: %2").arg(role, r.error().message)));
            QVERIFY(r->pending.isEmpty());
            QCOMPARE(test::sqlstate(*attacker, "ROLLBACK; SELECT pg_advisory_unlock_all()"), std::string());
        }
    }

    /** The lock that serialises migrators now: no attacker may take it, in any mode that would conflict. */
    void attackerCannotTakeTheMigrationLock()
    {
        auto attacker = test::loginAs(m_db, m_cto, m_password);
        QVERIFY(attacker);
        for (const char* mode : { "ROW SHARE", "ROW EXCLUSIVE", "SHARE UPDATE EXCLUSIVE", "SHARE",
                                  "SHARE ROW EXCLUSIVE", "EXCLUSIVE", "ACCESS EXCLUSIVE" }) {
            QCOMPARE(test::sqlstate(*attacker,
                                    std::string("BEGIN; LOCK TABLE art32.schema_migrations IN ") + mode + " MODE"),
                     std::string(test::kInsufficientPrivilege));
            QCOMPARE(test::sqlstate(*attacker, "ROLLBACK"), std::string());
        }
        // Row locks need UPDATE too.
        QCOMPARE(test::sqlstate(*attacker, "BEGIN; SELECT version FROM art32.schema_migrations FOR SHARE"),
                 std::string(test::kInsufficientPrivilege));
        QCOMPARE(test::sqlstate(*attacker, "ROLLBACK"), std::string());
        // A login outside the admin groups does not even see the table.
        auto nobody = test::loginAs(m_db, m_nobody, m_password);
        QVERIFY(nobody);
        QVERIFY(test::sqlstate(*nobody, "BEGIN; LOCK TABLE art32.schema_migrations IN ACCESS SHARE MODE")
                != std::string());
        QCOMPARE(test::sqlstate(*nobody, "ROLLBACK"), std::string());
    }

    /** What an admin may do, read the bookkeeping (the console's schema check) in an open transaction, blocks nothing.
     */
    void readingTheBookkeepingDoesNotStallMigrations()
    {
        auto attacker = test::loginAs(m_db, m_cto, m_password);
        QVERIFY(attacker);
        QCOMPARE(test::sqlstate(*attacker,
                                "BEGIN; LOCK TABLE art32.schema_migrations IN ACCESS SHARE MODE; "
                                "SELECT count(*) FROM art32.schema_migrations"),
                 std::string());
        const auto r = migrateNow();
        QVERIFY2(r, qPrintable(r.error().message));
        QCOMPARE(test::sqlstate(*attacker, "ROLLBACK"), std::string());
    }
};

QTEST_GUILESS_MAIN(TestAttacksMigrator)
#include "tst_attacks_migrator.moc"
