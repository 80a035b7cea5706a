#include "TestSupport.h"
#include "auth/Enrollment.h"
#include "auth/KeyRing.h"
#include "auth/Totp.h"
#include "auth/Unlock.h"
#include "core/Clock.h"
#include "crypto/Keys.h"
#include "keychain/Keychain.h"
#include "store/Database.h"
#include "store/Migrator.h"
#include "store/Passwords.h"

#include <QTest>
#include <QUuid>
#include <map>
#include <memory>
#include <pqxx/binarystring>
#include <pqxx/nontransaction>
#include <pqxx/transaction>

using namespace art32;

/**
 * The server-verified TOTP unlock of DESIGN.md §4.2 against the harness's PostgreSQL: RFC 6238 vectors on
 * both sides, replay, lockout and its expiry (server clock moved through the superuser-only test hook),
 * disabled admins, locked sessions reading nothing, enrollment.
 */
class TestUnlock : public QObject
{
    Q_OBJECT

    struct Admin
    {
        Profile profile;
        SecureBytes password;
        SecureBytes totp;
        QByteArray publicKey;
        SecureBytes privateKey;
    };
    std::map<QString, Admin> m_admins;
    Keychain m_keychain { QStringLiteral("Art32 Console unlock test %1").arg(QUuid::createUuid().toString()) };
    std::unique_ptr<pqxx::connection> m_super;
    qint64 m_offset = 0; // seconds the server clock is moved ahead

    pqxx::connection_base& super()
    {
        if (!m_super)
            m_super = std::make_unique<pqxx::connection>(
                test::superuserProfile(QStringLiteral("tst_unlock")).connectionString());
        return *m_super;
    }

    void superExec(const std::string& sql)
    {
        pqxx::nontransaction tx(super());
        tx.exec(sql);
    }

    long long superCount(const std::string& sql)
    {
        pqxx::nontransaction tx(super());
        return tx.exec(sql)[0][0].as<long long>();
    }

    void moveServerClock(qint64 seconds)
    {
        m_offset += seconds;
        pqxx::work tx(super());
        tx.exec_params("INSERT INTO art32.test_clock (offset_by) VALUES (make_interval(secs => $1)) "
                       "ON CONFLICT (singleton) DO UPDATE SET offset_by = EXCLUDED.offset_by",
                       static_cast<double>(m_offset));
        tx.commit();
    }

    /** The code the admin's authenticator shows now (in server time), or `steps` periods later. */
    QString code(const QString& login, int steps = 0) const
    {
        const qint64 t = QDateTime::currentSecsSinceEpoch() + m_offset + steps * Totp::kStep;
        return Totp::codeAt(m_admins.at(login).totp, t).value();
    }

    QString wrongCode(const QString& login) const
    {
        QString c = code(login);
        for (int i = -1; i <= 1; ++i)
            c = QString::number((c.toInt() + 500000) % 1000000).rightJustified(6, QLatin1Char('0'));
        while (c == code(login, -1) || c == code(login) || c == code(login, 1))
            c = QString::number((c.toInt() + 1) % 1000000).rightJustified(6, QLatin1Char('0'));
        return c;
    }

    std::unique_ptr<Database> connectAs(const QString& login)
    {
        auto db = std::make_unique<Database>(m_admins.at(login).profile);
        auto r = db->open(SecureBytes::fromByteArray(m_admins.at(login).password.view()));
        if (!r)
            qWarning() << r.error().message;
        return db;
    }

    template<typename F> static auto on(Database& db, F&& f)
    {
        return db.run([&](pqxx::connection_base& c) { return f(c); }).value();
    }

