#include "TestSupport.h"
#include "auth/Enrollment.h"
#include "auth/KeyRing.h"
#include "auth/Totp.h"
#include "auth/Unlock.h"
#include "core/Clock.h"
#include "keychain/Keychain.h"
#include "session/Services.h"
#include "session/Session.h"
#include "store/Database.h"
#include "store/Passwords.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>
#include <QThread>
#include <QUuid>
#include <atomic>
#include <pqxx/nontransaction>

using namespace art32;

/**
 * The GUI's Session against the real services: keychain → connect → locked → TOTP → keys opened in the
 * worker → lock; refusals, server-side expiry, reconnects, enrollment, logins that are no admins.
 */
class TestSession : public QObject
{
    Q_OBJECT

    const QString m_db = QStringLiteral("tst_session");
    Keychain m_keychain { QStringLiteral("Art32 Console session test %1").arg(QUuid::createUuid().toString()) };
    test::TestAdmin m_cto, m_sys, m_aud;
    qint64 m_offset = 0;

    /** A fresh TOTP period on the server, so a code is never a replay of an earlier test's. */
    QString nextCode(const test::TestAdmin& admin)
    {
        m_offset += 60;
        test::setServerClockOffset(m_db, m_offset);
        return test::codeFor(admin, m_offset);
    }

private slots:
    void initTestCase()
    {
        ART32_REQUIRE_SERVICES();
        test::ThreeAdmins admins = test::threeAdmins(m_db, QStringLiteral("tst_s"), m_keychain);
        m_cto = std::move(admins.cto);
        m_sys = std::move(admins.sysadmin);
        m_aud = std::move(admins.auditor);
        m_offset = admins.offset;
    }

    void cleanupTestCase() { test::forgetAdmins(m_keychain, { &m_cto, &m_sys, &m_aud }); }

    void unlockOpensTheKeysAndLockWipesThem()
    {
        Session s(m_cto.profile, &m_keychain);
        s.open();
        QCOMPARE(s.state(), Session::State::ReadingKeychain); // asynchronous: open() returned at once
        QTRY_COMPARE(s.state(), Session::State::Locked);
        QCOMPARE(s.admin().role, Role::Cto);
        QCOMPARE(test::unlockedBackends(m_db, m_cto.profile.user), 0LL);

        QSignalSpy info(&s, &Session::serverInfoChanged);
        s.unlock(nextCode(m_cto));
        QTRY_COMPARE(s.state(), Session::State::Unlocked);
        QCOMPARE(info.count(), 1);
        QCOMPARE(s.serverInfo().keys, ServerInfo::Keys::Open);
        QCOMPARE(s.serverInfo().kekVersion, 1);
        QVERIFY(s.serverInfo().schemaKnown);
        QCOMPARE(s.serverInfo().idleMinutes, 10);
        QVERIFY(s.expiresAt().isValid());
        QCOMPARE(test::unlockedBackends(m_db, m_cto.profile.user), 1LL);

        auto keysHeld = [&s] {
            // Ask the worker thread, where the KeyRing lives.
            bool held = false, answered = false;
            s.request(
                &s, [](Services& services) { return Result<bool>(services.holdsKek()); },
                [&held, &answered](Result<bool> r) {
                    held = r.value();
                    answered = true;
                });
            if (!QTest::qWaitFor([&] { return answered; }))
                qFatal("the session's worker did not answer");
            return held;
        };
        QVERIFY(keysHeld());

        // The answer to a view that was deleted meanwhile is dropped, never delivered to what is gone.
        {
            auto* owner = new QObject;
            std::atomic_bool started { false };
            bool delivered = false;
            bool later = false;
            s.request(
                owner,
                [&started](Services&) -> Result<void> {
                    started = true;
                    QThread::msleep(200);
                    return {};
                },
                [&delivered](Result<void>) { delivered = true; });
            QTRY_VERIFY(started.load());
            delete owner;
            s.request(
                &s, [](Services&) { return Result<bool>(true); }, [&later](Result<bool>) { later = true; });
            QTRY_VERIFY(later); // queued behind the first, so the first answer would have come already
            QVERIFY(!delivered);
        }

        // Long work running on the worker (as a rotation would) is told to stop by the lock itself, so the
        // wipe queued behind it is not kept waiting.
        auto token = s.cancelToken();
        std::atomic_bool running { false };
        std::atomic_bool stopped { false };
        s.request(
            &s,
            [token, &running, &stopped](Services&) -> Result<void> {
                running = true;
                QElapsedTimer waited;
                waited.start();
                while (!token->load() && waited.elapsed() < 10000)
                    QThread::msleep(5);
                stopped = token->load();
                return {};
            },
            [](Result<void>) {});
        QTRY_VERIFY(running.load());

        s.lock();
        QTRY_VERIFY(stopped.load());
        QCOMPARE(s.state(), Session::State::Locked);
        QCOMPARE(s.serverInfo().keys, ServerInfo::Keys::NotLoaded);
        QVERIFY(!keysHeld());
        QTRY_COMPARE(test::unlockedBackends(m_db, m_cto.profile.user), 0LL);
    }

