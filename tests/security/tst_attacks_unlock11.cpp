#include "SecuritySupport.h"
#include "auth/Unlock.h"

#include <QTest>
#include <QUuid>
#include <pqxx/nontransaction>

using namespace art32;
using test::kInsufficientPrivilege;

/**
 * art32.unlock_tries_left (migration 0011, issue 11 item 10), attacked with what an attacker holds: an admin login's
 * password without a code, another admin's password, a service role. A login learns its own budget of wrong codes
 * only; while locked it learns when the lock ends and nothing else; nobody reads another login's count, through the
 * function or around it (the tables, the guess sequences, a role switch).
 */
class TestAttacksUnlock11 : public QObject
{
    Q_OBJECT

    const QString m_db = QStringLiteral("tst_attacks_unlock11");
    Keychain m_keychain { QStringLiteral("Art32 Console unlock11 attacks %1").arg(QUuid::createUuid().toString()) };
    test::TestAdmin m_cto, m_sys, m_aud;
    qint64 m_offset = 0;
    const std::string m_servicePassword = "svc-" + QUuid::createUuid().toString(QUuid::Id128).toStdString();

    /** A six-digit code that is none of the admin's three valid ones now. */
    std::string wrongCode(const test::TestAdmin& admin) const
    {
        const QString valid[] = { test::codeFor(admin, m_offset - 30), test::codeFor(admin, m_offset),
                                  test::codeFor(admin, m_offset + 30) };
        int c = (valid[1].toInt() + 500000) % 1000000;
        auto isValid = [&](int n) {
            const QString s = QString::number(n).rightJustified(6, QLatin1Char('0'));
            return s == valid[0] || s == valid[1] || s == valid[2];
        };
        while (isValid(c))
            c = (c + 1) % 1000000;
        return QString::number(c).rightJustified(6, QLatin1Char('0')).toStdString();
    }

    static std::string triesLeft(Database& db)
    {
        return test::scalar(db,
                            "SELECT coalesce(tries_left::text, 'null') || '/' || "
                            "(locked_until IS NOT NULL)::text || '/' || "
                            "coalesce(lock_minutes::text, 'null') FROM art32.unlock_tries_left()")
            .value_or("failed");
    }

    std::string adminId(const test::TestAdmin& admin)
    {
        return std::to_string(test::superuserCount(
            m_db, "SELECT id FROM art32.admins WHERE login = " + test::literal(admin.profile.user.toStdString())));
    }

private slots:
    void initTestCase()
    {
        ART32_REQUIRE_SERVICES();
        test::ThreeAdmins admins = test::threeAdmins(m_db, QStringLiteral("tst_u11"), m_keychain);
        m_cto = std::move(admins.cto);
        m_sys = std::move(admins.sysadmin);
        m_aud = std::move(admins.auditor);
        m_offset = admins.offset;
        test::superuserExec(m_db,
                            "DROP ROLE IF EXISTS tst_u11_platform; CREATE ROLE tst_u11_platform LOGIN PASSWORD "
                                + test::literal(m_servicePassword) + " IN ROLE art32_platform");
    }

    void cleanupTestCase()
    {
        test::forgetAdmins(m_keychain, { &m_cto, &m_sys, &m_aud });
        test::superuserExec(m_db, "DROP ROLE IF EXISTS tst_u11_platform");
    }

    void aLoginLearnsItsOwnCountOnly()
    {
        auto sys = test::loginAs(m_sys, m_keychain);
        auto cto = test::loginAs(m_cto, m_keychain);
        QVERIFY(sys && cto);
        QCOMPARE(triesLeft(*sys), std::string("5/false/15"));
        // Two wrong codes of the sysadmin count for the sysadmin, not for the CTO.
        for (int i = 0; i < 2; ++i)
            QCOMPARE(test::sqlstate(*sys, "SELECT art32.unlock_session('" + wrongCode(m_sys) + "')"), std::string());
        QCOMPARE(triesLeft(*sys), std::string("3/false/15"));
        QCOMPARE(triesLeft(*cto), std::string("5/false/15"));
        // The C++ side reads the same.
        auto left = sys->call([](pqxx::connection_base& c) { return unlock::triesLeft(c); });
        QVERIFY(left);
        QCOMPARE(left->tries, 3);
        QCOMPARE(left->lockMinutes, 15);

        // The CTO's password holder (locked) tries to read the sysadmin's count around the function.
        const std::string sysId = adminId(m_sys);
        QCOMPARE(test::sqlstate(*cto, "SELECT art32.unlock_tries_left('" + m_sys.profile.user.toStdString() + "')"),
                 std::string("42883")); // there is no variant that names a login
        QCOMPARE(test::sqlstate(*cto, "SELECT consecutive_failures FROM art32.admin_totp"),
                 std::string(kInsufficientPrivilege));
        QCOMPARE(test::sqlstate(*cto, "SELECT count(*) FROM art32.totp_failures"), std::string(kInsufficientPrivilege));
        QCOMPARE(test::sqlstate(*cto, "SELECT last_value FROM art32.unlock_guesses_" + sysId),
                 std::string(kInsufficientPrivilege));
        QCOMPARE(test::sqlstate(*cto, "SELECT pg_sequence_last_value('art32.unlock_guesses_" + sysId + "')"),
                 std::string(kInsufficientPrivilege));
        QCOMPARE(test::sqlstate(*cto, "SET ROLE " + m_sys.profile.user.toStdString()),
                 std::string(kInsufficientPrivilege));
        QCOMPARE(test::sqlstate(*cto, "SET SESSION AUTHORIZATION " + m_sys.profile.user.toStdString()),
                 std::string(kInsufficientPrivilege));
        // An unlocked CTO does not read it either (it is no CTO's business how close an admin is to a lock).
        auto unlockedCto = test::unlockedAs(m_db, m_cto, m_keychain, m_offset);
        QVERIFY(unlockedCto);
        QCOMPARE(triesLeft(*unlockedCto), std::string("5/false/15"));
        QCOMPARE(test::sqlstate(*unlockedCto, "SELECT consecutive_failures FROM art32.admin_totp"),
                 std::string(kInsufficientPrivilege));

        // A service role with a password but no admin group may not ask at all.
        auto platform = test::loginAs(m_db, QStringLiteral("tst_u11_platform"), m_servicePassword);
        QVERIFY(platform);
        QCOMPARE(test::sqlstate(*platform, "SELECT * FROM art32.unlock_tries_left()"),
                 std::string(kInsufficientPrivilege));
        QCOMPARE(test::sqlstate(*platform, "SELECT art32.admins_locked_out()"), std::string(kInsufficientPrivilege));
    }