    void createAndEnroll(const QString& login, const QString& role)
    {
        Admin a;
        a.profile = test::superuserProfile(QStringLiteral("tst_unlock"));
        a.profile.name = login;
        a.profile.user = login;
        a.password = randomPassword();
        QVERIFY(admins::create(super(), login, QStringLiteral("Test ") + login, roleFromKey(role), a.password));
        m_admins[login] = std::move(a);
        auto db = connectAs(login);
        QVERIFY(db->isOpen());
        Enrollment e = Enrollment::prepare(login);
        const QString first = Totp::currentCode(e.totpSecret(), Clock::system()).value();
        const auto done = on(*db, [&](pqxx::connection_base& c) {
            return e.complete(c, m_keychain, m_admins[login].profile, first, Clock::system());
        });
        QVERIFY2(done, qPrintable(done.error().message));
        Admin& stored = m_admins[login];
        stored.totp = SecureBytes::fromByteArray(e.totpSecret().view());
        stored.publicKey = e.publicKey();
        auto pk = m_keychain.readNow(stored.profile.privateKeyKey());
        QVERIFY(pk.ok());
        stored.privateKey = SecureBytes::fromByteArray(pk.secret);
        wipe(pk.secret);
        QCOMPARE(keys::publicKeyOf(stored.privateKey), stored.publicKey);
    }

    UnlockOutcome unlockAs(Database& db, const QString& c)
    {
        return on(db, [&](pqxx::connection_base& conn) { return unlock::unlockSession(conn, c); }).value();
    }

private slots:
    void initTestCase()
    {
        ART32_REQUIRE_SERVICES();
        test::freshDatabase(QStringLiteral("tst_unlock"));
        const auto migrated = Migrator().migrate(super());
        QVERIFY2(migrated, qPrintable(migrated.error().message));
        // Roles are cluster-wide and other test runs may have left these behind.
        for (const char* login : { "tst_cto", "tst_sys", "tst_aud", "tst_new" })
            superExec(std::string("DROP ROLE IF EXISTS ") + login);
        createAndEnroll(QStringLiteral("tst_cto"), QStringLiteral("cto"));
        createAndEnroll(QStringLiteral("tst_sys"), QStringLiteral("sysadmin"));
        createAndEnroll(QStringLiteral("tst_aud"), QStringLiteral("auditor"));
    }

    void cleanupTestCase()
    {
        for (auto& [login, admin] : m_admins)
            m_keychain.removeNow(admin.profile.privateKeyKey());
    }

    void rfc6238Vectors_data()
    {
        QTest::addColumn<qint64>("time");
        QTest::addColumn<QString>("sha1");
        QTest::addColumn<QString>("sha256");
        QTest::addColumn<QString>("sha512");
        // RFC 6238 Appendix B.
        QTest::newRow("59") << qint64(59) << "94287082"
                            << "46119246"
                            << "90693936";
        QTest::newRow("1111111109") << qint64(1111111109) << "07081804"
                                    << "68084774"
                                    << "25091201";
        QTest::newRow("1111111111") << qint64(1111111111) << "14050471"
                                    << "67062674"
                                    << "99943326";
        QTest::newRow("1234567890") << qint64(1234567890) << "89005924"
                                    << "91819424"
                                    << "93441116";
        QTest::newRow("2000000000") << qint64(2000000000) << "69279037"
                                    << "90698825"
                                    << "38618901";
        QTest::newRow("20000000000") << qint64(20000000000) << "65353130"
                                     << "77737706"
                                     << "47863826";
    }

    void rfc6238Vectors()
    {
        QFETCH(qint64, time);
        QFETCH(QString, sha1);
        QFETCH(QString, sha256);
        QFETCH(QString, sha512);
        const QByteArray key20 = QByteArrayLiteral("12345678901234567890");
        // Client: liboath.
        QCOMPARE(Totp::codeAt(SecureBytes::fromByteArray(key20), time, 8).value(), sha1);
        // Server: the SQL implementation art32.unlock_session uses.
        auto sql = [&](const QByteArray& key, const char* algorithm) {
            pqxx::nontransaction tx(super());
            return QString::fromStdString(
                tx.exec_params("SELECT art32.totp_code($1, $2, 8, $3)",
                               pqxx::binarystring(key.constData(), static_cast<std::size_t>(key.size())),
                               static_cast<long long>(time / 30), std::string(algorithm))[0][0]
                    .as<std::string>());
        };
        QCOMPARE(sql(key20, "sha1"), sha1);
        QCOMPARE(sql(key20.repeated(2).left(32), "sha256"), sha256);
        QCOMPARE(sql(QByteArrayLiteral("1234567890").repeated(7).left(64), "sha512"), sha512);
    }

