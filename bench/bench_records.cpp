// Benchmarks of the encrypted records (DESIGN.md §8), each printed as a ratio against its peer measured in the
// same run, on a database seeded through the real envelope code:
//   1. fetch + decrypt 100k records      vs pgcrypto pgp_sym_decrypt of the same values in SQL (>= 50x faster)
//                                         vs a raw fetch of the same ciphertexts (<= 1.5x its time)
//   2. accounts view, first rows + RSS   at 10k vs at N accounts (<= 1.5x), and vs the bare keyset query (<= 3x)
//   3. exact e-mail search at N          vs decrypt-and-scan of every e-mail record (>= 1000x)
//   4. KEK rotation at N                 vs one UPDATE per row, per row, median of three samples (>= 10x)
// N = ART32_BENCH_ACCOUNTS (default 1,000,000); ART32_BENCH_ONLY="1,4" runs only some sections. Run by bench/run
// under the test harness.
#include "BenchSupport.h"
#include "TestSupport.h"
#include "accounts/AccountsModel.h"
#include "auth/KeyRing.h"
#include "auth/Unlock.h"
#include "crypto/Keys.h"
#include "keychain/Keychain.h"
#include "records/Envelope.h"
#include "records/RecordStore.h"
#include "records/Rotation.h"
#include "records/Seeder.h"
#include "session/Session.h"
#include "store/Database.h"
#include "store/PgWire.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QTextStream>
#include <QTimer>
#include <algorithm>
#include <map>
#include <pqxx/binarystring>
#include <pqxx/nontransaction>
#include <pqxx/result>
#include <pqxx/stream_to>
#include <pqxx/transaction>

using namespace art32;

namespace {

QTextStream& out()
{
    static QTextStream s(stdout);
    return s;
}

double ms(const QElapsedTimer& t)
{
    return static_cast<double>(t.nsecsElapsed()) / 1e6;
}

long rssKb()
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray& line : f.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLong();
    return 0;
}

void ratio(const QString& what, double ours, double peer, const QString& target)
{
    out() << QStringLiteral("%1: %2 ms vs %3 ms -> %4x   (target %5)\n")
                 .arg(what)
                 .arg(ours, 0, 'f', 1)
                 .arg(peer, 0, 'f', 1)
                 .arg(ours / peer, 0, 'f', 3)
                 .arg(target);
    out().flush();
}

struct Fixture
{
    QString db;
    test::TestAdmin cto;
    qint64 offset = 60;
};

/** A database with N seeded accounts and an unlocked CTO connection holding the keys. */
Fixture prepare(const QString& db, qint64 accounts, Keychain& keychain)
{
    Fixture f;
    f.db = db;
    test::freshDatabase(db);
    test::migrate(db);
    f.cto = test::enrolledAdmin(db, db + QStringLiteral("_cto"), QStringLiteral("cto"), keychain);
    test::setServerClockOffset(db, f.offset);
    test::initialiseKeys(f.cto, keychain, {}, f.offset);
    pqxx::connection super(test::superuserProfile(db).connectionString());
    KeyRing ring;
    const SecureBytes priv = SecureBytes::fromByteArray(keychain.readNow(f.cto.profile.privateKeyKey()).secret);
    ring.load(super, f.cto.publicKey, priv);
    QElapsedTimer t;
    t.start();
    ring.withKek(1, [&](const SecureBytes& kek) {
        return ring.withIndexKey(1, [&](const SecureBytes& index) {
            return Seeder::seed(super, Seeder::Keys { kek, 1, index, 1 }, accounts, 42);
        });
    });
    pqxx::nontransaction(super).exec("VACUUM ANALYZE");
    out()
        << QStringLiteral("seeded %1 accounts into %2 in %3 s\n").arg(accounts).arg(db).arg(ms(t) / 1000.0, 0, 'f', 1);
    out().flush();
    return f;
}

std::unique_ptr<Database> unlockedCto(Fixture& f, Keychain& keychain, KeyRing& ring)
{
    auto db = std::make_unique<Database>(f.cto.profile);
    db->open(SecureBytes::fromByteArray(keychain.readNow(f.cto.profile.passwordKey()).secret));
    f.offset += 60;
    test::setServerClockOffset(f.db, f.offset);
    db->call([&](pqxx::connection_base& c) { return unlock::unlockSession(c, test::codeFor(f.cto, f.offset)); });
    const SecureBytes priv = SecureBytes::fromByteArray(keychain.readNow(f.cto.profile.privateKeyKey()).secret);
    db->call([&](pqxx::connection_base& c) { return ring.load(c, f.cto.publicKey, priv); });
    return db;
}

