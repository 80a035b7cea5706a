// Opening the Audit view (DESIGN.md §8, "audit view open, 1M events vs the same at 10k: <= 1.5x"): the real AuditModel
// (Session worker thread, keyset page of 200 newest first), timed from reload() to its first rows, for the whole log
// and for each filter of the bar (an actor, an action group, an account, a time range), and the resident memory it
// added. Measured at 10k events and at N (ART32_BENCH_EVENTS, default 1,000,000) in the same run, on chains seeded
// with valid hashes (tests/support/AuditSeed.h), each the median of five opens. Run by bench/run under the harness.
#include "AuditSeed.h"
#include "BenchSupport.h"
#include "TestSupport.h"
#include "audit/AuditLog.h"
#include "audit/AuditModel.h"
#include "keychain/Keychain.h"
#include "session/Session.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QTextStream>
#include <algorithm>
#include <pqxx/connection>
#include <pqxx/nontransaction>
#include <vector>

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

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

struct Fixture
{
    QString db;
    test::TestAdmin auditor;
    qint64 offset = 60;
    QDateTime middle; ///< halfway through the log: the time-range filter looks at 5 s around it
};

/** A database whose log holds `events` events: 20 actors, 12 actions, 100k accounts, 1 ms apart. */
Fixture prepare(const QString& db, qint64 events, Keychain& keychain)
{
    Fixture f;
    f.db = db;
    test::freshDatabase(db);
    test::migrate(db);
    f.auditor = test::enrolledAdmin(db, db + QStringLiteral("_aud"), QStringLiteral("auditor"), keychain);
    test::setServerClockOffset(db, f.offset);
    QElapsedTimer t;
    t.start();
    test::seedAuditEvents(
        db,
        "SELECT 'admin' || (i % 20), (ARRAY['records.reveal', 'records.read', 'records.update', 'access.grant', "
        "'access.revoke', 'unlock.ok', 'unlock.wrong', 'lock', 'keys.seal', 'row.insert', 'row.update', "
        "'admin.create'])[1 + i % 12], CASE WHEN i % 12 < 5 THEN (1 + (i::bigint * 7919) % 100000)::text ELSE 'x' END, "
        "jsonb_build_object('n', i) FROM generate_series(1, "
            + std::to_string(events) + ") i ORDER BY i");
    pqxx::connection super(test::superuserProfile(db).connectionString());
    pqxx::nontransaction(super).exec("VACUUM ANALYZE art32.audit_events");
    const pqxx::result span = pqxx::nontransaction(super).exec(
        "SELECT (extract(epoch FROM min(at)) * 1000)::bigint, (extract(epoch FROM max(at)) * 1000)::bigint FROM "
        "art32.audit_events WHERE detail ? 'n'");
    f.middle = QDateTime::fromMSecsSinceEpoch((span[0][0].as<long long>() + span[0][1].as<long long>()) / 2, Qt::UTC);
    out() << QStringLiteral("seeded %1 chained events into %2 in %3 s\n")
                 .arg(events)
                 .arg(db)
                 .arg(ms(t) / 1000.0, 0, 'f', 1);
    out().flush();
    return f;
}

struct Open
{
    double ms = 0;
    long rssKb = 0;
};

/** reload(filter) to the first rows in the real model, five times: the median, and the RSS the model added. */
Open firstRows(Session& session, const audit::Filter& filter)
{
    std::vector<double> times;
    long grown = 0;
    for (int i = 0; i < 5; ++i) {
        const long before = rssKb();
        ui::AuditModel model(&session);
        QElapsedTimer t;
        t.start();
        model.reload(filter);
        waitUntil([&] { return !model.isLoading() && model.rowCount() > 0; });
        times.push_back(ms(t));
        grown = std::max(grown, rssKb() - before);
        if (model.rowCount() == 0)
            out() << "  (no rows: the filter matched nothing)\n";
    }
    return { median(times), grown };
}