    void rightCodeUnlocksThisConnectionOnly()
    {
        auto a = connectAs(QStringLiteral("tst_cto"));
        auto b = connectAs(QStringLiteral("tst_cto"));
        QCOMPARE(on(*a, [](auto& c) { return unlock::isUnlocked(c); }).value(), false);
        const UnlockOutcome ok = unlockAs(*a, code(QStringLiteral("tst_cto"), 1));
        QVERIFY2(ok.ok(), qPrintable(ok.message()));
        QVERIFY(ok.expiresAt > QDateTime::currentDateTimeUtc().addSecs(9 * 60));
        QVERIFY(on(*a, [](auto& c) { return unlock::isUnlocked(c); }).value());
        // Another connection of the same admin stays locked until it unlocks itself.
        QCOMPARE(on(*b, [](auto& c) { return unlock::isUnlocked(c); }).value(), false);
    }

    void sameCodeIsRefusedOnASecondConnection()
    {
        moveServerClock(60); // a fresh time step
        auto a = connectAs(QStringLiteral("tst_sys"));
        auto b = connectAs(QStringLiteral("tst_sys"));
        const QString c = code(QStringLiteral("tst_sys"));
        QVERIFY(unlockAs(*a, c).ok());
        const UnlockOutcome replay = unlockAs(*b, c);
        QCOMPARE(replay.status, UnlockOutcome::Status::Replayed);
        QVERIFY(replay.message().contains(QLatin1String("used already")));
        QCOMPARE(on(*b, [](auto& conn) { return unlock::isUnlocked(conn); }).value(), false);
        QCOMPARE(superCount("SELECT count(*) FROM art32.audit_events WHERE actor = 'tst_sys' AND action = "
                            "'unlock.replayed'"),
                 1LL);
    }

    void lockedSessionReadsNoKeysAndUnlockedOneOnlyItsOwn()
    {
        auto cto = connectAs(QStringLiteral("tst_cto"));
        moveServerClock(60);
        QVERIFY(unlockAs(*cto, code(QStringLiteral("tst_cto"))).ok());
        // keys init: a KEK and an index key sealed to the CTO's own public key.
        const Admin& me = m_admins.at(QStringLiteral("tst_cto"));
        const SecureBytes kek = keys::randomKey();
        const SecureBytes index = keys::randomKey();
        const QByteArray sealedKek = keys::seal(kek, me.publicKey);
        const QByteArray sealedIndex = keys::seal(index, me.publicKey);
        on(*cto, [&](pqxx::connection_base& c) {
            pqxx::work tx(c);
            tx.exec_params("SELECT art32.keys_init($1, $2)",
                           pqxx::binarystring(sealedKek.constData(), static_cast<std::size_t>(sealedKek.size())),
                           pqxx::binarystring(sealedIndex.constData(), static_cast<std::size_t>(sealedIndex.size())));
            tx.commit();
            return 0;
        });
        KeyRing ring;
        QVERIFY(on(*cto, [&](auto& c) { return ring.load(c, me.publicKey, me.privateKey); }));
        QCOMPARE(ring.kekVersion(), 1);
        QVERIFY(ring.withKek(1, [&](const SecureBytes& k) { return k.equals(kek); }).value());

        // The same admin on a locked connection: the rows exist, RLS shows none.
        auto locked = connectAs(QStringLiteral("tst_cto"));
        const auto visible = on(*locked, [](pqxx::connection_base& c) {
            pqxx::read_transaction tx(c);
            return tx.exec("SELECT (SELECT count(*) FROM art32.sealed_keys), (SELECT count(*) FROM art32.admins), "
                           "(SELECT count(*) FROM art32.audit_events)")[0];
        });
        QCOMPARE(visible[0].as<int>(), 0);
        QCOMPARE(visible[1].as<int>(), 0);
        QCOMPARE(visible[2].as<int>(), 0);
        QVERIFY(superCount("SELECT count(*) FROM art32.sealed_keys") >= 2);
        // The TOTP secrets are out of reach even when unlocked.
        const auto secrets = cto->run([](pqxx::connection_base& c) {
            pqxx::read_transaction tx(c);
            tx.exec("SELECT secret FROM art32.admin_totp");
        });
        QVERIFY(!secrets);
        QCOMPARE(secrets.error().code, QStringLiteral("db.denied"));
    }

