#include "../security/SecuritySupport.h"
#include "auth/KeyAdmin.h"
#include "auth/KeyRing.h"
#include "auth/Unlock.h"
#include "crypto/Keys.h"
#include "keychain/Keychain.h"
#include "records/Envelope.h"
#include "records/RecordStore.h"
#include "records/Rotation.h"
#include "records/Seeder.h"
#include "session/Services.h"
#include "session/Session.h"
#include "store/Database.h"
#include "store/PgWire.h"

#include <QSignalSpy>
#include <QTest>
#include <QThread>
#include <QUuid>
#include <future>
#include <map>
#include <memory>
#include <pqxx/binarystring>
#include <pqxx/nontransaction>
#include <pqxx/result>
#include <pqxx/transaction>

using namespace art32;

/**
 * Key versions under rotations (issue 10, items 3 to 6), against the harness's PostgreSQL: a session or the platform
 * that holds a retired version is refused (SQLSTATE A3201) instead of writing data nobody can read; a rotation moves
 * rows left at any older version; the platform holds its keys sealed like an admin and a rotation reaches it; two
 * CTOs rotating at once get one rotation, and the second run joins it or says who finished it.
 */
class TestKeyVersions : public QObject
{
    Q_OBJECT

    const QString m_db = QStringLiteral("tst_keyversions");
    Keychain m_keychain { QStringLiteral("Art32 Console key versions test %1").arg(QUuid::createUuid().toString()) };
    test::TestAdmin m_cto, m_cto2, m_sys, m_aud;
    qint64 m_offset = 0;
    const std::string m_platformPassword = "platform-" + QUuid::createUuid().toString(QUuid::Id128).toStdString();
    const QString m_platform = QStringLiteral("tst_kv_platform");

    struct Unlocked
    {
        std::unique_ptr<Database> db;
        KeyRing ring;
        SecureBytes privateKey;
        QByteArray publicKey;
        /** Loads the ring again from the server, as a console does when its keys went stale. */
        rotation::ReloadKeys reload()
        {
            return [this]() -> Result<void> {
                return db->call([&](pqxx::connection_base& c) { return ring.load(c, publicKey, privateKey); });
            };
        }
    };

    std::unique_ptr<Unlocked> unlockAs(const test::TestAdmin& admin)
    {
        auto u = std::make_unique<Unlocked>();
        u->db = test::unlockedAs(m_db, admin, m_keychain, m_offset);
        if (!u->db)
            return nullptr;
        auto priv = m_keychain.readNow(admin.profile.privateKeyKey());
        u->privateKey = SecureBytes::fromByteArray(priv.secret);
        wipe(priv.secret);
        u->publicKey = admin.publicKey;
        if (!u->reload()())
            return nullptr;
        return u;
    }

    long long superCount(const std::string& sql) { return test::superuserCount(m_db, sql); }
    void superExec(const std::string& sql) { test::superuserExec(m_db, sql); }

    /** As a writer from before migration 0010 could: the version triggers (where they exist) do not fire. */
    void legacyWrite(const std::string& sql)
    {
        const std::string toggle = "DO $$ DECLARE t record; BEGIN FOR t IN SELECT tgrelid::regclass AS rel, tgname "
                                   "FROM pg_trigger WHERE tgname LIKE '%_versions_%' AND NOT tgisinternal LOOP "
                                   "EXECUTE format('ALTER TABLE %s %s TRIGGER %I', t.rel, '";
        superExec("BEGIN; " + toggle + "DISABLE', t.tgname); END LOOP; END $$; " + sql + "; " + toggle
                  + "ENABLE ALWAYS', t.tgname); END LOOP; END $$; COMMIT");
    }

    int current(const char* kind)
    {
        return static_cast<int>(
            superCount(std::string("SELECT max(version) FROM art32.sealed_keys WHERE kind = '") + kind + "'"));
    }

