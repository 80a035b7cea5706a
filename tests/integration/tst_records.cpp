#include "TestSupport.h"
#include "auth/KeyRing.h"
#include "auth/Unlock.h"
#include "crypto/Keys.h"
#include "keychain/Keychain.h"
#include "records/Grants.h"
#include "records/RecordStore.h"
#include "records/Rotation.h"
#include "records/Seeder.h"
#include "store/Database.h"
#include "store/PgWire.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QTest>
#include <QUuid>
#include <memory>
#include <pqxx/binarystring>
#include <pqxx/nontransaction>
#include <pqxx/result>
#include <pqxx/transaction>

using namespace art32;

/**
 * Encrypted records against the harness's PostgreSQL: seeding through the envelope code, reveal (audited,
 * refused without a grant — by the server, not just the UI), exact search, integrity scan of tampered and
 * moved ciphertexts, optimistic locking, crypto-shredding.
 *
 * Every test reads the same kSeeded accounts; a test that changes or breaks data does so to accounts of its
 * own (ownAccounts), which cleanup() deletes, so no later test sees what it did.
 */
class TestRecords : public QObject
{
    Q_OBJECT

    const QString m_db = QStringLiteral("tst_records");
    Keychain m_keychain { QStringLiteral("Art32 Console records test %1").arg(QUuid::createUuid().toString()) };
    test::TestAdmin m_cto, m_sys, m_aud;
    qint64 m_offset = 0;
    static constexpr int kSeeded = 120;
    QList<qint64> m_own; ///< the running test's own accounts; cleanup() deletes them
    quint64 m_nextSeed = 1000;

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
        u->db->call([&](pqxx::connection_base& c) { return u->ring.load(c, admin.publicKey, key); });
        return u;
    }

    long long superCount(const std::string& sql) { return test::superuserCount(m_db, sql); }

    /** Seeds n accounts, as the platform would (here the superuser), with the keys the CTO holds now. */
    QList<qint64> seedAccounts(Unlocked& cto, int n, quint64 seed)
    {
        pqxx::connection super(test::superuserProfile(m_db).connectionString());
        const long long last = superCount("SELECT coalesce(max(id), 0) FROM art32.accounts");
        const int kek = cto.ring.kekVersion(), index = cto.ring.indexVersion();
        auto written = cto.ring.withKek(kek, [&](const SecureBytes& kekBytes) {
            return cto.ring.withIndexKey(index, [&](const SecureBytes& indexBytes) {
                return Seeder::seed(super, Seeder::Keys { kekBytes, kek, indexBytes, index }, n, seed);
            });
        });
        if (!written || written.value() != n)
            return {};
        QList<qint64> ids;
        pqxx::nontransaction tx(super);
        for (const auto& row : tx.exec_params("SELECT id FROM art32.accounts WHERE id > $1 ORDER BY id", last))
            ids.append(row[0].as<qint64>());
        return ids;
    }

    /** n accounts for the running test alone, to change or break: cleanup() deletes them. */
    QList<qint64> ownAccounts(int n)
    {
        auto cto = unlockAs(m_cto);
        const QList<qint64> ids = cto ? seedAccounts(*cto, n, m_nextSeed++) : QList<qint64> {};
        m_own += ids;
        return ids.size() == n ? ids : QList<qint64> {};
    }

    /** The first record of an account (of a kind, if given). */
    long long recordOf(qint64 account, int kind = 0)
    {
        return superCount("SELECT min(id) FROM art32.records WHERE account_id = " + std::to_string(account)
                          + (kind ? " AND kind = " + std::to_string(kind) : std::string()));
    }

    void superExec(const std::string& sql) { test::superuserExec(m_db, sql); }
    /** The lines of an EXPLAIN (run with the statements before it), as superuser. */
    std::string superPlan(const std::string& sql)
    {
        pqxx::connection super(test::superuserProfile(m_db).connectionString());
        pqxx::nontransaction tx(super);
        std::string plan;
        for (const auto& row : tx.exec(sql))
            plan += row[0].as<std::string>() + '\n';
        return plan;
    }

    QByteArray wrappedDekOf(long long account)
    {
        pqxx::connection super(test::superuserProfile(m_db).connectionString());
        const pqxx::binarystring b(pqxx::nontransaction(super).exec_params(
            "SELECT wrapped_dek FROM art32.account_keys WHERE account_id = $1", account)[0][0]);
        return QByteArray(reinterpret_cast<const char*>(b.data()), static_cast<qsizetype>(b.size()));
    }

    /** One hand-made rewrap_deks batch, as a client bypassing Rotation could send it. */
    static Result<long long> rewrap(Unlocked& who, std::vector<long long> ids, std::vector<QByteArray> wrapped,
                                    std::vector<QByteArray> old, int from, int to)
    {
        return who.db->call([&](pqxx::connection_base& c) -> Result<long long> {
            pqxx::work tx(c);
            const long long n
                = tx.exec_params("SELECT art32.rewrap_deks($1::bigint[], $2::bytea[], $3::bytea[], $4, $5)",
                                 pgwire::param(pgwire::int8Array(ids)), pgwire::param(pgwire::byteaArray(wrapped)),
                                 pgwire::param(pgwire::byteaArray(old)), from, to)[0][0]
                      .as<long long>();
            tx.commit();
            return n;
        });
    }

