// Incident evidence (issue 14, i14-evidence): incidents::collectEvidence over a window of the audit log, at 10k
// events and at N (ART32_BENCH_EVENTS, default 1,000,000) in the same run, each the median of five. The window is
// the same length in both logs (ART32_BENCH_WINDOW events, default 5,000, 1 ms apart, in the middle of the log):
// the time becomes a seq range by a binary search and the pages walk the primary key inside it, so N / 10k should
// stay flat (target <= 1.5x). The peer: fetching the same events to the client (what aggregating there would cost).
// Read as the harness's superuser (RLS adds one initplan per page for an unlocked admin). Run by bench/run.
#include "AuditSeed.h"
#include "TestSupport.h"
#include "incidents/Evidence.h"

#include <QCoreApplication>
#include <QElapsedTimer>
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

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

struct Fixture
{
    QString db;
    incidents::EvidenceWindow window;
};

/** A log of `events` events (20 actors; reveals, reads, changes, other actions; 100k accounts), 1 ms apart. */
Fixture prepare(const QString& db, qint64 events, qint64 windowEvents)
{
    test::freshDatabase(db);
    test::migrate(db);
    QElapsedTimer t;
    t.start();
    test::seedAuditEvents(
        db,
        "SELECT 'admin' || (i % 20), (ARRAY['records.reveal', 'records.read', 'records.update', 'account.erase', "
        "'records.refused', 'unlock.ok', 'lock', 'access.grant'])[1 + i % 8], "
        "CASE WHEN i % 8 < 5 THEN (1 + (i::bigint * 7919) % 100000)::text ELSE 'x' END, "
        "jsonb_build_object('n', i) FROM generate_series(1, "
            + std::to_string(events) + ") i ORDER BY i");
    pqxx::connection super(test::superuserProfile(db).connectionString());
    pqxx::nontransaction tx(super);
    tx.exec("VACUUM ANALYZE art32.audit_events");
    const pqxx::result span = tx.exec("SELECT (extract(epoch FROM min(at)) * 1000)::bigint, "
                                      "(extract(epoch FROM max(at)) * 1000)::bigint FROM art32.audit_events");
    const qint64 middle = (span[0][0].as<long long>() + span[0][1].as<long long>()) / 2;
    Fixture f;
    f.db = db;
    f.window.from = QDateTime::fromMSecsSinceEpoch(middle - windowEvents / 2, Qt::UTC);
    f.window.to = QDateTime::fromMSecsSinceEpoch(middle + windowEvents / 2, Qt::UTC);
    out() << QStringLiteral("seeded %1 chained events into %2 in %3 s\n")
                 .arg(events)
                 .arg(db)
                 .arg(double(t.elapsed()) / 1000.0, 0, 'f', 1);
    out().flush();
    return f;
}

struct Timed
{
    double evidenceMs = 0;
    double floorMs = 0;
    double prepareMs = 0; ///< the window as a seq range alone (audit::prepare)
    qint64 scanned = 0;
    qint64 rows = 0;
};

Timed measure(const Fixture& f)
{
    pqxx::connection c(test::superuserProfile(f.db).connectionString());
    std::vector<double> ev, floor, prep;
    Timed r;
    for (int i = 0; i < 5; ++i) {
        QElapsedTimer t;
        t.start();
        auto e = incidents::collectEvidence(c, f.window);
        ev.push_back(double(t.nsecsElapsed()) / 1e6);
        if (!e) {
            out() << "  collectEvidence failed: " << e.error().message << "\n";
            return r;
        }
        r.scanned = e->eventsScanned;
        r.rows = e->rows.size();
        t.restart();
        pqxx::nontransaction tx(c);
        // The peer: fetching the window's events to the client, as an aggregation there would have to.
        tx.exec_params("SELECT seq, at, actor, action, detail, account_id, tbl FROM art32.audit_events "
                       "WHERE seq >= $1 AND seq < $2 ORDER BY seq",
                       static_cast<long long>(e->firstSeq), static_cast<long long>(e->endSeq));
        floor.push_back(double(t.nsecsElapsed()) / 1e6);
        audit::Filter window;
        window.from = f.window.from;
        window.to = f.window.to;
        t.restart();
        (void)audit::prepare(c, window);
        prep.push_back(double(t.nsecsElapsed()) / 1e6);
    }
    r.prepareMs = median(prep);
    r.evidenceMs = median(ev);
    r.floorMs = median(floor);
    return r;
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    if (!test::servicesAvailable()) {
        QTextStream(stderr) << "bench_evidence: run through bench/run (needs the harness's services)\n";
        return 2;
    }
    const qint64 n = qEnvironmentVariableIntValue("ART32_BENCH_EVENTS") > 0
        ? qEnvironmentVariableIntValue("ART32_BENCH_EVENTS")
        : 1000000;
    const qint64 w = qEnvironmentVariableIntValue("ART32_BENCH_WINDOW") > 0
        ? qEnvironmentVariableIntValue("ART32_BENCH_WINDOW")
        : 5000;
    const Fixture small = prepare(QStringLiteral("bench_evidence_small"), 10000, w);
    const Fixture big = prepare(QStringLiteral("bench_evidence_big"), n, w);
    const Timed s = measure(small);
    const Timed b = measure(big);
    out() << QStringLiteral("incident evidence, a window of %1 events, median of 5:\n").arg(w);
    out() << QStringLiteral("  %1 events: %2 ms (%3 events, %4 rows) vs 10k: %5 ms -> %6x (target <= 1.5x)\n")
                 .arg(n)
                 .arg(b.evidenceMs, 0, 'f', 1)
                 .arg(b.scanned)
                 .arg(b.rows)
                 .arg(s.evidenceMs, 0, 'f', 1)
                 .arg(b.evidenceMs / s.evidenceMs, 0, 'f', 3);
    out() << QStringLiteral("  %1 events: evidence %2 ms vs fetching the window's events to the client %3 ms -> %4x\n")
                 .arg(n)
                 .arg(b.evidenceMs, 0, 'f', 1)
                 .arg(b.floorMs, 0, 'f', 1)
                 .arg(b.evidenceMs / b.floorMs, 0, 'f', 2);
    out() << QStringLiteral("  of which the window as a seq range (audit::prepare): %1 ms at %2, %3 ms at 10k\n")
                 .arg(b.prepareMs, 0, 'f', 1)
                 .arg(n)
                 .arg(s.prepareMs, 0, 'f', 1);
    return 0;
}