    QByteArray superBytes(const std::string& sql)
    {
        pqxx::connection super(test::superuserProfile(m_db).connectionString());
        const pqxx::binarystring b(pqxx::nontransaction(super).exec(sql)[0][0]);
        return QByteArray(reinterpret_cast<const char*>(b.data()), static_cast<qsizetype>(b.size()));
    }

    static PlainRecord emailOf(Unlocked& who, qint64 account)
    {
        auto recs = who.db->call([&](pqxx::connection_base& c) { return records::reveal(c, who.ring, account); });
        if (recs)
            for (const PlainRecord& r : recs.value())
                if (r.kind == RecordKind::Email)
                    return r;
        return {};
    }

    std::unique_ptr<Database> platform() { return test::loginAs(m_db, m_platform, m_platformPassword); }

private slots:
    void initTestCase()
    {
        ART32_REQUIRE_SERVICES();
        test::ThreeAdmins admins = test::threeAdmins(m_db, QStringLiteral("tst_kv"), m_keychain);
        m_cto = std::move(admins.cto);
        m_sys = std::move(admins.sysadmin);
        m_aud = std::move(admins.auditor);
        m_offset = admins.offset;
        test::setServerClockOffset(m_db, 0); // enrollment takes the code of real time
        m_cto2 = test::enrolledAdmin(m_db, QStringLiteral("tst_kv_cto2"), QStringLiteral("cto"), m_keychain);
        test::setServerClockOffset(m_db, m_offset);
        test::createLoginRole(m_platform, m_platformPassword, QStringLiteral("art32_platform"));
        // Many unlocks below, each a minute later on the server clock: sessions must not expire meanwhile.
        superExec("UPDATE art32.policy SET value = 600 WHERE key = 'idle_minutes'");

        auto cto = unlockAs(m_cto);
        QVERIFY(cto && cto->ring.hasKek());
        auto sealed = cto->db->call([&](pqxx::connection_base& c) {
            return keyadmin::sealKeysFor(c, cto->ring, QStringLiteral("tst_kv_cto2"));
        });
        QVERIFY2(sealed, sealed ? "" : qPrintable(sealed.error().message));
        pqxx::connection super(test::superuserProfile(m_db).connectionString());
        auto written = cto->ring.withKek(1, [&](const SecureBytes& kek) {
            return cto->ring.withIndexKey(1, [&](const SecureBytes& index) {
                return Seeder::seed(super, Seeder::Keys { kek, 1, index, 1 }, 60, 5);
            });
        });
        QVERIFY(written);
    }

    void cleanupTestCase() { test::forgetAdmins(m_keychain, { &m_cto, &m_cto2, &m_sys, &m_aud }); }

    // Item 3: a console unlocked before another CTO's index rotation saves an e-mail address after it finished.
    void aStaleIndexVersionIsRefused()
    {
        auto stale = unlockAs(m_cto);
        QVERIFY(stale);
        const int old = stale->ring.indexVersion();
        auto other = unlockAs(m_cto2);
        auto rotated = other->db->call(
            [&](pqxx::connection_base& c) { return rotation::rotateIndexKey(c, other->ring, m_cto2.publicKey); });
        QVERIFY2(rotated && rotated->finished, rotated ? "" : qPrintable(rotated.error().message));
        QCOMPARE(rotated->toVersion, old + 1);

        PlainRecord email = emailOf(*stale, 5);
        QVERIFY(email.id != 0);
        auto saved = stale->db->call([&](pqxx::connection_base& c) {
            return records::save(c, stale->ring, email, QByteArrayLiteral("nieuw.adres@example.nl"));
        });
        QVERIFY2(!saved, "the server stored a blind index at a retired version");
        QCOMPARE(saved.error().code, QStringLiteral("keys.retired"));
        QCOMPARE(superCount("SELECT count(*) FROM art32.blind_index WHERE index_version <> "
                            + std::to_string(rotated->toVersion)),
                 0LL);

        // Nothing is stuck: the next index rotation finishes; a ring loaded now saves, and the search finds it.
        auto next = other->db->call(
            [&](pqxx::connection_base& c) { return rotation::rotateIndexKey(c, other->ring, m_cto2.publicKey); });
        QVERIFY2(next && next->finished, next ? "" : qPrintable(next.error().message));
        auto fresh = unlockAs(m_cto);
        email = emailOf(*fresh, 5);
        auto again = fresh->db->call([&](pqxx::connection_base& c) {
            return records::save(c, fresh->ring, email, QByteArrayLiteral("nieuw.adres@example.nl"));
        });
        QVERIFY2(again, again ? "" : qPrintable(again.error().message));
        auto found = fresh->db->call([&](pqxx::connection_base& c) {
            return records::findAccounts(c, fresh->ring, RecordKind::Email, QStringLiteral("nieuw.adres@example.nl"));
        });
        QVERIFY(found && found->contains(5));
    }