    void sealingGivesASysadminTheKekButNeverAnAuditor()
    {
        auto cto = connectAs(QStringLiteral("tst_cto"));
        moveServerClock(60);
        QVERIFY(unlockAs(*cto, code(QStringLiteral("tst_cto"))).ok());
        const Admin& me = m_admins.at(QStringLiteral("tst_cto"));
        KeyRing ring;
        QVERIFY(on(*cto, [&](auto& c) { return ring.load(c, me.publicKey, me.privateKey); }));
        auto sealFor = [&](const QString& login) {
            const QByteArray pk = on(*cto, [&](auto& c) { return admins::publicKeyOf(c, login); }).value();
            const QByteArray sealed = ring.withKek(1, [&](const SecureBytes& k) { return keys::seal(k, pk); }).value();
            return cto->run([&](pqxx::connection_base& c) {
                pqxx::work tx(c);
                tx.exec_params("SELECT art32.seal_key_for($1, 'kek', 1, $2)", login.toStdString(),
                               pqxx::binarystring(sealed.constData(), static_cast<std::size_t>(sealed.size())));
                tx.commit();
            });
        };
        QVERIFY(sealFor(QStringLiteral("tst_sys")));
        const auto refused = sealFor(QStringLiteral("tst_aud"));
        QVERIFY(!refused);
        QVERIFY(refused.error().message.contains(QLatin1String("auditors never hold")));

        auto sys = connectAs(QStringLiteral("tst_sys"));
        moveServerClock(60);
        QVERIFY(unlockAs(*sys, code(QStringLiteral("tst_sys"))).ok());
        const Admin& sa = m_admins.at(QStringLiteral("tst_sys"));
        KeyRing sysRing;
        QVERIFY(on(*sys, [&](auto& c) { return sysRing.load(c, sa.publicKey, sa.privateKey); }));
        QCOMPARE(sysRing.kekVersion(), 1);
        QCOMPARE(sysRing.indexVersion(), 0);
    }

    void privilegedFunctionsAreRefusedToTheWrongRoleOrALockedSession()
    {
        const SecureBytes pw = randomPassword();
        auto lockedCto = connectAs(QStringLiteral("tst_cto"));
        auto r = on(*lockedCto, [&](auto& c) {
            return admins::create(c, QStringLiteral("tst_nobody"), QStringLiteral("x"), Role::Auditor, pw);
        });
        QVERIFY(!r);
        QCOMPARE(r.error().code, QStringLiteral("db.denied"));
        QVERIFY(r.error().message.contains(QLatin1String("locked")));

        auto sys = connectAs(QStringLiteral("tst_sys"));
        moveServerClock(60);
        QVERIFY(unlockAs(*sys, code(QStringLiteral("tst_sys"))).ok());
        r = on(*sys, [&](auto& c) {
            return admins::create(c, QStringLiteral("tst_nobody"), QStringLiteral("x"), Role::Auditor, pw);
        });
        QVERIFY(!r);
        QCOMPARE(r.error().code, QStringLiteral("db.denied"));
        // An unlocked admin still cannot move the server clock.
        const auto clock = sys->run([](pqxx::connection_base& c) {
            pqxx::work tx(c);
            tx.exec("INSERT INTO art32.test_clock (offset_by) VALUES (interval '1 day')");
            tx.commit();
        });
        QVERIFY(!clock);
        QCOMPARE(clock.error().code, QStringLiteral("db.denied"));
        QCOMPARE(superCount("SELECT count(*) FROM pg_roles WHERE rolname = 'tst_nobody'"), 0LL);
    }