    void wrongAndReplayedCodesAreRefusedWithReasons()
    {
        Session s(m_sys.profile, &m_keychain);
        QSignalSpy refused(&s, &Session::unlockRefused);
        s.open();
        QTRY_COMPARE(s.state(), Session::State::Locked);
        const QString right = nextCode(m_sys);
        const QString wrong = QString::number((right.toInt() + 500000) % 1000000).rightJustified(6, QLatin1Char('0'));
        s.unlock(wrong);
        QTRY_COMPARE(refused.count(), 1);
        QCOMPARE(s.state(), Session::State::Locked);
        QCOMPARE(s.lastOutcome().status, UnlockOutcome::Status::Wrong);

        s.unlock(right);
        QTRY_COMPARE(s.state(), Session::State::Unlocked);
        QCOMPARE(s.serverInfo().keys, ServerInfo::Keys::Open); // the CTO sealed the KEK to the sysadmin

        Session second(m_sys.profile, &m_keychain);
        QSignalSpy refused2(&second, &Session::unlockRefused);
        second.open();
        QTRY_COMPARE(second.state(), Session::State::Locked);
        second.unlock(right);
        QTRY_COMPARE(refused2.count(), 1);
        QCOMPARE(second.lastOutcome().status, UnlockOutcome::Status::Replayed);
    }

    void auditorHoldsNoKeys()
    {
        Session s(m_aud.profile, &m_keychain);
        s.open();
        QTRY_COMPARE(s.state(), Session::State::Locked);
        s.unlock(nextCode(m_aud));
        QTRY_COMPARE(s.state(), Session::State::Unlocked);
        QCOMPARE(s.serverInfo().keys, ServerInfo::Keys::NoneSealed);
    }

    void serverExpiryLocksTheSessionOnKeepAlive()
    {
        Session s(m_cto.profile, &m_keychain);
        s.open();
        QTRY_COMPARE(s.state(), Session::State::Locked);
        s.unlock(nextCode(m_cto));
        QTRY_COMPARE(s.state(), Session::State::Unlocked);
        m_offset += 11 * 60; // past the 10-minute idle expiry, on the server's clock
        test::setServerClockOffset(m_db, m_offset);
        s.keepAlive();
        QTRY_COMPARE(s.state(), Session::State::Locked);
        QCOMPARE(s.lastError().code, QStringLiteral("unlock.expired"));
    }

    void aReconnectComesBackLocked()
    {
        Session s(m_cto.profile, &m_keychain);
        s.open();
        QTRY_COMPARE(s.state(), Session::State::Locked);
        s.unlock(nextCode(m_cto));
        QTRY_COMPARE(s.state(), Session::State::Unlocked);
        const int pid = s.serverInfo().backendPid;
        test::superuserExec(m_db, "SELECT pg_terminate_backend(" + std::to_string(pid) + ")");
        s.refresh(); // finds the connection lost (a new backend would not be unlocked)
        QTRY_VERIFY(s.state() != Session::State::Unlocked);
        QVERIFY2(s.state() == Session::State::ConnectionLost, qPrintable(s.lastError().code + s.lastError().message));
        QCOMPARE(s.lastError().code, QStringLiteral("db.lost"));
        QCOMPARE(s.serverInfo().keys, ServerInfo::Keys::NotLoaded);
        s.reconnect(); // a new server session: it asks for a code again
        QTRY_COMPARE(s.state(), Session::State::Locked);
        QVERIFY(s.resuming());
        s.unlock(nextCode(m_cto));
        QTRY_COMPARE(s.state(), Session::State::Unlocked);
        QVERIFY(!s.resuming());
        QVERIFY(s.serverInfo().backendPid != pid);
        QCOMPARE(s.serverInfo().keys, ServerInfo::Keys::Open);
    }