    // Items 3 and 4: rows an older writer left at a version older than the rotation's "from" are moved too.
    void aRotationMovesRowsOlderThanItsFromVersion()
    {
        // An index row at a retired version (its key is gone; the index is recomputed from the record).
        const int index = current("index");
        const long long record = superCount("SELECT min(record_id) FROM art32.blind_index WHERE kind = 2");
        legacyWrite("UPDATE art32.blind_index SET index_version = " + std::to_string(index - 1)
                    + " WHERE record_id = " + std::to_string(record));
        auto cto = unlockAs(m_cto);
        auto indexed = cto->db->call(
            [&](pqxx::connection_base& c) { return rotation::rotateIndexKey(c, cto->ring, m_cto.publicKey); });
        QVERIFY2(indexed && indexed->finished, indexed ? "" : qPrintable(indexed.error().message));
        QCOMPARE(superCount("SELECT index_version FROM art32.blind_index WHERE record_id = " + std::to_string(record)),
                 static_cast<long long>(index + 1));

        // A wrapped DEK at a KEK version retired by the last rotation, whose key the CTO still holds.
        const int kek = current("kek");
        const QByteArray wrapped = superBytes("SELECT wrapped_dek FROM art32.account_keys WHERE account_id = 9");
        const QByteArray sealed = superBytes(
            "SELECT s.sealed FROM art32.sealed_keys s JOIN art32.admins a ON a.id = s.admin_id WHERE a.login = "
            "'tst_kv_cto' AND s.kind = 'kek' AND s.version = "
            + std::to_string(kek));
        auto first = cto->db->call(
            [&](pqxx::connection_base& c) { return rotation::rotateKek(c, cto->ring, m_cto.publicKey); });
        QVERIFY2(first && first->finished, first ? "" : qPrintable(first.error().message));
        legacyWrite("UPDATE art32.account_keys SET kek_version = " + std::to_string(kek) + ", wrapped_dek = '\\x"
                    + wrapped.toHex().toStdString()
                    + "' WHERE account_id = 9; INSERT INTO art32.sealed_keys "
                      "(admin_id, kind, version, sealed) SELECT id, 'kek', "
                    + std::to_string(kek) + ", '\\x" + sealed.toHex().toStdString()
                    + "' FROM art32.admins WHERE login = 'tst_kv_cto'");
        auto holder = unlockAs(m_cto);
        auto second = holder->db->call(
            [&](pqxx::connection_base& c) { return rotation::rotateKek(c, holder->ring, m_cto.publicKey); });
        QVERIFY2(second && second->finished, second ? "" : qPrintable(second.error().message));
        QCOMPARE(superCount("SELECT kek_version FROM art32.account_keys WHERE account_id = 9"),
                 static_cast<long long>(kek + 2));
        QCOMPARE(superCount("SELECT count(*) FROM art32.sealed_keys WHERE kind = 'kek' AND version < "
                            + std::to_string(kek + 2)),
                 0LL);
        auto after = unlockAs(m_cto);
        QVERIFY(after->db->call([&](pqxx::connection_base& c) { return records::reveal(c, after->ring, 9); }));
    }