    void ctoOnlyFunctionsRefuseUnlockedSysadminsAndAuditors_data()
    {
        QTest::addColumn<QString>("login");
        QTest::addColumn<QString>("sql");
        for (const char* login : { "tst_sys", "tst_aud" }) {
            for (const char* sql :
                 { "SELECT art32.seal_key_for('tst_sys', 'kek', 1, decode(repeat('00', 80), 'hex'))",
                   "SELECT art32.keys_init(decode(repeat('00', 80), 'hex'), decode(repeat('00', 80), 'hex'))",
                   "SELECT art32.set_policy('idle_minutes', 600)", "SELECT art32.admin_set_disabled('tst_cto', true)",
                   "SELECT art32.admin_reset_enrollment('tst_cto')" })
                QTest::newRow(
                    qPrintable(QStringLiteral("%1: %2").arg(QLatin1String(login), QString::fromLatin1(sql).left(40))))
                    << QString::fromLatin1(login) << QString::fromLatin1(sql);
        }
    }

    void ctoOnlyFunctionsRefuseUnlockedSysadminsAndAuditors()
    {
        QFETCH(QString, login);
        QFETCH(QString, sql);
        moveServerClock(60);
        auto db = connectAs(login);
        QVERIFY(unlockAs(*db, code(login)).ok());
        const auto r = db->run([&](pqxx::connection_base& c) {
            pqxx::work tx(c);
            tx.exec(sql.toStdString());
            tx.commit();
        });
        QVERIFY(!r);
        QCOMPARE(r.error().code, QStringLiteral("db.denied"));
        QCOMPARE(superCount("SELECT count(*) FROM art32.admins WHERE login = 'tst_cto' AND disabled_at IS NULL "
                            "AND enrolled_at IS NOT NULL"),
                 1LL);
        QCOMPARE(superCount("SELECT value FROM art32.policy WHERE key = 'idle_minutes'"), 10LL);
    }

    void fiveWrongCodesLockForFifteenMinutes()
    {
        moveServerClock(60);
        auto db = connectAs(QStringLiteral("tst_aud"));
        for (int i = 1; i <= 4; ++i) {
            const UnlockOutcome w = unlockAs(*db, wrongCode(QStringLiteral("tst_aud")));
            QCOMPARE(w.status, UnlockOutcome::Status::Wrong);
            QVERIFY(!w.lockedUntil.isValid());
        }
        const UnlockOutcome fifth = unlockAs(*db, wrongCode(QStringLiteral("tst_aud")));
        QCOMPARE(fifth.status, UnlockOutcome::Status::Wrong);
        QVERIFY(fifth.lockedUntil.isValid());
        const qint64 lockSecs = QDateTime::currentDateTimeUtc().addSecs(m_offset).secsTo(fifth.lockedUntil);
        QVERIFY2(lockSecs > 14 * 60 && lockSecs <= 15 * 60, qPrintable(QString::number(lockSecs)));
        QVERIFY(fifth.message().contains(QLatin1String("locked until")));

        // Locked: even the right code is refused, on any connection.
        auto other = connectAs(QStringLiteral("tst_aud"));
        const UnlockOutcome locked = unlockAs(*other, code(QStringLiteral("tst_aud")));
        QCOMPARE(locked.status, UnlockOutcome::Status::Locked);
        QCOMPARE(locked.lockedUntil, fifth.lockedUntil);

        // Fifteen minutes later (server clock) the right code works again.
        moveServerClock(16 * 60);
        QVERIFY(unlockAs(*other, code(QStringLiteral("tst_aud"))).ok());
        QVERIFY(superCount("SELECT count(*) FROM art32.audit_events WHERE actor = 'tst_aud' AND action = "
                           "'unlock.locked'")
                >= 1);
    }

    void neverMoreThanTheHourlyCap()
    {
        superExec("UPDATE art32.policy SET value = 7 WHERE key = 'totp_max_failures_per_hour'");
        moveServerClock(3600); // an hour without failures
        auto db = connectAs(QStringLiteral("tst_aud"));
        for (int i = 0; i < 5; ++i)
            unlockAs(*db, wrongCode(QStringLiteral("tst_aud"))); // the fifth locks for 15 minutes
        moveServerClock(16 * 60);
        QCOMPARE(unlockAs(*db, wrongCode(QStringLiteral("tst_aud"))).status, UnlockOutcome::Status::Wrong);
        QCOMPARE(unlockAs(*db, wrongCode(QStringLiteral("tst_aud"))).status, UnlockOutcome::Status::Wrong);
        // Seven failures within the hour: locked although only two were consecutive since the last lock.
        const UnlockOutcome capped = unlockAs(*db, code(QStringLiteral("tst_aud")));
        QCOMPARE(capped.status, UnlockOutcome::Status::Locked);
        superExec("UPDATE art32.policy SET value = 100 WHERE key = 'totp_max_failures_per_hour'");
        moveServerClock(3600);
    }