private slots:
    void initTestCase()
    {
        ART32_REQUIRE_SERVICES();
        test::ThreeAdmins admins = test::threeAdmins(m_db, QStringLiteral("tst_r"), m_keychain);
        m_cto = std::move(admins.cto);
        m_sys = std::move(admins.sysadmin);
        m_aud = std::move(admins.auditor);
        m_offset = admins.offset;

        auto cto = unlockAs(m_cto);
        QVERIFY(cto && cto->ring.hasKek());
        QCOMPARE(cto->ring.kekVersion(), 1);
        QCOMPARE(seedAccounts(*cto, kSeeded, 7).size(), kSeeded);
        QCOMPARE(superCount("SELECT min(id) FROM art32.accounts"), 1LL);
        QCOMPARE(superCount("SELECT count(*) FROM art32.accounts"), static_cast<long long>(kSeeded));
        QVERIFY(superCount("SELECT count(*) FROM art32.records") >= kSeeded * 4);
    }

    void cleanup()
    {
        if (m_own.isEmpty())
            return;
        const std::vector<long long> ids(m_own.cbegin(), m_own.cend());
        m_own.clear();
        pqxx::connection super(test::superuserProfile(m_db).connectionString());
        pqxx::work tx(super);
        // Keys, records, indexes and grants go with the account (ON DELETE CASCADE); the ledger outlives it.
        // The ledger refuses deletes even to a superuser (0022/0024): the test steps around it for its own rows only.
        tx.exec("ALTER TABLE art32.erasure_ledger DISABLE TRIGGER erasure_ledger_append_only");
        tx.exec_params("DELETE FROM art32.erasure_ledger WHERE account_id = ANY($1::bigint[])",
                       pgwire::param(pgwire::int8Array(ids)));
        tx.exec("ALTER TABLE art32.erasure_ledger ENABLE ALWAYS TRIGGER erasure_ledger_append_only");
        tx.exec_params("DELETE FROM art32.accounts WHERE id = ANY($1::bigint[])",
                       pgwire::param(pgwire::int8Array(ids)));
        tx.commit();
    }

    void cleanupTestCase() { test::forgetAdmins(m_keychain, { &m_cto, &m_sys, &m_aud }); }

    void keysetPagesCoverEveryAccountOnce()
    {
        auto aud = unlockAs(m_aud); // metadata is for every role
        QVERIFY(aud);
        for (const auto order :
             { records::AccountOrder::Id, records::AccountOrder::Name, records::AccountOrder::Created }) {
            QSet<qint64> seen;
            std::optional<AccountRow> after;
            for (;;) {
                auto page = aud->db->call(
                    [&](pqxx::connection_base& c) { return records::fetchAccounts(c, order, after, 25); });
                QVERIFY2(page, qPrintable(page.error().message));
                if (page->isEmpty())
                    break;
                for (const AccountRow& a : page.value())
                    QVERIFY(!seen.contains(a.id));
                for (const AccountRow& a : page.value())
                    seen.insert(a.id);
                after = page->last();
            }
            QCOMPARE(seen.size(), kSeeded);
        }
        // Prefix search takes the prefix as data: wildcards in it match nothing.
        auto none = aud->db->call([&](pqxx::connection_base& c) {
            return records::fetchAccounts(c, records::AccountOrder::Name, {}, 50, QStringLiteral("%"));
        });
        QVERIFY(none && none->isEmpty());
        auto bakeries = aud->db->call([&](pqxx::connection_base& c) {
            return records::fetchAccounts(c, records::AccountOrder::Name, {}, 500, QStringLiteral("Bakkerij"));
        });
        QVERIFY(bakeries);
        for (const AccountRow& a : bakeries.value())
            QVERIFY(a.companyName.startsWith(QLatin1String("Bakkerij")));
        // Issue 11: case does not matter, in every order; the name order itself ignores case.
        QVERIFY(!bakeries->isEmpty());
        for (const auto order :
             { records::AccountOrder::Id, records::AccountOrder::Name, records::AccountOrder::Created }) {
            for (const QString& typed : { QStringLiteral("bakkerij"), QStringLiteral("BAKKERIJ") }) {
                auto found = aud->db->call(
                    [&](pqxx::connection_base& c) { return records::fetchAccounts(c, order, {}, 500, typed); });
                QVERIFY(found);
                QCOMPARE(found->size(), bakeries->size());
            }
        }
        superExec("INSERT INTO art32.accounts (id, company_name, plan) VALUES (900001, 'aaa kleine letters', 'free'), "
                  "(900002, 'ZZZ GROTE LETTERS', 'free'), (900003, 'Mmm gemengd', 'free')");
        auto sorted = aud->db->call([&](pqxx::connection_base& c) {
            return records::fetchAccounts(c, records::AccountOrder::Name, {}, 100000);
        });
        QVERIFY(sorted);
        for (int i = 1; i < sorted->size(); ++i)
            QVERIFY2(sorted->at(i - 1).companyName.toLower() <= sorted->at(i).companyName.toLower(),
                     qPrintable(sorted->at(i - 1).companyName + QStringLiteral(" > ") + sorted->at(i).companyName));
        // Keyset pages in that order still cover every account once (the order's key is lower(name), id).
        std::optional<AccountRow> after;
        QSet<qint64> seen;
        for (;;) {
            auto page = aud->db->call([&](pqxx::connection_base& c) {
                return records::fetchAccounts(c, records::AccountOrder::Name, after, 7, QStringLiteral("b"));
            });
            QVERIFY(page);
            if (page->isEmpty())
                break;
            for (const AccountRow& a : page.value()) {
                QVERIFY(!seen.contains(a.id));
                QVERIFY(a.companyName.startsWith(QLatin1Char('b'), Qt::CaseInsensitive));
                seen.insert(a.id);
            }
            after = page->last();
        }
        QCOMPARE(seen.size(),
                 int(superCount("SELECT count(*) FROM art32.accounts WHERE lower(company_name) LIKE 'b%'")));
        // The search is an index range on lower(company_name), not a scan of every name.
        const std::string plan = superPlan(
            "SET enable_seqscan = off; EXPLAIN SELECT id FROM art32.accounts WHERE lower(company_name) COLLATE \"C\" "
            "LIKE lower('bakkerij%') COLLATE \"C\" ORDER BY lower(company_name) COLLATE \"C\", id LIMIT 50");
        QVERIFY2(plan.find("accounts_company_lower") != std::string::npos, plan.c_str());
        QVERIFY2(plan.find("Index Cond") != std::string::npos, plan.c_str());
        // The total: counted while the table is small.
        auto total = aud->db->call([](pqxx::connection_base& c) { return records::accountTotal(c); });
        QVERIFY(total);
        QCOMPARE(total->count, superCount("SELECT count(*) FROM art32.accounts"));
        QVERIFY(!total->estimated);
        superExec("DELETE FROM art32.accounts WHERE id IN (900001, 900002, 900003)");
    }

    void ctoRevealsAndTheReadIsAudited()
    {
        auto cto = unlockAs(m_cto);
        const long long before = superCount("SELECT count(*) FROM art32.audit_events WHERE action = 'records.reveal'");
        auto recs = cto->db->call([&](pqxx::connection_base& c) { return records::reveal(c, cto->ring, 1); });
        QVERIFY2(recs, qPrintable(recs.error().message));
        QVERIFY(recs->size() >= 4);
        for (const PlainRecord& r : recs.value())
            QVERIFY(r.intact && !r.value.isEmpty());
        QCOMPARE(superCount("SELECT count(*) FROM art32.audit_events WHERE action = 'records.reveal' AND object = '1' "
                            "AND actor = 'tst_r_cto'"),
                 before + 1);
    }

    void sysadminNeedsAGrantAndTheServerEnforcesIt()
    {
        auto sys = unlockAs(m_sys);
        QVERIFY(sys && sys->ring.hasKek()); // holds the KEK, and still may not read without a grant
        const long long refusals
            = superCount("SELECT count(*) FROM art32.audit_events WHERE action = 'records.refused' AND object = '2'");
        auto refused = sys->db->call([&](pqxx::connection_base& c) { return records::reveal(c, sys->ring, 2); });
        QVERIFY(!refused);
        // Refused, in the console's own words, and the refusal is an audit event (migration 0013).
        QCOMPARE(refused.error().code, QStringLiteral("access.refused"));
        QCOMPARE(
            superCount("SELECT count(*) FROM art32.audit_events WHERE action = 'records.refused' AND object = '2'"),
            refusals + 1);
        // Bypassing the UI and the read functions: neither table can be read directly at all.
        for (const char* table : { "art32.account_keys", "art32.records" }) {
            auto raw = sys->db->run([&](pqxx::connection_base& c) {
                pqxx::read_transaction tx(c);
                tx.exec(std::string("SELECT count(*) FROM ") + table);
            });
            QVERIFY(!raw);
            QCOMPARE(raw.error().code, QStringLiteral("db.denied"));
        }
        // Nor through an opened read: without a grant the server opens none.
        auto opened = sys->db->call(
            [&](pqxx::connection_base& c) { return records::openRead(c, records::ReadWhy::Scan, 1, 1000); });
        QVERIFY(opened);
        QCOMPARE(opened->accounts, 0LL);
        QCOMPARE(opened->records, 0LL);

        // The CTO grants access to account 2 for 30 minutes: now exactly that account opens.
        auto cto = unlockAs(m_cto);
        QVERIFY(cto->db->run([](pqxx::connection_base& c) {
            pqxx::work tx(c);
            tx.exec("SELECT art32.grant_access('tst_r_sys', 2, 'ticket 4711: customer asked for a correction', 30)");
            tx.commit();
        }));
        auto granted = sys->db->call([&](pqxx::connection_base& c) { return records::reveal(c, sys->ring, 2); });
        QVERIFY2(granted, qPrintable(granted.error().message));
        QVERIFY(!granted->isEmpty());
        QVERIFY(!sys->db->call([&](pqxx::connection_base& c) { return records::reveal(c, sys->ring, 3); }));
        // Expired grant: refused again.
        m_offset += 31 * 60;
        test::setServerClockOffset(m_db, m_offset);
        QVERIFY(!sys->db->call([&](pqxx::connection_base& c) { return records::reveal(c, sys->ring, 2); }));
    }

    void auditorNeverReadsPersonalData()
    {
        auto aud = unlockAs(m_aud);
        QVERIFY(aud && !aud->ring.hasKek());
        auto raw = aud->db->run([](pqxx::connection_base& c) {
            pqxx::read_transaction tx(c);
            tx.exec("SELECT count(*) FROM art32.records");
        });
        QVERIFY(!raw);
        QCOMPARE(raw.error().code, QStringLiteral("db.denied"));
        auto reveal = aud->db->run([](pqxx::connection_base& c) {
            pqxx::work tx(c);
            tx.exec("SELECT art32.record_reveal(1)");
        });
        QVERIFY(!reveal);
        QCOMPARE(reveal.error().code, QStringLiteral("db.denied"));
    }

    void exactSearchByEmailAndPhone()
    {
        auto cto = unlockAs(m_cto);
        auto recs = cto->db->call([&](pqxx::connection_base& c) { return records::reveal(c, cto->ring, 5); });
        QVERIFY(recs);
        QString email, phone;
        for (const PlainRecord& r : recs.value()) {
            if (r.kind == RecordKind::Email && email.isEmpty())
                email = QString::fromUtf8(r.value);
            if (r.kind == RecordKind::Phone && phone.isEmpty())
                phone = QString::fromUtf8(r.value);
        }
        auto byEmail = cto->db->call([&](pqxx::connection_base& c) {
            return records::findAccounts(c, cto->ring, RecordKind::Email, email.toUpper());
        });
        QVERIFY(byEmail && byEmail->contains(5));
        auto byPhone = cto->db->call([&](pqxx::connection_base& c) {
            return records::findAccounts(c, cto->ring, RecordKind::Phone, QStringLiteral("+31 ") + phone.mid(1));
        });
        QVERIFY(byPhone && byPhone->contains(5));
        auto nobody = cto->db->call([&](pqxx::connection_base& c) {
            return records::findAccounts(c, cto->ring, RecordKind::Email, QStringLiteral("nobody@nowhere.invalid"));
        });
        QVERIFY(nobody && nobody->isEmpty());
    }

    void subjectExportHoldsExactlyThatPersonsRecords()
    {
        auto cto = unlockAs(m_cto);
        auto recs = cto->db->call([&](pqxx::connection_base& c) { return records::reveal(c, cto->ring, 40); });
        QVERIFY(recs);
        QString email;
        int contact = 0;
        static const char* const jsonKeys[] = { "", "name", "email", "phone", "address", "date_of_birth", "notes" };
        QMap<QString, QString> expected;
        for (const PlainRecord& r : recs.value())
            if (r.kind == RecordKind::Email && email.isEmpty()) {
                email = QString::fromUtf8(r.value);
                contact = r.contact;
            }
        for (const PlainRecord& r : recs.value())
            if (r.contact == contact)
                expected.insert(QLatin1String(jsonKeys[static_cast<int>(r.kind)]), QString::fromUtf8(r.value));
        auto json = cto->db->call([&](pqxx::connection_base& c) {
            return records::exportSubject(c, cto->ring, email, QStringLiteral("tst_r_cto"));
        });
        QVERIFY2(json, qPrintable(json.error().message));
        const QJsonObject doc = QJsonDocument::fromJson(json.value()).object();
        QCOMPARE(doc.value(QStringLiteral("subject")).toString(), email.toLower());
        const QJsonArray holdings = doc.value(QStringLiteral("holdings")).toArray();
        QCOMPARE(holdings.size(), 1); // seeded addresses are unique per person
        const QJsonObject person = holdings.at(0).toObject();
        QCOMPARE(person.value(QStringLiteral("account_id")).toString(), QStringLiteral("40"));
        const QJsonObject data = person.value(QStringLiteral("personal_data")).toObject();
        QCOMPARE(data.size(), expected.size());
        for (auto it = expected.cbegin(); it != expected.cend(); ++it) // that person's values, no other contact's
            QCOMPARE(data.value(it.key()).toString(), it.value());
        QVERIFY(!json.value().contains("ciphertext"));
    }

    void integrityScanNamesTamperedAndMovedRecords()
    {
        const QList<qint64> own = ownAccounts(3);
        QCOMPARE(own.size(), 3);
        auto cto = unlockAs(m_cto);
        auto clean = cto->db->call([&](pqxx::connection_base& c) { return records::verifyAll(c, cto->ring); });
        QVERIFY(clean);
        QCOMPARE(clean->accounts, kSeeded + 3);
        QVERIFY(clean->failures.isEmpty());

        // Tamper with one byte of record A; move record B's ciphertext into a row of another account.
        const long long a = recordOf(own[0]);
        const long long b = recordOf(own[1]);
        const long long target = recordOf(own[2], 1);
        superExec("UPDATE art32.records SET ciphertext = overlay(ciphertext placing '\\xff'::bytea from 40 for 1) "
                  "WHERE id = "
                  + std::to_string(a));
        superExec("UPDATE art32.records SET ciphertext = (SELECT ciphertext FROM art32.records WHERE id = "
                  + std::to_string(b) + "), kind = (SELECT kind FROM art32.records WHERE id = " + std::to_string(b)
                  + ") WHERE id = " + std::to_string(target));
        auto report = cto->db->call([&](pqxx::connection_base& c) { return records::verifyAll(c, cto->ring); });
        QVERIFY(report);
        QSet<qint64> failed;
        for (const PlainRecord& f : report->failures)
            failed.insert(f.id);
        QCOMPARE(failed, (QSet<qint64> { a, target }));
        // The reveal still shows the account's other records, the broken one marked, never a crash.
        auto shown = cto->db->call([&](pqxx::connection_base& c) { return records::reveal(c, cto->ring, own[0]); });
        QVERIFY(shown);
        int broken = 0;
        for (const PlainRecord& r : shown.value())
            broken += r.intact ? 0 : 1;
        QCOMPARE(broken, 1);
    }

    void scanHandsOverEveryRecordOfTheRangeInAccountOrder()
    {
        auto cto = unlockAs(m_cto);
        struct Seen
        {
            qint64 account;
            qint64 id;
            QByteArray value;
        };
        QList<Seen> seen;
        QList<qint64> progress;
        int broken = 0; // counted on the scan's helper thread, checked here
        // Batches of three accounts: the fetch of one overlaps the decryption of the one before.
        auto totals = cto->db->call([&](pqxx::connection_base& c) {
            return records::scan(
                c, cto->ring, 20, 29,
                [&](const PlainRecord& r) {
                    broken += r.intact ? 0 : 1;
                    seen.append({ r.accountId, r.id, r.value });
                },
                [&](qint64 done) { progress.append(done); }, nullptr, 3);
        });
        QVERIFY2(totals, qPrintable(totals.error().message));
        QCOMPARE(broken, 0);
        QCOMPARE(totals->accounts, 10);
        QCOMPARE(totals->records, static_cast<qint64>(seen.size()));
        QCOMPARE(progress.last(), 10);
        for (int i = 1; i < seen.size(); ++i)
            QVERIFY(seen[i - 1].account <= seen[i].account);
        // Exactly what reveal shows for each of those accounts, and nothing of any other.
        QMap<qint64, QByteArray> scanned;
        for (const Seen& s : seen) {
            QVERIFY(s.account >= 20 && s.account <= 29);
            scanned.insert(s.id, s.value);
        }
        QMap<qint64, QByteArray> revealed;
        for (qint64 account = 20; account <= 29; ++account) {
            auto shown
                = cto->db->call([&](pqxx::connection_base& c) { return records::reveal(c, cto->ring, account); });
            QVERIFY(shown);
            for (const PlainRecord& r : shown.value())
                revealed.insert(r.id, r.value);
        }
        QCOMPARE(scanned, revealed);
    }

    void grantsAreListedByRoleAndRevokedByTheCtoOnly()
    {
        auto cto = unlockAs(m_cto);
        auto granted = cto->db->call([&](pqxx::connection_base& c) {
            return grants::grant(c, QStringLiteral("tst_r_sys"), 40, QStringLiteral("ticket 12: address change"), 60);
        });
        QVERIFY2(granted, qPrintable(granted.error().message));
        auto sys = unlockAs(m_sys);
        QVERIFY(sys->db->call([&](pqxx::connection_base& c) { return records::reveal(c, sys->ring, 40); }));

        auto find = [&](Unlocked& who, bool activeOnly) -> std::optional<AccessGrant> {
            auto listed = who.db->call([&](pqxx::connection_base& c) { return grants::list(c, activeOnly); });
            if (!listed)
                return std::nullopt;
            for (const AccessGrant& g : listed.value())
                if (g.id == granted.value())
                    return g;
            return std::nullopt;
        };
        // Everyone concerned sees it, in force: the CTO and the auditor all grants, the sysadmin their own.
        auto aud = unlockAs(m_aud);
        for (Unlocked* who : { cto.get(), aud.get(), sys.get() }) {
            const auto g = find(*who, true);
            QVERIFY(g);
            QCOMPARE(g->state, AccessGrant::State::Active);
            QCOMPARE(g->admin, QStringLiteral("tst_r_sys"));
            QCOMPARE(g->accountId, 40);
            QCOMPARE(g->grantedBy, QStringLiteral("tst_r_cto"));
            QVERIFY(g->expiresAt > g->grantedAt);
        }
        // Only a CTO revokes: the server refuses the others whatever the UI shows.
        for (Unlocked* who : { sys.get(), aud.get() }) {
            auto refused = who->db->call([&](pqxx::connection_base& c) { return grants::revoke(c, granted.value()); });
            QVERIFY(!refused);
            QCOMPARE(refused.error().code, QStringLiteral("db.denied"));
        }
        auto revoked = cto->db->call([&](pqxx::connection_base& c) { return grants::revoke(c, granted.value()); });
        QVERIFY2(revoked, qPrintable(revoked.error().message));
        QVERIFY(revoked.value());
        // At once: the sysadmin's next read is refused; the grant shows as revoked and leaves the active list.
        QVERIFY(!sys->db->call([&](pqxx::connection_base& c) { return records::reveal(c, sys->ring, 40); }));
        const auto ended = find(*cto, false);
        QVERIFY(ended);
        QCOMPARE(ended->state, AccessGrant::State::Revoked);
        QVERIFY(ended->revokedAt.isValid());
        QVERIFY(!find(*cto, true));
        auto again = cto->db->call([&](pqxx::connection_base& c) { return grants::revoke(c, granted.value()); });
        QVERIFY(again && !again.value());
        QVERIFY(!cto->db->call([&](pqxx::connection_base& c) { return grants::revoke(c, 987654321); }));
        QCOMPARE(superCount("SELECT count(*) FROM art32.audit_events WHERE action = 'access.revoke' AND object = '40'"),
                 1LL);
    }

    void staleEditsAreDetected()
    {
        const QList<qint64> own = ownAccounts(1); // the save below writes a ciphertext no key opens
        QCOMPARE(own.size(), 1);
        auto cto = unlockAs(m_cto);
        const long long rec = recordOf(own[0]);
        auto save = [&](int expected) {
            return cto->db->run([&](pqxx::connection_base& c) {
                pqxx::work tx(c);
                const int v
                    = tx.exec_params("SELECT art32.save_record($1, $2, decode(repeat('01', 60), 'hex'), NULL, NULL)",
                                     static_cast<long long>(rec), expected)[0][0]
                          .as<int>();
                tx.commit();
                return v;
            });
        };
        const int current
            = static_cast<int>(superCount("SELECT version FROM art32.records WHERE id = " + std::to_string(rec)));
        auto first = save(current);
        QVERIFY(first);
        QCOMPARE(first.value(), current + 1);
        auto stale = save(current); // someone else saved meanwhile
        QVERIFY(stale);
        QCOMPARE(stale.value(), 0);
    }

    void erasureShredsTheAccount()
    {
        const QList<qint64> own = ownAccounts(1);
        QCOMPARE(own.size(), 1);
        const long long id = own[0];
        const std::string where = " WHERE account_id = " + std::to_string(id);
        auto cto = unlockAs(m_cto);
        auto wrong = cto->db->run([&](pqxx::connection_base& c) {
            pqxx::work tx(c);
            tx.exec_params("SELECT art32.erase_account($1, $2)", id, std::to_string(id + 1));
        });
        QVERIFY(!wrong); // the typed confirmation must name the account
        QVERIFY(superCount("SELECT count(*) FROM art32.records" + where) > 0);
        auto until = cto->db->run([&](pqxx::connection_base& c) {
            pqxx::work tx(c);
            const auto r = tx.exec_params("SELECT extract(epoch FROM art32.erase_account($1, $2))::float8", id,
                                          std::to_string(id));
            tx.commit();
            return r[0][0].as<double>();
        });
        QVERIFY2(until, qPrintable(until.error().message));
        const double expected = static_cast<double>(QDateTime::currentSecsSinceEpoch() + m_offset) + 30 * 86400.0;
        QVERIFY(qAbs(until.value() - expected) < 10); // backups keep the ciphertext 30 days
        QCOMPARE(superCount("SELECT count(*) FROM art32.account_keys" + where), 0LL);
        QCOMPARE(superCount("SELECT count(*) FROM art32.records" + where), 0LL);
        QCOMPARE(superCount("SELECT count(*) FROM art32.erasure_ledger" + where), 1LL);
        QVERIFY(!cto->db->call([&](pqxx::connection_base& c) { return records::reveal(c, cto->ring, id); }));
    }

    void kekRotationInterruptedAndResumedKeepsEverythingReadable()
    {
        auto cto = unlockAs(m_cto);
        // No rotation is open: a batch is refused whatever it holds, so no CTO can rewrite keys on the side.
        const QByteArray key1 = wrappedDekOf(1);
        auto outside = rewrap(*cto, { 1 }, { key1 }, { key1 }, 1, 1);
        QVERIFY(!outside);
        QCOMPARE(wrappedDekOf(1), key1);

        std::atomic_bool cancel { false };
        auto first = cto->db->call([&](pqxx::connection_base& c) {
            return rotation::rotateKek(
                c, cto->ring, m_cto.publicKey, [&](qint64 done, qint64) { cancel = done >= 40; }, &cancel, 20);
        });
        QVERIFY2(first, qPrintable(first.error().message));
        QVERIFY(!first->finished);
        QCOMPARE(first->fromVersion, 1);
        QCOMPARE(first->toVersion, 2);
        QVERIFY(superCount("SELECT count(*) FROM art32.account_keys WHERE kek_version = 1") > 0);
        QVERIFY(superCount("SELECT count(*) FROM art32.account_keys WHERE kek_version = 2") >= 40);
        // With the rotation open: a batch for other versions, or with arrays of different lengths, is refused; a
        // row whose key changed since it was read (the old value differs) is skipped, not overwritten.
        const long long waiting = superCount("SELECT max(account_id) FROM art32.account_keys WHERE kek_version = 1");
        const QByteArray current = wrappedDekOf(waiting);
        QByteArray stale = current;
        stale[10] = static_cast<char>(stale[10] ^ 1);
        QVERIFY(!rewrap(*cto, { waiting }, { current }, { current }, 1, 3));
        QVERIFY(!rewrap(*cto, { waiting }, { current, current }, { current }, 1, 2));
        auto skipped = rewrap(*cto, { waiting }, { stale }, { stale }, 1, 2);
        QVERIFY2(skipped, qPrintable(skipped.error().message));
        QCOMPARE(skipped.value(), 0LL);
        QCOMPARE(wrappedDekOf(waiting), current);
        QCOMPARE(superCount("SELECT kek_version FROM art32.account_keys WHERE account_id = " + std::to_string(waiting)),
                 1LL);

        // The sysadmin who held KEK 1 holds KEK 2 too; the auditor never.
        QCOMPARE(superCount("SELECT count(*) FROM art32.sealed_keys s JOIN art32.admins a ON a.id = s.admin_id "
                            "WHERE s.kind = 'kek' AND s.version = 2"),
                 2LL);

        // Half-way, every account key still opens (with the version it names).
        auto mid = cto->db->call([&](pqxx::connection_base& c) { return records::verifyAll(c, cto->ring); });
        QVERIFY(mid);
        QVERIFY(mid->failures.isEmpty());

        // A later session (its ring loaded from the server) resumes and finishes. Meanwhile someone re-wraps the
        // key of an account that the rotation has read but not yet written (as the platform might): that batch
        // skips it, and a second pass moves it.
        auto again = unlockAs(m_cto);
        const long long before = superCount("SELECT count(*) FROM art32.account_keys WHERE kek_version = 1");
        QList<qint64> progress;
        long long changed = 0;
        auto second = again->db->call([&](pqxx::connection_base& c) {
            return rotation::rotateKek(
                c, again->ring, m_cto.publicKey,
                [&](qint64 done, qint64) {
                    progress.append(done);
                    if (changed)
                        return;
                    // Read ahead already: the smallest id still at version 1 is in the batch now being computed.
                    changed = superCount("SELECT min(account_id) FROM art32.account_keys WHERE kek_version = 1");
                    auto rewrapped = again->ring.withKek(1, [&](const SecureBytes& kek) {
                        auto dek = envelope::unwrapDek(kek, changed, wrappedDekOf(changed));
                        return envelope::wrapDek(kek, 1, changed, dek.value());
                    });
                    pqxx::connection super(test::superuserProfile(m_db).connectionString());
                    pqxx::work tx(super);
                    const QByteArray w = rewrapped.value();
                    tx.exec_params("UPDATE art32.account_keys SET wrapped_dek = $2 WHERE account_id = $1", changed,
                                   pqxx::binarystring(w.constData(), static_cast<std::size_t>(w.size())));
                    tx.commit();
                },
                nullptr, 20);
        });
        QVERIFY2(second, qPrintable(second.error().message));
        QVERIFY(second->finished);
        QVERIFY(changed > 0);
        QCOMPARE(second->rowsMoved, before);
        // One batch came up one short, so the last call of the first pass is not the total; the second pass is.
        QCOMPARE(progress.last(), before);
        QCOMPARE(progress.size(), static_cast<int>((before + 19) / 20) + 1);
        QCOMPARE(superCount("SELECT kek_version FROM art32.account_keys WHERE account_id = " + std::to_string(changed)),
                 2LL);
        QCOMPARE(second->toVersion, 2);
        QCOMPARE(superCount("SELECT count(*) FROM art32.account_keys WHERE kek_version = 1"), 0LL);
        QCOMPARE(superCount("SELECT count(*) FROM art32.kek_versions WHERE version = 1 AND retired_at IS NOT NULL"),
                 1LL);
        QCOMPARE(superCount("SELECT count(*) FROM art32.sealed_keys WHERE kind = 'kek' AND version = 1"), 0LL);
        auto after = unlockAs(m_cto);
        QCOMPARE(after->ring.kekVersion(), 2);
        auto report = after->db->call([&](pqxx::connection_base& c) { return records::verifyAll(c, after->ring); });
        QVERIFY(report);
        QVERIFY(report->failures.isEmpty());
        QVERIFY(after->db->call([&](pqxx::connection_base& c) { return records::reveal(c, after->ring, 1); }));
    }

    void indexRotationKeepsExactSearchWorking()
    {
        auto cto = unlockAs(m_cto);
        auto recs = cto->db->call([&](pqxx::connection_base& c) { return records::reveal(c, cto->ring, 7); });
        QVERIFY(recs);
        QString email;
        for (const PlainRecord& r : recs.value())
            if (r.kind == RecordKind::Email && email.isEmpty())
                email = QString::fromUtf8(r.value);
        std::atomic_bool cancel { false };
        auto first = cto->db->call([&](pqxx::connection_base& c) {
            return rotation::rotateIndexKey(
                c, cto->ring, m_cto.publicKey, [&](qint64 done, qint64) { cancel = done >= 30; }, &cancel, 15);
        });
        QVERIFY2(first, qPrintable(first.error().message));
        QVERIFY(!first->finished);
        // Half-way: found whichever version its row carries.
        auto mid = cto->db->call(
            [&](pqxx::connection_base& c) { return records::findAccounts(c, cto->ring, RecordKind::Email, email); });
        QVERIFY(mid && mid->contains(7));
        auto rest = cto->db->call([&](pqxx::connection_base& c) {
            return rotation::rotateIndexKey(c, cto->ring, m_cto.publicKey, {}, nullptr, 15);
        });
        QVERIFY2(rest, qPrintable(rest.error().message));
        QVERIFY(rest->finished);
        QCOMPARE(superCount("SELECT count(*) FROM art32.blind_index WHERE index_version = 1"), 0LL);
        auto fresh = unlockAs(m_cto);
        QCOMPARE(fresh->ring.indexVersion(), 2);
        auto found = fresh->db->call(
            [&](pqxx::connection_base& c) { return records::findAccounts(c, fresh->ring, RecordKind::Email, email); });
        QVERIFY(found && found->contains(7));
    }

    void indexRotationStopsRatherThanDropIndexesItCannotCheck()
    {
        // A session unlocked before another CTO rotated the KEK holds only the old KEK: it cannot open the
        // account keys, which says nothing about the records, so it must not drop their indexes.
        auto stale = unlockAs(m_cto);
        auto other = unlockAs(m_cto);
        auto kek = other->db->call(
            [&](pqxx::connection_base& c) { return rotation::rotateKek(c, other->ring, m_cto.publicKey); });
        QVERIFY2(kek && kek->finished, kek ? "" : qPrintable(kek.error().message));
        const long long indexes = superCount("SELECT count(*) FROM art32.blind_index");
        auto refused = stale->db->call(
            [&](pqxx::connection_base& c) { return rotation::rotateIndexKey(c, stale->ring, m_cto.publicKey); });
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, QStringLiteral("rotation.kek_missing"));
        QCOMPARE(superCount("SELECT count(*) FROM art32.blind_index"), indexes);
        // A session that holds the new KEK resumes the open index rotation and finishes it, nothing dropped.
        auto fresh = unlockAs(m_cto);
        auto done = fresh->db->call(
            [&](pqxx::connection_base& c) { return rotation::rotateIndexKey(c, fresh->ring, m_cto.publicKey); });
        QVERIFY2(done, qPrintable(done.error().message));
        QVERIFY(done->finished);
        QCOMPARE(superCount("SELECT count(*) FROM art32.blind_index"), indexes);
        QCOMPARE(superCount("SELECT count(DISTINCT index_version) FROM art32.blind_index"), 1LL);
    }
};

QTEST_GUILESS_MAIN(TestRecords)
#include "tst_records.moc"