std::unique_ptr<Session> unlocked(Fixture& f, Keychain& keychain)
{
    auto session = std::make_unique<Session>(f.auditor.profile, &keychain);
    session->open();
    waitUntil([&] { return session->state() == Session::State::Locked; });
    f.offset += 60;
    test::setServerClockOffset(f.db, f.offset);
    session->unlock(test::codeFor(f.auditor, f.offset));
    waitUntil([&] { return session->state() == Session::State::Unlocked; });
    return session;
}

} // namespace

int main(int argc, char* argv[])
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    if (!test::servicesAvailable()) {
        QTextStream(stderr) << "bench_auditview: run through bench/run (needs the harness's services)\n";
        return 2;
    }
    const qint64 n = qEnvironmentVariableIntValue("ART32_BENCH_EVENTS") > 0
        ? qEnvironmentVariableIntValue("ART32_BENCH_EVENTS")
        : 1000000;
    Keychain keychain(QStringLiteral("Art32 Console bench audit"));
    Fixture small = prepare(QStringLiteral("bench_audit_small"), 10000, keychain);
    Fixture big = prepare(QStringLiteral("bench_audit_big"), n, keychain);
    auto smallSession = unlocked(small, keychain);
    auto bigSession = unlocked(big, keychain);
    if (smallSession->state() != Session::State::Unlocked || bigSession->state() != Session::State::Unlocked) {
        out() << "bench_auditview: could not unlock\n";
        return 1;
    }

    struct Case
    {
        QString name;
        std::function<audit::Filter(const Fixture&)> filter;
    };
    const std::vector<Case> cases {
        { QStringLiteral("whole log"),
          [](const Fixture&) {
              return audit::Filter {};
          } },
        { QStringLiteral("one actor"),
          [](const Fixture&) {
              audit::Filter f;
              f.actors = QStringList { QStringLiteral("admin7") };
              return f;
          } },
        { QStringLiteral("two actors"),
          [](const Fixture&) {
              audit::Filter f;
              f.actors = QStringList { QStringLiteral("admin3"), QStringLiteral("admin11") };
              return f;
          } },
        { QStringLiteral("action group records.*"),
          [](const Fixture&) {
              audit::Filter f;
              f.actions = QStringList { QStringLiteral("records.") };
              return f;
          } },
        { QStringLiteral("one account, own events"),
          [](const Fixture&) {
              audit::Filter f;
              f.account = 7920; // the second event's account, in both logs
              f.accountRangeReads = false;
              return f;
          } },
        // What the view asks ("who saw it?"): also the range reads covering it, which walk every records.read
        // event with no account (1 in 12 here) until an index of range reads exists.
        { QStringLiteral("one account + range reads"),
          [](const Fixture&) {
              audit::Filter f;
              f.account = 7920;
              return f;
          } },
        { QStringLiteral("5 s in the middle"),
          [](const Fixture& fx) {
              audit::Filter f;
              f.from = fx.middle.addMSecs(-2500);
              f.to = fx.middle.addMSecs(2500);
              return f;
          } },
    };
    out() << QStringLiteral("audit view open: first page of %1 newest first, median of 5\n")
                 .arg(ui::AuditModel::kPageSize);
    for (const Case& c : cases) {
        const Open s = firstRows(*smallSession, c.filter(small));
        const Open b = firstRows(*bigSession, c.filter(big));
        out() << QStringLiteral("  %1: %2 events %3 ms vs 10k %4 ms -> %5x (target <= 1.5x); RSS +%6 kB vs +%7 kB\n")
                     .arg(c.name, -24)
                     .arg(n)
                     .arg(b.ms, 0, 'f', 1)
                     .arg(s.ms, 0, 'f', 1)
                     .arg(b.ms / s.ms, 0, 'f', 3)
                     .arg(b.rssKb)
                     .arg(s.rssKb);
        out().flush();
    }
    return 0;
}
