// Connect + one query through the store layer, against the peer the unlock target is measured by
// (DESIGN.md §8): `psql` connecting and running one query. Also the keychain read that precedes a connect.
// Needs the harness (bench/run): ART32_TEST_PG* and a Secret Service.
#include "crypto/SecureBytes.h"
#include "keychain/Keychain.h"
#include "store/Database.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QTextStream>
#include <algorithm>
#include <pqxx/transaction>
#include <vector>

namespace {

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

template<typename F> double timeMs(F&& f)
{
    QElapsedTimer t;
    t.start();
    f();
    return static_cast<double>(t.nsecsElapsed()) / 1e6;
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    const int runs
        = qEnvironmentVariableIntValue("ART32_BENCH_RUNS") > 0 ? qEnvironmentVariableIntValue("ART32_BENCH_RUNS") : 25;
    art32::Profile p;
    p.name = QStringLiteral("bench");
    p.host = qEnvironmentVariable("ART32_TEST_PGHOST");
    p.port = qEnvironmentVariable("ART32_TEST_PGPORT");
    p.user = qEnvironmentVariable("ART32_TEST_PGUSER");
    p.database = QStringLiteral("postgres");
    if (p.host.isEmpty()) {
        QTextStream(stderr) << "bench_connect: run through bench/run (needs the harness's PostgreSQL)\n";
        return 2;
    }
    const QString psql = qEnvironmentVariable("ART32_PG_BINDIR") + QStringLiteral("/psql");

    art32::Keychain keychain(QStringLiteral("Art32 Console bench"));
    keychain.writeNow(QStringLiteral("bench"), QByteArrayLiteral("not-a-real-password"));

    std::vector<double> ours, peer, keychainRead;
    for (int i = 0; i < runs; ++i) {
        ours.push_back(timeMs([&] {
            art32::Database db(p);
            db.openWithoutPassword();
            db.run([](pqxx::connection_base& c) {
                pqxx::read_transaction tx(c);
                tx.exec("SELECT 1");
            });
        }));
        peer.push_back(timeMs([&] {
            QProcess proc;
            proc.start(psql,
                       { QStringLiteral("-X"), QStringLiteral("-At"), QStringLiteral("-h"), p.host,
                         QStringLiteral("-p"), p.port, QStringLiteral("-U"), p.user, QStringLiteral("-d"), p.database,
                         QStringLiteral("-c"), QStringLiteral("SELECT 1") });
            proc.waitForFinished();
        }));
        keychainRead.push_back(timeMs([&] {
            auto r = keychain.readNow(QStringLiteral("bench"));
            art32::wipe(r.secret);
        }));
    }
    keychain.removeNow(QStringLiteral("bench"));

    const double o = median(ours), q = median(peer), k = median(keychainRead);
    out << QStringLiteral("connect+query (store layer)      median %1 ms\n").arg(o, 0, 'f', 2);
    out << QStringLiteral("connect+query (psql, the peer)   median %1 ms\n").arg(q, 0, 'f', 2);
    out << QStringLiteral("keychain read (Secret Service)   median %1 ms\n").arg(k, 0, 'f', 2);
    out << QStringLiteral("ratio store/psql                 %1x\n").arg(o / q, 0, 'f', 2);
    out << QStringLiteral("ratio (keychain+store)/psql      %1x   (unlock target later: <= 3x)\n")
               .arg((k + o) / q, 0, 'f', 2);
    out << QStringLiteral("runs %1\n").arg(runs);
    return 0;
}