/** Time to the first page in the real AccountsModel (worker thread and all), and RSS growth. */
std::pair<double, long> firstRows(Fixture& f, Keychain& keychain)
{
    Session session(f.cto.profile, &keychain);
    session.open();
    waitUntil([&] { return session.state() == Session::State::Locked; });
    f.offset += 60;
    test::setServerClockOffset(f.db, f.offset);
    session.unlock(test::codeFor(f.cto, f.offset));
    waitUntil([&] { return session.state() == Session::State::Unlocked; });
    const long before = rssKb();
    ui::AccountsModel model(&session);
    QElapsedTimer t;
    t.start();
    model.reload();
    waitUntil([&] { return model.rowCount() > 0; });
    return { ms(t), rssKb() - before };
}

double bareKeysetQuery(Fixture& f, Keychain& keychain)
{
    KeyRing ring;
    auto db = unlockedCto(f, keychain, ring);
    QElapsedTimer t;
    t.start();
    db->run([](pqxx::connection_base& c) {
        pqxx::read_transaction tx(c);
        tx.exec(
            "SELECT id, company_name, plan, status, created_at FROM art32.accounts WHERE id > 0 ORDER BY id LIMIT 200");
    });
    return ms(t);
}

/** ART32_BENCH_ONLY="1,4" runs only those sections (all by default). */
bool wanted(int section)
{
    const QByteArray only = qgetenv("ART32_BENCH_ONLY");
    return only.isEmpty() || only.split(',').contains(QByteArray::number(section));
}

} // namespace