    void disabledAdminIsRefusedAndLosesItsUnlockedSession()
    {
        auto db = connectAs(QStringLiteral("tst_sys"));
        moveServerClock(60);
        QVERIFY(unlockAs(*db, code(QStringLiteral("tst_sys"))).ok());
        QVERIFY(admins::setDisabled(super(), QStringLiteral("tst_sys"), true));
        QCOMPARE(on(*db, [](auto& c) { return unlock::isUnlocked(c); }).value(), false);
        moveServerClock(60);
        const UnlockOutcome refused = unlockAs(*db, code(QStringLiteral("tst_sys")));
        QCOMPARE(refused.status, UnlockOutcome::Status::Disabled);
        QVERIFY(admins::setDisabled(super(), QStringLiteral("tst_sys"), false));
        QVERIFY(unlockAs(*db, code(QStringLiteral("tst_sys"))).ok());
    }

    void lockAndKeepAlive()
    {
        auto db = connectAs(QStringLiteral("tst_cto"));
        moveServerClock(60);
        const UnlockOutcome ok = unlockAs(*db, code(QStringLiteral("tst_cto")));
        QVERIFY(ok.ok());
        moveServerClock(5 * 60);
        const QDateTime extended = on(*db, [](auto& c) { return unlock::keepAlive(c); }).value();
        QVERIFY(extended > ok.expiresAt.addSecs(4 * 60));
        // Idle past the expiry: locked, and keep-alive cannot revive it.
        moveServerClock(11 * 60);
        QCOMPARE(on(*db, [](auto& c) { return unlock::isUnlocked(c); }).value(), false);
        QVERIFY(!on(*db, [](auto& c) { return unlock::keepAlive(c); }).value().isValid());
        moveServerClock(60);
        QVERIFY(unlockAs(*db, code(QStringLiteral("tst_cto"))).ok());
        QVERIFY(on(*db, [](auto& c) { return unlock::lockSession(c); }));
        QCOMPARE(on(*db, [](auto& c) { return unlock::isUnlocked(c); }).value(), false);
    }

    void wrongFirstCodeChangesNothing()
    {
        const SecureBytes pw = randomPassword();
        QVERIFY(admins::create(super(), QStringLiteral("tst_new"), QStringLiteral("New"), Role::Sysadmin, pw));
        Profile p = test::superuserProfile(QStringLiteral("tst_unlock"));
        p.name = QStringLiteral("tst_new");
        p.user = QStringLiteral("tst_new");
        Database db(p);
        QVERIFY(db.open(SecureBytes::fromByteArray(pw.view())));
        Enrollment e = Enrollment::prepare(QStringLiteral("tst_new"));
        const QString right = Totp::currentCode(e.totpSecret(), Clock::system()).value();
        const QString wrong = QString::number((right.toInt() + 333333) % 1000000).rightJustified(6, QLatin1Char('0'));
        const auto r = on(db, [&](auto& c) { return e.complete(c, m_keychain, p, wrong, Clock::system()); });
        QVERIFY(!r);
        QCOMPARE(r.error().code, QStringLiteral("enroll.wrong_code"));
        QCOMPARE(m_keychain.readNow(p.privateKeyKey()).status, Keychain::Status::NotFound);
        QCOMPARE(on(db, [](auto& c) { return unlock::whoami(c); }).value().enrolled, false);
        // The server checks too: straight to art32.enroll with a wrong code is refused and audited.
        const std::string status = on(db, [&](pqxx::connection_base& c) {
            pqxx::work tx(c);
            const QByteArray pk = e.publicKey();
            auto s = tx.exec_params("SELECT art32.enroll($1, $2, $3)",
                                    pqxx::binarystring(pk.constData(), static_cast<std::size_t>(pk.size())),
                                    pqxx::binarystring(e.totpSecret().data(), e.totpSecret().size()),
                                    wrong.toStdString())[0][0]
                         .as<std::string>();
            tx.commit();
            return s;
        });
        QCOMPARE(status, std::string("wrong"));
        QCOMPARE(superCount("SELECT count(*) FROM art32.admins WHERE login = 'tst_new' AND enrolled_at IS NULL"), 1LL);
        QCOMPARE(superCount("SELECT count(*) FROM art32.audit_events WHERE action = 'enroll.wrong_code' AND object = "
                            "'tst_new'"),
                 1LL);
        // And the right code enrolls (the server's clock is ahead by the test offset by now).
        const ManualClock serverTime(QDateTime::currentDateTimeUtc().addSecs(m_offset));
        const QString now = Totp::currentCode(e.totpSecret(), serverTime).value();
        QVERIFY(on(db, [&](auto& c) { return e.complete(c, m_keychain, p, now, serverTime); }));
        QVERIFY(on(db, [](auto& c) { return unlock::whoami(c); }).value().enrolled);
        m_keychain.removeNow(p.privateKeyKey());
    }

