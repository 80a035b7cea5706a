#include "TestSupport.h"
#include "store/Database.h"

#include <QTest>
#include <pqxx/nontransaction>
#include <pqxx/transaction>

using art32::Database;
using art32::Profile;
using art32::SecureBytes;

/** libpqxx through the store layer against the harness's real PostgreSQL. */
class TestDatabase : public QObject
{
    Q_OBJECT

    Profile m_profile;
    const std::string m_password = "tst-db-password-\xc3\xa9'\\";

    SecureBytes password() const { return SecureBytes::fromByteArray(QByteArray::fromStdString(m_password)); }

    static int backendPid(Database& db)
    {
        auto pid = db.run([](pqxx::connection& c) { return c.backendpid(); });
        return pid ? pid.value() : -1;
    }

    static void terminate(int pid)
    {
        art32::test::superuserExec(QStringLiteral("postgres"),
                                   "SELECT pg_terminate_backend(" + std::to_string(pid) + ")");
    }

private slots:
    void initTestCase()
    {
        ART32_REQUIRE_SERVICES();
        art32::test::freshDatabase(QStringLiteral("tst_database"));
        art32::test::createLoginRole(QStringLiteral("tst_db_user"), m_password);
        m_profile = art32::test::superuserProfile(QStringLiteral("tst_database"));
        m_profile.name = QStringLiteral("tst");
        m_profile.user = QStringLiteral("tst_db_user");
    }

    void connectsWithPasswordAndBindsParameters()
    {
        Database db(m_profile);
        QVERIFY(db.open(password()));
        const auto r = db.run([](pqxx::connection& c) {
            pqxx::read_transaction tx(c);
            // The value travels as a parameter: quotes and semicolons are data, never SQL.
            return tx.exec_params("SELECT $1::text || '!', session_user::text", "x'; DROP TABLE y; --")[0];
        });
        QVERIFY(r);
        QCOMPARE(r.value()[0].as<std::string>(), std::string("x'; DROP TABLE y; --!"));
        QCOMPARE(r.value()[1].as<std::string>(), std::string("tst_db_user"));
        QCOMPARE(db.connectionGeneration(), 1);
    }

    void wrongPasswordIsAnAuthError()
    {
        Database db(m_profile);
        const auto r = db.open(SecureBytes::fromByteArray(QByteArrayLiteral("Zq9-typed-guess")));
        QVERIFY(!r);
        QCOMPARE(r.error().code, QStringLiteral("db.auth"));
        QVERIFY(!r.error().message.contains(QLatin1String("Zq9-typed-guess"))); // never echo what was typed
    }

    void unreachableServerIsNamed()
    {
        Profile p = m_profile;
        p.host = QStringLiteral("/nonexistent/art32-socket");
        Database db(p);
        const auto r = db.open(password());
        QVERIFY(!r);
        QCOMPARE(r.error().code, QStringLiteral("db.unreachable"));
    }

    void sqlErrorsCarryTheirState()
    {
        Database db(m_profile);
        QVERIFY(db.open(password()));
        const auto r = db.run([](pqxx::connection& c) {
            pqxx::work tx(c);
            tx.exec("SELECT * FROM no_such_table");
        });
        QVERIFY(!r);
        QCOMPARE(r.error().code, QStringLiteral("db.sql"));
        QVERIFY(r.error().message.contains(QLatin1String("42P01")));
        QVERIFY(db.isOpen()); // an SQL error does not cost the connection
    }

    void reconnectsAfterTheServerDroppedUs()
    {
        Database db(m_profile);
        QVERIFY(db.open(password()));
        const int first = backendPid(db);
        QVERIFY(first > 0);
        terminate(first);
        // Idempotent work is retried once on a fresh connection.
        const auto again = db.run(
            [](pqxx::connection& c) {
                pqxx::read_transaction tx(c);
                return tx.exec("SELECT pg_backend_pid()")[0][0].as<int>();
            },
            Database::Retry::Idempotent);
        QVERIFY2(again, qPrintable(again.error().message));
        QVERIFY(again.value() != first);
        QCOMPARE(db.connectionGeneration(), 2);
    }

    void nonIdempotentWorkReportsTheLossThenRecovers()
    {
        Database db(m_profile);
        QVERIFY(db.open(password()));
        terminate(backendPid(db));
        const auto lost = db.run([](pqxx::connection& c) {
            pqxx::work tx(c);
            tx.exec("SELECT 1");
            tx.commit();
        });
        QVERIFY(!lost);
        QCOMPARE(lost.error().code, QStringLiteral("db.lost"));
        QCOMPARE(db.connectionGeneration(), 1);
        QVERIFY(backendPid(db) > 0); // the next call reconnects
        QCOMPARE(db.connectionGeneration(), 2);
    }
};

QTEST_GUILESS_MAIN(TestDatabase)
#include "tst_database.moc"
