// Benchmarks of the audit chain (DESIGN.md §8), each printed as a ratio against its peer measured in the same run:
//   1. audited record saves with the chain   vs the same saves on the same database with the chain and the change
//                                             triggers switched off (events still written, unhashed) (<= 1.3x)
//   2. verify of N events (binary COPY)      vs sha256sum over the same bytes (prev_hash ‖ encoding per event),
//                                             from a file in the page cache (<= 3x)
// N = ART32_BENCH_EVENTS (default 1,000,000), saves = ART32_BENCH_SAVES (default 300). Run by bench/run under the
// test harness.
#include "TestSupport.h"
#include "audit/Chain.h"
#include "auth/KeyRing.h"
#include "auth/Unlock.h"
#include "keychain/Keychain.h"
#include "records/RecordStore.h"
#include "records/Seeder.h"
#include "store/Database.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTextStream>
#include <pqxx/pqxx>

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

qint64 envNumber(const char* name, qint64 fallback)
{
    bool ok = false;
    const qint64 v = qEnvironmentVariable(name).toLongLong(&ok);
    return ok && v > 0 ? v : fallback;
}

/** Saves each note once more, round-robin, as the console does (audited read, save_record); the time in ms. */
double saves(Database& db, const KeyRing& ring, std::vector<PlainRecord>& notes, qint64 count, int round)
{
    QElapsedTimer t;
    t.start();
    for (qint64 i = 0; i < count; ++i) {
        PlainRecord& r = notes[static_cast<std::size_t>(i) % notes.size()];
        const QByteArray value = QByteArray("Bench note ") + QByteArray::number(round) + ' ' + QByteArray::number(i);
        auto saved = db.call([&](pqxx::connection_base& c) { return records::save(c, ring, r, value); });
        if (!saved || saved.value() == 0) {
            out() << "save failed: " << (saved ? QStringLiteral("conflict") : saved.error().message) << '\n';
            return -1;
        }
        r.version = saved.value();
    }
    return ms(t);
}

void benchSaves(qint64 count)
{
    const QString db = QStringLiteral("bench_audit_saves");
    Keychain keychain;
    test::freshDatabase(db);
    test::migrate(db);
    test::TestAdmin cto = test::enrolledAdmin(db, db + QStringLiteral("_cto"), QStringLiteral("cto"), keychain);
    qint64 offset = 60;
    test::setServerClockOffset(db, offset);
    test::initialiseKeys(cto, keychain, {}, offset);
    KeyRing ring;
    const SecureBytes priv = SecureBytes::fromByteArray(keychain.readNow(cto.profile.privateKeyKey()).secret);
    {
        pqxx::connection super(test::superuserProfile(db).connectionString());
        ring.load(super, cto.publicKey, priv);
        ring.withKek(1, [&](const SecureBytes& kek) {
            return ring.withIndexKey(1, [&](const SecureBytes& index) {
                return Seeder::seed(super, Seeder::Keys { kek, 1, index, 1 }, 100, 42);
            });
        });
        pqxx::nontransaction(super).exec("VACUUM ANALYZE");
    }
    Database conn(cto.profile);
    conn.open(SecureBytes::fromByteArray(keychain.readNow(cto.profile.passwordKey()).secret));
    offset += 60;
    test::setServerClockOffset(db, offset);
    conn.call([&](pqxx::connection_base& c) { return unlock::unlockSession(c, test::codeFor(cto, offset)); });
    KeyRing mine;
    conn.call([&](pqxx::connection_base& c) { return mine.load(c, cto.publicKey, priv); });
    std::vector<PlainRecord> notes;
    for (qint64 account = 1; account <= 100; ++account) {
        auto shown = conn.call([&](pqxx::connection_base& c) { return records::reveal(c, mine, account); });
        if (!shown)
            continue;
        for (const auto& r : shown.value())
            if (r.kind == RecordKind::Notes && r.intact)
                notes.push_back(r);
    }
    if (notes.empty()) {
        out() << "no notes to save\n";
        return;
    }
    saves(conn, mine, notes, count / 10, 0); // warm up
    const double chained = saves(conn, mine, notes, count, 1);
    // The same database without the chain: no lock, no hash, no change triggers; the saves' own events stay.
    test::superuserExec(db, R"(
        ALTER TABLE art32.audit_events DISABLE TRIGGER audit_events_chain;
        ALTER TABLE art32.audit_events DROP CONSTRAINT audit_events_no_fork, DROP CONSTRAINT audit_events_hash_length,
            ALTER COLUMN prev_hash DROP NOT NULL, ALTER COLUMN hash DROP NOT NULL,
            ALTER COLUMN at SET DEFAULT clock_timestamp();
        CREATE SEQUENCE art32.bench_seq START 100000000;
        ALTER SEQUENCE art32.bench_seq OWNER TO art32_owner;
        ALTER TABLE art32.audit_events ALTER COLUMN seq SET DEFAULT nextval('art32.bench_seq');
        DO $$ DECLARE t regclass; BEGIN
            FOR t IN SELECT tgrelid::regclass FROM pg_trigger WHERE tgname = 'audit_changes' LOOP
                EXECUTE format('ALTER TABLE %s DISABLE TRIGGER audit_changes', t);
            END LOOP;
        END $$)");
    const double plain = saves(conn, mine, notes, count, 2);
    const double again = saves(conn, mine, notes, count, 3);
    out() << QStringLiteral("  %1 saves: %2/s with the chain, %3/s without\n")
                 .arg(count)
                 .arg(1000.0 * static_cast<double>(count) / chained, 0, 'f', 0)
                 .arg(1000.0 * static_cast<double>(count) / std::min(plain, again), 0, 'f', 0);
    ratio(QStringLiteral("    saves with the chain / without"), chained, std::min(plain, again),
          QStringLiteral("<= 1.3"));
}