int main(int argc, char* argv[])
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    if (!test::servicesAvailable()) {
        QTextStream(stderr) << "bench_records: run through bench/run (needs the harness's services)\n";
        return 2;
    }
    const qint64 n = qEnvironmentVariableIntValue("ART32_BENCH_ACCOUNTS") > 0
        ? qEnvironmentVariableIntValue("ART32_BENCH_ACCOUNTS")
        : 1000000;
    Keychain keychain(QStringLiteral("Art32 Console bench records"));
    Fixture small = wanted(2) ? prepare(QStringLiteral("bench_small"), 10000, keychain) : Fixture {};
    Fixture big = prepare(QStringLiteral("bench_big"), n, keychain);

    if (wanted(1)) // 1. Fetch + decrypt 100k records.
    {
        KeyRing ring;
        auto db = unlockedCto(big, keychain, ring);
        // Accounts holding the first ~100k records.
        long long lastAccount = 0;
        {
            pqxx::connection super(test::superuserProfile(big.db).connectionString());
            lastAccount = pqxx::nontransaction(super)
                              .exec("SELECT account_id FROM art32.records ORDER BY id OFFSET 99999 LIMIT 1")[0][0]
                              .as<long long>();
        }
        // Ours: the console's scan (integrity scan, bulk reads): batches of accounts, each DEK unwrapped once,
        // the next batch fetched while this one is decrypted.
        std::vector<QByteArray> plain;
        plain.reserve(110000);
        qint64 decrypted = 0;
        QElapsedTimer t;
        t.start();
        auto fetched = db->call([&](pqxx::connection_base& c) {
            return records::scan(c, ring, 1, lastAccount, [&](const PlainRecord& rec) {
                if (rec.intact) {
                    plain.push_back(rec.value);
                    ++decrypted;
                }
            });
        });
        const double ours = ms(t);
        if (!fetched)
            out() << "fetch failed: " << fetched.error().message << '\n';
        // The floor: the same keys and ciphertexts in one query each, decoded to bytes, nothing decrypted.
        // Read by the superuser on the same server: admins read ciphertext only through the audited functions.
        pqxx::connection superRaw(test::superuserProfile(big.db).connectionString());
        QElapsedTimer raw;
        raw.start();
        [&](pqxx::connection_base& c) {
            pqxx::read_transaction tx(c);
            const auto keys = tx.exec_params("SELECT account_id, kek_version, wrapped_dek FROM art32.account_keys "
                                             "WHERE account_id <= $1 ORDER BY account_id",
                                             lastAccount);
            const auto rows = tx.exec_params("SELECT id, account_id, contact, kind, version, ciphertext "
                                             "FROM art32.records WHERE account_id <= $1 ORDER BY account_id",
                                             lastAccount);
            QByteArray buffer;
            std::size_t bytes = 0;
            for (const auto& k : keys)
                bytes += pgwire::decodeBytea(k[2].c_str(), k[2].size(), buffer) ? buffer.size() : 0;
            for (const auto& r : rows)
                bytes += pgwire::decodeBytea(r[5].c_str(), r[5].size(), buffer) ? buffer.size() : 0;
            Q_UNUSED(bytes);
        }(superRaw);
        const double rawMs = ms(raw);
        // The same values encrypted with pgcrypto, decrypted by the server.
        {
            pqxx::connection super(test::superuserProfile(big.db).connectionString());
            pqxx::nontransaction(super).exec(
                "CREATE TABLE IF NOT EXISTS public.pgp_bench (v bytea); TRUNCATE public.pgp_bench");
        }
        {
            pqxx::connection super(test::superuserProfile(big.db).connectionString());
            pqxx::work tx(super);
            // The same plaintexts into a temporary table (COPY), then pgp_sym_encrypt in SQL.
            tx.exec("CREATE TEMP TABLE plain_bench (t text) ON COMMIT DROP");
            {
                pqxx::stream_to s(tx, "plain_bench", std::vector<std::string> { "t" });
                for (const QByteArray& p : plain)
                    s << std::make_tuple(p.toStdString());
                s.complete();
            }
            tx.exec("INSERT INTO public.pgp_bench SELECT art32_crypto.pgp_sym_encrypt(t, 'bench-passphrase') FROM "
                    "plain_bench");
            tx.commit();
        }
        QElapsedTimer pgp;
        pgp.start();
        {
            pqxx::connection super(test::superuserProfile(big.db).connectionString());
            pqxx::read_transaction tx(super);
            const auto rows
                = tx.exec("SELECT art32_crypto.pgp_sym_decrypt(v, 'bench-passphrase') FROM public.pgp_bench");
            std::size_t chars = 0;
            for (const auto& r : rows)
                chars += r[0].size();
            Q_UNUSED(chars);
        }
        const double pgpMs = ms(pgp);
        out() << QStringLiteral("[1] %1 records fetched and decrypted\n").arg(decrypted);
        ratio(QStringLiteral("    pgcrypto / ours (speed-up)"), pgpMs, ours, QStringLiteral(">= 50"));
        ratio(QStringLiteral("    ours / raw fetch"), ours, rawMs, QStringLiteral("<= 1.5"));
    }

    if (wanted(2)) // 2. Accounts view: first rows and memory at 10k and at N.
    {
        const auto [smallMs, smallRss] = firstRows(small, keychain);
        const auto [bigMs, bigRss] = firstRows(big, keychain);
        const double bare = bareKeysetQuery(big, keychain);
        out() << QStringLiteral(
                     "[2] accounts view first rows: 10k %1 ms (+%2 kB RSS), %3 accounts %4 ms (+%5 kB RSS)\n")
                     .arg(smallMs, 0, 'f', 1)
                     .arg(smallRss)
                     .arg(n)
                     .arg(bigMs, 0, 'f', 1)
                     .arg(bigRss);
        ratio(QStringLiteral("    first rows N / 10k"), bigMs, smallMs, QStringLiteral("<= 1.5"));
        out() << QStringLiteral("    RSS growth N / 10k: %1 kB / %2 kB   (target flat, <= 1.5x)\n")
                     .arg(bigRss)
                     .arg(smallRss);
        ratio(QStringLiteral("    first rows / bare keyset query"), bigMs, bare, QStringLiteral("<= 3"));
    }

    if (wanted(3)) // 3. Exact e-mail search vs decrypt-and-scan.
    {
        KeyRing ring;
        auto db = unlockedCto(big, keychain, ring);
        QString email;
        db->call([&](pqxx::connection_base& c) -> Result<void> {
            auto r = records::reveal(c, ring, n / 2);
            for (const PlainRecord& p : r.value())
                if (p.kind == RecordKind::Email && email.isEmpty())
                    email = QString::fromUtf8(p.value);
            return {};
        });
        QElapsedTimer s;
        s.start();
        auto found = db->call(
            [&](pqxx::connection_base& c) { return records::findAccounts(c, ring, RecordKind::Email, email); });
        const double searchMs = ms(s);
        QElapsedTimer scan;
        scan.start();
        qint64 matches = 0;
        // The peer reads as the superuser: admins cannot read ciphertext directly.
        pqxx::connection superScan(test::superuserProfile(big.db).connectionString());
        [&](pqxx::connection_base& c) {
            pqxx::read_transaction tx(c);
            const QString wanted = envelope::normalise(RecordKind::Email, email);
            const auto rows = tx.exec("SELECT r.id, r.account_id, r.ciphertext, k.wrapped_dek FROM art32.records r "
                                      "JOIN art32.account_keys k ON k.account_id = r.account_id WHERE r.kind = 2");
            ring.withKek(1, [&](const SecureBytes& kek) {
                SecureBytes dek(32);
                for (const auto& r : rows) {
                    const long long account = r[1].as<long long>();
                    const pqxx::binarystring w(r[3]);
                    envelope::unwrapDekInto(kek, account,
                                            QByteArray::fromRawData(reinterpret_cast<const char*>(w.data()),
                                                                    static_cast<qsizetype>(w.size())),
                                            dek);
                    const pqxx::binarystring ct(r[2]);
                    auto p = envelope::openRecord(dek, account, r[0].as<long long>(), RecordKind::Email,
                                                  QByteArray::fromRawData(reinterpret_cast<const char*>(ct.data()),
                                                                          static_cast<qsizetype>(ct.size())));
                    if (p && envelope::normalise(RecordKind::Email, QString::fromUtf8(p.value())) == wanted)
                        ++matches;
                }
                return 0;
            });
        }(superScan);
        const double scanMs = ms(scan);
        out() << QStringLiteral("[3] search for one e-mail among %1 accounts: %2 account(s) by index, %3 by scan\n")
                     .arg(n)
                     .arg(found ? found->size() : -1)
                     .arg(matches);
        ratio(QStringLiteral("    decrypt-and-scan / blind index (speed-up)"), scanMs, searchMs,
              QStringLiteral(">= 1000"));
    }

    if (wanted(4)) // 4. KEK rotation vs one UPDATE per row (the peer timed on a sample, compared per row).
    {
        KeyRing ring;
        auto db = unlockedCto(big, keychain, ring);
        QElapsedTimer r;
        r.start();
        auto outcome
            = db->call([&](pqxx::connection_base& c) { return rotation::rotateKek(c, ring, big.cto.publicKey); });
        const double rotMs = ms(r);
        const qint64 rows = outcome ? outcome->rowsMoved : 0;
        // The peer: one UPDATE statement per row in one transaction, timed on three samples of 10000 rows (the
        // start, middle and end of the keys) after the rotation; the median per row is compared. Only the
        // UPDATEs and the commit are timed, not the connection or the read of the sample.
        const int sample = 10000;
        std::vector<double> peerPerRow;
        {
            pqxx::connection super(test::superuserProfile(big.db).connectionString());
            for (const double at : { 0.0, 0.5, 0.99 }) {
                const auto keys = pqxx::nontransaction(super).exec_params(
                    "SELECT account_id, wrapped_dek FROM art32.account_keys WHERE account_id >= $1 "
                    "ORDER BY account_id LIMIT $2",
                    static_cast<long long>(at * static_cast<double>(n)), sample);
                QElapsedTimer u;
                u.start();
                pqxx::work tx(super);
                for (const auto& row : keys)
                    tx.exec_params("UPDATE art32.account_keys SET wrapped_dek = $2 WHERE account_id = $1",
                                   row[0].as<long long>(), pqxx::binarystring(row[1]));
                tx.commit();
                peerPerRow.push_back(ms(u) / static_cast<double>(keys.size()));
            }
        }
        std::sort(peerPerRow.begin(), peerPerRow.end());
        const double perRowPeer = peerPerRow[1];
        const double perRowOurs = rows > 0 ? rotMs / static_cast<double>(rows) : 0;
        out() << QStringLiteral("[4] KEK rotation: %1 DEKs re-wrapped in %2 s; one UPDATE per row: %3, %4, %5 us per "
                                "row on three samples of %6\n")
                     .arg(rows)
                     .arg(rotMs / 1000.0, 0, 'f', 1)
                     .arg(peerPerRow[0] * 1000.0, 0, 'f', 1)
                     .arg(peerPerRow[1] * 1000.0, 0, 'f', 1)
                     .arg(peerPerRow[2] * 1000.0, 0, 'f', 1)
                     .arg(sample);
        ratio(QStringLiteral("    per row: UPDATE-per-row (median) / ours (speed-up)"), perRowPeer * 1000.0,
              perRowOurs * 1000.0, QStringLiteral(">= 10 (values in us per row)"));
    }
    return 0;
}
