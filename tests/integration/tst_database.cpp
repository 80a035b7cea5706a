#include "TestSupport.h"
#include "store/Database.h"
#include "store/PgWire.h"

#include <QTemporaryDir>
#include <QTest>
#include <arpa/inet.h>
#include <cstring>
#include <netinet/in.h>
#include <pqxx/nontransaction>
#include <pqxx/transaction>
#include <sys/socket.h>
#include <unistd.h>

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
        auto pid = db.run([](pqxx::connection_base& c) { return c.backendpid(); });
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
        const auto r = db.run([](pqxx::connection_base& c) {
            pqxx::read_transaction tx(c);
            // The value travels as a parameter: quotes and semicolons are data, never SQL.
            return tx.exec_params("SELECT $1::text || '!', session_user::text", "x'; DROP TABLE y; --")[0];
        });
        QVERIFY(r);
        QCOMPARE(r.value()[0].as<std::string>(), std::string("x'; DROP TABLE y; --!"));
        QCOMPARE(r.value()[1].as<std::string>(), std::string("tst_db_user"));
        QCOMPARE(db.connectionGeneration(), 1);
    }

    void binaryArraysAndByteaTextRoundTrip()
    {
        Database db(m_profile);
        QVERIFY(db.open(password()));
        const std::vector<long long> ids { 1, -7, 9007199254740993LL };
        const std::vector<QByteArray> values { QByteArray("\x00\x01\xff", 3), QByteArray(), QByteArray("") };
        const auto r = db.run([&](pqxx::connection_base& c) {
            pqxx::read_transaction tx(c);
            return tx.exec_params("SELECT array_to_string($1::bigint[], ','), array_length($2::bytea[], 1), "
                                  "($2::bytea[])[1], ($2::bytea[])[2] IS NULL, length(($2::bytea[])[3])",
                                  art32::pgwire::param(art32::pgwire::int8Array(ids)),
                                  art32::pgwire::param(art32::pgwire::byteaArray(values)))[0];
        });
        QVERIFY2(r, qPrintable(r.error().message));
        QCOMPARE(r.value()[0].as<std::string>(), std::string("1,-7,9007199254740993"));
        QCOMPARE(r.value()[1].as<int>(), 3);
        QByteArray decoded;
        QVERIFY(art32::pgwire::decodeBytea(r.value()[2].c_str(), r.value()[2].size(), decoded));
        QCOMPARE(decoded, QByteArray("\x00\x01\xff", 3));
        QCOMPARE(r.value()[3].as<bool>(), true); // a null QByteArray is SQL NULL
        QCOMPARE(r.value()[4].as<int>(), 0); // an empty one is not
        // Anything that is not hex output is refused, not half-decoded.
        for (const char* bad : { "\\x0g", "\\x0", "x00", "\\000" }) {
            QVERIFY(!art32::pgwire::decodeBytea(bad, strlen(bad), decoded));
            QVERIFY(decoded.isEmpty());
        }
        QVERIFY(art32::pgwire::decodeBytea("\\xAbCd", 6, decoded));
        QCOMPARE(decoded, QByteArray("\xab\xcd", 2));
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
        // A directory that exists but where no server listens: the same (libpq's text differs, and is translated).
        QTemporaryDir empty;
        p.host = empty.path();
        Database none(p);
        const auto nothing = none.open(password());
        QVERIFY(!nothing);
        QCOMPARE(nothing.error().code, QStringLiteral("db.unreachable"));
    }

    void aServerThatNeverAnswersIsUnreachable()
    {
        // A socket that listens but never answers: the connect gives up after connect_timeout (10 s), as libpq
        // itself would, and says unreachable.
        const int listener = socket(AF_INET, SOCK_STREAM, 0);
        QVERIFY(listener >= 0);
        sockaddr_in address {};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(0x7f000003); // 127.0.0.3
        socklen_t length = sizeof address;
        QVERIFY(bind(listener, reinterpret_cast<sockaddr*>(&address), length) == 0);
        QVERIFY(listen(listener, 1) == 0);
        QVERIFY(getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length) == 0);
        Profile p = m_profile;
        p.host = QStringLiteral("127.0.0.3");
        p.port = QString::number(ntohs(address.sin_port));
        p.sslMode = QStringLiteral("verify-full");
        Database db(p);
        const auto r = db.open(password());
        close(listener);
        QVERIFY(!r);
        QCOMPARE(r.error().code, QStringLiteral("db.unreachable"));
    }

    void refusedConnectionsAreClassifiedByTheServersCode()
    {
        Profile p = m_profile;
        p.database = QStringLiteral("tst_no_such_database");
        Database missing(p);
        const auto r = missing.open(password());
        QVERIFY(!r);
        QCOMPARE(r.error().code, QStringLiteral("db.missing")); // 3D000
        QVERIFY(r.error().message.contains(QLatin1String("tst_no_such_database")));
        QVERIFY(!r.error().message.contains(QLatin1String("3D000"))); // the code classifies; it is not shown

        Database noPassword(m_profile);
        const auto refused = noPassword.openWithoutPassword();
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, QStringLiteral("db.auth"));
    }

    void sqlErrorsAreClassifiedByTheirState_data()
    {
        QTest::addColumn<QString>("errcode");
        QTest::addColumn<QString>("sqlstate");
        QTest::addColumn<QString>("code");
        QTest::newRow("privilege") << "insufficient_privilege"
                                   << "42501"
                                   << "db.denied";
        QTest::newRow("serialization") << "serialization_failure"
                                       << "40001"
                                       << "db.conflict";
        QTest::newRow("deadlock") << "deadlock_detected"
                                  << "40P01"
                                  << "db.conflict";
        QTest::newRow("disk full") << "disk_full"
                                   << "53100"
                                   << "db.full";
        QTest::newRow("memory") << "out_of_memory"
                                << "53200"
                                << "db.busy";
        QTest::newRow("connections") << "too_many_connections"
                                     << "53300"
                                     << "db.busy";
        QTest::newRow("search limit") << "program_limit_exceeded"
                                      << "54000"
                                      << "db.limit";
        // Issue 10: a value the schema does not take, duplicates and missing references, in plain words.
        QTest::newRow("check") << "check_violation"
                               << "23514"
                               << "db.invalid";
        QTest::newRow("too long") << "string_data_right_truncation"
                                  << "22001"
                                  << "db.invalid";
        QTest::newRow("bad value") << "invalid_parameter_value"
                                   << "22023"
                                   << "db.invalid";
        QTest::newRow("duplicate") << "unique_violation"
                                   << "23505"
                                   << "db.exists";
        QTest::newRow("no such row") << "foreign_key_violation"
                                     << "23503"
                                     << "db.missing_reference";
        QTest::newRow("not found") << "no_data_found"
                                   << "P0002"
                                   << "db.not_found";
        QTest::newRow("raise") << "raise_exception"
                               << "P0001"
                               << "db.sql";
    }

    void sqlErrorsAreClassifiedByTheirState()
    {
        QFETCH(QString, errcode);
        QFETCH(QString, sqlstate);
        QFETCH(QString, code);
        Database db(m_profile);
        QVERIFY(db.open(password()));
        std::string seen;
        const auto r = db.run([&](pqxx::connection_base& c) {
            try {
                pqxx::nontransaction tx(c);
                tx.exec("DO $$ BEGIN RAISE EXCEPTION 'tst-detail-4711' USING ERRCODE = '" + errcode.toStdString()
                        + "'; END $$");
            } catch (const std::exception& e) {
                seen = Database::sqlstate(e);
                throw;
            }
        });
        QVERIFY(!r);
        QCOMPARE(QString::fromStdString(seen), sqlstate);
        QCOMPARE(r.error().code, code);
        QVERIFY(r.error().message.contains(QLatin1String("tst-detail-4711"))); // the server's text, as detail
    }

    void sqlErrorsCarryTheirState()
    {
        Database db(m_profile);
        QVERIFY(db.open(password()));
        const auto r = db.run([](pqxx::connection_base& c) {
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
            [](pqxx::connection_base& c) {
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
        const auto lost = db.run([](pqxx::connection_base& c) {
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