    // Item 4: the platform (any writer, here psql as art32_platform) keeps writing with a KEK cached before a rotation.
    void retiredVersionsAreRefusedForEveryWriter()
    {
        auto p = platform();
        QVERIFY(p);
        const int kek = current("kek");
        const int index = current("index");
        const std::string junk = "'\\x" + std::string(77 * 2, 'a') + "'";
        const std::string account
            = *test::scalar(*p,
                            "INSERT INTO art32.accounts (company_name, plan) VALUES ('Platform BV', 'free') "
                            "RETURNING id");
        for (int version : { kek - 1, kek + 1, 99 })
            QCOMPARE(test::sqlstate(*p,
                                    "INSERT INTO art32.account_keys (account_id, kek_version, wrapped_dek) VALUES ("
                                        + account + ", " + std::to_string(version) + ", " + junk + ")"),
                     std::string(rotation::kRetiredVersionState));
        QCOMPARE(test::sqlstate(*p,
                                "UPDATE art32.account_keys SET kek_version = " + std::to_string(kek - 1)
                                    + " WHERE account_id = 10"),
                 std::string(rotation::kRetiredVersionState));
        QCOMPARE(test::sqlstate(*p,
                                "UPDATE art32.blind_index SET index_version = " + std::to_string(index - 1)
                                    + " WHERE account_id = 10"),
                 std::string(rotation::kRetiredVersionState));
        QCOMPARE(test::sqlstate(*p,
                                "INSERT INTO art32.account_keys (account_id, kek_version, wrapped_dek) VALUES ("
                                    + account + ", " + std::to_string(kek) + ", " + junk + ")"),
                 std::string());
        QCOMPARE(superCount("SELECT count(*) FROM art32.account_keys k WHERE NOT EXISTS (SELECT 1 FROM "
                            "art32.key_versions v WHERE v.kind = 'kek' AND v.version = k.kek_version AND v.retired_at "
                            "IS NULL)"),
                 0LL);
        superExec("DELETE FROM art32.accounts WHERE id = " + account);

        // While a rotation is open, the old version and the new one are both accepted, and the rotation moves the
        // old one's rows, also those written after it started.
        auto cto = unlockAs(m_cto);
        std::atomic_bool cancel { false };
        auto started = cto->db->call([&](pqxx::connection_base& c) {
            return rotation::rotateKek(
                c, cto->ring, m_cto.publicKey, [&](qint64, qint64) { cancel = true; }, &cancel, 10);
        });
        QVERIFY(started && !started->finished);
        auto writeAt = [&](int version) {
            const std::string id
                = *test::scalar(*p,
                                "INSERT INTO art32.accounts (company_name, plan) VALUES ('Nieuw BV', 'free') "
                                "RETURNING id");
            auto w = cto->ring.withKek(version, [&](const SecureBytes& k) {
                return envelope::wrapDek(k, static_cast<std::uint32_t>(version), std::stoll(id), keys::randomKey());
            });
            return std::make_pair(id,
                                  test::sqlstate(*p,
                                                 "INSERT INTO art32.account_keys (account_id, kek_version, "
                                                 "wrapped_dek) VALUES ("
                                                     + id + ", " + std::to_string(version) + ", '\\x"
                                                     + w.value().toHex().toStdString() + "')"));
        };
        const auto atOld = writeAt(kek);
        const auto atNew = writeAt(kek + 1);
        QCOMPARE(atOld.second, std::string());
        QCOMPARE(atNew.second, std::string());

        // A write at the old version racing the finish: it holds the version until it commits, so the finish
        // waits (here: gives up at once) instead of retiring a version a row is being written with.
        auto racing = platform();
        std::string racer;
        racing->run([&](pqxx::connection_base& c) {
            pqxx::nontransaction tx(c);
            tx.exec("BEGIN");
            racer
                = tx.exec(
                        "INSERT INTO art32.accounts (company_name, plan) VALUES ('Race BV', 'free') RETURNING id")[0][0]
                      .as<std::string>();
            tx.exec("INSERT INTO art32.account_keys (account_id, kek_version, wrapped_dek) SELECT " + racer + ", "
                    + std::to_string(kek) + ", wrapped_dek FROM art32.account_keys WHERE account_id = 10");
        });
        QCOMPARE(test::sqlstate(*cto->db, "SET lock_timeout = '200ms'; SELECT art32.rotation_finish('kek')"),
                 std::string("55P03"));
        racing->run([&](pqxx::connection_base& c) { pqxx::nontransaction(c).exec("COMMIT"); });
        superExec("DELETE FROM art32.accounts WHERE id = " + racer);
        test::sqlstate(*cto->db, "RESET lock_timeout");

        auto rest = cto->db->call(
            [&](pqxx::connection_base& c) { return rotation::rotateKek(c, cto->ring, m_cto.publicKey); });
        QVERIFY2(rest && rest->finished, rest ? "" : qPrintable(rest.error().message));
        for (const auto& id : { atOld.first, atNew.first })
            QCOMPARE(superCount("SELECT kek_version FROM art32.account_keys WHERE account_id = " + id),
                     static_cast<long long>(kek + 1));
        QCOMPARE(writeAt(kek).second, std::string(rotation::kRetiredVersionState));
    }