/** The floor: psql's binary COPY of the same rows in seq order, to /dev/null; the time in ms. */
double rawFetch(const QString& db)
{
    QProcess psql;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("PGHOST"), qEnvironmentVariable("ART32_TEST_PGHOST"));
    env.insert(QStringLiteral("PGPORT"), qEnvironmentVariable("ART32_TEST_PGPORT"));
    env.insert(QStringLiteral("PGUSER"), qEnvironmentVariable("ART32_TEST_PGUSER"));
    env.insert(QStringLiteral("PGOPTIONS"), QStringLiteral("-c enable_sort=off"));
    psql.setProcessEnvironment(env);
    QElapsedTimer t;
    t.start();
    psql.start(QStringLiteral("psql"),
               { QStringLiteral("-XAtq"), QStringLiteral("-d"), db, QStringLiteral("-c"),
                 QStringLiteral("\\copy (SELECT seq, at, actor, action, object, detail, account_id, tbl, row_key, "
                                "columns, prev_hash, hash FROM art32.audit_events ORDER BY seq) TO '/dev/null' "
                                "(FORMAT binary)") });
    psql.waitForFinished(-1);
    return psql.exitCode() == 0 ? ms(t) : -1;
}

void benchVerify(qint64 events)
{
    const QString db = QStringLiteral("bench_audit_verify");
    test::freshDatabase(db);
    test::migrate(db);
    QTemporaryDir dir;
    QFile bytes(dir.filePath(QStringLiteral("chain.bin")));
    bytes.open(QIODevice::WriteOnly);
    pqxx::connection super(test::superuserProfile(db).connectionString());
    QElapsedTimer t;
    t.start();
    {
        // The events a console makes, chained here and written with the triggers off (a trigger per row would take
        // minutes): reveals, row changes with their columns, unlocks.
        pqxx::work tx(super);
        tx.exec("ALTER TABLE art32.audit_events DISABLE TRIGGER ALL");
        tx.exec("DELETE FROM art32.audit_events");
        pqxx::stream_to copy(tx, "art32.audit_events",
                             std::vector<std::string> { "seq", "at", "actor", "action", "object", "detail",
                                                        "account_id", "tbl", "row_key", "columns", "prev_hash",
                                                        "hash" });
        QByteArray prev = audit::genesis();
        const qint64 start = QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch() * 1000;
        for (qint64 seq = 1; seq <= events; ++seq) {
            audit::Event e;
            e.seq = seq;
            e.atMicros = start + seq * 1234;
            e.actor = QStringLiteral("bench_sysadmin");
            const qint64 account = 1 + seq % 100000;
            e.accountId = account;
            e.object = QString::number(account);
            switch (seq % 3) {
            case 0:
                e.action = QStringLiteral("records.reveal");
                e.detail = QByteArrayLiteral("{\"why\": \"reveal\", \"records\": 4}");
                break;
            case 1:
                e.action = QStringLiteral("row.update");
                e.tbl = QStringLiteral("records");
                e.rowKey = QString::number(seq);
                e.columns = QStringList { QStringLiteral("ciphertext"), QStringLiteral("updated_at"),
                                          QStringLiteral("version") };
                break;
            default:
                e.action = QStringLiteral("unlock.success");
                e.accountId.reset();
                e.object = e.actor;
                break;
            }
            const QByteArray enc = audit::encode(e);
            const QByteArray hash = audit::chainHash(prev, enc);
            bytes.write(prev);
            bytes.write(enc);
            const std::string at = QDateTime::fromMSecsSinceEpoch(e.atMicros / 1000, Qt::UTC)
                                       .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"))
                                       .toStdString()
                + QStringLiteral("%1+00").arg(e.atMicros % 1000, 3, 10, QLatin1Char('0')).toStdString();
            const std::string object = e.object->toStdString(), accountText = QString::number(account).toStdString();
            const std::string tbl = e.tbl.value_or(QString()).toStdString();
            const std::string key = e.rowKey.value_or(QString()).toStdString();
            const std::string columns = e.columns ? "{" + e.columns->join(QLatin1Char(',')).toStdString() + "}" : "";
            const std::string prevHex = "\\x" + prev.toHex().toStdString(),
                              hashHex = "\\x" + hash.toHex().toStdString();
            copy << std::make_tuple(std::to_string(seq), at, e.actor.toStdString(), e.action.toStdString(), object,
                                    e.detail.toStdString(), e.accountId ? accountText.c_str() : nullptr,
                                    e.tbl ? tbl.c_str() : nullptr, e.rowKey ? key.c_str() : nullptr,
                                    e.columns ? columns.c_str() : nullptr, prevHex, hashHex);
            prev = hash;
        }
        copy.complete();
        tx.exec("ALTER TABLE art32.audit_events ENABLE TRIGGER ALL, ENABLE ALWAYS TRIGGER audit_events_chain, ENABLE "
                "ALWAYS TRIGGER audit_events_no_update, ENABLE ALWAYS TRIGGER audit_events_no_truncate");
        tx.commit();
    }
    bytes.close();
    pqxx::nontransaction(super).exec("VACUUM ANALYZE art32.audit_events");
    out() << QStringLiteral("wrote %1 chained events (%2 MB hashed) in %3 s\n")
                 .arg(events)
                 .arg(static_cast<double>(bytes.size()) / 1e6, 0, 'f', 1)
                 .arg(ms(t) / 1000.0, 0, 'f', 1);
    out().flush();
    Database conn(test::superuserProfile(db));
    conn.openWithoutPassword();
    double best = 0, peer = 0, floor = 0;
    for (int run = 0; run < 3; ++run) { // best of three each, interleaved: the machine is shared
        t.restart();
        auto r = audit::verify(conn, 1, std::nullopt, {}, nullptr);
        const double v = ms(t);
        if (!r || r->kind != audit::BreakKind::None || r->checked < events) {
            out() << "verify did not pass: " << (r ? r->detail : r.error().message) << '\n';
            return;
        }
        const double f = rawFetch(db);
        floor = run == 0 ? f : std::min(floor, f);
        t.restart();
        QProcess sum;
        sum.start(QStringLiteral("sha256sum"), { bytes.fileName() });
        sum.waitForFinished(-1);
        const double s = ms(t);
        best = run == 0 ? v : std::min(best, v);
        peer = run == 0 ? s : std::min(peer, s);
    }
    ratio(QStringLiteral("    verify %1 events / sha256sum of the same bytes").arg(events), best, peer,
          QStringLiteral("<= 3"));
    ratio(QStringLiteral("    (verify / the bare binary COPY of the same rows, for reference)"), best, floor,
          QStringLiteral("none"));
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    if (!test::servicesAvailable()) {
        out() << "bench_audit: needs the harness's PostgreSQL and Secret Service\n";
        return 1;
    }
    const QByteArray only = qgetenv("ART32_BENCH_ONLY");
    if (only.isEmpty() || only.contains('1')) {
        out() << "1. audited saves, with the chain vs without\n";
        benchSaves(envNumber("ART32_BENCH_SAVES", 300));
    }
    if (only.isEmpty() || only.contains('2')) {
        out() << "2. verify vs sha256sum\n";
        benchVerify(envNumber("ART32_BENCH_EVENTS", 1000000));
    }
    return 0;
}
