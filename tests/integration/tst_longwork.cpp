#include "TestSupport.h"
#include "auth/KeyRing.h"
#include "auth/Unlock.h"
#include "keychain/Keychain.h"
#include "records/RecordStore.h"
#include "records/Seeder.h"
#include "store/Database.h"

#include <QTest>
#include <QUuid>
#include <memory>
#include <pqxx/nontransaction>
#include <pqxx/transaction>

using namespace art32;

/**
 * Long work under the server's idle expiry (issue 10, item 1): a scan that outlasts the expiry keeps its session
 * alive itself, stops with an error when the session is locked anyway, fails when it covered less than it counted
 * when it started, and says what it covered out of what exists. The server clock (art32.test_clock) is moved
 * between batches, so nothing waits for the 10 minutes.
 */
class TestLongWork : public QObject
{
    Q_OBJECT

    const QString m_db = QStringLiteral("tst_longwork");
    Keychain m_keychain { QStringLiteral("Art32 Console long work test %1").arg(QUuid::createUuid().toString()) };
    test::TestAdmin m_cto, m_sys, m_aud;
    qint64 m_offset = 0;
    static constexpr int kSeeded = 20;

    struct Unlocked
    {
        std::unique_ptr<Database> db;
        KeyRing ring;
    };

    std::unique_ptr<Unlocked> unlockAs(const test::TestAdmin& admin)
    {
        m_offset += 60;
        test::setServerClockOffset(m_db, m_offset);
        auto u = std::make_unique<Unlocked>();
        u->db = std::make_unique<Database>(admin.profile);
        auto pw = m_keychain.readNow(admin.profile.passwordKey());
        if (!u->db->open(SecureBytes::fromByteArray(pw.secret)))
            return nullptr;
        auto outcome = u->db->call(
            [&](pqxx::connection_base& c) { return unlock::unlockSession(c, test::codeFor(admin, m_offset)); });
        if (!outcome || !outcome->ok())
            return nullptr;
        auto priv = m_keychain.readNow(admin.profile.privateKeyKey());
        const SecureBytes key = SecureBytes::fromByteArray(priv.secret);
        if (!u->db->call([&](pqxx::connection_base& c) { return u->ring.load(c, admin.publicKey, key); }))
            return nullptr;
        return u;
    }

    /** Moves the server clock on by this many minutes: past the idle expiry (10 minutes) in two steps of six. */
    void advance(int minutes)
    {
        m_offset += minutes * 60;
        test::setServerClockOffset(m_db, m_offset);
    }

    /** A scan of every account in batches of `batch`; after each batch, `between` runs (on the calling thread). */
    Result<records::ScanTotals> scanAll(Unlocked& who, int batch, const std::function<void(qint64)>& between)
    {
        return who.db->call([&](pqxx::connection_base& c) {
            return records::scan(
                c, who.ring, std::numeric_limits<qint64>::min(), std::numeric_limits<qint64>::max(),
                [](const PlainRecord&) {}, between, nullptr, batch);
        });
    }

    void grant(qint64 account)
    {
        auto cto = unlockAs(m_cto);
        QVERIFY(cto);
        QVERIFY(cto->db->run([&](pqxx::connection_base& c) {
            pqxx::work tx(c);
            tx.exec_params("SELECT art32.grant_access($1, $2, 'ticket 10: long work', 600)",
                           m_sys.profile.user.toStdString(), static_cast<long long>(account));
            tx.commit();
        }));
    }

private slots:
    void initTestCase()
    {
        ART32_REQUIRE_SERVICES();
        test::ThreeAdmins admins = test::threeAdmins(m_db, QStringLiteral("tst_lw"), m_keychain);
        m_cto = std::move(admins.cto);
        m_sys = std::move(admins.sysadmin);
        m_aud = std::move(admins.auditor);
        m_offset = admins.offset;
        auto cto = unlockAs(m_cto);
        QVERIFY(cto && cto->ring.hasKek());
        pqxx::connection super(test::superuserProfile(m_db).connectionString());
        auto written = cto->ring.withKek(1, [&](const SecureBytes& kek) {
            return cto->ring.withIndexKey(1, [&](const SecureBytes& index) {
                return Seeder::seed(super, Seeder::Keys { kek, 1, index, 1 }, kSeeded, 11);
            });
        });
        QVERIFY(written);
        QCOMPARE(written.value(), kSeeded);
    }