    // Item 5: the platform's keys are sealed to its own key pair, and a rotation seals the new version to it.
    void thePlatformHoldsItsKeysThroughRotations()
    {
        auto cto = unlockAs(m_cto);
        const KeyPair pair = keys::generateKeyPair();
        auto register_ = [&](const std::string& login, const QByteArray& pk) {
            return test::sqlstate(*cto->db,
                                  "SELECT art32.platform_register(" + test::literal(login) + ", '\\x"
                                      + pk.toHex().toStdString() + "')");
        };
        // Only a platform login: not an admin, not a role outside art32_platform.
        QCOMPARE(register_("tst_kv_sys", pair.publicKey), std::string("22023"));
        QCOMPARE(register_("art32_platform", pair.publicKey), std::string("22023"));
        QCOMPARE(register_(m_platform.toStdString(), pair.publicKey), std::string());
        auto p = platform();
        QVERIFY(p);
        auto platformKeys = [&]() {
            std::map<std::pair<std::string, int>, QByteArray> out;
            p->run([&](pqxx::connection_base& c) {
                pqxx::nontransaction tx(c);
                for (const auto& row : tx.exec("SELECT kind, version, sealed FROM art32.platform_keys()")) {
                    auto opened = keys::open(pgwire::bytes(row[2]), pair.publicKey, pair.secretKey);
                    out[{ row[0].as<std::string>(), row[1].as<int>() }] = opened
                        ? QByteArray(reinterpret_cast<const char*>(opened->data()),
                                     static_cast<qsizetype>(opened->size()))
                        : QByteArray();
                }
            });
            return out;
        };
        QVERIFY(platformKeys().empty()); // registered, nothing sealed yet
        const int kek = current("kek");
        const int index = current("index");
        for (auto [kind, version] : { std::make_pair(KeyKind::Kek, kek), std::make_pair(KeyKind::Index, index) }) {
            auto sealed
                = (kind == KeyKind::Kek
                       ? cto->ring.withKek(version, [&](const SecureBytes& k) { return keys::seal(k, pair.publicKey); })
                       : cto->ring.withIndexKey(version,
                                                [&](const SecureBytes& k) { return keys::seal(k, pair.publicKey); }));
            QCOMPARE(test::sqlstate(*cto->db,
                                    "SELECT art32.seal_key_for_platform(" + test::literal(m_platform.toStdString())
                                        + ", '" + keyKindKey(kind) + "', " + std::to_string(version) + ", '\\x"
                                        + sealed.value().toHex().toStdString() + "')"),
                     std::string());
        }
        // A retired version is no key of anything: it is not sealed to anyone any more.
        QCOMPARE(test::sqlstate(*cto->db,
                                "SELECT art32.seal_key_for_platform(" + test::literal(m_platform.toStdString())
                                    + ", 'kek', " + std::to_string(kek - 1) + ", '\\x" + std::string(80 * 2, '0')
                                    + "')"),
                 std::string("22023"));
        auto held = platformKeys();
        QCOMPARE(held.size(), std::size_t(2));
        auto same = [&](int version) {
            return cto->ring
                .withKek(version,
                         [&](const SecureBytes& k) {
                             return QByteArray(reinterpret_cast<const char*>(k.data()),
                                               static_cast<qsizetype>(k.size()));
                         })
                .value();
        };
        QCOMPARE(held[std::make_pair(std::string("kek"), kek)], same(kek));

        // The rotation reaches it: the new KEK is sealed to the platform, the old copy goes with the last old row.
        auto rotated = cto->db->call(
            [&](pqxx::connection_base& c) { return rotation::rotateKek(c, cto->ring, m_cto.publicKey); });
        QVERIFY2(rotated && rotated->finished, rotated ? "" : qPrintable(rotated.error().message));
        held = platformKeys();
        QCOMPARE(held.size(), std::size_t(2));
        QVERIFY(!held.count(std::make_pair(std::string("kek"), kek)));
        QCOMPARE(held[std::make_pair(std::string("kek"), kek + 1)], same(kek + 1));

        // A platform key registered while every row has moved already: the rotation cannot finish before the new
        // version is sealed to it; run again, it is sealed and the rotation finishes.
        const QString second = QStringLiteral("tst_kv_platform2");
        test::createLoginRole(second, m_platformPassword, QStringLiteral("art32_platform"));
        const KeyPair pair2 = keys::generateKeyPair();
        bool registered = false;
        auto refused = cto->db->call([&](pqxx::connection_base& c) {
            return rotation::rotateIndexKey(
                c, cto->ring, m_cto.publicKey,
                [&](qint64 done, qint64 total) {
                    if (done == total && !registered) {
                        registered = true;
                        superExec("SELECT art32.platform_register('tst_kv_platform2', '\\x"
                                  + pair2.publicKey.toHex().toStdString() + "')");
                    }
                },
                nullptr, 5000);
        });
        QVERIFY(registered);
        QVERIFY(!refused);
        QVERIFY2(refused.error().message.contains(QLatin1String("tst_kv_platform2")),
                 qPrintable(refused.error().message));
        auto finished = cto->db->call(
            [&](pqxx::connection_base& c) { return rotation::rotateIndexKey(c, cto->ring, m_cto.publicKey); });
        QVERIFY2(finished && finished->finished, finished ? "" : qPrintable(finished.error().message));
        QCOMPARE(superCount("SELECT count(*) FROM art32.platform_sealed_keys WHERE login = 'tst_kv_platform2' AND kind "
                            "= 'index' AND version = "
                            + std::to_string(finished->toVersion)),
                 1LL);

        // What the platform does when refused: read its keys again and write with the newest.
        held = platformKeys();
        QVERIFY(!held.count(std::make_pair(std::string("index"), index)));
        QVERIFY(held.count(std::make_pair(std::string("index"), finished->toVersion)));
        QVERIFY(cto->db->call([&](pqxx::connection_base& c) { return unlock::lockSession(c); }));
    }