    void missingKeychainEntryAndNonAdminLoginFailClearly()
    {
        Profile nobody = m_cto.profile;
        nobody.name = QStringLiteral("tst_s_nobody");
        Session missing(nobody, &m_keychain);
        missing.open();
        QTRY_COMPARE(missing.state(), Session::State::Failed);
        QCOMPARE(missing.lastError().code, QStringLiteral("keychain.missing"));

        const SecureBytes pw = randomPassword();
        test::createLoginRole(QStringLiteral("tst_s_plain"),
                              std::string(reinterpret_cast<const char*>(pw.data()), pw.size()));
        nobody.user = QStringLiteral("tst_s_plain");
        QVERIFY(m_keychain.writeNow(nobody.passwordKey(), pw.view()).ok());
        Session plain(nobody, &m_keychain);
        plain.open();
        QTRY_COMPARE(plain.state(), Session::State::Failed);
        QCOMPARE(plain.lastError().code, QStringLiteral("unlock.no_admin"));
        m_keychain.removeNow(nobody.passwordKey());
    }

    void enrollmentThroughTheSession()
    {
        // A new sysadmin, created by the superuser, not enrolled.
        test::superuserExec(m_db, "DROP ROLE IF EXISTS tst_s_new");
        const SecureBytes pw = randomPassword();
        pqxx::connection super(test::superuserProfile(m_db).connectionString());
        QVERIFY(admins::create(super, QStringLiteral("tst_s_new"), QStringLiteral("New"), Role::Sysadmin, pw));
        Profile p = m_cto.profile;
        p.name = QStringLiteral("tst_s_new");
        p.user = QStringLiteral("tst_s_new");
        QVERIFY(m_keychain.writeNow(p.passwordKey(), pw.view()).ok());

        Session s(p, &m_keychain);
        QSignalSpy finished(&s, &Session::enrollmentFinished);
        s.open();
        QTRY_COMPARE(s.state(), Session::State::NeedsEnrollment);
        auto e = std::make_shared<Enrollment>(Enrollment::prepare(QStringLiteral("tst_s_new")));
        const ManualClock serverTime(QDateTime::currentDateTimeUtc().addSecs(m_offset));
        const QString right = Totp::currentCode(e->totpSecret(), serverTime).value();
        // A wrong first code changes nothing, not even the keychain.
        s.enroll(e, QString::number((right.toInt() + 1) % 1000000).rightJustified(6, QLatin1Char('0')));
        QTRY_COMPARE(finished.count(), 1);
        QCOMPARE(finished.at(0).at(0).value<Error>().code, QStringLiteral("enroll.wrong_code"));
        QCOMPARE(m_keychain.readNow(p.privateKeyKey()).status, Keychain::Status::NotFound);
        QCOMPARE(s.state(), Session::State::NeedsEnrollment);
        // The local check uses this machine's clock; the server's is ahead by the offset. Enroll at real time
        // only when no offset applies, so reset it for this step.
        test::setServerClockOffset(m_db, 0);
        s.enroll(e, Totp::currentCode(e->totpSecret(), Clock::system()).value());
        QTRY_COMPARE(finished.count(), 2);
        QVERIFY2(finished.at(1).at(0).value<Error>().code.isEmpty(),
                 qPrintable(finished.at(1).at(0).value<Error>().message));
        QCOMPARE(s.state(), Session::State::Locked);
        QVERIFY(s.admin().enrolled);
        QCOMPARE(m_keychain.readNow(p.privateKeyKey()).status, Keychain::Status::Ok);
        test::setServerClockOffset(m_db, m_offset);
        m_keychain.removeNow(p.passwordKey());
        m_keychain.removeNow(p.privateKeyKey());
    }
};

QTEST_GUILESS_MAIN(TestSession)
#include "tst_session.moc"