    void cleanup() { test::superuserExec(m_db, "DELETE FROM art32.access_grants"); }

    void cleanupTestCase() { test::forgetAdmins(m_keychain, { &m_cto, &m_sys, &m_aud }); }

    void aScanOutlastingTheIdleExpiryKeepsItsSessionAlive()
    {
        auto cto = unlockAs(m_cto);
        QVERIFY(cto);
        // Six minutes per batch of four: the whole scan takes 30 server minutes, three times the idle expiry.
        auto totals = scanAll(*cto, 4, [&](qint64) { advance(6); });
        QVERIFY2(totals, qPrintable(totals.error().code + QLatin1Char(' ') + totals.error().message));
        QCOMPARE(totals->accounts, static_cast<qint64>(kSeeded));
        QCOMPARE(totals->expectedAccounts, static_cast<qint64>(kSeeded));
        QCOMPARE(totals->records, totals->expectedRecords);
        // And the session is still unlocked when it is done.
        QCOMPARE(cto->db->call([](pqxx::connection_base& c) { return unlock::isUnlocked(c); }).value(), true);
    }

    void aSessionLockedDuringTheScanStopsItWithAnError()
    {
        auto cto = unlockAs(m_cto);
        QVERIFY(cto);
        int batches = 0;
        // After the first batch the server clock jumps past the expiry: no keep-alive can save that session.
        auto totals = scanAll(*cto, 4, [&](qint64) {
            if (++batches == 2)
                advance(11);
        });
        QVERIFY(!totals);
        QCOMPARE(totals.error().code, QStringLiteral("unlock.expired"));
        // verifyAll (records verify, the GUI's scan) gives the same error, not a report of what it got to.
        auto again = unlockAs(m_cto);
        QVERIFY(again);
        auto report = again->db->call(
            [&](pqxx::connection_base& c) { return records::verifyAll(c, again->ring, [&](qint64) { advance(11); }); });
        QVERIFY(!report);
        QCOMPARE(report.error().code, QStringLiteral("unlock.expired"));
    }

    void aScanThatCoversLessThanItCountedFails()
    {
        // A sysadmin with grants to two accounts; the second is revoked while the scan runs, between batches.
        grant(3);
        grant(15);
        auto sys = unlockAs(m_sys);
        QVERIFY(sys);
        int batches = 0;
        auto totals = scanAll(*sys, 1, [&](qint64) {
            if (++batches == 1) // the first batch is fetched: revoke before the second is
                test::superuserExec(m_db,
                                    "UPDATE art32.access_grants SET revoked_at = art32.now() WHERE account_id = 15");
        });
        QVERIFY2(!totals, totals ? qPrintable(QStringLiteral("covered %1 accounts").arg(totals->accounts)) : "");
        QCOMPARE(totals.error().code, QStringLiteral("records.incomplete"));
        QVERIFY2(totals.error().message.contains(QLatin1String("1 of the 2 accounts")),
                 qPrintable(totals.error().message));
    }

    void theReportSaysWhatItCoveredOutOfWhatExists()
    {
        grant(3);
        auto sys = unlockAs(m_sys);
        QVERIFY(sys);
        auto report = sys->db->call([&](pqxx::connection_base& c) { return records::verifyAll(c, sys->ring); });
        QVERIFY2(report, qPrintable(report.error().message));
        QCOMPARE(report->accounts, 1);
        QCOMPARE(report->expectedAccounts, 1);
        QCOMPARE(report->accountsInDatabase, static_cast<qint64>(kSeeded));
        const QString text = records::describe(report.value());
        QVERIFY2(text.startsWith(QStringLiteral("Checked 1 of %1 accounts (the ones you have access to)").arg(kSeeded)),
                 qPrintable(text));
        QVERIFY2(text.endsWith(QLatin1String(": none failed authentication.")), qPrintable(text));

        auto cto = unlockAs(m_cto);
        QVERIFY(cto);
        auto all = cto->db->call([&](pqxx::connection_base& c) { return records::verifyAll(c, cto->ring); });
        QVERIFY(all);
        const QString everything = records::describe(all.value());
        QVERIFY2(everything.startsWith(QStringLiteral("Checked all %1 account(s)").arg(kSeeded)),
                 qPrintable(everything));
    }
};

QTEST_GUILESS_MAIN(TestLongWork)
#include "tst_longwork.moc"