    void rolledBackAttemptsTeachNothing()
    {
        // An attacker with the password alone tries codes inside transactions it rolls back, hoping to dodge
        // the failure count: the server tells nothing and unlocks nothing before the attempt is committed.
        moveServerClock(60);
        auto db = connectAs(QStringLiteral("tst_sys"));
        const QString right = code(QStringLiteral("tst_sys"));
        const auto seen = on(*db, [&](pqxx::connection_base& c) {
            pqxx::work tx(c);
            tx.exec_params("SELECT art32.unlock_session($1)", right.toStdString());
            const std::string outcome = tx.exec("SELECT status FROM art32.unlock_outcome()")[0][0].as<std::string>();
            const bool unlocked = tx.exec("SELECT art32.session_is_unlocked()")[0][0].as<bool>();
            const long long admins = tx.exec("SELECT count(*) FROM art32.admins")[0][0].as<long long>();
            tx.exec("SAVEPOINT probe");
            const bool unlockedInSavepoint = tx.exec("SELECT art32.session_is_unlocked()")[0][0].as<bool>();
            tx.abort();
            return std::make_tuple(outcome, unlocked, admins, unlockedInSavepoint);
        });
        QCOMPARE(std::get<0>(seen), std::string("pending"));
        QCOMPARE(std::get<1>(seen), false);
        QCOMPARE(std::get<2>(seen), 0LL);
        QCOMPARE(std::get<3>(seen), false);
        QCOMPARE(on(*db, [](auto& c) { return unlock::isUnlocked(c); }).value(), false);
        // Committed, the same code works (the rolled-back attempt consumed nothing).
        QVERIFY(unlockAs(*db, right).ok());
    }

    void noFunctionIsExecutableByPublic()
    {
        QCOMPARE(superCount("SELECT count(*) FROM pg_proc p WHERE p.pronamespace = 'art32'::regnamespace "
                            "AND (p.proacl IS NULL OR has_function_privilege('public', p.oid, 'EXECUTE'))"),
                 0LL);
        // Also for functions a later migration adds.
        superExec("SET ROLE art32_owner; CREATE FUNCTION art32.tst_probe() RETURNS int LANGUAGE sql AS 'SELECT 1'; "
                  "RESET ROLE");
        QCOMPARE(superCount("SELECT count(*) FROM pg_proc p WHERE p.proname = 'tst_probe' "
                            "AND has_function_privilege('public', p.oid, 'EXECUTE')"),
                 0LL);
        superExec("DROP FUNCTION art32.tst_probe()");
    }

    void auditEventsAreAppendOnly()
    {
        for (const char* sql : { "UPDATE art32.audit_events SET action = 'x'", "DELETE FROM art32.audit_events",
                                 "TRUNCATE art32.audit_events" }) {
            bool refused = false;
            try {
                superExec(sql);
            } catch (const pqxx::sql_error&) {
                refused = true;
            }
            QVERIFY2(refused, sql);
        }
    }
};

QTEST_GUILESS_MAIN(TestUnlock)
#include "tst_unlock.moc"