    // Item 6: two CTOs start a rotation at the same instant.
    void simultaneousStartsHaveOneWinnerAndTheOtherJoins()
    {
        auto a = unlockAs(m_cto);
        auto b = unlockAs(m_cto2);
        QVERIFY(a && b);
        const long long rotations = superCount("SELECT count(*) FROM art32.key_rotations WHERE kind = 'kek'");
        // Both block where the old rotation_start read the current version, and go on together.
        pqxx::connection super(test::superuserProfile(m_db).connectionString());
        pqxx::nontransaction gate(super);
        gate.exec("BEGIN");
        gate.exec("LOCK TABLE art32.sealed_keys IN ACCESS EXCLUSIVE MODE");
        auto run = [&](Unlocked* who, const test::TestAdmin* admin) {
            return std::async(std::launch::async, [who, admin] {
                return who->db->call([&](pqxx::connection_base& c) {
                    return rotation::rotateKek(c, who->ring, admin->publicKey, {}, nullptr, 20000, who->reload());
                });
            });
        };
        auto ra = run(a.get(), &m_cto);
        auto rb = run(b.get(), &m_cto2);
        while (superCount("SELECT count(*) FROM pg_stat_activity WHERE usename IN ('tst_kv_cto', 'tst_kv_cto2') AND "
                          "wait_event_type = 'Lock'")
               < 2)
            QThread::msleep(20);
        gate.exec("COMMIT");
        const auto first = ra.get();
        const auto second = rb.get();
        QVERIFY2(first, first ? "" : qPrintable(first.error().message));
        QVERIFY2(second, second ? "" : qPrintable(second.error().message));
        QVERIFY(first->finished && second->finished);
        QCOMPARE(first->toVersion, second->toVersion);
        QVERIFY(first->joined != second->joined); // one started it, the other joined
        QCOMPARE(superCount("SELECT count(*) FROM art32.key_rotations WHERE kind = 'kek'"), rotations + 1);
        QCOMPARE(superCount("SELECT count(*) FROM art32.key_rotations WHERE finished_at IS NULL"), 0LL);
    }