    void rolledBackGuessesCountAtOnce()
    {
        // The 0009 rule (a rolled-back guess is a failure) shows in the count before the next attempt: rolling back
        // buys no fresh budget, and the dialog's number is never too high.
        auto aud = test::loginAs(m_aud, m_keychain);
        QVERIFY(aud);
        QCOMPARE(triesLeft(*aud), std::string("5/false/15"));
        QCOMPARE(test::sqlstate(*aud, "BEGIN; SELECT art32.unlock_session('" + wrongCode(m_aud) + "'); ROLLBACK"),
                 std::string());
        QCOMPARE(triesLeft(*aud), std::string("4/false/15"));
    }

    void aLockedLoginLearnsWhenItEndsAndNothingElse()
    {
        auto sys = test::loginAs(m_sys, m_keychain);
        QVERIFY(sys);
        // Three more wrong codes: five in a row lock the sysadmin.
        for (int i = 0; i < 3; ++i)
            QCOMPARE(test::sqlstate(*sys, "SELECT art32.unlock_session('" + wrongCode(m_sys) + "')"), std::string());
        QCOMPARE(test::scalar(*sys, "SELECT status FROM art32.unlock_outcome()"), std::optional<std::string>("wrong"));
        QCOMPARE(triesLeft(*sys), std::string("null/true/null"));
        // The end it gives is the lock's, to the second.
        const std::string until
            = test::scalar(*sys, "SELECT extract(epoch FROM locked_until)::bigint FROM art32.unlock_tries_left()")
                  .value_or("");
        QCOMPARE(std::to_string(
                     test::superuserCount(m_db,
                                          "SELECT extract(epoch FROM t.locked_until)::bigint FROM art32.admin_totp t "
                                          "JOIN art32.admins a ON a.id = t.admin_id WHERE a.login = 'tst_u11_sys'")),
                 until);
        // Locked, it reads nothing more than before: no admin count, no table, no other function.
        QCOMPARE(test::sqlstate(*sys, "SELECT art32.admins_locked_out()"), std::string(kInsufficientPrivilege));
        QCOMPARE(test::sqlstate(*sys, "SELECT * FROM art32.admin_totp"), std::string(kInsufficientPrivilege));
        // Even the right code now tells it only "locked".
        QCOMPARE(
            test::sqlstate(*sys, "SELECT art32.unlock_session('" + test::codeFor(m_sys, m_offset).toStdString() + "')"),
            std::string());
        QCOMPARE(test::scalar(*sys, "SELECT status FROM art32.unlock_outcome()"), std::optional<std::string>("locked"));
        QCOMPARE(triesLeft(*sys), std::string("null/true/null"));

        // The locked-out count is for a CTO or an auditor, unlocked.
        auto cto = test::unlockedAs(m_db, m_cto, m_keychain, m_offset);
        auto aud = test::unlockedAs(m_db, m_aud, m_keychain, m_offset);
        QVERIFY(cto && aud);
        QCOMPARE(test::scalar(*cto, "SELECT art32.admins_locked_out()"), std::optional<std::string>("1"));
        QCOMPARE(test::scalar(*aud, "SELECT art32.admins_locked_out()"), std::optional<std::string>("1"));
        auto lockedCto = test::loginAs(m_cto, m_keychain);
        QCOMPARE(test::sqlstate(*lockedCto, "SELECT art32.admins_locked_out()"), std::string(kInsufficientPrivilege));
    }
};

QTEST_GUILESS_MAIN(TestAttacksUnlock11)
#include "tst_attacks_unlock11.moc"