    // Item 6: a second run overlaps the first and finishes the rotation; the first reports who finished it.
    void anOverlappingRunReportsWhoFinished()
    {
        auto a = unlockAs(m_cto);
        std::unique_ptr<Unlocked> b;
        Result<rotation::Outcome> other = Error {};
        auto first = a->db->call([&](pqxx::connection_base& c) {
            return rotation::rotateKek(
                c, a->ring, m_cto.publicKey,
                [&](qint64, qint64) {
                    if (b)
                        return;
                    b = unlockAs(m_cto2); // unlocked after the start: its ring holds the new version
                    other = b->db->call(
                        [&](pqxx::connection_base& c2) { return rotation::rotateKek(c2, b->ring, m_cto2.publicKey); });
                },
                nullptr, 10);
        });
        QVERIFY2(other && other->finished, other ? "" : qPrintable(other.error().message));
        QVERIFY(other->joined || other->rowsMoved > 0);
        QVERIFY2(first, first ? "" : qPrintable(first.error().message));
        QVERIFY(first->finished);
        QCOMPARE(first->finishedBy, QStringLiteral("tst_kv_cto2"));
        QVERIFY(first->finishedAt.isValid());
    }

    // Item 4: the console finds its key ring stale (a rotation by another CTO) and reloads it before writing.
    void aSessionReloadsAStaleKeyRing()
    {
        m_offset += 60;
        test::setServerClockOffset(m_db, m_offset);
        Session s(m_cto.profile, &m_keychain);
        s.open();
        QTRY_COMPARE(s.state(), Session::State::Locked);
        s.unlock(test::codeFor(m_cto, m_offset));
        QTRY_COMPARE(s.state(), Session::State::Unlocked);
        QSignalSpy reloaded(&s, &Session::keysReloaded);

        auto other = unlockAs(m_cto2);
        auto rotated = other->db->call(
            [&](pqxx::connection_base& c) { return rotation::rotateIndexKey(c, other->ring, m_cto2.publicKey); });
        QVERIFY2(rotated && rotated->finished, rotated ? "" : qPrintable(rotated.error().message));

        PlainRecord email = emailOf(*other, 12);
        QVERIFY(email.id != 0);
        bool answered = false;
        Result<int> saved = Error {};
        s.request(
            &s, [email](Services& services) { return services.saveRecord(email, QByteArrayLiteral("na@example.nl")); },
            [&](Result<int> r) {
                saved = r;
                answered = true;
            });
        QTRY_VERIFY(answered);
        QVERIFY2(saved, saved ? "" : qPrintable(saved.error().message));
        QCOMPARE(
            superCount("SELECT index_version FROM art32.blind_index WHERE record_id = " + std::to_string(email.id)),
            static_cast<long long>(rotated->toVersion));
        QCOMPARE(reloaded.count(), 1);
        QVERIFY(!reloaded.first().first().toString().isEmpty());
        s.lock();
    }
};

QTEST_GUILESS_MAIN(TestKeyVersions)
#include "tst_keyversions.moc"
